//! Search for readers: `/search` (also reached from a profile's box with `org=`) and the
//! query string it shares with `GET /api/v1/search`.
//!
//! Facet values are passed to the engine as values (never spliced into a filter string), an
//! unknown organization matches nothing (it never drops the filter), and the public path only
//! ever builds [`Scope::Public`]: drafts are in another index it does not open.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template as _;

use crate::domain::{Category, ChineseScript, Locale, Msg, paths};
use crate::error::AppError;
use crate::render::site::{FacetGroup, FacetLink, SearchHitView, SearchPage};
use crate::search::results::{self, MAX_PER_PAGE, PER_PAGE, Request};
use crate::search::{Filters, Scope, Sort};
use crate::web::AppState;
use crate::web::api::query::number;

/// The parameters a search takes.
pub const PARAMS: &[&str] = &[
    "q", "org", "category", "tag", "language", "sort", "script", "page", "per_page",
];

/// The highest page number accepted.
const MAX_PAGE: i64 = 1000;
/// Facet values longer than this cannot exist; they are cut (and then match nothing).
const MAX_VALUE: usize = 200;

/// A parsed search query string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    /// What was typed.
    pub q: String,
    /// An organization's slug.
    pub org: Option<String>,
    /// Category.
    pub category: Option<Category>,
    /// Tag name.
    pub tag: Option<String>,
    /// Language tag.
    pub language: Option<String>,
    /// Newest first instead of best match.
    pub newest: bool,
    /// Chinese results in this script (else: the reader's language's, on pages).
    pub script: Option<ChineseScript>,
    /// Page, from 1.
    pub page: usize,
    /// Results per page.
    pub per_page: usize,
}

fn bad(m: Msg) -> AppError {
    AppError::BadRequest(m)
}

fn value(v: &str) -> Option<String> {
    let v = v.trim();
    (!v.is_empty()).then(|| v.chars().take(MAX_VALUE).collect())
}

/// Parses a search query string. `strict` (the API) refuses an unknown parameter or one
/// given twice; pages ignore what they do not know (`?utm_source=…`).
pub fn parse(qs: &str, strict: bool) -> Result<Params, AppError> {
    let pairs = super::api::query::pairs(qs)?;
    let mut p = Params {
        page: 1,
        per_page: PER_PAGE,
        ..Params::default()
    };
    let mut seen: Vec<&str> = Vec::new();
    for (name, v) in &pairs {
        if strict && seen.contains(&name.as_str()) {
            return Err(bad(Msg::new("error-query-twice").arg("name", name.as_str())));
        }
        seen.push(name);
        match name.as_str() {
            "q" => p.q = v.chars().take(2000).collect(),
            "org" => p.org = value(v),
            "category" if v.trim().is_empty() => p.category = None,
            "category" => p.category = Some(v.parse::<Category>().map_err(bad)?),
            "tag" => p.tag = value(v),
            "language" => p.language = value(v),
            "sort" => {
                p.newest = match v.trim() {
                    "" | "relevance" => false,
                    "newest" => true,
                    other => {
                        return Err(bad(Msg::new("error-search-sort").arg("value", other)));
                    }
                }
            }
            "script" if v.trim().is_empty() => p.script = None,
            "script" => {
                p.script =
                    Some(ChineseScript::from_param(v.trim()).ok_or_else(|| {
                        bad(Msg::new("error-search-script").arg("value", v.as_str()))
                    })?)
            }
            "page" => p.page = usize::try_from(number(name, v, MAX_PAGE)?).unwrap_or(1),
            "per_page" => {
                p.per_page = usize::try_from(number(name, v, MAX_PER_PAGE as i64)?).unwrap_or(1)
            }
            other if strict => {
                return Err(bad(Msg::new("error-query-unknown")
                    .arg("value", other)
                    .arg("known", PARAMS.join(", "))));
            }
            _ => {}
        }
    }
    Ok(p)
}

/// The engine request for `p`: the organization's slug looked up (an unknown one matches
/// nothing: id -1, never "all").
pub async fn request(
    state: &AppState,
    p: &Params,
) -> Result<(Request, Option<(String, String)>), AppError> {
    let org = match &p.org {
        None => None,
        Some(slug) => {
            let slug = slug.clone();
            let found = state
                .db
                .run(move |c| crate::db::orgs::by_slug(c, &slug))
                .await?;
            Some(found.map_or((-1, None), |o| (o.id, Some((o.slug, o.name)))))
        }
    };
    let req = Request {
        q: p.q.clone(),
        scope: Scope::Public {
            org: org.as_ref().map(|(id, _)| *id),
        },
        filters: Filters {
            category: p.category.map(|c| c.as_str().to_owned()),
            language: p.language.clone(),
            tag: p.tag.clone(),
        },
        sort: if p.newest {
            Sort::Newest
        } else {
            Sort::Relevance
        },
        page: p.page,
        per_page: p.per_page,
    };
    Ok((req, org.and_then(|(_, named)| named)))
}

