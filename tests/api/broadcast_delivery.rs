//! Delivering broadcasts with an explicit clock (the app's own background work is off; the
//! test runs the worker's passes): scheduling, articles unpublished before the time, pause,
//! resume and cancel, quotas, a mail server down for ten minutes, a worker that dies with a
//! batch in flight, two workers on one database, refusals counted as bounces.

use std::collections::HashMap;

use chrono::{Duration, NaiveDateTime};
use qiao::db;
use qiao::delivery::broadcast::RunReport;
use serde_json::json;

use crate::helpers::broadcast::{Like, active, get, post, published, token};
use crate::helpers::smtp::SmtpServer;
use crate::helpers::{ORG, TestApp, spawn_app};

/// An app whose background work is off, mailing `smtp_port` (nothing needs to listen there).
async fn quiet_app(smtp_port: u16) -> TestApp {
    spawn_app()
        .with_org(ORG)
        .configure(move |s| {
            s.run_workers = false;
            s.smtp = Some(qiao::config::SmtpSettings {
                host: "127.0.0.1".to_owned(),
                port: smtp_port,
                tls: qiao::config::SmtpTls::None,
                credentials: None,
                connections: 2,
                messages_per_connection: 100,
                timeout_secs: 5,
            });
        })
        .await
}

async fn pass(app: &TestApp, now: NaiveDateTime) -> RunReport {
    app.broadcaster.run_once(&app.db, now).await.expect("pass")
}

/// Messages received per recipient.
fn per_recipient(server: &SmtpServer) -> HashMap<String, usize> {
    let mut n = HashMap::new();
    for m in server.received() {
        for to in m.to {
            *n.entry(to).or_default() += 1;
        }
    }
    n
}

/// A free port with nothing listening on it.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

/// Writes broadcast `title` of `articles` (email only) and sends it now; its id.
async fn send_now(app: &TestApp, t: &str, title: &str, articles: &[i64]) -> i64 {
    let (status, b) = post(
        app,
        "/api/v1/broadcasts",
        t,
        &json!({"title": title, "article_ids": articles, "channels": ["email"]}),
    )
    .await;
    assert_eq!(status, 201, "{b}");
    let id = b["id"].as_i64().expect("id");
    let (status, b) = post(app, &format!("/api/v1/broadcasts/{id}/send"), t, &json!({})).await;
    assert_eq!(status, 200, "{b}");
    id
}

fn subscribers(app: &TestApp, n: usize) {
    for i in 0..n {
        active(
            app,
            ORG,
            &format!("reader{i}@example.org"),
            &Like::default(),
        );
    }
}

#[tokio::test]
async fn a_scheduled_broadcast_starts_at_its_time_and_drops_articles_unpublished_before_it() {
    let server = SmtpServer::start().await;
    let app = quiet_app(server.port).await;
    let t = token(&app, ORG);
    let (kept, _) = published(&app, &t, "Kept", "stays published", "en", "news").await;
    let (dropped, _) = published(&app, &t, "Withdrawn", "taken down", "en", "news").await;
    subscribers(&app, 2);
    let (_, b) = post(
        &app,
        "/api/v1/broadcasts",
        &t,
        &json!({"title": "Weekly", "article_ids": [kept, dropped], "channels": ["email"]}),
    )
    .await;
    let id = b["id"].as_i64().expect("id");
    let (_, lone) = post(
        &app,
        "/api/v1/broadcasts",
        &t,
        &json!({"title": "Lone", "article_ids": [dropped], "channels": ["email"]}),
    )
    .await;
    let lone = lone["id"].as_i64().expect("id");
    let now = db::now();
    let at = now + Duration::minutes(10);
    for b in [id, lone] {
        let (status, res) = post(
            &app,
            &format!("/api/v1/broadcasts/{b}/schedule"),
            &t,
            &json!({"at": at.and_utc().to_rfc3339()}),
        )
        .await;
        assert_eq!(status, 200, "{res}");
    }
    assert_eq!(
        pass(&app, now + Duration::minutes(9)).await.started,
        0,
        "not before its time"
    );
    let (status, _) = post(
        &app,
        &format!("/api/v1/articles/{dropped}/unpublish"),
        &t,
        &json!({}),
    )
    .await;
    assert_eq!(status, 200);
    let report = pass(&app, at).await;
    assert_eq!(report.started, 2, "{report:?}");
    assert_eq!(report.sent, 2, "{report:?}");
    let (_, b) = get(&app, &format!("/api/v1/broadcasts/{id}"), &t).await;
    assert_eq!(b["status"], "sent");
    assert_eq!(
        b["dropped_articles"],
        json!(["Withdrawn"]),
        "the editor is told: {b}"
    );
    let (_, l) = get(&app, &format!("/api/v1/broadcasts/{lone}"), &t).await;
    assert_eq!(l["status"], "failed", "nothing left to send: {l}");
    assert_eq!(l["counts"]["recipients"], 0);
    let mails = server.received();
    assert_eq!(mails.len(), 2);
    for m in mails {
        let html = m.part("text/html").expect("html");
        assert!(
            html.contains("Kept") && !html.contains("Withdrawn"),
            "{html}"
        );
    }
}

