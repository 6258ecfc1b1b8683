//! The public site: article pages with their metadata, profiles, tag pages and discover;
//! privacy across every listing; cache invalidation; 304s; bad paths and page numbers.

use qiao::domain::Role;

use crate::helpers::{self, TestApp, attr, client, location, slug, spawn_app, texts};

/// Schedules, submits or archives article `id` of acme (a schedule is for 2099).
async fn act(app: &TestApp, c: &reqwest::Client, id: i64, action: &str) {
    helpers::step(
        app,
        c,
        "acme",
        id,
        &[("action", action), ("publish_at", "2099-01-01T10:00")],
    )
    .await;
}

async fn write(app: &TestApp, c: &reqwest::Client, title: &str, tags: &str, lang: &str) -> i64 {
    helpers::new_article(
        app,
        c,
        "acme",
        &[
            ("title", title),
            (
                "body_markdown",
                "第一段。\n\nThe **second** paragraph.\n\n![pic](/media/abc/body)",
            ),
            ("category", "culture"),
            ("language", lang),
            ("tags", tags),
            ("source_url", "https://example.org/original"),
        ],
    )
    .await
}

async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let res = client().get(app.url(path)).send().await.expect("request");
    let status = res.status().as_u16();
    (status, res.text().await.expect("body"))
}

#[tokio::test]
async fn an_article_page_shows_the_article_its_metadata_and_its_neighbours() {
    let app = spawn_app()
        .with_member_in("acme", "wang@example.org", Role::Editor)
        .await;
    let c = app.client_of("wang@example.org");
    let first = write(&app, &c, "Lantern Festival", "festival, 元宵", "en").await;
    let second = write(&app, &c, "元宵节灯会", "元宵", "zh").await;
    let third = write(&app, &c, "Unrelated", "", "en").await;
    for id in [first, second, third] {
        helpers::publish(&app, &c, "acme", id).await;
    }
    let path = format!("/@acme/{}", slug(&app, second));
    let (status, html) = page(&app, &path).await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(attr(&html, "html", "lang").as_deref(), Some("zh"));
    assert_eq!(texts(&html, "article h1"), ["元宵节灯会"]);
    assert!(
        texts(&html, ".article .meta").join(" ").contains("wang"),
        "author"
    );
    assert!(html.contains("<strong>second</strong>"));
    assert_eq!(texts(&html, ".tags a"), ["#元宵"]);
    assert_eq!(
        attr(&html, ".source a", "href").as_deref(),
        Some("https://example.org/original")
    );
    let canonical = attr(&html, "link[rel=canonical]", "href").expect("canonical");
    assert_eq!(canonical, app.url(&path));
    assert_eq!(
        attr(&html, "meta[property='og:url']", "content"),
        Some(canonical.clone())
    );
    assert_eq!(
        attr(&html, "meta[property='og:title']", "content").as_deref(),
        Some("元宵节灯会")
    );
    assert_eq!(
        attr(&html, "meta[name='twitter:card']", "content").as_deref(),
        Some("summary")
    );
    let ld = texts(&html, "script[type='application/ld+json']").join("");
    let ld: serde_json::Value = serde_json::from_str(&ld).expect("JSON-LD parses");
    assert_eq!(ld["@type"], "Article");
    assert_eq!(ld["headline"], "元宵节灯会");
    assert_eq!(ld["inLanguage"], "zh");
    // Neighbours in publication order, and the article sharing a tag is related.
    assert_eq!(texts(&html, ".prev-next .older span"), ["Lantern Festival"]);
    assert_eq!(texts(&html, ".prev-next .newer span"), ["Unrelated"]);
    assert_eq!(texts(&html, ".related h3 a"), ["Lantern Festival"]);
    assert!(
        attr(
            &html,
            ".share-links a[href^='https://service.weibo.com']",
            "href"
        )
        .expect("weibo")
        .contains(&urlencoding(&canonical))
    );
    assert!(html.contains("action=\"/@acme/follow\""), "the follow box");

    // The profile, its category tab and the tag page.
    let (status, html) = page(&app, "/@acme").await;
    assert_eq!(status, 200);
    assert_eq!(
        texts(&html, ".post-card h3 a"),
        ["Unrelated", "元宵节灯会", "Lantern Festival"]
    );
    let (_, html) = page(&app, "/@acme?category=news").await;
    assert!(texts(&html, ".post-card h3 a").is_empty());
    let (status, html) = page(&app, &format!("/@acme/t/{}", urlencoding("元宵"))).await;
    assert_eq!(status, 200);
    assert_eq!(
        texts(&html, ".post-card h3 a"),
        ["元宵节灯会", "Lantern Festival"]
    );
    let (_, html) = page(&app, "/").await;
    assert_eq!(texts(&html, ".post-card h3 a").len(), 3);
    assert!(texts(&html, ".org-list a").contains(&"Org acme".to_owned()));
}

