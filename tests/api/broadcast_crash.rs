//! The real binary killed with SIGKILL in the middle of a broadcast and started again: every
//! recipient receives it, and nothing beyond the batch that was in flight twice, counted at
//! the SMTP server.

use std::collections::HashMap;
use std::io::BufRead as _;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use diesel::RunQueryDsl as _;
use serde_json::{Value, json};

use crate::helpers::TestDb;
use crate::helpers::smtp::SmtpServer;

/// `qiao serve` on a free port with this test's database and mail server, sending slowly
/// (`mail_rate`) over one connection, so that a kill lands mid-broadcast; (process, base URL).
fn serve(db: &TestDb, smtp_port: u16) -> (Child, String) {
    let mut child = qiao(db)
        .arg("serve")
        .env("QIAO_BIND", "127.0.0.1:0")
        .env(
            "QIAO_SMTP_URL",
            format!("smtp://127.0.0.1:{smtp_port}?tls=none"),
        )
        .env("QIAO_SMTP_CONNECTIONS", "1")
        .env("QIAO_MAIL_RATE", "100")
        .env("QIAO_DELIVERY_LEASE", "10")
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut sent = false;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if let Some(base) = line.strip_prefix("qiao is serving ")
                && !sent
            {
                let _ = tx.send(base.trim().to_owned());
                sent = true;
            }
        }
    });
    let base = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("serving line");
    (child, base)
}

fn qiao(db: &TestDb) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qiao"));
    cmd.current_dir(db.dir.path())
        .env_remove("QIAO_CONFIG")
        .env("QIAO_DATA_DIR", db.data_dir())
        .env("QIAO_DATABASE_URL", db.url_string())
        .env("QIAO_MAIL_FROM", "Crash <noreply@crash.test>");
    cmd
}

async fn call(base: &str, token: &str, path: &str, body: Option<Value>) -> Value {
    let c = reqwest::Client::new();
    let req = match body {
        Some(b) => c.post(format!("{base}{path}")).json(&b),
        None => c.get(format!("{base}{path}")),
    };
    let res = req.bearer_auth(token).send().await.expect("request");
    assert!(res.status().is_success(), "{path}: {}", res.status());
    res.json().await.unwrap_or(Value::Null)
}

/// An organization with `n` active subscribers; its token.
fn organization(db: &TestDb, n: usize) -> String {
    let run = |args: &[&str]| {
        let out = qiao(db).args(args).output().expect("qiao");
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    run(&["org", "create", "--slug", "crash", "--name", "Crash"]);
    let token = run(&["token", "create", "--org", "crash", "--name", "crash"]);
    let pool = qiao::db::Db::connect(&db.url, 2).expect("pool");
    let mut conn = pool.get().expect("connection");
    for i in 0..n {
        diesel::sql_query(format!(
            "INSERT INTO subscribers (org_id, email, status, created_at, updated_at, \
             confirmed_at) VALUES (1, 'r{i}@example.org', 'active', '2026-01-01 00:00:00', \
             '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        ))
        .execute(&mut *conn)
        .expect("subscriber");
    }
    token.trim().to_owned()
}

fn per_recipient(server: &SmtpServer) -> HashMap<String, usize> {
    let mut n = HashMap::new();
    for m in server.received() {
        *n.entry(m.to[0].clone()).or_default() += 1;
    }
    n
}

#[tokio::test]
async fn a_broadcast_survives_sigkill_and_a_restart_with_at_most_the_batch_in_flight_twice() {
    let db = TestDb::new();
    let smtp = SmtpServer::start().await;
    let token = organization(&db, 300);
    let (mut first, base) = serve(&db, smtp.port);
    let article = json!({"title": "Crash test", "summary": "s", "body_markdown": "b",
        "category": "news", "language": "en"});
    let a = call(&base, &token, "/api/v1/articles", Some(article)).await["id"].clone();
    call(
        &base,
        &token,
        &format!("/api/v1/articles/{a}/publish"),
        Some(json!({})),
    )
    .await;
    let b = call(
        &base,
        &token,
        "/api/v1/broadcasts",
        Some(json!({"title": "Crash",
        "article_ids": [a], "channels": ["email"]})),
    )
    .await;
    let id = b["id"].as_i64().expect("id");
    call(
        &base,
        &token,
        &format!("/api/v1/broadcasts/{id}/send"),
        Some(json!({})),
    )
    .await;
    let started = Instant::now();
    while smtp.received().len() < 120 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "sending did not start"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    first.kill().expect("SIGKILL");
    first.wait().expect("reaped");
    let before = smtp.received().len();
    assert!(before < 300, "killed mid-broadcast ({before} sent)");

    let (mut second, base) = serve(&db, smtp.port);
    let started = Instant::now();
    loop {
        let b = call(&base, &token, &format!("/api/v1/broadcasts/{id}"), None).await;
        if b["status"] == "sent" {
            assert_eq!(b["counts"]["sent"], 300, "{b}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "not finished: {b}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    second.kill().expect("stop");
    second.wait().expect("reaped");
    let got = per_recipient(&smtp);
    assert_eq!(got.len(), 300, "every recipient");
    let twice = got.values().filter(|n| **n > 1).count();
    // One SMTP connection claims batches of 100: only the batch in flight can repeat.
    assert!(twice <= 100, "{twice} recipients got it twice");
    assert!(got.values().all(|n| *n <= 2));
}
