//! A new account address, confirmed through a link sent to it, with a notice to the address in
//! force; the link works once, dies when the change is cancelled, and cannot take an address
//! another account has.

use qiao::domain::Role;
use reqwest::StatusCode;

use crate::helpers::smtp::{Received, SmtpServer, app_with_mail};
use crate::helpers::{PASSWORD, TestApp, client, csrf_in, spawn_app};

const OLD: &str = "li@example.org";

async fn app() -> (TestApp, SmtpServer) {
    app_with_mail(spawn_app().with_member_in("acme", OLD, Role::Editor)).await
}

async fn ask(app: &TestApp, email: &str) -> StatusCode {
    let c = app.client_of(OLD);
    let form = [
        ("name", "Li"),
        ("email", email),
        ("current_password", PASSWORD),
    ];
    app.post_form(&c, "/account", &form).await.status()
}

/// The confirmation link in the message to `to` among `mail`.
fn link_to(app: &TestApp, mail: &[Received], to: &str) -> String {
    let m = mail
        .iter()
        .rev()
        .find(|m| m.to == [to.to_owned()])
        .unwrap_or_else(|| panic!("nothing to {to}"));
    m.link(&app.url("/account/email/confirm/"))
        .unwrap_or_else(|| panic!("no link in {}", m.data))
}

/// Opens the link and presses its button; returns the answer.
async fn confirm(link: &str) -> reqwest::Response {
    let c = client();
    let page = c.get(link).send().await.expect("link");
    let token = csrf_in(&page.text().await.unwrap_or_default());
    c.post(link)
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .expect("confirm")
}

#[tokio::test]
async fn the_new_address_takes_over_only_when_it_confirms_and_the_old_one_is_told() {
    let (app, server) = app().await;
    assert_eq!(ask(&app, "li.new@example.org").await, StatusCode::SEE_OTHER);
    let mail = server.wait_for(2).await;
    let notice = mail
        .iter()
        .find(|m| m.to == [OLD.to_owned()])
        .expect("notice to the old address");
    assert_eq!(notice.subject(), "Your qiao address is about to change");
    assert!(
        notice.link(&app.url("/account/email/confirm/")).is_none(),
        "{}",
        notice.data
    );
    let link = link_to(&app, &mail, "li.new@example.org");
    // Opening it changes nothing.
    let opened = client().get(&link).send().await.expect("link");
    assert_eq!(opened.status(), StatusCode::OK);
    assert_eq!(
        app.login_as(&client(), OLD, PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );

    let res = confirm(&link).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{:?}",
        res.text().await
    );
    assert_eq!(
        app.login_as(&client(), "li.new@example.org", PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.login_as(&client(), OLD, PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // Spent.
    assert_eq!(confirm(&link).await.status(), StatusCode::GONE);
    let forged = format!("{}x", link);
    assert_eq!(
        client().get(&forged).send().await.expect("get").status(),
        StatusCode::GONE
    );
}

#[tokio::test]
async fn a_cancelled_or_replaced_change_kills_its_link_and_a_taken_address_is_refused() {
    let (app, server) = app().await;
    assert_eq!(ask(&app, "first@example.org").await, StatusCode::SEE_OTHER);
    let first = link_to(&app, &server.wait_for(2).await, "first@example.org");
    assert_eq!(ask(&app, "second@example.org").await, StatusCode::SEE_OTHER);
    let second = link_to(&app, &server.wait_for(4).await, "second@example.org");
    // Replaced: the first link is dead, the second alive until cancelled.
    assert_eq!(confirm(&first).await.status(), StatusCode::GONE);
    let c = app.client_of(OLD);
    let res = app.post_form(&c, "/account/email/cancel", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(confirm(&second).await.status(), StatusCode::GONE);

    // Free when asked for, taken by the time it is confirmed.
    assert_eq!(ask(&app, "wanted@example.org").await, StatusCode::SEE_OTHER);
    let wanted = link_to(&app, &server.wait_for(6).await, "wanted@example.org");
    app.create_user("wanted@example.org", "acme", Role::Author);
    assert_eq!(confirm(&wanted).await.status(), StatusCode::CONFLICT);
    assert_eq!(
        app.login_as(&client(), OLD, PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
}

/// Whoever asked for the change with a stolen password loses it when the owner changes the
/// password: the pending change, and its link, die with the old password.
#[tokio::test]
async fn a_new_password_kills_a_pending_change_of_address() {
    let (app, server) = app().await;
    assert_eq!(ask(&app, "thief@example.org").await, StatusCode::SEE_OTHER);
    let link = link_to(&app, &server.wait_for(2).await, "thief@example.org");
    let c = app.client_of(OLD);
    let new = "an entirely new password";
    let form = [
        ("current_password", PASSWORD),
        ("password", new),
        ("password_confirm", new),
    ];
    let res = app.post_form(&c, "/account/password", &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(confirm(&link).await.status(), StatusCode::GONE);
    assert_eq!(
        app.login_as(&client(), OLD, new).await.status(),
        StatusCode::SEE_OTHER
    );
}