fn urlencoding(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[tokio::test]
async fn nothing_unpublished_is_ever_shown() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let public = write(&app, &c, "Public one", "shared", "en").await;
    helpers::publish(&app, &c, "acme", public).await;
    let draft = write(&app, &c, "Secret draft", "shared", "en").await;
    let review = write(&app, &c, "Secret review", "shared", "en").await;
    act(&app, &c, review, "submit").await;
    let scheduled = write(&app, &c, "Secret scheduled", "shared", "en").await;
    act(&app, &c, scheduled, "schedule").await;
    let archived = write(&app, &c, "Secret archived", "shared", "en").await;
    helpers::publish(&app, &c, "acme", archived).await;
    act(&app, &c, archived, "archive").await;
    let unpublished = write(&app, &c, "Secret unpublished", "shared", "en").await;
    helpers::publish(&app, &c, "acme", unpublished).await;
    act(&app, &c, unpublished, "unpublish").await;
    for id in [draft, review, scheduled, archived, unpublished] {
        let (status, html) = page(&app, &format!("/@acme/{}", slug(&app, id))).await;
        assert_eq!(status, 404, "{id}");
        assert!(!html.contains("Secret"));
    }
    let public_path = format!("/@acme/{}", slug(&app, public));
    for path in [
        "/",
        "/@acme",
        "/@acme/t/shared",
        "/@acme?category=culture",
        public_path.as_str(),
    ] {
        let (status, html) = page(&app, path).await;
        assert_eq!(status, 200, "{path}");
        assert!(!html.contains("Secret"), "{path} leaks: {html}");
    }
}

/// Article `id` of acme saved through the editor with `fields` (at its current version).
async fn edit(app: &TestApp, c: &reqwest::Client, id: i64, fields: &[(&str, &str)]) -> u16 {
    let version = helpers::article(app, id).version();
    let mut form = fields.to_vec();
    form.push(("version", &version));
    app.post_form(c, &format!("/dashboard/acme/articles/{id}"), &form)
        .await
        .status()
        .as_u16()
}

/// An editor's published article "First title" in acme: (app, editor, id, public path).
async fn published_first_title() -> (TestApp, reqwest::Client, i64, String) {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let id = write(&app, &c, "First title", "", "en").await;
    helpers::publish(&app, &c, "acme", id).await;
    let path = format!("/@acme/{}", slug(&app, id));
    (app, c, id, path)
}

