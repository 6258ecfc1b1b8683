//! Articles: saving (render, tags, slug, revision and search outbox in one transaction),
//! listing, the workflow, revisions and the scheduler's publishing.

mod list;
mod revisions;
mod save;
mod slugs;
mod tagging;
mod workflow;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{article_slug_redirects, article_tags, articles, search_outbox, tags, users};
use crate::domain::{Category, Status};
use crate::error::AppError;

pub use list::{ListFilter, ListItem, Sort, list};
pub use revisions::{Revision, revision, revisions};
pub use save::{Created, Origin, SaveBy, Saved, create, insert_rendered, update};
pub use workflow::{delete, publish_due, transition};

/// An article row.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = articles)]
pub struct Article {
    /// Primary key.
    pub id: i64,
    /// Organization.
    pub org_id: i64,
    /// URL slug, unique in the organization.
    pub slug: String,
    /// Title.
    pub title: String,
    /// The editor's summary (empty: automatic).
    pub summary: String,
    /// Markdown source.
    pub body_markdown: String,
    /// Sanitized HTML rendered from the source.
    pub body_html: String,
    /// Plain text rendered from the source.
    pub body_text: String,
    /// Words (Chinese characters count one each).
    pub word_count: i32,
    /// Estimated reading time.
    pub reading_minutes: i32,
    /// Cover image.
    pub cover_media_id: Option<i64>,
    /// `culture`, `news` or `promotion`.
    pub category: Category,
    /// BCP 47 language tag.
    pub language: String,
    /// The member who wrote it.
    pub author_id: Option<i64>,
    /// Byline shown instead of the author's name.
    pub byline: String,
    /// "Read the original" link.
    pub source_url: Option<String>,
    /// Workflow status.
    pub status: Status,
    /// When a scheduled article goes out (UTC).
    pub publish_at: Option<NaiveDateTime>,
    /// First publication (UTC).
    pub published_at: Option<NaiveDateTime>,
    /// The import line's id, for idempotent imports.
    pub import_key: Option<String>,
    /// Creation (UTC).
    pub created_at: NaiveDateTime,
    /// Last change (UTC); also the optimistic-concurrency version.
    pub updated_at: NaiveDateTime,
    /// The summary shown in lists and feeds.
    pub excerpt: String,
}

impl Article {
    /// The workflow status.
    pub fn status(&self) -> Status {
        self.status
    }

    /// The category.
    pub fn category(&self) -> Category {
        self.category
    }

    /// Whether `user_id` wrote it.
    pub fn is_by(&self, user_id: i64) -> bool {
        self.author_id == Some(user_id)
    }

    /// The version token an editor sends back with a change (see [`update`]).
    pub fn version(&self) -> String {
        version_of(self.updated_at)
    }

    /// Its editable fields, as the editor and the API start from them.
    pub fn fields(&self, tags: &[String]) -> crate::domain::ArticleFields {
        crate::domain::ArticleFields {
            title: self.title.clone(),
            slug: self.slug.clone(),
            summary: self.summary.clone(),
            body_markdown: self.body_markdown.clone(),
            category: self.category.as_str().to_owned(),
            tags: tags.join(", "),
            language: self.language.clone(),
            byline: self.byline.clone(),
            source_url: self.source_url.clone().unwrap_or_default(),
            cover_media_id: self
                .cover_media_id
                .map(|i| i.to_string())
                .unwrap_or_default(),
        }
    }
}

/// The version token of a row last changed at `updated_at`.
pub fn version_of(updated_at: NaiveDateTime) -> String {
    updated_at.and_utc().timestamp_micros().to_string()
}

