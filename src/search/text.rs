//! Text as both engines see it: folded to one script, and cut into words.
//!
//! **Folding.** Traditional characters become Simplified ones, character by character (團 → 团,
//! 圓 → 圆), for the text indexed and for every query, so that either script finds the other.
//! Only one-to-one pairs of the same UTF-8 length are used (MediaWiki's table, from zhconv):
//! folded text has the original's byte offsets, so a snippet cut from the folded text's
//! positions is the same span of the original. Going this way needs no words: several
//! Traditional characters may fold to one Simplified one (發, 髮 → 发), which is what a search
//! wants. The two marks a highlight is written with never survive folding.
//!
//! **Words.** Chinese is cut by jieba (its dictionary, with its HMM for unknown words), and in
//! *search mode* for indexing: a long word also yields the dictionary words inside it, so 人民
//! is found in 中华人民共和国 and 简单 in 安装简单. Every word gets a *position* counted in
//! units, one per Chinese character and one per other word, so a phrase query built with the
//! same positions matches however the text was spaced.

use std::collections::HashMap;
use std::sync::LazyLock;

use jieba_rs::Jieba;

/// Opens a highlighted span in a [`Marked`](super::Marked) text.
pub const MARK_OPEN: char = '\u{E000}';
/// Closes a highlighted span.
pub const MARK_CLOSE: char = '\u{E001}';

/// The one jieba (its dictionary takes ~150 ms and ~30 MB to load, once).
pub fn jieba() -> &'static Jieba {
    static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);
    &JIEBA
}

/// Loads the dictionary and the folding table now rather than on the first search.
pub fn warm_up() {
    let _ = jieba();
    let _ = fold("團");
}

fn table() -> &'static HashMap<char, char> {
    static TABLE: LazyLock<HashMap<char, char>> = LazyLock::new(|| {
        let mut map = HashMap::new();
        for (from, to) in zhconv::tables::expand_table(zhconv::tables::ZH_HANS_TABLE) {
            let (mut f, mut t) = (from.chars(), to.chars());
            if let (Some(a), None, Some(b), None) = (f.next(), f.next(), t.next(), t.next())
                && a.len_utf8() == b.len_utf8()
            {
                map.insert(a, b);
            }
        }
        map
    });
    &TABLE
}

/// `s` in Simplified characters, with the same length and byte offsets; the highlight marks
/// (private-use characters) become ideographic spaces, also three bytes.
pub fn fold(s: &str) -> String {
    let table = table();
    s.chars()
        .map(|c| match c {
            MARK_OPEN | MARK_CLOSE => '\u{3000}',
            c => table.get(&c).copied().unwrap_or(c),
        })
        .collect()
}

/// Whether `c` is a CJK ideograph (the characters jieba cuts).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// One word of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word<'a> {
    /// The word as written in the text given (not lowercased).
    pub text: &'a str,
    /// Byte offset of its start.
    pub start: usize,
    /// Byte offset of its end.
    pub end: usize,
    /// Its position in units (see the module's documentation).
    pub position: usize,
    /// Whether it is a word inside a longer one (search mode).
    pub inner: bool,
}

/// How much of the text's words to give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Each word once, as jieba cuts it: for queries.
    Query,
    /// Also the dictionary words inside a longer Chinese word: for indexing.
    Index,
}

/// The words of `text` (already folded), in order; punctuation and spaces are not words.
pub fn words(text: &str, mode: Mode) -> Vec<Word<'_>> {
    let jieba = jieba();
    let mut out = Vec::with_capacity(text.len() / 4);
    let mut position = 0usize;
    for token in jieba.cut(text, true) {
        let word = token.word;
        if !word.chars().any(char::is_alphanumeric) {
            continue;
        }
        let han = word.chars().filter(|&c| is_han(c)).count();
        if mode == Mode::Index && han > 2 && han == word.chars().count() {
            inner_words(word, token.byte_start, position, &mut out);
        }
        out.push(Word {
            text: word,
            start: token.byte_start,
            end: token.byte_end,
            position,
            inner: false,
        });
        position += han.max(1);
    }
    out
}

