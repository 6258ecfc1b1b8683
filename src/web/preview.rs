//! `GET /preview/{token}`: a draft shown through a stored, expiring, revocable link to someone
//! without an account. Never cached, never indexed.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use crate::db::preview_links::{self, Opened};
use crate::db::{articles, orgs};
use crate::error::AppError;
use crate::render::articles::PreviewPage;
use crate::render::format::local_datetime;
use crate::web::context::Ctx;

/// Shows the article the token opens.
pub async fn show(ctx: Ctx, token: web::Path<String>) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let now = crate::db::now();
    let (a, org, cover, expires_at) = ctx
        .state
        .db
        .run(move |c| {
            let (id, expires_at) = match preview_links::open(c, &token, now)? {
                Some(Opened::Article(id, expires_at)) => (id, expires_at),
                Some(Opened::Gone) => {
                    return Err(AppError::Gone(crate::error::Msg::new("error-preview-gone")));
                }
                None => return Err(AppError::NotFound),
            };
            let a = articles::by_id(c, id)?;
            let org = orgs::by_id(c, a.org_id)?;
            let cover = match a.cover_media_id {
                Some(m) => crate::db::media::sha_of(c, m)?,
                None => None,
            };
            Ok((a, org, cover, expires_at))
        })
        .await?;
    let expires = local_datetime(expires_at, org.timezone);
    let layout = ctx.layout(&a.title)?;
    let page = PreviewPage {
        layout,
        content_lang: a.language.clone(),
        org_name: org.name,
        cover: cover
            .map(|sha| crate::domain::paths::media(&sha, crate::domain::paths::image::COVER)),
        status: a.status(),
        title: a.title,
        byline: a.byline,
        summary: a.excerpt,
        body_html: a.body_html,
        minutes: a.reading_minutes,
        expires,
    };
    let mut res = crate::web::html(StatusCode::OK, &page)?;
    res.headers_mut().insert(
        actix_web::http::header::HeaderName::from_static("x-robots-tag"),
        actix_web::http::header::HeaderValue::from_static("noindex, nofollow"),
    );
    Ok(res)
}
