//! The binary itself: configuration errors, the CLI commands, first start and shutdown.

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::{TestDb, client, spawn_app};

pub fn qiao(db: &TestDb) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qiao"));
    cmd.current_dir(db.dir.path())
        .env_remove("QIAO_CONFIG")
        .env("QIAO_DATA_DIR", db.data_dir())
        .env("QIAO_DATABASE_URL", db.url_string())
        .env("QIAO_LOG", "warn");
    cmd
}

pub fn run(mut cmd: Command, stdin: &str) -> (i32, String, String) {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn qiao");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_bad_configuration_value_stops_the_start_and_names_the_key() {
    let db = TestDb::new();
    let cases = [
        ("QIAO_BIND", "localhost:eighty"),
        ("QIAO_DATABASE_URL", "mysql://db/qiao"),
        ("QIAO_WORKERS", "0"),
        ("QIAO_PUBLIC_URL", "not a url"),
    ];
    for (key, value) in cases {
        let mut cmd = qiao(&db);
        cmd.arg("serve").env(key, value);
        let (code, _, err) = run(cmd, "");
        assert_eq!(code, 2, "{key}: {err}");
        assert!(err.contains(key) && err.contains(value), "{key}: {err}");
    }
    // A PostgreSQL server that is not there: the real connection error, not an SQLite file.
    let mut cmd = qiao(&db);
    cmd.arg("migrate")
        .env("QIAO_DATABASE_URL", "postgres://nobody@127.0.0.1:1/none");
    let (code, _, err) = run(cmd, "");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("cannot connect to PostgreSQL"), "{err}");
    assert!(!db.dir.path().join("postgres:").exists());
    let config = db.dir.path().join("qiao.toml");
    std::fs::write(&config, "shutdown_timeout = \"soon\"\n").expect("write");
    let mut cmd = qiao(&db);
    cmd.args(["--config", config.to_str().expect("utf8"), "serve"]);
    let (code, _, err) = run(cmd, "");
    assert_eq!(code, 2);
    assert!(err.contains("shutdown_timeout = \"soon\""), "{err}");
}

/// Runs `qiao ARGS` against the test database with `stdin`; returns exit code and stderr.
fn cli(db: &TestDb, args: &[&str], stdin: &str) -> (i32, String) {
    let mut cmd = qiao(db);
    cmd.args(args);
    let (code, _, err) = run(cmd, stdin);
    (code, err)
}

