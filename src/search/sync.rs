//! Keeping the index in step with the database (DESIGN.md, flow 4).
//!
//! [`Syncer::run_once`] applies the `search_outbox`: the oldest due rows in batches, each
//! batch's articles read as they are *now* (published → indexed publicly and removed from the
//! drafts index; not published → the other way round; gone → removed from both), sent to the
//! engine as one [`Batch`], and the rows deleted only once the engine has it. An engine that
//! fails leaves the rows where they are, tried again after a backoff that doubles up to five
//! minutes. One holder at a time applies the outbox (a lease in `search_state`), so two
//! instances never race each other's reads; [`reindex`] holds the same lease while it builds a
//! new index, so nothing is applied to the old one that the new one would miss: what changes
//! meanwhile waits in the outbox and is applied to the new index right after.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::NaiveDateTime;
use tokio::sync::watch;

use super::{Batch, Document, Engine, Index, SearchError};
use crate::db::search as rows;
use crate::db::{self, Db};
use crate::error::AppError;

/// Rows applied per batch.
pub const BATCH: i64 = 500;
/// Batches per pass (then the loop looks whether it should stop).
const PASS_BATCHES: usize = 20;
/// How long the lease lasts without renewal.
const LEASE: chrono::TimeDelta = chrono::TimeDelta::seconds(60);
/// How often the worker looks at the outbox.
pub const INTERVAL: Duration = Duration::from_secs(1);

/// The wait before trying a failed row again: 2 s doubling per attempt, at most 5 minutes.
pub fn backoff(attempts: i32) -> chrono::TimeDelta {
    let secs = 2i64.saturating_pow(u32::try_from(attempts.clamp(0, 20)).unwrap_or(0) + 1);
    chrono::TimeDelta::seconds(secs.min(300))
}

/// What one pass did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pass {
    /// Outbox rows applied (and deleted).
    pub applied: usize,
    /// Rows put back after the engine failed.
    pub failed: usize,
    /// The engine's error, when a batch failed.
    pub error: Option<String>,
    /// Someone else (another instance, a reindex) holds the lease: nothing was done.
    pub held_elsewhere: bool,
}

/// Applies the outbox to one engine.
pub struct Syncer {
    engine: Engine,
    db: Db,
    holder: String,
}

impl Syncer {
    /// A syncer with its own lease holder name.
    pub fn new(engine: Engine, db: Db) -> Syncer {
        Syncer {
            engine,
            db,
            holder: format!("sync-{}", crate::auth::tokens::random_token(8)),
        }
    }

    /// Applies what is due at `now`, up to [`PASS_BATCHES`] batches; stops at the first batch
    /// the engine refuses.
    pub async fn run_once(&self, now: NaiveDateTime) -> Result<Pass, AppError> {
        let mut pass = Pass::default();
        let nothing_due = self
            .db
            .run(move |c| Ok(rows::due(c, now, 1)?.is_empty()))
            .await?;
        if nothing_due {
            return Ok(pass);
        }
        let holder = self.holder.clone();
        let got = self
            .db
            .run(move |c| rows::take_lease(c, &holder, now, now + LEASE))
            .await?;
        if !got {
            pass.held_elsewhere = true;
            return Ok(pass);
        }
        let result = self.batches(now, &mut pass).await;
        let holder = self.holder.clone();
        self.db
            .run(move |c| rows::release_lease(c, &holder))
            .await?;
        result.map(|()| pass)
    }

    async fn batches(&self, now: NaiveDateTime, pass: &mut Pass) -> Result<(), AppError> {
        for _ in 0..PASS_BATCHES {
            let holder = self.holder.clone();
            let (due, docs) = self
                .db
                .run(move |c| {
                    if !rows::take_lease(c, &holder, now, now + LEASE)? {
                        return Ok((Vec::new(), Vec::new()));
                    }
                    let due = rows::due(c, now, BATCH)?;
                    let ids: BTreeSet<i64> = due.iter().map(|r| r.article_id).collect();
                    let ids: Vec<i64> = ids.into_iter().collect();
                    Ok((due, rows::index_rows(c, &ids)?))
                })
                .await?;
            if due.is_empty() {
                return Ok(());
            }
            let batch = batch_for(&due, docs);
            let ids: Vec<i64> = due.iter().map(|r| r.id).collect();
            match self.engine.apply(batch).await {
                Ok(()) => {
                    pass.applied += ids.len();
                    self.db.run(move |c| rows::applied(c, &ids)).await?;
                }
                Err(e) => {
                    let attempts = due.iter().map(|r| r.attempts).max().unwrap_or(0);
                    let next = now + backoff(attempts);
                    let text = e.to_string();
                    pass.failed += ids.len();
                    pass.error = Some(text.clone());
                    self.db
                        .run(move |c| rows::retry_at(c, &ids, next, &text))
                        .await?;
                    return Ok(());
                }
            }
            if due.len() < BATCH as usize {
                return Ok(());
            }
        }
        Ok(())
    }
}

