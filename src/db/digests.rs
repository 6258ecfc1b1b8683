//! Digests (DESIGN.md flow 3): per organization and frequency, once per local period, a
//! broadcast of kind `digest` to the subscribers who chose that frequency, each getting the
//! articles published since the previous digest, in the categories they follow, that no
//! broadcast or digest has sent them yet. The `digest_runs` row's UNIQUE key is what makes a
//! period happen once, whichever instance's tick gets there first and however often it ticks.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use super::DbConnection;
use super::schema::{broadcasts, digest_runs, organizations};
use crate::domain::time::{DigestPeriod, DigestTime, Frequency};
use crate::domain::{BroadcastStatus, TimeZone};
use crate::error::AppError;

/// The most articles one digest lists (the newest).
pub const MAX_ARTICLES: i64 = 20;
/// How far back a digest looks when there was no digest before it (or the last was long ago):
/// this many periods.
const LOOK_BACK_PERIODS: i32 = 2;

/// A digest run that [`tick`] started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Started {
    pub org_id: i64,
    pub frequency: Frequency,
    pub period: String,
    /// The broadcast carrying it; `None` when nobody had anything new.
    pub broadcast_id: Option<i64>,
    pub deliveries: usize,
}

/// `WHERE` conditions on articles `a` a digest may hold for subscriber `s`, published after
/// `since` and at or before `until` (placeholders): in a category `s` follows, never sent to
/// `s` by a broadcast (an email delivery that was accepted) or a digest. (SQLite numbers `$N`
/// by first appearance, so callers keep the placeholders in order.)
fn candidates(since: &str, until: &str) -> String {
    format!(
        "a.org_id = s.org_id AND a.status = 'published' \
         AND a.published_at > {since} AND a.published_at <= {until} \
         AND (s.categories & CASE a.category WHEN 'culture' THEN 1 WHEN 'news' THEN 2 ELSE 4 END) <> 0 \
         AND NOT EXISTS (SELECT 1 FROM digest_articles da \
             WHERE da.subscriber_id = s.id AND da.article_id = a.id) \
         AND NOT EXISTS (SELECT 1 FROM deliveries d \
             JOIN broadcast_articles ba ON ba.broadcast_id = d.broadcast_id \
             WHERE d.recipient_id = s.id AND d.channel = 'email' AND d.status = 'sent' \
             AND ba.article_id = a.id)"
    )
}

/// Starts every digest that is due as of `now` and not started yet.
pub fn tick(conn: &mut DbConnection, now: NaiveDateTime) -> Result<Vec<Started>, AppError> {
    let orgs: Vec<(i64, TimeZone, i32, i32)> = organizations::table
        .select((
            organizations::id,
            organizations::timezone,
            organizations::digest_hour,
            organizations::digest_weekday,
        ))
        .order(organizations::id)
        .load(conn)?;
    let mut started = Vec::new();
    for (org_id, tz, hour, weekday) in orgs {
        let time = DigestTime {
            tz: tz.0,
            hour: u32::try_from(hour).unwrap_or(8),
            weekday: u32::try_from(weekday).unwrap_or(1),
        };
        for frequency in Frequency::ALL {
            let period = time.latest(frequency, now);
            let done = digest_runs::table
                .filter(digest_runs::org_id.eq(org_id))
                .filter(digest_runs::frequency.eq(frequency.as_str()))
                .filter(digest_runs::period.eq(&period.key))
                .count()
                .get_result::<i64>(conn)?
                > 0;
            if done {
                continue;
            }
            if let Some(s) = start(conn, org_id, &time, frequency, &period, now)? {
                started.push(s);
            }
        }
    }
    Ok(started)
}

