//! The dashboard's language: the user's saved choice, else the browser's, else the
//! organization's; a switch in the header; every word of a Chinese dashboard in Chinese.

use qiao::domain::{Locale, Role};
use qiao::i18n::Tr;
use reqwest::redirect::Policy;

use crate::helpers::{PASSWORD, TestApp, attr, csrf_in, member_email, spawn_app, texts};

/// A logged-in browser that sends no `Accept-Language` of its own.
async fn bare_browser(app: &TestApp, email: &str) -> reqwest::Client {
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("client");
    let res = app.login_as(&c, email, PASSWORD).await;
    assert_eq!(res.status().as_u16(), 303);
    c
}

async fn page(c: &reqwest::Client, app: &TestApp, path: &str, lang: Option<&str>) -> String {
    let mut req = c.get(app.url(path));
    if let Some(l) = lang {
        req = req.header("accept-language", l);
    }
    let res = req.send().await.expect("request");
    assert_eq!(res.status().as_u16(), 200, "{path}");
    res.text().await.expect("body")
}

fn nav(html: &str) -> Vec<String> {
    texts(html, ".sidenav a")
}

fn nav_in(locale: Locale) -> Vec<String> {
    let tr = Tr::new(locale);
    [
        "dash-nav-overview",
        "dash-nav-articles",
        "dash-nav-review",
        "dash-nav-broadcasts",
        "dash-nav-subscribers",
        "dash-nav-media",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect()
}

#[tokio::test]
async fn the_dashboard_follows_the_saved_choice_then_the_browser_then_the_organization() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = bare_browser(&app, &member_email(Role::Editor)).await;
    // No saved choice, no browser language: the organization's (it writes Chinese).
    let html = page(&c, &app, "/dashboard/acme", None).await;
    assert_eq!(attr(&html, "html", "lang").as_deref(), Some("zh-Hans"));
    assert!(
        nav(&html).starts_with(&nav_in(Locale::ZhHans)),
        "{:?}",
        nav(&html)
    );
    // The browser's language beats the organization's.
    let html = page(&c, &app, "/dashboard/acme", Some("zh-TW,zh;q=0.8,en;q=0.5")).await;
    assert_eq!(attr(&html, "html", "lang").as_deref(), Some("zh-Hant"));
    assert!(nav(&html).starts_with(&nav_in(Locale::ZhHant)));
    let html = page(&c, &app, "/dashboard/acme", Some("en-GB")).await;
    assert!(nav(&html).starts_with(&nav_in(Locale::En)));
    // The header's switch saves the choice on the account; it then beats the browser.
    let token = csrf_in(&html);
    assert_eq!(texts(&html, ".lang-switch button").len(), 3);
    let res = c
        .post(app.url("/account/language"))
        .header("accept-language", "en")
        .form(&[
            ("csrf_token", token.as_str()),
            ("locale", "zh-Hant"),
            ("next", "/dashboard/acme/articles"),
        ])
        .send()
        .await
        .expect("switch");
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        res.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/dashboard/acme/articles")
    );
    assert_eq!(
        app.user(&member_email(Role::Editor)).locale.as_deref(),
        Some("zh-Hant")
    );
    let html = page(&c, &app, "/dashboard/acme/articles", Some("en")).await;
    assert_eq!(attr(&html, "html", "lang").as_deref(), Some("zh-Hant"));
    let flash = texts(&html, ".flash").join(" ");
    assert_eq!(flash, Tr::new(Locale::ZhHant).t("flash-language-saved"));
    // On the account page the choice can be forgotten again: the browser decides once more.
    let html = page(&c, &app, "/account", Some("en")).await;
    assert_eq!(
        attr(&html, r#"select[name="locale"] option[selected]"#, "value").as_deref(),
        Some("zh-Hant")
    );
    let res = c
        .post(app.url("/account/language"))
        .form(&[
            ("csrf_token", csrf_in(&html).as_str()),
            ("locale", ""),
            ("next", "/account"),
        ])
        .send()
        .await
        .expect("forget");
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(app.user(&member_email(Role::Editor)).locale, None);
    let html = page(&c, &app, "/dashboard/acme", Some("en")).await;
    assert!(nav(&html).starts_with(&nav_in(Locale::En)));
}

#[tokio::test]
async fn the_language_switch_refuses_unknown_languages_forged_forms_and_other_sites() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = bare_browser(&app, &member_email(Role::Editor)).await;
    let html = page(&c, &app, "/dashboard/acme", Some("en")).await;
    // A language qiao does not speak is refused and nothing is saved; so is a forged form,
    // and a way off the site.
    let res = c
        .post(app.url("/account/language"))
        .form(&[
            ("csrf_token", csrf_in(&html).as_str()),
            ("locale", "fr"),
            ("next", "/"),
        ])
        .send()
        .await
        .expect("bad");
    assert_eq!(res.status().as_u16(), 422);
    assert_eq!(app.user(&member_email(Role::Editor)).locale, None);
    let res = c
        .post(app.url("/account/language"))
        .form(&[("csrf_token", "forged"), ("locale", "zh-Hans")])
        .send()
        .await
        .expect("forged");
    assert_eq!(res.status().as_u16(), 403);
    assert_eq!(app.user(&member_email(Role::Editor)).locale, None);
    let res = c
        .post(app.url("/account/language"))
        .form(&[
            ("csrf_token", csrf_in(&html).as_str()),
            ("locale", "en"),
            ("next", "//evil.example/x"),
        ])
        .send()
        .await
        .expect("next");
    let to = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(!to.contains("evil"), "{to}");
}

