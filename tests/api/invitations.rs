//! Invitations are bound to (account, organization), single-use, revocable and expiring; one
//! organization never gets a way into an account another organization created.

use qiao::domain::Role;

use crate::helpers::{
    PASSWORD, TestApp, client, csrf_in, join_through, location, open_link, spawn_app, texts,
};

/// globex invites victim@example.org as owner (a new, pending account), then acme's owner
/// invites the same address: (app, acme's owner, globex's link, acme's link).
async fn one_address_invited_by_two_organizations() -> (TestApp, reqwest::Client, String, String) {
    let app = spawn_app()
        .with_org("acme")
        .with_org("globex")
        .with_member_in("globex", "boss@globex.example", Role::Owner)
        .with_member_in("acme", "mallory@acme.example", Role::Owner)
        .await;
    let globex_owner = app.client_of("boss@globex.example");
    let acme_owner = app.client_of("mallory@acme.example");
    // globex invites a new address as owner; the account is pending.
    let globex_link = app
        .invite(&globex_owner, "globex", "victim@example.org", "owner")
        .await;
    assert_eq!(app.password_hash("victim@example.org"), None);
    // acme's owner adds the same address and gets a link of their own.
    let acme_link = app
        .invite(&acme_owner, "acme", "victim@example.org", "author")
        .await;
    assert_ne!(acme_link, globex_link);

    (app, acme_owner, globex_link, acme_link)
}

