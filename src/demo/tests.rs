use std::collections::{BTreeSet, HashSet};

use chrono::NaiveDate;
use image::GenericImageView as _;

use super::cover::render;
use super::*;
use crate::domain::Category;

fn all() -> Vec<DemoArticle> {
    articles().expect("the demo articles have valid front matter")
}

fn noon() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 22)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .expect("a date")
}

#[test]
fn every_demo_article_parses_and_together_they_show_the_whole_site() {
    let all = all();
    assert!((6..=8).contains(&all.len()), "{}", all.len());
    let mut languages = BTreeSet::new();
    let mut categories = BTreeSet::new();
    let mut tag_uses: Vec<BTreeSet<String>> = Vec::new();
    for (i, a) in all.iter().enumerate() {
        assert_eq!(a.key, format!("demo-{}", i + 1));
        let input = a
            .input()
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", a.key));
        assert!((2..=4).contains(&input.tags.len()), "{}: tags", a.key);
        assert!(input.body_markdown.len() > 800, "{}: a real article", a.key);
        assert!(!input.body_markdown.starts_with('+'), "{}", a.key);
        assert!(!a.cover.alt.is_empty(), "{}: cover alt text", a.key);
        languages.insert(input.language.as_str().to_owned());
        categories.insert(input.category.as_str());
        tag_uses.push(input.tags.iter().map(|t| t.slug.clone()).collect());
    }
    assert_eq!(
        languages,
        BTreeSet::from(["en".to_owned(), "zh".to_owned()])
    );
    assert_eq!(categories.len(), Category::ALL.len());
    // Related articles need shared tags: every article shares one with another.
    for (i, tags) in tag_uses.iter().enumerate() {
        let shares = tag_uses
            .iter()
            .enumerate()
            .any(|(j, other)| j != i && !tags.is_disjoint(other));
        assert!(shares, "{} shares no tag", all[i].key);
    }
    let with_summary = all.iter().filter(|a| !a.fields.summary.is_empty()).count();
    assert!(with_summary > 0 && with_summary < all.len());
}

#[test]
fn chinese_paragraphs_are_not_hard_wrapped() {
    // A line break inside a paragraph is a space on the page: between Chinese characters it
    // shows as a gap.
    let cjk = |c: Option<char>| c.is_some_and(|c| c >= '\u{2E80}');
    for a in all() {
        let lines: Vec<&str> = a.fields.body_markdown.lines().collect();
        for pair in lines.windows(2) {
            let joined = cjk(pair[0].chars().last()) && cjk(pair[1].chars().next());
            assert!(!joined, "{}: “{}” is wrapped", a.key, pair[0]);
        }
    }
}

#[test]
fn publication_times_are_staggered_over_the_last_weeks_and_never_in_the_future() {
    let zone = chrono_tz::America::Toronto;
    for now in [noon(), noon() - chrono::Duration::hours(11)] {
        let times: Vec<NaiveDateTime> = all().iter().map(|a| a.published_at(now, zone)).collect();
        let distinct: HashSet<_> = times.iter().collect();
        assert_eq!(distinct.len(), times.len());
        for t in &times {
            assert!(*t <= now && *t > now - chrono::Duration::days(60), "{t}");
        }
    }
    // 19:00 in Toronto on the 19th (EST, UTC−5) is midnight UTC on the 20th.
    let gala = &all()[1];
    assert_eq!((gala.days_ago, gala.hour), (3, 19));
    assert_eq!(
        gala.published_at(noon(), zone).to_string(),
        "2026-11-20 00:00:00"
    );
}

#[test]
fn covers_are_deterministic_distinct_per_article_and_the_right_size() {
    let mut shas = HashSet::new();
    for a in all() {
        let first = cover_jpeg(&a.cover, a.key).expect("cover");
        let again = cover_jpeg(&a.cover, a.key).expect("cover");
        assert!(first == again, "{}: the same bytes every time", a.key);
        let decoded = image::load_from_memory(&first).expect("a JPEG");
        assert_eq!(decoded.dimensions(), (COVER_WIDTH, COVER_HEIGHT));
        assert!(
            shas.insert(media::sha256_hex(&first)),
            "{}: distinct",
            a.key
        );
    }
    // The seed matters too, not only the style.
    let style = all()[0].cover.clone();
    let a = render(&style, "demo-1").expect("render");
    let b = render(&style, "demo-99").expect("render");
    assert_eq!(a.dimensions(), (1600, 900));
    assert!(a != b);
}

#[test]
fn a_cover_is_an_image_the_media_library_accepts() {
    let a = &all()[3];
    let bytes = cover_jpeg(&a.cover, a.key).expect("cover");
    assert!(bytes.len() < 2 * 1024 * 1024, "{} bytes", bytes.len());
    let p = media::process(&bytes, 10 * 1024 * 1024).expect("accepted");
    assert_eq!((p.width, p.height), (1600, 900));
    assert!(p.variant(media::Variant::Cover).is_some());
}

#[test]
fn a_cover_style_with_a_bad_colour_or_motif_is_refused() {
    let good = all()[0].cover.clone();
    let bad_colour = CoverStyle {
        from: "red".to_owned(),
        ..good.clone()
    };
    assert!(render(&bad_colour, "x").is_err_and(|e| e.contains("#rrggbb")));
    let bad_motif = CoverStyle {
        motif: "unicorns".to_owned(),
        ..good
    };
    assert!(render(&bad_motif, "x").is_err_and(|e| e.contains("unicorns")));
}
