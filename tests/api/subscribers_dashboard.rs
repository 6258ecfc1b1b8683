//! The subscribers page: who may see it, filters, bulk actions (and ids from another
//! organization), adding one, CSV export and the upload import.

use qiao::db::{self, subscriber_tags, subscribers};
use qiao::domain::{EmailAddress, Role};
use reqwest::StatusCode;

use crate::helpers::{ORG, TestApp, csrf_in, spawn_app};

async fn app() -> TestApp {
    spawn_app()
        .with_member(Role::Editor)
        .with_member(Role::Author)
        .with_member_in("other", "other.owner@example.org", Role::Owner)
        .await
}

/// Adds `email` to `org` as active, with `tags`.
fn add(app: &TestApp, org: &str, email: &str, name: &str, tags: &str) -> i64 {
    let org = app.org(org);
    let mut conn = app.db.get().expect("connection");
    let settings = app.settings.clone();
    let writer = qiao::startup::letters_writer(&settings).expect("writer");
    let one = qiao::import::subscribers::NewOne {
        email: EmailAddress::parse(email).expect("email"),
        name: name.to_owned(),
        tags: qiao::domain::TagName::parse_list(tags).expect("tags"),
        categories: None,
        digest: None,
        locale: None,
    };
    qiao::import::subscribers::add_one(&mut conn, &org, &one, true, &writer)
        .expect("added")
        .id
}

fn status(app: &TestApp, org: &str, email: &str) -> Option<String> {
    let org = app.org(org);
    let mut conn = app.db.get().expect("connection");
    subscribers::by_email(&mut conn, org.id, &EmailAddress::parse(email).expect("e"))
        .expect("query")
        .map(|s| s.status)
}

async fn page(app: &TestApp, c: &reqwest::Client, query: &str) -> (StatusCode, String) {
    let res = app
        .get(c, &format!("/dashboard/{ORG}/subscribers{query}"))
        .await;
    let status = res.status();
    (status, res.text().await.expect("body"))
}

