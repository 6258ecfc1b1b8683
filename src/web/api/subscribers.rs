//! `/api/v1/subscribers`: add (pending with a confirmation, or active with `consent`), list
//! with filters, get and delete the organization's subscribers.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::ApiClient;
use super::body::{Body, JsonObject};
use super::model::ErrorBody;
use crate::db::subscribers::{self, Filter, Subscriber as Row};
use crate::db::{self, subscriber_tags};
use crate::domain::{
    Categories, Category, Digest, EmailAddress, Locale, SubscriberStatus, TagName,
};
use crate::error::{AppError, FieldErrors, Msg};
use crate::import::subscribers::{NewOne, add_one};
use crate::web::AppState;

/// A subscriber.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Subscriber {
    pub id: i64,
    /// Lower-cased.
    pub email: String,
    pub name: String,
    /// `pending` (not confirmed yet), `active`, `unsubscribed`, `bounced` or `complained`.
    pub status: String,
    pub tags: Vec<String>,
    /// Categories followed: `culture`, `news`, `promotion`.
    pub categories: Vec<String>,
    /// `none`, `daily` or `weekly`.
    pub digest: String,
    /// `en`, `zh-Hans` or `zh-Hant`; null: the organization's.
    #[schema(required = true)]
    pub language: Option<String>,
    /// How they are reached: `email`, and `push` when a browser of theirs follows by
    /// notification (registered from their preferences page).
    pub channels: Vec<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// When they confirmed; null while pending.
    #[schema(required = true)]
    pub confirmed_at: Option<String>,
}

fn rfc3339(t: chrono::NaiveDateTime) -> String {
    t.and_utc()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Subscriber {
    fn of(s: &Row, tags: Vec<String>, push: bool) -> Subscriber {
        let mut channels = vec!["email".to_owned()];
        if push {
            channels.push("push".to_owned());
        }
        Subscriber {
            id: s.id,
            email: s.email.clone(),
            name: s.name.clone(),
            status: s.status().as_str().to_owned(),
            tags,
            categories: s
                .categories()
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect(),
            digest: s.digest().as_str().to_owned(),
            language: s.locale().map(|l| l.tag().to_owned()),
            channels,
            created_at: rfc3339(s.created_at),
            confirmed_at: s.confirmed_at.map(rfc3339),
        }
    }
}

/// A page of subscribers, newest first.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SubscriberList {
    pub items: Vec<Subscriber>,
    pub total: i64,
    /// The next page number, or null on the last page.
    #[schema(required = true)]
    pub next_page: Option<i64>,
}

/// The body of `POST /api/v1/subscribers`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct NewSubscriber {
    /// The address.
    email: String,
    name: Option<String>,
    /// Tag names; missing tags are created (at most 100 per organization, 20 per subscriber).
    tags: Option<Vec<String>>,
    /// `culture`, `news`, `promotion`; default: all.
    categories: Option<Vec<String>>,
    /// `none` (default), `daily` or `weekly`.
    digest: Option<String>,
    /// `en`, `zh-Hans` or `zh-Hant`.
    language: Option<String>,
    /// The person agreed (you vouch for it): active at once. Otherwise pending, and sent a
    /// confirmation message.
    consent: Option<bool>,
}

const FIELDS: &[&str] = &[
    "email",
    "name",
    "tags",
    "categories",
    "digest",
    "language",
    "consent",
];

fn one(c: &mut db::DbConnection, s: &Row) -> Result<Subscriber, AppError> {
    let tags = subscriber_tags::names_of(c, &[s.id])?
        .remove(&s.id)
        .unwrap_or_default();
    let push = db::push::subscribers_with_push(c, &[s.id])?.contains(&s.id);
    Ok(Subscriber::of(s, tags, push))
}

