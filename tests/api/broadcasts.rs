//! Broadcasts end to end: written through the API, sent to a real SMTP server over TCP (and a
//! push service that decrypts), each active subscriber once, in their language and script, one
//! card per article, RFC 8058 headers that work; and every way a request can be wrong or come
//! from another organization.

use qiao::db;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::broadcast::{Like, active, finished, get, post, published, token};
use crate::helpers::smtp::{Received, app_with_mail};
use crate::helpers::{ORG, spawn_app};

fn to(m: &Received) -> &str {
    m.to.first().map(String::as_str).unwrap_or_default()
}

/// The broadcast mails among what the server received, by recipient.
fn broadcasts_to(received: &[Received], subject_has: &str) -> Vec<Received> {
    let mut out: Vec<Received> = received
        .iter()
        .filter(|m| m.subject().contains(subject_has))
        .cloned()
        .collect();
    out.sort_by(|a, b| to(a).cmp(to(b)));
    out
}

#[tokio::test]
async fn a_broadcast_reaches_each_active_subscriber_once_with_one_card_per_article() {
    let (app, smtp) = app_with_mail(spawn_app().with_org(ORG).with_org("other")).await;
    let t = token(&app, ORG);
    let (a1, p1) = published(
        &app,
        &t,
        "中秋节快乐",
        "月饼和灯笼的故事",
        "zh-Hans",
        "culture",
    )
    .await;
    let (a2, p2) = published(
        &app,
        &t,
        "Community news",
        "What happened this week",
        "en",
        "news",
    )
    .await;
    active(&app, ORG, "hans@example.org", &Like::default());
    active(
        &app,
        ORG,
        "hant@example.org",
        &Like {
            locale: Some("zh-Hant"),
            ..Like::default()
        },
    );
    let gone = active(&app, ORG, "gone@example.org", &Like::default());
    active(&app, "other", "elsewhere@example.org", &Like::default());
    {
        let mut conn = app.db.get().expect("connection");
        db::subscribers::unsubscribe(&mut conn, gone, db::now()).expect("unsubscribed");
    }
    let (status, b) = post(
        &app,
        "/api/v1/broadcasts",
        &t,
        &json!({"title": "本期精选", "article_ids": [a1, a2], "channels": ["email"]}),
    )
    .await;
    assert_eq!(status, 201, "{b}");
    assert_eq!(b["status"], "draft");
    assert_eq!(b["article_ids"], json!([a1, a2]));
    assert_eq!(
        b["reach"],
        json!({"email": 2, "push": 0}),
        "the unsubscribed and the other organization's are not counted"
    );
    let id = b["id"].as_i64().expect("id");
    let (status, b) = post(
        &app,
        &format!("/api/v1/broadcasts/{id}/send"),
        &t,
        &json!({}),
    )
    .await;
    assert_eq!(
        (status, b["status"].as_str()),
        (200, Some("scheduled")),
        "{b}"
    );
    let b = finished(&app, &t, id).await;
    assert_eq!(b["status"], "sent", "{b}");
    assert_eq!(b["counts"]["sent"], 2);
    assert_eq!(b["counts"]["recipients"], 2);
    assert_eq!(b["by_channel"]["email"]["sent"], 2);
    assert!(b["reach"].is_null());

    let mails = broadcasts_to(&smtp.received(), "本");
    assert_eq!(
        mails.iter().map(to).collect::<Vec<_>>(),
        ["hans@example.org", "hant@example.org"],
        "each active subscriber once, nobody else"
    );
    let base = app.address.clone();
    for m in &mails {
        let html = m.part("text/html").expect("an HTML part");
        let text = m.part("text/plain").expect("a text part");
        let reads = if to(m).starts_with("hant") {
            "閱讀全文"
        } else {
            "阅读全文"
        };
        assert_eq!(
            html.matches(reads).count(),
            2,
            "one card per article: {html}"
        );
        assert!(html.contains(&format!("{base}{p2}")), "{html}");
        assert!(text.contains(&format!("{base}{p2}")), "{text}");
        let unsubscribe = m.header("List-Unsubscribe").expect("List-Unsubscribe");
        assert!(
            unsubscribe.starts_with(&format!("<{base}/")),
            "{unsubscribe}"
        );
        assert_eq!(
            m.header("List-Unsubscribe-Post").as_deref(),
            Some("List-Unsubscribe=One-Click")
        );
        assert_eq!(m.header("List-Id").as_deref(), Some("<acme.127.0.0.1>"));
        let message_id = m.header("Message-ID").expect("Message-ID");
        assert!(message_id.contains(&format!(".b{id}@")), "{message_id}");
        assert!(html.contains("style=\""), "inline styles");
    }
    // The subscriber who reads Traditional gets Traditional, and links that show it.
    let (hans, hant) = (&mails[0], &mails[1]);
    assert_eq!(hans.subject(), "本期精选");
    assert_eq!(hant.subject(), "本期精選");
    let hant_html = hant.part("text/html").expect("html");
    assert!(hant_html.contains("中秋節快樂"), "{hant_html}");
    assert!(
        hant_html.contains(&format!("{base}{p1}?script=hant")),
        "{hant_html}"
    );
    let hans_html = hans.part("text/html").expect("html");
    assert!(hans_html.contains("中秋节快乐") && !hans_html.contains(&format!("{p1}?script")));

    // The one-click link in the headers works, and the next broadcast honours it.
    let one_click = hans
        .header("List-Unsubscribe")
        .and_then(|h| {
            h.split('<')
                .nth(1)
                .map(|l| l.trim_end_matches(['>', ',', ' ']).to_owned())
        })
        .expect("https link");
    let res = reqwest::Client::new()
        .post(&one_click)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("one click");
    assert_eq!(res.status().as_u16(), 200);
    let (_, b2) = post(
        &app,
        "/api/v1/broadcasts",
        &t,
        &json!({"title": "Second edition", "article_ids": [a2], "channels": ["email"]}),
    )
    .await;
    let id2 = b2["id"].as_i64().expect("id");
    post(
        &app,
        &format!("/api/v1/broadcasts/{id2}/send"),
        &t,
        &json!({}),
    )
    .await;
    let b2 = finished(&app, &t, id2).await;
    assert_eq!(b2["counts"]["sent"], 1, "{b2}");
    let second = broadcasts_to(&smtp.received(), "Second edition");
    assert_eq!(
        second.iter().map(to).collect::<Vec<_>>(),
        ["hant@example.org"]
    );
}