#[tokio::test]
async fn org_and_user_create_work_from_the_command_line_with_the_password_on_stdin() {
    let db = TestDb::new();
    let pw = "a long enough passphrase\n";
    let milan = [
        "org",
        "create",
        "--slug",
        "milan",
        "--name",
        "Associazione Milano",
        "--timezone",
        "Europe/Rome",
        "--language",
        "it",
    ];
    let (code, err) = cli(&db, &milan, "");
    assert_eq!(code, 0, "{err}");
    let user = |org: &'static str, role: &'static str| {
        [
            "user",
            "create",
            "--email",
            "rossi@example.org",
            "--org",
            org,
            "--role",
            role,
        ]
    };
    // Each refusal: arguments, stdin, and what the message must say.
    let refusals: [(Vec<&str>, &str, &str); 5] = [
        (
            vec!["org", "create", "--slug", "milan", "--name", "Again"],
            "",
            "already taken",
        ),
        (
            vec!["org", "create", "--slug", "Bad Slug", "--name", "X"],
            "",
            "--slug \"Bad Slug\"",
        ),
        (
            user("milan", "owner").to_vec(),
            "short\n",
            "at least 10 characters",
        ),
        (user("nowhere", "owner").to_vec(), pw, "--org \"nowhere\""),
        (user("milan", "king").to_vec(), pw, "--role \"king\""),
    ];
    for (args, stdin, message) in refusals {
        let (code, err) = cli(&db, &args, stdin);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
    let mut create = user("milan", "owner").to_vec();
    create.extend(["--name", "Mario Rossi"]);
    let (code, err) = cli(&db, &create, pw);
    assert_eq!(code, 0, "{err}");
    let (code, err) = cli(&db, &create, pw);
    assert_eq!(code, 2, "the same address twice: {err}");
    assert!(err.contains("already exists"), "{err}");

    let app = spawn_app().on(db).await;
    assert!(app.setup_url.is_none());
    let c = client();
    let res = app
        .login_as(&c, "rossi@example.org", "a long enough passphrase")
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let html = app
        .get(&c, "/dashboard/milan")
        .await
        .text()
        .await
        .expect("body");
    assert!(
        html.contains("Associazione Milano") && html.contains("Europe/Rome"),
        "{html}"
    );
}

#[test]
fn serve_with_no_configuration_creates_its_data_dir_prints_the_setup_link_and_stops_on_sigterm() {
    serve_then_stop_with("-TERM");
}

#[test]
fn serve_stops_gracefully_on_sigint() {
    serve_then_stop_with("-INT");
}

fn serve_then_stop_with(signal: &str) {
    let dir = tempfile::tempdir().expect("dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_qiao"))
        .arg("serve")
        .current_dir(dir.path())
        .env_remove("QIAO_CONFIG")
        .env_remove("QIAO_DATA_DIR")
        .env_remove("QIAO_DATABASE_URL")
        // The only setting: a free port instead of 8080, which other processes may hold.
        .env("QIAO_BIND", "127.0.0.1:0")
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let deadline = Instant::now() + Duration::from_secs(30);
    let (mut base, mut setup) = (None, None);
    while setup.is_none() && Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        if let Some(rest) = line.strip_prefix("qiao is serving ") {
            base = Some(rest.trim().to_owned());
        }
        if line.trim_start().starts_with("http") && line.contains("/setup/") {
            setup = Some(line.trim().to_owned());
        }
    }
    let base = base.expect("serving line");
    assert!(setup.expect("setup link").starts_with(&base));
    assert!(dir.path().join("data/qiao.db").exists());
    assert!(dir.path().join("data/secrets/session.key").exists());
    let addr = base.trim_start_matches("http://");
    let get = |path: &str| {
        let mut stream = std::net::TcpStream::connect(addr).expect("connect");
        stream
            .write_all(format!("GET {path} HTTP/1.0\r\n\r\n").as_bytes())
            .expect("write");
        let mut response = String::new();
        std::io::Read::read_to_string(&mut stream, &mut response).expect("read");
        response
    };
    let response = get("/healthz");
    assert!(
        response.starts_with("HTTP/1.0 200") || response.starts_with("HTTP/1.1 200"),
        "{response}"
    );
    let request_id = response
        .lines()
        .find_map(|l| l.strip_prefix("x-request-id: "))
        .expect("an X-Request-Id header")
        .trim()
        .to_owned();
    // A link's token is in its path: the log names the route, never the token.
    get("/invite/SeCrEtInViTeToKeN123");
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "graceful exit: {status:?}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "did not stop on {signal}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    for line in &rest {
        assert!(!line.contains("panicked"), "{line}");
        assert!(
            !line.contains("SeCrEtInViTeToKeN123"),
            "a token in the log: {line}"
        );
    }
    // At the default level, one line per request, carrying the id the response showed.
    let health: Vec<&String> = rest
        .iter()
        .filter(|l| l.contains("route=/healthz"))
        .collect();
    assert_eq!(health.len(), 1, "{rest:#?}");
    assert!(
        health[0].contains(&format!("request{{id={request_id}}}"))
            && health[0].contains("status=200"),
        "{}",
        health[0]
    );
    assert!(
        rest.iter().any(|l| l.contains("route=/invite/{token}")),
        "{rest:#?}"
    );
}

#[tokio::test]
async fn token_create_prints_the_token_alone_on_stdout_and_it_opens_the_api() {
    let db = TestDb::new();
    let (code, err) = cli(
        &db,
        &["org", "create", "--slug", "milan", "--name", "Milano"],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let create = |name: &'static str, org: &'static str| {
        let mut cmd = qiao(&db);
        cmd.args(["token", "create", "--org", org, "--name", name]);
        run(cmd, "")
    };
    let (code, out, err) = create("importer", "milan");
    assert_eq!(code, 0, "{err}");
    let token = out.trim_end_matches('\n');
    assert!(!token.contains('\n'), "one line: {out:?}");
    assert!(token.starts_with("qiao_") && token.len() == 48, "{out:?}");
    assert!(err.contains("shown only this once"), "{err}");
    // Refusals name the flag and the value, exit 2, and print nothing on stdout.
    for (name, org, message) in [
        ("importer", "milan", "--name \"importer\""),
        ("importer", "nowhere", "--org \"nowhere\""),
        ("  ", "milan", "--name \"  \""),
    ] {
        let (code, out, err) = create(name, org);
        assert_eq!(code, 2, "{name} {org}: {err}");
        assert!(err.contains(message), "{err}");
        assert!(out.is_empty(), "{out}");
    }
    let app = spawn_app().on(db).await;
    let res = client()
        .get(app.url("/api/v1/articles"))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 200);
}
