//! API tokens (owners only): list, create, revoke. A new token is shown once, in the answer to
//! the form that created it; it is never put in the session cookie or stored.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::db::{self, tokens};
use crate::domain::TokenName;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Tr;
use crate::render::Flash;
use crate::render::format::{local_date, local_datetime};
use crate::render::tokens::{TokenRow, TokensPage};
use crate::web::context::Ctx;
use crate::web::csrf::CsrfForm;
use crate::web::member::{Can, Member, perm};
use crate::web::session;

/// The create form.
#[derive(Debug, Default, Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    name: String,
}

/// What the page shows besides the list.
#[derive(Default)]
struct Extra {
    name: String,
    errors: FieldErrors,
    created: Option<(String, String)>,
}

async fn render(
    ctx: &Ctx,
    m: &Member,
    status: StatusCode,
    extra: Extra,
) -> Result<HttpResponse, AppError> {
    let org_id = m.org.id;
    let list = ctx.state.db.run(move |c| tokens::list(c, org_id)).await?;
    let tz = m.org.timezone;
    let mut layout = ctx.member_layout(m, "", "tokens").await?;
    layout.title = layout.tr.t("dash-nav-tokens");
    let tr = &layout.tr;
    let rows = list
        .into_iter()
        .map(|l| TokenRow {
            id: l.token.id,
            created: match l.created_by_name {
                Some(who) => tr.t2(
                    "dash-tokens-created-by",
                    "date",
                    local_date(l.token.created_at, tz),
                    "who",
                    who,
                ),
                None => local_date(l.token.created_at, tz),
            },
            last_used: l
                .token
                .last_used_at
                .map_or_else(|| tr.t("dash-tokens-never"), |t| local_datetime(t, tz)),
            revoked: l.token.revoked_at.map(|t| match &l.token.revoked_reason {
                Some(why) => tr.t2(
                    "dash-tokens-reason",
                    "date",
                    local_date(t, tz),
                    "reason",
                    revoked_reason(tr, why),
                ),
                None => local_date(t, tz),
            }),
            name: l.token.name,
        })
        .collect();
    let page = TokensPage {
        layout,
        slug: m.org.slug.clone(),
        tokens: rows,
        name: extra.name,
        errors: extra.errors,
        created: extra.created,
    };
    crate::web::html(status, &page)
}

/// Why a token was revoked, in the viewer's words, from the reason stored with it (one of
/// `tokens`' constants; anything else is shown as stored).
fn revoked_reason(tr: &Tr, stored: &str) -> String {
    match stored {
        tokens::REVOKED_BY_OWNER => tr.t("dash-tokens-reason-by-owner"),
        tokens::CREATOR_REMOVED => tr.t("dash-tokens-reason-creator-removed"),
        tokens::CREATOR_NOT_OWNER => tr.t("dash-tokens-reason-creator-not-owner"),
        other => other.to_owned(),
    }
}

/// `GET /dashboard/{org}/tokens`.
pub async fn page(ctx: Ctx, m: Can<perm::ManageTokens>) -> Result<HttpResponse, AppError> {
    render(&ctx, &m, StatusCode::OK, Extra::default()).await
}

/// `POST /dashboard/{org}/tokens`: creates a token and shows it, this once.
pub async fn create(
    ctx: Ctx,
    m: Can<perm::ManageTokens>,
    CsrfForm(form): CsrfForm<CreateForm>,
) -> Result<HttpResponse, AppError> {
    let refused = |errors: FieldErrors| Extra {
        name: form.name.clone(),
        errors,
        created: None,
    };
    let name = match TokenName::parse(&form.name) {
        Ok(n) => n,
        Err(message) => {
            let mut errors = FieldErrors::new();
            errors.add("name", message);
            let extra = refused(errors);
            return render(&ctx, &m, StatusCode::UNPROCESSABLE_ENTITY, extra).await;
        }
    };
    let (org_id, user_id) = (m.org.id, m.user.id);
    let created = ctx
        .state
        .db
        .run(move |c| tokens::create(c, org_id, &name, Some(user_id), db::now()))
        .await;
    match created {
        Ok((row, token)) => {
            tracing::info!(org = %m.org.slug, token_id = row.id, "API token created");
            let extra = Extra {
                created: Some((row.name, token)),
                ..Extra::default()
            };
            render(&ctx, &m, StatusCode::OK, extra).await
        }
        Err(AppError::Validation(errors)) => {
            render(&ctx, &m, StatusCode::UNPROCESSABLE_ENTITY, refused(errors)).await
        }
        Err(e) => Err(e),
    }
}

/// A form with nothing but the CSRF token.
#[derive(Debug, Deserialize)]
pub struct EmptyForm {}

/// `POST /dashboard/{org}/tokens/{id}/revoke`.
pub async fn revoke(
    ctx: Ctx,
    m: Can<perm::ManageTokens>,
    path: web::Path<(String, i64)>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (org_id, id) = (m.org.id, path.1);
    let row = ctx
        .state
        .db
        .run(move |c| tokens::revoke(c, org_id, id, db::now()))
        .await?;
    tracing::info!(org = %m.org.slug, token_id = id, "API token revoked");
    session::flash(
        &ctx.session,
        Flash::success(
            ctx.tr_member(&m)
                .t1("flash-token-revoked", "name", &row.name),
        ),
    );
    Ok(crate::web::see_other(&format!(
        "/dashboard/{}/tokens",
        m.org.slug
    )))
}
