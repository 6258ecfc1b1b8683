//! 简繁: every Chinese article readable in both scripts, at a stable address per script,
//! cached like any page, with its alternates, its switch, and its feed; the stored Markdown
//! never rewritten.

use qiao::domain::Role;

use crate::helpers::{self, TestApp, attr, client, spawn_app, texts};

const BODY: &str = "我们的发展很快，头发也长了。\n\n\
                    用 `头发 --发展` 命令。\n\n\
                    ```\n软件 发展\n```\n\n\
                    详见 https://example.org/头发/发展 。";

async fn chinese(app: &TestApp, c: &reqwest::Client, title: &str, lang: &str) -> (i64, String) {
    let id = helpers::new_article(
        app,
        c,
        "acme",
        &[
            ("title", title),
            ("body_markdown", BODY),
            ("category", "culture"),
            ("language", lang),
            ("tags", "发展"),
        ],
    )
    .await;
    helpers::publish(app, c, "acme", id).await;
    (id, format!("/@acme/{}", helpers::slug(app, id)))
}

async fn get(app: &TestApp, path: &str) -> (u16, String) {
    let res = client().get(app.url(path)).send().await.expect("request");
    (res.status().as_u16(), res.text().await.expect("body"))
}

fn set_scripts(app: &TestApp, reader_script: &str, hant_words: &str) {
    use diesel::prelude::*;
    use qiao::db::schema::organizations;
    let mut conn = app.db.get().expect("connection");
    diesel::update(organizations::table.filter(organizations::slug.eq("acme")))
        .set((
            organizations::reader_script.eq(reader_script),
            organizations::hant_words.eq(hant_words),
            organizations::content_version.eq(organizations::content_version + 1),
        ))
        .execute(&mut conn)
        .expect("update");
    // Written behind the server's back: its page cache trusts the versions it read for a
    // second.
    std::thread::sleep(std::time::Duration::from_millis(1100));
}

