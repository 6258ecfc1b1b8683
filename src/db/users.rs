//! Dashboard users and their login state.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::users;
use crate::domain::{EmailAddress, PersonName};
use crate::error::{AppError, FieldErrors};

/// A user row.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    /// Primary key.
    pub id: i64,
    /// Normalized email address.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Argon2id PHC string; `None` until an invitation is accepted.
    pub password_hash: Option<String>,
    /// Bumped on every password change.
    pub session_version: i32,
    /// Last successful login (UTC).
    pub last_login_at: Option<NaiveDateTime>,
    /// Creation time (UTC).
    pub created_at: NaiveDateTime,
    /// Last change (UTC).
    pub updated_at: NaiveDateTime,
    /// A new address waiting for confirmation; `email` stays in force until then.
    pub pending_email: Option<String>,
    /// When the change was asked for (UTC).
    pub pending_email_at: Option<NaiveDateTime>,
    /// For an account without a password: the organization whose invitation created it, the
    /// only one whose invitations may set the password.
    pub created_by_org_id: Option<i64>,
    /// The dashboard language the user chose (`en`, `zh-Hans`, `zh-Hant`); `None` follows the
    /// browser, then the organization.
    pub locale: Option<String>,
}

/// Saves (or, with `None`, forgets) the user's dashboard language.
pub fn set_locale(
    conn: &mut DbConnection,
    user_id: i64,
    locale: Option<crate::domain::Locale>,
) -> Result<(), AppError> {
    diesel::update(users::table.find(user_id))
        .set(users::locale.eq(locale.map(|l| l.tag())))
        .execute(conn)?;
    Ok(())
}

fn email_taken(email: &EmailAddress) -> AppError {
    FieldErrors::single(
        "email",
        crate::error::Msg::new("error-email-taken").arg("value", email.as_str()),
    )
}

/// `email` is the only unique column, so a unique violation means the address is taken.
fn unique_email(e: diesel::result::Error, email: &EmailAddress) -> AppError {
    if super::is_unique_violation(&e) {
        email_taken(email)
    } else {
        e.into()
    }
}

/// Inserts a user with a password.
pub fn create(
    conn: &mut DbConnection,
    email: &EmailAddress,
    name: &PersonName,
    password_hash: Option<&str>,
    now: NaiveDateTime,
) -> Result<User, AppError> {
    insert(conn, email, name, password_hash, None, now)
}

/// Inserts an account without a password for an invitation of `org_id`, the only
/// organization whose invitations may then set its password.
pub fn create_invited(
    conn: &mut DbConnection,
    email: &EmailAddress,
    name: &PersonName,
    org_id: i64,
    now: NaiveDateTime,
) -> Result<User, AppError> {
    insert(conn, email, name, None, Some(org_id), now)
}

fn insert(
    conn: &mut DbConnection,
    email: &EmailAddress,
    name: &PersonName,
    password_hash: Option<&str>,
    created_by_org_id: Option<i64>,
    now: NaiveDateTime,
) -> Result<User, AppError> {
    // The unique index is the check: no read-then-insert race.
    let id = diesel::insert_into(users::table)
        .values((
            users::email.eq(email.as_str()),
            users::name.eq(name.as_str()),
            users::password_hash.eq(password_hash),
            users::created_by_org_id.eq(created_by_org_id),
            users::created_at.eq(now),
            users::updated_at.eq(now),
        ))
        .returning(users::id)
        .get_result::<i64>(conn)
        .map_err(|e| unique_email(e, email))?;
    by_id(conn, id)
}

/// The user with this id.
pub fn by_id(conn: &mut DbConnection, id: i64) -> Result<User, AppError> {
    Ok(users::table
        .find(id)
        .select(User::as_select())
        .first(conn)?)
}

/// The user with this email, if any.
pub fn by_email(conn: &mut DbConnection, email: &EmailAddress) -> Result<Option<User>, AppError> {
    Ok(users::table
        .filter(users::email.eq(email.as_str()))
        .select(User::as_select())
        .first(conn)
        .optional()?)
}

/// How many users exist (zero means the instance still needs its setup).
pub fn count(conn: &mut DbConnection) -> Result<i64, AppError> {
    Ok(users::table.count().get_result(conn)?)
}

