//! The public pages' cache: rendered pages kept in a bounded in-memory cache (moka), each
//! stored with the content version of what it shows. Each page is compressed at most once per
//! encoding, by the first request that accepts it: rendering a page that is not cached yet costs
//! no compression, and neither does any request that takes the plain body.
//!
//! Invalidation works across instances: every change to what the public sees bumps
//! `organizations.content_version` in the same transaction. Each instance reads the versions
//! (one small query) at most once a second, and at once after it handled a change itself, so
//! a page is never served from the cache once its organization changed — after at most a
//! second on other instances, and immediately on the one that made the change. Pages are also
//! dropped after five minutes, so a follower count is at most that old.

use std::collections::HashMap;
use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use actix_web::HttpRequest;
use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use chrono::NaiveDateTime;

use crate::db::{Db, orgs};
use crate::error::AppError;

/// How long versions read from the database are trusted.
const VERSION_TTL: Duration = Duration::from_secs(1);
/// How long a page is kept at most. What a page shows without bumping the version (a
/// profile's follower count: a subscription is not worth re-rendering every page of the
/// organization) is never older than this.
const PAGE_TTL: Duration = Duration::from_secs(300);
/// Cache size in bytes of stored bodies (all encodings).
const CAPACITY_BYTES: u64 = 256 * 1024 * 1024;

/// What a page depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// One organization's content.
    Org(i64),
    /// Everything (the discover page, the sitemap).
    Site,
}

/// The versions of every organization, as last read.
#[derive(Clone, Debug, Default)]
pub struct Versions {
    by_org: HashMap<i64, i64>,
    slugs: HashMap<String, i64>,
    site: i64,
}

impl Versions {
    /// The version a page of this scope was rendered at.
    pub fn of(&self, scope: Scope) -> i64 {
        match scope {
            Scope::Org(id) => self.by_org.get(&id).copied().unwrap_or(-1),
            Scope::Site => self.site,
        }
    }

    /// The organization with this slug.
    pub fn org_id(&self, slug: &str) -> Option<i64> {
        self.slugs.get(slug).copied()
    }
}

/// A rendered public response.
#[derive(Debug)]
pub struct Page {
    /// Status (200, or 301 for a moved slug).
    pub status: u16,
    /// `Content-Type`.
    pub content_type: &'static str,
    /// `Cache-Control`.
    pub cache_control: &'static str,
    /// Uncompressed body.
    pub body: Bytes,
    /// Gzip of the body, once a request accepted it (empty if compressing failed).
    gzip: OnceLock<Bytes>,
    /// Brotli of the body, once a request accepted it (empty if compressing failed).
    br: OnceLock<Bytes>,
    /// Strong validator, as the `ETag` header value (made once, not on every hit).
    etag: HeaderValue,
    /// Newest change shown, for `Last-Modified`.
    pub last_modified: Option<NaiveDateTime>,
    /// `Location` of a redirect.
    pub location: Option<String>,
    /// The `Last-Modified` header value, made once rather than on every hit.
    last_modified_header: Option<HeaderValue>,
    /// The version of its scope it was rendered at.
    pub version: i64,
    /// The article it shows, for view counting on cache hits.
    pub article_id: Option<i64>,
    /// `Vary`: what besides the address chose this page (the cache key holds the same).
    pub vary: &'static str,
}

impl Page {
    /// A page to serve (and cache).
    pub fn new(
        content_type: &'static str,
        cache_control: &'static str,
        body: String,
        last_modified: Option<NaiveDateTime>,
    ) -> Page {
        use sha2::Digest as _;
        let body = Bytes::from(body);
        // Hex in quotes: always a valid header value.
        let etag = HeaderValue::from_str(&format!(
            "\"{}\"",
            hex::encode(&sha2::Sha256::digest(&body)[..12])
        ))
        .unwrap_or(HeaderValue::from_static("\"\""));
        let last_modified_header = last_modified.and_then(|t| {
            HeaderValue::from_str(&t.and_utc().format("%a, %d %b %Y %H:%M:%S GMT").to_string()).ok()
        });
        Page {
            last_modified_header,
            status: 200,
            content_type,
            cache_control,
            body,
            gzip: OnceLock::new(),
            br: OnceLock::new(),
            etag,
            last_modified,
            location: None,
            version: 0,
            article_id: None,
            vary: "Accept-Encoding",
        }
    }

