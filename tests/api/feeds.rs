//! Atom feeds, the sitemap and robots.txt: only published articles, in full, with absolute
//! URLs; conditional requests answered with 304.

mod sitemap;

use chrono::{Duration, NaiveDateTime, SecondsFormat};
use qiao::db;
use qiao::db::articles::{self, Created, Origin};
use qiao::domain::{Action, ArticleFields, Role, Status};

use crate::helpers::{self, TestApp, spawn_app};

const LANTERN_BODY: &str = "Lanterns everywhere![^n]\n\n\
    ![A red lantern](/media/0a1b2c/lantern.jpg)\n\n\
    Read the [harbour report](/@acme/harbour-report) too.\n\n[^n]: On the fifteenth day.\n";

async fn write(app: &TestApp, c: &reqwest::Client, fields: &[(&str, &str)]) -> i64 {
    helpers::new_article(app, c, "acme", fields).await
}

/// Three published articles in acme (culture/en, news/zh with a byline, news/en), one of each
/// non-public kind, one published article in globex and an organization with none.
/// Returns the published ids of acme, oldest first.
pub async fn site(app: &TestApp) -> Vec<i64> {
    app.create_org("acme");
    app.create_org("globex");
    app.create_org("quiet");
    let c = app
        .member_client("ed@example.org", "acme", Role::Editor)
        .await;
    let publish = [("action", "publish")];
    let lantern = write(
        app,
        &c,
        &[
            ("title", "Lantern Festival"),
            ("body_markdown", LANTERN_BODY),
            ("category", "culture"),
            ("language", "en"),
            ("tags", "festival"),
        ],
    )
    .await;
    helpers::step(app, &c, "acme", lantern, &publish).await;
    let city = write(
        app,
        &c,
        &[
            ("title", "城市新闻"),
            ("slug", "city-news"),
            ("body_markdown", "今天**天气**很好。"),
            ("category", "news"),
            ("language", "zh"),
            ("byline", "记者 王"),
        ],
    )
    .await;
    helpers::step(app, &c, "acme", city, &publish).await;
    let harbour = write(
        app,
        &c,
        &[
            ("title", "Harbour Report"),
            ("body_markdown", "Ships & <boats>."),
            ("summary", "What came in."),
            ("category", "news"),
            ("language", "en"),
        ],
    )
    .await;
    helpers::step(app, &c, "acme", harbour, &publish).await;

    let hidden = |title: &'static str| {
        [
            ("title", title),
            ("body_markdown", "Secret text."),
            ("category", "news"),
            ("language", "en"),
        ]
    };
    write(app, &c, &hidden("Draft Only")).await;
    let review = write(app, &c, &hidden("In Review")).await;
    helpers::step(app, &c, "acme", review, &[("action", "submit")]).await;
    let scheduled = write(app, &c, &hidden("Scheduled Later")).await;
    let tz: chrono_tz::Tz = app.org("acme").timezone.0;
    let due = chrono::TimeZone::from_utc_datetime(&tz, &(db::now() + Duration::days(2)))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    helpers::step(
        app,
        &c,
        "acme",
        scheduled,
        &[("action", "schedule"), ("publish_at", &due)],
    )
    .await;
    let archived = write(app, &c, &hidden("Archived One")).await;
    helpers::step(app, &c, "acme", archived, &publish).await;
    helpers::step(app, &c, "acme", archived, &[("action", "archive")]).await;
    let unpublished = write(app, &c, &hidden("Unpublished One")).await;
    helpers::step(app, &c, "acme", unpublished, &publish).await;
    helpers::step(app, &c, "acme", unpublished, &[("action", "unpublish")]).await;

    let globex = app.org("globex");
    publish_directly(app, globex.id, "Globex News", "news");
    vec![lantern, city, harbour]
}

/// Creates and publishes an article without HTTP; returns its id.
pub fn publish_directly(app: &TestApp, org_id: i64, title: &str, category: &str) -> i64 {
    let input = ArticleFields {
        title: title.to_owned(),
        body_markdown: format!("About {title}."),
        category: category.to_owned(),
        language: "en".to_owned(),
        ..ArticleFields::default()
    }
    .parse()
    .expect("valid article");
    let origin = Origin {
        author_id: None,
        status: Status::Draft,
        published_at: None,
        import_key: None,
    };
    let mut conn = app.db.get().expect("conn");
    let Created::New(id) = articles::create(
        &mut conn,
        org_id,
        &input,
        &qiao::render::body::render(&input.body_markdown, &input.summary),
        &origin,
        db::now(),
    )
    .expect("created") else {
        panic!("a new article");
    };
    let r = crate::helpers::article_ref(&mut conn, id);
    articles::transition(&mut conn, r, Action::Publish, None, db::now()).expect("published");
    id
}

