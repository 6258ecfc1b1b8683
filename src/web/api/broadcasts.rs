//! `/api/v1/broadcasts`: write a broadcast of 1–8 published articles, see whom it would
//! reach, send it now or at a time, pause, resume or cancel it, test it on a member's address,
//! and follow its progress. Another organization's broadcast is 404.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::ApiClient;
use super::body::{Body, JsonObject};
use super::model::ErrorBody;
use crate::db::broadcasts::{self, Audience, Broadcast as Row, ChannelCounts, Draft};
use crate::db::{self, DbConnection, subscriber_tags};
use crate::domain::{ArticleList, Categories, Category, Channels, EmailAddress, Locale, Title};
use crate::error::{AppError, FieldErrors, Msg};
use crate::web::AppState;

/// What a broadcast's deliveries add up to, on one channel or in all.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Counts {
    /// Deliveries written when it started (skipped ones included).
    pub recipients: i64,
    /// Waiting (including those being sent right now).
    pub pending: i64,
    /// Accepted by the mail server or push service.
    pub sent: i64,
    /// Refused for good, or out of attempts.
    pub failed: i64,
    /// Not sent: over the quota, left since, or nothing new (a digest).
    pub skipped: i64,
    /// Not sent because the broadcast was cancelled.
    pub cancelled: i64,
}

impl From<ChannelCounts> for Counts {
    fn from(c: ChannelCounts) -> Counts {
        Counts {
            recipients: c.recipients(),
            pending: c.pending + c.in_flight,
            sent: c.sent,
            failed: c.failed,
            skipped: c.skipped,
            cancelled: c.cancelled,
        }
    }
}

/// Per channel.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ChannelFigures {
    pub email: Counts,
    pub push: Counts,
}

/// Who it would reach if it were sent now (before it starts).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Reach {
    /// Active subscribers in the audience.
    pub email: i64,
    /// Browsers following by notification in the audience.
    pub push: i64,
}

/// The audience: everyone, or subscribers with one of the tags and/or following one of the
/// categories.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AudienceBody {
    /// Tag names; null: any.
    #[schema(required = true)]
    pub tags: Option<Vec<String>>,
    /// `culture`, `news`, `promotion`; empty: any.
    pub categories: Vec<String>,
}

/// A broadcast.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Broadcast {
    pub id: i64,
    /// `broadcast`, or `digest` for a digest run.
    pub kind: String,
    pub title: String,
    /// `draft`, `scheduled`, `sending`, `paused`, `sent`, `failed` or `cancelled`.
    pub status: String,
    /// In order.
    pub article_ids: Vec<i64>,
    /// `email`, `push`.
    pub channels: Vec<String>,
    pub audience: AudienceBody,
    /// RFC 3339, UTC; null unless scheduled.
    #[schema(required = true)]
    pub scheduled_at: Option<String>,
    #[schema(required = true)]
    pub started_at: Option<String>,
    #[schema(required = true)]
    pub finished_at: Option<String>,
    /// Titles of articles dropped when it started because they were no longer published.
    pub dropped_articles: Vec<String>,
    /// In all.
    pub counts: Counts,
    pub by_channel: ChannelFigures,
    /// Before it starts: whom it would reach now. Null once started.
    #[schema(required = true)]
    pub reach: Option<Reach>,
    pub created_at: String,
}

fn rfc3339(t: chrono::NaiveDateTime) -> String {
    t.and_utc()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Broadcast `b` in the API's shape.
fn shape(c: &mut DbConnection, b: &Row) -> Result<Broadcast, AppError> {
    let counts = broadcasts::counts(c, b.id)?;
    let audience = broadcasts::audience(c, b)?;
    let tags = match &audience.tags {
        None => None,
        Some(ids) => Some(subscriber_tags::names_by_id(c, b.org_id, ids)?),
    };
    let reach = if b.status().editable() {
        let (email, push) = db::deliveries::audience_count(c, b.org_id, &audience, db::now())?;
        Some(Reach {
            email: if b.channels().has(crate::domain::Channel::Email) {
                email
            } else {
                0
            },
            push: if b.channels().has(crate::domain::Channel::Push) {
                push
            } else {
                0
            },
        })
    } else {
        None
    };
    Ok(Broadcast {
        id: b.id,
        kind: b.kind.clone(),
        title: b.title.clone(),
        status: b.status.clone(),
        article_ids: broadcasts::article_ids(c, b.id)?,
        channels: b
            .channels()
            .iter()
            .map(|ch| ch.as_str().to_owned())
            .collect(),
        audience: AudienceBody {
            tags,
            categories: Categories::from_bits(b.categories)
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect(),
        },
        scheduled_at: b.scheduled_at.map(rfc3339),
        started_at: b.started_at.map(rfc3339),
        finished_at: b.finished_at.map(rfc3339),
        dropped_articles: b
            .warning
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        counts: counts.total().into(),
        by_channel: ChannelFigures {
            email: counts.email.into(),
            push: counts.push.into(),
        },
        reach,
        created_at: rfc3339(b.created_at),
    })
}

/// The body of `POST /api/v1/broadcasts`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct NewBroadcast {
    /// The subject of the email and the title of the notification; at most 120 characters.
    title: String,
    /// 1–8 published articles of the organization, in order.
    article_ids: Vec<i64>,
    /// `email` and/or `push`; default both.
    channels: Option<Vec<String>>,
    /// Default: every active subscriber (and every browser following by notification).
    audience: Option<NewAudience>,
}

