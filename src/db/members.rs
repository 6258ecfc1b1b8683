//! Memberships: who belongs to which organization with which role. Every change keeps at least
//! one owner.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{memberships, users};
use crate::domain::Role;
use crate::error::AppError;

/// One member as listed on the members page.
#[derive(Clone, Debug)]
pub struct Member {
    /// The user's id.
    pub user_id: i64,
    /// Display name.
    pub name: String,
    /// Email address.
    pub email: String,
    /// Role in this organization.
    pub role: Role,
    /// When they joined (UTC).
    pub joined_at: NaiveDateTime,
}

/// Parses a stored role (the column has a CHECK constraint, so failure means corruption).
pub fn role_from_db(s: &str) -> Result<Role, AppError> {
    s.parse()
        .map_err(|_| AppError::Unexpected(anyhow::anyhow!("unknown role {s:?} in memberships")))
}

/// Adds a member; `Conflict` if they already belong to the organization.
pub fn add(
    conn: &mut DbConnection,
    org_id: i64,
    user_id: i64,
    role: Role,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    if role_of(conn, org_id, user_id)?.is_some() {
        return Err(AppError::Conflict(crate::error::Msg::new(
            "error-already-member",
        )));
    }
    diesel::insert_into(memberships::table)
        .values((
            memberships::org_id.eq(org_id),
            memberships::user_id.eq(user_id),
            memberships::role.eq(role.as_str()),
            memberships::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// The user's role in the organization, if they are a member.
pub fn role_of(
    conn: &mut DbConnection,
    org_id: i64,
    user_id: i64,
) -> Result<Option<Role>, AppError> {
    let role: Option<String> = memberships::table
        .find((org_id, user_id))
        .select(memberships::role)
        .first(conn)
        .optional()?;
    role.as_deref().map(role_from_db).transpose()
}

/// Every member of the organization, owners first, then by name.
pub fn list(conn: &mut DbConnection, org_id: i64) -> Result<Vec<Member>, AppError> {
    type Row = (i64, String, String, String, NaiveDateTime);
    let rows: Vec<Row> = memberships::table
        .inner_join(users::table)
        .filter(memberships::org_id.eq(org_id))
        .order(users::name.asc())
        .select((
            users::id,
            users::name,
            users::email,
            memberships::role,
            memberships::created_at,
        ))
        .load(conn)?;
    let mut members = rows
        .into_iter()
        .map(|(user_id, name, email, role, joined_at)| {
            Ok(Member {
                user_id,
                name,
                email,
                role: role_from_db(&role)?,
                joined_at,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    members.sort_by_key(|m| m.role);
    Ok(members)
}

/// How many members the organization has.
pub fn count(conn: &mut DbConnection, org_id: i64) -> Result<i64, AppError> {
    Ok(memberships::table
        .filter(memberships::org_id.eq(org_id))
        .count()
        .get_result(conn)?)
}

fn owner_count(conn: &mut DbConnection, org_id: i64) -> Result<i64, AppError> {
    Ok(memberships::table
        .filter(memberships::org_id.eq(org_id))
        .filter(memberships::role.eq(Role::Owner.as_str()))
        .count()
        .get_result(conn)?)
}

fn last_owner_error() -> AppError {
    AppError::Conflict(crate::error::Msg::new("error-last-owner"))
}

/// Changes a member's role, refusing to demote the last owner. An owner who becomes anything
/// else loses the API tokens they made (in the same transaction).
pub fn change_role(
    conn: &mut DbConnection,
    org_id: i64,
    user_id: i64,
    role: Role,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    super::write_tx(conn, |conn| {
        super::lock_org(conn, org_id)?;
        let current = role_of(conn, org_id, user_id)?.ok_or(AppError::NotFound)?;
        if current == Role::Owner && role != Role::Owner && owner_count(conn, org_id)? <= 1 {
            return Err(last_owner_error());
        }
        diesel::update(memberships::table.find((org_id, user_id)))
            .set(memberships::role.eq(role.as_str()))
            .execute(conn)?;
        if role != Role::Owner {
            let reason = super::tokens::CREATOR_NOT_OWNER;
            super::tokens::revoke_created_by(conn, org_id, user_id, reason, now)?;
        }
        Ok(())
    })
}

/// Removes a member, refusing to remove the last owner; the API tokens they made are revoked in
/// the same transaction.
pub fn remove(
    conn: &mut DbConnection,
    org_id: i64,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    super::write_tx(conn, |conn| {
        super::lock_org(conn, org_id)?;
        let current = role_of(conn, org_id, user_id)?.ok_or(AppError::NotFound)?;
        if current == Role::Owner && owner_count(conn, org_id)? <= 1 {
            return Err(last_owner_error());
        }
        diesel::delete(memberships::table.find((org_id, user_id))).execute(conn)?;
        let reason = super::tokens::CREATOR_REMOVED;
        super::tokens::revoke_created_by(conn, org_id, user_id, reason, now)?;
        Ok(())
    })
}
