//! Lists of published articles: the discover page, an organization's profile (all, or one
//! category) and its tag pages.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template as _;
use serde::Deserialize;

use super::{PAGE_CACHE_CONTROL, language, page_number, site, through_cache};
use crate::db::orgs;
use crate::db::public::{self, Listing};
use crate::domain::Category;
use crate::domain::paths;
use crate::error::AppError;
use crate::render::site::{CardView, DiscoverPage, OrgCard, OrgPage, Tab, initials};
use crate::web::AppState;
use crate::web::cache::{Page, Scope};

const PER_PAGE: i64 = 20;

/// `?page=` and, on profiles, `?category=`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    page: Option<String>,
    category: Option<String>,
}

fn pager(base: &str, extra: &str, page: i64, total: i64) -> (Option<String>, Option<String>) {
    let link = |p: i64| {
        let mut q = extra.to_owned();
        if p > 1 {
            q = if q.is_empty() {
                format!("page={p}")
            } else {
                format!("{q}&page={p}")
            };
        }
        if q.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{q}")
        }
    };
    let last = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    (
        (page > 1).then(|| link(page - 1)),
        (page < last).then(|| link(page + 1)),
    )
}

/// `GET /`: the latest articles across organizations and the organizations to follow.
pub async fn discover(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let page = page_number(query.page.as_deref())?;
    // Discover belongs to no organization: it speaks the reader's choice, else the browser's
    // language.
    let locale = super::reader_locale(&req);
    // Where the language switch returns: built from what the cache key holds, never from the
    // request's own query (a first visitor's `?utm=…` would be cached into everyone's links).
    let here = if page > 1 {
        format!("/?page={page}")
    } else {
        "/".to_owned()
    };
    let st = state.clone();
    let (res, _) = through_cache(
        &req,
        &state,
        format!("discover|{}|{page}", locale.tag()),
        Scope::Site,
        move || async move {
            let listing = Listing {
                offset: (page - 1) * PER_PAGE,
                limit: PER_PAGE,
                ..Listing::default()
            };
            let ((cards, total), orgs) = st
                .db
                .run(move |c| Ok((public::list(c, &listing)?, public::active_orgs(c, 30)?)))
                .await?;
            let (prev, next) = pager("/", "", page, total);
            let site = site(&st, locale, &here);
            let tr = site.tr.clone();
            let html = DiscoverPage {
                cards: cards.iter().map(|c| CardView::of(c, &tr)).collect(),
                orgs: orgs
                    .into_iter()
                    .map(|(slug, name, description, articles)| OrgCard {
                        slug,
                        name,
                        description,
                        articles: tr.count("count-articles", articles),
                    })
                    .collect(),
                site,
                prev,
                next,
            }
            .render()?;
            let mut page = Page::new("text/html; charset=utf-8", PAGE_CACHE_CONTROL, html, None);
            page.vary = "Accept-Encoding, Accept-Language, Cookie";
            Ok(page)
        },
    )
    .await?;
    Ok(res)
}

/// What a profile view shows.
struct View {
    org_slug: String,
    category: Option<Category>,
    tag: Option<String>,
    page: i64,
    /// `?script=`.
    script: Option<crate::domain::ChineseScript>,
}

/// `GET /@{org}`: the profile, optionally one category.
pub async fn org(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let category = match query.category.as_deref() {
        None | Some("") => None,
        Some(c) => Some(c.parse::<Category>().map_err(AppError::BadRequest)?),
    };
    let view = View {
        org_slug: path.into_inner(),
        category,
        tag: None,
        page: page_number(query.page.as_deref())?,
        script: super::asked_script(&req)?,
    };
    profile(req, state, view).await
}

/// `GET /@{org}/t/{tag}`: an organization's articles with one tag.
pub async fn tag(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let (org_slug, tag) = path.into_inner();
    if tag.chars().count() > 60 {
        return Err(AppError::NotFound);
    }
    let view = View {
        org_slug,
        category: None,
        tag: Some(tag),
        page: page_number(query.page.as_deref())?,
        script: super::asked_script(&req)?,
    };
    profile(req, state, view).await
}

async fn profile(
    req: HttpRequest,
    state: web::Data<AppState>,
    view: View,
) -> Result<HttpResponse, AppError> {
    let versions = state.cache.versions(&state.db).await?;
    let org_id = versions.org_id(&view.org_slug).ok_or(AppError::NotFound)?;
    let chosen = language::chosen(&req);
    let key = format!(
        "org|{org_id}|{}|{}|{}|{}|{}",
        view.category.map_or("", |c| c.as_str()),
        view.tag.as_deref().unwrap_or(""),
        view.page,
        chosen.map_or("auto", |l| l.tag()),
        view.script.map_or("plain", |s| s.param())
    );
    let st = state.clone();
    let (res, _) = through_cache(&req, &state, key, Scope::Org(org_id), move || {
        render_profile(st, org_id, view, chosen)
    })
    .await?;
    Ok(res)
}

