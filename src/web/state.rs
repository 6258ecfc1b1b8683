//! `AppState`: what every handler shares. It lives here, beside the handlers, so that `web`
//! never reaches up into `startup`, which builds it.

use std::sync::Arc;

use crate::auth::throttle::LoginThrottle;
use crate::auth::tokens::Signer;
use crate::config::Settings;
use crate::db::Db;
use crate::views::ViewCounter;

/// Shared by every request handler.
pub struct AppState {
    /// Validated settings.
    pub settings: Settings,
    /// Database pool.
    pub db: Db,
    /// Signs links that need no stored row (unsubscribe links, with the followers issue).
    pub signer: Signer,
    /// Who mail comes from, and its DKIM key: every message is composed through it.
    pub sender: Arc<crate::delivery::message::Sender>,
    /// Writes subscribers' mail (and signs its links).
    pub letters: crate::delivery::letters::Writer,
    /// The VAPID public key (base64url) browsers subscribe with.
    pub push_key: String,
    /// Public base URL without a trailing slash.
    pub public_url: String,
    /// The first-run setup token, when the instance had no user at start.
    pub setup_token: Option<String>,
    /// Serializes first-run setup on this instance.
    pub setup_lock: tokio::sync::Mutex<()>,
    /// Per-address login throttle.
    pub throttle: LoginThrottle,
    /// Per-address throttle of follow requests.
    pub follow_throttle: LoginThrottle,
    /// Prometheus metrics.
    pub metrics: super::metrics::Metrics,
    /// Version of the static assets, for cache-busting URLs.
    pub asset_version: &'static str,
    /// Image uploads processed at once (each may need a few hundred MB while decoding).
    pub media_permits: tokio::sync::Semaphore,
    /// Rendered public pages.
    pub cache: crate::web::cache::PageCache,
    /// Article views counted in memory; the scheduler flushes them to the database.
    pub views: Arc<ViewCounter>,
    /// The search engine (handlers only search it; the outbox worker writes to it).
    pub search: crate::search::Engine,
    /// Readers' queries counted in memory; the scheduler flushes them.
    pub queries: Arc<crate::search::stats::QueryStats>,
}
