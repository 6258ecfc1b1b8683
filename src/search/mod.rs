//! Discovery: the search engines and how the database reaches them.
//!
//! [`SearchEngine`] is what qiao needs of an engine: apply a batch (index some documents,
//! delete others), search, configure, check health, clear, and rebuild beside the live index.
//! [`embedded::Embedded`] (tantivy in the data dir, the default) implements it; Meilisearch
//! follows. [`open`] picks one.
//!
//! There are two indexes. `Public` holds published articles and nothing else; `Drafts` holds
//! every other article (drafts, in review, scheduled, archived), for the editors' search of
//! their own organization. An article is in exactly one of them, so indexing costs one write
//! per change, and no filter a reader can send reaches a draft: the public search never
//! opens the drafts index.
//!
//! Text goes through [`text`] first (one script, jieba's words), on both engines. The outbox
//! worker ([`sync`]) is the only writer in the server; `qiao reindex` builds a new index with
//! [`SearchEngine::rebuild`] while the old one answers. Queries readers send are counted by
//! [`stats`]. Handlers never call an engine's writes: they write `search_outbox` rows.

pub mod embedded;
pub mod results;
pub mod stats;
pub mod sync;
pub mod text;

use std::sync::Arc;

use futures_util::future::BoxFuture;

pub use crate::domain::search::{Document, Index};

/// Changes to apply together: documents to index (each into [`Document::index`], replacing
/// any earlier version) and ids to delete from an index.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    /// Documents to index.
    pub upserts: Vec<Document>,
    /// (index, article id) to delete.
    pub deletes: Vec<(Index, i64)>,
}

impl Batch {
    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.upserts.is_empty() && self.deletes.is_empty()
    }
}

/// Whose articles a search may see. The engine adds the scope's filter itself; nothing a
/// reader sends can remove it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Readers: the public index, optionally one organization's articles.
    Public {
        /// Only this organization's.
        org: Option<i64>,
    },
    /// An organization's editors: both indexes, always only that organization's articles.
    Editor {
        /// The organization.
        org: i64,
    },
}

/// Facet values a search is narrowed to (exact values, compared as values: never parsed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// Category.
    pub category: Option<String>,
    /// Language tag.
    pub language: Option<String>,
    /// Tag name.
    pub tag: Option<String>,
}

/// Result order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best match first (newest first when there is no query).
    #[default]
    Relevance,
    /// Newest first.
    Newest,
}

/// A search.
#[derive(Clone, Debug)]
pub struct Query {
    /// What was typed (may be empty: the latest articles).
    pub text: String,
    /// Whose articles.
    pub scope: Scope,
    /// Facet values.
    pub filters: Filters,
    /// Order.
    pub sort: Sort,
    /// Hits to skip.
    pub offset: usize,
    /// Hits to return.
    pub limit: usize,
}

/// The largest `offset + limit` a search answers (a page past it is empty).
pub const MAX_RESULTS: usize = 10_000;

/// Text with highlighted spans between [`text::MARK_OPEN`] and [`text::MARK_CLOSE`] (which
/// [`text::fold`] removes from anything indexed, so only the engine writes them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marked(pub String);

impl Marked {
    /// The text without marks.
    pub fn plain(&self) -> String {
        self.0
            .chars()
            .filter(|&c| c != text::MARK_OPEN && c != text::MARK_CLOSE)
            .collect()
    }

    /// The text as HTML: escaped, with `<mark>` around the highlighted spans (a mark left
    /// open is closed, a stray one dropped).
    pub fn html(&self) -> String {
        use crate::render::markdown::escape_attr;
        let mut out = String::with_capacity(self.0.len() + 16);
        let mut open = false;
        let mut rest = self.0.as_str();
        while let Some(i) = rest.find([text::MARK_OPEN, text::MARK_CLOSE]) {
            out.push_str(&escape_attr(&rest[..i]));
            let mark = rest[i..].chars().next().unwrap_or(text::MARK_CLOSE);
            match (mark, open) {
                (text::MARK_OPEN, false) => out.push_str("<mark>"),
                (text::MARK_CLOSE, true) => out.push_str("</mark>"),
                _ => {}
            }
            if (mark == text::MARK_OPEN) != open {
                open = !open;
            }
            rest = &rest[i + mark.len_utf8()..];
        }
        out.push_str(&escape_attr(rest));
        if open {
            out.push_str("</mark>");
        }
        out
    }
}

