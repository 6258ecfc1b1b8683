//! Articles in the dashboard: editor, list, workflow by role, scheduling, revisions, preview
//! links and autosave.

use chrono::Duration;
use qiao::db::{self, articles};
use qiao::domain::Role;

use crate::helpers::{article, client, count, location, new_article, spawn_app, texts};

const BASIC: &[(&str, &str)] = &[
    ("title", "Hello World"),
    ("body_markdown", "# Heading\n\nSome **bold** text."),
    ("category", "news"),
    ("language", "en"),
];

#[tokio::test]
async fn an_editor_writes_saves_and_finds_articles() {
    let app = spawn_app()
        .with_member_in("acme", "ed@example.org", Role::Editor)
        .await;
    let c = app.client_of("ed@example.org");
    let id = new_article(
        &app,
        &c,
        "acme",
        &[
            ("title", "Spring Festival Gala"),
            ("body_markdown", "欢迎大家来参加**春节联欢晚会**。"),
            ("category", "culture"),
            ("language", "zh"),
            ("tags", "活动, Community"),
            ("source_url", "https://example.org/original"),
        ],
    )
    .await;
    let a = article(&app, id);
    assert_eq!(a.slug, "spring-festival-gala");
    assert_eq!(a.status, "draft");
    assert!(
        a.body_html.contains("<strong>春节联欢晚会</strong>"),
        "{}",
        a.body_html
    );
    assert_eq!(a.word_count, 13, "Chinese counted by characters");
    assert_eq!(a.excerpt, "欢迎大家来参加春节联欢晚会。");
    let html = app
        .get(&c, &format!("/dashboard/acme/articles/{id}"))
        .await
        .text()
        .await
        .expect("body");
    assert!(html.contains("Spring Festival Gala"));
    assert!(
        html.contains("<strong>春节联欢晚会</strong>"),
        "preview pane rendered"
    );
    assert!(html.contains("/static/editor.js"));
    assert!(
        texts(&html, ".flash-success")
            .join(" ")
            .contains("Draft saved")
    );

    new_article(&app, &c, "acme", BASIC).await;
    let list = |q: &'static str| {
        let c = c.clone();
        let url = format!("/dashboard/acme/articles{q}");
        let app = &app;
        async move {
            let html = app.get(&c, &url).await.text().await.expect("body");
            texts(&html, "table.articles tbody td:first-child a")
        }
    };
    assert_eq!(list("").await.len(), 2);
    assert_eq!(list("?q=FESTIVAL").await, ["Spring Festival Gala"]);
    assert_eq!(list("?q=%25").await.len(), 0, "LIKE wildcards are literal");
    assert_eq!(list("?category=news").await, ["Hello World"]);
    assert_eq!(list("?tag=活动").await, ["Spring Festival Gala"]);
    assert_eq!(list("?status=published").await.len(), 0);
    let ed = app.user("ed@example.org");
    assert_eq!(list(&*format!("?author={}", ed.id).leak()).await.len(), 2);
    assert_eq!(list("?sort=published&page=1").await.len(), 2);
    for bad in [
        "?status=gone",
        "?category=sports",
        "?page=0",
        "?page=x",
        "?sort=up",
    ] {
        let res = app.get(&c, &format!("/dashboard/acme/articles{bad}")).await;
        assert_eq!(res.status().as_u16(), 400, "{bad}");
    }
}