/// An audience to send to.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct NewAudience {
    /// Only subscribers with one of these tags (names).
    tags: Option<Vec<String>>,
    /// Only subscribers following one of these categories.
    categories: Option<Vec<String>>,
}

const FIELDS: &[&str] = &["title", "article_ids", "channels", "audience"];

/// Reads a broadcast body (tag names are resolved by the caller).
fn parse_new(bytes: &[u8]) -> Result<(Draft, Option<Vec<String>>), AppError> {
    let mut obj = JsonObject::parse(bytes, FIELDS)?;
    let mut errors = FieldErrors::new();
    for required in ["title", "article_ids"] {
        if !obj.has(required) {
            obj.error(required, Msg::new("error-required"));
        }
    }
    let title = obj
        .take::<String>("title", "string")
        .and_then(|t| Title::parse(&t).map_err(|m| errors.add("title", m)).ok());
    let articles = obj
        .take::<Vec<i64>>("article_ids", "integer-list")
        .and_then(|ids| {
            ArticleList::parse(&ids)
                .map_err(|m| errors.add("article_ids", m))
                .ok()
        });
    let channels = match obj
        .take::<Option<Vec<String>>>("channels", "string-list")
        .flatten()
    {
        None => Some(Channels::BOTH),
        Some(names) => Channels::parse(&names)
            .map_err(|m| errors.add("channels", m))
            .ok(),
    };
    let (mut tags, mut categories) = (None, 0);
    if let Some(Some(audience)) = obj.take::<Option<serde_json::Value>>("audience", "object") {
        let mut inner = match serde_json::to_vec(&audience) {
            Ok(bytes) => JsonObject::parse(&bytes, &["tags", "categories"])
                .map_err(|e| prefix("audience", e))?,
            Err(_) => {
                return Err(AppError::BadRequest(
                    Msg::new("error-body-json").arg("detail", "audience"),
                ));
            }
        };
        tags = inner
            .take::<Option<Vec<String>>>("tags", "string-list")
            .flatten();
        if let Some(list) = inner
            .take::<Option<Vec<String>>>("categories", "string-list")
            .flatten()
        {
            for name in list {
                match name.parse::<Category>() {
                    Ok(c) => categories |= Categories::bit(c),
                    Err(m) => errors.add("audience.categories", m),
                }
            }
        }
        inner
            .finish(FieldErrors::new())
            .map_err(|e| prefix("audience", e))?;
    }
    obj.finish(errors)?;
    match (title, articles, channels) {
        (Some(title), Some(articles), Some(channels)) => Ok((
            Draft {
                title,
                articles,
                channels,
                audience: Audience {
                    tags: None,
                    categories,
                },
            },
            tags,
        )),
        _ => Err(FieldErrors::single("title", Msg::new("error-required"))),
    }
}

/// Names the fields of a nested object's errors `outer.field`.
fn prefix(outer: &str, e: AppError) -> AppError {
    match e {
        AppError::Validation(f) => AppError::Validation(FieldErrors(
            f.0.into_iter()
                .map(|(k, m)| (format!("{outer}.{k}"), m))
                .collect(),
        )),
        other => other,
    }
}

/// Resolves tag names to the organization's tag ids; an unknown name is an error naming it.
fn resolve_tags(
    c: &mut DbConnection,
    org_id: i64,
    names: Option<Vec<String>>,
) -> Result<Option<Vec<i64>>, AppError> {
    let Some(names) = names else {
        return Ok(None);
    };
    let mut ids = Vec::new();
    for name in names {
        match subscriber_tags::by_name(c, org_id, name.trim())? {
            Some(id) => ids.push(id),
            None => {
                return Err(FieldErrors::single(
                    "audience.tags",
                    Msg::new("error-broadcast-tag-unknown").arg("value", name),
                ));
            }
        }
    }
    Ok(Some(ids))
}

