//! Following by web push: the browsers' push subscriptions (one row per organization followed),
//! and `outgoing_push`, the durable queue between whatever causes a notification and the push
//! worker that sends it (claimed under a lease, like `outgoing_mail`: a crash re-sends at most
//! what was in flight).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamp};
use subtle::ConstantTimeEq as _;

use super::DbConnection;
use super::schema::{outgoing_push, push_subscriptions};
use crate::error::AppError;

/// A browser's subscription as it registered it (already validated).
#[derive(Clone, Debug)]
pub struct NewSubscription<'a> {
    pub org_id: i64,
    pub subscriber_id: Option<i64>,
    pub endpoint: &'a str,
    /// The browser's P-256 public key, base64url (65 bytes decoded).
    pub p256dh: &'a str,
    /// The browser's authentication secret, base64url (16 bytes decoded).
    pub auth: &'a str,
    /// The reader's language when they followed: the notifications' language.
    pub language: &'a str,
}

/// A stored subscription.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = push_subscriptions)]
pub struct Subscription {
    pub id: i64,
    pub org_id: i64,
    pub subscriber_id: Option<i64>,
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    pub language: String,
    pub failures: i32,
    pub created_at: NaiveDateTime,
    pub last_sent_at: Option<NaiveDateTime>,
    pub test_sent_at: Option<NaiveDateTime>,
}

/// What registering did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Registered {
    /// The browser follows now.
    New,
    /// It already followed (its language, and the subscriber a token names, are updated).
    Again,
    /// The endpoint is registered with other keys: not this caller's to change.
    Taken,
}

/// Registers `new` for its organization. The same endpoint with the same auth secret again
/// updates its language (and its subscriber, when a token named one); with another secret it
/// is refused: a browser's endpoint never changes keys (a renewed subscription is a new
/// endpoint), so whoever sends other keys for it is not that browser.
pub fn register(
    conn: &mut DbConnection,
    new: &NewSubscription<'_>,
    now: NaiveDateTime,
) -> Result<Registered, AppError> {
    let attempt = |conn: &mut DbConnection| {
        super::write_tx(conn, |conn| {
            let existing: Option<(i64, String)> = push_subscriptions::table
                .filter(push_subscriptions::org_id.eq(new.org_id))
                .filter(push_subscriptions::endpoint.eq(new.endpoint))
                .select((push_subscriptions::id, push_subscriptions::auth))
                .first(conn)
                .optional()?;
            if let Some((id, auth)) = existing {
                if !bool::from(auth.as_bytes().ct_eq(new.auth.as_bytes())) {
                    return Ok(Registered::Taken);
                }
                diesel::update(push_subscriptions::table.find(id))
                    .set((
                        push_subscriptions::language.eq(new.language),
                        push_subscriptions::failures.eq(0),
                    ))
                    .execute(conn)?;
                if let Some(subscriber) = new.subscriber_id {
                    diesel::update(push_subscriptions::table.find(id))
                        .set(push_subscriptions::subscriber_id.eq(subscriber))
                        .execute(conn)?;
                }
                return Ok(Registered::Again);
            }
            diesel::insert_into(push_subscriptions::table)
                .values((
                    push_subscriptions::org_id.eq(new.org_id),
                    push_subscriptions::subscriber_id.eq(new.subscriber_id),
                    push_subscriptions::endpoint.eq(new.endpoint),
                    push_subscriptions::p256dh.eq(new.p256dh),
                    push_subscriptions::auth.eq(new.auth),
                    push_subscriptions::language.eq(new.language),
                    push_subscriptions::created_at.eq(now),
                ))
                .execute(conn)?;
            Ok::<_, diesel::result::Error>(Registered::New)
        })
    };
    match attempt(conn) {
        // Two registrations of one endpoint at once: the second finds the first's row.
        Err(e) if super::is_unique_violation(&e) => Ok(attempt(conn)?),
        other => Ok(other?),
    }
}

/// The organization's subscription at `endpoint`, when `auth` is its secret: what a browser
/// proves it is the one that registered (the endpoint alone is not enough; the comparison takes
/// the same time wherever the strings differ).
pub fn find(
    conn: &mut DbConnection,
    org_id: i64,
    endpoint: &str,
    auth: &str,
) -> Result<Option<Subscription>, AppError> {
    let found: Option<Subscription> = push_subscriptions::table
        .filter(push_subscriptions::org_id.eq(org_id))
        .filter(push_subscriptions::endpoint.eq(endpoint))
        .select(Subscription::as_select())
        .first(conn)
        .optional()?;
    Ok(found.filter(|s| bool::from(s.auth.as_bytes().ct_eq(auth.as_bytes()))))
}