#[tokio::test]
async fn bad_fields_are_reported_at_the_field_and_nothing_is_saved() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let long_title = "长".repeat(121);
    let res = app
        .post_form(
            &c,
            "/dashboard/acme/articles",
            &[
                ("title", &long_title),
                ("slug", "Not a slug!"),
                ("body_markdown", "text"),
                ("category", "sports"),
                ("language", "english"),
                ("source_url", "javascript:alert(1)"),
                ("cover_media_id", "99"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    let errors = texts(&html, ".field-error").join("\n");
    for expected in [
        "at most 120 characters",
        "lower-case letters",
        "not a category",
        "not a language tag",
        "not a web address",
    ] {
        assert!(errors.contains(expected), "{expected}: {errors}");
    }
    assert!(html.contains(&long_title), "what was typed comes back");
    assert_eq!(count(&app, "acme", None), 0);

    // A cover from another organization's library is refused at the field.
    let res = app
        .post_form(
            &c,
            "/dashboard/acme/articles",
            &[
                ("title", "Cover"),
                ("category", "news"),
                ("language", "en"),
                ("cover_media_id", "12345"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    assert!(html.contains("not in this organization"), "{html}");
    assert_eq!(count(&app, "acme", None), 0);

    // Over 4 MB of form is refused before parsing.
    let huge = "x".repeat(5 * 1024 * 1024);
    let res = app
        .post_form(
            &c,
            "/dashboard/acme/articles",
            &[("title", "Big"), ("body_markdown", &huge)],
        )
        .await;
    assert_eq!(res.status().as_u16(), 413);
    assert_eq!(count(&app, "acme", None), 0);
}

#[tokio::test]
async fn slugs_are_unique_per_organization_and_old_ones_redirect() {
    let app = spawn_app()
        .with_org("acme")
        .with_org("globex")
        .with_member(Role::Editor)
        .await;
    let c = app.member(Role::Editor);
    let first = new_article(&app, &c, "acme", BASIC).await;
    let second = new_article(&app, &c, "acme", BASIC).await;
    assert_eq!(article(&app, second).slug, "hello-world-2");
    let mut taken = BASIC.to_vec();
    taken.push(("slug", "hello-world"));
    let res = app.post_form(&c, "/dashboard/acme/articles", &taken).await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("already the address of “Hello World”")
    );
    // Another organization may use the same slug.
    let g = app
        .member_client("g@example.org", "globex", Role::Editor)
        .await;
    let other = new_article(&app, &g, "globex", BASIC).await;
    assert_eq!(article(&app, other).slug, "hello-world");

    // Chinese titles read as pinyin; the same title again gets a number.
    let chinese = [
        ("title", "春节快乐"),
        ("category", "culture"),
        ("language", "zh"),
    ];
    let zh = new_article(&app, &c, "acme", &chinese).await;
    assert_eq!(article(&app, zh).slug, "chun-jie-kuai-le");
    let again = new_article(&app, &c, "acme", &chinese).await;
    assert_eq!(article(&app, again).slug, "chun-jie-kuai-le-2");

    // Renaming keeps a redirect from the old slug.
    let a = article(&app, first);
    let mut renamed = BASIC.to_vec();
    renamed.push(("slug", "hello-again"));
    let version = a.version();
    renamed.push(("version", &version));
    let res = app
        .post_form(&c, &format!("/dashboard/acme/articles/{first}"), &renamed)
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let org = app.org("acme");
    let mut conn = app.db.get().expect("conn");
    match articles::by_slug(&mut conn, org.id, "hello-world").expect("lookup") {
        articles::SlugLookup::Moved(to) => assert_eq!(to, "hello-again"),
        other => panic!("expected a redirect, got {other:?}"),
    }
    assert!(matches!(
        articles::by_slug(&mut conn, org.id, "hello-again").expect("lookup"),
        articles::SlugLookup::Found(_)
    ));
    assert!(matches!(
        articles::by_slug(&mut conn, org.id, "nothing").expect("lookup"),
        articles::SlugLookup::Missing
    ));
}

#[tokio::test]
async fn stored_html_never_carries_script() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let body = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n\
        [a](javascript:alert(1)) [b](JaVaScRiPt&#58;alert(1)) [c](java\tscript:alert(1))\n\n\
        <svg onload=alert(1)></svg><iframe src=\"https://evil.example\"></iframe>\n\n\
        <a href=\"vbscript:msgbox(1)\">v</a> <a href=\"data:text/html,<script>alert(1)</script>\">d</a>\n\n\
        <base href=\"https://evil.example/\"><p style=\"background:url(javascript:alert(1))\">s</p>\n\n\
        <math><mi xlink:href=\"javascript:alert(1)\">m</mi></math>";
    let id = new_article(
        &app,
        &c,
        "acme",
        &[
            ("title", "XSS"),
            ("body_markdown", body),
            ("category", "news"),
            ("language", "en"),
        ],
    )
    .await;
    let html = article(&app, id).body_html.to_lowercase();
    for bad in [
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "vbscript:",
        "data:text",
        "<iframe",
        "<base",
        "style=",
        "<svg",
        "<math",
    ] {
        assert!(!html.contains(bad), "{bad} survived: {html}");
    }
}

#[tokio::test]
async fn each_role_takes_only_its_workflow_steps() {
    let app = spawn_app()
        .with_member(Role::Contributor)
        .with_member(Role::Author)
        .with_member(Role::Editor)
        .await;
    let contributor = app.member(Role::Contributor);
    let author = app.member(Role::Author);
    let editor = app.member(Role::Editor);
    let step = |c: &reqwest::Client, id: i64, action: &'static str| {
        let c = c.clone();
        let app = &app;
        async move {
            app.post_form(
                &c,
                &format!("/dashboard/acme/articles/{id}/workflow"),
                &[("action", action)],
            )
            .await
            .status()
            .as_u16()
        }
    };
    // Contributor: draft → review, cannot publish, cannot edit while in review.
    let id = new_article(&app, &contributor, "acme", BASIC).await;
    assert_eq!(step(&contributor, id, "publish").await, 403);
    assert_eq!(step(&contributor, id, "submit").await, 303);
    assert_eq!(article(&app, id).status, "in_review");
    let version = article(&app, id).version();
    let mut edit = BASIC.to_vec();
    edit.push(("version", &version));
    let res = app
        .post_form(
            &contributor,
            &format!("/dashboard/acme/articles/{id}"),
            &edit,
        )
        .await;
    assert_eq!(res.status().as_u16(), 403);
    // The review queue is for editors.
    let res = app.get(&contributor, "/dashboard/acme/review").await;
    assert_eq!(res.status().as_u16(), 403);
    let html = app
        .get(&editor, "/dashboard/acme/review")
        .await
        .text()
        .await
        .expect("body");
    assert_eq!(
        texts(&html, "table.articles tbody td:first-child a"),
        ["Hello World"]
    );
    // Editor sends it back, the contributor resubmits, the editor publishes.
    assert_eq!(step(&editor, id, "reject").await, 303);
    assert_eq!(article(&app, id).status, "draft");
    assert_eq!(step(&contributor, id, "submit").await, 303);
    assert_eq!(step(&editor, id, "publish").await, 303);
    let a = article(&app, id);
    assert_eq!(a.status, "published");
    assert!(a.published_at.is_some());
    // Steps that the status does not allow are conflicts.
    assert_eq!(step(&editor, id, "submit").await, 409);
    assert_eq!(step(&editor, id, "bogus").await, 400);

    // Author: publishes and archives their own, not someone else's.
    let own = new_article(&app, &author, "acme", BASIC).await;
    assert_eq!(step(&author, id, "unpublish").await, 403);
    assert_eq!(step(&author, own, "publish").await, 303);
    assert_eq!(step(&author, own, "archive").await, 303);
    assert_eq!(article(&app, own).status, "archived");
    assert_eq!(step(&author, own, "restore").await, 303);
    assert_eq!(article(&app, own).status, "draft");
    // Editor unpublishes anyone's.
    assert_eq!(step(&editor, id, "unpublish").await, 303);
    assert_eq!(article(&app, id).status, "draft");

    // A member of another organization sees nothing.
    app.create_org("globex");
    let outsider = app
        .member_client("o@example.org", "globex", Role::Owner)
        .await;
    let res = app
        .get(&outsider, &format!("/dashboard/acme/articles/{id}"))
        .await;
    assert_eq!(res.status().as_u16(), 404);
    let res = app
        .get(&outsider, &format!("/dashboard/globex/articles/{id}"))
        .await;
    assert_eq!(res.status().as_u16(), 404, "ids of other organizations");
}

#[tokio::test]
async fn scheduled_articles_are_published_by_the_scheduler_when_due() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let id = new_article(&app, &c, "acme", BASIC).await;
    let url = format!("/dashboard/acme/articles/{id}/workflow");
    // A past time is refused (the test organization is in America/Toronto).
    let res = app
        .post_form(
            &c,
            &url,
            &[("action", "schedule"), ("publish_at", "2020-01-01T10:00")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    assert!(html.contains("in the past"), "{html}");
    assert_eq!(article(&app, id).status, "draft");
    let res = app
        .post_form(&c, &url, &[("action", "schedule"), ("publish_at", "soon")])
        .await;
    assert_eq!(res.status().as_u16(), 422);

    let tz: chrono_tz::Tz = app.org("acme").timezone.0;
    let due = db::now() + Duration::days(2);
    let local = chrono::TimeZone::from_utc_datetime(&tz, &due)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let res = app
        .post_form(&c, &url, &[("action", "schedule"), ("publish_at", &local)])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let a = article(&app, id);
    assert_eq!(a.status, "scheduled");
    let at = a.publish_at.expect("publish_at");

    let mut conn = app.db.get().expect("conn");
    let report = qiao::scheduler::tick(&mut conn, at - Duration::seconds(1)).expect("tick");
    assert!(report.published.is_empty(), "not yet due");
    let report = qiao::scheduler::tick(&mut conn, at + Duration::seconds(1)).expect("tick");
    assert_eq!(report.published, [id]);
    let a = article(&app, id);
    assert_eq!(a.status, "published");
    assert_eq!(a.published_at, Some(at), "published at the scheduled time");
    let report = qiao::scheduler::tick(&mut conn, at + Duration::seconds(2)).expect("tick");
    assert!(report.published.is_empty(), "published once");
    let outbox: i64 = {
        use diesel::prelude::*;
        qiao::db::schema::search_outbox::table
            .filter(qiao::db::schema::search_outbox::article_id.eq(id))
            .count()
            .get_result(&mut conn)
            .expect("count")
    };
    assert_eq!(outbox, 1, "one search update in the same transaction");
}

#[tokio::test]
async fn revisions_are_listed_compared_and_restored() {
    let app = spawn_app()
        .with_member_in("acme", "e@example.org", Role::Editor)
        .await;
    let c = app.client_of("e@example.org");
    let id = new_article(&app, &c, "acme", BASIC).await;
    let save = |body: &'static str| {
        let c = c.clone();
        let app = &app;
        async move {
            let version = article(app, id).version();
            let mut fields = BASIC.to_vec();
            fields.retain(|(k, _)| *k != "body_markdown");
            fields.push(("body_markdown", body));
            fields.push(("version", &version));
            app.post_form(&c, &format!("/dashboard/acme/articles/{id}"), &fields)
                .await
                .status()
                .as_u16()
        }
    };
    assert_eq!(save("Second version.").await, 303);
    assert_eq!(save("Second version.").await, 303, "no change, no revision");
    assert_eq!(save("Third version.").await, 303);
    let revs = {
        let mut conn = app.db.get().expect("conn");
        let r = crate::helpers::article_ref(&mut conn, id);
        articles::revisions(&mut conn, r).expect("revisions")
    };
    assert_eq!(revs.len(), 3);
    assert_eq!(revs[0].author_name.as_deref(), Some("e"));
    let first = revs[2].id;
    let html = app
        .get(
            &c,
            &format!(
                "/dashboard/acme/articles/{id}/revisions?a={first}&b={}",
                revs[0].id
            ),
        )
        .await
        .text()
        .await
        .expect("body");
    assert!(
        texts(&html, ".diff-add")
            .join("")
            .contains("Third version.")
    );
    assert!(
        texts(&html, ".diff-del")
            .join("")
            .contains("Some **bold** text.")
    );
    let res = app
        .post_form(
            &c,
            &format!("/dashboard/acme/articles/{id}/revisions/{first}/restore"),
            &[],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let a = article(&app, id);
    assert_eq!(a.body_markdown, "# Heading\n\nSome **bold** text.");
    let mut conn = app.db.get().expect("conn");
    let r = crate::helpers::article_ref(&mut conn, id);
    assert_eq!(articles::revisions(&mut conn, r).expect("r").len(), 4);
    // A revision of another article is not found.
    let other = new_article(&app, &c, "acme", BASIC).await;
    let res = app
        .post_form(
            &c,
            &format!("/dashboard/acme/articles/{other}/revisions/{first}/restore"),
            &[],
        )
        .await;
    assert_eq!(res.status().as_u16(), 404);
}

#[tokio::test]
async fn a_stale_save_is_refused_and_nothing_is_lost() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let id = new_article(&app, &c, "acme", BASIC).await;
    let stale = article(&app, id).version();
    let mut fields = BASIC.to_vec();
    fields.push(("version", &stale));
    assert_eq!(
        app.post_form(&c, &format!("/dashboard/acme/articles/{id}"), &fields)
            .await
            .status()
            .as_u16(),
        303
    );
    let mut mine = BASIC.to_vec();
    mine.retain(|(k, _)| *k != "body_markdown");
    mine.push(("body_markdown", "My careful edit"));
    mine.push(("version", &stale));
    let res = app
        .post_form(&c, &format!("/dashboard/acme/articles/{id}"), &mine)
        .await;
    assert_eq!(res.status().as_u16(), 409);
    let html = res.text().await.expect("body");
    assert!(
        html.contains("My careful edit"),
        "the editor's text is kept"
    );
    assert!(html.contains("Someone saved this article"));
}

#[tokio::test]
async fn autosave_and_preview_answer_json() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let token = app.csrf(&c, "/dashboard/acme/articles/new").await;
    let post = |path: String, fields: Vec<(&'static str, String)>| {
        let c = c.clone();
        let token = token.clone();
        let app = &app;
        async move {
            let mut form = fields;
            form.push(("csrf_token", token));
            let res = c
                .post(app.url(&path))
                .header("Accept", "application/json")
                .form(&form)
                .send()
                .await
                .expect("request");
            let status = res.status().as_u16();
            (status, res.json::<serde_json::Value>().await.expect("json"))
        }
    };
    let base = || {
        vec![
            ("title", "Autosaved".to_owned()),
            ("category", "news".to_owned()),
            ("language", "en".to_owned()),
            ("body_markdown", "first".to_owned()),
        ]
    };
    let (status, created) = post("/dashboard/acme/articles/autosave".into(), base()).await;
    assert_eq!(status, 200, "{created}");
    let id = created["id"].as_i64().expect("id");
    assert_eq!(
        created["edit_url"],
        format!("/dashboard/acme/articles/{id}")
    );
    let mut version = created["version"].as_str().expect("version").to_owned();
    for text in ["second", "third"] {
        let mut f = base();
        f[3].1 = text.to_owned();
        f.push(("version", version.clone()));
        let (status, saved) = post(format!("/dashboard/acme/articles/{id}/autosave"), f).await;
        assert_eq!(status, 200, "{saved}");
        version = saved["version"].as_str().expect("version").to_owned();
    }
    assert_eq!(article(&app, id).body_markdown, "third");
    {
        let mut conn = app.db.get().expect("conn");
        let r = crate::helpers::article_ref(&mut conn, id);
        let revs = articles::revisions(&mut conn, r).expect("revisions");
        assert_eq!(revs.len(), 2, "autosaves refresh one revision");
        assert!(revs[0].autosave && revs[0].body_markdown == "third");
    }
    // A stale version conflicts; a bad field is reported by name.
    let mut f = base();
    f.push(("version", "1".to_owned()));
    let (status, body) = post(format!("/dashboard/acme/articles/{id}/autosave"), f).await;
    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "conflict");
    let mut f = base();
    f[0].1 = String::new();
    f.push(("version", version.clone()));
    let (status, body) = post(format!("/dashboard/acme/articles/{id}/autosave"), f).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["fields"]["title"], "Enter a title.");

    // Preview: same pipeline, sanitized, Chinese counted by characters.
    let (status, p) = post(
        "/dashboard/acme/preview".into(),
        vec![(
            "body_markdown",
            "**你好世界** <script>alert(1)</script>".to_owned(),
        )],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(p["html"], "<p><strong>你好世界</strong> </p>\n");
    assert_eq!(p["words"], 4);
    // Without the CSRF token, nothing.
    let res = c
        .post(app.url("/dashboard/acme/preview"))
        .header("Accept", "application/json")
        .form(&[("body_markdown", "x")])
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 403);
}

