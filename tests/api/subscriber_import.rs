//! `qiao import subscribers`: the real binary on real files (a BOM, broken lines, duplicates,
//! GBK from Excel, suppressed addresses), a report per line, and the rows it leaves.

use qiao::config::Settings;
use qiao::db::{self, Db, subscriber_tags, subscribers};
use qiao::domain::EmailAddress;

use crate::cli::{qiao, run};
use crate::helpers::TestDb;

fn database(test_db: &TestDb) -> Db {
    let settings = Settings::for_tests(test_db.data_dir(), test_db.url.clone());
    qiao::startup::open_database(&settings).expect("database")
}

fn with_org(test_db: &TestDb) -> Db {
    let mut cmd = qiao(test_db);
    cmd.args([
        "org",
        "create",
        "--slug",
        "acme",
        "--name",
        "Acme",
        "--language",
        "zh",
    ]);
    assert_eq!(run(cmd, "").0, 0);
    database(test_db)
}

fn import(test_db: &TestDb, bytes: &[u8], consent: bool) -> (i32, String) {
    let file = test_db.dir.path().join("people.csv");
    std::fs::write(&file, bytes).expect("write");
    let mut cmd = qiao(test_db);
    cmd.args(["import", "subscribers", "--org", "acme"])
        .arg(&file);
    if consent {
        cmd.arg("--consent");
    }
    let (code, _, err) = run(cmd, "");
    (code, err)
}

fn sub(db: &Db, email: &str) -> Option<subscribers::Subscriber> {
    let mut conn = db.get().expect("connection");
    let org = qiao::db::orgs::by_slug(&mut conn, "acme")
        .expect("q")
        .expect("org");
    subscribers::by_email(
        &mut conn,
        org.id,
        &EmailAddress::parse(email).expect("email"),
    )
    .expect("query")
}

fn tags_of(db: &Db, email: &str) -> Vec<String> {
    let id = sub(db, email).expect("subscriber").id;
    let mut conn = db.get().expect("connection");
    subscriber_tags::names_of(&mut conn, &[id])
        .expect("tags")
        .remove(&id)
        .unwrap_or_default()
}

#[test]
fn good_lines_import_and_every_other_line_is_reported_with_its_number() {
    let test_db = TestDb::new();
    let db = with_org(&test_db);
    {
        let mut conn = db.get().expect("connection");
        let org = qiao::db::orgs::by_slug(&mut conn, "acme")
            .expect("q")
            .expect("org");
        let reason = qiao::domain::SubscriberStatus::Unsubscribed;
        subscribers::suppress(&mut conn, org.id, "left@example.org", reason, db::now())
            .expect("suppress");
    }
    let many_tags: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
    let csv = format!(
        "\u{feff}Email,Name,Tags,Categories,Digest,Language,Hometown\n\
         wang@example.org,王小明,\"温州, 青田\",news,weekly,zh-Hant,Wenzhou\n\
         not-an-address,Nobody,,,,,\n\
         \n\
         lee@example.org,\"Lee, Ann\",,culture;promotion,,en,\n\
         WANG@example.org,Again,,,,,\n\
         left@example.org,Gone,,,,,\n\
         bad-cat@example.org,X,,sports,,,\n\
         bad-digest@example.org,X,,,hourly,,\n\
         many@example.org,X,\"{}\",,,,\n\
         \"evil@example.org\r\nBcc: x@example.org\",X,,,,,\n\
         last@example.org",
        many_tags.join(",")
    );
    let (code, err) = import(&test_db, csv.as_bytes(), true);
    assert_eq!(code, 1, "{err}");
    for expected in [
        "line 3 (not-an-address): failed:",
        "line 6 (wang@example.org): skipped: The same address as line 2",
        "line 7 (left@example.org): skipped:",
        "line 8 (bad-cat@example.org): failed:",
        "line 9 (bad-digest@example.org): failed:",
        "line 10 (many@example.org): failed: A subscriber has at most 20 tags",
        "ignored columns: Hometown",
        "(UTF-8): 10 lines, 3 imported as active, 0 updated, 2 skipped, 5 failed",
    ] {
        assert!(err.contains(expected), "{expected:?} missing in:\n{err}");
    }
    assert!(
        err.contains("line 11 ("),
        "the address with a line break: {err}"
    );
    let wang = sub(&db, "wang@example.org").expect("imported");
    assert_eq!(
        (
            wang.status.as_str(),
            wang.name.as_str(),
            wang.digest.as_str(),
            wang.locale.as_str()
        ),
        ("active", "王小明", "weekly", "zh-Hant")
    );
    assert_eq!(wang.categories, 2);
    assert!(wang.confirmed_at.is_some());
    assert_eq!(tags_of(&db, "wang@example.org"), ["温州", "青田"]);
    let lee = sub(&db, "lee@example.org").expect("imported");
    assert_eq!((lee.name.as_str(), lee.categories), ("Lee, Ann", 5));
    assert!(
        sub(&db, "last@example.org").is_some(),
        "a last line without a newline"
    );
    assert!(
        sub(&db, "left@example.org").is_none(),
        "suppressed addresses stay out"
    );
}

