use diesel::RunQueryDsl as _;

use crate::helpers::{client, spawn_app};

#[tokio::test]
async fn healthz_reports_the_database() {
    let app = spawn_app().await;
    let res = app.get(&client(), "/healthz").await;
    assert_eq!(res.status().as_u16(), 200);
    let json: serde_json::Value = res.json().await.expect("json");
    assert_eq!(json["database"], "ok");
}

#[tokio::test]
async fn healthz_fails_when_the_database_cannot_answer() {
    let app = spawn_app().await;
    let mut conn = app.db.get().expect("conn");
    diesel::sql_query("DROP TABLE __diesel_schema_migrations")
        .execute(&mut conn)
        .expect("drop");
    drop(conn);
    let res = app.get(&client(), "/healthz").await;
    assert_eq!(res.status().as_u16(), 503);
    let json: serde_json::Value = res.json().await.expect("json");
    assert_eq!(json["database"], "unreachable");
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status_with_latency_and_pool_usage() {
    let app = spawn_app().await;
    let c = client();
    app.get(&c, "/healthz").await;
    app.get(&c, "/healthz").await;
    app.get(&c, "/dashboard/whatever").await;
    app.get(&c, "/no/such/thing").await;
    let res = app.get(&c, "/metrics").await;
    assert!(
        res.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/plain")
    );
    let text = res.text().await.expect("body");
    assert!(
        text.contains(r#"qiao_http_requests_total{method="GET",route="/healthz",status="200"} 2"#),
        "{text}"
    );
    assert!(
        text.contains(r#"route="/dashboard/{org}",status="303""#),
        "{text}"
    );
    assert!(text.contains(r#"route="unmatched",status="404""#), "{text}");
    assert!(
        text.contains(r#"qiao_http_request_duration_seconds_bucket{route="/healthz",le="0.005"}"#),
        "{text}"
    );
    assert!(text.contains("qiao_db_pool_max_connections 4"), "{text}");
    assert!(text.contains("qiao_db_pool_connections"), "{text}");
}
