//! An organization's email subscribers: its followers. A subscriber counts as a follower once
//! confirmed (`active`); pending, unsubscribed, bounced and complained addresses do not.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use super::schema::{subscribers, suppressions};
use super::{DbConnection, lower};
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
}

/// The subscriber with `id`.
pub fn by_id(conn: &mut DbConnection, id: i64) -> Result<Option<Subscriber>, AppError> {
    Ok(subscribers::table
        .find(id)
        .select(Subscriber::as_select())
        .first(conn)
        .optional()?)
}

/// The subscriber with `id` and their organization (for pages reached through a signed link).
pub fn with_org(
    conn: &mut DbConnection,
    id: i64,
) -> Result<Option<(Subscriber, super::orgs::Organization)>, AppError> {
    let Some(sub) = by_id(conn, id)? else {
        return Ok(None);
    };
    let org = super::orgs::by_id(conn, sub.org_id)?;
    Ok(Some((sub, org)))
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

/// Which subscribers a list, a count, an export or an audience means. Every field narrows.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub status: Option<SubscriberStatus>,
    /// Having this tag (an id of the organization's; the caller resolved the name).
    pub tag: Option<i64>,
    /// Following this category.
    pub category: Option<crate::domain::Category>,
    /// Address or name containing this (case-insensitive for the address, which is stored
    /// lower-cased).
    pub q: Option<String>,
    /// Joined at or after this.
    pub joined_since: Option<NaiveDateTime>,
    /// With a browser following by push (`Some(true)`), or reached by email only.
    pub push: Option<bool>,
}

type Boxed<'a> = subscribers::BoxedQuery<'a, <DbConnection as diesel::Connection>::Backend>;

fn filtered<'a>(org_id: i64, f: &'a Filter) -> Boxed<'a> {
    use super::schema::subscriber_tag_links as links;
    let mut q = subscribers::table
        .filter(subscribers::org_id.eq(org_id))
        .into_boxed();
    if let Some(status) = f.status {
        q = q.filter(subscribers::status.eq(status.as_str()));
    }
    if let Some(tag) = f.tag {
        q = q.filter(
            subscribers::id.eq_any(
                links::table
                    .filter(links::tag_id.eq(tag))
                    .select(links::subscriber_id),
            ),
        );
    }
    if let Some(c) = f.category {
        // Categories are bits; a subscriber follows `c` when its bit is set. The three bit
        // sets that contain it, listed, keep this portable and indexable.
        let bit = Categories::bit(c);
        let sets: Vec<i32> = (0..8).filter(|s| s & bit != 0).collect();
        q = q.filter(subscribers::categories.eq_any(sets));
    }
    if let Some(text) = f.q.as_deref().filter(|t| !t.trim().is_empty()) {
        let escaped = text
            .trim()
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = format!("%{escaped}%");
        q = q.filter(
            subscribers::email
                .like(pattern.clone())
                .escape('\\')
                .or(lower(subscribers::name).like(pattern).escape('\\')),
        );
    }
    if let Some(since) = f.joined_since {
        q = q.filter(subscribers::created_at.ge(since));
    }
    if let Some(push) = f.push {
        use super::schema::push_subscriptions as p;
        let with_push = p::table
            .filter(p::org_id.eq(org_id))
            .filter(p::subscriber_id.is_not_null())
            .select(p::subscriber_id.assume_not_null());
        q = if push {
            q.filter(subscribers::id.eq_any(with_push))
        } else {
            q.filter(subscribers::id.ne_all(with_push))
        };
    }
    q
}

