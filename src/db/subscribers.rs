//! An organization's email subscribers: its followers. A subscriber counts as a follower once
//! confirmed (`active`); pending, unsubscribed, bounced and complained addresses do not.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use super::DbConnection;
use super::schema::{subscribers, suppressions};
use crate::domain::{Categories, Digest, EmailAddress, Locale, SubscriberStatus};
use crate::error::AppError;

/// The status of a confirmed subscriber; the others are `pending`, `unsubscribed`, `bounced`
/// and `complained` (the migration's CHECK lists them).
const ACTIVE: &str = "active";

/// How many people follow the organization: its confirmed subscribers (one index range on
/// `(org_id, status)`).
pub fn follower_count(conn: &mut DbConnection, org_id: i64) -> Result<i64, AppError> {
    Ok(subscribers::table
        .filter(subscribers::org_id.eq(org_id))
        .filter(subscribers::status.eq(ACTIVE))
        .count()
        .get_result(conn)?)
}

/// A subscriber row.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = subscribers)]
pub struct Subscriber {
    pub id: i64,
    pub org_id: i64,
    /// Lower-cased.
    pub email: String,
    pub name: String,
    /// A [`SubscriberStatus`] name; see [`Subscriber::status`].
    pub status: String,
    /// The locale of their mail and pages (`zh-Hant`); empty: the organization's.
    pub locale: String,
    pub digest: String,
    pub categories: i32,
    pub paused_until: Option<NaiveDateTime>,
    pub confirm_sent_at: Option<NaiveDateTime>,
    pub confirmed_at: Option<NaiveDateTime>,
    pub welcomed_at: Option<NaiveDateTime>,
    pub unsubscribed_at: Option<NaiveDateTime>,
    pub bounces: i32,
    pub source: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Subscriber {
    /// The status (a stored name the CHECK constraint allows; anything else reads as pending,
    /// which mails nothing).
    pub fn status(&self) -> SubscriberStatus {
        self.status.parse().unwrap_or(SubscriberStatus::Pending)
    }

    /// The digest frequency.
    pub fn digest(&self) -> Digest {
        self.digest.parse().unwrap_or_default()
    }

    /// The categories followed.
    pub fn categories(&self) -> Categories {
        Categories::from_bits(self.categories)
    }

    /// Their locale, if they have one of the catalogs'.
    pub fn locale(&self) -> Option<Locale> {
        Locale::exact(&self.locale)
    }

    /// Whether mail is held back at `now`.
    pub fn paused(&self, now: NaiveDateTime) -> bool {
        self.paused_until.is_some_and(|t| t > now)
    }
}

/// The subscriber with `id`.
pub fn by_id(conn: &mut DbConnection, id: i64) -> Result<Option<Subscriber>, AppError> {
    Ok(subscribers::table
        .find(id)
        .select(Subscriber::as_select())
        .first(conn)
        .optional()?)
}

/// The organization's subscriber with `email`.
pub fn by_email(
    conn: &mut DbConnection,
    org_id: i64,
    email: &EmailAddress,
) -> Result<Option<Subscriber>, AppError> {
    Ok(subscribers::table
        .filter(subscribers::org_id.eq(org_id))
        .filter(subscribers::email.eq(email.as_str()))
        .select(Subscriber::as_select())
        .first(conn)
        .optional()?)
}

/// Why the organization never mails `email`, if it does not.
pub fn suppression(
    conn: &mut DbConnection,
    org_id: i64,
    email: &str,
) -> Result<Option<String>, AppError> {
    Ok(suppressions::table
        .filter(suppressions::org_id.eq(org_id))
        .filter(suppressions::email.eq(email))
        .select(suppressions::reason)
        .first(conn)
        .optional()?)
}

/// Puts `email` on the organization's suppression list for `reason` (a complaint outranks a
/// bounce, which outranks an unsubscription: the stronger reason is kept).
pub fn suppress(
    conn: &mut DbConnection,
    org_id: i64,
    email: &str,
    reason: SubscriberStatus,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    const INSERT: &str = "INSERT INTO suppressions (org_id, email, reason, created_at) \
        VALUES ($1, $2, $3, $4) ON CONFLICT (org_id, email) DO NOTHING";
    debug_assert!(reason.suppressed());
    diesel::sql_query(INSERT)
        .bind::<BigInt, _>(org_id)
        .bind::<Text, _>(email)
        .bind::<Text, _>(reason.as_str())
        .bind::<Timestamp, _>(now)
        .execute(conn)?;
    let rank = |r: &str| match r {
        "complained" => 3,
        "bounced" => 2,
        _ => 1,
    };
    let current = suppression(conn, org_id, email)?.unwrap_or_default();
    if rank(reason.as_str()) > rank(&current) {
        diesel::update(
            suppressions::table
                .filter(suppressions::org_id.eq(org_id))
                .filter(suppressions::email.eq(email)),
        )
        .set(suppressions::reason.eq(reason.as_str()))
        .execute(conn)?;
    }
    Ok(())
}

/// What a request to follow should send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FollowMail {
    /// The confirmation link (a new, pending or formerly unsubscribed address).
    Confirm,
    /// A note that the address already follows, with its preferences link: the page answers
    /// the same either way, so only the inbox learns which it was.
    AlreadyFollowing,
}

