//! The organization's subscribers (owners and editors): the list with search and filters,
//! bulk tagging, untagging, unsubscribing and deleting, adding one, CSV import and export, and
//! the followers' growth.
//!
//! Every id a form sends is checked to be this organization's (`ids_of_org`, `of_org`): an id
//! from another organization is ignored, never acted on.

use actix_multipart::Multipart;
use actix_session::SessionExt as _;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::StreamExt as _;

use crate::db::subscribers::{self, Filter, Subscriber};
use crate::db::{self, subscriber_tags};
use crate::domain::{Category, EmailAddress, SubscriberStatus, TagName};
use crate::error::{AppError, FieldErrors, Msg};
use crate::i18n::Tr;
use crate::import::subscribers as import;
use crate::render::Flash;
use crate::render::format::local_date;
use crate::render::pages::{
    AddSubscriberValues, ImportLine, SubscriberImportPage, SubscriberQuery, SubscriberRow,
    SubscribersPage, TagChoice,
};
use crate::web::context::Ctx;
use crate::web::csrf::CsrfForm;
use crate::web::member::{Can, Member, perm};
use crate::web::session;

/// Rows per page.
const PER_PAGE: i64 = 50;
/// The largest CSV accepted by upload (100,000 subscribers are about 5 MB).
const UPLOAD_MAX: u64 = 50 * 1024 * 1024;

fn list_url(m: &Member) -> String {
    format!("/dashboard/{}/subscribers", m.org.slug)
}

/// The status's words.
pub fn status_label(tr: &Tr, s: SubscriberStatus) -> String {
    tr.t(match s {
        SubscriberStatus::Pending => "dash-subscriber-pending",
        SubscriberStatus::Active => "dash-subscriber-active",
        SubscriberStatus::Unsubscribed => "dash-subscriber-unsubscribed",
        SubscriberStatus::Bounced => "dash-subscriber-bounced",
        SubscriberStatus::Complained => "dash-subscriber-complained",
    })
}

/// Followers and growth as the overview and the list show them: (label, figure).
pub fn growth_figures(tr: &Tr, g: &subscribers::Growth) -> Vec<(String, String)> {
    use crate::i18n::grouped;
    vec![
        (tr.t("dash-growth-active"), grouped(g.active)),
        (tr.t("dash-growth-pending"), grouped(g.pending)),
        (
            tr.t("dash-growth-new-7"),
            format!("+{}", grouped(g.confirmed_7)),
        ),
        (
            tr.t("dash-growth-new-30"),
            format!("+{}", grouped(g.confirmed_30)),
        ),
        (
            tr.t("dash-growth-left-30"),
            format!("−{}", grouped(g.left_30)),
        ),
        (tr.t("dash-growth-push"), grouped(g.push)),
    ]
}

/// The filter the query asks for; a bad value is a 400 that quotes it. An unknown tag name
/// matches nobody.
async fn filter_of(ctx: &Ctx, m: &Member, q: &SubscriberQuery) -> Result<Filter, AppError> {
    let status = match q.status.trim() {
        "" => None,
        s => Some(
            s.parse::<SubscriberStatus>()
                .map_err(AppError::BadRequest)?,
        ),
    };
    let category = match q.category.trim() {
        "" => None,
        c => Some(c.parse::<Category>().map_err(AppError::BadRequest)?),
    };
    let joined_since = match q.joined.trim() {
        "" => None,
        d => {
            let days: i64 = d
                .parse()
                .ok()
                .filter(|d| (1..=3650).contains(d))
                .ok_or_else(|| {
                    AppError::BadRequest(Msg::new("error-joined-days").arg("value", d))
                })?;
            Some(db::now() - chrono::Duration::days(days))
        }
    };
    let tag = match q.tag.trim() {
        "" => None,
        name => {
            let (org_id, name) = (m.org.id, name.to_owned());
            let found = ctx
                .state
                .db
                .run(move |c| subscriber_tags::by_name(c, org_id, &name))
                .await?;
            // No such tag: nobody has it (-1 is no tag's id).
            Some(found.unwrap_or(-1))
        }
    };
    let push = match q.channel.trim() {
        "" => None,
        "push" => Some(true),
        "email-only" => Some(false),
        other => {
            return Err(AppError::BadRequest(
                Msg::new("error-channel").arg("value", other),
            ));
        }
    };
    Ok(Filter {
        push,
        status,
        tag,
        category,
        q: Some(q.q.trim().chars().take(200).collect()).filter(|s: &String| !s.is_empty()),
        joined_since,
    })
}

