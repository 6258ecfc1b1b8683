//! What an editor submits for an article, parsed field by field so that every problem is
//! reported at its field at once, and nothing is saved until all of them are right.

use serde::Deserialize;

use super::Msg;
use super::article::{ArticleSlug, Category, Title};
use super::fields::LanguageTag;
use crate::error::FieldErrors;

/// The longest Markdown body accepted, in bytes: about 65,000 Chinese characters, three times
/// WeChat's 20,000-character limit and more than the longest article of our corpus (173 KB).
/// Any body of this size, however it is built, renders in under 200 ms
/// (`benches/pathological.rs`); at 1 MB, dense markup took up to 0.7 s.
pub const MAX_BODY_BYTES: usize = 192 * 1024;
/// The longest summary, in characters.
pub const MAX_SUMMARY_CHARS: usize = 300;
/// The most tags one article may carry.
pub const MAX_TAGS: usize = 20;
/// The longest tag name, in characters.
pub const MAX_TAG_CHARS: usize = 40;
/// How long the automatic summary is, in characters.
pub const AUTO_SUMMARY_CHARS: usize = 120;

/// Raw article fields as a form or the API sends them. Every field is text so that a wrong
/// value comes back to the editor as they typed it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ArticleFields {
    /// Title.
    pub title: String,
    /// Slug; empty derives one from the title.
    pub slug: String,
    /// Summary; empty uses the start of the body.
    pub summary: String,
    /// Markdown body.
    pub body_markdown: String,
    /// `culture`, `news` or `promotion`.
    pub category: String,
    /// Tags separated by commas (Latin or Chinese).
    pub tags: String,
    /// BCP 47 language tag.
    pub language: String,
    /// Byline shown instead of the author's name; may be empty.
    pub byline: String,
    /// "Read the original" URL; may be empty.
    pub source_url: String,
    /// Cover image id from the media library; may be empty.
    pub cover_media_id: String,
}

/// A tag as typed ("Rust", "社区活动") and its URL slug.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagName {
    /// Display name.
    pub name: String,
    /// URL slug, unique per organization.
    pub slug: String,
}

impl TagName {
    /// Parses one tag.
    pub fn parse(input: &str) -> Result<Self, Msg> {
        let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(Msg::new("error-tag-empty"));
        }
        let n = name.chars().count();
        if n > MAX_TAG_CHARS {
            return Err(Msg::new("error-tag-long")
                .arg("max", MAX_TAG_CHARS)
                .arg("value", name)
                .arg("count", n));
        }
        if name.chars().any(char::is_control) {
            return Err(Msg::new("error-tag-control"));
        }
        let slug = super::text::slugify_unicode(&name, MAX_TAG_CHARS);
        Ok(TagName { name, slug })
    }

    /// Splits a comma-separated list (`,` `，` `、` or `;`), dropping duplicates by slug.
    pub fn parse_list(input: &str) -> Result<Vec<TagName>, Msg> {
        let mut out: Vec<TagName> = Vec::new();
        for part in input.split([',', '，', '、', ';', '；']) {
            if part.trim().is_empty() {
                continue;
            }
            let tag = TagName::parse(part)?;
            if !out.iter().any(|t| t.slug == tag.slug) {
                out.push(tag);
            }
        }
        if out.len() > MAX_TAGS {
            return Err(Msg::new("error-tags-many")
                .arg("max", MAX_TAGS)
                .arg("count", out.len()));
        }
        Ok(out)
    }
}

/// Validated article content and metadata.
#[derive(Clone, Debug)]
pub struct ArticleInput {
    /// Title.
    pub title: Title,
    /// The slug the editor asked for; `None` derives one from the title.
    pub slug: Option<ArticleSlug>,
    /// The editor's summary; empty means automatic.
    pub summary: String,
    /// Markdown source.
    pub body_markdown: String,
    /// Category.
    pub category: Category,
    /// Tags.
    pub tags: Vec<TagName>,
    /// Language.
    pub language: LanguageTag,
    /// Byline; empty means the author's name.
    pub byline: String,
    /// "Read the original" URL.
    pub source_url: Option<String>,
    /// Cover image.
    pub cover_media_id: Option<i64>,
}

