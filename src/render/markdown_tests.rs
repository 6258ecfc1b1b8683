use super::*;

/// Vectors from the usual filter-evasion lists that apply to Markdown and HTML.
const XSS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/xss.js></SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>script>alert(1)//<</script>/script>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<img src=\"javascript:alert(1)\">",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[click](jav&#x09;ascript:alert(1))",
    "<a href=\"jav\tascript:alert(1)\">tab</a>",
    "<a href=\"&#x6A;avascript:alert(1)\">entity</a>",
    "<a href=\"  javascript:alert(1)\">spaces</a>",
    "<a href=\"java&#0000010;script:alert(1)\">newline entity</a>",
    "[vb](vbscript:msgbox(1))",
    "<a href=\"VBScript:msgbox(1)\">vb</a>",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>x</text></a></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math href=\"javascript:alert(1)\">CLICKME</math>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<base href=\"https://evil.example/\">",
    "<p style=\"background:url(javascript:alert(1))\">styled</p>",
    "<div style=\"position:fixed;top:0;left:0;width:100%;height:100%\">overlay</div>",
    "<a href=\"https://ok.example\" onclick=\"alert(1)\">click</a>",
    "<body onload=alert(1)>",
    "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
    "<form action=\"https://evil.example\"><input type=password name=p><button>go</button></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<style>@import 'https://evil.example/x.css';</style>",
    "<details open ontoggle=alert(1)>x</details>",
    "<video><source onerror=alert(1)></video>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<template><script>alert(1)</script></template>",
    "<input type=\"text\" autofocus onfocus=alert(1)>",
    "![a](https://x.example/a.png \"\\\" onerror=\\\"alert(1)\")",
    "[a](https://x.example/ \"t\\\" onclick=\\\"alert(1)\")",
    "<a href=\"https://x.example\" style=\"color:red\" id=\"location\">dom clobber</a>",
    "<img name=\"getElementById\" src=\"https://x.example/a.png\">",
    "<!--<img src=x onerror=alert(1)>-->",
    "<table><tr><td style=\"text-align: center; background: url(x)\">cell</td></tr></table>",
    "| a |\n|:-:|\n| <img src=x onerror=alert(1)> |",
    "[^1]\n\n[^1]: <script>alert(1)</script>",
];

const FORBIDDEN_TAGS: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "form", "base", "meta", "link", "svg", "math",
    "template", "noscript", "body", "video", "source", "button", "textarea", "select",
];

fn assert_safe(input: &str, html: &str) {
    let doc = scraper::Html::parse_fragment(html);
    for node in doc.root_element().descendants() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let name = el.name();
        assert!(
            !FORBIDDEN_TAGS.contains(&name),
            "<{name}> survived {input:?}: {html}"
        );
        for (attr, value) in el.attrs() {
            let attr = attr.to_ascii_lowercase();
            assert!(!attr.starts_with("on"), "{attr} survived {input:?}: {html}");
            if attr == "href" || attr == "src" {
                let v: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect();
                let v = v.to_ascii_lowercase();
                // A scheme is a letter then letters, digits, '+', '-' or '.'; anything else
                // before the colon makes the URL relative.
                let scheme = v.split_once(':').map(|(s, _)| s).filter(|s| {
                    s.starts_with(|c: char| c.is_ascii_alphabetic())
                        && s.chars()
                            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                });
                assert!(
                    matches!(scheme, None | Some("http" | "https" | "mailto" | "tel")),
                    "{attr}={value:?} survived {input:?}: {html}"
                );
            }
            if attr == "style" {
                assert!(
                    value.starts_with("text-align: ") && !value.contains(';'),
                    "style {value:?} in {html}"
                );
            }
            if attr == "id" {
                assert!(
                    value.starts_with("h-") || value.starts_with("fn-"),
                    "id {value:?} in {html}"
                );
            }
            if attr == "name" || attr == "srcdoc" || attr == "formaction" {
                panic!("{attr} survived {input:?}: {html}");
            }
        }
    }
    let lower = html.to_ascii_lowercase();
    // Event handlers are checked per attribute above (their text may appear inside an
    // escaped title); these must not appear anywhere.
    for needle in ["<script", "javascript:", "vbscript:", "data:"] {
        assert!(
            !lower.contains(needle),
            "{needle} in output of {input:?}: {html}"
        );
    }
}