/// Reads the body into what to add, and whether the caller vouches for consent.
fn parse_new(bytes: &[u8]) -> Result<(NewOne, bool), AppError> {
    let mut obj = JsonObject::parse(bytes, FIELDS)?;
    let mut errors = FieldErrors::new();
    if !obj.has("email") {
        obj.error("email", Msg::new("error-required"));
    }
    let email = obj.take::<String>("email", "string").and_then(|e| {
        EmailAddress::parse(&e)
            .map_err(|m| errors.add("email", m))
            .ok()
    });
    let name = obj
        .take::<Option<String>>("name", "string-or-null")
        .flatten()
        .unwrap_or_default();
    if name.chars().count() > 100 {
        errors.add("name", Msg::new("error-import-name-long").arg("max", 100));
    }
    let tags = obj
        .take::<Option<Vec<String>>>("tags", "string-list")
        .flatten()
        .unwrap_or_default();
    let tags = TagName::parse_list(&tags.join(","))
        .map_err(|m| errors.add("tags", m))
        .unwrap_or_default();
    let categories = match obj
        .take::<Option<Vec<String>>>("categories", "string-list")
        .flatten()
    {
        None => None,
        Some(list) => {
            let mut set = Vec::new();
            for c in list {
                match c.parse::<Category>() {
                    Ok(c) => set.push(c),
                    Err(m) => errors.add("categories", m),
                }
            }
            Some(set.into_iter().collect::<Categories>())
        }
    };
    let digest = obj
        .take::<Option<String>>("digest", "string-or-null")
        .flatten()
        .and_then(|d| {
            d.parse::<Digest>()
                .map_err(|m| errors.add("digest", m))
                .ok()
        });
    let locale = obj
        .take::<Option<String>>("language", "string-or-null")
        .flatten()
        .and_then(|l| {
            Locale::exact(&l)
                .ok_or_else(|| {
                    errors.add("language", Msg::new("error-locale-unknown").arg("value", l))
                })
                .ok()
        });
    let consent = obj
        .take::<Option<bool>>("consent", "boolean")
        .flatten()
        .unwrap_or(false);
    obj.finish(errors)?;
    let email = email.ok_or_else(|| FieldErrors::single("email", Msg::new("error-required")))?;
    Ok((
        NewOne {
            email,
            name,
            tags,
            categories,
            digest,
            locale,
        },
        consent,
    ))
}

/// Add a subscriber: pending and sent a confirmation, or active with `"consent": true`.
#[utoipa::path(
    post,
    path = "/api/v1/subscribers",
    operation_id = "create_subscriber",
    tag = "subscribers",
    request_body = NewSubscriber,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Added", body = Subscriber,
            headers(("Location" = String, description = "The subscriber's API address"))),
        (status = 400, description = "Not JSON, or not UTF-8", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 409, description = "The organization has this address already, or never mails it (unsubscribed, bounced, complained), or a tag limit", body = ErrorBody),
        (status = 422, description = "Unknown or invalid fields", body = ErrorBody),
    )
)]
pub async fn create(
    state: web::Data<AppState>,
    client: ApiClient,
    Body(bytes): Body,
) -> Result<HttpResponse, AppError> {
    let (new, consent) = parse_new(&bytes)?;
    let (org, writer) = (client.org.clone(), state.letters.clone());
    let created = state
        .db
        .run(move |c| {
            let sub = add_one(c, &org, &new, consent, &writer)?;
            one(c, &sub)
        })
        .await?;
    tracing::info!(
        token_id = client.token_id,
        subscriber_id = created.id,
        consent,
        "API added subscriber"
    );
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/subscribers/{}", created.id),
        ))
        .json(created))
}

/// The list's query: `status`, `tag`, `q`, `page`, `per_page`.
fn list_query(qs: &str) -> Result<(Filter, Option<String>, i64, i64), AppError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(qs).map_err(|e| {
        AppError::BadRequest(Msg::new("error-query-invalid").arg("detail", e.to_string()))
    })?;
    let (mut filter, mut tag, mut page, mut per_page) = (Filter::default(), None, 1, 50);
    for (name, value) in pairs {
        match name.as_str() {
            "status" => {
                filter.status = Some(
                    value
                        .parse::<SubscriberStatus>()
                        .map_err(AppError::BadRequest)?,
                );
            }
            "tag" => tag = Some(value),
            "q" => filter.q = Some(value.chars().take(200).collect()),
            "page" => page = super::query::number(&name, &value, 1_000_000)?,
            "per_page" => per_page = super::query::number(&name, &value, 200)?,
            other => {
                return Err(AppError::BadRequest(
                    Msg::new("error-query-unknown")
                        .arg("value", other)
                        .arg("known", "status, tag, q, page, per_page"),
                ));
            }
        }
    }
    Ok((filter, tag, page, per_page))
}

