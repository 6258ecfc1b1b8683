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
        eprintln!(
            "SKIPPED every_corpus_article_renders: ../shared/corpus not found (set TEST_CORPUS_DIR)"
        );
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
pub(crate) fn corpus_dir() -> Option<std::path::PathBuf> {
    if let Ok(dir) = std::env::var("TEST_CORPUS_DIR") {
        return Some(dir.into());
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dir.exists().then_some(dir)
}

#[test]
fn absolutize_resolves_relative_urls_and_changes_nothing_else() {
    let out = render(
        "![Lantern](/media/abc/lantern.jpg \"Lit\") and [another](/@acme/other), \
         [a sibling](sibling), [away](https://example.com/x?a=1&b=2) and a note[^n].\n\n\
         [^n]: The note.\n\n| a |\n|:-:|\n| b |\n\n- [x] done\n",
    );
    let base = url::Url::parse("https://news.example.org/@acme/spring").expect("url");
    let abs = absolutize(&out.html, &base);
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
fn absolutize_leaves_no_relative_url_in_the_corpus() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let base = url::Url::parse("https://news.example.org/@acme/a").expect("url");
    for file in ["zh-weekly-even.jsonl", "en-blog-even.jsonl"] {
        let text = std::fs::read_to_string(dir.join(file)).expect("corpus file");
        for line in text.lines().take(100) {
            let v: serde_json::Value = serde_json::from_str(line).expect("corpus line is JSON");
            let html = render(v["body_markdown"].as_str().expect("body")).html;
            let abs = absolutize(&html, &base);
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