#[test]
fn inline_script_text_is_not_plain_text() {
    let r = render(
        "a <script>var x = 1;</script> b\n\nc <style>p{}</style>\n\nnext <script>never closed\n\nlast",
    );
    assert_eq!(r.text, "a b\n\nc\n\nnext\n\nlast");
}

#[test]
fn filter_evasion_vectors_never_reach_the_stored_html() {
    for vector in XSS {
        // Alone, inside a paragraph, and inside a list item.
        for input in [
            vector.to_string(),
            format!("Intro {vector} outro"),
            format!("- item\n\n  {vector}"),
        ] {
            let out = render(&input);
            assert_safe(&input, &out.html);
        }
    }
}

#[test]
fn the_markdown_features_are_rendered() {
    let md = "# 每周分享\n\nSome *em* and ~~gone~~ \"quotes\" -- dash...\n\n\
              | left | centre |\n|:-----|:------:|\n| a | b |\n\n\
              - [x] done\n- [ ] todo\n\nA note[^n].\n\n[^n]: The note.\n\n\
              ```rust\nfn main() {}\n```\n\n## 每周分享\n";
    let html = render(md).html;
    assert!(html.contains("<h1 id=\"h-每周分享\">"), "{html}");
    assert!(
        html.contains("<h2 id=\"h-每周分享-2\">"),
        "unique ids: {html}"
    );
    assert!(
        html.contains("<em>em</em>") && html.contains("<del>gone</del>"),
        "{html}"
    );
    assert!(
        html.contains("“quotes”") && html.contains("–") && html.contains("…"),
        "smart punctuation: {html}"
    );
    assert!(
        html.contains("<td style=\"text-align: center\">b</td>"),
        "{html}"
    );
    assert!(
        html.contains("<input disabled=\"\" type=\"checkbox\" checked=\"\">"),
        "{html}"
    );
    assert!(html.contains("href=\"#fn-1\""), "{html}");
    assert!(html.contains("id=\"fn-1\""), "{html}");
    assert!(html.contains("<code class=\"language-rust\">"), "{html}");
}

#[test]
fn links_get_rel_and_images_lazy_loading() {
    let html =
        render("[site](https://example.org) ![猫](https://example.org/cat.jpg \"A cat\")").html;
    assert!(
        html.contains("<a href=\"https://example.org\" rel=\"noopener nofollow ugc\">site</a>"),
        "{html}"
    );
    assert!(
        html.contains("alt=\"猫\"")
            && html.contains("loading=\"lazy\"")
            && html.contains("title=\"A cat\""),
        "{html}"
    );
}

#[test]
fn plain_text_leaves_out_markup_html_and_images() {
    let r = render(
        "# Title\n\nHello **world** `code`.\n\n<div>raw</div>\n\n![alt](x.png)\n\n- one\n- two\n",
    );
    assert_eq!(r.text, "Title\n\nHello world code.\n\none\n\ntwo");
}

#[test]
fn odd_input_never_panics() {
    let inputs = [
        String::new(),
        "[".repeat(10_000),
        "> ".repeat(5_000),
        "*".repeat(10_000),
        "|".repeat(1_000) + "\n" + &"-|".repeat(500),
        "\u{0}\u{FFFD}\u{202E}".repeat(100),
        "[^".repeat(1000),
        "# ".repeat(1000),
    ];
    for input in inputs {
        let _ = render(&input);
    }
}

#[test]
fn every_corpus_article_renders() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let mut n = 0;
    for file in ["zh-weekly-even.jsonl", "en-blog-even.jsonl"] {
        let text = std::fs::read_to_string(dir.join(file)).expect("corpus file");
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("corpus line is JSON");
            let md = v["body_markdown"].as_str().expect("body");
            let out = render(md);
            if !md.trim().is_empty() {
                assert!(!out.html.is_empty() && !out.text.is_empty(), "{}", v["id"]);
            }
            assert!(
                !out.html.to_ascii_lowercase().contains("<script"),
                "{}",
                v["id"]
            );
            n += 1;
        }
    }
    assert!(n >= 580, "{n} articles");
}

/// `TEST_CORPUS_DIR`, or `../shared/corpus` next to the checkout.
/// The corpus, if it is here. Under CI (`CI=true`) a missing corpus fails the test instead of
/// skipping it, so a broken checkout cannot pass by testing nothing.
pub(crate) fn corpus_dir() -> Option<std::path::PathBuf> {
    let dir = match std::env::var("TEST_CORPUS_DIR") {
        Ok(dir) => std::path::PathBuf::from(dir),
        Err(_) => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    };
    if dir.join("zh-weekly-even.jsonl").exists() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "the corpus is missing at {} (set TEST_CORPUS_DIR)",
        dir.display()
    );
    eprintln!(
        "SKIPPED: no corpus at {} (set TEST_CORPUS_DIR)",
        dir.display()
    );
    None
}