/// What waits to be sent (pending or being sent): how many, and since when the oldest.
pub fn backlog(conn: &mut DbConnection) -> Result<(i64, Option<NaiveDateTime>), AppError> {
    let waiting =
        || outgoing_push::table.filter(outgoing_push::status.eq_any(["pending", "sending"]));
    let count: i64 = waiting().count().get_result(conn)?;
    let oldest: Option<NaiveDateTime> = waiting()
        .select(diesel::dsl::min(outgoing_push::created_at))
        .first(conn)?;
    Ok((count, oldest))
}

/// Moves every organization's subscription at `old_endpoint` (with secret `old_auth`) to the
/// browser's renewed subscription `new` (its `org_id` and `subscriber_id` are ignored): what a
/// push service that rotates subscriptions asks for through `pushsubscriptionchange`. An
/// organization that already has the new endpoint keeps that row and loses the old one.
/// Returns how many organizations follow through the new endpoint now.
pub fn renew(
    conn: &mut DbConnection,
    old_endpoint: &str,
    old_auth: &str,
    new: &NewSubscription<'_>,
) -> Result<usize, AppError> {
    super::write_tx(conn, |conn| {
        let rows: Vec<(i64, i64, String)> = push_subscriptions::table
            .filter(push_subscriptions::endpoint.eq(old_endpoint))
            .select((
                push_subscriptions::id,
                push_subscriptions::org_id,
                push_subscriptions::auth,
            ))
            .load(conn)?;
        let mut moved = 0;
        for (id, org_id, auth) in rows {
            if !bool::from(auth.as_bytes().ct_eq(old_auth.as_bytes())) {
                continue;
            }
            // The same endpoint with new keys is updated in place.
            let taken = new.endpoint != old_endpoint
                && diesel::select(diesel::dsl::exists(
                    push_subscriptions::table
                        .filter(push_subscriptions::org_id.eq(org_id))
                        .filter(push_subscriptions::endpoint.eq(new.endpoint)),
                ))
                .get_result::<bool>(conn)?;
            if taken {
                diesel::delete(outgoing_push::table.filter(outgoing_push::subscription_id.eq(id)))
                    .execute(conn)?;
                diesel::delete(push_subscriptions::table.find(id)).execute(conn)?;
            } else {
                diesel::update(push_subscriptions::table.find(id))
                    .set((
                        push_subscriptions::endpoint.eq(new.endpoint),
                        push_subscriptions::p256dh.eq(new.p256dh),
                        push_subscriptions::auth.eq(new.auth),
                        push_subscriptions::failures.eq(0),
                    ))
                    .execute(conn)?;
            }
            moved += 1;
        }
        Ok(moved)
    })
}

/// Deletes subscription `id` (and what waits to be pushed to it); returns how many other
/// organizations the same browser still follows by push.
pub fn remove(conn: &mut DbConnection, id: i64) -> Result<i64, AppError> {
    super::write_tx(conn, |conn| {
        let endpoint: Option<String> = push_subscriptions::table
            .find(id)
            .select(push_subscriptions::endpoint)
            .first(conn)
            .optional()?;
        diesel::delete(outgoing_push::table.filter(outgoing_push::subscription_id.eq(id)))
            .execute(conn)?;
        diesel::delete(push_subscriptions::table.find(id)).execute(conn)?;
        let Some(endpoint) = endpoint else {
            return Ok(0);
        };
        Ok(push_subscriptions::table
            .filter(push_subscriptions::endpoint.eq(endpoint))
            .count()
            .get_result(conn)?)
    })
}

/// Browsers following the organization by push: (all, anonymous ones).
pub fn counts(conn: &mut DbConnection, org_id: i64) -> Result<(i64, i64), AppError> {
    let all: i64 = push_subscriptions::table
        .filter(push_subscriptions::org_id.eq(org_id))
        .count()
        .get_result(conn)?;
    let anonymous: i64 = push_subscriptions::table
        .filter(push_subscriptions::org_id.eq(org_id))
        .filter(push_subscriptions::subscriber_id.is_null())
        .count()
        .get_result(conn)?;
    Ok((all, anonymous))
}

