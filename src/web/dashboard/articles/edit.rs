//! Creating and saving articles: the form, autosave and the live preview.

use super::*;

/// What the editor posts.
#[derive(Debug, Default, Deserialize)]
pub struct EditorForm {
    #[serde(flatten)]
    fields: ArticleFields,
    #[serde(default)]
    version: String,
    /// `save` or `preview` (the no-JavaScript preview button).
    #[serde(default)]
    intent: String,
    /// For autosave requests: `1` when the member pressed Ctrl/Cmd+S.
    #[serde(default)]
    explicit: String,
}

/// `GET /dashboard/{org}/articles/new`.
pub async fn new_page(ctx: Ctx, m: Can<perm::WriteDrafts>) -> Result<HttpResponse, AppError> {
    let form = ArticleFields {
        category: Category::News.as_str().to_owned(),
        language: m.org.language.clone(),
        ..ArticleFields::default()
    };
    editor(&ctx, &m, StatusCode::OK, form, EditorState::plain(None)).await
}

async fn create_draft(
    ctx: &Ctx,
    m: &Member,
    fields: &ArticleFields,
) -> Result<Result<i64, FieldErrors>, AppError> {
    let input = match fields.parse() {
        Ok(i) => i,
        Err(e) => return Ok(Err(e)),
    };
    let org_id = m.org.id;
    let origin = Origin {
        author_id: Some(m.user.id),
        status: Status::Draft,
        published_at: None,
        import_key: None,
    };
    let body = crate::web::render_body(&input).await?;
    let created = ctx
        .state
        .db
        .run(move |c| articles::create(c, org_id, &input, &body, &origin, db::now()))
        .await;
    match created {
        Ok(Created::New(id) | Created::Exists(id)) => Ok(Ok(id)),
        Err(AppError::Validation(e)) => Ok(Err(e)),
        Err(e) => Err(e),
    }
}

/// `POST /dashboard/{org}/articles`: create a draft (or preview without saving).
pub async fn create(
    ctx: Ctx,
    m: Can<perm::WriteDrafts>,
    CsrfForm(form): CsrfForm<EditorForm>,
) -> Result<HttpResponse, AppError> {
    if form.intent == "preview" {
        return editor(
            &ctx,
            &m,
            StatusCode::OK,
            form.fields,
            EditorState::plain(None),
        )
        .await;
    }
    match create_draft(&ctx, &m, &form.fields).await? {
        Ok(id) => {
            session::flash(
                &ctx.session,
                Flash::success(ctx.tr_member(&m).t("flash-draft-saved")),
            );
            Ok(crate::web::see_other(&edit_url(&m, id)))
        }
        Err(errors) => {
            let st = EditorState {
                errors,
                ..EditorState::plain(None)
            };
            editor(&ctx, &m, StatusCode::UNPROCESSABLE_ENTITY, form.fields, st).await
        }
    }
}

/// `GET /dashboard/{org}/articles/{id}`.
pub async fn edit(
    ctx: Ctx,
    m: Member,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let (a, tags) = load(&ctx, &m, path.1).await?;
    let form = a.fields(&tags);
    editor(&ctx, &m, StatusCode::OK, form, EditorState::plain(Some(&a))).await
}

/// `POST /dashboard/{org}/articles/{id}`: save (or preview without saving).
pub async fn save(
    ctx: Ctx,
    m: Member,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<EditorForm>,
) -> Result<HttpResponse, AppError> {
    let (a, _) = load(&ctx, &m, path.1).await?;
    if form.intent == "preview" {
        return editor(
            &ctx,
            &m,
            StatusCode::OK,
            form.fields,
            EditorState::plain(Some(&a)),
        )
        .await;
    }
    check_edit(&m, &a)?;
    let input = match form.fields.parse() {
        Ok(i) => i,
        Err(errors) => {
            let st = EditorState {
                errors,
                ..EditorState::plain(Some(&a))
            };
            return editor(&ctx, &m, StatusCode::UNPROCESSABLE_ENTITY, form.fields, st).await;
        }
    };
    let by = SaveBy {
        user_id: Some(m.user.id),
        autosave: false,
    };
    let (id, r) = (a.id, a.reference());
    let version = form.version.clone();
    let body = crate::web::render_body(&input).await?;
    let result = ctx
        .state
        .db
        .run(move |c| articles::update(c, r, &input, &body, Some(&version), by, db::now()))
        .await;
    match result {
        Ok(_) => {
            session::flash(
                &ctx.session,
                Flash::success(ctx.tr_member(&m).t("flash-saved")),
            );
            Ok(crate::web::see_other(&edit_url(&m, id)))
        }
        Err(AppError::Validation(errors)) => {
            let st = EditorState {
                errors,
                ..EditorState::plain(Some(&a))
            };
            editor(&ctx, &m, StatusCode::UNPROCESSABLE_ENTITY, form.fields, st).await
        }
        Err(AppError::Conflict(message)) => {
            let st = EditorState {
                form_error: Some(ctx.tr_member(&m).msg(&message)),
                ..EditorState::plain(Some(&a))
            };
            editor(&ctx, &m, StatusCode::CONFLICT, form.fields, st).await
        }
        Err(e) => Err(e),
    }
}

