//! Broadcasts in the dashboard: writing one with its articles in order and the audience's
//! size, errors next to their fields, the previews, a test to the member's own address, sending,
//! the progress figures, the digest time and quota settings, and who may do what.

use diesel::prelude::*;
use qiao::db;
use qiao::domain::Role;

use crate::helpers::broadcast::{Like, active, published, token};
use crate::helpers::{ORG, TestApp, location, spawn_app, texts};

async fn setup() -> (TestApp, i64, i64) {
    let app = spawn_app()
        .with_member(Role::Editor)
        .with_member(Role::Author)
        .with_org("other")
        .configure(|s| s.run_workers = false)
        .await;
    let t = token(&app, ORG);
    let (a1, _) = published(&app, &t, "First story", "the first", "en", "news").await;
    let (a2, _) = published(&app, &t, "Second story", "the second", "en", "culture").await;
    active(
        &app,
        ORG,
        "news@example.org",
        &Like {
            categories: Some("news"),
            tags: &["Milan"],
            ..Like::default()
        },
    );
    active(
        &app,
        ORG,
        "culture@example.org",
        &Like {
            categories: Some("culture"),
            ..Like::default()
        },
    );
    (app, a1, a2)
}

/// The page's text.
async fn text(app: &TestApp, c: &reqwest::Client, path: &str) -> String {
    app.get(c, path).await.text().await.expect("page")
}

/// JSON from a dashboard address.
async fn json_of(app: &TestApp, c: &reqwest::Client, path: &str) -> serde_json::Value {
    app.get(c, path).await.json().await.expect("json")
}

/// Writes "Weekend" with the second article first, by email and push; its address.
async fn weekend(app: &TestApp, c: &reqwest::Client, a1: i64, a2: i64) -> String {
    let (a1s, a2s) = (a1.to_string(), a2.to_string());
    let fields = [
        ("title", "Weekend"),
        ("article", a2s.as_str()),
        ("article", ""),
        ("article", a1s.as_str()),
        ("channel", "email"),
        ("channel", "push"),
    ];
    let res = app
        .post_form(c, &format!("/dashboard/{ORG}/broadcasts"), &fields)
        .await;
    assert_eq!(res.status().as_u16(), 303);
    location(&res)
}

#[tokio::test]
async fn editors_write_a_broadcast_and_see_its_previews_and_audience() {
    let (app, a1, a2) = setup().await;
    let c = app.member(Role::Editor);
    let base = format!("/dashboard/{ORG}/broadcasts");
    let page = text(&app, &c, &format!("{base}/new")).await;
    assert!(
        page.contains("First story") && page.contains("Second story"),
        "articles offered"
    );
    assert!(page.contains("reach 2 subscribers"), "{page}");
    // Wrong: no title, no article, no channel: each said next to its field, nothing saved.
    let res = app
        .post_form(
            &c,
            &base,
            &[("title", ""), ("article", ""), ("article", "")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    assert_eq!(
        texts(&html, ".field-error").len(),
        3,
        "{:?}",
        texts(&html, ".field-error")
    );
    assert!(
        !text(&app, &c, &base).await.contains("/broadcasts/1\""),
        "nothing saved"
    );
    // The order of the places is the order of the cards.
    let here = weekend(&app, &c, a1, a2).await;
    assert!(text(&app, &c, &here).await.contains("Weekend"));
    let preview = app.get(&c, &format!("{here}/preview")).await;
    let csp = preview.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_owned();
    assert!(
        csp.contains("frame-ancestors 'self'") && !csp.contains("script-src"),
        "{csp}"
    );
    let mail = preview.text().await.expect("preview");
    let second = mail.find("Second story").expect("second");
    assert!(
        second < mail.find("First story").expect("first"),
        "cards in the chosen order"
    );
    // The audience's size as tags and categories are ticked.
    let tag = {
        let mut conn = app.db.get().expect("connection");
        let org = app.org(ORG).id;
        db::subscriber_tags::by_name(&mut conn, org, "Milan")
            .expect("q")
            .expect("tag")
    };
    let reach = json_of(&app, &c, &format!("{base}/reach?channel=email&tag={tag}")).await;
    assert_eq!(
        (reach["email"].as_i64(), reach["push"].as_i64()),
        (Some(1), Some(0)),
        "{reach}"
    );
    let reach = json_of(
        &app,
        &c,
        &format!("{base}/reach?channel=email&category=culture"),
    )
    .await;
    assert_eq!(reach["email"], 1);
}

#[tokio::test]
async fn editors_test_schedule_send_and_follow_a_broadcast_from_the_dashboard() {
    let (app, a1, a2) = setup().await;
    let c = app.member(Role::Editor);
    let here = weekend(&app, &c, a1, a2).await;
    // A test to the editor's own address, queued as the organization's mail.
    let res = app.post_form(&c, &format!("{here}/test"), &[]).await;
    assert_eq!(res.status().as_u16(), 303);
    let queued: Vec<(String, String)> = {
        use qiao::db::schema::outgoing_mail;
        let mut conn = app.db.get().expect("connection");
        outgoing_mail::table
            .filter(outgoing_mail::kind.eq("broadcast_test"))
            .select((outgoing_mail::recipient, outgoing_mail::message))
            .load(&mut conn)
            .expect("mail")
    };
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].0, crate::helpers::member_email(Role::Editor));
    assert!(
        !queued[0].1.contains("List-Unsubscribe:"),
        "a member is not a subscriber"
    );
    // Scheduling needs a minute; sending starts it; the progress figures come as JSON.
    let past = [("at", "2020-01-01T10:00")];
    let res = app.post_form(&c, &format!("{here}/schedule"), &past).await;
    assert_eq!(res.status().as_u16(), 422);
    let res = app.post_form(&c, &format!("{here}/send"), &[]).await;
    assert_eq!(res.status().as_u16(), 303);
    app.broadcaster
        .run_once(&app.db, db::now())
        .await
        .expect("pass");
    let p = json_of(&app, &c, &format!("{here}/progress")).await;
    assert_eq!(
        (p["status"].as_str(), p["finished"].as_bool()),
        (Some("sent"), Some(true))
    );
    assert_eq!(p["rows"]["email"]["sent"], 2, "{p}");
    assert!(
        text(&app, &c, &here).await.contains("data-progress-url"),
        "the progress panel"
    );
    let list = text(&app, &c, &format!("/dashboard/{ORG}/broadcasts")).await;
    assert!(list.contains("2 / 2"), "{list}");
}

