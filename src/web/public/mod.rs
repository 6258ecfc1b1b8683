//! Follower-facing pages: discover, organization profiles and tag pages, articles. Every
//! page goes through the page cache (see `web::cache`): on a hit no database query runs but
//! the (at most once a second) version check.

mod article;
pub mod language;
mod listing;

pub use article::article;
pub use listing::{discover, org, tag};

use actix_web::{HttpRequest, HttpResponse, web};

use super::cache::{Page, Scope};
use crate::error::AppError;
use crate::render::site::Site;
use crate::web::AppState;

/// `Cache-Control` of public pages: shared caches may keep them a minute and serve a stale
/// copy while they revalidate.
pub const PAGE_CACHE_CONTROL: &str = "public, max-age=60, stale-while-revalidate=300";

/// The frame of a public page in `locale`; `here` is the page's own address, where the
/// language switch returns to.
fn site(state: &AppState, locale: crate::domain::Locale, here: &str) -> Site {
    Site {
        public_url: state.public_url.clone(),
        asset_version: state.asset_version,
        tr: crate::i18n::Tr::new(locale),
        languages: crate::domain::Locale::ALL
            .iter()
            .map(|l| crate::render::site::LanguageLink {
                tag: l.tag(),
                name: l.native_name(),
                href: language::link(*l, here),
                current: *l == locale,
            })
            .collect(),
    }
}

/// Serves `key` from the cache when it is still at the scope's version, else renders it with
/// `render` (which may say `NotFound`; that is not cached) and stores it. Returns the
/// response and the article it shows, if any.
pub(crate) async fn through_cache<F, Fut>(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    key: String,
    scope: Scope,
    render: F,
) -> Result<(HttpResponse, Option<i64>), AppError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<Page, AppError>>,
{
    let versions = state.cache.versions(&state.db).await?;
    let page = state
        .cache
        .get_or_render(key, versions.of(scope), render)
        .await?;
    Ok((page.respond(req), page.article_id))
}

/// A page number from the query string: absent is 1; anything but 1–10,000 is refused.
fn page_number(raw: Option<&str>) -> Result<i64, AppError> {
    crate::web::page_param(raw, 10_000)
}