/// One page of the organization's subscribers matching `filter`, newest first, and how many
/// match in all.
pub fn list(
    conn: &mut DbConnection,
    org_id: i64,
    filter: &Filter,
    page: i64,
    per_page: i64,
) -> Result<(Vec<Subscriber>, i64), AppError> {
    let total = count(conn, org_id, filter)?;
    let rows = filtered(org_id, filter)
        .order((subscribers::created_at.desc(), subscribers::id.desc()))
        .limit(per_page)
        .offset((page - 1).max(0) * per_page)
        .select(Subscriber::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// How many of the organization's subscribers match `filter`.
pub fn count(conn: &mut DbConnection, org_id: i64, filter: &Filter) -> Result<i64, AppError> {
    Ok(filtered(org_id, filter).count().get_result(conn)?)
}

/// Every match, in id order, `batch` at a time after `after_id` (exports stream through this).
pub fn batch_after(
    conn: &mut DbConnection,
    org_id: i64,
    filter: &Filter,
    after_id: i64,
    batch: i64,
) -> Result<Vec<Subscriber>, AppError> {
    Ok(filtered(org_id, filter)
        .filter(subscribers::id.gt(after_id))
        .order(subscribers::id)
        .limit(batch)
        .select(Subscriber::as_select())
        .load(conn)?)
}

/// The subscribers among `ids` (for sending a broadcast batch).
pub fn by_ids(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<Subscriber>, AppError> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        out.extend(
            subscribers::table
                .filter(subscribers::id.eq_any(chunk))
                .select(Subscriber::as_select())
                .load(conn)?,
        );
    }
    Ok(out)
}

/// The organization's subscriber `id` (none when it belongs to another organization).
pub fn of_org(
    conn: &mut DbConnection,
    org_id: i64,
    id: i64,
) -> Result<Option<Subscriber>, AppError> {
    Ok(subscribers::table
        .filter(subscribers::org_id.eq(org_id))
        .filter(subscribers::id.eq(id))
        .select(Subscriber::as_select())
        .first(conn)
        .optional()?)
}

/// Of `ids`, those that are the organization's subscribers.
pub fn ids_of_org(conn: &mut DbConnection, org_id: i64, ids: &[i64]) -> Result<Vec<i64>, AppError> {
    Ok(subscribers::table
        .filter(subscribers::org_id.eq(org_id))
        .filter(subscribers::id.eq_any(ids))
        .select(subscribers::id)
        .load(conn)?)
}

/// Deletes the organization's subscribers `ids` (their suppression entries stay: a deleted
/// address that had unsubscribed is still never mailed). Returns how many.
pub fn delete(conn: &mut DbConnection, org_id: i64, ids: &[i64]) -> Result<usize, AppError> {
    super::write_tx(conn, |conn| {
        let n = diesel::delete(
            subscribers::table
                .filter(subscribers::org_id.eq(org_id))
                .filter(subscribers::id.eq_any(ids)),
        )
        .execute(conn)?;
        if n > 0 {
            super::orgs::bump_content(conn, org_id)?;
        }
        Ok(n)
    })
}

/// Followers and growth for the overview.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Growth {
    pub active: i64,
    pub pending: i64,
    /// Confirmed in the last 7 and 30 days.
    pub confirmed_7: i64,
    pub confirmed_30: i64,
    /// Unsubscribed (or stopped) in the last 30 days.
    pub left_30: i64,
    /// Browsers following by push (a subscriber's or anonymous).
    pub push: i64,
}

/// The organization's followers and how they grew, as of `now`.
pub fn growth(
    conn: &mut DbConnection,
    org_id: i64,
    now: NaiveDateTime,
) -> Result<Growth, AppError> {
    let of_org = || subscribers::table.filter(subscribers::org_id.eq(org_id));
    let by_status = |conn: &mut DbConnection, s: SubscriberStatus| -> Result<i64, AppError> {
        Ok(of_org()
            .filter(subscribers::status.eq(s.as_str()))
            .count()
            .get_result(conn)?)
    };
    let confirmed_since = |conn: &mut DbConnection, days: i64| -> Result<i64, AppError> {
        Ok(of_org()
            .filter(subscribers::confirmed_at.ge(now - chrono::Duration::days(days)))
            .count()
            .get_result(conn)?)
    };
    Ok(Growth {
        active: by_status(conn, SubscriberStatus::Active)?,
        pending: by_status(conn, SubscriberStatus::Pending)?,
        confirmed_7: confirmed_since(conn, 7)?,
        confirmed_30: confirmed_since(conn, 30)?,
        left_30: of_org()
            .filter(subscribers::unsubscribed_at.ge(now - chrono::Duration::days(30)))
            .count()
            .get_result(conn)?,
        push: super::push::counts(conn, org_id)?.0,
    })
}

