//! `GET /@{org}/{slug}`: a published article (an old slug redirects; anything else is 404).

use actix_web::{HttpRequest, HttpResponse, web};
use diesel::prelude::*;

use super::{PAGE_CACHE_CONTROL, site, through_cache};
use crate::db::LimitOne;
use crate::db::articles::Article;
use crate::db::orgs::{self, Organization};
use crate::db::public::{self, Found};
use crate::db::schema::{media, users};
use crate::domain::paths;
use crate::error::AppError;
use crate::render::format::local_date;
use crate::render::site::{ArticlePage, CardView, Share, json_for_script};
use crate::web::AppState;
use crate::web::cache::{Page, Scope};

/// `GET /@{org}/{slug}`.
pub async fn article(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (org_slug, slug) = path.into_inner();
    if slug.len() > 200 || org_slug.len() > 100 {
        return Err(AppError::NotFound);
    }
    let versions = state.cache.versions(&state.db).await?;
    let org_id = versions.org_id(&org_slug).ok_or(AppError::NotFound)?;
    let key = format!("article|{org_id}|{slug}");
    let st = state.clone();
    let (res, article_id) = through_cache(&req, &state, key, Scope::Org(org_id), move || {
        render(st, org_id, slug)
    })
    .await?;
    // Counted in memory for a page shown: fresh, or revalidated by the browser (304); not a
    // redirect.
    if let Some(id) = article_id
        && matches!(res.status().as_u16(), 200 | 304)
    {
        let agent = req
            .headers()
            .get(actix_web::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok());
        state.views.record(id, agent, crate::db::now());
    }
    Ok(res)
}

struct Loaded {
    org: Organization,
    article: Article,
    tags: Vec<(String, String)>,
    author: String,
    cover: Option<(String, String)>,
    neighbours: (Option<public::Card>, Option<public::Card>),
    related: Vec<public::Card>,
}

async fn render(state: web::Data<AppState>, org_id: i64, slug: String) -> Result<Page, AppError> {
    let found = state
        .db
        .run(move |c| {
            let org = orgs::by_id(c, org_id)?;
            let article = match public::article(c, org_id, &slug)? {
                Found::Article(a) => *a,
                Found::Moved(to) => return Ok(Err(paths::article(&org.slug, &to))),
                Found::Missing => return Err(AppError::NotFound),
            };
            let tags = public::tags_of(c, article.id)?;
            let author = if article.byline.is_empty() {
                match article.author_id {
                    Some(id) => LimitOne(users::table.find(id).select(users::name))
                        .get_result::<String>(c)
                        .optional()?
                        .unwrap_or_default(),
                    None => String::new(),
                }
            } else {
                article.byline.clone()
            };
            let cover = match article.cover_media_id {
                Some(id) => LimitOne(media::table.find(id).select((media::sha256, media::alt)))
                    .get_result::<(String, String)>(c)
                    .optional()?,
                None => None,
            };
            let published = article.published_at.unwrap_or(article.updated_at);
            let neighbours = public::neighbours(c, org_id, article.id, published)?;
            let related = public::related(c, org_id, article.id, 4)?;
            Ok(Ok(Loaded {
                org,
                article,
                tags,
                author,
                cover,
                neighbours,
                related,
            }))
        })
        .await?;
    let l = match found {
        Ok(l) => l,
        Err(location) => return Ok(Page::redirect(location)),
    };
    let id = l.article.id;
    let modified = l.article.updated_at;
    let html = page(&state, l).render()?;
    let mut page = Page::new(
        "text/html; charset=utf-8",
        PAGE_CACHE_CONTROL,
        html,
        Some(modified),
    );
    page.article_id = Some(id);
    Ok(page)
}

fn page(state: &AppState, l: Loaded) -> ArticlePage {
    let a = l.article;
    let base = &state.public_url;
    let canonical = paths::absolute(base, &paths::article(&l.org.slug, &a.slug));
    let published = a.published_at.unwrap_or(a.updated_at);
    let iso = |t: chrono::NaiveDateTime| {
        t.and_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    };
    let og_image = l
        .cover
        .as_ref()
        .map(|(sha, _)| paths::absolute(base, &paths::media(sha, paths::image::COVER)));
    let json_ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": a.title,
        "description": a.excerpt,
        "inLanguage": a.language,
        "datePublished": iso(published),
        "dateModified": iso(a.updated_at),
        "mainEntityOfPage": canonical,
        "url": canonical,
        "image": og_image.clone().map_or(serde_json::Value::Null, serde_json::Value::from),
        "author": if l.author.is_empty() {
            serde_json::json!({"@type": "Organization", "name": l.org.name})
        } else {
            serde_json::json!({"@type": "Person", "name": l.author})
        },
        "publisher": {"@type": "Organization", "name": l.org.name, "url": paths::absolute(base, &paths::profile(&l.org.slug))},
        "articleSection": a.category.as_str(),
        "keywords": l.tags.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join(", "),
        "wordCount": a.word_count,
    });
    ArticlePage {
        site: site(state),
        lang: a.language.clone(),
        description: a.excerpt.clone(),
        share: Share::of(&canonical, &a.title),
        canonical,
        og_image,
        cover: l
            .cover
            .as_ref()
            .map(|(sha, _)| paths::media(sha, paths::image::BODY)),
        cover_alt: l.cover.map(|(_, alt)| alt).unwrap_or_default(),
        org_name: l.org.name.clone(),
        org_slug: l.org.slug.clone(),
        author: l.author,
        date: local_date(published, l.org.timezone),
        published_iso: iso(published),
        modified_iso: iso(a.updated_at),
        category: a.category.as_str().to_owned(),
        tags: l.tags,
        minutes: a.reading_minutes,
        source_url: a.source_url.clone(),
        prev: l.neighbours.0.as_ref().map(CardView::of),
        next: l.neighbours.1.as_ref().map(CardView::of),
        related: l.related.iter().map(CardView::of).collect(),
        json_ld: json_for_script(&json_ld),
        title: a.title,
        body_html: a.body_html,
    }
}

use askama::Template as _;
