//! Login throttling: per client address a minute, and growing waits per submitted address and
//! client network that answer alike whether or not an account exists.

use diesel::prelude::*;
use qiao::db::schema::login_failures;
use qiao::domain::Role;

use crate::helpers::{PASSWORD, TestApp, client, spawn_app, texts};

/// Logs in through the form as a browser behind the app's proxy at `forwarded_for`.
async fn login_from(
    app: &TestApp,
    c: &reqwest::Client,
    email: &str,
    password: &str,
    forwarded_for: &str,
) -> reqwest::Response {
    let token = app.csrf(c, "/login").await;
    c.post(app.url("/login"))
        .header("X-Forwarded-For", forwarded_for)
        .form(&[
            ("email", email),
            ("password", password),
            ("csrf_token", &token),
            ("next", ""),
        ])
        .send()
        .await
        .expect("request")
}

async fn alert(res: reqwest::Response) -> String {
    texts(&res.text().await.expect("body"), "[role=alert]").join(" ")
}

#[tokio::test]
async fn logins_are_throttled_per_address() {
    let app = spawn_app().configure(|s| s.login_attempts_per_ip = 3).await;
    app.create_org("acme");
    app.create_user("li@example.org", "acme", Role::Owner);
    let c = client();
    for _ in 0..3 {
        let res = app.login_as(&c, "li@example.org", "not the password").await;
        assert_eq!(res.status().as_u16(), 401);
    }
    let res = app.login_as(&c, "li@example.org", PASSWORD).await;
    assert_eq!(res.status().as_u16(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&retry), "{retry}");
    let alert = alert(res).await;
    assert!(
        alert.contains("Too many login attempts from your address"),
        "{alert}"
    );
}

#[tokio::test]
async fn the_client_address_is_the_right_most_forwarded_one_not_the_clients_own_claim() {
    let app = spawn_app()
        .configure(|s| {
            s.login_attempts_per_ip = 3;
            s.trusted_proxies = vec!["127.0.0.1/32".parse().expect("cidr")];
        })
        .await;
    app.create_org("acme");
    app.create_user("li@example.org", "acme", Role::Owner);
    // A client that makes up a new left-most address each time is still one client.
    for i in 0..3 {
        let claim = format!("198.51.100.{i}, 203.0.113.7");
        let res = login_from(&app, &client(), "li@example.org", "wrong", &claim).await;
        assert_eq!(res.status().as_u16(), 401);
    }
    let res = login_from(
        &app,
        &client(),
        "li@example.org",
        "wrong",
        "1.2.3.4, 203.0.113.7",
    )
    .await;
    assert_eq!(res.status().as_u16(), 429);
    // Another client behind the same proxy is not affected.
    let res = login_from(&app, &client(), "li@example.org", PASSWORD, "203.0.113.8").await;
    assert_eq!(res.status().as_u16(), 303);
}

#[tokio::test]
async fn failures_earn_a_growing_wait_that_looks_the_same_for_unknown_accounts() {
    let app = spawn_app()
        .configure(|s| {
            s.login_max_failures = 3;
            s.trusted_proxies = vec!["127.0.0.1/32".parse().expect("cidr")];
        })
        .await;
    app.create_org("acme");
    app.create_user("li@example.org", "acme", Role::Owner);
    let mut answers = Vec::new();
    for email in ["li@example.org", "ghost@example.org"] {
        for _ in 0..2 {
            let res = login_from(&app, &client(), email, "wrong", "203.0.113.7").await;
            assert_eq!(res.status().as_u16(), 401);
        }
        let res = login_from(&app, &client(), email, "wrong", "203.0.113.7").await;
        assert_eq!(res.status().as_u16(), 401);
        let third = alert(res).await;
        assert!(third.contains("try again in 1 second"), "{third}");
        // While waiting, even the right password is refused, with a Retry-After.
        let res = login_from(&app, &client(), email, PASSWORD, "203.0.113.7").await;
        assert_eq!(res.status().as_u16(), 429, "{email}");
        assert!(res.headers().contains_key("retry-after"));
        answers.push((third, alert(res).await));
    }
    assert_eq!(
        answers[0], answers[1],
        "an existing account is answered like a missing one"
    );

    // The account's owner on another network is not locked out.
    let res = login_from(&app, &client(), "li@example.org", PASSWORD, "198.51.100.20").await;
    assert_eq!(res.status().as_u16(), 303);
    // Once the wait is over, the right password works and the count starts again.
    {
        let mut conn = app.db.get().expect("conn");
        let past = qiao::db::now() - chrono::Duration::seconds(1);
        diesel::update(login_failures::table)
            .set(login_failures::blocked_until.eq(Some(past)))
            .execute(&mut conn)
            .expect("update");
    }
    let res = login_from(&app, &client(), "li@example.org", PASSWORD, "203.0.113.7").await;
    assert_eq!(res.status().as_u16(), 303);
    let mut conn = app.db.get().expect("conn");
    let left: i64 = login_failures::table
        .filter(login_failures::email.eq("li@example.org"))
        .count()
        .get_result(&mut conn)
        .expect("count");
    assert_eq!(left, 0, "a successful login clears the failures");
}

#[tokio::test]
async fn a_client_cannot_hide_the_proxys_entries_with_a_byte_that_is_not_ascii() {
    let app = spawn_app()
        .configure(|s| {
            s.login_attempts_per_ip = 2;
            s.trusted_proxies = vec!["127.0.0.1/32".parse().expect("cidr")];
        })
        .await;
    app.create_org("acme");
    app.create_user("li@example.org", "acme", Role::Owner);
    let send = |claim: &'static [u8]| {
        let app = &app;
        async move {
            let c = client();
            let token = app.csrf(&c, "/login").await;
            c.post(app.url("/login"))
                .header(
                    "X-Forwarded-For",
                    reqwest::header::HeaderValue::from_bytes(claim).expect("header"),
                )
                .form(&[
                    ("email", "li@example.org"),
                    ("password", "wrong"),
                    ("csrf_token", &token),
                ])
                .send()
                .await
                .expect("request")
                .status()
                .as_u16()
        }
    };
    assert_eq!(send(b"203.0.113.7").await, 401);
    assert_eq!(send(b"\xff1.2.3.4, 203.0.113.7").await, 401);
    // Still the same client: the third attempt is throttled.
    assert_eq!(send(b"\xfe9.9.9.9, 203.0.113.7").await, 429);
}
