//! The delivery queue of broadcasts and digests (DESIGN.md flow 2): one row per recipient and
//! channel, materialized once with `INSERT … SELECT` when a broadcast starts, claimed in
//! batches under a lease, and finished with what the mail server or push service said.
//!
//! The audience is SQL built here from trusted parts only: ids and bit sets are integers the
//! caller already holds, formatted into the text; times are bound. Placeholders appear in
//! the order of their numbers (SQLite numbers `$N` by first appearance).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text, Timestamp};

use super::DbConnection;
use super::broadcasts::{Audience, Broadcast};
use super::schema::{broadcast_articles, broadcasts, deliveries};
use crate::domain::{BroadcastStatus, Channel, QuotaPeriod};
use crate::error::AppError;

/// Where the tag ids of an audience come from.
enum Tags<'a> {
    /// Given (a count before the broadcast exists).
    Listed(&'a [i64]),
    /// The broadcast's `broadcast_tags`.
    OfBroadcast(i64),
}

/// `WHERE` conditions on subscribers `s` of `org_id` in the audience ($1 is now).
fn subscriber_conditions(org_id: i64, categories: i32, tags: Option<Tags<'_>>) -> String {
    let mut sql = format!(
        "s.org_id = {org_id} AND s.status = 'active' \
         AND (s.paused_until IS NULL OR s.paused_until <= $1)"
    );
    if categories != 0 {
        sql.push_str(&format!(" AND (s.categories & {}) <> 0", categories & 7));
    }
    match tags {
        None => {}
        Some(Tags::Listed([])) => sql.push_str(" AND 1 = 0"),
        Some(Tags::Listed(ids)) => {
            let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM subscriber_tag_links l \
                 WHERE l.subscriber_id = s.id AND l.tag_id IN ({}))",
                ids.join(", ")
            ));
        }
        Some(Tags::OfBroadcast(id)) => sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM subscriber_tag_links l \
             JOIN broadcast_tags bt ON bt.tag_id = l.tag_id \
             WHERE l.subscriber_id = s.id AND bt.broadcast_id = {id})"
        )),
    }
    sql
}

/// `FROM … WHERE …` of the recipients on `channel` ($1 is now).
fn recipients(
    org_id: i64,
    channel: Channel,
    audience: &Audience,
    tags: Option<Tags<'_>>,
) -> String {
    let subscribers = subscriber_conditions(org_id, audience.categories, tags);
    match channel {
        Channel::Email => format!("FROM subscribers s WHERE {subscribers}"),
        // Every browser following the organization; once the audience narrows, only those of
        // subscribers in it (an anonymous browser has no tags or categories).
        Channel::Push if audience.narrows() => format!(
            "FROM push_subscriptions r WHERE r.org_id = {org_id} AND r.subscriber_id IN \
             (SELECT s.id FROM subscribers s WHERE {subscribers})"
        ),
        Channel::Push => {
            format!("FROM push_subscriptions r WHERE r.org_id = {org_id} AND r.created_at <= $1")
        }
    }
}

