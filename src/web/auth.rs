//! Login and logout. Attempts are throttled per client address (in memory), and failures per
//! submitted address and client network earn a growing wait (in the database, so every instance
//! sees it; `db::login_failures`).

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{FromRequest as _, HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::context::Ctx;
use super::csrf::CsrfForm;
use super::headers::client_ip;
use super::session::{self, CurrentUser};
use crate::auth::password;
use crate::db::{self, login_failures, users};
use crate::domain::EmailAddress;
use crate::error::{AppError, Msg};
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
    let mut layout = ctx.layout("")?;
    layout.title = layout.tr.t("dash-log-in");
    let page = LoginPage {
        layout,
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

/// `POST /login`. Unknown addresses, wrong passwords and waiting clients are answered the
/// same way for accounts that exist and those that do not.
pub async fn login(
    req: HttpRequest,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let state = ctx.state.clone();
    let settings = &state.settings;
    let next = safe_next(&form.next);
    let ip = client_ip(&req, &settings.trusted_proxies);
    if let Err(wait) = state.throttle.check(ip) {
        let msg = ctx
            .tr()
            .msg(&Msg::new("error-login-throttled").arg("seconds", wait));
        return throttled(&ctx, &form, &next, msg, wait);
    }
    let now = db::now();
    let (address, client) = (
        login_failures::address_key(&form.email),
        login_failures::client_key(ip),
    );
    let email = EmailAddress::parse(&form.email).ok();
    let (a, cl) = (address.clone(), client.clone());
    let (blocked, user) = state
        .db
        .run(move |c| {
            let blocked = login_failures::blocked_until(c, &a, &cl, now)?;
            let user = match (&blocked, email) {
                (None, Some(e)) => users::by_email(c, &e)?,
                _ => None,
            };
            Ok((blocked, user))
        })
        .await?;
    if let Some(until) = blocked {
        return throttled(
            &ctx,
            &form,
            &next,
            ctx.tr().msg(&wait_message(until - now)),
            wait_secs(until - now),
        );
    }
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let given = form.password.clone();
    let ok = web::block(move || password::verify(&given, stored.as_deref())).await?;
    match user {
        Some(user) if ok => {
            let id = user.id;
            state
                .db
                .run(move |c| {
                    login_failures::clear(c, &address, &client)?;
                    users::record_login(c, id, now)
                })
                .await?;
            session::log_in(&state, &ctx.session, &user).await?;
            tracing::info!(user_id = user.id, "logged in");
            Ok(super::see_other(&next))
        }
        _ => {
            let policy = login_failures::Policy {
                free: settings.login_max_failures,
                max_wait: chrono::Duration::minutes(i64::from(settings.login_lockout_minutes)),
            };
            let until = state
                .db
                .run(move |c| login_failures::record(c, &address, &client, policy, now))
                .await?;
            tracing::info!(delayed = until.is_some(), "failed login");
            let tr = ctx.tr();
            let msg = match until {
                Some(until) => tr.t1(
                    "error-login-wrong-wait",
                    "wait",
                    tr.msg(&wait_message(until - now)),
                ),
                None => tr.t("error-login-wrong"),
            };
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

fn wait_secs(wait: chrono::Duration) -> u64 {
    u64::try_from(wait.num_seconds().max(1)).unwrap_or(1)
}

/// The same words whether or not an account has the address.
fn wait_message(wait: chrono::Duration) -> Msg {
    let secs = wait_secs(wait);
    if secs < 120 {
        Msg::new("error-login-wait-seconds").arg("seconds", secs)
    } else {
        Msg::new("error-login-wait-minutes").arg("minutes", secs.div_ceil(60))
    }
}

/// `POST /logout`: the session ends on the server, not only in this browser.
pub async fn logout(
    ctx: Ctx,
    _form: CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    session::log_out(&ctx.state, &ctx.session).await?;
    Ok(super::see_other("/login"))
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
