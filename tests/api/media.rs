//! The media library: uploads recognised by content, size limits, metadata stripped,
//! deduplication, long-cached files, and deleting an image in use only after confirmation.

use qiao::domain::Role;
use reqwest::multipart::{Form, Part};

use crate::helpers::{TestApp, client, location, png, spawn_app, texts};

/// A PNG with a tEXt chunk carrying `marker` (as a camera or editor would leave metadata).
fn png_with_text(marker: &str) -> Vec<u8> {
    let plain = png(64, 48);
    // Insert the chunk right after IHDR (8-byte signature + 25-byte IHDR chunk).
    let mut data = b"Comment\0".to_vec();
    data.extend_from_slice(marker.as_bytes());
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    let mut typed = b"tEXt".to_vec();
    typed.extend_from_slice(&data);
    chunk.extend_from_slice(&typed);
    chunk.extend_from_slice(&crc32(&typed).to_be_bytes());
    let mut out = plain[..33].to_vec();
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&plain[33..]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

async fn upload(
    app: &TestApp,
    c: &reqwest::Client,
    org: &str,
    bytes: Vec<u8>,
    name: &str,
    token: Option<&str>,
) -> (u16, serde_json::Value) {
    let form = Form::new()
        .text("alt", "A test image")
        .part("file", Part::bytes(bytes).file_name(name.to_owned()));
    let mut req = c
        .post(app.url(&format!("/dashboard/{org}/media")))
        .header("Accept", "application/json")
        .multipart(form);
    if let Some(t) = token {
        req = req.header("X-CSRF-Token", t);
    }
    let res = req.send().await.expect("request");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(serde_json::Value::Null))
}

/// An editor of acme uploads a 64×48 PNG carrying the metadata "SECRET-GPS-42":
/// (app, editor, CSRF token, upload answer, the body variant's URL).
async fn uploaded_photo() -> (TestApp, reqwest::Client, String, serde_json::Value, String) {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let token = app.csrf(&c, "/dashboard/acme/media").await;
    let (status, m) = upload(
        &app,
        &c,
        "acme",
        png_with_text("SECRET-GPS-42"),
        "photo.png",
        Some(&token),
    )
    .await;
    assert_eq!(status, 201, "{m}");
    assert_eq!(
        (m["width"].as_i64(), m["height"].as_i64()),
        (Some(64), Some(48))
    );
    assert_eq!(m["alt"], "A test image");
    let body_url = m["body_url"].as_str().expect("body_url").to_owned();
    assert!(
        m["markdown"]
            .as_str()
            .expect("md")
            .ends_with(&format!("({body_url})"))
    );

    (app, c, token, m, body_url)
}

#[tokio::test]
async fn every_variant_is_served_for_a_year_without_the_uploads_metadata() {
    let (app, _, _, _, body_url) = uploaded_photo().await;
    for variant in ["original", "body", "cover", "thumb"] {
        let url = body_url.replace("/body", &format!("/{variant}"));
        let res = client().get(app.url(&url)).send().await.expect("request");
        assert_eq!(res.status().as_u16(), 200, "{variant}");
        assert_eq!(
            res.headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("public, max-age=31536000, immutable")
        );
        let ct = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(ct.starts_with("image/"), "{variant}: {ct}");
        let etag = res.headers().get("etag").cloned().expect("etag");
        let bytes = res.bytes().await.expect("bytes");
        assert!(
            !bytes.windows(13).any(|w| w == b"SECRET-GPS-42"),
            "{variant} keeps no metadata"
        );
        let again = client()
            .get(app.url(&url))
            .header("If-None-Match", etag)
            .send()
            .await
            .expect("request");
        assert_eq!(again.status().as_u16(), 304);
    }
    let cover = client()
        .get(app.url(&body_url.replace("/body", "/cover")))
        .send()
        .await
        .expect("request")
        .bytes()
        .await
        .expect("bytes");
    let img = image::load_from_memory(&cover).expect("decodes");
    assert_eq!((img.width(), img.height()), (1200, 630));
}

