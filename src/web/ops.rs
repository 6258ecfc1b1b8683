//! Operations endpoints: health check and Prometheus metrics.

use actix_web::{HttpResponse, web};
use diesel::RunQueryDsl as _;

use crate::web::AppState;
use crate::web::metrics::Backlog;

/// `GET /healthz`: 200 when the database answers, 503 otherwise.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let result = state
        .db
        .run(|conn| {
            // Touches a real table, so a missing schema or unreadable file fails the check.
            diesel::sql_query("SELECT COUNT(*) FROM __diesel_schema_migrations").execute(conn)?;
            Ok(())
        })
        .await;
    match result {
        Ok(()) => HttpResponse::Ok()
            .insert_header(("Cache-Control", "no-store"))
            .json(serde_json::json!({"status": "ok", "database": "ok"})),
        Err(e) => {
            tracing::error!(error = %e.log_text(), "health check failed");
            HttpResponse::ServiceUnavailable()
                .insert_header(("Cache-Control", "no-store"))
                .json(serde_json::json!({"status": "unavailable", "database": "unreachable"}))
        }
    }
}

/// `GET /metrics`: Prometheus text format. With `metrics_token` set, only for a request that
/// carries it as a bearer token (compared in constant time).
pub async fn metrics(req: actix_web::HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    if let Some(expected) = &state.settings.metrics_token {
        use subtle::ConstantTimeEq as _;
        let given = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        if !bool::from(given.as_bytes().ct_eq(expected.expose().as_bytes())) {
            return HttpResponse::Unauthorized()
                .insert_header(("WWW-Authenticate", "Bearer realm=\"metrics\""))
                .insert_header(("Cache-Control", "no-store"))
                .content_type("text/plain; charset=utf-8")
                .body("The metrics need the bearer token set as metrics_token.\n");
        }
    }
    let now = crate::db::now();
    let read = state
        .db
        .run(move |c| {
            let age = |oldest: Option<chrono::NaiveDateTime>| {
                oldest.map_or(0, |t| (now - t).num_seconds().max(0))
            };
            let (mail, mail_oldest) = crate::db::mail::backlog(c)?;
            let (push, push_oldest) = crate::db::push::backlog(c)?;
            let (deliveries, deliveries_oldest) = crate::db::deliveries::backlog(c)?;
            let search = crate::db::search::lag(c)?;
            Ok::<_, crate::error::AppError>(vec![
                (
                    "mail",
                    Backlog {
                        waiting: mail,
                        oldest_seconds: age(mail_oldest),
                    },
                ),
                (
                    "push",
                    Backlog {
                        waiting: push,
                        oldest_seconds: age(push_oldest),
                    },
                ),
                (
                    "broadcast",
                    Backlog {
                        waiting: deliveries,
                        oldest_seconds: age(deliveries_oldest),
                    },
                ),
                (
                    "search",
                    Backlog {
                        waiting: search.waiting,
                        oldest_seconds: age(search.oldest),
                    },
                ),
            ])
        })
        .await;
    let backlogs = read.unwrap_or_else(|e| {
        tracing::warn!(error = %e.log_text(), "reading the outgoing queues for /metrics failed");
        Vec::new()
    });
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(
            state
                .metrics
                .render(&state.db.pool, &state.cache, &backlogs),
        )
}