#[tokio::test]
async fn preview_links_show_drafts_until_they_expire() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let id = new_article(&app, &c, "acme", BASIC).await;
    let res = app
        .post_form(
            &c,
            &format!("/dashboard/acme/articles/{id}/preview-link"),
            &[("days", "7")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let html = res.text().await.expect("body");
    let link = scraper::Html::parse_document(&html)
        .select(&scraper::Selector::parse("input[aria-label='Preview link']").expect("sel"))
        .next()
        .and_then(|e| e.value().attr("value").map(str::to_owned))
        .expect("preview link shown");
    // Beside it, the link as a QR code to open the draft on a phone: exactly the link's.
    let drawn = scraper::Html::parse_document(&html)
        .select(&scraper::Selector::parse(".preview-qr svg.qr path").expect("sel"))
        .next()
        .and_then(|e| e.value().attr("d").map(str::to_owned))
        .expect("a QR code");
    let tr = qiao::i18n::Tr::new(qiao::domain::Locale::En);
    let expected = qiao::render::qr::svg(&link, &tr.t("dash-editor-preview-qr"));
    assert!(
        expected.contains(&format!(" d=\"{drawn}\"")),
        "the QR code of another text"
    );
    let anonymous = client();
    let res = anonymous.get(&link).send().await.expect("request");
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        res.headers()
            .get("x-robots-tag")
            .and_then(|v| v.to_str().ok()),
        Some("noindex, nofollow")
    );
    let page = res.text().await.expect("body");
    assert!(page.contains("<h1>Heading</h1>") || page.contains("Heading"));
    assert!(page.contains("Hello World"));

    // Tampered and expired links.
    let res = anonymous
        .get(format!("{link}x"))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 404);
    // Past its expiry.
    {
        use diesel::prelude::*;
        use qiao::db::schema::preview_links as t;
        let mut conn = app.db.get().expect("conn");
        diesel::update(t::table)
            .set(t::expires_at.eq(db::now() - Duration::seconds(1)))
            .execute(&mut conn)
            .expect("update");
    }
    let res = anonymous.get(&link).send().await.expect("request");
    assert_eq!(res.status().as_u16(), 410);
    assert!(res.text().await.expect("body").contains("expired"));
    let res = app
        .post_form(
            &c,
            &format!("/dashboard/acme/articles/{id}/preview-link"),
            &[("days", "365")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 400);
}

