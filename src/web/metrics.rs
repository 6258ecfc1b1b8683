//! Prometheus metrics: requests by route and status, a latency histogram, pool usage.
//! Each application has its own registry, so tests running several apps do not mix counts.

use std::time::Instant;

use actix_web::HttpMessage as _;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;
use prometheus::{
    Encoder as _, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry,
};
use tracing::Instrument as _;

use crate::web::AppState;

/// The application's metrics.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool_connections: IntGauge,
    pool_idle: IntGauge,
    pool_max: IntGauge,
    page_cache_entries: IntGauge,
    page_cache_bytes: IntGauge,
    outbox_waiting: IntGaugeVec,
    outbox_oldest: IntGaugeVec,
}

/// What waits in one outgoing queue, read when the metrics are.
#[derive(Clone, Copy, Debug, Default)]
pub struct Backlog {
    pub waiting: i64,
    /// Seconds since the oldest waiting row was queued (0 when none waits).
    pub oldest_seconds: i64,
}

impl Metrics {
    /// Registers every metric.
    pub fn new() -> anyhow::Result<Self> {
        let registry = Registry::new_custom(Some("qiao".to_owned()), None)?;
        let requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP requests by route, method and status",
            ),
            &["route", "method", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "HTTP request latency").buckets(
                vec![
                    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                ],
            ),
            &["route"],
        )?;
        let pool_connections = IntGauge::new("db_pool_connections", "Open database connections")?;
        let pool_idle = IntGauge::new("db_pool_idle_connections", "Idle database connections")?;
        let pool_max = IntGauge::new("db_pool_max_connections", "Database pool size limit")?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(pool_connections.clone()))?;
        registry.register(Box::new(pool_idle.clone()))?;
        registry.register(Box::new(pool_max.clone()))?;
        let page_cache_entries = IntGauge::new("page_cache_entries", "Public pages cached")?;
        let page_cache_bytes = IntGauge::new(
            "page_cache_bytes",
            "Bytes of cached public pages (all encodings)",
        )?;
        registry.register(Box::new(page_cache_entries.clone()))?;
        registry.register(Box::new(page_cache_bytes.clone()))?;
        let outbox_waiting = IntGaugeVec::new(
            Opts::new(
                "outbox_waiting",
                "Messages waiting to be sent (pending or being sent), by queue",
            ),
            &["queue"],
        )?;
        let outbox_oldest = IntGaugeVec::new(
            Opts::new(
                "outbox_oldest_seconds",
                "Age of the oldest message waiting to be sent, by queue",
            ),
            &["queue"],
        )?;
        registry.register(Box::new(outbox_waiting.clone()))?;
        registry.register(Box::new(outbox_oldest.clone()))?;
        Ok(Metrics {
            outbox_waiting,
            outbox_oldest,
            registry,
            requests,
            latency,
            pool_connections,
            pool_idle,
            pool_max,
            page_cache_entries,
            page_cache_bytes,
        })
    }

    /// Registers the page cache's hit and render counters.
    pub fn register_page_cache(&self, cache: &crate::web::cache::PageCache) -> anyhow::Result<()> {
        self.registry.register(Box::new(cache.hits.clone()))?;
        self.registry.register(Box::new(cache.renders.clone()))?;
        Ok(())
    }

    /// Records one finished request.
    pub fn observe(&self, route: &str, method: &str, status: u16, seconds: f64) {
        self.requests
            .with_label_values(&[route, method, &status.to_string()])
            .inc();
        self.latency.with_label_values(&[route]).observe(seconds);
    }

    /// The text exposition, with pool and page cache gauges read now, and the outgoing queues'
    /// backlogs (`mail`, `push`) as given (none when the database could not say).
    pub fn render(
        &self,
        pool: &crate::db::Pool,
        cache: &crate::web::cache::PageCache,
        backlogs: &[(&str, Backlog)],
    ) -> String {
        for (queue, b) in backlogs {
            self.outbox_waiting
                .with_label_values(&[queue])
                .set(b.waiting);
            self.outbox_oldest
                .with_label_values(&[queue])
                .set(b.oldest_seconds);
        }
        let (entries, bytes) = cache.size();
        self.page_cache_entries
            .set(i64::try_from(entries).unwrap_or(i64::MAX));
        self.page_cache_bytes
            .set(i64::try_from(bytes).unwrap_or(i64::MAX));
        let state = pool.state();
        self.pool_connections.set(i64::from(state.connections));
        self.pool_idle.set(i64::from(state.idle_connections));
        self.pool_max.set(i64::from(pool.max_size()));
        let mut out = Vec::new();
        if let Err(e) = prometheus::TextEncoder::new().encode(&self.registry.gather(), &mut out) {
            tracing::error!(error = %e, "encoding metrics failed");
        }
        String::from_utf8(out).unwrap_or_default()
    }
}

/// A request's id: in its log lines, its `X-Request-Id` header and on a 500 page, so an
/// operator can find what happened to the request someone reports. Unique within the process
/// (a counter through a bijection of `u64`), from a random start, so ids of different runs do not
/// repeat either; no system call per request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestId(u64);

impl RequestId {
    fn next() -> Self {
        use std::sync::OnceLock;
        use std::sync::atomic::{AtomicU64, Ordering};
        static START: OnceLock<u64> = OnceLock::new();
        static COUNT: AtomicU64 = AtomicU64::new(0);
        let start = *START.get_or_init(rand::random::<u64>);
        let n = start.wrapping_add(COUNT.fetch_add(1, Ordering::Relaxed));
        // Multiplying by an odd constant is a bijection: distinct counts, distinct ids.
        RequestId(n.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }
}

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// The middleware: labels by route pattern (never the raw path, to bound cardinality), and
/// writes the request's log line, also with the pattern only: a path can hold a token.
pub async fn track(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, actix_web::Error> {
    let started = Instant::now();
    let id = RequestId::next();
    req.extensions_mut().insert(id);
    // Everything logged while the request is handled carries its id, and only that: a path can
    // hold a token, and a client address here would be whatever X-Forwarded-For claims.
    // (tracing-actix-web's span formatted ten such fields per request, which at the default
    // log level cost the cached pages about a fifth of their speed: benches/site.sh.)
    let span = tracing::info_span!("request", id = %id);
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let method = req.method().clone();
    let mut res = next.call(req).instrument(span.clone()).await?;
    // Operators can match a response (and the id on an error page) to its log lines.
    if let Ok(value) = HeaderValue::from_str(&id.to_string()) {
        res.headers_mut()
            .insert(HeaderName::from_static("x-request-id"), value);
    }
    if let Some(state) = state {
        let route = res.request().match_pattern();
        let route = route.as_deref().unwrap_or("unmatched");
        let status = res.status().as_u16();
        let elapsed = started.elapsed();
        let _in = span.enter();
        tracing::info!(
            method = %method,
            route = %route,
            status,
            latency_ms = elapsed.as_secs_f64() * 1000.0,
            "request"
        );
        state
            .metrics
            .observe(route, method.as_str(), status, elapsed.as_secs_f64());
    }
    Ok(res)
}
