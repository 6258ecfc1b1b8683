//! Following an organization by email, with double opt-in.
//!
//! - `POST /@{org}/follow` takes an address and answers "check your inbox" whatever the address
//!   is (new, pending, already following, unsubscribed, bounced): only the inbox learns which.
//!   A new or pending address gets the confirmation link, one already following a note with
//!   its preferences link; at most one message per address per ten minutes, and a client
//!   address gets `follow_requests_per_ip` requests an hour.
//! - `GET /follow/confirm/{token}` shows a button; only its `POST` confirms, so a mail scanner
//!   opening the link confirms nothing. Confirming sends the organization's welcome message
//!   once, and leads to the subscriber's preferences.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::Deserialize;

use super::AppState;
use super::headers::client_ip;
use crate::auth::links;
use crate::auth::tokens::TokenError;
use crate::db::orgs::Organization;
use crate::db::subscribers::{self, Subscriber};
use crate::db::{self, orgs};
use crate::domain::{EmailAddress, Locale, SubscriberStatus};
use crate::error::{AppError, Msg};
use crate::render::site::{ConfirmFollowPage, FollowPage};

/// At most one message per address in this long.
const ONE_PER: chrono::Duration = chrono::Duration::minutes(10);

#[derive(Deserialize)]
pub struct FollowForm {
    #[serde(default)]
    email: String,
}

/// The organization with `slug`, or 404.
pub(super) async fn org_by_slug(state: &AppState, slug: String) -> Result<Organization, AppError> {
    state
        .db
        .run(move |c| orgs::by_slug(c, &slug))
        .await?
        .ok_or(AppError::NotFound)
}

/// The locale of a page about `org`: the reader's choice, else the organization's language
/// (as its profile speaks).
fn page_locale(req: &HttpRequest, org: &Organization) -> Locale {
    super::public::language::chosen(req).unwrap_or_else(|| Locale::for_content(&org.language))
}

fn follow_page(
    state: &AppState,
    org: &Organization,
    locale: Locale,
    status: StatusCode,
    outcome: FollowOutcome,
) -> Result<HttpResponse, AppError> {
    let here = crate::domain::paths::profile(&org.slug);
    let site = super::public::site(state, locale, &here);
    let (sent_to, error, email) = match outcome {
        FollowOutcome::Sent(email) => (Some(email), None, String::new()),
        FollowOutcome::Refused { error, email } => (None, Some(site.tr.msg(&error)), email),
    };
    let page = FollowPage {
        site,
        org_name: org.name.clone(),
        org_slug: org.slug.clone(),
        sent_to,
        error,
        email,
    };
    let res = super::html(status, &page)?;
    Ok(no_store(res))
}

/// What the follow page says.
enum FollowOutcome {
    /// "Check your inbox at …".
    Sent(String),
    /// The address could not be taken: why, and what was typed.
    Refused { error: Msg, email: String },
}

/// Token pages and answers to forms: nobody's cache keeps them.
pub(super) fn no_store(mut res: HttpResponse) -> HttpResponse {
    res.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    res
}

/// `POST /@{org}/follow`.
pub async fn follow(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<FollowForm>,
) -> Result<HttpResponse, AppError> {
    let org = org_by_slug(&state, path.into_inner()).await?;
    let locale = page_locale(&req, &org);
    let ip = client_ip(&req, &state.settings.trusted_proxies);
    if let Err(wait) = state.follow_throttle.check(ip) {
        let outcome = FollowOutcome::Refused {
            error: Msg::new("follow-throttled").arg("minutes", wait.div_ceil(60)),
            email: form.email.clone(),
        };
        let mut res = follow_page(&state, &org, locale, StatusCode::TOO_MANY_REQUESTS, outcome)?;
        res.headers_mut()
            .insert(actix_web::http::header::RETRY_AFTER, wait.into());
        return Ok(res);
    }
    let email = match EmailAddress::parse(&form.email) {
        Ok(email) => email,
        Err(error) => {
            let outcome = FollowOutcome::Refused {
                error,
                email: form.email.chars().take(300).collect(),
            };
            return follow_page(
                &state,
                &org,
                locale,
                StatusCode::UNPROCESSABLE_ENTITY,
                outcome,
            );
        }
    };
    // The answer does not wait for the database: the same answer in the same time, whatever
    // the address's history.
    let shown = email.as_str().to_owned();
    let worker = state.clone().into_inner();
    let for_worker = org.clone();
    actix_web::rt::spawn(async move {
        if let Err(e) = queue_follow(&worker, &for_worker, email, locale).await {
            tracing::warn!(error = %e.log_text(), "a follow request failed");
        }
    });
    follow_page(
        &state,
        &org,
        locale,
        StatusCode::OK,
        FollowOutcome::Sent(shown),
    )
}

/// Records the request and queues what it should send.
async fn queue_follow(
    state: &AppState,
    org: &Organization,
    email: EmailAddress,
    locale: Locale,
) -> Result<(), AppError> {
    let now = db::now();
    let org_id = org.id;
    let sent = {
        let org = org.clone();
        let writer = state.letters.clone();
        state
            .db
            .run(move |c| {
                subscribers::follow(c, org_id, &email, locale, now, ONE_PER, |c, sub, mail| {
                    writer.queue_follow_mail(c, &org, sub, mail, now)
                })
            })
            .await?
    };
    tracing::info!(org = %org.slug, sent = ?sent, "follow asked");
    Ok(())
}

