use super::*;

/// (Simplified, Traditional): words whose conversion needs the word, not the character
/// (头发 vs 发展, 干净 vs 干部, 一只 vs 只有), checked both ways.
const PHRASES: &[(&str, &str)] = &[
    ("发展", "發展"),
    ("头发", "頭髮"),
    ("理发", "理髮"),
    ("出发", "出發"),
    ("干净", "乾淨"),
    ("干部", "幹部"),
    ("面条", "麵條"),
    ("见面", "見面"),
    ("吃面", "吃麵"),
    ("后来", "後來"),
    ("皇后", "皇后"),
    ("丰富", "豐富"),
    ("复杂", "複雜"),
    ("复习", "複習"),
    ("答复", "答覆"),
    ("历史", "歷史"),
    ("日历", "日曆"),
    ("钟表", "鐘錶"),
    ("时钟", "時鐘"),
    ("一只", "一隻"),
    ("只有", "只有"),
    ("系统", "系統"),
    ("关系", "關係"),
    ("联系", "聯繫"),
    ("准备", "準備"),
    ("标准", "標準"),
    ("周末", "周末"),
    ("制造", "製造"),
    ("制度", "制度"),
    ("松树", "松樹"),
    ("轻松", "輕鬆"),
    ("冲突", "衝突"),
    ("冲洗", "沖洗"),
    ("范围", "範圍"),
    ("模范", "模範"),
    ("游泳", "游泳"),
    ("旅游", "旅遊"),
    ("征求", "徵求"),
    ("特征", "特徵"),
    ("汇报", "匯報"),
    ("词汇", "詞彙"),
    ("团结", "團結"),
    ("卷起", "捲起"),
    ("试卷", "試卷"),
    ("几乎", "幾乎"),
    ("茶几", "茶几"),
    ("了解", "了解"),
    ("斗争", "鬥爭"),
    ("北斗", "北斗"),
    ("志愿", "志願"),
    ("杂志", "雜誌"),
    ("人才", "人才"),
    ("借口", "藉口"),
    ("山谷", "山谷"),
    ("中秋节快乐", "中秋節快樂"),
    ("华人协会", "華人協會"),
];

#[test]
fn words_convert_both_ways() {
    assert!(PHRASES.len() >= 50);
    for (hans, hant) in PHRASES {
        assert_eq!(text(hans, Script::Hant), *hant, "{hans} → Traditional");
        assert_eq!(text(hant, Script::Hans), *hans, "{hant} → Simplified");
        // Already in the target script: unchanged.
        assert_eq!(text(hant, Script::Hant), *hant, "{hant} stays");
        assert_eq!(text(hans, Script::Hans), *hans, "{hans} stays");
    }
}

#[test]
fn a_regional_variant_uses_its_own_words() {
    assert_eq!(text("软件", Script::Hant), "軟件");
    assert_eq!(text("软件", Script::HantTw), "軟體");
    assert_eq!(text("出租车", Script::HantTw), "計程車");
    assert_eq!(text("鼠标", Script::HantTw), "滑鼠");
    assert_eq!(text("打印机", Script::HantTw), "印表機");
    assert_eq!(text("头发", Script::HantHk), "頭髮");
}

#[test]
fn markup_code_and_addresses_are_never_converted() {
    let page = "<h2 id=\"发展\">发展历史</h2>\n<p>请看 <a href=\"https://example.org/发展\">发展</a>：\
                https://zh.wikipedia.org/wiki/头发 或 www.example.org/后来。</p>\n\
                <pre><code class=\"language-python\">print(\"头发\")\n</code></pre>\n\
                <p>行内 <code>干部 = 1</code> 后面</p>";
    let out = html(page, Script::Hant);
    assert_eq!(
        out,
        "<h2 id=\"发展\">發展歷史</h2>\n<p>請看 <a href=\"https://example.org/发展\">發展</a>：\
         https://zh.wikipedia.org/wiki/头发 或 www.example.org/后来。</p>\n\
         <pre><code class=\"language-python\">print(\"头发\")\n</code></pre>\n\
         <p>行內 <code>干部 = 1</code> 後面</p>"
    );
}

