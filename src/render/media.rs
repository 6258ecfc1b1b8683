//! Media library pages.

use askama::Template;

use super::Layout;

/// One image in the library grid.
#[derive(Clone, Debug)]
pub struct LibraryItem {
    /// Id (for the cover field).
    pub id: i64,
    /// SHA-256, naming the files.
    pub sha256: String,
    /// Width.
    pub width: i32,
    /// Height.
    pub height: i32,
    /// Alternative text.
    pub alt: String,
    /// Size, human.
    pub size: String,
    /// Upload date, local.
    pub uploaded: String,
    /// Markdown to paste into an article.
    pub markdown: String,
    /// The viewer may edit its alt text and delete it.
    pub changeable: bool,
}

/// The library.
#[derive(Template)]
#[template(path = "dashboard/media.html")]
pub struct LibraryPage {
    /// Frame.
    pub layout: Layout,
    /// Organization slug.
    pub slug: String,
    /// Upload limit, human.
    pub limit: String,
    /// Images on this page.
    pub items: Vec<LibraryItem>,
    /// Images in all.
    pub total: i64,
    /// Page number.
    pub page: i64,
    /// Previous page link.
    pub prev: Option<String>,
    /// Next page link.
    pub next: Option<String>,
}

/// Asks before deleting an image that articles use.
#[derive(Template)]
#[template(path = "dashboard/media_delete.html")]
pub struct MediaDeletePage {
    /// Frame.
    pub layout: Layout,
    /// Organization slug.
    pub slug: String,
    /// Image id.
    pub id: i64,
    /// SHA-256.
    pub sha256: String,
    /// Alternative text.
    pub alt: String,
    /// Articles using it: (id, title).
    pub used_by: Vec<(i64, String)>,
}
