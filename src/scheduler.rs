//! Periodic work: publishing scheduled articles, starting digests that are due, forgetting
//! what has expired, and flushing view counts. (Scheduled broadcasts are started by the
//! broadcast worker, which looks every second.)
//!
//! Each job is a plain `tick(now)` function that takes the clock as a parameter, so tests drive
//! it with an explicit time and production calls it from [`run`]'s loop. Jobs claim their work
//! in the database, so several instances can run the loop at once. A fixed-interval loop on
//! tokio is all this needs: the due times live in the rows, not in the scheduler, so nothing is
//! lost across a restart (an overdue article is published on the first tick after start).

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use tokio::sync::watch;

use crate::db::{self, Db, DbConnection};
use crate::error::AppError;
use crate::search::stats::QueryStats;
use crate::views::ViewCounter;

/// How often the loop ticks.
pub const INTERVAL: Duration = Duration::from_secs(10);

/// What one tick did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TickReport {
    /// Articles published because their time had come.
    pub published: Vec<i64>,
    /// Expired sessions, forgotten login failures and long-unconfirmed subscribers deleted.
    pub purged: usize,
    /// Digests started.
    pub digests: Vec<db::digests::Started>,
}

/// Runs every job once as of `now`.
pub fn tick(conn: &mut DbConnection, now: NaiveDateTime) -> Result<TickReport, AppError> {
    let published = db::articles::publish_due(conn, now)?;
    let purged = db::sessions::purge(conn, now)?
        + db::login_failures::purge(conn, now)?
        + db::subscribers::purge_unconfirmed(conn, now)?
        + db::search::purge_queries(conn, (now - chrono::TimeDelta::days(31)).date())?;
    let digests = db::digests::tick(conn, now)?;
    Ok(TickReport {
        published,
        purged,
        digests,
    })
}

/// Ticks every `interval` until `stop` changes (only flushing when `ticks` is off: a web-only
/// instance), flushing the view counts after each tick and once more on the way out (the
/// caller stops it after the server, so no view counted is lost). A failing tick or flush is
/// logged and retried on the next one.
pub async fn run(
    db: Db,
    views: Arc<ViewCounter>,
    queries: Arc<QueryStats>,
    interval: Duration,
    mut stop: watch::Receiver<bool>,
    ticks: bool,
) {
    let mut timer = tokio::time::interval(interval);
    timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            // Stopping wins over a due tick.
            biased;
            _ = stop.changed() => break,
            _ = timer.tick() => {}
        }
        let now = db::now();
        if !ticks {
            flush_views(&db, &views, &queries).await;
            continue;
        }
        match db.run(move |conn| tick(conn, now)).await {
            Ok(report) => {
                if !report.published.is_empty() {
                    tracing::info!(
                        count = report.published.len(),
                        "scheduler published articles"
                    );
                }
                for d in &report.digests {
                    tracing::info!(org_id = d.org_id, frequency = d.frequency.as_str(), period = %d.period, deliveries = d.deliveries, "digest started");
                }
            }
            Err(e) => tracing::warn!(error = %e.log_text(), "scheduler tick failed"),
        }
        flush_views(&db, &views, &queries).await;
    }
    flush_views(&db, &views, &queries).await;
}

/// Flushes the view counts and the query counts.
async fn flush_views(db: &Db, views: &Arc<ViewCounter>, queries: &Arc<QueryStats>) {
    let q = Arc::clone(queries);
    if let Err(e) = db.run(move |conn| q.flush(conn)).await {
        tracing::warn!(error = %e.log_text(), "flushing search query counts failed");
    }
    let views = Arc::clone(views);
    match db.run(move |conn| views.flush(conn)).await {
        Ok(r) if r.skipped > 0 => {
            tracing::info!(skipped = r.skipped, "dropped views of deleted articles");
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e.log_text(), "flushing page views failed"),
    }
}
