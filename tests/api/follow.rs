//! Following by email, end to end against a real SMTP server: the follow box, the confirmation
//! message and its page, the welcome message, the preference centre, RFC 8058 one-click
//! unsubscribing, and everything that must not work (scanners confirming, forged or borrowed
//! links, an answer that tells addresses apart, floods, bad addresses).

use qiao::db::{self, subscribers};
use qiao::domain::{EmailAddress, Role};
use reqwest::StatusCode;

use crate::helpers::smtp::{Received, SmtpServer, app_with_mail};
use crate::helpers::{ORG, TestApp, client, spawn_app};

const READER: &str = "reader@example.net";

async fn app() -> (TestApp, SmtpServer) {
    app_with_mail(spawn_app().with_member(Role::Owner)).await
}

/// Asks to follow `org` for `email` from `c`; the status and page.
async fn follow(
    app: &TestApp,
    c: &reqwest::Client,
    org: &str,
    email: &str,
) -> (StatusCode, String) {
    let res = app
        .post(c, &format!("/@{org}/follow"), &[("email", email)])
        .await;
    let status = res.status();
    (status, res.text().await.expect("body"))
}

/// The subscriber row of `email` in `org`.
fn subscriber(app: &TestApp, org: &str, email: &str) -> Option<subscribers::Subscriber> {
    let org = app.org(org);
    let mut conn = app.db.get().expect("connection");
    let email = EmailAddress::parse(email).expect("email");
    subscribers::by_email(&mut conn, org.id, &email).expect("query")
}

/// Makes the last message to `email` eleven minutes old, so the next request may send one.
fn age_last_message(app: &TestApp, email: &str) {
    use diesel::prelude::*;
    use qiao::db::schema::subscribers as s;
    let mut conn = app.db.get().expect("connection");
    diesel::update(s::table.filter(s::email.eq(email)))
        .set(s::confirm_sent_at.eq(db::now() - chrono::Duration::minutes(11)))
        .execute(&mut conn)
        .expect("update");
}

fn status_of(app: &TestApp, email: &str) -> String {
    subscriber(app, ORG, email)
        .map(|s| s.status)
        .unwrap_or_default()
}

/// The profile's follower count, as shown.
async fn followers_shown(app: &TestApp) -> String {
    let page = app
        .get(&client(), &format!("/@{ORG}"))
        .await
        .text()
        .await
        .expect("body");
    let doc = scraper::Html::parse_document(&page);
    let sel = scraper::Selector::parse(".followers").expect("selector");
    doc.select(&sel)
        .next()
        .map(|e| e.text().collect())
        .unwrap_or_default()
}

