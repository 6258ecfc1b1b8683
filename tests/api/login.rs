use qiao::domain::Role;

use crate::helpers::{PASSWORD, client, location, spawn_app, texts};

#[tokio::test]
async fn login_with_the_right_password_reaches_the_dashboard() {
    let app = spawn_app().await;
    app.create_org("acme");
    app.create_user("li@example.org", "acme", Role::Owner);
    let c = client();
    let res = app.login_as(&c, "LI@Example.org", PASSWORD).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&res), "/dashboard");
    let res = app.get(&c, "/dashboard").await;
    assert_eq!(location(&res), "/dashboard/acme");
    let html = app
        .get(&c, "/dashboard/acme")
        .await
        .text()
        .await
        .expect("body");
    assert!(html.contains("Org acme"), "{html}");
}

#[tokio::test]
async fn login_with_a_wrong_password_or_unknown_email_is_refused_alike() {
    let app = spawn_app().await;
    app.create_org("acme");
    app.create_user("li@example.org", "acme", Role::Owner);
    for (email, pw) in [
        ("li@example.org", "wrong password!"),
        ("nobody@example.org", PASSWORD),
    ] {
        let c = client();
        let res = app.login_as(&c, email, pw).await;
        assert_eq!(res.status().as_u16(), 401);
        let html = res.text().await.expect("body");
        assert_eq!(
            texts(&html, "[role=alert]"),
            vec!["The email or password is incorrect."]
        );
        let res = app.get(&c, "/dashboard/acme").await;
        assert_eq!(res.status().as_u16(), 303, "still logged out");
    }
}

#[tokio::test]
async fn an_anonymous_visit_to_the_dashboard_redirects_to_login_and_back() {
    let app = spawn_app().await;
    app.create_org("acme");
    app.create_user("li@example.org", "acme", Role::Owner);
    let c = client();
    for path in ["/dashboard", "/dashboard/acme/members", "/account"] {
        let res = app.get(&c, path).await;
        assert_eq!(res.status().as_u16(), 303, "{path}");
        assert!(
            location(&res).starts_with("/login?next="),
            "{path}: {}",
            location(&res)
        );
    }
    let res = app.get(&c, "/dashboard/acme/members?x=1").await;
    let login_page = location(&res);
    assert_eq!(
        login_page,
        "/login?next=%2Fdashboard%2Facme%2Fmembers%3Fx%3D1"
    );
    let html = app.get(&c, &login_page).await.text().await.expect("body");
    assert!(
        html.contains("value=\"/dashboard/acme/members?x=1\""),
        "next is carried: {html}"
    );
    let res = app
        .login_next(
            &c,
            "li@example.org",
            PASSWORD,
            "/dashboard/acme/members?x=1",
        )
        .await;
    assert_eq!(location(&res), "/dashboard/acme/members?x=1");
}

#[tokio::test]
async fn login_never_redirects_to_another_site() {
    let app = spawn_app().await;
    app.create_org("acme");
    app.create_user("li@example.org", "acme", Role::Owner);
    let res = app
        .login_next(&client(), "li@example.org", PASSWORD, "//evil.example/x")
        .await;
    assert_eq!(location(&res), "/dashboard");
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = spawn_app().with_member(Role::Owner).await;
    let c = app.member(Role::Owner);
    assert_eq!(app.get(&c, "/dashboard/acme").await.status().as_u16(), 200);
    let res = app.post_form(&c, "/logout", &[]).await;
    assert_eq!(location(&res), "/login");
    assert_eq!(app.get(&c, "/dashboard/acme").await.status().as_u16(), 303);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_lax_and_secure_behind_https() {
    let app = spawn_app().await;
    let res = app.get(&client(), "/login").await;
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(cookie.starts_with("qiao_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain http: {cookie}");

    let app = spawn_app()
        .configure(|s| s.public_url = Some("https://news.example.org".parse().expect("url")))
        .await;
    let res = app.get(&client(), "/login").await;
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(cookie.contains("Secure"), "https: {cookie}");
}

#[tokio::test]
async fn changing_the_password_logs_out_other_sessions_but_not_this_one() {
    let app = spawn_app()
        .with_member_in("acme", "li@example.org", Role::Owner)
        .await;
    let laptop = app.client_of("li@example.org");
    let phone = client();
    assert_eq!(
        app.login_as(&phone, "li@example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
    let new = "a brand new passphrase";
    let res = app
        .post_form(
            &laptop,
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", new),
                ("password_confirm", new),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        app.get(&laptop, "/dashboard/acme").await.status().as_u16(),
        200
    );
    assert_eq!(
        app.get(&phone, "/dashboard/acme").await.status().as_u16(),
        303
    );
    let fresh = client();
    assert_eq!(
        app.login_as(&fresh, "li@example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        401
    );
    assert_eq!(
        app.login_as(&fresh, "li@example.org", new)
            .await
            .status()
            .as_u16(),
        303
    );
}

/// Logs in with a fresh client and returns the session cookie (`name=value`) it was given.
async fn session_cookie(app: &crate::helpers::TestApp, email: &str) -> String {
    let c = client();
    let res = app.login_as(&c, email, PASSWORD).await;
    assert_eq!(res.status().as_u16(), 303);
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("qiao_session="))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_owned()
}

/// Status of a dashboard page asked for with nothing but `cookie`.
async fn with_cookie(app: &crate::helpers::TestApp, cookie: &str) -> u16 {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .get(app.url("/dashboard/acme"))
        .header("Cookie", cookie)
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_copied_cookie_stops_working_at_logout_and_password_change() {
    let app = spawn_app().await;
    app.create_org("acme");
    app.create_user("li@example.org", "acme", Role::Owner);
    // Logout: a copy of the cookie taken before is worthless after.
    let copy = session_cookie(&app, "li@example.org").await;
    assert_eq!(with_cookie(&app, &copy).await, 200);
    let token = {
        let html = reqwest::Client::new()
            .get(app.url("/account"))
            .header("Cookie", &copy)
            .send()
            .await
            .expect("request")
            .text()
            .await
            .expect("body");
        crate::helpers::csrf_in(&html)
    };
    let res = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(app.url("/logout"))
        .header("Cookie", &copy)
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .expect("logout");
    assert_eq!(location(&res), "/login");
    assert_eq!(
        with_cookie(&app, &copy).await,
        303,
        "the copy is logged out too"
    );

    // A password change ends every other session but keeps the one that made it.
    let other = session_cookie(&app, "li@example.org").await;
    let c = client();
    app.login_as(&c, "li@example.org", PASSWORD).await;
    let new = "another long passphrase";
    let res = app
        .post_form(
            &c,
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", new),
                ("password_confirm", new),
            ],
        )
        .await;
    assert_eq!(location(&res), "/account");
    assert_eq!(with_cookie(&app, &other).await, 303);
    assert_eq!(app.get(&c, "/dashboard/acme").await.status().as_u16(), 200);
}
