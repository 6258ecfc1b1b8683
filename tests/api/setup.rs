use crate::helpers::{TestDb, client, csrf_in, location, spawn_app, texts};

fn setup_form<'a>(token: &'a str, slug: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf_token", token),
        ("org_name", "Toronto Chinese Cultural Association"),
        ("org_slug", slug),
        ("timezone", "America/Toronto"),
        ("language", "zh"),
        ("name", "Chen Jing"),
        ("email", "chen@example.org"),
        ("password", "a long enough passphrase"),
        ("password_confirm", "a long enough passphrase"),
    ]
}

#[tokio::test]
async fn the_setup_link_creates_the_first_organization_and_owner_once() {
    let app = spawn_app().await;
    let link = app
        .setup_url
        .clone()
        .expect("a fresh instance has a setup link");
    let c = client();
    let page = c.get(&link).send().await.expect("get");
    assert_eq!(page.status().as_u16(), 200);
    let token = csrf_in(&page.text().await.expect("body"));
    let res = c
        .post(&link)
        .form(&setup_form(&token, "tcca"))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&res), "/dashboard/tcca");
    let html = app
        .get(&c, "/dashboard/tcca")
        .await
        .text()
        .await
        .expect("body");
    assert!(html.contains("You are owner here"), "{html}");
    // The link is spent.
    assert_eq!(
        client()
            .get(&link)
            .send()
            .await
            .expect("get")
            .status()
            .as_u16(),
        404
    );
    let other = client();
    let t = app.csrf(&other, "/login").await;
    let res = other
        .post(&link)
        .form(&setup_form(&t, "second"))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 404);
}

#[tokio::test]
async fn a_wrong_setup_token_is_404() {
    let app = spawn_app().await;
    let res = client()
        .get(app.url("/setup/not-the-token"))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status().as_u16(), 404);
}

#[tokio::test]
async fn setup_shows_every_bad_field_and_keeps_the_rest() {
    let app = spawn_app().await;
    let link = app.setup_url.clone().expect("link");
    let c = client();
    let token = csrf_in(
        &c.get(&link)
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("body"),
    );
    let mut form = setup_form(&token, "Bad Slug!");
    form[6] = ("email", "chen@");
    form[8] = ("password_confirm", "something else entirely");
    let res = c.post(&link).form(&form).send().await.expect("post");
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    let errors = texts(&html, ".field-error");
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(
        html.contains("Toronto Chinese Cultural Association"),
        "values kept"
    );
    // Nothing was saved: the link still works.
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
}

#[tokio::test]
async fn an_instance_with_users_prints_no_setup_link() {
    let db = TestDb::new();
    let app = spawn_app().on(db).await;
    app.create_org("acme");
    app.create_user("li@example.org", "acme", qiao::domain::Role::Owner);
    let settings = app.settings.clone();
    let again = qiao::startup::Application::build(settings)
        .await
        .expect("builds");
    assert!(again.setup_url.is_none());
}

#[tokio::test]
async fn setup_lists_zones_by_region_offers_common_languages_and_suggests_a_pinyin_address() {
    let app = spawn_app().await;
    let link = app.setup_url.clone().expect("a setup link");
    let c = client();
    let html = c
        .get(&link)
        .header("accept-language", "zh-CN")
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    // Zones by region, under names people know, none of the old aliases.
    let groups = crate::helpers::attrs(&html, "select[name=timezone] optgroup", "label");
    let tr = qiao::i18n::Tr::new(qiao::domain::Locale::ZhHans);
    assert_eq!(groups.first(), Some(&tr.t("zone-region-common")));
    assert!(groups.contains(&tr.t("zone-region-asia")), "{groups:?}");
    let labels = texts(&html, "select[name=timezone] option");
    assert!(
        labels.iter().any(|l| l.starts_with("多伦多 (UTC")),
        "{labels:?}"
    );
    let values = crate::helpers::attrs(&html, "select[name=timezone] option", "value");
    assert!(!values.iter().any(|v| v.starts_with("US/")));
    // The browser's zone is guessed by the page's script, not by the server.
    assert!(html.contains("data-guess-zone") && html.contains("/static/setup.js"));
    // Common languages by their own names, any other tag under "other".
    let langs = texts(&html, "select[name=language] option");
    assert!(
        langs.starts_with(&["简体中文".to_owned(), "繁體中文".to_owned()]),
        "{langs:?}"
    );
    assert_eq!(langs.last(), Some(&tr.t("dash-form-language-other")));
    // A Chinese name suggests a pinyin address; nothing usable suggests nothing.
    for (name, slug) in [
        ("枫桥华人协会", "feng-qiao-hua-ren-xie-hui"),
        ("！！", ""),
        ("admin", ""),
    ] {
        let res = c
            .get(app.url("/setup/suggest-slug"))
            .query(&[("name", name)])
            .send()
            .await
            .expect("suggest");
        assert_eq!(res.status().as_u16(), 200);
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["slug"], slug, "{name}");
    }
    // "Other" takes the typed tag; a bad one is refused next to the field.
    let token = csrf_in(&html);
    let mut form = setup_form(&token, "tcca");
    form.retain(|(k, _)| *k != "language");
    form.push(("language", "other"));
    form.push(("language_other", "not a tag!"));
    let res = c.post(&link).form(&form).send().await.expect("post");
    assert_eq!(res.status().as_u16(), 422);
    let form_html = res.text().await.expect("body");
    assert_eq!(texts(&form_html, ".field-error").len(), 1, "{form_html}");
    let token = csrf_in(&form_html);
    let mut form = setup_form(&token, "tcca");
    form.retain(|(k, _)| *k != "language");
    form.push(("language", "other"));
    form.push(("language_other", "zh-Hant-HK"));
    let res = c.post(&link).form(&form).send().await.expect("post");
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(app.org("tcca").language, "zh-Hant-HK");
    // The settings page shows it under "other", kept as typed.
    let html = app
        .get(&c, "/dashboard/tcca/settings")
        .await
        .text()
        .await
        .expect("body");
    assert_eq!(
        crate::helpers::attr(&html, "select[name=language] option[selected]", "value").as_deref(),
        Some("other")
    );
    assert_eq!(
        crate::helpers::attr(&html, "input[name=language_other]", "value").as_deref(),
        Some("zh-Hant-HK")
    );
}
