//! The preference centre, reached through the signed link in every message to a subscriber
//! (`auth::links`): the categories followed, the digest, the language and script of their mail
//! and pages, a pause, and leaving.
//!
//! - `GET|POST /subscription/{token}`: the choices, and saving them.
//! - `GET /subscription/{token}/unsubscribe`: a button; a GET never unsubscribes (scanners
//!   follow links).
//! - `POST /subscription/{token}/unsubscribe`: unsubscribes. This is also the RFC 8058
//!   one-click address of `List-Unsubscribe` (the mail client POSTs
//!   `List-Unsubscribe=One-Click`, without cookies), so it needs nothing but the token.
//! - `POST /subscription/{token}/resubscribe`: the way back, from the page that said goodbye.
//!
//! The token is the only credential: signed, naming one subscriber, useless for another.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;

use super::AppState;
use super::follow::{no_store, subscriber_locale};
use crate::auth::links;
use crate::auth::tokens::TokenError;
use crate::db::orgs::Organization;
use crate::db::subscribers::{self, Preferences, Subscriber};
use crate::domain::{Categories, Category, Digest, Locale, Pause, SubscriberStatus};
use crate::error::{AppError, Msg};
use crate::i18n::Tr;
use crate::render::site::{Choice, LinkProblemPage, SubscriptionPage, UnsubscribePage};

/// The subscriber a preferences token names, with their organization; `Err`: what to say.
async fn subscriber_of(
    state: &AppState,
    token: &str,
) -> Result<Result<(Subscriber, Organization), Msg>, AppError> {
    let id = match links::subscriber(&state.signer, token, Utc::now()) {
        Ok(id) => id,
        Err(TokenError::Expired) => return Ok(Err(Msg::new("subscription-link-expired"))),
        Err(TokenError::Invalid) => return Ok(Err(Msg::new("subscription-link-invalid"))),
    };
    let found = state.db.run(move |c| subscribers::with_org(c, id)).await?;
    // A deleted subscriber's link says the same as a forged one.
    Ok(found.ok_or_else(|| Msg::new("subscription-link-invalid")))
}

/// The page for a link that does not work.
fn problem_page(
    req: &HttpRequest,
    state: &AppState,
    problem: &Msg,
) -> Result<HttpResponse, AppError> {
    let locale = super::public::language::chosen(req).unwrap_or(Locale::En);
    let site = super::public::site(state, locale, "/");
    let problem = site.tr.msg(problem);
    let page = LinkProblemPage { site, problem };
    Ok(token_page(super::html(StatusCode::GONE, &page)?))
}

/// The headers of every page behind a token.
fn token_page(res: HttpResponse) -> HttpResponse {
    let mut res = no_store(super::without_referrer(res));
    res.headers_mut().insert(
        actix_web::http::header::HeaderName::from_static("x-robots-tag"),
        actix_web::http::header::HeaderValue::from_static("noindex"),
    );
    res
}

/// `now` as the organization's calendar writes it, in `tr`'s words.
fn day(tr: &Tr, org: &Organization, t: chrono::NaiveDateTime) -> String {
    use crate::render::format::Zone as _;
    tr.date(t, org.timezone.tz())
}

/// What the page shows.
struct View<'a> {
    token: &'a str,
    sub: &'a Subscriber,
    org: &'a Organization,
    locale: Locale,
    notice: Option<Msg>,
    error: Option<Msg>,
}