fn preview_link_in(html: &str) -> String {
    scraper::Html::parse_document(html)
        .select(&scraper::Selector::parse("input[aria-label='Preview link']").expect("sel"))
        .next()
        .and_then(|e| e.value().attr("value").map(str::to_owned))
        .expect("preview link shown")
}

#[tokio::test]
async fn preview_links_need_edit_rights_and_are_revoked_from_the_editor() {
    let app = spawn_app()
        .with_member(Role::Editor)
        .with_member(Role::Contributor)
        .await;
    let editor = app.member(Role::Editor);
    let writer = app.member(Role::Contributor);
    let theirs = new_article(&app, &editor, "acme", BASIC).await;
    // A contributor cannot share someone else's draft.
    let path = format!("/dashboard/acme/articles/{theirs}/preview-link");
    let res = app.post_form(&writer, &path, &[("days", "30")]).await;
    assert_eq!(res.status().as_u16(), 403);
    let count = || {
        use diesel::prelude::*;
        use qiao::db::schema::preview_links as t;
        let mut conn = app.db.get().expect("conn");
        t::table
            .count()
            .get_result::<i64>(&mut conn)
            .expect("count")
    };
    assert_eq!(count(), 0, "no link was made");
    // Their own draft: yes.
    let own = new_article(&app, &writer, "acme", BASIC).await;
    let res = app
        .post_form(
            &writer,
            &format!("/dashboard/acme/articles/{own}/preview-link"),
            &[],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    // The editor's link is listed in the editor and revoked there.
    let res = app.post_form(&editor, &path, &[("days", "1")]).await;
    let link = preview_link_in(&res.text().await.expect("body"));
    assert_eq!(
        client()
            .get(&link)
            .send()
            .await
            .expect("get")
            .status()
            .as_u16(),
        200
    );
    let html = app
        .get(&editor, &format!("/dashboard/acme/articles/{theirs}"))
        .await
        .text()
        .await
        .expect("body");
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse(".preview-links form").expect("sel");
    let revoke = doc
        .select(&sel)
        .next()
        .and_then(|f| f.value().attr("action"))
        .expect("a revoke button for the link")
        .to_owned();
    // Another article's id in the address does not reach this link.
    let wrong = revoke.replacen(
        &format!("/articles/{theirs}/"),
        &format!("/articles/{own}/"),
        1,
    );
    assert_eq!(
        app.post_form(&editor, &wrong, &[]).await.status().as_u16(),
        404
    );
    assert_eq!(
        app.post_form(&writer, &revoke, &[]).await.status().as_u16(),
        403
    );
    let res = app.post_form(&editor, &revoke, &[]).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        client()
            .get(&link)
            .send()
            .await
            .expect("get")
            .status()
            .as_u16(),
        410
    );
}

