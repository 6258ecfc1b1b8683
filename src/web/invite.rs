//! Accepting an invitation: an owner added someone who had no account; the signed link lets
//! them choose a name and password, once.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::Deserialize;

use super::context::Ctx;
use super::csrf::CsrfForm;
use super::session;
use crate::auth::password;
use crate::auth::tokens::TokenError;
use crate::db;
use crate::db::users::{self, User};
use crate::domain::{NewPassword, PersonName};
use crate::error::{AppError, FieldErrors};
use crate::render::Flash;
use crate::render::pages::InvitePage;

/// Purpose string of invitation tokens.
pub const PURPOSE: &str = "invite";

/// How long an invitation link stays valid.
pub const VALID_DAYS: i64 = 7;

/// An invitation link for `user_id`.
pub fn link(state: &crate::startup::AppState, user_id: i64) -> String {
    let expires = Utc::now() + chrono::Duration::days(VALID_DAYS);
    let token = state.signer.sign(PURPOSE, &user_id.to_string(), expires);
    format!("{}/invite/{token}", state.public_url)
}

async fn invited_user(ctx: &Ctx, token: &str) -> Result<User, AppError> {
    let subject = ctx
        .state
        .signer
        .verify(PURPOSE, token, Utc::now())
        .map_err(|e| match e {
            TokenError::Expired => AppError::Gone(
                "This invitation link has expired. Ask an owner of the organization for a new one."
                    .to_owned(),
            ),
            TokenError::Invalid => AppError::NotFound,
        })?;
    let id: i64 = subject.parse().map_err(|_| AppError::NotFound)?;
    let user = ctx.state.db.run(move |c| users::by_id(c, id)).await?;
    if user.password_hash.is_some() {
        return Err(AppError::Gone(
            "This invitation has already been used. Log in instead.".to_owned(),
        ));
    }
    Ok(user)
}

/// The form.
#[derive(Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

fn render(
    ctx: &Ctx,
    status: StatusCode,
    token: String,
    user: &User,
    name: &str,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let page = InvitePage {
        layout: ctx.layout("Join")?,
        token,
        email: user.email.clone(),
        name: name.to_owned(),
        errors,
    };
    super::html(status, &page)
}

/// `GET /invite/{token}`.
pub async fn form(ctx: Ctx, token: web::Path<String>) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let user = invited_user(&ctx, &token).await?;
    let name = user.name.clone();
    render(
        &ctx,
        StatusCode::OK,
        token,
        &user,
        &name,
        FieldErrors::new(),
    )
}

/// `POST /invite/{token}`.
pub async fn submit(
    ctx: Ctx,
    token: web::Path<String>,
    CsrfForm(form): CsrfForm<InviteForm>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let user = invited_user(&ctx, &token).await?;
    let mut errors = FieldErrors::new();
    let name = PersonName::parse(&form.name)
        .map_err(|e| errors.add("name", e))
        .ok();
    let pw = NewPassword::parse(&form.password, &form.password_confirm)
        .map_err(|e| errors.add("password", e))
        .ok();
    let (Some(name), Some(pw)) = (name, pw) else {
        return render(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            token,
            &user,
            &form.name,
            errors,
        );
    };
    let hash = web::block(move || password::hash(pw.expose())).await??;
    let (id, now) = (user.id, db::now());
    let accepted = ctx
        .state
        .db
        .run(move |c| users::accept_invitation(c, id, &name, &hash, now))
        .await?;
    if !accepted {
        return Err(AppError::Gone(
            "This invitation has already been used. Log in instead.".to_owned(),
        ));
    }
    let user = ctx.state.db.run(move |c| users::by_id(c, id)).await?;
    session::log_in(&ctx.session, &user)?;
    session::flash(
        &ctx.session,
        Flash::success(format!("Welcome, {}!", user.name)),
    );
    Ok(super::see_other("/dashboard"))
}