/// A request to follow the organization for `email`, from a reader reading in `locale`: creates
/// the pending subscriber if there is none, and calls `send` (in the same transaction) with
/// what to send, unless the address got a message from this in the last `gap` or must not be
/// mailed (bounced, complained). Returns what was sent.
pub fn follow(
    conn: &mut DbConnection,
    org_id: i64,
    email: &EmailAddress,
    locale: Locale,
    now: NaiveDateTime,
    gap: chrono::Duration,
    send: impl FnOnce(&mut DbConnection, &Subscriber, FollowMail) -> Result<(), AppError>,
) -> Result<Option<FollowMail>, AppError> {
    // Insert-or-nothing (a conflict does not abort a PostgreSQL transaction this way), then
    // hold the row while deciding.
    const INSERT: &str = "INSERT INTO subscribers (org_id, email, locale, created_at, updated_at) \
        VALUES ($1, $2, $3, $4, $4) ON CONFLICT (org_id, email) DO NOTHING";
    super::write_tx(conn, |conn| {
        let suppressed = suppression(conn, org_id, email.as_str())?;
        if matches!(suppressed.as_deref(), Some("bounced" | "complained")) {
            return Ok(None);
        }
        diesel::sql_query(INSERT)
            .bind::<BigInt, _>(org_id)
            .bind::<Text, _>(email.as_str())
            .bind::<Text, _>(locale.tag())
            .bind::<Timestamp, _>(now)
            .execute(conn)?;
        let Some(sub) = lock(conn, org_id, email)? else {
            return Ok(None);
        };
        let mail = match sub.status() {
            SubscriberStatus::Active => FollowMail::AlreadyFollowing,
            SubscriberStatus::Pending | SubscriberStatus::Unsubscribed => FollowMail::Confirm,
            SubscriberStatus::Bounced | SubscriberStatus::Complained => return Ok(None),
        };
        // At most one message per gap, decided by the row itself.
        let due = diesel::update(
            subscribers::table.find(sub.id).filter(
                subscribers::confirm_sent_at
                    .is_null()
                    .or(subscribers::confirm_sent_at.lt(now - gap)),
            ),
        )
        .set((
            subscribers::confirm_sent_at.eq(now),
            subscribers::updated_at.eq(now),
        ))
        .execute(conn)?;
        if due == 0 {
            return Ok(None);
        }
        if sub.status() == SubscriberStatus::Unsubscribed {
            // Back to pending: the new confirmation link can then confirm them.
            diesel::update(subscribers::table.find(sub.id))
                .set(subscribers::status.eq(SubscriberStatus::Pending.as_str()))
                .execute(conn)?;
        }
        send(conn, &sub, mail)?;
        Ok(Some(mail))
    })
}

/// The row for `email`, locked until the transaction ends (PostgreSQL `FOR UPDATE`; SQLite's
/// writer lock already serializes).
fn lock(
    conn: &mut DbConnection,
    org_id: i64,
    email: &EmailAddress,
) -> Result<Option<Subscriber>, AppError> {
    if let DbConnection::Pg(c) = conn {
        diesel::sql_query("SELECT id FROM subscribers WHERE org_id = $1 AND email = $2 FOR UPDATE")
            .bind::<BigInt, _>(org_id)
            .bind::<Text, _>(email.as_str())
            .execute(c)?;
    }
    by_email(conn, org_id, email)
}

