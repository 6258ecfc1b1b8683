//! `GET /@{org}/{slug}`: a published article (an old slug redirects; anything else is 404).

use super::{PAGE_CACHE_CONTROL, site, through_cache};
use crate::db::public::{self, Found, PageArticle};
use crate::domain::ChineseScript;
use crate::domain::paths;
use crate::error::AppError;
use crate::render::script::{Field, Script};
use crate::render::site::{ArticlePage, CardView, ScriptLink, Share, json_for_script};
use crate::web::AppState;
use crate::web::cache::{Page, Scope};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template as _;

/// The organization of an article address `/@{org_slug}/{slug}`; 404 for an absurd address or
/// an unknown organization (from the page cache's versions: no query).
async fn org_of(state: &AppState, org_slug: &str, slug: &str) -> Result<i64, AppError> {
    if slug.len() > 200 || org_slug.len() > 100 {
        return Err(AppError::NotFound);
    }
    let versions = state.cache.versions(&state.db).await?;
    versions.org_id(org_slug).ok_or(AppError::NotFound)
}

/// `GET /@{org}/{slug}`.
pub async fn article(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (org_slug, slug) = path.into_inner();
    let org_id = org_of(&state, &org_slug, &slug).await?;
    let chosen = super::language::chosen(&req);
    let asked = super::asked_script(&req)?;
    let key = format!(
        "article|{org_id}|{slug}|{}|{}",
        chosen.map_or("auto", |l| l.tag()),
        asked.map_or("plain", |s| s.param())
    );
    let st = state.clone();
    let (res, article_id) = through_cache(&req, &state, key, Scope::Org(org_id), move || {
        render(st, org_id, org_slug, slug, chosen, asked)
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
    article: PageArticle,
    tags: Vec<(String, String)>,
    neighbours: (Option<public::Card>, Option<public::Card>),
    related: Vec<public::Card>,
}

/// Renders the page: four queries for an article without tags, six with (article with its
/// organization, author and cover; tags; the two neighbours; related candidates and cards).
async fn render(
    state: web::Data<AppState>,
    org_id: i64,
    org_slug: String,
    slug: String,
    chosen: Option<crate::domain::Locale>,
    asked: Option<ChineseScript>,
) -> Result<Page, AppError> {
    let found = state
        .db
        .run(move |c| {
            let article = match public::article(c, org_id, &slug)? {
                Found::Article(a) => *a,
                // `org_slug` is the organization's current slug: the page cache's versions
                // resolved it to `org_id`.
                Found::Moved(to) => {
                    return Ok(Err(super::in_script(
                        &paths::article(&org_slug, &to),
                        asked,
                    )));
                }
                Found::Missing => return Err(AppError::NotFound),
            };
            let tags = public::tags_of(c, article.id)?;
            let published = article.published_at.unwrap_or(article.updated_at);
            let neighbours = public::neighbours(c, org_id, article.id, published)?;
            let tag_ids: Vec<i64> = tags.iter().map(|(id, _, _)| *id).collect();
            let related = public::related(c, org_id, article.id, &tag_ids, 4)?;
            Ok(Ok(Loaded {
                article,
                tags: tags.into_iter().map(|(_, s, n)| (s, n)).collect(),
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
    let html = page(&state, l, chosen, asked).render()?;
    let mut page = Page::new(
        "text/html; charset=utf-8",
        PAGE_CACHE_CONTROL,
        html,
        Some(modified),
    );
    page.article_id = Some(id);
    page.vary = "Accept-Encoding, Cookie";
    Ok(page)
}

/// The article's text in the script it is shown in: the page's own fields in one converter
/// call. Returns the script shown (for a Chinese article) and the conversion applied.
fn in_script(
    l: &mut Loaded,
    asked: Option<ChineseScript>,
) -> (Option<ChineseScript>, Option<Script>) {
    let settings = l.article.org.scripts();
    let shown = settings.shown(&l.article.language, asked);
    let convert = shown.and_then(|shown| {
        let target = Script::into(shown, settings.hant_words);
        // Nothing to do when the article and every card are written in the shown script.
        let cards = l
            .neighbours
            .0
            .iter()
            .chain(&l.neighbours.1)
            .chain(&l.related);
        let written = |language: &str| ChineseScript::of_language(language);
        let needed = written(&l.article.language) != Some(shown)
            || cards
                .into_iter()
                .any(|c| written(&c.language).is_some_and(|w| w != shown));
        needed.then_some(target)
    });
    if let Some(script) = convert {
        let a = &mut l.article;
        let mut fields = vec![
            Field::Text(&mut a.title),
            Field::Text(&mut a.excerpt),
            Field::Html(&mut a.body_html),
            Field::Text(&mut a.byline),
            Field::Text(&mut a.org.name),
        ];
        if let Some(name) = a.author_name.as_mut() {
            fields.push(Field::Text(name));
        }
        if let Some((_, alt)) = a.cover.as_mut() {
            fields.push(Field::Text(alt));
        }
        for (_, name) in &mut l.tags {
            fields.push(Field::Text(name));
        }
        crate::render::script::in_place(fields, script);
        a.language = shown.map_or_else(|| a.language.clone(), |s| s.tag().to_owned());
    }
    (shown, convert)
}

fn page(
    state: &AppState,
    mut l: Loaded,
    chosen: Option<crate::domain::Locale>,
    asked: Option<ChineseScript>,
) -> ArticlePage {
    // Each script has one address (known from the language the article is written in, before
    // conversion).
    let (settings, written) = (l.article.org.scripts(), l.article.language.clone());
    let (shown, convert) = in_script(&mut l, asked);
    let a = l.article;
    let author = a.credit().to_owned();
    let org = &a.org;
    let base = &state.public_url;
    let plain = paths::article(&org.slug, &a.slug);
    let address = |s: ChineseScript| super::in_script(&plain, settings.param_for(&written, s));
    let canonical = paths::absolute(base, &shown.map_or_else(|| plain.clone(), address));
    let scripts: Vec<ScriptLink> = match shown {
        Some(current) => ChineseScript::ALL
            .into_iter()
            .map(|s| ScriptLink {
                label: s.label(),
                tag: s.tag(),
                href: address(s),
                absolute: paths::absolute(base, &address(s)),
                current: s == current,
            })
            .collect(),
        None => Vec::new(),
    };
    let published = a.published_at.unwrap_or(a.updated_at);
    let iso = |t: chrono::NaiveDateTime| {
        t.and_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    };
    let og_image = a
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
        "author": if author.is_empty() {
            serde_json::json!({"@type": "Organization", "name": org.name})
        } else {
            serde_json::json!({"@type": "Person", "name": author})
        },
        "publisher": {"@type": "Organization", "name": org.name, "url": paths::absolute(base, &paths::profile(&org.slug))},
        "articleSection": a.category.as_str(),
        "keywords": l.tags.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join(", "),
        "wordCount": a.word_count,
    });
    // The chrome speaks the reader's choice, else the article's language (English when qiao
    // does not speak it).
    let locale = chosen.unwrap_or_else(|| crate::domain::Locale::for_content(&a.language));
    let site = site(state, locale, &super::in_script(&plain, asked));
    let tr = site.tr.clone();
    let mut prev = l.neighbours.0.as_ref().map(|c| CardView::of(c, &tr));
    let mut next = l.neighbours.1.as_ref().map(|c| CardView::of(c, &tr));
    let mut related: Vec<CardView> = l.related.iter().map(|c| CardView::of(c, &tr)).collect();
    if let Some(shown) = shown {
        let mut cards: Vec<&mut CardView> = prev.iter_mut().chain(next.iter_mut()).collect();
        cards.extend(related.iter_mut());
        super::cards_in_script(&mut cards, asked, shown, convert);
    }
    ArticlePage {
        push_token: None,
        qr_url: super::in_script(&format!("{plain}/qr.svg"), asked),
        lang: a.language.clone(),
        description: a.excerpt.clone(),
        share: Share::of(&canonical, &a.title),
        canonical,
        og_image,
        cover: a
            .cover
            .as_ref()
            .map(|(sha, _)| paths::media(sha, paths::image::BODY)),
        cover_alt: a
            .cover
            .as_ref()
            .map(|(_, alt)| alt.clone())
            .unwrap_or_default(),
        org_name: org.name.clone(),
        org_slug: org.slug.clone(),
        author,
        date: tr.date(published, org.timezone.0),
        published_iso: iso(published),
        modified_iso: iso(a.updated_at),
        category: a.category.as_str().to_owned(),
        category_label: tr.category(a.category),
        tags: l.tags,
        reading: tr.reading_time(a.reading_minutes),
        source_url: a.source_url.clone(),
        prev,
        next,
        related,
        scripts,
        plain_url: paths::absolute(base, &plain),
        feed_url: super::in_script(&paths::feed(&org.slug, None), asked),
        site,
        json_ld: json_for_script(&json_ld),
        title: a.title,
        body_html: a.body_html,
    }
}

/// `GET /@{org}/{slug}/qr.svg` (and `?script=`): a QR code of the article's address in that
/// script, for the page's 分享到微信 box. Drawing one takes about a millisecond, so it is its
/// own response, cached like a page, and loaded only when a reader opens the box.
pub async fn qr(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (org_slug, slug) = path.into_inner();
    let org_id = org_of(&state, &org_slug, &slug).await?;
    let asked = super::asked_script(&req)?;
    let key = format!(
        "qr|{org_id}|{slug}|{}",
        asked.map_or("plain", |s| s.param())
    );
    let st = state.clone();
    let (res, _) = through_cache(&req, &state, key, Scope::Org(org_id), move || async move {
        let a = st
            .db
            .run(move |c| match public::article(c, org_id, &slug)? {
                Found::Article(a) => Ok(*a),
                Found::Moved(_) | Found::Missing => Err(AppError::NotFound),
            })
            .await?;
        let settings = a.org.scripts();
        let address = super::in_script(
            &paths::article(&a.org.slug, &a.slug),
            settings
                .shown(&a.language, asked)
                .and_then(|s| settings.param_for(&a.language, s)),
        );
        let svg = crate::render::qr::svg(&paths::absolute(&st.public_url, &address), "");
        let mut page = Page::new("image/svg+xml", PAGE_CACHE_CONTROL, svg, Some(a.updated_at));
        page.vary = "Accept-Encoding";
        Ok(page)
    })
    .await?;
    Ok(res)
}
