//! HTTP: routes, extractors and handlers by area.

pub mod account;
pub mod api;
pub mod assets;
pub mod auth;
pub mod cache;
pub mod context;
pub mod csrf;
pub mod dashboard;
pub mod email_change;
pub mod errors;
pub mod feeds;
pub mod follow;
pub mod headers;
pub mod hooks;
pub mod invite;
pub mod locale;
pub mod member;
pub mod metrics;
pub mod nul;
pub mod ops;
pub mod preview;
pub mod public;
pub mod push;
pub mod reset;
pub mod search;
pub mod session;
pub mod setup;
pub mod sitemap;
pub mod state;
pub mod subscription;
pub mod uploads;

use actix_web::{HttpResponse, web};

use crate::error::AppError;
pub use state::AppState;

/// Registers every route.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(public::discover))
        .route("/search", web::get().to(search::page))
        .route("/healthz", web::get().to(ops::healthz))
        .route("/metrics", web::get().to(ops::metrics))
        .route("/static/{file}", web::get().to(assets::serve))
        .route("/language", web::get().to(public::language::switch))
        .route("/login", web::get().to(auth::login_form))
        .route("/login", web::post().to(auth::login))
        .route("/login/forgot", web::get().to(reset::forgot_form))
        .route("/login/forgot", web::post().to(reset::forgot))
        .route("/login/reset/{token}", web::get().to(reset::reset_form))
        .route("/login/reset/{token}", web::post().to(reset::reset))
        .route("/logout", web::post().to(auth::logout))
        .route("/account", web::get().to(account::page))
        .route("/account", web::post().to(account::update_profile))
        .route("/account/language", web::post().to(account::set_language))
        .route(
            "/account/email/cancel",
            web::post().to(account::cancel_email_change),
        )
        .route(
            "/account/email/confirm/{token}",
            web::get().to(email_change::confirm_form),
        )
        .route(
            "/account/email/confirm/{token}",
            web::post().to(email_change::confirm),
        )
        .route(
            "/account/password",
            web::post().to(account::change_password),
        )
        .route("/media/{sha}/{name}", web::get().to(uploads::serve))
        // Before any `/@{org}/{slug}` article route: actix tries routes in order. The public
        // pages come before the rarely used token routes below, since every pattern with a
        // parameter tried before a match costs a regex search.
        .configure(feeds::routes)
        .configure(sitemap::routes)
        .route("/@{org}", web::get().to(public::org))
        .route("/@{org}/t/{tag}", web::get().to(public::tag))
        .route("/@{org}/{slug}", web::get().to(public::article))
        .route("/@{org}/{slug}/qr.svg", web::get().to(public::qr))
        .route("/setup/suggest-slug", web::get().to(setup::suggest_slug))
        .route("/setup/{token}", web::get().to(setup::form))
        .route("/setup/{token}", web::post().to(setup::submit))
        .route("/invite/{token}", web::get().to(invite::form))
        .route("/invite/{token}", web::post().to(invite::submit))
        .route("/invite/{token}/accept", web::post().to(invite::accept))
        .route("/invite/{token}/decline", web::post().to(invite::decline))
        .route("/preview/{token}", web::get().to(preview::show))
        .route("/@{org}/follow", web::post().to(follow::follow))
        .configure(push::routes)
        .route(
            "/hooks/mail-events/{provider}",
            web::post().to(hooks::mail_events),
        )
        .route(
            "/follow/confirm/{token}",
            web::get().to(follow::confirm_form),
        )
        .route("/follow/confirm/{token}", web::post().to(follow::confirm))
        .route(
            "/subscription/{token}",
            web::get().to(subscription::preferences),
        )
        .route("/subscription/{token}", web::post().to(subscription::save))
        .route(
            "/subscription/{token}/unsubscribe",
            web::get().to(subscription::unsubscribe_form),
        )
        .route(
            "/subscription/{token}/unsubscribe",
            web::post().to(subscription::unsubscribe),
        )
        .route(
            "/subscription/{token}/resubscribe",
            web::post().to(subscription::resubscribe),
        )
        .configure(dashboard::routes)
        .configure(api::routes);
}

/// Renders an article's body on a blocking thread, before any database connection is taken
/// (rendering a long body is the slow part of a save).
pub async fn render_body(
    input: &crate::domain::ArticleInput,
) -> Result<crate::render::body::RenderedBody, AppError> {
    let (markdown, summary) = (input.body_markdown.clone(), input.summary.clone());
    Ok(web::block(move || crate::render::body::render(&markdown, &summary)).await?)
}

/// A 303 redirect, the answer to a successful form post.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header(("Location", location))
        .finish()
}

/// A page whose address carries a token (a reset or confirmation link): no `Referer` takes the
/// token to another site.
pub fn without_referrer(mut res: HttpResponse) -> HttpResponse {
    res.headers_mut().insert(
        actix_web::http::header::REFERRER_POLICY,
        actix_web::http::header::HeaderValue::from_static("no-referrer"),
    );
    res
}

/// Fallback for unmatched routes.
pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

/// A page number from a query string: absent or empty is 1; anything but a whole number from 1
/// to `max` is a 400 that quotes it.
pub fn page_param(raw: Option<&str>, max: i64) -> Result<i64, AppError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(1),
        Some(p) => p
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                AppError::BadRequest(crate::error::Msg::new("error-page-number").arg("value", p))
            }),
    }
}

/// Renders a template with a status.
pub fn html<T: askama::Template>(
    status: actix_web::http::StatusCode,
    page: &T,
) -> Result<HttpResponse, AppError> {
    let body = page.render()?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(body))
}