fn recipient_column(channel: Channel) -> &'static str {
    match channel {
        Channel::Email => "s.id",
        Channel::Push => "r.id",
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// How many recipients a broadcast to `audience` would have on each channel now (before it
/// is written: the tags are given).
pub fn audience_count(
    conn: &mut DbConnection,
    org_id: i64,
    audience: &Audience,
    now: NaiveDateTime,
) -> Result<(i64, i64), AppError> {
    let mut count = |channel| -> Result<i64, AppError> {
        let tags = audience.tags.as_deref().map(Tags::Listed);
        let sql = format!(
            "SELECT count(*) AS n {}",
            recipients(org_id, channel, audience, tags)
        );
        Ok(diesel::sql_query(sql)
            .bind::<Timestamp, _>(now)
            .get_result::<Count>(conn)?
            .n)
    };
    Ok((count(Channel::Email)?, count(Channel::Push)?))
}

/// A broadcast that [`start_due`] started.
#[derive(Clone, Debug)]
pub struct Started {
    pub id: i64,
    pub org_id: i64,
    /// Deliveries written (skipped ones included).
    pub deliveries: usize,
    /// Articles dropped because they were no longer published (their titles).
    pub dropped: Vec<String>,
    /// It could not start (no published article left) and failed.
    pub failed: bool,
}

#[derive(QueryableByName)]
struct Due {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// Starts the oldest due scheduled broadcast, if any: drops articles unpublished since it was
/// written (a warning on the broadcast says which), and materializes its deliveries, all in
/// one transaction; several instances may call this at once and each broadcast starts once.
pub fn start_due(conn: &mut DbConnection, now: NaiveDateTime) -> Result<Option<Started>, AppError> {
    let sql = match conn {
        DbConnection::Pg(_) => {
            "UPDATE broadcasts SET status = 'sending', started_at = $1, updated_at = $1 \
             WHERE status = 'scheduled' AND id = (SELECT id FROM broadcasts \
             WHERE status = 'scheduled' AND scheduled_at <= $1 ORDER BY scheduled_at, id \
             LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id"
        }
        DbConnection::Sqlite(_) => {
            "UPDATE broadcasts SET status = 'sending', started_at = $1, updated_at = $1 \
             WHERE status = 'scheduled' AND id = (SELECT id FROM broadcasts \
             WHERE status = 'scheduled' AND scheduled_at <= $1 ORDER BY scheduled_at, id \
             LIMIT 1) RETURNING id"
        }
    };
    super::write_tx(conn, |conn| {
        let Some(due) = diesel::sql_query(sql)
            .bind::<Timestamp, _>(now)
            .get_result::<Due>(conn)
            .optional()?
        else {
            return Ok(None);
        };
        let b: Broadcast = broadcasts::table
            .find(due.id)
            .select(Broadcast::as_select())
            .first(conn)?;
        let dropped = drop_unpublished(conn, b.id)?;
        let left = broadcast_articles::table
            .filter(broadcast_articles::broadcast_id.eq(b.id))
            .count()
            .get_result::<i64>(conn)?;
        let mut started = Started {
            id: b.id,
            org_id: b.org_id,
            deliveries: 0,
            failed: false,
            dropped,
        };
        if !started.dropped.is_empty() {
            // The page says what this means in the reader's words.
            diesel::update(broadcasts::table.find(b.id))
                .set(broadcasts::warning.eq(started.dropped.join("\n")))
                .execute(conn)?;
        }
        if left == 0 {
            diesel::update(broadcasts::table.find(b.id))
                .set((
                    broadcasts::status.eq(BroadcastStatus::Failed.as_str()),
                    broadcasts::finished_at.eq(now),
                ))
                .execute(conn)?;
            started.failed = true;
            return Ok(Some(started));
        }
        started.deliveries = materialize(conn, &b, now)?;
        Ok(Some(started))
    })
}

/// Removes the broadcast's articles that are not published any more; their titles.
fn drop_unpublished(conn: &mut DbConnection, id: i64) -> Result<Vec<String>, AppError> {
    use super::schema::articles;
    let gone: Vec<(i64, String)> = broadcast_articles::table
        .inner_join(articles::table)
        .filter(broadcast_articles::broadcast_id.eq(id))
        .filter(articles::status.ne("published"))
        .order(broadcast_articles::position)
        .select((articles::id, articles::title))
        .load(conn)?;
    let ids: Vec<i64> = gone.iter().map(|(a, _)| *a).collect();
    diesel::delete(
        broadcast_articles::table
            .filter(broadcast_articles::broadcast_id.eq(id))
            .filter(broadcast_articles::article_id.eq_any(&ids)),
    )
    .execute(conn)?;
    Ok(gone.into_iter().map(|(_, t)| t).collect())
}

/// Writes broadcast `b`'s deliveries: one per recipient and channel, the over-quota ones
/// `skipped` with reason `quota`. Writing them again adds nothing (the UNIQUE key).
pub fn materialize(
    conn: &mut DbConnection,
    b: &Broadcast,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    let org = super::orgs::by_id(conn, b.org_id)?;
    let audience = Audience {
        tags: b.by_tags.then_some(Vec::new()),
        categories: b.categories,
    };
    let quota = org
        .quota_period
        .parse::<QuotaPeriod>()
        .unwrap_or_default()
        .start(now, org.timezone.0)
        .filter(|_| !b.is_digest());
    let mut written = 0;
    for channel in b.channels().iter() {
        let from = recipients(
            b.org_id,
            channel,
            &audience,
            b.by_tags.then_some(Tags::OfBroadcast(b.id)),
        );
        let column = recipient_column(channel);
        let insert = |status: &str, reason: &str, extra: &str| {
            format!(
                "INSERT INTO deliveries (broadcast_id, channel, recipient_id, status, last_error, \
                 next_attempt_at) SELECT {id}, '{ch}', {column}, '{status}', {reason}, $1 \
                 {from}{extra} ON CONFLICT DO NOTHING",
                id = b.id,
                ch = channel.as_str(),
            )
        };
        match quota {
            None => {
                written += diesel::sql_query(insert("pending", "NULL", ""))
                    .bind::<Timestamp, _>(now)
                    .execute(conn)?;
            }
            Some(since) => {
                let over = format!(
                    " AND (SELECT count(*) FROM deliveries q JOIN broadcasts qb \
                     ON qb.id = q.broadcast_id WHERE q.recipient_id = {column} \
                     AND q.channel = '{ch}' AND qb.org_id = {org} AND qb.kind = 'broadcast' \
                     AND qb.id <> {id} AND qb.started_at >= $2 \
                     AND q.status IN ('pending', 'in_flight', 'sent')) >= {n}",
                    ch = channel.as_str(),
                    org = b.org_id,
                    id = b.id,
                    n = org.broadcast_quota.max(0),
                );
                // Over quota first (skipped), then everyone else (pending): a recipient is
                // written once, whichever comes first.
                written += diesel::sql_query(insert("skipped", "'quota'", &over))
                    .bind::<Timestamp, _>(now)
                    .bind::<Timestamp, _>(since)
                    .execute(conn)?;
                written += diesel::sql_query(insert("pending", "NULL", ""))
                    .bind::<Timestamp, _>(now)
                    .execute(conn)?;
            }
        }
    }
    Ok(written)
}

/// A claimed delivery, to send now.
#[derive(Clone, Debug, QueryableByName)]
pub struct Claimed {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = BigInt)]
    pub broadcast_id: i64,
    #[diesel(sql_type = Text)]
    pub channel: String,
    #[diesel(sql_type = BigInt)]
    pub recipient_id: i64,
    /// Attempts so far, this one included.
    #[diesel(sql_type = Integer)]
    pub attempts: i32,
}

