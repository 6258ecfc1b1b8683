//! The API's JSON shapes. Responses are serialized from these types; request bodies are read
//! field by field (see `body`), and these types document them in the OpenAPI document. A unit
//! test keeps the documented fields and the accepted ones equal.

use std::collections::BTreeMap;

use crate::domain::paths;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::articles::Detailed;

/// Fields `POST /api/v1/articles` accepts.
pub const NEW_ARTICLE_FIELDS: &[&str] = &[
    "title",
    "body_markdown",
    "category",
    "language",
    "summary",
    "tags",
    "slug",
    "source_url",
    "cover_media_id",
];
/// Fields `POST /api/v1/articles` requires.
pub const REQUIRED_FIELDS: &[&str] = &["title", "body_markdown", "category", "language"];
/// Fields `POST /api/v1/articles/{id}/publish` accepts.
pub const PUBLISH_FIELDS: &[&str] = &["at"];

/// An article.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Article {
    /// Id.
    pub id: i64,
    /// URL slug, unique in the organization.
    pub slug: String,
    /// Public address: `{public_url}/@{org}/{slug}`.
    pub url: String,
    /// Title.
    pub title: String,
    /// The summary shown in lists and feeds: the one given, or the start of the text.
    pub summary: String,
    /// Markdown source.
    pub body_markdown: String,
    /// Sanitized HTML rendered from the Markdown.
    pub body_html: String,
    /// `culture`, `news` or `promotion`.
    #[schema(example = "news")]
    pub category: String,
    /// Tag names.
    pub tags: Vec<String>,
    /// BCP 47 language tag.
    #[schema(example = "zh")]
    pub language: String,
    /// `draft`, `in_review`, `scheduled`, `published` or `archived`.
    #[schema(example = "draft")]
    pub status: String,
    /// The byline, or else the author's name; null when there is neither.
    #[schema(required = true)]
    pub author: Option<String>,
    /// Cover image from the organization's media library.
    #[schema(required = true)]
    pub cover_media_id: Option<i64>,
    /// "Read the original" link.
    #[schema(required = true)]
    pub source_url: Option<String>,
    /// When a scheduled article will be published (UTC).
    #[schema(required = true)]
    pub publish_at: Option<DateTime<Utc>>,
    /// First publication (UTC).
    #[schema(required = true)]
    pub published_at: Option<DateTime<Utc>>,
    /// Last change (UTC).
    pub updated_at: DateTime<Utc>,
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

impl Article {
    /// The API form of a stored article.
    pub fn new(d: Detailed, org_slug: &str, public_url: &str) -> Self {
        let a = d.article;
        let author = if a.byline.is_empty() {
            d.author_name
        } else {
            Some(a.byline)
        };
        Article {
            url: paths::absolute(public_url, &paths::article(org_slug, &a.slug)),
            id: a.id,
            slug: a.slug,
            title: a.title,
            summary: a.excerpt,
            body_markdown: a.body_markdown,
            body_html: a.body_html,
            category: a.category.as_str().to_owned(),
            tags: d.tags,
            language: a.language,
            status: a.status.as_str().to_owned(),
            author,
            cover_media_id: a.cover_media_id,
            source_url: a.source_url,
            publish_at: a.publish_at.map(utc),
            published_at: a.published_at.map(utc),
            updated_at: utc(a.updated_at),
        }
    }
}

/// A page of articles, last changed first.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ArticleList {
    /// The articles on this page.
    pub items: Vec<Article>,
    /// How many articles match, on all pages.
    pub total: i64,
    /// The next page number, or null on the last page.
    #[schema(required = true)]
    pub next_page: Option<i64>,
}

/// A new article; it is created as a draft whose author is the token's creator.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewArticle {
    /// Title, 1–120 characters.
    pub title: String,
    /// Markdown text, at most 1,000,000 bytes.
    pub body_markdown: String,
    /// `culture`, `news` or `promotion`.
    #[schema(example = "news")]
    pub category: String,
    /// BCP 47 language tag, e.g. `zh`, `zh-Hant`, `en`.
    #[schema(example = "zh")]
    pub language: String,
    /// Summary, at most 300 characters; empty or absent uses the start of the text.
    pub summary: Option<String>,
    /// Tag names (at most 20, each at most 40 characters, no commas).
    pub tags: Option<Vec<String>>,
    /// Slug: lower-case a–z, digits and hyphens; absent derives one from the title.
    pub slug: Option<String>,
    /// "Read the original" link (http or https).
    pub source_url: Option<String>,
    /// Cover image id from the organization's media library.
    pub cover_media_id: Option<i64>,
}

/// A change to an article: only the fields present change; `null` clears an optional field
/// (and a null `slug` follows the title again until the article is first published).
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticlePatch {
    /// Title, 1–120 characters.
    #[serde(default)]
    pub title: String,
    /// Markdown text.
    #[serde(default)]
    pub body_markdown: String,
    /// `culture`, `news` or `promotion`.
    #[serde(default)]
    pub category: String,
    /// BCP 47 language tag.
    #[serde(default)]
    pub language: String,
    /// Summary; empty or null uses the start of the text.
    pub summary: Option<String>,
    /// Tag names; replaces the article's tags.
    pub tags: Option<Vec<String>>,
    /// Slug.
    pub slug: Option<String>,
    /// "Read the original" link.
    pub source_url: Option<String>,
    /// Cover image id.
    pub cover_media_id: Option<i64>,
}

/// When to publish: `{}` publishes now, `{"at": …}` schedules a time in the future.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Publish {
    /// RFC 3339 date and time, in the future, e.g. `2026-12-01T09:30:00+08:00`.
    pub at: Option<DateTime<Utc>>,
}

/// Every error: `{"error": {"code", "message", "fields"?}}`.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// The error itself.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable code: `bad_request`, `unauthorized`, `not_found`, `conflict`, `too_large`,
    /// `validation_failed`, `internal`, …
    #[schema(example = "validation_failed")]
    pub code: String,
    /// A message for people.
    pub message: String,
    /// With `validation_failed`: a message per field.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn properties<T: utoipa::PartialSchema>() -> Vec<String> {
        let json = serde_json::to_value(T::schema()).expect("schema serializes");
        let mut names: Vec<String> = json["properties"]
            .as_object()
            .expect("an object schema")
            .keys()
            .cloned()
            .collect();
        names.sort();
        names
    }

    fn sorted(fields: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = fields.iter().map(|s| (*s).to_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn documented_request_fields_are_the_accepted_ones() {
        assert_eq!(properties::<NewArticle>(), sorted(NEW_ARTICLE_FIELDS));
        assert_eq!(properties::<ArticlePatch>(), sorted(NEW_ARTICLE_FIELDS));
        assert_eq!(properties::<Publish>(), sorted(PUBLISH_FIELDS));
        let json =
            serde_json::to_value(<NewArticle as utoipa::PartialSchema>::schema()).expect("schema");
        let mut required: Vec<String> = json["required"]
            .as_array()
            .expect("required list")
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        required.sort();
        assert_eq!(required, sorted(REQUIRED_FIELDS));
    }
}