/// Write a draft broadcast.
#[utoipa::path(
    post,
    path = "/api/v1/broadcasts",
    operation_id = "create_broadcast",
    tag = "broadcasts",
    request_body = NewBroadcast,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Written, as a draft", body = Broadcast,
            headers(("Location" = String, description = "The broadcast's API address"))),
        (status = 400, description = "Not JSON", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 422, description = "Invalid fields: an unknown or unpublished article, an unknown tag …", body = ErrorBody),
    )
)]
pub async fn create(
    state: web::Data<AppState>,
    client: ApiClient,
    Body(bytes): Body,
) -> Result<HttpResponse, AppError> {
    let (mut draft, tags) = parse_new(&bytes)?;
    let (org_id, by) = (client.org.id, client.created_by);
    let created = state
        .db
        .run(move |c| {
            draft.audience.tags = resolve_tags(c, org_id, tags)?;
            let id = broadcasts::create(c, org_id, &draft, by, db::now())?;
            let b = broadcasts::get(c, org_id, id)?.ok_or(AppError::NotFound)?;
            shape(c, &b)
        })
        .await?;
    tracing::info!(
        token_id = client.token_id,
        broadcast = created.id,
        "API wrote broadcast"
    );
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/broadcasts/{}", created.id),
        ))
        .json(created))
}

/// A page of broadcasts, newest first.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct BroadcastList {
    pub items: Vec<Broadcast>,
    pub total: i64,
    #[schema(required = true)]
    pub next_page: Option<i64>,
}

/// The organization's broadcasts and digest runs, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/broadcasts",
    operation_id = "list_broadcasts",
    tag = "broadcasts",
    params(
        ("page" = Option<i64>, Query, description = "Page number, from 1"),
        ("per_page" = Option<i64>, Query, description = "Per page, 1–200 (default 50)"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of broadcasts", body = BroadcastList),
        (status = 400, description = "A bad query parameter", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
    )
)]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: ApiClient,
) -> Result<HttpResponse, AppError> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(req.query_string()).map_err(|e| {
            AppError::BadRequest(Msg::new("error-query-invalid").arg("detail", e.to_string()))
        })?;
    let (mut page, mut per_page) = (1, 50);
    for (name, value) in pairs {
        match name.as_str() {
            "page" => page = super::query::number(&name, &value, 1_000_000)?,
            "per_page" => per_page = super::query::number(&name, &value, 200)?,
            other => {
                return Err(AppError::BadRequest(
                    Msg::new("error-query-unknown")
                        .arg("value", other)
                        .arg("known", "page, per_page"),
                ));
            }
        }
    }
    let org_id = client.org.id;
    let (items, total) = state
        .db
        .run(move |c| {
            let (rows, total) = broadcasts::list(c, org_id, page, per_page)?;
            let items = rows
                .iter()
                .map(|b| shape(c, b))
                .collect::<Result<Vec<_>, AppError>>()?;
            Ok::<_, AppError>((items, total))
        })
        .await?;
    Ok(HttpResponse::Ok().json(BroadcastList {
        items,
        total,
        next_page: (page.saturating_mul(per_page) < total).then_some(page + 1),
    }))
}

/// One broadcast with its counts (poll it to follow the sending).
#[utoipa::path(
    get,
    path = "/api/v1/broadcasts/{id}",
    operation_id = "get_broadcast",
    tag = "broadcasts",
    params(("id" = i64, Path, description = "Broadcast id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The broadcast", body = Broadcast),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such broadcast in this organization", body = ErrorBody),
    )
)]
pub async fn get(
    state: web::Data<AppState>,
    client: ApiClient,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (org_id, id) = (client.org.id, id.into_inner());
    let b = state
        .db
        .run(move |c| {
            let b = broadcasts::get(c, org_id, id)?.ok_or(AppError::NotFound)?;
            shape(c, &b)
        })
        .await?;
    Ok(HttpResponse::Ok().json(b))
}

/// Which step a request takes.
#[derive(Clone, Copy, Debug)]
enum Step {
    Send,
    Schedule,
    Cancel,
    Pause,
    Resume,
}

