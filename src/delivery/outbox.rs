//! The mail worker: sends what `outgoing_mail` holds, and records what became of each message.
//!
//! One pass ([`Mailer::run_once`]) takes expired leases back, claims a batch of due messages
//! and sends them side by side (the SMTP pool bounds how many at once). "Sent" is recorded only
//! once the server has accepted the message; a temporary failure (4xx, a timeout, a dropped
//! connection) is tried again after a capped exponential backoff; a refusal (5xx), or a message
//! that has run out of attempts, fails. Production runs the pass in a loop ([`run`]); tests call
//! it with their own clock.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use lettre::Address;
use lettre::message::Mailbox;
use tokio::sync::watch;

use super::smtp::{SendError, SmtpPool};
use crate::config::Settings;
use crate::db::{self, Db};
use crate::error::AppError;

/// Messages claimed per pass and SMTP connection: few enough that the last of them is sent
/// long before the lease runs out (a message takes at most ~3 timeouts).
const PER_CONNECTION: i64 = 2;
/// Messages claimed per pass when writing files.
const FILES_BATCH: i64 = 50;
/// How long a claim holds before another worker may take the message over.
const LEASE: chrono::Duration = chrono::Duration::minutes(10);
/// Attempts before a message that keeps failing for now is given up.
pub const MAX_ATTEMPTS: i32 = 8;
/// How often the loop looks for due mail.
pub const INTERVAL: Duration = Duration::from_secs(1);

/// Where messages go.
pub enum Transport {
    /// A mail server.
    Smtp(Arc<SmtpPool>),
    /// `.eml` files in a directory (no `QIAO_SMTP_URL`): exactly what would have been sent.
    Files(PathBuf),
}

/// What one pass did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunReport {
    pub sent: usize,
    /// Failed for now, due again later.
    pub retried: usize,
    pub failed: usize,
    /// Leases that had run out, taken back.
    pub expired: usize,
}

/// Sends queued mail.
pub struct Mailer {
    transport: Transport,
    /// Messages claimed per pass.
    batch: i64,
    /// The envelope's sender (where bounces go): `QIAO_MAIL_FROM`'s address.
    sender: Address,
    /// Hard bounces before an organization stops mailing an address.
    bounce_limit: i32,
}

impl Mailer {
    /// The mailer the settings describe: SMTP with `QIAO_SMTP_URL`, else files under
    /// `data/outbox/`.
    pub fn from_settings(settings: &Settings) -> Result<Mailer, AppError> {
        let from: Mailbox = settings.mail_from.parse().map_err(|e| {
            AppError::Unexpected(anyhow::anyhow!("mail_from {:?}: {e}", settings.mail_from))
        })?;
        let (transport, batch) = match &settings.smtp {
            Some(smtp) => (
                Transport::Smtp(SmtpPool::new(smtp.clone())),
                PER_CONNECTION * i64::try_from(smtp.connections).unwrap_or(1),
            ),
            None => (
                Transport::Files(settings.data_dir.join("outbox")),
                FILES_BATCH,
            ),
        };
        Ok(Mailer {
            transport,
            batch,
            sender: from.email,
            bounce_limit: i32::try_from(settings.bounce_limit).unwrap_or(i32::MAX),
        })
    }

    /// One pass as of `now`.
    pub async fn run_once(
        self: &Arc<Self>,
        db: &Db,
        now: NaiveDateTime,
    ) -> Result<RunReport, AppError> {
        let expired = db
            .run(move |c| db::mail::expire_leases(c, now, MAX_ATTEMPTS))
            .await?;
        let until = now + LEASE;
        let batch = self.batch;
        let claimed = db
            .run(move |c| db::mail::claim(c, now, until, batch))
            .await?;
        let mut report = RunReport {
            expired,
            ..RunReport::default()
        };
        let mut sending = tokio::task::JoinSet::new();
        for mail in claimed {
            let mailer = Arc::clone(self);
            sending.spawn(async move {
                let outcome = mailer
                    .send(&mail.recipient, &mail.message_id, &mail.message)
                    .await;
                (mail, outcome)
            });
        }
        // Every outcome is recorded, whatever happens to the others: a failure here is logged
        // and the row's lease brings it back later.
        while let Some(joined) = sending.join_next().await {
            let (mail, outcome) = match joined {
                Ok(done) => done,
                Err(e) => {
                    tracing::error!(error = %e, "a mail task failed; its message is retried after its lease");
                    continue;
                }
            };
            let (id, claim) = (mail.id, mail.claim.clone());
            let recorded = match outcome {
                Ok(answer) => {
                    tracing::info!(kind = %mail.kind, message_id = %mail.message_id, answer = %answer, "mail sent");
                    report.sent += 1;
                    db.run(move |c| db::mail::sent(c, id, &claim, &answer, now))
                        .await
                }
                Err(SendError::Transient(e)) if mail.attempts < MAX_ATTEMPTS => {
                    let next = now + backoff(mail.attempts);
                    tracing::warn!(kind = %mail.kind, message_id = %mail.message_id, attempt = mail.attempts, error = %e, retry_at = %next, "mail not sent yet");
                    report.retried += 1;
                    db.run(move |c| db::mail::retry(c, id, &claim, &e, next))
                        .await
                }
                Err(e) => {
                    // A refusal (5xx) is a hard bounce; running out of attempts is not.
                    let hard = matches!(e, SendError::Permanent(_));
                    let text = e.to_string();
                    tracing::warn!(kind = %mail.kind, message_id = %mail.message_id, attempt = mail.attempts, error = %text, "mail failed");
                    report.failed += 1;
                    let limit = self.bounce_limit;
                    db.run(move |c| {
                        db::write_tx(c, |c| {
                            db::mail::failed(c, id, &claim, &text)?;
                            if hard {
                                count_bounce(c, id, limit, now)?;
                            }
                            Ok::<_, AppError>(())
                        })
                    })
                    .await
                }
            };
            if let Err(e) = recorded {
                tracing::error!(message_id = %mail.message_id, error = %e.log_text(), "recording what became of a message failed");
            }
        }
        Ok(report)
    }