/// ammonia's own URL rewriting: the oracle [`resolve_urls`] is checked against.
fn absolutize(html: &str, base: &url::Url) -> String {
    let mut b = configured();
    b.url_relative(ammonia::UrlRelative::RewriteWithBase(base.clone()));
    b.clean(html).to_string()
}

#[test]
fn relative_urls_are_resolved_and_nothing_else_changes() {
    let out = render(
        "![Lantern](/media/abc/lantern.jpg \"Lit\") and [another](/@acme/other), \
         [a sibling](sibling), [away](https://example.com/x?a=1&b=2) and a note[^n].\n\n\
         [^n]: The note.\n\n| a |\n|:-:|\n| b |\n\n- [x] done\n",
    );
    let base = url::Url::parse("https://news.example.org/@acme/spring").expect("url");
    let abs = resolve_urls(&out.html, &base);
    assert_eq!(
        abs,
        absolutize(&out.html, &base),
        "same as the sanitizer's rewriting"
    );
    for expected in [
        "src=\"https://news.example.org/media/abc/lantern.jpg\"",
        "href=\"https://news.example.org/@acme/other\"",
        "href=\"https://news.example.org/@acme/sibling\"",
        "href=\"https://example.com/x?a=1&amp;b=2\"",
        "href=\"https://news.example.org/@acme/spring#fn-1\"",
        "loading=\"lazy\"",
        "title=\"Lit\"",
        "style=\"text-align: center\"",
        "type=\"checkbox\"",
    ] {
        assert!(abs.contains(expected), "{expected} in {abs}");
    }
    let back = abs
        .replace("https://news.example.org/@acme/spring#", "#")
        .replace("https://news.example.org/@acme/sibling", "sibling")
        .replace("https://news.example.org/", "/");
    assert_eq!(back, out.html, "only the URLs changed");
}

#[test]
fn resolving_urls_matches_the_sanitizer_and_leaves_no_relative_url_in_the_corpus() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let base = url::Url::parse("https://news.example.org/@acme/a").expect("url");
    for file in ["zh-weekly-even.jsonl", "en-blog-even.jsonl"] {
        let text = std::fs::read_to_string(dir.join(file)).expect("corpus file");
        for line in text.lines().take(100) {
            let v: serde_json::Value = serde_json::from_str(line).expect("corpus line is JSON");
            let html = render(v["body_markdown"].as_str().expect("body")).html;
            let abs = resolve_urls(&html, &base);
            assert_eq!(abs, absolutize(&html, &base), "{}", v["id"]);
            for relative in ["src=\"/", "href=\"/", "href=\"#"] {
                assert!(!abs.contains(relative), "{relative} in {}", v["id"]);
            }
            if !html.contains("src=\"") && !html.contains("href=\"") {
                assert_eq!(abs, html, "{}", v["id"]);
            }
        }
    }
}

#[test]
fn protocol_relative_image_sources_become_https() {
    let html =
        render("![a](//cdn.example.org/a.png)\n\n<img src=\"//cdn.example.org/b.png\">").html;
    assert!(
        html.contains("src=\"https://cdn.example.org/a.png\""),
        "{html}"
    );
    assert!(
        html.contains("src=\"https://cdn.example.org/b.png\""),
        "{html}"
    );
    assert!(!html.contains("\"//"), "{html}");
}

