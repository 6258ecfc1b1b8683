//! Subscribers at scale.
//!
//! 1. CSV import of 100,000 subscribers (`BENCH_ROWS`) with `qiao import subscribers
//!    --consent` — the real binary, as an operator runs it — into SQLite and PostgreSQL while
//!    the server (in this process) answers a profile page in a loop. Printed per round: rows
//!    per second, the import process's peak RSS (its `VmHWM`, polled), and the page's p50/p99
//!    while idle and during the import (target: p99 during ≤ 2× idle). The reference, in the
//!    same run, is the database's own bulk load of the same file (`sqlite3 .import`, psql
//!    `\copy`) into a bare table: no validation, no duplicates check, no suppression list, no
//!    tags.
//! 2. The audience count of a tag-and-category filter over 1,000,000 subscribers on PostgreSQL
//!    (`BENCH_AUDIENCE`), through `db::subscribers::count` (target < 100 ms), next to a bare
//!    `count(*)` of the organization's rows on the same connection.
//!
//! Rounds (`BENCH_ROUNDS`, default 3) alternate SQLite and PostgreSQL; the mean and the best are
//! printed. PostgreSQL needs `BENCH_DATABASE_URL` (or `TEST_DATABASE_URL`) with CREATEDB.
//!
//!     BENCH_ROUNDS=3 cargo bench --bench subscribers

use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use qiao::config::{DatabaseUrl, Settings};
use qiao::db::orgs::{self, NewOrganization};
use qiao::domain::{Description, LanguageTag, OrgName, OrgSlug, TimeZone};

fn env_num(key: &str, default: usize) -> usize {
    std::env::var(key)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// A CSV of `rows` subscribers: names, two tags of 40 hometowns, categories, digests.
fn write_csv(path: &Path, rows: usize) {
    let towns = [
        "温州", "青田", "文成", "福清", "长乐", "台山", "开平", "梅县", "潮州", "汕头", "厦门",
        "泉州", "晋江", "莆田", "宁波", "上海", "北京", "天津", "沈阳", "大连", "青岛", "济南",
        "南京", "苏州", "杭州", "合肥", "武汉", "长沙", "广州", "深圳", "香港", "澳门", "台北",
        "高雄", "成都", "重庆", "西安", "昆明", "南宁", "海口",
    ];
    let cats = ["culture", "news", "culture news", "news promotion", ""];
    let digests = ["none", "daily", "weekly", ""];
    let mut out = BufWriter::new(std::fs::File::create(path).expect("create"));
    writeln!(out, "email,name,tags,categories,digest,language").expect("write");
    for i in 0..rows {
        writeln!(
            out,
            "reader{i}@example{}.org,读者 {i},\"{}, {}\",{},{},{}",
            i % 97,
            towns[i % towns.len()],
            towns[(i / 7) % towns.len()],
            cats[i % cats.len()],
            digests[i % digests.len()],
            ["zh-Hans", "zh-Hant", "en"][i % 3],
        )
        .expect("write");
    }
    out.flush().expect("flush");
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Requests `path` in a loop until `stop`; the latencies in ms, sorted.
fn load(url: String, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<Vec<f64>> {
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let client = reqwest::Client::new();
            let mut lat = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let t = Instant::now();
                let res = client.get(&url).send().await.expect("request");
                assert!(res.status().is_success(), "{}", res.status());
                let _ = res.bytes().await.expect("body");
                lat.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            lat.sort_by(f64::total_cmp);
            lat
        })
    })
}

/// The page latencies over `secs` of idling.
fn idle(url: &str, secs: f64) -> Vec<f64> {
    let stop = Arc::new(AtomicBool::new(false));
    let h = load(url.to_owned(), stop.clone());
    std::thread::sleep(Duration::from_secs_f64(secs));
    stop.store(true, Ordering::Relaxed);
    h.join().expect("load")
}

