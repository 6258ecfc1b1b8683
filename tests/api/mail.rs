//! The mail worker against a real SMTP server over TCP (and, without one configured, the
//! `.eml` files a newcomer reads): what arrives, how many connections it takes, and what a
//! refusal, a temporary failure, a server that is down and a worker that died mid-send do to
//! the queue.

use std::sync::Arc;

use qiao::config::{Settings, SmtpSettings};
use qiao::db::{self, Db};
use qiao::delivery::message::{Draft, Sender};
use qiao::delivery::outbox::{Mailer, RunReport, backoff};

use crate::helpers::TestDb;
use crate::helpers::smtp::SmtpServer;

struct Queue {
    db: Db,
    settings: Settings,
    _test_db: TestDb,
}

/// A migrated database and settings that send to `port` (none: files), without the HTTP app
/// and its own worker, so each pass here is the only one.
fn queue(smtp: Option<SmtpSettings>) -> Queue {
    let test_db = TestDb::new();
    let mut settings = Settings::for_tests(test_db.data_dir(), test_db.url.clone());
    settings.smtp = smtp;
    std::fs::create_dir_all(&settings.data_dir).expect("data dir");
    let db = qiao::startup::open_database(&settings).expect("database");
    Queue {
        db,
        settings,
        _test_db: test_db,
    }
}

/// Queues a message to `to`; returns its Message-ID.
async fn enqueue(q: &Queue, to: &str, subject: &str) -> String {
    let sender = Sender::new(&q.settings.mail_from, None).expect("sender");
    let composed = sender
        .compose(&Draft {
            from_name: Some("华人协会 Chinese Association"),
            to,
            to_name: None,
            subject,
            text: "中秋节快乐 — happy Mid-Autumn.\r\n.a line that starts with a dot\r\n",
            html: Some("<p>中秋节快乐</p>"),
            list_id: Some(("hua", "qiao.test")),
            unsubscribe: None,
            message_id: None,
        })
        .expect("composed");
    let id = composed.message_id.clone();
    q.db.run(move |c| {
        db::mail::enqueue(
            c,
            &db::mail::NewMail {
                org_id: None,
                kind: "test",
                recipient: &composed.recipient,
                message_id: &composed.message_id,
                message: &composed.message,
            },
            db::now(),
        )
    })
    .await
    .expect("queued");
    id
}

/// Passes until one claims nothing (a pass claims two messages per connection); the sum.
async fn drain(mailer: &Arc<Mailer>, db: &Db, now: chrono::NaiveDateTime) -> RunReport {
    let mut total = RunReport::default();
    loop {
        let r = mailer.run_once(db, now).await.expect("pass");
        if r == RunReport::default() {
            return total;
        }
        total.sent += r.sent;
        total.retried += r.retried;
        total.failed += r.failed;
        total.expired += r.expired;
    }
}

async fn state(q: &Queue, to: &str) -> Vec<db::mail::MailState> {
    let to = to.to_owned();
    q.db.run(move |c| db::mail::to_recipient(c, &to))
        .await
        .expect("state")
}

#[tokio::test]
async fn without_a_server_every_message_is_an_eml_file_in_the_outbox() {
    let q = queue(None);
    let id = enqueue(&q, "reader@example.org", "中秋 greetings").await;
    let mailer = Arc::new(Mailer::from_settings(&q.settings).expect("mailer"));
    let report = mailer.run_once(&q.db, db::now()).await.expect("pass");
    assert_eq!(report.sent, 1, "{report:?}");
    let outbox = q.settings.data_dir.join("outbox");
    let files: Vec<_> = std::fs::read_dir(&outbox)
        .expect("outbox exists")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let text = std::fs::read_to_string(&files[0]).expect("file");
    assert!(text.contains(&format!("Message-ID: <{id}>")), "{text}");
    assert!(text.contains("To: reader@example.org"), "{text}");
    assert!(text.contains("List-Id: <hua.qiao.test>"), "{text}");
    let rows = state(&q, "reader@example.org").await;
    assert_eq!(rows[0].status, "sent");
    assert!(rows[0].sent_at.is_some());
    // Nothing is sent twice.
    let again = mailer.run_once(&q.db, db::now()).await.expect("pass");
    assert_eq!(again, RunReport::default());
}

