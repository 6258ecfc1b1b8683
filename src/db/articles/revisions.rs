//! Revisions: stored on each content change, listed and read back for diffs and restores.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::super::DbConnection;
use super::super::schema::{article_revisions, users};
use super::ArticleRef;
use crate::domain::ArticleInput;
use crate::error::AppError;

/// Stores a revision, or refreshes the latest autosave (see [`super::SaveBy`]).
pub(super) fn insert_revision(
    conn: &mut DbConnection,
    article_id: i64,
    input: &ArticleInput,
    author_id: Option<i64>,
    autosave: bool,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    if autosave {
        // Refresh the newest revision when it is an autosave by the same member from the last
        // ten minutes.
        let latest: Option<(i64, bool, Option<i64>, NaiveDateTime)> = article_revisions::table
            .filter(article_revisions::article_id.eq(article_id))
            .order(article_revisions::id.desc())
            .select((
                article_revisions::id,
                article_revisions::autosave,
                article_revisions::author_id,
                article_revisions::created_at,
            ))
            .first(conn)
            .optional()?;
        if let Some((id, true, author, at)) = latest
            && author == author_id
            && now - at < chrono::Duration::minutes(10)
        {
            diesel::update(article_revisions::table.find(id))
                .set((
                    article_revisions::title.eq(input.title.as_str()),
                    article_revisions::summary.eq(&input.summary),
                    article_revisions::body_markdown.eq(&input.body_markdown),
                ))
                .execute(conn)?;
            return Ok(());
        }
    }
    diesel::insert_into(article_revisions::table)
        .values((
            article_revisions::article_id.eq(article_id),
            article_revisions::title.eq(input.title.as_str()),
            article_revisions::summary.eq(&input.summary),
            article_revisions::body_markdown.eq(&input.body_markdown),
            article_revisions::author_id.eq(author_id),
            article_revisions::autosave.eq(autosave),
            article_revisions::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// One saved version of an article.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = article_revisions)]
pub struct Revision {
    /// Id.
    pub id: i64,
    /// Title then.
    pub title: String,
    /// Summary then.
    pub summary: String,
    /// Markdown then.
    pub body_markdown: String,
    /// Who saved it (read through [`with_authors`]).
    #[diesel(select_expression = users::name.nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<users::name>)]
    pub author_name: Option<String>,
    /// When (UTC).
    pub created_at: NaiveDateTime,
    /// Whether it came from an autosave.
    pub autosave: bool,
}

/// Revisions joined to their authors, as [`Revision`] selects them.
fn with_authors() -> diesel::dsl::LeftJoin<article_revisions::table, users::table> {
    article_revisions::table.left_join(users::table)
}

/// The article's revisions, newest first.
pub fn revisions(conn: &mut DbConnection, article: ArticleRef) -> Result<Vec<Revision>, AppError> {
    Ok(with_authors()
        .filter(article_revisions::article_id.eq(article.id()))
        .order(article_revisions::id.desc())
        .select(Revision::as_select())
        .load(conn)?)
}

/// One revision of the article (404 when it belongs to another).
pub fn revision(
    conn: &mut DbConnection,
    article: ArticleRef,
    revision_id: i64,
) -> Result<Revision, AppError> {
    with_authors()
        .filter(article_revisions::article_id.eq(article.id()))
        .filter(article_revisions::id.eq(revision_id))
        .select(Revision::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)
}
