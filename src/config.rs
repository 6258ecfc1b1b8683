//! Typed settings, read once at start: defaults → optional `qiao.toml` → `QIAO_*` environment.
//!
//! Every key is parsed by its own function so that a bad value stops the start with a message
//! naming the key, where it came from, and the offending value.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use url::Url;

/// Every configuration key qiao understands, with its environment variable `QIAO_<KEY>`.
pub const KEYS: &[&str] = &[
    "data_dir",
    "bind",
    "public_url",
    "database_url",
    "database_pool_size",
    "workers",
    "log",
    "log_format",
    "session_key",
    "token_key",
    "trusted_proxies",
    "metrics_token",
    "login_attempts_per_ip",
    "login_max_failures",
    "login_lockout_minutes",
    "shutdown_timeout",
    "media_max_mb",
    "smtp_url",
    "mail_from",
    "smtp_connections",
    "smtp_messages_per_connection",
    "smtp_timeout",
    "follow_requests_per_ip",
    "bounce_limit",
    "mail_events_secret",
    "dkim_private_key",
    "dkim_selector",
    "dkim_domain",
    "vapid_private_key",
    "vapid_subject",
    "push_private_endpoints",
    "mail_rate",
    "push_rate",
    "push_concurrency",
    "delivery_lease",
    "run_workers",
];

/// How mail leaves: the server, its TLS and login, and the pool's limits.
#[derive(Clone, Debug)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    /// `user:password` from the URL.
    pub credentials: Option<(String, Secret<String>)>,
    /// Connections open at once, at most.
    pub connections: usize,
    /// A connection is closed and a fresh one opened after this many messages (relays cut long
    /// sessions).
    pub messages_per_connection: u32,
    /// Seconds allowed for connecting, and for each message's exchange.
    pub timeout_secs: u64,
}

/// DKIM signing of every message (`dkim_private_key`, `dkim_selector`, `dkim_domain`).
#[derive(Clone, Debug)]
pub struct DkimSettings {
    /// The `s=` tag: the DNS record is `<selector>._domainkey.<domain>`.
    pub selector: String,
    /// The `d=` tag: `dkim_domain`, else the domain of `mail_from`.
    pub domain: String,
    pub algorithm: DkimAlgorithm,
    /// The key as lettre takes it: PKCS#1 PEM for RSA, the 32-byte seed in base64 for Ed25519.
    pub key: Secret<String>,
}

impl DkimSettings {
    /// Signing as `selector` for `domain` with the key in `text` (any form `dkim_private_key`
    /// accepts); `Err` says what is wrong with the key.
    pub fn from_key(selector: &str, domain: &str, text: &str) -> Result<Self, &'static str> {
        let (algorithm, key) = dkim_key(text)?;
        Ok(DkimSettings {
            selector: selector.to_owned(),
            domain: domain.to_owned(),
            algorithm,
            key: Secret::new(key),
        })
    }
}

/// The kind of DKIM key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DkimAlgorithm {
    /// `ed25519-sha256` (RFC 8463): small keys, and no timing side channel in its signer.
    Ed25519,
    /// `rsa-sha256`: what every verifier knows.
    Rsa,
}

/// TLS towards the mail server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpTls {
    /// `smtps://`: TLS from the first byte (port 465).
    Wrapper,
    /// `smtp://` (the default): STARTTLS, refusing a server that does not offer it.
    Required,
    /// `smtp://…?tls=opportunistic`: STARTTLS when offered, else plain text.
    Opportunistic,
    /// `smtp://…?tls=none`: plain text (a relay on the same machine or network).
    None,
}

/// Environment variable naming the configuration file (not a setting itself).
pub const CONFIG_ENV: &str = "QIAO_CONFIG";

/// All settings, validated. Tests build this directly with [`Settings::for_tests`].
#[derive(Clone, Debug)]
pub struct Settings {
    /// Directory for the SQLite database, generated secrets, media and the outbox.
    pub data_dir: PathBuf,
    /// Address the HTTP server listens on (port 0 picks a free port).
    pub bind: SocketAddr,
    /// Public base URL (scheme, host, optional port and path), without a trailing slash.
    /// `None` means "derive from the bound address".
    pub public_url: Option<Url>,
    /// Which database to use.
    pub database: DatabaseUrl,
    /// Maximum connections in the database pool.
    pub database_pool_size: u32,
    /// HTTP worker threads.
    pub workers: usize,
    /// Log filter in `tracing` EnvFilter syntax, e.g. `info` or `qiao=debug,info`.
    pub log: String,
    /// Log line format.
    pub log_format: LogFormat,
    /// Session cookie key (64 bytes); generated into the data dir when absent.
    pub session_key: Option<Secret<Vec<u8>>>,
    /// Key signing links (unsubscribe and the like); generated when absent.
    pub token_key: Option<Secret<Vec<u8>>>,
    /// A bearer token `/metrics` requires; open to anyone who can reach it when absent.
    pub metrics_token: Option<Secret<String>>,
    /// Addresses of the reverse proxies in front of qiao (CIDRs). A request from one of them has
    /// its client address taken from `X-Forwarded-For`: the right-most entry that is not itself
    /// a trusted proxy. Empty: the TCP peer is the client.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Login attempts allowed per client address per minute.
    pub login_attempts_per_ip: u32,
    /// Failed logins for one address from one client network before each further failure makes
    /// the next attempt wait (1 s, 2 s, 4 s, … doubling).
    pub login_max_failures: u32,
    /// The longest such wait, in minutes.
    pub login_lockout_minutes: u32,
    /// Seconds to let in-flight requests finish on SIGTERM/SIGINT.
    pub shutdown_timeout: u64,
    /// Largest image upload, in megabytes.
    pub media_max_mb: u64,
    /// Where mail goes (`QIAO_SMTP_URL`); none: every message is written to `data/outbox/` as
    /// an `.eml` file instead, so a newcomer sees exactly what would be sent.
    pub smtp: Option<SmtpSettings>,
    /// The `From:` of every message (`QIAO_MAIL_FROM`): `Name <address>` or an address.
    pub mail_from: String,
    /// Follow requests allowed per client address per hour (each may send a confirmation).
    pub follow_requests_per_ip: u32,
    /// Hard bounces (5xx answers, or permanent bounces a provider reports) after which an
    /// organization stops mailing an address.
    pub bounce_limit: u32,
    /// The shared secret `POST /hooks/mail-events/{provider}` requires; none: the hook is off.
    pub mail_events_secret: Option<Secret<String>>,
    /// DKIM signing; none: messages go out unsigned.
    pub dkim: Option<DkimSettings>,
    /// The VAPID private key (a P-256 scalar, 32 bytes) that signs every push request;
    /// generated into the data dir when absent.
    pub vapid_private_key: Option<Secret<Vec<u8>>>,
    /// The VAPID contact (`sub`): a `mailto:` or `https:` URL; `mailto:` + `mail_from`'s address
    /// when absent.
    pub vapid_subject: Option<String>,
    /// Whether push endpoints may be plain http or on loopback and private networks. Off: every
    /// endpoint must be https on a public address, so a registration cannot make qiao send
    /// requests into its own network.
    pub push_private_endpoints: bool,
    /// Broadcast and digest emails sent per second at most by this process (0: as fast as
    /// the mail server takes them).
    pub mail_rate: u32,
    /// Broadcast notifications pushed per second at most by this process (0: no limit).
    pub push_rate: u32,
    /// Broadcast notifications in flight at once.
    pub push_concurrency: u32,
    /// Seconds a worker holds the deliveries it claimed before another may take them over
    /// (after a crash, what was in flight is sent again once this has passed).
    pub delivery_lease: u32,
    /// Whether this process runs the background work (scheduler, mail, push, broadcasts)
    /// besides serving pages. Off: a web-only instance beside others that run it (they share
    /// the work through the database either way).
    pub run_workers: bool,
    /// Problems that do not stop the start (unknown `QIAO_*` variables), logged once logging
    /// is set up.
    pub warnings: Vec<String>,
}

