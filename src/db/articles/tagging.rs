//! An article's tags, created on the fly per organization.

use diesel::prelude::*;

use super::super::DbConnection;
use super::super::schema::{article_tags, tags};
use crate::domain::TagName;
use crate::error::AppError;

/// Replaces the article's tags, creating new ones in the organization.
pub(super) fn set_tags(
    conn: &mut DbConnection,
    org_id: i64,
    article_id: i64,
    wanted: &[TagName],
) -> Result<(), AppError> {
    diesel::delete(article_tags::table.filter(article_tags::article_id.eq(article_id)))
        .execute(conn)?;
    if wanted.is_empty() {
        return Ok(());
    }
    let slugs: Vec<&str> = wanted.iter().map(|t| t.slug.as_str()).collect();
    let mut existing: Vec<(i64, String)> = tags::table
        .filter(tags::org_id.eq(org_id))
        .filter(tags::slug.eq_any(&slugs))
        .select((tags::id, tags::slug))
        .load(conn)?;
    if existing.len() < wanted.len() {
        // New tags: serialize creators so the unique index never aborts the transaction.
        super::super::lock_org(conn, org_id)?;
        for tag in wanted {
            if existing.iter().any(|(_, s)| *s == tag.slug) {
                continue;
            }
            let found: Option<i64> = tags::table
                .filter(tags::org_id.eq(org_id))
                .filter(tags::slug.eq(&tag.slug))
                .select(tags::id)
                .first(conn)
                .optional()?;
            let id = match found {
                Some(id) => id,
                None => diesel::insert_into(tags::table)
                    .values((
                        tags::org_id.eq(org_id),
                        tags::slug.eq(&tag.slug),
                        tags::name.eq(&tag.name),
                    ))
                    .returning(tags::id)
                    .get_result::<i64>(conn)?,
            };
            existing.push((id, tag.slug.clone()));
        }
    }
    for (tag_id, _) in existing {
        diesel::insert_into(article_tags::table)
            .values((
                article_tags::article_id.eq(article_id),
                article_tags::tag_id.eq(tag_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}