#[tokio::test]
async fn sent_mail_and_its_files_are_forgotten_after_thirty_days_and_pending_mail_never() {
    let q = queue(None);
    enqueue(&q, "old@example.org", "sent").await;
    let mailer = Arc::new(Mailer::from_settings(&q.settings).expect("mailer"));
    mailer.run_once(&q.db, db::now()).await.expect("pass");
    enqueue(&q, "waiting@example.org", "pending").await;
    let outbox = q.settings.data_dir.join("outbox");
    let files = || std::fs::read_dir(&outbox).expect("outbox").count();
    // Twenty-nine days on, everything is kept.
    mailer
        .purge(&q.db, db::now() + chrono::Duration::days(29))
        .await;
    assert_eq!(state(&q, "old@example.org").await.len(), 1);
    assert_eq!(files(), 1);
    mailer
        .purge(&q.db, db::now() + chrono::Duration::days(31))
        .await;
    assert!(state(&q, "old@example.org").await.is_empty());
    assert_eq!(files(), 0);
    assert_eq!(
        state(&q, "waiting@example.org").await.len(),
        1,
        "pending mail stays"
    );
}

#[tokio::test]
async fn messages_arrive_whole_over_a_bounded_pool_that_rotates_its_connections() {
    let server = SmtpServer::start().await;
    let q = queue(Some(server.settings(2, 3)));
    let mut ids = Vec::new();
    for i in 0..10 {
        ids.push(
            enqueue(
                &q,
                &format!("r{i}@example.org"),
                &format!("第 {i} 封 message"),
            )
            .await,
        );
    }
    let mailer = Arc::new(Mailer::from_settings(&q.settings).expect("mailer"));
    let report = drain(&mailer, &q.db, db::now()).await;
    assert_eq!(report.sent, 10, "{report:?}");
    let received = server.received();
    assert_eq!(received.len(), 10);
    for (i, id) in ids.iter().enumerate() {
        let to = format!("r{i}@example.org");
        let m = received
            .iter()
            .find(|m| m.to == [to.clone()])
            .unwrap_or_else(|| panic!("nothing for {to}"));
        assert_eq!(m.from, "noreply@qiao.test");
        assert_eq!(
            m.header("Message-ID").as_deref(),
            Some(format!("<{id}>").as_str())
        );
        assert!(
            m.header("Subject")
                .is_some_and(|s| s.starts_with("=?utf-8?")),
            "{:?}",
            m.header("Subject")
        );
        assert!(
            m.header("Content-Type")
                .is_some_and(|c| c.contains("multipart/alternative"))
        );
        assert!(
            m.data.contains("text/html") && m.data.contains("text/plain"),
            "{}",
            m.data
        );
        // Dot-stuffing went both ways: the line starting with a dot arrived as written.
        assert!(
            m.data.contains(".a line that starts with a dot")
                || m.data.contains("Content-Transfer-Encoding: base64"),
            "{}",
            m.data
        );
        let rows = state(&q, &to).await;
        assert_eq!(rows[0].status, "sent");
        assert!(
            rows[0]
                .last_error
                .as_deref()
                .is_some_and(|a| a.starts_with("250")),
            "{:?}",
            rows[0].last_error
        );
    }
    // Never more than 2 connections at once; a fresh one after every 3 messages.
    assert!(
        server.most_open_at_once() <= 2,
        "{}",
        server.most_open_at_once()
    );
    assert!(
        server.connections() >= 4,
        "{} connections",
        server.connections()
    );
    for conn in 1..=server.connections() {
        let on_it = received.iter().filter(|m| m.connection == conn).count();
        assert!(on_it <= 3, "{on_it} messages on connection {conn}");
    }
}