#[tokio::test]
async fn articles_that_came_due_while_the_server_was_down_are_published_at_start() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let id = new_article(&app, &c, "acme", BASIC).await;
    // As if it had been scheduled and the server stopped before the time came.
    {
        use diesel::prelude::*;
        use qiao::db::schema::articles as t;
        let mut conn = app.db.get().expect("conn");
        diesel::update(t::table.find(id))
            .set((
                t::status.eq("scheduled"),
                t::publish_at.eq(Some(db::now() - Duration::minutes(5))),
            ))
            .execute(&mut conn)
            .expect("update");
    }
    // A new instance on the same database (a restart) ticks as it starts: the first instance
    // only ticks again ten seconds after its own start.
    let restarted = qiao::startup::Application::build(app.settings.clone())
        .await
        .expect("second instance");
    let started = std::time::Instant::now();
    tokio::spawn(restarted.run_until_stopped());
    while article(&app, id).status != "published" {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(8),
            "the restarted scheduler did not publish the overdue article"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(article(&app, id).published_at.is_some());
}

/// The editor's form fields (inputs, textareas, selects) as the browser would send them.
fn editor_fields(html: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(
        "form#editor input[name], form#editor textarea[name], form#editor select[name]",
    )
    .expect("sel");
    let opt = scraper::Selector::parse("option[selected]").expect("sel");
    doc.select(&sel)
        .map(|e| {
            let name = e.value().attr("name").expect("name").to_owned();
            let value = match e.value().name() {
                "textarea" => e.text().collect(),
                "select" => e
                    .select(&opt)
                    .next()
                    .and_then(|o| o.value().attr("value"))
                    .unwrap_or_default()
                    .to_owned(),
                _ => e.value().attr("value").unwrap_or_default().to_owned(),
            };
            (name, value)
        })
        .collect()
}