/// The subscriber a confirmation link names, and their organization; `Err` is what to say.
async fn confirming(
    state: &AppState,
    token: &str,
) -> Result<Result<(Subscriber, Organization), Msg>, AppError> {
    let id = match links::confirming(&state.signer, token, Utc::now()) {
        Ok(id) => id,
        Err(TokenError::Expired) => return Ok(Err(Msg::new("follow-confirm-expired"))),
        Err(TokenError::Invalid) => return Ok(Err(Msg::new("follow-confirm-invalid"))),
    };
    let found = state.db.run(move |c| subscribers::with_org(c, id)).await?;
    Ok(found.ok_or_else(|| Msg::new("follow-confirm-invalid")))
}

fn confirm_page(
    state: &AppState,
    locale: Locale,
    status: StatusCode,
    token: &str,
    found: Option<(&Subscriber, &Organization)>,
    problem: Option<Msg>,
) -> Result<HttpResponse, AppError> {
    let site = super::public::site(state, locale, "/");
    let problem = problem.map(|m| site.tr.msg(&m));
    let page = ConfirmFollowPage {
        site,
        token: token.to_owned(),
        email: found.map(|(s, _)| s.email.clone()).unwrap_or_default(),
        org_name: found.map(|(_, o)| o.name.clone()).unwrap_or_default(),
        problem,
    };
    Ok(no_store(super::without_referrer(super::html(
        status, &page,
    )?)))
}

/// The locale of a page reached from a subscriber's mail: the reader's choice, else theirs,
/// else the organization's.
pub(super) fn subscriber_locale(req: &HttpRequest, sub: &Subscriber, org: &Organization) -> Locale {
    super::public::language::chosen(req)
        .or_else(|| sub.locale())
        .unwrap_or_else(|| Locale::for_content(&org.language))
}

/// `GET /follow/confirm/{token}`: the button (opening the link changes nothing).
pub async fn confirm_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let fallback = super::public::language::chosen(&req).unwrap_or(Locale::En);
    match confirming(&state, &token).await? {
        Err(problem) => confirm_page(
            &state,
            fallback,
            StatusCode::GONE,
            &token,
            None,
            Some(problem),
        ),
        Ok((sub, org)) => {
            let locale = subscriber_locale(&req, &sub, &org);
            match sub.status() {
                SubscriberStatus::Pending => confirm_page(
                    &state,
                    locale,
                    StatusCode::OK,
                    &token,
                    Some((&sub, &org)),
                    None,
                ),
                // Confirmed already (a second click): their preferences.
                SubscriberStatus::Active => Ok(to_preferences(&state, &sub, "")),
                _ => confirm_page(
                    &state,
                    locale,
                    StatusCode::GONE,
                    &token,
                    None,
                    Some(Msg::new("follow-confirm-invalid")),
                ),
            }
        }
    }
}

/// A 303 to `sub`'s preferences, with `flag` (`?confirmed`) for the banner.
fn to_preferences(state: &AppState, sub: &Subscriber, flag: &str) -> HttpResponse {
    let links = state.letters.links(sub.id);
    let path = links
        .preferences
        .strip_prefix(&state.public_url)
        .unwrap_or(&links.preferences)
        .to_owned();
    let location = if flag.is_empty() {
        path
    } else {
        format!("{path}?{flag}")
    };
    super::without_referrer(super::see_other(&location))
}

/// `POST /follow/confirm/{token}`: confirms, sends the welcome message the first time, and
/// goes to the preferences.
pub async fn confirm(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let fallback = super::public::language::chosen(&req).unwrap_or(Locale::En);
    let (sub, org) = match confirming(&state, &token).await? {
        Ok(found) => found,
        Err(problem) => {
            return confirm_page(
                &state,
                fallback,
                StatusCode::GONE,
                &token,
                None,
                Some(problem),
            );
        }
    };
    let (id, now) = (sub.id, db::now());
    let writer = state.letters.clone();
    let for_mail = org.clone();
    let confirmed = state
        .db
        .run(move |c| {
            subscribers::confirm(c, id, now, |c, sub| {
                let welcome = orgs::welcome(c, sub.org_id)?;
                if !welcome.is_set() {
                    return Ok(());
                }
                writer.queue_welcome(c, &for_mail, &welcome, sub, now)
            })
        })
        .await?;
    match confirmed {
        Some(sub) => {
            tracing::info!(org = %org.slug, subscriber_id = sub.id, "follow confirmed");
            Ok(to_preferences(&state, &sub, "confirmed"))
        }
        None => {
            // Confirmed by another click meanwhile?
            let now_is = state.db.run(move |c| subscribers::by_id(c, id)).await?;
            if let Some(sub) = now_is.filter(|s| s.status() == SubscriberStatus::Active) {
                return Ok(to_preferences(&state, &sub, ""));
            }
            let locale = subscriber_locale(&req, &sub, &org);
            confirm_page(
                &state,
                locale,
                StatusCode::GONE,
                &token,
                None,
                Some(Msg::new("follow-confirm-invalid")),
            )
        }
    }
}
