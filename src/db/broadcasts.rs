//! Broadcasts: writing one (1–8 published articles, an audience, channels), scheduling,
//! cancelling, pausing and resuming it, and what its deliveries add up to. Starting one —
//! materializing its deliveries — and sending them are `db::deliveries`'.
//!
//! Every function takes the organization's id with the broadcast's, and a broadcast of
//! another organization is `NotFound`: a broadcast id is not a capability.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{articles, broadcast_articles, broadcast_tags, broadcasts, deliveries};
use crate::domain::{ArticleList, BroadcastStatus, Channels, Msg};
use crate::error::AppError;

/// A broadcast row.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = broadcasts)]
pub struct Broadcast {
    pub id: i64,
    pub org_id: i64,
    /// `broadcast`, or `digest` for a digest run.
    pub kind: String,
    pub title: String,
    pub channels: i32,
    /// Limited to subscribers with one of its tags (`broadcast_tags`).
    pub by_tags: bool,
    /// Limited to subscribers following one of these categories (bits; 0: no limit).
    pub categories: i32,
    pub status: String,
    pub scheduled_at: Option<NaiveDateTime>,
    pub started_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
    /// Titles of articles dropped when it started because they were no longer published,
    /// one per line (the page says what that means in the reader's words).
    pub warning: String,
    /// For a digest: articles published since this.
    pub digest_since: Option<NaiveDateTime>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Broadcast {
    /// Its status (the CHECK constraint keeps it one of these).
    pub fn status(&self) -> BroadcastStatus {
        self.status.parse().unwrap_or(BroadcastStatus::Failed)
    }

    /// Its channels.
    pub fn channels(&self) -> Channels {
        Channels::from_bits(self.channels)
    }

    /// Whether it is a digest run.
    pub fn is_digest(&self) -> bool {
        self.kind == "digest"
    }

    /// A digest run's frequency and period, read from the title [`digest_title`] gave it.
    pub fn digest_period(&self) -> Option<(crate::domain::time::Frequency, &str)> {
        use crate::domain::time::Frequency;
        if !self.is_digest() {
            return None;
        }
        let (f, period) = self.title.split_once(' ')?;
        let f = Frequency::ALL.into_iter().find(|x| x.as_str() == f)?;
        Some((f, period))
    }
}

/// The stored title of a digest run: its frequency and period (`weekly 2026-W49`); pages say
/// it in the reader's words from [`Broadcast::digest_period`].
pub fn digest_title(frequency: crate::domain::time::Frequency, period: &str) -> String {
    format!("{} {period}", frequency.as_str())
}

/// Who a broadcast goes to: every active subscriber (and every browser following by push),
/// narrowed by tags and followed categories.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Audience {
    /// Only subscribers with one of these tags (ids of the organization's); `None`: any.
    pub tags: Option<Vec<i64>>,
    /// Only subscribers following one of these categories (bits); 0: any.
    pub categories: i32,
}

impl Audience {
    /// Whether it narrows at all (a browser following anonymously is reached only when not).
    pub fn narrows(&self) -> bool {
        self.tags.is_some() || self.categories != 0
    }
}

/// What an editor writes.
#[derive(Clone, Debug)]
pub struct Draft {
    pub title: crate::domain::Title,
    pub articles: ArticleList,
    pub channels: Channels,
    pub audience: Audience,
}

/// Why a broadcast's articles cannot be used: the field and the message.
fn field_error(field: &str, msg: Msg) -> AppError {
    let mut errors = crate::error::FieldErrors::default();
    errors.add(field, msg);
    AppError::Validation(errors)
}