#[tokio::test]
async fn a_simplified_article_reads_in_traditional_at_its_own_address() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let (id, path) = chinese(&app, &c, "头发的发展", "zh-Hans").await;

    let (status, plain) = get(&app, &path).await;
    assert_eq!(status, 200);
    assert_eq!(texts(&plain, ".article h1"), ["头发的发展"]);
    assert_eq!(attr(&plain, "article", "lang").as_deref(), Some("zh-Hans"));
    // The switch: 简体 here, 繁體 at ?script=hant; each script's address is an alternate.
    assert_eq!(texts(&plain, ".script-switch a"), ["简体", "繁體"]);
    assert_eq!(
        attr(&plain, ".script-switch a[aria-current]", "href").as_deref(),
        Some(path.as_str())
    );
    let hant_path = format!("{path}?script=hant");
    assert_eq!(
        attr(&plain, r#"link[hreflang="zh-Hant"]"#, "href"),
        Some(app.url(&hant_path))
    );
    assert_eq!(
        attr(&plain, r#"link[hreflang="zh-Hans"]"#, "href"),
        Some(app.url(&path))
    );
    assert_eq!(
        attr(&plain, r#"link[hreflang="x-default"]"#, "href"),
        Some(app.url(&path))
    );

    let (status, hant) = get(&app, &hant_path).await;
    assert_eq!(status, 200);
    assert_eq!(texts(&hant, ".article h1"), ["頭髮的發展"]);
    assert_eq!(attr(&hant, "article", "lang").as_deref(), Some("zh-Hant"));
    assert_eq!(attr(&hant, "html", "lang").as_deref(), Some("zh-Hant"));
    assert_eq!(
        attr(&hant, r#"link[rel="canonical"]"#, "href"),
        Some(app.url(&hant_path))
    );
    assert_eq!(
        attr(&hant, ".script-switch a[aria-current]", "href").as_deref(),
        Some(hant_path.as_str())
    );
    let prose = texts(&hant, ".prose p").join("\n");
    assert!(prose.contains("我們的發展很快，頭髮也長了。"), "{prose}");
    // Code, code blocks and addresses mean exactly what they say.
    assert_eq!(texts(&hant, ".prose code"), ["头发 --发展", "软件 发展"]);
    assert!(
        hant.contains("https://example.org/头发/发展"),
        "the address was converted"
    );
    // The chrome speaks Traditional Chinese too; the tag is converted, its link is not.
    assert!(texts(&hant, ".article .meta").join("").contains("閱讀約"));
    assert_eq!(texts(&hant, ".tags a"), ["#發展"]);
    // The Traditional page differs from the original only in converted text.
    // What is left in Simplified is only what must not change: code, the code block, the
    // address, the tag's address.
    let count = |from: &str| hant.matches(from).count();
    assert_eq!(
        count("发展"),
        count("头发/发展") + count("--发展") + count("软件 发展") + count("/t/发展\""),
        "{hant}"
    );

    // The stored Markdown is never rewritten.
    assert!(
        helpers::article(&app, id)
            .body_markdown
            .contains("我们的发展很快")
    );

    // Cached like any page: the same bytes again.
    let (_, again) = get(&app, &hant_path).await;
    assert_eq!(again, hant);

    // A script that does not exist is refused, naming the choices.
    let (status, body) = get(&app, &format!("{path}?script=latn")).await;
    assert_eq!(status, 400);
    assert!(body.contains("hans") && body.contains("hant"), "{body}");
}

#[tokio::test]
async fn a_traditional_article_reads_in_simplified_and_english_is_left_alone() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let (_, path) = chinese(&app, &c, "頭髮的發展", "zh-TW").await;
    let (_, plain) = get(&app, &path).await;
    assert_eq!(texts(&plain, ".article h1"), ["頭髮的發展"]);
    assert_eq!(
        attr(&plain, ".script-switch a[aria-current]", "lang").as_deref(),
        Some("zh-Hant")
    );
    let (_, hans) = get(&app, &format!("{path}?script=hans")).await;
    assert_eq!(texts(&hans, ".article h1"), ["头发的发展"]);
    assert_eq!(attr(&hans, "article", "lang").as_deref(), Some("zh-Hans"));

    let id = helpers::new_article(
        &app,
        &c,
        "acme",
        &[
            ("title", "Hair"),
            ("body_markdown", "Plain English."),
            ("category", "culture"),
            ("language", "en"),
        ],
    )
    .await;
    helpers::publish(&app, &c, "acme", id).await;
    let en = format!("/@acme/{}", helpers::slug(&app, id));
    let (status, html) = get(&app, &format!("{en}?script=hant")).await;
    assert_eq!(status, 200);
    assert!(texts(&html, ".script-switch a").is_empty());
    assert_eq!(attr(&html, r#"link[hreflang="zh-Hant"]"#, "href"), None);
    assert_eq!(texts(&html, ".article h1"), ["Hair"]);
}

#[tokio::test]
async fn the_organization_chooses_the_script_and_taiwan_wording_of_its_plain_addresses() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let (_, path) = chinese(&app, &c, "软件的发展", "zh-Hans").await;
    set_scripts(&app, "hant", "tw");
    // The plain address is now Traditional with Taiwan's words; the original is at ?script=hans.
    let (_, plain) = get(&app, &path).await;
    assert_eq!(texts(&plain, ".article h1"), ["軟體的發展"]);
    let hans_path = format!("{path}?script=hans");
    assert_eq!(
        attr(&plain, r#"link[hreflang="zh-Hans"]"#, "href"),
        Some(app.url(&hans_path))
    );
    assert_eq!(
        attr(&plain, r#"link[hreflang="zh-Hant"]"#, "href"),
        Some(app.url(&path))
    );
    let (_, hans) = get(&app, &hans_path).await;
    assert_eq!(texts(&hans, ".article h1"), ["软件的发展"]);
    // Hong Kong's words instead.
    set_scripts(&app, "hant", "hk");
    let (_, hk) = get(&app, &path).await;
    assert_eq!(texts(&hk, ".article h1"), ["軟件的發展"]);
    // The profile follows the choice, and its cards keep the reader's script.
    let (_, profile) = get(&app, "/@acme?script=hans").await;
    assert_eq!(texts(&profile, ".post-card h3"), ["软件的发展"]);
    let href = attr(&profile, ".post-card h3 a", "href").unwrap_or_default();
    assert!(href.ends_with("?script=hans"), "{href}");
}

#[tokio::test]
async fn the_feed_offers_both_scripts() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let (_, path) = chinese(&app, &c, "头发的发展", "zh-Hans").await;
    let (status, plain) = get(&app, "/@acme/feed.atom").await;
    assert_eq!(status, 200);
    assert!(plain.contains("<title>头发的发展</title>"), "{plain}");
    let (status, hant) = get(&app, "/@acme/feed.atom?script=hant").await;
    assert_eq!(status, 200);
    assert!(hant.contains("<title>頭髮的發展</title>"), "{hant}");
    assert!(hant.contains("我們的發展很快"), "{hant}");
    assert!(
        hant.contains(&format!("{path}?script=hant")),
        "the entry links to the Traditional page"
    );
    assert!(
        hant.contains("feed.atom?script=hant"),
        "its self link says which feed it is"
    );
    assert!(hant.contains("xml:lang=\"zh-Hant\""), "{hant}");
    let (status, _) = get(&app, "/@acme/feed.atom?script=zh").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn the_settings_form_saves_the_script_choice_and_refuses_unknown_values() {
    let app = spawn_app().with_member(Role::Owner).await;
    let owner = app.member(Role::Owner);
    let (_, path) = chinese(&app, &owner, "软件的发展", "zh-Hans").await;
    let form = |script: &'static str, words: &'static str| {
        vec![
            ("name", "Org acme"),
            ("description", ""),
            ("language", "zh"),
            ("timezone", "America/Toronto"),
            ("avatar_media_id", ""),
            ("reader_script", script),
            ("hant_words", words),
        ]
    };
    let res = app
        .post_form(&owner, "/dashboard/acme/settings", &form("hant", "tw"))
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let org = app.org("acme");
    assert_eq!(
        (org.reader_script.as_str(), org.hant_words.as_str()),
        ("hant", "tw")
    );
    // Saved through the dashboard, the change shows at once.
    let (_, plain) = get(&app, &path).await;
    assert_eq!(texts(&plain, ".article h1"), ["軟體的發展"]);
    let html = app
        .get(&owner, "/dashboard/acme/settings")
        .await
        .text()
        .await
        .expect("body");
    assert_eq!(
        attr(
            &html,
            r#"select[name="reader_script"] option[selected]"#,
            "value"
        )
        .as_deref(),
        Some("hant")
    );
    // Unknown values are refused next to their fields, and nothing is saved.
    let res = app
        .post_form(&owner, "/dashboard/acme/settings", &form("latn", "mo"))
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    assert_eq!(texts(&html, ".field-error").len(), 2, "{html}");
    assert_eq!(app.org("acme").hant_words, "tw");
}