/// Waits (the page cache looks at versions at most once a second) until the profile shows a
/// follower count starting with `digit`.
async fn followers_become(app: &TestApp, digit: char) {
    for _ in 0..30 {
        if followers_shown(app).await.starts_with(digit) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the profile shows {}", followers_shown(app).await);
}

/// The path of an absolute link on the test server.
fn path_of(app: &TestApp, link: &str) -> String {
    link.strip_prefix(&app.address).unwrap_or(link).to_owned()
}

/// The page's words without the address typed into it.
fn answer_text(html: &str, email: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("main").expect("selector");
    doc.select(&sel)
        .next()
        .map(|m| m.text().collect::<String>())
        .unwrap_or_default()
        .replace(email, "")
}

/// Follows and confirms `email`; returns the preferences path the confirmation led to.
async fn follow_and_confirm(app: &TestApp, server: &SmtpServer, email: &str) -> String {
    let before = server.received().len();
    let (status, _) = follow(app, &client(), ORG, email).await;
    assert_eq!(status, StatusCode::OK);
    let mail = server.wait_for(before + 1).await.remove(before);
    assert_eq!(mail.to, [email], "the confirmation of this address");
    let link = mail
        .link(&app.url("/follow/confirm/"))
        .expect("confirm link");
    let res = client().post(&link).send().await.expect("confirm");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(
        location.starts_with("/subscription/") && location.ends_with("?confirmed"),
        "{location}"
    );
    location.trim_end_matches("?confirmed").to_owned()
}

/// Sets the organization's welcome message as its owner.
async fn set_welcome(app: &TestApp, subject: &str, markdown: &str) -> reqwest::Response {
    let owner = app.member(Role::Owner);
    app.post_form(
        &owner,
        &format!("/dashboard/{ORG}/settings/welcome"),
        &[("welcome_subject", subject), ("welcome_markdown", markdown)],
    )
    .await
}

/// The confirmation message: from the organization, both parts carrying the link, no
/// unsubscribe headers (nobody follows yet).
fn check_confirmation(app: &TestApp, mail: &Received) -> String {
    assert_eq!(mail.to, [READER]);
    let org_name = app.org(ORG).name;
    assert!(
        mail.header("From").expect("from").contains(&org_name),
        "{:?}",
        mail.header("From")
    );
    assert!(mail.subject().contains(&org_name), "{}", mail.subject());
    assert_eq!(mail.header("List-Id").as_deref(), Some("<acme.127.0.0.1>"));
    assert!(mail.header("List-Unsubscribe").is_none());
    let link = mail
        .link(&app.url("/follow/confirm/"))
        .expect("link in the text part");
    let html = mail.part("text/html").expect("html part");
    assert!(html.contains(&format!("href=\"{link}\"")), "{html}");
    link
}

/// The welcome message: the organization's words, rendered, and RFC 8058's headers.
fn check_welcome(app: &TestApp, mail: &Received) -> (String, String) {
    assert_eq!(mail.subject(), "欢迎！Welcome");
    let html = mail.part("text/html").expect("html part");
    assert!(html.contains("<strong>中秋</strong>"), "{html}");
    let text = mail.part("text/plain").expect("text part");
    assert!(text.contains("**中秋**"), "{text}");
    let unsubscribe = mail.header("List-Unsubscribe").expect("List-Unsubscribe");
    assert_eq!(
        mail.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let https = unsubscribe
        .split(['<', '>'])
        .find(|p| p.starts_with(&app.address))
        .expect("an https link")
        .to_owned();
    assert!(
        unsubscribe.contains("<mailto:noreply@qiao.test?subject=unsubscribe%20"),
        "{unsubscribe}"
    );
    let preferences = mail
        .link(&app.url("/subscription/"))
        .unwrap_or_else(|| panic!("{:?}", mail.part("text/plain")));
    assert!(html.contains(&preferences), "{html}");
    (path_of(app, &preferences), https)
}

#[tokio::test]
async fn follow_confirm_welcome_preferences_and_one_click_unsubscribe_end_to_end() {
    let (app, server) = app().await;
    assert_eq!(
        set_welcome(&app, "欢迎！Welcome", "Happy **中秋**!")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let (status, page) = follow(&app, &client(), ORG, READER).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(READER), "{page}");
    let link = check_confirmation(&app, &server.wait_for(1).await[0]);
    assert_eq!(status_of(&app, READER), "pending");

    // Opening the link (as a scanner does) shows a button and confirms nothing.
    let res = client().get(&link).send().await.expect("open");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["referrer-policy"], "no-referrer");
    let page = res.text().await.expect("body");
    assert!(
        page.contains(READER) && page.contains("<form method=\"post\""),
        "{page}"
    );
    assert_eq!(status_of(&app, READER), "pending");
    followers_become(&app, '0').await;

    let res = client().post(&link).send().await.expect("confirm");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(status_of(&app, READER), "active");
    followers_become(&app, '1').await;
    let (preferences, one_click) = check_welcome(&app, &server.wait_for(2).await[1]);

    // Confirming again sends no second welcome; it leads to the preferences.
    let res = client().post(&link).send().await.expect("again");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    change_preferences(&app, &preferences).await;

    // RFC 8058: a POST with the one-click body, no cookies, no token but the link's.
    let res = reqwest::Client::new()
        .post(&one_click)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("one click");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(status_of(&app, READER), "unsubscribed");
    followers_become(&app, '0').await;
    let mut conn = app.db.get().expect("connection");
    let reason = subscribers::suppression(&mut conn, app.org(ORG).id, READER).expect("query");
    assert_eq!(reason.as_deref(), Some("unsubscribed"));
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(server.received().len(), 2, "one confirmation, one welcome");
}

/// Saves new choices on the preferences page and checks that they hold and show.
async fn change_preferences(app: &TestApp, preferences: &str) {
    let page = app
        .get(&client(), preferences)
        .await
        .text()
        .await
        .expect("body");
    // The organization writes in Chinese and the reader followed from its profile.
    assert!(page.contains("value=\"culture\" checked"), "{page}");
    let res = app
        .post(
            &client(),
            preferences,
            &[
                ("category", "news"),
                ("digest", "weekly"),
                ("language", "zh-Hant"),
                ("pause", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let sub = subscriber(app, ORG, READER).expect("subscriber");
    assert_eq!(
        (sub.categories, sub.digest.as_str(), sub.locale.as_str()),
        (2, "weekly", "zh-Hant")
    );
    let page = app
        .get(&client(), &format!("{preferences}?saved"))
        .await
        .text()
        .await
        .expect("body");
    assert!(page.contains("<html lang=\"zh-Hant\""), "{page}");
    assert!(
        page.contains("value=\"weekly\" checked") && !page.contains("value=\"culture\" checked")
    );
    // No category at all is refused with a message, and nothing changes.
    let res = app
        .post(&client(), preferences, &[("digest", "daily")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        subscriber(app, ORG, READER).expect("subscriber").digest,
        "weekly"
    );
    let res = app
        .post(
            &client(),
            preferences,
            &[("category", "news"), ("digest", "hourly")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.expect("body").contains("hourly"));
}

#[tokio::test]
async fn the_answer_is_the_same_for_every_address_and_an_address_gets_one_message_per_ten_minutes()
{
    let (app, server) = app().await;
    let (_, first) = follow(&app, &client(), ORG, READER).await;
    server.wait_for(1).await;
    // Asking again at once: the same answer, no second message.
    let (status, again) = follow(&app, &client(), ORG, READER).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer_text(&first, READER), answer_text(&again, READER));
    let (_, new) = follow(&app, &client(), ORG, "new@example.net").await;
    assert_eq!(
        answer_text(&first, READER),
        answer_text(&new, "new@example.net")
    );
    server.wait_for(2).await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let to: Vec<_> = server.received().iter().map(|m| m.to[0].clone()).collect();
    assert_eq!(to, [READER, "new@example.net"]);

    // An address that already follows gets a note with its preferences link, not a
    // confirmation; the page says what it says to everyone.
    follow_and_confirm(&app, &server, "fan@example.net").await;
    let n = server.received().len();
    let (_, known) = follow(&app, &client(), ORG, "Fan@Example.net").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        server.received().len(),
        n,
        "within ten minutes of the confirmation"
    );
    age_last_message(&app, "fan@example.net");
    follow(&app, &client(), ORG, "fan@example.net").await;
    assert_eq!(
        answer_text(&first, READER),
        answer_text(&known, "fan@example.net")
    );
    let note = server.wait_for(n + 1).await.remove(n);
    assert!(note.link(&app.url("/follow/confirm/")).is_none());
    assert!(note.link(&app.url("/subscription/")).is_some());
    assert!(note.header("List-Unsubscribe").is_some());
}

#[tokio::test]
async fn confirmation_and_preference_links_work_only_for_their_subscriber_and_purpose() {
    let (app, server) = app().await;
    let preferences = follow_and_confirm(&app, &server, READER).await;
    let (_, _) = follow(&app, &client(), ORG, "other@example.net").await;
    let mail = server.wait_for(2).await.remove(1);
    let confirm = path_of(
        &app,
        &mail.link(&app.url("/follow/confirm/")).expect("link"),
    );
    let token = preferences.trim_start_matches("/subscription/");
    let confirm_token = confirm.trim_start_matches("/follow/confirm/");

    // A preferences token does not confirm; a confirmation token opens no preferences.
    let res = app
        .post(&client(), &format!("/follow/confirm/{token}"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::GONE);
    let res = app
        .get(&client(), &format!("/subscription/{confirm_token}"))
        .await;
    assert_eq!(res.status(), StatusCode::GONE);
    // Editing the id inside a token (to reach the other subscriber) breaks its signature.
    let (id, rest) = token.split_once('.').expect("token");
    let other_id = subscriber(&app, ORG, "other@example.net").expect("row").id;
    use base64::Engine as _;
    let forged_id = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(other_id.to_string());
    assert_ne!(id, forged_id);
    for forged in [
        format!("{forged_id}.{rest}"),
        "garbage".to_owned(),
        format!("{token}x"),
    ] {
        let res = app.get(&client(), &format!("/subscription/{forged}")).await;
        assert_eq!(res.status(), StatusCode::GONE, "{forged}");
        let res = app
            .post(
                &client(),
                &format!("/subscription/{forged}/unsubscribe"),
                &[],
            )
            .await;
        assert_eq!(res.status(), StatusCode::GONE);
    }
    assert_eq!(status_of(&app, READER), "active");
    assert_eq!(status_of(&app, "other@example.net"), "pending");
    // A GET of the unsubscribe link shows a button and unsubscribes nobody.
    let res = app
        .get(&client(), &format!("{preferences}/unsubscribe"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.expect("body").contains("/unsubscribe\">"));
    assert_eq!(status_of(&app, READER), "active");
}

#[tokio::test]
async fn unsubscribed_followers_come_back_only_by_their_own_hand() {
    let (app, server) = app().await;
    let preferences = follow_and_confirm(&app, &server, READER).await;
    let res = app
        .post(&client(), &format!("{preferences}/unsubscribe"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.expect("body").contains("/resubscribe"));
    assert_eq!(status_of(&app, READER), "unsubscribed");
    // From the page that said goodbye, one click brings them back and lifts the suppression.
    let res = app
        .post(&client(), &format!("{preferences}/resubscribe"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(status_of(&app, READER), "active");
    let mut conn = app.db.get().expect("connection");
    let org_id = app.org(ORG).id;
    assert_eq!(
        subscribers::suppression(&mut conn, org_id, READER).expect("query"),
        None
    );

    // Unsubscribed again, then following from the profile: a new confirmation is needed.
    app.post(&client(), &format!("{preferences}/unsubscribe"), &[])
        .await;
    age_last_message(&app, READER);
    let n = server.received().len();
    follow(&app, &client(), ORG, READER).await;
    let mail = server.wait_for(n + 1).await.remove(n);
    assert_eq!(status_of(&app, READER), "pending");
    let link = mail
        .link(&app.url("/follow/confirm/"))
        .expect("confirm link");
    client().post(&link).send().await.expect("confirm");
    assert_eq!(status_of(&app, READER), "active");
    assert_eq!(
        subscribers::suppression(&mut conn, org_id, READER).expect("query"),
        None
    );
}

#[tokio::test]
async fn bounced_and_complained_addresses_are_never_mailed_again() {
    let (app, server) = app().await;
    let org_id = app.org(ORG).id;
    {
        let mut conn = app.db.get().expect("connection");
        for (email, reason) in [
            (
                "bounced@example.net",
                qiao::domain::SubscriberStatus::Bounced,
            ),
            (
                "spam@example.net",
                qiao::domain::SubscriberStatus::Complained,
            ),
        ] {
            subscribers::suppress(&mut conn, org_id, email, reason, db::now()).expect("suppress");
        }
    }
    for email in ["bounced@example.net", "spam@example.net", READER] {
        let (status, page) = follow(&app, &client(), ORG, email).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains(email));
    }
    server.wait_for(1).await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let to: Vec<_> = server.received().iter().map(|m| m.to[0].clone()).collect();
    assert_eq!(to, [READER]);
    assert!(subscriber(&app, ORG, "bounced@example.net").is_none());
}

#[tokio::test]
async fn bad_addresses_are_refused_in_the_readers_language_and_floods_are_throttled() {
    let (app, server) = app_with_mail(
        spawn_app()
            .with_org(ORG)
            .configure(|s| s.follow_requests_per_ip = 4),
    )
    .await;
    // The organization writes in Chinese, so its profile and this answer speak Chinese.
    let (status, page) = follow(&app, &client(), ORG, "not an address").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("field-error") && page.contains("not an address"),
        "{page}"
    );
    assert!(page.contains("<html lang=\"zh-Hans\""), "{page}");
    let long = format!("{}@example.net", "a".repeat(300));
    let (status, _) = follow(&app, &client(), ORG, &long).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = follow(
        &app,
        &client(),
        ORG,
        "a@example.net\r\nBcc: victim@example.org",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = follow(&app, &client(), "nobody-here", READER).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The fourth request of the hour is the last one allowed from this address.
    let (status, _) = follow(&app, &client(), ORG, READER).await;
    assert_eq!(status, StatusCode::OK);
    let res = app
        .post(
            &client(),
            &format!("/@{ORG}/follow"),
            &[("email", "x@example.net")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
    server.wait_for(1).await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(server.received().len(), 1);
    assert!(subscriber(&app, ORG, "x@example.net").is_none());
}

#[tokio::test]
async fn only_owners_write_the_welcome_message_and_its_limits_are_enforced() {
    let (app, _server) = app_with_mail(
        spawn_app()
            .with_member(Role::Owner)
            .with_member(Role::Editor),
    )
    .await;
    let editor = app.member(Role::Editor);
    let res = app
        .post_form(
            &editor,
            &format!("/dashboard/{ORG}/settings/welcome"),
            &[("welcome_subject", "x"), ("welcome_markdown", "hi")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let long = "字".repeat(20_001);
    let res = set_welcome(&app, "Hello", &long).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.expect("body");
    assert!(
        page.contains("20000") || page.contains("20,000"),
        "{}",
        &page[..500.min(page.len())]
    );
    let mut conn = app.db.get().expect("connection");
    let saved = qiao::db::orgs::welcome(&mut conn, app.org(ORG).id).expect("welcome");
    assert!(saved.markdown.is_empty());
    let res = set_welcome(
        &app,
        "Line\r\nBcc: x@example.org",
        "<script>alert(1)</script>\n\n**hi**",
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let saved = qiao::db::orgs::welcome(&mut conn, app.org(ORG).id).expect("welcome");
    assert_eq!(saved.subject, "Line Bcc: x@example.org");
    assert!(!saved.html.contains("<script"), "{}", saved.html);
    assert!(saved.html.contains("<strong>hi</strong>"));
}

#[tokio::test]
async fn addresses_that_never_confirm_are_forgotten_after_thirty_days() {
    let (app, server) = app().await;
    follow(&app, &client(), ORG, READER).await;
    // The reader's confirmation first, so the next one received is the fan's.
    server.wait_for(1).await;
    follow_and_confirm(&app, &server, "fan@example.net").await;
    let mut conn = app.db.get().expect("connection");
    let tick = |conn: &mut db::DbConnection, days| {
        qiao::scheduler::tick(conn, db::now() + chrono::Duration::days(days)).expect("tick")
    };
    tick(&mut conn, 29);
    assert!(subscriber(&app, ORG, READER).is_some());
    assert!(tick(&mut conn, 31).purged >= 1);
    assert!(subscriber(&app, ORG, READER).is_none());
    assert_eq!(
        status_of(&app, "fan@example.net"),
        "active",
        "confirmed followers stay"
    );
}
