//! Broadcasts at scale, through the real binary with its defaults (logging on).
//!
//! 1. A broadcast of two articles to 100,000 subscribers (`BENCH_RECIPIENTS`) into postfix's
//!    `smtp-sink` on loopback, on SQLite and on PostgreSQL, without and with DKIM (Ed25519):
//!    emails per second from "send" to "sent" (materializing included) and the `qiao serve`
//!    process's peak RSS (`VmHWM`). The reference, in the same run: `smtp-source -d` sending
//!    as many messages of the same size (measured: one run to a capturing listener first) over
//!    as many kept connections (`smtp_connections`, 4) into a fresh `smtp-sink`. Target: ≥ 25 % of smtp-source's rate without DKIM; peak RSS < 200 MB.
//! 2. `BENCH_MILLION=1`: materializing a 1,000,000-recipient broadcast on PostgreSQL (target
//!    < 30 s), and the peak RSS of sending it (target < 1.2× the 100,000 one).
//! 3. Web push: 100,000 notifications (`BENCH_PUSH`) to a receiver in this process, next to
//!    the same number of same-size POSTs sent straight to it over as many connections. Target
//!    ≥ 2,000 per second.
//!
//! Rounds (`BENCH_ROUNDS`, default 2) interleave the reference and the runs; the mean and the
//! best are printed. PostgreSQL needs `BENCH_DATABASE_URL` (or `TEST_DATABASE_URL`) with
//! CREATEDB; postfix's `smtp-sink`/`smtp-source` must be installed (`apt-get install postfix`).
//!
//!     BENCH_ROUNDS=2 cargo bench --bench broadcast

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use diesel::RunQueryDsl as _;
use serde_json::{Value, json};

