//! Following by web push, called by the pages' script (`static/push.js`) with JSON:
//!
//! - `POST /push/{org}/subscribe` `{endpoint, keys: {p256dh, auth}, token?}` registers the
//!   browser's push subscription for the organization (201; 200 when it already followed; 409
//!   when the endpoint is registered with other keys, which its browser never sends).
//!   `token`, from a subscriber's preference page, ties it to that subscriber.
//! - `POST /push/{org}/status` `{endpoint, auth}` → `{following}`.
//! - `POST /push/{org}/unsubscribe` `{endpoint, auth}` → `{following: false, others}`: `others`
//!   is how many organizations the browser still follows by push (at 0 the script drops the
//!   browser's subscription too).
//! - `POST /push/{org}/test` `{endpoint, auth}` queues a test notification (202), one a minute.
//! - `POST /push/renew` `{old: {endpoint, auth}, new: {endpoint, keys}}`: the service worker's
//!   `pushsubscriptionchange`, moving every follow of the old subscription to the new one.
//!
//! Holding the endpoint is not enough to act on a subscription: every call after the first
//! names its `auth` secret too, which only the browser and qiao know. A request from another
//! site's page is refused (its `Origin` is not ours), and the JSON body cannot come from a plain
//! form. Errors are JSON in the reader's language, the field named.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use super::AppState;
use super::follow::org_by_slug;
use super::headers::client_ip;
use crate::db;
use crate::db::orgs::Organization;
use crate::delivery::push::{check_endpoint, check_keys};
use crate::domain::Locale;
use crate::error::{AppError, FieldErrors, Msg};

/// At most one test notification per subscription in this long.
const TEST_EVERY: chrono::Duration = chrono::Duration::minutes(1);
/// How long a push service keeps a test notification for a browser that is offline.
const TEST_TTL: i32 = 10 * 60;
/// Largest body accepted.
pub const BODY_LIMIT: usize = 8 * 1024;

#[derive(Default, Deserialize)]
pub struct Keys {
    #[serde(default)]
    p256dh: String,
    #[serde(default)]
    auth: String,
}

/// What `pushManager.subscribe` gave the page (`PushSubscription.toJSON()`).
#[derive(Deserialize)]
pub struct Registration {
    #[serde(default)]
    endpoint: String,
    keys: Option<Keys>,
    /// A subscriber's preferences token (the page at `/subscription/{token}`).
    #[serde(default)]
    token: Option<String>,
    /// The page's language (`en`, `zh-Hans`, `zh-Hant`): the notifications'.
    #[serde(default)]
    language: Option<String>,
}

/// A subscription the browser holds: its endpoint and its secret.
#[derive(Deserialize)]
pub struct Held {
    #[serde(default)]
    endpoint: String,
    #[serde(default)]
    auth: String,
}

/// The registration's endpoint (as the browser gave it: it names the subscription in every
/// later call) and keys, each problem added to `errors` under `prefix` + its field.
fn checked(
    state: &AppState,
    reg: &mut Registration,
    prefix: &str,
    errors: &mut FieldErrors,
) -> (String, Keys) {
    let endpoint = reg.endpoint.trim().to_owned();
    if let Err(r) = check_endpoint(&endpoint, state.settings.push_private_endpoints) {
        errors.add(&format!("{prefix}endpoint"), Msg::new(r.message_key()));
    }
    let keys = reg.keys.take().unwrap_or_default();
    if let Err(r) = check_keys(&keys.p256dh, &keys.auth) {
        let field = match r {
            crate::delivery::push::Refused::AuthSecret => "keys.auth",
            _ => "keys.p256dh",
        };
        errors.add(&format!("{prefix}{field}"), Msg::new(r.message_key()));
    }
    (endpoint, keys)
}

/// Refuses a request another site's page made.
fn same_origin(req: &HttpRequest, state: &AppState) -> Result<(), AppError> {
    let Some(origin) = req.headers().get("Origin") else {
        return Ok(());
    };
    let ours = url::Url::parse(&state.public_url).map(|u| u.origin().ascii_serialization());
    match (origin.to_str(), ours) {
        (Ok(given), Ok(ours)) if given == ours => Ok(()),
        _ => Err(AppError::Forbidden(Msg::new("push-error-origin"))),
    }
}

