//! Server-side sessions. The session cookie carries a random token; only its SHA-256 is stored,
//! with the user and when it was last seen. Logout deletes the row, a password change deletes
//! the user's other rows, and a row unseen for [`IDLE_LIMIT`] is void: a copied cookie dies with
//! its row.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{sessions, users};
use super::tokens::digest;
use super::users::User;
use crate::auth::tokens::random_token;
use crate::error::AppError;

/// A session unused this long is over (the cookie's own lifetime is the same).
pub const IDLE_LIMIT: chrono::Duration = chrono::Duration::days(14);

/// How often `last_seen_at` is written at most.
pub const SEEN_RESOLUTION: chrono::Duration = chrono::Duration::minutes(5);

/// Starts a session for `user_id`; returns its id and the token for the cookie.
pub fn start(
    conn: &mut DbConnection,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<(i64, String), AppError> {
    let token = random_token(32);
    let id = diesel::insert_into(sessions::table)
        .values((
            sessions::user_id.eq(user_id),
            sessions::token_sha256.eq(digest(&token)),
            sessions::created_at.eq(now),
            sessions::last_seen_at.eq(now),
        ))
        .returning(sessions::id)
        .get_result::<i64>(conn)?;
    Ok((id, token))
}

/// The live session a cookie token belongs to, with its user (who must have a password);
/// refreshes `last_seen_at` now and then.
pub fn resume(
    conn: &mut DbConnection,
    token: &str,
    now: NaiveDateTime,
) -> Result<Option<(i64, User)>, AppError> {
    let found: Option<(i64, NaiveDateTime, User)> = sessions::table
        .inner_join(users::table)
        .filter(sessions::token_sha256.eq(digest(token)))
        .filter(sessions::last_seen_at.gt(now - IDLE_LIMIT))
        .filter(users::password_hash.is_not_null())
        .select((sessions::id, sessions::last_seen_at, User::as_select()))
        .first(conn)
        .optional()?;
    let Some((id, seen, user)) = found else {
        return Ok(None);
    };
    if now - seen >= SEEN_RESOLUTION
        && let Err(e) = diesel::update(sessions::table.find(id))
            .set(sessions::last_seen_at.eq(now))
            .execute(conn)
    {
        // A failed stamp must not log anyone out.
        tracing::warn!(session_id = id, error = %e, "refreshing a session");
    }
    Ok(Some((id, user)))
}

/// Ends one session (logout).
pub fn end(conn: &mut DbConnection, token: &str) -> Result<(), AppError> {
    diesel::delete(sessions::table.filter(sessions::token_sha256.eq(digest(token))))
        .execute(conn)?;
    Ok(())
}

/// Ends every session of the user except `keep`.
pub fn end_all_of(
    conn: &mut DbConnection,
    user_id: i64,
    keep: Option<i64>,
) -> Result<usize, AppError> {
    let q = sessions::table.filter(sessions::user_id.eq(user_id));
    Ok(match keep {
        Some(id) => diesel::delete(q.filter(sessions::id.ne(id))).execute(conn)?,
        None => diesel::delete(q).execute(conn)?,
    })
}

/// Deletes sessions past their idle limit; returns how many.
pub fn purge(conn: &mut DbConnection, now: NaiveDateTime) -> Result<usize, AppError> {
    Ok(
        diesel::delete(sessions::table.filter(sessions::last_seen_at.le(now - IDLE_LIMIT)))
            .execute(conn)?,
    )
}
