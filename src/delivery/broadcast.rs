//! The broadcast worker (DESIGN.md flow 2): starts due broadcasts, claims their deliveries in
//! batches, writes each recipient's mail or notification, sends it, and records what the mail
//! server or push service said.
//!
//! One pass ([`Broadcaster::run_once`]): leases that ran out go back to pending; due
//! broadcasts start (their deliveries are materialized); a batch is claimed under one lease;
//! recipients are loaded and checked (someone who left since the broadcast started is skipped,
//! never mailed); messages are composed off the async threads; they are sent side by side
//! (SMTP concurrency is the mail pool's, push has its own limit, both paced to a rate when one
//! is set); every outcome of the batch is recorded in one transaction under the claim; sending
//! broadcasts with nothing left are finished. "Sent" means the server accepted it.
//!
//! While the mail server is unreachable (a whole batch failed to connect) the worker stops
//! claiming email for a while, so an outage does not burn every delivery's attempts; push goes
//! on.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use tokio::sync::{Mutex, Semaphore, watch};

use super::edition::{self, Mail};
use super::letters::Writer;
use super::message::{Draft, Sender};
use super::outbox::{Mailer, backoff};
use super::push::{Notification, Pusher};
use super::smtp::SendError;
use crate::db::broadcasts::Broadcast;
use crate::db::deliveries::{Claimed, Outcome};
use crate::db::orgs::Organization;
use crate::db::public::Card;
use crate::db::{self, Db, DbConnection};
use crate::domain::{Channel, Locale};
use crate::error::AppError;
use crate::i18n::Tr;

/// Attempts before a delivery that keeps failing for now is given up (with the backoff, about
/// four hours: a mail server down for a while loses nothing).
pub const MAX_ATTEMPTS: i32 = 10;
/// How often the loop looks for work when the last pass found none.
pub const INTERVAL: Duration = Duration::from_secs(1);
/// How long broadcast notifications wait at the push service for an offline browser.
const PUSH_TTL: i32 = 2 * 86_400;
/// Outcomes recorded together (or after [`RECORD_AFTER`]): what a crash can send twice.
const RECORD_EVERY: usize = 100;
const RECORD_AFTER: Duration = Duration::from_millis(500);
/// The longest pause after the mail server was unreachable.
const MAX_PAUSE: chrono::Duration = chrono::Duration::seconds(60);

/// Sends at most one message per interval, whoever asks.
struct Pace {
    interval: Duration,
    next: Mutex<tokio::time::Instant>,
}

impl Pace {
    fn per_second(rate: u32) -> Option<Pace> {
        (rate > 0).then(|| Pace {
            interval: Duration::from_secs(1) / rate,
            next: Mutex::new(tokio::time::Instant::now()),
        })
    }

