//! Articles in the dashboard: list and review queue, editor with preview and autosave,
//! workflow steps, revisions and preview links.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{Duration, Utc};
use serde::Deserialize;

use crate::db::articles::{self, Article, Created, ListFilter, Origin, SaveBy, Sort};
use crate::db::{self, members};
use crate::domain::article::may_edit;
use crate::domain::article_fields::parse_local_time;
use crate::domain::{Action, ArticleFields, Category, Status};
use crate::error::{AppError, FieldErrors};
use crate::render::Flash;
use crate::render::articles::{
    ActionButton, ArticleListPage, ArticleRow, Choice, EditorPage, RevisionRow, RevisionsPage,
    diff_lines, status_label,
};
use crate::render::format::{datetime_input, local_datetime};
use crate::render::{markdown, text};
use crate::web::context::Ctx;
use crate::web::csrf::CsrfForm;
use crate::web::member::{Can, Member, perm};
use crate::web::session;

/// The purpose string of preview tokens.
pub const PREVIEW_PURPOSE: &str = "preview";
const PER_PAGE: i64 = 30;

/// Query string of the article list.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    status: String,
    category: String,
    tag: String,
    author: String,
    sort: String,
    page: String,
}

fn parse_query(q: &ListQuery, review: bool) -> Result<ListFilter, AppError> {
    let bad = |what: &str, v: &str| AppError::BadRequest(format!("“{v}” is not a valid {what}."));
    let status = if review {
        Some(Status::InReview)
    } else if q.status.is_empty() {
        None
    } else {
        Some(q.status.parse().map_err(|_| bad("status", &q.status))?)
    };
    let category = match q.category.as_str() {
        "" => None,
        c => Some(c.parse().map_err(|_| bad("category", c))?),
    };
    let author_id = match q.author.as_str() {
        "" => None,
        a => Some(a.parse::<i64>().map_err(|_| bad("author", a))?),
    };
    let sort = match q.sort.as_str() {
        "" | "updated" => Sort::Updated,
        "published" => Sort::Published,
        s => return Err(bad("sort order", s)),
    };
    let page = match q.page.as_str() {
        "" => 1,
        p => p
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=1_000_000).contains(n))
            .ok_or_else(|| bad("page number", p))?,
    };
    if q.q.chars().count() > 200 {
        return Err(AppError::BadRequest(
            "Search for at most 200 characters.".to_owned(),
        ));
    }
    Ok(ListFilter {
        status,
        category,
        tag: (!q.tag.is_empty()).then(|| q.tag.clone()),
        author_id,
        q: q.q.clone(),
        sort,
        page,
        per_page: PER_PAGE,
    })
}

fn page_link(base: &str, q: &ListQuery, page: i64) -> String {
    let pairs = [
        ("q", q.q.as_str()),
        ("status", q.status.as_str()),
        ("category", q.category.as_str()),
        ("tag", q.tag.as_str()),
        ("author", q.author.as_str()),
        ("sort", q.sort.as_str()),
    ];
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        if !v.is_empty() {
            ser.append_pair(k, v);
        }
    }
    ser.append_pair("page", &page.to_string());
    format!("{base}?{}", ser.finish())
}

async fn list_page(
    ctx: Ctx,
    m: &Member,
    query: ListQuery,
    review: bool,
) -> Result<HttpResponse, AppError> {
    let filter = parse_query(&query, review)?;
    let org_id = m.org.id;
    let f = filter.clone();
    let (items, total, tags, people) = ctx
        .state
        .db
        .run(move |c| {
            let (items, total) = articles::list(c, org_id, &f)?;
            let tags = articles::org_tags(c, org_id)?;
            let people = members::list(c, org_id)?;
            Ok((items, total, tags, people))
        })
        .await?;
    let tz = m.org.timezone.as_str();
    let rows = items
        .into_iter()
        .map(|i| {
            let status: Status = i.status.parse().unwrap_or(Status::Draft);
            ArticleRow {
                id: i.id,
                title: i.title,
                status_label: status_label(status),
                status: i.status,
                category: i.category,
                author: i.author_name.unwrap_or_else(|| "—".to_owned()),
                updated: local_datetime(i.updated_at, tz),
                when: match (status, i.publish_at, i.published_at) {
                    (Status::Scheduled, Some(at), _) => local_datetime(at, tz),
                    (_, _, Some(at)) => local_datetime(at, tz),
                    _ => String::new(),
                },
                words: i.word_count,
            }
        })
        .collect();
    let choice = |value: &str, label: &str, current: &str| Choice {
        value: value.to_owned(),
        label: label.to_owned(),
        selected: value == current,
    };
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let base = format!(
        "/dashboard/{}/{}",
        m.org.slug,
        if review { "review" } else { "articles" }
    );
    let heading = if review { "Review queue" } else { "Articles" };
    let page = ArticleListPage {
        layout: ctx
            .member_layout(m, heading, if review { "review" } else { "articles" })
            .await?,
        slug: m.org.slug.clone(),
        heading: heading.to_owned(),
        review,
        rows,
        total,
        statuses: Status::ALL
            .iter()
            .map(|s| choice(s.as_str(), &status_label(*s), &query.status))
            .collect(),
        categories: Category::ALL
            .iter()
            .map(|c| choice(c.as_str(), c.as_str(), &query.category))
            .collect(),
        tags: tags.iter().map(|(s, n)| choice(s, n, &query.tag)).collect(),
        authors: people
            .iter()
            .map(|p| choice(&p.user_id.to_string(), &p.name, &query.author))
            .collect(),
        sorts: vec![
            choice("updated", "Last changed", &query.sort),
            choice("published", "Last published", &query.sort),
        ],
        q: query.q.clone(),
        prev: (filter.page > 1).then(|| page_link(&base, &query, filter.page - 1)),
        next: (filter.page < pages).then(|| page_link(&base, &query, filter.page + 1)),
        page: filter.page,
        pages,
    };
    crate::web::html(StatusCode::OK, &page)
}

