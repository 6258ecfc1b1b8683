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
use crate::domain::{Category, ChineseScript, paths};
use crate::error::AppError;
use crate::render::feed::{FeedEntry, FeedMeta, atom, tag_uri};
use crate::render::script::{Field, Script};
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
    let asked = crate::web::public::asked_script(req)?;
    let key = format!(
        "feed|{org_id}|{}|{}",
        category.map_or("", |c| c.as_str()),
        asked.map_or("plain", |s| s.param())
    );
    let st = state.clone();
    let (res, _) = crate::web::public::through_cache(
        req,
        state,
        key,
        crate::web::cache::Scope::Org(org_id),
        move || async move {
            let (body, updated) = render(&st, org, category, asked).await?;
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
    asked: Option<ChineseScript>,
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
    web::block(move || document(&public_url, &org, category, asked, &items)).await?
}

/// The Atom document of these articles (newest first) and its `updated` time. Articles that
/// are not published (unpublished since they were listed) are left out. With `asked`, every
/// Chinese entry is in that script and links to its page in that script
/// (`feed.atom?script=hant`).
pub fn document(
    public_url: &str,
    org: &Organization,
    category: Option<Category>,
    asked: Option<ChineseScript>,
    items: &[Detailed],
) -> Result<(String, NaiveDateTime), AppError> {
    let entries = items
        .iter()
        .filter(|d| d.article.status() == crate::domain::Status::Published)
        .map(|d| entry(public_url, org, asked, d))
        .collect::<Result<Vec<_>, _>>()?;
    let tr = crate::i18n::Tr::new(crate::domain::Locale::for_content(&org.language));
    let mut name = org.name.clone();
    let mut description = org.description.clone();
    if let Some(s) = asked {
        crate::render::script::in_place(
            vec![Field::Text(&mut name), Field::Text(&mut description)],
            Script::into(s, org.scripts().hant_words),
        );
    }
    let suffix = asked.map_or_else(String::new, |s| format!("-{}", s.param()));
    // The organization's name and description are in the feed too.
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .fold(org.updated_at, NaiveDateTime::max);
    let profile = paths::absolute(public_url, &paths::profile(&org.slug));
    let (title, self_url, specific) = match category {
        None => (
            name.clone(),
            paths::absolute(public_url, &paths::feed(&org.slug, None)),
            format!("org-{}{suffix}", org.id),
        ),
        Some(c) => (
            format!("{name} · {}", tr.category(c)),
            format!("{profile}/feed/{}.atom", c.as_str()),
            format!("org-{}-{}{suffix}", org.id, c.as_str()),
        ),
    };
    let self_url = crate::web::public::in_script(&self_url, asked);
    let profile = crate::web::public::in_script(&profile, asked);
    let meta = FeedMeta {
        id: tag_uri(public_url, org.created_at.date(), &specific),
        title,
        subtitle: description,
        lang: match asked {
            Some(s) if crate::domain::ChineseScript::of_language(&org.language).is_some() => {
                s.tag().to_owned()
            }
            _ => org.language.clone(),
        },
        self_url,
        alternate_url: profile,
        updated,
        author: name,
        generator_uri: format!("{public_url}/"),
    };
    let body = atom(&meta, &entries)
        .map_err(|e| AppError::Unexpected(anyhow::Error::new(e).context("writing a feed")))?;
    Ok((body, updated))
}

fn entry(
    public_url: &str,
    org: &Organization,
    asked: Option<ChineseScript>,
    d: &Detailed,
) -> Result<FeedEntry, AppError> {
    let a = &d.article;
    let plain = paths::absolute(public_url, &paths::article(&org.slug, &a.slug));
    let settings = org.scripts();
    let shown = settings.shown(&a.language, asked);
    // The entry links to the article's address in the script it is shown in.
    let url = crate::web::public::in_script(
        &plain,
        shown.and_then(|s| settings.param_for(&a.language, s)),
    );
    let base = url::Url::parse(&plain).map_err(|e| {
        AppError::Unexpected(anyhow::Error::new(e).context(format!("article URL {plain}")))
    })?;
    let published = a.published_at.unwrap_or(a.updated_at);
    let author = if !a.byline.trim().is_empty() {
        a.byline.clone()
    } else {
        d.author_name.clone().unwrap_or_else(|| org.name.clone())
    };
    let mut entry = FeedEntry {
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
    };
    if let Some(s) = shown
        && let Some(written) = ChineseScript::of_language(&a.language)
        && let Some(script) = Script::for_page(written, s, settings.hant_words)
    {
        crate::render::script::in_place(
            vec![
                Field::Text(&mut entry.title),
                Field::Text(&mut entry.summary),
                Field::Html(&mut entry.content_html),
                Field::Text(&mut entry.author),
            ],
            script,
        );
        entry.lang = s.tag().to_owned();
    }
    Ok(entry)
}
