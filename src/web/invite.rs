//! Invitation links: `/invite/{token}` names the organization, who invited and the role. A new
//! account chooses its name and password there (only through its first invitation); an existing
//! account logs in and accepts. Nothing is a member until the person accepts.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::context::Ctx;
use super::csrf::CsrfForm;
use super::session::{self, CurrentUser};
use crate::auth::password;
use crate::db::invitations::{self, Invitation, Refusal, State};
use crate::db::orgs::{self, Organization};
use crate::db::users::{self, User};
use crate::db::{self};
use crate::domain::{NewPassword, PersonName};
use crate::error::{AppError, FieldErrors, Msg};
use crate::render::Flash;
use crate::render::format::local_datetime;
use crate::render::pages::{InviteMode, InvitePage};

/// The address of an invitation's page.
pub fn link(public_url: &str, token: &str) -> String {
    format!("{public_url}/invite/{token}")
}

/// An invitation with what its page shows.
struct Loaded {
    invitation: Invitation,
    org: Organization,
    user: User,
    inviter: Option<String>,
    may_set_password: bool,
}

fn closed(state: State, org: &Organization) -> AppError {
    AppError::Gone(match state {
        State::Accepted => Msg::new("error-invite-used"),
        State::Revoked => Msg::new("error-invite-revoked").arg("org", org.name.as_str()),
        State::Expired | State::Open => {
            Msg::new("error-invite-expired").arg("org", org.name.as_str())
        }
    })
}

async fn load(ctx: &Ctx, token: &str) -> Result<Loaded, AppError> {
    let token = token.to_owned();
    let now = db::now();
    let loaded = ctx
        .state
        .db
        .run(move |c| {
            let invitation = invitations::by_token(c, &token)?.ok_or(AppError::NotFound)?;
            let org = orgs::by_id(c, invitation.org_id)?;
            let user = users::by_id(c, invitation.user_id)?;
            let inviter = match invitation.invited_by {
                Some(id) => Some(users::by_id(c, id)?.name),
                None => None,
            };
            let may_set_password = invitations::may_set_password(c, &invitation, now)?;
            Ok(Loaded {
                invitation,
                org,
                user,
                inviter,
                may_set_password,
            })
        })
        .await?;
    match loaded.invitation.state(now) {
        State::Open => Ok(loaded),
        other => Err(closed(other, &loaded.org)),
    }
}

fn mode(loaded: &Loaded, viewer: Option<&User>) -> InviteMode {
    match viewer {
        Some(v) if v.id == loaded.user.id => InviteMode::Accept,
        Some(v) => InviteMode::WrongAccount(v.email.clone()),
        None if loaded.may_set_password => InviteMode::Join,
        None if loaded.user.password_hash.is_none() => InviteMode::Waiting,
        None => InviteMode::LogIn,
    }
}

/// The join form.
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
    loaded: &Loaded,
    mode: InviteMode,
    name: &str,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let mut layout = ctx.layout("")?;
    layout.title = layout.tr.t1("dash-invite-title", "org", &loaded.org.name);
    let page = InvitePage {
        layout,
        token,
        email: loaded.user.email.clone(),
        org_name: loaded.org.name.clone(),
        inviter: loaded.inviter.clone(),
        role: loaded.invitation.role()?,
        expires: local_datetime(loaded.invitation.expires_at, loaded.org.timezone),
        mode,
        name: name.to_owned(),
        errors,
    };
    super::html(status, &page)
}

/// `GET /invite/{token}`.
pub async fn form(
    ctx: Ctx,
    viewer: Option<CurrentUser>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let loaded = load(&ctx, &token).await?;
    let viewer = viewer.map(|CurrentUser(u)| u);
    let mode = mode(&loaded, viewer.as_ref());
    let status = match mode {
        InviteMode::WrongAccount(_) => StatusCode::FORBIDDEN,
        _ => StatusCode::OK,
    };
    let name = loaded.user.name.clone();
    render(
        &ctx,
        status,
        token,
        &loaded,
        mode,
        &name,
        FieldErrors::new(),
    )
}

fn refused(refusal: Refusal, org: &Organization) -> AppError {
    match refusal {
        Refusal::NotOpen(state) => closed(state, org),
        Refusal::AlreadyMember => AppError::Conflict(
            Msg::new("error-invite-already-member").arg("org", org.name.as_str()),
        ),
    }
}

