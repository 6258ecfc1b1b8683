//! Chinese in the reader's script: an article written in Simplified characters read in
//! Traditional ones, and the other way round, converted word by word (发展 → 發展, 头发 → 頭髮,
//! 干部 → 幹部 but 干净 → 乾淨), with Taiwan's or Hong Kong's own words when an organization
//! chooses them (软件 → 軟體, 出租车 → 計程車). The tables are MediaWiki's, as Chinese Wikipedia
//! uses them, from `zhconv`, matched leftmost-longest in one pass by `table`.
//!
//! What is converted is the rendered HTML's text, never its markup, its code (`<code>`,
//! `<pre>`), or an address written out as text: a URL or a command means exactly what it says.
//! The stored Markdown is never rewritten.

use std::sync::LazyLock;

use zhconv::tables::{ZH_HANS_TABLE, ZH_HANT_TABLE, ZH_HK_TABLE, ZH_TW_TABLE};

use crate::domain::{ChineseScript, HantWords};

mod table;

/// The script (and regional wording) a page is read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Script {
    /// Simplified characters.
    Hans,
    /// Traditional characters, words as written.
    Hant,
    /// Traditional characters with Taiwan's words (軟體, 計程車).
    HantTw,
    /// Traditional characters with Hong Kong's words.
    HantHk,
}

impl Script {
    /// The converter into this script, built on first use (~20 ms).
    fn table(self) -> &'static table::Table {
        static HANS: LazyLock<table::Table> = LazyLock::new(|| table::Table::new(&[ZH_HANS_TABLE]));
        static HANT: LazyLock<table::Table> = LazyLock::new(|| table::Table::new(&[ZH_HANT_TABLE]));
        static TW: LazyLock<table::Table> =
            LazyLock::new(|| table::Table::new(&[ZH_HANT_TABLE, ZH_TW_TABLE]));
        static HK: LazyLock<table::Table> =
            LazyLock::new(|| table::Table::new(&[ZH_HANT_TABLE, ZH_HK_TABLE]));
        match self {
            Script::Hans => &HANS,
            Script::Hant => &HANT,
            Script::HantTw => &TW,
            Script::HantHk => &HK,
        }
    }
}

impl Script {
    /// The conversion a page needs to show content written in `written` in `shown`, with an
    /// organization's choice of Traditional wording; `None` when it is shown as written.
    pub fn for_page(
        written: ChineseScript,
        shown: ChineseScript,
        words: HantWords,
    ) -> Option<Script> {
        (written != shown).then(|| Script::into(shown, words))
    }

    /// The conversion into `shown`, with the organization's Traditional wording.
    pub fn into(shown: ChineseScript, words: HantWords) -> Script {
        match (shown, words) {
            (ChineseScript::Hans, _) => Script::Hans,
            (ChineseScript::Hant, HantWords::AsWritten) => Script::Hant,
            (ChineseScript::Hant, HantWords::Taiwan) => Script::HantTw,
            (ChineseScript::Hant, HantWords::HongKong) => Script::HantHk,
        }
    }
}

/// Plain text in `script` (addresses and quotation marks in it are kept as written).
pub fn text(s: &str, script: Script) -> String {
    let mut out = String::with_capacity(s.len());
    script.table().convert_to(s, &mut out, false);
    out
}

/// Sanitized HTML (the renderer's output, so its tags are well formed) in `script`: the text
/// between tags is converted, except inside `<code>` and `<pre>`; tags and attributes are
/// copied as they are.
pub fn html(s: &str, script: Script) -> String {
    let mut out = String::with_capacity(s.len());
    script.table().convert_to(s, &mut out, true);
    out
}

/// A field of a page to convert in place.
pub enum Field<'a> {
    /// Plain text.
    Text(&'a mut String),
    /// Sanitized HTML.
    Html(&'a mut String),
}

/// Converts the fields of one page (its title, summary, body, tag names …) in place.
pub fn in_place(fields: Vec<Field<'_>>, script: Script) {
    for field in fields {
        match field {
            Field::Text(t) => *t = text(t, script),
            Field::Html(t) => *t = html(t, script),
        }
    }
}

/// What the conversion passes over as written at `at`, a `<` in HTML: the tag there and, when
/// it opens `<code>` or `<pre>`, everything up to the end of the matching closing tag. Returns
/// where that ends, or `None` when the `<` starts no tag (it is text).
fn markup_at(s: &str, at: usize) -> Option<usize> {
    if next_tag(&s[at..]) != Some(0) {
        return None;
    }
    let (mut start, mut depth) = (at, 0usize);
    loop {
        let end = start + tag_end(&s[start..]);
        let tag = &s[start..end];
        match verbatim_tag(tag) {
            Some(true) => depth = depth.saturating_sub(1),
            Some(false) if !tag.ends_with("/>") => depth += 1,
            _ => {}
        }
        if depth == 0 {
            return Some(end);
        }
        // Inside code: on to its next tag.
        match next_tag(&s[end..]) {
            Some(next) => start = end + next,
            None => return Some(s.len()),
        }
    }
}

/// The length of the address (a URL, `www.…`, `mailto:…`) starting `s`, if one does: up to
/// white space, Chinese punctuation or a tag.
fn address_at(s: &str) -> Option<usize> {
    const STARTS: [&str; 5] = ["http://", "https://", "www.", "mailto:", "ftp://"];
    let bytes = s.as_bytes();
    STARTS
        .iter()
        .any(|p| {
            bytes
                .get(..p.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(p.as_bytes()))
        })
        .then(|| {
            s.char_indices()
                .find(|(_, c)| c.is_whitespace() || is_cjk_punctuation(*c) || *c == '<')
                .map_or(s.len(), |(j, _)| j)
        })
}

/// The quotation marks, kept as written: “” and ‘’ mean the same in both scripts, and readers
/// of either know them (the tables would turn them into 「」 and 『』).
const QUOTES: [char; 4] = ['“', '”', '‘', '’'];

/// Where the next tag starts: a `<` followed by a letter, `/` or `!` (a lone `<` is text).
fn next_tag(s: &str) -> Option<usize> {
    s.match_indices('<').map(|(i, _)| i).find(|&i| {
        s.as_bytes()
            .get(i + 1)
            .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'/' || c == b'!')
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

/// Whether an HTML tag is `<code>` or `<pre>` (any case), and whether it closes (`</code>`).
fn verbatim_tag(tag: &str) -> Option<bool> {
    let inner = tag.strip_prefix('<')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let end = inner
        .bytes()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    let name = &inner[..end];
    (name.eq_ignore_ascii_case("code") || name.eq_ignore_ascii_case("pre")).then_some(closing)
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

#[cfg(test)]
mod tests;
