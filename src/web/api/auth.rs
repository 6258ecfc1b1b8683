//! `ApiClient`: the bearer token of an API request, resolved to its organization. A missing,
//! unknown or revoked token is 401 with `WWW-Authenticate: Bearer` (see `AppError`).

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};

use crate::db::orgs::{self, Organization};
use crate::db::{self, tokens};
use crate::error::AppError;
use crate::web::AppState;

/// The organization an API request acts for, and the token it came with.
#[derive(Clone, Debug)]
pub struct ApiClient {
    /// The token's organization; every article id is looked up in it.
    pub org: Organization,
    /// The token's id.
    pub token_id: i64,
    /// The member who created the token: the author of articles created through it.
    pub created_by: Option<i64>,
}

/// The token in an `Authorization: Bearer …` header (the scheme is case-insensitive).
fn bearer(req: &HttpRequest) -> Result<String, AppError> {
    let missing = || AppError::Unauthorized(crate::error::Msg::new("error-token-missing"));
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(missing)?
        .to_str()
        .map_err(|_| missing())?;
    match value.trim().split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => {
            Ok(token.trim().to_owned())
        }
        _ => Err(missing()),
    }
}

impl FromRequest for ApiClient {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let token = token?;
            let state =
                state.ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("no app state")))?;
            let found = state
                .db
                .run(move |c| {
                    let Some(t) = tokens::authenticate(c, &token, db::now())? else {
                        return Ok(None);
                    };
                    let org = orgs::by_id(c, t.org_id)?;
                    Ok(Some((t, org)))
                })
                .await?;
            let (t, org) = found.ok_or_else(|| {
                AppError::Unauthorized(crate::error::Msg::new("error-token-invalid"))
            })?;
            Ok(ApiClient {
                org,
                token_id: t.id,
                created_by: t.created_by,
            })
        })
    }
}