async fn render_profile(
    state: web::Data<AppState>,
    org_id: i64,
    view: View,
    chosen: Option<crate::domain::Locale>,
) -> Result<Page, AppError> {
    let listing = Listing {
        org_id: Some(org_id),
        category: view.category,
        tag: view.tag.clone(),
        offset: (view.page - 1) * PER_PAGE,
        limit: PER_PAGE,
    };
    let tag = view.tag.clone();
    let (mut org, (cards, total), all, mut tag_name, avatar, followers) = state
        .db
        .run(move |c| {
            let org = orgs::by_id(c, org_id)?;
            let tag_name = match &tag {
                Some(t) => Some(public::tag_name(c, org_id, t)?.ok_or(AppError::NotFound)?),
                None => None,
            };
            let (cards, total) = public::list(c, &listing)?;
            let all = if listing.category.is_none() && listing.tag.is_none() {
                total
            } else {
                public::count(
                    c,
                    &Listing {
                        org_id: Some(org_id),
                        ..Listing::default()
                    },
                )?
            };
            let avatar = match org.avatar_media_id {
                Some(id) => crate::db::media::sha_of(c, id)?,
                None => None,
            };
            let followers = (
                crate::db::subscribers::follower_count(c, org_id)?,
                crate::db::push::counts(c, org_id)?.1,
            );
            Ok((org, (cards, total), all, tag_name, avatar, followers))
        })
        .await?;
    let base_url = match &view.tag {
        Some(t) => paths::tag(&org.slug, t),
        None => paths::profile(&org.slug),
    };
    // Chinese in the script asked for, else the organization's choice, else as written.
    let shown = view.script.or(org.scripts().default);
    let convert = shown.map(|s| crate::render::script::Script::into(s, org.scripts().hant_words));
    if let Some(script) = convert {
        use crate::render::script::Field;
        let mut fields = vec![
            Field::Text(&mut org.name),
            Field::Text(&mut org.description),
        ];
        if let Some(t) = tag_name.as_mut() {
            fields.push(Field::Text(t));
        }
        crate::render::script::in_place(fields, script);
    }
    let extra = [
        view.category.map(|c| format!("category={}", c.as_str())),
        view.script.map(|s| format!("script={}", s.param())),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("&");
    let (prev, next) = pager(&base_url, &extra, view.page, total);
    // Where the language switch returns: this view, from the fields the cache key holds.
    let mut query: Vec<String> = Vec::new();
    if !extra.is_empty() {
        query.push(extra.clone());
    }
    if view.page > 1 {
        query.push(format!("page={}", view.page));
    }
    let here = if query.is_empty() {
        base_url.clone()
    } else {
        format!("{base_url}?{}", query.join("&"))
    };
    // A profile and its lists speak the reader's choice, else the organization's language.
    let locale = chosen.unwrap_or_else(|| crate::domain::Locale::for_content(&org.language));
    let site = site(&state, locale, &here);
    let tr = site.tr.clone();
    let mut tabs = vec![Tab {
        url: super::in_script(&paths::profile(&org.slug), view.script),
        label: tr.t("category-all"),
        current: view.category.is_none() && view.tag.is_none(),
    }];
    tabs.extend(Category::ALL.iter().map(|c| Tab {
        url: super::in_script(&paths::category(&org.slug, *c), view.script),
        label: tr.category(*c),
        current: view.category == Some(*c),
    }));
    let title = match (&tag_name, view.category) {
        (Some(t), _) => format!("#{t} · {}", org.name),
        (None, Some(c)) => format!("{} · {}", tr.category(c), org.name),
        (None, None) => org.name.clone(),
    };
    let canonical = format!(
        "{}{base_url}{}",
        state.public_url,
        if extra.is_empty() {
            String::new()
        } else {
            format!("?{extra}")
        }
    );
    let feed = super::in_script(&paths::feed(&org.slug, view.category), view.script);
    // The 简/繁 switch of a Chinese organization's lists: this view in either script.
    let plain_here = {
        let q: Vec<String> = [
            view.category.map(|c| format!("category={}", c.as_str())),
            (view.page > 1).then(|| format!("page={}", view.page)),
        ]
        .into_iter()
        .flatten()
        .collect();
        if q.is_empty() {
            base_url.clone()
        } else {
            format!("{base_url}?{}", q.join("&"))
        }
    };
    let scripts = match crate::domain::ChineseScript::of_language(&org.language) {
        Some(written) => crate::domain::ChineseScript::ALL
            .into_iter()
            .map(|s| {
                let plain_script = org.scripts().default.unwrap_or(written);
                let href = super::in_script(&plain_here, (s != plain_script).then_some(s));
                crate::render::site::ScriptLink {
                    label: s.label(),
                    tag: s.tag(),
                    absolute: paths::absolute(&state.public_url, &href),
                    href,
                    current: s == shown.unwrap_or(written),
                }
            })
            .collect(),
        None => Vec::new(),
    };
    let mut cards: Vec<CardView> = cards.iter().map(|c| CardView::of(c, &tr)).collect();
    if let Some(s) = shown {
        let mut refs: Vec<&mut CardView> = cards.iter_mut().collect();
        super::cards_in_script(&mut refs, view.script, s, convert);
    }
    let html = OrgPage {
        lang: match shown {
            Some(s) if crate::domain::ChineseScript::of_language(&org.language).is_some() => {
                s.tag().to_owned()
            }
            _ => org.language.clone(),
        },
        scripts,
        title,
        initials: initials(&org.name),
        avatar: avatar.map(|sha| paths::media(&sha, paths::image::THUMB)),
        org_name: org.name,
        org_slug: org.slug,
        description: org.description,
        heading: tag_name.map(|t| format!("#{t}")),
        canonical,
        articles: tr.count("count-articles", all),
        followers: tr.count("count-followers", followers.0),
        push_followers: (followers.1 > 0).then(|| tr.count("count-push-followers", followers.1)),
        push_token: None,
        tabs,
        cards,
        site,
        prev,
        next,
        feed,
    }
    .render()?;
    let mut page = Page::new("text/html; charset=utf-8", PAGE_CACHE_CONTROL, html, None);
    page.vary = "Accept-Encoding, Cookie";
    Ok(page)
}