/// One result.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// Article id.
    pub id: i64,
    /// The index it came from.
    pub index: Index,
    /// Title, highlighted.
    pub title: Marked,
    /// A piece of the body (or the summary) around what matched, highlighted.
    pub snippet: Marked,
}

/// Counts per facet value, most first (at most [`FACET_VALUES`] each).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    /// Organization id → articles.
    pub org: Vec<(i64, u64)>,
    /// Category → articles.
    pub category: Vec<(String, u64)>,
    /// Language → articles.
    pub language: Vec<(String, u64)>,
    /// Tag → articles.
    pub tag: Vec<(String, u64)>,
}

/// Values listed per facet.
pub const FACET_VALUES: usize = 20;

impl Facets {
    /// Sorts each list by count (then value) and keeps the first [`FACET_VALUES`].
    pub fn finish(&mut self) {
        fn top<T: Ord + Clone>(v: &mut Vec<(T, u64)>) {
            v.retain(|(_, n)| *n > 0);
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v.truncate(FACET_VALUES);
        }
        top(&mut self.org);
        top(&mut self.category);
        top(&mut self.language);
        top(&mut self.tag);
    }
}

/// What a search found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Found {
    /// Articles matching in all (not only this page).
    pub total: usize,
    /// This page.
    pub hits: Vec<Hit>,
    /// Counts of the matching articles per facet value (public searches).
    pub facets: Facets,
}

/// Why an engine could not do something.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    /// It cannot be reached, or is not answering: try again later.
    #[error("search engine unavailable: {0}")]
    Unavailable(String),
    /// It answered with an error (a task failed, a setting refused).
    #[error("search engine error: {0}")]
    Failed(String),
}

/// Builds a complete new index beside the live one; the live one answers until
/// [`Rebuild::finish`] swaps them.
pub trait Rebuild: Send {
    /// Adds documents (each to its index).
    fn add(&mut self, docs: Vec<Document>) -> BoxFuture<'_, Result<(), SearchError>>;
    /// Makes the new index the live one (and drops the old).
    fn finish(self: Box<Self>) -> BoxFuture<'static, Result<(), SearchError>>;
}

/// A search engine.
pub trait SearchEngine: Send + Sync {
    /// `tantivy` or `meilisearch`.
    fn name(&self) -> &'static str;
    /// Creates the indexes and applies their settings (idempotent; at start).
    fn configure(&self) -> BoxFuture<'_, Result<(), SearchError>>;
    /// Whether it answers.
    fn health(&self) -> BoxFuture<'_, Result<(), SearchError>>;
    /// Indexes and deletes a batch; returns once the engine has it durably.
    fn apply(&self, batch: Batch) -> BoxFuture<'_, Result<(), SearchError>>;
    /// Searches.
    fn search(&self, query: Query) -> BoxFuture<'_, Result<Found, SearchError>>;
    /// Deletes every document of both indexes.
    fn clear(&self) -> BoxFuture<'_, Result<(), SearchError>>;
    /// Starts a rebuild beside the live indexes.
    fn rebuild(&self) -> BoxFuture<'_, Result<Box<dyn Rebuild>, SearchError>>;
}

/// A shared engine.
pub type Engine = Arc<dyn SearchEngine>;

/// Where the engine is.
#[derive(Clone, Debug)]
pub enum Location {
    /// tantivy in this directory.
    Embedded(std::path::PathBuf),
}

/// Opens the engine at `location` (without contacting it: [`SearchEngine::configure`] does).
pub fn open(location: &Location) -> Result<Engine, SearchError> {
    Ok(match location {
        Location::Embedded(dir) => Arc::new(embedded::Embedded::open(dir)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_text_is_escaped_and_its_marks_become_mark_elements() {
        let m = Marked(format!(
            "a<b> {}x&y{} \"z",
            text::MARK_OPEN,
            text::MARK_CLOSE
        ));
        assert_eq!(m.html(), "a&lt;b&gt; <mark>x&amp;y</mark> &quot;z");
        assert_eq!(m.plain(), "a<b> x&y \"z");
        let unclosed = Marked(format!("{}x", text::MARK_OPEN));
        assert_eq!(unclosed.html(), "<mark>x</mark>");
    }
}