    /// A permanent redirect (an old slug).
    pub fn redirect(location: String) -> Page {
        Page {
            status: 301,
            content_type: "text/plain; charset=utf-8",
            cache_control: "public, max-age=300",
            body: Bytes::new(),
            gzip: OnceLock::new(),
            br: OnceLock::new(),
            etag: HeaderValue::from_static("\"\""),
            last_modified: None,
            last_modified_header: None,
            location: Some(location),
            version: 0,
            article_id: None,
            vary: "Accept-Encoding",
        }
    }

    /// The body plus room for its two compressed forms, which may come later (HTML compresses
    /// to a quarter of its size or less).
    fn weight(&self) -> u32 {
        u32::try_from(self.body.len() * 3 / 2 + 256).unwrap_or(u32::MAX)
    }

    fn gzip(&self) -> &Bytes {
        self.gzip.get_or_init(|| {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
            let ok = e.write_all(&self.body).is_ok();
            Bytes::from(e.finish().ok().filter(|_| ok).unwrap_or_default())
        })
    }

    fn br(&self) -> &Bytes {
        self.br.get_or_init(|| {
            let mut out = Vec::new();
            let ok = {
                let mut w = brotli::CompressorWriter::new(&mut out, 4096, 6, 22);
                w.write_all(&self.body).and_then(|()| w.flush()).is_ok()
            };
            Bytes::from(if ok { out } else { Vec::new() })
        })
    }

    /// The response for `req`: 304 when its validators match, else the body in the best
    /// encoding the client accepts.
    pub fn respond(&self, req: &HttpRequest) -> actix_web::HttpResponse {
        use actix_web::http::StatusCode;
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        let mut res = actix_web::HttpResponse::build(status);
        res.insert_header((
            header::CACHE_CONTROL,
            HeaderValue::from_static(self.cache_control),
        ));
        if let Some(loc) = &self.location {
            res.insert_header((header::LOCATION, loc.as_str()));
            return res.finish();
        }
        res.insert_header((header::ETAG, self.etag.clone()));
        res.insert_header((header::VARY, HeaderValue::from_static(self.vary)));
        if let Some(m) = &self.last_modified_header {
            res.insert_header((header::LAST_MODIFIED, m.clone()));
        }
        if self.not_modified(req) {
            res.status(StatusCode::NOT_MODIFIED);
            return res.finish();
        }
        res.content_type(self.content_type);
        let accepts = req
            .headers()
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let has = |enc: &str| {
            accepts
                .split(',')
                .any(|p| p.split(';').next().is_some_and(|e| e.trim() == enc))
        };
        if has("br") && !self.br().is_empty() {
            res.insert_header((header::CONTENT_ENCODING, "br"));
            res.body(self.br().clone())
        } else if has("gzip") && !self.gzip().is_empty() {
            res.insert_header((header::CONTENT_ENCODING, "gzip"));
            res.body(self.gzip().clone())
        } else {
            if !accepts.is_empty() {
                // Some other encoding was offered: the compression middleware must not spend
                // time on every hit of a cached page.
                res.insert_header((header::CONTENT_ENCODING, "identity"));
            }
            res.body(self.body.clone())
        }
    }

    fn not_modified(&self, req: &HttpRequest) -> bool {
        let h = req.headers();
        if let Some(inm) = h.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
            return inm.split(',').any(|t| {
                let t = t.trim();
                t == "*" || t.trim_start_matches("W/").as_bytes() == self.etag.as_bytes()
            });
        }
        match (
            h.get(header::IF_MODIFIED_SINCE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok()),
            self.last_modified,
        ) {
            (Some(since), Some(modified)) => modified.and_utc().timestamp() <= since.timestamp(),
            _ => false,
        }
    }
}

struct Checked {
    versions: Arc<Versions>,
    at: Instant,
}

