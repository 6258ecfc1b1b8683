//! API tokens: created for one organization, shown once, stored only as a SHA-256 hex digest,
//! looked up by that digest and revoked (never deleted, so the list keeps its history).
//!
//! A token acts with its creator's authority, so it lives only as long as that authority: a
//! member's tokens are revoked when they are removed or stop being an owner, and every request
//! checks the creator's current role as well (tokens made on the command line have no creator).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sha2::{Digest as _, Sha256};

use super::DbConnection;
use super::schema::{api_tokens, memberships, users};
use crate::auth::tokens::random_token;
use crate::domain::Role;
use crate::domain::TokenName;
use crate::domain::token::{TOKEN_BYTES, TOKEN_PREFIX, looks_like_token};
use crate::error::{AppError, FieldErrors};

/// How often `last_used_at` is written at most: a busy integration must not cost a write per
/// request.
pub const LAST_USED_RESOLUTION: chrono::Duration = chrono::Duration::minutes(1);

/// An API token row (without the secret, which is never stored).
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    /// Primary key.
    pub id: i64,
    /// The organization the token acts for.
    pub org_id: i64,
    /// Name, unique in the organization.
    pub name: String,
    /// SHA-256 of the token, lower-case hex.
    pub token_sha256: String,
    /// The member who created it (None: created on the command line, or the member is gone).
    pub created_by: Option<i64>,
    /// Creation (UTC).
    pub created_at: NaiveDateTime,
    /// Last authenticated request (UTC), to the minute.
    pub last_used_at: Option<NaiveDateTime>,
    /// When it was revoked (UTC); a revoked token no longer authenticates.
    pub revoked_at: Option<NaiveDateTime>,
    /// Why it was revoked (shown on the tokens page).
    pub revoked_reason: Option<String>,
}

/// Reason stored when an owner revokes a token.
pub const REVOKED_BY_OWNER: &str = "revoked by an owner";
/// Reason stored when the creator left the organization.
pub const CREATOR_REMOVED: &str = "its creator was removed from the organization";
/// Reason stored when the creator is no longer an owner.
pub const CREATOR_NOT_OWNER: &str = "its creator is no longer an owner";

/// The stored digest of a token.
pub fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Creates a token; returns the row and the token itself, which exists nowhere else afterwards.
/// A name already used in the organization (revoked tokens included) is an error on `name`.
pub fn create(
    conn: &mut DbConnection,
    org_id: i64,
    name: &TokenName,
    created_by: Option<i64>,
    now: NaiveDateTime,
) -> Result<(ApiToken, String), AppError> {
    let token = format!("{TOKEN_PREFIX}{}", random_token(TOKEN_BYTES));
    // The unique index on (org_id, name) is the check: no read-then-insert race. The other
    // unique index, on the digest, cannot be hit by 256 random bits.
    let id = diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::org_id.eq(org_id),
            api_tokens::name.eq(name.as_str()),
            api_tokens::token_sha256.eq(digest(&token)),
            api_tokens::created_by.eq(created_by),
            api_tokens::created_at.eq(now),
        ))
        .returning(api_tokens::id)
        .get_result::<i64>(conn)
        .map_err(|e| {
            if super::is_unique_violation(&e) {
                FieldErrors::single(
                    "name",
                    crate::error::Msg::new("error-token-name-taken").arg("value", name.as_str()),
                )
            } else {
                e.into()
            }
        })?;
    let row = api_tokens::table
        .find(id)
        .select(ApiToken::as_select())
        .first(conn)?;
    Ok((row, token))
}