/// A configured secret: `Debug` prints no part of it, and reading it takes an explicit
/// [`Secret::expose`], so it cannot reach a log line by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Self {
        Secret(value)
    }

    /// The value itself, for the one place that needs it.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([hidden])")
    }
}

/// The database backend, chosen from the URL scheme by our code. Its `Debug` hides a password.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite://path`, `sqlite:path` or a plain file path.
    Sqlite(PathBuf),
    /// `postgres://…` or `postgresql://…`.
    Postgres(String),
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseUrl::Sqlite(path) => f.debug_tuple("Sqlite").field(path).finish(),
            DatabaseUrl::Postgres(url) => {
                f.debug_tuple("Postgres").field(&redacted_url(url)).finish()
            }
        }
    }
}

/// A database URL with its password (and any `password=` parameter) replaced by `***`.
pub fn redacted_url(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(Some("***"));
            }
            let pairs: Vec<(String, String)> = u
                .query_pairs()
                .map(|(k, v)| {
                    let v = if k.eq_ignore_ascii_case("password") {
                        "***".to_owned()
                    } else {
                        v.into_owned()
                    };
                    (k.into_owned(), v)
                })
                .collect();
            if !pairs.is_empty() {
                u.query_pairs_mut().clear().extend_pairs(pairs);
            }
            u.to_string()
        }
        Err(_) => "<not a URL>".to_owned(),
    }
}

/// Log line format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Where a raw value came from, for error messages.
#[derive(Clone, Debug)]
enum Origin {
    Env(String),
    File(PathBuf),
}

#[derive(Clone, Debug)]
struct Raw {
    value: String,
    origin: Origin,
}

/// A configuration problem that stops the start.
#[derive(Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid configuration: {}", self.0)
    }
}

impl std::error::Error for ConfigError {}

fn invalid(key: &str, raw: &Raw, reason: &str) -> ConfigError {
    let place = match &raw.origin {
        Origin::Env(var) => format!("{var}={:?} (key \"{key}\")", raw.value),
        Origin::File(path) => format!("{key} = {:?} in {} ", raw.value, path.display())
            .trim_end()
            .to_owned(),
    };
    ConfigError(format!("{place}: {reason}"))
}

/// Reads settings from the process environment and the configuration file.
pub fn load(explicit_file: Option<&Path>) -> Result<Settings, ConfigError> {
    let env: HashMap<String, String> = std::env::vars().collect();
    load_from(explicit_file, &env)
}

/// Reads settings from the given environment map (tests pass their own).
pub fn load_from(
    explicit_file: Option<&Path>,
    env: &HashMap<String, String>,
) -> Result<Settings, ConfigError> {
    let mut raw: BTreeMap<&'static str, Raw> = BTreeMap::new();
    let file = explicit_file
        .map(Path::to_path_buf)
        .or_else(|| env.get(CONFIG_ENV).map(PathBuf::from));
    match file {
        Some(path) => read_file(&path, true, &mut raw)?,
        None => read_file(Path::new("qiao.toml"), false, &mut raw)?,
    }
    let warnings = read_env(env, &mut raw);
    let mut settings = Settings::from_raw(&raw)?;
    settings.warnings = warnings;
    Ok(settings)
}

fn key_of(name: &str) -> Option<&'static str> {
    KEYS.iter().copied().find(|k| *k == name)
}

