//! Invitations: an owner asks one account to join one organization with one role. Each is a row
//! with a random token of which only the SHA-256 is stored; it is single-use, revocable and
//! expires. The membership is written only when the person accepts.
//!
//! An invitation may set the password of an account that has none only when the account was
//! created for an invitation of the same organization (`users.created_by_org_id`): so the
//! organization that created a pending account keeps the only way into it, and another
//! organization's invitation for the same address waits until the person has set a password.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::members::role_from_db;
use super::schema::{invitations, memberships, users};
use super::tokens::digest;
use crate::auth::tokens::random_token;
use crate::domain::Role;
use crate::error::AppError;

/// How long an invitation stays valid.
pub const VALID_FOR: chrono::Duration = chrono::Duration::days(7);

/// An invitation row.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = invitations)]
pub struct Invitation {
    /// Primary key.
    pub id: i64,
    /// The organization the person is invited to.
    pub org_id: i64,
    /// The invited account.
    pub user_id: i64,
    /// The role they get on accepting (stored text; see [`Invitation::role`]).
    role: String,
    /// SHA-256 of the token, lower-case hex.
    pub token_sha256: String,
    /// The member who sent it.
    pub invited_by: Option<i64>,
    /// Creation (UTC).
    pub created_at: NaiveDateTime,
    /// It cannot be used from this time on (UTC).
    pub expires_at: NaiveDateTime,
    /// When it was accepted (UTC).
    pub accepted_at: Option<NaiveDateTime>,
    /// When it was withdrawn or declined (UTC).
    pub revoked_at: Option<NaiveDateTime>,
}

/// What state an invitation is in at a given time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Can be accepted.
    Open,
    /// Already accepted.
    Accepted,
    /// Withdrawn by an owner or declined by the person.
    Revoked,
    /// Past its expiry.
    Expired,
}

impl Invitation {
    /// The role the person gets.
    pub fn role(&self) -> Result<Role, AppError> {
        role_from_db(&self.role)
    }

    /// Its state at `now`.
    pub fn state(&self, now: NaiveDateTime) -> State {
        if self.accepted_at.is_some() {
            State::Accepted
        } else if self.revoked_at.is_some() {
            State::Revoked
        } else if now >= self.expires_at {
            State::Expired
        } else {
            State::Open
        }
    }
}

/// Creates an invitation and returns it with its token, which exists nowhere else afterwards.
/// An open invitation of the same account to the same organization is revoked first, so there is
/// only ever one working link. Runs in the caller's transaction.
pub fn create_in_tx(
    conn: &mut DbConnection,
    org_id: i64,
    user_id: i64,
    role: Role,
    invited_by: Option<i64>,
    now: NaiveDateTime,
) -> Result<(Invitation, String), AppError> {
    let token = random_token(32);
    revoke_open(conn, org_id, user_id, now)?;
    let id = diesel::insert_into(invitations::table)
        .values((
            invitations::org_id.eq(org_id),
            invitations::user_id.eq(user_id),
            invitations::role.eq(role.as_str()),
            invitations::token_sha256.eq(digest(&token)),
            invitations::invited_by.eq(invited_by),
            invitations::created_at.eq(now),
            invitations::expires_at.eq(now + VALID_FOR),
        ))
        .returning(invitations::id)
        .get_result::<i64>(conn)?;
    Ok((by_id(conn, id)?, token))
}

fn revoke_open(
    conn: &mut DbConnection,
    org_id: i64,
    user_id: i64,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        invitations::table
            .filter(invitations::org_id.eq(org_id))
            .filter(invitations::user_id.eq(user_id))
            .filter(invitations::accepted_at.is_null())
            .filter(invitations::revoked_at.is_null()),
    )
    .set(invitations::revoked_at.eq(now))
    .execute(conn)
}

fn by_id(conn: &mut DbConnection, id: i64) -> Result<Invitation, AppError> {
    Ok(invitations::table
        .find(id)
        .select(Invitation::as_select())
        .first(conn)?)
}

/// The invitation a token belongs to, in whatever state.
pub fn by_token(conn: &mut DbConnection, token: &str) -> Result<Option<Invitation>, AppError> {
    Ok(invitations::table
        .filter(invitations::token_sha256.eq(digest(token)))
        .select(Invitation::as_select())
        .first(conn)
        .optional()?)
}

/// One of an organization's invitations as the members page lists it.
#[derive(Clone, Debug)]
pub struct Pending {
    /// The invitation.
    pub invitation: Invitation,
    /// The invited address.
    pub email: String,
    /// Who sent it, if they still exist.
    pub invited_by_name: Option<String>,
}

/// The organization's invitations not yet accepted or revoked (expired ones included, so an
/// owner sees them and can send a new link), newest first.
pub fn pending(conn: &mut DbConnection, org_id: i64) -> Result<Vec<Pending>, AppError> {
    let inviters = diesel::alias!(users as inviters);
    let rows: Vec<(Invitation, String, Option<String>)> = invitations::table
        .inner_join(users::table.on(users::id.eq(invitations::user_id)))
        .left_join(
            inviters.on(inviters
                .field(users::id)
                .nullable()
                .eq(invitations::invited_by)),
        )
        .filter(invitations::org_id.eq(org_id))
        .filter(invitations::accepted_at.is_null())
        .filter(invitations::revoked_at.is_null())
        .order((invitations::created_at.desc(), invitations::id.desc()))
        .select((
            Invitation::as_select(),
            users::email,
            inviters.field(users::name).nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(invitation, email, invited_by_name)| Pending {
            invitation,
            email,
            invited_by_name,
        })
        .collect())
}