#[test]
fn gbk_from_excel_is_read_and_reimporting_updates_without_undoing_an_unsubscribe() {
    let test_db = TestDb::new();
    let db = with_org(&test_db);
    let (gbk, _, unmappable) = encoding_rs::GBK
        .encode("邮箱,姓名,标签\r\nzhang@example.org,张三,同乡会\r\nli@example.org,李四,\r\n");
    assert!(!unmappable);
    let (code, err) = import(&test_db, &gbk, true);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("(GBK (GB18030)): 2 lines, 2 imported"),
        "{err}"
    );
    assert_eq!(sub(&db, "zhang@example.org").expect("row").name, "张三");
    assert_eq!(tags_of(&db, "zhang@example.org"), ["同乡会"]);

    // Li unsubscribes; a second import of the same people updates Zhang and leaves Li out.
    let li = sub(&db, "li@example.org").expect("row");
    let mut conn = db.get().expect("connection");
    subscribers::unsubscribe(&mut conn, li.id, db::now()).expect("unsubscribe");
    let (code, err) = import(
        &test_db,
        "email,name,tags\nzhang@example.org,张三丰,青田\nli@example.org,李四,\n".as_bytes(),
        true,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("0 imported as active, 1 updated, 1 skipped"),
        "{err}"
    );
    assert_eq!(sub(&db, "zhang@example.org").expect("row").name, "张三丰");
    assert_eq!(tags_of(&db, "zhang@example.org"), ["同乡会", "青田"]);
    assert_eq!(
        sub(&db, "li@example.org").expect("row").status,
        "unsubscribed"
    );
}

#[test]
fn without_consent_each_new_address_is_pending_and_gets_a_confirmation() {
    let test_db = TestDb::new();
    let db = with_org(&test_db);
    let (code, err) = import(
        &test_db,
        b"email\nfirst@example.org\nsecond@example.org\n",
        false,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("2 imported as pending (2 confirmations queued)"),
        "{err}"
    );
    assert_eq!(
        sub(&db, "first@example.org").expect("row").status,
        "pending"
    );
    let mut conn = db.get().expect("connection");
    let queued = db::mail::to_recipient(&mut conn, "first@example.org").expect("mail");
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].kind, "follow_confirm");
}

#[test]
fn files_that_cannot_be_read_say_why_and_import_nothing() {
    let test_db = TestDb::new();
    let db = with_org(&test_db);
    for (bytes, expected) in [
        (&b"name,tags\nx,y\n"[..], "email"),
        (&b""[..], "empty"),
        (&[0xFF, 0xFE, b'e', 0, b'm', 0][..], "UTF-16"),
        (
            &[b'e', b'm', 0x81, 0x20, 0xFF, 0xFF, b'\n'][..],
            "neither UTF-8 nor GBK",
        ),
    ] {
        let (code, err) = import(&test_db, bytes, true);
        assert_ne!(code, 0, "{err}");
        assert!(err.contains(expected), "{expected:?} missing in {err}");
    }
    let mut conn = db.get().expect("connection");
    let org = qiao::db::orgs::by_slug(&mut conn, "acme")
        .expect("q")
        .expect("org");
    let n = subscribers::count(&mut conn, org.id, &subscribers::Filter::default()).expect("count");
    assert_eq!(n, 0);
}
