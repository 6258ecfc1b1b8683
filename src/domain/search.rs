//! What the search index holds of an article, and which of the two indexes it goes in: the
//! value `db::search` reads and every engine writes (no I/O here).

/// Which index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Index {
    /// Published articles.
    Public,
    /// Every article that is not published.
    Drafts,
}

impl Index {
    /// Both, in order.
    pub const ALL: [Index; 2] = [Index::Public, Index::Drafts];

    /// Its name (in directory names and Meilisearch index uids).
    pub fn as_str(self) -> &'static str {
        match self {
            Index::Public => "public",
            Index::Drafts => "drafts",
        }
    }
}

/// One article as the engines index it. Text fields are as written (the engine folds them).
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// Article id.
    pub id: i64,
    /// Its organization.
    pub org_id: i64,
    /// Workflow status (`published` for the public index).
    pub status: String,
    /// Title.
    pub title: String,
    /// Summary (the editor's, or the start of the text).
    pub summary: String,
    /// Tag names.
    pub tags: Vec<String>,
    /// The body as plain text.
    pub body: String,
    /// Category (`culture`, `news`, `promotion`).
    pub category: String,
    /// BCP 47 language tag.
    pub language: String,
    /// Published (public) or last changed (drafts), Unix seconds: the newest-first order.
    pub date: i64,
}

impl Document {
    /// The index this document belongs in.
    pub fn index(&self) -> Index {
        if self.status == "published" {
            Index::Public
        } else {
            Index::Drafts
        }
    }
}
