//! The media library page: upload (button, or drop and paste in the editor), browse, alt text,
//! delete (asking first when articles use the image). Editors and owners change any image;
//! authors and contributors only their own uploads that no article uses.

use actix_multipart::Multipart;
use actix_session::SessionExt as _;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::db::media::{self as media_db, Media};
use crate::domain::Permission;
use crate::error::AppError;
use crate::media::human_size;
use crate::render::Flash;
use crate::render::media::{LibraryItem, LibraryPage, MediaDeletePage};
use crate::web::context::Ctx;
use crate::web::csrf::CsrfForm;
use crate::web::member::{Can, Member, perm};
use crate::web::session;
use crate::web::uploads::{delete_media, media_json, read_upload, store_upload, with_uses};

const PER_PAGE: i64 = 48;

/// Page number of the library.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    page: Option<String>,
}

fn library_url(m: &Member) -> String {
    format!("/dashboard/{}/media", m.org.slug)
}

/// `GET /dashboard/{org}/media`.
pub async fn page(
    ctx: Ctx,
    m: Can<perm::WriteDrafts>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = crate::web::page_param(query.page.as_deref(), 1_000_000)?;
    let org_id = m.org.id;
    let (items, total) = ctx
        .state
        .db
        .run(move |c| media_db::list(c, org_id, page, PER_PAGE))
        .await?;
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let tz = m.org.timezone;
    let manages = m.role.can(Permission::ManageArticles);
    let mut layout = ctx.member_layout(&m, "", "media").await?;
    layout.title = layout.tr.t("dash-media-title");
    let page_view = LibraryPage {
        layout,
        slug: m.org.slug.clone(),
        limit: human_size(ctx.state.settings.media_max_bytes()),
        items: items
            .into_iter()
            .map(|x| LibraryItem {
                changeable: manages || x.uploaded_by == Some(m.user.id),
                markdown: x.markdown(),
                size: human_size(u64::try_from(x.size_bytes).unwrap_or(0)),
                uploaded: crate::render::format::local_date(x.created_at, tz),
                id: x.id,
                sha256: x.sha256,
                width: x.width,
                height: x.height,
                alt: x.alt,
            })
            .collect(),
        total,
        page,
        prev: (page > 1).then(|| format!("{}?page={}", library_url(&m), page - 1)),
        next: (page < pages).then(|| format!("{}?page={}", library_url(&m), page + 1)),
    };
    crate::web::html(StatusCode::OK, &page_view)
}

/// `POST /dashboard/{org}/media` (multipart: `file`, `alt`, and the CSRF token as an
/// `X-CSRF-Token` header or a `csrf_token` field). JSON for the editor's script, a redirect
/// to the library for the plain form.
pub async fn upload(
    req: HttpRequest,
    ctx: Ctx,
    m: Can<perm::WriteDrafts>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let header_token = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let limit = ctx.state.settings.media_max_bytes();
    // Refuse a forged request before reading a large body.
    if let Some(t) = &header_token {
        session::verify_csrf(&req.get_session(), Some(t))?;
    }
    let upload = read_upload(&req, payload, limit).await?;
    if header_token.is_none() {
        session::verify_csrf(&req.get_session(), upload.csrf_token.as_deref())?;
    }
    let (media, created) = store_upload(&ctx.state, m.org.id, Some(m.user.id), upload).await?;
    if crate::web::errors::wants_json(&req) {
        let status = if created {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        };
        return Ok(HttpResponse::build(status).json(media_json(&media)));
    }
    session::flash(
        &ctx.session,
        Flash::success(ctx.tr_member(&m).t(if created {
            "flash-image-uploaded"
        } else {
            "flash-image-already-there"
        })),
    );
    Ok(crate::web::see_other(&library_url(&m)))
}

/// New alternative text.
#[derive(Debug, Deserialize)]
pub struct AltForm {
    #[serde(default)]
    alt: String,
}

/// `POST /dashboard/{org}/media/{id}/alt`.
pub async fn set_alt(
    ctx: Ctx,
    m: Can<perm::WriteDrafts>,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<AltForm>,
) -> Result<HttpResponse, AppError> {
    let alt = form.alt.trim().to_owned();
    if alt.chars().count() > 300 {
        session::flash(
            &ctx.session,
            Flash::error(
                ctx.tr_member(&m)
                    .msg(&crate::error::Msg::new("error-alt-long").arg("max", 300)),
            ),
        );
        return Ok(crate::web::see_other(&library_url(&m)));
    }
    let (org_id, id) = (m.org.id, path.1);
    let (media, used_by) = with_uses(&ctx.state, org_id, id).await?;
    may_change(&m, &media, &used_by)?;
    ctx.state
        .db
        .run(move |c| media_db::set_alt(c, org_id, id, &alt))
        .await?;
    session::flash(
        &ctx.session,
        Flash::success(ctx.tr_member(&m).t("flash-alt-saved")),
    );
    Ok(crate::web::see_other(&library_url(&m)))
}

/// `POST /dashboard/{org}/media/{id}/delete`: an image that articles use is deleted only after
/// a confirmation that lists them.
pub async fn delete(
    ctx: Ctx,
    m: Can<perm::WriteDrafts>,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<super::ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    let (org_id, id) = (m.org.id, path.1);
    let (media, used_by) = with_uses(&ctx.state, org_id, id).await?;
    may_change(&m, &media, &used_by)?;
    if !used_by.is_empty() && !form.confirmed() {
        let mut layout = ctx.member_layout(&m, "", "media").await?;
        layout.title = layout.tr.t("dash-media-delete-title");
        let page = MediaDeletePage {
            layout,
            slug: m.org.slug.clone(),
            id: media.id,
            sha256: media.sha256.clone(),
            alt: media.alt.clone(),
            used_by,
        };
        return crate::web::html(StatusCode::CONFLICT, &page);
    }
    delete_media(&ctx.state, &media).await?;
    session::flash(
        &ctx.session,
        Flash::success(ctx.tr_member(&m).t("flash-image-deleted")),
    );
    Ok(crate::web::see_other(&library_url(&m)))
}

/// Editors and owners may change any image of the library; authors and contributors only
/// images they uploaded themselves and that no article uses (someone else's article would lose
/// its picture or its description).
fn may_change(m: &Member, media: &Media, used_by: &[(i64, String)]) -> Result<(), AppError> {
    if m.role.can(Permission::ManageArticles) {
        return Ok(());
    }
    if media.uploaded_by != Some(m.user.id) {
        return Err(AppError::Forbidden(crate::error::Msg::new(
            "error-media-not-yours",
        )));
    }
    if !used_by.is_empty() {
        return Err(AppError::Forbidden(crate::error::Msg::new(
            "error-media-in-use-ask",
        )));
    }
    Ok(())
}
