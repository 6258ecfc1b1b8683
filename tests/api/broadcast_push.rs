//! Broadcasts by web push, to a push service over real HTTP that decrypts each notification
//! (RFC 8291) and checks its VAPID signature (RFC 8292): what the notification says and
//! opens, its Topic, and what the push service's answers do (410 removes the browser, 413
//! shortens the notification, 500 and 429 are retried).

use chrono::Duration;
use qiao::db;
use serde_json::{Value, json};

use crate::helpers::broadcast::{get, post, published, token};
use crate::helpers::push::PushService;
use crate::helpers::{ORG, TestApp, client, spawn_app};

/// One notification at a time, so the push service's answers go to them in order.
async fn app() -> TestApp {
    spawn_app()
        .with_org(ORG)
        .configure(|s| {
            s.push_private_endpoints = true;
            s.run_workers = false;
            s.push_concurrency = 1;
        })
        .await
}

async fn register(app: &TestApp, body: &Value) {
    let res = client()
        .post(app.url(&format!("/push/{ORG}/subscribe")))
        .json(body)
        .send()
        .await
        .expect("subscribe");
    assert_eq!(res.status().as_u16(), 201);
}

async fn broadcast(app: &TestApp, t: &str, title: &str, articles: &[i64]) -> i64 {
    let (status, b) = post(
        app,
        "/api/v1/broadcasts",
        t,
        &json!({"title": title, "article_ids": articles, "channels": ["push"]}),
    )
    .await;
    assert_eq!(status, 201, "{b}");
    let id = b["id"].as_i64().expect("id");
    post(app, &format!("/api/v1/broadcasts/{id}/send"), t, &json!({})).await;
    id
}

#[tokio::test]
async fn a_broadcast_notifies_every_following_browser_in_its_language() {
    let app = app().await;
    let service = PushService::start().await;
    let t = token(&app, ORG);
    let (a1, p1) = published(&app, &t, "中秋节快乐", "月饼和灯笼", "zh-Hans", "culture").await;
    let (a2, _) = published(&app, &t, "Second story", "more", "en", "news").await;
    let (hans, hant) = (service.browser(), service.browser());
    register(&app, &hans.registration()).await;
    let mut body = hant.registration();
    body["language"] = json!("zh-Hant");
    register(&app, &body).await;
    let id = broadcast(&app, &t, "今日推送", &[a1, a2]).await;
    let (_, b) = get(&app, &format!("/api/v1/broadcasts/{id}"), &t).await;
    assert_eq!(
        b["reach"],
        json!({"email": 0, "push": 2}),
        "before it starts: {b}"
    );
    let report = app
        .broadcaster
        .run_once(&app.db, db::now())
        .await
        .expect("pass");
    assert_eq!(report.sent, 2, "{report:?}");
    let got = service.wait_for(2).await;
    for pushed in &got {
        assert!(pushed.vapid.is_ok(), "{:?}", pushed.vapid);
        assert_eq!(
            pushed.header("topic"),
            Some(format!("qiao-b{}", app.org(ORG).id).as_str())
        );
        assert_eq!(pushed.header("ttl"), Some("172800"));
        let n = pushed.json();
        let traditional = hant.endpoint.ends_with(&pushed.path);
        let (title, first, url) = if traditional {
            (
                "今日推送",
                "中秋節快樂",
                format!("{}{p1}?script=hant", app.address),
            )
        } else {
            ("今日推送", "中秋节快乐", format!("{}{p1}", app.address))
        };
        assert_eq!(n["title"], title, "{n}");
        let text = n["body"].as_str().unwrap_or_default();
        assert!(text.starts_with(first), "the first article's title: {n}");
        assert!(text.contains('1'), "and how many more: {n}");
        assert_eq!(n["url"], url.as_str(), "opens the first article: {n}");
    }
    let (_, b) = get(&app, &format!("/api/v1/broadcasts/{id}"), &t).await;
    assert_eq!(b["status"], "sent");
    assert_eq!(b["by_channel"]["push"]["sent"], 2);
}

#[tokio::test]
async fn what_the_push_service_answers_is_honoured() {
    let app = app().await;
    let service = PushService::start().await;
    let t = token(&app, ORG);
    let (a, _) = published(&app, &t, "Story", "a summary", "en", "news").await;
    let (gone, big, flaky) = (service.browser(), service.browser(), service.browser());
    for b in [&gone, &big, &flaky] {
        register(&app, &b.registration()).await;
    }
    let id = broadcast(&app, &t, "Answers", &[a]).await;
    let now = db::now();
    // In the order the worker sends them (by delivery id, which follows registration): gone
    // says 410, big says 413 and then takes the shortened one, flaky says 429 for two minutes.
    service.answer_with(&[
        (410, &[]),
        (413, &[]),
        (201, &[]),
        (429, &[("Retry-After", "120")]),
    ]);
    let first = app.broadcaster.run_once(&app.db, now).await.expect("pass");
    assert_eq!(
        (first.sent, first.skipped, first.retried),
        (1, 1, 1),
        "{first:?}"
    );
    let soon = app
        .broadcaster
        .run_once(&app.db, now + Duration::seconds(60))
        .await
        .expect("pass");
    assert_eq!(soon.claimed, 0, "Retry-After is honoured: {soon:?}");
    let later = app
        .broadcaster
        .run_once(&app.db, now + Duration::minutes(3))
        .await
        .expect("pass");
    assert_eq!(later.sent, 1, "then it goes: {later:?}");
    let (_, b) = get(&app, &format!("/api/v1/broadcasts/{id}"), &t).await;
    assert_eq!(b["status"], "sent");
    assert_eq!(b["by_channel"]["push"]["sent"], 2, "{b}");
    assert_eq!(b["by_channel"]["push"]["skipped"], 1, "{b}");
    let mut conn = app.db.get().expect("connection");
    let left = db::push::of_org(&mut conn, app.org(ORG).id).expect("list");
    assert_eq!(left.len(), 2, "the gone browser is removed");
    assert!(left.iter().all(|s| s.endpoint != gone.endpoint));
    let received = service.received();
    let shortened: Vec<Value> = received
        .iter()
        .filter(|p| big.endpoint.ends_with(&p.path))
        .filter(|p| p.plaintext.is_ok())
        .map(|p| p.json())
        .collect();
    let last = shortened.last().expect("the shortened one arrived");
    assert_eq!(last["title"], "Answers");
    assert!(last.get("body").is_none(), "shortened: {last}");
}
