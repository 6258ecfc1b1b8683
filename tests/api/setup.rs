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
