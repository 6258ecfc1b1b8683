//! Cacheable public documents (feeds, sitemaps, robots.txt): `Cache-Control`, an `ETag` from
//! the body's hash and `Last-Modified`, and 304 Not Modified when the client already has them
//! (RFC 9110 §13: `If-None-Match` decides when present, else `If-Modified-Since`).

use std::time::{Duration, SystemTime};

use actix_web::http::header::{
    self, ETag, EntityTag, HttpDate, IfModifiedSince, IfNoneMatch, LastModified,
};
use actix_web::{HttpMessage as _, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use sha2::{Digest as _, Sha256};

/// How long shared caches and clients may keep these documents without asking again.
pub const CACHE_CONTROL: &str = "public, max-age=300";

/// The response for `body`: 200 with the body, or 304 without it when the request's
/// validators match. `last_modified` is the newest change in the document, if known.
pub fn respond(
    req: &HttpRequest,
    content_type: &str,
    body: String,
    last_modified: Option<NaiveDateTime>,
) -> HttpResponse {
    // Weak: the compression middleware may change the bytes on the wire, not the meaning.
    let etag = EntityTag::new_weak(hex::encode(&Sha256::digest(body.as_bytes())[..16]));
    let modified = last_modified.map(http_date);
    let fresh = not_modified(req, &etag, modified);
    let mut res = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header((header::CACHE_CONTROL, CACHE_CONTROL))
        .insert_header(ETag(etag));
    if let Some(m) = modified {
        res.insert_header(LastModified(m));
    }
    if fresh {
        res.finish()
    } else {
        res.content_type(content_type).body(body)
    }
}

fn not_modified(req: &HttpRequest, etag: &EntityTag, modified: Option<HttpDate>) -> bool {
    if let Some(inm) = req.get_header::<IfNoneMatch>() {
        return match inm {
            IfNoneMatch::Any => true,
            IfNoneMatch::Items(tags) => tags.iter().any(|t| t.weak_eq(etag)),
        };
    }
    match (req.get_header::<IfModifiedSince>(), modified) {
        (Some(IfModifiedSince(since)), Some(m)) => SystemTime::from(m) <= SystemTime::from(since),
        _ => false,
    }
}

/// An HTTP date (whole seconds) from a naive UTC time.
fn http_date(t: NaiveDateTime) -> HttpDate {
    let secs = u64::try_from(t.and_utc().timestamp()).unwrap_or(0);
    HttpDate::from(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").expect("time")
    }

    #[test]
    fn validators_that_match_get_304_and_others_the_body() {
        let changed = Some(t("2026-03-04 05:06:07.123456"));
        let first = respond(
            &TestRequest::default().to_http_request(),
            "text/plain",
            "a".into(),
            changed,
        );
        assert_eq!(first.status().as_u16(), 200);
        let etag = first.headers().get(header::ETAG).expect("etag").clone();
        let modified = first
            .headers()
            .get(header::LAST_MODIFIED)
            .expect("last-modified")
            .clone();
        assert_eq!(modified, "Wed, 04 Mar 2026 05:06:07 GMT");
        assert_eq!(
            first.headers().get(header::CACHE_CONTROL).expect("cc"),
            CACHE_CONTROL
        );
        let ask = |h: (header::HeaderName, header::HeaderValue), body: &str| {
            let req = TestRequest::default().insert_header(h).to_http_request();
            respond(&req, "text/plain", body.into(), changed)
                .status()
                .as_u16()
        };
        assert_eq!(ask((header::IF_NONE_MATCH, etag.clone()), "a"), 304);
        assert_eq!(
            ask((header::IF_NONE_MATCH, etag.clone()), "b"),
            200,
            "body changed"
        );
        let stripped = etag
            .to_str()
            .expect("ascii")
            .trim_start_matches("W/")
            .to_owned();
        let strong = header::HeaderValue::from_str(&stripped).expect("value");
        assert_eq!(
            ask((header::IF_NONE_MATCH, strong), "a"),
            304,
            "weak comparison"
        );
        assert_eq!(ask((header::IF_MODIFIED_SINCE, modified.clone()), "b"), 304);
        let earlier = header::HeaderValue::from_static("Wed, 04 Mar 2026 05:06:06 GMT");
        assert_eq!(ask((header::IF_MODIFIED_SINCE, earlier), "b"), 200);
        let req = TestRequest::default()
            .insert_header((header::IF_NONE_MATCH, "W/\"other\""))
            .insert_header((header::IF_MODIFIED_SINCE, modified))
            .to_http_request();
        let res = respond(&req, "text/plain", "a".into(), changed);
        assert_eq!(
            res.status().as_u16(),
            200,
            "If-None-Match wins over If-Modified-Since"
        );
    }
}