fn secs(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

pub fn rfc3339(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Fetches and parses a feed with a real feed parser.
async fn feed(app: &TestApp, path: &str) -> feed_rs::model::Feed {
    let res = app.get(&reqwest::Client::new(), path).await;
    assert_eq!(res.status().as_u16(), 200, "{path}");
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        header("content-type"),
        "application/atom+xml; charset=utf-8"
    );
    assert_eq!(header("cache-control"), "public, max-age=300");
    let body = res.text().await.expect("body");
    roxmltree::Document::parse(&body).expect("well-formed XML");
    feed_rs::parser::parse(body.as_bytes()).expect("a valid feed")
}

fn titles(f: &feed_rs::model::Feed) -> Vec<String> {
    f.entries
        .iter()
        .map(|e| e.title.as_ref().expect("title").content.clone())
        .collect()
}

fn link(links: &[feed_rs::model::Link], rel: &str) -> String {
    links
        .iter()
        .find(|l| l.rel.as_deref().unwrap_or("alternate") == rel)
        .map(|l| l.href.clone())
        .unwrap_or_else(|| panic!("rel={rel} in {links:?}"))
}

#[tokio::test]
async fn the_feed_carries_every_published_article_in_full_with_absolute_urls() {
    let app = spawn_app().await;
    let published = site(&app).await;
    let base = &app.address;
    let f = feed(&app, "/@acme/feed.atom").await;
    assert_eq!(f.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(f.title.as_ref().expect("title").content, "Org acme");
    assert!(f.id.starts_with("tag:127.0.0.1,"), "{}", f.id);
    assert_eq!(link(&f.links, "self"), format!("{base}/@acme/feed.atom"));
    assert_eq!(link(&f.links, "alternate"), format!("{base}/@acme"));
    assert_eq!(f.language.as_deref(), Some("zh"));
    assert_eq!(f.authors[0].name.as_deref(), Some("Org acme"));
    assert_eq!(
        titles(&f),
        ["Harbour Report", "城市新闻", "Lantern Festival"],
        "exactly the published ones, newest first"
    );
    let newest = published
        .iter()
        .map(|id| helpers::article(&app, *id).updated_at)
        .max()
        .expect("some");
    assert_eq!(f.updated.map(|t| t.timestamp()), Some(secs(newest)));

    let mut ids = Vec::new();
    for (e, id) in f.entries.iter().zip(published.iter().rev()) {
        let a = helpers::article(&app, *id);
        let url = format!("{base}/@acme/{}", a.slug);
        assert!(e.id.starts_with("tag:"), "{}", e.id);
        ids.push(e.id.clone());
        assert_eq!(e.title.as_ref().expect("title").content, a.title);
        assert_eq!(link(&e.links, "alternate"), url);
        assert_eq!(e.published.map(|t| t.timestamp()), a.published_at.map(secs));
        assert_eq!(e.updated.map(|t| t.timestamp()), Some(secs(a.updated_at)));
        assert_eq!(e.categories[0].term, a.category.as_str());
        assert_eq!(e.language.as_deref(), Some(a.language.as_str()));
        assert_eq!(e.summary.as_ref().expect("summary").content, a.excerpt);
        let content = e.content.as_ref().expect("content");
        assert_eq!(content.content_type.to_string(), "text/html");
        let html = content.body.as_deref().expect("body");
        for relative in ["src=\"/", "href=\"/", "href=\"#"] {
            assert!(!html.contains(relative), "{relative} in {html}");
        }
        let back = html
            .replace(&format!("{url}#"), "#")
            .replace(&format!("{base}/"), "/");
        // feed-rs trims the text; the document itself carries it exactly.
        assert_eq!(
            back,
            a.body_html.trim(),
            "the full stored HTML, only URLs changed"
        );
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3, "entry ids are unique");

    let [_, city, lantern] = &f.entries[..] else {
        panic!("three entries");
    };
    let lantern_html = lantern.content.as_ref().and_then(|c| c.body.clone());
    let lantern_html = lantern_html.expect("body");
    for expected in [
        format!("src=\"{base}/media/0a1b2c/lantern.jpg\""),
        format!("href=\"{base}/@acme/harbour-report\""),
        format!("href=\"{base}/@acme/lantern-festival#fn-1\""),
        "alt=\"A red lantern\"".to_owned(),
    ] {
        assert!(
            lantern_html.contains(&expected),
            "{expected}: {lantern_html}"
        );
    }
    assert_eq!(
        lantern.authors[0].name.as_deref(),
        Some("ed"),
        "the author's name"
    );
    assert_eq!(
        city.authors[0].name.as_deref(),
        Some("记者 王"),
        "the byline"
    );
    let city_html = city.content.as_ref().and_then(|c| c.body.clone());
    assert!(city_html.expect("body").contains("<strong>天气</strong>"));

    let globex = feed(&app, "/@globex/feed.atom").await;
    assert_eq!(titles(&globex), ["Globex News"]);
    assert_eq!(titles(&feed(&app, "/@quiet/feed.atom").await).len(), 0);
}

#[tokio::test]
async fn a_category_feed_holds_only_its_category_and_unknown_feeds_are_404() {
    let app = spawn_app().await;
    site(&app).await;
    let news = feed(&app, "/@acme/feed/news.atom").await;
    assert_eq!(titles(&news), ["Harbour Report", "城市新闻"]);
    assert!(news.entries.iter().all(|e| e.categories[0].term == "news"));
    assert_eq!(
        news.title.as_ref().expect("title").content,
        // The organization writes Chinese: its category's name is Chinese too.
        "Org acme · 新闻"
    );
    assert_eq!(
        link(&news.links, "self"),
        format!("{}/@acme/feed/news.atom", app.address)
    );
    let all = feed(&app, "/@acme/feed.atom").await;
    assert_ne!(news.id, all.id, "each feed has its own id");
    assert_eq!(
        titles(&feed(&app, "/@acme/feed/culture.atom").await),
        ["Lantern Festival"]
    );
    assert!(titles(&feed(&app, "/@acme/feed/promotion.atom").await).is_empty());
    let c = reqwest::Client::new();
    for missing in [
        "/@acme/feed/sports.atom",
        "/@acme/feed/News.atom",
        "/@acme/feed/.atom",
        "/@nobody/feed.atom",
        "/@nobody/feed/news.atom",
        "/@acme/feed.rss",
    ] {
        let res = app.get(&c, missing).await;
        assert_eq!(res.status().as_u16(), 404, "{missing}");
    }
}

#[tokio::test]
async fn a_repeated_request_gets_304_until_something_changes() {
    let app = spawn_app().await;
    let org = app.create_org("acme");
    publish_directly(&app, org.id, "First", "news");
    let c = reqwest::Client::new();
    for path in [
        "/@acme/feed.atom",
        "/@acme/feed/news.atom",
        "/sitemap.xml",
        "/robots.txt",
    ] {
        let first = app.get(&c, path).await;
        assert_eq!(first.status().as_u16(), 200);
        let etag = first.headers().get("etag").expect("etag").clone();
        let modified = first.headers().get("last-modified").cloned();
        assert_eq!(path == "/robots.txt", modified.is_none(), "{path}");
        let again = c
            .get(app.url(path))
            .header("If-None-Match", etag.clone())
            .send()
            .await
            .expect("request");
        assert_eq!(again.status().as_u16(), 304, "{path}");
        assert_eq!(again.headers().get("etag"), Some(&etag));
        assert_eq!(
            again.headers().get("cache-control").expect("cc"),
            "public, max-age=300"
        );
        assert!(again.bytes().await.expect("body").is_empty());
        if let Some(modified) = modified {
            let since = c
                .get(app.url(path))
                .header("If-Modified-Since", modified)
                .send()
                .await
                .expect("request");
            assert_eq!(since.status().as_u16(), 304, "{path}");
        }
    }
    let res = app.get(&c, "/@acme/feed.atom").await;
    let etag = res.headers().get("etag").expect("etag").clone();
    // Written straight to the database, as another instance would: this instance's cache
    // re-reads the content versions within a second.
    publish_directly(&app, org.id, "Second", "news");
    let started = std::time::Instant::now();
    let res = loop {
        let res = c
            .get(app.url("/@acme/feed.atom"))
            .header("If-None-Match", etag.clone())
            .send()
            .await
            .expect("request");
        if res.status().as_u16() != 304 || started.elapsed() > std::time::Duration::from_secs(3) {
            break res;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(res.status().as_u16(), 200, "a new article changes the feed");
    assert!(started.elapsed() < std::time::Duration::from_millis(2500));
    assert_ne!(res.headers().get("etag"), Some(&etag));
}
