//! The sitemap (one urlset, or an index of pages past the page size) and robots.txt.

use std::collections::BTreeMap;

use qiao::db::articles;
use qiao::db::{self, orgs};
use qiao::domain::Action;
use qiao::web::sitemap::{Part, document};

use super::{publish_directly, rfc3339, site};
use crate::helpers::spawn_app;

/// `loc → lastmod` of every `<url>` in a urlset, and the `<loc>` of every `<sitemap>`.
fn parse_sitemap(xml: &str) -> (BTreeMap<String, String>, Vec<String>) {
    const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    assert_eq!(doc.root_element().tag_name().namespace(), Some(NS));
    let child = |n: roxmltree::Node<'_, '_>, name: &str| {
        n.children()
            .find(|c| c.has_tag_name((NS, name)))
            .and_then(|c| c.text())
            .map(str::to_owned)
    };
    let mut urls = BTreeMap::new();
    for u in doc.descendants().filter(|n| n.has_tag_name((NS, "url"))) {
        let loc = child(u, "loc").expect("loc");
        let lastmod = child(u, "lastmod").unwrap_or_else(|| panic!("lastmod of {loc}"));
        assert!(urls.insert(loc, lastmod).is_none(), "no URL twice");
    }
    let pages = doc
        .descendants()
        .filter(|n| n.has_tag_name((NS, "sitemap")))
        .map(|s| child(s, "loc").expect("loc"))
        .collect();
    (urls, pages)
}

#[tokio::test]
async fn the_sitemap_lists_exactly_the_public_pages_with_lastmod() {
    let app = spawn_app().await;
    let published = site(&app).await;
    let base = &app.address;
    let res = app.get(&reqwest::Client::new(), "/sitemap.xml").await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        res.headers().get("content-type").expect("type"),
        "application/xml; charset=utf-8"
    );
    let (urls, pages) = parse_sitemap(&res.text().await.expect("body"));
    assert!(pages.is_empty(), "one urlset, no index");

    let mut expected: BTreeMap<String, String> = BTreeMap::new();
    let acme_newest = published
        .iter()
        .map(|id| crate::helpers::article(&app, *id).updated_at)
        .max()
        .expect("some");
    for id in &published {
        let a = crate::helpers::article(&app, *id);
        expected.insert(format!("{base}/@acme/{}", a.slug), rfc3339(a.updated_at));
    }
    let globex_news = {
        let mut conn = app.db.get().expect("conn");
        let (cards, _) = qiao::db::public::list(
            &mut conn,
            &qiao::db::public::Listing {
                org_id: Some(app.org("globex").id),
                limit: 10,
                ..Default::default()
            },
        )
        .expect("list");
        crate::helpers::article(&app, cards[0].id)
    };
    expected.insert(
        format!("{base}/@globex/{}", globex_news.slug),
        rfc3339(globex_news.updated_at),
    );
    expected.insert(
        format!("{base}/"),
        rfc3339(globex_news.updated_at.max(acme_newest)),
    );
    expected.insert(format!("{base}/@acme"), rfc3339(acme_newest));
    expected.insert(format!("{base}/@globex"), rfc3339(globex_news.updated_at));
    let quiet = {
        let mut conn = app.db.get().expect("conn");
        orgs::by_slug(&mut conn, "quiet")
            .expect("query")
            .expect("org")
    };
    expected.insert(format!("{base}/@quiet"), rfc3339(quiet.updated_at));
    assert_eq!(urls, expected);
}

#[tokio::test]
async fn past_the_page_size_the_sitemap_becomes_an_index_of_pages() {
    let app = spawn_app().await;
    let org = app.create_org("acme");
    let mut expected = vec![app.url("/"), app.url("/@acme")];
    for n in 0..5 {
        let id = publish_directly(&app, org.id, &format!("Story {n}"), "news");
        expected.push(app.url(&format!(
            "/@acme/{}",
            crate::helpers::article(&app, id).slug
        )));
    }
    let draft = publish_directly(&app, org.id, "Withdrawn", "news");
    {
        let mut conn = app.db.get().expect("conn");
        let r = crate::helpers::article_ref(&mut conn, draft);
        articles::transition(&mut conn, r, Action::Unpublish, None, db::now())
            .expect("unpublished");
    }
    let mut conn = app.db.get().expect("conn");
    let mut doc = |part: Part, size: i64| {
        document(&mut conn, &app.address, part, size)
            .expect("document")
            .map(|d| d.xml)
    };
    let (urls, pages) = parse_sitemap(&doc(Part::Root, 3).expect("root"));
    assert!(urls.is_empty(), "an index lists no page itself");
    assert_eq!(
        pages,
        [1, 2, 3].map(|n| app.url(&format!("/sitemap-{n}.xml")))
    );
    let mut seen = Vec::new();
    for (n, size) in [(1, 3), (2, 3), (3, 1)] {
        let (urls, pages) = parse_sitemap(&doc(Part::Page(n), 3).expect("page"));
        assert!(pages.is_empty());
        assert_eq!(urls.len(), size, "page {n}");
        seen.extend(urls.into_keys());
    }
    seen.sort();
    expected.sort();
    assert_eq!(seen, expected, "the pages hold every public URL once");
    assert!(doc(Part::Page(4), 3).is_none());
    assert!(doc(Part::Page(0), 3).is_none());
    let (urls, pages) = parse_sitemap(&doc(Part::Root, 7).expect("root"));
    assert_eq!(
        (urls.len(), pages.len()),
        (7, 0),
        "seven fit one page of seven"
    );
    drop(conn);

    let c = reqwest::Client::new();
    assert_eq!(app.get(&c, "/sitemap-1.xml").await.status().as_u16(), 200);
    assert_eq!(app.get(&c, "/sitemap-2.xml").await.status().as_u16(), 404);
    assert_eq!(app.get(&c, "/sitemap-x.xml").await.status().as_u16(), 404);
}

#[tokio::test]
async fn robots_txt_keeps_crawlers_out_of_private_pages_and_names_the_sitemap() {
    let app = spawn_app().await;
    let res = app.get(&reqwest::Client::new(), "/robots.txt").await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        res.headers().get("content-type").expect("type"),
        "text/plain; charset=utf-8"
    );
    let body = res.text().await.expect("body");
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines[0], "User-agent: *");
    for expected in [
        "Allow: /",
        "Disallow: /dashboard/",
        "Disallow: /login",
        "Disallow: /preview/",
        "Disallow: /api/",
        "Disallow: /setup/",
        "Disallow: /invite/",
        "Disallow: /account",
    ] {
        assert!(lines.contains(&expected), "{expected} in {body}");
    }
    let sitemap = format!("Sitemap: {}/sitemap.xml", app.address);
    assert!(lines.contains(&sitemap.as_str()), "{body}");
    assert!(
        !lines
            .iter()
            .any(|l| l.starts_with("Disallow: /@") || *l == "Disallow: /"),
        "public pages stay crawlable"
    );
}