/// The two- and three-character dictionary words inside a longer Chinese word (what jieba's
/// search mode adds), each at its own character's position.
fn inner_words<'a>(word: &'a str, byte_start: usize, position: usize, out: &mut Vec<Word<'a>>) {
    let jieba = jieba();
    let bounds: Vec<usize> = word
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(word.len()))
        .collect();
    let chars = bounds.len() - 1;
    for len in [2, 3] {
        if chars <= len {
            continue;
        }
        for i in 0..=chars - len {
            let gram = &word[bounds[i]..bounds[i + len]];
            if jieba.has_word(gram) {
                out.push(Word {
                    text: gram,
                    start: byte_start + bounds[i],
                    end: byte_start + bounds[i + len],
                    position: position + i,
                    inner: true,
                });
            }
        }
    }
}

/// The inner words of every long Chinese word of `text` (folded), separated by spaces: the
/// field that lets an engine which matches only whole words and their prefixes (Meilisearch)
/// find a word inside a longer one.
pub fn inner_terms(text: &str) -> String {
    let mut out = String::new();
    for w in words(text, Mode::Index).into_iter().filter(|w| w.inner) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w.text);
    }
    out
}

/// A query as a reader typed it: words, and phrases in double quotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Unquoted text (one or more words).
    Words(String),
    /// A quoted phrase: its words in this order, next to each other.
    Phrase(String),
}

/// At most this many characters of a query are read; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 200;

/// Splits a query (folded first) into parts. Quotes that never close end the phrase at the
/// end; nothing in a query is an operator but the quotes (`OR`, brackets and backslashes are
/// text), so there is nothing to escape and nothing to inject.
pub fn parse_query(q: &str) -> Vec<Part> {
    let q: String = fold(q.trim()).chars().take(MAX_QUERY_CHARS).collect();
    let mut parts = Vec::new();
    for (i, piece) in q.split('"').enumerate() {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        parts.push(if i % 2 == 1 {
            Part::Phrase(piece.to_owned())
        } else {
            Part::Words(piece.to_owned())
        });
    }
    parts
}

/// The query folded, trimmed and cut to [`MAX_QUERY_CHARS`], with its spaces collapsed: what
/// is sent to an engine that parses queries itself, and what query statistics count.
pub fn normalize_query(q: &str) -> String {
    let folded: String = fold(q.trim()).chars().take(MAX_QUERY_CHARS).collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_offsets_and_finds_either_script() {
        assert_eq!(fold("團圓飯"), "团圆饭");
        assert_eq!(fold("团圆"), "团圆");
        let t = "中秋節的團圓 and English";
        assert_eq!(fold(t).len(), t.len());
        assert_eq!(fold("a\u{E000}b\u{E001}"), "a\u{3000}b\u{3000}");
    }

    #[test]
    fn index_words_include_the_words_inside_a_long_word() {
        let w: Vec<&str> = words("中华人民共和国成立", Mode::Index)
            .iter()
            .map(|w| w.text)
            .collect();
        assert!(w.contains(&"人民"), "{w:?}");
        assert!(w.contains(&"共和国"), "{w:?}");
        let q: Vec<&str> = words("中华人民共和国", Mode::Query)
            .iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(q, ["中华人民共和国"]);
    }

    #[test]
    fn positions_count_characters_and_words_not_spacing() {
        let a = words("hello,   world 你好世界", Mode::Query);
        let b = words("hello world 你好 世界", Mode::Query);
        let pa: Vec<(&str, usize)> = a.iter().map(|w| (w.text, w.position)).collect();
        let pb: Vec<(&str, usize)> = b.iter().map(|w| (w.text, w.position)).collect();
        assert_eq!(pa, pb);
        assert_eq!(&"hello,   world"[a[1].start..a[1].end], "world");
    }

    #[test]
    fn inner_terms_are_the_words_inside_longer_ones() {
        let t = inner_terms("中华人民共和国");
        assert!(t.split(' ').any(|w| w == "人民"), "{t}");
        assert!(!t.split(' ').any(|w| w == "中华人民共和国"), "{t}");
    }

    #[test]
    fn queries_have_phrases_and_no_operators() {
        assert_eq!(
            parse_query(r#"a "b c" OR (d\)"#),
            vec![
                Part::Words("a".into()),
                Part::Phrase("b c".into()),
                Part::Words(r"OR (d\)".into())
            ]
        );
        assert_eq!(parse_query("\"open"), vec![Part::Phrase("open".into())]);
        assert_eq!(
            parse_query(&"x".repeat(5000))[0],
            Part::Words("x".repeat(200))
        );
        assert_eq!(normalize_query("  團圓   飯 "), "团圆 饭");
    }
}