/// Which of the subscribers `ids` have a browser following by push.
pub fn subscribers_with_push(
    conn: &mut DbConnection,
    ids: &[i64],
) -> Result<std::collections::HashSet<i64>, AppError> {
    let found: Vec<Option<i64>> = push_subscriptions::table
        .filter(push_subscriptions::subscriber_id.eq_any(ids))
        .select(push_subscriptions::subscriber_id)
        .distinct()
        .load(conn)?;
    Ok(found.into_iter().flatten().collect())
}

/// Every subscription of the organization, oldest first (tests, the dashboard).
pub fn of_org(conn: &mut DbConnection, org_id: i64) -> Result<Vec<Subscription>, AppError> {
    Ok(push_subscriptions::table
        .filter(push_subscriptions::org_id.eq(org_id))
        .order(push_subscriptions::id)
        .select(Subscription::as_select())
        .load(conn)?)
}

/// Marks a test notification for subscription `id` as asked for now, unless one was asked for
/// since `since`: `false` means too soon. One conditional UPDATE, so two requests at once get
/// one notification.
pub fn take_test_slot(
    conn: &mut DbConnection,
    id: i64,
    since: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let changed = diesel::update(
        push_subscriptions::table.find(id).filter(
            push_subscriptions::test_sent_at
                .is_null()
                .or(push_subscriptions::test_sent_at.lt(since)),
        ),
    )
    .set(push_subscriptions::test_sent_at.eq(now))
    .execute(conn)?;
    Ok(changed == 1)
}

/// The largest payload before encryption: push services take 4096 bytes of body, which holds
/// the 86-byte header, one record's 16-byte tag and its padding delimiter.
pub const MAX_PAYLOAD: usize = 4096 - 86 - 17;

/// Notifications refused in a row before a subscription is given up.
pub const MAX_FAILURES: i32 = 10;

/// A notification to queue.
#[derive(Clone, Debug)]
pub struct NewPush<'a> {
    pub org_id: i64,
    pub subscription_id: i64,
    /// What it is, for the logs: `test`, later `broadcast` …
    pub kind: &'a str,
    /// The JSON the service worker shows.
    pub payload: &'a str,
    /// Replaces a notification with the same topic still waiting at the push service.
    pub topic: Option<&'a str>,
    /// `very-low`, `low`, `normal` or `high` (RFC 8030 §5.3).
    pub urgency: &'a str,
    /// Seconds the push service keeps it for an offline browser.
    pub ttl: i32,
}

/// Queues a notification, due now. Call it inside the transaction that causes it.
pub fn enqueue(
    conn: &mut DbConnection,
    push: &NewPush<'_>,
    now: NaiveDateTime,
) -> Result<i64, AppError> {
    // RFC 8030 §5.4: a topic is at most 32 characters of the base64url alphabet.
    let topic_ok = push.topic.is_none_or(|t| {
        !t.is_empty()
            && t.len() <= 32
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    });
    if !topic_ok || push.payload.len() > MAX_PAYLOAD {
        return Err(AppError::Unexpected(anyhow::anyhow!(
            "notification not queued: topic {:?}, {} bytes of payload",
            push.topic,
            push.payload.len()
        )));
    }
    Ok(diesel::insert_into(outgoing_push::table)
        .values((
            outgoing_push::org_id.eq(push.org_id),
            outgoing_push::subscription_id.eq(push.subscription_id),
            outgoing_push::kind.eq(push.kind),
            outgoing_push::payload.eq(push.payload),
            outgoing_push::topic.eq(push.topic),
            outgoing_push::urgency.eq(push.urgency),
            outgoing_push::ttl.eq(push.ttl),
            outgoing_push::status.eq("pending"),
            outgoing_push::next_attempt_at.eq(now),
            outgoing_push::created_at.eq(now),
        ))
        .returning(outgoing_push::id)
        .get_result(conn)?)
}

/// A claimed notification with where it goes, to send now.
#[derive(Clone, Debug, QueryableByName)]
pub struct Claimed {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = BigInt)]
    pub subscription_id: i64,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub payload: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub topic: Option<String>,
    #[diesel(sql_type = Text)]
    pub urgency: String,
    #[diesel(sql_type = Integer)]
    pub ttl: i32,
    /// Attempts so far, this one included.
    #[diesel(sql_type = Integer)]
    pub attempts: i32,
    #[diesel(sql_type = Text)]
    pub claim: String,
    #[diesel(sql_type = Text)]
    pub endpoint: String,
    #[diesel(sql_type = Text)]
    pub p256dh: String,
    #[diesel(sql_type = Text)]
    pub auth: String,
}