/// The live token matching `token`, if any; stamps `last_used_at` when it is older than
/// [`LAST_USED_RESOLUTION`]. A failed stamp is logged, not fatal: it must not refuse a request.
pub fn authenticate(
    conn: &mut DbConnection,
    token: &str,
    now: NaiveDateTime,
) -> Result<Option<ApiToken>, AppError> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    let found = api_tokens::table
        .filter(api_tokens::token_sha256.eq(digest(token)))
        .filter(api_tokens::revoked_at.is_null())
        .select(ApiToken::as_select())
        .first(conn)
        .optional()?;
    let Some(mut row) = found else {
        return Ok(None);
    };
    if let Some(creator) = row.created_by {
        let role: Option<String> = memberships::table
            .find((row.org_id, creator))
            .select(memberships::role)
            .first(conn)
            .optional()?;
        if role.as_deref() != Some(Role::Owner.as_str()) {
            let reason = if role.is_some() {
                CREATOR_NOT_OWNER
            } else {
                CREATOR_REMOVED
            };
            // Should have happened when the role changed; make it so now.
            revoke_where(conn, row.org_id, Some(row.id), None, reason, now)?;
            tracing::warn!(
                token_id = row.id,
                reason,
                "refused a token that outlived its creator"
            );
            return Ok(None);
        }
    }
    if row
        .last_used_at
        .is_none_or(|at| now - at >= LAST_USED_RESOLUTION)
    {
        match diesel::update(api_tokens::table.find(row.id))
            .set(api_tokens::last_used_at.eq(now))
            .execute(conn)
        {
            Ok(_) => row.last_used_at = Some(now),
            Err(e) => tracing::warn!(token_id = row.id, error = %e, "stamping last_used_at"),
        }
    }
    Ok(Some(row))
}

/// A token as the dashboard lists it.
#[derive(Clone, Debug)]
pub struct Listed {
    /// The row.
    pub token: ApiToken,
    /// Name of the member who created it, if any.
    pub created_by_name: Option<String>,
}

/// The organization's tokens, live ones first, newest first.
pub fn list(conn: &mut DbConnection, org_id: i64) -> Result<Vec<Listed>, AppError> {
    let rows: Vec<(ApiToken, Option<String>)> = api_tokens::table
        .left_join(users::table.on(users::id.nullable().eq(api_tokens::created_by)))
        .filter(api_tokens::org_id.eq(org_id))
        .order((
            api_tokens::revoked_at.is_not_null().asc(),
            api_tokens::created_at.desc(),
            api_tokens::id.desc(),
        ))
        .select((ApiToken::as_select(), users::name.nullable()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(token, created_by_name)| Listed {
            token,
            created_by_name,
        })
        .collect())
}

/// Revokes a token of the organization (404 for another organization's). Revoking a revoked
/// token keeps its first revocation time. Returns the row.
pub fn revoke(
    conn: &mut DbConnection,
    org_id: i64,
    id: i64,
    now: NaiveDateTime,
) -> Result<ApiToken, AppError> {
    revoke_where(conn, org_id, Some(id), None, REVOKED_BY_OWNER, now)?;
    api_tokens::table
        .filter(api_tokens::id.eq(id))
        .filter(api_tokens::org_id.eq(org_id))
        .select(ApiToken::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)
}

/// Revokes the live tokens a member created in the organization (when they are removed or stop
/// being an owner). Returns how many.
pub fn revoke_created_by(
    conn: &mut DbConnection,
    org_id: i64,
    user_id: i64,
    reason: &str,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    revoke_where(conn, org_id, None, Some(user_id), reason, now)
}

fn revoke_where(
    conn: &mut DbConnection,
    org_id: i64,
    id: Option<i64>,
    created_by: Option<i64>,
    reason: &str,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    let mut q = diesel::update(api_tokens::table)
        .filter(api_tokens::org_id.eq(org_id))
        .filter(api_tokens::revoked_at.is_null())
        .into_boxed();
    if let Some(id) = id {
        q = q.filter(api_tokens::id.eq(id));
    }
    if let Some(user) = created_by {
        q = q.filter(api_tokens::created_by.eq(user));
    }
    Ok(q.set((
        api_tokens::revoked_at.eq(now),
        api_tokens::revoked_reason.eq(reason),
    ))
    .execute(conn)?)
}