/// The query string of the filters, `?…` or empty.
fn filter_query(q: &SubscriberQuery) -> String {
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("q", &q.q),
        ("status", &q.status),
        ("tag", &q.tag),
        ("category", &q.category),
        ("joined", &q.joined),
        ("channel", &q.channel),
    ] {
        if !v.trim().is_empty() {
            ser.append_pair(k, v.trim());
        }
    }
    let s = ser.finish();
    if s.is_empty() { s } else { format!("?{s}") }
}

fn row(tr: &Tr, m: &Member, s: Subscriber, tags: Vec<String>, push: bool) -> SubscriberRow {
    SubscriberRow {
        push,
        id: s.id,
        status_label: status_label(tr, s.status()),
        status: s.status().as_str().to_owned(),
        categories: s
            .categories()
            .iter()
            .map(|c| tr.category(c))
            .collect::<Vec<_>>()
            .join(" · "),
        digest: tr.digest(s.digest()),
        joined: local_date(s.created_at, m.org.timezone),
        email: s.email,
        name: s.name,
        tags,
    }
}

async fn render(
    ctx: &Ctx,
    m: &Member,
    status: StatusCode,
    query: SubscriberQuery,
    add: AddSubscriberValues,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let filter = filter_of(ctx, m, &query).await?;
    let page = crate::web::page_param(query.page.as_deref(), 100_000)?;
    let (org_id, now) = (m.org.id, db::now());
    let (subs, total, tags, tags_of, growth) = ctx
        .state
        .db
        .run(move |c| {
            let (subs, total) = subscribers::list(c, org_id, &filter, page, PER_PAGE)?;
            let ids: Vec<i64> = subs.iter().map(|s| s.id).collect();
            let tags_of = subscriber_tags::names_of(c, &ids)?;
            let tags = subscriber_tags::list(c, org_id)?;
            let growth = subscribers::growth(c, org_id, now)?;
            let push = db::push::subscribers_with_push(c, &ids)?;
            Ok::<_, AppError>((subs, total, tags, (tags_of, push), growth))
        })
        .await?;
    let mut layout = ctx.member_layout(m, "", "subscribers").await?;
    layout.title = layout.tr.t("dash-nav-subscribers");
    let tr = layout.tr.clone();
    let (mut tags_of, push) = tags_of;
    let base = filter_query(&query);
    let page_link = |p: i64| {
        let sep = if base.is_empty() { '?' } else { '&' };
        format!("{}{base}{sep}page={p}", list_url(m))
    };
    let page_view = SubscribersPage {
        slug: m.org.slug.clone(),
        rows: subs
            .into_iter()
            .map(|s| {
                let t = tags_of.remove(&s.id).unwrap_or_default();
                let p = push.contains(&s.id);
                row(&tr, m, s, t, p)
            })
            .collect(),
        total: tr.count("dash-subscribers-total", total),
        filter_query: base.clone(),
        statuses: SubscriberStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), status_label(&tr, *s)))
            .collect(),
        categories: Category::ALL
            .iter()
            .map(|c| (c.as_str().to_owned(), tr.category(*c)))
            .collect(),
        channels: vec![
            ("push".to_owned(), tr.t("dash-subscribers-channel-push")),
            (
                "email-only".to_owned(),
                tr.t("dash-subscribers-channel-email"),
            ),
        ],
        tags: tags
            .into_iter()
            .map(|t| TagChoice {
                id: t.id,
                count: crate::i18n::grouped(t.subscribers),
                name: t.name,
            })
            .collect(),
        prev: (page > 1).then(|| page_link(page - 1)),
        next: (page * PER_PAGE < total).then(|| page_link(page + 1)),
        growth: growth_figures(&tr, &growth),
        query,
        add,
        errors,
        layout,
    };
    crate::web::html(status, &page_view)
}

