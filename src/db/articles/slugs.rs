//! Choosing a free slug, and checking that a cover belongs to the organization.

use diesel::prelude::*;

use super::super::DbConnection;
use super::super::schema::{articles, media};
use crate::domain::{ArticleSlug, Title};
use crate::error::{AppError, FieldErrors};

pub(super) fn check_cover(
    conn: &mut DbConnection,
    org_id: i64,
    cover: Option<i64>,
) -> Result<(), AppError> {
    let Some(id) = cover else { return Ok(()) };
    let found: Option<i64> = media::table
        .filter(media::id.eq(id))
        .filter(media::org_id.eq(org_id))
        .select(media::id)
        .first(conn)
        .optional()?;
    match found {
        Some(_) => Ok(()),
        None => Err(FieldErrors::single(
            "cover_media_id",
            crate::error::Msg::new("error-image-not-in-library"),
        )),
    }
}

/// The id and title of the article that has `slug` in the organization.
fn slug_owner(
    conn: &mut DbConnection,
    org_id: i64,
    slug: &str,
) -> Result<Option<(i64, String)>, AppError> {
    Ok(articles::table
        .filter(articles::org_id.eq(org_id))
        .filter(articles::slug.eq(slug))
        .select((articles::id, articles::title))
        .first(conn)
        .optional()?)
}

pub(super) fn choose_slug(
    conn: &mut DbConnection,
    org_id: i64,
    article_id: Option<i64>,
    requested: Option<&ArticleSlug>,
    title: &Title,
) -> Result<String, AppError> {
    if let Some(slug) = requested {
        return match slug_owner(conn, org_id, slug.as_str())? {
            Some((id, other)) if Some(id) != article_id => Err(FieldErrors::single(
                "slug",
                crate::error::Msg::new("error-article-slug-taken")
                    .arg("value", slug.as_str())
                    .arg("other", other),
            )),
            _ => Ok(slug.as_str().to_owned()),
        };
    }
    let base = ArticleSlug::derive(title.as_str());
    for n in 1..10_000 {
        let candidate = if n == 1 {
            base.clone()
        } else {
            base.with_suffix(n)
        };
        match slug_owner(conn, org_id, candidate.as_str())? {
            Some((id, _)) if Some(id) != article_id => continue,
            _ => return Ok(candidate.as_str().to_owned()),
        }
    }
    Err(FieldErrors::single(
        "slug",
        crate::error::Msg::new("error-article-slug-exhausted"),
    ))
}