/// A subscriber to insert in bulk (an import, the API).
#[derive(Clone, Debug, Insertable)]
#[diesel(table_name = subscribers)]
pub struct NewSubscriber {
    pub org_id: i64,
    pub email: String,
    pub name: String,
    pub status: String,
    pub locale: String,
    pub digest: String,
    pub categories: i32,
    pub confirmed_at: Option<NaiveDateTime>,
    pub confirm_sent_at: Option<NaiveDateTime>,
    pub source: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Inserts `rows`, skipping addresses the organization already
/// has (the caller looked them up in the same transaction; this covers a race). Returns how
/// many were inserted.
pub fn insert_many(conn: &mut DbConnection, rows: &[NewSubscriber]) -> Result<usize, AppError> {
    if rows.is_empty() {
        return Ok(0);
    }
    // PostgreSQL takes them in one statement; SQLite (in process, in one transaction) one at a
    // time, since diesel cannot batch an upsert there.
    Ok(match conn {
        DbConnection::Pg(c) => diesel::insert_into(subscribers::table)
            .values(rows)
            .on_conflict((subscribers::org_id, subscribers::email))
            .do_nothing()
            .execute(c)?,
        DbConnection::Sqlite(c) => {
            let mut n = 0;
            for row in rows {
                n += diesel::insert_into(subscribers::table)
                    .values(row)
                    .on_conflict((subscribers::org_id, subscribers::email))
                    .do_nothing()
                    .execute(c)?;
            }
            n
        }
    })
}

/// The organization's subscribers among `emails`.
pub fn by_emails(
    conn: &mut DbConnection,
    org_id: i64,
    emails: &[String],
) -> Result<Vec<Subscriber>, AppError> {
    Ok(subscribers::table
        .filter(subscribers::org_id.eq(org_id))
        .filter(subscribers::email.eq_any(emails))
        .select(Subscriber::as_select())
        .load(conn)?)
}

/// Which of `emails` the organization never mails, and why.
pub fn suppressed_among(
    conn: &mut DbConnection,
    org_id: i64,
    emails: &[String],
) -> Result<std::collections::HashMap<String, String>, AppError> {
    Ok(suppressions::table
        .filter(suppressions::org_id.eq(org_id))
        .filter(suppressions::email.eq_any(emails))
        .select((suppressions::email, suppressions::reason))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// Updates what an import or the API says of an existing subscriber: the name when given, and
/// categories, digest and locale when given.
pub fn update_details(
    conn: &mut DbConnection,
    id: i64,
    name: Option<&str>,
    categories: Option<Categories>,
    digest: Option<Digest>,
    locale: Option<Locale>,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let target = subscribers::table.find(id);
    if let Some(name) = name.filter(|n| !n.is_empty()) {
        diesel::update(target)
            .set(subscribers::name.eq(name))
            .execute(conn)?;
    }
    if let Some(c) = categories {
        diesel::update(target)
            .set(subscribers::categories.eq(c.bits()))
            .execute(conn)?;
    }
    if let Some(d) = digest {
        diesel::update(target)
            .set(subscribers::digest.eq(d.as_str()))
            .execute(conn)?;
    }
    if let Some(l) = locale {
        diesel::update(target)
            .set(subscribers::locale.eq(l.tag()))
            .execute(conn)?;
    }
    diesel::update(target)
        .set(subscribers::updated_at.eq(now))
        .execute(conn)?;
    Ok(())
}
