//! Rendering: page structs for askama templates, and (later) Markdown, excerpts and emails.
//! No I/O here.

pub mod format;
pub mod layout;
pub mod pages;

pub use layout::{Flash, Layout, OrgLink};