#[tokio::test]
async fn the_same_image_uploaded_again_is_the_same_library_entry() {
    let (app, c, token, m, _) = uploaded_photo().await;
    // The same bytes again: the same library entry.
    let (status, again) = upload(
        &app,
        &c,
        "acme",
        png_with_text("SECRET-GPS-42"),
        "copy.png",
        Some(&token),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(again["id"], m["id"]);
    let html = app
        .get(&c, "/dashboard/acme/media")
        .await
        .text()
        .await
        .expect("body");
    assert_eq!(texts(&html, ".library-item").len(), 1);
}

#[tokio::test]
async fn hostile_media_paths_are_404() {
    let (app, _, _, _, body_url) = uploaded_photo().await;
    // Hostile paths never reach the disk.
    for bad in [
        "/media/..%2F..%2Fetc/original",
        &format!("{}x", body_url),
        &body_url.replace("/body", "/secret"),
        "/media/0000000000000000000000000000000000000000000000000000000000000000/body",
    ] {
        let res = client().get(app.url(bad)).send().await.expect("request");
        assert_eq!(res.status().as_u16(), 404, "{bad}");
    }
}

#[tokio::test]
async fn wrong_files_and_large_files_are_refused_with_a_clear_message() {
    let app = spawn_app()
        .configure(|s| s.media_max_mb = 1)
        .with_member(Role::Editor)
        .await;
    let c = app.member(Role::Editor);
    let token = app.csrf(&c, "/dashboard/acme/media").await;
    let (status, e) = upload(
        &app,
        &c,
        "acme",
        b"just some notes\nnot a picture\n".to_vec(),
        "notes.png",
        Some(&token),
    )
    .await;
    assert_eq!(status, 422, "{e}");
    let message = e["error"]["fields"]["file"].as_str().expect("file message");
    assert!(
        message.contains("text file") && message.contains("JPEG, PNG, WebP or GIF"),
        "{message}"
    );

    // Alternative text with a NUL (PostgreSQL text cannot hold one).
    let form = Form::new()
        .text("alt", "a\u{0}b")
        .part("file", Part::bytes(png(10, 10)).file_name("a.png"));
    let res = c
        .post(app.url("/dashboard/acme/media"))
        .header("Accept", "application/json")
        .header("X-CSRF-Token", &token)
        .multipart(form)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 422);
    let e: serde_json::Value = res.json().await.expect("json");
    assert!(
        e["error"]["fields"]["alt"]
            .as_str()
            .is_some_and(|m| m.contains("NUL character")),
        "{e}"
    );

    let big = vec![0u8; 3 * 1024 * 1024];
    let (status, e) = upload(&app, &c, "acme", big, "big.jpg", Some(&token)).await;
    assert_eq!(status, 413, "{e}");
    let message = e["error"]["message"].as_str().expect("message");
    assert!(message.contains("1.0 MB"), "{message}");

    // No token, no upload; another organization's member sees nothing.
    let (status, _) = upload(&app, &c, "acme", png(10, 10), "a.png", None).await;
    assert_eq!(status, 403);
    app.create_org("globex");
    let outsider = app
        .member_client("o@example.org", "globex", Role::Owner)
        .await;
    let t = app.csrf(&outsider, "/dashboard/globex/media").await;
    let (status, _) = upload(&app, &outsider, "acme", png(10, 10), "a.png", Some(&t)).await;
    assert_eq!(status, 404);

    let html = app
        .get(&c, "/dashboard/acme/media")
        .await
        .text()
        .await
        .expect("body");
    assert!(
        texts(&html, ".library-item").is_empty(),
        "nothing half-saved"
    );
    assert!(std::fs::read_dir(app.settings.media_dir()).map_or(true, |mut d| d.next().is_none()));
}

#[tokio::test]
async fn the_plain_form_uploads_and_an_image_in_use_is_deleted_only_after_confirmation() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let token = app.csrf(&c, "/dashboard/acme/media").await;
    // The no-JavaScript form: CSRF token as a field, redirect back to the library.
    let form = Form::new()
        .text("csrf_token", token.clone())
        .text("alt", "Lantern festival")
        .part("file", Part::bytes(png(800, 600)).file_name("lantern.png"));
    let res = c
        .post(app.url("/dashboard/acme/media"))
        .multipart(form)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&res), "/dashboard/acme/media");
    let org = app.org("acme");
    let m = {
        let mut conn = app.db.get().expect("conn");
        qiao::db::media::list(&mut conn, org.id, 1, 10)
            .expect("list")
            .0
            .remove(0)
    };
    assert_eq!(m.alt, "Lantern festival");
    let body = format!("Look: ![lantern](/media/{}/body)", m.sha256);
    let id = crate::helpers::new_article(
        &app,
        &c,
        "acme",
        &[
            ("title", "Lanterns"),
            ("body_markdown", &body),
            ("category", "culture"),
            ("language", "en"),
            ("cover_media_id", &m.id.to_string()),
        ],
    )
    .await;
    let res = app
        .post_form(&c, &format!("/dashboard/acme/media/{}/delete", m.id), &[])
        .await;
    assert_eq!(res.status().as_u16(), 409);
    let html = res.text().await.expect("body");
    assert!(
        html.contains("Lanterns") && html.contains("Delete anyway"),
        "{html}"
    );
    let res = app
        .post_form(
            &c,
            &format!("/dashboard/acme/media/{}/delete", m.id),
            &[("confirm", "yes")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let mut conn = app.db.get().expect("conn");
    assert!(qiao::db::media::get(&mut conn, org.id, m.id).is_err());
    let a = qiao::db::articles::by_id(&mut conn, id).expect("article");
    assert_eq!(a.cover_media_id, None, "the cover is cleared");
    let res = client()
        .get(app.url(&format!("/media/{}/body", m.sha256)))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 404, "files are gone");
}

