//! Broadcasts end to end: written through the API, sent to a real SMTP server over TCP, each
//! active subscriber once, in their language and script, one card per article, RFC 8058
//! headers that work; and every way a request can be wrong or come from another organization.

use qiao::db;
use serde_json::{Value, json};

use crate::helpers::broadcast::{
    Like, active, finished, get, post, published, send_now, token, write,
};
use crate::helpers::smtp::{Received, app_with_mail};
use crate::helpers::{ORG, TestApp, spawn_app};

fn to(m: &Received) -> &str {
    m.to.first().map(String::as_str).unwrap_or_default()
}

/// The mails whose subject has `subject_has`, by recipient.
fn mails_with(received: &[Received], subject_has: &str) -> Vec<Received> {
    let mut out: Vec<Received> = received
        .iter()
        .filter(|m| m.subject().contains(subject_has))
        .cloned()
        .collect();
    out.sort_by(|a, b| to(a).cmp(to(b)));
    out
}

/// Headers, both parts, one card per article, links to this site.
fn check_mail(m: &Received, base: &str, article_path: &str, broadcast: i64) {
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
    assert!(html.contains(&format!("{base}{article_path}")), "{html}");
    assert!(text.contains(&format!("{base}{article_path}")), "{text}");
    assert!(html.contains("style=\""), "inline styles");
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
    assert!(
        message_id.contains(&format!(".b{broadcast}@")),
        "{message_id}"
    );
}

/// Unsubscribes with the one-click POST of the mail's `List-Unsubscribe`.
async fn one_click(m: &Received) {
    let link = m
        .header("List-Unsubscribe")
        .and_then(|h| {
            h.split('<')
                .nth(1)
                .map(|l| l.trim_end_matches(['>', ',', ' ']).to_owned())
        })
        .expect("https link");
    let res = reqwest::Client::new()
        .post(&link)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("one click");
    assert_eq!(res.status().as_u16(), 200);
}

