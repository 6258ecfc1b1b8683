//! A forgotten password: a link by email, valid for an hour, good for one change.
//!
//! The link carries a signed token for the account *and its session version*: changing the
//! password raises that version, so the link works once (and a link asked for before any other
//! password change dies with it). The answer to "send me a link" is the same whether or not an
//! account has the address, and an address gets at most one link per ten minutes; asking also
//! counts against the client's login attempts. Opening the link changes nothing (mail scanners
//! open links): only the form it shows does.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::Deserialize;

use super::context::Ctx;
use super::csrf::CsrfForm;
use super::headers::client_ip;
use super::session;
use crate::auth::password;
use crate::auth::tokens::TokenError;
use crate::db::{self, users};
use crate::delivery::message::Sender;
use crate::domain::{EmailAddress, NewPassword};
use crate::error::{AppError, Msg};
use crate::i18n::Tr;
use crate::render::Flash;
use crate::render::pages::{ForgotPage, ResetPage};

/// What the token is for (its HMAC covers this).
const PURPOSE: &str = "password-reset";
/// How long a link works.
const VALID_FOR: chrono::Duration = chrono::Duration::hours(1);
/// At most one link per address in this long.
const ONE_PER: chrono::Duration = chrono::Duration::minutes(10);
/// The `outgoing_mail` kind.
const KIND: &str = "password_reset";

#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

fn forgot_page(
    ctx: &Ctx,
    status: StatusCode,
    email: &str,
    sent: Option<String>,
    error: Option<String>,
) -> Result<HttpResponse, AppError> {
    let mut layout = ctx.layout("")?;
    layout.title = layout.tr.t("dash-forgot-title");
    let page = ForgotPage {
        layout,
        email: email.to_owned(),
        sent,
        error,
    };
    super::html(status, &page)
}

/// `GET /login/forgot`.
pub async fn forgot_form(ctx: Ctx) -> Result<HttpResponse, AppError> {
    forgot_page(&ctx, StatusCode::OK, "", None, None)
}

/// `POST /login/forgot`: queues the link when an account has the address (and none was sent in
/// the last ten minutes); answers the same either way.
pub async fn forgot(
    req: HttpRequest,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<ForgotForm>,
) -> Result<HttpResponse, AppError> {
    let state = ctx.state.clone();
    let ip = client_ip(&req, &state.settings.trusted_proxies);
    if let Err(wait) = state.throttle.check(ip) {
        let msg = ctx
            .tr()
            .msg(&Msg::new("error-login-throttled").arg("seconds", wait));
        let mut res = forgot_page(
            &ctx,
            StatusCode::TOO_MANY_REQUESTS,
            &form.email,
            None,
            Some(msg),
        )?;
        res.headers_mut()
            .insert(actix_web::http::header::RETRY_AFTER, wait.into());
        return Ok(res);
    }
    let email = match EmailAddress::parse(&form.email) {
        Ok(email) => email,
        Err(e) => {
            let msg = ctx.tr().msg(&e);
            return forgot_page(
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                &form.email,
                None,
                Some(msg),
            );
        }
    };
    // The answer goes out before the account is even looked up: the same answer, in the same
    // time, whether or not an account has the address.
    let fallback = ctx.tr();
    let state = state.into_inner();
    let address = email.clone();
    actix_web::rt::spawn(async move {
        if let Err(e) = send_link(&state, &address, fallback).await {
            tracing::warn!(error = %e.log_text(), "queueing a password reset link failed");
        }
    });
    forgot_page(
        &ctx,
        StatusCode::OK,
        "",
        Some(email.as_str().to_owned()),
        None,
    )
}

/// Queues the link for the account with `email`, if there is one and it had none in the last
/// ten minutes; in the account's language, else `fallback` (the asker's).
async fn send_link(
    state: &super::AppState,
    email: &EmailAddress,
    fallback: Tr,
) -> Result<(), AppError> {
    let now = db::now();
    let lookup = email.clone();
    let Some(user) = state.db.run(move |c| users::by_email(c, &lookup)).await? else {
        tracing::info!("password reset asked for an address without an account");
        return Ok(());
    };
    let tr = match user
        .locale
        .as_deref()
        .and_then(crate::domain::Locale::exact)
    {
        Some(locale) => Tr::new(locale),
        None => fallback,
    };
    let token = state.signer.sign(
        PURPOSE,
        &format!("{}.{}", user.id, user.session_version),
        Utc::now() + VALID_FOR,
    );
    let link = format!("{}/login/reset/{token}", state.public_url);
    let composed = reset_mail(&tr, &state.sender, &user.email, &link)?;
    let (id, recipient) = (user.id, user.email.clone());
    let queued = state
        .db
        .run(move |c| {
            db::write_tx(c, |c| {
                // One asking at a time per account, so two at once queue one link.
                users::lock(c, id)?;
                if db::mail::sent_recently(c, &recipient, KIND, now - ONE_PER)? {
                    return Ok(false);
                }
                db::mail::enqueue(
                    c,
                    &db::mail::NewMail {
                        org_id: None,
                        kind: KIND,
                        recipient: &composed.recipient,
                        message_id: &composed.message_id,
                        message: &composed.message,
                    },
                    now,
                )?;
                Ok::<_, AppError>(true)
            })
        })
        .await?;
    tracing::info!(user_id = id, queued, "password reset asked");
    Ok(())
}