/// The cache of public pages.
pub struct PageCache {
    pages: moka::sync::Cache<String, Arc<Page>>,
    checked: Mutex<Option<Checked>>,
    stale: AtomicBool,
    refresh: tokio::sync::Mutex<()>,
    /// One lock per page being rendered: concurrent misses of a page render it once.
    rendering: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// Requests answered from the cache.
    pub hits: prometheus::IntCounter,
    /// Pages rendered (misses that did the work).
    pub renders: prometheus::IntCounter,
}

/// Drops a page's render lock from the map when its last user is done, however the request
/// ends (a client that hangs up cancels the future). Declared before the lock's guard, so it is
/// dropped after it.
struct RenderSlot<'a> {
    cache: &'a PageCache,
    key: &'a str,
}

impl Drop for RenderSlot<'_> {
    fn drop(&mut self) {
        let Ok(mut map) = self.cache.rendering.lock() else {
            return;
        };
        // Only the map holds it now: nobody else renders or waits for this page.
        if map.get(self.key).is_some_and(|l| Arc::strong_count(l) == 1) {
            map.remove(self.key);
        }
    }
}

impl PageCache {
    /// An empty cache. Its counters are registered by [`crate::web::metrics::Metrics`].
    pub fn new() -> anyhow::Result<Self> {
        Ok(PageCache {
            pages: moka::sync::Cache::builder()
                .max_capacity(CAPACITY_BYTES)
                .weigher(|_, p: &Arc<Page>| p.weight())
                .time_to_live(PAGE_TTL)
                .build(),
            checked: Mutex::new(None),
            stale: AtomicBool::new(true),
            refresh: tokio::sync::Mutex::new(()),
            rendering: Mutex::new(HashMap::new()),
            hits: prometheus::IntCounter::new(
                "page_cache_hits_total",
                "Public pages answered from the cache",
            )?,
            renders: prometheus::IntCounter::new(
                "page_renders_total",
                "Public pages rendered (cache misses that did the work)",
            )?,
        })
    }

    /// Pages held, and their weight in bytes (all encodings).
    pub fn size(&self) -> (u64, u64) {
        self.pages.run_pending_tasks();
        (self.pages.entry_count(), self.pages.weighted_size())
    }

    /// The page at `version`: from the cache, or rendered by `render` and stored. Concurrent
    /// misses of the same key wait for one render instead of each doing it (a page of a busy
    /// organization after a publish). An error (such as `NotFound`) is not stored.
    pub async fn get_or_render<F, Fut>(
        &self,
        key: String,
        version: i64,
        render: F,
    ) -> Result<Arc<Page>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Page, AppError>>,
    {
        if let Some(page) = self.get(&key, version) {
            self.hits.inc();
            return Ok(page);
        }
        let lock: Arc<tokio::sync::Mutex<()>> = match self.rendering.lock() {
            Ok(mut map) => map.entry(key.clone()).or_default().clone(),
            Err(_) => Arc::default(),
        };
        let _slot = RenderSlot {
            cache: self,
            key: &key,
        };
        let _turn = lock.lock_owned().await;
        if let Some(page) = self.get(&key, version) {
            self.hits.inc();
            return Ok(page);
        }
        let page = render().await?;
        self.renders.inc();
        Ok(self.put(key.clone(), page, version))
    }

    /// Forces the next request to re-read the versions (this instance changed something).
    pub fn changed(&self) {
        self.stale.store(true, Ordering::Release);
    }

    fn fresh(&self) -> Option<Arc<Versions>> {
        if self.stale.load(Ordering::Acquire) {
            return None;
        }
        let guard = self.checked.lock().ok()?;
        guard
            .as_ref()
            .filter(|c| c.at.elapsed() < VERSION_TTL)
            .map(|c| c.versions.clone())
    }