#[tokio::test]
async fn validation_messages_and_flashes_speak_the_dashboards_language() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = bare_browser(&app, &member_email(Role::Editor)).await;
    let html = page(&c, &app, "/dashboard/acme/articles/new", Some("zh-Hans")).await;
    let res = c
        .post(app.url("/dashboard/acme/articles"))
        .header("accept-language", "zh-Hans")
        .form(&[
            ("csrf_token", csrf_in(&html).as_str()),
            ("title", ""),
            ("body_markdown", "正文"),
            ("category", "culture"),
            ("language", "zh"),
        ])
        .send()
        .await
        .expect("save");
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    let errors = texts(&html, ".field-error");
    let tr = Tr::new(Locale::ZhHans);
    assert!(
        errors.contains(&tr.msg(&qiao::domain::Msg::new("error-title-empty"))),
        "{errors:?}"
    );
    // The error page of a stranger's organization, in the reader's language too.
    let res = c
        .get(app.url("/dashboard/nowhere"))
        .header("accept-language", "zh-TW")
        .send()
        .await
        .expect("404");
    assert_eq!(res.status().as_u16(), 404);
    let html = res.text().await.expect("body");
    assert_eq!(
        texts(&html, "h1"),
        [Tr::new(Locale::ZhHant).t("error-heading-404")]
    );
}

/// Latin words a Chinese dashboard may show: brands, formats, code and what the user wrote.
const ALLOWED: &[&str] = &[
    "qiao",
    "API",
    "JSON",
    "OpenAPI",
    "Markdown",
    "JPEG",
    "PNG",
    "WebP",
    "GIF",
    "Ctrl",
    "Atom",
    "Bearer",
    "Authorization",
    "Org",
    "acme",
    "editor",
    "owner",
    "example",
    "org",
    "CSV",
    "URL",
    "BCP",
    "English",
    "MB",
    "KB",
    // The stable addresses of the two scripts, as the settings page names them.
    "script",
    "hans",
    "hant",
    "Asia",
    "Shanghai",
    "Europe",
    "Rome",
    "America",
    "Toronto",
    "UTC",
    "min",
];

#[tokio::test]
async fn a_chinese_dashboard_has_no_english_chrome() {
    let app = spawn_app().with_member(Role::Owner).await;
    let c = bare_browser(&app, &member_email(Role::Owner)).await;
    for path in [
        "/dashboard/acme",
        "/dashboard/acme/articles",
        "/dashboard/acme/articles/new",
        "/dashboard/acme/media",
        "/dashboard/acme/members",
        "/dashboard/acme/settings",
        "/dashboard/acme/tokens",
        "/account",
    ] {
        for locale in [Locale::ZhHans, Locale::ZhHant] {
            let html = page(&c, &app, path, Some(locale.tag())).await;
            let doc = scraper::Html::parse_document(&html);
            let body = scraper::Selector::parse("body").expect("selector");
            let mut words: Vec<String> = Vec::new();
            for el in doc.select(&body) {
                for text in el.text() {
                    words.extend(
                        text.split(|c: char| !c.is_ascii_alphabetic())
                            .filter(|w| w.len() > 1 && !ALLOWED.contains(w))
                            .map(str::to_owned),
                    );
                }
            }
            // The language picker names each language in itself (Français, Deutsch), and its
            // hint gives BCP 47 codes as examples.
            words.retain(|w| {
                !qiao::render::choices::LANGUAGES
                    .iter()
                    .any(|(_, name)| name.contains(w.as_str()))
                    && !["Hant", "Hans", "HK", "TW", "CA", "nan", "fr", "zh"].contains(&w.as_str())
            });
            // Time zone names in the picker are IANA names, not words.
            words.retain(|w| {
                !chrono_tz::TZ_VARIANTS
                    .iter()
                    .any(|z| z.name().contains(w.as_str()))
            });
            assert!(words.is_empty(), "{path} in {}: {words:?}", locale.tag());
            if locale == Locale::ZhHant {
                for simplified in ['设', '们', '发', '这', '账', '码', '图', '签'] {
                    let chrome: String = doc.select(&body).flat_map(|e| e.text()).collect();
                    assert!(!chrome.contains(simplified), "{path}: {simplified}");
                }
            }
        }
    }
}
