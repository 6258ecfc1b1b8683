//! Web push: the worker that sends what `outgoing_push` holds to the browsers' push services.
//!
//! Each notification is encrypted when it is sent (RFC 8291 `aes128gcm`, by web-push-native,
//! a fresh key and salt every time) and carries a VAPID signature (RFC 8292) made here: a JWT
//! whose `aud` is the endpoint's origin *with* its port (web-push-native's own drops the port),
//! `exp` twelve hours ahead and `sub` the operator's contact. Answers: 2xx sent; 404 and 410 the
//! subscription is gone (deleted); 429 again after `Retry-After`; 5xx, timeouts and refused
//! connections again after a capped backoff; any other 4xx (413 included) fails the message.
//!
//! Endpoints come from browsers, that is from anyone: unless `push_private_endpoints` is on,
//! an endpoint must be https and every address its host resolves to must be public (checked at
//! connection time by the client's resolver, so a DNS answer cannot change in between), and
//! redirects are never followed.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDateTime;
use p256::ecdsa::signature::Signer as _;
use tokio::sync::watch;
use url::Url;

use crate::db::push::{Claimed, Outcome};
use crate::db::{self, Db};
use crate::error::AppError;

/// Notifications claimed per pass.
const BATCH: i64 = 32;
/// How long a claim holds before another worker may take the notification over.
const LEASE: chrono::Duration = chrono::Duration::minutes(5);
/// Attempts before a notification that keeps failing for now is given up.
pub const MAX_ATTEMPTS: i32 = 8;
/// How often the loop looks for due notifications.
pub const INTERVAL: Duration = Duration::from_secs(1);
/// The longest endpoint accepted (real ones are 150–500 characters).
pub const MAX_ENDPOINT: usize = 2048;
pub use crate::db::push::MAX_PAYLOAD;
/// How long a VAPID signature is valid (RFC 8292 allows at most 24 hours).
const VAPID_VALID: i64 = 12 * 3600;

/// The application server's VAPID identity.
pub struct Vapid {
    key: p256::ecdsa::SigningKey,
    /// The public key as browsers take it (`applicationServerKey`): the uncompressed point,
    /// base64url.
    public: String,
    /// `sub`: `mailto:` or `https:`.
    subject: String,
    /// Signed headers by push service origin, with their `exp`: a JWT is good for twelve
    /// hours, so one signature serves every request to that service for most of them.
    signed: std::sync::Mutex<std::collections::HashMap<String, (i64, String)>>,
}

impl std::fmt::Debug for Vapid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vapid")
            .field("public", &self.public)
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

impl Vapid {
    /// The identity of private key `scalar` (32 bytes), contact `subject`.
    pub fn new(scalar: &[u8], subject: String) -> anyhow::Result<Vapid> {
        let key = p256::ecdsa::SigningKey::from_slice(scalar)
            .map_err(|_| anyhow::anyhow!("the VAPID private key is not a P-256 key"))?;
        let point = key.verifying_key().to_encoded_point(false);
        Ok(Vapid {
            public: URL_SAFE_NO_PAD.encode(point.as_bytes()),
            key,
            subject,
            signed: std::sync::Mutex::new(std::collections::HashMap::new()),
        })
    }

    /// The public key, base64url: what the page gives `pushManager.subscribe`.
    pub fn public_key(&self) -> &str {
        &self.public
    }

    /// The `Authorization` header for a request to `endpoint` at `now` (Unix seconds): one
    /// signed an hour ago or less for the same push service is reused.
    pub fn authorization(&self, endpoint: &Url, now: i64) -> String {
        let origin = endpoint.origin().ascii_serialization();
        if let Ok(cache) = self.signed.lock()
            && let Some((exp, value)) = cache.get(&origin)
            && *exp - now > VAPID_VALID - 3600
            && *exp - VAPID_VALID <= now
        {
            return value.clone();
        }
        let value = self.sign(endpoint, now);
        if let Ok(mut cache) = self.signed.lock() {
            if cache.len() >= 256 {
                cache.clear();
            }
            cache.insert(origin, (now + VAPID_VALID, value.clone()));
        }
        value
    }

