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

/// Connections are not pinged before each use (a round trip per request on PostgreSQL), so a
/// connection the server ended must be dropped by the request it failed, never lent again.
#[tokio::test]
async fn a_connection_the_server_ended_is_replaced_after_at_most_one_failed_request() {
    let app = crate::helpers::spawn_app()
        .configure(|s| s.database_pool_size = 1)
        .await;
    let c = client();
    assert_eq!(app.get(&c, "/healthz").await.status().as_u16(), 200);
    let Some(ended) = app._test_db.terminate_connections() else {
        eprintln!("skipped on SQLite: the server ending a connection is a PostgreSQL event");
        return;
    };
    assert!(ended >= 1, "the pool's connection was ended");
    // The first request may meet the dead connection (or a background worker met it first);
    // every request after it gets a fresh one.
    let first = app.get(&c, "/healthz").await.status().as_u16();
    assert!(matches!(first, 200 | 503), "{first}");
    for _ in 0..3 {
        assert_eq!(app.get(&c, "/healthz").await.status().as_u16(), 200);
    }
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

#[cfg(unix)]
#[tokio::test]
async fn the_data_dir_is_private_and_so_are_the_database_and_its_wal() {
    use std::os::unix::fs::PermissionsExt as _;
    let app = crate::helpers::spawn_app().await;
    app.create_org("acme");
    let mode = |p: &std::path::Path| {
        std::fs::metadata(p)
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
            .permissions()
            .mode()
            & 0o777
    };
    let data = app.settings.data_dir.clone();
    assert_eq!(mode(&data), 0o700, "{}", data.display());
    let keys = data.join("secrets");
    assert_eq!(mode(&keys), 0o700, "{}", keys.display());
    let secrets: Vec<_> = std::fs::read_dir(&keys)
        .expect("secrets dir")
        .filter_map(Result::ok)
        .collect();
    assert!(
        !secrets.is_empty(),
        "the generated keys are in the data dir"
    );
    for f in secrets {
        assert_eq!(mode(&f.path()), 0o600, "{}", f.path().display());
    }
    if let qiao::config::DatabaseUrl::Sqlite(db) = &app.settings.database {
        let wal = std::path::PathBuf::from(format!("{}-wal", db.display()));
        assert!(wal.exists(), "WAL mode makes a -wal file");
        for f in [db.clone(), wal] {
            assert_eq!(mode(&f), 0o600, "{}", f.display());
        }
    }
}

#[tokio::test]
async fn metrics_need_the_bearer_token_when_one_is_configured() {
    let app = crate::helpers::spawn_app()
        .configure(|s| {
            s.metrics_token = Some(qiao::config::Secret::new("a-long-metrics-token".to_owned()));
        })
        .await;
    let c = reqwest::Client::new();
    let res = c.get(app.url("/metrics")).send().await.expect("get");
    assert_eq!(res.status().as_u16(), 401);
    assert!(res.headers().contains_key("www-authenticate"));
    let res = c
        .get(app.url("/metrics"))
        .bearer_auth("a-long-metrics-tokeX")
        .send()
        .await
        .expect("get");
    assert_eq!(res.status().as_u16(), 401);
    let res = c
        .get(app.url("/metrics"))
        .bearer_auth("a-long-metrics-token")
        .send()
        .await
        .expect("get");
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.text().await.expect("body").contains("qiao_"));
}

#[tokio::test]
async fn hsts_is_sent_only_when_the_public_address_is_https() {
    let plain = spawn_app().await;
    let res = plain.get(&client(), "/healthz").await;
    assert!(!res.headers().contains_key("strict-transport-security"));
    let https = crate::helpers::spawn_app()
        .configure(|s| {
            s.public_url = Some("https://news.example.org".parse().expect("url"));
        })
        .await;
    for path in ["/healthz", "/login", "/nothing-here"] {
        let res = https.get(&client(), path).await;
        assert_eq!(
            res.headers()
                .get("strict-transport-security")
                .and_then(|v| v.to_str().ok()),
            Some("max-age=31536000"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn metrics_show_what_waits_in_the_outgoing_queues() {
    use diesel::prelude::*;
    use qiao::db::schema::outgoing_mail;
    let app = spawn_app().await;
    {
        let mut conn = app.db.get().expect("connection");
        let now = qiao::db::now();
        let mail = qiao::db::mail::NewMail {
            org_id: None,
            kind: "test",
            recipient: "waiting@example.org",
            message_id: "waiting.1@qiao.test",
            message: "Subject: waiting\r\n\r\nnot yet\r\n",
        };
        let id = qiao::db::mail::enqueue(&mut conn, &mail, now).expect("enqueue");
        // Queued an hour ago, and not due before tomorrow (a server that keeps refusing).
        diesel::update(outgoing_mail::table.find(id))
            .set((
                outgoing_mail::created_at.eq(now - chrono::Duration::hours(1)),
                outgoing_mail::next_attempt_at.eq(now + chrono::Duration::days(1)),
            ))
            .execute(&mut conn)
            .expect("age it");
    }
    let text = client()
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("body");
    assert!(
        text.contains("qiao_outbox_waiting{queue=\"mail\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("qiao_outbox_waiting{queue=\"push\"} 0"),
        "{text}"
    );
    let oldest: i64 = text
        .lines()
        .find_map(|l| l.strip_prefix("qiao_outbox_oldest_seconds{queue=\"mail\"} "))
        .and_then(|v| v.trim().parse().ok())
        .expect("the oldest mail's age");
    assert!((3590..3700).contains(&oldest), "{oldest}");
}
