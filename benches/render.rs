//! Render throughput over the corpus: qiao's pipeline (parse + ids + ammonia + plain text)
//! against pulldown-cmark alone on the same input, measured in the same run. Then the 简繁
//! conversion of the Chinese articles: a cold Traditional page renders the article and converts
//! its HTML (`render::script::html`); each article is rendered and converted in turn, both
//! timed, in `BENCH_ROUNDS` (5) rounds. Target: conversion adds at most 20 % to a cold render,
//! by the mean of the rounds.
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

/// Chinese articles: each rendered, then its HTML converted to Traditional characters (what a
/// cold Traditional page adds), the two timed one after the other article by article, so that
/// the machine's ups and downs fall on both alike. `BENCH_ROUNDS` rounds over the corpus;
/// prints every round, the mean and the best, and the target.
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
    // Warm-up: builds the converter's table once.
    let html_bytes: usize = chinese
        .iter()
        .map(|b| {
            let html = qiao::render::markdown::render(b).html;
            qiao::render::script::html(&html, script);
            html.len()
        })
        .sum();
    // Articles per second: rendering, converting, and the two together, per round.
    let (mut render, mut convert, mut both) = (Vec::new(), Vec::new(), Vec::new());
    let mut sink = 0usize;
    for _ in 0..rounds {
        let (mut rendering, mut converting, mut n) = (Duration::ZERO, Duration::ZERO, 0u32);
        let start = Instant::now();
        while start.elapsed() < per_round {
            for b in &chinese {
                let t0 = Instant::now();
                let html = qiao::render::markdown::render(b).html;
                let t1 = Instant::now();
                sink = sink.wrapping_add(qiao::render::script::html(&html, script).len());
                let t2 = Instant::now();
                rendering += t1 - t0;
                converting += t2 - t1;
            }
            n += 1;
        }
        let articles = f64::from(n) * chinese.len() as f64;
        render.push(articles / rendering.as_secs_f64());
        convert.push(articles / converting.as_secs_f64());
        both.push(articles / (rendering + converting).as_secs_f64());
    }
    std::hint::black_box(sink);
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let best = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    let list = |v: &[f64]| {
        v.iter()
            .map(|r| format!("{r:.0}"))
            .collect::<Vec<_>>()
            .join("/")
    };
    // What conversion adds to a render, per round: render time / conversion time.
    let added: Vec<f64> = render
        .iter()
        .zip(&convert)
        .map(|(r, c)| 100.0 * r / c)
        .collect();
    let per_article = |bytes: usize| bytes as f64 / chinese.len() as f64 / 1e6;
    println!(
        "Chinese articles: {} ({:.1} MB of Markdown, {:.1} MB of HTML); {rounds} rounds of 2 s, \
         each article rendered then converted",
        chinese.len(),
        bytes as f64 / 1e6,
        html_bytes as f64 / 1e6
    );
    let (rm, cm, bm) = (mean(&render), mean(&convert), mean(&both));
    println!(
        "render alone:              mean {rm:>7.0} articles/s {:>6.1} MB/s of Markdown (best {:.0}; rounds {})",
        rm * per_article(bytes),
        best(&render),
        list(&render)
    );
    println!(
        "简→繁 ({name:<7}) alone:     mean {cm:>7.0} articles/s {:>6.1} MB/s of HTML (best {:.0}; rounds {})",
        cm * per_article(html_bytes),
        best(&convert),
        list(&convert)
    );
    println!(
        "render + 简→繁 ({name:<7}):  mean {bm:>7.0} articles/s (best {:.0}; rounds {})",
        best(&both),
        list(&both)
    );
    let am = mean(&added);
    println!(
        "conversion to {name} adds {am:.1}% to a cold render (best round {:.1}%; rounds {}; target <= 20%): {}",
        added.iter().copied().fold(f64::MAX, f64::min),
        added
            .iter()
            .map(|a| format!("{a:.1}"))
            .collect::<Vec<_>>()
            .join("/"),
        if am <= 20.0 { "PASS" } else { "FAIL" }
    );
}