/// The script a reader of `locale` reads Chinese in.
pub fn reader_script(locale: Locale) -> Option<ChineseScript> {
    match locale {
        Locale::ZhHans => Some(ChineseScript::Hans),
        Locale::ZhHant => Some(ChineseScript::Hant),
        Locale::En => None,
    }
}

/// A result as a reader of `script` sees it.
pub struct Shown {
    /// Title, highlighted.
    pub title: crate::search::Marked,
    /// Snippet, highlighted.
    pub snippet: crate::search::Marked,
    /// The article's summary.
    pub summary: String,
    /// Its address, keeping the script.
    pub url: String,
}

/// A result's title, snippet and summary in `script` (Chinese results only; others as
/// written), and its address keeping that script.
pub fn shown(r: &results::Result, script: Option<ChineseScript>) -> Shown {
    let url = paths::article(&r.row.org_slug, &r.row.slug);
    let written = ChineseScript::of_language(&r.row.language);
    match (written, script) {
        (Some(w), Some(to)) if w != to => {
            let words = crate::domain::HantWords::parse(&r.row.hant_words)
                .unwrap_or(crate::domain::HantWords::AsWritten);
            let script = crate::render::script::Script::into(to, words);
            let convert = |t: &str| crate::render::script::text(t, script);
            Shown {
                title: crate::search::Marked(convert(&r.title.0)),
                snippet: crate::search::Marked(convert(&r.snippet.0)),
                summary: convert(&r.row.summary),
                url: super::public::in_script(&url, Some(to)),
            }
        }
        _ => Shown {
            title: r.title.clone(),
            snippet: r.snippet.clone(),
            summary: r.row.summary.clone(),
            url,
        },
    }
}

/// Runs the search `p` asks for (counting the query): the page of results, and the
/// organization `org=` named, if it exists (slug, name).
pub async fn run(
    state: &AppState,
    p: &Params,
) -> Result<(results::Page, Option<(String, String)>), AppError> {
    let (request, org) = request(state, p).await?;
    let found = results::run(
        &state.search,
        &state.db,
        Some(&state.queries),
        &request,
        crate::db::now(),
    )
    .await?;
    Ok((found, org))
}

/// The labels readers see for facet values: categories in their words, languages by name
/// (organizations are labelled by `results`, tags are their own labels).
pub fn label_facets(f: &mut results::Facets, tr: Option<&crate::i18n::Tr>) {
    for v in &mut f.category {
        if let (Some(tr), Ok(c)) = (tr, v.value.parse::<Category>()) {
            v.label = tr.category(c);
        }
    }
    for v in &mut f.language {
        v.label = language_label(&v.value);
    }
}

/// Builds `/search?…` with `p`'s parameters, one of them changed by `change`.
fn href(p: &Params, change: impl FnOnce(&mut Params)) -> String {
    let mut p = p.clone();
    change(&mut p);
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if !p.q.is_empty() {
        pairs.push(("q", p.q.clone()));
    }
    if let Some(o) = &p.org {
        pairs.push(("org", o.clone()));
    }
    if let Some(c) = p.category {
        pairs.push(("category", c.as_str().to_owned()));
    }
    if let Some(t) = &p.tag {
        pairs.push(("tag", t.clone()));
    }
    if let Some(l) = &p.language {
        pairs.push(("language", l.clone()));
    }
    if p.newest {
        pairs.push(("sort", "newest".into()));
    }
    if let Some(s) = p.script {
        pairs.push(("script", s.param().into()));
    }
    if p.page > 1 {
        pairs.push(("page", p.page.to_string()));
    }
    let qs = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    if qs.is_empty() {
        "/search".to_owned()
    } else {
        format!("/search?{qs}")
    }
}

/// A language's name for a facet (the interface languages by their own names).
pub fn language_label(tag: &str) -> String {
    Locale::from_tag(tag).map_or_else(|| tag.to_owned(), |l| l.native_name().to_owned())
}