/// Takes the rows whose lease ran out back to `pending`, or fails them once they have had
/// `max_attempts` (an attempt that never finished, again and again, is not retried forever);
/// returns how many went back.
pub fn expire_leases(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    max_attempts: i32,
) -> Result<usize, AppError> {
    let expired = || {
        outgoing_push::table
            .filter(outgoing_push::status.eq("sending"))
            .filter(outgoing_push::locked_until.le(now))
    };
    diesel::update(expired().filter(outgoing_push::attempts.ge(max_attempts)))
        .set((
            outgoing_push::status.eq("failed"),
            outgoing_push::locked_until.eq(None::<NaiveDateTime>),
            outgoing_push::last_error.eq("no attempt finished"),
        ))
        .execute(conn)?;
    Ok(diesel::update(expired())
        .set((
            outgoing_push::status.eq("pending"),
            outgoing_push::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?)
}

/// Claims up to `limit` due notifications, oldest first, leased until `until` (PostgreSQL: rows
/// another worker holds are skipped; SQLite: the write lock serializes claims).
pub fn claim(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    until: NaiveDateTime,
    limit: i64,
) -> Result<Vec<Claimed>, AppError> {
    const CLAIM: &str = "UPDATE outgoing_push SET status = 'sending', locked_until = $1, \
         claim = $2, attempts = attempts + 1 WHERE id IN (SELECT id FROM outgoing_push \
         WHERE status = 'pending' AND next_attempt_at <= $3 ORDER BY next_attempt_at, id LIMIT $4";
    let claim = crate::auth::tokens::random_token(16);
    let sql = match conn {
        DbConnection::Pg(_) => format!("{CLAIM} FOR UPDATE SKIP LOCKED)"),
        DbConnection::Sqlite(_) => format!("{CLAIM})"),
    };
    super::write_tx(conn, |conn| {
        let ids: Vec<IdRow> = diesel::sql_query(format!("{sql} RETURNING id"))
            .bind::<Timestamp, _>(until)
            .bind::<Text, _>(&claim)
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(limit)
            .load(conn)?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut rows: Vec<Claimed> = diesel::sql_query(
            "SELECT p.id, p.subscription_id, p.kind, p.payload, p.topic, p.urgency, p.ttl, \
             p.attempts, p.claim, s.endpoint, s.p256dh, s.auth FROM outgoing_push p \
             JOIN push_subscriptions s ON s.id = p.subscription_id \
             WHERE p.claim = $1 AND p.status = 'sending'",
        )
        .bind::<Text, _>(&claim)
        .load(conn)?;
        rows.sort_by_key(|r| r.id);
        Ok(rows)
    })
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = BigInt)]
    #[allow(dead_code)]
    id: i64,
}

/// What became of a claimed notification.
#[derive(Clone, Debug)]
pub enum Outcome<'a> {
    /// The push service accepted it (`answer`: its status line).
    Sent(&'a str),
    /// Not accepted for now; due again at `next`.
    Retry(&'a str, NaiveDateTime),
    /// Refused for good, or out of attempts.
    Failed(&'a str),
    /// The subscription is gone (404, 410): deleted, with everything queued for it.
    Gone,
}

/// Records `outcome` for notification `id`, under the claim that sent it only.
pub fn record(
    conn: &mut DbConnection,
    id: i64,
    subscription_id: i64,
    claim: &str,
    outcome: &Outcome<'_>,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    super::write_tx(conn, |conn| {
        let mine = outgoing_push::table
            .find(id)
            .filter(outgoing_push::status.eq("sending"))
            .filter(outgoing_push::claim.eq(claim));
        let sub = push_subscriptions::table.find(subscription_id);
        match outcome {
            Outcome::Sent(answer) => {
                let changed = diesel::update(mine)
                    .set((
                        outgoing_push::status.eq("sent"),
                        outgoing_push::sent_at.eq(now),
                        outgoing_push::locked_until.eq(None::<NaiveDateTime>),
                        outgoing_push::last_error.eq(Some(*answer)),
                    ))
                    .execute(conn)?;
                if changed == 1 {
                    diesel::update(sub)
                        .set((
                            push_subscriptions::failures.eq(0),
                            push_subscriptions::last_sent_at.eq(now),
                        ))
                        .execute(conn)?;
                }
            }
            Outcome::Retry(error, next) => {
                diesel::update(mine)
                    .set((
                        outgoing_push::status.eq("pending"),
                        outgoing_push::next_attempt_at.eq(*next),
                        outgoing_push::locked_until.eq(None::<NaiveDateTime>),
                        outgoing_push::last_error.eq(Some(*error)),
                    ))
                    .execute(conn)?;
            }
            Outcome::Failed(error) => {
                let changed = diesel::update(mine)
                    .set((
                        outgoing_push::status.eq("failed"),
                        outgoing_push::locked_until.eq(None::<NaiveDateTime>),
                        outgoing_push::last_error.eq(Some(*error)),
                    ))
                    .execute(conn)?;
                if changed == 1 {
                    let failures: i32 = diesel::update(sub)
                        .set(push_subscriptions::failures.eq(push_subscriptions::failures + 1))
                        .returning(push_subscriptions::failures)
                        .get_result(conn)?;
                    // A push service that refuses everything for an endpoint: give it up.
                    if failures >= MAX_FAILURES {
                        diesel::delete(sub).execute(conn)?;
                    }
                }
            }
            Outcome::Gone => {
                let changed = diesel::update(mine)
                    .set(outgoing_push::status.eq("failed"))
                    .execute(conn)?;
                if changed == 1 {
                    diesel::delete(
                        outgoing_push::table
                            .filter(outgoing_push::subscription_id.eq(subscription_id)),
                    )
                    .execute(conn)?;
                    diesel::delete(sub).execute(conn)?;
                }
            }
        }
        Ok(())
    })
}

