//! Follower-facing pages: discover, organization profiles and tag pages, articles. Every
//! page goes through the page cache (see `web::cache`): on a hit no database query runs but
//! the (at most once a second) version check.

mod article;
pub mod language;
mod listing;

pub use article::{article, qr};
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
pub(crate) fn site(state: &AppState, locale: crate::domain::Locale, here: &str) -> Site {
    Site {
        public_url: state.public_url.clone(),
        asset_version: state.asset_version,
        tr: crate::i18n::Tr::new(locale),
        push_key: state.push_key.clone(),
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

/// The script a public page was asked for with `?script=`: absent, or exactly `hans` or
/// `hant`; anything else is refused, naming the choices.
pub(crate) fn asked_script(
    req: &HttpRequest,
) -> Result<Option<crate::domain::ChineseScript>, AppError> {
    let Some((_, value)) =
        url::form_urlencoded::parse(req.query_string().as_bytes()).find(|(k, _)| k == "script")
    else {
        return Ok(None);
    };
    crate::domain::ChineseScript::from_param(&value)
        .map(Some)
        .ok_or_else(|| {
            AppError::BadRequest(
                crate::error::Msg::new("error-script-unknown")
                    .arg("value", value.chars().take(40).collect::<String>()),
            )
        })
}

/// The language of a page that belongs to no organization (discover, search): the reader's
/// choice, else the browser's, else English.
pub(crate) fn reader_locale(req: &HttpRequest) -> crate::domain::Locale {
    language::chosen(req)
        .or_else(|| {
            req.headers()
                .get(actix_web::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(crate::domain::Locale::negotiate)
        })
        .unwrap_or(crate::domain::Locale::En)
}

/// The address `path` in `script`'s stable form: `path?script=hant`.
pub(crate) fn in_script(path: &str, script: Option<crate::domain::ChineseScript>) -> String {
    match script {
        Some(s) if path.contains('?') => format!("{path}&script={}", s.param()),
        Some(s) => format!("{path}?script={}", s.param()),
        None => path.to_owned(),
    }
}

/// Cards of a page read in `shown` through `convert`: their text converted (all in the
/// page's one converter call is not needed: cards are short) and their links keeping the
/// reader's `asked` script.
pub(crate) fn cards_in_script(
    cards: &mut [&mut crate::render::site::CardView],
    asked: Option<crate::domain::ChineseScript>,
    shown: crate::domain::ChineseScript,
    convert: Option<crate::render::script::Script>,
) {
    use crate::render::script::Field;
    if let Some(script) = convert {
        let mut fields = Vec::with_capacity(cards.len() * 3);
        for c in cards.iter_mut() {
            if crate::domain::ChineseScript::of_language(&c.lang).is_some() {
                c.lang = shown.tag().to_owned();
                fields.push(Field::Text(&mut c.title));
                fields.push(Field::Text(&mut c.excerpt));
            }
            fields.push(Field::Text(&mut c.org_name));
        }
        crate::render::script::in_place(fields, script);
    }
    for c in cards.iter_mut() {
        c.url = in_script(&c.url, asked);
    }
}

/// A page number from the query string: absent is 1; anything but 1–10,000 is refused.
fn page_number(raw: Option<&str>) -> Result<i64, AppError> {
    crate::web::page_param(raw, 10_000)
}
