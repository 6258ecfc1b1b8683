//! Markdown bodies built to make a renderer slow: deep nesting of every kind, long runs of
//! delimiters, unclosed brackets, nested raw HTML, dense entities. `benches/pathological.rs`
//! times each at the size limit; the renderer's tests check that each renders with bounded
//! nesting.

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
        (
            "nested html, one block",
            format!("<div>\n{}", rep("<div><span>")),
        ),
        ("nested html, lists", rep("<ul><li>")),
        ("nested html, tables", rep("<table><tr><td>")),
        ("misnested formatting", rep("<b><i>a</b></i>")),
        ("unclosed anchors", rep("<a href=x>")),
        ("nested quotes and lists", rep("> - ")),
        ("unclosed html comment", format!("<!--{}", rep("a"))),
        ("table, wide", format!("{}\n{}\n", rep("|a"), rep("|-"))),
        ("footnote references", rep("[^a]")),
        ("link reference definitions", rep("[a]: b\n")),
        ("entities", rep("&#")),
        ("strikethrough", rep("~~a")),
        ("headings", rep("# a\n")),
        ("paragraphs", rep("a\n\n")),
        ("table, tall", format!("|a|\n|-|\n{}", rep("|a|\n"))),
        ("hard breaks", rep("a\\\n")),
        ("inline code", rep("`a`")),
        ("autolinks", rep("<http://a>")),
        ("images", rep("![](a)")),
        ("html entities in text", rep("&amp;")),
    ]
}