#[tokio::test]
async fn a_cached_page_changes_with_the_content_version_and_revalidates_with_304() {
    let (app, c, id, path) = published_first_title().await;
    let res = client().get(app.url(&path)).send().await.expect("request");
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.headers().get("etag").is_some() && res.headers().get("last-modified").is_some());
    assert_eq!(
        res.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("public, max-age=60, stale-while-revalidate=300")
    );
    // Served from the cache: a change behind qiao's back (no version bump) does not show…
    {
        use diesel::prelude::*;
        use qiao::db::schema::articles as t;
        let mut conn = app.db.get().expect("conn");
        diesel::update(t::table.find(id))
            .set(t::title.eq("Changed behind the cache"))
            .execute(&mut conn)
            .expect("update");
    }
    assert_eq!(
        texts(&page(&app, &path).await.1, "article h1"),
        ["First title"]
    );
    // …until the organization's content version moves.
    {
        let mut conn = app.db.get().expect("conn");
        qiao::db::orgs::bump_content(&mut conn, app.org("acme").id).expect("bump");
    }
    app.post_form(&c, "/dashboard/acme/preview", &[("body_markdown", "x")])
        .await;
    assert_eq!(
        texts(&page(&app, &path).await.1, "article h1"),
        ["Changed behind the cache"]
    );
    let res = client().get(app.url(&path)).send().await.expect("request");
    let etag = res.headers().get("etag").cloned().expect("etag");
    let modified = res
        .headers()
        .get("last-modified")
        .cloned()
        .expect("last-modified");
    // Validators: 304 without a body.
    for (name, value) in [("If-None-Match", etag), ("If-Modified-Since", modified)] {
        let again = client()
            .get(app.url(&path))
            .header(name, value)
            .send()
            .await
            .expect("request");
        assert_eq!(again.status().as_u16(), 304, "{name}");
        assert!(again.bytes().await.expect("body").is_empty(), "{name}");
    }
}

#[tokio::test]
async fn an_edit_an_unpublish_and_a_republish_show_at_once() {
    let (app, c, id, path) = published_first_title().await;
    let etag = client()
        .get(app.url(&path))
        .send()
        .await
        .expect("request")
        .headers()
        .get("etag")
        .cloned()
        .expect("etag");
    // An edit shows at once (the slug stays: the article was published).
    let fields = [
        ("title", "Second title"),
        ("body_markdown", "new"),
        ("category", "culture"),
        ("language", "en"),
    ];
    assert_eq!(edit(&app, &c, id, &fields).await, 303);
    let (_, html) = page(&app, &path).await;
    assert_eq!(texts(&html, "article h1"), ["Second title"]);
    let res = client()
        .get(app.url(&path))
        .header("If-None-Match", etag)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 200, "a new ETag");
    let (_, html) = page(&app, "/@acme").await;
    assert!(html.contains("Second title"));
    // Unpublish: gone from the page and the lists at once; publish again: back.
    act(&app, &c, id, "unpublish").await;
    assert_eq!(page(&app, &path).await.0, 404);
    assert!(!page(&app, "/@acme").await.1.contains("Second title"));
    helpers::publish(&app, &c, "acme", id).await;
    assert_eq!(page(&app, &path).await.0, 200);
}

#[tokio::test]
async fn a_changed_slug_answers_301_at_the_old_address() {
    let (app, c, id, path) = published_first_title().await;
    assert_eq!(page(&app, &path).await.0, 200);
    let fields = [
        ("title", "First title"),
        ("slug", "renamed"),
        ("body_markdown", "new"),
        ("category", "culture"),
        ("language", "en"),
    ];
    assert_eq!(edit(&app, &c, id, &fields).await, 303);
    let res = client().get(app.url(&path)).send().await.expect("request");
    assert_eq!(res.status().as_u16(), 301);
    assert_eq!(
        res.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/@acme/renamed")
    );
    assert_eq!(page(&app, "/@acme/renamed").await.0, 200);
}

fn metric(text: &str, name: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
        .unwrap_or_else(|| panic!("{name} in /metrics"))
}