fn page(state: &AppState, view: View<'_>, status: StatusCode) -> Result<HttpResponse, AppError> {
    let View {
        token,
        sub,
        org,
        locale,
        notice,
        error,
    } = view;
    let here = format!("/subscription/{token}");
    let site = super::public::site(state, locale, &here);
    let tr = site.tr.clone();
    let now = crate::db::now();
    let followed = sub.categories();
    let status_text = match sub.status() {
        SubscriberStatus::Unsubscribed => match sub.unsubscribed_at {
            Some(t) => tr.t1("subscription-unsubscribed-on", "date", day(&tr, org, t)),
            None => tr.t("subscription-unsubscribed"),
        },
        SubscriberStatus::Bounced => tr.t("subscription-bounced"),
        SubscriberStatus::Complained => tr.t("subscription-complained"),
        SubscriberStatus::Pending => tr.t("subscription-pending"),
        SubscriberStatus::Active => String::new(),
    };
    let paused = sub
        .paused_until
        .filter(|t| *t > now)
        .map(|t| tr.t1("subscription-paused-until", "date", day(&tr, org, t)));
    let mut pauses = Vec::new();
    if paused.is_some() {
        pauses.push(Choice {
            value: "keep".to_owned(),
            label: tr.t("subscription-pause-keep"),
            selected: true,
        });
    }
    pauses.push(Choice {
        value: String::new(),
        label: tr.t(if paused.is_some() {
            "subscription-pause-resume"
        } else {
            "subscription-pause-none"
        }),
        selected: paused.is_none(),
    });
    for p in Pause::LENGTHS {
        pauses.push(Choice {
            value: p.as_str().to_owned(),
            label: tr.t1("subscription-pause-days", "days", p.days()),
            selected: false,
        });
    }
    let chosen_locale = sub
        .locale()
        .unwrap_or_else(|| Locale::for_content(&org.language));
    let page = SubscriptionPage {
        token: token.to_owned(),
        org_slug: org.slug.clone(),
        push_token: Some(token.to_owned()),
        org_name: org.name.clone(),
        org_url: crate::domain::paths::profile(&org.slug),
        email: sub.email.clone(),
        notice: notice.map(|m| tr.msg(&m)),
        error: error.map(|m| tr.msg(&m)),
        status: sub.status().as_str().to_owned(),
        status_text,
        can_resubscribe: sub.status() == SubscriberStatus::Unsubscribed
            && sub.confirmed_at.is_some(),
        categories: Category::ALL
            .into_iter()
            .map(|c| Choice {
                value: c.as_str().to_owned(),
                label: tr.category(c),
                selected: followed.contains(c),
            })
            .collect(),
        digests: Digest::ALL
            .into_iter()
            .map(|d| Choice {
                value: d.as_str().to_owned(),
                label: tr.digest(d),
                selected: sub.digest() == d,
            })
            .collect(),
        languages: Locale::ALL
            .into_iter()
            .map(|l| Choice {
                value: l.tag().to_owned(),
                label: l.native_name().to_owned(),
                selected: l == chosen_locale,
            })
            .collect(),
        pauses,
        paused,
        site,
    };
    Ok(token_page(super::html(status, &page)?))
}

/// The banner a redirect asked for (`?confirmed`, `?saved`, `?resubscribed`).
fn notice_of(req: &HttpRequest) -> Option<Msg> {
    match req.query_string() {
        "confirmed" => Some(Msg::new("subscription-notice-confirmed")),
        "saved" => Some(Msg::new("subscription-notice-saved")),
        "resubscribed" => Some(Msg::new("subscription-notice-resubscribed")),
        "unsubscribed" => Some(Msg::new("subscription-notice-unsubscribed")),
        _ => None,
    }
}

/// `GET /subscription/{token}`.
pub async fn preferences(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (sub, org) = match subscriber_of(&state, &token).await? {
        Ok(found) => found,
        Err(problem) => return problem_page(&req, &state, &problem),
    };
    let view = View {
        token: &token,
        locale: subscriber_locale(&req, &sub, &org),
        sub: &sub,
        org: &org,
        notice: notice_of(&req),
        error: None,
    };
    page(&state, view, StatusCode::OK)
}

/// The preferences form, parsed; `Err` says what is wrong.
fn parse_form(
    body: &[u8],
    sub: &Subscriber,
    now: chrono::NaiveDateTime,
) -> Result<Preferences, Msg> {
    let mut categories = Vec::new();
    let (mut digest, mut language, mut pause) = (None, None, None);
    for (k, v) in url::form_urlencoded::parse(body) {
        match &*k {
            "category" => categories.push(v.parse::<Category>()?),
            "digest" => digest = Some(v.parse::<Digest>()?),
            "language" => {
                language = Some(
                    Locale::exact(&v)
                        .ok_or_else(|| Msg::new("error-locale-unknown").arg("value", &*v))?,
                );
            }
            "pause" => pause = Some(v.into_owned()),
            _ => {}
        }
    }
    if categories.is_empty() {
        return Err(Msg::new("subscription-categories-empty"));
    }
    let paused_until = match pause.as_deref().map(str::trim) {
        Some("keep") => sub.paused_until.filter(|t| *t > now),
        Some(p) => match p.parse::<Pause>()? {
            Pause::Resume => None,
            p => Some(now + chrono::Duration::days(p.days())),
        },
        None => None,
    };
    Ok(Preferences {
        categories: categories.into_iter().collect::<Categories>(),
        digest: digest.unwrap_or_default(),
        locale: language.or_else(|| sub.locale()).unwrap_or(Locale::En),
        paused_until,
    })
}

