use qiao::domain::Role;

use crate::helpers::{PASSWORD, TestApp, client, location, spawn_app, texts};

#[tokio::test]
async fn a_user_edits_their_profile_and_sees_errors_at_the_fields() {
    let app = spawn_app()
        .with_member_in("acme", "li@example.org", Role::Editor)
        .await;
    let c = app.client_of("li@example.org");
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

/// Asks `/account` to change the address of the member logged in on `c` (named Li).
async fn change_address(
    app: &TestApp,
    c: &reqwest::Client,
    email: &str,
    current_password: Option<&str>,
) -> reqwest::Response {
    let mut form = vec![("name", "Li"), ("email", email)];
    if let Some(p) = current_password {
        form.push(("current_password", p));
    }
    app.post_form(c, "/account", &form).await
}

#[tokio::test]
async fn an_address_change_without_the_right_password_is_refused_at_the_field_and_saves_nothing() {
    let app = spawn_app()
        .with_member_in("acme", "li@example.org", Role::Editor)
        .await;
    let c = app.client_of("li@example.org");
    // Without the current password: refused at the field, nothing saved (not even the name).
    let res = change_address(&app, &c, "new@example.org", None).await;
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
    let res = change_address(&app, &c, "new@example.org", Some("guess")).await;
    assert_eq!(res.status().as_u16(), 422);
    assert_eq!(app.user("li@example.org").pending_email, None);
}

#[tokio::test]
async fn a_changed_address_waits_for_confirmation_and_the_old_one_still_logs_in() {
    let app = spawn_app()
        .with_member_in("acme", "li@example.org", Role::Editor)
        .await;
    let c = app.client_of("li@example.org");
    let res = change_address(&app, &c, "New@Example.org", Some(PASSWORD)).await;
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
    // Cancelled.
    let res = app.post_form(&c, "/account/email/cancel", &[]).await;
    assert_eq!(location(&res), "/account");
    assert_eq!(app.user("li@example.org").pending_email, None);
}

#[tokio::test]
async fn asking_for_a_taken_address_looks_the_same_and_changes_nothing_of_the_other_account() {
    let app = spawn_app()
        .with_member_in("acme", "li@example.org", Role::Editor)
        .await;
    app.create_user("taken@example.org", "acme", Role::Author);
    let c = app.client_of("li@example.org");
    let free = change_address(&app, &c, "free@example.org", Some(PASSWORD)).await;
    let taken = change_address(&app, &c, "taken@example.org", Some(PASSWORD)).await;
    // The same answer: no one learns who has an account.
    assert_eq!(
        (free.status().as_u16(), location(&free)),
        (taken.status().as_u16(), location(&taken))
    );
    assert_eq!(location(&taken), "/account");
    assert_eq!(
        app.user("li@example.org").pending_email.as_deref(),
        Some("taken@example.org")
    );
    assert_eq!(app.user("taken@example.org").email, "taken@example.org");
}

#[tokio::test]
async fn a_password_change_needs_the_current_password() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
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
