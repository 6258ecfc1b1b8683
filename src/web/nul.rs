//! NUL characters. PostgreSQL text cannot hold U+0000 (the query fails), and no field of qiao
//! has a use for it, so a NUL is refused where input enters: in the address (`%00` in the path
//! or query), in form fields, in JSON bodies and in upload fields. Each answer names where it was.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

use crate::error::AppError;

pub use crate::domain::text::{NUL_MESSAGE, in_json};

/// Middleware: an address with `%00` in its path or query is a 400.
pub async fn refuse_in_address(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, actix_web::Error> {
    let has = |s: &str| {
        s.as_bytes()
            .windows(3)
            .any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0')
    };
    let uri = req.uri();
    if has(uri.path()) || uri.query().is_some_and(has) {
        return Err(AppError::BadRequest(crate::error::Msg::new("error-address-nul")).into());
    }
    next.call(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_is_found_at_any_depth() {
        assert!(!in_json(
            &serde_json::json!({"a": ["b", {"c": "d"}], "n": 1})
        ));
        assert!(in_json(&serde_json::json!({"a": ["b", {"c": "d\u{0}"}]})));
        assert!(in_json(&serde_json::json!({"a\u{0}": 1})));
        assert!(in_json(&serde_json::json!("\u{0}")));
    }
}
