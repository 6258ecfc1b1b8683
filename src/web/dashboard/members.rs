//! The members page: everyone sees who belongs; owners invite, change and remove members, and
//! renew or withdraw invitations. The last owner can be neither demoted nor removed. Adding an
//! address only ever makes an invitation the person accepts.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::auth::accounts;
use crate::db::invitations::{self, State};
use crate::db::{self, members};
use crate::domain::{EmailAddress, Locale, Role};
use crate::error::{AppError, FieldErrors};
use crate::i18n::Tr;
use crate::render::Flash;
use crate::render::format::{local_date, local_datetime};
use crate::render::pages::{InvitationRow, MemberRow, MembersPage};
use crate::web::context::Ctx;
use crate::web::csrf::CsrfForm;
use crate::web::invite;
use crate::web::member::{Can, Member, perm};
use crate::web::session;

const INVITE_KEY: &str = "invite_link";

/// Keeps a fresh invitation link for the next members page, which shows it once (the session
/// cookie is encrypted; the token itself is stored nowhere).
/// After an invitation was queued: with a mail server the link goes by email only (the owner
/// never holds a link that sets someone else's password) and a flash says so; without one the
/// message is only an `.eml` file, so the page shows the link for the owner to pass on.
fn after_invite(ctx: &Ctx, m: &Member, email: String, token: &str) -> Result<(), AppError> {
    if ctx.state.settings.smtp.is_some() {
        session::flash(
            &ctx.session,
            Flash::success(ctx.tr_member(m).t1("flash-invite-emailed", "email", &email)),
        );
        return Ok(());
    }
    remember_invite(ctx, email, token)
}