#[tokio::test]
async fn a_refused_schedule_keeps_the_unsaved_text_and_shows_why_at_the_control_and_the_top() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let id = new_article(&app, &c, "acme", BASIC).await;
    let editor_url = format!("/dashboard/acme/articles/{id}");
    let html = app.get(&c, &editor_url).await.text().await.expect("body");
    let typed = "Typed after the last save, and not saved yet.";
    let mut fields = editor_fields(&html);
    for (name, value) in fields.iter_mut() {
        if name == "body_markdown" {
            *value = typed.to_owned();
        }
    }
    fields.push(("action".to_owned(), "schedule".to_owned()));
    fields.push(("publish_at".to_owned(), "2001-01-01T10:00".to_owned()));
    let res = c
        .post(app.url(&format!("{editor_url}/workflow")))
        .form(&fields)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 422);
    let page = res.text().await.expect("body");
    assert_eq!(
        texts(&page, "textarea[name=body_markdown]"),
        [typed],
        "the text is kept"
    );
    assert!(
        texts(&page, ".flash-error[role=alert]")
            .join(" ")
            .contains("past"),
        "the reason at the top: {page}"
    );
    assert!(
        texts(&page, ".field-error[data-field=publish_at]")
            .join(" ")
            .contains("past"),
        "and next to the control: {page}"
    );
    assert!(
        page.contains("value=\"2001-01-01T10:00\""),
        "the time as typed: {page}"
    );
    assert_eq!(article(&app, id).status, "draft", "nothing else happened");

    // The same form with a time to come: the typed text is saved, then scheduled.
    let fields: Vec<(String, String)> = fields
        .into_iter()
        .map(|(k, v)| {
            if k == "publish_at" {
                (k, "2099-01-01T10:00".to_owned())
            } else {
                (k, v)
            }
        })
        .collect();
    let res = c
        .post(app.url(&format!("{editor_url}/workflow")))
        .form(&fields)
        .send()
        .await
        .expect("post");
    assert_eq!(location(&res), editor_url);
    let a = article(&app, id);
    assert_eq!(
        (a.status.as_str(), a.body_markdown.as_str()),
        ("scheduled", typed)
    );
}
