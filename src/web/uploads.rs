//! Image uploads (dashboard and API) and serving the stored files.
//!
//! An upload is read as multipart with a hard cap (the whole body is never buffered past the
//! limit), recognised and re-encoded by `media::process` on a blocking thread (at most two at
//! once: a large image needs a few hundred MB while it is decoded), written to the
//! content-addressed store, then recorded in the organization's library.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::StreamExt as _;

use crate::db::media::{self as media_db, Media, NewMedia};
use crate::error::{AppError, FieldErrors, Msg};
use crate::media::{self, MediaError, MediaStore, human_size};
use crate::web::AppState;

/// What came with an upload.
#[derive(Debug, Default)]
pub struct Upload {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Alternative text typed with it.
    pub alt: String,
    /// The CSRF token sent as a form field (dashboard forms without JavaScript).
    pub csrf_token: Option<String>,
}

/// Most fields an upload form may send.
pub const MAX_FIELDS: usize = 8;

/// Reads a multipart upload with a `file` field (and optional `alt`, `csrf_token`), refusing
/// more than `limit` bytes of file and more than [`MAX_FIELDS`] fields.
pub async fn read_upload(
    req: &HttpRequest,
    mut payload: Multipart,
    limit: u64,
) -> Result<Upload, AppError> {
    let too_large = |size: Option<u64>| match size {
        Some(size) => AppError::TooLarge(MediaError::TooLarge { size, limit }.msg()),
        None => {
            AppError::TooLarge(Msg::new("error-media-over-limit").arg("limit", human_size(limit)))
        }
    };
    // A declared length far past the limit is refused before reading anything.
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(len) = declared
        && len > limit + 64 * 1024
    {
        return Err(too_large(Some(len)));
    }
    let mut upload = Upload::default();
    let mut got_file = false;
    let mut fields = 0usize;
    while let Some(field) = payload.next().await {
        fields += 1;
        // The form has three fields; thousands of tiny ones would only cost parsing time.
        if fields > MAX_FIELDS {
            return Err(AppError::BadRequest(
                Msg::new("error-upload-fields").arg("max", MAX_FIELDS),
            ));
        }
        let mut field = field.map_err(|e| {
            AppError::BadRequest(Msg::new("error-upload-unreadable").arg("detail", e.to_string()))
        })?;
        let name = field.name().unwrap_or_default().to_owned();
        let cap = if name == "file" { limit } else { 4096 };
        let mut buf = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| {
                AppError::BadRequest(
                    Msg::new("error-upload-unreadable").arg("detail", e.to_string()),
                )
            })?;
            if (buf.len() + chunk.len()) as u64 > cap {
                return Err(if name == "file" {
                    too_large(declared.filter(|d| *d > limit))
                } else {
                    AppError::BadRequest(Msg::new("error-field-long").arg("value", name.as_str()))
                });
            }
            buf.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "file" if !got_file => {
                got_file = true;
                upload.bytes = buf;
            }
            "alt" => upload.alt = String::from_utf8_lossy(&buf).trim().to_owned(),
            "csrf_token" => upload.csrf_token = Some(String::from_utf8_lossy(&buf).into_owned()),
            _ => {}
        }
    }
    if !got_file {
        return Err(FieldErrors::single(
            "file",
            Msg::new("error-upload-no-file"),
        ));
    }
    if upload.alt.contains('\0') {
        return Err(FieldErrors::single("alt", Msg::new("error-field-nul")));
    }
    if upload.alt.chars().count() > 300 {
        return Err(FieldErrors::single(
            "alt",
            Msg::new("error-alt-long").arg("max", 300),
        ));
    }
    Ok(upload)
}

fn media_error(e: MediaError) -> AppError {
    match e {
        MediaError::TooLarge { .. } => AppError::TooLarge(e.msg()),
        MediaError::Internal(m) => {
            AppError::Unexpected(anyhow::anyhow!("processing an image: {m}"))
        }
        other => FieldErrors::single("file", other.msg()),
    }
}

/// Processes, stores and records an upload; returns the library row and whether it is new
/// (the same image uploaded again returns the existing one).
pub async fn store_upload(
    state: &web::Data<AppState>,
    org_id: i64,
    uploaded_by: Option<i64>,
    upload: Upload,
) -> Result<(Media, bool), AppError> {
    let limit = state.settings.media_max_bytes();
    let sha = media::sha256_hex(&upload.bytes);
    let existing_sha = sha.clone();
    let existing = state
        .db
        .run(move |c| media_db::by_sha(c, org_id, &existing_sha))
        .await?;
    if let Some(m) = existing {
        return Ok((m, false));
    }
    let _permit = state
        .media_permits
        .acquire()
        .await
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("media permits: {e}")))?;
    let store = MediaStore::new(state.settings.media_dir());
    let bytes = upload.bytes;
    let processed = web::block(move || -> Result<media::Processed, AppError> {
        let p = media::process(&bytes, limit).map_err(media_error)?;
        store
            .store(&p)
            .map_err(|e| AppError::Unexpected(anyhow::Error::new(e).context("storing an image")))?;
        Ok(p)
    })
    .await??;
    let new = NewMedia::of(&processed, upload.alt);
    state
        .db
        .run(move |c| media_db::add(c, org_id, &new, uploaded_by, crate::db::now()))
        .await
}

/// A library image and the articles that use it (as cover or in their text): (id, title).
pub async fn with_uses(
    state: &AppState,
    org_id: i64,
    id: i64,
) -> Result<(Media, Vec<(i64, String)>), AppError> {
    state
        .db
        .run(move |c| {
            let media = media_db::get(c, org_id, id)?;
            let used = media_db::used_by(c, org_id, &media)?;
            Ok((media, used))
        })
        .await
}

/// Removes an image from the organization's library, and its files when no other
/// organization has the same image. A file that cannot be removed is logged, not fatal: the
/// library no longer points at it.
pub async fn delete_media(state: &AppState, media: &Media) -> Result<(), AppError> {
    let (org_id, id) = (media.org_id, media.id);
    let shared = state
        .db
        .run(move |c| media_db::delete(c, org_id, id))
        .await?;
    if !shared {
        let store = MediaStore::new(state.settings.media_dir());
        let sha = media.sha256.clone();
        if let Err(e) = web::block(move || store.delete(&sha)).await? {
            tracing::warn!(error = %e, sha = %media.sha256, "could not remove image files");
        }
    }
    Ok(())
}

/// JSON description of a library image (the API's shape).
pub fn media_json(m: &Media) -> serde_json::Value {
    serde_json::to_value(crate::web::api::media::MediaItem::of(m)).unwrap_or_default()
}

/// `GET /media/{sha}/{name}`: a stored file. The address names the content, so it is cached
/// for a year.
pub async fn serve(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (sha, name) = path.into_inner();
    let store = MediaStore::new(state.settings.media_dir());
    let file = store.path(&sha, &name).ok_or(AppError::NotFound)?;
    let etag = format!("\"{sha}-{name}\"");
    let cache = "public, max-age=31536000, immutable";
    if req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == etag)
    {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, cache))
            .finish());
    }
    let kind = file
        .extension()
        .and_then(|e| e.to_str())
        .and_then(media::ImageKind::from_extension)
        .ok_or(AppError::NotFound)?;
    let bytes = web::block(move || std::fs::read(file))
        .await?
        .map_err(|_| AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type(kind.content_type())
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache))
        .body(bytes))
}