#[tokio::test]
async fn editors_see_and_filter_their_subscribers_and_no_one_else_does() {
    let app = app().await;
    add(&app, ORG, "wang@example.org", "王小明", "温州");
    add(&app, ORG, "lee@example.org", "Ann Lee", "青田");
    add(&app, "other", "secret@example.org", "", "");
    let editor = app.member(Role::Editor);
    let (code, html) = page(&app, &editor, "").await;
    assert_eq!(code, StatusCode::OK);
    assert!(html.contains("wang@example.org") && html.contains("lee@example.org"));
    assert!(
        !html.contains("secret@example.org"),
        "another organization's subscriber"
    );
    let (_, html) = page(&app, &editor, "?tag=%E6%B8%A9%E5%B7%9E").await;
    assert!(html.contains("wang@example.org") && !html.contains("lee@example.org"));
    let (_, html) = page(&app, &editor, "?q=ann").await;
    assert!(html.contains("lee@example.org") && !html.contains("wang@example.org"));
    let (_, html) = page(&app, &editor, "?status=pending").await;
    assert!(!html.contains("wang@example.org"));
    let (_, html) = page(&app, &editor, "?tag=nosuchtag").await;
    assert!(!html.contains("wang@example.org"));
    let (code, html) = page(&app, &editor, "?status=gone").await;
    assert_eq!(code, StatusCode::BAD_REQUEST);
    assert!(html.contains("gone"));
    // The filter's text cannot widen the search: % and _ are taken literally.
    let (_, html) = page(&app, &editor, "?q=%25").await;
    assert!(!html.contains("wang@example.org"));
    // The overview counts the followers.
    let home = app
        .get(&editor, &format!("/dashboard/{ORG}"))
        .await
        .text()
        .await
        .expect("body");
    assert!(home.contains("<strong>2</strong> followers"), "{home}");
    let author = app.member(Role::Author);
    assert_eq!(page(&app, &author, "").await.0, StatusCode::FORBIDDEN);
    let outsider = app.client_of("other.owner@example.org");
    assert_eq!(page(&app, &outsider, "").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bulk_actions_touch_only_this_organizations_subscribers() {
    let app = app().await;
    let wang = add(&app, ORG, "wang@example.org", "", "").to_string();
    let lee = add(&app, ORG, "lee@example.org", "", "").to_string();
    let theirs = add(&app, "other", "secret@example.org", "", "").to_string();
    let editor = app.member(Role::Editor);
    let bulk = |fields: Vec<(&'static str, String)>| {
        let (app, editor) = (&app, &editor);
        async move {
            let token = app
                .csrf(editor, &format!("/dashboard/{ORG}/subscribers"))
                .await;
            let mut form: Vec<(&str, String)> = fields;
            form.push(("csrf_token", token));
            editor
                .post(app.url(&format!("/dashboard/{ORG}/subscribers/bulk")))
                .form(&form)
                .send()
                .await
                .expect("bulk")
        }
    };
    let res = bulk(vec![
        ("id", wang.clone()),
        ("id", theirs.clone()),
        ("action", "tag".into()),
        ("tag", "义工".into()),
    ])
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let mut conn = app.db.get().expect("connection");
    let tagged = subscriber_tags::names_of(
        &mut conn,
        &[wang.parse().expect("id"), theirs.parse().expect("id")],
    )
    .expect("tags");
    assert_eq!(
        tagged.get(&wang.parse::<i64>().expect("id")).map(Vec::len),
        Some(1)
    );
    assert!(
        !tagged.contains_key(&theirs.parse::<i64>().expect("id")),
        "the other organization's"
    );
    let org_tags = subscriber_tags::list(&mut conn, app.org("other").id).expect("tags");
    assert!(org_tags.is_empty());

    bulk(vec![
        ("id", lee.clone()),
        ("id", theirs.clone()),
        ("action", "unsubscribe".into()),
    ])
    .await;
    assert_eq!(
        status(&app, ORG, "lee@example.org").as_deref(),
        Some("unsubscribed")
    );
    assert_eq!(
        status(&app, "other", "secret@example.org").as_deref(),
        Some("active")
    );
    bulk(vec![
        ("id", lee.clone()),
        ("id", theirs.clone()),
        ("action", "delete".into()),
    ])
    .await;
    assert_eq!(status(&app, ORG, "lee@example.org"), None);
    assert!(status(&app, "other", "secret@example.org").is_some());
    // Deleted, the address stays suppressed.
    let reason = subscribers::suppression(&mut conn, app.org(ORG).id, "lee@example.org");
    assert_eq!(reason.expect("query").as_deref(), Some("unsubscribed"));
    let res = bulk(vec![("id", "x".into()), ("action", "delete".into())]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = bulk(vec![("id", wang.clone()), ("action", "explode".into())]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // Without its CSRF token, nothing happens.
    let res = editor
        .post(app.url(&format!("/dashboard/{ORG}/subscribers/bulk")))
        .form(&[("id", wang.as_str()), ("action", "delete")])
        .send()
        .await
        .expect("bulk");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(status(&app, ORG, "wang@example.org").is_some());
}

#[tokio::test]
async fn adding_by_hand_confirms_unless_the_editor_vouches_and_refuses_known_addresses() {
    let app = app().await;
    let editor = app.member(Role::Editor);
    let path = format!("/dashboard/{ORG}/subscribers");
    let res = app
        .post_form(
            &editor,
            &path,
            &[("email", "new@example.org"), ("tags", "温州")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        status(&app, ORG, "new@example.org").as_deref(),
        Some("pending")
    );
    let mut conn = app.db.get().expect("connection");
    let mail = db::mail::to_recipient(&mut conn, "new@example.org").expect("mail");
    assert_eq!(mail.len(), 1);
    let res = app
        .post_form(
            &editor,
            &path,
            &[("email", "ok@example.org"), ("consent", "yes")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        status(&app, ORG, "ok@example.org").as_deref(),
        Some("active")
    );
    for (email, expected) in [
        ("new@example.org", "already a subscriber"),
        ("not an address", "not a valid email address"),
    ] {
        let res = app.post_form(&editor, &path, &[("email", email)]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.expect("body");
        assert!(
            html.contains("field-error") && html.contains(expected),
            "{html}"
        );
    }
    let id = subscribers::by_email(
        &mut conn,
        app.org(ORG).id,
        &EmailAddress::parse("ok@example.org").expect("email"),
    )
    .expect("value")
    .expect("value")
    .id;
    subscribers::unsubscribe(&mut conn, id, db::now()).expect("unsubscribe");
    subscribers::delete(&mut conn, app.org(ORG).id, &[id]).expect("delete");
    let res = app
        .post_form(
            &editor,
            &path,
            &[("email", "ok@example.org"), ("consent", "yes")],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "an unsubscribed address"
    );
    assert_eq!(status(&app, ORG, "ok@example.org"), None);
}

#[tokio::test]
async fn the_export_is_csv_excel_reads_and_cannot_run_formulas() {
    let app = app().await;
    add(
        &app,
        ORG,
        "wang@example.org",
        "=HYPERLINK(\"http://evil\")",
        "温州",
    );
    add(&app, ORG, "lee@example.org", "Lee, Ann", "");
    let editor = app.member(Role::Editor);
    let res = app
        .get(&editor, &format!("/dashboard/{ORG}/subscribers/export.csv"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .expect("value")
            .starts_with("text/csv")
    );
    let body = res.text().await.expect("body");
    assert!(body.starts_with('\u{feff}'), "a BOM for Excel");
    let mut reader = csv::Reader::from_reader(body.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(rows.len(), 2);
    let wang = rows
        .iter()
        .find(|r| &r[0] == "wang@example.org")
        .expect("wang");
    assert!(wang[1].starts_with("'="), "{:?}", &wang[1]);
    assert_eq!(&wang[3], "温州");
    let lee = rows
        .iter()
        .find(|r| &r[0] == "lee@example.org")
        .expect("lee");
    assert_eq!(&lee[1], "Lee, Ann");
    let res = app
        .get(
            &editor,
            &format!("/dashboard/{ORG}/subscribers/export.csv?tag=%E6%B8%A9%E5%B7%9E"),
        )
        .await;
    let body = res.text().await.expect("body");
    assert!(body.contains("wang@example.org") && !body.contains("lee@example.org"));
    let author = app.member(Role::Author);
    let res = app
        .get(&author, &format!("/dashboard/{ORG}/subscribers/export.csv"))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_uploaded_gbk_file_is_imported_and_reported_line_by_line() {
    let app = app().await;
    let editor = app.member(Role::Editor);
    let path = format!("/dashboard/{ORG}/subscribers/import");
    let html = app.get(&editor, &path).await.text().await.expect("body");
    let token = csrf_in(&html);
    let (gbk, _, _) = encoding_rs::GBK.encode("邮箱,姓名\nzhang@example.org,张三\nbroken,李四\n");
    let form = |token: Option<&str>| {
        let file = reqwest::multipart::Part::bytes(gbk.to_vec()).file_name("people.csv");
        let mut form = reqwest::multipart::Form::new();
        if let Some(t) = token {
            form = form.text("csrf_token", t.to_owned());
        }
        form.text("consent", "yes").part("file", file)
    };
    let res = editor
        .post(app.url(&path))
        .multipart(form(None))
        .send()
        .await
        .expect("upload");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(status(&app, ORG, "zhang@example.org"), None);
    let res = editor
        .post(app.url(&path))
        .multipart(form(Some(&token)))
        .send()
        .await
        .expect("upload");
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.expect("body");
    assert!(html.contains("GBK"), "{html}");
    assert!(html.contains("<td>3</td><td>broken</td>"), "{html}");
    assert_eq!(
        status(&app, ORG, "zhang@example.org").as_deref(),
        Some("active")
    );
    let leftovers = std::fs::read_dir(app.settings.data_dir.join("tmp"))
        .expect("tmp")
        .count();
    assert_eq!(leftovers, 0, "the upload is removed");
}

#[tokio::test]
async fn another_organization_or_a_lower_role_changes_nothing_here() {
    let app = app().await;
    add(&app, "other", "secret@example.org", "", "义工");
    let theirs = {
        let mut conn = app.db.get().expect("connection");
        subscriber_tags::list(&mut conn, app.org("other").id).expect("tags")[0].id
    };
    // Our editor cannot delete the other organization's tag through our address.
    let editor = app.member(Role::Editor);
    let res = app
        .post_form(
            &editor,
            &format!("/dashboard/{ORG}/subscribers/tags/{theirs}/delete"),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let mut conn = app.db.get().expect("connection");
    assert_eq!(
        subscriber_tags::list(&mut conn, app.org("other").id)
            .expect("tags")
            .len(),
        1
    );
    // An author may neither add, nor import, nor act in bulk.
    let author = app.member(Role::Author);
    let res = app
        .post_form(
            &author,
            &format!("/dashboard/{ORG}/subscribers"),
            &[("email", "sneaky@example.org"), ("consent", "yes")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .get(&author, &format!("/dashboard/{ORG}/subscribers/import"))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .post_form(
            &author,
            &format!("/dashboard/{ORG}/subscribers/bulk"),
            &[("id", "1"), ("action", "delete")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(status(&app, ORG, "sneaky@example.org"), None);
    assert!(status(&app, "other", "secret@example.org").is_some());
}
