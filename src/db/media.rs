//! The media library's rows: one per image per organization (files are shared on disk by
//! SHA-256, so the same upload in two organizations is stored once).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{articles, media};
use super::{DbConnection, write_tx};
use crate::error::AppError;

/// A library image.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = media)]
pub struct Media {
    /// Id.
    pub id: i64,
    /// Organization.
    pub org_id: i64,
    /// SHA-256 of the uploaded bytes (lower-case hex); names the files.
    pub sha256: String,
    /// MIME type of the stored original.
    pub content_type: String,
    /// Size of the stored original.
    pub size_bytes: i64,
    /// Width in pixels.
    pub width: i32,
    /// Height in pixels.
    pub height: i32,
    /// Alternative text.
    pub alt: String,
    /// Who uploaded it.
    pub uploaded_by: Option<i64>,
    /// When.
    pub created_at: NaiveDateTime,
}

impl Media {
    /// How a chooser (cover, avatar) names the image: its id and alt text, or its size.
    pub fn label(&self) -> String {
        if self.alt.is_empty() {
            format!("#{} ({}×{})", self.id, self.width, self.height)
        } else {
            format!("#{} {}", self.id, self.alt)
        }
    }

    /// Markdown that shows the image in an article (brackets in the alt text would end it).
    pub fn markdown(&self) -> String {
        format!(
            "![{}]({})",
            self.alt.replace(['[', ']'], ""),
            crate::domain::paths::media(&self.sha256, crate::domain::paths::image::BODY)
        )
    }
}

/// What a processed upload adds.
#[derive(Clone, Debug)]
pub struct NewMedia {
    /// SHA-256 of the upload.
    pub sha256: String,
    /// MIME type.
    pub content_type: String,
    /// Bytes of the stored original.
    pub size_bytes: i64,
    /// Width.
    pub width: i32,
    /// Height.
    pub height: i32,
    /// Alternative text.
    pub alt: String,
}

impl NewMedia {
    /// The row for a processed (and stored) upload.
    pub fn of(processed: &crate::media::Processed, alt: String) -> NewMedia {
        NewMedia {
            sha256: processed.sha256.clone(),
            content_type: processed.kind.content_type().to_owned(),
            size_bytes: i64::try_from(processed.original.len()).unwrap_or(i64::MAX),
            width: i32::try_from(processed.width).unwrap_or(i32::MAX),
            height: i32::try_from(processed.height).unwrap_or(i32::MAX),
            alt,
        }
    }
}

/// Adds an image to the library, or returns the one with the same SHA-256 (and `false`).
pub fn add(
    conn: &mut DbConnection,
    org_id: i64,
    new: &NewMedia,
    uploaded_by: Option<i64>,
    now: NaiveDateTime,
) -> Result<(Media, bool), AppError> {
    write_tx(conn, |conn| {
        super::lock_org(conn, org_id)?;
        if let Some(m) = by_sha(conn, org_id, &new.sha256)? {
            return Ok((m, false));
        }
        let id = diesel::insert_into(media::table)
            .values((
                media::org_id.eq(org_id),
                media::sha256.eq(&new.sha256),
                media::content_type.eq(&new.content_type),
                media::size_bytes.eq(new.size_bytes),
                media::width.eq(new.width),
                media::height.eq(new.height),
                media::alt.eq(&new.alt),
                media::uploaded_by.eq(uploaded_by),
                media::created_at.eq(now),
            ))
            .returning(media::id)
            .get_result::<i64>(conn)?;
        Ok((get(conn, org_id, id)?, true))
    })
}

/// The organization's image with this SHA-256, if any.
pub fn by_sha(conn: &mut DbConnection, org_id: i64, sha: &str) -> Result<Option<Media>, AppError> {
    Ok(media::table
        .filter(media::org_id.eq(org_id))
        .filter(media::sha256.eq(sha))
        .select(Media::as_select())
        .first(conn)
        .optional()?)
}

/// The image with this id in the organization (404 otherwise).
pub fn get(conn: &mut DbConnection, org_id: i64, id: i64) -> Result<Media, AppError> {
    media::table
        .filter(media::org_id.eq(org_id))
        .filter(media::id.eq(id))
        .select(Media::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)
}

/// The SHA-256 of an image by id, whatever its organization (for cover URLs).
pub fn sha_of(conn: &mut DbConnection, id: i64) -> Result<Option<String>, AppError> {
    Ok(media::table
        .find(id)
        .select(media::sha256)
        .first(conn)
        .optional()?)
}

/// A page of the library, newest first, and the total.
pub fn list(
    conn: &mut DbConnection,
    org_id: i64,
    page: i64,
    per_page: i64,
) -> Result<(Vec<Media>, i64), AppError> {
    let total = media::table
        .filter(media::org_id.eq(org_id))
        .count()
        .get_result(conn)?;
    let items = media::table
        .filter(media::org_id.eq(org_id))
        .order(media::id.desc())
        .limit(per_page)
        .offset((page.max(1) - 1).saturating_mul(per_page))
        .select(Media::as_select())
        .load(conn)?;
    Ok((items, total))
}

/// Changes the alternative text.
pub fn set_alt(conn: &mut DbConnection, org_id: i64, id: i64, alt: &str) -> Result<(), AppError> {
    let n = diesel::update(
        media::table
            .filter(media::org_id.eq(org_id))
            .filter(media::id.eq(id)),
    )
    .set(media::alt.eq(alt))
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Articles of the organization that use the image, as cover or in their text: (id, title).
pub fn used_by(
    conn: &mut DbConnection,
    org_id: i64,
    m: &Media,
) -> Result<Vec<(i64, String)>, AppError> {
    let pattern = format!("%/media/{}/%", m.sha256);
    Ok(articles::table
        .filter(articles::org_id.eq(org_id))
        .filter(
            articles::cover_media_id
                .eq(m.id)
                .or(articles::body_markdown.like(pattern)),
        )
        .order(articles::title.asc())
        .select((articles::id, articles::title))
        .load(conn)?)
}

/// Removes the image from the library (covers that used it are cleared). Returns whether any
/// organization still has the same file, in which case it must stay on disk.
pub fn delete(conn: &mut DbConnection, org_id: i64, id: i64) -> Result<bool, AppError> {
    write_tx(conn, |conn| {
        let m = get(conn, org_id, id)?;
        diesel::delete(media::table.find(id)).execute(conn)?;
        // Covers may have changed on public pages.
        super::orgs::bump_content(conn, org_id)?;
        let others: i64 = media::table
            .filter(media::sha256.eq(&m.sha256))
            .count()
            .get_result(conn)?;
        Ok(others > 0)
    })
}
