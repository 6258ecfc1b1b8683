//! Rendering: page structs for askama templates, and (later) Markdown, excerpts and emails.
//! No I/O here.

pub mod articles;
pub mod body;
pub mod broadcasts;
pub mod choices;
pub mod cjk_emphasis;
pub mod feed;
pub mod format;
pub mod layout;
pub mod markdown;
pub mod media;
pub mod pages;
pub mod pathological;
pub mod qr;
pub mod script;
pub mod site;
pub mod sitemap;
pub mod text;
pub mod tokens;

pub use layout::{Flash, Layout, OrgLink};