/// JSON answer to an autosave.
#[derive(Debug, serde::Serialize)]
struct AutosaveReply {
    id: i64,
    edit_url: String,
    slug: String,
    version: String,
    saved_at: String,
}

fn reply(m: &Member, id: i64, slug: String, version: String) -> HttpResponse {
    let tz = m.org.timezone.0;
    HttpResponse::Ok().json(AutosaveReply {
        id,
        edit_url: edit_url(m, id),
        slug,
        version,
        saved_at: Utc::now().with_timezone(&tz).format("%H:%M:%S").to_string(),
    })
}

/// `POST /dashboard/{org}/articles/autosave`: the editor's first autosave creates the draft.
pub async fn autosave_new(
    ctx: Ctx,
    m: Can<perm::WriteDrafts>,
    CsrfForm(form): CsrfForm<EditorForm>,
) -> Result<HttpResponse, AppError> {
    match create_draft(&ctx, &m, &form.fields).await? {
        Ok(id) => {
            let (a, _) = load(&ctx, &m, id).await?;
            Ok(reply(&m, id, a.slug.clone(), a.version()))
        }
        Err(errors) => Err(AppError::Validation(errors)),
    }
}

/// `POST /dashboard/{org}/articles/{id}/autosave`: JSON save from the editor's script.
/// Autosave applies to drafts; Ctrl/Cmd+S (`explicit=1`) saves any article the member may edit.
pub async fn autosave(
    ctx: Ctx,
    m: Member,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<EditorForm>,
) -> Result<HttpResponse, AppError> {
    let (a, _) = load(&ctx, &m, path.1).await?;
    check_edit(&m, &a)?;
    let explicit = form.explicit == "1";
    if !explicit && a.status() != Status::Draft {
        return Err(AppError::Conflict(crate::error::Msg::new(
            "error-autosave-not-draft",
        )));
    }
    let input = form.fields.parse().map_err(AppError::Validation)?;
    let by = SaveBy {
        user_id: Some(m.user.id),
        autosave: !explicit,
    };
    let (id, r) = (a.id, a.reference());
    let version = form.version;
    let body = crate::web::render_body(&input).await?;
    let saved = ctx
        .state
        .db
        .run(move |c| articles::update(c, r, &input, &body, Some(&version), by, db::now()))
        .await?;
    Ok(reply(&m, id, saved.slug, saved.version))
}

/// What the preview endpoint takes.
#[derive(Debug, Deserialize)]
pub struct PreviewForm {
    #[serde(default)]
    body_markdown: String,
}

/// `POST /dashboard/{org}/preview`: renders Markdown with the same pipeline as the public
/// page; JSON `{html, words, minutes}`.
pub async fn preview(
    _m: Can<perm::WriteDrafts>,
    CsrfForm(form): CsrfForm<PreviewForm>,
) -> Result<HttpResponse, AppError> {
    if form.body_markdown.len() > crate::domain::article_fields::MAX_BODY_BYTES {
        return Err(FieldErrors::single(
            "body_markdown",
            crate::error::Msg::new("error-preview-too-long"),
        ));
    }
    let (html, words, minutes) = web::block(move || {
        let r = markdown::render(&form.body_markdown);
        (
            r.html,
            text::word_count(&r.text),
            text::reading_minutes(&r.text),
        )
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(serde_json::json!({ "html": html, "words": words, "minutes": minutes })))
}