    /// Waits for this message's slot.
    async fn wait(&self) {
        let slot = {
            let mut next = self.next.lock().await;
            let now = tokio::time::Instant::now();
            // A pace that fell behind does not burst to catch up.
            let slot = (*next).max(now);
            *next = slot + self.interval;
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

/// What one pass did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunReport {
    /// Broadcasts started (deliveries materialized), digests included only when the scheduler
    /// started them.
    pub started: usize,
    pub claimed: usize,
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
    pub skipped: usize,
    /// Leases that had run out, taken back.
    pub expired: usize,
    /// Broadcasts finished.
    pub finished: usize,
}

/// Sends broadcasts and digests.
pub struct Broadcaster {
    mailer: Arc<Mailer>,
    pusher: Arc<Pusher>,
    writer: Writer,
    sender: Arc<Sender>,
    public_url: String,
    lease: chrono::Duration,
    batch: i64,
    mail_pace: Option<Pace>,
    push_pace: Option<Pace>,
    push_permits: Arc<Semaphore>,
    /// Until when email is not claimed (the mail server was unreachable), and the last pause;
    /// on the passes' clock.
    mail_down: std::sync::Mutex<(Option<NaiveDateTime>, chrono::Duration)>,
}

/// What a batch needs to know, loaded in one go.
struct Loaded {
    broadcasts: HashMap<i64, Arc<Context>>,
    subscribers: HashMap<i64, db::subscribers::Subscriber>,
    browsers: HashMap<i64, db::push::Subscription>,
    /// A digest's articles for each of its recipients (delivery id → cards, newest first).
    digest_cards: HashMap<i64, Vec<Card>>,
}

/// One broadcast as its batch sends it.
struct Context {
    broadcast: Broadcast,
    org: Organization,
    /// Its articles in order, those still published.
    cards: Vec<Card>,
    /// The organization's avatar, absolute, or empty.
    avatar: String,
}

/// One message ready to go.
enum Ready {
    Mail {
        to: String,
        message_id: String,
        message: String,
        /// A digest's articles, recorded when it is sent.
        digest: Option<(i64, Vec<i64>)>,
    },
    Push {
        browser: Box<db::push::Subscription>,
        /// The payload encrypted for the browser (or why it could not be).
        sealed: Result<super::push::Sealed, String>,
        payload: String,
        short: String,
        topic: String,
    },
    Skip(String),
}

/// What became of one delivery, and what else that means.
struct Done {
    id: i64,
    outcome: Outcome,
    /// A hard bounce of this address.
    bounce: Option<String>,
    /// A digest sent to (subscriber, articles).
    digest: Option<(i64, Vec<i64>)>,
    /// A browser's notification accepted, refused, or its subscription gone.
    browser: Option<(i64, BrowserNews)>,
    /// Handed to the mail server (or tried to).
    mailed: bool,
    /// Could not connect to the mail server.
    unreachable: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BrowserNews {
    Accepted,
    Refused,
    Gone,
}

impl Broadcaster {
    /// A broadcaster sending mail through `mailer`, notifications through `pusher`.
    pub fn new(
        settings: &crate::config::Settings,
        mailer: Arc<Mailer>,
        pusher: Arc<Pusher>,
        writer: Writer,
        sender: Arc<Sender>,
        public_url: &str,
    ) -> Broadcaster {
        let batch = (mailer.batch() * 50).clamp(100, 500);
        Broadcaster {
            mailer,
            pusher,
            writer,
            sender,
            public_url: public_url.to_owned(),
            lease: chrono::Duration::seconds(i64::from(settings.delivery_lease)),
            batch,
            mail_pace: Pace::per_second(settings.mail_rate),
            push_pace: Pace::per_second(settings.push_rate),
            push_permits: Arc::new(Semaphore::new(settings.push_concurrency.max(1) as usize)),
            mail_down: std::sync::Mutex::new((None, chrono::Duration::zero())),
        }
    }

    fn mail_is_down(&self, now: NaiveDateTime) -> bool {
        let down = self.mail_down.lock().map(|d| d.0).unwrap_or(None);
        down.is_some_and(|until| now < until)
    }

    /// Notes whether the last batch reached the mail server.
    fn note_mail(&self, reachable: bool, now: NaiveDateTime) {
        let Ok(mut down) = self.mail_down.lock() else {
            return;
        };
        if reachable {
            *down = (None, chrono::Duration::zero());
        } else {
            let pause = (down.1 * 2).clamp(chrono::Duration::seconds(5), MAX_PAUSE);
            tracing::warn!(
                pause_secs = pause.num_seconds(),
                "the mail server is unreachable; broadcast email waits"
            );
            *down = (Some(now + pause), pause);
        }
    }

    /// One pass as of `now`.
    pub async fn run_once(
        self: &Arc<Self>,
        db: &Db,
        now: NaiveDateTime,
    ) -> Result<RunReport, AppError> {
        let mut report = RunReport {
            expired: db
                .run(move |c| db::deliveries::expire_leases(c, now, MAX_ATTEMPTS))
                .await?,
            ..RunReport::default()
        };
        while let Some(started) = db.run(move |c| db::deliveries::start_due(c, now)).await? {
            report.started += 1;
            if started.failed {
                tracing::warn!(broadcast = started.id, org_id = started.org_id, dropped = ?started.dropped, "broadcast failed to start: no published article left");
            } else {
                tracing::info!(broadcast = started.id, org_id = started.org_id, deliveries = started.deliveries, dropped = ?started.dropped, "broadcast started");
            }
        }
        let channels: &'static [&'static str] = if self.mail_is_down(now) {
            &["push"]
        } else {
            &["email", "push"]
        };
        let (until, batch) = (now + self.lease, self.batch);
        let (claim, rows) = db
            .run(move |c| db::deliveries::claim(c, now, until, batch, channels))
            .await?;
        report.claimed = rows.len();
        if !rows.is_empty() {
            let (mailed, unreachable) = self.send_batch(db, &claim, rows, now, &mut report).await?;
            if mailed > 0 {
                self.note_mail(unreachable < mailed, now);
            }
        }
        let finished = db.run(move |c| db::deliveries::finish_done(c, now)).await?;
        for id in &finished {
            tracing::info!(broadcast = id, "broadcast finished");
        }
        report.finished = finished.len();
        Ok(report)
    }

    /// Loads one claimed batch, then composes it on a blocking thread while what is composed
    /// is already being sent, and records outcomes as they come (every [`RECORD_EVERY`]
    /// messages or half second), so a crash re-sends only what was not recorded yet. Returns
    /// how many were handed to the mail server and how many of those could not reach it.
    async fn send_batch(
        self: &Arc<Self>,
        db: &Db,
        claim: &str,
        rows: Vec<Claimed>,
        now: NaiveDateTime,
        report: &mut RunReport,
    ) -> Result<(usize, usize), AppError> {
        let public_url = self.public_url.clone();
        let wanted = rows.clone();
        let loaded = db.run(move |c| load(c, &wanted, &public_url)).await?;
        let (tx, mut rx) = tokio::sync::mpsc::channel::<(Claimed, Ready)>(64);
        let this = Arc::clone(self);
        let composer = tokio::task::spawn_blocking(move || {
            let mut cache = HashMap::new();
            for row in rows {
                let ready = this.compose(&row, &loaded, &mut cache);
                if tx.blocking_send((row, ready)).is_err() {
                    return;
                }
            }
        });
        let mut sending = tokio::task::JoinSet::new();
        let (mut done, mut mailed, mut unreachable) = (Vec::new(), 0, 0);
        let mut last = tokio::time::Instant::now();
        let mut composing = true;
        loop {
            tokio::select! {
                next = rx.recv(), if composing => match next {
                    Some((row, ready)) => {
                        let this = Arc::clone(self);
                        sending.spawn(async move { this.deliver(row, ready, now).await });
                    }
                    None => composing = false,
                },
                Some(joined) = sending.join_next(), if !sending.is_empty() => match joined {
                    Ok(d) => {
                        mailed += usize::from(d.mailed);
                        unreachable += usize::from(d.unreachable);
                        done.push(d);
                    }
                    // The row stays in flight and its lease brings it back.
                    Err(e) => tracing::error!(error = %e, "a delivery task failed"),
                },
                else => break,
            }
            if done.len() >= RECORD_EVERY || (!done.is_empty() && last.elapsed() >= RECORD_AFTER) {
                self.record_some(db, claim, std::mem::take(&mut done), now, report)
                    .await?;
                last = tokio::time::Instant::now();
            }
        }
        if !done.is_empty() {
            self.record_some(db, claim, done, now, report).await?;
        }
        composer
            .await
            .map_err(|e| AppError::Unexpected(anyhow::anyhow!("composing a batch: {e}")))?;
        Ok((mailed, unreachable))
    }

    /// Records `done` under `claim` and counts it in `report`.
    async fn record_some(
        &self,
        db: &Db,
        claim: &str,
        done: Vec<Done>,
        now: NaiveDateTime,
        report: &mut RunReport,
    ) -> Result<(), AppError> {
        for d in &done {
            match d.outcome {
                Outcome::Sent(_) => report.sent += 1,
                Outcome::Retry(..) => report.retried += 1,
                Outcome::Failed(_) => report.failed += 1,
                Outcome::Skipped(_) => report.skipped += 1,
            }
        }
        let (limit, claim) = (self.mailer.bounce_limit(), claim.to_owned());
        db.run(move |c| record(c, &claim, done, limit, now)).await
    }

    /// Writes the message of one delivery (or says why there is none).
    fn compose(
        &self,
        row: &Claimed,
        loaded: &Loaded,
        cache: &mut HashMap<(i64, Locale), Arc<Mail>>,
    ) -> Ready {
        let Some(ctx) = loaded.broadcasts.get(&row.broadcast_id) else {
            return Ready::Skip("broadcast gone".to_owned());
        };
        match row.channel() {
            Channel::Email => {
                let Some(sub) = loaded.subscribers.get(&row.recipient_id) else {
                    return Ready::Skip("gone".to_owned());
                };
                if sub.org_id != ctx.org.id || sub.status != "active" {
                    return Ready::Skip(sub.status.clone());
                }
                let locale = sub
                    .locale()
                    .unwrap_or_else(|| Locale::for_content(&ctx.org.language));
                let mail = if ctx.broadcast.is_digest() {
                    let cards = loaded
                        .digest_cards
                        .get(&row.id)
                        .map(Vec::as_slice)
                        .unwrap_or(&[]);
                    if cards.is_empty() {
                        return Ready::Skip("nothing new".to_owned());
                    }
                    match self.digest_mail(ctx, cards, locale, sub.locale()) {
                        Ok(m) => Arc::new(m),
                        Err(e) => return Ready::Skip(format!("composing: {e}")),
                    }
                } else {
                    if ctx.cards.is_empty() {
                        return Ready::Skip("no article left".to_owned());
                    }
                    let key = (ctx.broadcast.id, locale);
                    match cache.get(&key) {
                        Some(m) => Arc::clone(m),
                        None => match self.broadcast_mail(ctx, locale, sub.locale()) {
                            Ok(m) => {
                                let m = Arc::new(m);
                                cache.insert(key, Arc::clone(&m));
                                m
                            }
                            Err(e) => return Ready::Skip(format!("composing: {e}")),
                        },
                    }
                };
                let links = self.writer.links(sub.id);
                let (html, text) = mail.fill(&links);
                let host = self.sender.address().domain().to_owned();
                let message_id = format!("d{}.b{}@{host}", row.id, ctx.broadcast.id);
                let composed = self.sender.compose(&Draft {
                    from_name: Some(&ctx.org.name),
                    to: &sub.email,
                    to_name: None,
                    subject: &mail.subject,
                    text: &text,
                    html: Some(&html),
                    list_id: Some((&ctx.org.slug, &self.writer.host())),
                    unsubscribe: Some((&links.unsubscribe, &links.mailto)),
                    message_id: Some(&message_id),
                });
                match composed {
                    Ok(c) => Ready::Mail {
                        to: c.recipient,
                        message_id: c.message_id,
                        message: c.message,
                        digest: ctx.broadcast.is_digest().then(|| {
                            let ids = loaded
                                .digest_cards
                                .get(&row.id)
                                .map(|cs| cs.iter().map(|c| c.id).collect())
                                .unwrap_or_default();
                            (sub.id, ids)
                        }),
                    },
                    Err(e) => Ready::Skip(format!("composing: {}", e.log_text())),
                }
            }
            Channel::Push => {
                let Some(browser) = loaded.browsers.get(&row.recipient_id) else {
                    return Ready::Skip("gone".to_owned());
                };
                if browser.org_id != ctx.org.id {
                    return Ready::Skip("gone".to_owned());
                }
                if ctx.cards.is_empty() {
                    return Ready::Skip("no article left".to_owned());
                }
                let locale = Locale::exact(&browser.language)
                    .unwrap_or_else(|| Locale::for_content(&ctx.org.language));
                let tr = Tr::new(locale);
                let reader = edition::script_of(Some(locale));
                let pieces = edition::pieces(&ctx.cards, &ctx.org, &self.public_url, &tr, reader);
                let title = edition::in_script(&ctx.broadcast.title, &ctx.org, reader);
                let icon = if ctx.avatar.is_empty() {
                    pieces.first().map(|p| p.cover.clone()).unwrap_or_default()
                } else {
                    ctx.avatar.clone()
                };
                let mut payload =
                    edition::notification(&ctx.org, &title, &pieces, &icon, &tr, false);
                let short = edition::notification(&ctx.org, &title, &pieces, &icon, &tr, true);
                if payload.len() > db::push::MAX_PAYLOAD {
                    payload = short.clone();
                }
                let topic = edition::topic(ctx.org.id);
                // Encrypted here, off the async threads (ECDH and AES for every message).
                let sealed = self
                    .pusher
                    .seal(&notification(browser, &payload, &topic))
                    .map_err(|e| format!("{e:?}"));
                Ready::Push {
                    browser: Box::new(browser.clone()),
                    sealed,
                    payload,
                    short,
                    topic,
                }
            }
        }
    }

    fn broadcast_mail(
        &self,
        ctx: &Context,
        locale: Locale,
        own: Option<Locale>,
    ) -> Result<Mail, askama::Error> {
        edition::broadcast_mail(
            &edition::Source {
                org: &ctx.org,
                public_url: &self.public_url,
                avatar: &ctx.avatar,
            },
            &ctx.broadcast.title,
            &ctx.cards,
            locale,
            own,
        )
    }

    fn digest_mail(
        &self,
        ctx: &Context,
        cards: &[Card],
        locale: Locale,
        own: Option<Locale>,
    ) -> Result<Mail, askama::Error> {
        edition::digest_mail(
            &edition::Source {
                org: &ctx.org,
                public_url: &self.public_url,
                avatar: &ctx.avatar,
            },
            matches!(
                ctx.broadcast.digest_period(),
                Some((crate::domain::time::Frequency::Weekly, _))
            ),
            cards,
            locale,
            own,
        )
    }

    /// Sends one message; what became of it.
    async fn deliver(&self, row: Claimed, ready: Ready, now: NaiveDateTime) -> Done {
        let mut done = Done {
            id: row.id,
            outcome: Outcome::Skipped(String::new()),
            bounce: None,
            digest: None,
            browser: None,
            mailed: false,
            unreachable: false,
        };
        let out_of_attempts = row.attempts >= MAX_ATTEMPTS;
        match ready {
            Ready::Skip(reason) => done.outcome = Outcome::Skipped(reason),
            Ready::Mail {
                to,
                message_id,
                message,
                digest,
            } => {
                if let Some(pace) = &self.mail_pace {
                    pace.wait().await;
                }
                done.mailed = true;
                match self.mailer.send(&to, &message_id, &message).await {
                    Ok(answer) => {
                        done.outcome = Outcome::Sent(answer);
                        done.digest = digest;
                    }
                    Err(SendError::Transient(e)) if !out_of_attempts => {
                        done.unreachable = is_unreachable(&e);
                        done.outcome = Outcome::Retry(e, now + backoff(row.attempts));
                    }
                    Err(SendError::Transient(e)) => done.outcome = Outcome::Failed(e),
                    Err(SendError::Permanent(e)) => {
                        done.bounce = Some(to);
                        done.outcome = Outcome::Failed(e);
                    }
                }
            }
            Ready::Push {
                browser,
                sealed,
                payload,
                short,
                topic,
            } => {
                let _permit = self.push_permits.acquire().await;
                if let Some(pace) = &self.push_pace {
                    pace.wait().await;
                }
                let mut attempt = match sealed {
                    Ok(sealed) => {
                        let n = notification(&browser, &payload, &topic);
                        self.pusher.post(sealed, &n, now).await
                    }
                    Err(e) => Err(super::push::SendError::Permanent(e)),
                };
                if matches!(attempt, Err(super::push::SendError::TooLarge(_))) && short != payload {
                    // 413: the same notification, shortened.
                    attempt = self.push_one(&browser, &short, &topic, now).await;
                }
                use super::push::SendError as P;
                let retry_at = |after: Option<chrono::Duration>| {
                    now + after
                        .unwrap_or_else(|| backoff(row.attempts))
                        .clamp(chrono::Duration::seconds(1), chrono::Duration::hours(6))
                };
                done.outcome = match attempt {
                    Ok(answer) => {
                        done.browser = Some((browser.id, BrowserNews::Accepted));
                        Outcome::Sent(answer)
                    }
                    Err(P::Gone(e)) => {
                        done.browser = Some((browser.id, BrowserNews::Gone));
                        Outcome::Skipped(format!("gone: {e}"))
                    }
                    Err(P::Transient(e) | P::Later(e, _)) if out_of_attempts => Outcome::Failed(e),
                    Err(P::Transient(e)) => Outcome::Retry(e, retry_at(None)),
                    Err(P::Later(e, after)) => Outcome::Retry(e, retry_at(after)),
                    Err(P::Permanent(e) | P::TooLarge(e)) => {
                        done.browser = Some((browser.id, BrowserNews::Refused));
                        Outcome::Failed(e)
                    }
                };
            }
        }
        if let Outcome::Failed(e) | Outcome::Retry(e, _) = &done.outcome {
            tracing::warn!(delivery = row.id, broadcast = row.broadcast_id, channel = %row.channel, attempt = row.attempts, error = %e, "delivery not accepted");
        }
        done
    }

    async fn push_one(
        &self,
        browser: &db::push::Subscription,
        payload: &str,
        topic: &str,
        now: NaiveDateTime,
    ) -> Result<String, super::push::SendError> {
        self.pusher
            .push(&notification(browser, payload, topic), now)
            .await
    }
}

/// A broadcast notification of `payload` to `browser`.
fn notification<'a>(
    browser: &'a db::push::Subscription,
    payload: &'a str,
    topic: &'a str,
) -> Notification<'a> {
    Notification {
        endpoint: &browser.endpoint,
        p256dh: &browser.p256dh,
        auth: &browser.auth,
        payload,
        topic: Some(topic),
        urgency: "normal",
        ttl: PUSH_TTL,
    }
}