/// Broadcast notifications to subscriptions `ids` were accepted: their refusals in a row start
/// over.
pub fn note_sent(conn: &mut DbConnection, ids: &[i64], now: NaiveDateTime) -> Result<(), AppError> {
    for chunk in ids.chunks(500) {
        diesel::update(push_subscriptions::table.filter(push_subscriptions::id.eq_any(chunk)))
            .set((
                push_subscriptions::failures.eq(0),
                push_subscriptions::last_sent_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A broadcast notification to subscription `id` was refused: counted, and a subscription
/// refused [`MAX_FAILURES`] times in a row is given up (deleted). Whether it was.
pub fn note_refused(conn: &mut DbConnection, id: i64) -> Result<bool, AppError> {
    let sub = push_subscriptions::table.find(id);
    let failures: Option<i32> = diesel::update(sub)
        .set(push_subscriptions::failures.eq(push_subscriptions::failures + 1))
        .returning(push_subscriptions::failures)
        .get_result(conn)
        .optional()?;
    if failures.is_some_and(|f| f >= MAX_FAILURES) {
        diesel::delete(sub).execute(conn)?;
        return Ok(true);
    }
    Ok(false)
}

/// The push service says subscription `id` is gone: it is deleted, with what waits for it.
/// (Inside the caller's transaction, unlike [`remove`].)
pub fn gone(conn: &mut DbConnection, id: i64) -> Result<(), AppError> {
    diesel::delete(outgoing_push::table.filter(outgoing_push::subscription_id.eq(id)))
        .execute(conn)?;
    diesel::delete(push_subscriptions::table.find(id)).execute(conn)?;
    Ok(())
}

/// The subscriptions among `ids`, for sending a broadcast to them.
pub fn by_ids(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<Subscription>, AppError> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        out.extend(
            push_subscriptions::table
                .filter(push_subscriptions::id.eq_any(chunk))
                .select(Subscription::as_select())
                .load(conn)?,
        );
    }
    Ok(out)
}

/// One notification's state, as the tests and the dashboard see it.
#[derive(Clone, Debug, Queryable)]
pub struct PushState {
    pub id: i64,
    pub subscription_id: i64,
    pub kind: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub last_error: Option<String>,
}

/// Every notification of the organization, oldest first.
pub fn queued_for_org(conn: &mut DbConnection, org_id: i64) -> Result<Vec<PushState>, AppError> {
    Ok(outgoing_push::table
        .filter(outgoing_push::org_id.eq(org_id))
        .order(outgoing_push::id)
        .select((
            outgoing_push::id,
            outgoing_push::subscription_id,
            outgoing_push::kind,
            outgoing_push::status,
            outgoing_push::attempts,
            outgoing_push::next_attempt_at,
            outgoing_push::last_error,
        ))
        .load(conn)?)
}

/// Deletes notifications sent or failed before `before`.
pub fn purge(conn: &mut DbConnection, before: NaiveDateTime) -> Result<usize, AppError> {
    Ok(diesel::delete(
        outgoing_push::table
            .filter(outgoing_push::status.eq_any(["sent", "failed"]))
            .filter(outgoing_push::created_at.lt(before)),
    )
    .execute(conn)?)
}
