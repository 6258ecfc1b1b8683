//! Article input in API bodies: fields copied onto the editor's [`ArticleFields`] (so the API
//! and the dashboard validate alike), and the time of a publish request.

use chrono::NaiveDateTime;

use super::body::JsonObject;
use crate::db;
use crate::domain::{ArticleFields, ArticleInput};
use crate::error::{AppError, FieldErrors};

/// Characters that separate tags in the dashboard's tag field; an API tag may not contain them,
/// or the dashboard would split it.
const TAG_SEPARATORS: [char; 5] = [',', '，', '、', ';', '；'];

/// Copies the fields present in the body onto `f`; absent ones keep their value.
pub fn apply(obj: &mut JsonObject, f: &mut ArticleFields) {
    for (name, slot) in [
        ("title", &mut f.title),
        ("body_markdown", &mut f.body_markdown),
        ("category", &mut f.category),
        ("language", &mut f.language),
    ] {
        if let Some(v) = obj.take::<String>(name, "string") {
            *slot = v;
        }
    }
    for (name, slot) in [
        ("summary", &mut f.summary),
        ("slug", &mut f.slug),
        ("source_url", &mut f.source_url),
    ] {
        if let Some(v) = obj.take::<Option<String>>(name, "string-or-null") {
            *slot = v.unwrap_or_default();
        }
    }
    if let Some(v) = obj.take::<Option<i64>>("cover_media_id", "image-id-or-null") {
        f.cover_media_id = v.map(|i| i.to_string()).unwrap_or_default();
    }
    if let Some(tags) = obj.take::<Option<Vec<String>>>("tags", "tag-list") {
        let tags = tags.unwrap_or_default();
        if let Some(t) = tags.iter().find(|t| t.contains(TAG_SEPARATORS)) {
            obj.error(
                "tags",
                crate::error::Msg::new("error-tag-separator").arg("value", t.as_str()),
            );
        } else if tags.iter().any(|t| t.trim().is_empty()) {
            obj.error("tags", crate::error::Msg::new("error-tag-empty"));
        } else {
            f.tags = tags.join(", ");
        }
    }
}

/// Validates the merged fields; JSON problems and content problems come back together.
pub fn parse_fields(obj: JsonObject, fields: &ArticleFields) -> Result<ArticleInput, AppError> {
    let parsed = fields.parse();
    obj.finish(parsed.as_ref().err().cloned().unwrap_or_default())?;
    parsed.map_err(AppError::Validation)
}

/// The schedule time of a publish request: `None` publishes now.
pub fn publish_time(
    obj: &mut JsonObject,
    now: NaiveDateTime,
) -> Result<Option<NaiveDateTime>, AppError> {
    let at = match obj.take::<Option<String>>("at", "time-or-null") {
        Some(Some(s)) => match chrono::DateTime::parse_from_rfc3339(s.trim()) {
            Ok(t) => Some(db::truncate(t.naive_utc())),
            Err(e) => {
                obj.error(
                    "at",
                    crate::error::Msg::new("error-api-time-invalid")
                        .arg("value", s.as_str())
                        .arg("detail", e.to_string()),
                );
                None
            }
        },
        _ => None,
    };
    if at.is_some_and(|t| t <= now) {
        obj.error("at", crate::error::Msg::new("error-api-time-past"));
    }
    if obj.errors().is_empty() {
        Ok(at)
    } else {
        Err(AppError::Validation(obj.errors().clone()))
    }
}

/// `transition` names the schedule time `publish_at`, as the dashboard form does; the API
/// calls it `at`.
pub fn rename_publish_at(e: AppError) -> AppError {
    match e {
        AppError::Validation(f) => AppError::Validation(FieldErrors(
            f.0.into_iter()
                .map(|(k, m)| {
                    (
                        if k == "publish_at" {
                            "at".to_owned()
                        } else {
                            k
                        },
                        m,
                    )
                })
                .collect(),
        )),
        other => other,
    }
}
