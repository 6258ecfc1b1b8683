//! Public pages (the discover page grows in a later issue).

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use diesel::prelude::*;

use super::context::Ctx;
use crate::db::schema::organizations;
use crate::error::AppError;
use crate::render::pages::HomePage;

/// `GET /`: the organizations on this instance.
pub async fn home(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let orgs = ctx
        .state
        .db
        .run(|conn| {
            Ok(organizations::table
                .order(organizations::created_at.desc())
                .limit(50)
                .select((
                    organizations::slug,
                    organizations::name,
                    organizations::description,
                ))
                .load::<(String, String, String)>(conn)?)
        })
        .await?;
    let page = HomePage {
        layout: ctx.layout("Discover")?,
        orgs,
    };
    super::html(StatusCode::OK, &page)
}