fn peak_kb_of(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

struct Round {
    rows_per_s: f64,
    peak_mb: f64,
    idle_p50: f64,
    idle_p99: f64,
    busy_p50: f64,
    busy_p99: f64,
    reference_rows_per_s: f64,
}

fn create_org(settings: &Settings, slug: &str) {
    let db = qiao::startup::open_database(settings).expect("database");
    let mut conn = db.get().expect("conn");
    orgs::create(
        &mut conn,
        &NewOrganization {
            slug: OrgSlug::parse(slug).expect("slug"),
            name: OrgName::parse("Bench 华人协会").expect("name"),
            description: Description::parse("").expect("d"),
            language: LanguageTag::parse("zh").expect("l"),
            timezone: TimeZone::parse("UTC").expect("tz"),
        },
        qiao::db::now(),
    )
    .expect("org");
}

/// One import of `csv` into a fresh organization while the profile page is loaded.
fn round(
    settings: &Settings,
    db_url: &str,
    csv: &Path,
    rows: usize,
    n: usize,
    page: &str,
) -> Round {
    let slug = format!("bench{n}");
    create_org(settings, &slug);
    let url = format!("{page}/@{slug}");
    let idle_lat = idle(&url, 3.0);
    let stop = Arc::new(AtomicBool::new(false));
    let busy = load(url.clone(), stop.clone());
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_qiao"))
        .args(["import", "subscribers", "--consent", "--org", &slug])
        .arg(csv)
        .env_remove("QIAO_CONFIG")
        .env("QIAO_DATA_DIR", &settings.data_dir)
        .env("QIAO_DATABASE_URL", db_url)
        .env("QIAO_LOG", "warn")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("qiao import");
    let mut peak = 0;
    loop {
        if let Some(kb) = peak_kb_of(child.id()) {
            peak = peak.max(kb);
        }
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let secs = start.elapsed().as_secs_f64();
    let out = child.wait_with_output().expect("output");
    stop.store(true, Ordering::Relaxed);
    let busy_lat = busy.join().expect("load");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "import failed: {err}");
    assert!(err.contains(&format!("{rows} imported")), "{err}");
    Round {
        rows_per_s: rows as f64 / secs,
        peak_mb: peak as f64 / 1024.0,
        idle_p50: percentile(&idle_lat, 0.5),
        idle_p99: percentile(&idle_lat, 0.99),
        busy_p50: percentile(&busy_lat, 0.5),
        busy_p99: percentile(&busy_lat, 0.99),
        reference_rows_per_s: 0.0,
    }
}

/// The engine's own bulk load of the file into a bare table.
fn reference(db_url: &str, sqlite: Option<&Path>, csv: &Path, rows: usize, n: usize) -> f64 {
    let table = format!("bench_copy_{n}");
    let create = format!(
        "CREATE TABLE {table} (email TEXT, name TEXT, tags TEXT, categories TEXT, digest TEXT, language TEXT)"
    );
    let start;
    match sqlite {
        Some(file) => {
            let run = |sql: &str| {
                let ok = Command::new("sqlite3")
                    .arg(file)
                    .arg(sql)
                    .status()
                    .expect("sqlite3");
                assert!(ok.success());
            };
            run(&create);
            start = Instant::now();
            let ok = Command::new("sqlite3")
                .arg(file)
                .arg(format!(".import --csv --skip 1 {} {table}", csv.display()))
                .status()
                .expect("sqlite3");
            assert!(ok.success());
        }
        None => {
            let psql = |sql: &str| {
                let ok = Command::new("psql")
                    .arg(db_url)
                    .args(["-q", "-v", "ON_ERROR_STOP=1", "-c", sql])
                    .status()
                    .expect("psql");
                assert!(ok.success());
            };
            psql(&create);
            start = Instant::now();
            psql(&format!(
                "\\copy {table} FROM '{}' WITH (FORMAT csv, HEADER true)",
                csv.display()
            ));
        }
    }
    rows as f64 / start.elapsed().as_secs_f64()
}

/// A PostgreSQL database of its own, dropped at the end.
struct PgDb {
    admin: String,
    name: String,
    url: String,
}

impl PgDb {
    fn create(admin: &str) -> PgDb {
        use diesel::prelude::*;
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let name = format!(
            "qiao_bench_subs_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let mut c = PgConnection::establish(admin).expect("connect");
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut c)
            .expect("create database");
        let mut url = url::Url::parse(admin).expect("url");
        url.set_path(&name);
        PgDb {
            admin: admin.to_owned(),
            name,
            url: url.to_string(),
        }
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        use diesel::prelude::*;
        if let Ok(mut c) = PgConnection::establish(&self.admin) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .execute(&mut c);
        }
    }
}

struct Server {
    url: String,
    _runtime: std::thread::JoinHandle<()>,
}

/// The application on a free port, in this process.
fn serve(settings: Settings) -> Server {
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let app = qiao::startup::Application::build(settings)
                .await
                .expect("build");
            tx.send(format!("http://127.0.0.1:{}", app.port()))
                .expect("send");
            let _ = app.run_until_stopped().await;
        });
    });
    let url = rx.recv().expect("address");
    Server {
        url,
        _runtime: handle,
    }
}

fn settings_for(dir: &Path, db: DatabaseUrl) -> Settings {
    let mut s = Settings::for_tests(dir.to_path_buf(), db);
    // The defaults a user runs: logging on.
    s.log = "info".to_owned();
    s.workers = 2;
    s.database_pool_size = 10;
    s
}

