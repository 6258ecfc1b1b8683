//! View counting: in memory per article and UTC day, flushed to `page_views` with an upsert,
//! bots excluded, shown in the dashboard's article list.

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::RunQueryDsl as _;
use qiao::db::{self, articles};
use qiao::domain::{ArticleFields, Role, Status};
use qiao::views::{FlushReport, ViewCounter};

use crate::helpers::{TestApp, spawn_app, texts};

const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 \
                      (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) \
                      AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 \
                      Safari/604.1";
const GOOGLEBOT: &str = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).expect("valid day")
}

fn at(d: u32, hour: u32, minute: u32) -> NaiveDateTime {
    day(d).and_hms_opt(hour, minute, 0).expect("valid time")
}

/// A published article in `org`; returns its id.
fn published(app: &TestApp, org: &str, title: &str) -> i64 {
    let org = app.org(org);
    let input = ArticleFields {
        title: title.to_owned(),
        body_markdown: "Some text.".to_owned(),
        category: "news".to_owned(),
        language: "en".to_owned(),
        ..Default::default()
    }
    .parse()
    .expect("valid article");
    let origin = articles::Origin {
        author_id: None,
        status: Status::Published,
        published_at: Some(at(1, 0, 0)),
        import_key: None,
    };
    let mut conn = app.db.get().expect("connection");
    match articles::create(
        &mut conn,
        org.id,
        &input,
        &qiao::render::body::render(&input.body_markdown, &input.summary),
        &origin,
        db::now(),
    )
    .expect("created")
    {
        articles::Created::New(id) | articles::Created::Exists(id) => id,
    }
}

fn flush(app: &TestApp, views: &ViewCounter) -> FlushReport {
    let mut conn = app.db.get().expect("connection");
    views.flush(&mut conn).expect("flush")
}

fn by_day(app: &TestApp, id: i64) -> Vec<(NaiveDate, i64)> {
    let mut conn = app.db.get().expect("connection");
    db::views::by_day(&mut conn, id).expect("views by day")
}

fn record(views: &ViewCounter, id: i64, n: usize, ua: &str, t: NaiveDateTime) {
    for _ in 0..n {
        views.record(id, Some(ua), t);
    }
}

#[tokio::test]
async fn views_are_flushed_per_article_and_utc_day_and_added_to_on_the_next_flush() {
    let app = spawn_app().await;
    app.create_org("acme");
    let (a, b) = (
        published(&app, "acme", "First"),
        published(&app, "acme", "Second"),
    );
    let views = ViewCounter::new();
    record(&views, a, 3, CHROME, at(1, 0, 0));
    record(&views, a, 2, IPHONE, at(1, 23, 59));
    record(&views, a, 4, CHROME, at(2, 0, 0));
    record(&views, b, 1, IPHONE, at(2, 12, 0));
    record(&views, b, 50, GOOGLEBOT, at(2, 12, 0));
    assert!(!views.record(b, None, at(2, 12, 0)), "no user agent: a bot");
    assert_eq!(views.pending(), 10);

    let report = flush(&app, &views);
    assert_eq!((report.rows, report.views, report.skipped), (3, 10, 0));
    assert_eq!(views.pending(), 0);
    assert_eq!(by_day(&app, a), [(day(1), 5), (day(2), 4)]);
    assert_eq!(by_day(&app, b), [(day(2), 1)]);

    record(&views, a, 6, CHROME, at(2, 18, 0));
    record(&views, b, 2, CHROME, at(3, 1, 0));
    let report = flush(&app, &views);
    assert_eq!((report.rows, report.views), (2, 8));
    assert_eq!(by_day(&app, a), [(day(1), 5), (day(2), 10)], "added up");
    assert_eq!(by_day(&app, b), [(day(2), 1), (day(3), 2)]);

    assert_eq!(
        flush(&app, &views),
        FlushReport::default(),
        "nothing pending"
    );
    let mut conn = app.db.get().expect("connection");
    let totals = db::views::totals(&mut conn, &[a, b, b + 1000]).expect("totals");
    assert_eq!(totals.get(&a), Some(&15));
    assert_eq!(totals.get(&b), Some(&3));
    assert_eq!(totals.len(), 2, "never-viewed ids are absent");
}

#[tokio::test]
async fn a_flush_skips_articles_deleted_since_and_keeps_the_others() {
    let app = spawn_app().await;
    app.create_org("acme");
    let ids = [
        published(&app, "acme", "Kept one"),
        published(&app, "acme", "Deleted"),
        published(&app, "acme", "Kept two"),
    ];
    let views = ViewCounter::new();
    for (i, id) in ids.iter().enumerate() {
        record(&views, *id, i + 1, CHROME, at(5, 10, 0));
    }
    let mut conn = app.db.get().expect("connection");
    let r = crate::helpers::article_ref(&mut conn, ids[1]);
    articles::delete(&mut conn, r, db::now()).expect("deleted");
    drop(conn);

    let report = flush(&app, &views);
    assert_eq!((report.rows, report.views, report.skipped), (2, 4, 2));
    assert_eq!(by_day(&app, ids[0]), [(day(5), 1)]);
    assert!(by_day(&app, ids[1]).is_empty());
    assert_eq!(by_day(&app, ids[2]), [(day(5), 3)]);
    assert_eq!(views.pending(), 0, "dropped, not retried forever");
}