/// `GET /dashboard/{org}/subscribers`.
pub async fn page(
    ctx: Ctx,
    m: Can<perm::ManageSubscribers>,
    query: web::Query<SubscriberQuery>,
) -> Result<HttpResponse, AppError> {
    render(
        &ctx,
        &m,
        StatusCode::OK,
        query.into_inner(),
        AddSubscriberValues::default(),
        FieldErrors::new(),
    )
    .await
}

/// `POST /dashboard/{org}/subscribers`: adds one, active when the editor vouches for consent,
/// else pending with a confirmation sent.
pub async fn add(
    ctx: Ctx,
    m: Can<perm::ManageSubscribers>,
    CsrfForm(form): CsrfForm<AddSubscriberValues>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::new();
    let email = EmailAddress::parse(&form.email)
        .map_err(|e| errors.add("email", e))
        .ok();
    let tags = TagName::parse_list(&form.tags)
        .map_err(|e| errors.add("tags", e))
        .ok();
    let (Some(email), Some(tags)) = (email, tags) else {
        return render(
            &ctx,
            &m,
            StatusCode::UNPROCESSABLE_ENTITY,
            SubscriberQuery::default(),
            form,
            errors,
        )
        .await;
    };
    let one = import::NewOne {
        email,
        name: form.name.chars().take(100).collect(),
        tags,
        categories: None,
        digest: None,
        locale: None,
    };
    let consent = form.consent.is_some();
    let (org, writer) = (m.org.clone(), ctx.state.letters.clone());
    let added = ctx
        .state
        .db
        .run(move |c| import::add_one(c, &org, &one, consent, &writer))
        .await;
    match added {
        Ok(sub) => {
            tracing::info!(org = %m.org.slug, subscriber_id = sub.id, consent, "subscriber added");
            session::flash(
                &ctx.session,
                Flash::success(ctx.tr_member(&m).t1(
                    if consent {
                        "flash-subscriber-added"
                    } else {
                        "flash-subscriber-invited"
                    },
                    "email",
                    &sub.email,
                )),
            );
            Ok(crate::web::see_other(&list_url(&m)))
        }
        Err(AppError::Conflict(msg)) => {
            let field = if msg.key().starts_with("error-subscriber-tags") {
                "tags"
            } else {
                "email"
            };
            errors.add(field, msg);
            render(
                &ctx,
                &m,
                StatusCode::UNPROCESSABLE_ENTITY,
                SubscriberQuery::default(),
                form,
                errors,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// `POST /dashboard/{org}/subscribers/bulk`: `id` (repeated), `action` (tag, untag,
/// unsubscribe, delete), `tag`.
pub async fn bulk(
    ctx: Ctx,
    m: Can<perm::ManageSubscribers>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let value = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let tr = ctx.tr_member(&m);
    let mut ids = Vec::new();
    for (k, v) in &pairs {
        if k == "id" {
            ids.push(v.trim().parse::<i64>().map_err(|_| {
                AppError::BadRequest(Msg::new("error-subscriber-id").arg("value", v.as_str()))
            })?);
        }
    }
    if ids.is_empty() || ids.len() > 1000 {
        session::flash(&ctx.session, Flash::error(tr.t("flash-bulk-none")));
        return Ok(crate::web::see_other(&list_url(&m)));
    }
    let action = value("action");
    let tag = match action.as_str() {
        "tag" | "untag" => match TagName::parse(&value("tag")) {
            Ok(t) => Some(t),
            Err(e) => {
                session::flash(&ctx.session, Flash::error(tr.msg(&e)));
                return Ok(crate::web::see_other(&list_url(&m)));
            }
        },
        "unsubscribe" | "delete" => None,
        other => {
            return Err(AppError::BadRequest(
                Msg::new("error-bulk-action").arg("value", other),
            ));
        }
    };
    let (org_id, now) = (m.org.id, db::now());
    let for_db = action.clone();
    let done = ctx
        .state
        .db
        .run(move |c| {
            let ids = subscribers::ids_of_org(c, org_id, &ids)?;
            apply_bulk(c, org_id, &ids, &for_db, tag.as_ref(), now)
        })
        .await;
    let n = match done {
        Ok(n) => n,
        Err(AppError::Conflict(msg)) => {
            session::flash(&ctx.session, Flash::error(tr.msg(&msg)));
            return Ok(crate::web::see_other(&list_url(&m)));
        }
        Err(e) => return Err(e),
    };
    tracing::info!(org = %m.org.slug, action = %action, count = n, "subscribers changed in bulk");
    session::flash(
        &ctx.session,
        Flash::success(tr.count("flash-bulk-done", i64::try_from(n).unwrap_or(0))),
    );
    Ok(crate::web::see_other(&list_url(&m)))
}

fn apply_bulk(
    c: &mut db::DbConnection,
    org_id: i64,
    ids: &[i64],
    action: &str,
    tag: Option<&TagName>,
    now: chrono::NaiveDateTime,
) -> Result<usize, AppError> {
    match (action, tag) {
        ("tag", Some(tag)) => db::write_tx(c, |c| {
            let tag_id = subscriber_tags::ensure(c, org_id, std::slice::from_ref(tag), now)?[0];
            for id in ids {
                subscriber_tags::attach(c, *id, &[tag_id])?;
            }
            Ok(ids.len())
        }),
        ("untag", Some(tag)) => match subscriber_tags::by_name(c, org_id, &tag.name)? {
            Some(tag_id) => subscriber_tags::detach(c, ids, tag_id),
            None => Ok(0),
        },
        ("unsubscribe", _) => {
            let mut n = 0;
            for id in ids {
                n += usize::from(subscribers::unsubscribe(c, *id, now)?);
            }
            Ok(n)
        }
        ("delete", _) => subscribers::delete(c, org_id, ids),
        _ => Ok(0),
    }
}

/// `POST /dashboard/{org}/subscribers/tags/{id}/delete`.
pub async fn delete_tag(
    ctx: Ctx,
    m: Can<perm::ManageSubscribers>,
    path: web::Path<(String, i64)>,
    _f: CsrfForm<std::collections::HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let (org_id, id) = (m.org.id, path.1);
    let deleted = ctx
        .state
        .db
        .run(move |c| subscriber_tags::delete(c, org_id, id))
        .await?;
    if !deleted {
        return Err(AppError::NotFound);
    }
    session::flash(
        &ctx.session,
        Flash::success(ctx.tr_member(&m).t("flash-tag-deleted")),
    );
    Ok(crate::web::see_other(&list_url(&m)))
}

/// A CSV field: `"` doubled, and a leading `=`, `+`, `-`, `@` neutralised so a spreadsheet does
/// not run it as a formula.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// `GET /dashboard/{org}/subscribers/export.csv`: the filtered subscribers, UTF-8 with a BOM
/// (so Excel reads the Chinese right), streamed in batches.
pub async fn export(
    ctx: Ctx,
    m: Can<perm::ManageSubscribers>,
    query: web::Query<SubscriberQuery>,
) -> Result<HttpResponse, AppError> {
    let filter = filter_of(&ctx, &m, &query).await?;
    let (db, org_id, tz) = (ctx.state.db.clone(), m.org.id, m.org.timezone);
    let stream = futures_util::stream::unfold((Some(0i64), true), move |(after, first)| {
        let (db, filter) = (db.clone(), filter.clone());
        async move {
            let after = after?;
            let batch = db
                .run(move |c| {
                    let rows = subscribers::batch_after(c, org_id, &filter, after, 1000)?;
                    let ids: Vec<i64> = rows.iter().map(|s| s.id).collect();
                    let tags = subscriber_tags::names_of(c, &ids)?;
                    Ok::<_, AppError>((rows, tags))
                })
                .await;
            let (rows, mut tags) = match batch {
                Ok(b) => b,
                Err(e) => {
                    tracing::warn!(error = %e.log_text(), "export stopped");
                    return Some((
                        Err(actix_web::error::ErrorInternalServerError("export")),
                        (None, false),
                    ));
                }
            };
            let mut out = String::new();
            if first {
                out.push('\u{feff}');
                out.push_str(
                    "email,name,status,tags,categories,digest,language,joined,confirmed\r\n",
                );
            }
            let next = rows.last().map(|s| s.id);
            if rows.is_empty() && !first {
                return None;
            }
            for s in rows {
                let t = tags.remove(&s.id).unwrap_or_default().join(", ");
                let cats: Vec<&str> = s.categories().iter().map(|c| c.as_str()).collect();
                let line = [
                    csv_field(&s.email),
                    csv_field(&s.name),
                    s.status.clone(),
                    csv_field(&t),
                    cats.join(" "),
                    s.digest.clone(),
                    s.locale.clone(),
                    local_date(s.created_at, tz),
                    s.confirmed_at
                        .map(|t| local_date(t, tz))
                        .unwrap_or_default(),
                ]
                .join(",");
                out.push_str(&line);
                out.push_str("\r\n");
            }
            Some((
                Ok::<_, actix_web::Error>(web::Bytes::from(out)),
                (next, false),
            ))
        }
    });
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}-subscribers.csv\"", m.org.slug),
        ))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .streaming(stream))
}

