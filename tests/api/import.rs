//! `qiao import articles`: the shared corpus imports whole and once; bad lines fail alone.

use qiao::db::articles::{self, ListFilter};
use qiao::domain::Status;

use crate::cli::{qiao, run};
use crate::helpers::{TestDb, corpus_dir, count, spawn_app};

#[tokio::test]
async fn the_corpus_imports_once_and_a_second_run_adds_nothing() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let test_db = TestDb::new();
    let mut cmd = qiao(&test_db);
    cmd.args(["org", "create", "--slug", "corpus", "--name", "Corpus"]);
    assert_eq!(run(cmd, "").0, 0);
    let mut lines = 0;
    for file in ["zh-weekly-even.jsonl", "en-blog-even.jsonl"] {
        let path = dir.join(file);
        let n = std::fs::read_to_string(&path)
            .expect("corpus")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .count();
        lines += n;
        let mut cmd = qiao(&test_db);
        cmd.args(["import", "articles", "--org", "corpus", "--publish"])
            .arg(&path);
        let (code, out, err) = run(cmd, "");
        assert_eq!(code, 0, "{err}");
        assert!(out.is_empty(), "progress and summary go to stderr: {out}");
        assert!(
            err.contains(&format!(
                "{n} imported, 0 skipped (already imported), 0 failed"
            )),
            "{err}"
        );
        let mut cmd = qiao(&test_db);
        cmd.args(["import", "articles", "--org", "corpus", "--publish"])
            .arg(&path);
        let (code, _, err) = run(cmd, "");
        assert_eq!(code, 0, "{err}");
        assert!(
            err.contains(&format!(
                "0 imported, {n} skipped (already imported), 0 failed"
            )),
            "{err}"
        );
    }
    let app = spawn_app().on(test_db).await;
    let org = app.org("corpus");
    assert_eq!(count(&app, "corpus", None), lines as i64);
    assert_eq!(count(&app, "corpus", Some(Status::Published)), lines as i64);
    let mut conn = app.db.get().expect("conn");
    let (items, _) = articles::list(
        &mut conn,
        org.id,
        &ListFilter {
            q: "科技爱好者周刊".into(),
            per_page: 5,
            ..Default::default()
        },
    )
    .expect("list");
    let a = articles::by_id(&mut conn, items.first().expect("a Chinese issue").id).expect("a");
    assert!(
        a.slug.starts_with("ke-ji-ai-hao-zhe-zhou-kan"),
        "{}",
        a.slug
    );
    assert!(!a.body_html.is_empty() && a.word_count > 100);
    assert_eq!(a.language, "zh");
    assert!(a.published_at.is_some());
}

#[tokio::test]
async fn bad_lines_fail_alone_with_their_reason() {
    let test_db = TestDb::new();
    let mut cmd = qiao(&test_db);
    cmd.args(["org", "create", "--slug", "acme", "--name", "Acme"]);
    assert_eq!(run(cmd, "").0, 0);
    let good = |id: &str| {
        format!(
            r#"{{"id":"{id}","title":"Title {id}","language":"en","category":"news","published_at":null,"source":"x","body_markdown":"Hello **{id}**"}}"#
        )
    };
    let long_title = "x".repeat(121);
    let mut data = Vec::new();
    for line in [
        good("one"),
        "{not json".to_owned(),
        String::new(),
        format!(
            r#"{{"id":"t","title":"{long_title}","language":"en","category":"news","body_markdown":""}}"#
        ),
        r#"{"id":"c","title":"T","language":"en","category":"sports","body_markdown":""}"#
            .to_owned(),
        good("two"),
        good("one"),
        r#"{"id":"z","title":"T","language":"en","category":"news","body_markdown":"a\u0000b"}"#
            .to_owned(),
    ] {
        data.extend_from_slice(line.as_bytes());
        data.push(b'\n');
    }
    data.extend_from_slice(b"\xff\xfe\xfd\n");
    data.extend_from_slice(good("three").as_bytes()); // no final newline
    let file = test_db.dir.path().join("articles.jsonl");
    std::fs::write(&file, &data).expect("write");
    let mut cmd = qiao(&test_db);
    cmd.args(["import", "articles", "--org", "acme"]).arg(&file);
    let (code, _, err) = run(cmd, "");
    assert_eq!(code, 1, "{err}");
    for expected in [
        "line 2: not a valid article",
        "line 4 (id t): title: A title has at most 120 characters",
        "line 5 (id c): category:",
        "line 8 (id z): a field contains a NUL character (U+0000), which is not allowed",
        "line 9: not valid UTF-8",
        "3 imported, 1 skipped (already imported), 5 failed",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
    // Drafts unless --publish.
    let app = spawn_app().on(test_db).await;
    assert_eq!(count(&app, "acme", Some(Status::Draft)), 3);

    // Wrong organization or file: exit 2, naming what was wrong.
    let test_db = TestDb::new();
    let mut cmd = qiao(&test_db);
    cmd.args(["import", "articles", "--org", "nope"]).arg(&file);
    let (code, _, err) = run(cmd, "");
    assert_eq!(code, 2);
    assert!(err.contains("--org \"nope\""), "{err}");
    let mut cmd = qiao(&test_db);
    cmd.args(["import", "articles", "--org", "nope", "/no/such/file.jsonl"]);
    let (code, _, err) = run(cmd, "");
    assert_eq!(code, 2);
    assert!(err.contains("/no/such/file.jsonl"), "{err}");
}