fn read_file(
    path: &Path,
    required: bool,
    raw: &mut BTreeMap<&'static str, Raw>,
) -> Result<(), ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(ConfigError(format!(
                "cannot read configuration file {}: {e}",
                path.display()
            )));
        }
    };
    let table: toml::Table = text
        .parse()
        .map_err(|e| ConfigError(format!("{} is not valid TOML: {e}", path.display())))?;
    for (name, value) in table {
        let key = key_of(&name).ok_or_else(|| {
            ConfigError(format!(
                "unknown key \"{name}\" in {} (known keys: {})",
                path.display(),
                KEYS.join(", ")
            ))
        })?;
        let value = match value {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            toml::Value::Float(f) => f.to_string(),
            toml::Value::Array(items) if key == "trusted_proxies" => items
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| v.to_string())
                })
                .collect::<Vec<_>>()
                .join(","),
            other => {
                return Err(ConfigError(format!(
                    "{name} in {} must be a string, number or boolean, not {}",
                    path.display(),
                    other.type_str()
                )));
            }
        };
        let origin = Origin::File(path.to_path_buf());
        raw.insert(key, Raw { value, origin });
    }
    Ok(())
}

/// Takes the `QIAO_*` variables it knows. An unknown one is a warning naming the nearest known
/// variable, not an error: Kubernetes puts `QIAO_SERVICE_HOST`, `QIAO_PORT` and the like into
/// every pod of a namespace with a Service named `qiao`.
fn read_env(env: &HashMap<String, String>, raw: &mut BTreeMap<&'static str, Raw>) -> Vec<String> {
    let mut names: Vec<&String> = env.keys().filter(|k| k.starts_with("QIAO_")).collect();
    names.sort();
    let mut warnings = Vec::new();
    for var in names {
        if var == CONFIG_ENV {
            continue;
        }
        let name = var["QIAO_".len()..].to_ascii_lowercase();
        let Some(key) = key_of(&name) else {
            warnings.push(format!(
                "ignoring unknown environment variable {var}{}",
                nearest_key(&name)
                    .map(|k| format!(" (did you mean QIAO_{}?)", k.to_ascii_uppercase()))
                    .unwrap_or_default()
            ));
            continue;
        };
        let value = env.get(var).cloned().unwrap_or_default();
        raw.insert(
            key,
            Raw {
                value,
                origin: Origin::Env(var.clone()),
            },
        );
    }
    warnings
}

/// The known key closest to `name`, when it is close enough to be a typo.
fn nearest_key(name: &str) -> Option<&'static str> {
    KEYS.iter()
        .map(|k| (strsim::levenshtein(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| k)
}

impl Settings {
    fn from_raw(raw: &BTreeMap<&'static str, Raw>) -> Result<Self, ConfigError> {
        let get = |k: &str| raw.get(k);
        let data_dir = match get("data_dir") {
            Some(r) if r.value.trim().is_empty() => {
                return Err(invalid("data_dir", r, "must not be empty"));
            }
            Some(r) => PathBuf::from(&r.value),
            None => PathBuf::from("./data"),
        };
        let bind = match get("bind") {
            Some(r) => r.value.parse().map_err(|_| {
                invalid("bind", r, "not an address and port such as 127.0.0.1:8080")
            })?,
            None => SocketAddr::from(([127, 0, 0, 1], 8080)),
        };
        let database = match get("database_url") {
            Some(r) => {
                parse_database_url(&r.value).map_err(|why| invalid("database_url", r, why))?
            }
            None => DatabaseUrl::Sqlite(data_dir.join("qiao.db")),
        };
        let mail_from = match get("mail_from") {
            Some(r) => parse_mail_from(r)?,
            None => "qiao <noreply@localhost>".to_owned(),
        };
        Ok(Settings {
            bind,
            public_url: get("public_url").map(parse_public_url).transpose()?,
            database,
            database_pool_size: number(raw, "database_pool_size", 10, 1, 500)?,
            workers: number(raw, "workers", default_workers(), 1, 512)?,
            log: match get("log") {
                Some(r) => parse_log_filter(r)?,
                None => "info".to_owned(),
            },
            log_format: match get("log_format").map(|r| (r, r.value.as_str())) {
                None | Some((_, "text")) => LogFormat::Text,
                Some((_, "json")) => LogFormat::Json,
                Some((r, _)) => {
                    return Err(invalid("log_format", r, "must be \"text\" or \"json\""));
                }
            },
            session_key: key_bytes(raw, "session_key", 64)?,
            token_key: key_bytes(raw, "token_key", 32)?,
            metrics_token: match get("metrics_token") {
                Some(r) if r.value.trim().chars().count() < 16 => {
                    let hidden = Raw {
                        value: format!("<{} characters, hidden>", r.value.len()),
                        origin: r.origin.clone(),
                    };
                    return Err(invalid(
                        "metrics_token",
                        &hidden,
                        "must have at least 16 characters",
                    ));
                }
                Some(r) => Some(Secret::new(r.value.trim().to_owned())),
                None => None,
            },
            trusted_proxies: match get("trusted_proxies") {
                Some(r) => parse_proxies(r)?,
                None => Vec::new(),
            },
            login_attempts_per_ip: number(raw, "login_attempts_per_ip", 10, 1, 100_000)?,
            login_max_failures: number(raw, "login_max_failures", 5, 1, 1000)?,
            login_lockout_minutes: number(raw, "login_lockout_minutes", 15, 1, 10_080)?,
            shutdown_timeout: number(raw, "shutdown_timeout", 30, 0, 3600)?,
            media_max_mb: number(raw, "media_max_mb", 10, 1, 1024)?,
            smtp: match get("smtp_url") {
                Some(r) if !r.value.trim().is_empty() => Some(parse_smtp_url(r, raw)?),
                _ => None,
            },
            mail_from: mail_from.clone(),
            follow_requests_per_ip: number(raw, "follow_requests_per_ip", 20, 1, 100_000)?,
            bounce_limit: number(raw, "bounce_limit", 2, 1, 100)?,
            mail_events_secret: match get("mail_events_secret") {
                Some(r) if r.value.trim().chars().count() < 16 => {
                    let hidden = Raw {
                        value: format!("<{} characters, hidden>", r.value.len()),
                        origin: r.origin.clone(),
                    };
                    return Err(invalid(
                        "mail_events_secret",
                        &hidden,
                        "must have at least 16 characters",
                    ));
                }
                Some(r) => Some(Secret::new(r.value.trim().to_owned())),
                None => None,
            },
            dkim: parse_dkim(raw, &mail_from)?,
            vapid_private_key: parse_vapid_key(raw)?,
            vapid_subject: get("vapid_subject").map(parse_vapid_subject).transpose()?,
            push_private_endpoints: flag(raw, "push_private_endpoints", false)?,
            mail_rate: number(raw, "mail_rate", 0, 0, 1_000_000)?,
            push_rate: number(raw, "push_rate", 0, 0, 1_000_000)?,
            push_concurrency: number(raw, "push_concurrency", 32, 1, 1024)?,
            delivery_lease: number(raw, "delivery_lease", 300, 10, 86_400)?,
            run_workers: flag(raw, "run_workers", true)?,
            warnings: Vec::new(),
            data_dir,
        })
    }

    /// Settings for an integration test: port 0 on loopback, the given data dir and database,
    /// one worker, quiet logs.
    pub fn for_tests(data_dir: PathBuf, database: DatabaseUrl) -> Self {
        Settings {
            data_dir,
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            public_url: None,
            database,
            database_pool_size: 4,
            workers: 1,
            log: "warn".to_owned(),
            log_format: LogFormat::Text,
            session_key: None,
            token_key: None,
            metrics_token: None,
            trusted_proxies: Vec::new(),
            login_attempts_per_ip: 1000,
            login_max_failures: 1000,
            login_lockout_minutes: 15,
            shutdown_timeout: 1,
            media_max_mb: 10,
            smtp: None,
            mail_from: "qiao <noreply@qiao.test>".to_owned(),
            follow_requests_per_ip: 1000,
            bounce_limit: 2,
            mail_events_secret: None,
            dkim: None,
            vapid_private_key: None,
            vapid_subject: None,
            push_private_endpoints: false,
            mail_rate: 0,
            push_rate: 0,
            push_concurrency: 32,
            delivery_lease: 300,
            run_workers: true,
            warnings: Vec::new(),
        }
    }

    /// Largest image upload, in bytes.
    pub fn media_max_bytes(&self) -> u64 {
        self.media_max_mb * 1024 * 1024
    }

    /// Where the media library keeps its files.
    pub fn media_dir(&self) -> PathBuf {
        self.data_dir.join("media")
    }

    /// Whether cookies must carry the `Secure` attribute.
    pub fn https(&self) -> bool {
        self.public_url
            .as_ref()
            .is_some_and(|u| u.scheme() == "https")
    }
}

fn default_workers() -> u64 {
    std::thread::available_parallelism().map_or(2, |n| n.get() as u64)
}

fn number<T: TryFrom<u64>>(
    raw: &BTreeMap<&'static str, Raw>,
    key: &str,
    default: u64,
    min: u64,
    max: u64,
) -> Result<T, ConfigError> {
    let value = match raw.get(key) {
        None => default,
        Some(r) => {
            let reason = format!("must be a whole number from {min} to {max}");
            let n: u64 = r
                .value
                .trim()
                .parse()
                .map_err(|_| invalid(key, r, &reason))?;
            if n < min || n > max {
                return Err(invalid(key, r, &reason));
            }
            n
        }
    };
    T::try_from(value).map_err(|_| ConfigError(format!("{key}: {value} is out of range")))
}

/// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`).
fn flag(raw: &BTreeMap<&'static str, Raw>, key: &str, default: bool) -> Result<bool, ConfigError> {
    let Some(r) = raw.get(key) else {
        return Ok(default);
    };
    match r.value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err(invalid(key, r, "must be true or false")),
    }
}

