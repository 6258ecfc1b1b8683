//! Confirming a change of account address by email.
//!
//! Asking for a new address (`POST /account`) queues two messages in the same transaction: a
//! link to the *new* address, which alone can make it the account's, and a notice to the
//! address in force, so an account taken over is noticed. The link is signed for the account,
//! the new address and the moment it was asked for: cancelling or asking for another address
//! kills it, and it works for 24 hours. Opening it shows a button; only the button confirms
//! (mail scanners open links). An address another account has by then is refused.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{NaiveDateTime, Utc};

use super::context::Ctx;
use super::csrf::CsrfForm;
use super::reset::action_mail;
use super::session;
use crate::auth::tokens::TokenError;
use crate::db::users::{self, EmailChange, User};
use crate::db::{self, DbConnection};
use crate::delivery::message::Composed;
use crate::error::{AppError, Msg};
use crate::i18n::Tr;
use crate::render::Flash;
use crate::render::pages::EmailConfirmPage;

const PURPOSE: &str = "email-change";
const VALID_FOR: chrono::Duration = chrono::Duration::hours(24);

/// The two messages a change of address sends, composed before the transaction that queues
/// them ([`queue`]).
pub struct Messages {
    confirm: Composed,
    notice: Composed,
}

/// Composes the link to `new` and the notice to the account's address.
pub fn compose(
    ctx: &Ctx,
    tr: &Tr,
    user: &User,
    new: &str,
    asked_at: NaiveDateTime,
) -> Result<Messages, AppError> {
    let state = &ctx.state;
    let subject = format!(
        "{} {new} {}",
        user.id,
        asked_at.and_utc().timestamp_micros()
    );
    let token = state.signer.sign(PURPOSE, &subject, Utc::now() + VALID_FOR);
    let link = format!("{}/account/email/confirm/{token}", state.public_url);
    let from = &state.sender;
    let confirm = action_mail(
        tr,
        from,
        new,
        &tr.t("mail-email-subject"),
        &tr.with(
            "mail-email-body",
            &[
                ("new", new.to_owned().into()),
                ("current", user.email.clone().into()),
            ],
        ),
        Some((&tr.t("mail-email-button"), &link)),
        &tr.t("mail-email-ignore"),
    )?;
    let notice = action_mail(
        tr,
        from,
        &user.email,
        &tr.t("mail-email-notice-subject"),
        &tr.with(
            "mail-email-notice-body",
            &[
                ("new", new.to_owned().into()),
                ("current", user.email.clone().into()),
            ],
        ),
        None,
        &tr.t1(
            "mail-email-notice-footnote",
            "url",
            format!("{}/account", state.public_url),
        ),
    )?;
    Ok(Messages { confirm, notice })
}

/// Queues both messages; call it in the transaction that records the pending address.
pub fn queue(
    conn: &mut DbConnection,
    messages: &Messages,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    for (kind, m) in [
        ("email_change", &messages.confirm),
        ("email_change_notice", &messages.notice),
    ] {
        db::mail::enqueue(
            conn,
            &db::mail::NewMail {
                org_id: None,
                kind,
                recipient: &m.recipient,
                message_id: &m.message_id,
                message: &m.message,
            },
            now,
        )?;
    }
    Ok(())
}

/// (account, new address, asked at) of a genuine, unexpired token.
fn read(ctx: &Ctx, token: &str) -> Result<(i64, String, NaiveDateTime), Msg> {
    let subject = match ctx.state.signer.verify(PURPOSE, token, Utc::now()) {
        Ok(s) => s,
        Err(TokenError::Expired) => return Err(Msg::new("dash-email-confirm-expired")),
        Err(TokenError::Invalid) => return Err(Msg::new("dash-email-confirm-invalid")),
    };
    let mut parts = subject.split(' ');
    let parsed = (|| {
        let id = parts.next()?.parse().ok()?;
        let email = parts.next()?.to_owned();
        let micros = parts.next()?.parse().ok()?;
        let at = chrono::DateTime::from_timestamp_micros(micros)?.naive_utc();
        Some((id, email, at))
    })();
    parsed.ok_or_else(|| Msg::new("dash-email-confirm-invalid"))
}

fn page(
    ctx: &Ctx,
    status: StatusCode,
    token: &str,
    email: &str,
    problem: Option<Msg>,
) -> Result<HttpResponse, AppError> {
    let mut layout = ctx.layout("")?;
    layout.title = layout.tr.t("dash-email-confirm-title");
    let problem = problem.map(|m| layout.tr.msg(&m));
    let page = EmailConfirmPage {
        layout,
        token: token.to_owned(),
        email: email.to_owned(),
        problem,
    };
    Ok(super::without_referrer(super::html(status, &page)?))
}

/// `GET /account/email/confirm/{token}`: the button (nothing changes by opening the link).
pub async fn confirm_form(ctx: Ctx, token: web::Path<String>) -> Result<HttpResponse, AppError> {
    match read(&ctx, &token) {
        Ok((_, email, _)) => page(&ctx, StatusCode::OK, &token, &email, None),
        Err(problem) => page(&ctx, StatusCode::GONE, &token, "", Some(problem)),
    }
}

/// `POST /account/email/confirm/{token}`: the new address replaces the old one.
pub async fn confirm(
    ctx: Ctx,
    token: web::Path<String>,
    _form: CsrfForm<std::collections::HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let (id, email, asked_at) = match read(&ctx, &token) {
        Ok(read) => read,
        Err(problem) => return page(&ctx, StatusCode::GONE, &token, "", Some(problem)),
    };
    let now = db::now();
    let address = email.clone();
    let outcome = ctx
        .state
        .db
        .run(move |c| users::confirm_pending_email(c, id, &address, asked_at, now))
        .await?;
    match outcome {
        EmailChange::Done => {
            tracing::info!(user_id = id, "address changed");
            session::flash(
                &ctx.session,
                Flash::success(ctx.tr().t1("flash-email-changed", "email", &email)),
            );
            Ok(super::see_other("/account"))
        }
        EmailChange::Taken => page(
            &ctx,
            StatusCode::CONFLICT,
            &token,
            "",
            Some(Msg::new("dash-email-confirm-taken").arg("email", email.as_str())),
        ),
        EmailChange::Gone => page(
            &ctx,
            StatusCode::GONE,
            &token,
            "",
            Some(Msg::new("dash-email-confirm-invalid")),
        ),
    }
}