#[tokio::test]
async fn concurrent_requests_for_an_uncached_page_render_it_once() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let id = write(&app, &c, "Everyone reads this", "", "en").await;
    helpers::publish(&app, &c, "acme", id).await;
    let path = format!("/@acme/{}", slug(&app, id));
    let before = page(&app, "/metrics").await.1;
    let pages = futures_util::future::join_all((0..24).map(|_| page(&app, &path))).await;
    assert!(pages.iter().all(|(status, _)| *status == 200));
    assert!(pages.iter().all(|(_, body)| *body == pages[0].1));
    let after = page(&app, "/metrics").await.1;
    let delta = |name: &str| metric(&after, name) - metric(&before, name);
    assert_eq!(delta("qiao_page_renders_total"), 1.0, "rendered once");
    assert_eq!(
        delta("qiao_page_cache_hits_total"),
        23.0,
        "the others waited for it"
    );
    assert!(metric(&after, "qiao_page_cache_entries") >= 1.0);
    assert!(metric(&after, "qiao_page_cache_bytes") > 1000.0);
}

#[tokio::test]
async fn pages_are_compressed_once_and_served_as_the_client_asks() {
    let app = spawn_app().await;
    app.create_org("acme");
    for (accept, expected) in [
        ("br", Some("br")),
        ("gzip, deflate", Some("gzip")),
        ("", None),
    ] {
        let mut req = client().get(app.url("/@acme"));
        if !accept.is_empty() {
            req = req.header("Accept-Encoding", accept);
        }
        let res = req.send().await.expect("request");
        assert_eq!(res.status().as_u16(), 200);
        let enc = res
            .headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        assert_eq!(enc.as_deref(), expected, "{accept}");
        let body = res.bytes().await.expect("body");
        if expected.is_none() {
            assert!(String::from_utf8_lossy(&body).contains("Org acme"));
        }
    }
}

#[tokio::test]
async fn unknown_pages_and_absurd_numbers_get_clear_answers() {
    let app = spawn_app().await;
    app.create_org("acme");
    let long = "a".repeat(2000);
    for (path, status) in [
        ("/@nobody", 404),
        ("/@nobody/some-article", 404),
        ("/@acme/no-such-article", 404),
        (&*format!("/@acme/{long}"), 404),
        ("/@acme/%F0%9F%98%80%E2%80%AE", 404),
        ("/@acme/%FF%FE", 404),
        ("/@%FF", 404),
        ("/@acme/t/%FF", 404),
        ("/@acme/t/%00", 400),
        ("/@acme/%00", 400),
        ("/@acme?tag=%00", 400),
        (&*format!("/@acme/t/{long}"), 404),
        ("/@acme/feed/%FF.atom", 404),
        (&*format!("/@acme/{}", "长".repeat(4000)), 404),
        ("/@acme/t/nope", 404),
        ("/@acme?page=0", 400),
        ("/@acme?page=-1", 400),
        ("/@acme?page=99999999999999999999", 400),
        ("/@acme?page=abc", 400),
        ("/@acme?category=sports", 400),
        ("/?page=0", 400),
        ("/@acme?page=500", 200),
    ] {
        let (got, html) = page(&app, path).await;
        assert_eq!(got, status, "{path}");
        if status == 404 {
            assert!(html.contains("could not find"), "{path}: a friendly page");
        }
        if path.contains("%00") {
            assert!(
                html.contains("contains a NUL character"),
                "{path}: says why"
            );
        }
    }
}

#[tokio::test]
async fn the_profile_shows_the_avatar_chosen_from_the_library() {
    let app = spawn_app().with_member(Role::Owner).await;
    let owner = app.member(Role::Owner);
    let (_, html) = page(&app, "/@acme").await;
    assert_eq!(
        texts(&html, ".profile .avatar"),
        ["OA"],
        "initials of “Org acme”"
    );
    let org = app.org("acme");
    let sha = "ab".repeat(32);
    let media = {
        let mut conn = app.db.get().expect("conn");
        let new = qiao::db::media::NewMedia {
            sha256: sha.clone(),
            content_type: "image/png".into(),
            size_bytes: 10,
            width: 10,
            height: 10,
            alt: "Logo".into(),
        };
        qiao::db::media::add(&mut conn, org.id, &new, None, qiao::db::now())
            .expect("media")
            .0
    };
    let settings = |avatar: String| {
        vec![
            ("name".to_owned(), "Org acme".to_owned()),
            ("description".to_owned(), String::new()),
            ("language".to_owned(), "zh".to_owned()),
            ("timezone".to_owned(), "America/Toronto".to_owned()),
            ("avatar_media_id".to_owned(), avatar),
        ]
    };
    let post = |fields: Vec<(String, String)>| {
        let owner = owner.clone();
        let app = &app;
        async move {
            let f: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            app.post_form(&owner, "/dashboard/acme/settings", &f)
                .await
                .status()
                .as_u16()
        }
    };
    assert_eq!(post(settings("999999".into())).await, 422);
    assert_eq!(post(settings(media.id.to_string())).await, 303);
    let (_, html) = page(&app, "/@acme").await;
    assert_eq!(
        attr(&html, "img.avatar", "src"),
        Some(format!("/media/{sha}/thumb")),
        "the settings change shows at once"
    );
}