/// Records a change to what the public sees, in the caller's transaction: queues the
/// search-index update and bumps the organization's content version (which tells every
/// instance that its cached pages of the organization are stale). Called before a delete,
/// while the article row still names its organization.
pub(super) fn enqueue_search(
    conn: &mut DbConnection,
    article_id: i64,
    op: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let org_id: i64 = articles::table
        .find(article_id)
        .select(articles::org_id)
        .first(conn)?;
    super::orgs::bump_content(conn, org_id)?;
    diesel::insert_into(search_outbox::table)
        .values((
            search_outbox::article_id.eq(article_id),
            search_outbox::op.eq(op),
            search_outbox::next_attempt_at.eq(now),
            search_outbox::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Which of these import keys the organization already has.
pub fn imported_keys(
    conn: &mut DbConnection,
    org_id: i64,
    keys: &[&str],
) -> Result<Vec<String>, AppError> {
    let found: Vec<Option<String>> = articles::table
        .filter(articles::org_id.eq(org_id))
        .filter(articles::import_key.eq_any(keys))
        .select(articles::import_key)
        .load(conn)?;
    Ok(found.into_iter().flatten().collect())
}

/// The article with this id.
pub fn by_id(conn: &mut DbConnection, id: i64) -> Result<Article, AppError> {
    articles::table
        .find(id)
        .select(Article::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)
}

/// An article proven to belong to an organization. Only [`in_org`] makes one (through
/// [`Scoped::reference`]), and every query that changes an article or reveals its history takes
/// one: a handler cannot reach another organization's article by forgetting a check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArticleRef {
    id: i64,
    org_id: i64,
}

impl ArticleRef {
    /// The article's id.
    pub fn id(self) -> i64 {
        self.id
    }

    /// Its organization's id.
    pub fn org_id(self) -> i64 {
        self.org_id
    }
}

/// An article loaded through the organization-checked lookup; reads like the row itself.
#[derive(Clone, Debug)]
pub struct Scoped(Article);

impl std::ops::Deref for Scoped {
    type Target = Article;

    fn deref(&self) -> &Article {
        &self.0
    }
}

impl Scoped {
    /// The reference that changing queries take.
    pub fn reference(&self) -> ArticleRef {
        ArticleRef {
            id: self.0.id,
            org_id: self.0.org_id,
        }
    }
}

/// The article with this id in this organization (404 otherwise, the same as no article).
pub fn in_org(conn: &mut DbConnection, org_id: i64, id: i64) -> Result<Scoped, AppError> {
    let a = by_id(conn, id)?;
    if a.org_id == org_id {
        Ok(Scoped(a))
    } else {
        Err(AppError::NotFound)
    }
}

/// Where a slug leads in an organization.
#[derive(Clone, Debug)]
pub enum SlugLookup {
    /// The article's current slug.
    Found(Box<Article>),
    /// An old slug: redirect to this current one.
    Moved(String),
    /// Nothing.
    Missing,
}

/// Looks up an article by its current or an old slug.
pub fn by_slug(conn: &mut DbConnection, org_id: i64, slug: &str) -> Result<SlugLookup, AppError> {
    let found = articles::table
        .filter(articles::org_id.eq(org_id))
        .filter(articles::slug.eq(slug))
        .select(Article::as_select())
        .first(conn)
        .optional()?;
    if let Some(a) = found {
        return Ok(SlugLookup::Found(Box::new(a)));
    }
    let moved: Option<String> = article_slug_redirects::table
        .inner_join(articles::table)
        .filter(article_slug_redirects::org_id.eq(org_id))
        .filter(article_slug_redirects::old_slug.eq(slug))
        .select(articles::slug)
        .first(conn)
        .optional()?;
    Ok(moved.map_or(SlugLookup::Missing, SlugLookup::Moved))
}

/// The article's tag names, in name order.
pub fn tag_names(conn: &mut DbConnection, article_id: i64) -> Result<Vec<String>, AppError> {
    Ok(article_tags::table
        .inner_join(tags::table)
        .filter(article_tags::article_id.eq(article_id))
        .order(tags::name.asc())
        .select(tags::name)
        .load(conn)?)
}

/// Every tag of the organization with its article count, by name.
pub fn org_tags(conn: &mut DbConnection, org_id: i64) -> Result<Vec<(String, String)>, AppError> {
    Ok(tags::table
        .filter(tags::org_id.eq(org_id))
        .order(tags::name.asc())
        .select((tags::slug, tags::name))
        .load(conn)?)
}

/// An article with its tag names and its author's name, as the API shows it.
#[derive(Clone, Debug)]
pub struct Detailed {
    /// The row.
    pub article: Article,
    /// Tag names, in name order.
    pub tags: Vec<String>,
    /// The author's name (None without an author).
    pub author_name: Option<String>,
}

/// The organization's articles with these ids, in the order given; ids of other organizations
/// or of no article are left out. Three queries whatever the number of ids.
pub fn detailed(
    conn: &mut DbConnection,
    org_id: i64,
    ids: &[i64],
) -> Result<Vec<Detailed>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Article, Option<String>)> = articles::table
        .left_join(users::table)
        .filter(articles::org_id.eq(org_id))
        .filter(articles::id.eq_any(ids))
        .select((Article::as_select(), users::name.nullable()))
        .load(conn)?;
    let tag_rows: Vec<(i64, String)> = article_tags::table
        .inner_join(tags::table)
        .filter(article_tags::article_id.eq_any(ids))
        .order((article_tags::article_id.asc(), tags::name.asc()))
        .select((article_tags::article_id, tags::name))
        .load(conn)?;
    let mut by_id: std::collections::HashMap<i64, Detailed> = rows
        .into_iter()
        .map(|(article, author_name)| {
            let d = Detailed {
                article,
                tags: Vec::new(),
                author_name,
            };
            (d.article.id, d)
        })
        .collect();
    for (article_id, name) in tag_rows {
        if let Some(d) = by_id.get_mut(&article_id) {
            d.tags.push(name);
        }
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}