/// List subscribers, newest first, filtered by `status`, `tag` and `q` (address or name).
#[utoipa::path(
    get,
    path = "/api/v1/subscribers",
    operation_id = "list_subscribers",
    tag = "subscribers",
    params(
        ("status" = Option<String>, Query, description = "pending, active, unsubscribed, bounced or complained"),
        ("tag" = Option<String>, Query, description = "Having this tag"),
        ("q" = Option<String>, Query, description = "Address or name containing this"),
        ("page" = Option<i64>, Query, description = "Page number, from 1"),
        ("per_page" = Option<i64>, Query, description = "Subscribers per page, 1–200 (default 50)"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of subscribers", body = SubscriberList),
        (status = 400, description = "A bad query parameter", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
    )
)]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: ApiClient,
) -> Result<HttpResponse, AppError> {
    let (mut filter, tag, page, per_page) = list_query(req.query_string())?;
    let org_id = client.org.id;
    let (rows, total, tags) = state
        .db
        .run(move |c| {
            if let Some(name) = tag {
                // An unknown tag matches nobody.
                filter.tag = Some(subscriber_tags::by_name(c, org_id, &name)?.unwrap_or(-1));
            }
            let (rows, total) = subscribers::list(c, org_id, &filter, page, per_page)?;
            let ids: Vec<i64> = rows.iter().map(|s| s.id).collect();
            let tags = subscriber_tags::names_of(c, &ids)?;
            let push = db::push::subscribers_with_push(c, &ids)?;
            Ok::<_, AppError>((rows, total, (tags, push)))
        })
        .await?;
    let (mut tags, push) = tags;
    Ok(HttpResponse::Ok().json(SubscriberList {
        items: rows
            .iter()
            .map(|s| {
                let t = tags.remove(&s.id).unwrap_or_default();
                Subscriber::of(s, t, push.contains(&s.id))
            })
            .collect(),
        total,
        next_page: (page.saturating_mul(per_page) < total).then_some(page + 1),
    }))
}

/// One subscriber.
#[utoipa::path(
    get,
    path = "/api/v1/subscribers/{id}",
    operation_id = "get_subscriber",
    tag = "subscribers",
    params(("id" = i64, Path, description = "Subscriber id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The subscriber", body = Subscriber),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such subscriber in this organization", body = ErrorBody),
    )
)]
pub async fn get(
    state: web::Data<AppState>,
    client: ApiClient,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (org_id, id) = (client.org.id, id.into_inner());
    let sub = state
        .db
        .run(move |c| {
            let s = subscribers::of_org(c, org_id, id)?.ok_or(AppError::NotFound)?;
            one(c, &s)
        })
        .await?;
    Ok(HttpResponse::Ok().json(sub))
}

/// Delete a subscriber. An address that had unsubscribed, bounced or complained stays on the
/// suppression list: adding it again is refused.
#[utoipa::path(
    delete,
    path = "/api/v1/subscribers/{id}",
    operation_id = "delete_subscriber",
    tag = "subscribers",
    params(("id" = i64, Path, description = "Subscriber id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such subscriber in this organization", body = ErrorBody),
    )
)]
pub async fn delete(
    state: web::Data<AppState>,
    client: ApiClient,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (org_id, id) = (client.org.id, id.into_inner());
    let n = state
        .db
        .run(move |c| subscribers::delete(c, org_id, &[id]))
        .await?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    tracing::info!(
        token_id = client.token_id,
        subscriber_id = id,
        "API deleted subscriber"
    );
    Ok(HttpResponse::NoContent().finish())
}