    fn sign(&self, endpoint: &Url, now: i64) -> String {
        let header = URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT","alg":"ES256"}"#);
        let claims = serde_json::json!({
            "aud": endpoint.origin().ascii_serialization(),
            "exp": now + VAPID_VALID,
            "sub": self.subject,
        });
        let claims = URL_SAFE_NO_PAD.encode(claims.to_string());
        let signed = format!("{header}.{claims}");
        let signature: p256::ecdsa::Signature = self.key.sign(signed.as_bytes());
        format!(
            "vapid t={signed}.{}, k={}",
            URL_SAFE_NO_PAD.encode(signature.to_bytes()),
            self.public
        )
    }
}

/// Why an endpoint or its keys are refused (said to the browser in the reader's words by the
/// web layer, written to the log by the worker).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not a URL, too long, or with a login or fragment.
    Endpoint,
    /// Not https, or on an address qiao must not send to.
    EndpointPlace,
    /// `p256dh` is not a P-256 public key.
    PublicKey,
    /// `auth` is not 16 bytes.
    AuthSecret,
}

impl Refused {
    /// The catalog key saying what is wrong.
    pub fn message_key(self) -> &'static str {
        match self {
            Refused::Endpoint => "push-error-endpoint",
            Refused::EndpointPlace => "push-error-endpoint-place",
            Refused::PublicKey => "push-error-key",
            Refused::AuthSecret => "push-error-auth",
        }
    }
}

/// Checks an endpoint a browser registered.
pub fn check_endpoint(endpoint: &str, allow_private: bool) -> Result<Url, Refused> {
    if endpoint.len() > MAX_ENDPOINT || endpoint.chars().any(char::is_control) {
        return Err(Refused::Endpoint);
    }
    let url = Url::parse(endpoint).map_err(|_| Refused::Endpoint)?;
    if !url.username().is_empty() || url.password().is_some() || url.fragment().is_some() {
        return Err(Refused::Endpoint);
    }
    let host = url.host().ok_or(Refused::Endpoint)?;
    match (url.scheme(), allow_private) {
        ("https", _) | ("http", true) => {}
        _ => return Err(Refused::EndpointPlace),
    }
    // Browsers' push services listen on 443; another port is someone else's service.
    if !allow_private && url.port().is_some_and(|p| p != 443) {
        return Err(Refused::EndpointPlace);
    }
    if !allow_private {
        let literal = match host {
            url::Host::Ipv4(ip) => Some(IpAddr::V4(ip)),
            url::Host::Ipv6(ip) => Some(IpAddr::V6(ip)),
            url::Host::Domain(name) => {
                let name = name.trim_end_matches('.').to_ascii_lowercase();
                if name == "localhost" || name.ends_with(".localhost") || !name.contains('.') {
                    return Err(Refused::EndpointPlace);
                }
                None
            }
        };
        if literal.is_some_and(|ip| !is_public(ip)) {
            return Err(Refused::EndpointPlace);
        }
    }
    Ok(url)
}

/// Decodes and checks a browser's keys: its P-256 public key and its 16-byte secret.
pub fn check_keys(p256dh: &str, auth: &str) -> Result<(p256::PublicKey, [u8; 16]), Refused> {
    let decode = |s: &str| URL_SAFE_NO_PAD.decode(s.trim().trim_end_matches('='));
    let point = decode(p256dh).map_err(|_| Refused::PublicKey)?;
    if point.len() != 65 {
        return Err(Refused::PublicKey);
    }
    let public = p256::PublicKey::from_sec1_bytes(&point).map_err(|_| Refused::PublicKey)?;
    let secret: [u8; 16] = decode(auth)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(Refused::AuthSecret)?;
    Ok((public, secret))
}

/// Whether `ip` is an address on the public internet (not loopback, private, link-local,
/// shared, documentation, multicast or reserved).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_unspecified()
                || v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                || a == 0
                || a >= 240
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && v4.octets()[2] == 0)
                || (a == 192 && b == 88 && v4.octets()[2] == 99)
                || (a == 198 && (18..20).contains(&b)))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            let first = s[0];
            !(v6.is_unspecified()
                || v6.is_loopback()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || (first & 0xffc0) == 0xfec0
                || first == 0x2002
                || (first == 0x2001 && (s[1] == 0xdb8 || s[1] == 0))
                || (first == 0x64 && s[1] == 0xff9b)
                || (first == 0x100 && s[1..4] == [0, 0, 0])
                || s[..6] == [0, 0, 0, 0, 0, 0])
        }
    }
}

