//! Following by web push: registering a browser's subscription, the test notification sent
//! over HTTP to a push service that decrypts it and checks its VAPID signature, turning it
//! off, what the push service's answers do, and every way a registration can be wrong.

use qiao::db;
use serde_json::{Value, json};

use crate::helpers::push::PushService;
use crate::helpers::{ORG, TestApp, client, spawn_app};

/// An app that may push to the loopback push service of the test.
async fn app_for_push() -> TestApp {
    spawn_app()
        .with_org(ORG)
        .with_org("other")
        .configure(|s| s.push_private_endpoints = true)
        .await
}

async fn post(app: &TestApp, path: &str, body: &Value) -> (u16, Value) {
    let res = client()
        .post(format!("{}{path}", app.address))
        .json(body)
        .send()
        .await
        .expect("request");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// The VAPID key the profile's push button subscribes with.
async fn page_key(app: &TestApp) -> String {
    let html = client()
        .get(format!("{}/@{ORG}", app.address))
        .send()
        .await
        .expect("profile")
        .text()
        .await
        .expect("body");
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse(".push-follow").expect("selector");
    let node = doc
        .select(&sel)
        .next()
        .expect("the profile has a push button");
    assert_eq!(node.value().attr("data-org"), Some(ORG));
    node.value().attr("data-key").expect("data-key").to_owned()
}

#[tokio::test]
async fn push_follow_and_test_notification_end_to_end() {
    let app = app_for_push().await;
    let service = PushService::start().await;
    let browser = service.browser();
    let key = page_key(&app).await;
    assert_eq!(key.len(), 87, "65 bytes in base64url");

    let (status, body) = post(&app, "/push/acme/subscribe", &browser.registration()).await;
    assert_eq!((status, &body), (201, &json!({"following": true})));
    let (status, _) = post(&app, "/push/acme/subscribe", &browser.registration()).await;
    assert_eq!(status, 200, "registering again changes nothing");
    let (_, body) = post(&app, "/push/acme/status", &browser.held()).await;
    assert_eq!(body, json!({"following": true}));
    let (_, body) = post(&app, "/push/other/status", &browser.held()).await;
    assert_eq!(body, json!({"following": false}), "another organization");

    let (status, body) = post(&app, "/push/acme/test", &browser.held()).await;
    assert_eq!((status, &body), (202, &json!({"queued": true})));
    let got = service.wait_for(1).await;
    let pushed = &got[0];
    let vapid = pushed.vapid.as_ref().expect("VAPID verifies");
    assert_eq!(
        vapid.key, key,
        "signed with the key the page gave the browser"
    );
    assert_eq!(vapid.aud, service.origin, "aud keeps the port");
    assert_eq!(pushed.header("content-encoding"), Some("aes128gcm"));
    assert_eq!(pushed.header("ttl"), Some("600"));
    let org = app.org(ORG);
    assert_eq!(
        pushed.header("topic"),
        Some(format!("qiao-test-{}", org.id).as_str())
    );
    assert_eq!(pushed.header("urgency"), Some("normal"));
    let payload = pushed.json();
    assert_eq!(payload["title"], "Org acme");
    assert_eq!(payload["url"], format!("{}/@acme", app.address));
    assert_eq!(payload["lang"], "zh-Hans", "the organization's language");
    assert_eq!(payload["body"], "这个公众号的通知会像这样出现。");

    let (status, body) = post(&app, "/push/acme/test", &browser.held()).await;
    assert_eq!(status, 429, "one test a minute: {body}");
    // The service has answered; the worker records it a moment later.
    wait_until(|| {
        let mut conn = app.db.get().expect("connection");
        let queued = db::push::queued_for_org(&mut conn, org.id).expect("queue");
        queued.len() == 1 && queued[0].status == "sent"
    })
    .await;
    let mut conn = app.db.get().expect("connection");
    let subs = db::push::of_org(&mut conn, org.id).expect("subscriptions");
    assert_eq!(subs.len(), 1);
    assert!(subs[0].last_sent_at.is_some());
    assert_eq!(subs[0].subscriber_id, None, "anonymous");
}

#[tokio::test]
async fn push_followers_are_counted_on_the_profile_and_turned_off() {
    let app = app_for_push().await;
    let service = PushService::start().await;
    let (one, two) = (service.browser(), service.browser());
    for b in [&one, &two] {
        assert_eq!(
            post(&app, "/push/acme/subscribe", &b.registration())
                .await
                .0,
            201
        );
    }
    assert_eq!(
        post(&app, "/push/other/subscribe", &one.registration())
            .await
            .0,
        201
    );
    let html = client()
        .get(format!("{}/@{ORG}", app.address))
        .send()
        .await
        .expect("profile")
        .text()
        .await
        .expect("body");
    assert!(
        html.contains(r#"<span class="push-followers">2 位通过通知关注</span>"#),
        "{html}"
    );

    // Nor can another browser's keys take over a known endpoint.
    let hijack =
        json!({"endpoint": one.endpoint, "keys": {"p256dh": two.p256dh, "auth": two.auth}});
    let (status, answer) = post(&app, "/push/acme/subscribe", &hijack).await;
    assert_eq!(status, 409, "{answer}");
    assert_eq!(
        post(&app, "/push/acme/status", &one.held()).await.1,
        json!({"following": true})
    );
    // The endpoint alone, or another browser's secret, does not turn anything off.
    let wrong = json!({"endpoint": one.endpoint, "auth": two.auth});
    assert_eq!(post(&app, "/push/acme/unsubscribe", &wrong).await.0, 404);
    let bare = json!({"endpoint": one.endpoint});
    assert_eq!(post(&app, "/push/acme/unsubscribe", &bare).await.0, 404);
    assert_eq!(post(&app, "/push/acme/test", &wrong).await.0, 404);
    let org = app.org(ORG);
    {
        let mut conn = app.db.get().expect("connection");
        assert_eq!(db::push::counts(&mut conn, org.id).expect("count"), (2, 2));
    }
    let (status, body) = post(&app, "/push/acme/unsubscribe", &one.held()).await;
    assert_eq!(
        (status, &body),
        (200, &json!({"following": false, "others": 1}))
    );
    let (_, body) = post(&app, "/push/other/unsubscribe", &one.held()).await;
    assert_eq!(
        body,
        json!({"following": false, "others": 0}),
        "the last one"
    );
    let (_, body) = post(&app, "/push/acme/status", &one.held()).await;
    assert_eq!(body, json!({"following": false}));
    let mut conn = app.db.get().expect("connection");
    assert_eq!(db::push::counts(&mut conn, org.id).expect("count"), (1, 1));
}

#[tokio::test]
async fn push_registrations_that_are_wrong_are_refused_with_the_field() {
    let app = spawn_app().with_org(ORG).await;
    let service = PushService::start().await;
    let b = service.browser();
    let cases = [
        (
            json!({"endpoint": b.endpoint, "keys": {"p256dh": b.p256dh, "auth": b.auth}}),
            "endpoint",
        ),
        (
            json!({"endpoint": "https://127.0.0.1/x", "keys": {"p256dh": b.p256dh, "auth": b.auth}}),
            "endpoint",
        ),
        (
            json!({"endpoint": "https://169.254.169.254/latest", "keys": {"p256dh": b.p256dh, "auth": b.auth}}),
            "endpoint",
        ),
        (
            json!({"endpoint": "not a url", "keys": {"p256dh": b.p256dh, "auth": b.auth}}),
            "endpoint",
        ),
        (
            json!({"endpoint": "https://push.example.org/x", "keys": {"p256dh": "AAAA", "auth": b.auth}}),
            "keys.p256dh",
        ),
        (
            json!({"endpoint": "https://push.example.org/x", "keys": {"p256dh": b.p256dh, "auth": "c2hvcnQ"}}),
            "keys.auth",
        ),
        (
            json!({"endpoint": "https://push.example.org/x"}),
            "keys.p256dh",
        ),
        (
            json!({"endpoint": "https://push.example.org/x", "keys": {"p256dh": b.p256dh, "auth": b.auth}, "token": "forged"}),
            "token",
        ),
    ];
    for (body, field) in cases {
        let (status, answer) = post(&app, "/push/acme/subscribe", &body).await;
        assert_eq!(status, 422, "{body} → {answer}");
        assert!(
            answer["error"]["fields"][field].is_string(),
            "{field} named: {answer}"
        );
    }
    let res = client()
        .post(format!("{}/push/acme/subscribe", app.address))
        .header("Accept-Language", "zh-Hant")
        .json(&json!({"endpoint": "http://push.example.org/x", "keys": {"p256dh": b.p256dh, "auth": b.auth}}))
        .send()
        .await
        .expect("request");
    let answer: Value = res.json().await.expect("json");
    assert_eq!(
        answer["error"]["fields"]["endpoint"],
        "推播訂閱必須使用公共推播服務的 https 位址。"
    );

    let res = client()
        .post(format!("{}/push/acme/subscribe", app.address))
        .header("Origin", "https://evil.example")
        .json(&b.registration())
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 403, "another site's page");
    let res = client()
        .post(format!("{}/push/acme/subscribe", app.address))
        .form(&[("endpoint", "https://push.example.org/x")])
        .send()
        .await
        .expect("request");
    assert!(res.status().is_client_error(), "a form is not JSON");
    assert_eq!(
        post(&app, "/push/nobody/subscribe", &b.registration())
            .await
            .0,
        404
    );
    let mut conn = app.db.get().expect("connection");
    let org = app.org(ORG);
    assert!(
        db::push::of_org(&mut conn, org.id)
            .expect("rows")
            .is_empty(),
        "nothing saved"
    );
}

#[tokio::test]
async fn push_gone_subscriptions_are_removed_and_waits_are_honoured() {
    let app = app_for_push().await;
    let service = PushService::start().await;
    let (gone, slow) = (service.browser(), service.browser());
    for b in [&gone, &slow] {
        assert_eq!(
            post(&app, "/push/acme/subscribe", &b.registration())
                .await
                .0,
            201
        );
    }
    service.answer_with(&[(410, &[])]);
    assert_eq!(post(&app, "/push/acme/test", &gone.held()).await.0, 202);
    service.wait_for(1).await;
    let org = app.org(ORG);
    wait_until(|| {
        let mut conn = app.db.get().expect("connection");
        db::push::of_org(&mut conn, org.id).expect("rows").len() == 1
    })
    .await;
    assert_eq!(
        post(&app, "/push/acme/status", &gone.held()).await.1,
        json!({"following": false})
    );

    service.answer_with(&[
        (500, &[("Retry-After", "1")]),
        (429, &[("Retry-After", "1")]),
    ]);
    assert_eq!(post(&app, "/push/acme/test", &slow.held()).await.0, 202);
    let got = service.wait_for(4).await;
    assert!(
        got[1..].iter().all(|p| p.path == got[1].path),
        "the same subscription"
    );
    assert!(
        got[3].plaintext.is_ok(),
        "each attempt is encrypted afresh and decrypts"
    );
    assert_ne!(got[1].body, got[3].body, "a fresh key and salt every time");
    wait_until(|| {
        let mut conn = app.db.get().expect("connection");
        let queued = db::push::queued_for_org(&mut conn, org.id).expect("queue");
        queued
            .last()
            .is_some_and(|q| q.status == "sent" && q.attempts == 3)
    })
    .await;
}

#[tokio::test]
async fn push_to_a_private_address_is_never_sent_without_the_setting() {
    // A subscription that points into qiao's own network (written straight into the database,
    // as if the setting had been on when it was registered) is refused by the worker.
    let app = spawn_app().with_org(ORG).await;
    let service = PushService::start().await;
    let b = service.browser();
    let org = app.org(ORG);
    {
        let mut conn = app.db.get().expect("connection");
        let new = db::push::NewSubscription {
            org_id: org.id,
            subscriber_id: None,
            endpoint: &b.endpoint,
            p256dh: &b.p256dh,
            auth: &b.auth,
            language: "en",
        };
        db::push::register(&mut conn, &new, db::now()).expect("register");
    }
    assert_eq!(post(&app, "/push/acme/test", &b.held()).await.0, 202);
    wait_until(|| {
        let mut conn = app.db.get().expect("connection");
        let queued = db::push::queued_for_org(&mut conn, org.id).expect("queue");
        queued.first().is_some_and(|q| q.status == "failed")
    })
    .await;
    assert!(service.received().is_empty(), "nothing reached the address");
}

#[tokio::test]
async fn push_from_the_preferences_page_ties_the_browser_to_the_subscriber() {
    let app = app_for_push().await;
    let service = PushService::start().await;
    let b = service.browser();
    let org = app.org(ORG);
    let mine = active(&app, ORG, "reader@example.org");
    let theirs = active(&app, "other", "reader@example.org");
    let writer = qiao::startup::letters_writer(&app.settings).expect("writer");
    let token_of = |id: i64| {
        let link = writer.links(id).preferences;
        link.rsplit('/').next().expect("token").to_owned()
    };
    // Another organization's subscriber's link is no key to this organization.
    let mut body = b.registration();
    body["token"] = json!(token_of(theirs));
    let (status, answer) = post(&app, "/push/acme/subscribe", &body).await;
    assert_eq!(status, 422, "{answer}");
    assert!(answer["error"]["fields"]["token"].is_string());

    let page = client()
        .get(format!("{}/subscription/{}", app.address, token_of(mine)))
        .send()
        .await
        .expect("preferences")
        .text()
        .await
        .expect("body");
    assert!(
        page.contains(&format!(r#"data-token="{}""#, token_of(mine))),
        "{page}"
    );
    body["token"] = json!(token_of(mine));
    assert_eq!(post(&app, "/push/acme/subscribe", &body).await.0, 201);
    let mut conn = app.db.get().expect("connection");
    let subs = db::push::of_org(&mut conn, org.id).expect("rows");
    assert_eq!(subs[0].subscriber_id, Some(mine));
    assert_eq!(db::push::counts(&mut conn, org.id).expect("count"), (1, 0));
}

/// Adds `email` to `org` as an active subscriber; its id.
fn active(app: &TestApp, org: &str, email: &str) -> i64 {
    let org = app.org(org);
    let mut conn = app.db.get().expect("connection");
    let writer = qiao::startup::letters_writer(&app.settings).expect("writer");
    let one = qiao::import::subscribers::NewOne {
        email: qiao::domain::EmailAddress::parse(email).expect("email"),
        name: String::new(),
        tags: Vec::new(),
        categories: None,
        digest: None,
        locale: None,
    };
    qiao::import::subscribers::add_one(&mut conn, &org, &one, true, &writer)
        .expect("added")
        .id
}

/// Waits up to 15 s for `done`.
async fn wait_until(mut done: impl FnMut() -> bool) {
    for _ in 0..150 {
        if done() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("timed out");
}

#[tokio::test]
async fn push_followers_show_as_a_channel_in_the_dashboard_and_the_api() {
    let app = spawn_app()
        .with_member(qiao::domain::Role::Editor)
        .configure(|s| s.push_private_endpoints = true)
        .await;
    let service = PushService::start().await;
    let with_push = active(&app, ORG, "bell@example.org");
    active(&app, ORG, "mail@example.org");
    let writer = qiao::startup::letters_writer(&app.settings).expect("writer");
    let link = writer.links(with_push).preferences;
    let mut body = service.browser().registration();
    body["token"] = json!(link.rsplit('/').next().expect("token"));
    assert_eq!(post(&app, "/push/acme/subscribe", &body).await.0, 201);
    assert_eq!(
        post(
            &app,
            "/push/acme/subscribe",
            &service.browser().registration()
        )
        .await
        .0,
        201
    );

    let editor = app.member(qiao::domain::Role::Editor);
    let page = |q: &'static str| {
        let editor = editor.clone();
        let url = format!("{}/dashboard/acme/subscribers{q}", app.address);
        async move {
            let res = editor.get(url).send().await.expect("page");
            (res.status().as_u16(), res.text().await.expect("body"))
        }
    };
    let (status, html) = page("?channel=push").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("bell@example.org") && !html.contains("mail@example.org"),
        "{html}"
    );
    let (_, html) = page("?channel=email-only").await;
    assert!(
        html.contains("mail@example.org") && !html.contains("bell@example.org"),
        "{html}"
    );
    let (_, html) = page("").await;
    assert!(
        html.contains("<strong>2</strong> browsers following by notification"),
        "{html}"
    );
    let (status, html) = page("?channel=fax").await;
    assert_eq!(status, 400);
    assert!(html.contains("fax"), "the offending value is quoted");

    let token = {
        let mut conn = app.db.get().expect("connection");
        let name = qiao::domain::TokenName::parse("push test").expect("name");
        let org = app.org(ORG);
        db::tokens::create(&mut conn, org.id, &name, None, db::now())
            .expect("token")
            .1
    };
    let list: Value = client()
        .get(format!("{}/api/v1/subscribers", app.address))
        .bearer_auth(&token)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    let channels = |email: &str| {
        list["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|s| s["email"] == email)
            .map(|s| s["channels"].clone())
            .expect("listed")
    };
    assert_eq!(channels("bell@example.org"), json!(["email", "push"]));
    assert_eq!(channels("mail@example.org"), json!(["email"]));
}

#[tokio::test]
async fn push_a_renewed_subscription_keeps_its_follows() {
    let app = app_for_push().await;
    let service = PushService::start().await;
    let (old, new, stranger) = (service.browser(), service.browser(), service.browser());
    for org in ["acme", "other"] {
        let path = format!("/push/{org}/subscribe");
        assert_eq!(post(&app, &path, &old.registration()).await.0, 201);
    }
    let renewal = |held: Value| json!({"old": held, "new": new.registration()});
    // Only the old subscription's secret moves it.
    let forged = renewal(json!({"endpoint": old.endpoint, "auth": stranger.auth}));
    assert_eq!(post(&app, "/push/renew", &forged).await.0, 404);
    let bad = json!({"old": old.held(), "new": {"endpoint": "ftp://x", "keys": {}}});
    let (status, answer) = post(&app, "/push/renew", &bad).await;
    assert_eq!(status, 422, "{answer}");
    assert!(
        answer["error"]["fields"]["new.endpoint"].is_string(),
        "{answer}"
    );

    let (status, body) = post(&app, "/push/renew", &renewal(old.held())).await;
    assert_eq!((status, &body), (200, &json!({"renewed": 2})));
    for org in ["acme", "other"] {
        let old_state = post(&app, &format!("/push/{org}/status"), &old.held())
            .await
            .1;
        assert_eq!(old_state, json!({"following": false}));
        let new_state = post(&app, &format!("/push/{org}/status"), &new.held())
            .await
            .1;
        assert_eq!(new_state, json!({"following": true}), "{org}");
    }
    assert_eq!(post(&app, "/push/acme/test", &new.held()).await.0, 202);
    let got = service.wait_for(1).await;
    assert_eq!(
        got[0].json()["title"],
        "Org acme",
        "pushed to, and readable by, the new one"
    );
}

#[tokio::test]
async fn push_registering_twice_at_once_makes_one_row_and_renewing_keys_in_place_works() {
    let app = app_for_push().await;
    let service = PushService::start().await;
    let b = service.browser();
    let body = b.registration();
    let (one, two) = tokio::join!(
        post(&app, "/push/acme/subscribe", &body),
        post(&app, "/push/acme/subscribe", &body)
    );
    let mut statuses = [one.0, two.0];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 201], "{one:?} {two:?}");
    let org = app.org(ORG);
    {
        let mut conn = app.db.get().expect("connection");
        assert_eq!(db::push::of_org(&mut conn, org.id).expect("rows").len(), 1);
    }
    // The same endpoint renewed with new keys keeps following, under the new secret.
    let fresh = service.browser();
    let renewal = json!({
        "old": b.held(),
        "new": {"endpoint": b.endpoint, "keys": {"p256dh": fresh.p256dh, "auth": fresh.auth}},
    });
    assert_eq!(
        post(&app, "/push/renew", &renewal).await.1,
        json!({"renewed": 1})
    );
    let held = json!({"endpoint": b.endpoint, "auth": fresh.auth});
    assert_eq!(
        post(&app, "/push/acme/status", &held).await.1,
        json!({"following": true})
    );
    assert_eq!(
        post(&app, "/push/acme/status", &b.held()).await.1,
        json!({"following": false})
    );
}

#[tokio::test]
async fn push_an_endpoint_that_refuses_everything_is_given_up() {
    let app = app_for_push().await;
    let service = PushService::start().await;
    let b = service.browser();
    assert_eq!(
        post(&app, "/push/acme/subscribe", &b.registration())
            .await
            .0,
        201
    );
    let org = app.org(ORG);
    {
        let mut conn = app.db.get().expect("connection");
        let sub = db::push::of_org(&mut conn, org.id).expect("rows").remove(0);
        let refusals: Vec<(u16, &[(&str, &str)])> = vec![(400, &[]); 10];
        service.answer_with(&refusals);
        for _ in 0..db::push::MAX_FAILURES {
            let push = db::push::NewPush {
                org_id: org.id,
                subscription_id: sub.id,
                kind: "test",
                payload: "{}",
                topic: None,
                urgency: "low",
                ttl: 60,
            };
            db::push::enqueue(&mut conn, &push, db::now()).expect("queued");
        }
    }
    service.wait_for(10).await;
    wait_until(|| {
        let mut conn = app.db.get().expect("connection");
        db::push::of_org(&mut conn, org.id)
            .expect("rows")
            .is_empty()
    })
    .await;
    let mut conn = app.db.get().expect("connection");
    assert_eq!(
        post(&app, "/push/acme/subscribe", &b.registration())
            .await
            .0,
        201
    );
    let sub = db::push::of_org(&mut conn, org.id).expect("rows").remove(0);
    let push = db::push::NewPush {
        org_id: org.id,
        subscription_id: sub.id,
        kind: "test",
        payload: &"x".repeat(db::push::MAX_PAYLOAD + 1),
        topic: None,
        urgency: "low",
        ttl: 60,
    };
    assert!(
        db::push::enqueue(&mut conn, &push, db::now()).is_err(),
        "too big to push"
    );
    let push = db::push::NewPush {
        payload: "{}",
        topic: Some("not a topic!"),
        ..push
    };
    assert!(
        db::push::enqueue(&mut conn, &push, db::now()).is_err(),
        "RFC 8030 topic"
    );

    // A claim whose attempt never finishes (its task died) is not taken back forever. Due
    // tomorrow, so the app's own worker leaves it to this test's clock.
    let later = db::now() + chrono::Duration::days(1);
    let push = db::push::NewPush {
        topic: None,
        ..push
    };
    let queued = db::push::enqueue(&mut conn, &push, later).expect("queued");
    for attempt in 1..=qiao::delivery::push::MAX_ATTEMPTS {
        db::push::expire_leases(&mut conn, later, qiao::delivery::push::MAX_ATTEMPTS)
            .expect("expire");
        let claimed = db::push::claim(&mut conn, later, later, 10).expect("claim");
        assert_eq!(claimed.len(), 1, "attempt {attempt}");
        assert_eq!(claimed[0].attempts, attempt);
    }
    db::push::expire_leases(&mut conn, later, qiao::delivery::push::MAX_ATTEMPTS).expect("expire");
    let state = db::push::queued_for_org(&mut conn, org.id).expect("queue");
    let row = state.iter().find(|q| q.id == queued).expect("row");
    assert_eq!(row.status, "failed");
    assert!(
        db::push::claim(&mut conn, later, later, 10)
            .expect("claim")
            .is_empty()
    );
}