fn no_store(status: StatusCode, body: serde_json::Value) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header(("Cache-Control", "no-store"))
        .json(body)
}

/// `POST /push/{org}/subscribe`.
pub async fn subscribe(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<Registration>,
) -> Result<HttpResponse, AppError> {
    same_origin(&req, &state)?;
    let org = org_by_slug(&state, path.into_inner()).await?;
    let ip = client_ip(&req, &state.settings.trusted_proxies);
    if let Err(wait) = state.follow_throttle.check(ip) {
        return Err(AppError::TooManyRequests {
            message: Msg::new("follow-throttled").arg("minutes", wait.div_ceil(60)),
            retry_after: wait,
        });
    }
    let mut body = body.into_inner();
    let mut errors = FieldErrors::new();
    let (endpoint, keys) = checked(&state, &mut body, "", &mut errors);
    let subscriber_id = match body.token.as_deref().filter(|t| !t.is_empty()) {
        None => None,
        Some(token) => match crate::auth::links::subscriber(&state.signer, token, Utc::now()) {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add("token", Msg::new("push-error-token"));
                None
            }
        },
    };
    errors.into_result()?;
    let language = body
        .language
        .as_deref()
        .and_then(Locale::exact)
        .unwrap_or_else(|| Locale::for_content(&org.language));
    let org_id = org.id;
    let now = db::now();
    let added = state
        .db
        .run(move |c| {
            if let Some(id) = subscriber_id {
                // A token is good for its own organization's subscriber only.
                let owner = db::subscribers::with_org(c, id)?.map(|(s, _)| s.org_id);
                if owner != Some(org_id) {
                    let mut errors = FieldErrors::new();
                    errors.add("token", Msg::new("push-error-token"));
                    return Err(AppError::Validation(errors));
                }
            }
            db::push::register(
                c,
                &db::push::NewSubscription {
                    org_id,
                    subscriber_id,
                    endpoint: &endpoint,
                    p256dh: keys.p256dh.trim().trim_end_matches('='),
                    auth: keys.auth.trim().trim_end_matches('='),
                    language: language.tag(),
                },
                now,
            )
        })
        .await?;
    tracing::info!(org = %org.slug, outcome = ?added, "push follow registered");
    let status = match added {
        db::push::Registered::New => StatusCode::CREATED,
        db::push::Registered::Again => StatusCode::OK,
        db::push::Registered::Taken => {
            return Err(AppError::Conflict(Msg::new("push-error-taken")));
        }
    };
    Ok(no_store(status, json!({ "following": true })))
}

/// The organization's subscription the browser holds, or 404 (not following, or not theirs).
async fn held(
    req: &HttpRequest,
    state: &AppState,
    slug: String,
    body: Held,
) -> Result<(Organization, db::push::Subscription), AppError> {
    same_origin(req, state)?;
    let org = org_by_slug(state, slug).await?;
    let org_id = org.id;
    let found = state
        .db
        .run(move |c| {
            db::push::find(
                c,
                org_id,
                body.endpoint.trim(),
                body.auth.trim().trim_end_matches('='),
            )
        })
        .await?;
    match found {
        Some(sub) => Ok((org, sub)),
        None => Err(AppError::NotFound),
    }
}

/// `POST /push/{org}/status`.
pub async fn status(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<Held>,
) -> Result<HttpResponse, AppError> {
    let following = match held(&req, &state, path.into_inner(), body.into_inner()).await {
        Ok(_) => true,
        Err(AppError::NotFound) => false,
        Err(e) => return Err(e),
    };
    Ok(no_store(StatusCode::OK, json!({ "following": following })))
}

/// `POST /push/{org}/unsubscribe`.
pub async fn unsubscribe(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<Held>,
) -> Result<HttpResponse, AppError> {
    let (org, sub) = held(&req, &state, path.into_inner(), body.into_inner()).await?;
    let id = sub.id;
    let others = state.db.run(move |c| db::push::remove(c, id)).await?;
    tracing::info!(org = %org.slug, others, "push follow removed");
    Ok(no_store(
        StatusCode::OK,
        json!({ "following": false, "others": others }),
    ))
}

