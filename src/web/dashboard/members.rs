//! The members page: everyone sees who belongs; owners add, change and remove members. The
//! last owner can be neither demoted nor removed.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::auth::accounts;
use crate::db::{self, members, users};
use crate::domain::{EmailAddress, Role};
use crate::error::{AppError, FieldErrors};
use crate::render::Flash;
use crate::render::format::local_date;
use crate::render::pages::{MemberRow, MembersPage};
use crate::web::context::Ctx;
use crate::web::csrf::CsrfForm;
use crate::web::invite;
use crate::web::member::{Can, Member, perm};
use crate::web::session;

const INVITE_KEY: &str = "invite_link";

/// Keeps a fresh invitation link for the next members page, which shows it once.
fn remember_invite(ctx: &Ctx, email: String, user_id: i64) -> Result<(), AppError> {
    let link = invite::link(&ctx.state, user_id);
    ctx.session
        .insert(INVITE_KEY, (email, link))
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("session: {e}")))
}

/// What the add form showed.
#[derive(Default, Deserialize)]
pub struct AddForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

async fn render(
    ctx: &Ctx,
    m: &Member,
    status: StatusCode,
    form: AddForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let org_id = m.org.id;
    let list = ctx.state.db.run(move |c| members::list(c, org_id)).await?;
    let members = list
        .into_iter()
        .map(|x| MemberRow {
            is_self: x.user_id == m.user.id,
            joined: local_date(x.joined_at, &m.org.timezone),
            user_id: x.user_id,
            name: x.name,
            email: x.email,
            role: x.role,
            invited: x.invited,
        })
        .collect();
    let invite_link = ctx
        .session
        .remove_as::<(String, String)>(INVITE_KEY)
        .and_then(Result::ok);
    let page = MembersPage {
        layout: ctx.member_layout(m, "Members", "members").await?,
        slug: m.org.slug.clone(),
        members,
        roles: Role::ALL.to_vec(),
        email: form.email,
        role: if form.role.is_empty() {
            "author".to_owned()
        } else {
            form.role
        },
        errors,
        invite_link,
    };
    crate::web::html(status, &page)
}

fn members_url(m: &Member) -> String {
    format!("/dashboard/{}/members", m.org.slug)
}

/// `GET /dashboard/{org}/members`.
pub async fn page(ctx: Ctx, member: Member) -> Result<HttpResponse, AppError> {
    render(
        &ctx,
        &member,
        StatusCode::OK,
        AddForm::default(),
        FieldErrors::new(),
    )
    .await
}

/// `POST /dashboard/{org}/members`: adds an existing user, or invites a new address.
pub async fn add(
    ctx: Ctx,
    m: Can<perm::ManageMembers>,
    CsrfForm(form): CsrfForm<AddForm>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::new();
    let email = EmailAddress::parse(&form.email)
        .map_err(|e| errors.add("email", e))
        .ok();
    let role = form
        .role
        .parse::<Role>()
        .map_err(|e| errors.add("role", e))
        .ok();
    let (Some(email), Some(role)) = (email, role) else {
        return render(&ctx, &m, StatusCode::UNPROCESSABLE_ENTITY, form, errors).await;
    };
    let (org_id, now) = (m.org.id, db::now());
    let added = ctx
        .state
        .db
        .run(move |c| accounts::add_member_by_email(c, org_id, &email, role, now))
        .await;
    let user = match added {
        Ok(v) => v,
        Err(AppError::Conflict(msg)) => {
            errors.add("email", msg);
            return render(&ctx, &m, StatusCode::UNPROCESSABLE_ENTITY, form, errors).await;
        }
        Err(e) => return Err(e),
    };
    // No password yet: a new invitation, or one that was never accepted.
    let invited = user.password_hash.is_none();
    tracing::info!(org = %m.org.slug, user_id = user.id, role = %role, invited, "member added");
    if invited {
        remember_invite(&ctx, user.email, user.id)?;
    } else {
        session::flash(
            &ctx.session,
            Flash::success(format!("{} is now {role}.", user.name)),
        );
    }
    Ok(crate::web::see_other(&members_url(&m)))
}

/// The role form.
#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

/// Answers a refused membership change with the page and the reason, status 409.
async fn refused(ctx: &Ctx, m: &Member, message: String) -> Result<HttpResponse, AppError> {
    session::flash(&ctx.session, Flash::error(message));
    render(
        ctx,
        m,
        StatusCode::CONFLICT,
        AddForm::default(),
        FieldErrors::new(),
    )
    .await
}

/// `POST /dashboard/{org}/members/{user_id}/role`.
pub async fn change_role(
    ctx: Ctx,
    m: Can<perm::ManageMembers>,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<RoleForm>,
) -> Result<HttpResponse, AppError> {
    let user_id = path.1;
    let role: Role = form
        .role
        .parse()
        .map_err(|e: String| FieldErrors::single("role", e))?;
    let org_id = m.org.id;
    match ctx
        .state
        .db
        .run(move |c| members::change_role(c, org_id, user_id, role))
        .await
    {
        Ok(()) => {
            tracing::info!(org = %m.org.slug, user_id, role = %role, "role changed");
            session::flash(
                &ctx.session,
                Flash::success(format!("Role changed to {role}.")),
            );
            Ok(crate::web::see_other(&members_url(&m)))
        }
        Err(AppError::Conflict(msg)) => refused(&ctx, &m, msg).await,
        Err(e) => Err(e),
    }
}

/// `POST /dashboard/{org}/members/{user_id}/remove`.
pub async fn remove(
    ctx: Ctx,
    m: Can<perm::ManageMembers>,
    path: web::Path<(String, i64)>,
    _f: CsrfForm<std::collections::HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let user_id = path.1;
    let org_id = m.org.id;
    match ctx
        .state
        .db
        .run(move |c| members::remove(c, org_id, user_id))
        .await
    {
        Ok(()) => {
            tracing::info!(org = %m.org.slug, user_id, "member removed");
            session::flash(&ctx.session, Flash::success("The member was removed."));
            let to = if user_id == m.user.id {
                "/dashboard".to_owned()
            } else {
                members_url(&m)
            };
            Ok(crate::web::see_other(&to))
        }
        Err(AppError::Conflict(msg)) => refused(&ctx, &m, msg).await,
        Err(e) => Err(e),
    }
}

/// `POST /dashboard/{org}/members/{user_id}/invite`: a fresh link for a pending invitation.
pub async fn new_invite(
    ctx: Ctx,
    m: Can<perm::ManageMembers>,
    path: web::Path<(String, i64)>,
    _f: CsrfForm<std::collections::HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let user_id = path.1;
    let org_id = m.org.id;
    let user = ctx
        .state
        .db
        .run(move |c| {
            members::role_of(c, org_id, user_id)?.ok_or(AppError::NotFound)?;
            users::by_id(c, user_id)
        })
        .await?;
    if user.password_hash.is_some() {
        return refused(&ctx, &m, format!("{} has already joined.", user.name)).await;
    }
    remember_invite(&ctx, user.email, user_id)?;
    Ok(crate::web::see_other(&members_url(&m)))
}
