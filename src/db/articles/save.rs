//! Creating and updating articles: slug, tags, revision and search outbox in one transaction,
//! storing the body the caller rendered (`render::body`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::super::schema::{article_slug_redirects, articles};
use super::super::{DbConnection, write_tx};
use super::revisions::insert_revision;
use super::slugs::{check_cover, choose_slug};
use super::tagging::set_tags;
use super::{ArticleRef, by_id, enqueue_search, version_of};
use crate::domain::RenderedBody;
use crate::domain::{ArticleInput, Status};
use crate::error::AppError;

/// How an article comes into existence.
#[derive(Clone, Debug)]
pub struct Origin {
    /// Author (None for imports without one).
    pub author_id: Option<i64>,
    /// Starting status: `Draft`, or `Published` for imports.
    pub status: Status,
    /// Publication time for an article created published.
    pub published_at: Option<NaiveDateTime>,
    /// Import line id; an article with the same key is left alone.
    pub import_key: Option<String>,
}

/// What `create` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Created {
    /// A new article with this id.
    New(i64),
    /// An article with the same import key already exists.
    Exists(i64),
}

/// The stored result of a save, for the editor to carry on.
#[derive(Clone, Debug)]
pub struct Saved {
    /// Article id.
    pub id: i64,
    /// The slug it ended up with.
    pub slug: String,
    /// The new version token.
    pub version: String,
    /// Whether this save stored (or refreshed) a revision.
    pub revision: bool,
}

/// Who is saving and how.
#[derive(Clone, Copy, Debug)]
pub struct SaveBy {
    /// The member saving (None: an API token created on the command line, which acts for no
    /// member).
    pub user_id: Option<i64>,
    /// An autosave refreshes the newest autosave revision by the same member instead of adding
    /// one, so typing does not bury the history.
    pub autosave: bool,
}

/// The columns an editor's save writes, the same for a new article and a changed one. `None`
/// is written as NULL (a cover or source link taken away).
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = articles, treat_none_as_null = true)]
struct ContentColumns<'a> {
    slug: &'a str,
    title: &'a str,
    summary: &'a str,
    excerpt: &'a str,
    body_markdown: &'a str,
    body_html: &'a str,
    body_text: &'a str,
    word_count: i32,
    reading_minutes: i32,
    cover_media_id: Option<i64>,
    category: &'a str,
    language: &'a str,
    byline: &'a str,
    source_url: Option<&'a str>,
}

impl<'a> ContentColumns<'a> {
    fn of(slug: &'a str, input: &'a ArticleInput, body: &'a RenderedBody) -> Self {
        ContentColumns {
            slug,
            title: input.title.as_str(),
            summary: &input.summary,
            excerpt: &body.excerpt,
            body_markdown: &input.body_markdown,
            body_html: &body.html,
            body_text: &body.text,
            word_count: body.words,
            reading_minutes: body.minutes,
            cover_media_id: input.cover_media_id,
            category: input.category.as_str(),
            language: input.language.as_str(),
            byline: &input.byline,
            source_url: input.source_url.as_deref(),
        }
    }
}

/// Creates an article from its input and its body, rendered beforehand (rendering is CPU work
/// that must not hold a connection or the write lock).
pub fn create(
    conn: &mut DbConnection,
    org_id: i64,
    input: &ArticleInput,
    body: &RenderedBody,
    origin: &Origin,
    now: NaiveDateTime,
) -> Result<Created, AppError> {
    write_tx(conn, |conn| {
        insert_rendered(conn, org_id, input, body, origin, now)
    })
}