/// `POST /push/{org}/test`.
pub async fn test(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<Held>,
) -> Result<HttpResponse, AppError> {
    let (org, sub) = held(&req, &state, path.into_inner(), body.into_inner()).await?;
    let locale = Locale::exact(&sub.language).unwrap_or_else(|| Locale::for_content(&org.language));
    let tr = crate::i18n::Tr::new(locale);
    let payload = json!({
        "title": org.name,
        "body": tr.t("push-test-body"),
        "url": format!("{}{}", state.public_url, crate::domain::paths::profile(&org.slug)),
        "tag": format!("qiao-test-{}", org.id),
        "lang": locale.tag(),
    })
    .to_string();
    // One topic per organization: a newer test replaces an older one still waiting, and never
    // another organization's.
    let topic = format!("qiao-test-{}", org.id);
    let now = db::now();
    let (id, org_id) = (sub.id, org.id);
    let queued = state
        .db
        .run(move |c| {
            db::write_tx(c, |c| {
                if !db::push::take_test_slot(c, id, now - TEST_EVERY, now)? {
                    return Ok(false);
                }
                db::push::enqueue(
                    c,
                    &db::push::NewPush {
                        org_id,
                        subscription_id: id,
                        kind: "test",
                        payload: &payload,
                        topic: Some(&topic),
                        urgency: "normal",
                        ttl: TEST_TTL,
                    },
                    now,
                )?;
                Ok::<_, AppError>(true)
            })
        })
        .await?;
    if !queued {
        return Err(AppError::TooManyRequests {
            message: Msg::new("push-test-throttled"),
            retry_after: u64::try_from(TEST_EVERY.num_seconds()).unwrap_or(60),
        });
    }
    tracing::info!(org = %org.slug, subscription = id, "test notification queued");
    Ok(no_store(StatusCode::ACCEPTED, json!({ "queued": true })))
}

/// The body of `POST /push/renew`.
#[derive(Deserialize)]
pub struct Renewal {
    old: Held,
    new: Registration,
}

/// `POST /push/renew`: the service worker's `pushsubscriptionchange`, moving the browser's
/// follows from its old subscription (named by endpoint and secret) to its new one.
pub async fn renew(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<Renewal>,
) -> Result<HttpResponse, AppError> {
    same_origin(&req, &state)?;
    let Renewal { old, mut new } = body.into_inner();
    let mut errors = FieldErrors::new();
    let (endpoint, keys) = checked(&state, &mut new, "new.", &mut errors);
    errors.into_result()?;
    let moved = state
        .db
        .run(move |c| {
            db::push::renew(
                c,
                old.endpoint.trim(),
                old.auth.trim().trim_end_matches('='),
                &db::push::NewSubscription {
                    org_id: 0,
                    subscriber_id: None,
                    endpoint: &endpoint,
                    p256dh: keys.p256dh.trim().trim_end_matches('='),
                    auth: keys.auth.trim().trim_end_matches('='),
                    language: "",
                },
            )
        })
        .await?;
    if moved == 0 {
        return Err(AppError::NotFound);
    }
    tracing::info!(organizations = moved, "push subscription renewed");
    Ok(no_store(StatusCode::OK, json!({ "renewed": moved })))
}

/// `GET /sw.js`: the service worker, from the site's root so that it may serve every page.
/// Never cached for long: a browser checks for a new one on each visit.
pub async fn service_worker() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header(("Cache-Control", "no-cache"))
        .body(include_str!("../../static/sw.js"))
}

/// Routes of this module.
pub fn routes(cfg: &mut web::ServiceConfig) {
    let json = web::JsonConfig::default()
        .limit(BODY_LIMIT)
        .error_handler(super::errors::extractor_error);
    cfg.route("/sw.js", web::get().to(service_worker))
        // Before the scope: `/push/{org}` would take `/push/renew` and find no route in it.
        .service(
            web::resource("/push/renew")
                .app_data(json.clone())
                .route(web::post().to(renew)),
        )
        .service(
            web::scope("/push/{org}")
                .app_data(json)
                .route("/subscribe", web::post().to(subscribe))
                .route("/status", web::post().to(status))
                .route("/unsubscribe", web::post().to(unsubscribe))
                .route("/test", web::post().to(test)),
        );
}
