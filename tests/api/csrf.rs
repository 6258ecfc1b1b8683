use qiao::domain::Role;

use crate::helpers::{PASSWORD, client, spawn_app};

#[tokio::test]
async fn a_login_without_a_csrf_token_is_forbidden() {
    let app = spawn_app().await;
    app.create_org("acme");
    app.create_user("li@example.org", "acme", Role::Owner);
    let c = client();
    app.csrf(&c, "/login").await;
    let res = app
        .post(
            &c,
            "/login",
            &[("email", "li@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status().as_u16(), 403);
    let body = res.text().await.expect("body");
    assert!(body.contains("did not come from this site"), "{body}");
}

#[tokio::test]
async fn a_wrong_or_foreign_csrf_token_is_forbidden() {
    let app = spawn_app().await;
    app.create_org("acme");
    app.create_user("li@example.org", "acme", Role::Owner);
    let c = client();
    let mine = app.csrf(&c, "/login").await;
    let other = app.csrf(&client(), "/login").await;
    assert_ne!(mine, other);
    for token in ["wrong", other.as_str(), ""] {
        let res = app
            .post(
                &c,
                "/login",
                &[
                    ("email", "li@example.org"),
                    ("password", PASSWORD),
                    ("csrf_token", token),
                ],
            )
            .await;
        assert_eq!(res.status().as_u16(), 403, "token {token:?}");
    }
    // Without any session cookie at all.
    let res = client()
        .post(app.url("/login"))
        .form(&[
            ("email", "li@example.org"),
            ("password", PASSWORD),
            ("csrf_token", mine.as_str()),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 403);
}

#[tokio::test]
async fn dashboard_forms_need_the_csrf_token_too() {
    let app = spawn_app().with_member(Role::Owner).await;
    let c = app.member(Role::Owner);
    let cases: [(&str, Vec<(&str, &str)>); 4] = [
        (
            "/dashboard/acme/members",
            vec![("email", "x@example.org"), ("role", "editor")],
        ),
        (
            "/dashboard/acme/settings",
            vec![
                ("name", "Hijacked"),
                ("language", "en"),
                ("timezone", "UTC"),
            ],
        ),
        (
            "/account",
            vec![("name", "Hijacked"), ("email", "evil@example.org")],
        ),
        ("/logout", vec![]),
    ];
    for (path, form) in cases {
        let res = app.post(&c, path, &form).await;
        assert_eq!(res.status().as_u16(), 403, "{path}");
    }
    assert_eq!(app.org("acme").name, "Org acme", "nothing was changed");
    assert_eq!(
        app.get(&c, "/dashboard/acme").await.status().as_u16(),
        200,
        "still logged in"
    );
}
