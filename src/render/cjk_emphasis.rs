//! CJK-friendly emphasis: `**本周六（12月6日）**中文学校` is bold, as Chinese writers mean it.
//!
//! CommonMark decides whether `*` opens or closes emphasis from the characters on either side
//! (the "flanking" rules), and counts full-width punctuation such as `）` and `。` as
//! punctuation. So a `**` between `）` and `中` closes nothing, and the asterisks show (its spec
//! issue #650). The CJK-friendly amendment (tats-u/markdown-cjk-friendly, which comrak,
//! markdig and GitLab implement) changes the rules: CJK punctuation no longer counts as
//! punctuation, and a CJK character beside a run counts like punctuation where that helps.
//!
//! pulldown-cmark has no such option yet, so this module makes its unchanged rules give the
//! amended answer. For each `*` run beside a CJK character it finds what CommonMark would see
//! on each side (whitespace, punctuation or other) and what the amendment says the run is;
//! where they differ, it puts an invisible stand-in between the run and that character: a
//! WORD JOINER where the neighbour must count as a letter, a rarely used punctuation mark
//! where it must count as punctuation. After parsing, every stand-in is removed from every
//! event, so nothing of them reaches the page, the summary, a heading's id or a code block.
//! A text that already holds either stand-in is parsed as it is (plain CommonMark).
//!
//! Only `*` is amended: `_` never works inside Chinese words anyway, and `~~` already may
//! touch any character.

use std::borrow::Cow;

use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory as _};

/// Makes its neighbour count as a letter: neither whitespace nor punctuation (category Cf).
const AS_LETTER: char = '\u{2060}';
/// Makes its neighbour count as punctuation (⸮, category Po), a mark no one writes.
const AS_PUNCTUATION: char = '\u{2E2E}';

/// What a delimiter run has beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    /// Whitespace, or the start or end of the text.
    Space,
    /// Punctuation that is not CJK (`"`, `#`, `“`, `¥`).
    Punct,
    /// CJK punctuation (`）`, `。`, `「`).
    CjkPunct,
    /// Any other CJK character (汉字, かな, 한글).
    Cjk,
    /// Anything else: letters, digits, marks.
    Other,
}

/// A Unicode punctuation character as CommonMark counts it: general category P or S.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || (!c.is_ascii()
            && matches!(
                c.general_category_group(),
                GeneralCategoryGroup::Punctuation | GeneralCategoryGroup::Symbol
            ))
}

/// A CJK character: East Asian Width W, F or H (and not an emoji), or Hangul.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF        // Hangul Jamo
        | 0x2E80..=0x2FDF      // CJK and Kangxi radicals
        | 0x2FF0..=0x303E      // ideographic description, CJK symbols and punctuation
        | 0x3041..=0x33FF      // kana, bopomofo, Hangul compatibility jamo, kanbun, enclosed CJK
        | 0x3400..=0x4DBF      // CJK extension A
        | 0x4E00..=0x9FFF      // CJK unified ideographs
        | 0xA000..=0xA4CF      // Yi
        | 0xA960..=0xA97F      // Hangul Jamo extended A
        | 0xAC00..=0xD7FF      // Hangul syllables, Jamo extended B
        | 0xF900..=0xFAFF      // CJK compatibility ideographs
        | 0xFE10..=0xFE19      // vertical forms
        | 0xFE30..=0xFE6F      // CJK compatibility forms, small form variants
        | 0xFF01..=0xFF60      // full-width forms
        | 0xFFE0..=0xFFE6      // full-width signs
        | 0xFF61..=0xFFDC      // half-width forms (East Asian Width H)
        | 0x1B000..=0x1B2FF    // kana supplement and extensions
        | 0x20000..=0x3FFFD    // CJK extensions B and later
    )
}

fn side_of(c: Option<char>, before: Option<char>) -> Side {
    let Some(c) = c else { return Side::Space };
    if c.is_whitespace() {
        return Side::Space;
    }
    // An ideographic variation selector ends a CJK sequence, and so does a general-use one
    // (not the emoji selector U+FE0F) after a CJK character. To CommonMark a selector is a
    // mark, neither space nor punctuation: like a CJK letter.
    if (0xE0100..=0xE01EF).contains(&(c as u32)) {
        return Side::Cjk;
    }
    if (0xFE00..=0xFE0E).contains(&(c as u32)) {
        return match before {
            Some(b) if is_cjk(b) => Side::Cjk,
            Some(b) if is_punctuation(b) => Side::Punct,
            _ => Side::Other,
        };
    }
    match (is_cjk(c), is_punctuation(c)) {
        (true, true) => Side::CjkPunct,
        (true, false) => Side::Cjk,
        (false, true) => Side::Punct,
        (false, false) => Side::Other,
    }
}

/// What CommonMark must see beside a run for its rules to give the amended answer, when the
/// neighbour is CJK: punctuation when the other side is non-CJK punctuation (then the
/// amendment lets the run open or close where CommonMark needs punctuation on both sides),
/// a letter otherwise (CJK punctuation is not punctuation to the amendment).
fn stand_in(this: Side, other: Side) -> Option<char> {
    let wanted_punct = other == Side::Punct;
    match this {
        Side::Cjk if wanted_punct => Some(AS_PUNCTUATION),
        // A variation selector already reads as a letter to CommonMark; a CJK character too.
        Side::CjkPunct if !wanted_punct => Some(AS_LETTER),
        _ => None,
    }
}

/// The text to parse: `markdown` with stand-ins beside the `*` runs whose meaning the
/// amendment changes; `None` when there are none (or the text already holds a stand-in).
pub fn prepare(markdown: &str) -> Option<String> {
    if !markdown.contains('*') || markdown.contains([AS_LETTER, AS_PUNCTUATION]) {
        return None;
    }
    // (byte offset, stand-in) to insert, in order.
    let mut inserts: Vec<(usize, char)> = Vec::new();
    let bytes = markdown.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'*' {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] == b'*' {
            i += 1;
        }
        let end = i;
        let mut before = markdown[..start].chars().rev();
        let prev = before.next();
        let prev_prev = before.next();
        let next = markdown[end..].chars().next();
        let (p, n) = (side_of(prev, prev_prev), side_of(next, None));
        if !matches!(p, Side::Cjk | Side::CjkPunct) && !matches!(n, Side::Cjk | Side::CjkPunct) {
            continue;
        }
        if matches!(p, Side::Cjk | Side::CjkPunct)
            && let Some(c) = stand_in(p, n)
        {
            inserts.push((start, c));
        }
        if matches!(n, Side::Cjk | Side::CjkPunct)
            && let Some(c) = stand_in(n, p)
        {
            inserts.push((end, c));
        }
    }
    if inserts.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(markdown.len() + inserts.len() * 3);
    let mut from = 0;
    for (at, c) in inserts {
        out.push_str(&markdown[from..at]);
        out.push(c);
        from = at;
    }
    out.push_str(&markdown[from..]);
    Some(out)
}

/// `s` without the stand-ins.
pub fn strip(s: &str) -> Cow<'_, str> {
    if s.contains([AS_LETTER, AS_PUNCTUATION]) {
        Cow::Owned(s.replace([AS_LETTER, AS_PUNCTUATION], ""))
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests;
