//! `/api/v1/articles`: list, create, get, change, delete, publish (now or at a time) and
//! unpublish, all within the token's organization (another organization's id is 404).

use super::auth::ApiClient;
use super::body::{Body, JsonObject};
use super::input::{apply, parse_fields, publish_time, rename_publish_at};
use super::model::{
    Article, ArticleList, ArticlePatch, ErrorBody, NEW_ARTICLE_FIELDS, NewArticle, PUBLISH_FIELDS,
    Publish, REQUIRED_FIELDS,
};
use super::query::parse_list_query;
use crate::db::articles::{self, Created, Origin, SaveBy};
use crate::db::orgs::Organization;
use crate::db::{self, DbConnection};
use crate::domain::{Action, ArticleFields, Status};
use crate::error::AppError;
use crate::web::AppState;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

/// The article in the API's shape (404 unless it is the organization's).
fn one(
    c: &mut DbConnection,
    org: &Organization,
    id: i64,
    public_url: &str,
) -> Result<Article, AppError> {
    articles::detailed(c, org.id, &[id])?
        .into_iter()
        .next()
        .map(|d| Article::new(d, &org.slug, public_url))
        .ok_or(AppError::NotFound)
}

/// List the organization's articles, last changed first.
#[utoipa::path(
    get,
    path = "/api/v1/articles",
    operation_id = "list_articles",
    tag = "articles",
    params(super::query::ListParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of articles", body = ArticleList),
        (status = 400, description = "A bad query parameter", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
    )
)]
pub async fn list(
    state: web::Data<AppState>,
    client: ApiClient,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let filter = parse_list_query(req.query_string())?;
    let (page, per_page) = (filter.page, filter.per_page);
    let public_url = state.public_url.clone();
    let org = client.org;
    let (items, total) = state
        .db
        .run(move |c| {
            let (rows, total) = articles::list(c, org.id, &filter)?;
            let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            let items = articles::detailed(c, org.id, &ids)?
                .into_iter()
                .map(|d| Article::new(d, &org.slug, &public_url))
                .collect::<Vec<_>>();
            Ok((items, total))
        })
        .await?;
    let next_page = (page.saturating_mul(per_page) < total).then_some(page + 1);
    Ok(HttpResponse::Ok().json(ArticleList {
        items,
        total,
        next_page,
    }))
}

/// Create a draft; its author is the member who created the token.
#[utoipa::path(
    post,
    path = "/api/v1/articles",
    operation_id = "create_article",
    tag = "articles",
    request_body = NewArticle,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The new draft", body = Article,
            headers(("Location" = String, description = "The article's API address"))),
        (status = 400, description = "Not JSON, or not UTF-8", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 413, description = "Body over 4 MB", body = ErrorBody),
        (status = 422, description = "Unknown or invalid fields", body = ErrorBody),
    )
)]
pub async fn create(
    state: web::Data<AppState>,
    client: ApiClient,
    Body(bytes): Body,
) -> Result<HttpResponse, AppError> {
    let mut obj = JsonObject::parse(&bytes, NEW_ARTICLE_FIELDS)?;
    for field in REQUIRED_FIELDS {
        if !obj.has(field) {
            obj.error(field, crate::error::Msg::new("error-required"));
        }
    }
    let mut fields = ArticleFields::default();
    apply(&mut obj, &mut fields);
    let input = parse_fields(obj, &fields)?;
    let origin = Origin {
        author_id: client.created_by,
        status: Status::Draft,
        published_at: None,
        import_key: None,
    };
    let public_url = state.public_url.clone();
    let org = client.org;
    let body = crate::web::render_body(&input).await?;
    let article = state
        .db
        .run(move |c| {
            let (Created::New(id) | Created::Exists(id)) =
                articles::create(c, org.id, &input, &body, &origin, db::now())?;
            one(c, &org, id, &public_url)
        })
        .await?;
    tracing::info!(
        token_id = client.token_id,
        article_id = article.id,
        "API created article"
    );
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/articles/{}", article.id)))
        .json(article))
}

/// Get one article.
#[utoipa::path(
    get,
    path = "/api/v1/articles/{id}",
    operation_id = "get_article",
    tag = "articles",
    params(("id" = i64, Path, description = "Article id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The article", body = Article),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such article in this organization", body = ErrorBody),
    )
)]
pub async fn get(
    state: web::Data<AppState>,
    client: ApiClient,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let public_url = state.public_url.clone();
    let org = client.org;
    let article = state.db.run(move |c| one(c, &org, id, &public_url)).await?;
    Ok(HttpResponse::Ok().json(article))
}

