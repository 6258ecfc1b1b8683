//! Request bodies read by hand, so that every failure is precise: a body over the limit is 413,
//! invalid UTF-8 or JSON is 400 with the parser's message, an unknown field or a value of the
//! wrong type is 422 naming the field, and all field problems are reported at once.

use std::future::Future;
use std::pin::Pin;

use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpRequest, dev::Payload};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::{AppError, FieldErrors, Msg};

/// The largest JSON body accepted (an article of 1 MB of Chinese text is about 3 MB of JSON).
pub const JSON_LIMIT: usize = 4 * 1024 * 1024;

/// The raw body of an API request, at most [`JSON_LIMIT`] bytes.
#[derive(Debug)]
pub struct Body(pub Bytes);

fn too_large() -> AppError {
    AppError::TooLarge(Msg::new("error-body-too-large").arg("max", JSON_LIMIT / (1024 * 1024)))
}

impl FromRequest for Body {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = Bytes::from_request(req, payload);
        Box::pin(async move {
            let bytes =
                body.await
                    .map_err(|e| match e.as_error::<actix_web::error::PayloadError>() {
                        Some(actix_web::error::PayloadError::Overflow) => too_large(),
                        _ => AppError::BadRequest(
                            Msg::new("error-body-unreadable").arg("detail", e.to_string()),
                        ),
                    })?;
            if bytes.len() > JSON_LIMIT {
                return Err(too_large());
            }
            Ok(Body(bytes))
        })
    }
}

/// A JSON object whose fields are taken one by one; type errors pile up by field.
#[derive(Debug)]
pub struct JsonObject {
    fields: Map<String, Value>,
    errors: FieldErrors,
}

impl JsonObject {
    /// Parses a body that must be a JSON object with no fields outside `allowed`.
    pub fn parse(bytes: &[u8], allowed: &[&str]) -> Result<Self, AppError> {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            AppError::BadRequest(Msg::new("error-body-utf8").arg("offset", e.valid_up_to()))
        })?;
        let value: Value = serde_json::from_str(text).map_err(|e| {
            AppError::BadRequest(Msg::new("error-body-json").arg("detail", e.to_string()))
        })?;
        let Value::Object(fields) = value else {
            return Err(AppError::BadRequest(kind(&value).arg("expected", "object")));
        };
        let mut errors = FieldErrors::new();
        for (key, value) in &fields {
            if crate::web::nul::in_json(value) {
                errors.add(key, Msg::new("error-field-nul"));
            }
            if !allowed.contains(&key.as_str()) {
                errors.add(
                    key,
                    Msg::new("error-json-unknown-field")
                        .arg("value", key.as_str())
                        .arg(
                            "known",
                            if allowed.is_empty() {
                                "none".to_owned()
                            } else {
                                allowed.join(", ")
                            },
                        ),
                );
            }
        }
        errors.into_result()?;
        Ok(JsonObject {
            fields,
            errors: FieldErrors::new(),
        })
    }

    /// Like [`JsonObject::parse`], but an empty body, or `null`, counts as `{}`.
    pub fn parse_optional(bytes: &[u8], allowed: &[&str]) -> Result<Self, AppError> {
        if bytes.trim_ascii().is_empty() || bytes.trim_ascii() == b"null" {
            return Self::parse(b"{}", allowed);
        }
        Self::parse(bytes, allowed)
    }

    /// Whether the body has `field` (with any value, `null` included).
    pub fn has(&self, field: &str) -> bool {
        self.fields.contains_key(field)
    }

    /// The value of `field` as a `T`; `None` when it is absent or of the wrong type (then an
    /// error naming `expected` is recorded for the field). Use `Option<T>` to accept `null`.
    ///
    /// `expected` names the type for the message: `string`, `string-or-null`,
    /// `image-id-or-null`, `tag-list` or `time-or-null`.
    pub fn take<T: DeserializeOwned>(&mut self, field: &str, expected: &'static str) -> Option<T> {
        let value = self.fields.remove(field)?;
        let got = kind(&value);
        match serde_json::from_value::<T>(value) {
            Ok(v) => Some(v),
            Err(_) => {
                self.errors.add(field, got.arg("expected", expected));
                None
            }
        }
    }

    /// Records a problem with a field.
    pub fn error(&mut self, field: &str, message: Msg) {
        self.errors.add(field, message);
    }

    /// The problems found so far.
    pub fn errors(&self) -> &FieldErrors {
        &self.errors
    }

    /// The problems found, together with `more` for fields that have none yet (the first,
    /// most precise message per field wins); `Ok` when there are none.
    pub fn finish(mut self, more: FieldErrors) -> Result<(), AppError> {
        for (field, message) in more.0 {
            if self.errors.get(&field).is_none() {
                self.errors.add(&field, message);
            }
        }
        self.errors.into_result()
    }
}

/// What kind of JSON value this is, for messages.
/// "Expected …; got …": what `v` is (`null`, `boolean`, `number` with its value, `string`,
/// `array`, `object`).
fn kind(v: &Value) -> Msg {
    let m = Msg::new("error-json-type");
    match v {
        Value::Null => m.arg("got", "null"),
        Value::Bool(b) => m.arg("got", "boolean").arg("value", b.to_string()),
        Value::Number(n) => m.arg("got", "number").arg("value", n.to_string()),
        Value::String(_) => m.arg("got", "string"),
        Value::Array(_) => m.arg("got", "array"),
        Value::Object(_) => m.arg("got", "object"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(e: AppError) -> String {
        match e {
            AppError::Validation(f) => format!("422 {f}"),
            AppError::BadRequest(m) => format!("400 {}", crate::error::en(&m)),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn bodies_fail_precisely() {
        let allowed = ["title", "tags"];
        let e = JsonObject::parse(b"{\"title\": \"x\", \"colour\": 1}", &allowed)
            .expect_err("unknown field");
        assert!(message(e).starts_with("422 colour: Unknown field"));
        let e = JsonObject::parse(b"{\"title\": ", &allowed).expect_err("bad json");
        assert!(message(e).contains("EOF while parsing"));
        let e = JsonObject::parse(b"{\"title\": \"\xff\"}", &allowed).expect_err("bad utf-8");
        assert!(message(e).contains("offset 11"));
        let e = JsonObject::parse(b"[1]", &allowed).expect_err("not an object");
        assert!(message(e).contains("Expected an object; got an array."));
        assert!(JsonObject::parse_optional(b" \n", &allowed).is_ok());
        assert!(JsonObject::parse_optional(b"null", &allowed).is_ok());
        assert!(JsonObject::parse(b"null", &allowed).is_err());
    }

    #[test]
    fn wrong_types_are_reported_by_field_and_absent_fields_are_none() {
        let mut o = JsonObject::parse(b"{\"title\": 5, \"tags\": null}", &["title", "tags", "x"])
            .expect("object");
        assert_eq!(o.take::<String>("title", "string"), None);
        assert_eq!(
            o.take::<Option<Vec<String>>>("tags", "tag-list"),
            Some(None)
        );
        assert_eq!(o.take::<String>("x", "string"), None);
        let mut more = FieldErrors::new();
        more.add("title", Msg::new("error-title-empty"));
        more.add("x", Msg::new("error-required"));
        let e = o.finish(more).expect_err("errors");
        assert_eq!(
            message(e),
            "422 title: Expected a string; got the number 5.; x: This field is required."
        );
    }
}