async fn step(
    state: web::Data<AppState>,
    client: ApiClient,
    id: i64,
    bytes: &[u8],
    step: Step,
) -> Result<HttpResponse, AppError> {
    let now = db::now();
    let fields: &[&str] = if matches!(step, Step::Schedule) {
        &["at"]
    } else {
        &[]
    };
    let mut obj = JsonObject::parse_optional(bytes, fields)?;
    let at = if matches!(step, Step::Schedule) {
        if !obj.has("at") {
            obj.error("at", Msg::new("error-required"));
        }
        let at = super::input::publish_time(&mut obj, now)?;
        match at.map(|t| crate::domain::broadcast::check_schedule(t, now)) {
            Some(Ok(t)) => Some(t),
            Some(Err(m)) => return Err(FieldErrors::single("at", m)),
            None => return Err(FieldErrors::single("at", Msg::new("error-required"))),
        }
    } else {
        None
    };
    obj.finish(FieldErrors::new())?;
    let org_id = client.org.id;
    let b = state
        .db
        .run(move |c| {
            let b = match (step, at) {
                (Step::Send, _) => broadcasts::send_now(c, org_id, id, now)?,
                (Step::Schedule, Some(at)) => broadcasts::schedule(c, org_id, id, at, now)?,
                (Step::Schedule, None) => return Err(AppError::NotFound),
                (Step::Cancel, _) => broadcasts::cancel(c, org_id, id, now)?,
                (Step::Pause, _) => broadcasts::pause(c, org_id, id, now)?,
                (Step::Resume, _) => broadcasts::resume(c, org_id, id, now)?,
            };
            shape(c, &b)
        })
        .await?;
    tracing::info!(token_id = client.token_id, broadcast = id, step = ?step, "API broadcast step");
    Ok(HttpResponse::Ok().json(b))
}

/// Send now: a worker starts it within a second or two. Refused if an article is no longer
/// published.
#[utoipa::path(
    post,
    path = "/api/v1/broadcasts/{id}/send",
    operation_id = "send_broadcast",
    tag = "broadcasts",
    params(("id" = i64, Path, description = "Broadcast id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Scheduled for now", body = Broadcast),
        (status = 404, description = "No such broadcast in this organization", body = ErrorBody),
        (status = 409, description = "It has started, or was cancelled", body = ErrorBody),
        (status = 422, description = "An article is no longer published", body = ErrorBody),
    )
)]
pub async fn send(
    state: web::Data<AppState>,
    client: ApiClient,
    id: web::Path<i64>,
    Body(bytes): Body,
) -> Result<HttpResponse, AppError> {
    step(state, client, id.into_inner(), &bytes, Step::Send).await
}

/// Schedule for `{"at": RFC 3339}`, at least a minute ahead. An article unpublished before then
/// is dropped when it starts (listed in `dropped_articles`); with none left it fails.
#[utoipa::path(
    post,
    path = "/api/v1/broadcasts/{id}/schedule",
    operation_id = "schedule_broadcast",
    tag = "broadcasts",
    params(("id" = i64, Path, description = "Broadcast id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Scheduled", body = Broadcast),
        (status = 404, description = "No such broadcast in this organization", body = ErrorBody),
        (status = 409, description = "It has started, or was cancelled", body = ErrorBody),
        (status = 422, description = "`at` missing, not RFC 3339, or less than a minute ahead", body = ErrorBody),
    )
)]
pub async fn schedule(
    state: web::Data<AppState>,
    client: ApiClient,
    id: web::Path<i64>,
    Body(bytes): Body,
) -> Result<HttpResponse, AppError> {
    step(state, client, id.into_inner(), &bytes, Step::Schedule).await
}

/// Cancel: before it starts, or while sending or paused (what is not sent yet never will be).
#[utoipa::path(
    post,
    path = "/api/v1/broadcasts/{id}/cancel",
    operation_id = "cancel_broadcast",
    tag = "broadcasts",
    params(("id" = i64, Path, description = "Broadcast id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Cancelled", body = Broadcast),
        (status = 404, description = "No such broadcast in this organization", body = ErrorBody),
        (status = 409, description = "It has finished already", body = ErrorBody),
    )
)]
pub async fn cancel(
    state: web::Data<AppState>,
    client: ApiClient,
    id: web::Path<i64>,
    Body(bytes): Body,
) -> Result<HttpResponse, AppError> {
    step(state, client, id.into_inner(), &bytes, Step::Cancel).await
}

/// Pause a sending broadcast (what is in flight finishes).
#[utoipa::path(
    post,
    path = "/api/v1/broadcasts/{id}/pause",
    operation_id = "pause_broadcast",
    tag = "broadcasts",
    params(("id" = i64, Path, description = "Broadcast id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Paused", body = Broadcast),
        (status = 404, description = "No such broadcast in this organization", body = ErrorBody),
        (status = 409, description = "It is not sending", body = ErrorBody),
    )
)]
pub async fn pause(
    state: web::Data<AppState>,
    client: ApiClient,
    id: web::Path<i64>,
    Body(bytes): Body,
) -> Result<HttpResponse, AppError> {
    step(state, client, id.into_inner(), &bytes, Step::Pause).await
}

