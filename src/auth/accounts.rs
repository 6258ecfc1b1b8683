//! Account operations shared by the CLI and the web: each is one write transaction.

use chrono::NaiveDateTime;

use crate::db::orgs::{NewOrganization, Organization};
use crate::db::users::User;
use crate::db::{self, DbConnection, members, orgs, users};
use crate::domain::{EmailAddress, PersonName, Role};
use crate::error::AppError;

/// Creates a user with a password and makes them a member of `org` with `role`.
pub fn create_member(
    conn: &mut DbConnection,
    org: &Organization,
    email: &EmailAddress,
    name: &PersonName,
    password_hash: &str,
    role: Role,
    now: NaiveDateTime,
) -> Result<User, AppError> {
    db::write_tx(conn, |conn| {
        let user = users::create(conn, email, name, Some(password_hash), now)?;
        members::add(conn, org.id, user.id, role, now)?;
        Ok(user)
    })
}

/// First run: creates the first organization and its owner, but only while no user exists,
/// so the setup link works once.
pub fn setup_first_account(
    conn: &mut DbConnection,
    org: &NewOrganization,
    email: &EmailAddress,
    name: &PersonName,
    password_hash: &str,
    now: NaiveDateTime,
) -> Result<(Organization, User), AppError> {
    db::write_tx(conn, |conn| {
        if users::count(conn)? > 0 {
            return Err(AppError::NotFound);
        }
        let org = orgs::create(conn, org, now)?;
        let user = users::create(conn, email, name, Some(password_hash), now)?;
        members::add(conn, org.id, user.id, Role::Owner, now)?;
        Ok((org, user))
    })
}

/// Adds a member by email. An unknown address gets an invited account (no password yet).
pub fn add_member_by_email(
    conn: &mut DbConnection,
    org_id: i64,
    email: &EmailAddress,
    role: Role,
    now: NaiveDateTime,
) -> Result<User, AppError> {
    db::write_tx(conn, |conn| {
        let user = match users::by_email(conn, email)? {
            Some(user) => user,
            None => {
                let name = PersonName::parse(email.local_part())
                    .map_err(|e| AppError::Unexpected(anyhow::anyhow!(e)))?;
                users::create(conn, email, &name, None, now)?
            }
        };
        members::add(conn, org_id, user.id, role, now)?;
        Ok(user)
    })
}