/// `GET /dashboard/{org}/articles`.
pub async fn list(
    ctx: Ctx,
    m: Member,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    list_page(ctx, &m, query.into_inner(), false).await
}

/// `GET /dashboard/{org}/review`: articles waiting for review (editors and owners).
pub async fn review(
    ctx: Ctx,
    m: Can<perm::ManageArticles>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    list_page(ctx, &m, query.into_inner(), true).await
}

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

/// Everything needed to draw the editor beyond the form values.
struct EditorState<'a> {
    article: Option<&'a Article>,
    errors: FieldErrors,
    form_error: Option<String>,
    preview_link: Option<(String, String)>,
    publish_at: Option<String>,
}

impl EditorState<'_> {
    fn plain(article: Option<&Article>) -> EditorState<'_> {
        EditorState {
            article,
            errors: FieldErrors::new(),
            form_error: None,
            preview_link: None,
            publish_at: None,
        }
    }
}

fn fields_of(a: &Article, tags: &[String]) -> ArticleFields {
    ArticleFields {
        title: a.title.clone(),
        slug: a.slug.clone(),
        summary: a.summary.clone(),
        body_markdown: a.body_markdown.clone(),
        category: a.category.clone(),
        tags: tags.join(", "),
        language: a.language.clone(),
        byline: a.byline.clone(),
        source_url: a.source_url.clone().unwrap_or_default(),
        cover_media_id: a.cover_media_id.map(|i| i.to_string()).unwrap_or_default(),
    }
}

