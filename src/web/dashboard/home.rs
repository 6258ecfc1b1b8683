//! Dashboard entry and organization overview.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;

use crate::db::{members, orgs};
use crate::error::AppError;
use crate::render::pages::{DashboardHome, NoOrgsPage};
use crate::web::context::Ctx;
use crate::web::member::Member;
use crate::web::session::CurrentUser;

/// `GET /dashboard`: the first organization of the user, or a page explaining there is none.
pub async fn index(ctx: Ctx, CurrentUser(user): CurrentUser) -> Result<HttpResponse, AppError> {
    let id = user.id;
    let list = ctx.state.db.run(move |c| orgs::for_user(c, id)).await?;
    match list.first() {
        Some((org, _)) => Ok(crate::web::see_other(&format!("/dashboard/{}", org.slug))),
        None => {
            let mut layout = ctx.user_layout(&user, "", "home").await?;
            layout.title = layout.tr.t("site-dashboard");
            let page = NoOrgsPage { layout };
            crate::web::html(StatusCode::OK, &page)
        }
    }
}

/// `GET /dashboard/{org}`.
pub async fn page(ctx: Ctx, member: Member) -> Result<HttpResponse, AppError> {
    let (org_id, now) = (member.org.id, crate::db::now());
    let (member_count, growth) = ctx
        .state
        .db
        .run(move |c| {
            Ok::<_, crate::error::AppError>((
                members::count(c, org_id)?,
                crate::db::subscribers::growth(c, org_id, now)?,
            ))
        })
        .await?;
    let layout = ctx.member_layout(&member, &member.org.name, "home").await?;
    let growth = super::subscribers::growth_figures(&layout.tr, &growth);
    let page = DashboardHome {
        growth,
        layout,
        slug: member.org.slug.clone(),
        name: member.org.name.clone(),
        role: member.role,
        member_count,
        timezone: member.org.timezone.name().to_owned(),
    };
    crate::web::html(StatusCode::OK, &page)
}