#[tokio::test]
async fn a_failed_flush_keeps_its_counts_for_the_next_one() {
    let app = spawn_app().await;
    app.create_org("acme");
    let id = published(&app, "acme", "Popular");
    let views = ViewCounter::new();
    record(&views, id, 3, CHROME, at(7, 8, 0));
    let rename = |from: &str, to: &str| {
        let mut conn = app.db.get().expect("connection");
        diesel::sql_query(format!("ALTER TABLE {from} RENAME TO {to}"))
            .execute(&mut conn)
            .expect("rename");
    };
    rename("page_views", "page_views_away");
    let mut conn = app.db.get().expect("connection");
    assert!(views.flush(&mut conn).is_err(), "no table to write to");
    drop(conn);
    record(&views, id, 2, CHROME, at(7, 9, 0));
    assert_eq!(views.pending(), 5, "put back and still counting");

    rename("page_views_away", "page_views");
    assert_eq!(flush(&app, &views).views, 5);
    assert_eq!(by_day(&app, id), [(day(7), 5)]);
}

#[tokio::test]
async fn the_dashboard_article_list_shows_view_counts() {
    let app = spawn_app().with_member(Role::Editor).await;
    let c = app.member(Role::Editor);
    let seen = published(&app, "acme", "Seen a lot");
    published(&app, "acme", "Never seen");
    let views = ViewCounter::new();
    record(&views, seen, 1200, CHROME, at(1, 9, 0));
    record(&views, seen, 34, IPHONE, at(2, 9, 0));
    flush(&app, &views);

    let html = app
        .get(&c, "/dashboard/acme/articles")
        .await
        .text()
        .await
        .expect("body");
    assert!(texts(&html, "table.articles th").contains(&"Views".to_owned()));
    let titles = texts(&html, "table.articles tbody td:first-child a");
    let counts = texts(&html, "table.articles tbody td.views");
    let mut rows: Vec<(String, String)> = titles.into_iter().zip(counts).collect();
    rows.sort();
    assert_eq!(
        rows,
        [
            ("Never seen".to_owned(), "0".to_owned()),
            ("Seen a lot".to_owned(), "1234".to_owned()),
        ]
    );
}

#[tokio::test]
async fn many_threads_recording_concurrently_lose_nothing() {
    const THREADS: usize = 8;
    const EACH: usize = 5_000;
    let app = spawn_app().await;
    app.create_org("acme");
    let ids: Vec<i64> = (0..4)
        .map(|i| published(&app, "acme", &format!("Article {i}")))
        .collect();
    let views = ViewCounter::new();
    let mut flushed = 0;
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                let (views, ids) = (&views, &ids);
                s.spawn(move || {
                    for i in 0..EACH {
                        let id = ids[(t + i) % ids.len()];
                        let d = 1 + u32::try_from(i % 2).expect("small");
                        assert!(views.record(id, Some(CHROME), at(d, 12, 0)));
                    }
                })
            })
            .collect();
        // Flush while they record, as the scheduler would.
        while !workers.iter().all(|w| w.is_finished()) {
            flushed += flush(&app, &views).views;
        }
    });
    flushed += flush(&app, &views).views;
    let expected = i64::try_from(THREADS * EACH).expect("small");
    assert_eq!(flushed, expected);
    let mut conn = app.db.get().expect("connection");
    let totals = db::views::totals(&mut conn, &ids).expect("totals");
    assert_eq!(totals.values().sum::<i64>(), expected);
    for id in &ids {
        assert_eq!(totals.get(id), Some(&(expected / 4)), "article {id}");
    }
}

#[tokio::test]
async fn the_scheduler_flushes_pending_views_when_it_stops() {
    let app = spawn_app().await;
    app.create_org("acme");
    let id = published(&app, "acme", "Last minute");
    let views = Arc::new(ViewCounter::new());
    record(&views, id, 7, CHROME, at(9, 23, 59));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    stop.send(true).expect("scheduler listening");
    // An hour's interval: only the flush on the way out can write these.
    qiao::scheduler::run(
        app.db.clone(),
        views.clone(),
        app.queries.clone(),
        std::time::Duration::from_secs(3600),
        stopped,
        true,
    )
    .await;
    assert_eq!(views.pending(), 0);
    assert_eq!(by_day(&app, id), [(day(9), 7)]);
}