    /// Hands one whole message to the mail server (or writes its file): what the server said
    /// when it accepted it, or why not.
    pub async fn send(
        &self,
        recipient: &str,
        message_id: &str,
        message: &str,
    ) -> Result<String, SendError> {
        let to: Address = recipient
            .parse()
            .map_err(|e| SendError::Permanent(format!("recipient {recipient:?}: {e}")))?;
        match &self.transport {
            Transport::Smtp(pool) => pool.send(&self.sender, &to, message.as_bytes()).await,
            Transport::Files(dir) => write_file(dir, message_id, message)
                .await
                .map(|path| format!("written to {}", path.display()))
                .map_err(|e| SendError::Transient(format!("writing to {}: {e}", dir.display()))),
        }
    }
}

impl Mailer {
    /// Messages one pass should have in flight: as many as the connections can carry.
    pub fn batch(&self) -> i64 {
        self.batch
    }

    /// Hard bounces before an organization stops mailing an address.
    pub fn bounce_limit(&self) -> i32 {
        self.bounce_limit
    }
}

/// A hard bounce of message `id`: counted against its recipient in the organization that sent
/// it (account mail has none).
fn count_bounce(
    conn: &mut db::DbConnection,
    id: i64,
    limit: i32,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let (Some(org_id), recipient) = db::mail::org_of(conn, id)? else {
        return Ok(());
    };
    let consequence = db::subscribers::hard_bounce(conn, org_id, &recipient, limit, now)?;
    tracing::info!(org_id, ?consequence, "hard bounce counted");
    Ok(())
}

/// The wait before attempt `attempts + 1`: 30 s, 1, 2, 4 … minutes, at most an hour.
pub fn backoff(attempts: i32) -> chrono::Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(7);
    chrono::Duration::seconds(30 * (1 << doublings)).min(chrono::Duration::hours(1))
}

/// Writes the message to `dir/<message id>.eml` (the directory 0700, the file 0600: messages
/// hold live links): whole first under a temporary name, then renamed, so a reader never sees
/// half a message.
async fn write_file(dir: &Path, message_id: &str, message: &str) -> std::io::Result<PathBuf> {
    let name: String = message_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let dir = dir.to_path_buf();
    let message = message.to_owned();
    tokio::task::spawn_blocking(move || {
        crate::secrets::create_private_dir(&dir).map_err(std::io::Error::other)?;
        let path = dir.join(format!("{name}.eml"));
        let partial = dir.join(format!(".{name}.eml.partial"));
        {
            use std::io::Write as _;
            use std::os::unix::fs::OpenOptionsExt as _;
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode(0o600)
                .open(&partial)?;
            file.write_all(message.as_bytes())?;
            file.sync_all()?;
        }
        std::fs::rename(&partial, &path)?;
        Ok(path)
    })
    .await
    .map_err(std::io::Error::other)?
}

/// Runs a pass every `interval` until `stop` changes; a failing pass is logged and the next
/// one tries again (the rows are still there).
pub async fn run(mailer: Arc<Mailer>, db: Db, interval: Duration, mut stop: watch::Receiver<bool>) {
    let mut timer = tokio::time::interval(interval);
    timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_purge: Option<std::time::Instant> = None;
    loop {
        tokio::select! {
            biased;
            _ = stop.changed() => break,
            _ = timer.tick() => {}
        }
        if let Err(e) = mailer.run_once(&db, db::now()).await {
            tracing::warn!(error = %e.log_text(), "mail pass failed");
        }
        if last_purge.is_none_or(|t| t.elapsed() >= PURGE_EVERY) {
            last_purge = Some(std::time::Instant::now());
            mailer.purge(&db, db::now()).await;
        }
    }
}

/// How often old mail is forgotten.
const PURGE_EVERY: Duration = Duration::from_secs(3600);
/// How long sent and failed messages (rows, and `.eml` files without a mail server) are kept:
/// long enough to look into a complaint, not forever (they hold addresses and links).
pub const KEEP_FOR: chrono::Duration = chrono::Duration::days(30);

impl Mailer {
    /// Deletes messages sent or failed more than [`KEEP_FOR`] ago, and `.eml` files as old.
    pub async fn purge(&self, db: &Db, now: NaiveDateTime) {
        let before = now - KEEP_FOR;
        match db.run(move |c| db::mail::purge(c, before)).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(messages = n, "forgot old mail"),
            Err(e) => tracing::warn!(error = %e.log_text(), "forgetting old mail failed"),
        }
        if let Transport::Files(dir) = &self.transport {
            let dir = dir.clone();
            let cutoff = std::time::UNIX_EPOCH
                + Duration::from_secs(u64::try_from(before.and_utc().timestamp()).unwrap_or(0));
            let removed = tokio::task::spawn_blocking(move || purge_files(&dir, cutoff)).await;
            if let Ok(Err(e)) = removed {
                tracing::warn!(error = %e, "removing old .eml files failed");
            }
        }
    }
}

/// Removes `.eml` files last written before `cutoff` from `dir`.
fn purge_files(dir: &Path, cutoff: std::time::SystemTime) -> std::io::Result<usize> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        if path.extension().is_none_or(|x| x != "eml") {
            continue;
        }
        if entry.metadata()?.modified()? < cutoff {
            std::fs::remove_file(&path)?;
            removed += 1;
        }
    }
    Ok(removed)
}