/// Records the login time.
pub fn record_login(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> Result<(), AppError> {
    diesel::update(users::table.find(id))
        .set(users::last_login_at.eq(now))
        .execute(conn)?;
    Ok(())
}

/// Stores a new password hash and ends every session of the user but `keep` (the one that
/// changed it), in one transaction.
pub fn set_password(
    conn: &mut DbConnection,
    id: i64,
    hash: &str,
    keep: Option<i64>,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    super::write_tx(conn, |conn| {
        diesel::update(users::table.find(id))
            .set((
                users::password_hash.eq(hash),
                users::session_version.eq(users::session_version + 1),
                // A change of address asked for before (perhaps by whoever knew the old
                // password) dies with the old password.
                users::pending_email.eq(None::<String>),
                users::pending_email_at.eq(None::<NaiveDateTime>),
                users::updated_at.eq(now),
            ))
            .execute(conn)?;
        super::sessions::end_all_of(conn, id, keep)?;
        Ok(())
    })
}

/// Like [`set_password`] (every session ends), but only while the account's session version
/// is still `version`: a reset link, made for that version, changes the password once.
/// `Ok(false)` when the version has moved on.
pub fn set_password_if_version(
    conn: &mut DbConnection,
    id: i64,
    version: i32,
    hash: &str,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    super::write_tx(conn, |conn| {
        let changed = diesel::update(
            users::table
                .find(id)
                .filter(users::session_version.eq(version)),
        )
        .set((
            users::password_hash.eq(hash),
            users::session_version.eq(users::session_version + 1),
            users::pending_email.eq(None::<String>),
            users::pending_email_at.eq(None::<NaiveDateTime>),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
        if changed == 1 {
            super::sessions::end_all_of(conn, id, None)?;
        }
        Ok(changed == 1)
    })
}

/// Changes the display name.
pub fn set_name(
    conn: &mut DbConnection,
    id: i64,
    name: &PersonName,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(users::table.find(id))
        .set((users::name.eq(name.as_str()), users::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

/// Records (or with `None`, cancels) a change of address that waits for confirmation. The
/// address in force does not change, and whether the new one is taken is checked only when it
/// is confirmed, so this never tells anyone which addresses have accounts.
pub fn set_pending_email(
    conn: &mut DbConnection,
    id: i64,
    email: Option<&EmailAddress>,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(users::table.find(id))
        .set((
            users::pending_email.eq(email.map(EmailAddress::as_str)),
            users::pending_email_at.eq(email.map(|_| now)),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// What confirming a change of address came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailChange {
    /// The new address is the account's address now.
    Done,
    /// Another account has the address (it was free when asked for, or never was).
    Taken,
    /// The change was cancelled, replaced by another, or already confirmed.
    Gone,
}

/// Makes the pending address the account's, if it is still the one asked for at `asked_at`
/// and no other account has it.
pub fn confirm_pending_email(
    conn: &mut DbConnection,
    id: i64,
    email: &str,
    asked_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<EmailChange, AppError> {
    super::write_tx(conn, |conn| {
        let user = match by_id(conn, id) {
            Ok(user) => user,
            Err(AppError::NotFound) => return Ok(EmailChange::Gone),
            Err(e) => return Err(e),
        };
        if user.pending_email.as_deref() != Some(email) || user.pending_email_at != Some(asked_at) {
            return Ok(EmailChange::Gone);
        }
        let taken: bool = diesel::select(diesel::dsl::exists(
            users::table
                .filter(users::email.eq(email))
                .filter(users::id.ne(id)),
        ))
        .get_result(conn)?;
        if taken {
            return Ok(EmailChange::Taken);
        }
        diesel::update(users::table.find(id))
            .set((
                users::email.eq(email),
                users::pending_email.eq(None::<String>),
                users::pending_email_at.eq(None::<NaiveDateTime>),
                // Reset links sent to the old address die with it.
                users::session_version.eq(users::session_version + 1),
                users::updated_at.eq(now),
            ))
            .execute(conn)?;
        Ok(EmailChange::Done)
    })
}

/// Locks the account's row until the end of the transaction (PostgreSQL `FOR UPDATE`; SQLite's
/// `BEGIN IMMEDIATE` already serializes writers), so that a check and the write it allows
/// cannot race with the same request made twice at once.
pub fn lock(conn: &mut DbConnection, id: i64) -> Result<(), AppError> {
    if let DbConnection::Pg(c) = conn {
        diesel::sql_query("SELECT id FROM users WHERE id = $1 FOR UPDATE")
            .bind::<diesel::sql_types::BigInt, _>(id)
            .execute(c)?;
    }
    Ok(())
}