    /// The current versions, read from the database when older than a second (one request
    /// reads; the others wait for it).
    pub async fn versions(&self, db: &Db) -> Result<Arc<Versions>, AppError> {
        if let Some(v) = self.fresh() {
            return Ok(v);
        }
        let _one = self.refresh.lock().await;
        if let Some(v) = self.fresh() {
            return Ok(v);
        }
        self.stale.store(false, Ordering::Release);
        let rows = db.run(orgs::content_versions).await;
        let rows = match rows {
            Ok(r) => r,
            Err(e) => {
                self.stale.store(true, Ordering::Release);
                return Err(e);
            }
        };
        let v = Arc::new(Versions {
            site: rows.iter().map(|(_, _, v)| *v).sum::<i64>() + rows.len() as i64,
            by_org: rows.iter().map(|(id, _, v)| (*id, *v)).collect(),
            slugs: rows.into_iter().map(|(id, slug, _)| (slug, id)).collect(),
        });
        if let Ok(mut guard) = self.checked.lock() {
            *guard = Some(Checked {
                versions: v.clone(),
                at: Instant::now(),
            });
        }
        Ok(v)
    }

    /// A cached page still at `version`.
    fn get(&self, key: &str, version: i64) -> Option<Arc<Page>> {
        self.pages.get(key).filter(|p| p.version == version)
    }

    /// Stores a page rendered at `version`.
    fn put(&self, key: String, mut page: Page, version: i64) -> Arc<Page> {
        page.version = version;
        let page = Arc::new(page);
        self.pages.insert(key, page.clone());
        page
    }
}

/// Middleware: after a successful change made through this instance (any method but GET and
/// HEAD), the next public request re-reads the content versions, so the change shows at once.
pub async fn mark_changes(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let writes = !matches!(
        *req.method(),
        actix_web::http::Method::GET | actix_web::http::Method::HEAD
    );
    let state = req
        .app_data::<actix_web::web::Data<crate::web::AppState>>()
        .cloned();
    let res = next.call(req).await?;
    if writes
        && res.status().as_u16() < 400
        && let Some(state) = state
    {
        state.cache.changed();
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn page(body: &str) -> Page {
        Page::new("text/plain", "no-store", body.to_owned(), None)
    }

    fn waiting(cache: &PageCache) -> usize {
        cache
            .rendering
            .lock()
            .map(|m| m.len())
            .unwrap_or(usize::MAX)
    }

    #[tokio::test]
    async fn concurrent_misses_render_once_and_leave_no_lock_behind() -> anyhow::Result<()> {
        let cache = PageCache::new()?;
        let renders = std::sync::atomic::AtomicUsize::new(0);
        let one = || async {
            cache
                .get_or_render("k".to_owned(), 7, || async {
                    renders.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    Ok(page("hello"))
                })
                .await
        };
        let pages = futures_util::future::join_all((0..10).map(|_| one())).await;
        assert!(
            pages
                .iter()
                .all(|p| p.as_ref().is_ok_and(|p| &p.body[..] == b"hello"))
        );
        assert_eq!(renders.load(Ordering::SeqCst), 1);
        assert_eq!((cache.hits.get(), cache.renders.get()), (9, 1));
        assert_eq!(waiting(&cache), 0);
        // A new version renders again.
        let p = cache
            .get_or_render("k".to_owned(), 8, || async { Ok(page("v8")) })
            .await?;
        assert_eq!(&p.body[..], b"v8");
        assert_eq!(cache.renders.get(), 2);
        Ok(())
    }

    #[tokio::test]
    async fn errors_are_not_stored_and_cancelled_requests_leave_no_lock_behind()
    -> anyhow::Result<()> {
        let cache = PageCache::new()?;
        let missing = cache
            .get_or_render("gone".to_owned(), 1, || async { Err(AppError::NotFound) })
            .await;
        assert!(matches!(missing, Err(AppError::NotFound)));
        assert_eq!((cache.renders.get(), waiting(&cache)), (0, 0));
        // A request whose client hangs up: one render in progress, one waiting; both dropped.
        let slow = || {
            cache.get_or_render("slow".to_owned(), 1, || async {
                tokio::time::sleep(Duration::from_secs(60)).await;
                Ok(page("never"))
            })
        };
        let both = futures_util::future::join(slow(), slow());
        assert!(
            tokio::time::timeout(Duration::from_millis(50), both)
                .await
                .is_err()
        );
        assert_eq!(waiting(&cache), 0);
        let p = cache
            .get_or_render("slow".to_owned(), 1, || async { Ok(page("later")) })
            .await?;
        assert_eq!(&p.body[..], b"later");
        Ok(())
    }
}