/// The message with the link, in the account's language.
fn reset_mail(
    tr: &Tr,
    from: &Sender,
    to: &str,
    link: &str,
) -> Result<crate::delivery::message::Composed, AppError> {
    action_mail(
        tr,
        from,
        to,
        &tr.t("mail-reset-subject"),
        &tr.t1("mail-reset-body", "email", to),
        Some((&tr.t("mail-reset-button"), link)),
        &tr.t("mail-reset-ignore"),
    )
}

/// A message that says `body`, offers one action (`button`, `link`), and ends with
/// `footnote`: account mail, from qiao itself.
pub(super) fn action_mail(
    tr: &Tr,
    from: &Sender,
    to: &str,
    subject: &str,
    body: &str,
    action: Option<(&str, &str)>,
    footnote: &str,
) -> Result<crate::delivery::message::Composed, AppError> {
    crate::delivery::letters::compose(
        from,
        tr,
        &crate::delivery::letters::Letter {
            to,
            subject,
            body,
            action,
            footnote,
            ..Default::default()
        },
    )
}

/// The account a token is for, if the token is genuine, unexpired and not used yet.
async fn account_of(ctx: &Ctx, token: &str) -> Result<Result<users::User, Msg>, AppError> {
    let subject = match ctx.state.signer.verify(PURPOSE, token, Utc::now()) {
        Ok(subject) => subject,
        Err(TokenError::Expired) => return Ok(Err(Msg::new("dash-reset-expired"))),
        Err(TokenError::Invalid) => return Ok(Err(Msg::new("dash-reset-invalid"))),
    };
    let parsed = subject
        .split_once('.')
        .and_then(|(id, version)| Some((id.parse::<i64>().ok()?, version.parse::<i32>().ok()?)));
    let Some((id, version)) = parsed else {
        return Ok(Err(Msg::new("dash-reset-invalid")));
    };
    let user = ctx
        .state
        .db
        .run(move |c| {
            users::by_id(c, id).map(Some).or_else(|e| match e {
                AppError::NotFound => Ok(None),
                other => Err(other),
            })
        })
        .await?;
    Ok(match user {
        // The password changed since the link was made (by this link, or otherwise).
        Some(user) if user.session_version == version => Ok(user),
        _ => Err(Msg::new("dash-reset-invalid")),
    })
}

fn reset_page(
    ctx: &Ctx,
    status: StatusCode,
    token: &str,
    email: &str,
    problem: Option<String>,
    error: Option<String>,
) -> Result<HttpResponse, AppError> {
    let mut layout = ctx.layout("")?;
    layout.title = layout.tr.t("dash-reset-title");
    let page = ResetPage {
        layout,
        token: token.to_owned(),
        email: email.to_owned(),
        problem,
        error,
    };
    Ok(super::without_referrer(super::html(status, &page)?))
}

/// `GET /login/reset/{token}`: the form (nothing changes by opening the link).
pub async fn reset_form(ctx: Ctx, token: web::Path<String>) -> Result<HttpResponse, AppError> {
    match account_of(&ctx, &token).await? {
        Ok(user) => reset_page(&ctx, StatusCode::OK, &token, &user.email, None, None),
        Err(problem) => {
            let problem = ctx.tr().msg(&problem);
            reset_page(&ctx, StatusCode::GONE, &token, "", Some(problem), None)
        }
    }
}

/// `POST /login/reset/{token}`: sets the password and ends every session of the account.
pub async fn reset(
    ctx: Ctx,
    token: web::Path<String>,
    CsrfForm(form): CsrfForm<ResetForm>,
) -> Result<HttpResponse, AppError> {
    let user = match account_of(&ctx, &token).await? {
        Ok(user) => user,
        Err(problem) => {
            let problem = ctx.tr().msg(&problem);
            return reset_page(&ctx, StatusCode::GONE, &token, "", Some(problem), None);
        }
    };
    let new = match NewPassword::parse(&form.password, &form.password_confirm) {
        Ok(new) => new,
        Err(e) => {
            let error = ctx.tr().msg(&e);
            return reset_page(
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                &token,
                &user.email,
                None,
                Some(error),
            );
        }
    };
    let hash = web::block(move || password::hash(new.expose())).await??;
    let (id, version, now) = (user.id, user.session_version, db::now());
    // Only if the version is still the token's: two tabs submitting the same link change the
    // password once.
    let changed = ctx
        .state
        .db
        .run(move |c| users::set_password_if_version(c, id, version, &hash, now))
        .await?;
    if !changed {
        let problem = ctx.tr().msg(&Msg::new("dash-reset-invalid"));
        return reset_page(&ctx, StatusCode::GONE, &token, "", Some(problem), None);
    }
    tracing::info!(user_id = id, "password reset");
    session::flash(
        &ctx.session,
        Flash::success(ctx.tr_user(&user).t("flash-password-reset")),
    );
    Ok(super::see_other("/login"))
}
