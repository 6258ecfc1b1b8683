//! An article body rendered from its Markdown: what is stored next to the source, made once,
//! on save, and never on a page view. Rendering is CPU work only: callers do it before they take
//! a database connection.

use super::{markdown, text};
pub use crate::domain::RenderedBody;
use crate::domain::article_fields::AUTO_SUMMARY_CHARS;

/// Renders a body and its summary.
pub fn render(body_markdown: &str, summary: &str) -> RenderedBody {
    let r = markdown::render(body_markdown);
    let excerpt = if summary.is_empty() {
        text::excerpt(&r.text, AUTO_SUMMARY_CHARS)
    } else {
        summary.to_owned()
    };
    RenderedBody {
        words: i32::try_from(text::word_count(&r.text)).unwrap_or(i32::MAX),
        minutes: i32::try_from(text::reading_minutes(&r.text)).unwrap_or(i32::MAX),
        html: r.html,
        text: r.text,
        excerpt,
    }
}