/// `GET /search`.
pub async fn page(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let p = parse(req.query_string(), false)?;
    let locale = super::public::reader_locale(&req);
    let (mut found, org) = run(&state, &p).await?;
    let site = super::public::site(&state, locale, &href(&p, |_| {}));
    let tr = site.tr.clone();
    let reader = p.script.or(reader_script(locale));
    label_facets(&mut found.facets, Some(&tr));
    let hits = found
        .results
        .iter()
        .map(|r| {
            let Shown {
                title,
                snippet,
                url,
                ..
            } = shown(r, reader);
            let zone = r
                .row
                .org_timezone
                .parse::<chrono_tz::Tz>()
                .unwrap_or(chrono_tz::UTC);
            SearchHitView {
                url,
                title_html: title.html(),
                snippet_html: snippet.html(),
                org_name: r.row.org_name.clone(),
                org_url: paths::profile(&r.row.org_slug),
                date: r
                    .row
                    .published_at
                    .map(|t| tr.date(t, zone))
                    .unwrap_or_default(),
                category: r
                    .row
                    .category
                    .parse::<Category>()
                    .map(|c| tr.category(c))
                    .unwrap_or_else(|_| r.row.category.clone()),
                lang: r.row.language.clone(),
            }
        })
        .collect();
    let f = &found.facets;
    let group = |name: &str,
                 values: &[results::Value],
                 active: Option<&str>,
                 set: &dyn Fn(&mut Params, Option<String>)| FacetGroup {
        name: tr.t(name),
        values: values
            .iter()
            .map(|v| {
                let on = active == Some(v.value.as_str());
                FacetLink {
                    label: v.label.clone(),
                    count: v.count,
                    active: on,
                    href: href(&p, |q| {
                        set(q, (!on).then(|| v.value.clone()));
                        q.page = 1;
                    }),
                }
            })
            .collect(),
    };
    let facets = vec![
        group("search-facet-org", &f.org, p.org.as_deref(), &|q, v| {
            q.org = v
        }),
        group(
            "search-facet-category",
            &f.category,
            p.category.map(Category::as_str),
            &|q, v| q.category = v.and_then(|v| v.parse().ok()),
        ),
        group(
            "search-facet-language",
            &f.language,
            p.language.as_deref(),
            &|q, v| q.language = v,
        ),
        group("search-facet-tag", &f.tag, p.tag.as_deref(), &|q, v| {
            q.tag = v
        }),
    ]
    .into_iter()
    .filter(|g| !g.values.is_empty())
    .collect();
    let filtered =
        p.org.is_some() || p.category.is_some() || p.tag.is_some() || p.language.is_some();
    let page = SearchPage {
        q: p.q.clone(),
        total: found.total,
        total_text: tr.count("search-results-count", found.total as i64),
        hits,
        facets,
        org_name: org.as_ref().map(|(_, name)| name.clone()),
        org_slug: p.org.clone(),
        unknown_org: p.org.is_some() && org.is_none(),
        clear_filters: filtered.then(|| {
            href(&p, |q| {
                q.org = None;
                q.category = None;
                q.tag = None;
                q.language = None;
                q.page = 1;
            })
        }),
        relevance_href: href(&p, |q| {
            q.newest = false;
            q.page = 1;
        }),
        newest_href: href(&p, |q| {
            q.newest = true;
            q.page = 1;
        }),
        newest: p.newest || p.q.trim().is_empty(),
        has_query: !p.q.trim().is_empty(),
        prev: (found.page > 1).then(|| href(&p, |q| q.page = found.page - 1)),
        next: found.next_page().map(|n| href(&p, |q| q.page = n)),
        page_of: (found.pages() > 1)
            .then(|| tr.with2("search-page-of", "page", found.page, "pages", found.pages())),
        site,
    };
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("Vary", "Accept-Language, Cookie"))
        .body(page.render()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_query_string_is_parsed_with_errors_named() {
        let p = parse(
            "q=%E5%9B%A2%E5%9C%86&org=acme&category=news&tag=a%22b&sort=newest&page=2",
            true,
        )
        .expect("valid");
        assert_eq!(p.q, "团圆");
        assert_eq!(p.org.as_deref(), Some("acme"));
        assert_eq!(p.category, Some(Category::News));
        assert_eq!(p.tag.as_deref(), Some("a\"b"));
        assert!(p.newest);
        assert_eq!(p.page, 2);
        let msg = |qs: &str, strict: bool| match parse(qs, strict) {
            Err(AppError::BadRequest(m)) => crate::error::en(&m),
            other => panic!("{qs}: {other:?}"),
        };
        assert!(msg("page=0", true).contains("page"));
        assert!(msg("per_page=51", true).contains("per_page"));
        assert!(msg("sort=title", true).contains("title"));
        assert!(msg("category=gossip", false).contains("gossip"));
        assert!(msg("utm=x", true).contains("utm"));
        assert!(msg("q=a&q=b", true).contains("twice"));
        assert_eq!(parse("utm=x&q=a&q=b", false).expect("lenient").q, "b");
        assert_eq!(
            parse(&format!("tag={}", "x".repeat(500)), true)
                .expect("cut")
                .tag
                .map(|t| t.len()),
            Some(200)
        );
    }

    #[test]
    fn links_keep_every_parameter_but_the_one_changed() {
        let p = parse("q=a+b&tag=x%26y&page=3", false).expect("valid");
        assert_eq!(href(&p, |q| q.page = 1), "/search?q=a+b&tag=x%26y");
        assert_eq!(
            href(&p, |q| q.newest = true),
            "/search?q=a+b&tag=x%26y&sort=newest&page=3"
        );
    }
}
