//! The reader's choice of language for the public site's chrome, kept in a cookie (not in the
//! address: an article has one address whatever language its frame speaks). Without a choice,
//! an article speaks its own language, a profile its organization's, discover the browser's.

use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::domain::Locale;
use crate::error::AppError;
use crate::web::AppState;

/// The cookie's name; its value is a locale's tag (`zh-Hant`).
pub const COOKIE: &str = "qiao_lang";

/// The locale the reader chose, if the cookie names one exactly.
pub fn chosen(req: &HttpRequest) -> Option<Locale> {
    let value = req.cookie(COOKIE)?;
    Locale::exact(value.value())
}

/// The switch's link to `locale`, returning to `here`.
pub fn link(locale: Locale, here: &str) -> String {
    format!(
        "/language?to={}&next={}",
        locale.tag(),
        percent_encoding::utf8_percent_encode(here, percent_encoding::NON_ALPHANUMERIC)
    )
}

/// The switch's query.
#[derive(Debug, Deserialize)]
pub struct Switch {
    to: Option<String>,
    next: Option<String>,
}

/// `GET /language?to=zh-Hant&next=/@acme/x`: remembers the choice for a year and goes back to
/// the page. A link rather than a form, because public pages are cached for everyone and carry
/// no CSRF token; what it changes is only how this browser's pages are framed.
pub async fn switch(
    state: web::Data<AppState>,
    query: web::Query<Switch>,
) -> Result<HttpResponse, AppError> {
    let to = query.to.as_deref().unwrap_or_default();
    let Some(locale) = Locale::exact(to) else {
        return Err(AppError::BadRequest(
            crate::error::Msg::new("error-locale-unknown").arg("value", to),
        ));
    };
    let next = crate::web::auth::safe_next(query.next.as_deref().unwrap_or("/"));
    let cookie = Cookie::build(COOKIE, locale.tag())
        .path("/")
        .max_age(Duration::days(365))
        .same_site(SameSite::Lax)
        .http_only(true)
        .secure(state.public_url.starts_with("https://"))
        .finish();
    Ok(HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, next))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .cookie(cookie)
        .finish())
}
