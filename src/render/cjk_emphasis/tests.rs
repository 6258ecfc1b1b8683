//! The amendment's cases (tats-u/markdown-cjk-friendly), written for Chinese, through the
//! whole renderer: what an editor types and what the page shows.

use crate::render::markdown::render;

/// (Markdown, the paragraph's HTML).
const CASES: &[(&str, &str)] = &[
    // The issue's own case: closing `**` between `）` and a letter.
    (
        "**本周六（12月6日）**中文学校",
        "<strong>本周六（12月6日）</strong>中文学校",
    ),
    (
        "**该星号不会被识别，而是直接显示。**这是因为它没有被识别为强调符号。",
        "<strong>该星号不会被识别，而是直接显示。</strong>这是因为它没有被识别为强调符号。",
    ),
    // Opening `**` after a letter, before full-width punctuation.
    (
        "报名请看**「活动须知」**的第二条",
        "报名请看<strong>「活动须知」</strong>的第二条",
    ),
    (
        "地点：**（北约克）华人中心**",
        "地点：<strong>（北约克）华人中心</strong>",
    ),
    ("*斜体（注）*后文", "<em>斜体（注）</em>后文"),
    (
        "***粗斜体。***后文",
        "<em><strong>粗斜体。</strong></em>后文",
    ),
    // Non-CJK punctuation inside, a CJK character outside (the amendment's 2bγ).
    ("他说**“你好”**就走了", "他说<strong>“你好”</strong>就走了"),
    ("税后**¥10,000**到手", "税后<strong>¥10,000</strong>到手"),
    (
        "**C#**和**F#**都在**「.NET」**平台上运行",
        "<strong>C#</strong>和<strong>F#</strong>都在<strong>「.NET」</strong>平台上运行",
    ),
    ("**Note:**请提前报名", "<strong>Note:</strong>请提前报名"),
    // Code and links inside the emphasis.
    (
        "我可以强调**这个`code`**吗",
        "我可以强调<strong>这个<code>code</code></strong>吗",
    ),
    (
        "先看**`qiao serve`。**再说",
        "先看<strong><code>qiao serve</code>。</strong>再说",
    ),
    // Cases CommonMark already gets right stay right.
    ("正解是**④**。", "正解是<strong>④</strong>。"),
    (
        "**中文**和**English**",
        "<strong>中文</strong>和<strong>English</strong>",
    ),
    ("Plain **bold** text.", "Plain <strong>bold</strong> text."),
    // Not emphasis: spaces inside, or no partner.
    ("a ** b ** c", "a ** b ** c"),
    ("只有一个**星号。", "只有一个**星号。"),
    ("转义的\\*\\*不是强调\\*\\*。", "转义的**不是强调**。"),
];

#[test]
fn the_amendments_cases_render_as_chinese_writers_mean_them() {
    let mut failures = Vec::new();
    for (markdown, want) in CASES {
        let got = render(markdown).html;
        let want = format!("<p>{want}</p>\n");
        if got != want {
            failures.push(format!("{markdown}\n  got  {got:?}\n  want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(CASES.len() >= 15);
}

#[test]
fn the_stand_ins_never_reach_the_page_the_summary_or_code() {
    let markdown = "## **标题（一）**说明\n\n`**（原样）**中` 和\n\n```\n**（代码）**中\n```\n\n\
                    [**链接（一）**文字](https://example.org/a**（b）**c)";
    let out = render(markdown);
    for s in [&out.html, &out.text] {
        assert!(!s.contains(['\u{2060}', '\u{2E2E}']), "{s}");
    }
    assert!(
        out.html.contains("<code>**（原样）**中</code>"),
        "{}",
        out.html
    );
    assert!(
        out.html.contains("**（代码）**中\n</code></pre>"),
        "{}",
        out.html
    );
    assert!(
        out.html.contains("<strong>标题（一）</strong>说明"),
        "{}",
        out.html
    );
    assert!(
        out.html
            .contains("https://example.org/a**%EF%BC%88b%EF%BC%89**c")
            || out.html.contains("https://example.org/a**（b）**c"),
        "{}",
        out.html
    );
    assert!(out.text.contains("标题（一）说明"), "{}", out.text);
}

#[test]
fn a_text_that_holds_a_stand_in_is_parsed_as_it_is() {
    // Someone really typed ⸮: nothing is inserted, and nothing of theirs is removed.
    let out = render("真的⸮**（注）**中");
    assert!(out.html.contains('⸮'), "{}", out.html);
    assert_eq!(super::prepare("普通文字，没有星号。"), None);
    assert_eq!(super::prepare("Plain **bold** text."), None);
}

#[test]
fn plain_commonmark_gets_these_cases_wrong() {
    // Without the stand-ins the table would check nothing: CommonMark shows the asterisks.
    let mut wrong = 0;
    for (markdown, want) in CASES {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(markdown));
        if html != format!("<p>{want}</p>\n") {
            wrong += 1;
        }
    }
    assert!(
        wrong >= 9,
        "only {wrong} cases differ from plain CommonMark"
    );
}
