//! Render throughput over the corpus: qiao's pipeline (parse + ids + ammonia + plain text)
//! against pulldown-cmark alone on the same input, measured in the same run. Then the 简繁
//! conversion of the Chinese articles: a cold Traditional page renders the article and converts
//! its HTML (`render::script::html`), next to rendering alone, in `BENCH_ROUNDS` (5)
//! interleaved rounds. Target: conversion adds at most 20 % to a cold render, by the mean.
//!
//!     cargo bench --bench render            # corpus from TEST_CORPUS_DIR or ../shared/corpus

use std::time::{Duration, Instant};

use pulldown_cmark::{Options, Parser};

fn corpus() -> Vec<String> {
    let dir = std::env::var("TEST_CORPUS_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
        });
    let mut bodies = Vec::new();
    for file in ["zh-weekly-even.jsonl", "en-blog-even.jsonl"] {
        let text = std::fs::read_to_string(dir.join(file))
            .unwrap_or_else(|e| panic!("{}: {e} (set TEST_CORPUS_DIR)", dir.join(file).display()));
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            bodies.push(v["body_markdown"].as_str().unwrap_or_default().to_owned());
        }
    }
    bodies
}

/// Runs `f` over every body until at least `min` has passed; returns (passes, elapsed).
fn measure(bodies: &[String], min: Duration, mut f: impl FnMut(&str) -> usize) -> (u32, Duration) {
    let start = Instant::now();
    let mut passes = 0;
    let mut sink = 0usize;
    while start.elapsed() < min {
        for b in bodies {
            sink = sink.wrapping_add(f(b));
        }
        passes += 1;
    }
    std::hint::black_box(sink);
    (passes, start.elapsed())
}

fn main() {
    let bodies = corpus();
    let bytes: usize = bodies.iter().map(String::len).sum();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION;
    let min = Duration::from_secs(5);
    // Warm-up pass for both.
    measure(&bodies, Duration::ZERO, |b| {
        qiao::render::markdown::render(b).html.len()
    });
    let (rp, rt) = measure(&bodies, min, |b| {
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, Parser::new_ext(b, options));
        out.len()
    });
    let (qp, qt) = measure(&bodies, min, |b| {
        qiao::render::markdown::render(b).html.len()
    });
    let rate = |passes: u32, t: Duration| {
        let secs = t.as_secs_f64();
        (
            f64::from(passes) * bodies.len() as f64 / secs,
            f64::from(passes) * bytes as f64 / secs / 1e6,
        )
    };
    let (ra, rm) = rate(rp, rt);
    let (qa, qm) = rate(qp, qt);
    println!(
        "corpus: {} articles, {:.1} MB of Markdown",
        bodies.len(),
        bytes as f64 / 1e6
    );
    println!("pulldown-cmark alone: {ra:>8.0} articles/s {rm:>7.1} MB/s");
    println!(
        "qiao render pipeline: {qa:>8.0} articles/s {qm:>7.1} MB/s ({:.0}% of pulldown-cmark alone)",
        100.0 * qa / ra
    );

    for (name, script) in [
        ("zh-Hant", qiao::render::script::Script::Hant),
        ("zh-TW", qiao::render::script::Script::HantTw),
    ] {
        convert_rounds(&bodies, name, script);
    }
}

/// Chinese articles: render alone, against render plus conversion to Traditional characters,
/// interleaved; prints every round, the mean and the best, and the target.
fn convert_rounds(bodies: &[String], name: &str, script: qiao::render::script::Script) {
    let chinese: Vec<String> = bodies
        .iter()
        .filter(|b| {
            b.chars()
                .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
                .count()
                > 50
        })
        .cloned()
        .collect();
    let bytes: usize = chinese.iter().map(String::len).sum();
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let per_round = Duration::from_secs(2);
    // Warm-up: builds the converter's automaton once.
    measure(&chinese, Duration::ZERO, |b| {
        qiao::render::script::html(&qiao::render::markdown::render(b).html, script).len()
    });
    let mut plain = Vec::new();
    let mut converted = Vec::new();
    let mut alone = Vec::new();
    // The stored HTML a page is converted from (an article's `body_html`).
    let rendered: Vec<String> = chinese
        .iter()
        .map(|b| qiao::render::markdown::render(b).html)
        .collect();
    let html_bytes: usize = rendered.iter().map(String::len).sum();
    for _ in 0..rounds {
        let (p, t) = measure(&rendered, per_round, |h| {
            qiao::render::script::html(h, script).len()
        });
        alone.push(f64::from(p) * rendered.len() as f64 / t.as_secs_f64());
        let (p, t) = measure(&chinese, per_round, |b| {
            qiao::render::markdown::render(b).html.len()
        });
        plain.push(f64::from(p) * chinese.len() as f64 / t.as_secs_f64());
        let (p, t) = measure(&chinese, per_round, |b| {
            qiao::render::script::html(&qiao::render::markdown::render(b).html, script).len()
        });
        converted.push(f64::from(p) * chinese.len() as f64 / t.as_secs_f64());
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let best = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    let (pm, cm) = (mean(&plain), mean(&converted));
    let added = 100.0 * (pm / cm - 1.0);
    let mb = |rate: f64| rate * bytes as f64 / chinese.len() as f64 / 1e6;
    println!(
        "Chinese articles: {} ({:.1} MB of Markdown); {rounds} interleaved rounds of 2 s",
        chinese.len(),
        bytes as f64 / 1e6
    );
    println!(
        "render alone:              mean {pm:>7.0} articles/s {:>6.1} MB/s (best {:.0}; rounds {})",
        mb(pm),
        best(&plain),
        plain
            .iter()
            .map(|r| format!("{r:.0}"))
            .collect::<Vec<_>>()
            .join("/")
    );
    println!(
        "render + 简→繁 ({name}): mean {cm:>7.0} articles/s {:>6.1} MB/s (best {:.0}; rounds {})",
        mb(cm),
        best(&converted),
        converted
            .iter()
            .map(|r| format!("{r:.0}"))
            .collect::<Vec<_>>()
            .join("/")
    );
    let am = mean(&alone);
    println!(
        "简→繁 ({name}) alone:     mean {am:>7.0} articles/s {:>6.1} MB/s of HTML (best {:.0}; rounds {})",
        am * html_bytes as f64 / rendered.len() as f64 / 1e6,
        best(&alone),
        alone
            .iter()
            .map(|r| format!("{r:.0}"))
            .collect::<Vec<_>>()
            .join("/")
    );
    println!(
        "conversion to {name} adds {added:.1}% to a cold render (target <= 20%): {}",
        if added <= 20.0 { "PASS" } else { "FAIL" }
    );
}
