//! `GET /sitemap.xml`, `GET /sitemap-{n}.xml` and `GET /robots.txt`.
//!
//! The sitemap lists the home page, every organization's profile and every published article,
//! in that order (organizations by slug, articles by id). Up to [`MAX_URLS`] it is one
//! `urlset`; past that `/sitemap.xml` is an index of `/sitemap-{n}.xml` pages of at most
//! [`MAX_URLS`] each. Articles are read in keyset-paginated chunks of three columns.

use std::io;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDateTime;

use crate::db::{DbConnection, sitemap as queries};
use crate::domain::paths;
use crate::error::AppError;
use crate::render::sitemap::{MAX_URLS, UrlSet, index, page_count};
use crate::web::AppState;

/// Articles read per query.
const CHUNK: i64 = 5_000;

const XML: &str = "application/xml; charset=utf-8";

/// Registers the sitemap and robots.txt routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/sitemap.xml", web::get().to(sitemap))
        .route("/sitemap-{n:[0-9]{1,9}}.xml", web::get().to(sitemap_page))
        .route("/robots.txt", web::get().to(robots));
}

/// Which sitemap document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// `/sitemap.xml`: every URL, or the index when they do not fit one page.
    Root,
    /// `/sitemap-{n}.xml`, 1-based.
    Page(i64),
}

/// A sitemap document and the newest change it lists.
#[derive(Clone, Debug)]
pub struct Document {
    /// The XML.
    pub xml: String,
    /// Newest `lastmod` in it (for `Last-Modified`).
    pub last_modified: Option<NaiveDateTime>,
}

/// `GET /sitemap.xml`.
pub async fn sitemap(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    serve(&req, &state, Part::Root).await
}

/// `GET /sitemap-{n}.xml`.
pub async fn sitemap_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    serve(&req, &state, Part::Page(path.into_inner())).await
}

async fn serve(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    part: Part,
) -> Result<HttpResponse, AppError> {
    let key = match part {
        Part::Root => "sitemap|root".to_owned(),
        Part::Page(n) => format!("sitemap|{n}"),
    };
    let st = state.clone();
    let (res, _) = crate::web::public::through_cache(
        req,
        state,
        key,
        crate::web::cache::Scope::Site,
        move || async move {
            let public_url = st.public_url.clone();
            let doc = st
                .db
                .run(move |conn| document(conn, &public_url, part, MAX_URLS))
                .await?
                .ok_or(AppError::NotFound)?;
            Ok(crate::web::cache::Page::new(
                XML,
                "public, max-age=300",
                doc.xml,
                doc.last_modified,
            ))
        },
    )
    .await?;
    Ok(res)
}

/// Builds one sitemap document with `page_size` URLs per page ([`MAX_URLS`] in production;
/// tests use a tiny one). `None` for a page number past the last page.
pub fn document(
    conn: &mut DbConnection,
    public_url: &str,
    part: Part,
    page_size: i64,
) -> Result<Option<Document>, AppError> {
    let page_size = page_size.max(1);
    let (articles, newest_article) = queries::article_stats(conn)?;
    let mut fixed = vec![(format!("{public_url}/"), newest_article)];
    fixed.extend(queries::orgs(conn)?.into_iter().map(|o| {
        (
            paths::absolute(public_url, &paths::profile(&o.slug)),
            Some(o.lastmod),
        )
    }));
    let fixed_len = i64::try_from(fixed.len()).unwrap_or(i64::MAX);
    let total = fixed_len.saturating_add(articles);
    let pages = page_count(total, page_size);
    let n = match part {
        Part::Root if pages > 1 => {
            let newest = fixed.iter().filter_map(|f| f.1).max();
            let xml = index(public_url, pages).map_err(io_error)?;
            return Ok(Some(Document {
                xml,
                last_modified: newest,
            }));
        }
        Part::Root => 1,
        Part::Page(n) if (1..=pages).contains(&n) => n,
        Part::Page(_) => return Ok(None),
    };
    let start = (n - 1) * page_size;
    let end = start.saturating_add(page_size).min(total);
    let mut set = UrlSet::new().map_err(io_error)?;
    let (from, to) = (to_usize(start), to_usize(end));
    for (loc, lastmod) in fixed.iter().take(to).skip(from) {
        set.push(loc, *lastmod).map_err(io_error)?;
    }
    let first_article = start.max(fixed_len);
    write_articles(
        conn,
        &mut set,
        public_url,
        first_article - fixed_len,
        end - first_article,
    )?;
    let (xml, last_modified) = set.finish().map_err(io_error)?;
    Ok(Some(Document { xml, last_modified }))
}

/// Writes `count` published articles from position `skip` (in id order), read in keyset
/// chunks.
fn write_articles(
    conn: &mut DbConnection,
    set: &mut UrlSet,
    public_url: &str,
    skip: i64,
    count: i64,
) -> Result<(), AppError> {
    if count <= 0 {
        return Ok(());
    }
    let mut remaining = count;
    let mut after = queries::start_after(conn, skip)?;
    while remaining > 0 {
        let chunk = queries::articles_after(conn, after, remaining.min(CHUNK))?;
        let Some(last) = chunk.last() else {
            break;
        };
        after = last.id;
        remaining -= i64::try_from(chunk.len()).unwrap_or(i64::MAX);
        for a in &chunk {
            let loc = paths::absolute(public_url, &paths::article(&a.org_slug, &a.slug));
            set.push(&loc, Some(a.updated_at)).map_err(io_error)?;
        }
    }
    Ok(())
}

fn to_usize(n: i64) -> usize {
    usize::try_from(n.max(0)).unwrap_or(usize::MAX)
}

fn io_error(e: io::Error) -> AppError {
    AppError::Unexpected(anyhow::Error::new(e).context("writing a sitemap"))
}

/// Paths crawlers are asked to stay out of: sign-in, the dashboard, private previews, the API,
/// one-time links and account pages.
pub const DISALLOWED: [&str; 7] = [
    "/dashboard/",
    "/login",
    "/preview/",
    "/api/",
    "/setup/",
    "/invite/",
    "/account",
];

/// The robots.txt of a site at `public_url`.
pub fn robots_txt(public_url: &str) -> String {
    let mut s = String::from("User-agent: *\nAllow: /\n");
    for path in DISALLOWED {
        s.push_str("Disallow: ");
        s.push_str(path);
        s.push('\n');
    }
    s.push_str(&format!("\nSitemap: {public_url}/sitemap.xml\n"));
    s
}

/// `GET /robots.txt`.
pub async fn robots(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let body = robots_txt(&state.public_url);
    crate::web::cache::Page::new(
        "text/plain; charset=utf-8",
        "public, max-age=300",
        body,
        None,
    )
    .respond(&req)
}
