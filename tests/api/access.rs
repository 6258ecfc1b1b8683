use qiao::domain::Role;

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_member_of_one_organization_gets_404_everywhere_in_another() {
    let app = spawn_app().await;
    app.create_org("acme");
    app.create_org("globex");
    let owner_of_globex = app.create_user("boss@example.org", "globex", Role::Owner);
    let c = app
        .member_client("li@example.org", "acme", Role::Owner)
        .await;
    for path in [
        "/dashboard/globex",
        "/dashboard/globex/members",
        "/dashboard/globex/settings",
        "/dashboard/nosuchorg",
    ] {
        let res = app.get(&c, path).await;
        assert_eq!(res.status().as_u16(), 404, "{path}");
        let html = res.text().await.expect("body");
        assert!(html.contains("Page not found"), "{path}: friendly page");
    }
    let remove = format!("/dashboard/globex/members/{}/remove", owner_of_globex.id);
    let posts: [(&str, Vec<(&str, &str)>); 3] = [
        (
            "/dashboard/globex/members",
            vec![("email", "li@example.org"), ("role", "owner")],
        ),
        (
            "/dashboard/globex/settings",
            vec![("name", "Taken"), ("language", "en"), ("timezone", "UTC")],
        ),
        (&remove, vec![]),
    ];
    for (path, form) in posts {
        assert_eq!(
            app.post_form(&c, path, &form).await.status().as_u16(),
            404,
            "{path}"
        );
    }
    assert_eq!(app.org("globex").name, "Org globex");
}

#[tokio::test]
async fn every_role_sees_the_dashboard_and_members_but_only_owners_manage() {
    let app = spawn_app().await;
    app.create_org("acme");
    let target = app.create_user("target@example.org", "acme", Role::Author);
    for (i, role) in [Role::Editor, Role::Author, Role::Contributor]
        .into_iter()
        .enumerate()
    {
        let c = app
            .member_client(&format!("m{i}@example.org"), "acme", role)
            .await;
        assert_eq!(
            app.get(&c, "/dashboard/acme").await.status().as_u16(),
            200,
            "{role}"
        );
        let members = app.get(&c, "/dashboard/acme/members").await;
        assert_eq!(members.status().as_u16(), 200, "{role}");
        let html = members.text().await.expect("body");
        assert!(!html.contains("Add a member"), "{role} sees no add form");
        assert!(
            !html.contains("/settings\""),
            "{role} sees no settings link"
        );
        assert_eq!(
            app.get(&c, "/dashboard/acme/settings")
                .await
                .status()
                .as_u16(),
            403,
            "{role}"
        );
        let role_path = format!("/dashboard/acme/members/{}/role", target.id);
        let remove_path = format!("/dashboard/acme/members/{}/remove", target.id);
        let posts: [(&str, Vec<(&str, &str)>); 4] = [
            (
                "/dashboard/acme/members",
                vec![("email", "new@example.org"), ("role", "owner")],
            ),
            (&role_path, vec![("role", "owner")]),
            (&remove_path, vec![]),
            (
                "/dashboard/acme/settings",
                vec![("name", "Renamed"), ("language", "en"), ("timezone", "UTC")],
            ),
        ];
        for (path, form) in posts {
            let res = app.post_form(&c, path, &form).await;
            assert_eq!(res.status().as_u16(), 403, "{role} POST {path}");
        }
    }
    let mut conn = app.db.get().expect("conn");
    let org = app.org("acme");
    assert_eq!(org.name, "Org acme");
    assert_eq!(
        qiao::db::members::role_of(&mut conn, org.id, target.id).expect("q"),
        Some(Role::Author)
    );
}

#[tokio::test]
async fn an_owner_edits_settings_and_bad_values_are_shown_at_their_fields() {
    let app = spawn_app().with_member(Role::Owner).await;
    let c = app.member(Role::Owner);
    let res = app
        .post_form(
            &c,
            "/dashboard/acme/settings",
            &[
                ("name", "多伦多中华文化协会"),
                ("description", "Since 1986"),
                ("language", "zh-Hant"),
                ("timezone", "Europe/Rome"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let org = app.org("acme");
    assert_eq!(
        (
            org.name.as_str(),
            org.language.as_str(),
            org.timezone.name()
        ),
        ("多伦多中华文化协会", "zh-Hant", "Europe/Rome")
    );
    let res = app
        .post_form(
            &c,
            "/dashboard/acme/settings",
            &[
                ("name", ""),
                ("language", "english"),
                ("timezone", "Mars/Base"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    let errors = crate::helpers::texts(&html, ".field-error");
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("Mars/Base")), "{errors:?}");
    assert_eq!(
        app.org("acme").name,
        "多伦多中华文化协会",
        "nothing half-saved"
    );
}

#[tokio::test]
async fn the_organization_switcher_lists_every_organization_of_the_user() {
    let app = spawn_app()
        .with_org("acme")
        .with_org("globex")
        .with_org("initech")
        .with_member_in("acme", "li@example.org", Role::Owner)
        .await;
    let c = app.client_of("li@example.org");
    let mut conn = app.db.get().expect("conn");
    let li = app.user("li@example.org");
    qiao::db::members::add(
        &mut conn,
        app.org("globex").id,
        li.id,
        Role::Contributor,
        qiao::db::now(),
    )
    .expect("add");
    let html = app
        .get(&c, "/dashboard/globex")
        .await
        .text()
        .await
        .expect("body");
    let entries = crate::helpers::texts(&html, ".switcher li");
    assert_eq!(entries, vec!["Org acme owner", "Org globex contributor"]);
    assert_eq!(
        crate::helpers::texts(&html, ".switcher summary"),
        vec!["Org globex"]
    );
    let nav = crate::helpers::texts(&html, ".sidenav a");
    assert_eq!(
        nav,
        vec!["Overview", "Articles", "Media", "Members"],
        "a contributor has no review queue and no settings entry"
    );
}