/// Resolves names to their public addresses only (all of them, unless private ones are
/// allowed): the check happens where the connection is made.
struct PublicOnly {
    allow_private: bool,
}

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let usable: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|a| allow_private || is_public(a.ip()))
                .collect();
            if usable.is_empty() {
                let why = format!("{host} resolves to no public address");
                return Err(why.into());
            }
            Ok(Box::new(usable.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// What one pass did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunReport {
    pub sent: usize,
    /// Not accepted for now, due again later.
    pub retried: usize,
    pub failed: usize,
    /// Subscriptions the push service said are gone.
    pub gone: usize,
    /// Leases that had run out, taken back.
    pub expired: usize,
}

/// How a send went wrong.
#[derive(Debug)]
pub enum SendError {
    /// Try again after the backoff.
    Transient(String),
    /// Try again after this long (429 with `Retry-After`).
    Later(String, Option<chrono::Duration>),
    /// Refused for good.
    Permanent(String),
    /// The subscription no longer exists.
    Gone(String),
    /// 413: the payload is too large for this push service.
    TooLarge(String),
}

/// A notification encrypted for its browser, and where it goes.
#[derive(Debug)]
pub struct Sealed {
    endpoint: Url,
    body: Vec<u8>,
}

/// One notification to one browser.
#[derive(Clone, Copy, Debug)]
pub struct Notification<'a> {
    pub endpoint: &'a str,
    pub p256dh: &'a str,
    pub auth: &'a str,
    /// The JSON the service worker shows (at most [`MAX_PAYLOAD`] bytes).
    pub payload: &'a str,
    pub topic: Option<&'a str>,
    pub urgency: &'a str,
    /// Seconds the push service keeps it for an offline browser.
    pub ttl: i32,
}

/// What to record for a notification (the owned form of [`Outcome`]).
enum Decided {
    Sent(String),
    Retry(String, NaiveDateTime),
    Failed(String),
    Gone,
}

/// Sends queued notifications.
pub struct Pusher {
    client: reqwest::Client,
    vapid: Arc<Vapid>,
    allow_private: bool,
}