fn alt_of(app: &TestApp, id: i64) -> Option<String> {
    let org = app.org("acme");
    let mut conn = app.db.get().expect("conn");
    qiao::db::media::get(&mut conn, org.id, id)
        .ok()
        .map(|m| m.alt)
}

#[tokio::test]
async fn contributors_change_only_their_own_images_that_no_article_uses() {
    let app = spawn_app()
        .with_member(Role::Editor)
        .with_member(Role::Contributor)
        .with_member(Role::Author)
        .await;
    let editor = app.member(Role::Editor);
    let writer = app.member(Role::Contributor);
    let author = app.member(Role::Author);
    let token = app.csrf(&editor, "/dashboard/acme/media").await;
    let (_, theirs) = upload(&app, &editor, "acme", png(40, 30), "e.png", Some(&token)).await;
    let theirs = theirs["id"].as_i64().expect("id");
    let token = app.csrf(&writer, "/dashboard/acme/media").await;
    let (_, mine) = upload(&app, &writer, "acme", png(41, 30), "c.png", Some(&token)).await;
    let mine = mine["id"].as_i64().expect("id");
    let (_, used) = upload(&app, &writer, "acme", png(42, 30), "u.png", Some(&token)).await;
    let used = used["id"].as_i64().expect("id");
    crate::helpers::new_article(
        &app,
        &author,
        "acme",
        &[
            ("title", "Uses it"),
            ("body_markdown", "Text"),
            ("category", "culture"),
            ("language", "en"),
            ("cover_media_id", &used.to_string()),
        ],
    )
    .await;

    for who in [&writer, &author] {
        // Someone else's upload, and an own upload an article uses: refused, nothing changed.
        for id in [theirs, used] {
            let alt = format!("/dashboard/acme/media/{id}/alt");
            let res = app.post_form(who, &alt, &[("alt", "vandalised")]).await;
            assert_eq!(res.status().as_u16(), 403, "alt of {id}");
            let del = format!("/dashboard/acme/media/{id}/delete");
            let res = app.post_form(who, &del, &[("confirm", "yes")]).await;
            assert_eq!(res.status().as_u16(), 403, "delete of {id}");
            assert_eq!(alt_of(&app, id).as_deref(), Some("A test image"));
        }
    }
    // The library shows no buttons for what the viewer cannot change.
    let html = app
        .get(&writer, "/dashboard/acme/media")
        .await
        .text()
        .await
        .expect("body");
    assert!(!html.contains(&format!("/media/{theirs}/delete")), "{html}");
    assert!(html.contains(&format!("/media/{mine}/delete")), "{html}");
    // Their own unused upload: allowed.
    let res = app
        .post_form(
            &writer,
            &format!("/dashboard/acme/media/{mine}/alt"),
            &[("alt", "Mine")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(alt_of(&app, mine).as_deref(), Some("Mine"));
    let res = app
        .post_form(
            &writer,
            &format!("/dashboard/acme/media/{mine}/delete"),
            &[],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(alt_of(&app, mine), None);
    // An editor changes anyone's.
    let res = app
        .post_form(
            &editor,
            &format!("/dashboard/acme/media/{used}/alt"),
            &[("alt", "Cover")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(alt_of(&app, used).as_deref(), Some("Cover"));
}

#[tokio::test]
async fn an_upload_with_thousands_of_fields_is_refused() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let token = app.csrf(&c, "/dashboard/acme/media").await;
    let mut form = Form::new();
    for i in 0..2000 {
        form = form.text(format!("f{i}"), "x");
    }
    let form = form.part(
        "file",
        Part::bytes(png(10, 10)).file_name("a.png".to_owned()),
    );
    let res = c
        .post(app.url("/dashboard/acme/media"))
        .header("Accept", "application/json")
        .header("X-CSRF-Token", token)
        .multipart(form)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 400);
    let body = res.text().await.expect("body");
    assert!(body.contains("at most 8 fields"), "{body}");
    let org = app.org("acme");
    let mut conn = app.db.get().expect("conn");
    assert_eq!(
        qiao::db::media::list(&mut conn, org.id, 1, 10)
            .expect("list")
            .1,
        0
    );
}

#[tokio::test]
async fn a_refused_plain_upload_keeps_the_dashboard_and_says_what_to_do() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let token = app.csrf(&c, "/dashboard/acme/media").await;
    let form = Form::new().text("csrf_token", token).part(
        "file",
        Part::bytes(b"notes, not a picture".to_vec()).file_name("notes.txt"),
    );
    let res = c
        .post(app.url("/dashboard/acme/media"))
        .header("Referer", app.url("/dashboard/acme/media"))
        .multipart(form)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    // Still signed in, in the organization's dashboard.
    assert!(
        texts(&html, ".topnav a").iter().all(|a| a != "Log in"),
        "{html}"
    );
    assert!(
        texts(&html, ".topnav button").contains(&"Log out".to_owned()),
        "{html}"
    );
    assert!(
        !texts(&html, ".sidenav a").is_empty(),
        "dashboard navigation: {html}"
    );
    // The reason in words, not a raw field name, and the way back to the library.
    let reasons = texts(&html, ".field-errors li").join(" ");
    assert!(reasons.contains("JPEG, PNG, WebP or GIF"), "{reasons}");
    assert!(!reasons.starts_with("file"), "{reasons}");
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse(".error-page a.button").expect("sel");
    let back = doc
        .select(&sel)
        .next()
        .and_then(|a| a.value().attr("href"))
        .expect("a way back");
    assert_eq!(back, "/dashboard/acme/media");
    // Its log-out form carries the session's real CSRF token: logging out from it works.
    let csrf = crate::helpers::attr(
        &html,
        "form[action='/logout'] input[name=csrf_token]",
        "value",
    )
    .expect("the log-out form's token");
    let res = app.post(&c, "/logout", &[("csrf_token", &csrf)]).await;
    assert_eq!(res.status().as_u16(), 303, "logged out from the error page");
    assert_eq!(
        app.get(&c, "/dashboard/acme").await.status().as_u16(),
        303,
        "the session is over"
    );
    let c = app.client_of(&crate::helpers::member_email(Role::Editor));
    app.login_as(
        &c,
        &crate::helpers::member_email(Role::Editor),
        crate::helpers::PASSWORD,
    )
    .await;

    // A Referer whose path is another site's address is no way back.
    let token = app.csrf(&c, "/dashboard/acme/media").await;
    let form = Form::new().text("csrf_token", token).part(
        "file",
        Part::bytes(b"not a picture".to_vec()).file_name("n.txt"),
    );
    let res = c
        .post(app.url("/dashboard/acme/media"))
        .header("Referer", app.url("//evil.example/x"))
        .multipart(form)
        .send()
        .await
        .expect("request");
    let html = res.text().await.expect("body");
    let doc = scraper::Html::parse_document(&html);
    let back = doc
        .select(&sel)
        .next()
        .and_then(|a| a.value().attr("href"))
        .expect("a way back")
        .to_owned();
    assert_eq!(back, "/dashboard/acme");
}

#[tokio::test]
async fn an_article_page_shows_its_cover_and_credits_the_byline() {
    let (app, c, _, m, _) = uploaded_photo().await;
    let id = crate::helpers::new_article(
        &app,
        &c,
        "acme",
        &[
            ("title", "Harbour lights"),
            ("body_markdown", "Boats at dusk."),
            ("category", "news"),
            ("language", "en"),
            ("byline", "记者 王"),
            ("cover_media_id", &m["id"].to_string()),
        ],
    )
    .await;
    crate::helpers::publish(&app, &c, "acme", id).await;
    let path = format!("/@acme/{}", crate::helpers::slug(&app, id));
    let html = app.get(&client(), &path).await.text().await.expect("body");
    let sha = m["sha256"].as_str().expect("sha256");
    let attr = |sel: &str, name: &str| crate::helpers::attr(&html, sel, name);
    assert_eq!(
        attr("img.cover", "src").as_deref(),
        Some(format!("/media/{sha}/body").as_str())
    );
    assert_eq!(attr("img.cover", "alt").as_deref(), Some("A test image"));
    assert_eq!(
        attr("meta[property='og:image']", "content"),
        Some(app.url(&format!("/media/{sha}/cover")))
    );
    // The byline is credited instead of the account's name, on the page and in its JSON-LD.
    let meta = texts(&html, ".article .meta").join(" ");
    assert!(
        meta.contains("记者 王") && !meta.contains("editor"),
        "{meta}"
    );
    let ld = texts(&html, "script[type='application/ld+json']").join("");
    let ld: serde_json::Value = serde_json::from_str(&ld).expect("JSON-LD");
    assert_eq!(ld["author"]["@type"], "Person");
    assert_eq!(ld["author"]["name"], "记者 王");
    assert_eq!(ld["image"], app.url(&format!("/media/{sha}/cover")));
}
