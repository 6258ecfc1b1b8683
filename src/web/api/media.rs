//! `/api/v1/media`: upload an image (multipart), list, get and delete the organization's
//! library images.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::ApiClient;
use super::model::ErrorBody;
use crate::db::media::{self as media_db, Media};
use crate::error::{AppError, Msg};
use crate::web::AppState;
use crate::web::uploads::{delete_media, read_upload, store_upload, with_uses};

/// A library image and the addresses of its files.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct MediaItem {
    /// Id (use it as an article's `cover_media_id`).
    pub id: i64,
    /// SHA-256 of the uploaded bytes; names the files.
    pub sha256: String,
    /// MIME type of the stored original.
    pub content_type: String,
    /// Bytes of the stored original (metadata removed).
    pub size_bytes: i64,
    /// Width in pixels.
    pub width: i32,
    /// Height in pixels.
    pub height: i32,
    /// Alternative text.
    pub alt: String,
    /// The original (without metadata).
    pub url: String,
    /// At most 1280 pixels wide: for article text.
    pub body_url: String,
    /// 1200×630: for covers and link previews.
    pub cover_url: String,
    /// At most 320×320: for lists.
    pub thumb_url: String,
    /// Markdown that shows the image in an article.
    pub markdown: String,
    /// Upload time (RFC 3339, UTC).
    pub created_at: String,
}

impl MediaItem {
    /// The API shape of a library row (URLs are site-relative).
    pub fn of(m: &Media) -> MediaItem {
        use crate::domain::paths::{image, media};
        let sha = m.sha256.as_str();
        MediaItem {
            id: m.id,
            sha256: m.sha256.clone(),
            content_type: m.content_type.clone(),
            size_bytes: m.size_bytes,
            width: m.width,
            height: m.height,
            alt: m.alt.clone(),
            url: media(sha, image::ORIGINAL),
            body_url: media(sha, image::BODY),
            cover_url: media(sha, image::COVER),
            thumb_url: media(sha, image::THUMB),
            markdown: m.markdown(),
            created_at: m
                .created_at
                .and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }
}

/// A page of images, newest first.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct MediaList {
    /// Images on this page.
    pub items: Vec<MediaItem>,
    /// Images in all.
    pub total: i64,
    /// The next page number, or null on the last page.
    #[schema(required = true)]
    pub next_page: Option<i64>,
}

/// The multipart form of an upload (for the document).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct MediaUpload {
    /// The image: JPEG, PNG, WebP or GIF, recognised by content; at most `media_max_mb`.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// Alternative text (optional, ≤ 300 characters).
    alt: Option<String>,
}

/// Upload an image. The same bytes uploaded again return the existing image (200).
#[utoipa::path(
    post,
    path = "/api/v1/media",
    operation_id = "upload_media",
    tag = "media",
    request_body(content = MediaUpload, content_type = "multipart/form-data"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Stored", body = MediaItem),
        (status = 200, description = "Already in the library", body = MediaItem),
        (status = 400, description = "Not a multipart upload", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 413, description = "Larger than the limit", body = ErrorBody),
        (status = 422, description = "Not a JPEG, PNG, WebP or GIF, or damaged", body = ErrorBody),
    )
)]
pub async fn upload(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: ApiClient,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let upload = read_upload(&req, payload, state.settings.media_max_bytes()).await?;
    let (m, created) = store_upload(&state, client.org.id, client.created_by, upload).await?;
    let mut res = if created {
        HttpResponse::Created()
    } else {
        HttpResponse::Ok()
    };
    Ok(res.json(MediaItem::of(&m)))
}

fn page_params(qs: &str) -> Result<(i64, i64), AppError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(qs).map_err(|e| {
        AppError::BadRequest(Msg::new("error-query-invalid").arg("detail", e.to_string()))
    })?;
    let (mut page, mut per_page) = (1, 50);
    for (name, value) in pairs {
        let max = match name.as_str() {
            "page" => 1_000_000,
            "per_page" => 200,
            other => {
                return Err(AppError::BadRequest(
                    Msg::new("error-query-unknown")
                        .arg("value", other)
                        .arg("known", "page, per_page"),
                ));
            }
        };
        let n = super::query::number(&name, &value, max)?;
        if name == "page" {
            page = n;
        } else {
            per_page = n;
        }
    }
    Ok((page, per_page))
}

/// List the library, newest first (`?page=&per_page=`, up to 200 a page).
#[utoipa::path(
    get,
    path = "/api/v1/media",
    operation_id = "list_media",
    tag = "media",
    params(
        ("page" = Option<i64>, Query, description = "Page number, from 1"),
        ("per_page" = Option<i64>, Query, description = "Images per page, 1–200 (default 50)"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of images", body = MediaList),
        (status = 400, description = "A bad query parameter", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
    )
)]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: ApiClient,
) -> Result<HttpResponse, AppError> {
    let (page, per_page) = page_params(req.query_string())?;
    let org_id = client.org.id;
    let (items, total) = state
        .db
        .run(move |c| media_db::list(c, org_id, page, per_page))
        .await?;
    Ok(HttpResponse::Ok().json(MediaList {
        items: items.iter().map(MediaItem::of).collect(),
        total,
        next_page: (page.saturating_mul(per_page) < total).then_some(page + 1),
    }))
}

/// One image.
#[utoipa::path(
    get,
    path = "/api/v1/media/{id}",
    operation_id = "get_media",
    tag = "media",
    params(("id" = i64, Path, description = "Image id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The image", body = MediaItem),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such image in this organization", body = ErrorBody),
    )
)]
pub async fn get(
    state: web::Data<AppState>,
    client: ApiClient,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (org_id, id) = (client.org.id, id.into_inner());
    let m = state.db.run(move |c| media_db::get(c, org_id, id)).await?;
    Ok(HttpResponse::Ok().json(MediaItem::of(&m)))
}

/// Delete an image. One that articles use is refused with 409 (naming them) unless
/// `?force=true`; forcing clears their covers.
#[utoipa::path(
    delete,
    path = "/api/v1/media/{id}",
    operation_id = "delete_media",
    tag = "media",
    params(
        ("id" = i64, Path, description = "Image id"),
        ("force" = Option<bool>, Query, description = "Delete even when articles use it"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such image in this organization", body = ErrorBody),
        (status = 409, description = "Articles use it", body = ErrorBody),
    )
)]
pub async fn delete(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: ApiClient,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let force = match req.query_string() {
        "" | "force=false" => false,
        "force=true" => true,
        other => {
            return Err(AppError::BadRequest(
                Msg::new("error-media-force-query").arg("value", other),
            ));
        }
    };
    let (org_id, id) = (client.org.id, id.into_inner());
    let (m, used) = with_uses(&state, org_id, id).await?;
    if !used.is_empty() && !force {
        let titles: Vec<String> = used.iter().map(|(_, t)| format!("“{t}”")).collect();
        return Err(AppError::Conflict(
            Msg::new("error-media-in-use-api").arg("titles", titles.join(", ")),
        ));
    }
    delete_media(&state, &m).await?;
    Ok(HttpResponse::NoContent().finish())
}
