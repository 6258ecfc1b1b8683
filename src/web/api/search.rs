//! `GET /api/v1/search`: the public search as JSON (no token: it shows only what is
//! published, like `/search`). The query string is the page's, parsed strictly.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::paths;
use crate::error::AppError;
use crate::search::results;
use crate::web::AppState;
use crate::web::search as page;

/// An organization in a result.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SearchOrg {
    /// Slug (`org=` takes it).
    pub slug: String,
    /// Name.
    pub name: String,
}

/// One result.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SearchHit {
    /// Article id.
    pub id: i64,
    /// Public address (in the script asked for with `script=`).
    pub url: String,
    /// Title.
    pub title: String,
    /// Title as HTML: escaped, the words that matched in `<mark>`.
    pub title_html: String,
    /// The article's summary.
    pub summary: String,
    /// A piece of the text around what matched.
    pub snippet: String,
    /// The snippet as HTML, the words that matched in `<mark>`.
    pub snippet_html: String,
    /// The organization.
    pub org: SearchOrg,
    /// Category.
    pub category: String,
    /// Language tag.
    pub language: String,
    /// When it was published.
    pub published_at: Option<DateTime<Utc>>,
}

/// One facet value.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct FacetValue {
    /// What the parameter of that name takes.
    pub value: String,
    /// What to show.
    pub label: String,
    /// Matching articles.
    pub count: u64,
}

/// Counts of the matching articles per value, most first.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SearchFacets {
    /// By organization (`org=`).
    pub org: Vec<FacetValue>,
    /// By category (`category=`).
    pub category: Vec<FacetValue>,
    /// By language (`language=`).
    pub language: Vec<FacetValue>,
    /// By tag (`tag=`).
    pub tag: Vec<FacetValue>,
}

/// A page of results.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SearchResults {
    /// Matching articles in all.
    pub total: usize,
    /// This page.
    pub page: usize,
    /// Results per page.
    pub per_page: usize,
    /// The next page, if any.
    pub next_page: Option<usize>,
    /// The results.
    pub hits: Vec<SearchHit>,
    /// Facet counts.
    pub facets: SearchFacets,
}

fn values(v: &[results::Value]) -> Vec<FacetValue> {
    v.iter()
        .map(|v| FacetValue {
            value: v.value.clone(),
            label: v.label.clone(),
            count: v.count,
        })
        .collect()
}

/// Searches published articles.
#[utoipa::path(
    get,
    path = "/api/v1/search",
    operation_id = "search",
    tag = "search",
    params(
        ("q" = Option<String>, Query, description = "What to search for (empty: the latest). Chinese in either script; \"quoted words\" are a phrase; nothing else is an operator"),
        ("org" = Option<String>, Query, description = "Only this organization's (its slug); an unknown one matches nothing"),
        ("category" = Option<String>, Query, description = "culture, news or promotion"),
        ("tag" = Option<String>, Query, description = "Only articles with this tag"),
        ("language" = Option<String>, Query, description = "Only articles in this language (a BCP 47 tag)"),
        ("sort" = Option<String>, Query, description = "relevance (default) or newest"),
        ("script" = Option<String>, Query, description = "hans or hant: Chinese results (titles, snippets, addresses) in this script"),
        ("page" = Option<i64>, Query, description = "Page number, from 1 (at most 1,000; past the last page: no hits)"),
        ("per_page" = Option<i64>, Query, description = "Results per page, 1–50 (default 10)"),
    ),
    responses(
        (status = 200, description = "A page of results with facet counts", body = SearchResults),
        (status = 400, description = "A bad query parameter", body = crate::web::api::model::ErrorBody),
        (status = 503, description = "The search engine is not answering", body = crate::web::api::model::ErrorBody),
    )
)]
pub async fn search(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let p = page::parse(req.query_string(), true)?;
    let (mut found, _) = page::run(&state, &p).await?;
    page::label_facets(&mut found.facets, None);
    let base = state.public_url.clone();
    let hits = found
        .results
        .iter()
        .map(|r| {
            let shown = page::shown(r, p.script);
            SearchHit {
                id: r.id,
                url: paths::absolute(&base, &shown.url),
                title: shown.title.plain(),
                title_html: shown.title.html(),
                summary: shown.summary,
                snippet: shown.snippet.plain(),
                snippet_html: shown.snippet.html(),
                org: SearchOrg {
                    slug: r.row.org_slug.clone(),
                    name: r.row.org_name.clone(),
                },
                category: r.row.category.clone(),
                language: r.row.language.clone(),
                published_at: r.row.published_at.map(|t| t.and_utc()),
            }
        })
        .collect();
    let f = &found.facets;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(SearchResults {
            total: found.total,
            page: found.page,
            per_page: found.per_page,
            next_page: found.next_page(),
            hits,
            facets: SearchFacets {
                org: values(&f.org),
                category: values(&f.category),
                language: values(&f.language),
                tag: values(&f.tag),
            },
        }))
}