#[tokio::test]
async fn the_profile_counts_confirmed_subscribers_as_followers() {
    let app = spawn_app().await;
    let acme = app.create_org("acme");
    let other = app.create_org("other");
    let solo = app.create_org("solo");
    {
        use diesel::prelude::*;
        use qiao::db::schema::subscribers as s;
        let mut conn = app.db.get().expect("conn");
        let now = qiao::db::now();
        let mut rows = Vec::new();
        for i in 0..1234 {
            rows.push((acme.id, format!("reader{i}@example.org"), "active"));
        }
        for status in ["pending", "unsubscribed", "bounced", "complained"] {
            rows.push((acme.id, format!("{status}@example.org"), status));
        }
        rows.push((other.id, "pending@example.org".to_owned(), "pending"));
        rows.push((solo.id, "one@example.org".to_owned(), "active"));
        // One row per statement: diesel's MultiConnection has no batch insert.
        conn.transaction::<_, diesel::result::Error, _>(|conn| {
            for (org, email, status) in &rows {
                diesel::insert_into(s::table)
                    .values((
                        s::org_id.eq(*org),
                        s::email.eq(email.as_str()),
                        s::status.eq(*status),
                        s::created_at.eq(now),
                        s::updated_at.eq(now),
                    ))
                    .execute(conn)?;
            }
            Ok(())
        })
        .expect("subscribers");
        // solo writes in English, so its profile speaks English (the others are Chinese).
        use qiao::db::schema::organizations as o;
        diesel::update(o::table.find(solo.id))
            .set(o::language.eq("en"))
            .execute(&mut conn)
            .expect("language");
        qiao::db::orgs::bump_content(&mut conn, solo.id).expect("bump");
    }
    for (org, shown) in [
        ("acme", "1,234 位关注者"),
        ("other", "0 位关注者"),
        ("solo", "1 follower"),
    ] {
        let (status, html) = page(&app, &format!("/@{org}")).await;
        assert_eq!(status, 200);
        assert_eq!(texts(&html, ".profile .followers"), [shown], "{org}");
    }
}

#[tokio::test]
async fn article_views_by_people_are_counted_and_bots_are_not() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let id = write(&app, &c, "Counted", "", "en").await;
    helpers::publish(&app, &c, "acme", id).await;
    let path = format!("/@acme/{}", slug(&app, id));
    let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    let googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    for agent in [chrome, chrome, googlebot, "curl/8.5.0"] {
        let res = client()
            .get(app.url(&path))
            .header("User-Agent", agent)
            .send()
            .await
            .expect("request");
        assert_eq!(res.status().as_u16(), 200);
    }
    // A 404 counts nothing.
    client()
        .get(app.url("/@acme/nothing"))
        .header("User-Agent", chrome)
        .send()
        .await
        .expect("request");
    let mut conn = app.db.get().expect("conn");
    app.views.flush(&mut conn).expect("flush");
    let totals = qiao::db::views::totals(&mut conn, &[id]).expect("totals");
    assert_eq!(totals.get(&id).copied().unwrap_or(0), 2, "{totals:?}");
}