/// Resume a paused broadcast where it stopped.
#[utoipa::path(
    post,
    path = "/api/v1/broadcasts/{id}/resume",
    operation_id = "resume_broadcast",
    tag = "broadcasts",
    params(("id" = i64, Path, description = "Broadcast id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Sending again", body = Broadcast),
        (status = 404, description = "No such broadcast in this organization", body = ErrorBody),
        (status = 409, description = "It is not paused", body = ErrorBody),
    )
)]
pub async fn resume(
    state: web::Data<AppState>,
    client: ApiClient,
    id: web::Path<i64>,
    Body(bytes): Body,
) -> Result<HttpResponse, AppError> {
    step(state, client, id.into_inner(), &bytes, Step::Resume).await
}

/// How many test messages an organization may queue per ten minutes.
pub const TESTS_PER_TEN_MINUTES: i64 = 10;

/// Queues a test of broadcast `id` to `to` (a member's address) in `locale`.
pub fn queue_test(
    c: &mut DbConnection,
    state: &AppState,
    org: &crate::db::orgs::Organization,
    id: i64,
    to: &str,
    locale: Locale,
) -> Result<(), AppError> {
    let now = db::now();
    let b = broadcasts::get(c, org.id, id)?.ok_or(AppError::NotFound)?;
    if !b.channels().has(crate::domain::Channel::Email) {
        return Err(AppError::Conflict(Msg::new("error-broadcast-no-email")));
    }
    let members = db::members::list(c, org.id)?;
    if !members.iter().any(|m| m.email == to) {
        return Err(FieldErrors::single(
            "email",
            Msg::new("error-broadcast-test-to").arg("value", to),
        ));
    }
    db::write_tx(c, |c| {
        let recent = db::mail::count_since(
            c,
            org.id,
            "broadcast_test",
            now - chrono::Duration::minutes(10),
        )?;
        if recent >= TESTS_PER_TEN_MINUTES {
            return Err(AppError::TooManyRequests {
                message: Msg::new("error-broadcast-test-throttled"),
                retry_after: 600,
            });
        }
        state
            .letters
            .queue_broadcast_test(c, org, &b, to, locale, now)
    })
}

/// The body of `POST /api/v1/broadcasts/{id}/test`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct TestSend {
    /// A member's address; default: the address of whoever created the token.
    email: Option<String>,
}

/// Send the broadcast's email once to a member of the organization, marked as a test.
#[utoipa::path(
    post,
    path = "/api/v1/broadcasts/{id}/test",
    operation_id = "test_broadcast",
    tag = "broadcasts",
    params(("id" = i64, Path, description = "Broadcast id")),
    request_body = TestSend,
    security(("bearer" = [])),
    responses(
        (status = 202, description = "Queued"),
        (status = 404, description = "No such broadcast in this organization", body = ErrorBody),
        (status = 409, description = "It is not sent by email", body = ErrorBody),
        (status = 422, description = "The address is not a member's", body = ErrorBody),
        (status = 429, description = "Too many tests", body = ErrorBody),
    )
)]
pub async fn test(
    state: web::Data<AppState>,
    client: ApiClient,
    id: web::Path<i64>,
    Body(bytes): Body,
) -> Result<HttpResponse, AppError> {
    let mut obj = JsonObject::parse_optional(&bytes, &["email"])?;
    let mut errors = FieldErrors::new();
    let email = obj
        .take::<Option<String>>("email", "string-or-null")
        .flatten()
        .and_then(|e| {
            EmailAddress::parse(&e)
                .map_err(|m| errors.add("email", m))
                .ok()
        });
    obj.finish(errors)?;
    let (id, org, by) = (id.into_inner(), client.org.clone(), client.created_by);
    let st = state.clone();
    state
        .db
        .run(move |c| {
            let to = match email {
                Some(e) => e.as_str().to_owned(),
                None => match by {
                    Some(user) => db::users::by_id(c, user)?.email,
                    None => {
                        return Err(FieldErrors::single("email", Msg::new("error-required")));
                    }
                },
            };
            let locale = Locale::for_content(&org.language);
            queue_test(c, &st, &org, id, &to, locale)
        })
        .await?;
    tracing::info!(
        token_id = client.token_id,
        broadcast = id,
        "API queued a broadcast test"
    );
    Ok(HttpResponse::Accepted().finish())
}