fn summary(label: &str, rounds: &[Round]) {
    if rounds.is_empty() {
        return;
    }
    let mean = |f: fn(&Round) -> f64| rounds.iter().map(f).sum::<f64>() / rounds.len() as f64;
    let best = |f: fn(&Round) -> f64, max: bool| {
        rounds
            .iter()
            .map(f)
            .fold(if max { f64::MIN } else { f64::MAX }, |a, b| {
                if max { a.max(b) } else { a.min(b) }
            })
    };
    let ratio = |r: &Round| r.busy_p99 / r.idle_p99;
    println!(
        "{label}: import {:.0} rows/s mean (best {:.0}); the engine's bulk load {:.0} rows/s mean → qiao at {:.0} % of it",
        mean(|r| r.rows_per_s),
        best(|r| r.rows_per_s, true),
        mean(|r| r.reference_rows_per_s),
        100.0 * mean(|r| r.rows_per_s) / mean(|r| r.reference_rows_per_s),
    );
    println!(
        "{label}: import peak RSS {:.0} MB mean (max {:.0} MB)",
        mean(|r| r.peak_mb),
        best(|r| r.peak_mb, true)
    );
    let mean_ratio = rounds.iter().map(ratio).sum::<f64>() / rounds.len() as f64;
    println!(
        "{label}: page p99 idle {:.2} ms, during the import {:.2} ms (p50 {:.2} → {:.2} ms): {mean_ratio:.2}× mean, best {:.2}× — target ≤ 2× {}",
        mean(|r| r.idle_p99),
        mean(|r| r.busy_p99),
        mean(|r| r.idle_p50),
        mean(|r| r.busy_p50),
        rounds.iter().map(ratio).fold(f64::MAX, f64::min),
        if mean_ratio <= 2.0 { "PASS" } else { "FAIL" }
    );
}

