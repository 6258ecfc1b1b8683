//! JSON API v1 under `/api/v1`: bearer tokens scoped to one organization, and an OpenAPI
//! document at `/api/v1/openapi.json`.
//!
//! The routes are listed once, in `api_routes!` below: that one table registers them with
//! actix, lists their handlers in the OpenAPI document, and is exported as [`ROUTES`], which a
//! test compares with the document's operations.

pub mod articles;
pub mod auth;
pub mod body;
pub mod broadcasts;
pub mod input;
pub mod media;
pub mod model;
pub mod query;
pub mod search;
pub mod subscribers;

use actix_web::{HttpResponse, web};
use utoipa::OpenApi as _;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::error::AppError;

pub use auth::ApiClient;

/// Adds the bearer-token security scheme that the operations refer to as `bearer`.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("qiao_…")
                    .description(Some(
                        "An organization's API token, from `qiao token create` or the \
                         dashboard's API tokens page.",
                    ))
                    .build(),
            ),
        );
    }
}

/// After the API's own routes: any other method on one of their addresses is a 405 that says
/// which methods the address takes (the error middleware words the JSON body).
fn register_method_not_allowed(cfg: &mut web::ServiceConfig) {
    let mut seen: Vec<&str> = Vec::new();
    for (_, path) in ROUTES {
        if seen.contains(path) {
            continue;
        }
        seen.push(path);
        let allow = ROUTES
            .iter()
            .filter(|(_, p)| p == path)
            .map(|(m, _)| m.to_ascii_uppercase())
            .collect::<Vec<_>>()
            .join(", ");
        cfg.route(
            path,
            web::route().to(move || {
                let allow = allow.clone();
                async move {
                    actix_web::HttpResponse::MethodNotAllowed()
                        .insert_header((actix_web::http::header::ALLOW, allow))
                        .finish()
                }
            }),
        );
    }
}

/// Generates [`ROUTES`], [`routes`] and [`ApiDoc`] from one table of
/// `method "path" => handler;` lines.
macro_rules! api_routes {
    ($($method:ident $path:literal => $($handler:ident)::+;)*) => {
        /// Every API route as (lower-case method, path), as registered with actix; the OpenAPI
        /// document lists exactly these operations.
        pub const ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path)),*];

        /// Registers the API routes, then for each address a catch-all that answers any
        /// other method with 405 and the `Allow` header.
        pub fn routes(cfg: &mut web::ServiceConfig) {
            $(cfg.route($path, web::$method().to($($handler)::+));)*
            register_method_not_allowed(cfg);
        }

        /// The OpenAPI document of API v1.
        #[derive(utoipa::OpenApi)]
        #[openapi(
            paths($($($handler)::+),*),
            modifiers(&BearerAuth),
            info(
                title = "qiao API",
                version = "1",
                description = "Articles, images, subscribers and broadcasts of one organization, reached with that organization's \
                    bearer token. Errors are `{\"error\": {\"code\", \"message\", \"fields\"?}}`; \
                    unknown body fields are refused with 422; lists are \
                    `{items, total, next_page}`."
            ),
            tags(
                (name = "articles", description = "Write, publish and unpublish articles"),
                (name = "media", description = "Upload and manage library images"),
                (name = "subscribers", description = "Add, list and remove the organization's subscribers"),
                (name = "broadcasts", description = "Send 1–8 articles to followers by email and notification, now or at a time, and follow the sending"),
                (name = "search", description = "Search published articles (public: no token)"),
                (name = "meta", description = "This document"),
            )
        )]
        pub struct ApiDoc;
    };
}

api_routes! {
    get "/api/v1/openapi.json" => openapi;
    get "/api/v1/articles" => articles::list;
    post "/api/v1/articles" => articles::create;
    get "/api/v1/articles/{id}" => articles::get;
    patch "/api/v1/articles/{id}" => articles::update;
    delete "/api/v1/articles/{id}" => articles::delete;
    post "/api/v1/articles/{id}/publish" => articles::publish;
    post "/api/v1/articles/{id}/unpublish" => articles::unpublish;
    get "/api/v1/media" => media::list;
    post "/api/v1/media" => media::upload;
    get "/api/v1/media/{id}" => media::get;
    delete "/api/v1/media/{id}" => media::delete;
    get "/api/v1/subscribers" => subscribers::list;
    post "/api/v1/subscribers" => subscribers::create;
    get "/api/v1/subscribers/{id}" => subscribers::get;
    delete "/api/v1/subscribers/{id}" => subscribers::delete;
    get "/api/v1/broadcasts" => broadcasts::list;
    post "/api/v1/broadcasts" => broadcasts::create;
    get "/api/v1/broadcasts/{id}" => broadcasts::get;
    post "/api/v1/broadcasts/{id}/send" => broadcasts::send;
    post "/api/v1/broadcasts/{id}/schedule" => broadcasts::schedule;
    post "/api/v1/broadcasts/{id}/cancel" => broadcasts::cancel;
    post "/api/v1/broadcasts/{id}/pause" => broadcasts::pause;
    post "/api/v1/broadcasts/{id}/resume" => broadcasts::resume;
    post "/api/v1/broadcasts/{id}/test" => broadcasts::test;
    get "/api/v1/search" => search::search;
}

/// The OpenAPI document of this API (public).
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    operation_id = "openapi",
    tag = "meta",
    responses((status = 200, description = "This OpenAPI document", content_type = "application/json"))
)]
pub async fn openapi() -> Result<HttpResponse, AppError> {
    let json = ApiDoc::openapi()
        .to_pretty_json()
        .map_err(|e| AppError::Unexpected(anyhow::Error::new(e).context("OpenAPI document")))?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(json))
}
