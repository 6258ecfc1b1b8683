//! `CsrfForm<T>`: an urlencoded form whose `csrf_token` field must match the session's token.
//! Every state-changing form handler takes its input through this extractor, so a handler
//! cannot forget the check.

use std::future::Future;
use std::pin::Pin;

use actix_session::SessionExt as _;
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpMessage as _, HttpRequest, dev::Payload};
use serde::de::DeserializeOwned;

use super::session::verify_csrf;
use crate::error::{AppError, Msg};

/// Largest form body accepted: an article of 1 MB of Chinese text is about 3 MB
/// percent-encoded. Uploads use multipart elsewhere.
pub const FORM_LIMIT: usize = 4 * 1024 * 1024;

/// A CSRF-checked urlencoded form.
#[derive(Debug)]
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let is_form = req.content_type() == "application/x-www-form-urlencoded";
        let body = Bytes::from_request(&req, payload);
        Box::pin(async move {
            if !is_form {
                return Err(AppError::BadRequest(Msg::new("error-form-expected")));
            }
            let too_large = || {
                AppError::TooLarge(
                    Msg::new("error-form-large").arg("max", FORM_LIMIT / (1024 * 1024)),
                )
            };
            let bytes =
                body.await
                    .map_err(|e| match e.as_error::<actix_web::error::PayloadError>() {
                        Some(actix_web::error::PayloadError::Overflow) => too_large(),
                        _ => AppError::BadRequest(Msg::new("error-form-unreadable")),
                    });
            let bytes = match bytes {
                Ok(b) if b.len() <= FORM_LIMIT => b,
                Ok(_) => return Err(too_large()),
                Err(e) => return Err(e),
            };
            let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
                .map_err(|_| AppError::BadRequest(Msg::new("error-form-invalid")))?;
            let token = pairs
                .iter()
                .find(|(k, _)| k == "csrf_token")
                .map(|(_, v)| v.as_str());
            verify_csrf(&req.get_session(), token)?;
            if let Some((name, _)) = pairs
                .iter()
                .find(|(k, v)| k.contains('\0') || v.contains('\0'))
            {
                return Err(crate::error::FieldErrors::single(
                    name.replace('\0', "").as_str(),
                    Msg::new("error-field-nul"),
                ));
            }
            let value = serde_urlencoded::from_bytes::<T>(&bytes).map_err(|e| {
                AppError::BadRequest(
                    Msg::new("error-form-invalid-detail").arg("detail", e.to_string()),
                )
            })?;
            Ok(CsrfForm(value))
        })
    }
}