impl Claimed {
    /// Its channel.
    pub fn channel(&self) -> Channel {
        if self.channel == "push" {
            Channel::Push
        } else {
            Channel::Email
        }
    }
}

/// Claims up to `limit` due deliveries of sending broadcasts on `channels` (`["push"]` while
/// the mail server is down; anything else: both), oldest first, leased until `until` under a
/// fresh claim token (returned). On PostgreSQL concurrent claimers skip each
/// other's rows; on SQLite the write lock serializes them.
pub fn claim(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    until: NaiveDateTime,
    limit: i64,
    channels: &[&str],
) -> Result<(String, Vec<Claimed>), AppError> {
    let only = match channels {
        [one] if Channel::ALL.iter().any(|c| c.as_str() == *one) => {
            format!(" AND d.channel = '{one}'")
        }
        _ => String::new(),
    };
    let select = format!(
        "SELECT d.id FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id \
         WHERE d.status = 'pending' AND d.next_attempt_at <= $3 AND b.status = 'sending'{only} \
         ORDER BY d.next_attempt_at, d.id LIMIT $4"
    );
    let lock = match conn {
        DbConnection::Pg(_) => " FOR UPDATE OF d SKIP LOCKED",
        DbConnection::Sqlite(_) => "",
    };
    let sql = format!(
        "UPDATE deliveries SET status = 'in_flight', locked_until = $1, claim = $2, \
         attempts = attempts + 1 WHERE id IN ({select}{lock}) \
         RETURNING id, broadcast_id, channel, recipient_id, attempts"
    );
    let claim = crate::auth::tokens::random_token(16);
    let mut rows: Vec<Claimed> = super::write_tx(conn, |conn| {
        diesel::sql_query(&sql)
            .bind::<Timestamp, _>(until)
            .bind::<Text, _>(&claim)
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(limit)
            .load(conn)
    })?;
    rows.sort_by_key(|r| r.id);
    Ok((claim, rows))
}