/// Change an article: only the fields present change.
#[utoipa::path(
    patch,
    path = "/api/v1/articles/{id}",
    operation_id = "update_article",
    tag = "articles",
    params(("id" = i64, Path, description = "Article id")),
    request_body = ArticlePatch,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The changed article", body = Article),
        (status = 400, description = "Not JSON, or not UTF-8", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such article in this organization", body = ErrorBody),
        (status = 413, description = "Body over 4 MB", body = ErrorBody),
        (status = 422, description = "Unknown or invalid fields", body = ErrorBody),
    )
)]
pub async fn update(
    state: web::Data<AppState>,
    client: ApiClient,
    path: web::Path<i64>,
    Body(bytes): Body,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let mut obj = JsonObject::parse(&bytes, NEW_ARTICLE_FIELDS)?;
    let org_id = client.org.id;
    let (current, tags) = state
        .db
        .run(move |c| {
            let a = articles::in_org(c, org_id, id)?;
            let tags = articles::tag_names(c, id)?;
            Ok((a, tags))
        })
        .await?;
    let mut fields = current.fields(&tags);
    apply(&mut obj, &mut fields);
    let input = parse_fields(obj, &fields)?;
    // The API has no edit session to protect, so no version check: the last write wins.
    let by = SaveBy {
        user_id: client.created_by,
        autosave: false,
    };
    let public_url = state.public_url.clone();
    let org = client.org;
    let body = crate::web::render_body(&input).await?;
    let article = state
        .db
        .run(move |c| {
            articles::update(c, current.reference(), &input, &body, None, by, db::now())?;
            one(c, &org, id, &public_url)
        })
        .await?;
    Ok(HttpResponse::Ok().json(article))
}

/// Delete an article.
#[utoipa::path(
    delete,
    path = "/api/v1/articles/{id}",
    operation_id = "delete_article",
    tag = "articles",
    params(("id" = i64, Path, description = "Article id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such article in this organization", body = ErrorBody),
    )
)]
pub async fn delete(
    state: web::Data<AppState>,
    client: ApiClient,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let org_id = client.org.id;
    state
        .db
        .run(move |c| {
            let a = articles::in_org(c, org_id, id)?;
            articles::delete(c, a.reference(), db::now())
        })
        .await?;
    tracing::info!(
        token_id = client.token_id,
        article_id = id,
        "API deleted article"
    );
    Ok(HttpResponse::NoContent().finish())
}

/// Publish now (`{}`), or schedule (`{"at": "…"}`, a time in the future).
#[utoipa::path(
    post,
    path = "/api/v1/articles/{id}/publish",
    operation_id = "publish_article",
    tag = "articles",
    params(("id" = i64, Path, description = "Article id")),
    request_body(content = Option<Publish>, description = "`{}` or no body publishes now"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The article, published or scheduled", body = Article),
        (status = 400, description = "Not JSON, or not UTF-8", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such article in this organization", body = ErrorBody),
        (status = 409, description = "Not possible from its status (e.g. already published)", body = ErrorBody),
        (status = 422, description = "`at` is not a time, or is in the past", body = ErrorBody),
    )
)]
pub async fn publish(
    state: web::Data<AppState>,
    client: ApiClient,
    path: web::Path<i64>,
    Body(bytes): Body,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let mut obj = JsonObject::parse_optional(&bytes, PUBLISH_FIELDS)?;
    let now = db::now();
    let at = publish_time(&mut obj, now)?;
    let action = if at.is_some() {
        Action::Schedule
    } else {
        Action::Publish
    };
    let public_url = state.public_url.clone();
    let org = client.org;
    let article = state
        .db
        .run(move |c| {
            let a = articles::in_org(c, org.id, id)?;
            articles::transition(c, a.reference(), action, at, now).map_err(rename_publish_at)?;
            one(c, &org, id, &public_url)
        })
        .await?;
    tracing::info!(
        token_id = client.token_id,
        article_id = id,
        action = action.as_str(),
        "API workflow step"
    );
    Ok(HttpResponse::Ok().json(article))
}

/// Take a published article down (back to draft), or cancel a scheduled one's schedule.
#[utoipa::path(
    post,
    path = "/api/v1/articles/{id}/unpublish",
    operation_id = "unpublish_article",
    tag = "articles",
    params(("id" = i64, Path, description = "Article id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The article, now a draft", body = Article),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such article in this organization", body = ErrorBody),
        (status = 409, description = "Neither published nor scheduled", body = ErrorBody),
        (status = 422, description = "A body with fields", body = ErrorBody),
    )
)]
pub async fn unpublish(
    state: web::Data<AppState>,
    client: ApiClient,
    path: web::Path<i64>,
    Body(bytes): Body,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    JsonObject::parse_optional(&bytes, &[])?;
    let public_url = state.public_url.clone();
    let org = client.org;
    let article = state
        .db
        .run(move |c| {
            let a = articles::in_org(c, org.id, id)?;
            let action = if a.status() == Status::Scheduled {
                Action::Unschedule
            } else {
                Action::Unpublish
            };
            articles::transition(c, a.reference(), action, None, db::now())?;
            one(c, &org, id, &public_url)
        })
        .await?;
    tracing::info!(
        token_id = client.token_id,
        article_id = id,
        "API unpublished article"
    );
    Ok(HttpResponse::Ok().json(article))
}
