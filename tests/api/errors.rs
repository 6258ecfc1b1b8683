use diesel::RunQueryDsl as _;
use qiao::domain::Role;

use crate::helpers::{client, spawn_app};

#[tokio::test]
async fn unknown_pages_get_a_friendly_html_404_and_api_paths_a_json_one() {
    let app = spawn_app().await;
    let res = app.get(&client(), "/no/such/page").await;
    assert_eq!(res.status().as_u16(), 404);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/html")
    );
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("We could not find that page.")
    );
    let long = format!("/{}", "页".repeat(3000));
    assert_eq!(app.get(&client(), &long).await.status().as_u16(), 404);
    let res = app.get(&client(), "/api/v1/nothing").await;
    assert_eq!(res.status().as_u16(), 404);
    let json: serde_json::Value = res.json().await.expect("json");
    assert_eq!(json["error"]["code"], "not_found");
    assert!(json["error"]["message"].is_string());
}

#[tokio::test]
async fn a_server_error_shows_a_request_id_and_no_internals() {
    let app = spawn_app().await;
    app.create_org("acme");
    let c = app
        .member_client("li@example.org", "acme", Role::Owner)
        .await;
    let mut conn = app.db.get().expect("conn");
    diesel::sql_query("DROP TABLE memberships")
        .execute(&mut conn)
        .expect("drop");
    let res = app.get(&c, "/dashboard/acme").await;
    assert_eq!(res.status().as_u16(), 500);
    let header_id = res.headers()["x-request-id"]
        .to_str()
        .expect("ascii")
        .to_owned();
    let html = res.text().await.expect("body");
    let ids = crate::helpers::texts(&html, "code.request-id");
    assert_eq!(
        ids,
        vec![header_id],
        "the page quotes the id of the logs: {html}"
    );
    assert!(
        !html.to_lowercase().contains("memberships"),
        "no internals: {html}"
    );
    assert!(html.contains("Something went wrong"));
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/", "/login", "/healthz", "/nope"] {
        let res = app.get(&client(), path).await;
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().expect("ascii");
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
            "{path}: {csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(
            h["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
    }
}

#[tokio::test]
async fn pages_have_no_inline_script() {
    let app = spawn_app().await;
    let html = app
        .get(&client(), "/login")
        .await
        .text()
        .await
        .expect("body");
    assert!(
        !html.contains("<script>") && !html.contains("onclick"),
        "{html}"
    );
}