/// `vapid_private_key`: the 32-byte P-256 private key in base64url, as `web-push
/// generate-vapid-keys` prints it (standard base64 and padding accepted too).
fn parse_vapid_key(
    raw: &BTreeMap<&'static str, Raw>,
) -> Result<Option<Secret<Vec<u8>>>, ConfigError> {
    use base64::Engine as _;
    let Some(r) = raw.get("vapid_private_key") else {
        return Ok(None);
    };
    let redacted = Raw {
        value: format!("<{} characters, hidden>", r.value.len()),
        origin: r.origin.clone(),
    };
    let text: String = r
        .value
        .trim()
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| invalid("vapid_private_key", &redacted, "must be base64url"))?;
    if bytes.len() != 32 || p256::SecretKey::from_slice(&bytes).is_err() {
        return Err(invalid(
            "vapid_private_key",
            &redacted,
            "must be a P-256 private key: 32 bytes in base64url (the \"privateKey\" of \
             `npx web-push generate-vapid-keys`)",
        ));
    }
    Ok(Some(Secret::new(bytes)))
}

/// `vapid_subject`: how a push service reaches the operator, `mailto:` or `https:`.
fn parse_vapid_subject(r: &Raw) -> Result<String, ConfigError> {
    let value = r.value.trim();
    let ok = !value.contains(['\r', '\n', ' ', '"', ','])
        && Url::parse(value).is_ok_and(|u| match u.scheme() {
            "mailto" => u.path().contains('@'),
            "https" => u.host_str().is_some(),
            _ => false,
        });
    if !ok {
        return Err(invalid(
            "vapid_subject",
            r,
            "must be a mailto: or https: URL, such as mailto:ops@example.org",
        ));
    }
    Ok(value.to_owned())
}

