//! Plain-text helpers: excerpts cut at a word (or, for Chinese, a character) boundary, word
//! counts that count Chinese by characters, reading time, and slugs.

use unicode_segmentation::UnicodeSegmentation as _;

pub use crate::domain::text::{is_cjk, slugify_unicode};

/// Collapses runs of spaces and tabs, trims lines, and keeps at most one blank line.
pub fn tidy_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank_lines = 0;
    for line in s.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            blank_lines += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_lines > 0 { "\n\n" } else { "\n" });
        }
        blank_lines = 0;
        out.push_str(&line);
    }
    out
}

/// Words in `text`: each CJK character is a word; other text is split at word boundaries.
/// Returns (cjk characters, other words).
pub fn word_counts(text: &str) -> (usize, usize) {
    let mut cjk = 0;
    let mut other = 0;
    for w in text.unicode_words() {
        let n = w.chars().filter(|c| is_cjk(*c)).count();
        if n > 0 {
            cjk += n;
        } else {
            other += 1;
        }
    }
    (cjk, other)
}

/// Total words as shown to editors (Chinese counted by characters).
pub fn word_count(text: &str) -> usize {
    let (cjk, other) = word_counts(text);
    cjk + other
}

/// Minutes to read, at 300 Chinese characters or 230 other words a minute; at least 1.
pub fn reading_minutes(text: &str) -> u32 {
    let (cjk, other) = word_counts(text);
    let minutes = cjk as f64 / 300.0 + other as f64 / 230.0;
    (minutes.ceil() as u32).max(1)
}

/// The first `max_chars` characters of `text` as one line, cut at a word boundary (between two
/// Chinese characters counts as one), with "…" when something was cut.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        return flat;
    }
    let mut cut = 0;
    let mut count = 0;
    for (idx, segment) in flat.split_word_bound_indices() {
        let n = segment.chars().count();
        if count + n > max_chars {
            break;
        }
        count += n;
        cut = idx + segment.len();
    }
    if cut == 0 {
        // One enormous "word" (a URL, say): cut at a character boundary instead.
        cut = flat
            .char_indices()
            .nth(max_chars)
            .map_or(flat.len(), |(i, _)| i);
    }
    let head = flat[..cut].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '，' | '、' | '；' | '：' | '(' | '（')
    });
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_counted_by_characters_and_english_by_words() {
        assert_eq!(word_counts("我们今天发布了 qiao 1.0 version"), (7, 3));
        assert_eq!(word_count("Hello, world! 你好世界"), 6);
        assert_eq!(reading_minutes(""), 1);
        assert_eq!(reading_minutes(&"字".repeat(900)), 3);
        assert_eq!(reading_minutes(&"word ".repeat(460)), 2);
    }

    #[test]
    fn excerpts_cut_at_word_boundaries() {
        let en = "The quick brown fox jumps over the lazy dog";
        assert_eq!(excerpt(en, 100), en);
        assert_eq!(excerpt(en, 18), "The quick brown…");
        assert_eq!(excerpt(en, 19), "The quick brown fox…");
        let zh = "这里记录过去一周，我看到的值得分享的东西，每周五发布。";
        assert_eq!(excerpt(zh, 9), "这里记录过去一周…");
        assert_eq!(excerpt(zh, 10), "这里记录过去一周，我…");
        let url = "https://example.org/a/very/long/path/without/spaces/at/all";
        assert!(excerpt(url, 10).chars().count() <= 11);
        let mixed = "Café déjà vu — naïve résumé 🎉 emoji";
        for n in 1..mixed.chars().count() {
            let e = excerpt(mixed, n);
            assert!(e.chars().count() <= n + 1, "{n}: {e}");
        }
    }

    #[test]
    fn whitespace_is_tidied() {
        assert_eq!(tidy_whitespace("  a   b \n\n\n\n c\n d  "), "a b\n\nc\nd");
    }

    #[test]
    fn slugs_keep_every_script() {
        assert_eq!(slugify_unicode("Hello, World!", 60), "hello-world");
        assert_eq!(slugify_unicode("每周 分享", 60), "每周-分享");
        assert_eq!(slugify_unicode("!!!", 60), "section");
        assert_eq!(slugify_unicode("a b c d", 3), "a-b");
    }
}
