//! Account operations shared by the CLI and the web: each is one write transaction.

use chrono::NaiveDateTime;

use crate::db::invitations::{self, Invitation};
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

/// Invites an address to an organization: finds its account or creates one without a password
/// (bound to this organization), and makes an invitation for (that account, this
/// organization). The members page answers the same either way; the link's own page must offer
/// the right step (join, or log in), which tells whoever holds the link — until the mail
/// transport sends it to the address instead of showing it to the owner. `Conflict` when the
/// account is already a member. `then(conn, token)` runs in the same transaction once the
/// invitation exists (the dashboard queues the invitation email there, so both happen or
/// neither).
pub fn invite_by_email(
    conn: &mut DbConnection,
    org_id: i64,
    email: &EmailAddress,
    role: Role,
    invited_by: Option<i64>,
    now: NaiveDateTime,
    then: impl FnOnce(&mut DbConnection, &str) -> Result<(), AppError>,
) -> Result<(Invitation, String), AppError> {
    db::write_tx(conn, |conn| {
        let user = match users::by_email(conn, email)? {
            Some(user) => user,
            None => {
                let name = PersonName::parse(email.local_part())
                    .map_err(|e| AppError::Unexpected(anyhow::anyhow!(e)))?;
                users::create_invited(conn, email, &name, org_id, now)?
            }
        };
        if members::role_of(conn, org_id, user.id)?.is_some() {
            return Err(AppError::Conflict(crate::error::Msg::new(
                "error-already-member",
            )));
        }
        let (invitation, token) =
            invitations::create_in_tx(conn, org_id, user.id, role, invited_by, now)?;
        then(conn, &token)?;
        Ok((invitation, token))
    })
}
