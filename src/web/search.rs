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

/// The parameters a search takes.
pub const PARAMS: &[&str] = &[
    "q", "org", "category", "tag", "language", "sort", "page", "per_page",
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
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(qs)
        .map_err(|e| bad(Msg::new("error-query-invalid").arg("detail", e.to_string())))?;
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

fn number(name: &str, v: &str, max: i64) -> Result<i64, AppError> {
    v.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| {
            bad(Msg::new("error-query-number")
                .arg("name", name)
                .arg("max", max)
                .arg("value", v))
        })
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

/// A result's title and snippet in the reader's script (Chinese results only), and its
/// address keeping that script.
pub fn in_reader_script(
    r: &results::Result,
    reader: Option<ChineseScript>,
) -> (crate::search::Marked, crate::search::Marked, String) {
    let url = paths::article(&r.row.org_slug, &r.row.slug);
    let written = ChineseScript::of_language(&r.row.language);
    match (written, reader) {
        (Some(w), Some(shown)) if w != shown => {
            let words = crate::domain::HantWords::parse(&r.row.hant_words)
                .unwrap_or(crate::domain::HantWords::AsWritten);
            let script = crate::render::script::Script::into(shown, words);
            let convert = |m: &crate::search::Marked| {
                crate::search::Marked(crate::render::script::text(&m.0, script))
            };
            (
                convert(&r.title),
                convert(&r.snippet),
                super::public::in_script(&url, Some(shown)),
            )
        }
        _ => (r.title.clone(), r.snippet.clone(), url),
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
    let locale = super::public::language::chosen(&req)
        .or_else(|| {
            req.headers()
                .get(actix_web::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::negotiate)
        })
        .unwrap_or(Locale::En);
    let (request, org) = request(&state, &p).await?;
    let found = results::run(
        &state.search,
        &state.db,
        Some(&state.queries),
        &request,
        crate::db::now(),
    )
    .await?;
    let site = super::public::site(&state, locale, &href(&p, |_| {}));
    let tr = site.tr.clone();
    let reader = reader_script(locale);
    let hits = found
        .results
        .iter()
        .map(|r| {
            let (title, snippet, url) = in_reader_script(r, reader);
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
    let category_values: Vec<results::Value> = f
        .category
        .iter()
        .map(|v| results::Value {
            label: v
                .value
                .parse::<Category>()
                .map(|c| tr.category(c))
                .unwrap_or_else(|_| v.value.clone()),
            ..v.clone()
        })
        .collect();
    let language_values: Vec<results::Value> = f
        .language
        .iter()
        .map(|v| results::Value {
            label: language_label(&v.value),
            ..v.clone()
        })
        .collect();
    let facets = vec![
        group("search-facet-org", &f.org, p.org.as_deref(), &|q, v| {
            q.org = v
        }),
        group(
            "search-facet-category",
            &category_values,
            p.category.map(Category::as_str),
            &|q, v| q.category = v.and_then(|v| v.parse().ok()),
        ),
        group(
            "search-facet-language",
            &language_values,
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
