//! Workflow steps, preview links and deletion.

use super::*;

/// A workflow step from the editor.
#[derive(Debug, Deserialize)]
pub struct WorkflowForm {
    action: String,
    #[serde(default)]
    publish_at: String,
}

/// `POST /dashboard/{org}/articles/{id}/workflow`.
pub async fn workflow(
    ctx: Ctx,
    m: Member,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<WorkflowForm>,
) -> Result<HttpResponse, AppError> {
    let (a, tags) = load(&ctx, &m, path.1).await?;
    let action: Action = form.action.parse().map_err(AppError::BadRequest)?;
    if !action.permitted(m.role, a.is_by(m.user.id)) {
        return Err(AppError::Forbidden(format!(
            "Your role ({}) cannot {} this article.",
            m.role,
            action.label().to_lowercase()
        )));
    }
    let tz: chrono_tz::Tz = m.org.timezone.parse().unwrap_or(chrono_tz::UTC);
    let publish_at = if action == Action::Schedule {
        match parse_local_time(&form.publish_at, tz) {
            Ok(t) => Some(t),
            Err(message) => {
                return schedule_error(&ctx, &m, &a, &tags, &form.publish_at, message).await;
            }
        }
    } else {
        None
    };
    let id = a.id;
    let result = ctx
        .state
        .db
        .run(move |c| articles::transition(c, id, action, publish_at, db::now()))
        .await;
    match result {
        Ok(_) => {
            let mut message = action.done_message().to_owned();
            if let Some(at) = publish_at {
                message = format!(
                    "Scheduled for {} ({}).",
                    local_datetime(at, tz.name()),
                    tz.name()
                );
            }
            session::flash(&ctx.session, Flash::success(message));
            Ok(crate::web::see_other(&edit_url(&m, id)))
        }
        Err(AppError::Validation(e)) => {
            let message = e.get("publish_at").unwrap_or("Check the time.").to_owned();
            schedule_error(&ctx, &m, &a, &tags, &form.publish_at, message).await
        }
        Err(e) => Err(e),
    }
}

async fn schedule_error(
    ctx: &Ctx,
    m: &Member,
    a: &Article,
    tags: &[String],
    typed: &str,
    message: String,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::new();
    errors.add("publish_at", message);
    let st = EditorState {
        errors,
        publish_at: Some(typed.to_owned()),
        ..EditorState::plain(Some(a))
    };
    editor(ctx, m, StatusCode::UNPROCESSABLE_ENTITY, a.fields(tags), st).await
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
            .ok_or_else(|| {
                AppError::BadRequest(format!("“{d}” is not a number of days from 1 to 30."))
            })?,
    };
    let now = db::now();
    let expires = now + Duration::days(days);
    let (id, user_id) = (a.id, m.user.id);
    let token = ctx
        .state
        .db
        .run(move |c| crate::db::preview_links::create(c, id, user_id, expires, now))
        .await?;
    tracing::info!(org = %m.org.slug, article_id = id, days, "preview link created");
    let link = format!("{}/preview/{token}", ctx.state.public_url);
    let when = format!(
        "{} ({})",
        local_datetime(expires, &m.org.timezone),
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
    let id = a.id;
    ctx.state
        .db
        .run(move |c| crate::db::preview_links::revoke(c, id, link_id, db::now()))
        .await?;
    tracing::info!(org = %m.org.slug, article_id = id, link_id, "preview link revoked");
    session::flash(
        &ctx.session,
        Flash::success("The preview link was revoked; it no longer works."),
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
            Flash::error("Tick the box to confirm that you want to delete the article."),
        );
        return Ok(crate::web::see_other(&edit_url(&m, a.id)));
    }
    let id = a.id;
    ctx.state
        .db
        .run(move |c| articles::delete(c, id, db::now()))
        .await?;
    session::flash(
        &ctx.session,
        Flash::success(format!("“{}” is deleted.", a.title)),
    );
    Ok(crate::web::see_other(&format!(
        "/dashboard/{}/articles",
        m.org.slug
    )))
}
