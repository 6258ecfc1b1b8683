//! Content for tests: images, articles written through the editor and moved through the
//! workflow, counts read back from the database, and the shared corpus.

use std::path::PathBuf;

use qiao::db::articles::{self, Article};
use qiao::domain::Status;

use super::{TestApp, location};

/// A PNG of `width` × `height` pixels with a gradient, so different sizes are different files.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 7 % 256) as u8, (y * 3 % 256) as u8, 128])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

/// Creates an article in `org` through the editor form, as the member logged in on `c`;
/// returns its id.
pub async fn new_article(
    app: &TestApp,
    c: &reqwest::Client,
    org: &str,
    fields: &[(&str, &str)],
) -> i64 {
    let res = app
        .post_form(c, &format!("/dashboard/{org}/articles"), fields)
        .await;
    assert_eq!(res.status().as_u16(), 303, "created: {fields:?}");
    let loc = location(&res);
    loc.rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("editor url: {loc}"))
}

/// Posts a workflow step (`action` and any other fields) for article `id` of `org` through
/// the dashboard, and expects it to be taken.
pub async fn step(app: &TestApp, c: &reqwest::Client, org: &str, id: i64, fields: &[(&str, &str)]) {
    let res = app
        .post_form(
            c,
            &format!("/dashboard/{org}/articles/{id}/workflow"),
            fields,
        )
        .await;
    assert_eq!(res.status().as_u16(), 303, "{fields:?}");
}

/// Publishes article `id` of `org` now.
pub async fn publish(app: &TestApp, c: &reqwest::Client, org: &str, id: i64) {
    step(app, c, org, id, &[("action", "publish")]).await;
}

/// The article row.
pub fn article(app: &TestApp, id: i64) -> Article {
    let mut conn = app.db.get().expect("conn");
    articles::by_id(&mut conn, id).expect("article")
}

/// The article's current slug.
pub fn slug(app: &TestApp, id: i64) -> String {
    article(app, id).slug
}

/// How many articles `org` has (with `status`, or all).
pub fn count(app: &TestApp, org: &str, status: Option<Status>) -> i64 {
    let org = app.org(org);
    let mut conn = app.db.get().expect("conn");
    articles::list(
        &mut conn,
        org.id,
        &articles::ListFilter {
            status,
            per_page: 1,
            ..Default::default()
        },
    )
    .expect("list")
    .1
}

/// The shared corpus, if it is here. Under CI (`CI=true`, which `.ci/run` sets) a missing
/// corpus fails the test instead of skipping it: a run that tested nothing must not pass.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("TEST_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    if dir.join("zh-weekly-even.jsonl").is_file() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "the corpus is missing at {} (set TEST_CORPUS_DIR)",
        dir.display()
    );
    eprintln!(
        "SKIPPED: no corpus at {} (set TEST_CORPUS_DIR)",
        dir.display()
    );
    None
}
