//! Bounces and complaints: a 5xx answer from the real SMTP server counts a hard bounce, and the
//! provider webhooks (generic, Amazon SES through SNS, Postmark) stop mail to an address, only
//! with the right secret, and only in the organizations concerned.

use qiao::db::{self, subscribers};
use qiao::domain::{EmailAddress, Role};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::smtp::app_with_mail;
use crate::helpers::{ORG, TestApp, client, spawn_app};

const SECRET: &str = "a-mail-events-secret-0123";

fn status_in(app: &TestApp, org: &str, email: &str) -> Option<String> {
    let org = app.org(org);
    let mut conn = app.db.get().expect("connection");
    let email = EmailAddress::parse(email).expect("email");
    subscribers::by_email(&mut conn, org.id, &email)
        .expect("query")
        .map(|s| s.status)
}

fn suppression_in(app: &TestApp, org: &str, email: &str) -> Option<String> {
    let org = app.org(org);
    let mut conn = app.db.get().expect("connection");
    subscribers::suppression(&mut conn, org.id, email).expect("query")
}

/// Makes `email` an active subscriber of `org` directly.
fn active(app: &TestApp, org: &str, email: &str) {
    let org = app.org(org);
    let mut conn = app.db.get().expect("connection");
    let address = EmailAddress::parse(email).expect("email");
    let now = db::now();
    subscribers::follow(
        &mut conn,
        org.id,
        &address,
        qiao::domain::Locale::En,
        now,
        chrono::Duration::minutes(10),
        |_, _, _| Ok(()),
    )
    .expect("follow");
    let sub = subscribers::by_email(&mut conn, org.id, &address)
        .expect("query")
        .expect("row");
    subscribers::confirm(&mut conn, sub.id, now, |_, _| Ok(())).expect("confirm");
}

async fn post_event(
    app: &TestApp,
    provider: &str,
    auth: Option<&str>,
    body: &serde_json::Value,
) -> reqwest::Response {
    let mut req = reqwest::Client::new()
        .post(app.url(&format!("/hooks/mail-events/{provider}")))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(secret) = auth {
        req = req.basic_auth("qiao", Some(secret));
    }
    req.send().await.expect("request")
}

