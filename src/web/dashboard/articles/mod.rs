//! Articles in the dashboard: list and review queue, editor with preview and autosave,
//! workflow steps, revisions and preview links. This module draws the editor; the handlers
//! live in one file per area.

mod edit;
mod list;
mod revisions;
mod workflow;

pub use edit::{
    EditorForm, PreviewForm, autosave, autosave_new, create, edit, new_page, preview, save,
};
pub use list::{ListQuery, list, review};
pub use revisions::{CompareQuery, EmptyForm, restore, revisions};
pub use workflow::{
    PreviewLinkForm, WorkflowForm, delete, preview_link, revoke_preview_link, workflow,
};

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{Duration, Utc};
use serde::Deserialize;

use crate::db::articles::{self, Article, Created, ListFilter, Origin, SaveBy, Scoped, Sort};
use crate::db::{self, members};
use crate::domain::article::may_edit;
use crate::domain::article_fields::parse_local_time;
use crate::domain::{Action, ArticleFields, Category, Status, paths};
use crate::error::{AppError, FieldErrors};
use crate::render::Flash;
use crate::render::articles::{
    ActionButton, ArticleListPage, ArticleRow, Choice, EditorPage, RevisionRow, RevisionsPage,
    diff_lines,
};
use crate::render::format::{datetime_input, local_datetime};
use crate::render::{markdown, text};
use crate::web::context::Ctx;
use crate::web::csrf::CsrfForm;
use crate::web::member::{Can, Member, perm};
use crate::web::session;

/// Everything needed to draw the editor beyond the form values.
struct EditorState<'a> {
    article: Option<&'a Scoped>,
    errors: FieldErrors,
    form_error: Option<String>,
    preview_link: Option<(String, String)>,
    publish_at: Option<String>,
}

impl EditorState<'_> {
    fn plain(article: Option<&Scoped>) -> EditorState<'_> {
        EditorState {
            article,
            errors: FieldErrors::new(),
            form_error: None,
            preview_link: None,
            publish_at: None,
        }
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
    let article_ref = st.article.map(Scoped::reference);
    let article_id = article_ref.map(|r| r.id());
    let cover: Option<i64> = form.cover_media_id.trim().parse().ok();
    let now = db::now();
    let (known_tags, revision_count, images, current_cover, links) = ctx
        .state
        .db
        .run(move |c| {
            let tags = articles::org_tags(c, org_id)?;
            let (revs, links) = match article_ref {
                Some(r) => (
                    articles::revisions(c, r)?.len(),
                    crate::db::preview_links::live(c, r, now)?,
                ),
                None => (0, Vec::new()),
            };
            let (images, _) = crate::db::media::list(c, org_id, 1, 100)?;
            let current = match cover {
                Some(id) => crate::db::media::get(c, org_id, id).ok(),
                None => None,
            };
            Ok((tags, revs, images, current, links))
        })
        .await?;
    let cover_choices: Vec<(String, String)> = images
        .iter()
        .chain(
            current_cover
                .iter()
                .filter(|c| !images.iter().any(|m| m.id == c.id)),
        )
        .map(|m| (m.id.to_string(), m.label()))
        .collect();
    let cover_thumb = current_cover.map(|m| paths::media(&m.sha256, paths::image::THUMB));
    let body = form.body_markdown.clone();
    let rendered = web::block(move || markdown::render(&body)).await?;
    let tz = m.org.timezone;
    let status = st.article.map_or(Status::Draft, |a| a.status());
    let own = st.article.is_none_or(|a| a.is_by(m.user.id));
    let edit_check = may_edit(m.role, own, status);
    let can_edit = edit_check.is_ok();
    let mut layout = ctx.member_layout(m, &form.title, "articles").await?;
    if form.title.trim().is_empty() {
        layout.title = layout.tr.t("dash-articles-new");
    }
    let tr = layout.tr.clone();
    let zone = tz.name();
    let schedule_note = match st.article {
        Some(a) if status == Status::Scheduled => a.publish_at.map_or(String::new(), |at| {
            let time = local_datetime(at, tz);
            tr.t2("dash-editor-scheduled-for", "time", time, "zone", zone)
        }),
        Some(a) => a.published_at.map_or(String::new(), |at| {
            let time = local_datetime(at, tz);
            tr.t2("dash-editor-first-published", "time", time, "zone", zone)
        }),
        None => String::new(),
    };
    let page = EditorPage {
        layout,
        slug: m.org.slug.clone(),
        article_id,
        version: st.article.map(|a| a.version()).unwrap_or_default(),
        status,
        words: text::word_count(&rendered.text),
        minutes: text::reading_minutes(&rendered.text),
        preview_html: rendered.html,
        errors: st.errors,
        form_error: st.form_error,
        can_edit,
        read_only_reason: if can_edit {
            String::new()
        } else {
            tr.read_only_reason(own, &status)
        },
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
        timezone: m.org.timezone.name().to_owned(),
        public_url: st
            .article
            .filter(|a| a.status() == Status::Published)
            .map(|a| paths::absolute(&ctx.state.public_url, &paths::article(&m.org.slug, &a.slug))),
        categories: Category::ALL.to_vec(),
        known_tags: known_tags
            .iter()
            .take(30)
            .map(|(_, n)| n.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        cover_choices,
        cover_thumb,
        preview_qr: st
            .preview_link
            .as_ref()
            .map_or_else(String::new, |(link, _)| {
                crate::render::qr::svg(link, &tr.t("dash-editor-preview-qr"))
            }),
        preview_link: st.preview_link,
        preview_links: links
            .into_iter()
            .map(|l| {
                let until = local_datetime(l.expires_at, tz);
                let note = match l.created_by {
                    Some(who) => tr.t2("dash-editor-preview-link-by", "who", who, "time", until),
                    None => tr.t1("dash-editor-preview-link-until", "time", until),
                };
                (l.id, note)
            })
            .collect(),
        revision_count,
        form,
    };
    crate::web::html(status_code, &page)
}

async fn load(ctx: &Ctx, m: &Member, id: i64) -> Result<(Scoped, Vec<String>), AppError> {
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

fn check_edit(m: &Member, a: &Article) -> Result<(), AppError> {
    may_edit(m.role, a.is_by(m.user.id), a.status()).map_err(AppError::Forbidden)
}