/// The batch that makes the index match `docs` for every article `due` names.
fn batch_for(due: &[rows::Change], docs: Vec<Document>) -> Batch {
    let mut batch = Batch::default();
    let found: BTreeSet<i64> = docs.iter().map(|d| d.id).collect();
    let named: BTreeSet<i64> = due.iter().map(|r| r.article_id).collect();
    for id in named.difference(&found) {
        for index in Index::ALL {
            batch.deletes.push((index, *id));
        }
    }
    for doc in docs {
        let other = match doc.index() {
            Index::Public => Index::Drafts,
            Index::Drafts => Index::Public,
        };
        batch.deletes.push((other, doc.id));
        batch.upserts.push(doc);
    }
    batch
}

/// Applies the outbox every [`INTERVAL`] until `stop` changes; a failing engine is logged
/// when it starts failing and when it recovers, not every second.
pub async fn run(syncer: std::sync::Arc<Syncer>, mut stop: watch::Receiver<bool>) {
    let mut timer = tokio::time::interval(INTERVAL);
    timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut failing = false;
    loop {
        tokio::select! {
            biased;
            _ = stop.changed() => break,
            _ = timer.tick() => {}
        }
        match syncer.run_once(db::now()).await {
            Ok(pass) => {
                if let Some(e) = &pass.error {
                    if !failing {
                        tracing::warn!(engine = syncer.engine.name(), error = %e, rows = pass.failed, "search index update failed; the changes wait in the outbox");
                    }
                    failing = true;
                } else if pass.applied > 0 {
                    if failing {
                        tracing::info!(
                            engine = syncer.engine.name(),
                            "search engine answers again"
                        );
                    }
                    failing = false;
                    tracing::debug!(rows = pass.applied, "search index updated");
                }
            }
            Err(e) => tracing::warn!(error = %e.log_text(), "search outbox pass failed"),
        }
    }
}

/// What a reindex did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reindexed {
    /// Articles indexed (both indexes).
    pub articles: u64,
}

/// Rebuilds both indexes from the database beside the live ones, which keep answering until
/// the new ones are complete. Holds the outbox lease throughout (waiting up to `wait` for a
/// running pass to finish), so changes made meanwhile are applied to the new index after it.
/// `progress(done, total)` is called after each batch.
pub async fn reindex(
    engine: &Engine,
    db: &Db,
    wait: Duration,
    mut progress: impl FnMut(u64, u64),
) -> Result<Reindexed, AppError> {
    let holder = format!("reindex-{}", crate::auth::tokens::random_token(8));
    let started = std::time::Instant::now();
    loop {
        let h = holder.clone();
        let now = db::now();
        if db
            .run(move |c| rows::take_lease(c, &h, now, now + LEASE))
            .await?
        {
            break;
        }
        if started.elapsed() > wait {
            let who = db.run(move |c| rows::lease_holder(c, now)).await?;
            return Err(AppError::Unexpected(anyhow::anyhow!(
                "the search outbox is held by {} and was not released within {}s",
                who.unwrap_or_default(),
                wait.as_secs()
            )));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let result = rebuild(engine, db, &holder, &mut progress).await;
    let h = holder.clone();
    db.run(move |c| rows::release_lease(c, &h)).await?;
    result
}

async fn rebuild(
    engine: &Engine,
    db: &Db,
    holder: &str,
    progress: &mut impl FnMut(u64, u64),
) -> Result<Reindexed, AppError> {
    let engine_err = |e: SearchError| AppError::Unexpected(anyhow::anyhow!("{e}"));
    let total = db.run(rows::article_count).await?;
    let total = u64::try_from(total).unwrap_or(0);
    let mut building = engine.rebuild().await.map_err(engine_err)?;
    let mut after = 0;
    let mut done = 0u64;
    progress(0, total);
    loop {
        let h = holder.to_owned();
        let page = db
            .run(move |c| {
                let now = db::now();
                if !rows::take_lease(c, &h, now, now + LEASE)? {
                    return Err(AppError::Unexpected(anyhow::anyhow!(
                        "lost the search outbox lease during the rebuild"
                    )));
                }
                rows::index_page(c, after, BATCH)
            })
            .await?;
        let Some(last) = page.last().map(|r| r.id) else {
            break;
        };
        after = last;
        done += page.len() as u64;
        building.add(page).await.map_err(engine_err)?;
        progress(done.min(total.max(done)), total.max(done));
    }
    building.finish().await.map_err(engine_err)?;
    Ok(Reindexed { articles: done })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_five_minutes() {
        assert_eq!(backoff(0).num_seconds(), 2);
        assert_eq!(backoff(1).num_seconds(), 4);
        assert_eq!(backoff(7).num_seconds(), 256);
        assert_eq!(backoff(8).num_seconds(), 300);
        assert_eq!(backoff(i32::MAX).num_seconds(), 300);
    }
}
