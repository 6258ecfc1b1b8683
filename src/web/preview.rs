//! `GET /preview/{token}`: a draft shown through a signed, expiring link to someone without an
//! account. Never cached, never indexed.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;

use crate::auth::tokens::TokenError;
use crate::db::{articles, orgs};
use crate::error::AppError;
use crate::render::articles::{PreviewPage, status_label};
use crate::render::format::local_datetime;
use crate::web::context::Ctx;
use crate::web::dashboard::articles::PREVIEW_PURPOSE;

/// Shows the article the token names.
pub async fn show(ctx: Ctx, token: web::Path<String>) -> Result<HttpResponse, AppError> {
    let subject = match ctx.state.signer.verify(PREVIEW_PURPOSE, &token, Utc::now()) {
        Ok(s) => s,
        Err(TokenError::Expired) => {
            return Err(AppError::Gone(
                "This preview link has expired. Ask the editor for a new one.".to_owned(),
            ));
        }
        Err(TokenError::Invalid) => return Err(AppError::NotFound),
    };
    let id: i64 = subject.parse().map_err(|_| AppError::NotFound)?;
    let (a, org, cover) = ctx
        .state
        .db
        .run(move |c| {
            let a = articles::by_id(c, id)?;
            let org = orgs::by_id(c, a.org_id)?;
            let cover = match a.cover_media_id {
                Some(m) => crate::db::media::sha_of(c, m)?,
                None => None,
            };
            Ok((a, org, cover))
        })
        .await?;
    let expires = token
        .split('.')
        .nth(1)
        .and_then(|e| e.parse::<i64>().ok())
        .and_then(|e| chrono::DateTime::from_timestamp(e, 0))
        .map(|e| local_datetime(e.naive_utc(), &org.timezone))
        .unwrap_or_default();
    let mut layout = ctx.layout(&a.title)?;
    layout.lang = a.language.clone();
    let page = PreviewPage {
        layout,
        org_name: org.name,
        cover: cover.map(|sha| format!("/media/{sha}/cover")),
        status: status_label(a.status()),
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
