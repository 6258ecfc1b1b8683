use qiao::db::members;
use qiao::domain::Role;

use crate::helpers::{PASSWORD, client, location, spawn_app, texts};

#[tokio::test]
async fn an_owner_adds_an_existing_user_changes_the_role_and_removes_them() {
    let app = spawn_app().await;
    app.create_org("acme");
    app.create_org("globex");
    let wang = app.create_user("wang@example.org", "globex", Role::Owner);
    let c = app
        .member_client("owner@example.org", "acme", Role::Owner)
        .await;
    let org = app.org("acme");
    let link = app.invite(&c, "acme", "Wang@Example.org", "editor").await;
    let wc = client();
    app.login_as(&wc, "wang@example.org", PASSWORD).await;
    let (_, page) = crate::helpers::open_link(&wc, &link).await;
    let res = wc
        .post(format!("{link}/accept"))
        .form(&[("csrf_token", crate::helpers::csrf_in(&page).as_str())])
        .send()
        .await
        .expect("accept");
    assert_eq!(location(&res), "/dashboard/acme");
    let mut conn = app.db.get().expect("conn");
    assert_eq!(
        members::role_of(&mut conn, org.id, wang.id).expect("q"),
        Some(Role::Editor)
    );

    let path = format!("/dashboard/acme/members/{}/role", wang.id);
    assert_eq!(
        app.post_form(&c, &path, &[("role", "contributor")])
            .await
            .status()
            .as_u16(),
        303
    );
    assert_eq!(
        members::role_of(&mut conn, org.id, wang.id).expect("q"),
        Some(Role::Contributor)
    );
    assert_eq!(
        app.post_form(&c, &path, &[("role", "admin")])
            .await
            .status()
            .as_u16(),
        422
    );

    // Adding them again is refused at the field.
    let res = app
        .post_form(
            &c,
            "/dashboard/acme/members",
            &[("email", "wang@example.org"), ("role", "author")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    assert!(
        texts(&html, ".field-error")
            .join(" ")
            .contains("already a member"),
        "{html}"
    );

    let path = format!("/dashboard/acme/members/{}/remove", wang.id);
    assert_eq!(app.post_form(&c, &path, &[]).await.status().as_u16(), 303);
    assert_eq!(
        members::role_of(&mut conn, org.id, wang.id).expect("q"),
        None
    );
    // Wang can no longer see acme.
    assert_eq!(app.get(&wc, "/dashboard/acme").await.status().as_u16(), 404);
}

#[tokio::test]
async fn bad_member_input_is_shown_at_the_fields() {
    let app = spawn_app().with_member(Role::Owner).await;
    let c = app.member(Role::Owner);
    let res = app
        .post_form(
            &c,
            "/dashboard/acme/members",
            &[("email", "not-an-email"), ("role", "emperor")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    let errors = texts(&html, ".field-error");
    assert!(
        errors.iter().any(|e| e.contains("not-an-email")),
        "{errors:?}"
    );
    assert!(errors.iter().any(|e| e.contains("emperor")), "{errors:?}");
    assert!(html.contains("value=\"not-an-email\""), "input kept");
}

#[tokio::test]
async fn the_last_owner_can_be_neither_removed_nor_demoted() {
    let app = spawn_app()
        .with_member_in("acme", "owner@example.org", Role::Owner)
        .await;
    let c = app.client_of("owner@example.org");
    let org = app.org("acme");
    let mut conn = app.db.get().expect("conn");
    let me = app.user("owner@example.org");
    for (path, form) in [
        (format!("/dashboard/acme/members/{}/remove", me.id), vec![]),
        (
            format!("/dashboard/acme/members/{}/role", me.id),
            vec![("role", "editor")],
        ),
    ] {
        let res = app.post_form(&c, &path, &form).await;
        assert_eq!(res.status().as_u16(), 409, "{path}");
        let html = res.text().await.expect("body");
        assert!(
            texts(&html, ".flash-error")
                .join(" ")
                .contains("at least one owner"),
            "{html}"
        );
    }
    assert_eq!(
        members::role_of(&mut conn, org.id, me.id).expect("q"),
        Some(Role::Owner)
    );
    // With a second owner, the first may step down.
    let other = app.create_user("second@example.org", "acme", Role::Owner);
    let path = format!("/dashboard/acme/members/{}/role", me.id);
    assert_eq!(
        app.post_form(&c, &path, &[("role", "editor")])
            .await
            .status()
            .as_u16(),
        303
    );
    assert_eq!(
        members::role_of(&mut conn, org.id, me.id).expect("q"),
        Some(Role::Editor)
    );
    assert_eq!(
        members::role_of(&mut conn, org.id, other.id).expect("q"),
        Some(Role::Owner)
    );
}

#[tokio::test]
async fn adding_an_unknown_address_gives_an_invitation_link_that_works_once() {
    let app = spawn_app().with_member(Role::Owner).await;
    let c = app.member(Role::Owner);
    let res = app
        .post_form(
            &c,
            "/dashboard/acme/members",
            &[("email", "new@example.org"), ("role", "author")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let html = app
        .get(&c, "/dashboard/acme/members")
        .await
        .text()
        .await
        .expect("body");
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse("input.copy").expect("sel");
    let link = doc
        .select(&sel)
        .next()
        .and_then(|e| e.value().attr("value"))
        .expect("invite link shown")
        .to_owned();
    assert!(link.starts_with(&app.address), "{link}");
    assert!(texts(&html, ".badge").contains(&"invited".to_owned()));
    // An invited account cannot log in before accepting.
    assert_eq!(
        app.login_as(&client(), "new@example.org", "")
            .await
            .status()
            .as_u16(),
        401
    );

    let guest = client();
    let page = guest
        .get(&link)
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    assert!(page.contains("new@example.org"));
    let token = crate::helpers::csrf_in(&page);
    let res = guest
        .post(&link)
        .form(&[
            ("name", "小新"),
            ("password", "short"),
            ("password_confirm", "short"),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 422);
    let new_pw = "a long enough passphrase";
    let res = guest
        .post(&link)
        .form(&[
            ("name", "小新"),
            ("password", new_pw),
            ("password_confirm", new_pw),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 303);
    let res = guest.get(app.url("/dashboard")).send().await.expect("get");
    assert_eq!(location(&res), "/dashboard/acme");
    // Second use.
    let res = client().get(&link).send().await.expect("get");
    assert_eq!(res.status().as_u16(), 410);
    assert_eq!(
        app.login_as(&client(), "new@example.org", new_pw)
            .await
            .status()
            .as_u16(),
        303
    );
    // A forged link.
    let res = client().get(format!("{link}x")).send().await.expect("get");
    assert_eq!(res.status().as_u16(), 404);
}
