//! Chinese in the reader's script: an article written in Simplified characters read in
//! Traditional ones, and the other way round, converted word by word (发展 → 發展, 头发 → 頭髮,
//! 干部 → 幹部 but 干净 → 乾淨), with Taiwan's or Hong Kong's own words when an organization
//! chooses them (软件 → 軟體, 出租车 → 計程車). The tables are MediaWiki's, as Chinese Wikipedia
//! uses them, through `zhconv` (Aho-Corasick, one pass).
//!
//! What is converted is the rendered HTML's text, never its markup, its code (`<code>`,
//! `<pre>`), or an address written out as text: a URL or a command means exactly what it says.
//! The stored Markdown is never rewritten.

use zhconv::Variant;

use crate::domain::{ChineseScript, HantWords};

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
    fn variant(self) -> Variant {
        match self {
            Script::Hans => Variant::ZhHans,
            Script::Hant => Variant::ZhHant,
            Script::HantTw => Variant::ZhTW,
            Script::HantHk => Variant::ZhHK,
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
    let mut batch = Batch::default();
    batch.text(s);
    batch.finish(script).pop().unwrap_or_default()
}

/// Sanitized HTML (the renderer's output, so its tags are well formed) in `script`: the text
/// between tags is converted, except inside `<code>` and `<pre>`; tags and attributes are
/// copied as they are.
pub fn html(s: &str, script: Script) -> String {
    let mut batch = Batch::default();
    batch.html(s);
    batch.finish(script).pop().unwrap_or_default()
}

/// The pieces of one page (its title, summary, body, tag names …) converted together: each
/// text run goes through the converter straight into its piece, with no copy of the page's
/// text in between (a joined copy split again afterwards cost more than the calls it saved).
/// `finish` returns the pieces in the order they were added.
#[derive(Default)]
pub struct Batch<'a> {
    /// (kept as written?, text)
    parts: Vec<(bool, &'a str)>,
    /// Where each piece's parts end.
    ends: Vec<usize>,
}

impl<'a> Batch<'a> {
    /// Adds plain text (a title, a name).
    pub fn text(&mut self, s: &'a str) {
        self.words(s);
        self.end();
    }

    /// Adds sanitized HTML.
    pub fn html(&mut self, s: &'a str) {
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
        if !s.chars().any(crate::domain::text::is_cjk) {
            self.keep(s);
            return;
        }
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
    pub fn finish(self, script: Script) -> Vec<String> {
        let converter = zhconv::get_builtin_converter(script.variant());
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

/// A field of a page to convert in place.
pub enum Field<'a> {
    /// Plain text.
    Text(&'a mut String),
    /// Sanitized HTML.
    Html(&'a mut String),
}

/// Converts the fields of one page in place.
pub fn in_place(fields: Vec<Field<'_>>, script: Script) {
    let mut targets = Vec::with_capacity(fields.len());
    let mut owned = Vec::with_capacity(fields.len());
    for f in fields {
        let (target, html) = match f {
            Field::Text(t) => (t, false),
            Field::Html(t) => (t, true),
        };
        owned.push((std::mem::take(target), html));
        targets.push(target);
    }
    let mut batch = Batch::default();
    for (s, html) in &owned {
        if *html {
            batch.html(s);
        } else {
            batch.text(s);
        }
    }
    for (target, converted) in targets.into_iter().zip(batch.finish(script)) {
        *target = converted;
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

#[cfg(test)]
mod tests;
