//! `/api/v1/subscribers`: the shapes of DESIGN.md, consent or confirmation, filters, and
//! nothing of another organization's.

use qiao::db::{self, tokens};
use qiao::domain::{Role, TokenName};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

fn token(app: &TestApp, org: &str) -> String {
    app.create_org(org);
    let email = format!("owner@{org}.org");
    app.create_user(&email, org, Role::Owner);
    let (org, by) = (app.org(org), app.user(&email).id);
    let mut conn = app.db.get().expect("connection");
    tokens::create(
        &mut conn,
        org.id,
        &TokenName::parse("t").expect("name"),
        Some(by),
        db::now(),
    )
    .expect("token")
    .1
}

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = reqwest::Client::new()
        .request(method, app.url(path))
        .bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.expect("request");
    let status = res.status().as_u16();
    let text = res.text().await.expect("body");
    let value = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).expect("json")
    };
    (status, value)
}

#[tokio::test]
async fn subscribers_are_added_with_or_without_consent_and_read_back_in_the_designed_shape() {
    let app = spawn_app().await;
    let t = token(&app, "acme");
    let body = json!({"email": "Wang@Example.org", "name": "王小明", "tags": ["温州", "青田"],
        "categories": ["news"], "digest": "weekly", "language": "zh-Hant", "consent": true});
    let (status, sub) = send(&app, Method::POST, "/api/v1/subscribers", &t, Some(body)).await;
    assert_eq!(status, 201, "{sub}");
    let keys: Vec<&str> = sub
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    for k in [
        "id",
        "email",
        "name",
        "status",
        "tags",
        "categories",
        "digest",
        "language",
        "channels",
        "created_at",
        "confirmed_at",
    ] {
        assert!(keys.contains(&k), "{k} missing in {sub}");
    }
    assert_eq!(sub["email"], "wang@example.org");
    assert_eq!(sub["status"], "active");
    assert_eq!(sub["tags"], json!(["温州", "青田"]));
    assert_eq!(sub["categories"], json!(["news"]));
    assert_eq!(
        (sub["digest"].as_str(), sub["language"].as_str()),
        (Some("weekly"), Some("zh-Hant"))
    );
    assert_eq!(sub["channels"], json!(["email"]));
    assert!(sub["confirmed_at"].is_string());
    let (status, pending) = send(
        &app,
        Method::POST,
        "/api/v1/subscribers",
        &t,
        Some(json!({"email": "lee@example.org"})),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(pending["status"], "pending");
    assert!(pending["confirmed_at"].is_null());
    let mut conn = app.db.get().expect("connection");
    assert_eq!(
        db::mail::to_recipient(&mut conn, "lee@example.org")
            .expect("mail")
            .len(),
        1,
        "a confirmation"
    );

    let (status, again) = send(
        &app,
        Method::POST,
        "/api/v1/subscribers",
        &t,
        Some(json!({"email": "wang@example.org"})),
    )
    .await;
    assert_eq!(status, 409, "{again}");
    check_filters(&app, &t).await;
    let id = sub["id"].as_i64().expect("id");
    let (status, one) = send(
        &app,
        Method::GET,
        &format!("/api/v1/subscribers/{id}"),
        &t,
        None,
    )
    .await;
    assert_eq!(
        (status, one["email"].as_str()),
        (200, Some("wang@example.org"))
    );
}

/// The list's filters, over wang (active, tagged 青田) and lee (pending).
async fn check_filters(app: &TestApp, t: &str) {
    let (_, list) = send(
        app,
        Method::GET,
        "/api/v1/subscribers?status=active",
        t,
        None,
    )
    .await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["email"], "wang@example.org");
    assert!(list["next_page"].is_null());
    let (_, list) = send(
        app,
        Method::GET,
        "/api/v1/subscribers?tag=%E9%9D%92%E7%94%B0",
        t,
        None,
    )
    .await;
    assert_eq!(list["total"], 1);
    let (_, list) = send(app, Method::GET, "/api/v1/subscribers?q=lee", t, None).await;
    assert_eq!(list["items"][0]["email"], "lee@example.org");
}

#[tokio::test]
async fn bad_bodies_and_queries_name_what_is_wrong() {
    let app = spawn_app().await;
    let t = token(&app, "acme");
    for (body, field) in [
        (json!({}), "email"),
        (json!({"email": "nope"}), "email"),
        (
            json!({"email": "a@example.org", "digest": "hourly"}),
            "digest",
        ),
        (
            json!({"email": "a@example.org", "categories": ["sports"]}),
            "categories",
        ),
        (
            json!({"email": "a@example.org", "language": "fr"}),
            "language",
        ),
        (
            json!({"email": "a@example.org", "consent": "yes"}),
            "consent",
        ),
        (json!({"email": "a@example.org", "tags": "x"}), "tags"),
        (json!({"email": "a@example.org", "extra": 1}), "extra"),
    ] {
        let (status, err) = send(
            &app,
            Method::POST,
            "/api/v1/subscribers",
            &t,
            Some(body.clone()),
        )
        .await;
        assert_eq!(status, 422, "{body}: {err}");
        assert!(err["error"]["fields"][field].is_string(), "{field}: {err}");
    }
    let (status, err) = send(
        &app,
        Method::GET,
        "/api/v1/subscribers?status=gone",
        &t,
        None,
    )
    .await;
    assert_eq!(status, 400, "{err}");
    let (status, _) = send(&app, Method::GET, "/api/v1/subscribers?sort=x", &t, None).await;
    assert_eq!(status, 400);
    let (_, list) = send(&app, Method::GET, "/api/v1/subscribers", &t, None).await;
    assert_eq!(list["total"], 0, "nothing was half-saved");
}

#[tokio::test]
async fn a_token_never_reaches_another_organizations_subscribers() {
    let app = spawn_app().await;
    let ours = token(&app, "acme");
    let theirs = token(&app, "globex");
    let (_, sub) = send(
        &app,
        Method::POST,
        "/api/v1/subscribers",
        &theirs,
        Some(json!({"email": "secret@example.org", "consent": true})),
    )
    .await;
    let id = sub["id"].as_i64().expect("id");
    let (status, _) = send(
        &app,
        Method::GET,
        &format!("/api/v1/subscribers/{id}"),
        &ours,
        None,
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = send(
        &app,
        Method::DELETE,
        &format!("/api/v1/subscribers/{id}"),
        &ours,
        None,
    )
    .await;
    assert_eq!(status, 404);
    let (_, list) = send(
        &app,
        Method::GET,
        "/api/v1/subscribers?q=secret",
        &ours,
        None,
    )
    .await;
    assert_eq!(list["total"], 0);
    // The same address can follow both organizations.
    let (status, _) = send(
        &app,
        Method::POST,
        "/api/v1/subscribers",
        &ours,
        Some(json!({"email": "secret@example.org"})),
    )
    .await;
    assert_eq!(status, 201);
    let (status, _) = send(
        &app,
        Method::DELETE,
        &format!("/api/v1/subscribers/{id}"),
        &theirs,
        None,
    )
    .await;
    assert_eq!(status, 204);
    let (status, _) = send(
        &app,
        Method::GET,
        &format!("/api/v1/subscribers/{id}"),
        &theirs,
        None,
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = send(
        &app,
        Method::GET,
        "/api/v1/subscribers",
        "qiao_not-a-token",
        None,
    )
    .await;
    assert_eq!(status, 401);
}
