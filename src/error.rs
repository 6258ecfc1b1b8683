//! `AppError`: what went wrong, by meaning. The user sees a plain message and the right status;
//! the full cause chain goes to the log, once, at the edge (see `web::errors`).

use std::fmt;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

pub use crate::domain::Msg;

/// Messages for individual form or JSON fields, in the order they were found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<(String, Msg)>);

impl FieldErrors {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a message for `field`.
    pub fn add(&mut self, field: &str, message: Msg) {
        self.0.push((field.to_owned(), message));
    }

    /// The message for `field`, if any.
    pub fn get(&self, field: &str) -> Option<&Msg> {
        self.0.iter().find(|(f, _)| f == field).map(|(_, m)| m)
    }

    /// Whether no field has a message.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when empty, otherwise a validation error carrying these messages.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self))
        }
    }

    /// Builds a single-field error.
    pub fn single(field: &str, message: Msg) -> AppError {
        let mut e = FieldErrors::new();
        e.add(field, message);
        AppError::Validation(e)
    }
}

/// A message in English, for logs and the command line.
pub fn en(m: &Msg) -> String {
    crate::i18n::Tr::default().msg(m)
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|(k, m)| format!("{k}: {}", en(m)))
            .collect();
        write!(f, "{}", parts.join("; "))
    }
}

/// Every failure a request can end in.
#[derive(thiserror::Error, Debug)]
pub enum AppError {
    /// Input failed validation (422); messages belong next to fields.
    #[error("some fields need attention: {0}")]
    Validation(FieldErrors),
    /// The request itself is malformed (400).
    #[error("{}", en(.0))]
    BadRequest(Msg),
    /// No such thing, or not visible to this user (404).
    #[error("not found")]
    NotFound,
    /// Authenticated but not allowed (403).
    #[error("{}", en(.0))]
    Forbidden(Msg),
    /// Not logged in: pages redirect to the login form, the API answers 401.
    #[error("login required")]
    LoginRequired,
    /// Bad or missing API credentials (401).
    #[error("{}", en(.0))]
    Unauthorized(Msg),
    /// The change conflicts with the current state (409).
    #[error("{}", en(.0))]
    Conflict(Msg),
    /// The upload or form is larger than allowed (413).
    #[error("{}", en(.0))]
    TooLarge(Msg),
    /// A link that was valid once but no longer is (410).
    #[error("{}", en(.0))]
    Gone(Msg),
    /// Throttled (429), with seconds until a retry may succeed.
    #[error("{}", en(message))]
    TooManyRequests {
        /// What the user is told.
        message: Msg,
        /// Seconds until a retry may succeed.
        retry_after: u64,
    },
    /// A part qiao needs (the search engine) is not answering (503); `cause` is logged.
    #[error("{}: {cause}", en(message))]
    Unavailable {
        /// What the user is told.
        message: Msg,
        /// What failed, for the log.
        cause: String,
    },
    /// Anything else (500). The cause chain is logged, never shown.
    #[error("unexpected error")]
    Unexpected(#[from] anyhow::Error),
}

impl AppError {
    /// Stable machine-readable code used in JSON errors.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Validation(_) => "validation_failed",
            AppError::BadRequest(_) => "bad_request",
            AppError::NotFound => "not_found",
            AppError::Forbidden(_) => "forbidden",
            AppError::LoginRequired | AppError::Unauthorized(_) => "unauthorized",
            AppError::Conflict(_) => "conflict",
            AppError::Gone(_) => "gone",
            AppError::TooLarge(_) => "too_large",
            AppError::TooManyRequests { .. } => "rate_limited",
            AppError::Unavailable { .. } => "unavailable",
            AppError::Unexpected(_) => "internal",
        }
    }

    /// The message shown to users: never internals.
    pub fn public_message(&self) -> Msg {
        match self {
            AppError::Validation(_) => Msg::new("error-validation"),
            AppError::NotFound => Msg::new("error-not-found"),
            AppError::LoginRequired => Msg::new("error-login-required"),
            AppError::Unexpected(_) => Msg::new("error-internal"),
            AppError::BadRequest(m)
            | AppError::Forbidden(m)
            | AppError::Unauthorized(m)
            | AppError::Conflict(m)
            | AppError::TooLarge(m)
            | AppError::Gone(m)
            | AppError::TooManyRequests { message: m, .. }
            | AppError::Unavailable { message: m, .. } => m.clone(),
        }
    }

    /// The full description for logs: the cause chain of unexpected errors.
    pub fn log_text(&self) -> String {
        match self {
            AppError::Unexpected(cause) => format!("{cause:#}"),
            other => other.to_string(),
        }
    }

    /// Shorthand for a forbidden error with the standard message.
    pub fn forbidden() -> Self {
        AppError::Forbidden(Msg::new("error-role-forbidden"))
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => AppError::NotFound,
            other => AppError::Unexpected(anyhow::Error::new(other).context("database query")),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        AppError::Unexpected(anyhow::Error::new(e).context("database pool"))
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::Unexpected(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Unexpected(anyhow::Error::new(e).context("rendering a template"))
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::LoginRequired | AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Gone(_) => StatusCode::GONE,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A plain body; `web::errors` replaces it with an HTML page or a JSON error by path.
    fn error_response(&self) -> HttpResponse {
        if let AppError::Unexpected(cause) = self {
            tracing::error!(error = format!("{cause:#}"), "request failed");
        }
        if let AppError::Unavailable { cause, .. } = self {
            tracing::warn!(error = %cause, "request failed: a part is unavailable");
        }
        let mut res = HttpResponse::build(self.status_code());
        if let AppError::TooManyRequests { retry_after, .. } = self {
            res.insert_header(("Retry-After", retry_after.to_string()));
        }
        if let AppError::Unauthorized(_) = self {
            // RFC 6750: a 401 for missing or bad API credentials names the scheme.
            res.insert_header((actix_web::http::header::WWW_AUTHENTICATE, "Bearer"));
        }
        res.content_type("text/plain; charset=utf-8")
            .body(en(&self.public_message()))
    }
}