fn key_bytes(
    raw: &BTreeMap<&'static str, Raw>,
    key: &str,
    min_len: usize,
) -> Result<Option<Secret<Vec<u8>>>, ConfigError> {
    use base64::Engine as _;
    let Some(r) = raw.get(key) else {
        return Ok(None);
    };
    // Secrets are never echoed back in full.
    let redacted = Raw {
        value: format!("<{} characters, hidden>", r.value.len()),
        origin: r.origin.clone(),
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(r.value.trim())
        .map_err(|_| invalid(key, &redacted, "must be base64 (standard alphabet)"))?;
    if bytes.len() < min_len {
        let reason = format!(
            "must decode to at least {min_len} bytes, got {}",
            bytes.len()
        );
        return Err(invalid(key, &redacted, &reason));
    }
    Ok(Some(Secret::new(bytes)))
}

/// `smtp://[user:password@]host[:port][?tls=required|opportunistic|none]` or `smtps://…`.
fn parse_smtp_url(r: &Raw, raw: &BTreeMap<&'static str, Raw>) -> Result<SmtpSettings, ConfigError> {
    // The password is never echoed back.
    let redacted = match Url::parse(r.value.trim()) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("hidden"));
            Raw {
                value: u.to_string(),
                origin: r.origin.clone(),
            }
        }
        // Unparsable: whatever stands between the scheme and the last `@` may be a password.
        _ => match (r.value.find("://"), r.value.rfind('@')) {
            (Some(scheme), Some(at)) if at > scheme => Raw {
                value: format!("{}<hidden>{}", &r.value[..scheme + 3], &r.value[at..]),
                origin: r.origin.clone(),
            },
            _ => r.clone(),
        },
    };
    let url = Url::parse(r.value.trim())
        .map_err(|e| invalid("smtp_url", &redacted, &format!("not a URL ({e})")))?;
    let wrapper = match url.scheme() {
        "smtp" => false,
        "smtps" => true,
        _ => {
            return Err(invalid(
                "smtp_url",
                &redacted,
                "must start with smtp:// or smtps://",
            ));
        }
    };
    let host = match url.host_str() {
        Some(h) if !h.is_empty() => h.trim_start_matches('[').trim_end_matches(']').to_owned(),
        _ => return Err(invalid("smtp_url", &redacted, "has no host")),
    };
    let mut tls = if wrapper {
        SmtpTls::Wrapper
    } else {
        SmtpTls::Required
    };
    for (name, value) in url.query_pairs() {
        match (name.as_ref(), value.as_ref()) {
            ("tls", "required") if !wrapper => tls = SmtpTls::Required,
            ("tls", "opportunistic") if !wrapper => tls = SmtpTls::Opportunistic,
            ("tls", "none") if !wrapper => tls = SmtpTls::None,
            ("tls", _) => {
                return Err(invalid(
                    "smtp_url",
                    &redacted,
                    "tls= must be required, opportunistic or none (and only with smtp://)",
                ));
            }
            (other, _) => {
                return Err(invalid(
                    "smtp_url",
                    &redacted,
                    &format!("unknown parameter \"{other}\" (known: tls)"),
                ));
            }
        }
    }
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let credentials = (!url.username().is_empty()).then(|| {
        (
            decode(url.username()),
            Secret::new(decode(url.password().unwrap_or(""))),
        )
    });
    Ok(SmtpSettings {
        port: url.port().unwrap_or(if wrapper { 465 } else { 587 }),
        host,
        tls,
        credentials,
        connections: number(raw, "smtp_connections", 4, 1, 64)?,
        messages_per_connection: number(raw, "smtp_messages_per_connection", 1000, 1, 1_000_000)?,
        timeout_secs: number(raw, "smtp_timeout", 30, 1, 600)?,
    })
}

/// `Name <address>` or a bare address; no line breaks (it becomes a header).
fn parse_mail_from(r: &Raw) -> Result<String, ConfigError> {
    let value = r.value.trim();
    if value.contains(['\r', '\n']) {
        return Err(invalid("mail_from", r, "must be on one line"));
    }
    value.parse::<lettre::message::Mailbox>().map_err(|_| {
        invalid(
            "mail_from",
            r,
            "must be an address such as news@example.org or \"Name <news@example.org>\"",
        )
    })?;
    Ok(value.to_owned())
}

/// `dkim_private_key` (a file: an RSA key in PKCS#1 PEM, an Ed25519 key in PKCS#8 PEM as
/// `openssl genpkey -algorithm ed25519` writes it, or its 32-byte seed in base64), with
/// `dkim_selector` required beside it and `dkim_domain` defaulting to `mail_from`'s domain.
fn parse_dkim(
    raw: &BTreeMap<&'static str, Raw>,
    mail_from: &str,
) -> Result<Option<DkimSettings>, ConfigError> {
    let Some(path) = raw
        .get("dkim_private_key")
        .filter(|r| !r.value.trim().is_empty())
    else {
        for key in ["dkim_selector", "dkim_domain"] {
            if let Some(r) = raw.get(key) {
                return Err(invalid(key, r, "needs dkim_private_key beside it"));
            }
        }
        return Ok(None);
    };
    let selector = match raw.get("dkim_selector") {
        Some(r) if is_dns_label_list(r.value.trim()) => r.value.trim().to_owned(),
        Some(r) => {
            return Err(invalid(
                "dkim_selector",
                r,
                "must be a DNS name such as qiao or 2026-12.mail",
            ));
        }
        None => {
            return Err(invalid(
                "dkim_private_key",
                path,
                "needs dkim_selector beside it (the s= of the signature: the DNS record is \
                 <selector>._domainkey.<domain>)",
            ));
        }
    };
    let domain = match raw.get("dkim_domain") {
        Some(r) if is_dns_label_list(r.value.trim()) => r.value.trim().to_ascii_lowercase(),
        Some(r) => {
            return Err(invalid(
                "dkim_domain",
                r,
                "must be a domain such as example.org",
            ));
        }
        None => mail_from
            .parse::<lettre::message::Mailbox>()
            .map(|m| m.email.domain().to_ascii_lowercase())
            .unwrap_or_default(),
    };
    let text = std::fs::read_to_string(path.value.trim())
        .map_err(|e| invalid("dkim_private_key", path, &format!("cannot be read ({e})")))?;
    DkimSettings::from_key(&selector, &domain, &text)
        .map(Some)
        .map_err(|why| invalid("dkim_private_key", path, why))
}

