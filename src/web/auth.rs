//! Login and logout. Attempts are throttled per client address (in memory) and per account
//! (in the database, so every instance sees the lock).

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{FromRequest as _, HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::context::Ctx;
use super::csrf::CsrfForm;
use super::headers::client_ip;
use super::session::{self, CurrentUser};
use crate::auth::password;
use crate::db::{self, users};
use crate::domain::EmailAddress;
use crate::error::AppError;
use crate::render::pages::LoginPage;

/// `?next=` on the login page.
#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

/// The login form.
#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// Only local paths are followed after login, never another site.
pub fn safe_next(next: &str) -> String {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c == '\\');
    if ok {
        next.to_owned()
    } else {
        "/dashboard".to_owned()
    }
}

fn page(
    ctx: &Ctx,
    status: StatusCode,
    email: &str,
    next: &str,
    error: Option<String>,
) -> Result<HttpResponse, AppError> {
    let page = LoginPage {
        layout: ctx.layout("Log in")?,
        email: email.to_owned(),
        next: next.to_owned(),
        error,
    };
    super::html(status, &page)
}

/// The login form again with status 429, the reason, and `Retry-After`.
fn throttled(
    ctx: &Ctx,
    form: &LoginForm,
    next: &str,
    message: String,
    retry_after: u64,
) -> Result<HttpResponse, AppError> {
    let status = StatusCode::TOO_MANY_REQUESTS;
    let mut res = page(ctx, status, &form.email, next, Some(message))?;
    res.headers_mut()
        .insert(actix_web::http::header::RETRY_AFTER, retry_after.into());
    Ok(res)
}

/// `GET /login`.
pub async fn login_form(
    req: HttpRequest,
    ctx: Ctx,
    q: web::Query<LoginQuery>,
) -> Result<HttpResponse, AppError> {
    let next = safe_next(q.next.as_deref().unwrap_or("/dashboard"));
    if CurrentUser::extract(&req).await.is_ok() {
        return Ok(super::see_other(&next));
    }
    page(&ctx, StatusCode::OK, "", &next, None)
}

/// `POST /login`.
pub async fn login(
    req: HttpRequest,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let state = ctx.state.clone();
    let settings = &state.settings;
    let next = safe_next(&form.next);
    if let Err(wait) = state.throttle.check(client_ip(&req, settings.trust_proxy)) {
        let msg =
            format!("Too many login attempts from your address. Try again in {wait} seconds.");
        return throttled(&ctx, &form, &next, msg, wait);
    }
    let now = db::now();
    let email = EmailAddress::parse(&form.email).ok();
    let user = match email {
        Some(e) => state.db.run(move |c| users::by_email(c, &e)).await?,
        None => None,
    };
    if let Some(until) = user
        .as_ref()
        .and_then(|u| u.locked_until)
        .filter(|t| *t > now)
    {
        let minutes = ((until - now).num_seconds() + 59) / 60;
        let msg = format!(
            "This account is locked after too many failed attempts. Try again in {minutes} minute{}.",
            if minutes == 1 { "" } else { "s" }
        );
        let wait = (until - now).num_seconds().max(1) as u64;
        return throttled(&ctx, &form, &next, msg, wait);
    }
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let given = form.password.clone();
    let ok = web::block(move || password::verify(&given, stored.as_deref())).await?;
    match user {
        Some(user) if ok => {
            let id = user.id;
            state
                .db
                .run(move |c| users::record_login(c, id, now))
                .await?;
            session::log_in(&ctx.session, &user)?;
            tracing::info!(user_id = user.id, "logged in");
            Ok(super::see_other(&next))
        }
        other => {
            if let Some(user) = other {
                let (max, minutes) = (settings.login_max_failures, settings.login_lockout_minutes);
                let lockout = chrono::Duration::minutes(i64::from(minutes));
                state
                    .db
                    .run(move |c| users::record_failed_login(c, user.id, now, max, lockout))
                    .await?;
            }
            tracing::info!("failed login");
            let msg = "The email or password is incorrect.".to_owned();
            page(
                &ctx,
                StatusCode::UNAUTHORIZED,
                &form.email,
                &next,
                Some(msg),
            )
        }
    }
}

/// `POST /logout`.
pub async fn logout(ctx: Ctx, _form: CsrfForm<HashMap<String, String>>) -> HttpResponse {
    session::log_out(&ctx.session);
    super::see_other("/login")
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next("/dashboard/acme"), "/dashboard/acme");
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "",
            "javascript:x",
        ] {
            assert_eq!(safe_next(bad), "/dashboard", "{bad}");
        }
    }
}