/// 1,000,000 subscribers of one organization, 100 tags, one to three tags each; the count
/// of one tag and one category among the active ones, timed.
fn audience(pg_admin: &str, total: usize) {
    use diesel::prelude::*;
    let pg = PgDb::create(pg_admin);
    let dir = tempfile::tempdir().expect("tempdir");
    let url = qiao::config::parse_database_url(&pg.url).expect("url");
    let settings = settings_for(dir.path(), url);
    create_org(&settings, "audience");
    let db = qiao::startup::open_database(&settings).expect("db");
    let mut conn = db.get().expect("conn");
    let org_id = orgs::by_slug(&mut conn, "audience")
        .expect("q")
        .expect("org")
        .id;
    let mut pgc = PgConnection::establish(&pg.url).expect("connect");
    let start = Instant::now();
    for sql in [
        format!(
            "INSERT INTO subscriber_tags (org_id, name, created_at) SELECT {org_id}, 'tag' || g, now() FROM generate_series(1, 100) g"
        ),
        format!(
            "INSERT INTO subscribers (org_id, email, status, categories, created_at, updated_at, confirmed_at) \
            SELECT {org_id}, 'r' || g || '@example.org', CASE WHEN g % 10 = 0 THEN 'unsubscribed' ELSE 'active' END, \
            1 + (g % 7), now(), now(), now() FROM generate_series(1, {total}) g"
        ),
        format!(
            "INSERT INTO subscriber_tag_links (subscriber_id, tag_id) \
            SELECT s.id, t.id FROM subscribers s JOIN subscriber_tags t ON t.org_id = s.org_id \
            AND (t.name = 'tag' || (1 + s.id % 100) OR (s.id % 3 = 0 AND t.name = 'tag' || (1 + (s.id / 3) % 100)) \
            OR (s.id % 5 = 0 AND t.name = 'tag' || (1 + (s.id / 5) % 100))) WHERE s.org_id = {org_id}"
        ),
        // As autovacuum leaves a settled table: statistics, and the visibility map that lets
        // index-only scans skip the heap.
        "VACUUM ANALYZE subscribers".to_owned(),
        "VACUUM ANALYZE subscriber_tag_links".to_owned(),
    ] {
        diesel::sql_query(sql).execute(&mut pgc).expect("generate");
    }
    println!(
        "audience: {total} subscribers with their tags generated in {:.0} s",
        start.elapsed().as_secs_f64()
    );
    let tag = qiao::db::subscriber_tags::by_name(&mut conn, org_id, "tag7")
        .expect("q")
        .expect("tag");
    let filter = qiao::db::subscribers::Filter {
        status: Some(qiao::domain::SubscriberStatus::Active),
        tag: Some(tag),
        category: Some(qiao::domain::Category::News),
        ..Default::default()
    };
    let all = qiao::db::subscribers::Filter::default();
    let (mut ours, mut bare) = (Vec::new(), Vec::new());
    let mut count = 0;
    for _ in 0..25 {
        let t = Instant::now();
        count = qiao::db::subscribers::count(&mut conn, org_id, &filter).expect("count");
        ours.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        let n = qiao::db::subscribers::count(&mut conn, org_id, &all).expect("count");
        bare.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(n as usize, total);
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    ours.sort_by(f64::total_cmp);
    bare.sort_by(f64::total_cmp);
    println!(
        "audience count, tag + category + active, PostgreSQL, {total} subscribers: {count} match; \
         {:.1} ms mean, p50 {:.1} ms, p95 {:.1} ms, best {:.1} ms — target < 100 ms {}",
        mean(&ours),
        percentile(&ours, 0.5),
        percentile(&ours, 0.95),
        ours[0],
        if mean(&ours) < 100.0 { "PASS" } else { "FAIL" }
    );
    println!(
        "reference: count(*) of the organization's {total} rows, same connection: {:.1} ms mean, p50 {:.1} ms",
        mean(&bare),
        percentile(&bare, 0.5)
    );
}

fn main() {
    let rows = env_num("BENCH_ROWS", 100_000);
    let rounds = env_num("BENCH_ROUNDS", 3);
    let tmp = tempfile::tempdir().expect("tempdir");
    let csv: PathBuf = tmp.path().join("subscribers.csv");
    write_csv(&csv, rows);
    println!(
        "input: {rows} subscribers, {:.1} MB of CSV; {rounds} rounds, SQLite and PostgreSQL interleaved",
        std::fs::metadata(&csv).map_or(0, |m| m.len()) as f64 / 1e6
    );
    let pg_admin = std::env::var("BENCH_DATABASE_URL")
        .or_else(|_| std::env::var("TEST_DATABASE_URL"))
        .ok();

    let sqlite_dir = tmp.path().join("sqlite");
    std::fs::create_dir_all(&sqlite_dir).expect("dir");
    let sqlite_file = sqlite_dir.join("qiao.db");
    let sqlite_settings = settings_for(&sqlite_dir, DatabaseUrl::Sqlite(sqlite_file.clone()));
    let sqlite_url = sqlite_file.display().to_string();
    let sqlite_server = serve(sqlite_settings.clone());

    let pg = pg_admin.as_deref().map(PgDb::create);
    let pg_dir = tmp.path().join("pg");
    std::fs::create_dir_all(&pg_dir).expect("dir");
    let pg_side = pg.as_ref().map(|pg| {
        let url = qiao::config::parse_database_url(&pg.url).expect("url");
        let settings = settings_for(&pg_dir, url);
        let server = serve(settings.clone());
        (settings, server, pg.url.clone())
    });

    let (mut lite, mut post) = (Vec::new(), Vec::new());
    let import_rounds = if std::env::var("BENCH_ONLY").as_deref() == Ok("audience") {
        0
    } else {
        rounds
    };
    for n in 0..import_rounds {
        let mut r = round(
            &sqlite_settings,
            &sqlite_url,
            &csv,
            rows,
            n,
            &sqlite_server.url,
        );
        r.reference_rows_per_s = reference(&sqlite_url, Some(&sqlite_file), &csv, rows, n);
        println!(
            "round {n} SQLite: {:.0} rows/s (bulk load {:.0}), peak RSS {:.0} MB, page p99 {:.2} → {:.2} ms",
            r.rows_per_s, r.reference_rows_per_s, r.peak_mb, r.idle_p99, r.busy_p99
        );
        lite.push(r);
        if let Some((settings, server, url)) = &pg_side {
            let mut r = round(settings, url, &csv, rows, n, &server.url);
            r.reference_rows_per_s = reference(url, None, &csv, rows, n);
            println!(
                "round {n} PostgreSQL: {:.0} rows/s (bulk load {:.0}), peak RSS {:.0} MB, page p99 {:.2} → {:.2} ms",
                r.rows_per_s, r.reference_rows_per_s, r.peak_mb, r.idle_p99, r.busy_p99
            );
            post.push(r);
        }
    }
    summary("SQLite", &lite);
    match &pg_side {
        Some(_) => summary("PostgreSQL", &post),
        None => println!("PostgreSQL: SKIPPED (set BENCH_DATABASE_URL=postgres://… with CREATEDB)"),
    }
    match pg_admin {
        Some(admin) => audience(&admin, env_num("BENCH_AUDIENCE", 1_000_000)),
        None => println!("audience count: SKIPPED (needs PostgreSQL)"),
    }
    std::process::exit(0);
}
