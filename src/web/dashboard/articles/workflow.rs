//! Workflow steps, preview links and deletion.

use super::*;
use crate::error::Msg;

/// A workflow step from the editor. Its buttons submit the editor's own form, so the fields
/// come along: text typed since the last save is saved first, and a refused step shows the
/// editor again with everything as typed.
#[derive(Debug, Deserialize)]
pub struct WorkflowForm {
    action: String,
    #[serde(default)]
    publish_at: String,
    /// Present when the editor's form was submitted (its fields come with it).
    #[serde(default)]
    version: String,
    #[serde(flatten)]
    fields: ArticleFields,
}

/// `POST /dashboard/{org}/articles/{id}/workflow`.
pub async fn workflow(
    ctx: Ctx,
    m: Member,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<WorkflowForm>,
) -> Result<HttpResponse, AppError> {
    let (mut a, mut tags) = load(&ctx, &m, path.1).await?;
    let typed = (!form.version.is_empty()).then(|| form.fields.clone());
    let action: Action = form.action.parse().map_err(AppError::BadRequest)?;
    let shown = typed.clone().unwrap_or_else(|| a.fields(&tags));
    if !action.permitted(m.role, a.is_by(m.user.id)) {
        let message = Msg::new("error-step-role")
            .arg("role", m.role.as_str())
            .arg("action", action.as_str());
        return refused(&ctx, &m, &a, shown, StatusCode::FORBIDDEN, message, None).await;
    }
    // Unsaved changes go first, so the step applies to what the editor sees.
    if let Some(fields) = typed.as_ref().filter(|f| {
        may_edit(m.role, a.is_by(m.user.id), a.status()).is_ok() && !same(f, &a.fields(&tags))
    }) {
        match save_typed(&ctx, &m, &a, fields, &form.version).await? {
            Ok(()) => (a, tags) = load(&ctx, &m, a.id).await?,
            Err((status, errors, message)) => {
                let st = EditorState {
                    errors,
                    form_error: Some(ctx.tr_member(&m).msg(&message)),
                    publish_at: Some(form.publish_at.clone()),
                    ..EditorState::plain(Some(&a))
                };
                return editor(&ctx, &m, status, fields.clone(), st).await;
            }
        }
    }
    let tz = m.org.timezone.0;
    let publish_at = if action == Action::Schedule {
        match parse_local_time(&form.publish_at, tz) {
            Ok(t) => Some(t),
            Err(message) => {
                let shown = typed.unwrap_or_else(|| a.fields(&tags));
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                let typed_time = Some(form.publish_at.as_str());
                return refused(&ctx, &m, &a, shown, status, message, typed_time).await;
            }
        }
    } else {
        None
    };
    let (id, r) = (a.id, a.reference());
    let result = ctx
        .state
        .db
        .run(move |c| articles::transition(c, r, action, publish_at, db::now()))
        .await;
    match result {
        Ok(_) => {
            let mut message = Msg::new("flash-step").arg("action", action.as_str());
            if let Some(at) = publish_at {
                message = Msg::new("flash-scheduled")
                    .arg("time", local_datetime(at, tz))
                    .arg("zone", tz.name());
            }
            session::flash(
                &ctx.session,
                Flash::success(ctx.tr_member(&m).msg(&message)),
            );
            Ok(crate::web::see_other(&edit_url(&m, id)))
        }
        Err(AppError::Validation(e)) => {
            let message = e
                .get("publish_at")
                .cloned()
                .unwrap_or_else(|| Msg::new("error-check-time"));
            let shown = typed.unwrap_or_else(|| a.fields(&tags));
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            let typed_time = Some(form.publish_at.as_str());
            refused(&ctx, &m, &a, shown, status, message, typed_time).await
        }
        Err(e) => Err(e),
    }
}