/// `(status, error fields)` of a bad request.
fn fields(body: &Value) -> Vec<String> {
    body["error"]["fields"]
        .as_object()
        .map(|f| f.keys().cloned().collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn broadcast_requests_that_are_wrong_are_refused_naming_the_field_and_nothing_is_written() {
    let app = spawn_app().with_org(ORG).with_org("other").await;
    let t = token(&app, ORG);
    let theirs = token(&app, "other");
    let (mine, _) = published(&app, &t, "Ours", "ours", "en", "news").await;
    let (foreign, _) = published(&app, &theirs, "Theirs", "theirs", "en", "news").await;
    let (status, draft) = post(
        &app,
        "/api/v1/articles",
        &t,
        &json!({"title": "Draft", "body_markdown": "x", "category": "news", "language": "en"}),
    )
    .await;
    assert_eq!(status, 201);
    let draft = draft["id"].as_i64().expect("id");
    let nine: Vec<i64> = (0..9).map(|i| mine + i * 1000).collect();
    let cases = [
        (json!({"article_ids": [mine]}), "title"),
        (json!({"title": "x", "article_ids": []}), "article_ids"),
        (json!({"title": "x", "article_ids": nine}), "article_ids"),
        (
            json!({"title": "x", "article_ids": [mine, mine]}),
            "article_ids",
        ),
        (
            json!({"title": "x", "article_ids": [foreign]}),
            "article_ids",
        ),
        (json!({"title": "x", "article_ids": [draft]}), "article_ids"),
        (json!({"title": "x", "article_ids": ["1"]}), "article_ids"),
        (
            json!({"title": "x", "article_ids": [mine], "channels": ["sms"]}),
            "channels",
        ),
        (
            json!({"title": "x", "article_ids": [mine], "channels": []}),
            "channels",
        ),
        (
            json!({"title": "x", "article_ids": [mine], "audience": {"tags": ["nope"]}}),
            "audience.tags",
        ),
        (
            json!({"title": "x", "article_ids": [mine], "audience": {"categories": ["sport"]}}),
            "audience.categories",
        ),
        (
            json!({"title": "x", "article_ids": [mine], "audience": {"everyone": true}}),
            "audience.everyone",
        ),
        (
            json!({"title": "x", "article_ids": [mine], "send_at": "2030-01-01"}),
            "send_at",
        ),
        (json!({"title": "a\u{7}b", "article_ids": [mine]}), "title"),
    ];
    for (body, field) in cases {
        let (status, res) = post(&app, "/api/v1/broadcasts", &t, &body).await;
        assert_eq!(status, 422, "{body}: {res}");
        assert!(fields(&res).contains(&field.to_owned()), "{body}: {res}");
    }
    let (_, list) = get(&app, "/api/v1/broadcasts", &t).await;
    assert_eq!(list["total"], 0, "nothing half-written");

    // A broadcast of one organization is not found by another's token.
    let (_, b) = post(
        &app,
        "/api/v1/broadcasts",
        &t,
        &json!({"title": "Mine", "article_ids": [mine]}),
    )
    .await;
    let id = b["id"].as_i64().expect("id");
    let (status, _) = get(&app, &format!("/api/v1/broadcasts/{id}"), &theirs).await;
    assert_eq!(status, 404);
    for step in ["send", "schedule", "cancel", "pause", "resume", "test"] {
        let (status, _) = post(
            &app,
            &format!("/api/v1/broadcasts/{id}/{step}"),
            &theirs,
            &json!({}),
        )
        .await;
        assert!(status == 404 || status == 422, "{step}: {status}");
        if step != "schedule" {
            assert_eq!(status, 404, "{step}");
        }
    }
    let (_, b) = get(&app, &format!("/api/v1/broadcasts/{id}"), &t).await;
    assert_eq!(b["status"], "draft", "untouched by the other organization");

    // Scheduling: at least a minute ahead, RFC 3339, required.
    let soon = (chrono::Utc::now() + chrono::Duration::seconds(30)).to_rfc3339();
    for body in [
        json!({}),
        json!({"at": soon}),
        json!({"at": "tomorrow"}),
        json!({"at": "2020-01-01T00:00:00Z"}),
    ] {
        let (status, res) = post(
            &app,
            &format!("/api/v1/broadcasts/{id}/schedule"),
            &t,
            &body,
        )
        .await;
        assert_eq!(status, 422, "{body}: {res}");
        assert_eq!(fields(&res), ["at"], "{res}");
    }
    let later = (chrono::Utc::now() + chrono::Duration::minutes(5)).to_rfc3339();
    let (status, b) = post(
        &app,
        &format!("/api/v1/broadcasts/{id}/schedule"),
        &t,
        &json!({"at": later}),
    )
    .await;
    assert_eq!(
        (status, b["status"].as_str()),
        (200, Some("scheduled")),
        "{b}"
    );
    let (status, _) = post(
        &app,
        &format!("/api/v1/broadcasts/{id}/pause"),
        &t,
        &json!({}),
    )
    .await;
    assert_eq!(status, 409, "only a sending broadcast pauses");
    let (status, b) = post(
        &app,
        &format!("/api/v1/broadcasts/{id}/cancel"),
        &t,
        &json!({}),
    )
    .await;
    assert_eq!((status, b["status"].as_str()), (200, Some("cancelled")));
    let (status, res) = post(
        &app,
        &format!("/api/v1/broadcasts/{id}/send"),
        &t,
        &json!({}),
    )
    .await;
    assert_eq!(status, 409, "{res}");
    assert!(
        res["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("cancelled"),
        "{res}"
    );

    // Sending refuses an article unpublished since the broadcast was written.
    let (_, b) = post(
        &app,
        "/api/v1/broadcasts",
        &t,
        &json!({"title": "Again", "article_ids": [mine]}),
    )
    .await;
    let id = b["id"].as_i64().expect("id");
    let (status, _) = post(
        &app,
        &format!("/api/v1/articles/{mine}/unpublish"),
        &t,
        &json!({}),
    )
    .await;
    assert_eq!(status, 200);
    let (status, res) = post(
        &app,
        &format!("/api/v1/broadcasts/{id}/send"),
        &t,
        &json!({}),
    )
    .await;
    assert_eq!(status, 422, "{res}");
    assert!(
        res["error"]["fields"]["article_ids"]
            .as_str()
            .unwrap_or_default()
            .contains("Ours"),
        "{res}"
    );
    let (_, b) = crate::helpers::broadcast::api(
        &app,
        Method::GET,
        &format!("/api/v1/broadcasts/{id}"),
        &t,
        None,
    )
    .await;
    assert_eq!(b["status"], "draft");
}
