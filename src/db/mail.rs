//! Outgoing mail: the durable queue between whatever causes a message (a request, a job) and the
//! mail worker that sends it. A message is written whole — rendered, in its recipient's
//! language, signed — in the same transaction as its cause, so it is sent exactly when that
//! commits. The worker claims due rows under a lease; a lease that runs out (a worker that died
//! mid-send) puts the row back, so a crash re-sends at most what was in flight.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text, Timestamp};

use super::DbConnection;
use super::schema::outgoing_mail;
use crate::error::AppError;

/// A message to queue.
#[derive(Clone, Debug)]
pub struct NewMail<'a> {
    /// The organization it is sent for (none for account mail such as a password reset).
    pub org_id: Option<i64>,
    /// What it is, for the logs and the dashboard: `password_reset`, `confirm` …
    pub kind: &'a str,
    /// The address it goes to (the envelope's recipient).
    pub recipient: &'a str,
    /// Its `Message-ID`, without the angle brackets; unique.
    pub message_id: &'a str,
    /// The whole message as sent (RFC 5322, CRLF line ends).
    pub message: &'a str,
}

/// A claimed message, to send now.
#[derive(Clone, Debug, QueryableByName)]
pub struct Claimed {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub recipient: String,
    #[diesel(sql_type = Text)]
    pub message_id: String,
    #[diesel(sql_type = Text)]
    pub message: String,
    /// Attempts so far, this one included.
    #[diesel(sql_type = Integer)]
    pub attempts: i32,
    /// This claim's token: what became of the message is recorded under it only.
    #[diesel(sql_type = Text)]
    pub claim: String,
}

/// One message's state, as the dashboard and the tests see it.
#[derive(Clone, Debug, Queryable)]
pub struct MailState {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub message_id: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub last_error: Option<String>,
    pub sent_at: Option<NaiveDateTime>,
}

/// Queues a message, due now. Call it inside the transaction that causes it.
pub fn enqueue(
    conn: &mut DbConnection,
    mail: &NewMail<'_>,
    now: NaiveDateTime,
) -> Result<i64, AppError> {
    Ok(diesel::insert_into(outgoing_mail::table)
        .values((
            outgoing_mail::org_id.eq(mail.org_id),
            outgoing_mail::kind.eq(mail.kind),
            outgoing_mail::recipient.eq(mail.recipient),
            outgoing_mail::message_id.eq(mail.message_id),
            outgoing_mail::message.eq(mail.message),
            outgoing_mail::status.eq("pending"),
            outgoing_mail::next_attempt_at.eq(now),
            outgoing_mail::created_at.eq(now),
        ))
        .returning(outgoing_mail::id)
        .get_result(conn)?)
}

/// How many messages of `kind` the organization queued since `since` (a limit on test sends).
pub fn count_since(
    conn: &mut DbConnection,
    org_id: i64,
    kind: &str,
    since: NaiveDateTime,
) -> Result<i64, AppError> {
    Ok(outgoing_mail::table
        .filter(outgoing_mail::org_id.eq(org_id))
        .filter(outgoing_mail::kind.eq(kind))
        .filter(outgoing_mail::created_at.ge(since))
        .count()
        .get_result(conn)?)
}

