//! Operations endpoints: health check and Prometheus metrics.

use actix_web::{HttpResponse, web};
use diesel::RunQueryDsl as _;

use crate::startup::AppState;

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

/// `GET /metrics`: Prometheus text format.
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(state.metrics.render(&state.db.pool, &state.cache))
}