/// Takes deliveries whose lease ran out back to `pending` (a worker died mid-send: each is
/// sent again, which is the "at most the batch in flight" of a crash), or fails them once they
/// have had `max_attempts`; how many went back.
pub fn expire_leases(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    max_attempts: i32,
) -> Result<usize, AppError> {
    let expired = || {
        deliveries::table
            .filter(deliveries::status.eq("in_flight"))
            .filter(deliveries::locked_until.le(now))
    };
    diesel::update(expired().filter(deliveries::attempts.ge(max_attempts)))
        .set((
            deliveries::status.eq("failed"),
            deliveries::locked_until.eq(None::<NaiveDateTime>),
            deliveries::last_error.eq("no attempt finished"),
        ))
        .execute(conn)?;
    Ok(diesel::update(expired())
        .set((
            deliveries::status.eq("pending"),
            deliveries::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?)
}

/// What became of one claimed delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Accepted by the server (what it said).
    Sent(String),
    /// Not for now; due again at the time.
    Retry(String, NaiveDateTime),
    /// Refused for good, or out of attempts.
    Failed(String),
    /// Not sent, and never will be: the reason (`unsubscribed`, `gone`, `nothing new` …).
    Skipped(String),
}

/// Records `outcomes` of deliveries claimed under `claim` (a row another claim has taken over
/// since is left alone). Call it inside the transaction that also records their side effects.
pub fn record(
    conn: &mut DbConnection,
    claim: &str,
    outcomes: &[(i64, Outcome)],
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let mine = || {
        deliveries::table
            .filter(deliveries::status.eq("in_flight"))
            .filter(deliveries::claim.eq(claim))
    };
    let sent: Vec<i64> = outcomes
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Sent(_)))
        .map(|(id, _)| *id)
        .collect();
    for chunk in sent.chunks(500) {
        diesel::update(mine().filter(deliveries::id.eq_any(chunk)))
            .set((
                deliveries::status.eq("sent"),
                deliveries::sent_at.eq(now),
                deliveries::locked_until.eq(None::<NaiveDateTime>),
                deliveries::last_error.eq(None::<String>),
            ))
            .execute(conn)?;
    }
    for (id, outcome) in outcomes {
        let target = mine().filter(deliveries::id.eq(id));
        match outcome {
            Outcome::Sent(_) => {}
            Outcome::Retry(error, next) => {
                diesel::update(target)
                    .set((
                        deliveries::status.eq("pending"),
                        deliveries::next_attempt_at.eq(next),
                        deliveries::locked_until.eq(None::<NaiveDateTime>),
                        deliveries::last_error.eq(error),
                    ))
                    .execute(conn)?;
            }
            Outcome::Failed(error) | Outcome::Skipped(error) => {
                let status = if matches!(outcome, Outcome::Failed(_)) {
                    "failed"
                } else {
                    "skipped"
                };
                diesel::update(target)
                    .set((
                        deliveries::status.eq(status),
                        deliveries::locked_until.eq(None::<NaiveDateTime>),
                        deliveries::last_error.eq(error),
                    ))
                    .execute(conn)?;
            }
        }
    }
    Ok(())
}