impl Pusher {
    /// A pusher signing with `vapid`.
    pub fn new(vapid: Arc<Vapid>, allow_private: bool) -> anyhow::Result<Pusher> {
        let client = reqwest::Client::builder()
            .user_agent(concat!("qiao/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            // A proxy would connect wherever the endpoint says, past the resolver's check.
            .no_proxy()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .dns_resolver(Arc::new(PublicOnly { allow_private }))
            .build()?;
        Ok(Pusher {
            client,
            vapid,
            allow_private,
        })
    }

    /// One pass as of `now`.
    pub async fn run_once(
        self: &Arc<Self>,
        db: &Db,
        now: NaiveDateTime,
    ) -> Result<RunReport, AppError> {
        let expired = db
            .run(move |c| db::push::expire_leases(c, now, MAX_ATTEMPTS))
            .await?;
        let until = now + LEASE;
        let claimed = db
            .run(move |c| db::push::claim(c, now, until, BATCH))
            .await?;
        let mut report = RunReport {
            expired,
            ..RunReport::default()
        };
        let mut sending = tokio::task::JoinSet::new();
        for push in claimed {
            let pusher = Arc::clone(self);
            sending.spawn(async move {
                let outcome = pusher.send(&push, now).await;
                (push, outcome)
            });
        }
        while let Some(joined) = sending.join_next().await {
            let (push, outcome) = match joined {
                Ok(done) => done,
                Err(e) => {
                    tracing::error!(error = %e, "a push task failed; its notification is retried after its lease");
                    continue;
                }
            };
            let recorded = self.record(db, &push, outcome, now, &mut report).await;
            if let Err(e) = recorded {
                tracing::error!(push = push.id, error = %e.log_text(), "recording what became of a notification failed");
            }
        }
        Ok(report)
    }

    async fn record(
        &self,
        db: &Db,
        push: &Claimed,
        outcome: Result<String, SendError>,
        now: NaiveDateTime,
        report: &mut RunReport,
    ) -> Result<(), AppError> {
        let (id, sub, claim) = (push.id, push.subscription_id, push.claim.clone());
        let retry_at = |after: Option<chrono::Duration>| {
            now + after
                .unwrap_or_else(|| super::outbox::backoff(push.attempts))
                .clamp(chrono::Duration::seconds(1), chrono::Duration::hours(6))
        };
        let out_of_attempts = push.attempts >= MAX_ATTEMPTS;
        let decided = match outcome {
            Ok(answer) => {
                tracing::info!(kind = %push.kind, push = id, answer = %answer, "notification pushed");
                report.sent += 1;
                Decided::Sent(answer)
            }
            Err(SendError::Gone(e)) => {
                tracing::info!(kind = %push.kind, push = id, subscription = sub, answer = %e, "push subscription gone; removed");
                report.gone += 1;
                Decided::Gone
            }
            Err(SendError::Transient(e) | SendError::Later(e, _)) if out_of_attempts => {
                tracing::warn!(kind = %push.kind, push = id, attempt = push.attempts, error = %e, "notification failed: out of attempts");
                report.failed += 1;
                Decided::Failed(e)
            }
            Err(SendError::Transient(e)) => {
                let next = retry_at(None);
                tracing::warn!(kind = %push.kind, push = id, attempt = push.attempts, error = %e, retry_at = %next, "notification not pushed yet");
                report.retried += 1;
                Decided::Retry(e, next)
            }
            Err(SendError::Later(e, after)) => {
                let next = retry_at(after);
                tracing::warn!(kind = %push.kind, push = id, attempt = push.attempts, error = %e, retry_at = %next, "push service asks to wait");
                report.retried += 1;
                Decided::Retry(e, next)
            }
            Err(SendError::Permanent(e) | SendError::TooLarge(e)) => {
                tracing::warn!(kind = %push.kind, push = id, attempt = push.attempts, error = %e, "notification refused");
                report.failed += 1;
                Decided::Failed(e)
            }
        };
        db.run(move |c| {
            let outcome = match &decided {
                Decided::Sent(answer) => Outcome::Sent(answer),
                Decided::Retry(error, next) => Outcome::Retry(error, *next),
                Decided::Failed(error) => Outcome::Failed(error),
                Decided::Gone => Outcome::Gone,
            };
            db::push::record(c, id, sub, &claim, &outcome, now)
        })
        .await
    }

    async fn send(&self, push: &Claimed, now: NaiveDateTime) -> Result<String, SendError> {
        self.push(
            &Notification {
                endpoint: &push.endpoint,
                p256dh: &push.p256dh,
                auth: &push.auth,
                payload: &push.payload,
                topic: push.topic.as_deref(),
                urgency: &push.urgency,
                ttl: push.ttl,
            },
            now,
        )
        .await
    }

    /// Checks `push`'s endpoint and keys and encrypts its payload (RFC 8291, a fresh key and
    /// salt): CPU work, which a caller may do off the async threads.
    pub fn seal(&self, push: &Notification<'_>) -> Result<Sealed, SendError> {
        let endpoint = check_endpoint(push.endpoint, self.allow_private)
            .map_err(|r| SendError::Permanent(format!("endpoint refused: {r:?}")))?;
        let (public, secret) = check_keys(push.p256dh, push.auth)
            .map_err(|r| SendError::Permanent(format!("keys refused: {r:?}")))?;
        if push.payload.len() > MAX_PAYLOAD {
            return Err(SendError::Permanent(format!(
                "payload of {} bytes is over {MAX_PAYLOAD}",
                push.payload.len()
            )));
        }
        let auth = web_push_native::Auth::clone_from_slice(&secret);
        let body = web_push_native::encrypt(push.payload.as_bytes().to_vec(), &public, &auth)
            .map_err(|e| SendError::Permanent(format!("encryption: {e}")))?;
        Ok(Sealed { endpoint, body })
    }

    /// Encrypts and signs `push` and sends it to its push service: what the service said when
    /// it took it, or why not.
    pub async fn push(
        &self,
        push: &Notification<'_>,
        now: NaiveDateTime,
    ) -> Result<String, SendError> {
        let sealed = self.seal(push)?;
        self.post(sealed, push, now).await
    }

    /// Sends what [`Pusher::seal`] made of `push`, signed.
    pub async fn post(
        &self,
        sealed: Sealed,
        push: &Notification<'_>,
        now: NaiveDateTime,
    ) -> Result<String, SendError> {
        let Sealed { endpoint, body } = sealed;
        let mut request = self
            .client
            .post(endpoint.clone())
            .header("TTL", push.ttl.max(0).to_string())
            .header("Content-Encoding", "aes128gcm")
            .header("Content-Type", "application/octet-stream")
            .header("Urgency", push.urgency)
            .header(
                "Authorization",
                self.vapid
                    .authorization(&endpoint, now.and_utc().timestamp()),
            )
            .body(body);
        if let Some(topic) = push.topic {
            request = request.header("Topic", topic);
        }
        let response = request.send().await.map_err(|e| {
            SendError::Transient(format!("{}: {}", host_of(&endpoint), error_chain(&e)))
        })?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get("Retry-After")
            .and_then(|v| v.to_str().ok())
            .and_then(retry_after);
        let answer = format!("{} {}", status.as_u16(), host_of(&endpoint));
        match status.as_u16() {
            200..=299 => Ok(answer),
            404 | 410 => Err(SendError::Gone(answer)),
            413 => Err(SendError::TooLarge(answer)),
            429 => Err(SendError::Later(answer, retry_after)),
            500..=599 => Err(match retry_after {
                Some(after) => SendError::Later(answer, Some(after)),
                None => SendError::Transient(answer),
            }),
            _ => {
                let said = first_bytes(response, 1024).await;
                let said: String = String::from_utf8_lossy(&said).chars().take(200).collect();
                Err(SendError::Permanent(format!("{answer}: {said}")))
            }
        }
    }
}

/// At most `limit` bytes of a response's body (a hostile endpoint may send gigabytes).
async fn first_bytes(mut response: reqwest::Response, limit: usize) -> Vec<u8> {
    let mut out = Vec::new();
    while out.len() < limit {
        match response.chunk().await {
            Ok(Some(chunk)) => out.extend_from_slice(&chunk[..chunk.len().min(limit - out.len())]),
            _ => break,
        }
    }
    out
}

fn host_of(url: &Url) -> String {
    url.host_str().unwrap_or("?").to_owned()
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// `Retry-After`: seconds, or an HTTP date.
fn retry_after(value: &str) -> Option<chrono::Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        // Anything past a day is a day (and never an overflow).
        let secs = i64::try_from(secs.min(86_400)).unwrap_or(86_400);
        return Some(chrono::Duration::seconds(secs));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    Some((at.with_timezone(&chrono::Utc) - chrono::Utc::now()).max(chrono::Duration::zero()))
}

/// How long sent and failed notifications are kept.
pub const KEEP_FOR: chrono::Duration = chrono::Duration::days(30);
/// How often old notifications are forgotten.
const PURGE_EVERY: Duration = Duration::from_secs(3600);

/// Runs a pass every `interval` until `stop` changes; a failing pass is logged and the next
/// one tries again.
pub async fn run(pusher: Arc<Pusher>, db: Db, interval: Duration, mut stop: watch::Receiver<bool>) {
    let mut timer = tokio::time::interval(interval);
    timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_purge: Option<std::time::Instant> = None;
    loop {
        tokio::select! {
            biased;
            _ = stop.changed() => break,
            _ = timer.tick() => {}
        }
        if let Err(e) = pusher.run_once(&db, db::now()).await {
            tracing::warn!(error = %e.log_text(), "push pass failed");
        }
        if last_purge.is_none_or(|t| t.elapsed() >= PURGE_EVERY) {
            last_purge = Some(std::time::Instant::now());
            let before = db::now() - KEEP_FOR;
            match db.run(move |c| db::push::purge(c, before)).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(notifications = n, "forgot old notifications"),
                Err(e) => {
                    tracing::warn!(error = %e.log_text(), "forgetting old notifications failed")
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::elliptic_curve::sec1::ToEncodedPoint as _;

    #[test]
    fn endpoints_must_be_public_https() {
        let ok = "https://fcm.googleapis.com/fcm/send/abc:def";
        assert!(check_endpoint(ok, false).is_ok());
        for bad in [
            "http://fcm.googleapis.com/fcm/send/abc",
            "https://127.0.0.1/x",
            "https://10.1.2.3/x",
            "https://[::1]/x",
            "https://[fd00::1]/x",
            "https://169.254.169.254/latest/meta-data",
            "https://localhost/x",
            "https://intranet/x",
            "https://[::ffff:127.0.0.1]/x",
            "https://[::127.0.0.1]/x",
            "https://[2002:7f00:1::]/x",
            "https://fcm.googleapis.com:8443/x",
            "ftp://example.org/x",
        ] {
            assert_eq!(
                check_endpoint(bad, false).err(),
                Some(Refused::EndpointPlace),
                "{bad}"
            );
        }
        for bad in [
            "not a url",
            "https://user:pw@example.org/x",
            "https://example.org/#f",
        ] {
            assert_eq!(
                check_endpoint(bad, false).err(),
                Some(Refused::Endpoint),
                "{bad}"
            );
        }
        let long = format!("https://example.org/{}", "a".repeat(MAX_ENDPOINT));
        assert_eq!(check_endpoint(&long, false).err(), Some(Refused::Endpoint));
        assert!(check_endpoint("http://127.0.0.1:8080/push", true).is_ok());
    }

    #[tokio::test]
    async fn the_resolver_connects_to_public_addresses_only() {
        use reqwest::dns::Resolve as _;
        let name = |n: &str| n.parse::<reqwest::dns::Name>().expect("name");
        let strict = PublicOnly {
            allow_private: false,
        };
        let refused = strict.resolve(name("localhost")).await;
        let why = refused.err().expect("localhost is refused").to_string();
        assert!(why.contains("no public address"), "{why}");
        let open = PublicOnly {
            allow_private: true,
        };
        let addrs: Vec<SocketAddr> = open
            .resolve(name("localhost"))
            .await
            .expect("allowed")
            .collect();
        assert!(addrs.iter().all(|a| a.ip().is_loopback()) && !addrs.is_empty());
    }

    #[test]
    fn keys_are_checked() {
        let secret = p256::SecretKey::from_slice(&[7u8; 32]).expect("scalar");
        let point = secret.public_key().to_encoded_point(false);
        let p256dh = URL_SAFE_NO_PAD.encode(point.as_bytes());
        let auth = URL_SAFE_NO_PAD.encode([1u8; 16]);
        assert!(check_keys(&p256dh, &auth).is_ok());
        assert_eq!(check_keys("AAAA", &auth).err(), Some(Refused::PublicKey));
        let mut off_curve = point.as_bytes().to_vec();
        off_curve[64] ^= 1;
        let off_curve = URL_SAFE_NO_PAD.encode(off_curve);
        assert_eq!(
            check_keys(&off_curve, &auth).err(),
            Some(Refused::PublicKey)
        );
        let short = URL_SAFE_NO_PAD.encode([1u8; 15]);
        assert_eq!(check_keys(&p256dh, &short).err(), Some(Refused::AuthSecret));
    }

    #[test]
    fn vapid_audience_keeps_the_port() {
        let vapid = Vapid::new(&[9u8; 32], "mailto:ops@example.org".into()).expect("key");
        let url = Url::parse("http://127.0.0.1:4321/push/abc").expect("url");
        let header = vapid.authorization(&url, 1_700_000_000);
        let token = header
            .strip_prefix("vapid t=")
            .and_then(|h| h.split(", k=").next())
            .expect("t=");
        let claims = token.split('.').nth(1).expect("claims");
        let claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).expect("b64")).expect("json");
        assert_eq!(claims["aud"], "http://127.0.0.1:4321");
        assert_eq!(claims["exp"], 1_700_000_000 + VAPID_VALID);
        assert!(header.ends_with(&format!("k={}", vapid.public_key())));
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(retry_after("120"), Some(chrono::Duration::seconds(120)));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(chrono::Duration::zero())
        );
        assert_eq!(retry_after("soon"), None);
        assert_eq!(
            retry_after("9223372036854775807"),
            Some(chrono::Duration::days(1)),
            "a huge value is a day, not a panic"
        );
    }
}
