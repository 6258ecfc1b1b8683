//! What readers search for, per organization, without personal data: a query is counted in
//! memory (normalized: folded, lowercased, spaces collapsed) with whether it found anything,
//! and flushed like page views. Nothing about who searched is kept, and a query that looks
//! like it holds an address or a phone number is not counted at all.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use chrono::{NaiveDate, NaiveDateTime};

use crate::db::{self, DbConnection};
use crate::error::AppError;

/// Distinct (organization, day, query) kept between flushes; more are dropped, so a flood of
/// random queries cannot grow memory without bound.
const MAX_KEYS: usize = 50_000;

type Key = (i64, NaiveDate, String);

/// Counts waiting to be flushed. One per process.
#[derive(Default)]
pub struct QueryStats {
    counts: Mutex<HashMap<Key, (i64, i64)>>,
}

/// The form a query is counted in, or `None` when it is not counted (empty, or it looks like
/// personal data: an `@`, or a run of six digits).
pub fn countable(q: &str) -> Option<String> {
    let q = super::text::normalize_query(q).to_lowercase();
    if q.is_empty() || q.contains('@') {
        return None;
    }
    let mut digits = 0;
    for c in q.chars() {
        digits = if c.is_ascii_digit() { digits + 1 } else { 0 };
        if digits >= 6 {
            return None;
        }
    }
    Some(q.chars().take(100).collect())
}

impl QueryStats {
    /// An empty counter.
    pub fn new() -> QueryStats {
        QueryStats::default()
    }

    /// Counts a search for `q` for each of `orgs` at `now`; `found` says whether it had results.
    pub fn record(&self, orgs: &[i64], q: &str, found: bool, now: NaiveDateTime) {
        let Some(q) = countable(q) else {
            return;
        };
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        for &org in orgs {
            let key = (org, now.date(), q.clone());
            if counts.len() >= MAX_KEYS && !counts.contains_key(&key) {
                continue;
            }
            let entry = counts.entry(key).or_insert((0, 0));
            entry.0 += 1;
            if !found {
                entry.1 += 1;
            }
        }
    }

    /// Searches counted and not yet flushed.
    pub fn pending(&self) -> usize {
        self.counts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Adds the counts to `search_queries` in one transaction; on failure they are put back.
    pub fn flush(&self, conn: &mut DbConnection) -> Result<usize, AppError> {
        let mut batch: Vec<(Key, (i64, i64))> =
            std::mem::take(&mut *self.counts.lock().unwrap_or_else(PoisonError::into_inner))
                .into_iter()
                .collect();
        if batch.is_empty() {
            return Ok(0);
        }
        // One order on every instance: concurrent flushes on PostgreSQL cannot deadlock.
        batch.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let written = db::write_tx(conn, |conn| {
            for ((org, day, q), (searches, zero)) in &batch {
                db::search::add_query(conn, *org, *day, q, *searches, *zero)?;
            }
            Ok::<_, AppError>(batch.len())
        });
        if written.is_err() {
            let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
            for (key, (s, z)) in batch {
                let e = counts.entry(key).or_insert((0, 0));
                e.0 += s;
                e.1 += z;
            }
        }
        written
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_looking_queries_are_not_counted() {
        assert_eq!(countable("  Moon  FESTIVAL "), Some("moon festival".into()));
        assert_eq!(countable("團圓"), Some("团圆".into()));
        assert_eq!(countable("someone@example.com"), None);
        assert_eq!(countable("call 4165550199"), None);
        assert_eq!(countable("2026 festival"), Some("2026 festival".into()));
        assert_eq!(countable("   "), None);
    }

    #[test]
    fn searches_are_counted_per_organization_and_day() {
        let stats = QueryStats::new();
        let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .expect("time");
        stats.record(&[1, 2], "moon", true, now);
        stats.record(&[1], "Moon", false, now);
        let counts = stats.counts.lock().expect("lock");
        assert_eq!(counts[&(1, now.date(), "moon".into())], (2, 1));
        assert_eq!(counts[&(2, now.date(), "moon".into())], (1, 0));
    }
}