impl ArticleFields {
    /// Checks every field; all problems are reported together.
    pub fn parse(&self) -> Result<ArticleInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = Title::parse(&self.title)
            .map_err(|e| errors.add("title", e))
            .ok();
        let slug = if self.slug.trim().is_empty() {
            Some(None)
        } else {
            ArticleSlug::parse(&self.slug)
                .map(Some)
                .map_err(|e| errors.add("slug", e))
                .ok()
        };
        let summary = self
            .summary
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let n = summary.chars().count();
        if n > MAX_SUMMARY_CHARS {
            errors.add(
                "summary",
                Msg::new("error-summary-long")
                    .arg("max", MAX_SUMMARY_CHARS)
                    .arg("count", n),
            );
        }
        if self.body_markdown.len() > MAX_BODY_BYTES {
            errors.add(
                "body_markdown",
                Msg::new("error-body-large")
                    .arg("size", self.body_markdown.len().div_ceil(1024))
                    .arg("max", MAX_BODY_BYTES / 1024),
            );
        }
        if self.body_markdown.contains('\0') {
            errors.add("body_markdown", Msg::new("error-body-nul"));
        }
        let category = self
            .category
            .parse::<Category>()
            .map_err(|e| errors.add("category", e))
            .ok();
        let tags = TagName::parse_list(&self.tags)
            .map_err(|e| errors.add("tags", e))
            .ok();
        let language = LanguageTag::parse(&self.language)
            .map_err(|e| errors.add("language", e))
            .ok();
        let byline = self.byline.trim().to_owned();
        if byline.chars().count() > 100 {
            errors.add("byline", Msg::new("error-byline-long").arg("max", 100));
        }
        let source_url = parse_source_url(&self.source_url)
            .map_err(|e| errors.add("source_url", e))
            .ok();
        let cover_media_id = match self.cover_media_id.trim() {
            "" => Some(None),
            s => s
                .parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
                .map(Some)
                .or_else(|| {
                    errors.add("cover_media_id", Msg::new("error-image-id").arg("value", s));
                    None
                }),
        };
        match (
            title,
            slug,
            category,
            tags,
            language,
            source_url,
            cover_media_id,
        ) {
            (
                Some(title),
                Some(slug),
                Some(category),
                Some(tags),
                Some(language),
                Some(source_url),
                Some(cover_media_id),
            ) if errors.is_empty() => Ok(ArticleInput {
                title,
                slug,
                summary,
                body_markdown: self.body_markdown.replace("\r\n", "\n"),
                category,
                tags,
                language,
                byline,
                source_url,
                cover_media_id,
            }),
            _ => Err(errors),
        }
    }
}

/// Parses a local date and time from a `datetime-local` input ("2026-12-01T09:30") in the
/// organization's zone and returns it in UTC. A time that does not exist (skipped by a clock
/// change) is refused; an ambiguous one (repeated by a clock change) takes the first.
pub fn parse_local_time(input: &str, zone: chrono_tz::Tz) -> Result<chrono::NaiveDateTime, Msg> {
    use chrono::TimeZone as _;
    let s = input.trim();
    if s.is_empty() {
        return Err(Msg::new("error-time-empty"));
    }
    let local = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(s, f).ok())
        .ok_or_else(|| Msg::new("error-time-invalid").arg("value", s))?;
    match zone.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => Ok(t.naive_utc()),
        chrono::LocalResult::None => Err(Msg::new("error-time-skipped")
            .arg("value", s)
            .arg("zone", zone.name())),
    }
}

fn parse_source_url(input: &str) -> Result<Option<String>, Msg> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if s.len() > 2000 {
        return Err(Msg::new("error-link-long"));
    }
    match url::Url::parse(s) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {
            Ok(Some(u.to_string()))
        }
        _ => Err(Msg::new("error-link-invalid").arg("value", s)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> ArticleFields {
        ArticleFields {
            title: "Hello".into(),
            body_markdown: "Body".into(),
            category: "news".into(),
            language: "en".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_minimal_article_parses() {
        let a = valid().parse().expect("valid");
        assert_eq!(a.title.as_str(), "Hello");
        assert!(a.slug.is_none() && a.tags.is_empty() && a.source_url.is_none());
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let f = ArticleFields {
            title: "x".repeat(121),
            slug: "Not A Slug".into(),
            summary: "s".repeat(301),
            body_markdown: "b".repeat(MAX_BODY_BYTES + 1),
            category: "sports".into(),
            tags: "a,".repeat(30),
            language: "english!".into(),
            byline: "b".repeat(101),
            source_url: "javascript:alert(1)".into(),
            cover_media_id: "abc".into(),
        };
        let e = f.parse().expect_err("invalid");
        for field in [
            "title",
            "slug",
            "summary",
            "body_markdown",
            "category",
            "language",
            "byline",
            "source_url",
            "cover_media_id",
        ] {
            assert!(e.get(field).is_some(), "{field}: {e}");
        }
        // 30 copies of "a" are one tag.
        assert!(e.get("tags").is_none(), "{e}");
    }

    #[test]
    fn local_times_are_read_in_the_zone() {
        let tz: chrono_tz::Tz = "America/Toronto".parse().expect("zone");
        let t = parse_local_time("2026-12-01T09:30", tz).expect("valid");
        assert_eq!(t.to_string(), "2026-12-01 14:30:00");
        let gap = parse_local_time("2026-03-08T02:30", tz).expect_err("skipped hour");
        assert_eq!(gap.key(), "error-time-skipped", "{gap}");
        assert!(parse_local_time("tomorrow", tz).is_err());
        assert!(parse_local_time("", tz).is_err());
    }

    #[test]
    fn tags_split_on_latin_and_chinese_commas() {
        let tags = TagName::parse_list("Rust, 社区活动，文化、 rust ;Open  Source").expect("ok");
        let names: Vec<_> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Rust", "社区活动", "文化", "Open Source"]);
        assert_eq!(tags[3].slug, "open-source");
        assert_eq!(tags[1].slug, "社区活动");
        let many: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
        assert!(TagName::parse_list(&many.join(",")).is_err());
    }
}
