//! Bodies built to make a Markdown renderer slow (`qiao::render::pathological`), at the size
//! limit: each must render, as a save renders it, in under 200 ms by the mean of interleaved
//! rounds. Prints mean and best next to pulldown-cmark alone on the same input (the reference,
//! measured in the same rounds).
//!
//!     cargo bench --bench pathological [NAME]       # BENCH_SIZE=bytes, BENCH_ROUNDS=n

use std::time::{Duration, Instant};

use pulldown_cmark::{Options, Parser};

fn once(body: &str, f: impl Fn(&str) -> usize) -> Duration {
    let start = Instant::now();
    std::hint::black_box(f(body));
    start.elapsed()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    // BENCH_SIZE makes smaller bodies, to see how a shape's time grows.
    let size = std::env::var("BENCH_SIZE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(qiao::domain::article_fields::MAX_BODY_BYTES);
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION;
    let only = std::env::args().nth(1).filter(|a| !a.starts_with('-'));
    let shapes: Vec<(&str, String)> = qiao::render::pathological::shapes(size)
        .into_iter()
        .filter(|(name, _)| only.as_deref().is_none_or(|o| name.contains(o)))
        .collect();
    // Rounds interleave the shapes and the reference, so a noisy moment hits all alike.
    let mut ours = vec![Vec::new(); shapes.len()];
    let mut reference = vec![Vec::new(); shapes.len()];
    for _ in 0..rounds {
        for (i, (_, body)) in shapes.iter().enumerate() {
            ours[i].push(once(body, |b| qiao::render::body::render(b, "").html.len()));
            reference[i].push(once(body, |b| {
                let mut out = String::new();
                pulldown_cmark::html::push_html(&mut out, Parser::new_ext(b, options));
                out.len()
            }));
        }
    }
    println!(
        "{:<30} {:>10} {:>10} {:>16}  target: mean < 200 ms ({rounds} rounds)",
        format!("shape ({size} bytes)"),
        "qiao mean",
        "best",
        "pulldown-cmark"
    );
    let (mut worst, mut failed) = (0f64, 0);
    for (i, (name, _)) in shapes.iter().enumerate() {
        let mean = ms(ours[i].iter().sum::<Duration>()) / rounds as f64;
        let best = ours[i].iter().min().copied().map_or(0.0, ms);
        let reference = ms(reference[i].iter().sum::<Duration>()) / rounds as f64;
        worst = worst.max(mean);
        let verdict = if mean < 200.0 { "PASS" } else { "FAIL" };
        failed += usize::from(mean >= 200.0);
        println!("{name:<30} {mean:>7.1} ms {best:>7.1} ms {reference:>13.1} ms  {verdict}");
    }
    println!("worst mean: {worst:.1} ms; {failed} shape(s) over the target");
}