/// The inserts of [`create`], inside the caller's transaction (the importer writes a
/// batch per transaction, one savepoint per article).
pub fn insert_rendered(
    conn: &mut DbConnection,
    org_id: i64,
    input: &ArticleInput,
    body: &RenderedBody,
    origin: &Origin,
    now: NaiveDateTime,
) -> Result<Created, AppError> {
    {
        if let Some(key) = &origin.import_key {
            let existing: Option<i64> = articles::table
                .filter(articles::org_id.eq(org_id))
                .filter(articles::import_key.eq(key))
                .select(articles::id)
                .first(conn)
                .optional()?;
            if let Some(id) = existing {
                return Ok(Created::Exists(id));
            }
        }
        check_cover(conn, org_id, input.cover_media_id)?;
        let slug = choose_slug(conn, org_id, None, input.slug.as_ref(), &input.title)?;
        let id = diesel::insert_into(articles::table)
            .values((
                ContentColumns::of(&slug, input, body),
                articles::org_id.eq(org_id),
                articles::author_id.eq(origin.author_id),
                articles::status.eq(origin.status.as_str()),
                articles::published_at.eq(origin.published_at),
                articles::import_key.eq(&origin.import_key),
                articles::created_at.eq(now),
                articles::updated_at.eq(now),
            ))
            .returning(articles::id)
            .get_result::<i64>(conn)?;
        set_tags(conn, org_id, id, &input.tags)?;
        insert_revision(conn, id, input, origin.author_id, false, now)?;
        if origin.status == Status::Published {
            enqueue_search(conn, id, "upsert", now)?;
        }
        Ok(Created::New(id))
    }
}

/// Saves an editor's changes. `expected_version` (from [`Article::version`]) guards against
/// overwriting someone else's save made since the editor loaded the article.
pub fn update(
    conn: &mut DbConnection,
    article: ArticleRef,
    input: &ArticleInput,
    body: &RenderedBody,
    expected_version: Option<&str>,
    by: SaveBy,
    now: NaiveDateTime,
) -> Result<Saved, AppError> {
    let article_id = article.id();
    write_tx(conn, |conn| {
        let current = by_id(conn, article_id)?;
        if let Some(v) = expected_version
            && v != current.version()
        {
            return Err(AppError::Conflict(crate::error::Msg::new(
                "error-edit-conflict",
            )));
        }
        check_cover(conn, current.org_id, input.cover_media_id)?;
        let slug = match &input.slug {
            Some(s) => choose_slug(
                conn,
                current.org_id,
                Some(article_id),
                Some(s),
                &input.title,
            )?,
            // An empty slug follows the title until the article is first published; after
            // that its address stays put.
            None if current.published_at.is_none() => {
                choose_slug(conn, current.org_id, Some(article_id), None, &input.title)?
            }
            None => current.slug.clone(),
        };
        if slug != current.slug {
            diesel::delete(
                article_slug_redirects::table
                    .filter(article_slug_redirects::org_id.eq(current.org_id))
                    .filter(article_slug_redirects::old_slug.eq_any([&current.slug, &slug])),
            )
            .execute(conn)?;
            diesel::insert_into(article_slug_redirects::table)
                .values((
                    article_slug_redirects::org_id.eq(current.org_id),
                    article_slug_redirects::old_slug.eq(&current.slug),
                    article_slug_redirects::article_id.eq(article_id),
                    article_slug_redirects::created_at.eq(now),
                ))
                .execute(conn)?;
        }
        let content_changed = current.title != input.title.as_str()
            || current.summary != input.summary
            || current.body_markdown != input.body_markdown;
        let updated_at = if now > current.updated_at {
            now
        } else {
            // Two saves within the same microsecond must still change the version.
            current.updated_at + chrono::Duration::microseconds(1)
        };
        diesel::update(articles::table.find(article_id))
            .set((
                ContentColumns::of(&slug, input, body),
                articles::updated_at.eq(updated_at),
            ))
            .execute(conn)?;
        set_tags(conn, current.org_id, article_id, &input.tags)?;
        if content_changed {
            insert_revision(conn, article_id, input, by.user_id, by.autosave, updated_at)?;
        }
        if current.status() == Status::Published {
            enqueue_search(conn, article_id, "upsert", now)?;
        }
        Ok(Saved {
            id: article_id,
            slug,
            version: version_of(updated_at),
            revision: content_changed,
        })
    })
}
