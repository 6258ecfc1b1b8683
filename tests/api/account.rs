use qiao::domain::Role;

use crate::helpers::{location, spawn_app, texts};

#[tokio::test]
async fn a_user_edits_their_profile_and_sees_errors_at_the_fields() {
    let app = spawn_app().await;
    app.create_org("acme");
    app.create_user("taken@example.org", "acme", Role::Author);
    let c = app
        .member_client("li@example.org", "acme", Role::Editor)
        .await;
    let res = app
        .post_form(
            &c,
            "/account",
            &[("name", "李 Wei"), ("email", "Li.Wei@Example.org")],
        )
        .await;
    assert_eq!(location(&res), "/account");
    let html = app.get(&c, "/account").await.text().await.expect("body");
    assert!(html.contains("value=\"li.wei@example.org\""), "{html}");
    assert!(texts(&html, ".flash-success").join("").contains("saved"));
    let res = app
        .post_form(
            &c,
            "/account",
            &[("name", "李 Wei"), ("email", "taken@example.org")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    assert!(
        texts(&html, ".field-error")
            .join("")
            .contains("already exists"),
        "{html}"
    );
    let res = app
        .post_form(&c, "/account", &[("name", ""), ("email", "x")])
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert_eq!(
        texts(&res.text().await.expect("body"), ".field-error").len(),
        2
    );
}

#[tokio::test]
async fn a_password_change_needs_the_current_password() {
    let app = spawn_app().await;
    app.create_org("acme");
    let c = app
        .member_client("li@example.org", "acme", Role::Editor)
        .await;
    let new = "another long passphrase";
    let res = app
        .post_form(
            &c,
            "/account/password",
            &[
                ("current_password", "wrong"),
                ("password", new),
                ("password_confirm", new),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    assert!(
        texts(&html, ".field-error")
            .join("")
            .contains("not your current password"),
        "{html}"
    );
    let res = app
        .post_form(
            &c,
            "/account/password",
            &[
                ("current_password", crate::helpers::PASSWORD),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
}
