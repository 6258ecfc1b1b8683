//! Render throughput over the corpus: qiao's pipeline (parse + ids + ammonia + plain text)
//! against pulldown-cmark alone on the same input, measured in the same run.
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
}