#[tokio::test]
async fn a_tag_only_drafts_or_scheduled_articles_carry_has_no_page() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    write(&app, &c, "Secret plans", "unannounced", "en").await;
    let scheduled = write(&app, &c, "Embargoed news", "embargoed", "en").await;
    act(&app, &c, scheduled, "schedule").await;
    let shown = write(&app, &c, "Public", "public-tag", "en").await;
    helpers::publish(&app, &c, "acme", shown).await;
    for tag in ["unannounced", "embargoed"] {
        let (status, html) = page(&app, &format!("/@acme/t/{tag}")).await;
        assert_eq!(status, 404, "{tag}");
        assert!(!html.contains(tag), "the tag's name is not shown: {html}");
    }
    assert_eq!(page(&app, "/@acme/t/public-tag").await.0, 200);
    // Once published, the tag has its page.
    helpers::publish(&app, &c, "acme", scheduled).await;
    assert_eq!(page(&app, "/@acme/t/embargoed").await.0, 200);
}

/// The chrome words of an article page: everything but the article itself.
fn chrome(html: &str) -> String {
    [
        ".article .meta",
        ".article .kicker",
        ".share h2",
        ".share-links a",
        ".follow h2",
        ".follow p",
        ".follow button",
        ".prev-next small",
        ".related h2",
        ".related .meta",
        ".source a",
        ".site-footer",
        ".topnav a",
    ]
    .iter()
    .flat_map(|sel| texts(html, sel))
    .collect::<Vec<_>>()
    .join(" | ")
}

#[tokio::test]
async fn an_article_pages_chrome_speaks_the_articles_language_in_its_script() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let mut pages = Vec::new();
    for (title, lang) in [
        ("中秋节", "zh"),
        ("中秋節", "zh-TW"),
        ("Mid-Autumn", "en"),
        ("Festa di metà autunno", "it"),
    ] {
        let id = write(&app, &c, title, "节日", lang).await;
        helpers::publish(&app, &c, "acme", id).await;
        pages.push((lang, format!("/@acme/{}", slug(&app, id))));
    }
    let mut seen = std::collections::HashMap::new();
    for (lang, path) in &pages {
        let (status, html) = page(&app, path).await;
        assert_eq!(status, 200);
        seen.insert(*lang, chrome(&html));
    }
    let hans = &seen["zh"];
    for word in [
        "阅读约",
        "分钟",
        "分享",
        "关注",
        "文化",
        "阅读原文",
        "发布平台",
        "下一篇",
    ] {
        assert!(hans.contains(word), "zh-Hans lacks {word}: {hans}");
    }
    let hant = &seen["zh-TW"];
    for word in [
        "閱讀約",
        "分鐘",
        "分享",
        "追蹤",
        "閱讀原文",
        "發佈平台",
        "上一篇",
        "下一篇",
    ] {
        assert!(hant.contains(word), "zh-Hant lacks {word}: {hant}");
    }
    for (name, text) in [("zh-Hans", hans), ("zh-Hant", hant)] {
        // No English chrome: every Latin word is a brand name.
        let english: Vec<&str> = text
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() > 1)
            .filter(|w| {
                // Brand names, and the organization's and the author's names (content).
                ![
                    "Facebook", "LinkedIn", "Telegram", "WhatsApp", "qiao", "Org", "acme", "editor",
                ]
                .contains(w)
            })
            .collect();
        assert!(
            english.is_empty(),
            "{name} has English chrome {english:?}: {text}"
        );
    }
    for simplified in ['阅', '读', '钟', '关', '发', '链', '页', '较'] {
        assert!(
            !hant.contains(simplified),
            "zh-Hant shows {simplified}: {hant}"
        );
    }
    for (lang, text) in [("en", &seen["en"]), ("it", &seen["it"])] {
        for word in [
            "min read",
            "Share",
            "Follow",
            "Culture",
            "Read the original",
        ] {
            assert!(text.contains(word), "{lang} lacks {word}: {text}");
        }
    }
    // The date as each locale writes it, in the organization's zone.
    let (_, html) = page(&app, &pages[0].1).await;
    let date = texts(&html, ".article .meta time").join("");
    assert!(date.contains('年') && date.ends_with('日'), "{date}");
    let (_, html) = page(&app, &pages[2].1).await;
    let date = texts(&html, ".article .meta time").join("");
    assert!(
        date.split(' ').count() == 3 && !date.contains('年'),
        "{date}"
    );
}