/// Confirms a pending subscriber: active from `now`, in the `locale` they confirmed in, off the
/// suppression list if they had unsubscribed before. Calls `welcome` (same transaction) the
/// first time a subscriber is confirmed. `None` when the subscriber is not pending (already
/// confirmed, or gone since).
pub fn confirm(
    conn: &mut DbConnection,
    id: i64,
    now: NaiveDateTime,
    welcome: impl FnOnce(&mut DbConnection, &Subscriber) -> Result<(), AppError>,
) -> Result<Option<Subscriber>, AppError> {
    super::write_tx(conn, |conn| {
        let changed = diesel::update(
            subscribers::table
                .find(id)
                .filter(subscribers::status.eq(SubscriberStatus::Pending.as_str())),
        )
        .set((
            subscribers::status.eq(ACTIVE),
            subscribers::confirmed_at.eq(now),
            subscribers::unsubscribed_at.eq(None::<NaiveDateTime>),
            subscribers::updated_at.eq(now),
        ))
        .execute(conn)?;
        if changed == 0 {
            return Ok(None);
        }
        let Some(sub) = by_id(conn, id)? else {
            return Ok(None);
        };
        lift_unsubscribed(conn, sub.org_id, &sub.email)?;
        // The profile shows the follower count: its cached pages are stale now.
        super::orgs::bump_content(conn, sub.org_id)?;
        let first = diesel::update(
            subscribers::table
                .find(id)
                .filter(subscribers::welcomed_at.is_null()),
        )
        .set(subscribers::welcomed_at.eq(now))
        .execute(conn)?;
        if first == 1 {
            welcome(conn, &sub)?;
        }
        Ok(Some(sub))
    })
}

/// Takes `email` off the list when it is there because they unsubscribed (they asked to come
/// back); a bounce or a complaint stays.
fn lift_unsubscribed(conn: &mut DbConnection, org_id: i64, email: &str) -> Result<(), AppError> {
    diesel::delete(
        suppressions::table
            .filter(suppressions::org_id.eq(org_id))
            .filter(suppressions::email.eq(email))
            .filter(suppressions::reason.eq(SubscriberStatus::Unsubscribed.as_str())),
    )
    .execute(conn)?;
    Ok(())
}

/// What a subscriber chooses on their preferences page.
#[derive(Clone, Debug)]
pub struct Preferences {
    pub categories: Categories,
    pub digest: Digest,
    pub locale: Locale,
    /// Mail held back until then; none: not paused.
    pub paused_until: Option<NaiveDateTime>,
}

