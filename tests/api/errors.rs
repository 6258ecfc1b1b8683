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
    let app = spawn_app().with_member(Role::Owner).await;
    let c = app.member(Role::Owner);
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

/// What makes a page unsafe under our CSP or a way around it: inline script, event handler
/// attributes, `javascript:` addresses.
fn inline_script_in(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let all = scraper::Selector::parse("*").expect("selector");
    let mut found = Vec::new();
    for el in doc.select(&all) {
        let v = el.value();
        // Structured data is not run by the browser.
        let data = v.attr("type") == Some("application/ld+json");
        if v.name() == "script"
            && !data
            && (v.attr("src").is_none() || !el.inner_html().trim().is_empty())
        {
            found.push(format!("inline <script>: {}", el.html()));
        }
        for (name, value) in v.attrs() {
            if name.starts_with("on") {
                found.push(format!("handler {name}= on <{}>", v.name()));
            }
            if value
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("javascript:")
            {
                found.push(format!("{name}=\"{value}\" on <{}>", v.name()));
            }
        }
        if v.name() == "style"
            || v.attr("style")
                .is_some_and(|s| !s.starts_with("text-align"))
        {
            found.push(format!("inline style on <{}>", v.name()));
        }
    }
    found
}

#[tokio::test]
async fn every_page_kind_sends_the_csp_and_has_no_inline_script() {
    let app = spawn_app().with_member(Role::Owner).await;
    let c = app.member(Role::Owner);
    let id = crate::helpers::new_article(
        &app,
        &c,
        "acme",
        &[
            ("title", "A page"),
            (
                "body_markdown",
                "Hello <b onclick=\"x()\">there</b> [x](javascript:alert(1))",
            ),
            ("category", "news"),
            ("language", "en"),
            ("tags", "t1"),
        ],
    )
    .await;
    let res = app
        .post_form(
            &c,
            &format!("/dashboard/acme/articles/{id}/workflow"),
            &[("action", "publish")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let slug = {
        let mut conn = app.db.get().expect("conn");
        qiao::db::articles::by_id(&mut conn, id)
            .expect("article")
            .slug
    };
    let res = app
        .post_form(
            &c,
            &format!("/dashboard/acme/articles/{id}/preview-link"),
            &[],
        )
        .await;
    let html = res.text().await.expect("body");
    let preview = scraper::Html::parse_document(&html)
        .select(&scraper::Selector::parse("input[aria-label='Preview link']").expect("sel"))
        .next()
        .and_then(|e| e.value().attr("value").map(str::to_owned))
        .expect("preview link");
    let preview_path = preview.trim_start_matches(&app.address).to_owned();
    let pages = [
        "/".to_owned(),
        "/@acme".to_owned(),
        format!("/@acme/{slug}"),
        "/@acme/t/t1".to_owned(),
        "/login".to_owned(),
        "/no/such/page".to_owned(),
        "/invite/not-a-token".to_owned(),
        preview_path,
        "/account".to_owned(),
        "/dashboard".to_owned(),
        "/dashboard/acme".to_owned(),
        "/dashboard/acme/articles".to_owned(),
        "/dashboard/acme/articles/new".to_owned(),
        format!("/dashboard/acme/articles/{id}"),
        format!("/dashboard/acme/articles/{id}/revisions"),
        "/dashboard/acme/review".to_owned(),
        "/dashboard/acme/media".to_owned(),
        "/dashboard/acme/members".to_owned(),
        "/dashboard/acme/settings".to_owned(),
        "/dashboard/acme/tokens".to_owned(),
    ];
    for path in &pages {
        for who in [&c, &client()] {
            let res = app.get(who, path).await;
            let csp = res
                .headers()
                .get("content-security-policy")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            assert_eq!(csp, qiao::web::headers::CSP, "{path}");
            assert!(!csp.contains("unsafe-inline"), "{path}");
            let html = res.text().await.expect("body");
            let found = inline_script_in(&html);
            assert!(found.is_empty(), "{path}: {found:?}");
        }
    }
    // The checker itself finds what it looks for.
    assert_eq!(
        inline_script_in("<script>x()</script><a onclick=\"y\" href=\"javascript:z\">a</a>").len(),
        3
    );
}
