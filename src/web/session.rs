//! The session cookie (signed and encrypted): the session's token, the CSRF token and flash
//! messages. Who is logged in lives in the database (`db::sessions`), so logout and a password
//! change end a session even where its cookie was copied. `CurrentUser` resumes the session.

use std::future::Future;
use std::pin::Pin;

use actix_session::{Session, SessionExt as _};
use actix_web::{FromRequest, HttpMessage as _, HttpRequest, dev::Payload, web};

use crate::auth::tokens::random_token;
use crate::db::sessions;
use crate::db::users::User;
use crate::error::AppError;
use crate::render::Flash;
use crate::web::AppState;

const SESSION_TOKEN: &str = "sid";
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
        Err(AppError::Forbidden(crate::error::Msg::new("error-csrf")))
    }
}

/// Starts a fresh session for `user`: a new row, a new cookie, a new CSRF token.
pub async fn log_in(state: &AppState, session: &Session, user: &User) -> Result<(), AppError> {
    let (user_id, now) = (user.id, crate::db::now());
    let (_, token) = state
        .db
        .run(move |c| sessions::start(c, user_id, now))
        .await?;
    session.renew();
    session
        .insert(SESSION_TOKEN, token)
        .map_err(session_error)?;
    session
        .insert(CSRF, random_token(32))
        .map_err(session_error)?;
    Ok(())
}

/// Ends the session: its row first, so a copy of the cookie is worthless too.
pub async fn log_out(state: &AppState, session: &Session) -> Result<(), AppError> {
    if let Some(token) = session.get::<String>(SESSION_TOKEN).ok().flatten() {
        state.db.run(move |c| sessions::end(c, &token)).await?;
    }
    session.purge();
    Ok(())
}

/// The id of the session the request was authenticated with (after `CurrentUser`).
pub fn current_session_id(req: &HttpRequest) -> Option<i64> {
    req.extensions().get::<SessionId>().map(|s| s.0)
}

#[derive(Clone, Copy)]
struct SessionId(i64);

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
            let Some(token) = session.get::<String>(SESSION_TOKEN).ok().flatten() else {
                return Err(AppError::LoginRequired);
            };
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("no app state")))?;
            let now = crate::db::now();
            let resumed = state
                .db
                .run(move |conn| sessions::resume(conn, &token, now))
                .await?;
            match resumed {
                Some((id, user)) => {
                    let current = CurrentUser(user);
                    req.extensions_mut().insert(current.clone());
                    req.extensions_mut().insert(SessionId(id));
                    Ok(current)
                }
                None => {
                    session.purge();
                    Err(AppError::LoginRequired)
                }
            }
        })
    }
}