#[tokio::test]
async fn discover_speaks_the_readers_language_and_says_it_varies() {
    let app = spawn_app().await;
    let get = |lang: Option<&'static str>| {
        let url = app.url("/");
        async move {
            let mut req = client().get(url);
            if let Some(l) = lang {
                req = req.header("Accept-Language", l);
            }
            let res = req.send().await.expect("request");
            let vary = res
                .headers()
                .get("vary")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            (vary, res.text().await.expect("body"))
        }
    };
    // Each locale is its own cached page: asking in one never serves another's.
    for _ in 0..2 {
        let (vary, html) = get(Some("zh-TW,zh;q=0.9,en;q=0.8")).await;
        assert!(vary.contains("Accept-Language"), "{vary}");
        assert_eq!(attr(&html, "html", "lang").as_deref(), Some("zh-Hant"));
        assert_eq!(texts(&html, "h1"), ["最新文章"]);
        assert!(texts(&html, "aside h2").contains(&"官方帳號".to_owned()));
        let (_, html) = get(Some("zh-CN,zh;q=0.9")).await;
        assert_eq!(attr(&html, "html", "lang").as_deref(), Some("zh-Hans"));
        assert!(texts(&html, "aside h2").contains(&"公众号".to_owned()));
        let (_, html) = get(None).await;
        assert_eq!(attr(&html, "html", "lang").as_deref(), Some("en"));
        assert_eq!(texts(&html, "h1"), ["Latest articles"]);
        let (_, html) = get(Some("it-IT,it;q=0.9")).await;
        assert_eq!(attr(&html, "html", "lang").as_deref(), Some("en"));
    }
}

#[tokio::test]
async fn the_language_switch_keeps_the_readers_choice_in_a_cookie() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let id = write(&app, &c, "Mid-Autumn", "", "en").await;
    helpers::publish(&app, &c, "acme", id).await;
    let path = format!("/@acme/{}", slug(&app, id));
    let reader = client();
    // Without a choice the English article speaks English; the switch offers the others and
    // returns to this page.
    let (_, html) = page(&app, &path).await;
    assert_eq!(texts(&html, ".share h2"), ["Share"]);
    let switch = texts(&html, ".lang-switch a");
    assert_eq!(switch, ["简体中文", "繁體中文", "English"]);
    assert_eq!(
        attr(&html, ".lang-switch a[aria-current]", "hreflang").as_deref(),
        Some("en")
    );
    let to_hant = attr(&html, ".lang-switch a[hreflang='zh-Hant']", "href").expect("a link");
    let res = app.get(&reader, &to_hant).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&res), path, "back to the page");
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        cookie.starts_with("qiao_lang=zh-Hant") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    // The reader's pages now speak Traditional Chinese; everyone else's still English, from
    // the same cache.
    let res = app.get(&reader, &path).await;
    assert!(
        res.headers()
            .get("vary")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("Cookie"))
    );
    let html = res.text().await.expect("body");
    assert_eq!(texts(&html, ".share h2"), ["分享"]);
    assert!(texts(&html, ".follow button").contains(&"追蹤".to_owned()));
    let (_, html) = page(&app, &path).await;
    assert_eq!(texts(&html, ".share h2"), ["Share"]);
    let html = app.get(&reader, "/@acme").await.text().await.expect("body");
    assert!(texts(&html, ".follow button").contains(&"追蹤".to_owned()));
    let html = app.get(&reader, "/").await.text().await.expect("body");
    assert_eq!(attr(&html, "html", "lang").as_deref(), Some("zh-Hant"));

    // A bad choice is refused with the choices named; a way out of the site is not followed.
    let res = app.get(&reader, "/language?to=fr&next=/").await;
    assert_eq!(res.status().as_u16(), 400);
    assert!(res.text().await.expect("body").contains("zh-Hant"));
    let res = app
        .get(&reader, "/language?to=en&next=//evil.example/x")
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert!(!location(&res).contains("evil"), "{}", location(&res));
    // The switch returns to the page as its cache key knows it: a first visitor's extra query
    // never reaches everyone's links.
    for poisoned in [
        "/?utm=evil-1",
        "/@acme?utm=evil-2",
        "/@acme?category=news&utm=evil-3",
    ] {
        let (_, html) = page(&app, poisoned).await;
        let links = texts(&html, ".lang-switch a");
        assert_eq!(links.len(), 3, "{poisoned}");
        let href = attr(&html, ".lang-switch a", "href").expect("a link");
        assert!(!href.contains("evil"), "{poisoned}: {href}");
    }
    let (_, html) = page(&app, "/@acme?category=news").await;
    let href = attr(&html, ".lang-switch a", "href").expect("a link");
    assert!(href.contains("category%3Dnews"), "the view is kept: {href}");
    // A forged cookie value is no choice at all.
    let res = client()
        .get(app.url(&path))
        .header("Cookie", "qiao_lang=<script>")
        .send()
        .await
        .expect("request");
    let html = res.text().await.expect("body");
    assert_eq!(texts(&html, ".share h2"), ["Share"]);
}

