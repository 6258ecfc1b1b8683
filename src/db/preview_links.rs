//! Preview links: a random token shows one article, as it is now, to whoever holds it until it
//! expires or is revoked. Only the token's SHA-256 is stored; the editor lists an article's live
//! links and revokes them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::articles::ArticleRef;
use super::schema::{preview_links, users};
use super::tokens::digest;
use crate::auth::tokens::random_token;
use crate::error::AppError;

/// A live preview link as the editor lists it.
#[derive(Clone, Debug)]
pub struct Live {
    /// Id.
    pub id: i64,
    /// Who made it.
    pub created_by: Option<String>,
    /// Creation (UTC).
    pub created_at: NaiveDateTime,
    /// It stops working then (UTC).
    pub expires_at: NaiveDateTime,
}

/// What a token opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opened {
    /// The article, and when the link expires.
    Article(i64, NaiveDateTime),
    /// A real link past its expiry or revoked.
    Gone,
}

/// Makes a link to the article valid until `expires_at`; returns the token, which is stored
/// nowhere.
pub fn create(
    conn: &mut DbConnection,
    article: ArticleRef,
    created_by: i64,
    expires_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<String, AppError> {
    let token = random_token(32);
    diesel::insert_into(preview_links::table)
        .values((
            preview_links::article_id.eq(article.id()),
            preview_links::token_sha256.eq(digest(&token)),
            preview_links::created_by.eq(created_by),
            preview_links::created_at.eq(now),
            preview_links::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(token)
}

/// What the token opens at `now`; `None` for a token that was never made.
pub fn open(
    conn: &mut DbConnection,
    token: &str,
    now: NaiveDateTime,
) -> Result<Option<Opened>, AppError> {
    let row: Option<(i64, NaiveDateTime, Option<NaiveDateTime>)> = preview_links::table
        .filter(preview_links::token_sha256.eq(digest(token)))
        .select((
            preview_links::article_id,
            preview_links::expires_at,
            preview_links::revoked_at,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(article, expires, revoked)| {
        if revoked.is_some() || now >= expires {
            Opened::Gone
        } else {
            Opened::Article(article, expires)
        }
    }))
}

/// The article's links that still work, newest first.
pub fn live(
    conn: &mut DbConnection,
    article: ArticleRef,
    now: NaiveDateTime,
) -> Result<Vec<Live>, AppError> {
    let rows: Vec<(i64, Option<String>, NaiveDateTime, NaiveDateTime)> = preview_links::table
        .left_join(users::table.on(users::id.nullable().eq(preview_links::created_by)))
        .filter(preview_links::article_id.eq(article.id()))
        .filter(preview_links::revoked_at.is_null())
        .filter(preview_links::expires_at.gt(now))
        .order((preview_links::created_at.desc(), preview_links::id.desc()))
        .select((
            preview_links::id,
            users::name.nullable(),
            preview_links::created_at,
            preview_links::expires_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, created_by, created_at, expires_at)| Live {
            id,
            created_by,
            created_at,
            expires_at,
        })
        .collect())
}

/// Revokes one of the article's links (404 for another article's).
pub fn revoke(
    conn: &mut DbConnection,
    article: ArticleRef,
    id: i64,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let n = diesel::update(
        preview_links::table
            .filter(preview_links::id.eq(id))
            .filter(preview_links::article_id.eq(article.id()))
            .filter(preview_links::revoked_at.is_null()),
    )
    .set(preview_links::revoked_at.eq(now))
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
