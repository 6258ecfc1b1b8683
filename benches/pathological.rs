//! Bodies built to make a Markdown renderer slow, at the size limit (1 MB): each must render in
//! well under the 200 ms the editor's preview and save allow. Prints the time of each shape
//! next to pulldown-cmark alone on the same input (the reference, measured in the same run).
//!
//!     cargo bench --bench pathological

use std::time::{Duration, Instant};

use pulldown_cmark::{Options, Parser};

/// The shapes, by name, each about `MAX_BODY_BYTES` long.
pub fn shapes(size: usize) -> Vec<(&'static str, String)> {
    let rep = |unit: &str| unit.repeat(size / unit.len());
    vec![
        ("deep quotes", rep(">")),
        ("deep quotes, spaced", rep("> ")),
        ("quote per line, deepening", {
            let mut s = String::new();
            let mut depth = 1;
            while s.len() < size {
                s.push_str(&">".repeat(depth));
                s.push_str(" a\n");
                depth += 1;
            }
            s
        }),
        ("nested lists, one line", rep("- ")),
        ("nested ordered lists", rep("1. ")),
        ("nested lists, indented lines", {
            let mut s = String::new();
            let mut depth = 0;
            while s.len() < size {
                s.push_str(&"  ".repeat(depth));
                s.push_str("- a\n");
                depth += 1;
            }
            s
        }),
        ("emphasis run", rep("*a")),
        ("strong and emphasis", rep("**_")),
        ("underscores", rep("_a ")),
        ("unclosed brackets", rep("[")),
        ("unclosed image brackets", rep("![")),
        ("brackets and parens", rep("[a](")),
        ("nested links", rep("[a")),
        ("backtick runs", {
            let mut s = String::new();
            let mut n = 1;
            while s.len() < size {
                s.push_str(&"`".repeat(n));
                s.push(' ');
                n += 1;
            }
            s
        }),
        ("nested html", rep("<div>")),
        ("nested html inline", rep("<span>")),
        ("nested html, quotes", rep("<blockquote>")),
        ("unclosed html comment", format!("<!--{}", rep("a"))),
        ("table, wide", format!("{}\n{}\n", rep("|a"), rep("|-"))),
        ("footnote references", rep("[^a]")),
        ("link reference definitions", rep("[a]: b\n")),
        ("entities", rep("&#")),
        ("strikethrough", rep("~~a")),
        ("headings", rep("# a\n")),
    ]
}

fn time(body: &str, f: impl Fn(&str) -> usize) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        std::hint::black_box(f(body));
        best = best.min(start.elapsed());
    }
    best
}

fn main() {
    let size = qiao::domain::article_fields::MAX_BODY_BYTES;
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION;
    let only = std::env::args().nth(1).filter(|a| !a.starts_with('-'));
    println!(
        "{:<30} {:>12} {:>16}  target < 200 ms",
        "shape (1 MB)", "qiao", "pulldown-cmark"
    );
    let mut worst = Duration::ZERO;
    for (name, body) in shapes(size) {
        if only.as_deref().is_some_and(|o| !name.contains(o)) {
            continue;
        }
        let ours = time(&body, |b| qiao::render::markdown::render(b).html.len());
        let reference = time(&body, |b| {
            let mut out = String::new();
            pulldown_cmark::html::push_html(&mut out, Parser::new_ext(b, options));
            out.len()
        });
        worst = worst.max(ours);
        let verdict = if ours < Duration::from_millis(200) {
            "PASS"
        } else {
            "FAIL"
        };
        println!(
            "{name:<30} {:>9.1} ms {:>13.1} ms  {verdict}",
            ours.as_secs_f64() * 1e3,
            reference.as_secs_f64() * 1e3
        );
    }
    println!("worst: {:.1} ms", worst.as_secs_f64() * 1e3);
}