async fn editor(
    ctx: &Ctx,
    m: &Member,
    status_code: StatusCode,
    form: ArticleFields,
    st: EditorState<'_>,
) -> Result<HttpResponse, AppError> {
    let org_id = m.org.id;
    let article_id = st.article.map(|a| a.id);
    let cover: Option<i64> = form.cover_media_id.trim().parse().ok();
    let (known_tags, revision_count, images, current_cover) = ctx
        .state
        .db
        .run(move |c| {
            let tags = articles::org_tags(c, org_id)?;
            let revs = match article_id {
                Some(id) => articles::revisions(c, id)?.len(),
                None => 0,
            };
            let (images, _) = crate::db::media::list(c, org_id, 1, 100)?;
            let current = match cover {
                Some(id) => crate::db::media::get(c, org_id, id).ok(),
                None => None,
            };
            Ok((tags, revs, images, current))
        })
        .await?;
    let cover_choices: Vec<(String, String)> = images
        .iter()
        .chain(
            current_cover
                .iter()
                .filter(|c| !images.iter().any(|m| m.id == c.id)),
        )
        .map(|m| {
            let label = if m.alt.is_empty() {
                format!("#{} ({}×{})", m.id, m.width, m.height)
            } else {
                format!("#{} {}", m.id, m.alt)
            };
            (m.id.to_string(), label)
        })
        .collect();
    let cover_thumb = current_cover.map(|m| format!("/media/{}/thumb", m.sha256));
    let body = form.body_markdown.clone();
    let rendered = web::block(move || markdown::render(&body)).await?;
    let tz = m.org.timezone.as_str();
    let status = st.article.map_or(Status::Draft, Article::status);
    let own = st.article.is_none_or(|a| a.is_by(m.user.id));
    let edit_check = may_edit(m.role, own, status);
    let can_edit = edit_check.is_ok();
    let schedule_note = match st.article {
        Some(a) if status == Status::Scheduled => a.publish_at.map_or(String::new(), |at| {
            format!("Scheduled for {} ({tz}).", local_datetime(at, tz))
        }),
        Some(a) => a.published_at.map_or(String::new(), |at| {
            format!("First published {} ({tz}).", local_datetime(at, tz))
        }),
        None => String::new(),
    };
    let title = if form.title.trim().is_empty() {
        "New article".to_owned()
    } else {
        form.title.clone()
    };
    let page = EditorPage {
        layout: ctx.member_layout(m, &title, "articles").await?,
        slug: m.org.slug.clone(),
        article_id,
        version: st.article.map(Article::version).unwrap_or_default(),
        status,
        words: text::word_count(&rendered.text),
        minutes: text::reading_minutes(&rendered.text),
        preview_html: rendered.html,
        errors: st.errors,
        form_error: st.form_error,
        can_edit,
        read_only_reason: edit_check.err().unwrap_or_default(),
        autosave: can_edit && status == Status::Draft,
        actions: Action::offered(status, m.role, own)
            .into_iter()
            .map(ActionButton::of)
            .collect(),
        publish_at: st.publish_at.unwrap_or_else(|| {
            st.article
                .and_then(|a| a.publish_at)
                .map(|at| datetime_input(at, tz))
                .unwrap_or_default()
        }),
        schedule_note,
        timezone: m.org.timezone.clone(),
        public_url: st
            .article
            .filter(|a| a.status() == Status::Published)
            .map(|a| format!("{}/@{}/{}", ctx.state.public_url, m.org.slug, a.slug)),
        categories: Category::ALL.to_vec(),
        known_tags: known_tags
            .iter()
            .take(30)
            .map(|(_, n)| n.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        cover_choices,
        cover_thumb,
        preview_link: st.preview_link,
        revision_count,
        form,
    };
    crate::web::html(status_code, &page)
}

async fn load(ctx: &Ctx, m: &Member, id: i64) -> Result<(Article, Vec<String>), AppError> {
    let org_id = m.org.id;
    ctx.state
        .db
        .run(move |c| {
            let a = articles::in_org(c, org_id, id)?;
            let tags = articles::tag_names(c, id)?;
            Ok((a, tags))
        })
        .await
}

fn edit_url(m: &Member, id: i64) -> String {
    format!("/dashboard/{}/articles/{id}", m.org.slug)
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
    let created = ctx
        .state
        .db
        .run(move |c| articles::create(c, org_id, &input, &origin, db::now()))
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
            session::flash(&ctx.session, Flash::success("Draft saved."));
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
    let form = fields_of(&a, &tags);
    editor(&ctx, &m, StatusCode::OK, form, EditorState::plain(Some(&a))).await
}

fn check_edit(m: &Member, a: &Article) -> Result<(), AppError> {
    may_edit(m.role, a.is_by(m.user.id), a.status()).map_err(AppError::Forbidden)
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
    let id = a.id;
    let version = form.version.clone();
    let result = ctx
        .state
        .db
        .run(move |c| articles::update(c, id, &input, Some(&version), by, db::now()))
        .await;
    match result {
        Ok(_) => {
            session::flash(&ctx.session, Flash::success("Saved."));
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
                form_error: Some(message),
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
    let tz: chrono_tz::Tz = m.org.timezone.parse().unwrap_or(chrono_tz::UTC);
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
        return Err(AppError::Conflict(
            "Autosave is off once an article leaves draft; press Save to update it.".to_owned(),
        ));
    }
    let input = form.fields.parse().map_err(AppError::Validation)?;
    let by = SaveBy {
        user_id: Some(m.user.id),
        autosave: !explicit,
    };
    let id = a.id;
    let version = form.version;
    let saved = ctx
        .state
        .db
        .run(move |c| articles::update(c, id, &input, Some(&version), by, db::now()))
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
            "The text is too long to preview.",
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
    editor(
        ctx,
        m,
        StatusCode::UNPROCESSABLE_ENTITY,
        fields_of(a, tags),
        st,
    )
    .await
}

/// Which revisions to compare.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CompareQuery {
    a: Option<i64>,
    b: Option<i64>,
}

/// `GET /dashboard/{org}/articles/{id}/revisions?a=&b=`.
pub async fn revisions(
    ctx: Ctx,
    m: Member,
    path: web::Path<(String, i64)>,
    query: web::Query<CompareQuery>,
) -> Result<HttpResponse, AppError> {
    let (a, _) = load(&ctx, &m, path.1).await?;
    let id = a.id;
    let revs = ctx
        .state
        .db
        .run(move |c| articles::revisions(c, id))
        .await?;
    // Default: the newest against the one before it.
    let b = query.b.or_else(|| revs.first().map(|r| r.id)).unwrap_or(0);
    let older = query.a.or_else(|| revs.get(1).map(|r| r.id)).unwrap_or(0);
    let find = |rid: i64| revs.iter().find(|r| r.id == rid);
    let diff = match (find(older), find(b)) {
        (Some(x), Some(y)) => {
            let (x, y) = if x.id <= y.id { (x, y) } else { (y, x) };
            let left = format!("# {}\n\n{}\n\n{}\n", x.title, x.summary, x.body_markdown);
            let right = format!("# {}\n\n{}\n\n{}\n", y.title, y.summary, y.body_markdown);
            diff_lines(&left, &right)
        }
        _ if query.a.is_some() || query.b.is_some() => return Err(AppError::NotFound),
        _ => Vec::new(),
    };
    let tz = m.org.timezone.as_str();
    let page = RevisionsPage {
        layout: ctx.member_layout(&m, "Revisions", "articles").await?,
        slug: m.org.slug.clone(),
        article_id: id,
        title: a.title.clone(),
        can_edit: check_edit(&m, &a).is_ok(),
        a: older.min(b),
        b: older.max(b),
        revisions: revs
            .iter()
            .map(|r| RevisionRow {
                id: r.id,
                author: r.author_name.clone().unwrap_or_else(|| "—".to_owned()),
                when: local_datetime(r.created_at, tz),
                title: r.title.clone(),
                autosave: r.autosave,
            })
            .collect(),
        diff,
    };
    crate::web::html(StatusCode::OK, &page)
}

/// A form with nothing but the CSRF token.
#[derive(Debug, Deserialize)]
pub struct EmptyForm {}

/// `POST /dashboard/{org}/articles/{id}/revisions/{rev}/restore`: the revision's title, summary
/// and text become the article's, as a new revision.
pub async fn restore(
    ctx: Ctx,
    m: Member,
    path: web::Path<(String, i64, i64)>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (_, id, rev_id) = path.into_inner();
    let (a, tags) = load(&ctx, &m, id).await?;
    check_edit(&m, &a)?;
    let rev = ctx
        .state
        .db
        .run(move |c| articles::revision(c, id, rev_id))
        .await?;
    let mut fields = fields_of(&a, &tags);
    fields.title = rev.title;
    fields.summary = rev.summary;
    fields.body_markdown = rev.body_markdown;
    let input = fields.parse().map_err(AppError::Validation)?;
    let by = SaveBy {
        user_id: Some(m.user.id),
        autosave: false,
    };
    ctx.state
        .db
        .run(move |c| articles::update(c, id, &input, None, by, db::now()))
        .await?;
    session::flash(
        &ctx.session,
        Flash::success("The revision is restored; that is saved as a new revision."),
    );
    Ok(crate::web::see_other(&edit_url(&m, id)))
}

/// How long a preview link lasts.
#[derive(Debug, Deserialize)]
pub struct PreviewLinkForm {
    #[serde(default)]
    days: String,
}

/// `POST /dashboard/{org}/articles/{id}/preview-link`.
pub async fn preview_link(
    ctx: Ctx,
    m: Member,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<PreviewLinkForm>,
) -> Result<HttpResponse, AppError> {
    let (a, tags) = load(&ctx, &m, path.1).await?;
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
    let expires = Utc::now() + Duration::days(days);
    let token = ctx
        .state
        .signer
        .sign(PREVIEW_PURPOSE, &a.id.to_string(), expires);
    let link = format!("{}/preview/{token}", ctx.state.public_url);
    let when = format!(
        "{} ({})",
        local_datetime(expires.naive_utc(), &m.org.timezone),
        m.org.timezone
    );
    let st = EditorState {
        preview_link: Some((link, when)),
        ..EditorState::plain(Some(&a))
    };
    editor(&ctx, &m, StatusCode::OK, fields_of(&a, &tags), st).await
}

/// The delete confirmation.
#[derive(Debug, Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    confirm: String,
}

/// `POST /dashboard/{org}/articles/{id}/delete`.
pub async fn delete(
    ctx: Ctx,
    m: Member,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<DeleteForm>,
) -> Result<HttpResponse, AppError> {
    let (a, _) = load(&ctx, &m, path.1).await?;
    check_edit(&m, &a)?;
    if a.status() == Status::Published && !m.role.can(crate::domain::Permission::PublishOwn) {
        return Err(AppError::forbidden());
    }
    if form.confirm != "yes" {
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