/// Labels of letters, digits and hyphens separated by dots.
fn is_dns_label_list(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

/// The algorithm of a DKIM key file and the key as lettre takes it; checked by building
/// lettre's signing key from it.
fn dkim_key(text: &str) -> Result<(DkimAlgorithm, String), &'static str> {
    use base64::Engine as _;
    use lettre::message::dkim::{DkimSigningAlgorithm, DkimSigningKey};
    let b64 = base64::engine::general_purpose::STANDARD;
    let pem_body = |label: &str| {
        let begin = format!("-----BEGIN {label}-----");
        let end = format!("-----END {label}-----");
        let start = text.find(&begin)? + begin.len();
        let stop = text[start..].find(&end)? + start;
        let body: String = text[start..stop].split_whitespace().collect();
        b64.decode(body).ok()
    };
    let (algorithm, key) = if text.contains("-----BEGIN RSA PRIVATE KEY-----") {
        (DkimAlgorithm::Rsa, text.trim().to_owned())
    } else if text.contains("-----BEGIN PRIVATE KEY-----") {
        // PKCS#8. An Ed25519 key is 48 bytes: this fixed prefix, then the 32-byte seed.
        const ED25519_PKCS8: [u8; 16] = [
            0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22,
            0x04, 0x20,
        ];
        let der = pem_body("PRIVATE KEY").ok_or("is not a valid PEM file")?;
        if der.len() != 48 || der[..16] != ED25519_PKCS8 {
            return Err(
                "holds a PKCS#8 key that is not Ed25519; an RSA key must be PKCS#1 \
                 (\"BEGIN RSA PRIVATE KEY\"): convert it with openssl rsa -traditional",
            );
        }
        (DkimAlgorithm::Ed25519, b64.encode(&der[16..]))
    } else {
        let seed = b64
            .decode(text.trim())
            .map_err(|_| "must be a PEM key file or an Ed25519 seed in base64")?;
        if seed.len() != 32 {
            return Err("must be a PEM key file or a 32-byte Ed25519 seed in base64");
        }
        (DkimAlgorithm::Ed25519, b64.encode(seed))
    };
    let lettre_algorithm = match algorithm {
        DkimAlgorithm::Rsa => DkimSigningAlgorithm::Rsa,
        DkimAlgorithm::Ed25519 => DkimSigningAlgorithm::Ed25519,
    };
    DkimSigningKey::new(&key, lettre_algorithm).map_err(|_| "is not a usable key")?;
    Ok((algorithm, key))
}