/// Checks that every article is the organization's and published, and every tag the
/// organization's.
fn check_draft(conn: &mut DbConnection, org_id: i64, draft: &Draft) -> Result<(), AppError> {
    let ids = draft.articles.ids();
    let found: Vec<(i64, String, String)> = articles::table
        .filter(articles::org_id.eq(org_id))
        .filter(articles::id.eq_any(ids))
        .select((articles::id, articles::status, articles::title))
        .load(conn)?;
    for id in ids {
        match found.iter().find(|(a, _, _)| a == id) {
            None => {
                return Err(field_error(
                    "article_ids",
                    Msg::new("error-broadcast-article-unknown").arg("id", *id),
                ));
            }
            Some((_, status, title)) if status != "published" => {
                return Err(field_error(
                    "article_ids",
                    Msg::new("error-broadcast-article-unpublished").arg("title", title),
                ));
            }
            Some(_) => {}
        }
    }
    if let Some(tags) = &draft.audience.tags {
        let known = super::subscriber_tags::ids_of_org(conn, org_id, tags)?;
        if let Some(bad) = tags.iter().find(|t| !known.contains(t)) {
            return Err(field_error(
                "audience.tags",
                Msg::new("error-broadcast-tag-unknown").arg("id", *bad),
            ));
        }
    }
    Ok(())
}