#[tokio::test]
async fn a_refused_confirmation_counts_a_hard_bounce_and_stops_mail_at_the_limit() {
    let (app, server) =
        app_with_mail(spawn_app().with_org(ORG).configure(|s| s.bounce_limit = 1)).await;
    server.answer_rcpt_with(&["550 5.1.1 <gone@example.net>: no such user"]);
    let res = app
        .post(
            &client(),
            &format!("/@{ORG}/follow"),
            &[("email", "gone@example.net")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    for _ in 0..50 {
        if status_in(&app, ORG, "gone@example.net").as_deref() == Some("bounced") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        status_in(&app, ORG, "gone@example.net").as_deref(),
        Some("bounced")
    );
    assert_eq!(
        suppression_in(&app, ORG, "gone@example.net").as_deref(),
        Some("bounced")
    );
    assert!(server.received().is_empty());
    // Asking again sends nothing, and the answer is the same as ever.
    let res = app
        .post(
            &client(),
            &format!("/@{ORG}/follow"),
            &[("email", "gone@example.net")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let mut conn = app.db.get().expect("connection");
    let sent = db::mail::to_recipient(&mut conn, "gone@example.net").expect("query");
    assert_eq!(sent.len(), 1, "{sent:?}");
}

#[tokio::test]
async fn the_hook_needs_its_secret_and_changes_nothing_without_it() {
    let off = spawn_app().with_org(ORG).await;
    let body = json!({"type": "complaint", "email": "fan@example.net"});
    let res = post_event(&off, "generic", Some(SECRET), &body).await;
    assert_eq!(
        res.status(),
        StatusCode::NOT_FOUND,
        "no secret configured: no hook"
    );

    let app = spawn_app()
        .with_org(ORG)
        .configure(|s| s.mail_events_secret = Some(qiao::config::Secret::new(SECRET.to_owned())))
        .await;
    active(&app, ORG, "fan@example.net");
    for auth in [None, Some("wrong-secret-wrong-secret"), Some("")] {
        let res = post_event(&app, "generic", auth, &body).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        assert!(res.headers().contains_key("www-authenticate"));
    }
    let res = reqwest::Client::new()
        .post(app.url("/hooks/mail-events/generic"))
        .bearer_auth(format!("{SECRET}x"))
        .body(body.to_string())
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        status_in(&app, ORG, "fan@example.net").as_deref(),
        Some("active")
    );
    // Unreadable payloads are refused whole, with a reason.
    let res = post_event(
        &app,
        "generic",
        Some(SECRET),
        &json!([body, {"type": "opened"}]),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = res.text().await.expect("body");
    assert!(text.contains("opened"), "{text}");
    let res = reqwest::Client::new()
        .post(app.url("/hooks/mail-events/generic"))
        .bearer_auth(SECRET)
        .body("{not json")
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = post_event(&app, "sendgrid", Some(SECRET), &body).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        status_in(&app, ORG, "fan@example.net").as_deref(),
        Some("active")
    );
    // With the secret as a bearer token, the complaint stops mail.
    let res = reqwest::Client::new()
        .post(app.url("/hooks/mail-events/generic"))
        .bearer_auth(SECRET)
        .body(body.to_string())
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        status_in(&app, ORG, "fan@example.net").as_deref(),
        Some("complained")
    );
    assert_eq!(
        suppression_in(&app, ORG, "fan@example.net").as_deref(),
        Some("complained")
    );
}

#[tokio::test]
async fn provider_reports_reach_the_organizations_they_concern() {
    let app = spawn_app()
        .with_org(ORG)
        .with_org("other")
        .configure(|s| {
            s.mail_events_secret = Some(qiao::config::Secret::new(SECRET.to_owned()));
            s.bounce_limit = 2;
        })
        .await;
    for org in [ORG, "other"] {
        active(&app, org, "fan@example.net");
    }
    // A message qiao sent for ORG: SES's report names it by our Message-ID.
    let message_id = "b0unce@qiao.test";
    {
        let mut conn = app.db.get().expect("connection");
        db::mail::enqueue(
            &mut conn,
            &db::mail::NewMail {
                org_id: Some(app.org(ORG).id),
                kind: "welcome",
                recipient: "fan@example.net",
                message_id,
                message: "Subject: x\r\n\r\nx\r\n",
            },
            db::now(),
        )
        .expect("enqueue");
    }
    let ses = |kind: &str| {
        let inner = json!({"notificationType": "Bounce",
            "bounce": {"bounceType": kind, "bouncedRecipients": [{"emailAddress": "fan@example.net"}]},
            "mail": {"commonHeaders": {"messageId": format!("<{message_id}>")}}});
        json!({"Type": "Notification", "Message": inner.to_string()})
    };
    // A soft bounce is only recorded; two hard ones reach the limit, in ORG alone.
    for kind in ["Transient", "Permanent", "Permanent"] {
        let res = post_event(&app, "ses", Some(SECRET), &ses(kind)).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    assert_eq!(
        status_in(&app, ORG, "fan@example.net").as_deref(),
        Some("bounced")
    );
    assert_eq!(
        status_in(&app, "other", "fan@example.net").as_deref(),
        Some("active")
    );
    // Our Message-ID sent to someone else does not let a report aim at that message's
    // organization: it applies where the reported address follows (nowhere here).
    let other =
        json!({"type": "complaint", "email": "stranger@example.net", "message_id": message_id});
    let res = post_event(&app, "generic", Some(SECRET), &other).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        status_in(&app, ORG, "fan@example.net").as_deref(),
        Some("bounced")
    );
    assert_eq!(suppression_in(&app, ORG, "stranger@example.net"), None);
    // Postmark's ids are its own: a complaint applies wherever the address follows.
    let spam =
        json!({"RecordType": "SpamComplaint", "Email": "fan@example.net", "MessageID": "pm-1"});
    let res = post_event(&app, "postmark", Some(SECRET), &spam).await;
    assert_eq!(res.status(), StatusCode::OK);
    for org in [ORG, "other"] {
        assert_eq!(
            status_in(&app, org, "fan@example.net").as_deref(),
            Some("complained")
        );
        assert_eq!(
            suppression_in(&app, org, "fan@example.net").as_deref(),
            Some("complained")
        );
    }
    // SNS's subscription handshake is answered without fetching anything.
    let hello =
        json!({"Type": "SubscriptionConfirmation", "SubscribeURL": "https://sns.invalid/x"});
    let res = post_event(&app, "ses", Some(SECRET), &hello).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_unsubscribe_report_stops_mail_and_puts_the_address_on_the_list() {
    let app = spawn_app()
        .with_member(Role::Owner)
        .configure(|s| s.mail_events_secret = Some(qiao::config::Secret::new(SECRET.to_owned())))
        .await;
    active(&app, ORG, "fan@example.net");
    let body = json!({"type": "unsubscribe", "email": "Fan@Example.net"});
    let res = post_event(&app, "generic", Some(SECRET), &body).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        status_in(&app, ORG, "fan@example.net").as_deref(),
        Some("unsubscribed")
    );
    assert_eq!(
        suppression_in(&app, ORG, "fan@example.net").as_deref(),
        Some("unsubscribed")
    );
}