#[tokio::test]
async fn only_editors_and_owners_broadcast_and_only_their_own_organizations_broadcasts() {
    let (app, a1, _) = setup().await;
    let editor = app.member(Role::Editor);
    let author = app.member(Role::Author);
    let base = format!("/dashboard/{ORG}/broadcasts");
    let a1s = a1.to_string();
    let res = app
        .post_form(
            &editor,
            &base,
            &[("title", "Ours"), ("article", &a1s), ("channel", "email")],
        )
        .await;
    let here = location(&res);
    for path in [
        base.clone(),
        format!("{base}/new"),
        here.clone(),
        format!("{here}/preview"),
        format!("{here}/progress"),
    ] {
        assert_eq!(
            app.get(&author, &path).await.status().as_u16(),
            403,
            "{path}"
        );
    }
    for step in ["send", "test", "cancel", "delete"] {
        let res = app.post_form(&author, &format!("{here}/{step}"), &[]).await;
        assert_eq!(res.status().as_u16(), 403, "{step}");
    }
    // Another organization's broadcast id under this organization's address is not found.
    let theirs = token(&app, "other");
    let (foreign_article, _) = published(&app, &theirs, "Theirs", "theirs", "en", "news").await;
    let other_id = {
        let mut conn = app.db.get().expect("connection");
        let draft = db::broadcasts::Draft {
            title: qiao::domain::Title::parse("Theirs").expect("title"),
            articles: qiao::domain::ArticleList::parse(&[foreign_article]).expect("list"),
            channels: qiao::domain::Channels::BOTH,
            audience: db::broadcasts::Audience::default(),
        };
        db::broadcasts::create(&mut conn, app.org("other").id, &draft, None, db::now())
            .expect("created")
    };
    for path in [
        format!("{base}/{other_id}"),
        format!("{base}/{other_id}/preview"),
        format!("{base}/{other_id}/progress"),
    ] {
        assert_eq!(
            app.get(&editor, &path).await.status().as_u16(),
            404,
            "{path}"
        );
    }
    let res = app
        .post_form(&editor, &format!("{base}/{other_id}/send"), &[])
        .await;
    assert_eq!(res.status().as_u16(), 404);
    // Nor can an article of another organization be put in one.
    let foreign = foreign_article.to_string();
    let res = app
        .post_form(
            &editor,
            &base,
            &[
                ("title", "Mixed"),
                ("article", &foreign),
                ("channel", "email"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let mut conn = app.db.get().expect("connection");
    let theirs_now = db::broadcasts::get(&mut conn, app.org("other").id, other_id)
        .expect("q")
        .expect("row");
    assert_eq!(theirs_now.status, "draft");
}

#[tokio::test]
async fn owners_set_the_digest_time_and_the_quota_with_errors_named() {
    let app = spawn_app().with_member(Role::Owner).await;
    let c = app.member(Role::Owner);
    let path = format!("/dashboard/{ORG}/settings/sending");
    let res = app
        .post_form(
            &c,
            &path,
            &[
                ("digest_hour", "24"),
                ("digest_weekday", "0"),
                ("quota_period", "year"),
                ("broadcast_quota", "x"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    assert_eq!(
        texts(&html, "#sending .field-error").len(),
        4,
        "{:?}",
        texts(&html, ".field-error")
    );
    let res = app
        .post_form(
            &c,
            &path,
            &[
                ("digest_hour", "7"),
                ("digest_weekday", "5"),
                ("quota_period", "month"),
                ("broadcast_quota", "4"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let org = app.org(ORG);
    assert_eq!(
        (
            org.digest_hour,
            org.digest_weekday,
            org.quota_period.as_str(),
            org.broadcast_quota
        ),
        (7, 5, "month", 4)
    );
}
