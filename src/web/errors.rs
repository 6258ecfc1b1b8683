//! Turns every error response into the right shape for its audience: a JSON error under
//! `/api`, a redirect to the login form for an anonymous page visit, and an HTML error page
//! otherwise. Handlers just return `AppError`.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpMessage as _, HttpRequest, HttpResponse};
use askama::Template as _;

use super::member::Member;
use super::session::CurrentUser;
use crate::db::orgs;
use crate::error::{AppError, Msg};
use crate::i18n::Tr;
use crate::render::Layout;
use crate::render::OrgLink;
use crate::render::layout::UserChip;
use crate::render::pages::ErrorPage;
use crate::web::AppState;
use fluent_templates::fluent_bundle::FluentValue;

/// What an error response says, gathered from an `AppError` or any other actix error.
struct Info {
    status: StatusCode,
    code: &'static str,
    message: Msg,
    /// What a framework error said (English, technical), shown after the message.
    detail: Option<String>,
    fields: Vec<(String, Msg)>,
    login_required: bool,
}

fn generic(status: StatusCode) -> Info {
    let (code, key) = match status.as_u16() {
        400 => ("bad_request", "error-http-400"),
        401 => ("unauthorized", "error-login-required"),
        403 => ("forbidden", "error-http-403"),
        404 => ("not_found", "error-not-found"),
        405 => ("method_not_allowed", "error-http-405"),
        413 => ("payload_too_large", "error-http-413"),
        415 => ("unsupported_media_type", "error-http-415"),
        422 => ("validation_failed", "error-validation"),
        429 => ("rate_limited", "error-http-429"),
        _ if status.is_client_error() => ("bad_request", "error-http-4xx"),
        _ => ("internal", "error-internal"),
    };
    Info {
        status,
        code,
        message: Msg::new(key),
        detail: None,
        fields: Vec::new(),
        login_required: false,
    }
}

/// Addresses only programs call (the API, the mail providers' webhooks, the pages' push
/// script): JSON errors in the caller's `Accept-Language`.
fn machine(req: &HttpRequest) -> bool {
    let path = req.path();
    path.starts_with("/api/") || path.starts_with("/hooks/") || path.starts_with("/push/")
}

/// The words of an error answer: a program's `Accept-Language` (else English); on pages
/// and the dashboard's own scripts, the reader's dashboard language.
pub(crate) fn words(req: &HttpRequest) -> Tr {
    let hints = super::locale::Hints::of(req);
    if machine(req) {
        return Tr::new(hints.accept.unwrap_or(crate::domain::Locale::En));
    }
    let saved = req
        .extensions()
        .get::<CurrentUser>()
        .and_then(|u| u.0.locale.clone());
    let org = req
        .extensions()
        .get::<Member>()
        .map(|m| m.org.language.clone());
    hints.tr(saved.as_deref(), org.as_deref())
}

/// The message in `tr`'s words, with a framework's detail after it.
fn said(tr: &Tr, info: &Info) -> String {
    let text = tr.msg(&info.message);
    match &info.detail {
        Some(detail) => tr.with(
            "error-with-detail",
            &[
                (
                    "message",
                    FluentValue::from(text.trim_end_matches(['.', '。']).to_owned()),
                ),
                ("detail", FluentValue::from(detail.clone())),
            ],
        ),
        None => text,
    }
}

fn info_of(status: StatusCode, error: Option<&actix_web::Error>) -> Info {
    let Some(error) = error else {
        return generic(status);
    };
    let Some(app) = error.as_error::<AppError>() else {
        if status.is_server_error() {
            tracing::error!(error = %error, "request failed");
        }
        let mut info = generic(status);
        if status.is_client_error() {
            info.detail = Some(error.to_string());
        }
        return info;
    };
    Info {
        status,
        code: app.code(),
        message: app.public_message(),
        detail: None,
        fields: match app {
            AppError::Validation(f) => f.0.clone(),
            _ => Vec::new(),
        },
        login_required: matches!(app, AppError::LoginRequired),
    }
}