#[tokio::test]
async fn an_article_offers_its_address_as_a_qr_code_for_wechat() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let id = write(&app, &c, "中秋节", "节日", "zh").await;
    helpers::publish(&app, &c, "acme", id).await;
    let path = format!("/@acme/{}", slug(&app, id));
    let (_, html) = page(&app, &path).await;
    let tr = qiao::i18n::Tr::new(qiao::domain::Locale::ZhHans);
    assert_eq!(
        texts(&html, ".wechat summary"),
        [tr.t("article-share-wechat")]
    );
    // An image the page loads only when the box is opened; drawn on the server, cached.
    let src = attr(&html, ".wechat img.qr", "src").expect("a QR code");
    assert_eq!(src, format!("{path}/qr.svg"));
    assert_eq!(
        attr(&html, ".wechat img.qr", "alt").as_deref(),
        Some(tr.t("article-wechat-qr").as_str())
    );
    let res = client().get(app.url(&src)).send().await.expect("qr");
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("image/svg+xml")
    );
    let svg = res.text().await.expect("svg");
    // The code is the page's canonical address.
    let canonical = attr(&html, r#"link[rel="canonical"]"#, "href").expect("canonical");
    assert_eq!(svg, qiao::render::qr::svg(&canonical, ""));
    // In Traditional, the code is the Traditional address; no code for what is not published.
    let (_, hant) = page(&app, &format!("{path}?script=hant")).await;
    let src = attr(&hant, ".wechat img.qr", "src").expect("a QR code");
    assert_eq!(src, format!("{path}/qr.svg?script=hant"));
    let svg = client()
        .get(app.url(&src))
        .send()
        .await
        .expect("qr")
        .text()
        .await
        .expect("svg");
    assert_eq!(
        svg,
        qiao::render::qr::svg(&app.url(&format!("{path}?script=hant")), "")
    );
    let (status, _) = page(&app, "/@acme/no-such-article/qr.svg").await;
    assert_eq!(status, 404);
    // A stranger learns nothing of a draft from its would-be QR address either.
    let draft = write(&app, &c, "草稿", "节日", "zh").await;
    let (status, _) = page(&app, &format!("/@acme/{}/qr.svg", slug(&app, draft))).await;
    assert_eq!(status, 404);
}