/// An open invitation of the organization (404 for another organization's or a closed one).
pub fn open_of_org(conn: &mut DbConnection, org_id: i64, id: i64) -> Result<Invitation, AppError> {
    invitations::table
        .filter(invitations::id.eq(id))
        .filter(invitations::org_id.eq(org_id))
        .filter(invitations::accepted_at.is_null())
        .filter(invitations::revoked_at.is_null())
        .select(Invitation::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)
}

/// Withdraws an invitation of the organization; 404 for another organization's, or for one
/// accepted meanwhile (the organization row is locked, as accepting locks it, so the two never
/// interleave).
pub fn revoke(
    conn: &mut DbConnection,
    org_id: i64,
    id: i64,
    now: NaiveDateTime,
) -> Result<Invitation, AppError> {
    super::write_tx(conn, |conn| {
        super::lock_org(conn, org_id)?;
        let invitation = open_of_org(conn, org_id, id)?;
        let n = diesel::update(
            invitations::table
                .find(invitation.id)
                .filter(invitations::accepted_at.is_null())
                .filter(invitations::revoked_at.is_null()),
        )
        .set(invitations::revoked_at.eq(now))
        .execute(conn)?;
        if n != 1 {
            return Err(AppError::NotFound);
        }
        Ok(invitation)
    })
}

/// Whether this invitation may set the password of its account: the account has none and no
/// membership, and it was created for an invitation of this same organization. Another
/// organization's invitation never may, however long it waits (an expired or withdrawn first
/// invitation hands nothing over); the creating organization renews its own.
pub fn may_set_password(
    conn: &mut DbConnection,
    invitation: &Invitation,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let (hash, creator): (Option<String>, Option<i64>) = users::table
        .find(invitation.user_id)
        .select((users::password_hash, users::created_by_org_id))
        .first(conn)?;
    if hash.is_some() || creator != Some(invitation.org_id) || invitation.state(now) != State::Open
    {
        return Ok(false);
    }
    let memberships: i64 = memberships::table
        .filter(memberships::user_id.eq(invitation.user_id))
        .count()
        .get_result(conn)?;
    Ok(memberships == 0)
}

/// Why an invitation could not be accepted.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// It is no longer open (used, withdrawn, expired) at the time of accepting.
    NotOpen(State),
    /// The person is already a member of the organization.
    AlreadyMember,
}

/// Accepts an open invitation for `user_id`: writes the membership and marks the invitation
/// used, in one transaction that re-checks everything. Returns the role given.
pub fn accept(
    conn: &mut DbConnection,
    invitation_id: i64,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<Result<Role, Refusal>, AppError> {
    super::write_tx(conn, |conn| accept_in_tx(conn, invitation_id, user_id, now))
}

/// Sets the name and password of the invitation's account and accepts the invitation, in one
/// transaction under the organization's lock: the invitation is accepted (or refused) first,
/// and the password is written only then, so a withdrawal that wins the race leaves no
/// password behind.
pub fn join_with_password(
    conn: &mut DbConnection,
    invitation_id: i64,
    name: &crate::domain::PersonName,
    password_hash: &str,
    now: NaiveDateTime,
) -> Result<Result<Role, Refusal>, AppError> {
    super::write_tx(conn, |conn| {
        let inv = by_id(conn, invitation_id)?;
        super::lock_org(conn, inv.org_id)?;
        if !may_set_password(conn, &inv, now)? {
            let state = match inv.state(now) {
                State::Open => State::Accepted,
                other => other,
            };
            return Ok(Err(Refusal::NotOpen(state)));
        }
        let role = match accept_in_tx(conn, inv.id, inv.user_id, now)? {
            Ok(role) => role,
            refused => return Ok(refused),
        };
        let n = diesel::update(
            users::table
                .find(inv.user_id)
                .filter(users::password_hash.is_null()),
        )
        .set((
            users::name.eq(name.as_str()),
            users::password_hash.eq(password_hash),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
        if n != 1 {
            // Someone set it first: undo the acceptance with the rest of the transaction.
            return Err(AppError::Conflict(crate::error::Msg::new(
                "error-account-just-set-up",
            )));
        }
        Ok(Ok(role))
    })
}

fn accept_in_tx(
    conn: &mut DbConnection,
    invitation_id: i64,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<Result<Role, Refusal>, AppError> {
    let inv = by_id(conn, invitation_id)?;
    if inv.user_id != user_id {
        return Err(AppError::NotFound);
    }
    super::lock_org(conn, inv.org_id)?;
    match inv.state(now) {
        State::Open => {}
        other => return Ok(Err(Refusal::NotOpen(other))),
    }
    if super::members::role_of(conn, inv.org_id, user_id)?.is_some() {
        return Ok(Err(Refusal::AlreadyMember));
    }
    let role = inv.role()?;
    // Of two concurrent accepts, only one changes the row.
    let n = diesel::update(
        invitations::table
            .find(inv.id)
            .filter(invitations::accepted_at.is_null())
            .filter(invitations::revoked_at.is_null()),
    )
    .set(invitations::accepted_at.eq(now))
    .execute(conn)?;
    if n != 1 {
        return Ok(Err(Refusal::NotOpen(State::Accepted)));
    }
    super::members::add(conn, inv.org_id, user_id, role, now)?;
    Ok(Ok(role))
}

/// Declines an open invitation (the person does not want to join).
pub fn decline(
    conn: &mut DbConnection,
    invitation_id: i64,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(
        invitations::table
            .find(invitation_id)
            .filter(invitations::user_id.eq(user_id))
            .filter(invitations::accepted_at.is_null())
            .filter(invitations::revoked_at.is_null()),
    )
    .set(invitations::revoked_at.eq(now))
    .execute(conn)?;
    Ok(n == 1)
}
