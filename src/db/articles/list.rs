//! The dashboard's article list: filters, title search, sort and pages.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::super::DbConnection;
use super::super::schema::{article_tags, articles, tags, users};
use crate::domain::{Category, Status};
use crate::error::AppError;

use crate::db::lower;

/// How the article list is sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Last changed first.
    #[default]
    Updated,
    /// Last published first (unpublished last).
    Published,
}

/// Filters for the dashboard's article list.
#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    /// Only this status.
    pub status: Option<Status>,
    /// Only this category.
    pub category: Option<Category>,
    /// Only articles with this tag slug.
    pub tag: Option<String>,
    /// Only this author.
    pub author_id: Option<i64>,
    /// Title contains (case-insensitive).
    pub q: String,
    /// Order.
    pub sort: Sort,
    /// Page (1-based).
    pub page: i64,
    /// Rows per page.
    pub per_page: i64,
}

/// One row of the article list.
#[derive(Clone, Debug, Queryable)]
pub struct ListItem {
    /// Id.
    pub id: i64,
    /// Slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Status.
    pub status: String,
    /// Category.
    pub category: String,
    /// Author id.
    pub author_id: Option<i64>,
    /// Author name.
    pub author_name: Option<String>,
    /// Last change.
    pub updated_at: NaiveDateTime,
    /// First publication.
    pub published_at: Option<NaiveDateTime>,
    /// Scheduled time.
    pub publish_at: Option<NaiveDateTime>,
    /// Words.
    pub word_count: i32,
}

type Boxed<'a> = diesel::dsl::IntoBoxed<
    'a,
    diesel::dsl::LeftJoin<articles::table, users::table>,
    <DbConnection as Connection>::Backend,
>;

fn filtered<'a>(org_id: i64, f: &'a ListFilter) -> Boxed<'a> {
    let mut q: Boxed<'a> = articles::table.left_join(users::table).into_boxed();
    q = q.filter(articles::org_id.eq(org_id));
    if let Some(s) = f.status {
        q = q.filter(articles::status.eq(s.as_str()));
    }
    if let Some(c) = f.category {
        q = q.filter(articles::category.eq(c.as_str()));
    }
    if let Some(a) = f.author_id {
        q = q.filter(articles::author_id.eq(a));
    }
    if let Some(t) = &f.tag {
        let tagged = article_tags::table
            .inner_join(tags::table)
            .filter(tags::org_id.eq(org_id))
            .filter(tags::slug.eq(t.as_str()))
            .select(article_tags::article_id);
        q = q.filter(articles::id.eq_any(tagged));
    }
    let needle = f.q.trim();
    if !needle.is_empty() {
        let escaped = needle
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        q = q.filter(
            lower(articles::title)
                .like(format!("%{escaped}%"))
                .escape('\\'),
        );
    }
    q
}

/// A page of the organization's articles and the total matching.
pub fn list(
    conn: &mut DbConnection,
    org_id: i64,
    f: &ListFilter,
) -> Result<(Vec<ListItem>, i64), AppError> {
    let total: i64 = filtered(org_id, f).count().get_result(conn)?;
    let per_page = f.per_page.clamp(1, 200);
    let offset = (f.page.max(1) - 1).saturating_mul(per_page);
    let q = filtered(org_id, f);
    let q = match f.sort {
        Sort::Updated => q.order((articles::updated_at.desc(), articles::id.desc())),
        Sort::Published => q.order((
            articles::published_at.is_null().asc(),
            articles::published_at.desc(),
            articles::id.desc(),
        )),
    };
    let items = q
        .select((
            articles::id,
            articles::slug,
            articles::title,
            articles::status,
            articles::category,
            articles::author_id,
            users::name.nullable(),
            articles::updated_at,
            articles::published_at,
            articles::publish_at,
            articles::word_count,
        ))
        .limit(per_page)
        .offset(offset)
        .load::<ListItem>(conn)?;
    Ok((items, total))
}