#[test]
fn the_traditional_page_differs_only_where_it_should() {
    // English, numbers and punctuation pass through untouched, character for character.
    let mixed = "<p>Mid-Autumn 2026 · 中秋节 on 10/6, “月饼” & tea.</p>";
    let out = html(mixed, Script::Hant);
    assert_eq!(
        out,
        "<p>Mid-Autumn 2026 · 中秋節 on 10/6, “月餅” & tea.</p>"
    );
    let english = "<p>Nothing Chinese here: <a href=\"/x\">a link</a>.</p>";
    assert_eq!(html(english, Script::Hant), english);
    // Round trip on the corpus-like text returns the original words.
    let article = "<p>今年我们在社区中心举办灯会，欢迎大家携家人朋友一起参加。</p>";
    let there = html(article, Script::Hant);
    assert_eq!(
        there,
        "<p>今年我們在社區中心舉辦燈會，歡迎大家攜家人朋友一起參加。</p>"
    );
    assert_eq!(html(&there, Script::Hans), article);
}

#[test]
fn unbalanced_or_odd_markup_does_not_stop_the_conversion() {
    assert_eq!(html("发展 < 头发", Script::Hant), "發展 < 頭髮");
    assert_eq!(html("</code>头发<code>", Script::Hant), "</code>頭髮<code>");
    assert_eq!(html("<br/>头发", Script::Hant), "<br/>頭髮");
    assert_eq!(html("", Script::Hant), "");
    // `>` and `<code>` inside an attribute value are part of the tag, not text or markup.
    assert_eq!(
        html(
            "<a href=\"/x\" title=\"a > <code>头发\">头发</a> 发展",
            Script::Hant
        ),
        "<a href=\"/x\" title=\"a > <code>头发\">頭髮</a> 發展"
    );
}

/// Every script's reference: `zhconv`'s own automaton over the same tables.
fn reference(script: Script) -> &'static zhconv::ZhConverter {
    zhconv::get_builtin_converter(match script {
        Script::Hans => zhconv::Variant::ZhHans,
        Script::Hant => zhconv::Variant::ZhHant,
        Script::HantTw => zhconv::Variant::ZhTW,
        Script::HantHk => zhconv::Variant::ZhHK,
    })
}

const SCRIPTS: [Script; 4] = [Script::Hans, Script::Hant, Script::HantTw, Script::HantHk];

/// Every word of every table, alone and run together with its neighbours in the table (so
/// words overlap and start inside one another), converts as the oracle converts it.
#[test]
fn the_trie_converts_every_table_word_as_zhconv_does() {
    use zhconv::tables::{ZH_HANS_TABLE, ZH_HANT_TABLE, ZH_HK_TABLE, ZH_TW_TABLE};
    for script in SCRIPTS {
        let tables: &[zhconv::tables::Table<'static>] = match script {
            Script::Hans => &[ZH_HANS_TABLE],
            Script::Hant => &[ZH_HANT_TABLE],
            Script::HantTw => &[ZH_HANT_TABLE, ZH_TW_TABLE],
            Script::HantHk => &[ZH_HANT_TABLE, ZH_HK_TABLE],
        };
        let words: Vec<String> = tables
            .iter()
            .flat_map(|&t| zhconv::tables::expand_table(t).map(|(from, _)| from))
            .collect();
        assert!(words.len() > 4_000, "{script:?}: {} words", words.len());
        let mut changed = 0;
        for w in &words {
            let expected = oracle::text(w, script);
            assert_eq!(text(w, script), expected, "{script:?}: {w}");
            changed += usize::from(expected != *w);
        }
        assert!(changed > 2_000, "{script:?}: {changed} words changed");
        // Neighbours in the table share their beginnings: joined, each ends where the next
        // could start. And every word with the one 7 and 13 places on, across the whole table;
        // and in HTML, around a tag.
        for step in [1, 7, 13] {
            for (i, w) in words.iter().enumerate().step_by(3) {
                let joined = format!("{w}{}a{w}", words[(i + step) % words.len()]);
                assert_eq!(
                    text(&joined, script),
                    oracle::text(&joined, script),
                    "{script:?}: {joined}"
                );
                let marked = format!("<p>{w}<em>{}</em>{w}</p>", words[(i + step) % words.len()]);
                assert_eq!(
                    html(&marked, script),
                    oracle::html(&marked, script),
                    "{script:?}: {marked}"
                );
            }
        }
    }
}

