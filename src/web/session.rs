//! The session cookie (signed and encrypted): who is logged in, the CSRF token and flash
//! messages. `CurrentUser` loads the user and checks the session is still current.

use std::future::Future;
use std::pin::Pin;

use actix_session::{Session, SessionExt as _};
use actix_web::{FromRequest, HttpMessage as _, HttpRequest, dev::Payload, web};

use crate::auth::tokens::random_token;
use crate::db::users::{self, User};
use crate::error::AppError;
use crate::render::Flash;
use crate::startup::AppState;

const USER_ID: &str = "uid";
const SESSION_VERSION: &str = "sv";
const CSRF: &str = "csrf";
const FLASH: &str = "flash";

fn session_error(e: impl std::fmt::Display) -> AppError {
    AppError::Unexpected(anyhow::anyhow!("session: {e}"))
}

/// The session's CSRF token, created on first use.
pub fn csrf_token(session: &Session) -> Result<String, AppError> {
    if let Some(t) = session.get::<String>(CSRF).map_err(session_error)? {
        return Ok(t);
    }
    let token = random_token(32);
    session.insert(CSRF, &token).map_err(session_error)?;
    Ok(token)
}

/// Checks a submitted CSRF token against the session's, in constant time.
pub fn verify_csrf(session: &Session, submitted: Option<&str>) -> Result<(), AppError> {
    use subtle::ConstantTimeEq as _;
    let expected = session.get::<String>(CSRF).ok().flatten();
    let ok = match (expected, submitted) {
        (Some(e), Some(s)) => bool::from(e.as_bytes().ct_eq(s.as_bytes())),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "This form has expired or did not come from this site. Go back, reload the page and \
             try again."
                .to_owned(),
        ))
    }
}

/// Starts a fresh session for `user` (new cookie, new CSRF token).
pub fn log_in(session: &Session, user: &User) -> Result<(), AppError> {
    session.renew();
    session.insert(USER_ID, user.id).map_err(session_error)?;
    session
        .insert(SESSION_VERSION, user.session_version)
        .map_err(session_error)?;
    session
        .insert(CSRF, random_token(32))
        .map_err(session_error)?;
    Ok(())
}

/// Records that the session now belongs to this password generation (after a password
/// change, so the user who changed it stays logged in).
pub fn set_version(session: &Session, version: i32) -> Result<(), AppError> {
    session
        .insert(SESSION_VERSION, version)
        .map_err(session_error)
}

/// Ends the session.
pub fn log_out(session: &Session) {
    session.purge();
}

/// Queues a message for the next page.
pub fn flash(session: &Session, message: Flash) {
    let mut all: Vec<Flash> = session.get(FLASH).ok().flatten().unwrap_or_default();
    all.push(message);
    if let Err(e) = session.insert(FLASH, all) {
        tracing::warn!(error = %e, "could not store a flash message");
    }
}

/// Takes the queued messages.
pub fn take_flashes(session: &Session) -> Vec<Flash> {
    session
        .remove_as::<Vec<Flash>>(FLASH)
        .and_then(Result::ok)
        .unwrap_or_default()
}

/// The logged-in user. Extracting it from a request without a valid session fails with
/// `LoginRequired` (pages redirect to `/login`).
#[derive(Clone, Debug)]
pub struct CurrentUser(pub User);

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            if let Some(user) = req.extensions().get::<CurrentUser>() {
                return Ok(user.clone());
            }
            let session = req.get_session();
            let id = session.get::<i64>(USER_ID).ok().flatten();
            let version = session.get::<i32>(SESSION_VERSION).ok().flatten();
            let (Some(id), Some(version)) = (id, version) else {
                return Err(AppError::LoginRequired);
            };
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("no app state")))?;
            let user = state
                .db
                .run(move |conn| match users::by_id(conn, id) {
                    Ok(u) => Ok(Some(u)),
                    Err(AppError::NotFound) => Ok(None),
                    Err(e) => Err(e),
                })
                .await?;
            match user {
                Some(user) if user.session_version == version && user.password_hash.is_some() => {
                    let current = CurrentUser(user);
                    req.extensions_mut().insert(current.clone());
                    Ok(current)
                }
                _ => {
                    session.purge();
                    Err(AppError::LoginRequired)
                }
            }
        })
    }
}
