//! Digests with an explicit clock: daily and weekly at the organization's digest hour in its
//! time zone, across the change to summer time in Europe/London and in Asia/Shanghai; once per
//! period however often and from however many instances the scheduler ticks; only articles the
//! subscriber has not been sent by a broadcast or digest, in the categories they follow; and
//! no email when there is nothing new.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use qiao::db;
use qiao::db::schema::{articles, digest_runs, organizations};
use serde_json::json;

use crate::helpers::broadcast::{Like, active, published, send_now, token};
use crate::helpers::smtp::SmtpServer;
use crate::helpers::{ORG, TestApp, spawn_app};

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("time")
}

async fn quiet_app(server: &SmtpServer, tz: &str, hour: i32, weekday: i32) -> TestApp {
    let smtp = server.settings(2, 100);
    let app = spawn_app()
        .with_org(ORG)
        .configure(move |s| {
            s.run_workers = false;
            s.smtp = Some(smtp);
        })
        .await;
    let mut conn = app.db.get().expect("connection");
    diesel::update(organizations::table)
        .set((
            organizations::timezone.eq(tz),
            organizations::digest_hour.eq(hour),
            organizations::digest_weekday.eq(weekday),
        ))
        .execute(&mut conn)
        .expect("digest time");
    app
}

/// Publishes an article and moves its publication to `when`.
async fn article_at(app: &TestApp, t: &str, title: &str, category: &str, when: &str) -> i64 {
    let (id, _) = published(app, t, title, &format!("{title} summary"), "en", category).await;
    let mut conn = app.db.get().expect("connection");
    diesel::update(articles::table.find(id))
        .set(articles::published_at.eq(at(when)))
        .execute(&mut conn)
        .expect("published at");
    id
}

/// The scheduler's tick, then the broadcast worker's passes, at `when`; digest mails that
/// arrived since `seen`, as recipient → article titles in them.
async fn tick(
    app: &TestApp,
    server: &SmtpServer,
    when: &str,
    seen: &mut usize,
) -> BTreeMap<String, Vec<String>> {
    let now = at(when);
    app.db
        .run(move |c| qiao::scheduler::tick(c, now))
        .await
        .expect("tick");
    for _ in 0..3 {
        app.broadcaster.run_once(&app.db, now).await.expect("pass");
    }
    let received = server.received();
    let mut out = BTreeMap::new();
    for m in &received[*seen..] {
        let text = m.part("text/plain").expect("text");
        let titles = ["Lantern", "Harbour", "Market", "Opera"]
            .iter()
            .filter(|t| text.contains(*t))
            .map(|t| (*t).to_owned())
            .collect();
        out.insert(m.to[0].clone(), titles);
    }
    *seen = received.len();
    out
}

fn runs(app: &TestApp) -> Vec<(String, String)> {
    let mut conn = app.db.get().expect("connection");
    digest_runs::table
        .order((digest_runs::frequency, digest_runs::period))
        .select((digest_runs::frequency, digest_runs::period))
        .load(&mut conn)
        .expect("runs")
}

/// Four subscribers of acme: daily with culture and news, daily with news, weekly with
/// everything, and one without a digest.
fn london_readers(app: &TestApp) {
    for (email, digest, categories) in [
        ("all@example.org", Some("daily"), Some("culture, news")),
        ("news@example.org", Some("daily"), Some("news")),
        ("weekly@example.org", Some("weekly"), None),
        ("instant@example.org", None, None),
    ] {
        let like = Like {
            digest,
            categories,
            ..Like::default()
        };
        active(app, ORG, email, &like);
    }
}

/// recipient → titles.
fn got(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
    pairs
        .iter()
        .map(|(who, titles)| {
            (
                (*who).to_owned(),
                titles.iter().map(|t| (*t).to_owned()).collect(),
            )
        })
        .collect()
}

