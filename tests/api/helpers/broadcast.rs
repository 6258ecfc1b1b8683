//! What the broadcast and digest tests share: an organization with an API token, published
//! articles and active subscribers made through the real code paths, JSON calls, waiting.

use qiao::db;
use qiao::domain::{Role, TokenName};
use serde_json::Value;

use super::TestApp;

/// An API token of `org`, created by its owner `owner@{org}.org` (added if missing).
pub fn token(app: &TestApp, org: &str) -> String {
    let email = format!("owner@{org}.org");
    let mut conn = app.db.get().expect("connection");
    let user = match db::users::by_email(
        &mut conn,
        &qiao::domain::EmailAddress::parse(&email).expect("email"),
    )
    .expect("lookup")
    {
        Some(u) => u,
        None => {
            drop(conn);
            let u = app.create_user(&email, org, Role::Owner);
            conn = app.db.get().expect("connection");
            u
        }
    };
    let org = app.org(org);
    let name = TokenName::parse("broadcasts").expect("name");
    db::tokens::create(&mut conn, org.id, &name, Some(user.id), db::now())
        .expect("token")
        .1
}

/// A JSON call with a bearer token: (status, body).
pub async fn api(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<&Value>,
) -> (u16, Value) {
    let mut req = reqwest::Client::new()
        .request(method, app.url(path))
        .bearer_auth(token);
    if let Some(b) = body {
        req = req.json(b);
    }
    let res = req.send().await.expect("request");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// POST with a JSON body.
pub async fn post(app: &TestApp, path: &str, token: &str, body: &Value) -> (u16, Value) {
    api(app, reqwest::Method::POST, path, token, Some(body)).await
}

/// GET.
pub async fn get(app: &TestApp, path: &str, token: &str) -> (u16, Value) {
    api(app, reqwest::Method::GET, path, token, None).await
}

/// A published article written through the API: (id, its path).
pub async fn published(
    app: &TestApp,
    token: &str,
    title: &str,
    summary: &str,
    language: &str,
    category: &str,
) -> (i64, String) {
    let (status, a) = post(
        app,
        "/api/v1/articles",
        token,
        &serde_json::json!({
            "title": title,
            "summary": summary,
            "body_markdown": format!("{summary}\n\n{title} — body."),
            "category": category,
            "language": language,
        }),
    )
    .await;
    assert_eq!(status, 201, "{a}");
    let id = a["id"].as_i64().expect("id");
    let (status, a) = post(
        app,
        &format!("/api/v1/articles/{id}/publish"),
        token,
        &serde_json::json!({}),
    )
    .await;
    assert_eq!(status, 200, "{a}");
    let url = a["url"].as_str().expect("url").to_owned();
    let path = url::Url::parse(&url).expect("url").path().to_owned();
    (id, path)
}

/// What a subscriber added with consent is like.
#[derive(Clone, Debug, Default)]
pub struct Like<'a> {
    pub locale: Option<&'a str>,
    pub digest: Option<&'a str>,
    pub categories: Option<&'a str>,
    pub tags: &'a [&'a str],
}

/// An active subscriber of `org`, added as an import with consent; their id.
pub fn active(app: &TestApp, org: &str, email: &str, like: &Like<'_>) -> i64 {
    let org = app.org(org);
    let mut conn = app.db.get().expect("connection");
    let writer = qiao::startup::letters_writer(&app.settings).expect("writer");
    let one = qiao::import::subscribers::NewOne {
        email: qiao::domain::EmailAddress::parse(email).expect("email"),
        name: String::new(),
        tags: like
            .tags
            .iter()
            .map(|t| qiao::domain::TagName::parse(t).expect("tag"))
            .collect(),
        categories: like
            .categories
            .map(|c| qiao::domain::Categories::parse_list(c).expect("categories")),
        digest: like.digest.map(|d| d.parse().expect("digest")),
        locale: like
            .locale
            .map(|l| qiao::domain::Locale::exact(l).expect("locale")),
    };
    qiao::import::subscribers::add_one(&mut conn, &org, &one, true, &writer)
        .expect("added")
        .id
}

/// Waits until broadcast `id` has finished (per the API); its body.
pub async fn finished(app: &TestApp, token: &str, id: i64) -> Value {
    for _ in 0..200 {
        let (_, b) = get(app, &format!("/api/v1/broadcasts/{id}"), token).await;
        if ["sent", "failed", "cancelled"].contains(&b["status"].as_str().unwrap_or_default()) {
            return b;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("broadcast {id} did not finish");
}

/// Writes a broadcast through the API (201 expected); its body.
pub async fn write(app: &TestApp, token: &str, body: &Value) -> Value {
    let (status, b) = post(app, "/api/v1/broadcasts", token, body).await;
    assert_eq!(status, 201, "{body}: {b}");
    b
}

/// Writes a broadcast and sends it now; its id.
pub async fn send_now(app: &TestApp, token: &str, body: &Value) -> i64 {
    let id = write(app, token, body).await["id"].as_i64().expect("id");
    let (status, b) = post(
        app,
        &format!("/api/v1/broadcasts/{id}/send"),
        token,
        &serde_json::json!({}),
    )
    .await;
    assert_eq!(status, 200, "{b}");
    id
}