fn heading(tr: &Tr, status: StatusCode) -> String {
    tr.t(match status.as_u16() {
        400 => "error-heading-400",
        401 => "error-heading-401",
        403 => "error-heading-403",
        404 => "error-heading-404",
        409 => "error-heading-409",
        422 => "error-heading-422",
        429 => "error-heading-429",
        _ if status.is_server_error() => "error-heading-500",
        _ => "error-heading-other",
    })
}

/// The API always gets JSON; so do the dashboard's own scripts (autosave, preview, uploads),
/// which ask for it with `Accept: application/json`.
pub(crate) fn wants_json(req: &HttpRequest) -> bool {
    machine(req)
        || req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"))
}

/// A program calling the API is told what it asked for, not about "pages".
fn api_wording(req: &HttpRequest, headers: &header::HeaderMap, mut info: Info) -> Info {
    if !req.path().starts_with("/api/") {
        return info;
    }
    let (method, path) = (req.method().as_str(), req.path());
    match info.status.as_u16() {
        404 if info.code == "not_found" => {
            info.message = Msg::new("error-api-not-found")
                .arg("method", method)
                .arg("path", path);
        }
        405 => {
            info.detail = None;
            info.message = match headers.get(header::ALLOW).and_then(|v| v.to_str().ok()) {
                Some(allow) => Msg::new("error-api-method")
                    .arg("method", method)
                    .arg("path", path)
                    .arg("allow", allow),
                None => Msg::new("error-api-method")
                    .arg("method", method)
                    .arg("path", path)
                    .arg("allow", "none"),
            };
        }
        _ => {}
    }
    info
}

fn json_body(tr: &Tr, info: &Info) -> HttpResponse {
    let mut error = serde_json::json!({ "code": info.code, "message": said(tr, info) });
    if !info.fields.is_empty() {
        let fields: serde_json::Map<String, serde_json::Value> = info
            .fields
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(tr.msg(v))))
            .collect();
        error["fields"] = serde_json::Value::Object(fields);
    }
    HttpResponse::build(info.status).json(serde_json::json!({ "error": error }))
}

/// The frame of an error page for a signed-in user: their menu, and the organization's
/// navigation when the page was one of its dashboard's, so an error never looks like being
/// logged out.
async fn signed_in_layout(req: &HttpRequest, title: &str) -> Option<Layout> {
    use actix_session::SessionExt as _;
    let user = req.extensions().get::<CurrentUser>().cloned()?.0;
    let member = req.extensions().get::<Member>().cloned();
    let state = req.app_data::<actix_web::web::Data<AppState>>()?.clone();
    let user_id = user.id;
    let memberships = state
        .db
        .run(move |c| orgs::for_user(c, user_id))
        .await
        .ok()?;
    let here = req
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
    let tr = super::locale::Hints::of(req).tr(
        user.locale.as_deref(),
        member.as_ref().map(|m| m.org.language.as_str()),
    );
    Some(Layout {
        title: title.to_owned(),
        languages: super::locale::switch(tr.locale(), &here),
        here,
        tr,
        csrf: super::session::csrf_token(&req.get_session()).ok()?,
        asset_version: super::assets::version(),
        user: Some(UserChip {
            name: user.name.clone(),
            email: user.email.clone(),
        }),
        orgs: memberships
            .into_iter()
            .map(|(o, role)| OrgLink {
                slug: o.slug,
                name: o.name,
                role,
            })
            .collect(),
        current: member.map(|m| OrgLink {
            slug: m.org.slug,
            name: m.org.name,
            role: m.role,
        }),
        ..Layout::default()
    })
}