/// Subscribers of acme (one reading Traditional, one who left) and of another organization.
fn readers(app: &TestApp) {
    active(app, ORG, "hans@example.org", &Like::default());
    let hant = Like {
        locale: Some("zh-Hant"),
        ..Like::default()
    };
    active(app, ORG, "hant@example.org", &hant);
    let gone = active(app, ORG, "gone@example.org", &Like::default());
    active(app, "other", "elsewhere@example.org", &Like::default());
    let mut conn = app.db.get().expect("connection");
    db::subscribers::unsubscribe(&mut conn, gone, db::now()).expect("unsubscribed");
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
    let (a2, p2) = published(&app, &t, "Community news", "This week", "en", "news").await;
    readers(&app);
    let body = json!({"title": "本期精选", "article_ids": [a1, a2], "channels": ["email"]});
    let b = write(&app, &t, &body).await;
    assert_eq!(
        (b["status"].as_str(), &b["article_ids"]),
        (Some("draft"), &json!([a1, a2]))
    );
    assert_eq!(
        b["reach"],
        json!({"email": 2, "push": 0}),
        "nobody who left, nobody else's"
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
    assert_eq!(
        (b["status"].as_str(), b["counts"]["sent"].as_i64()),
        (Some("sent"), Some(2))
    );
    assert_eq!(b["by_channel"]["email"]["recipients"], 2);
    assert!(b["reach"].is_null());

    let mails = mails_with(&smtp.received(), "本期");
    let who: Vec<&str> = mails.iter().map(to).collect();
    assert_eq!(
        who,
        ["hans@example.org", "hant@example.org"],
        "each active one once"
    );
    for m in &mails {
        check_mail(m, &app.address, &p2, id);
    }
    // The subscriber who reads Traditional gets Traditional, and links that show it.
    let (hans, hant) = (&mails[0], &mails[1]);
    assert_eq!(
        (hans.subject(), hant.subject()),
        ("本期精选".into(), "本期精選".into())
    );
    let hant_html = hant.part("text/html").expect("html");
    assert!(hant_html.contains("中秋節快樂"), "{hant_html}");
    assert!(hant_html.contains(&format!("{}{p1}?script=hant", app.address)));
    let hans_html = hans.part("text/html").expect("html");
    assert!(hans_html.contains("中秋节快乐") && !hans_html.contains(&format!("{p1}?script")));

    // The one-click link in the headers works, and the next broadcast honours it.
    one_click(hans).await;
    let body = json!({"title": "Second edition", "article_ids": [a2], "channels": ["email"]});
    let id2 = send_now(&app, &t, &body).await;
    assert_eq!(finished(&app, &t, id2).await["counts"]["sent"], 1);
    let second = mails_with(&smtp.received(), "Second edition");
    assert_eq!(
        second.iter().map(to).collect::<Vec<_>>(),
        ["hant@example.org"]
    );
}

/// The fields an error names.
fn fields(body: &Value) -> Vec<String> {
    body["error"]["fields"]
        .as_object()
        .map(|f| f.keys().cloned().collect())
        .unwrap_or_default()
}

/// acme with a published article and a draft, "other" with a published article and a token.
async fn two_orgs() -> (TestApp, String, String, i64, i64, i64) {
    let app = spawn_app().with_org(ORG).with_org("other").await;
    let t = token(&app, ORG);
    let theirs = token(&app, "other");
    let (mine, _) = published(&app, &t, "Ours", "ours", "en", "news").await;
    let (foreign, _) = published(&app, &theirs, "Theirs", "theirs", "en", "news").await;
    let draft =
        json!({"title": "Draft", "body_markdown": "x", "category": "news", "language": "en"});
    let (status, draft) = post(&app, "/api/v1/articles", &t, &draft).await;
    assert_eq!(status, 201);
    let draft = draft["id"].as_i64().expect("id");
    (app, t, theirs, mine, foreign, draft)
}

#[tokio::test]
async fn broadcast_requests_that_are_wrong_are_refused_naming_the_field_and_nothing_is_written() {
    let (app, t, _, mine, foreign, draft) = two_orgs().await;
    let nine: Vec<i64> = (0..9).map(|i| mine + i * 1000).collect();
    let x = |extra: Value| {
        let mut b = json!({"title": "x", "article_ids": [mine]});
        for (k, v) in extra.as_object().expect("object") {
            b[k] = v.clone();
        }
        b
    };
    let cases = [
        (json!({"article_ids": [mine]}), "title"),
        (json!({"title": "a\u{7}b", "article_ids": [mine]}), "title"),
        (x(json!({"article_ids": []})), "article_ids"),
        (x(json!({"article_ids": nine})), "article_ids"),
        (x(json!({"article_ids": [mine, mine]})), "article_ids"),
        (x(json!({"article_ids": [foreign]})), "article_ids"),
        (x(json!({"article_ids": [draft]})), "article_ids"),
        (x(json!({"article_ids": ["1"]})), "article_ids"),
        (x(json!({"channels": ["sms"]})), "channels"),
        (x(json!({"channels": []})), "channels"),
        (x(json!({"audience": {"tags": ["nope"]}})), "audience.tags"),
        (
            x(json!({"audience": {"categories": ["sport"]}})),
            "audience.categories",
        ),
        (
            x(json!({"audience": {"everyone": true}})),
            "audience.everyone",
        ),
        (x(json!({"send_at": "2030-01-01"})), "send_at"),
    ];
    for (body, field) in cases {
        let (status, res) = post(&app, "/api/v1/broadcasts", &t, &body).await;
        assert_eq!(status, 422, "{body}: {res}");
        assert!(fields(&res).contains(&field.to_owned()), "{body}: {res}");
    }
    let (_, list) = get(&app, "/api/v1/broadcasts", &t).await;
    assert_eq!(list["total"], 0, "nothing half-written");
}

#[tokio::test]
async fn another_organizations_token_finds_no_broadcast_of_ours() {
    let (app, t, theirs, mine, _, _) = two_orgs().await;
    let b = write(&app, &t, &json!({"title": "Mine", "article_ids": [mine]})).await;
    let id = b["id"].as_i64().expect("id");
    let (status, _) = get(&app, &format!("/api/v1/broadcasts/{id}"), &theirs).await;
    assert_eq!(status, 404);
    for step in ["send", "cancel", "pause", "resume", "test"] {
        let path = format!("/api/v1/broadcasts/{id}/{step}");
        let (status, _) = post(&app, &path, &theirs, &json!({})).await;
        assert_eq!(status, 404, "{step}");
    }
    let at = (chrono::Utc::now() + chrono::Duration::minutes(5)).to_rfc3339();
    let path = format!("/api/v1/broadcasts/{id}/schedule");
    assert_eq!(post(&app, &path, &theirs, &json!({"at": at})).await.0, 404);
    let (_, b) = get(&app, &format!("/api/v1/broadcasts/{id}"), &t).await;
    assert_eq!(b["status"], "draft", "untouched by the other organization");
    let (_, list) = get(&app, "/api/v1/broadcasts", &theirs).await;
    assert_eq!(list["total"], 0);
}

#[tokio::test]
async fn scheduling_cancelling_and_sending_are_checked_against_the_broadcasts_state() {
    let (app, t, _, mine, _, _) = two_orgs().await;
    let id = write(&app, &t, &json!({"title": "Mine", "article_ids": [mine]})).await["id"]
        .as_i64()
        .expect("id");
    let path = |step: &str| format!("/api/v1/broadcasts/{id}/{step}");
    // At least a minute ahead, RFC 3339, required.
    let soon = (chrono::Utc::now() + chrono::Duration::seconds(30)).to_rfc3339();
    for body in [
        json!({}),
        json!({"at": soon}),
        json!({"at": "tomorrow"}),
        json!({"at": "2020-01-01T00:00:00Z"}),
    ] {
        let (status, res) = post(&app, &path("schedule"), &t, &body).await;
        assert_eq!(
            (status, fields(&res)),
            (422, vec!["at".to_owned()]),
            "{body}: {res}"
        );
    }
    let later = (chrono::Utc::now() + chrono::Duration::minutes(5)).to_rfc3339();
    let (status, b) = post(&app, &path("schedule"), &t, &json!({"at": later})).await;
    assert_eq!(
        (status, b["status"].as_str()),
        (200, Some("scheduled")),
        "{b}"
    );
    assert_eq!(
        post(&app, &path("pause"), &t, &json!({})).await.0,
        409,
        "only a sending one pauses"
    );
    let (status, b) = post(&app, &path("cancel"), &t, &json!({})).await;
    assert_eq!((status, b["status"].as_str()), (200, Some("cancelled")));
    let (status, res) = post(&app, &path("send"), &t, &json!({})).await;
    assert_eq!(status, 409, "{res}");
    assert!(
        res["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("cancelled"),
        "{res}"
    );

    // Sending refuses an article unpublished since the broadcast was written.
    let id = write(&app, &t, &json!({"title": "Again", "article_ids": [mine]})).await["id"]
        .as_i64()
        .expect("id");
    let unpublish = format!("/api/v1/articles/{mine}/unpublish");
    assert_eq!(post(&app, &unpublish, &t, &json!({})).await.0, 200);
    let (status, res) = post(
        &app,
        &format!("/api/v1/broadcasts/{id}/send"),
        &t,
        &json!({}),
    )
    .await;
    assert_eq!(status, 422, "{res}");
    let said = res["error"]["fields"]["article_ids"]
        .as_str()
        .unwrap_or_default();
    assert!(said.contains("Ours"), "{res}");
    let (_, b) = get(&app, &format!("/api/v1/broadcasts/{id}"), &t).await;
    assert_eq!(b["status"], "draft");
}

#[tokio::test]
async fn a_test_goes_only_to_a_member_of_the_broadcasts_organization() {
    use diesel::prelude::*;
    // "other" has its owner, owner@other.org: a member, but not of acme.
    let (app, t, _, mine, _, _) = two_orgs().await;
    let id = write(&app, &t, &json!({"title": "Mine", "article_ids": [mine]})).await["id"]
        .as_i64()
        .expect("id");
    let path = format!("/api/v1/broadcasts/{id}/test");
    for stranger in ["stranger@example.org", "owner@other.org"] {
        let (status, res) = post(&app, &path, &t, &json!({"email": stranger})).await;
        assert_eq!(
            (status, fields(&res)),
            (422, vec!["email".to_owned()]),
            "{stranger}: {res}"
        );
    }
    let (status, res) = post(&app, &path, &t, &json!({"email": "owner@acme.org"})).await;
    assert_eq!(status, 202, "{res}");
    let to: Vec<String> = {
        use qiao::db::schema::outgoing_mail;
        let mut conn = app.db.get().expect("connection");
        outgoing_mail::table
            .filter(outgoing_mail::kind.eq("broadcast_test"))
            .select(outgoing_mail::recipient)
            .load(&mut conn)
            .expect("mail")
    };
    assert_eq!(to, ["owner@acme.org"], "only the member's test was queued");
}
