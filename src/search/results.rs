//! A search as the pages and the API run it: the engine's hits joined with what the database
//! says of them now (addresses, organization names, and whether each is still published: a
//! hit the index holds after an unpublish is dropped, never shown), facet values labelled,
//! and the query counted for the organizations it concerns.

use chrono::NaiveDateTime;

use super::stats::QueryStats;
use super::{Engine, Filters, Index, Marked, Query, Scope, SearchError, Sort};
use crate::db::Db;
use crate::db::search::HitRow;
use crate::domain::Msg;
use crate::error::AppError;

/// Results per page unless asked otherwise, and at most.
pub const PER_PAGE: usize = 10;
/// The most results per page a caller may ask for.
pub const MAX_PER_PAGE: usize = 50;

/// A search to run.
#[derive(Clone, Debug)]
pub struct Request {
    /// What was typed.
    pub q: String,
    /// Whose articles.
    pub scope: Scope,
    /// Facet values.
    pub filters: Filters,
    /// Order.
    pub sort: Sort,
    /// Page, from 1.
    pub page: usize,
    /// Results per page (1..=[`MAX_PER_PAGE`]).
    pub per_page: usize,
}

/// One result, ready to show.
#[derive(Clone, Debug)]
pub struct Result {
    /// Article id.
    pub id: i64,
    /// The article's row.
    pub row: HitRow,
    /// Title, highlighted.
    pub title: Marked,
    /// Snippet, highlighted.
    pub snippet: Marked,
    /// Whether it came from the drafts index (editors only).
    pub draft: bool,
}

/// One facet value with its count (and, for organizations, their slug and name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    /// What the filter takes (an organization's slug, a category, a language, a tag).
    pub value: String,
    /// What is shown.
    pub label: String,
    /// Matching articles.
    pub count: u64,
}

/// Facets with labels.
#[derive(Clone, Debug, Default)]
pub struct Facets {
    /// Organizations.
    pub org: Vec<Value>,
    /// Categories.
    pub category: Vec<Value>,
    /// Languages.
    pub language: Vec<Value>,
    /// Tags.
    pub tag: Vec<Value>,
}

/// A page of results.
#[derive(Clone, Debug)]
pub struct Page {
    /// Matching articles in all.
    pub total: usize,
    /// This page's number.
    pub page: usize,
    /// Results per page.
    pub per_page: usize,
    /// The results.
    pub results: Vec<Result>,
    /// Facet counts.
    pub facets: Facets,
}

impl Page {
    /// The number of the next page, if there is one.
    pub fn next_page(&self) -> Option<usize> {
        let shown = self.page.saturating_mul(self.per_page);
        (shown < self.total.min(super::MAX_RESULTS)).then_some(self.page + 1)
    }

    /// The number of pages.
    pub fn pages(&self) -> usize {
        self.total
            .min(super::MAX_RESULTS)
            .div_ceil(self.per_page.max(1))
    }
}

/// The error a reader sees when the engine does not answer.
pub fn unavailable(e: &SearchError) -> AppError {
    AppError::Unavailable {
        message: Msg::new("error-search-unavailable"),
        cause: e.to_string(),
    }
}

/// Runs `req`: the engine, then one database query for the page's rows and one for the
/// organizations' names in the facets; counts the query when `stats` is given.
pub async fn run(
    engine: &Engine,
    db: &Db,
    stats: Option<&QueryStats>,
    req: &Request,
    now: NaiveDateTime,
) -> std::result::Result<Page, AppError> {
    let per_page = req.per_page.clamp(1, MAX_PER_PAGE);
    let page = req.page.max(1);
    let offset = (page - 1).saturating_mul(per_page);
    let query = Query {
        text: req.q.clone(),
        scope: req.scope,
        filters: req.filters.clone(),
        sort: req.sort,
        offset,
        limit: per_page,
    };
    let found = engine.search(query).await.map_err(|e| unavailable(&e))?;
    let public = matches!(req.scope, Scope::Public { .. });
    let ids: Vec<i64> = found.hits.iter().map(|h| h.id).collect();
    let org_ids: Vec<i64> = found.facets.org.iter().map(|(id, _)| *id).collect();
    let (mut rows, orgs) = db
        .run(move |c| {
            Ok((
                crate::db::search::hit_rows(c, &ids, public)?,
                crate::db::search::org_labels(c, &org_ids)?,
            ))
        })
        .await?;
    let results: Vec<Result> = found
        .hits
        .into_iter()
        .filter_map(|h| {
            let row = rows.remove(&h.id)?;
            // A hit of another organization in an editor's search cannot happen (the engine
            // filters); dropped all the same.
            if let Scope::Editor { org } = req.scope
                && row.org_id != org
            {
                return None;
            }
            Some(Result {
                id: h.id,
                row,
                title: h.title,
                snippet: h.snippet,
                draft: h.index == Index::Drafts,
            })
        })
        .collect();
    let f = found.facets;
    let plain = |v: Vec<(String, u64)>| -> Vec<Value> {
        v.into_iter()
            .map(|(value, count)| Value {
                label: value.clone(),
                value,
                count,
            })
            .collect()
    };
    let facets = Facets {
        org: f
            .org
            .into_iter()
            .filter_map(|(id, count)| {
                let (slug, name) = orgs.get(&id)?.clone();
                Some(Value {
                    value: slug,
                    label: name,
                    count,
                })
            })
            .collect(),
        category: plain(f.category),
        language: plain(f.language),
        tag: plain(f.tag),
    };
    if let Some(stats) = stats
        && page == 1
    {
        let orgs: Vec<i64> = match req.scope {
            Scope::Public { org: Some(org) } | Scope::Editor { org } => vec![org],
            Scope::Public { org: None } => results
                .iter()
                .map(|r| r.row.org_id)
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
        };
        stats.record(&orgs, &req.q, found.total > 0, now);
    }
    Ok(Page {
        total: found.total,
        page,
        per_page,
        results,
        facets,
    })
}
