//! What the sitemap lists: published articles only (like `public`), read in keyset-paginated
//! chunks of three small columns, never whole rows.

use chrono::NaiveDateTime;
use diesel::dsl::max;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{articles, organizations};
use crate::domain::Status;
use crate::error::AppError;

fn published() -> &'static str {
    Status::Published.as_str()
}

/// One published article's place in the sitemap.
#[derive(Clone, Debug, PartialEq, Eq, Queryable)]
pub struct ArticleLoc {
    /// Id, the pagination key.
    pub id: i64,
    /// Organization slug.
    pub org_slug: String,
    /// Article slug.
    pub slug: String,
    /// Last change (UTC).
    pub updated_at: NaiveDateTime,
}

/// One organization's place in the sitemap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgLoc {
    /// Slug.
    pub slug: String,
    /// When its profile last changed: its newest published article's change, or its own
    /// settings' change when that is later (or it has no published article).
    pub lastmod: NaiveDateTime,
}

/// Every organization, by slug (one row each: few enough to hold).
pub fn orgs(conn: &mut DbConnection) -> Result<Vec<OrgLoc>, AppError> {
    let rows: Vec<(String, NaiveDateTime, Option<NaiveDateTime>)> = organizations::table
        .left_join(
            articles::table.on(articles::org_id
                .eq(organizations::id)
                .and(articles::status.eq(published()))),
        )
        .group_by((
            organizations::id,
            organizations::slug,
            organizations::updated_at,
        ))
        .select((
            organizations::slug,
            organizations::updated_at,
            max(articles::updated_at.nullable()),
        ))
        .order(organizations::slug.asc())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(slug, own, newest)| OrgLoc {
            slug,
            lastmod: newest.map_or(own, |n| n.max(own)),
        })
        .collect())
}

/// How many articles are published, and the newest change among them.
pub fn article_stats(conn: &mut DbConnection) -> Result<(i64, Option<NaiveDateTime>), AppError> {
    Ok(articles::table
        .filter(articles::status.eq(published()))
        .select((diesel::dsl::count_star(), max(articles::updated_at)))
        .first(conn)?)
}

/// The id after which the published articles from position `skip` (0-based, in id order)
/// start: 0 for the first, else the id of the article just before. Reads ids only.
pub fn start_after(conn: &mut DbConnection, skip: i64) -> Result<i64, AppError> {
    if skip <= 0 {
        return Ok(0);
    }
    let id: Option<i64> = articles::table
        .filter(articles::status.eq(published()))
        .order(articles::id.asc())
        .offset(skip - 1)
        .select(articles::id)
        .first(conn)
        .optional()?;
    Ok(id.unwrap_or(i64::MAX))
}

/// Up to `limit` published articles with an id above `after_id`, in id order.
pub fn articles_after(
    conn: &mut DbConnection,
    after_id: i64,
    limit: i64,
) -> Result<Vec<ArticleLoc>, AppError> {
    Ok(articles::table
        .inner_join(organizations::table)
        .filter(articles::status.eq(published()))
        .filter(articles::id.gt(after_id))
        .order(articles::id.asc())
        .limit(limit)
        .select((
            articles::id,
            organizations::slug,
            articles::slug,
            articles::updated_at,
        ))
        .load(conn)?)
}