fn remember_invite(ctx: &Ctx, email: String, token: &str) -> Result<(), AppError> {
    let link = invite::link(&ctx.state.public_url, token);
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
    let (list, pending) = ctx
        .state
        .db
        .run(move |c| Ok((members::list(c, org_id)?, invitations::pending(c, org_id)?)))
        .await?;
    let now = db::now();
    let tz = m.org.timezone;
    let invitations = pending
        .into_iter()
        .map(|p| {
            Ok(InvitationRow {
                id: p.invitation.id,
                email: p.email,
                role: p.invitation.role()?,
                invited_by: p.invited_by_name,
                expires: local_datetime(p.invitation.expires_at, tz),
                expired: p.invitation.state(now) == State::Expired,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let members = list
        .into_iter()
        .map(|x| MemberRow {
            is_self: x.user_id == m.user.id,
            joined: local_date(x.joined_at, m.org.timezone),
            user_id: x.user_id,
            name: x.name,
            email: x.email,
            role: x.role,
        })
        .collect();
    let invite_link = ctx
        .session
        .remove_as::<(String, String)>(INVITE_KEY)
        .and_then(Result::ok);
    let mut layout = ctx.member_layout(m, "", "members").await?;
    layout.title = layout.tr.t("dash-nav-members");
    let page = MembersPage {
        layout,
        slug: m.org.slug.clone(),
        members,
        invitations,
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

/// `POST /dashboard/{org}/members`: invites an address. The answer is the same whether or not
/// the address has an account: an invitation link to pass on.
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
    let (org_id, inviter, now) = (m.org.id, m.user.id, db::now());
    let address = email.as_str().to_owned();
    let mail = InvitationMail {
        tr: Tr::new(Locale::for_content(&m.org.language)),
        sender: ctx.state.sender.clone(),
        public_url: ctx.state.public_url.clone(),
        to: address.clone(),
        org: m.org.name.clone(),
        inviter: m.user.name.clone(),
        role,
    };
    let invited = ctx
        .state
        .db
        .run(move |c| {
            accounts::invite_by_email(c, org_id, &email, role, Some(inviter), now, |c, token| {
                mail.queue(c, org_id, token, now)
            })
        })
        .await;
    let (invitation, token) = match invited {
        Ok(v) => v,
        Err(AppError::Conflict(msg)) => {
            errors.add("email", msg);
            return render(&ctx, &m, StatusCode::UNPROCESSABLE_ENTITY, form, errors).await;
        }
        Err(e) => return Err(e),
    };
    tracing::info!(
        org = %m.org.slug,
        invitation_id = invitation.id,
        role = %role,
        "member invited"
    );
    after_invite(&ctx, &m, address, &token)?;
    Ok(crate::web::see_other(&members_url(&m)))
}

/// The invitation email: who invites, to what, as what, and the link; in the organization's
/// language (the invitee may have no account yet, so no language of their own).
struct InvitationMail {
    tr: Tr,
    sender: std::sync::Arc<crate::delivery::message::Sender>,
    public_url: String,
    to: String,
    org: String,
    inviter: String,
    role: Role,
}

impl InvitationMail {
    fn queue(
        &self,
        conn: &mut db::DbConnection,
        org_id: i64,
        token: &str,
        now: chrono::NaiveDateTime,
    ) -> Result<(), AppError> {
        let tr = &self.tr;
        let link = invite::link(&self.public_url, token);
        let args = [
            ("inviter", self.inviter.clone().into()),
            ("org", self.org.clone().into()),
            ("role", tr.role(&self.role).into()),
        ];
        let composed = crate::web::reset::action_mail(
            tr,
            &self.sender,
            &self.to,
            &tr.with("mail-invite-subject", &args),
            &tr.with("mail-invite-body", &args),
            Some((&tr.t("mail-invite-button"), &link)),
            &tr.with("mail-invite-footnote", &args),
        )?;
        db::mail::enqueue(
            conn,
            &db::mail::NewMail {
                org_id: Some(org_id),
                kind: "invitation",
                recipient: &composed.recipient,
                message_id: &composed.message_id,
                message: &composed.message,
            },
            now,
        )?;
        Ok(())
    }
}

/// The role form.
#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

/// Answers a refused membership change with the page and the reason, status 409.
async fn refused(
    ctx: &Ctx,
    m: &Member,
    message: crate::error::Msg,
) -> Result<HttpResponse, AppError> {
    session::flash(&ctx.session, Flash::error(ctx.tr_member(m).msg(&message)));
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
        .map_err(|e: crate::error::Msg| FieldErrors::single("role", e))?;
    let org_id = m.org.id;
    match ctx
        .state
        .db
        .run(move |c| members::change_role(c, org_id, user_id, role, db::now()))
        .await
    {
        Ok(()) => {
            tracing::info!(org = %m.org.slug, user_id, role = %role, "role changed");
            session::flash(
                &ctx.session,
                Flash::success({
                    let tr = ctx.tr_member(&m);
                    tr.t1("flash-role-changed", "role", tr.role(&role))
                }),
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
        .run(move |c| members::remove(c, org_id, user_id, db::now()))
        .await
    {
        Ok(()) => {
            tracing::info!(org = %m.org.slug, user_id, "member removed");
            session::flash(
                &ctx.session,
                Flash::success(ctx.tr_member(&m).t("flash-member-removed")),
            );
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

/// `POST /dashboard/{org}/invitations/{id}/renew`: a fresh link (the old one stops working).
pub async fn renew_invitation(
    ctx: Ctx,
    m: Can<perm::ManageMembers>,
    path: web::Path<(String, i64)>,
    _f: CsrfForm<std::collections::HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let (org_id, id, inviter, now) = (m.org.id, path.1, m.user.id, db::now());
    let (sender, public_url) = (ctx.state.sender.clone(), ctx.state.public_url.clone());
    let (org_name, inviter_name) = (m.org.name.clone(), m.user.name.clone());
    let tr = Tr::new(Locale::for_content(&m.org.language));
    let (email, token) = ctx
        .state
        .db
        .run(move |c| {
            db::write_tx(c, |c| {
                let old = invitations::open_of_org(c, org_id, id)?;
                let email = crate::db::users::by_id(c, old.user_id)?.email;
                let role = old.role()?;
                let (_, token) =
                    invitations::create_in_tx(c, org_id, old.user_id, role, Some(inviter), now)?;
                // The fresh link goes by email like the first one.
                let mail = InvitationMail {
                    tr,
                    sender,
                    public_url,
                    to: email.clone(),
                    org: org_name,
                    inviter: inviter_name,
                    role,
                };
                mail.queue(c, org_id, &token, now)?;
                Ok((email, token))
            })
        })
        .await?;
    tracing::info!(org = %m.org.slug, invitation_id = id, "invitation renewed");
    after_invite(&ctx, &m, email, &token)?;
    Ok(crate::web::see_other(&members_url(&m)))
}

/// `POST /dashboard/{org}/invitations/{id}/revoke`: the link stops working at once.
pub async fn revoke_invitation(
    ctx: Ctx,
    m: Can<perm::ManageMembers>,
    path: web::Path<(String, i64)>,
    _f: CsrfForm<std::collections::HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let (org_id, id, now) = (m.org.id, path.1, db::now());
    ctx.state
        .db
        .run(move |c| invitations::revoke(c, org_id, id, now))
        .await?;
    tracing::info!(org = %m.org.slug, invitation_id = id, "invitation withdrawn");
    session::flash(
        &ctx.session,
        Flash::success(ctx.tr_member(&m).t("flash-invitation-withdrawn")),
    );
    Ok(crate::web::see_other(&members_url(&m)))
}