fn welcome(ctx: &Ctx, org: &Organization) -> HttpResponse {
    session::flash(
        &ctx.session,
        Flash::success(ctx.hints.tr(None, Some(&org.language)).t1(
            "flash-welcome-org",
            "org",
            &org.name,
        )),
    );
    super::see_other(&format!("/dashboard/{}", org.slug))
}

/// `POST /invite/{token}`: a new account chooses its name and password and joins.
pub async fn submit(
    ctx: Ctx,
    token: web::Path<String>,
    CsrfForm(form): CsrfForm<InviteForm>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let loaded = load(&ctx, &token).await?;
    if !loaded.may_set_password {
        let mode = mode(&loaded, None);
        let status = StatusCode::CONFLICT;
        let name = loaded.user.name.clone();
        return render(
            &ctx,
            status,
            token,
            &loaded,
            mode,
            &name,
            FieldErrors::new(),
        );
    }
    let mut errors = FieldErrors::new();
    let name = PersonName::parse(&form.name)
        .map_err(|e| errors.add("name", e))
        .ok();
    let pw = NewPassword::parse(&form.password, &form.password_confirm)
        .map_err(|e| errors.add("password", e))
        .ok();
    let (Some(name), Some(pw)) = (name, pw) else {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return render(
            &ctx,
            status,
            token,
            &loaded,
            InviteMode::Join,
            &form.name,
            errors,
        );
    };
    let hash = web::block(move || password::hash(pw.expose())).await??;
    let (id, now) = (loaded.invitation.id, db::now());
    let joined = ctx
        .state
        .db
        .run(move |c| invitations::join_with_password(c, id, &name, &hash, now))
        .await?;
    joined.map_err(|r| refused(r, &loaded.org))?;
    let user_id = loaded.user.id;
    let user = ctx.state.db.run(move |c| users::by_id(c, user_id)).await?;
    session::log_in(&ctx.state, &ctx.session, &user).await?;
    tracing::info!(org = %loaded.org.slug, user_id, "invitation accepted by a new account");
    Ok(welcome(&ctx, &loaded.org))
}

/// `POST /invite/{token}/accept`: the invited account, logged in, joins.
pub async fn accept(
    ctx: Ctx,
    CurrentUser(user): CurrentUser,
    token: web::Path<String>,
    _f: CsrfForm<std::collections::HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let loaded = load(&ctx, &token).await?;
    if loaded.user.id != user.id {
        return Err(AppError::Forbidden(
            Msg::new("error-invite-other-account")
                .arg("invited", loaded.user.email.as_str())
                .arg("current", user.email.as_str()),
        ));
    }
    let (id, user_id, now) = (loaded.invitation.id, user.id, db::now());
    let accepted = ctx
        .state
        .db
        .run(move |c| invitations::accept(c, id, user_id, now))
        .await?;
    accepted.map_err(|r| refused(r, &loaded.org))?;
    tracing::info!(org = %loaded.org.slug, user_id, "invitation accepted");
    Ok(welcome(&ctx, &loaded.org))
}

/// `POST /invite/{token}/decline`: the invited account, logged in, says no.
pub async fn decline(
    ctx: Ctx,
    CurrentUser(user): CurrentUser,
    token: web::Path<String>,
    _f: CsrfForm<std::collections::HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let loaded = load(&ctx, &token).await?;
    if loaded.user.id != user.id {
        return Err(AppError::Forbidden(
            Msg::new("error-invite-other-account")
                .arg("invited", loaded.user.email.as_str())
                .arg("current", user.email.as_str()),
        ));
    }
    let (id, user_id, now) = (loaded.invitation.id, user.id, db::now());
    ctx.state
        .db
        .run(move |c| invitations::decline(c, id, user_id, now))
        .await?;
    tracing::info!(org = %loaded.org.slug, user_id, "invitation declined");
    session::flash(
        &ctx.session,
        Flash::success(
            ctx.tr_user(&user)
                .t1("flash-invite-declined", "org", &loaded.org.name),
        ),
    );
    Ok(super::see_other("/dashboard"))
}
