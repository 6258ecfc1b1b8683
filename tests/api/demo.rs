//! `qiao demo`: a demo organization with published articles, covers and tags, created once.

use std::collections::BTreeSet;

use qiao::db::articles::{self, ListFilter};
use qiao::db::media as media_db;
use qiao::domain::Status;
use qiao::media::MediaStore;

use crate::cli::{qiao, run};
use crate::helpers::{TestDb, attr, spawn_app, texts};

fn demo(db: &TestDb, args: &[&str]) -> (i32, String) {
    let mut cmd = qiao(db);
    cmd.arg("demo").args(args);
    let (code, out, err) = run(cmd, "");
    assert!(out.is_empty(), "nothing on stdout: {out}");
    (code, err)
}

fn ids(db: &qiao::db::Db, org_id: i64, status: Option<Status>) -> Vec<i64> {
    let mut conn = db.get().expect("conn");
    let filter = ListFilter {
        status,
        per_page: 100,
        ..Default::default()
    };
    let (items, total) = articles::list(&mut conn, org_id, &filter).expect("list");
    assert_eq!(total, items.len() as i64);
    items.into_iter().map(|i| i.id).collect()
}

#[tokio::test]
async fn demo_creates_a_living_site_once_and_a_second_run_adds_nothing() {
    let test_db = TestDb::new();
    let expected = qiao::demo::articles().expect("demo articles").len();

    let (code, err) = demo(&test_db, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("created organization demo"), "{err}");
    assert!(
        err.contains(&format!(
            "{expected} demo article(s) created, 0 already there"
        )),
        "{err}"
    );
    assert!(
        err.contains("qiao serve") && err.contains("/@demo"),
        "{err}"
    );

    let (code, err) = demo(&test_db, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("already there"), "{err}");
    assert!(
        err.contains(&format!(
            "0 demo article(s) created, {expected} already there"
        )),
        "{err}"
    );

    let (code, err) = demo(&test_db, &["--org", "Not A Slug"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--org \"Not A Slug\""), "{err}");

    let app = spawn_app().on(test_db).await;
    let org = app.org("demo");
    assert_eq!(org.name, qiao::demo::NAME);
    assert_eq!(org.timezone, "America/Toronto");
    let published = ids(&app.db, org.id, Some(Status::Published));
    assert_eq!(published.len(), expected);
    assert_eq!(ids(&app.db, org.id, None).len(), expected, "nothing else");

    let covers = every_article_has_tags_a_cover_and_related_articles(&app, org.id, &published);
    assert_eq!(covers.len(), expected, "a distinct cover per article");
    let c = crate::helpers::client();
    let home = app.get(&c, "/").await.text().await.expect("home");
    assert!(home.contains("枫桥华人协会"), "{home}");
    let sha = covers.first().expect("a cover");
    let res = app.get(&c, &format!("/media/{sha}/cover")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("image/jpeg")
    );
}

/// Checks each published demo article (languages, categories, tags, cover variants on disk,
/// related articles) and the library (no second copy of any image); returns the covers' hashes.
fn every_article_has_tags_a_cover_and_related_articles(
    app: &crate::helpers::TestApp,
    org_id: i64,
    published: &[i64],
) -> BTreeSet<String> {
    let expected = published.len();
    let org = app.org("demo");
    assert_eq!(org.id, org_id);
    let store = MediaStore::new(app.settings.media_dir());
    let mut conn = app.db.get().expect("conn");
    let detailed = articles::detailed(&mut conn, org.id, published).expect("articles");
    let mut languages = BTreeSet::new();
    let mut categories = BTreeSet::new();
    let mut covers = BTreeSet::new();
    for d in &detailed {
        let a = &d.article;
        languages.insert(a.language.clone());
        categories.insert(a.category.as_str().to_owned());
        assert!(
            a.import_key
                .as_deref()
                .is_some_and(|k| k.starts_with("demo-"))
        );
        assert!(a.published_at.is_some_and(|t| t <= qiao::db::now()));
        assert!((2..=4).contains(&d.tags.len()), "{}: {:?}", a.title, d.tags);
        assert!(
            !a.excerpt.is_empty() && !a.body_html.is_empty(),
            "{}",
            a.title
        );
        let cover_id = a.cover_media_id.expect("every article has a cover");
        let m = media_db::get(&mut conn, org.id, cover_id).expect("cover in the library");
        assert_eq!((m.width, m.height), (1600, 900));
        assert!(!m.alt.is_empty());
        for file in ["original", "cover", "thumb"] {
            assert!(
                store.path(&m.sha256, file).is_some(),
                "{file} of {}",
                a.title
            );
        }
        covers.insert(m.sha256);
    }
    assert_eq!(languages, BTreeSet::from(["en".into(), "zh".into()]));
    assert_eq!(
        categories,
        BTreeSet::from(["culture".into(), "news".into(), "promotion".into()])
    );
    let (_, media_total) = media_db::list(&mut conn, org.id, 1, 100).expect("library");
    assert_eq!(
        media_total, expected as i64,
        "the second run stored no image"
    );

    // Shared tags make "related articles" work for every one of them.
    for id in published {
        let tags: Vec<i64> = qiao::db::public::tags_of(&mut conn, *id)
            .expect("tags")
            .into_iter()
            .map(|t| t.0)
            .collect();
        let related = qiao::db::public::related(&mut conn, org.id, *id, &tags, 3).expect("related");
        assert!(!related.is_empty(), "article {id} has no related article");
    }

    covers
}

#[tokio::test]
async fn the_demo_speaks_chinese_and_reads_in_both_scripts() {
    let test_db = TestDb::new();
    let (code, err) = demo(&test_db, &[]);
    assert_eq!(code, 0, "{err}");
    let app = spawn_app().on(test_db).await;
    let c = crate::helpers::client();
    // The profile speaks the organization's language, Chinese, whatever the browser asks.
    let profile = app.get(&c, "/@demo").await.text().await.expect("profile");
    let follow = qiao::i18n::Tr::new(qiao::domain::Locale::ZhHans).t("follow-button");
    assert!(
        texts(&profile, ".follow button").contains(&follow),
        "{profile}"
    );
    assert_eq!(texts(&profile, ".script-switch a"), ["简体", "繁體"]);
    let hant = app
        .get(&c, "/@demo?script=hant")
        .await
        .text()
        .await
        .expect("profile");
    assert!(
        texts(&hant, "h1").join("").contains("楓橋華人協會"),
        "{hant}"
    );
    // Every Chinese demo article has a Traditional page that differs from the original.
    let org = app.org("demo");
    let mut chinese = 0;
    for id in ids(&app.db, org.id, Some(Status::Published)) {
        let a = crate::helpers::article(&app, id);
        if !a.language.starts_with("zh") {
            continue;
        }
        chinese += 1;
        let path = format!("/@demo/{}", a.slug);
        let plain = app.get(&c, &path).await.text().await.expect("page");
        let converted = app
            .get(&c, &format!("{path}?script=hant"))
            .await
            .text()
            .await
            .expect("page");
        assert_eq!(
            attr(&converted, "article", "lang").as_deref(),
            Some("zh-Hant")
        );
        assert_ne!(
            texts(&plain, ".prose"),
            texts(&converted, ".prose"),
            "{path}"
        );
    }
    assert!(chinese >= 3, "only {chinese} Chinese demo articles");
}