/// The deepest element nesting in sanitized HTML (void elements do not nest).
fn max_depth(html: &str) -> usize {
    const VOID: &[&str] = &["br", "hr", "img", "input", "wbr"];
    let (mut depth, mut max) = (0usize, 0usize);
    let mut rest = html;
    while let Some(pos) = rest.find('<') {
        rest = &rest[pos + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name.is_empty() || VOID.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

#[test]
fn every_pathological_shape_renders_with_bounded_nesting() {
    let shapes = crate::render::pathological::shapes(32 * 1024);
    assert!(shapes.len() >= 25, "the shapes are there");
    for (name, body) in shapes {
        let r = render(&body);
        let depth = max_depth(&r.html);
        assert!(
            depth <= 2 * MAX_NESTING + 4,
            "{name}: nesting {depth} in the output"
        );
    }
}

#[test]
fn nesting_past_the_limit_keeps_the_content() {
    let deep = format!("{} deep", ">".repeat(500));
    let html = render(&deep).html;
    assert_eq!(html.matches("<blockquote>").count(), MAX_NESTING, "{html}");
    assert!(html.contains("deep"));
    let html = render(&format!("{}inside", "<div>".repeat(100))).html;
    assert!(html.matches("<div>").count() <= MAX_NESTING, "{html}");
    assert!(
        html.contains("inside") && html.contains("&lt;div&gt;"),
        "{html}"
    );
    // Shallow structure is untouched.
    let html = render("> > quoted\n\n<div><div>ok</div></div>").html;
    assert_eq!(html.matches("<blockquote>").count(), 2, "{html}");
    assert!(html.contains("<div><div>ok</div></div>"), "{html}");
}

#[test]
fn long_runs_of_ampersands_are_split_and_ordinary_text_is_not() {
    let html = render(&"&#".repeat(10_000)).html;
    assert!(html.contains("<span></span>"), "split");
    assert_eq!(
        html.replace("<span></span>", ""),
        format!("<p>{}</p>\n", "&amp;#".repeat(10_000))
    );
    let html = render("Tom & Jerry & friends: R&D, Q&A.").html;
    assert_eq!(
        html,
        "<p>Tom &amp; Jerry &amp; friends: R&amp;D, Q&amp;A.</p>\n"
    );
    // An attribute full of ampersands is dropped, the link text stays.
    let html = render(&format!("[x](https://e.org/?{})", "a&".repeat(100))).html;
    assert!(!html.contains("href"), "{html}");
    assert!(html.contains(">x</a>"), "{html}");
}

#[test]
fn resolving_urls_agrees_with_the_sanitizer_on_tricky_markup() {
    let base = url::Url::parse("https://news.example.org/@acme/spring").expect("url");
    for md in [
        "Write `<a href=\"/x\">` to link; the text href=\"/y\" is not a link.",
        "<blockquote cite=\"/source?a=1&amp;b=2\">quoted</blockquote>",
        "[q](/search?q=%22x%22&page=2 \"a \\\"title\\\" > here\")",
        "<a href=\"rel/path\" title='it says \"hi\"'>x</a> <img src=\"pic.png\" alt=\"a > b\">",
        "[frag](#h-intro) [up](../up) [empty]() [mail](mailto:a@b.org)",
        "<p>a&nbsp;<a href=\"/a&nbsp;b\">nb</a></p>",
        // An attribute value that ends like the start of a URL attribute must not be read as
        // one (this once let the feed's copy break out of the tag).
        "<img src=\"/nope.png\" title=\"x src=\"> onerror=alert(1) z",
        "<a href=\"/a\" title=\" href=\">t</a> after",
        &format!(
            "![{}](/pic.png \"t src=\") onerror=alert(1)",
            "&".repeat(70)
        ),
        "[lt](/search?q=%3Cb%3E) <a href=\"/x?a=<b>\">raw</a>",
    ] {
        let html = render(md).html;
        assert_eq!(
            resolve_urls(&html, &base),
            absolutize(&html, &base),
            "{md}\n{html}"
        );
    }
}

#[test]
fn cells_past_the_widest_table_join_the_last_one() {
    let n = MAX_TABLE_COLUMNS + 6;
    let head: String = (1..=n).map(|i| format!("|h{i}")).collect();
    let rule = "|-".repeat(n);
    let row: String = (1..=n).map(|i| format!("|c{i}")).collect();
    let html = render(&format!(
        "{head}|\n{rule}|\n{row}|\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    ))
    .html;
    let wide = &html[..html.find("</table>").expect("a table")];
    assert_eq!(wide.matches("<th>").count(), MAX_TABLE_COLUMNS, "{wide}");
    assert_eq!(wide.matches("<td>").count(), MAX_TABLE_COLUMNS, "{wide}");
    assert!(
        wide.contains(&format!("c{MAX_TABLE_COLUMNS} c{}", MAX_TABLE_COLUMNS + 1)),
        "{wide}"
    );
    assert!(wide.contains(&format!("c{n}</td></tr>")), "{wide}");
    assert!(
        html.contains("<td>1</td><td>2</td>"),
        "small tables untouched: {html}"
    );
}