/// The corpus, every article whole, rendered (as HTML) and as written (as text), converts as
/// the oracle converts it, into every script.
#[test]
fn the_trie_converts_the_corpus_as_zhconv_does() {
    let Some(dir) = crate::render::markdown::tests::corpus_dir() else {
        return;
    };
    let mut chinese = 0;
    for file in ["zh-weekly-even.jsonl", "en-blog-even.jsonl"] {
        let lines = std::fs::read_to_string(dir.join(file)).expect("corpus file");
        for line in lines.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            let body = v["body_markdown"].as_str().unwrap_or_default();
            chinese += usize::from(body.chars().any(crate::domain::text::is_cjk));
            let rendered = crate::render::markdown::render(body).html;
            for script in SCRIPTS {
                same(&text(body, script), &oracle::text(body, script), script);
                same(
                    &html(&rendered, script),
                    &oracle::html(&rendered, script),
                    script,
                );
            }
        }
    }
    assert!(chinese >= 100, "{chinese} Chinese articles");
}

/// Fails with the neighbourhood of the first difference.
fn same(got: &str, expected: &str, script: Script) {
    if got == expected {
        return;
    }
    let at = got
        .char_indices()
        .zip(expected.chars())
        .find(|((_, a), b)| a != b)
        .map_or(got.len().min(expected.len()), |((i, _), _)| i);
    let from = got.floor_char_boundary(at.saturating_sub(40));
    panic!(
        "{script:?}: ours …{}… oracle …{}…",
        &got[from..got.floor_char_boundary(at + 40)],
        &expected[expected.floor_char_boundary(from)..expected.floor_char_boundary(at + 40)]
    );
}

/// The oracle: how pages were converted before the conversion learnt to read markup itself —
/// the HTML split into tags, code and text, the text into addresses, quotation marks and words,
/// and only the words given to `zhconv`. `html` and `text` must give exactly what it gives.
mod oracle {
    use super::Script;

    pub fn html(s: &str, script: Script) -> String {
        let mut batch = Batch::default();
        batch.html(s);
        batch.finish(script).pop().unwrap_or_default()
    }

    pub fn text(s: &str, script: Script) -> String {
        let mut batch = Batch::default();
        batch.text(s);
        batch.finish(script).pop().unwrap_or_default()
    }

    /// The pieces of one page (its title, summary, body, tag names …) converted together: each
    /// text run goes through the converter straight into its piece, with no copy of the page's
    /// text in between (a joined copy split again afterwards cost more than the calls it saved).
    /// `finish` returns the pieces in the order they were added.
    #[derive(Default)]
    struct Batch<'a> {
        /// (kept as written?, text)
        parts: Vec<(bool, &'a str)>,
        /// Where each piece's parts end.
        ends: Vec<usize>,
    }

    impl<'a> Batch<'a> {
        /// Adds plain text (a title, a name).
        fn text(&mut self, s: &'a str) {
            self.words(s);
            self.end();
        }

        /// Adds sanitized HTML.
        fn html(&mut self, s: &'a str) {
            let mut verbatim = 0usize;
            let mut rest = s;
            while !rest.is_empty() {
                match next_tag(rest) {
                    Some(0) => {
                        let end = tag_end(rest);
                        let tag = &rest[..end];
                        match tag_name(tag) {
                            Some((name, closing)) if name == "code" || name == "pre" => {
                                if closing {
                                    verbatim = verbatim.saturating_sub(1);
                                } else if !tag.ends_with("/>") {
                                    verbatim += 1;
                                }
                            }
                            _ => {}
                        }
                        self.keep(tag);
                        rest = &rest[end..];
                    }
                    found => {
                        let end = found.unwrap_or(rest.len());
                        let chunk = &rest[..end];
                        if verbatim > 0 {
                            self.keep(chunk);
                        } else {
                            self.words(chunk);
                        }
                        rest = &rest[end..];
                    }
                }
            }
            self.end();
        }

