//! A forgotten password, end to end: the form, the message a real SMTP server receives, the
//! link, the new password, and everything that must not work (the link twice, a forged link,
//! an unknown address told apart from a known one, a flood of links).

use qiao::db;
use qiao::domain::Role;
use reqwest::StatusCode;

use crate::helpers::smtp::{Received, SmtpServer};
use crate::helpers::{PASSWORD, TestApp, client, csrf_in, member_email, spawn_app};

async fn app_with_mail() -> (TestApp, SmtpServer) {
    crate::helpers::smtp::app_with_mail(spawn_app().with_member(Role::Editor)).await
}

/// Waits (the mail worker runs every second) until `n` messages arrived.
async fn arrived(server: &SmtpServer, n: usize) -> Vec<Received> {
    server.wait_for(n).await
}

/// Asks for a link for `email` with `c`; returns the page.
async fn ask(app: &TestApp, c: &reqwest::Client, email: &str) -> (StatusCode, String) {
    let token = app.csrf(c, "/login/forgot").await;
    let res = app
        .post(
            c,
            "/login/forgot",
            &[("email", email), ("csrf_token", &token)],
        )
        .await;
    let status = res.status();
    (status, res.text().await.expect("body"))
}

/// The page's words without the address typed into it.
fn answer_text(html: &str, email: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("main, section").expect("selector");
    doc.select(&sel)
        .next()
        .map(|m| m.text().collect::<String>())
        .unwrap_or_default()
        .replace(email, "")
}

#[tokio::test]
async fn a_forgotten_password_is_reset_through_the_emailed_link_once() {
    let (app, server) = app_with_mail().await;
    let email = member_email(Role::Editor);
    let login = app
        .get(&client(), "/login")
        .await
        .text()
        .await
        .expect("body");
    assert!(login.contains("href=\"/login/forgot\""), "{login}");

    let (status, page) = ask(&app, &client(), &email).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&email), "{page}");
    let mail = arrived(&server, 1).await.remove(0);
    assert_eq!(mail.to, std::slice::from_ref(&email));
    assert_eq!(mail.subject(), "Reset your qiao password");
    let link = mail
        .link(&app.url("/login/reset/"))
        .unwrap_or_else(|| panic!("no link in {}", mail.data));
    let html = mail.part("text/html").expect("an HTML part");
    assert!(html.contains(&format!("href=\"{link}\"")), "{html}");

    // Opening the link (as a mail scanner would, twice) changes nothing.
    let reader = client();
    for _ in 0..2 {
        let res = reader.get(&link).send().await.expect("link");
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            res.headers()
                .get("referrer-policy")
                .and_then(|v| v.to_str().ok()),
            Some("no-referrer")
        );
    }
    let form = reader
        .get(&link)
        .send()
        .await
        .expect("link")
        .text()
        .await
        .expect("body");
    let path = link.trim_start_matches(&app.address).to_owned();
    let token = csrf_in(&form);
    let mismatch = [
        ("password", "a brand new password"),
        ("password_confirm", "another one entirely"),
        ("csrf_token", token.as_str()),
    ];
    let res = app.post(&reader, &path, &mismatch).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let new = "a brand new password";
    let good = [
        ("password", new),
        ("password_confirm", new),
        ("csrf_token", token.as_str()),
    ];
    let res = app.post(&reader, &path, &good).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login");

    // The member's earlier session has ended; the old password no longer works; the new does.
    let old_session = app.get(&app.member(Role::Editor), "/dashboard").await;
    assert_ne!(old_session.status(), StatusCode::OK);
    let res = app.login_as(&client(), &email, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app.login_as(&client(), &email, new).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // The link is spent.
    let again = reader.get(&link).send().await.expect("link");
    assert_eq!(again.status(), StatusCode::GONE);
    let res = app.post(&reader, &path, &good).await;
    assert_eq!(res.status(), StatusCode::GONE);
}

#[tokio::test]
async fn the_answer_never_tells_whether_an_account_exists_and_links_do_not_flood() {
    let (app, server) = app_with_mail().await;
    let email = member_email(Role::Editor);
    let (s1, known) = ask(&app, &client(), &email).await;
    let (s2, unknown) = ask(&app, &client(), "nobody-here@example.org").await;
    assert_eq!((s1, s2), (StatusCode::OK, StatusCode::OK));
    assert_eq!(
        answer_text(&known, &email),
        answer_text(&unknown, "nobody-here@example.org")
    );
    // Asked again at once: the same answer, no second message.
    let (s3, _) = ask(&app, &client(), &email).await;
    assert_eq!(s3, StatusCode::OK);
    arrived(&server, 1).await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(server.received().len(), 1);
    let queued = app
        .db
        .run(move |c| db::mail::to_recipient(c, &email))
        .await
        .expect("rows");
    assert_eq!(queued.len(), 1, "{queued:?}");
    assert!(
        server
            .received()
            .iter()
            .all(|m| m.to != ["nobody-here@example.org".to_owned()])
    );
}

#[tokio::test]
async fn forged_links_bad_addresses_and_header_tricks_are_refused() {
    let (app, server) = app_with_mail().await;
    for bad in [
        "not-an-address",
        "editor@example.org\r\nBcc: victim@example.com",
        "",
    ] {
        let (status, page) = ask(&app, &client(), bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        assert!(page.contains("field-error"), "{page}");
    }
    for forged in [
        "x",
        "NDI.9999999999.AAAA",
        "MS4x.4102444800.forgedforgedforgedforgedforgedforgedforged",
    ] {
        let res = client()
            .get(app.url(&format!("/login/reset/{forged}")))
            .send()
            .await
            .expect("get");
        assert_eq!(res.status(), StatusCode::GONE, "{forged}");
    }
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn the_message_speaks_the_language_of_whoever_asked_when_the_account_has_none() {
    let (app, server) = app_with_mail().await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT_LANGUAGE,
        "zh-TW".parse().expect("header"),
    );
    let taiwan = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .expect("client");
    let (status, page) = ask(&app, &taiwan, &member_email(Role::Editor)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("設定新密碼的連結已經寄出"), "{page}");
    let mail = arrived(&server, 1).await.remove(0);
    assert_eq!(mail.subject(), "重設你的 qiao 密碼");
    let text = mail.part("text/plain").expect("text");
    assert!(
        text.contains("請在一小時內透過下方連結設定新密碼"),
        "{text}"
    );
}