#[tokio::test]
async fn a_temporary_refusal_waits_and_retries_and_a_permanent_one_fails_for_good() {
    let server = SmtpServer::start().await;
    let q = queue(Some(server.settings(1, 100)));
    server.answer_rcpt_with(&["421 4.3.2 busy, try later"]);
    enqueue(&q, "later@example.org", "one").await;
    let mailer = Arc::new(Mailer::from_settings(&q.settings).expect("mailer"));
    let now = db::now();
    let report = mailer.run_once(&q.db, now).await.expect("pass");
    assert_eq!((report.sent, report.retried), (0, 1), "{report:?}");
    let row = &state(&q, "later@example.org").await[0];
    assert_eq!((row.status.as_str(), row.attempts), ("pending", 1));
    assert!(
        row.last_error.as_deref().is_some_and(|e| e.contains("421")),
        "{:?}",
        row.last_error
    );
    assert!(row.next_attempt_at >= now + backoff(1) - chrono::Duration::seconds(1));
    // Not due yet: nothing happens; when due, it goes.
    let early = mailer
        .run_once(&q.db, now + chrono::Duration::seconds(5))
        .await
        .expect("pass");
    assert_eq!(early.sent, 0);
    let due = mailer
        .run_once(&q.db, now + backoff(1))
        .await
        .expect("pass");
    assert_eq!(due.sent, 1, "{due:?}");
    assert_eq!(server.received().len(), 1);

    server.answer_rcpt_with(&["550 5.1.1 no such mailbox"]);
    enqueue(&q, "nobody@example.org", "two").await;
    let report = mailer
        .run_once(&q.db, now + backoff(1))
        .await
        .expect("pass");
    assert_eq!(report.failed, 1, "{report:?}");
    let row = &state(&q, "nobody@example.org").await[0];
    assert_eq!(row.status, "failed");
    assert!(
        row.last_error.as_deref().is_some_and(|e| e.contains("550")),
        "{:?}",
        row.last_error
    );
    // A failed message is never tried again.
    let later = mailer
        .run_once(&q.db, now + chrono::Duration::days(1))
        .await
        .expect("pass");
    assert_eq!(later, RunReport::default());
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_server_that_is_down_delays_the_mail_and_gives_up_after_the_last_attempt() {
    // A port nothing listens on: bound, then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let mut smtp = SmtpServer::start().await.settings(1, 100);
    smtp.port = port;
    let q = queue(Some(smtp));
    enqueue(&q, "waiting@example.org", "down").await;
    let mailer = Arc::new(Mailer::from_settings(&q.settings).expect("mailer"));
    let mut now = db::now();
    for attempt in 1..qiao::delivery::outbox::MAX_ATTEMPTS {
        let report = mailer.run_once(&q.db, now).await.expect("pass");
        assert_eq!(report.retried, 1, "attempt {attempt}: {report:?}");
        now += backoff(attempt);
    }
    let report = mailer.run_once(&q.db, now).await.expect("pass");
    assert_eq!(report.failed, 1, "{report:?}");
    let row = &state(&q, "waiting@example.org").await[0];
    assert_eq!(
        (row.status.as_str(), row.attempts),
        ("failed", qiao::delivery::outbox::MAX_ATTEMPTS)
    );
}

#[tokio::test]
async fn a_message_claimed_by_a_worker_that_died_is_sent_once_its_lease_runs_out() {
    let server = SmtpServer::start().await;
    let q = queue(Some(server.settings(1, 100)));
    enqueue(&q, "crash@example.org", "lease").await;
    let now = db::now();
    // A worker claims it and dies before sending.
    let claimed =
        q.db.run(move |c| db::mail::claim(c, now, now + chrono::Duration::minutes(10), 10))
            .await
            .expect("claim");
    assert_eq!(claimed.len(), 1);
    // A record under another claim (a worker whose lease ran out) changes nothing.
    let id = claimed[0].id;
    q.db.run(move |c| db::mail::failed(c, id, "another-claim", "late"))
        .await
        .expect("late record");
    assert_eq!(state(&q, "crash@example.org").await[0].status, "sending");
    let mailer = Arc::new(Mailer::from_settings(&q.settings).expect("mailer"));
    // While the lease holds, nobody else takes it.
    let during = mailer
        .run_once(&q.db, now + chrono::Duration::minutes(5))
        .await
        .expect("pass");
    assert_eq!(during, RunReport::default());
    assert!(server.received().is_empty());
    let after = mailer
        .run_once(&q.db, now + chrono::Duration::minutes(11))
        .await
        .expect("pass");
    assert_eq!((after.expired, after.sent), (1, 1), "{after:?}");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn two_workers_at_once_send_each_message_exactly_once() {
    let server = SmtpServer::start().await;
    let q = queue(Some(server.settings(2, 100)));
    let mut ids = Vec::new();
    for i in 0..30 {
        ids.push(enqueue(&q, &format!("twice{i}@example.org"), "once").await);
    }
    let a = Arc::new(Mailer::from_settings(&q.settings).expect("mailer"));
    let b = Arc::new(Mailer::from_settings(&q.settings).expect("mailer"));
    let now = db::now();
    let (ra, rb) = tokio::join!(drain(&a, &q.db, now), drain(&b, &q.db, now));
    assert_eq!(ra.sent + rb.sent, 30, "{ra:?} {rb:?}");
    let mut arrived: Vec<String> = server
        .received()
        .iter()
        .filter_map(|m| m.header("Message-ID"))
        .collect();
    arrived.sort();
    let mut expected: Vec<String> = ids.iter().map(|id| format!("<{id}>")).collect();
    expected.sort();
    assert_eq!(arrived, expected);
}
