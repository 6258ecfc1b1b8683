//! The demo articles: Markdown files under `src/demo/articles/`, compiled into the binary, each
//! with a TOML front matter between `+++` lines (title, language, category, tags, summary,
//! byline, how many days ago it was published, and its cover's colours and motif).

use chrono::{Duration, NaiveDateTime, NaiveTime, TimeZone as _};
use serde::Deserialize;

use crate::domain::{ArticleFields, ArticleInput};
use crate::error::FieldErrors;

/// The files, in publication order of their keys (`demo-1` …). A key never changes meaning:
/// it is what makes a second `qiao demo` skip an article the first one created.
const FILES: [(&str, &str); 8] = [
    ("demo-1", include_str!("articles/01-welcome.md")),
    ("demo-2", include_str!("articles/02-spring-gala.md")),
    ("demo-3", include_str!("articles/03-book-corner.md")),
    ("demo-4", include_str!("articles/04-mid-autumn.md")),
    ("demo-5", include_str!("articles/05-dumpling-class.md")),
    ("demo-6", include_str!("articles/06-our-name.md")),
    ("demo-7", include_str!("articles/07-chinese-school.md")),
    ("demo-8", include_str!("articles/08-winter-coats.md")),
];

/// What a cover looks like.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CoverStyle {
    /// Gradient colour at the top left, `#rrggbb`.
    pub from: String,
    /// Gradient colour at the bottom right, `#rrggbb`.
    pub to: String,
    /// Colour of the shapes, `#rrggbb`.
    pub accent: String,
    /// The shapes: `lanterns`, `moon`, `bridge`, `waves`, `dots`, `stripes`, `hills` or `snow`.
    pub motif: String,
    /// Alternative text of the image in the media library.
    pub alt: String,
}

/// The front matter of a demo article.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    #[serde(default)]
    slug: String,
    language: String,
    category: String,
    tags: Vec<String>,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    byline: String,
    days_ago: u32,
    hour: u32,
    cover: CoverStyle,
}

/// One demo article, as written.
#[derive(Clone, Debug)]
pub struct DemoArticle {
    /// Import key, `demo-<n>`.
    pub key: &'static str,
    /// The fields an editor would type.
    pub fields: ArticleFields,
    /// Published this many days before the run…
    pub days_ago: u32,
    /// …at this hour, in the organization's time zone.
    pub hour: u32,
    /// Its cover.
    pub cover: CoverStyle,
}

impl DemoArticle {
    /// The validated article (without a cover: that is generated and stored first).
    pub fn input(&self) -> Result<ArticleInput, FieldErrors> {
        self.fields.parse()
    }

    /// When it was published: `days_ago` days before `now` at `hour` local time in `zone`,
    /// never later than `now`.
    pub fn published_at(&self, now: NaiveDateTime, zone: chrono_tz::Tz) -> NaiveDateTime {
        let local_day =
            zone.from_utc_datetime(&now).date_naive() - Duration::days(i64::from(self.days_ago));
        let time = NaiveTime::from_hms_opt(self.hour.min(23), 0, 0).unwrap_or(NaiveTime::MIN);
        zone.from_local_datetime(&local_day.and_time(time))
            .earliest()
            .map(|t| t.naive_utc())
            // A local time skipped by a clock change: the same number of days before now.
            .unwrap_or_else(|| now - Duration::days(i64::from(self.days_ago)))
            .min(now)
    }
}

/// Splits `+++\n<toml>\n+++\n<markdown>`.
fn split(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("+++\n")?;
    let end = rest.find("\n+++\n")?;
    Some((&rest[..end], rest[end + 5..].trim_start_matches('\n')))
}

fn parse(key: &'static str, text: &str) -> Result<DemoArticle, String> {
    // A checkout with Windows line endings compiles the files in with them.
    let text = text.replace("\r\n", "\n");
    let (head, body) = split(&text).ok_or_else(|| format!("{key}: no +++ front matter"))?;
    let fm: FrontMatter = toml::from_str(head).map_err(|e| format!("{key}: {e}"))?;
    Ok(DemoArticle {
        key,
        fields: ArticleFields {
            title: fm.title,
            slug: fm.slug,
            summary: fm.summary,
            body_markdown: body.to_owned(),
            category: fm.category,
            tags: fm.tags.join(","),
            language: fm.language,
            byline: fm.byline,
            ..ArticleFields::default()
        },
        days_ago: fm.days_ago,
        hour: fm.hour,
        cover: fm.cover,
    })
}

/// Every demo article, in key order. An error names the file's key: the files are compiled
/// in, so it can only come from editing them (a unit test parses them all).
pub fn articles() -> Result<Vec<DemoArticle>, String> {
    FILES.iter().map(|(key, text)| parse(key, text)).collect()
}