/// Marks sending broadcasts with nothing left pending or in flight as finished: `sent` when
/// anything was accepted or there was nothing to send, `failed` when everything was refused.
/// Returns the ids finished.
pub fn finish_done(conn: &mut DbConnection, now: NaiveDateTime) -> Result<Vec<i64>, AppError> {
    let sending: Vec<i64> = broadcasts::table
        .filter(broadcasts::status.eq(BroadcastStatus::Sending.as_str()))
        .select(broadcasts::id)
        .load(conn)?;
    let mut finished = Vec::new();
    for id in sending {
        let open = deliveries::table
            .filter(deliveries::broadcast_id.eq(id))
            .filter(deliveries::status.eq_any(["pending", "in_flight"]))
            .select(deliveries::id)
            .first::<i64>(conn)
            .optional()?;
        if open.is_some() {
            continue;
        }
        let counts = super::broadcasts::counts(conn, id)?.total();
        let status = if counts.sent == 0 && counts.failed > 0 {
            BroadcastStatus::Failed
        } else {
            BroadcastStatus::Sent
        };
        let changed = diesel::update(
            broadcasts::table
                .find(id)
                .filter(broadcasts::status.eq(BroadcastStatus::Sending.as_str())),
        )
        .set((
            broadcasts::status.eq(status.as_str()),
            broadcasts::finished_at.eq(now),
            broadcasts::updated_at.eq(now),
        ))
        .execute(conn)?;
        if changed > 0 {
            finished.push(id);
        }
    }
    Ok(finished)
}

/// The organization delivery `id` is sent for.
pub fn org_of(conn: &mut DbConnection, id: i64) -> Result<Option<i64>, AppError> {
    Ok(deliveries::table
        .inner_join(broadcasts::table)
        .filter(deliveries::id.eq(id))
        .select(broadcasts::org_id)
        .first(conn)
        .optional()?)
}

/// The organization and recipient address of the broadcast email whose `Message-ID` is
/// `message_id` (`d{delivery}.b{broadcast}@host`, as the worker writes it), if it is one.
pub fn sent_for(
    conn: &mut DbConnection,
    message_id: &str,
) -> Result<Option<(Option<i64>, String)>, AppError> {
    use super::schema::subscribers;
    let id = message_id.trim_matches(['<', '>', ' ']);
    let Some((local, _host)) = id.split_once('@') else {
        return Ok(None);
    };
    let Some((d, b)) = local.strip_prefix('d').and_then(|r| r.split_once(".b")) else {
        return Ok(None);
    };
    let (Ok(delivery), Ok(broadcast)) = (d.parse::<i64>(), b.parse::<i64>()) else {
        return Ok(None);
    };
    Ok(deliveries::table
        .inner_join(broadcasts::table)
        .inner_join(subscribers::table.on(subscribers::id.eq(deliveries::recipient_id)))
        .filter(deliveries::id.eq(delivery))
        .filter(deliveries::broadcast_id.eq(broadcast))
        .filter(deliveries::channel.eq("email"))
        .select((broadcasts::org_id.nullable(), subscribers::email))
        .first(conn)
        .optional()?)
}

/// Deliveries waiting (pending, in flight) across all broadcasts, and the oldest due time
/// among the pending ones of sending broadcasts: for `/metrics`.
pub fn backlog(conn: &mut DbConnection) -> Result<(i64, Option<NaiveDateTime>), AppError> {
    let waiting = deliveries::table
        .filter(deliveries::status.eq_any(["pending", "in_flight"]))
        .count()
        .get_result(conn)?;
    let oldest = deliveries::table
        .inner_join(broadcasts::table)
        .filter(deliveries::status.eq("pending"))
        .filter(broadcasts::status.eq(BroadcastStatus::Sending.as_str()))
        .select(diesel::dsl::min(deliveries::next_attempt_at))
        .first::<Option<NaiveDateTime>>(conn)?;
    Ok((waiting, oldest))
}