        fn end(&mut self) {
            self.ends.push(self.parts.len());
        }

        fn keep(&mut self, s: &'a str) {
            if !s.is_empty() {
                self.parts.push((true, s));
            }
        }

        /// Text: addresses and quotation marks kept, the rest converted (when it has Chinese).
        fn words(&mut self, s: &'a str) {
            // (It skipped text without a character `is_cjk` knows, a shortcut that also left
            // characters of the newest extensions unconverted; the conversion converts them.)
            let mut rest = s;
            while !rest.is_empty() {
                let (at, len) = next_kept(rest);
                let (before, kept) = rest.split_at(at);
                if !before.is_empty() {
                    self.parts.push((false, before));
                }
                self.keep(&kept[..len]);
                rest = &kept[len..];
            }
        }

        /// The pieces in `script`. Each run to convert goes straight through the converter into
        /// its piece (no joined copy of the page's text, no split afterwards).
        fn finish(self, script: Script) -> Vec<String> {
            let converter = super::reference(script);
            let mut out = Vec::with_capacity(self.ends.len());
            let mut start = 0;
            for &end in &self.ends {
                let parts = &self.parts[start..end];
                let mut piece = String::with_capacity(parts.iter().map(|p| p.1.len()).sum());
                for (kept, s) in parts {
                    if *kept {
                        piece.push_str(s);
                    } else {
                        converter.convert_to(s, &mut piece);
                    }
                }
                out.push(piece);
                start = end;
            }
            out
        }
    }

    /// Where the next tag starts: a `<` followed by a letter, `/` or `!` (a lone `<` is text).
    fn next_tag(s: &str) -> Option<usize> {
        s.match_indices('<').map(|(i, _)| i).find(|&i| {
            s[i + 1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!')
        })
    }

    /// The length of the tag at the start of `s`, up to its `>` outside quoted attribute values
    /// (the sanitizer leaves `>` and `<` unescaped inside them: `title="a > <code>"`).
    fn tag_end(s: &str) -> usize {
        let mut quote: Option<u8> = None;
        for (i, b) in s.bytes().enumerate() {
            match (quote, b) {
                (Some(q), _) if b == q => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => quote = Some(b),
                (None, b'>') => return i + 1,
                _ => {}
            }
        }
        s.len()
    }

    /// The lowercase name of an HTML tag and whether it closes (`</code>`).
    fn tag_name(tag: &str) -> Option<(String, bool)> {
        let inner = tag.strip_prefix('<')?;
        let (closing, inner) = match inner.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, inner),
        };
        let name: String = inner
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        (!name.is_empty()).then_some((name, closing))
    }

    /// Where the next piece to keep as written starts in `s`, and its length: an address or a
    /// quotation mark; `(s.len(), 0)` when there is none.
    fn next_kept(s: &str) -> (usize, usize) {
        const STARTS: [&str; 5] = ["http://", "https://", "www.", "mailto:", "ftp://"];
        for (i, c) in s.char_indices() {
            if matches!(c, '“' | '”' | '‘' | '’') {
                return (i, c.len_utf8());
            }
            if c.is_ascii_alphabetic() {
                let here = &s[i..];
                if STARTS.iter().any(|p| {
                    here.get(..p.len())
                        .is_some_and(|head| head.eq_ignore_ascii_case(p))
                }) {
                    let len = here
                        .char_indices()
                        .find(|(_, c)| c.is_whitespace() || is_cjk_punctuation(*c) || *c == '<')
                        .map_or(here.len(), |(j, _)| j);
                    return (i, len);
                }
            }
        }
        (s.len(), 0)
    }

    fn is_cjk_punctuation(c: char) -> bool {
        matches!(
            c,
            '，' | '。'
                | '、'
                | '：'
                | '；'
                | '！'
                | '？'
                | '「'
                | '」'
                | '『'
                | '』'
                | '（'
                | '）'
                | '《'
                | '》'
                | '【'
                | '】'
                | '“'
                | '”'
                | '‘'
                | '’'
        )
    }
}