/// Starts one organization's digest of `period`, unless another instance just did.
fn start(
    conn: &mut DbConnection,
    org_id: i64,
    time: &DigestTime,
    frequency: Frequency,
    period: &DigestPeriod,
    now: NaiveDateTime,
) -> Result<Option<Started>, AppError> {
    super::write_tx(conn, |conn| {
        // Raw SQL: diesel's multi-backend connection has no `on_conflict`.
        let inserted = diesel::sql_query(
            "INSERT INTO digest_runs (org_id, frequency, period, due_at, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id, frequency, period) DO NOTHING \
             RETURNING id",
        )
        .bind::<BigInt, _>(org_id)
        .bind::<Text, _>(frequency.as_str())
        .bind::<Text, _>(&period.key)
        .bind::<Timestamp, _>(period.due_at)
        .bind::<Timestamp, _>(now)
        .get_result::<Id>(conn)
        .optional()?;
        let Some(Id { id: run }) = inserted else {
            return Ok(None);
        };
        // Since the previous digest of this frequency, or a couple of periods back.
        let floor =
            time.previous(frequency, period).due_at - frequency.length() * (LOOK_BACK_PERIODS - 1);
        let previous: Option<NaiveDateTime> = digest_runs::table
            .filter(digest_runs::org_id.eq(org_id))
            .filter(digest_runs::frequency.eq(frequency.as_str()))
            .filter(digest_runs::id.ne(run))
            .filter(digest_runs::due_at.lt(period.due_at))
            .select(diesel::dsl::max(digest_runs::due_at))
            .first(conn)?;
        let since = previous.map_or(floor, |p| p.max(floor));
        let broadcast: i64 = diesel::insert_into(broadcasts::table)
            .values((
                broadcasts::org_id.eq(org_id),
                broadcasts::kind.eq("digest"),
                broadcasts::title.eq(super::broadcasts::digest_title(frequency, &period.key)),
                broadcasts::channels.eq(1),
                broadcasts::status.eq(BroadcastStatus::Sending.as_str()),
                broadcasts::scheduled_at.eq(period.due_at),
                broadcasts::started_at.eq(now),
                broadcasts::digest_since.eq(since),
                broadcasts::created_at.eq(now),
                broadcasts::updated_at.eq(now),
            ))
            .returning(broadcasts::id)
            .get_result(conn)?;
        // Only subscribers with something new get a row: nothing new, no email.
        let sql = format!(
            "INSERT INTO deliveries (broadcast_id, channel, recipient_id, status, next_attempt_at) \
             SELECT {broadcast}, 'email', s.id, 'pending', $1 FROM subscribers s \
             WHERE s.org_id = {org_id} AND s.status = 'active' AND s.digest = '{f}' \
             AND (s.paused_until IS NULL OR s.paused_until <= $1) \
             AND EXISTS (SELECT 1 FROM articles a WHERE {c}) \
             ON CONFLICT DO NOTHING",
            f = frequency.as_str(),
            c = candidates("$2", "$3"),
        );
        let deliveries = diesel::sql_query(sql)
            .bind::<Timestamp, _>(now)
            .bind::<Timestamp, _>(since)
            .bind::<Timestamp, _>(period.due_at)
            .execute(conn)?;
        let broadcast_id = if deliveries == 0 {
            // Nobody: the run is recorded (the period is done), the empty broadcast is not.
            diesel::delete(broadcasts::table.find(broadcast)).execute(conn)?;
            None
        } else {
            diesel::update(digest_runs::table.find(run))
                .set(digest_runs::broadcast_id.eq(broadcast))
                .execute(conn)?;
            Some(broadcast)
        };
        Ok(Some(Started {
            org_id,
            frequency,
            period: period.key.clone(),
            broadcast_id,
            deliveries,
        }))
    })
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// The articles digest broadcast `b` holds for subscriber `subscriber_id` now, newest first.
pub fn articles_for(
    conn: &mut DbConnection,
    b: &super::broadcasts::Broadcast,
    subscriber_id: i64,
) -> Result<Vec<i64>, AppError> {
    let (Some(since), Some(until)) = (b.digest_since, b.scheduled_at) else {
        return Ok(Vec::new());
    };
    let sql = format!(
        "SELECT a.id AS id FROM articles a, subscribers s WHERE s.id = $1 AND {} \
         ORDER BY a.published_at DESC, a.id DESC LIMIT {MAX_ARTICLES}",
        candidates("$2", "$3")
    );
    Ok(diesel::sql_query(sql)
        .bind::<BigInt, _>(subscriber_id)
        .bind::<Timestamp, _>(since)
        .bind::<Timestamp, _>(until)
        .load::<Id>(conn)?
        .into_iter()
        .map(|r| r.id)
        .collect())
}

/// Records that a digest sent `articles` to `subscriber_id`.
pub fn sent(
    conn: &mut DbConnection,
    subscriber_id: i64,
    articles: &[i64],
    now: NaiveDateTime,
) -> Result<(), AppError> {
    for article in articles {
        diesel::sql_query(
            "INSERT INTO digest_articles (subscriber_id, article_id, sent_at) \
             VALUES ($1, $2, $3) ON CONFLICT (subscriber_id, article_id) DO NOTHING",
        )
        .bind::<BigInt, _>(subscriber_id)
        .bind::<BigInt, _>(article)
        .bind::<Timestamp, _>(now)
        .execute(conn)?;
    }
    Ok(())
}