/// Whether a temporary failure means the server could not be reached at all (rather than
/// that it answered 4xx to this message).
fn is_unreachable(error: &str) -> bool {
    let e = error.to_ascii_lowercase();
    [
        "connection refused",
        "connect",
        "timed out",
        "pool is closed",
        "unreachable",
        "reset",
    ]
    .iter()
    .any(|w| e.contains(w))
        && !e.starts_with('4')
}

/// Loads what a batch needs: its broadcasts with their articles, its recipients, a digest's
/// articles for each of its recipients.
fn load(conn: &mut DbConnection, rows: &[Claimed], public_url: &str) -> Result<Loaded, AppError> {
    let mut loaded = Loaded {
        broadcasts: HashMap::new(),
        subscribers: HashMap::new(),
        browsers: HashMap::new(),
        digest_cards: HashMap::new(),
    };
    for row in rows {
        if loaded.broadcasts.contains_key(&row.broadcast_id) {
            continue;
        }
        let Some(b) = db::broadcasts::by_id(conn, row.broadcast_id)? else {
            continue;
        };
        let org = db::orgs::by_id(conn, b.org_id)?;
        let cards = if b.is_digest() {
            Vec::new()
        } else {
            let ids = db::broadcasts::article_ids(conn, b.id)?;
            let mut found = db::public::cards_by_ids(conn, b.org_id, &ids)?;
            found.sort_by_key(|c| ids.iter().position(|i| *i == c.id));
            found
        };
        let avatar = match org.avatar_media_id {
            Some(id) => db::media::sha_of(conn, id)?,
            None => None,
        }
        .map(|sha| {
            crate::domain::paths::absolute(
                public_url,
                &crate::domain::paths::media(&sha, crate::domain::paths::image::THUMB),
            )
        })
        .unwrap_or_default();
        loaded.broadcasts.insert(
            b.id,
            Arc::new(Context {
                broadcast: b,
                org,
                cards,
                avatar,
            }),
        );
    }
    let ids = |channel: Channel| -> Vec<i64> {
        rows.iter()
            .filter(|r| r.channel() == channel)
            .map(|r| r.recipient_id)
            .collect()
    };
    for sub in db::subscribers::by_ids(conn, &ids(Channel::Email))? {
        loaded.subscribers.insert(sub.id, sub);
    }
    for browser in db::push::by_ids(conn, &ids(Channel::Push))? {
        loaded.browsers.insert(browser.id, browser);
    }
    for row in rows.iter().filter(|r| r.channel() == Channel::Email) {
        let Some(ctx) = loaded.broadcasts.get(&row.broadcast_id) else {
            continue;
        };
        if !ctx.broadcast.is_digest() {
            continue;
        }
        let ids = db::digests::articles_for(conn, &ctx.broadcast, row.recipient_id)?;
        let mut cards = db::public::cards_by_ids(conn, ctx.org.id, &ids)?;
        cards.sort_by_key(|c| ids.iter().position(|i| *i == c.id));
        loaded.digest_cards.insert(row.id, cards);
    }
    Ok(loaded)
}

