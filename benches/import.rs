//! Import throughput and memory: the corpus repeated ×20 (varied ids and titles) imported into
//! SQLite, and into PostgreSQL when `BENCH_DATABASE_URL` (or `TEST_DATABASE_URL`) names a
//! server where the role may create databases. The reference, measured in the same run, is the
//! same lines parsed and rendered without a database: the ceiling the database writes pull
//! the import down from. Peak memory is the process's peak RSS (`VmHWM`), reset before each
//! run; it is also measured at ×5 to show that it does not grow with the file.
//!
//!     cargo bench --bench import            # corpus from TEST_CORPUS_DIR or ../shared/corpus
//!     BENCH_TIMES=5 cargo bench --bench import

use std::io::{BufRead as _, BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::time::Instant;

use qiao::config::{DatabaseUrl, Settings};
use qiao::db::orgs::{self, NewOrganization};
use qiao::domain::{Description, LanguageTag, OrgName, OrgSlug, TimeZone};
use qiao::import::{self, Options};

fn corpus_dir() -> PathBuf {
    std::env::var("TEST_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"))
}

/// Writes the corpus `times` times with ids and titles made unique per copy; returns
/// (lines, bytes of Markdown).
fn write_file(path: &Path, times: usize) -> (usize, usize) {
    let mut lines = Vec::new();
    for file in ["zh-weekly-even.jsonl", "en-blog-even.jsonl"] {
        let text = std::fs::read_to_string(corpus_dir().join(file))
            .unwrap_or_else(|e| panic!("{file}: {e} (set TEST_CORPUS_DIR)"));
        lines.extend(text.lines().map(str::to_owned));
    }
    let mut out = BufWriter::new(std::fs::File::create(path).expect("create"));
    let (mut n, mut md) = (0, 0);
    for copy in 0..times {
        for line in &lines {
            let mut v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            let id = format!("{}-copy{copy}", v["id"].as_str().unwrap_or_default());
            let title: String = format!("{} ({copy})", v["title"].as_str().unwrap_or_default())
                .chars()
                .take(120)
                .collect();
            md += v["body_markdown"].as_str().map_or(0, str::len);
            v["id"] = id.into();
            v["title"] = title.into();
            serde_json::to_writer(&mut out, &v).expect("write");
            out.write_all(b"\n").expect("write");
            n += 1;
        }
    }
    out.flush().expect("flush");
    (n, md)
}

fn reset_peak() {
    // Writing 5 to clear_refs resets VmHWM (Linux ≥ 4.0).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_mb() -> f64 {
    status_mb("VmHWM:")
}

fn rss_mb() -> f64 {
    status_mb("VmRSS:")
}

fn status_mb(key: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn reference(path: &Path) -> (usize, f64) {
    let start = Instant::now();
    let reader = std::io::BufReader::new(std::fs::File::open(path).expect("open"));
    let mut n = 0;
    let mut sink = 0usize;
    for line in reader.lines() {
        let line = line.expect("line");
        let v: serde_json::Value = serde_json::from_str(&line).expect("json");
        let r = qiao::render::markdown::render(v["body_markdown"].as_str().unwrap_or_default());
        sink = sink.wrapping_add(r.html.len() + r.text.len());
        n += 1;
    }
    std::hint::black_box(sink);
    (n, start.elapsed().as_secs_f64())
}

fn run(label: &str, url: DatabaseUrl, data_dir: &Path, path: &Path) -> (usize, f64, f64, f64) {
    let settings = Settings::for_tests(data_dir.to_path_buf(), url);
    let db = qiao::startup::open_database(&settings).expect("database");
    let org = {
        let mut conn = db.get().expect("conn");
        orgs::create(
            &mut conn,
            &NewOrganization {
                slug: OrgSlug::parse("bench").expect("slug"),
                name: OrgName::parse("Bench").expect("name"),
                description: Description::parse("").expect("d"),
                language: LanguageTag::parse("zh").expect("l"),
                timezone: TimeZone::parse("UTC").expect("tz"),
            },
            qiao::db::now(),
        )
        .expect("org")
    };
    reset_peak();
    let before = rss_mb();
    let start = Instant::now();
    let reader =
        std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(path).expect("open"));
    let report = import::import_articles(&db, org.id, reader, Options { publish: true }, |_, _| {})
        .expect("import");
    let secs = start.elapsed().as_secs_f64();
    assert!(report.failed.is_empty(), "{label}: {:?}", report.failed);
    (report.imported, secs, peak_mb(), before)
}

fn main() {
    let times: usize = std::env::var("BENCH_TIMES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("corpus.jsonl");
    let (lines, md) = write_file(&path, times);
    println!(
        "input: corpus ×{times} = {lines} articles, {:.1} MB of Markdown, file {:.1} MB",
        md as f64 / 1e6,
        std::fs::metadata(&path).map_or(0, |m| m.len()) as f64 / 1e6
    );
    let (n, secs) = reference(&path);
    println!(
        "reference: parse + render only, no database: {:>8.0} articles/s ({n} in {secs:.1} s)",
        n as f64 / secs
    );

    let sqlite_dir = tmp.path().join("sqlite");
    std::fs::create_dir_all(&sqlite_dir).expect("dir");
    let url = DatabaseUrl::Sqlite(sqlite_dir.join("qiao.db"));
    let (n, secs, peak, before) = run("sqlite", url, &sqlite_dir, &path);
    println!(
        "qiao import, SQLite:                     {:>8.0} articles/s ({n} in {secs:.1} s), peak RSS {peak:.0} MB ({:+.0} MB over the {before:.0} MB before)",
        n as f64 / secs,
        peak - before
    );

    let pg = std::env::var("BENCH_DATABASE_URL")
        .or_else(|_| std::env::var("TEST_DATABASE_URL"))
        .ok();
    match pg {
        None => println!("PostgreSQL: SKIPPED (set BENCH_DATABASE_URL=postgres://… with CREATEDB)"),
        Some(admin) => {
            let name = format!("qiao_bench_{}", std::process::id());
            let mut admin_url = url::Url::parse(&admin).expect("postgres url");
            let created = {
                use diesel::prelude::*;
                let mut c = PgConnection::establish(admin_url.as_str()).expect("connect");
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut c)
                    .expect("create database");
                c
            };
            admin_url.set_path(&name);
            let url = qiao::config::parse_database_url(admin_url.as_str()).expect("url");
            let pg_dir = tmp.path().join("pg");
            std::fs::create_dir_all(&pg_dir).expect("dir");
            let (n, secs, peak, before) = run("postgres", url, &pg_dir, &path);
            println!(
                "qiao import, PostgreSQL:                 {:>8.0} articles/s ({n} in {secs:.1} s), peak RSS {peak:.0} MB ({:+.0} MB over the {before:.0} MB before)",
                n as f64 / secs,
                peak - before
            );
            use diesel::prelude::*;
            let mut c = created;
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut c);
        }
    }
}