/// `POST /subscription/{token}`: saves the choices (an active or pending subscriber's).
pub async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let (sub, org) = match subscriber_of(&state, &token).await? {
        Ok(found) => found,
        Err(problem) => return problem_page(&req, &state, &problem),
    };
    if !matches!(
        sub.status(),
        SubscriberStatus::Active | SubscriberStatus::Pending
    ) {
        // Nothing to choose for an address that is not mailed; the page says why.
        return Ok(super::see_other(&format!("/subscription/{token}")));
    }
    let now = crate::db::now();
    let prefs = match parse_form(&body, &sub, now) {
        Ok(prefs) => prefs,
        Err(error) => {
            let view = View {
                token: &token,
                locale: subscriber_locale(&req, &sub, &org),
                sub: &sub,
                org: &org,
                notice: None,
                error: Some(error),
            };
            return page(&state, view, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let id = sub.id;
    state
        .db
        .run(move |c| subscribers::set_preferences(c, id, &prefs, now))
        .await?;
    tracing::info!(org = %org.slug, subscriber_id = id, "subscriber preferences saved");
    Ok(token_page(super::see_other(&format!(
        "/subscription/{token}?saved"
    ))))
}

fn unsubscribe_page(
    req: &HttpRequest,
    state: &AppState,
    token: &str,
    sub: &Subscriber,
    org: &Organization,
) -> Result<HttpResponse, AppError> {
    let locale = subscriber_locale(req, sub, org);
    let site = super::public::site(state, locale, &format!("/subscription/{token}"));
    let page = UnsubscribePage {
        site,
        token: token.to_owned(),
        org_name: org.name.clone(),
        email: sub.email.clone(),
        done: !matches!(
            sub.status(),
            SubscriberStatus::Active | SubscriberStatus::Pending
        ),
    };
    Ok(token_page(super::html(StatusCode::OK, &page)?))
}

/// `GET /subscription/{token}/unsubscribe`: the button.
pub async fn unsubscribe_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    match subscriber_of(&state, &token).await? {
        Ok((sub, org)) => unsubscribe_page(&req, &state, &token, &sub, &org),
        Err(problem) => problem_page(&req, &state, &problem),
    }
}

/// `POST /subscription/{token}/unsubscribe`: the button's form and RFC 8058's one-click POST
/// alike. Saying "unsubscribed" twice is harmless, so a repeat answers the same.
pub async fn unsubscribe(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (sub, org) = match subscriber_of(&state, &token).await? {
        Ok(found) => found,
        Err(problem) => return problem_page(&req, &state, &problem),
    };
    let (id, now) = (sub.id, crate::db::now());
    let changed = state
        .db
        .run(move |c| subscribers::unsubscribe(c, id, now))
        .await?;
    tracing::info!(org = %org.slug, subscriber_id = id, changed, "unsubscribed");
    let sub = state
        .db
        .run(move |c| subscribers::by_id(c, id))
        .await?
        .unwrap_or(sub);
    let view = View {
        token: &token,
        locale: subscriber_locale(&req, &sub, &org),
        sub: &sub,
        org: &org,
        notice: Some(Msg::new("subscription-notice-unsubscribed")),
        error: None,
    };
    page(&state, view, StatusCode::OK)
}

/// `POST /subscription/{token}/resubscribe`.
pub async fn resubscribe(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (sub, org) = match subscriber_of(&state, &token).await? {
        Ok(found) => found,
        Err(problem) => return problem_page(&req, &state, &problem),
    };
    let (id, now) = (sub.id, crate::db::now());
    let changed = state
        .db
        .run(move |c| subscribers::resubscribe(c, id, now))
        .await?;
    tracing::info!(org = %org.slug, subscriber_id = id, changed, "resubscribed");
    let flag = if changed { "?resubscribed" } else { "" };
    Ok(token_page(super::see_other(&format!(
        "/subscription/{token}{flag}"
    ))))
}
