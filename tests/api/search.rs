//! Search end to end: articles published through the API reach the index through the outbox
//! (one syncer pass with the test's clock), and `/api/v1/search` and `/search` find them in
//! either script, never a draft, never another organization's under an `org` filter.

use crate::helpers::broadcast::{get, post, published, token};
use crate::helpers::spawn_app;

async fn search(app: &crate::helpers::TestApp, qs: &str) -> serde_json::Value {
    let res = reqwest::get(app.url(&format!("/api/v1/search?{qs}")))
        .await
        .expect("search");
    assert_eq!(res.status().as_u16(), 200, "{qs}");
    res.json().await.expect("json")
}

/// Two organizations' published articles and a draft, synced: (the Chinese article, its token).
async fn arrange(app: &crate::helpers::TestApp) -> (i64, String) {
    let (t, theirs) = (token(app, "acme"), token(app, "other"));
    let (id, _) = published(
        app,
        &t,
        "中秋團圓夜",
        "中华人民共和国成立的故事",
        "zh-Hant",
        "culture",
    )
    .await;
    published(
        app,
        &theirs,
        "Harvest festival",
        "A festival of lanterns",
        "en",
        "news",
    )
    .await;
    let (status, draft) = post(
        app,
        "/api/v1/articles",
        &t,
        &serde_json::json!({"title": "Secret draft", "body_markdown": "团圆 lanterns unpublished", "category": "news", "language": "en"}),
    )
    .await;
    assert_eq!(status, 201, "{draft}");
    let pass = app
        .syncer
        .run_once(qiao::db::now())
        .await
        .expect("sync pass");
    assert_eq!(pass.error, None);
    assert!(pass.applied >= 2, "{pass:?}");
    (id, t)
}

#[tokio::test]
async fn published_articles_are_found_in_either_script_and_drafts_never() {
    let app = spawn_app().with_org("acme").with_org("other").await;
    let (id, t) = arrange(&app).await;
    // A word inside a longer one; the Simplified query finds the Traditional title.
    let r = search(&app, "q=%E4%BA%BA%E6%B0%91").await;
    assert_eq!(r["total"], 1, "{r}");
    assert_eq!(r["hits"][0]["id"], id);
    let r = search(&app, "q=%E5%9B%A2%E5%9C%86").await;
    assert_eq!(r["total"], 1, "团圆 finds 團圓: {r}");
    assert!(
        r["hits"][0]["title_html"]
            .as_str()
            .unwrap_or("")
            .contains("<mark>"),
        "{r}"
    );
    // The draft's words find only published articles.
    let r = search(&app, "q=lanterns").await;
    assert_eq!(r["total"], 1, "{r}");
    assert_eq!(r["hits"][0]["org"]["slug"], "other");
    // A typo in a longer English word.
    let r = search(&app, "q=festivall").await;
    assert_eq!(r["total"], 1, "{r}");
    // The organization filter isolates; an unknown one, or crafted values, match nothing.
    let r = search(&app, "q=festival&org=acme").await;
    assert_eq!(r["total"], 0, "{r}");
    for qs in [
        "q=festival&org=nobody",
        "q=festival&tag=x%22%20OR%20org%3D2",
        "q=festival&language=en%5C%22%29",
    ] {
        assert_eq!(search(&app, qs).await["total"], 0, "{qs}");
    }
    // The empty query lists the latest, with facet counts; a page past the end is empty.
    let r = search(&app, "").await;
    assert_eq!(r["total"], 2, "{r}");
    assert_eq!(r["facets"]["org"].as_array().map(Vec::len), Some(2), "{r}");
    let r = search(&app, "page=900").await;
    assert_eq!(
        (r["total"].as_i64(), r["hits"].as_array().map(Vec::len)),
        (Some(2), Some(0))
    );
    let long = "x".repeat(1000);
    assert_eq!(
        search(&app, &format!("q={long}%22%28%5C")).await["total"],
        0
    );
    for bad in ["sort=title", "script=latin", "q=a&q=b", "utm=1"] {
        let (status, _) = get(&app, &format!("/api/v1/search?{bad}"), &t).await;
        assert_eq!(status, 400, "{bad}");
    }
    // Results in the script asked for, with links that keep it.
    let r = search(&app, "q=%E4%BA%BA%E6%B0%91&script=hans").await;
    assert_eq!(r["hits"][0]["title"], "中秋团圆夜", "{r}");
    assert!(
        r["hits"][0]["url"]
            .as_str()
            .unwrap_or("")
            .ends_with("?script=hans"),
        "{r}"
    );
    page_and_unpublish(&app, id, &t).await;
}

/// The page shows marks; an unpublished article is found no more.
async fn page_and_unpublish(app: &crate::helpers::TestApp, id: i64, t: &str) {
    // The page.
    let html = reqwest::get(app.url("/search?q=%E5%9C%98%E5%9C%93"))
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(html.contains("<mark>"), "{html}");
    // Unpublishing removes it.
    post(
        app,
        &format!("/api/v1/articles/{id}/unpublish"),
        t,
        &serde_json::json!({}),
    )
    .await;
    app.syncer
        .run_once(qiao::db::now())
        .await
        .expect("sync pass");
    assert_eq!(search(app, "q=%E4%BA%BA%E6%B0%91").await["total"], 0);
    assert_eq!(app.search.name(), "tantivy");
    assert!(app.queries.pending() > 0);
}