/// Takes the rows whose lease ran out back to `pending`, or fails them once they have had
/// `max_attempts` (an attempt that never finishes is not retried forever); returns how many
/// went back.
pub fn expire_leases(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    max_attempts: i32,
) -> Result<usize, AppError> {
    let expired = || {
        outgoing_mail::table
            .filter(outgoing_mail::status.eq("sending"))
            .filter(outgoing_mail::locked_until.le(now))
    };
    diesel::update(expired().filter(outgoing_mail::attempts.ge(max_attempts)))
        .set((
            outgoing_mail::status.eq("failed"),
            outgoing_mail::locked_until.eq(None::<NaiveDateTime>),
            outgoing_mail::last_error.eq("no attempt finished"),
        ))
        .execute(conn)?;
    Ok(diesel::update(expired())
        .set((
            outgoing_mail::status.eq("pending"),
            outgoing_mail::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?)
}

/// Claims up to `limit` due messages, oldest first, leased until `until`. Several workers (or
/// qiao instances) can claim at once: on PostgreSQL each skips the rows another has locked; on
/// SQLite the write lock taken first serializes them.
pub fn claim(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    until: NaiveDateTime,
    limit: i64,
) -> Result<Vec<Claimed>, AppError> {
    const SQLITE: &str = "UPDATE outgoing_mail SET status = 'sending', locked_until = $1, \
         claim = $2, attempts = attempts + 1 WHERE id IN (SELECT id FROM outgoing_mail \
         WHERE status = 'pending' AND next_attempt_at <= $3 ORDER BY next_attempt_at, id LIMIT $4) \
         RETURNING id, kind, recipient, message_id, message, attempts, claim";
    const POSTGRES: &str = "UPDATE outgoing_mail SET status = 'sending', locked_until = $1, \
         claim = $2, attempts = attempts + 1 WHERE id IN (SELECT id FROM outgoing_mail \
         WHERE status = 'pending' AND next_attempt_at <= $3 ORDER BY next_attempt_at, id LIMIT $4 \
         FOR UPDATE SKIP LOCKED) \
         RETURNING id, kind, recipient, message_id, message, attempts, claim";
    let claim = crate::auth::tokens::random_token(16);
    // Placeholders in the order they appear: SQLite numbers `$N` by first appearance.
    let sql = match conn {
        DbConnection::Pg(_) => POSTGRES,
        DbConnection::Sqlite(_) => SQLITE,
    };
    super::write_tx(conn, |conn| {
        let mut rows: Vec<Claimed> = diesel::sql_query(sql)
            .bind::<Timestamp, _>(until)
            .bind::<Text, _>(&claim)
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(limit)
            .load(conn)?;
        rows.sort_by_key(|r| r.id);
        Ok(rows)
    })
}

/// The server accepted the message (`response`: what it said). Like [`retry`] and
/// [`failed`], it changes the row only under the claim that sent it.
pub fn sent(
    conn: &mut DbConnection,
    id: i64,
    claim: &str,
    response: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(
        outgoing_mail::table
            .find(id)
            .filter(outgoing_mail::status.eq("sending"))
            .filter(outgoing_mail::claim.eq(claim)),
    )
    .set((
        outgoing_mail::status.eq("sent"),
        outgoing_mail::sent_at.eq(now),
        outgoing_mail::locked_until.eq(None::<NaiveDateTime>),
        outgoing_mail::last_error.eq(Some(response)),
    ))
    .execute(conn)?;
    Ok(())
}

/// The attempt failed for now; the message is due again at `next`.
pub fn retry(
    conn: &mut DbConnection,
    id: i64,
    claim: &str,
    error: &str,
    next: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(
        outgoing_mail::table
            .find(id)
            .filter(outgoing_mail::status.eq("sending"))
            .filter(outgoing_mail::claim.eq(claim)),
    )
    .set((
        outgoing_mail::status.eq("pending"),
        outgoing_mail::next_attempt_at.eq(next),
        outgoing_mail::locked_until.eq(None::<NaiveDateTime>),
        outgoing_mail::last_error.eq(Some(error)),
    ))
    .execute(conn)?;
    Ok(())
}

/// The message cannot be delivered (the server refused it for good, or it ran out of attempts).
pub fn failed(conn: &mut DbConnection, id: i64, claim: &str, error: &str) -> Result<(), AppError> {
    diesel::update(
        outgoing_mail::table
            .find(id)
            .filter(outgoing_mail::status.eq("sending"))
            .filter(outgoing_mail::claim.eq(claim)),
    )
    .set((
        outgoing_mail::status.eq("failed"),
        outgoing_mail::locked_until.eq(None::<NaiveDateTime>),
        outgoing_mail::last_error.eq(Some(error)),
    ))
    .execute(conn)?;
    Ok(())
}

/// Every message to `recipient`, oldest first.
pub fn to_recipient(conn: &mut DbConnection, recipient: &str) -> Result<Vec<MailState>, AppError> {
    Ok(outgoing_mail::table
        .filter(outgoing_mail::recipient.eq(recipient))
        .order(outgoing_mail::id)
        .select((
            outgoing_mail::id,
            outgoing_mail::kind,
            outgoing_mail::recipient,
            outgoing_mail::message_id,
            outgoing_mail::status,
            outgoing_mail::attempts,
            outgoing_mail::next_attempt_at,
            outgoing_mail::last_error,
            outgoing_mail::sent_at,
        ))
        .load(conn)?)
}

/// Whether a message of `kind` to `recipient` was queued since `since` (whatever became of
/// it): the "at most one per ten minutes" of reset links and confirmations.
pub fn sent_recently(
    conn: &mut DbConnection,
    recipient: &str,
    kind: &str,
    since: NaiveDateTime,
) -> Result<bool, AppError> {
    Ok(diesel::select(diesel::dsl::exists(
        outgoing_mail::table
            .filter(outgoing_mail::recipient.eq(recipient))
            .filter(outgoing_mail::kind.eq(kind))
            .filter(outgoing_mail::created_at.ge(since)),
    ))
    .get_result(conn)?)
}

/// The organization and recipient of the message with `message_id` (as in its header, without
/// angle brackets), if qiao sent it.
pub fn sent_for(
    conn: &mut DbConnection,
    message_id: &str,
) -> Result<Option<(Option<i64>, String)>, AppError> {
    Ok(outgoing_mail::table
        .filter(outgoing_mail::message_id.eq(message_id.trim_matches(['<', '>', ' '])))
        .select((outgoing_mail::org_id, outgoing_mail::recipient))
        .first(conn)
        .optional()?)
}

/// The organization of the message with row `id`, and its recipient.
pub fn org_of(conn: &mut DbConnection, id: i64) -> Result<(Option<i64>, String), AppError> {
    Ok(outgoing_mail::table
        .find(id)
        .select((outgoing_mail::org_id, outgoing_mail::recipient))
        .first(conn)?)
}

/// A bounce, complaint or other event a provider reported.
#[derive(Clone, Debug)]
pub struct NewEvent<'a> {
    pub provider: &'a str,
    pub message_id: Option<&'a str>,
    pub email: &'a str,
    pub kind: &'a str,
    pub permanent: bool,
    /// The request body as received (cut at 64 KB).
    pub payload: &'a str,
}

/// Keeps what a provider reported.
pub fn record_event(
    conn: &mut DbConnection,
    event: &NewEvent<'_>,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    use super::schema::mail_events as e;
    let mut end = event.payload.len().min(64 * 1024);
    while !event.payload.is_char_boundary(end) {
        end -= 1;
    }
    diesel::insert_into(e::table)
        .values((
            e::provider.eq(event.provider),
            e::message_id.eq(event.message_id),
            e::email.eq(event.email),
            e::kind.eq(event.kind),
            e::permanent.eq(event.permanent),
            e::payload.eq(&event.payload[..end]),
            e::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// What waits to be sent (pending or being sent): how many, and since when the oldest.
pub fn backlog(conn: &mut DbConnection) -> Result<(i64, Option<NaiveDateTime>), AppError> {
    let waiting =
        || outgoing_mail::table.filter(outgoing_mail::status.eq_any(["pending", "sending"]));
    let count: i64 = waiting().count().get_result(conn)?;
    let oldest: Option<NaiveDateTime> = waiting()
        .select(diesel::dsl::min(outgoing_mail::created_at))
        .first(conn)?;
    Ok((count, oldest))
}

/// Deletes messages sent or failed before `before`; pending ones stay, whatever their age.
pub fn purge(conn: &mut DbConnection, before: NaiveDateTime) -> Result<usize, AppError> {
    Ok(diesel::delete(
        outgoing_mail::table
            .filter(outgoing_mail::status.eq_any(["sent", "failed"]))
            .filter(outgoing_mail::created_at.lt(before)),
    )
    .execute(conn)?)
}