#[tokio::test]
async fn another_organizations_invitation_cannot_set_the_password_of_a_pending_account() {
    let (app, _, _, acme_link) = one_address_invited_by_two_organizations().await;
    // That link offers no password form, and posting one anyway sets nothing.
    let attacker = client();
    let (status, page) = open_link(&attacker, &acme_link).await;
    assert_eq!(status, 200);
    assert!(
        texts(&page, "input[name=password]").is_empty(),
        "no password form on another organization's link: {page}"
    );
    let token = crate::helpers::csrf_for(&attacker, &acme_link).await;
    let res = attacker
        .post(&acme_link)
        .form(&[
            ("name", "Mallory"),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 409);
    assert_eq!(app.password_hash("victim@example.org"), None);
    assert_eq!(app.role_in("victim@example.org", "globex"), None);
    assert_eq!(
        app.login_as(&client(), "victim@example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        401,
        "nobody can log in as the pending account"
    );
    assert_eq!(
        app.get(&attacker, "/dashboard/globex")
            .await
            .status()
            .as_u16(),
        303,
        "the attacker is not logged in"
    );
}

#[tokio::test]
async fn the_other_organizations_invitation_waits_for_the_persons_own_login() {
    let (app, acme_owner, globex_link, acme_link) =
        one_address_invited_by_two_organizations().await;
    // The real person joins through globex's link: a member of globex only.
    let victim = client();
    let res = join_through(&victim, &globex_link, "Victor").await;
    assert_eq!(location(&res), "/dashboard/globex");
    assert_eq!(
        app.role_in("victim@example.org", "globex"),
        Some(Role::Owner)
    );
    assert_eq!(app.role_in("victim@example.org", "acme"), None);

    // acme's invitation now asks for a login, and accepting it is the person's choice.
    let (status, page) = open_link(&client(), &acme_link).await;
    assert_eq!(status, 200);
    assert!(page.contains("/login?next=/invite/"), "{page}");
    let (status, _) = open_link(&acme_owner, &acme_link).await;
    assert_eq!(status, 403, "the inviting owner is the wrong account");
    let accept = format!("{acme_link}/accept");
    let token = csrf_in(&open_link(&acme_owner, &acme_link).await.1);
    let res = acme_owner
        .post(&accept)
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 403);
    let res = acme_owner
        .post(format!("{acme_link}/decline"))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 403, "nor decline it for them");
    assert_eq!(app.role_in("victim@example.org", "acme"), None);

    let (_, page) = open_link(&victim, &acme_link).await;
    let res = victim
        .post(&accept)
        .form(&[("csrf_token", csrf_in(&page).as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(location(&res), "/dashboard/acme");
    assert_eq!(
        app.role_in("victim@example.org", "acme"),
        Some(Role::Author)
    );
    assert_eq!(open_link(&victim, &acme_link).await.0, 410, "single use");
}

#[tokio::test]
async fn adding_an_existing_account_is_a_pending_membership_the_person_accepts() {
    let app = spawn_app().await;
    app.create_org("acme");
    app.create_org("globex");
    app.create_user("wang@example.org", "globex", Role::Owner);
    let owner = app
        .member_client("owner@example.org", "acme", Role::Owner)
        .await;
    let link = app
        .invite(&owner, "acme", "Wang@Example.org", "editor")
        .await;
    assert_eq!(app.role_in("wang@example.org", "acme"), None, "not yet");
    let html = app
        .get(&owner, "/dashboard/acme/members")
        .await
        .text()
        .await
        .expect("body");
    let rows = texts(&html, "table.invitations tbody tr");
    assert!(
        rows.iter()
            .any(|r| r.contains("wang@example.org") && r.contains("editor")),
        "{rows:?}"
    );
    // The page names the organization, who invited, and the role.
    let wang = client();
    let (_, page) = open_link(&wang, &link).await;
    assert!(page.contains("Org acme"), "{page}");
    assert!(page.contains("owner"), "inviter's name: {page}");
    assert!(page.contains("editor"), "{page}");
    // Logging in through the page's link comes back to it.
    let res = app
        .login_next(
            &wang,
            "wang@example.org",
            PASSWORD,
            &format!("/invite/{}", token_of(&link)),
        )
        .await;
    assert_eq!(location(&res), format!("/invite/{}", token_of(&link)));
    let (status, page) = open_link(&wang, &link).await;
    assert_eq!(status, 200);
    let res = wang
        .post(format!("{link}/accept"))
        .form(&[("csrf_token", csrf_in(&page).as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(location(&res), "/dashboard/acme");
    assert_eq!(app.role_in("wang@example.org", "acme"), Some(Role::Editor));
    assert_eq!(app.role_in("wang@example.org", "globex"), Some(Role::Owner));
    // Inviting a member again is refused at the field.
    let res = app
        .post_form(
            &owner,
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
}

fn token_of(link: &str) -> &str {
    link.rsplit('/').next().expect("token")
}

#[tokio::test]
async fn invitations_can_be_withdrawn_renewed_declined_and_expire() {
    let app = spawn_app().with_member(Role::Owner).await;
    let owner = app.member(Role::Owner);
    // Withdrawn: the link is gone at once.
    let link = app.invite(&owner, "acme", "a@example.org", "author").await;
    let id = app.open_invitation("acme", "a@example.org");
    let res = app
        .post_form(
            &owner,
            &format!("/dashboard/acme/invitations/{id}/revoke"),
            &[],
        )
        .await;
    assert_eq!(location(&res), "/dashboard/acme/members");
    assert_eq!(open_link(&client(), &link).await.0, 410);
    assert_eq!(
        join_through(&client(), &link, "A").await.status().as_u16(),
        410
    );
    assert_eq!(app.password_hash("a@example.org"), None);

    // Renewed: the old link stops working, the new one works.
    let old = app.invite(&owner, "acme", "b@example.org", "author").await;
    let id = app.open_invitation("acme", "b@example.org");
    let res = app
        .post_form(
            &owner,
            &format!("/dashboard/acme/invitations/{id}/renew"),
            &[],
        )
        .await;
    assert_eq!(location(&res), "/dashboard/acme/members");
    let new = app.shown_invite_link(&owner, "acme").await;
    assert_ne!(new, old);
    assert_eq!(open_link(&client(), &old).await.0, 410);
    let res = join_through(&client(), &new, "B").await;
    assert_eq!(location(&res), "/dashboard/acme");
    assert_eq!(app.role_in("b@example.org", "acme"), Some(Role::Author));

    // Expired: refused with a message naming the organization.
    let link = app.invite(&owner, "acme", "c@example.org", "author").await;
    {
        use diesel::prelude::*;
        use qiao::db::schema::invitations;
        let mut conn = app.db.get().expect("conn");
        let past = qiao::db::now() - chrono::Duration::minutes(1);
        diesel::update(invitations::table)
            .filter(invitations::accepted_at.is_null())
            .filter(invitations::revoked_at.is_null())
            .set(invitations::expires_at.eq(past))
            .execute(&mut conn)
            .expect("expire");
    }
    let (status, page) = open_link(&client(), &link).await;
    assert_eq!(status, 410);
    assert!(
        page.contains("expired") && page.contains("Org acme"),
        "{page}"
    );
    assert_eq!(
        join_through(&client(), &link, "C").await.status().as_u16(),
        410
    );
    assert_eq!(app.password_hash("c@example.org"), None);

    // Declined by an existing account: nothing joined, the link is used up.
    let other = app.create_org("globex");
    let _ = other;
    app.create_user("d@example.org", "globex", Role::Author);
    let link = app.invite(&owner, "acme", "d@example.org", "editor").await;
    let d = client();
    app.login_as(&d, "d@example.org", PASSWORD).await;
    let (_, page) = open_link(&d, &link).await;
    let res = d
        .post(format!("{link}/decline"))
        .form(&[("csrf_token", csrf_in(&page).as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(location(&res), "/dashboard");
    assert_eq!(app.role_in("d@example.org", "acme"), None);
    assert_eq!(open_link(&d, &link).await.0, 410);
    // A forged token is a plain 404.
    assert_eq!(open_link(&client(), &format!("{link}x")).await.0, 404);
}

#[tokio::test]
async fn invitations_are_managed_only_by_owners_of_their_organization() {
    let app = spawn_app()
        .with_org("acme")
        .with_org("globex")
        .with_member_in("acme", "owner@example.org", Role::Owner)
        .await;
    let owner = app.client_of("owner@example.org");
    let link = app
        .invite(&owner, "acme", "new@example.org", "author")
        .await;
    let id = app.open_invitation("acme", "new@example.org");
    let other_owner = app
        .member_client("boss@globex.example", "globex", Role::Owner)
        .await;
    let editor = app
        .member_client("editor@example.org", "acme", Role::Editor)
        .await;
    for action in ["revoke", "renew"] {
        let res = app
            .post_form(
                &other_owner,
                &format!("/dashboard/globex/invitations/{id}/{action}"),
                &[],
            )
            .await;
        assert_eq!(
            res.status().as_u16(),
            404,
            "{action} from another organization"
        );
        let res = app
            .post_form(
                &editor,
                &format!("/dashboard/acme/invitations/{id}/{action}"),
                &[],
            )
            .await;
        assert_eq!(res.status().as_u16(), 403, "{action} by an editor");
        let res = app
            .post_form(
                &editor,
                "/dashboard/acme/members",
                &[("email", "x@example.org"), ("role", "owner")],
            )
            .await;
        assert_eq!(res.status().as_u16(), 403, "an editor cannot invite");
    }
    // The invitation still works.
    assert_eq!(open_link(&client(), &link).await.0, 200);
    assert_eq!(app.open_invitation("acme", "new@example.org"), id);
}

#[tokio::test]
async fn another_organization_never_gets_the_pending_account_not_even_when_the_first_invitation_lapses()
 {
    use diesel::prelude::*;
    use qiao::db::schema::invitations;
    let app = spawn_app()
        .with_org("acme")
        .with_org("globex")
        .with_member_in("globex", "boss@globex.example", Role::Owner)
        .with_member_in("acme", "mallory@acme.example", Role::Owner)
        .await;
    let globex_owner = app.client_of("boss@globex.example");
    let acme_owner = app.client_of("mallory@acme.example");
    app.invite(&globex_owner, "globex", "victim@example.org", "owner")
        .await;
    let acme_link = app
        .invite(&acme_owner, "acme", "victim@example.org", "author")
        .await;
    // globex's invitation expires.
    let globex = app.org("globex");
    {
        let mut conn = app.db.get().expect("conn");
        diesel::update(invitations::table.filter(invitations::org_id.eq(globex.id)))
            .set(invitations::expires_at.eq(qiao::db::now() - chrono::Duration::minutes(1)))
            .execute(&mut conn)
            .expect("expire");
    }
    let (status, page) = open_link(&client(), &acme_link).await;
    assert_eq!(status, 200);
    assert!(texts(&page, "input[name=password]").is_empty(), "{page}");
    assert_eq!(
        join_through(&client(), &acme_link, "Mallory")
            .await
            .status()
            .as_u16(),
        409
    );
    assert_eq!(app.password_hash("victim@example.org"), None);
    // globex renews its invitation: that new link sets the account up.
    let id = app.open_invitation("globex", "victim@example.org");
    let res = app
        .post_form(
            &globex_owner,
            &format!("/dashboard/globex/invitations/{id}/renew"),
            &[],
        )
        .await;
    assert_eq!(location(&res), "/dashboard/globex/members");
    let renewed = app.shown_invite_link(&globex_owner, "globex").await;
    let (_, page) = open_link(&client(), &renewed).await;
    assert!(!texts(&page, "input[name=password]").is_empty(), "{page}");
    let res = join_through(&client(), &renewed, "Victor").await;
    assert_eq!(location(&res), "/dashboard/globex");
    assert_eq!(app.role_in("victim@example.org", "acme"), None);

    // A withdrawn invitation that was accepted meanwhile: nothing to withdraw.
    let accepted = {
        let user = app.user("victim@example.org");
        let mut conn = app.db.get().expect("conn");
        invitations::table
            .filter(invitations::user_id.eq(user.id))
            .filter(invitations::org_id.eq(globex.id))
            .filter(invitations::accepted_at.is_not_null())
            .select(invitations::id)
            .first::<i64>(&mut conn)
            .expect("accepted invitation")
    };
    let res = app
        .post_form(
            &globex_owner,
            &format!("/dashboard/globex/invitations/{accepted}/revoke"),
            &[],
        )
        .await;
    assert_eq!(res.status().as_u16(), 404);
    assert_eq!(
        app.role_in("victim@example.org", "globex"),
        Some(Role::Owner)
    );
}

/// The invitation goes to the invited address by email, in the organization's language, with
/// the same link the inviter sees; an address already a member gets no message.
#[tokio::test]
async fn an_invitation_is_emailed_to_the_invited_address() {
    let (app, server) =
        crate::helpers::smtp::app_with_mail(crate::helpers::spawn_app().with_member(Role::Owner))
            .await;
    let owner = app.member(Role::Owner);
    let res = app
        .post_form(
            &owner,
            "/dashboard/acme/members",
            &[("email", "new.person@example.org"), ("role", "editor")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let mail = server.wait_for(1).await.remove(0);
    assert_eq!(mail.to, ["new.person@example.org".to_owned()]);
    // The test organization writes in Chinese; the invitee has no language of their own yet.
    assert!(
        mail.subject().contains("邀请你加入 qiao 上的"),
        "{}",
        mail.subject()
    );
    assert!(mail.subject().contains("Org acme"), "{}", mail.subject());
    let link = mail
        .link(&app.url("/invite/"))
        .unwrap_or_else(|| panic!("no link in {}", mail.data));
    let page = app
        .get(&owner, "/dashboard/acme/members")
        .await
        .text()
        .await
        .expect("body");
    // With a mail server the link goes by email only: the owner's page does not hold it.
    assert!(!page.contains(&link), "the page shows the link: {link}");
    assert!(!page.contains("/invite/"), "{page}");
    assert!(page.contains("new.person@example.org"), "{page}");
    let opened = crate::helpers::client()
        .get(&link)
        .send()
        .await
        .expect("link");
    assert_eq!(opened.status().as_u16(), 200);

    // Inviting a member again is refused at the field, and sends nothing.
    let again = app
        .post_form(
            &owner,
            "/dashboard/acme/members",
            &[
                ("email", &crate::helpers::member_email(Role::Owner)),
                ("role", "editor"),
            ],
        )
        .await;
    assert_eq!(again.status().as_u16(), 422);
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(server.received().len(), 1);

    // Renewing emails a fresh link; the first one stops working.
    let id = app.open_invitation("acme", "new.person@example.org");
    let res = app
        .post_form(
            &owner,
            &format!("/dashboard/acme/invitations/{id}/renew"),
            &[],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let renewed = server.wait_for(2).await.remove(1);
    assert_eq!(renewed.to, ["new.person@example.org".to_owned()]);
    let fresh = renewed.link(&app.url("/invite/")).expect("a link");
    assert_ne!(fresh, link);
    let old = crate::helpers::client()
        .get(&link)
        .send()
        .await
        .expect("old link");
    assert_ne!(old.status().as_u16(), 200);
    let new = crate::helpers::client()
        .get(&fresh)
        .send()
        .await
        .expect("new link");
    assert_eq!(new.status().as_u16(), 200);
}
