//! What rendering an article body produces (`render::body` makes it; `db` stores it without
//! calling the renderer).

/// The rendered forms of one body.
#[derive(Clone, Debug)]
pub struct RenderedBody {
    /// Sanitized HTML.
    pub html: String,
    /// Plain text.
    pub text: String,
    /// The summary shown in lists and feeds: the editor's, or the start of the text.
    pub excerpt: String,
    /// Words (Chinese characters count one each).
    pub words: i32,
    /// Estimated reading time, minutes.
    pub minutes: i32,
}
