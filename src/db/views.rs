//! Page views: one row per article per UTC day, added to in batches by
//! [`crate::views::ViewCounter`] (never a write per request), and totals for the dashboard.
//!
//! The upsert is the one place where the backends could differ (diesel's `MultiConnection` has
//! no `on_conflict`), so it is raw SQL that both accept unchanged: `INSERT … ON CONFLICT … DO
//! UPDATE` with `excluded` is PostgreSQL ≥ 9.5 and SQLite ≥ 3.24 syntax (the bundled SQLite is
//! far newer). Its values come from a `SELECT … WHERE EXISTS` on the article, so counts for an
//! article deleted since they were recorded are skipped instead of failing the batch on the
//! foreign key; the `WHERE` also settles SQLite's `INSERT … SELECT … ON CONFLICT` parsing
//! ambiguity.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date};

use super::DbConnection;
use super::schema::page_views;
use crate::error::AppError;

const ADD: &str = "INSERT INTO page_views (article_id, day, views) \
     SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM articles WHERE id = $4) \
     ON CONFLICT (article_id, day) DO UPDATE SET views = page_views.views + excluded.views";

/// Adds `views` to the article's count for `day`. `Ok(false)` when the article no longer exists
/// (nothing written). Call it inside a transaction when adding a batch.
pub fn add(
    conn: &mut DbConnection,
    article_id: i64,
    day: NaiveDate,
    views: i64,
) -> Result<bool, AppError> {
    let written = diesel::sql_query(ADD)
        .bind::<BigInt, _>(article_id)
        .bind::<Date, _>(day)
        .bind::<BigInt, _>(views)
        .bind::<BigInt, _>(article_id)
        .execute(conn)?;
    Ok(written > 0)
}

/// All-time views of each of these articles, in one grouped query; articles never viewed are
/// absent. Meant for a page of ids (a few hundred at most).
pub fn totals(conn: &mut DbConnection, ids: &[i64]) -> Result<HashMap<i64, i64>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    // SUM of a BIGINT is NUMERIC on PostgreSQL; the cast gives both backends one type.
    let rows: Vec<(i64, i64)> = page_views::table
        .filter(page_views::article_id.eq_any(ids))
        .group_by(page_views::article_id)
        .select((
            page_views::article_id,
            diesel::dsl::sql::<BigInt>("CAST(SUM(page_views.views) AS BIGINT)"),
        ))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// Views of one article per day, oldest first.
pub fn by_day(conn: &mut DbConnection, article_id: i64) -> Result<Vec<(NaiveDate, i64)>, AppError> {
    Ok(page_views::table
        .filter(page_views::article_id.eq(article_id))
        .order(page_views::day.asc())
        .select((page_views::day, page_views::views))
        .load(conn)?)
}
