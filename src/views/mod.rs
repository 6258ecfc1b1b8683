//! View counting that never writes the database per request: article pages call
//! [`ViewCounter::record`], which adds one to an in-memory count per article and UTC day (bots
//! excluded, see [`bots`]); the scheduler calls [`ViewCounter::flush`] every few seconds and once
//! more at shutdown, adding the counts to `page_views` in one transaction.
//!
//! Memory stays small: one entry per (article, day) viewed since the last flush, and only
//! existing articles are recorded (the page handler looks the article up first).

pub mod bots;

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use chrono::{NaiveDate, NaiveDateTime};

use crate::db::{self, DbConnection};
use crate::error::AppError;

/// Independent maps, so that requests for different articles rarely wait on one lock.
const SHARDS: usize = 16;

type Key = (i64, NaiveDate);
type Counts = HashMap<Key, u64>;

/// Views counted in memory, waiting to be flushed. One per process, in `AppState`.
pub struct ViewCounter {
    shards: [Mutex<Counts>; SHARDS],
}

/// What one flush wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FlushReport {
    /// (article, day) rows inserted or added to.
    pub rows: usize,
    /// Views added.
    pub views: i64,
    /// Views dropped because their article was deleted in the meantime.
    pub skipped: i64,
}

impl Default for ViewCounter {
    fn default() -> Self {
        Self::new()
    }
}

impl ViewCounter {
    /// An empty counter.
    pub fn new() -> Self {
        ViewCounter {
            shards: std::array::from_fn(|_| Mutex::new(HashMap::new())),
        }
    }

    /// Counts one view of an article at `now` (naive UTC; the day is its UTC date), unless the
    /// user agent is a bot's ([`bots::is_bot`]). Returns whether it was counted. Cheap: one
    /// pass over the user agent, then one short lock and a map increment; no I/O, no allocation
    /// beyond a new map entry.
    pub fn record(&self, article_id: i64, user_agent: Option<&str>, now: NaiveDateTime) -> bool {
        if bots::is_bot(user_agent) {
            return false;
        }
        self.add(article_id, now.date(), 1);
        true
    }

    /// Views counted and not yet flushed.
    pub fn pending(&self) -> u64 {
        self.shards
            .iter()
            .map(|s| lock(s).values().sum::<u64>())
            .sum()
    }

    /// Adds the pending counts to `page_views` in one transaction and forgets them. Requests
    /// keep recording meanwhile: the maps are swapped out first, so nobody waits on the
    /// database. When the transaction fails the counts are put back for the next flush; counts
    /// of articles deleted since are dropped (reported as `skipped`) without failing the rest.
    pub fn flush(&self, conn: &mut DbConnection) -> Result<FlushReport, AppError> {
        let mut batch: Vec<(Key, u64)> = self
            .shards
            .iter()
            .flat_map(|s| std::mem::take(&mut *lock(s)))
            .collect();
        if batch.is_empty() {
            return Ok(FlushReport::default());
        }
        // The same order on every instance, so concurrent flushes on PostgreSQL take their row
        // locks in one order and cannot deadlock.
        batch.sort_unstable_by_key(|(key, _)| *key);
        let written = db::write_tx(conn, |conn| {
            let mut report = FlushReport::default();
            for &((article_id, day), n) in &batch {
                let n = i64::try_from(n).unwrap_or(i64::MAX);
                if db::views::add(conn, article_id, day, n)? {
                    report.rows += 1;
                    report.views = report.views.saturating_add(n);
                } else {
                    report.skipped = report.skipped.saturating_add(n);
                }
            }
            Ok::<_, AppError>(report)
        });
        if written.is_err() {
            for ((article_id, day), n) in batch {
                self.add(article_id, day, n);
            }
        }
        written
    }

    fn add(&self, article_id: i64, day: NaiveDate, n: u64) {
        let shard = usize::try_from(article_id.rem_euclid(SHARDS as i64)).unwrap_or(0);
        let mut counts = lock(&self.shards[shard]);
        let count = counts.entry((article_id, day)).or_insert(0);
        *count = count.saturating_add(n);
    }
}

/// A poisoned lock only means another thread panicked mid-increment; the counts are still
/// usable.
fn lock(shard: &Mutex<Counts>) -> MutexGuard<'_, Counts> {
    shard.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 \
                          (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, day)
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .expect("valid time")
    }

    #[test]
    fn people_are_counted_and_bots_are_not() {
        let views = ViewCounter::new();
        assert!(views.record(1, Some(CHROME), at(1, 9)));
        assert!(!views.record(1, Some("curl/8.5.0"), at(1, 9)));
        assert!(!views.record(1, None, at(1, 9)));
        assert_eq!(views.pending(), 1);
    }

    #[test]
    fn views_are_kept_per_article_and_utc_day() {
        let views = ViewCounter::new();
        for (article, t) in [(1, at(1, 0)), (1, at(1, 23)), (1, at(2, 0)), (-7, at(1, 5))] {
            views.record(article, Some(CHROME), t);
        }
        let mut all: Vec<(Key, u64)> = views.shards.iter().flat_map(|s| lock(s).clone()).collect();
        all.sort();
        let day = |d| at(d, 0).date();
        assert_eq!(all, [((-7, day(1)), 1), ((1, day(1)), 2), ((1, day(2)), 1)]);
    }
}
