use diesel::prelude::*;
use qiao::db::schema::users;
use qiao::domain::Role;

use crate::helpers::{PASSWORD, client, spawn_app_with, texts};

#[tokio::test]
async fn logins_are_throttled_per_address() {
    let app = spawn_app_with(|s| s.login_attempts_per_ip = 3).await;
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
    let html = res.text().await.expect("body");
    let alert = texts(&html, "[role=alert]").join(" ");
    assert!(
        alert.contains("Too many login attempts from your address"),
        "{alert}"
    );
}

#[tokio::test]
async fn an_account_is_locked_after_repeated_failures_then_unlocks() {
    let app = spawn_app_with(|s| s.login_max_failures = 3).await;
    app.create_org("acme");
    let user = app.create_user("li@example.org", "acme", Role::Owner);
    for _ in 0..3 {
        let res = app
            .login_as(&client(), "li@example.org", "not the password")
            .await;
        assert_eq!(res.status().as_u16(), 401);
    }
    // Even the right password is refused while locked, from any address.
    let res = app.login_as(&client(), "li@example.org", PASSWORD).await;
    assert_eq!(res.status().as_u16(), 429);
    let html = res.text().await.expect("body");
    assert!(html.contains("This account is locked"), "{html}");
    assert!(html.contains("15 minutes"), "{html}");
    // Another account is unaffected.
    app.create_user("wang@example.org", "acme", Role::Editor);
    assert_eq!(
        app.login_as(&client(), "wang@example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
    // When the lock has passed, the right password works again.
    let past = qiao::db::now() - chrono::Duration::seconds(1);
    let mut conn = app.db.get().expect("conn");
    diesel::update(users::table.find(user.id))
        .set(users::locked_until.eq(Some(past)))
        .execute(&mut conn)
        .expect("update");
    assert_eq!(
        app.login_as(&client(), "li@example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
}