async fn import_page(
    ctx: &Ctx,
    m: &Member,
    status: StatusCode,
    error: Option<Msg>,
    report: Option<import::Report>,
) -> Result<HttpResponse, AppError> {
    let mut layout = ctx.member_layout(m, "", "subscribers").await?;
    layout.title = layout.tr.t("dash-subscribers-import");
    let tr = layout.tr.clone();
    let (summary, lines, ignored) = match report {
        None => (None, Vec::new(), String::new()),
        Some(r) => {
            let summary = tr.with(
                "dash-import-summary",
                &[
                    ("encoding", r.encoding.map_or("?", |e| e.name()).into()),
                    ("rows", i64::try_from(r.rows).unwrap_or(0).into()),
                    ("imported", i64::try_from(r.imported).unwrap_or(0).into()),
                    ("updated", i64::try_from(r.updated).unwrap_or(0).into()),
                    (
                        "skipped",
                        i64::try_from(r.problems.len() - r.failed())
                            .unwrap_or(0)
                            .into(),
                    ),
                    ("failed", i64::try_from(r.failed()).unwrap_or(0).into()),
                    (
                        "confirmations",
                        i64::try_from(r.confirmations).unwrap_or(0).into(),
                    ),
                ],
            );
            let ignored = if r.ignored_columns.is_empty() {
                String::new()
            } else {
                tr.t1(
                    "dash-import-ignored",
                    "columns",
                    r.ignored_columns.join(", "),
                )
            };
            let lines = r
                .problems
                .iter()
                .take(1000)
                .map(|p| ImportLine {
                    line: p.line,
                    email: p.email.clone(),
                    message: tr.msg(&p.msg),
                    skipped: p.skipped,
                })
                .collect();
            (Some(summary), lines, ignored)
        }
    };
    let page = SubscriberImportPage {
        layout,
        slug: m.org.slug.clone(),
        error: error.map(|e| tr.msg(&e)),
        summary,
        lines,
        ignored,
    };
    crate::web::html(status, &page)
}