/// Records a batch's outcomes and what they mean, in one transaction.
fn record(
    conn: &mut DbConnection,
    claim: &str,
    done: Vec<Done>,
    bounce_limit: i32,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    db::write_tx(conn, |conn| {
        let outcomes: Vec<(i64, Outcome)> =
            done.iter().map(|d| (d.id, d.outcome.clone())).collect();
        db::deliveries::record(conn, claim, &outcomes, now)?;
        let mut accepted = Vec::new();
        for d in &done {
            if let Some((subscriber, articles)) = &d.digest {
                db::digests::sent(conn, *subscriber, articles, now)?;
            }
            if let Some(address) = &d.bounce
                && let Some(org_id) = db::deliveries::org_of(conn, d.id)?
            {
                {
                    let consequence =
                        db::subscribers::hard_bounce(conn, org_id, address, bounce_limit, now)?;
                    tracing::info!(org_id, ?consequence, "hard bounce counted");
                }
            }
            match d.browser {
                Some((id, BrowserNews::Accepted)) => accepted.push(id),
                Some((id, BrowserNews::Refused)) => {
                    let given_up = db::push::note_refused(conn, id)?;
                    if given_up {
                        tracing::info!(
                            subscription = id,
                            "push subscription refused too often; given up"
                        );
                    }
                }
                Some((id, BrowserNews::Gone)) => db::push::gone(conn, id)?,
                None => {}
            }
        }
        db::push::note_sent(conn, &accepted, now)?;
        Ok(())
    })
}

/// Runs passes until `stop` changes: back to back while there is work, every [`INTERVAL`]
/// otherwise; a failing pass is logged and the next one tries again (the rows are still there).
pub async fn run(broadcaster: Arc<Broadcaster>, db: Db, mut stop: watch::Receiver<bool>) {
    loop {
        let busy = match broadcaster.run_once(&db, db::now()).await {
            Ok(report) => report.claimed > 0 || report.started > 0,
            Err(e) => {
                tracing::warn!(error = %e.log_text(), "broadcast pass failed");
                false
            }
        };
        if busy && !*stop.borrow() {
            continue;
        }
        tokio::select! {
            biased;
            _ = stop.changed() => break,
            _ = tokio::time::sleep(INTERVAL) => {}
        }
    }
}