#[tokio::test]
async fn daily_and_weekly_digests_follow_london_time_across_the_change_to_summer_time() {
    let server = SmtpServer::start().await;
    let app = quiet_app(&server, "Europe/London", 8, 1).await;
    let t = token(&app, ORG);
    london_readers(&app);
    let mut seen = 0;
    // Friday 27 March 08:00 GMT: the first daily period, and last Monday's weekly: nothing new.
    assert!(
        tick(&app, &server, "2026-03-27 08:00", &mut seen)
            .await
            .is_empty()
    );
    let first = [
        ("daily".into(), "2026-03-27".into()),
        ("weekly".into(), "2026-W13".into()),
    ];
    assert_eq!(runs(&app), first);
    article_at(&app, &t, "Lantern", "culture", "2026-03-27 12:00").await;
    let early = tick(&app, &server, "2026-03-28 07:59", &mut seen).await;
    assert!(early.is_empty(), "not before 08:00");
    let sat = tick(&app, &server, "2026-03-28 08:00", &mut seen).await;
    assert_eq!(
        sat,
        got(&[("all@example.org", &["Lantern"])]),
        "culture to who follows it"
    );
    // A broadcast sends Harbour to everyone: no digest repeats it.
    let harbour = article_at(&app, &t, "Harbour", "news", "2026-03-28 09:00").await;
    let body = json!({"title": "Harbour news", "article_ids": [harbour], "channels": ["email"]});
    send_now(&app, &t, &body).await;
    app.broadcaster
        .run_once(&app.db, db::now())
        .await
        .expect("broadcast");
    seen = server.received().len();
    article_at(&app, &t, "Market", "news", "2026-03-28 20:00").await;
    // Sunday 29 March: the clocks went forward at 01:00 UTC, so 08:00 BST is 07:00 UTC.
    assert!(
        tick(&app, &server, "2026-03-29 06:59", &mut seen)
            .await
            .is_empty()
    );
    let sun = tick(&app, &server, "2026-03-29 07:00", &mut seen).await;
    let both = got(&[
        ("all@example.org", &["Market"]),
        ("news@example.org", &["Market"]),
    ]);
    assert_eq!(sun, both, "what the broadcast sent is left out");
    let noon = tick(&app, &server, "2026-03-29 12:00", &mut seen).await;
    assert!(noon.is_empty(), "once a day");
    // Monday 30 March 08:00 BST, two instances ticking at once: each digest starts once.
    let now = at("2026-03-30 07:00");
    let (x, y) = tokio::join!(
        app.db.run(move |c| qiao::scheduler::tick(c, now)),
        app.db.run(move |c| qiao::scheduler::tick(c, now))
    );
    let started = x.expect("tick").digests.len() + y.expect("tick").digests.len();
    assert_eq!(started, 2, "the day's and the week's, once each");
    // The weekly digest has the week's articles that were not broadcast.
    let mon = tick(&app, &server, "2026-03-30 07:00", &mut seen).await;
    assert_eq!(mon, got(&[("weekly@example.org", &["Lantern", "Market"])]));
    let days: Vec<String> = runs(&app)
        .into_iter()
        .filter(|(f, _)| f == "daily")
        .map(|(_, p)| p)
        .collect();
    let expected = ["2026-03-27", "2026-03-28", "2026-03-29", "2026-03-30"];
    assert_eq!(days, expected, "one run per local day");
}

#[tokio::test]
async fn a_weekly_digest_in_shanghai_goes_at_nine_on_wednesday_once() {
    let server = SmtpServer::start().await;
    let app = quiet_app(&server, "Asia/Shanghai", 9, 3).await;
    let t = token(&app, ORG);
    active(
        &app,
        ORG,
        "reader@example.org",
        &Like {
            digest: Some("weekly"),
            locale: Some("zh-Hans"),
            ..Like::default()
        },
    );
    let mut seen = 0;
    tick(&app, &server, "2026-11-25 01:00", &mut seen).await;
    article_at(&app, &t, "Opera", "culture", "2026-11-30 04:00").await;
    // Wednesday 2 December 09:00 in Shanghai is 01:00 UTC.
    assert!(
        tick(&app, &server, "2026-12-02 00:59", &mut seen)
            .await
            .is_empty()
    );
    let wed = tick(&app, &server, "2026-12-02 01:00", &mut seen).await;
    assert_eq!(
        wed,
        BTreeMap::from([("reader@example.org".into(), vec!["Opera".into()])])
    );
    let mail = server.received().pop().expect("the digest");
    assert!(mail.subject().contains("本周文章"), "{}", mail.subject());
    assert!(mail.header("List-Unsubscribe").is_some());
    assert!(
        tick(&app, &server, "2026-12-03 01:00", &mut seen)
            .await
            .is_empty()
    );
    assert!(
        tick(&app, &server, "2026-12-09 01:00", &mut seen)
            .await
            .is_empty(),
        "nothing new next week: no email"
    );
    let weeks: Vec<String> = runs(&app)
        .into_iter()
        .filter(|(f, _)| f == "weekly")
        .map(|(_, p)| p)
        .collect();
    assert_eq!(weeks, ["2026-W48", "2026-W49", "2026-W50"]);
}
