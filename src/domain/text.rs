//! Text rules every layer shares: which characters are CJK, slugs that keep every script, and
//! the NUL character that no stored text may hold (PostgreSQL `text` cannot).

use serde_json::Value;

/// What every refusal says about the character.
pub const NUL_MESSAGE: &str = "contains a NUL character (U+0000), which is not allowed";

/// Whether `c` is written without spaces between words (Han, kana, and CJK punctuation
/// excluded), so that each character counts as a word.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x3134F) // Extensions B–G
}

/// A slug that keeps letters of every script: lower-case, words joined by hyphens, at most
/// `max_chars` characters; "section" when nothing is left.
pub fn slugify_unicode(s: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else if c.is_whitespace() || c == '-' || c == '_' {
            dash = true;
        }
        if out.chars().count() >= max_chars {
            break;
        }
    }
    if out.is_empty() {
        "section".to_owned()
    } else {
        out
    }
}

/// Whether a JSON value holds a NUL in any string (keys included).
pub fn in_json(value: &Value) -> bool {
    match value {
        Value::String(s) => s.contains('\0'),
        Value::Array(items) => items.iter().any(in_json),
        Value::Object(fields) => fields.iter().any(|(k, v)| k.contains('\0') || in_json(v)),
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}
