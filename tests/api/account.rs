use qiao::domain::Role;

use crate::helpers::{PASSWORD, client, location, spawn_app, texts};

#[tokio::test]
async fn a_user_edits_their_profile_and_sees_errors_at_the_fields() {
    let app = spawn_app().await;
    app.create_org("acme");
    let c = app
        .member_client("li@example.org", "acme", Role::Editor)
        .await;
    let res = app
        .post_form(
            &c,
            "/account",
            &[("name", "李 Wei"), ("email", "li@example.org")],
        )
        .await;
    assert_eq!(location(&res), "/account");
    let html = app.get(&c, "/account").await.text().await.expect("body");
    assert!(html.contains("value=\"李 Wei\""), "{html}");
    assert!(texts(&html, ".flash-success").join("").contains("saved"));
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
async fn an_address_change_needs_the_password_and_waits_for_confirmation() {
    let app = spawn_app().await;
    app.create_org("acme");
    app.create_user("taken@example.org", "acme", Role::Author);
    let c = app
        .member_client("li@example.org", "acme", Role::Editor)
        .await;
    // Without the current password: refused at the field, nothing saved (not even the name).
    let res = app
        .post_form(
            &c,
            "/account",
            &[("name", "Li"), ("email", "new@example.org")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    assert!(
        texts(&html, ".field-error")
            .join(" ")
            .contains("current password"),
        "{html}"
    );
    assert!(
        html.contains("value=\"new@example.org\""),
        "input kept: {html}"
    );
    let user = app.user("li@example.org");
    assert_eq!((user.name.as_str(), user.pending_email), ("li", None));
    // A wrong password is no better.
    let res = app
        .post_form(
            &c,
            "/account",
            &[
                ("name", "Li"),
                ("email", "new@example.org"),
                ("current_password", "guess"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert_eq!(app.user("li@example.org").pending_email, None);

    // With it: pending; the old address stays in force for logging in.
    let res = app
        .post_form(
            &c,
            "/account",
            &[
                ("name", "Li"),
                ("email", "New@Example.org"),
                ("current_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(location(&res), "/account");
    let user = app.user("li@example.org");
    assert_eq!(user.pending_email.as_deref(), Some("new@example.org"));
    let html = app.get(&c, "/account").await.text().await.expect("body");
    assert!(
        texts(&html, ".pending-email")
            .join(" ")
            .contains("new@example.org"),
        "{html}"
    );
    assert_eq!(
        app.login_as(&client(), "new@example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        401
    );
    assert_eq!(
        app.login_as(&client(), "li@example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
    // Asking for a taken address looks the same (no one learns who has an account), and
    // changes nothing of the other account.
    let res = app
        .post_form(
            &c,
            "/account",
            &[
                ("name", "Li"),
                ("email", "taken@example.org"),
                ("current_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(location(&res), "/account");
    assert_eq!(
        app.user("li@example.org").pending_email.as_deref(),
        Some("taken@example.org")
    );
    assert_eq!(app.user("taken@example.org").email, "taken@example.org");
    // Cancelled.
    let res = app.post_form(&c, "/account/email/cancel", &[]).await;
    assert_eq!(location(&res), "/account");
    assert_eq!(app.user("li@example.org").pending_email, None);
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