/// Saves a subscriber's choices.
pub fn set_preferences(
    conn: &mut DbConnection,
    id: i64,
    prefs: &Preferences,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(subscribers::table.find(id))
        .set((
            subscribers::categories.eq(prefs.categories.bits()),
            subscribers::digest.eq(prefs.digest.as_str()),
            subscribers::locale.eq(prefs.locale.tag()),
            subscribers::paused_until.eq(prefs.paused_until),
            subscribers::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Unsubscribes: nothing more is sent (the address goes on the suppression list, which a
/// re-import cannot undo). `false` when the subscriber was not active or pending (already
/// unsubscribed, bounced or complained: nothing changes, and saying so is safe).
pub fn unsubscribe(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> Result<bool, AppError> {
    super::write_tx(conn, |conn| {
        let changed = diesel::update(
            subscribers::table
                .find(id)
                .filter(subscribers::status.eq_any([ACTIVE, SubscriberStatus::Pending.as_str()])),
        )
        .set((
            subscribers::status.eq(SubscriberStatus::Unsubscribed.as_str()),
            subscribers::unsubscribed_at.eq(now),
            subscribers::updated_at.eq(now),
        ))
        .execute(conn)?;
        if changed == 0 {
            return Ok(false);
        }
        if let Some(sub) = by_id(conn, id)? {
            suppress(
                conn,
                sub.org_id,
                &sub.email,
                SubscriberStatus::Unsubscribed,
                now,
            )?;
            super::orgs::bump_content(conn, sub.org_id)?;
        }
        Ok(true)
    })
}

/// Follows again from the page that just unsubscribed them: the link proves the address, so
/// no new confirmation is needed. `false` unless they were unsubscribed (a bounced or
/// complained address stays as it is).
pub fn resubscribe(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> Result<bool, AppError> {
    super::write_tx(conn, |conn| {
        let changed = diesel::update(
            subscribers::table
                .find(id)
                .filter(subscribers::status.eq(SubscriberStatus::Unsubscribed.as_str()))
                .filter(subscribers::confirmed_at.is_not_null()),
        )
        .set((
            subscribers::status.eq(ACTIVE),
            subscribers::unsubscribed_at.eq(None::<NaiveDateTime>),
            subscribers::updated_at.eq(now),
        ))
        .execute(conn)?;
        if changed == 0 {
            return Ok(false);
        }
        if let Some(sub) = by_id(conn, id)? {
            lift_unsubscribed(conn, sub.org_id, &sub.email)?;
            super::orgs::bump_content(conn, sub.org_id)?;
        }
        Ok(true)
    })
}

/// What a bounce or complaint did to one organization's subscriber.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Consequence {
    /// Counted; the address is still mailed.
    Counted,
    /// The address is on the suppression list now.
    Suppressed,
    /// The organization has no subscriber with this address.
    Nobody,
}

/// A hard bounce of mail from `org_id` to `email`: counted, and once `limit` are counted the
/// subscriber is `bounced` and the address suppressed.
pub fn hard_bounce(
    conn: &mut DbConnection,
    org_id: i64,
    email: &str,
    limit: i32,
    now: NaiveDateTime,
) -> Result<Consequence, AppError> {
    let target = subscribers::table
        .filter(subscribers::org_id.eq(org_id))
        .filter(subscribers::email.eq(email));
    let counted = diesel::update(target)
        .set((
            subscribers::bounces.eq(subscribers::bounces + 1),
            subscribers::updated_at.eq(now),
        ))
        .execute(conn)?;
    if counted == 0 {
        return Ok(Consequence::Nobody);
    }
    let bounces: i32 = target.select(subscribers::bounces).first(conn)?;
    if bounces < limit {
        return Ok(Consequence::Counted);
    }
    stop_mail(conn, org_id, email, SubscriberStatus::Bounced, now)?;
    Ok(Consequence::Suppressed)
}

/// Stops all mail from `org_id` to `email` for `reason` (bounced, complained, unsubscribed):
/// the subscriber's status (unless already stopped for a stronger reason) and the suppression
/// list, which also covers an address with no subscriber row.
pub fn stop_mail(
    conn: &mut DbConnection,
    org_id: i64,
    email: &str,
    reason: SubscriberStatus,
    now: NaiveDateTime,
) -> Result<Consequence, AppError> {
    let weaker: &[&str] = match reason {
        SubscriberStatus::Complained => &["pending", "active", "unsubscribed", "bounced"],
        SubscriberStatus::Bounced => &["pending", "active", "unsubscribed"],
        _ => &["pending", "active"],
    };
    let was_active = subscribers::table
        .filter(subscribers::org_id.eq(org_id))
        .filter(subscribers::email.eq(email))
        .filter(subscribers::status.eq(ACTIVE))
        .count()
        .get_result::<i64>(conn)?
        > 0;
    let changed = diesel::update(
        subscribers::table
            .filter(subscribers::org_id.eq(org_id))
            .filter(subscribers::email.eq(email))
            .filter(subscribers::status.eq_any(weaker)),
    )
    .set((
        subscribers::status.eq(reason.as_str()),
        subscribers::updated_at.eq(now),
    ))
    .execute(conn)?;
    suppress(conn, org_id, email, reason, now)?;
    if was_active {
        super::orgs::bump_content(conn, org_id)?;
    }
    Ok(if changed > 0 {
        Consequence::Suppressed
    } else {
        Consequence::Nobody
    })
}

/// The organizations with a subscriber at `email`.
pub fn orgs_with(conn: &mut DbConnection, email: &str) -> Result<Vec<i64>, AppError> {
    Ok(subscribers::table
        .filter(subscribers::email.eq(email))
        .select(subscribers::org_id)
        .load(conn)?)
}

/// How long an address that asked to follow may stay unconfirmed before it is forgotten (the
/// link expires after 7 days; the person never agreed to more than one message).
pub const UNCONFIRMED_KEPT_FOR: chrono::Duration = chrono::Duration::days(30);

/// Deletes subscribers that never confirmed and asked last before [`UNCONFIRMED_KEPT_FOR`].
pub fn purge_unconfirmed(conn: &mut DbConnection, now: NaiveDateTime) -> Result<usize, AppError> {
    let before = now - UNCONFIRMED_KEPT_FOR;
    Ok(diesel::delete(
        subscribers::table
            .filter(subscribers::status.eq(SubscriberStatus::Pending.as_str()))
            .filter(subscribers::confirmed_at.is_null())
            .filter(subscribers::updated_at.lt(before)),
    )
    .execute(conn)?)
}
