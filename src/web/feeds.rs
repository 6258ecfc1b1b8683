//! Atom feeds of an organization's newest published articles, in full:
//!
//! - `GET /@{org}/feed.atom` — every category;
//! - `GET /@{org}/feed/{category}.atom` — `culture`, `news` or `promotion` only.
//!
//! Neither can be taken for an article page `/@{org}/{slug}`: a slug has no dot and is one
//! path segment. Register these routes before that one all the same, since actix tries routes
//! in order. Unknown organizations and categories are 404.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDateTime;

use crate::db::articles::{self, Detailed};
use crate::db::orgs::{self, Organization};
use crate::db::public::{self, Listing};
use crate::domain::{Category, paths};
use crate::error::AppError;
use crate::render::feed::{FeedEntry, FeedMeta, atom, tag_uri};
use crate::web::AppState;

/// Entries in a feed.
pub const FEED_SIZE: i64 = 50;

/// The media type of an Atom document.
pub const ATOM: &str = "application/atom+xml; charset=utf-8";

/// Registers the feed routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/@{org}/feed.atom", web::get().to(org_feed))
        .route(
            "/@{org}/feed/{category:[a-z]+}.atom",
            web::get().to(category_feed),
        );
}

/// `GET /@{org}/feed.atom`.
pub async fn org_feed(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    feed(&req, &state, path.into_inner(), None).await
}

/// `GET /@{org}/feed/{category}.atom`.
pub async fn category_feed(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (org, category) = path.into_inner();
    let category = category
        .parse::<Category>()
        .map_err(|_| AppError::NotFound)?;
    feed(&req, &state, org, Some(category)).await
}

async fn feed(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    org: String,
    category: Option<Category>,
) -> Result<HttpResponse, AppError> {
    // Through the page cache: rendered (and compressed) once per change of the organization.
    let versions = state.cache.versions(&state.db).await?;
    let org_id = versions.org_id(&org).ok_or(AppError::NotFound)?;
    let key = format!("feed|{org_id}|{}", category.map_or("", |c| c.as_str()));
    let st = state.clone();
    let (res, _) = crate::web::public::through_cache(
        req,
        state,
        key,
        crate::web::cache::Scope::Org(org_id),
        move || async move {
            let (body, updated) = render(&st, org, category).await?;
            Ok(crate::web::cache::Page::new(
                ATOM,
                "public, max-age=300",
                body,
                Some(updated),
            ))
        },
    )
    .await?;
    Ok(res)
}

async fn render(
    state: &AppState,
    org: String,
    category: Option<Category>,
) -> Result<(String, NaiveDateTime), AppError> {
    let (org, items) = state
        .db
        .run(move |conn| {
            let org = orgs::by_slug(conn, &org)?.ok_or(AppError::NotFound)?;
            let listing = Listing {
                org_id: Some(org.id),
                category,
                limit: FEED_SIZE,
                ..Listing::default()
            };
            let (cards, _) = public::list(conn, &listing)?;
            let ids: Vec<i64> = cards.iter().map(|c| c.id).collect();
            let items = articles::detailed(conn, org.id, &ids)?;
            Ok((org, items))
        })
        .await?;
    let public_url = state.public_url.clone();
    // Re-sanitizing fifty bodies is CPU work: off the async workers, with no connection held.
    web::block(move || document(&public_url, &org, category, &items)).await?
}

/// The Atom document of these articles (newest first) and its `updated` time. Articles that
/// are not published (unpublished since they were listed) are left out.
pub fn document(
    public_url: &str,
    org: &Organization,
    category: Option<Category>,
    items: &[Detailed],
) -> Result<(String, NaiveDateTime), AppError> {
    let entries = items
        .iter()
        .filter(|d| d.article.status() == crate::domain::Status::Published)
        .map(|d| entry(public_url, org, d))
        .collect::<Result<Vec<_>, _>>()?;
    // The organization's name and description are in the feed too.
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .fold(org.updated_at, NaiveDateTime::max);
    let profile = paths::absolute(public_url, &paths::profile(&org.slug));
    let (title, self_url, specific) = match category {
        None => (
            org.name.clone(),
            paths::absolute(public_url, &paths::feed(&org.slug, None)),
            format!("org-{}", org.id),
        ),
        Some(c) => (
            format!("{} · {}", org.name, label(c)),
            format!("{profile}/feed/{}.atom", c.as_str()),
            format!("org-{}-{}", org.id, c.as_str()),
        ),
    };
    let meta = FeedMeta {
        id: tag_uri(public_url, org.created_at.date(), &specific),
        title,
        subtitle: org.description.clone(),
        lang: org.language.clone(),
        self_url,
        alternate_url: profile,
        updated,
        author: org.name.clone(),
        generator_uri: format!("{public_url}/"),
    };
    let body = atom(&meta, &entries)
        .map_err(|e| AppError::Unexpected(anyhow::Error::new(e).context("writing a feed")))?;
    Ok((body, updated))
}

fn entry(public_url: &str, org: &Organization, d: &Detailed) -> Result<FeedEntry, AppError> {
    let a = &d.article;
    let url = paths::absolute(public_url, &paths::article(&org.slug, &a.slug));
    let base = url::Url::parse(&url).map_err(|e| {
        AppError::Unexpected(anyhow::Error::new(e).context(format!("article URL {url}")))
    })?;
    let published = a.published_at.unwrap_or(a.updated_at);
    let author = if !a.byline.trim().is_empty() {
        a.byline.clone()
    } else {
        d.author_name.clone().unwrap_or_else(|| org.name.clone())
    };
    Ok(FeedEntry {
        id: tag_uri(public_url, published.date(), &format!("article-{}", a.id)),
        title: a.title.clone(),
        published,
        updated: a.updated_at,
        summary: a.excerpt.clone(),
        content_html: crate::render::markdown::resolve_urls(&a.body_html, &base),
        category: a.category.as_str().to_owned(),
        author,
        lang: a.language.clone(),
        url,
    })
}

fn label(c: Category) -> &'static str {
    match c {
        Category::Culture => "Culture",
        Category::News => "News",
        Category::Promotion => "Promotion",
    }
}