fn env_num(key: &str, default: usize) -> usize {
    std::env::var(key)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

fn peak_kb_of(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// `smtp-sink` on a free loopback port; killed on drop.
struct Sink {
    child: Child,
    port: u16,
}

impl Sink {
    fn start() -> Sink {
        let port = free_port();
        let mut cmd = Command::new("smtp-sink");
        // It refuses to run as root without a user to switch to.
        if std::env::var("USER").is_ok_and(|u| u == "root") || runs_as_root() {
            cmd.args(["-u", "nobody"]);
        }
        let child = cmd
            .args([&format!("127.0.0.1:{port}"), "256"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("smtp-sink (apt-get install postfix)");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Sink { child, port }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether this process runs as root (smtp-sink then needs `-u`).
fn runs_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Uid:"))
                .map(|v| v.split_whitespace().next() == Some("0"))
        })
        .unwrap_or(false)
}

/// smtp-source's messages per second: `n` messages of `size` bytes over `sessions`.
fn smtp_source(n: usize, size: usize, sessions: usize) -> f64 {
    let sink = Sink::start();
    let started = Instant::now();
    let status = Command::new("smtp-source")
        .args([
            // Each session keeps its connection, as qiao's pool does.
            "-d",
            "-s",
            &sessions.to_string(),
            "-m",
            &n.to_string(),
            "-l",
            &size.to_string(),
            "-f",
            "noreply@bench.test",
            "-t",
            "reader@example.org",
            &format!("127.0.0.1:{}", sink.port),
        ])
        .stdout(Stdio::null())
        .status()
        .expect("smtp-source");
    assert!(status.success());
    n as f64 / started.elapsed().as_secs_f64()
}

/// Where a run keeps its database: a SQLite file, or a fresh PostgreSQL database.
struct Database {
    url: String,
    pg: Option<(String, String)>,
}

impl Database {
    fn new(dir: &Path, pg_admin: Option<&str>) -> Database {
        match pg_admin {
            None => Database {
                url: format!("sqlite://{}", dir.join("qiao.db").display()),
                pg: None,
            },
            Some(admin) => {
                use diesel::Connection as _;
                let name = format!("qiao_bench_{}", uuid::Uuid::new_v4().simple());
                let mut conn = diesel::PgConnection::establish(admin).expect("connect");
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .expect("create database");
                let mut url = url::Url::parse(admin).expect("url");
                url.set_path(&name);
                Database {
                    url: url.to_string(),
                    pg: Some((admin.to_owned(), name)),
                }
            }
        }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        use diesel::Connection as _;
        if let Some((admin, name)) = self.pg.take()
            && let Ok(mut conn) = diesel::PgConnection::establish(&admin)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut conn);
        }
    }
}

/// The binary with a run's environment.
fn qiao(dir: &Path, db: &Database, extra: &[(&str, String)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qiao"));
    cmd.current_dir(dir)
        .env_remove("QIAO_CONFIG")
        .env("QIAO_DATA_DIR", dir.join("data"))
        .env("QIAO_DATABASE_URL", &db.url)
        .env("QIAO_MAIL_FROM", "Bench <noreply@bench.test>");
    for (k, v) in extra {
        cmd.env(k, v);
    }
    cmd
}

fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.stderr(Stdio::inherit()).output().expect("run qiao");
    assert!(out.status.success(), "{cmd:?} failed");
    String::from_utf8(out.stdout).expect("utf-8")
}

/// `n` active subscribers of organization `org_id`, written by one statement.
fn add_subscribers(db: &Database, org_id: i64, n: usize) {
    let settings_url = if db.pg.is_some() {
        qiao::config::DatabaseUrl::Postgres(db.url.clone())
    } else {
        qiao::config::DatabaseUrl::Sqlite(PathBuf::from(db.url.trim_start_matches("sqlite://")))
    };
    let pool = qiao::db::Db::connect(&settings_url, 2).expect("pool");
    let mut conn = pool.get().expect("connection");
    let columns = "org_id, email, status, locale, digest, confirmed_at, created_at, updated_at, \
                   name, categories, source";
    let values = format!(
        "{org_id}, 'reader' || i || '@example' || (i % 97) || '.org', 'active', \
         CASE i % 3 WHEN 0 THEN 'zh-Hans' WHEN 1 THEN 'zh-Hant' ELSE 'en' END, 'none', \
         '2026-01-01 00:00:00', '2026-01-01 00:00:00', '2026-01-01 00:00:00', '', 7, 'bench'"
    );
    let sql = if db.pg.is_some() {
        format!(
            "INSERT INTO subscribers ({columns}) SELECT {values} FROM generate_series(1, {n}) AS g(i)"
        )
    } else {
        format!(
            "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {n}) \
             INSERT INTO subscribers ({columns}) SELECT {values} FROM seq"
        )
    };
    diesel::sql_query(sql)
        .execute(&mut *conn)
        .expect("subscribers");
    diesel::sql_query("ANALYZE").execute(&mut *conn).ok();
}

/// A serving qiao; SIGTERM and wait on drop.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(mut cmd: Command) -> Server {
        let port = free_port();
        let child = cmd
            .arg("serve")
            .env("QIAO_BIND", format!("127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve");
        let base = format!("http://127.0.0.1:{port}");
        for _ in 0..300 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Server { child, base }
    }

    fn peak_mb(&self) -> f64 {
        peak_kb_of(self.child.id()).unwrap_or(0) as f64 / 1024.0
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

async fn call(
    c: &reqwest::Client,
    server: &Server,
    token: &str,
    path: &str,
    body: Option<Value>,
) -> Value {
    let url = format!("{}{path}", server.base);
    let req = match body {
        Some(b) => c.post(url).json(&b),
        None => c.get(url),
    };
    let res = req.bearer_auth(token).send().await.expect("request");
    assert!(res.status().is_success(), "{path}: {}", res.status());
    res.json().await.unwrap_or(Value::Null)
}

const SUMMARY: &str = "多伦多华人社区中心本周举办中秋游园会：灯谜、月饼制作和粤剧选段，欢迎全家参加。\
    The community centre's Mid-Autumn fair this weekend: lantern riddles, mooncake making and Cantonese opera.";

/// Publishes two articles and broadcasts them on `channels`; seconds from "send" to "sent",
/// and how many were sent.
async fn broadcast(server: &Server, token: &str, channels: &[&str]) -> (f64, i64) {
    let c = reqwest::Client::new();
    let mut ids = Vec::new();
    for title in ["中秋游园会", "Community news of the week"] {
        let a = call(
            &c,
            server,
            token,
            "/api/v1/articles",
            Some(json!({
                "title": title, "summary": SUMMARY, "body_markdown": SUMMARY.repeat(20),
                "category": "culture", "language": "zh-Hans",
            })),
        )
        .await;
        let id = a["id"].as_i64().expect("id");
        call(
            &c,
            server,
            token,
            &format!("/api/v1/articles/{id}/publish"),
            Some(json!({})),
        )
        .await;
        ids.push(id);
    }
    let b = call(
        &c,
        server,
        token,
        "/api/v1/broadcasts",
        Some(json!({
            "title": "本期精选 · This week", "article_ids": ids, "channels": channels,
        })),
    )
    .await;
    let id = b["id"].as_i64().expect("id");
    let started = Instant::now();
    call(
        &c,
        server,
        token,
        &format!("/api/v1/broadcasts/{id}/send"),
        Some(json!({})),
    )
    .await;
    loop {
        // As often as the dashboard's progress page asks (every two seconds), and then some.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let b = call(&c, server, token, &format!("/api/v1/broadcasts/{id}"), None).await;
        if matches!(b["status"].as_str(), Some("sent" | "failed" | "cancelled")) {
            return (
                started.elapsed().as_secs_f64(),
                b["counts"]["sent"].as_i64().unwrap_or(0),
            );
        }
        assert!(started.elapsed() < Duration::from_secs(3600), "stuck: {b}");
    }
}

/// Sets up an organization with `n` subscribers; its token.
fn organization(dir: &Path, db: &Database, n: usize) -> String {
    run_ok(qiao(dir, db, &[]).args([
        "org",
        "create",
        "--slug",
        "bench",
        "--name",
        "华人协会 Bench",
    ]));
    let token =
        run_ok(qiao(dir, db, &[]).args(["token", "create", "--org", "bench", "--name", "bench"]));
    add_subscribers(db, 1, n);
    token.trim().to_owned()
}

struct MailRun {
    rate: f64,
    peak_mb: f64,
}

fn dkim_key(dir: &Path) -> PathBuf {
    let path = dir.join("dkim.pem");
    let status = Command::new("openssl")
        .args(["genpkey", "-algorithm", "ed25519", "-out"])
        .arg(&path)
        .status()
        .expect("openssl");
    assert!(status.success());
    path
}

fn mail_run(rt: &tokio::runtime::Runtime, pg_admin: Option<&str>, dkim: bool, n: usize) -> MailRun {
    let dir = tempfile::tempdir().expect("dir");
    let db = Database::new(dir.path(), pg_admin);
    let token = organization(dir.path(), &db, n);
    let sink = Sink::start();
    let mut env = vec![(
        "QIAO_SMTP_URL",
        format!("smtp://127.0.0.1:{}?tls=none", sink.port),
    )];
    if dkim {
        env.push((
            "QIAO_DKIM_PRIVATE_KEY",
            dkim_key(dir.path()).display().to_string(),
        ));
        env.push(("QIAO_DKIM_SELECTOR", "bench".to_owned()));
    }
    let server = Server::start(qiao(dir.path(), &db, &env));
    let (secs, sent) = rt.block_on(broadcast(&server, &token, &["email"]));
    assert_eq!(sent, n as i64, "every recipient sent");
    MailRun {
        rate: n as f64 / secs,
        peak_mb: server.peak_mb(),
    }
}

/// Seconds to materialize an `n`-recipient broadcast on PostgreSQL (in this process, through
/// `db::deliveries::start_due`).
fn materialize_million(pg_admin: &str, n: usize) -> f64 {
    let dir = tempfile::tempdir().expect("dir");
    let db = Database::new(dir.path(), Some(pg_admin));
    organization(dir.path(), &db, n);
    let pool = qiao::db::Db::connect(&qiao::config::DatabaseUrl::Postgres(db.url.clone()), 2)
        .expect("pool");
    let mut conn = pool.get().expect("connection");
    let now = qiao::db::now();
    diesel::sql_query(format!(
        "INSERT INTO articles (org_id, slug, title, summary, body_markdown, body_html, body_text, \
         word_count, reading_minutes, category, language, byline, status, published_at, created_at, \
         updated_at, excerpt) VALUES (1, 'a', 'A', '', '', '', '', 0, 1, 'news', 'en', '', \
         'published', '{now}', '{now}', '{now}', '')"
    ))
    .execute(&mut *conn)
    .expect("article");
    let draft = qiao::db::broadcasts::Draft {
        title: qiao::domain::Title::parse("Million").expect("title"),
        articles: qiao::domain::ArticleList::parse(&[1]).expect("list"),
        channels: qiao::domain::Channels::of(&[qiao::domain::Channel::Email]).expect("email"),
        audience: qiao::db::broadcasts::Audience::default(),
    };
    let id = qiao::db::broadcasts::create(&mut conn, 1, &draft, None, now).expect("draft");
    qiao::db::broadcasts::send_now(&mut conn, 1, id, now).expect("send");
    let started = Instant::now();
    let s = qiao::db::deliveries::start_due(&mut conn, now)
        .expect("start")
        .expect("started");
    let secs = started.elapsed().as_secs_f64();
    assert_eq!(s.deliveries, n);
    secs
}

fn main() {
    let rounds = env_num("BENCH_ROUNDS", 2);
    let n = env_num("BENCH_RECIPIENTS", 100_000);
    let pushes = env_num("BENCH_PUSH", 100_000);
    let pg_admin = std::env::var("BENCH_DATABASE_URL")
        .or_else(|_| std::env::var("TEST_DATABASE_URL"))
        .ok()
        .filter(|s| !s.is_empty());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let size = message_size(&rt);
    println!(
        "broadcast of 2 articles to {n} subscribers; a message is {size} bytes; {rounds} rounds"
    );
    let mut rows: Vec<(String, Vec<f64>, Vec<f64>)> = Vec::new();
    let mut record =
        |name: &str, rate: f64, mb: f64| match rows.iter_mut().find(|(k, _, _)| k == name) {
            Some((_, r, m)) => {
                r.push(rate);
                m.push(mb);
            }
            None => rows.push((name.to_owned(), vec![rate], vec![mb])),
        };
    for round in 1..=rounds {
        let reference = smtp_source(n, size, 4);
        println!("round {round}: smtp-source {reference:.0}/s");
        record("smtp-source", reference, 0.0);
        for (backend, admin) in [("sqlite", None), ("postgres", pg_admin.as_deref())] {
            if backend == "postgres" && admin.is_none() {
                continue;
            }
            for dkim in [false, true] {
                let r = mail_run(&rt, admin, dkim, n);
                let name = format!("{backend}{}", if dkim { " +dkim" } else { "" });
                println!(
                    "round {round}: {name}: {:.0} emails/s ({:.0} % of smtp-source), peak RSS {:.0} MB",
                    r.rate,
                    100.0 * r.rate / reference,
                    r.peak_mb
                );
                record(&name, r.rate, r.peak_mb);
            }
        }
        if pushes > 0 {
            let (rate, reference) = push_round(&rt, pushes);
            println!("round {round}: push {rate:.0}/s; straight to the receiver {reference:.0}/s");
            record("push", rate, 0.0);
            record("push reference", reference, 0.0);
        }
    }
    println!("\nsummary (mean / best over {rounds} rounds)");
    let source_mean = rows
        .iter()
        .find(|(k, _, _)| k == "smtp-source")
        .map(|(_, r, _)| r.iter().sum::<f64>() / r.len() as f64)
        .unwrap_or(f64::NAN);
    for (name, rates, mbs) in &rows {
        let mean = rates.iter().sum::<f64>() / rates.len() as f64;
        let best = rates.iter().cloned().fold(0.0, f64::max);
        let peak = mbs.iter().cloned().fold(0.0, f64::max);
        let ratio = if name.starts_with("sqlite") || name.starts_with("postgres") {
            format!(
                " = {:.0} % of smtp-source (mean)",
                100.0 * mean / source_mean
            )
        } else {
            String::new()
        };
        let mem = if peak > 0.0 {
            format!(", peak RSS {peak:.0} MB")
        } else {
            String::new()
        };
        println!("  {name:16} {mean:8.0}/s mean, {best:8.0}/s best{ratio}{mem}");
    }
    if std::env::var("BENCH_MILLION").is_ok_and(|v| v == "1") {
        match pg_admin.as_deref() {
            Some(admin) => {
                let secs = materialize_million(admin, 1_000_000);
                println!(
                    "1,000,000 deliveries materialized on PostgreSQL in {secs:.1} s (target < 30 s)"
                );
                let r = mail_run(&rt, Some(admin), false, 1_000_000);
                println!(
                    "1,000,000 emails on PostgreSQL: {:.0}/s, peak RSS {:.0} MB",
                    r.rate, r.peak_mb
                );
            }
            None => println!("BENCH_MILLION: SKIPPED (needs BENCH_DATABASE_URL)"),
        }
    }
}

/// The size of one broadcast message as qiao writes it (for smtp-source's `-l`): one run to a
/// single subscriber, into a listener here that speaks just enough SMTP to take one message.
fn message_size(rt: &tokio::runtime::Runtime) -> usize {
    use std::io::{BufRead as _, Write as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let taken = std::thread::spawn(move || {
        let (stream, _) = listener.accept().expect("accept");
        let mut out = stream.try_clone().expect("clone");
        let mut lines = std::io::BufReader::new(stream);
        out.write_all(b"220 capture\r\n").expect("greet");
        let (mut size, mut line, mut data) = (0, String::new(), false);
        loop {
            line.clear();
            if lines.read_line(&mut line).unwrap_or(0) == 0 {
                return size;
            }
            if data {
                if line == ".\r\n" {
                    data = false;
                    out.write_all(b"250 ok\r\n").expect("answer");
                } else {
                    size += line.len();
                }
                continue;
            }
            let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
            let answer: &[u8] = match verb.as_str() {
                "EHLO" | "HELO" => b"250 capture\r\n",
                "DATA" => {
                    data = true;
                    b"354 go\r\n"
                }
                "QUIT" => {
                    let _ = out.write_all(b"221 bye\r\n");
                    return size;
                }
                _ => b"250 ok\r\n",
            };
            out.write_all(answer).expect("answer");
        }
    });
    let dir = tempfile::tempdir().expect("dir");
    let db = Database::new(dir.path(), None);
    let token = organization(dir.path(), &db, 1);
    let env = [("QIAO_SMTP_URL", format!("smtp://127.0.0.1:{port}?tls=none"))];
    let server = Server::start(qiao(dir.path(), &db, &env));
    rt.block_on(broadcast(&server, &token, &["email"]));
    drop(server);
    taken.join().expect("capture")
}

/// A tiny HTTP/1.1 push service: 201 to every POST, keeping the connection; counts bodies.
async fn receiver(listener: tokio::net::TcpListener, count: Arc<AtomicUsize>) {
    use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _};
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            return;
        };
        let count = Arc::clone(&count);
        tokio::spawn(async move {
            let mut stream = tokio::io::BufReader::new(stream);
            loop {
                let mut length = 0usize;
                let mut line = String::new();
                loop {
                    line.clear();
                    if stream.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    if line == "\r\n" {
                        break;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0u8; length];
                if stream.read_exact(&mut body).await.is_err() {
                    return;
                }
                count.fetch_add(1, Ordering::Relaxed);
                if stream
                    .get_mut()
                    .write_all(b"HTTP/1.1 201 Created\r\ncontent-length: 0\r\n\r\n")
                    .await
                    .is_err()
                {
                    return;
                }
            }
        });
    }
}

/// One push round: (qiao's notifications per second, the receiver's rate straight).
fn push_round(rt: &tokio::runtime::Runtime, n: usize) -> (f64, f64) {
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let count = Arc::new(AtomicUsize::new(0));
    rt.spawn(receiver(listener, Arc::clone(&count)));
    // Straight: as many POSTs of a notification's size over push_concurrency connections.
    let reference = rt.block_on(async {
        let c = reqwest::Client::new();
        let body = vec![b'x'; 600];
        let started = Instant::now();
        let next = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..32 {
            let (c, body, next) = (c.clone(), body.clone(), Arc::clone(&next));
            tasks.push(tokio::spawn(async move {
                while next.fetch_add(1, Ordering::Relaxed) < n {
                    let _ = c
                        .post(format!("http://127.0.0.1:{port}/ref"))
                        .body(body.clone())
                        .send()
                        .await;
                }
            }));
        }
        for t in tasks {
            t.await.expect("task");
        }
        n as f64 / started.elapsed().as_secs_f64()
    });
    let dir = tempfile::tempdir().expect("dir");
    let db = Database::new(dir.path(), None);
    let token = organization(dir.path(), &db, 0);
    add_browsers(&db, port, n);
    let env = [("QIAO_PUSH_PRIVATE_ENDPOINTS", "true".to_owned())];
    let server = Server::start(qiao(dir.path(), &db, &env));
    let (secs, sent) = rt.block_on(broadcast(&server, &token, &["push"]));
    assert_eq!(sent, n as i64);
    (n as f64 / secs, reference)
}

/// `n` browsers following organization 1, each with its own endpoint at the receiver.
fn add_browsers(db: &Database, port: u16, n: usize) {
    use base64::Engine as _;
    use p256::elliptic_curve::sec1::ToEncodedPoint as _;
    let secret = p256::SecretKey::from_slice(&[7u8; 32]).expect("key");
    let p256dh = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(secret.public_key().to_encoded_point(false).as_bytes());
    let auth = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([9u8; 16]);
    let pool = qiao::db::Db::connect(
        &qiao::config::DatabaseUrl::Sqlite(PathBuf::from(db.url.trim_start_matches("sqlite://"))),
        2,
    )
    .expect("pool");
    let mut conn = pool.get().expect("connection");
    diesel::sql_query(format!(
        "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {n}) \
         INSERT INTO push_subscriptions (org_id, endpoint, p256dh, auth, language, created_at) \
         SELECT 1, 'http://127.0.0.1:{port}/p/' || i, '{p256dh}', '{auth}', 'zh-Hans', \
         '2026-01-01 00:00:00' FROM seq"
    ))
    .execute(&mut *conn)
    .expect("browsers");
}