/// Whether two sets of fields would save the same article (tags compared as typed, trimmed).
fn same(a: &ArticleFields, b: &ArticleFields) -> bool {
    let norm = |f: &ArticleFields| {
        (
            f.title.trim().to_owned(),
            f.slug.trim().to_owned(),
            f.summary.trim().to_owned(),
            f.body_markdown.replace("\r\n", "\n"),
            f.category.clone(),
            f.tags
                .split([',', '，'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>(),
            f.language.trim().to_owned(),
            f.byline.trim().to_owned(),
            f.source_url.trim().to_owned(),
            f.cover_media_id.trim().to_owned(),
        )
    };
    norm(a) == norm(b)
}

type Refusal = (StatusCode, FieldErrors, Msg);

/// Saves what the editor typed before a workflow step; the refusal when it cannot be saved.
async fn save_typed(
    ctx: &Ctx,
    m: &Member,
    a: &Scoped,
    fields: &ArticleFields,
    version: &str,
) -> Result<Result<(), Refusal>, AppError> {
    let input = match fields.parse() {
        Ok(i) => i,
        Err(errors) => {
            let message = Msg::new("error-changes-not-saved-step");
            return Ok(Err((StatusCode::UNPROCESSABLE_ENTITY, errors, message)));
        }
    };
    let by = SaveBy {
        user_id: Some(m.user.id),
        autosave: false,
    };
    let (r, version) = (a.reference(), version.to_owned());
    let body = crate::web::render_body(&input).await?;
    let result = ctx
        .state
        .db
        .run(move |c| articles::update(c, r, &input, &body, Some(&version), by, db::now()))
        .await;
    match result {
        Ok(_) => Ok(Ok(())),
        Err(AppError::Validation(errors)) => {
            let message = Msg::new("error-changes-not-saved");
            Ok(Err((StatusCode::UNPROCESSABLE_ENTITY, errors, message)))
        }
        Err(AppError::Conflict(message)) => {
            Ok(Err((StatusCode::CONFLICT, FieldErrors::new(), message)))
        }
        Err(e) => Err(e),
    }
}

/// The editor again, with the fields as they were shown or typed, the reason at the top and
/// (for a time) next to the control.
async fn refused(
    ctx: &Ctx,
    m: &Member,
    a: &Scoped,
    fields: ArticleFields,
    status: StatusCode,
    message: Msg,
    typed_time: Option<&str>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::new();
    if typed_time.is_some() {
        errors.add("publish_at", message.clone());
    }
    let st = EditorState {
        errors,
        form_error: Some(ctx.tr_member(m).msg(&message)),
        publish_at: typed_time.map(str::to_owned),
        ..EditorState::plain(Some(a))
    };
    editor(ctx, m, status, fields, st).await
}

/// How long a preview link lasts.
#[derive(Debug, Deserialize)]
pub struct PreviewLinkForm {
    #[serde(default)]
    days: String,
}

/// `POST /dashboard/{org}/articles/{id}/preview-link`: only someone who may edit the article
/// shares it; the link is stored, listed in the editor and revocable there.
pub async fn preview_link(
    ctx: Ctx,
    m: Member,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<PreviewLinkForm>,
) -> Result<HttpResponse, AppError> {
    let (a, tags) = load(&ctx, &m, path.1).await?;
    may_edit(m.role, a.is_by(m.user.id), a.status()).map_err(AppError::Forbidden)?;
    let days = match form.days.trim() {
        "" => 7,
        d => d
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=30).contains(n))
            .ok_or_else(|| AppError::BadRequest(Msg::new("error-preview-days").arg("value", d)))?,
    };
    let now = db::now();
    let expires = now + Duration::days(days);
    let (id, r, user_id) = (a.id, a.reference(), m.user.id);
    let token = ctx
        .state
        .db
        .run(move |c| crate::db::preview_links::create(c, r, user_id, expires, now))
        .await?;
    tracing::info!(org = %m.org.slug, article_id = id, days, "preview link created");
    let link = format!("{}/preview/{token}", ctx.state.public_url);
    let when = format!(
        "{} ({})",
        local_datetime(expires, m.org.timezone),
        m.org.timezone
    );
    let st = EditorState {
        preview_link: Some((link, when)),
        ..EditorState::plain(Some(&a))
    };
    editor(&ctx, &m, StatusCode::OK, a.fields(&tags), st).await
}

/// `POST /dashboard/{org}/articles/{id}/preview-links/{link}/revoke`.
pub async fn revoke_preview_link(
    ctx: Ctx,
    m: Member,
    path: web::Path<(String, i64, i64)>,
    _f: CsrfForm<std::collections::HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let (_, article_id, link_id) = path.into_inner();
    let (a, _) = load(&ctx, &m, article_id).await?;
    may_edit(m.role, a.is_by(m.user.id), a.status()).map_err(AppError::Forbidden)?;
    let (id, r) = (a.id, a.reference());
    ctx.state
        .db
        .run(move |c| crate::db::preview_links::revoke(c, r, link_id, db::now()))
        .await?;
    tracing::info!(org = %m.org.slug, article_id = id, link_id, "preview link revoked");
    session::flash(
        &ctx.session,
        Flash::success(ctx.tr_member(&m).t("flash-preview-link-revoked")),
    );
    Ok(crate::web::see_other(&edit_url(&m, id)))
}

/// `POST /dashboard/{org}/articles/{id}/delete`.
pub async fn delete(
    ctx: Ctx,
    m: Member,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<crate::web::dashboard::ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    let (a, _) = load(&ctx, &m, path.1).await?;
    check_edit(&m, &a)?;
    if a.status() == Status::Published && !m.role.can(crate::domain::Permission::PublishOwn) {
        return Err(AppError::forbidden());
    }
    if !form.confirmed() {
        session::flash(
            &ctx.session,
            Flash::error(ctx.tr_member(&m).t("flash-delete-confirm")),
        );
        return Ok(crate::web::see_other(&edit_url(&m, a.id)));
    }
    let r = a.reference();
    ctx.state
        .db
        .run(move |c| articles::delete(c, r, db::now()))
        .await?;
    session::flash(
        &ctx.session,
        Flash::success(
            ctx.tr_member(&m)
                .t1("flash-article-deleted", "title", &a.title),
        ),
    );
    Ok(crate::web::see_other(&format!(
        "/dashboard/{}/articles",
        m.org.slug
    )))
}