fn parse_public_url(r: &Raw) -> Result<Url, ConfigError> {
    let url = Url::parse(r.value.trim())
        .map_err(|e| invalid("public_url", r, &format!("not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(invalid(
            "public_url",
            r,
            "must be an http:// or https:// URL with a host",
        ));
    }
    if url.path() != "/" {
        return Err(invalid(
            "public_url",
            r,
            "must be the site root (qiao does not run under a path prefix)",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(
            "public_url",
            r,
            "must not have a query or fragment",
        ));
    }
    Ok(url)
}

/// A comma- or space-separated list of CIDRs (`10.0.0.0/8, 2001:db8::/32`) or single addresses.
fn parse_proxies(r: &Raw) -> Result<Vec<ipnet::IpNet>, ConfigError> {
    r.value
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|item| {
            item.parse::<ipnet::IpNet>()
                .or_else(|_| item.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map(|net| net.trunc())
                .map_err(|_| {
                    invalid(
                        "trusted_proxies",
                        r,
                        &format!("“{item}” is not an address or CIDR such as 10.0.0.0/8"),
                    )
                })
        })
        .collect()
}

fn parse_log_filter(r: &Raw) -> Result<String, ConfigError> {
    tracing_subscriber::EnvFilter::try_new(&r.value).map_err(|e| {
        invalid(
            "log",
            r,
            &format!("not a log filter such as \"info\" ({e})"),
        )
    })?;
    Ok(r.value.clone())
}

/// Picks the backend from the URL scheme (diesel's own fall-through would treat a mistyped
/// PostgreSQL URL as an SQLite file name).
pub fn parse_database_url(value: &str) -> Result<DatabaseUrl, &'static str> {
    let value = value.trim();
    if value.starts_with("postgres://") || value.starts_with("postgresql://") {
        Url::parse(value).map_err(|_| "not a valid postgres:// URL")?;
        return Ok(DatabaseUrl::Postgres(value.to_owned()));
    }
    let path = if let Some(rest) = value.strip_prefix("sqlite://") {
        rest
    } else if let Some(rest) = value.strip_prefix("sqlite:") {
        rest
    } else if value.contains("://") {
        return Err("unsupported database; use postgres://… or sqlite://path/to/file.db");
    } else {
        value
    };
    if path.is_empty() {
        return Err("the SQLite file path is empty");
    }
    if path == ":memory:" || path.contains("mode=memory") {
        return Err("an in-memory SQLite database cannot be shared by a pool; give a file path");
    }
    Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn err(pairs: &[(&str, &str)]) -> String {
        match load_from(None, &env(pairs)) {
            Ok(_) => panic!("expected an error for {pairs:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn defaults_need_no_configuration() {
        let s = load_from(None, &env(&[])).expect("defaults are valid");
        assert_eq!(s.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(
            s.database,
            DatabaseUrl::Sqlite(PathBuf::from("./data/qiao.db"))
        );
        assert_eq!(s.log_format, LogFormat::Text);
        assert!(!s.https());
    }

    #[test]
    fn a_bad_bind_names_the_variable_and_the_value() {
        let e = err(&[("QIAO_BIND", "localhost-8080")]);
        assert!(e.contains("QIAO_BIND=\"localhost-8080\""), "{e}");
        assert!(e.contains("key \"bind\""), "{e}");
    }

    #[test]
    fn the_mail_server_is_read_from_one_url_and_its_password_never_echoed() {
        let s = load_from(
            None,
            &env(&[
                (
                    "QIAO_SMTP_URL",
                    "smtp://news%40hua.org:p%40ss@mail.example.org?tls=opportunistic",
                ),
                ("QIAO_SMTP_CONNECTIONS", "8"),
                ("QIAO_MAIL_FROM", "华人协会 <news@hua.org>"),
            ]),
        )
        .expect("valid");
        let smtp = s.smtp.expect("smtp");
        assert_eq!((smtp.host.as_str(), smtp.port), ("mail.example.org", 587));
        assert_eq!(smtp.tls, SmtpTls::Opportunistic);
        assert_eq!(smtp.connections, 8);
        let (user, password) = smtp.credentials.expect("credentials");
        assert_eq!(
            (user.as_str(), password.expose().as_str()),
            ("news@hua.org", "p@ss")
        );
        assert_eq!(s.mail_from, "华人协会 <news@hua.org>");
        let tls =
            load_from(None, &env(&[("QIAO_SMTP_URL", "smtps://mail.example.org")])).expect("valid");
        let smtp = tls.smtp.expect("smtp");
        assert_eq!((smtp.tls, smtp.port), (SmtpTls::Wrapper, 465));
        assert!(load_from(None, &env(&[])).expect("valid").smtp.is_none());

        for (value, says) in [
            ("http://mail.example.org", "smtp:// or smtps://"),
            ("smtp://user:secret@mail.example.org?tls=maybe", "tls="),
            (
                "smtp://user:secret@mail.example.org?pool=3",
                "unknown parameter",
            ),
            ("smtp://", "host"),
            ("smtp://user:se#cret/x@mail.example.org", "QIAO_SMTP_URL"),
        ] {
            let e = err(&[("QIAO_SMTP_URL", value)]);
            assert!(
                e.contains("QIAO_SMTP_URL") && e.contains(says),
                "{value}: {e}"
            );
            assert!(!e.contains("secret"), "{e}");
        }
        for bad in ["not an address", "Name <news@hua.org>\r\nBcc: x@y.z"] {
            let e = err(&[("QIAO_MAIL_FROM", bad)]);
            assert!(e.contains("QIAO_MAIL_FROM"), "{e}");
        }
    }

    #[test]
    fn numbers_out_of_range_are_refused() {
        let e = err(&[("QIAO_DATABASE_POOL_SIZE", "0")]);
        assert!(
            e.contains("QIAO_DATABASE_POOL_SIZE") && e.contains("1 to 500"),
            "{e}"
        );
        let e = err(&[("QIAO_WORKERS", "many")]);
        assert!(e.contains("QIAO_WORKERS=\"many\""), "{e}");
    }

    #[test]
    fn unknown_environment_variables_are_warnings_that_name_the_nearest_key() {
        let s = load_from(
            None,
            &env(&[
                ("QIAO_BINDD", "1"),
                ("QIAO_SERVICE_HOST", "10.0.0.1"),
                ("QIAO_PORT_8080_TCP", "tcp://10.0.0.1:8080"),
                ("QIAO_WORKERS", "3"),
            ]),
        )
        .expect("unknown variables do not stop the start");
        assert_eq!(s.workers, 3);
        assert_eq!(s.warnings.len(), 3, "{:?}", s.warnings);
        let bindd = s
            .warnings
            .iter()
            .find(|w| w.contains("QIAO_BINDD"))
            .expect("named");
        assert!(bindd.contains("did you mean QIAO_BIND?"), "{bindd}");
        let host = s
            .warnings
            .iter()
            .find(|w| w.contains("QIAO_SERVICE_HOST"))
            .expect("named");
        assert!(!host.contains("did you mean"), "{host}");
    }

    #[test]
    fn database_scheme_picks_the_backend() {
        assert_eq!(
            parse_database_url("postgres://u@h/db"),
            Ok(DatabaseUrl::Postgres("postgres://u@h/db".into()))
        );
        assert_eq!(
            parse_database_url("sqlite://x/q.db"),
            Ok(DatabaseUrl::Sqlite("x/q.db".into()))
        );
        assert_eq!(
            parse_database_url("q.db"),
            Ok(DatabaseUrl::Sqlite("q.db".into()))
        );
        assert!(parse_database_url("mysql://h/db").is_err());
        assert!(parse_database_url("sqlite://:memory:").is_err());
        let e = err(&[("QIAO_DATABASE_URL", "postgress://h/db")]);
        assert!(
            e.contains("QIAO_DATABASE_URL") && e.contains("postgress://h/db"),
            "{e}"
        );
    }

    #[test]
    fn secrets_are_not_echoed() {
        let e = err(&[("QIAO_SESSION_KEY", "c2hvcnQ=")]);
        assert!(
            e.contains("QIAO_SESSION_KEY") && !e.contains("c2hvcnQ="),
            "{e}"
        );
    }

    #[test]
    fn file_values_are_overridden_by_environment_and_checked() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("qiao.toml");
        std::fs::write(
            &file,
            "bind = \"127.0.0.1:9000\"\nworkers = 3\ntrusted_proxies = [\"10.0.0.0/8\", \"::1\"]\n",
        )
        .expect("write");
        let s = load_from(Some(&file), &env(&[("QIAO_WORKERS", "5")])).expect("valid");
        assert_eq!(s.bind.port(), 9000);
        assert_eq!(s.workers, 5);
        let proxies: Vec<String> = s.trusted_proxies.iter().map(|n| n.to_string()).collect();
        assert_eq!(proxies, ["10.0.0.0/8", "::1/128"]);
        std::fs::write(&file, "bnd = \"x\"\n").expect("write");
        let e = load_from(Some(&file), &env(&[])).expect_err("unknown key");
        assert!(e.to_string().contains("unknown key \"bnd\""), "{e}");
        std::fs::write(&file, "log_format = \"xml\"\n").expect("write");
        let e = load_from(Some(&file), &env(&[])).expect_err("bad value");
        assert!(e.to_string().contains("log_format = \"xml\""), "{e}");
    }

    #[test]
    fn trusted_proxies_are_cidrs_and_a_bad_one_is_named() {
        let s = load_from(
            None,
            &env(&[("QIAO_TRUSTED_PROXIES", "127.0.0.1, 10.1.2.3/8 fd00::/8")]),
        )
        .expect("valid");
        let proxies: Vec<String> = s.trusted_proxies.iter().map(|n| n.to_string()).collect();
        assert_eq!(proxies, ["127.0.0.1/32", "10.0.0.0/8", "fd00::/8"]);
        let e = err(&[("QIAO_TRUSTED_PROXIES", "10.0.0.0/8,localhost")]);
        assert!(
            e.contains("QIAO_TRUSTED_PROXIES") && e.contains("“localhost”"),
            "{e}"
        );
    }

    #[test]
    fn debug_output_shows_no_secret() {
        let s = load_from(
            None,
            &env(&[
                (
                    "QIAO_DATABASE_URL",
                    "postgres://qiao:hunter2hunter2@db/qiao?password=alsosecret",
                ),
                ("QIAO_SESSION_KEY", &"QUFB".repeat(30)),
                ("QIAO_METRICS_TOKEN", "metrics-token-0123456789"),
            ]),
        )
        .expect("valid");
        let shown = format!("{s:?}");
        for secret in [
            "hunter2hunter2",
            "alsosecret",
            "QUFB",
            "metrics-token-0123456789",
        ] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(shown.contains("postgres://qiao:***@db/qiao"), "{shown}");
        let e = err(&[("QIAO_METRICS_TOKEN", "short")]);
        assert!(
            e.contains("QIAO_METRICS_TOKEN") && !e.contains("\"short\""),
            "{e}"
        );
    }

    #[test]
    fn the_readme_table_lists_exactly_the_known_keys() {
        let readme = include_str!("../README.md");
        let section = readme
            .split("## Configuration")
            .nth(1)
            .expect("README has a Configuration section");
        let mut listed = Vec::new();
        for line in section.lines().filter(|l| l.starts_with("| `")) {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let key = cells[1].trim_matches('`');
            let var = cells[2].trim_matches('`');
            assert_eq!(var, format!("QIAO_{}", key.to_ascii_uppercase()), "{line}");
            listed.push(key.to_owned());
        }
        let mut known: Vec<String> = KEYS.iter().map(|k| (*k).to_owned()).collect();
        known.sort();
        listed.sort();
        assert!(!known.is_empty());
        assert_eq!(listed, known, "README configuration table vs config::KEYS");
    }

    #[test]
    fn public_url_must_be_http() {
        let e = err(&[("QIAO_PUBLIC_URL", "ftp://example.org")]);
        assert!(e.contains("QIAO_PUBLIC_URL"), "{e}");
        let e = err(&[("QIAO_PUBLIC_URL", "https://example.org/qiao")]);
        assert!(e.contains("path prefix"), "{e}");
        let s = load_from(
            None,
            &env(&[("QIAO_PUBLIC_URL", "https://news.example.org")]),
        )
        .expect("valid");
        assert!(s.https());
    }

    #[test]
    fn dkim_keys_are_read_checked_and_named_in_errors() {
        let dir = tempfile::tempdir().expect("tempdir");
        // An Ed25519 key as `openssl genpkey -algorithm ed25519` writes it (RFC 8410's example).
        let pem = "-----BEGIN PRIVATE KEY-----\n\
                   MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n\
                   -----END PRIVATE KEY-----\n";
        let path = dir.path().join("dkim.pem");
        std::fs::write(&path, pem).expect("write");
        let file = path.to_str().expect("utf-8 path");
        let s = load_from(
            None,
            &env(&[
                ("QIAO_DKIM_PRIVATE_KEY", file),
                ("QIAO_DKIM_SELECTOR", "qiao"),
                ("QIAO_MAIL_FROM", "华人协会 <news@Hua.org>"),
            ]),
        )
        .expect("valid");
        let dkim = s.dkim.expect("dkim");
        assert_eq!(
            (dkim.selector.as_str(), dkim.domain.as_str()),
            ("qiao", "hua.org")
        );
        assert_eq!(dkim.algorithm, DkimAlgorithm::Ed25519);
        assert!(!format!("{dkim:?}").contains(dkim.key.expose()));

        let e = err(&[("QIAO_DKIM_PRIVATE_KEY", file)]);
        assert!(
            e.contains("QIAO_DKIM_PRIVATE_KEY") && e.contains("dkim_selector"),
            "{e}"
        );
        let e = err(&[("QIAO_DKIM_SELECTOR", "qiao")]);
        assert!(
            e.contains("QIAO_DKIM_SELECTOR") && e.contains("dkim_private_key"),
            "{e}"
        );
        let e = err(&[
            ("QIAO_DKIM_PRIVATE_KEY", file),
            ("QIAO_DKIM_SELECTOR", "a b"),
        ]);
        assert!(e.contains("QIAO_DKIM_SELECTOR"), "{e}");
        let missing = dir.path().join("nope.pem");
        let e = err(&[
            ("QIAO_DKIM_PRIVATE_KEY", missing.to_str().expect("utf-8")),
            ("QIAO_DKIM_SELECTOR", "qiao"),
        ]);
        assert!(
            e.contains("QIAO_DKIM_PRIVATE_KEY") && e.contains("cannot be read"),
            "{e}"
        );
        std::fs::write(&path, "-----BEGIN PRIVATE KEY-----\nMIIBVAIBADANBgkqhkiG9w0BAQEFAASCAT4wggE6AgEAAkEA\n-----END PRIVATE KEY-----\n").expect("write");
        let e = err(&[
            ("QIAO_DKIM_PRIVATE_KEY", file),
            ("QIAO_DKIM_SELECTOR", "qiao"),
        ]);
        assert!(e.contains("PKCS#1"), "{e}");
        std::fs::write(&path, "not a key").expect("write");
        let e = err(&[
            ("QIAO_DKIM_PRIVATE_KEY", file),
            ("QIAO_DKIM_SELECTOR", "qiao"),
        ]);
        assert!(e.contains("QIAO_DKIM_PRIVATE_KEY"), "{e}");
    }
}