fn write_parts(conn: &mut DbConnection, id: i64, draft: &Draft) -> Result<(), AppError> {
    diesel::delete(broadcast_articles::table.filter(broadcast_articles::broadcast_id.eq(id)))
        .execute(conn)?;
    diesel::delete(broadcast_tags::table.filter(broadcast_tags::broadcast_id.eq(id)))
        .execute(conn)?;
    for (i, article) in draft.articles.ids().iter().enumerate() {
        diesel::insert_into(broadcast_articles::table)
            .values((
                broadcast_articles::broadcast_id.eq(id),
                broadcast_articles::position.eq(i32::try_from(i + 1).unwrap_or(8)),
                broadcast_articles::article_id.eq(article),
            ))
            .execute(conn)?;
    }
    for tag in draft.audience.tags.iter().flatten() {
        diesel::insert_into(broadcast_tags::table)
            .values((
                broadcast_tags::broadcast_id.eq(id),
                broadcast_tags::tag_id.eq(tag),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Writes a new draft broadcast; its articles must be the organization's and published.
pub fn create(
    conn: &mut DbConnection,
    org_id: i64,
    draft: &Draft,
    created_by: Option<i64>,
    now: NaiveDateTime,
) -> Result<i64, AppError> {
    super::write_tx(conn, |conn| {
        check_draft(conn, org_id, draft)?;
        let id: i64 = diesel::insert_into(broadcasts::table)
            .values((
                broadcasts::org_id.eq(org_id),
                broadcasts::kind.eq("broadcast"),
                broadcasts::title.eq(draft.title.as_str()),
                broadcasts::channels.eq(draft.channels.bits()),
                broadcasts::by_tags.eq(draft.audience.tags.is_some()),
                broadcasts::categories.eq(draft.audience.categories),
                broadcasts::status.eq(BroadcastStatus::Draft.as_str()),
                broadcasts::created_by.eq(created_by),
                broadcasts::created_at.eq(now),
                broadcasts::updated_at.eq(now),
            ))
            .returning(broadcasts::id)
            .get_result(conn)?;
        write_parts(conn, id, draft)?;
        Ok(id)
    })
}

/// Rewrites a broadcast that has not started (a draft, or a scheduled one, which stays
/// scheduled).
pub fn update(
    conn: &mut DbConnection,
    org_id: i64,
    id: i64,
    draft: &Draft,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    super::write_tx(conn, |conn| {
        let current = get(conn, org_id, id)?.ok_or(AppError::NotFound)?;
        if !current.status().editable() || current.is_digest() {
            return Err(AppError::Conflict(Msg::new("error-broadcast-started")));
        }
        check_draft(conn, org_id, draft)?;
        diesel::update(broadcasts::table.find(id))
            .set((
                broadcasts::title.eq(draft.title.as_str()),
                broadcasts::channels.eq(draft.channels.bits()),
                broadcasts::by_tags.eq(draft.audience.tags.is_some()),
                broadcasts::categories.eq(draft.audience.categories),
                broadcasts::updated_at.eq(now),
            ))
            .execute(conn)?;
        write_parts(conn, id, draft)
    })
}

/// The organization's broadcast `id`.
pub fn get(conn: &mut DbConnection, org_id: i64, id: i64) -> Result<Option<Broadcast>, AppError> {
    Ok(broadcasts::table
        .filter(broadcasts::org_id.eq(org_id))
        .filter(broadcasts::id.eq(id))
        .select(Broadcast::as_select())
        .first(conn)
        .optional()?)
}

/// Broadcast `id`, whichever organization's (for the worker, which holds only ids it claimed).
pub fn by_id(conn: &mut DbConnection, id: i64) -> Result<Option<Broadcast>, AppError> {
    Ok(broadcasts::table
        .find(id)
        .select(Broadcast::as_select())
        .first(conn)
        .optional()?)
}

/// A broadcast's article ids, in order.
pub fn article_ids(conn: &mut DbConnection, id: i64) -> Result<Vec<i64>, AppError> {
    Ok(broadcast_articles::table
        .filter(broadcast_articles::broadcast_id.eq(id))
        .order(broadcast_articles::position)
        .select(broadcast_articles::article_id)
        .load(conn)?)
}

/// A broadcast's audience as stored.
pub fn audience(conn: &mut DbConnection, b: &Broadcast) -> Result<Audience, AppError> {
    let tags = if b.by_tags {
        Some(
            broadcast_tags::table
                .filter(broadcast_tags::broadcast_id.eq(b.id))
                .order(broadcast_tags::tag_id)
                .select(broadcast_tags::tag_id)
                .load(conn)?,
        )
    } else {
        None
    };
    Ok(Audience {
        tags,
        categories: b.categories,
    })
}

/// The organization's published articles a broadcast may hold, newest first: (id, title,
/// published at).
pub fn publishable(
    conn: &mut DbConnection,
    org_id: i64,
    limit: i64,
) -> Result<Vec<(i64, String, Option<NaiveDateTime>)>, AppError> {
    Ok(articles::table
        .filter(articles::org_id.eq(org_id))
        .filter(articles::status.eq("published"))
        .order((articles::published_at.desc(), articles::id.desc()))
        .limit(limit)
        .select((articles::id, articles::title, articles::published_at))
        .load(conn)?)
}

/// One page of the organization's broadcasts (digests too), newest first, and how many in all.
pub fn list(
    conn: &mut DbConnection,
    org_id: i64,
    page: i64,
    per_page: i64,
) -> Result<(Vec<Broadcast>, i64), AppError> {
    let total = broadcasts::table
        .filter(broadcasts::org_id.eq(org_id))
        .count()
        .get_result(conn)?;
    let rows = broadcasts::table
        .filter(broadcasts::org_id.eq(org_id))
        .order((broadcasts::created_at.desc(), broadcasts::id.desc()))
        .limit(per_page)
        .offset((page - 1).max(0) * per_page)
        .select(Broadcast::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Moves broadcast `id` from one of `from` to `to`, setting `scheduled_at` when given; a
/// broadcast in another status is a conflict naming it.
fn transition(
    conn: &mut DbConnection,
    org_id: i64,
    id: i64,
    from: &[BroadcastStatus],
    to: BroadcastStatus,
    scheduled_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<Broadcast, AppError> {
    let current = get(conn, org_id, id)?.ok_or(AppError::NotFound)?;
    if !from.contains(&current.status()) || current.is_digest() {
        return Err(AppError::Conflict(
            Msg::new("error-broadcast-status-now").arg("status", current.status.as_str()),
        ));
    }
    let from: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
    let target = broadcasts::table
        .filter(broadcasts::id.eq(id))
        .filter(broadcasts::status.eq_any(from));
    let changed = match scheduled_at {
        Some(at) => diesel::update(target)
            .set((
                broadcasts::status.eq(to.as_str()),
                broadcasts::scheduled_at.eq(at),
                broadcasts::updated_at.eq(now),
            ))
            .execute(conn)?,
        None => diesel::update(target)
            .set((
                broadcasts::status.eq(to.as_str()),
                broadcasts::updated_at.eq(now),
            ))
            .execute(conn)?,
    };
    if changed == 0 {
        // Changed under us (the worker started it): say what it is now.
        let now_is = get(conn, org_id, id)?.ok_or(AppError::NotFound)?;
        return Err(AppError::Conflict(
            Msg::new("error-broadcast-status-now").arg("status", now_is.status.as_str()),
        ));
    }
    get(conn, org_id, id)?.ok_or(AppError::NotFound)
}

/// Checks that every article of broadcast `id` is still published (sending now refuses an
/// unpublished one, with its title).
fn check_still_published(conn: &mut DbConnection, id: i64) -> Result<(), AppError> {
    let unpublished: Option<String> = broadcast_articles::table
        .inner_join(articles::table)
        .filter(broadcast_articles::broadcast_id.eq(id))
        .filter(articles::status.ne("published"))
        .select(articles::title)
        .first(conn)
        .optional()?;
    match unpublished {
        Some(title) => Err(field_error(
            "article_ids",
            Msg::new("error-broadcast-article-unpublished").arg("title", title),
        )),
        None => Ok(()),
    }
}

/// Sends broadcast `id` as soon as a worker takes it (within a second or so): it is
/// scheduled for `now`. Refused when an article is no longer published.
pub fn send_now(
    conn: &mut DbConnection,
    org_id: i64,
    id: i64,
    now: NaiveDateTime,
) -> Result<Broadcast, AppError> {
    super::write_tx(conn, |conn| {
        check_still_published(conn, id)?;
        transition(
            conn,
            org_id,
            id,
            &[BroadcastStatus::Draft, BroadcastStatus::Scheduled],
            BroadcastStatus::Scheduled,
            Some(now),
            now,
        )
    })
}

/// Schedules broadcast `id` for `at` (checked by `domain::broadcast::check_schedule`).
pub fn schedule(
    conn: &mut DbConnection,
    org_id: i64,
    id: i64,
    at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Broadcast, AppError> {
    super::write_tx(conn, |conn| {
        check_still_published(conn, id)?;
        transition(
            conn,
            org_id,
            id,
            &[BroadcastStatus::Draft, BroadcastStatus::Scheduled],
            BroadcastStatus::Scheduled,
            Some(at),
            now,
        )
    })
}

/// Takes a scheduled broadcast back to a draft.
pub fn unschedule(
    conn: &mut DbConnection,
    org_id: i64,
    id: i64,
    now: NaiveDateTime,
) -> Result<Broadcast, AppError> {
    super::write_tx(conn, |conn| {
        transition(
            conn,
            org_id,
            id,
            &[BroadcastStatus::Scheduled],
            BroadcastStatus::Draft,
            None,
            now,
        )
    })
}

/// Cancels broadcast `id`: before it starts, or while paused or sending (what is not sent yet
/// never will be; what is in flight finishes).
pub fn cancel(
    conn: &mut DbConnection,
    org_id: i64,
    id: i64,
    now: NaiveDateTime,
) -> Result<Broadcast, AppError> {
    super::write_tx(conn, |conn| {
        let b = transition(
            conn,
            org_id,
            id,
            &[
                BroadcastStatus::Draft,
                BroadcastStatus::Scheduled,
                BroadcastStatus::Sending,
                BroadcastStatus::Paused,
            ],
            BroadcastStatus::Cancelled,
            None,
            now,
        )?;
        diesel::update(
            deliveries::table
                .filter(deliveries::broadcast_id.eq(id))
                .filter(deliveries::status.eq("pending")),
        )
        .set(deliveries::status.eq("cancelled"))
        .execute(conn)?;
        diesel::update(broadcasts::table.find(id))
            .set(broadcasts::finished_at.eq(now))
            .execute(conn)?;
        Ok(b)
    })
}

/// Pauses a sending broadcast: no more of its deliveries are claimed (those in flight
/// finish).
pub fn pause(
    conn: &mut DbConnection,
    org_id: i64,
    id: i64,
    now: NaiveDateTime,
) -> Result<Broadcast, AppError> {
    super::write_tx(conn, |conn| {
        transition(
            conn,
            org_id,
            id,
            &[BroadcastStatus::Sending],
            BroadcastStatus::Paused,
            None,
            now,
        )
    })
}

/// Resumes a paused broadcast where it stopped.
pub fn resume(
    conn: &mut DbConnection,
    org_id: i64,
    id: i64,
    now: NaiveDateTime,
) -> Result<Broadcast, AppError> {
    super::write_tx(conn, |conn| {
        transition(
            conn,
            org_id,
            id,
            &[BroadcastStatus::Paused],
            BroadcastStatus::Sending,
            None,
            now,
        )
    })
}

/// Deletes a draft or cancelled broadcast (one that sent anything stays: it is the record of
/// who received what).
pub fn delete(conn: &mut DbConnection, org_id: i64, id: i64) -> Result<(), AppError> {
    super::write_tx(conn, |conn| {
        let b = get(conn, org_id, id)?.ok_or(AppError::NotFound)?;
        let sent_any = deliveries::table
            .filter(deliveries::broadcast_id.eq(id))
            .filter(deliveries::status.eq("sent"))
            .count()
            .get_result::<i64>(conn)?
            > 0;
        if !matches!(
            b.status(),
            BroadcastStatus::Draft | BroadcastStatus::Cancelled
        ) || sent_any
        {
            return Err(AppError::Conflict(
                Msg::new("error-broadcast-status-now").arg("status", b.status.as_str()),
            ));
        }
        diesel::delete(broadcasts::table.find(id)).execute(conn)?;
        Ok(())
    })
}

/// A broadcast's deliveries of one channel by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ChannelCounts {
    pub pending: i64,
    pub in_flight: i64,
    pub sent: i64,
    pub failed: i64,
    pub skipped: i64,
    pub cancelled: i64,
}

impl ChannelCounts {
    /// Every delivery.
    pub fn recipients(&self) -> i64 {
        self.pending + self.in_flight + self.sent + self.failed + self.skipped + self.cancelled
    }

    fn add(&mut self, status: &str, n: i64) {
        match status {
            "pending" => self.pending += n,
            "in_flight" => self.in_flight += n,
            "sent" => self.sent += n,
            "failed" => self.failed += n,
            "skipped" => self.skipped += n,
            _ => self.cancelled += n,
        }
    }
}

/// A broadcast's deliveries: by channel, and in all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub email: ChannelCounts,
    pub push: ChannelCounts,
}

impl Counts {
    /// Both channels added up.
    pub fn total(&self) -> ChannelCounts {
        let (e, p) = (self.email, self.push);
        ChannelCounts {
            pending: e.pending + p.pending,
            in_flight: e.in_flight + p.in_flight,
            sent: e.sent + p.sent,
            failed: e.failed + p.failed,
            skipped: e.skipped + p.skipped,
            cancelled: e.cancelled + p.cancelled,
        }
    }
}

/// What broadcast `id`'s deliveries add up to (one index range).
pub fn counts(conn: &mut DbConnection, id: i64) -> Result<Counts, AppError> {
    let rows: Vec<(String, String, i64)> = deliveries::table
        .filter(deliveries::broadcast_id.eq(id))
        .group_by((deliveries::channel, deliveries::status))
        .select((
            deliveries::channel,
            deliveries::status,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    let mut counts = Counts::default();
    for (channel, status, n) in rows {
        match channel.as_str() {
            "push" => counts.push.add(&status, n),
            _ => counts.email.add(&status, n),
        }
    }
    Ok(counts)
}