#[tokio::test]
async fn paused_broadcasts_wait_resumed_ones_go_on_and_cancelled_ones_send_nothing_more() {
    let server = SmtpServer::start().await;
    let app = quiet_app(server.port).await;
    let t = token(&app, ORG);
    let (a, _) = published(&app, &t, "News", "news", "en", "news").await;
    subscribers(&app, 3);
    let id = send_now(&app, &t, "Paused one", &[a]).await;
    let now = db::now();
    // Started (materialized) but not sent yet: pause it there.
    let started = app
        .db
        .run(move |c| db::deliveries::start_due(c, now))
        .await
        .expect("start")
        .expect("one due");
    assert_eq!((started.id, started.deliveries), (id, 3));
    let (status, b) = post(
        &app,
        &format!("/api/v1/broadcasts/{id}/pause"),
        &t,
        &json!({}),
    )
    .await;
    assert_eq!((status, b["status"].as_str()), (200, Some("paused")), "{b}");
    assert_eq!(
        pass(&app, now).await.claimed,
        0,
        "a paused broadcast is not sent"
    );
    let (status, b) = post(
        &app,
        &format!("/api/v1/broadcasts/{id}/resume"),
        &t,
        &json!({}),
    )
    .await;
    assert_eq!((status, b["status"].as_str()), (200, Some("sending")));
    assert_eq!(pass(&app, now).await.sent, 3);
    let (_, b) = get(&app, &format!("/api/v1/broadcasts/{id}"), &t).await;
    assert_eq!(
        (b["status"].as_str(), b["counts"]["sent"].as_i64()),
        (Some("sent"), Some(3))
    );

    let second = send_now(&app, &t, "Cancelled one", &[a]).await;
    let now = db::now();
    app.db
        .run(move |c| db::deliveries::start_due(c, now))
        .await
        .expect("start");
    let (status, b) = post(
        &app,
        &format!("/api/v1/broadcasts/{second}/cancel"),
        &t,
        &json!({}),
    )
    .await;
    assert_eq!(
        (status, b["status"].as_str()),
        (200, Some("cancelled")),
        "{b}"
    );
    assert_eq!(b["counts"]["cancelled"], 3, "{b}");
    assert_eq!(pass(&app, now + Duration::minutes(1)).await.claimed, 0);
    let (status, _) = post(
        &app,
        &format!("/api/v1/broadcasts/{second}/resume"),
        &t,
        &json!({}),
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(server.received().len(), 3, "only the first broadcast's");
}

#[tokio::test]
async fn over_quota_recipients_are_skipped_and_counted() {
    let server = SmtpServer::start().await;
    let app = quiet_app(server.port).await;
    let t = token(&app, ORG);
    let (a, _) = published(&app, &t, "News", "news", "en", "news").await;
    subscribers(&app, 2);
    {
        use diesel::prelude::*;
        use qiao::db::schema::organizations;
        let mut conn = app.db.get().expect("connection");
        diesel::update(organizations::table)
            .set((
                organizations::quota_period.eq("day"),
                organizations::broadcast_quota.eq(1),
            ))
            .execute(&mut conn)
            .expect("quota on");
    }
    let first = send_now(&app, &t, "First", &[a]).await;
    assert_eq!(pass(&app, db::now()).await.sent, 2);
    let second = send_now(&app, &t, "Second", &[a]).await;
    let report = pass(&app, db::now()).await;
    assert_eq!((report.sent, report.claimed), (0, 0), "{report:?}");
    let (_, b) = get(&app, &format!("/api/v1/broadcasts/{second}"), &t).await;
    assert_eq!(b["counts"]["skipped"], 2, "{b}");
    assert_eq!(b["counts"]["recipients"], 2);
    assert_eq!(b["status"], "sent");
    let (_, b) = get(&app, &format!("/api/v1/broadcasts/{first}"), &t).await;
    assert_eq!(b["counts"]["sent"], 2);
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn a_mail_server_down_for_ten_minutes_loses_nothing() {
    let port = closed_port();
    let app = quiet_app(port).await;
    let t = token(&app, ORG);
    let (a, _) = published(&app, &t, "News", "news", "en", "news").await;
    subscribers(&app, 5);
    send_now(&app, &t, "Through the outage", &[a]).await;
    let start = db::now();
    // A pass every 30 s of the test's clock for ten minutes, while nothing listens.
    let mut retried = 0;
    for step in 0..20 {
        let r = pass(&app, start + Duration::seconds(30 * step)).await;
        assert_eq!(r.sent, 0);
        retried += r.retried;
    }
    assert!(
        retried >= 5,
        "every delivery was tried and will be again: {retried}"
    );
    let server = SmtpServer::start_on(port).await;
    for step in 20..200 {
        pass(&app, start + Duration::seconds(30 * step)).await;
        if server.received().len() >= 5 {
            break;
        }
    }
    let got = per_recipient(&server);
    assert_eq!(got.len(), 5, "{got:?}");
    assert!(got.values().all(|n| *n == 1), "each once: {got:?}");
    let org_id = app.org(ORG).id;
    let b = app
        .db
        .run(move |c| db::broadcasts::list(c, org_id, 1, 10))
        .await
        .expect("list")
        .0;
    assert_eq!(b[0].status, "sent");
}

#[tokio::test]
async fn a_worker_that_dies_mid_batch_loses_nothing_and_its_batch_is_sent_once_its_lease_ends() {
    let server = SmtpServer::start().await;
    let app = quiet_app(server.port).await;
    let t = token(&app, ORG);
    let (a, _) = published(&app, &t, "News", "news", "en", "news").await;
    subscribers(&app, 4);
    send_now(&app, &t, "Crash", &[a]).await;
    let now = db::now();
    app.db
        .run(move |c| db::deliveries::start_due(c, now))
        .await
        .expect("start");
    // A worker claims two and dies before sending them.
    let lease = Duration::seconds(i64::from(app.settings.delivery_lease));
    let (_, claimed) = app
        .db
        .run(move |c| db::deliveries::claim(c, now, now + lease, 2, &["email", "push"]))
        .await
        .expect("claim");
    assert_eq!(claimed.len(), 2);
    let r = pass(&app, now).await;
    assert_eq!(r.sent, 2, "the others go at once: {r:?}");
    assert_eq!(
        pass(&app, now + lease - Duration::seconds(1)).await.sent,
        0,
        "the lease holds"
    );
    let r = pass(&app, now + lease).await;
    assert_eq!((r.expired, r.sent), (2, 2), "{r:?}");
    let got = per_recipient(&server);
    assert_eq!(got.len(), 4);
    assert!(got.values().all(|n| *n == 1), "{got:?}");
}

#[tokio::test]
async fn two_workers_on_one_database_never_send_a_delivery_twice() {
    let server = SmtpServer::start().await;
    let app = quiet_app(server.port).await;
    let t = token(&app, ORG);
    let (a, _) = published(&app, &t, "News", "news", "en", "news").await;
    subscribers(&app, 60);
    send_now(&app, &t, "Twice?", &[a]).await;
    // A second instance on the same database: its own worker, pool and connections.
    let mut settings = app.settings.clone();
    settings.bind = "127.0.0.1:0".parse().expect("addr");
    let other = qiao::startup::Application::build(settings)
        .await
        .expect("second instance");
    let now = db::now();
    for round in 0..20 {
        let t = now + Duration::seconds(round);
        let (x, y) = tokio::join!(
            app.broadcaster.run_once(&app.db, t),
            other.broadcaster.run_once(&other.db, t)
        );
        x.expect("first worker");
        y.expect("second worker");
        if server.received().len() >= 60 {
            break;
        }
    }
    let got = per_recipient(&server);
    assert_eq!(got.len(), 60);
    assert!(got.values().all(|n| *n == 1), "{got:?}");
}

#[tokio::test]
async fn a_refused_address_fails_its_delivery_and_counts_as_a_bounce() {
    let server = SmtpServer::start().await;
    let app = quiet_app(server.port).await;
    let t = token(&app, ORG);
    let (a, _) = published(&app, &t, "News", "news", "en", "news").await;
    let refused = active(&app, ORG, "refused@example.org", &Like::default());
    for title in ["One", "Two"] {
        server.answer_rcpt_with(&["550 5.1.1 no such user"]);
        let id = send_now(&app, &t, title, &[a]).await;
        let r = pass(&app, db::now()).await;
        assert_eq!((r.failed, r.sent), (1, 0), "{r:?}");
        let (_, b) = get(&app, &format!("/api/v1/broadcasts/{id}"), &t).await;
        assert_eq!(
            b["status"], "failed",
            "never says sent when the server refused: {b}"
        );
        assert_eq!(b["counts"]["failed"], 1);
    }
    let mut conn = app.db.get().expect("connection");
    let sub = db::subscribers::by_id(&mut conn, refused)
        .expect("q")
        .expect("row");
    assert_eq!(
        (sub.bounces, sub.status.as_str()),
        (2, "bounced"),
        "two hard bounces stop the mail"
    );
}

#[tokio::test]
async fn a_providers_complaint_about_a_broadcast_stops_only_that_organizations_mail() {
    const SECRET: &str = "a-mail-events-secret-0123";
    let server = SmtpServer::start().await;
    let port = server.port;
    let app = spawn_app()
        .with_org(ORG)
        .with_org("other")
        .configure(move |s| {
            s.run_workers = false;
            s.mail_events_secret = Some(qiao::config::Secret::new(SECRET.to_owned()));
            s.smtp = Some(qiao::config::SmtpSettings {
                host: "127.0.0.1".to_owned(),
                port,
                tls: qiao::config::SmtpTls::None,
                credentials: None,
                connections: 1,
                messages_per_connection: 100,
                timeout_secs: 5,
            });
        })
        .await;
    let t = token(&app, ORG);
    let (a, _) = published(&app, &t, "News", "news", "en", "news").await;
    let ours = active(&app, ORG, "both@example.org", &Like::default());
    let theirs = active(&app, "other", "both@example.org", &Like::default());
    send_now(&app, &t, "Complained about", &[a]).await;
    assert_eq!(pass(&app, db::now()).await.sent, 1);
    let message_id = server.received()[0]
        .header("Message-ID")
        .expect("Message-ID");
    let res = reqwest::Client::new()
        .post(app.url("/hooks/mail-events/generic"))
        .bearer_auth(SECRET)
        .header("content-type", "application/json")
        .body(
            json!({"type": "complaint", "email": "both@example.org", "message_id": message_id})
                .to_string(),
        )
        .send()
        .await
        .expect("hook");
    assert!(res.status().is_success(), "{}", res.status());
    let mut conn = app.db.get().expect("connection");
    let mut status = |id| {
        db::subscribers::by_id(&mut conn, id)
            .expect("q")
            .expect("row")
            .status
    };
    assert_eq!(status(ours), "complained", "the broadcast's organization");
    assert_eq!(
        status(theirs),
        "active",
        "not the other organization with the same address"
    );
}