/// `GET /dashboard/{org}/subscribers/import`.
pub async fn import_form(
    ctx: Ctx,
    m: Can<perm::ManageSubscribers>,
) -> Result<HttpResponse, AppError> {
    import_page(&ctx, &m, StatusCode::OK, None, None).await
}

/// `POST /dashboard/{org}/subscribers/import` (multipart: `file`, `consent`, `csrf_token`):
/// the file is written to the data dir as it arrives, imported from there, and removed.
pub async fn import_upload(
    req: HttpRequest,
    ctx: Ctx,
    m: Can<perm::ManageSubscribers>,
    mut payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let dir = ctx.state.settings.data_dir.join("tmp");
    crate::secrets::create_private_dir(&dir).map_err(AppError::Unexpected)?;
    let path = dir.join(format!(
        "import-{}.csv",
        crate::auth::tokens::random_token(12)
    ));
    let _cleanup = RemoveOnDrop(path.clone());
    let (mut csrf, mut consent, mut got_file) = (None, false, false);
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|e| {
            AppError::BadRequest(Msg::new("error-upload-unreadable").arg("detail", e.to_string()))
        })?;
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" && !got_file {
            // The token came first (the form puts it first): refuse a forged upload before
            // storing it.
            session::verify_csrf(&req.get_session(), csrf.as_deref())?;
            got_file = true;
            // Written on a blocking thread in pieces of up to 1 MB, never on the worker.
            let mut file = Some(private_file(&path)?);
            let mut pending: Vec<u8> = Vec::with_capacity(1 << 20);
            let mut size = 0u64;
            while let Some(chunk) = field.next().await {
                let chunk = chunk.map_err(|e| {
                    AppError::BadRequest(
                        Msg::new("error-upload-unreadable").arg("detail", e.to_string()),
                    )
                })?;
                size += chunk.len() as u64;
                if size > UPLOAD_MAX {
                    return import_page(
                        &ctx,
                        &m,
                        StatusCode::PAYLOAD_TOO_LARGE,
                        Some(Msg::new("error-import-large").arg("max", UPLOAD_MAX / (1024 * 1024))),
                        None,
                    )
                    .await;
                }
                pending.extend_from_slice(&chunk);
                if pending.len() >= 1 << 20 {
                    file = Some(write_off_thread(file.take(), std::mem::take(&mut pending)).await?);
                }
            }
            write_off_thread(file.take(), pending).await?;
            continue;
        }
        let mut value = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| {
                AppError::BadRequest(
                    Msg::new("error-upload-unreadable").arg("detail", e.to_string()),
                )
            })?;
            if value.len() + chunk.len() > 4096 {
                return Err(AppError::BadRequest(
                    Msg::new("error-field-long").arg("value", name.as_str()),
                ));
            }
            value.extend_from_slice(&chunk);
        }
        let value = String::from_utf8_lossy(&value).into_owned();
        match name.as_str() {
            "csrf_token" => csrf = Some(value),
            "consent" => consent = !value.is_empty(),
            _ => {}
        }
    }
    session::verify_csrf(&req.get_session(), csrf.as_deref())?;
    if !got_file {
        return import_page(
            &ctx,
            &m,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(Msg::new("error-import-empty")),
            None,
        )
        .await;
    }
    let (db, org, writer, file) = (
        ctx.state.db.clone(),
        m.org.clone(),
        ctx.state.letters.clone(),
        path.clone(),
    );
    let report = web::block(move || {
        let input = std::fs::File::open(&file)
            .map_err(|e| AppError::Unexpected(anyhow::anyhow!("reading the upload: {e}")))?;
        import::import(
            &db,
            &org,
            std::io::BufReader::new(input),
            import::Options { consent },
            &writer,
            |_| {},
        )
    })
    .await?;
    match report {
        Ok(report) => {
            tracing::info!(org = %m.org.slug, imported = report.imported, updated = report.updated, failed = report.failed(), "subscribers imported");
            import_page(&ctx, &m, StatusCode::OK, None, Some(report)).await
        }
        Err(AppError::BadRequest(msg)) => {
            import_page(&ctx, &m, StatusCode::UNPROCESSABLE_ENTITY, Some(msg), None).await
        }
        Err(e) => Err(e),
    }
}

/// Appends `bytes` to `file` on a blocking thread; gives the file back.
async fn write_off_thread(
    file: Option<std::fs::File>,
    bytes: Vec<u8>,
) -> Result<std::fs::File, AppError> {
    let mut file = file.ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("upload file gone")))?;
    web::block(move || std::io::Write::write_all(&mut file, &bytes).map(|()| file))
        .await?
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("writing the upload: {e}")))
}

/// A private file for the upload.
fn private_file(path: &std::path::Path) -> Result<std::fs::File, AppError> {
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("storing the upload: {e}")))
}

/// Removes the uploaded file however the request ends.
struct RemoveOnDrop(std::path::PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