/// Where the error page sends the reader back to: the page they came from on this site, else
/// their organization's dashboard, else the front page.
fn way_back(req: &HttpRequest, layout: &Layout) -> (String, String) {
    let referer = req
        .headers()
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| url::Url::parse(r).ok())
        .filter(|u| {
            let host = req.connection_info().host().to_owned();
            u.host_str()
                .zip(u.port_or_known_default())
                .is_some_and(|(h, p)| host == h || host == format!("{h}:{p}"))
        })
        .map(|u| match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_owned(),
        })
        // A page that failed to load is no way back; the form a post came from is.
        .filter(|p| req.method() != actix_web::http::Method::GET || p.as_str() != req.path())
        // Only a local path (`//evil.example` is another site).
        .filter(|p| super::auth::safe_next(p) == *p);
    let tr = &layout.tr;
    if let Some(path) = referer {
        return (path, tr.t("error-back-retry"));
    }
    match &layout.current {
        Some(org) => (
            format!("/dashboard/{}", org.slug),
            tr.t1("error-back-org", "org", &org.name),
        ),
        None if layout.user.is_some() => ("/dashboard".to_owned(), tr.t("error-back-dashboard")),
        None => ("/".to_owned(), tr.t("error-back-home")),
    }
}

async fn html_body(req: &HttpRequest, info: Info, request_id: Option<String>) -> HttpResponse {
    if info.login_required {
        let target = req.uri().path_and_query().map_or("/", |p| p.as_str());
        let next = if req.method() == actix_web::http::Method::GET {
            format!("/login?next={}", urlencode(target))
        } else {
            "/login".to_owned()
        };
        return super::see_other(&next);
    }
    let tr = words(req);
    let title = heading(&tr, info.status);
    let layout = match signed_in_layout(req, &title).await {
        Some(layout) => layout,
        None => Layout {
            title: title.clone(),
            tr: tr.clone(),
            asset_version: super::assets::version(),
            ..Layout::default()
        },
    };
    let back = way_back(req, &layout);
    let page = ErrorPage {
        layout,
        back,
        status: info.status.as_u16(),
        heading: title,
        message: said(&tr, &info),
        fields: info
            .fields
            .iter()
            .map(|(k, m)| (k.clone(), tr.msg(m)))
            .collect(),
        request_id: request_id.filter(|_| info.status.is_server_error()),
    };
    match page.render() {
        Ok(body) => HttpResponse::build(info.status)
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(body),
        Err(e) => {
            tracing::error!(error = %e, "rendering the error page failed");
            HttpResponse::build(info.status).body("error")
        }
    }
}

fn urlencode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Builds the replacement response, keeping headers such as `Set-Cookie` and `Retry-After`.
async fn replace(
    req: &HttpRequest,
    original: &header::HeaderMap,
    info: Info,
    id: Option<String>,
) -> HttpResponse {
    let mut res = if wants_json(req) {
        json_body(&words(req), &api_wording(req, original, info))
    } else {
        html_body(req, info, id).await
    };
    for (name, value) in original {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            res.headers_mut().append(name.clone(), value.clone());
        }
    }
    res
}

/// The middleware.
pub async fn render(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static, BoxBody>>, actix_web::Error> {
    // The request must not be cloned before routing: the router needs it uniquely owned.
    let request_id = req
        .extensions()
        .get::<crate::web::metrics::RequestId>()
        .map(ToString::to_string);
    let res = next.call(req).await?;
    let status = res.status();
    let has_error = res.response().error().is_some();
    let bare = (status == StatusCode::NOT_FOUND || status == StatusCode::METHOD_NOT_ALLOWED)
        && !res.headers().contains_key(header::CONTENT_TYPE);
    if !(status.is_client_error() || status.is_server_error()) || !(has_error || bare) {
        return Ok(res.map_into_left_body());
    }
    let info = info_of(status, res.response().error());
    let http_req = res.request().clone();
    let new = replace(&http_req, res.headers(), info, request_id).await;
    Ok(ServiceResponse::new(http_req, new).map_into_right_body())
}

/// Maps extractor failures (bad JSON, query or path) to `AppError` so they get the same shape.
pub fn extractor_error(err: impl std::fmt::Display, _: &HttpRequest) -> actix_web::Error {
    AppError::BadRequest(
        crate::error::Msg::new("error-request-invalid").arg("detail", err.to_string()),
    )
    .into()
}
