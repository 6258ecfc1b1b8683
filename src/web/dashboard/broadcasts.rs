//! Broadcasts in the dashboard (editors and owners): the list; writing one (articles in
//! order, channels, audience with its size as it is chosen); its email previewed at desktop and
//! phone width and its notification; a test to the member's own address; sending now or at a
//! local time; and, once it is sent, its progress updated in place, with pause, resume and
//! cancel.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::db::broadcasts::{self, Audience, Broadcast, Counts, Draft};
use crate::db::{self, DbConnection};
use crate::delivery::edition;
use crate::domain::{
    ArticleList, BroadcastStatus, Categories, Category, Channel, Channels, Locale, MAX_ARTICLES,
    Msg, Title,
};
use crate::error::{AppError, FieldErrors};
use crate::i18n::Tr;
use crate::render::Flash;
use crate::render::broadcasts::{
    BroadcastPage, BroadcastRow, BroadcastsPage, ComposeForm, NotificationPreview, ProgressRow,
};
use crate::render::format::{datetime_input, local_datetime};
use crate::web::context::Ctx;
use crate::web::csrf::CsrfForm;
use crate::web::member::{Can, Member, perm};
use crate::web::session;

type M = Can<perm::ManageBroadcasts>;

/// `GET /dashboard/{org}/broadcasts`: the newest 100, digests too.
pub async fn list(ctx: Ctx, m: M) -> Result<HttpResponse, AppError> {
    let org_id = m.org.id;
    let rows = ctx
        .state
        .db
        .run(move |c| {
            let (rows, _) = broadcasts::list(c, org_id, 1, 100)?;
            rows.into_iter()
                .map(|b| Ok((broadcasts::counts(c, b.id)?, b)))
                .collect::<Result<Vec<_>, AppError>>()
        })
        .await?;
    let mut layout = ctx.member_layout(&m, "", "broadcasts").await?;
    layout.title = layout.tr.t("dash-nav-broadcasts");
    let tz = m.org.timezone;
    let tr = &layout.tr;
    let rows = rows
        .into_iter()
        .map(|(counts, b)| {
            let total = counts.total();
            let when = b
                .finished_at
                .or(b.started_at)
                .or(b.scheduled_at)
                .map(|t| local_datetime(t, tz))
                .unwrap_or_default();
            BroadcastRow {
                id: b.id,
                title: title_of(tr, &b),
                status: status_label(tr, b.status()),
                status_key: b.status.clone(),
                when,
                sent: if b.started_at.is_some() {
                    format!("{} / {}", total.sent, total.recipients())
                } else {
                    String::new()
                },
            }
        })
        .collect();
    let page = BroadcastsPage {
        layout,
        slug: m.org.slug.clone(),
        rows,
    };
    crate::web::html(StatusCode::OK, &page)
}

/// How the dashboard names broadcast `b` (a digest by its period).
fn title_of(tr: &Tr, b: &Broadcast) -> String {
    use crate::domain::time::Frequency;
    match b.digest_period() {
        Some((Frequency::Daily, period)) => tr.t1("dash-broadcast-digest-daily", "period", period),
        Some((Frequency::Weekly, period)) => {
            tr.t1("dash-broadcast-digest-weekly", "period", period)
        }
        None => b.title.clone(),
    }
}

fn status_label(tr: &Tr, s: BroadcastStatus) -> String {
    tr.t(match s {
        BroadcastStatus::Draft => "dash-broadcast-status-draft",
        BroadcastStatus::Scheduled => "dash-broadcast-status-scheduled",
        BroadcastStatus::Sending => "dash-broadcast-status-sending",
        BroadcastStatus::Paused => "dash-broadcast-status-paused",
        BroadcastStatus::Sent => "dash-broadcast-status-sent",
        BroadcastStatus::Failed => "dash-broadcast-status-failed",
        BroadcastStatus::Cancelled => "dash-broadcast-status-cancelled",
    })
}

/// The compose form as posted: repeated `article`, `channel`, `tag` and `category` fields.
#[derive(Clone, Debug, Default)]
struct Posted {
    title: String,
    articles: Vec<String>,
    channels: Vec<String>,
    tags: Vec<String>,
    categories: Vec<String>,
}

impl Posted {
    fn of(pairs: Vec<(String, String)>) -> Posted {
        let mut p = Posted::default();
        for (name, value) in pairs {
            match name.as_str() {
                "title" => p.title = value,
                "article" => p.articles.push(value),
                "channel" => p.channels.push(value),
                "tag" => p.tags.push(value),
                "category" => p.categories.push(value),
                _ => {}
            }
        }
        p
    }

    /// The draft it describes, or what is wrong with it, by field.
    fn draft(&self) -> Result<Draft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = Title::parse(&self.title)
            .map_err(|m| errors.add("title", m))
            .ok();
        let mut ids = Vec::new();
        for a in self.articles.iter().filter(|a| !a.trim().is_empty()) {
            match a.trim().parse::<i64>() {
                Ok(id) => ids.push(id),
                Err(_) => errors.add(
                    "article_ids",
                    Msg::new("error-broadcast-article-unknown").arg("id", a.as_str()),
                ),
            }
        }
        let articles = ArticleList::parse(&ids)
            .map_err(|m| errors.add("article_ids", m))
            .ok();
        let channels = Channels::parse(&self.channels)
            .map_err(|m| errors.add("channels", m))
            .ok();
        let mut tags = Vec::new();
        for t in &self.tags {
            match t.parse::<i64>() {
                Ok(id) => tags.push(id),
                Err(_) => errors.add(
                    "audience.tags",
                    Msg::new("error-broadcast-tag-unknown").arg("value", t.as_str()),
                ),
            }
        }
        let mut categories = 0;
        for c in &self.categories {
            match c.parse::<Category>() {
                Ok(c) => categories |= Categories::bit(c),
                Err(m) => errors.add("audience.categories", m),
            }
        }
        match (title, articles, channels) {
            (Some(title), Some(articles), Some(channels)) if errors.is_empty() => Ok(Draft {
                title,
                articles,
                channels,
                audience: Audience {
                    tags: (!tags.is_empty()).then_some(tags),
                    categories,
                },
            }),
            _ => Err(errors),
        }
    }
}

/// What a broadcast page needs from the database.
struct Loaded {
    broadcast: Option<Broadcast>,
    counts: Counts,
    articles: Vec<(i64, String, Option<chrono::NaiveDateTime>)>,
    tags: Vec<(i64, String, i64)>,
    reach: (i64, i64),
    chosen: Vec<i64>,
    audience: Audience,
    notification: Option<String>,
}

fn load(
    c: &mut DbConnection,
    org: &crate::db::orgs::Organization,
    id: Option<i64>,
    audience: Option<Audience>,
    public_url: &str,
) -> Result<Loaded, AppError> {
    let broadcast = match id {
        Some(id) => Some(broadcasts::get(c, org.id, id)?.ok_or(AppError::NotFound)?),
        None => None,
    };
    let stored = match &broadcast {
        Some(b) => broadcasts::audience(c, b)?,
        None => Audience::default(),
    };
    let audience = audience.unwrap_or(stored);
    let counts = match &broadcast {
        Some(b) => broadcasts::counts(c, b.id)?,
        None => Counts::default(),
    };
    let chosen = match &broadcast {
        Some(b) => broadcasts::article_ids(c, b.id)?,
        None => Vec::new(),
    };
    let notification = match &broadcast {
        Some(b) if b.channels().has(Channel::Push) && !b.is_digest() => {
            let mut cards = db::public::cards_by_ids(c, org.id, &chosen)?;
            cards.sort_by_key(|x| chosen.iter().position(|i| *i == x.id));
            let tr = Tr::new(Locale::for_content(&org.language));
            let pieces = edition::pieces(&cards, org, public_url, &tr, None);
            let icon = pieces.first().map(|p| p.cover.clone()).unwrap_or_default();
            Some(edition::notification(
                org, &b.title, &pieces, &icon, &tr, false,
            ))
        }
        _ => None,
    };
    Ok(Loaded {
        reach: db::deliveries::audience_count(c, org.id, &audience, db::now())?,
        articles: broadcasts::publishable(c, org.id, 200)?,
        tags: db::subscriber_tags::list(c, org.id)?
            .into_iter()
            .map(|t| (t.id, t.name, t.subscribers))
            .collect(),
        broadcast,
        counts,
        chosen,
        audience,
        notification,
    })
}

/// Whom `audience` reaches on `channels`, in words.
fn reach_text(tr: &Tr, (email, push): (i64, i64), channels: Channels) -> String {
    tr.with(
        "dash-broadcast-reach",
        &[
            (
                "email",
                if channels.has(Channel::Email) {
                    email
                } else {
                    0
                }
                .into(),
            ),
            (
                "push",
                if channels.has(Channel::Push) { push } else { 0 }.into(),
            ),
        ],
    )
}

/// What the page shows besides what is loaded.
#[derive(Default)]
struct Extra {
    posted: Option<Posted>,
    errors: FieldErrors,
    schedule_at: Option<String>,
}

async fn render(
    ctx: &Ctx,
    m: &Member,
    id: Option<i64>,
    status: StatusCode,
    extra: Extra,
) -> Result<HttpResponse, AppError> {
    let org = m.org.clone();
    let public_url = ctx.state.public_url.clone();
    let posted_audience = extra
        .posted
        .as_ref()
        .and_then(|p| p.draft().ok())
        .map(|d| d.audience);
    let loaded = ctx
        .state
        .db
        .run(move |c| load(c, &org, id, posted_audience, &public_url))
        .await?;
    let mut layout = ctx.member_layout(m, "", "broadcasts").await?;
    let tr = layout.tr.clone();
    let tz = m.org.timezone;
    let b = loaded.broadcast.as_ref();
    layout.title = b.map_or_else(|| tr.t("dash-broadcasts-new"), |b| title_of(&tr, b));
    let status_now = b.map_or(BroadcastStatus::Draft, Broadcast::status);
    let channels = b.map_or(
        Channels::of(&[Channel::Email]).unwrap_or(Channels::BOTH),
        |b| b.channels(),
    );
    let form = compose_form(&tr, &loaded, b, extra.posted.as_ref(), channels);
    let progress = if b.is_some_and(|b| b.started_at.is_some()) {
        progress_rows(&tr, &loaded.counts)
    } else {
        Vec::new()
    };
    let mut times = Vec::new();
    if let Some(b) = b {
        if let (Some(at), BroadcastStatus::Scheduled) = (b.scheduled_at, status_now) {
            times.push(tr.t1(
                "dash-broadcast-scheduled-for",
                "time",
                local_datetime(at, tz),
            ));
        }
        if let Some(at) = b.started_at {
            times.push(tr.t1("dash-broadcast-started-at", "time", local_datetime(at, tz)));
        }
        if let Some(at) = b.finished_at {
            times.push(tr.t1("dash-broadcast-finished-at", "time", local_datetime(at, tz)));
        }
    }
    let notification = loaded.notification.as_deref().map(|json| {
        let v: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
        let text = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
        NotificationPreview {
            title: text("title"),
            body: text("body"),
            icon: text("icon"),
            site: url::Url::parse(&ctx.state.public_url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_default(),
        }
    });
    let slug = m.org.slug.clone();
    let page = BroadcastPage {
        reach: reach_text(&tr, loaded.reach, channels),
        articles: loaded
            .articles
            .iter()
            .map(|(id, title, at)| {
                let date = at.map(|t| local_datetime(t, tz)).unwrap_or_default();
                (id.to_string(), format!("{title} · {date}"))
            })
            .collect(),
        progress_url: id
            .map(|i| format!("/dashboard/{slug}/broadcasts/{i}/progress"))
            .unwrap_or_default(),
        id,
        status_key: status_now.as_str().to_owned(),
        status: status_label(&tr, status_now),
        editable: status_now.editable() && !b.is_some_and(Broadcast::is_digest),
        form,
        errors: extra.errors,
        times,
        schedule_at: extra.schedule_at.unwrap_or_else(|| {
            let at = b
                .and_then(|b| b.scheduled_at)
                .filter(|_| status_now == BroadcastStatus::Scheduled)
                .unwrap_or_else(|| db::now() + chrono::Duration::hours(1));
            datetime_input(at, tz)
        }),
        timezone: tz.name().to_owned(),
        dropped: b
            .map(|b| {
                b.warning
                    .lines()
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        progress,
        can_pause: status_now == BroadcastStatus::Sending,
        can_resume: status_now == BroadcastStatus::Paused,
        can_cancel: id.is_some()
            && !status_now.finished()
            && status_now != BroadcastStatus::Draft
            && !b.is_some_and(Broadcast::is_digest),
        can_unschedule: status_now == BroadcastStatus::Scheduled,
        notification,
        test_to: m.user.email.clone(),
        slug,
        layout,
    };
    crate::web::html(status, &page)
}

fn compose_form(
    tr: &Tr,
    loaded: &Loaded,
    b: Option<&Broadcast>,
    posted: Option<&Posted>,
    channels: Channels,
) -> ComposeForm {
    let (title, slots, email, push, tags, cats): (
        String,
        Vec<String>,
        bool,
        bool,
        Vec<String>,
        Vec<String>,
    ) = match posted {
        Some(p) => (
            p.title.clone(),
            p.articles.clone(),
            p.channels.iter().any(|c| c == "email"),
            p.channels.iter().any(|c| c == "push"),
            p.tags.clone(),
            p.categories.clone(),
        ),
        None => (
            b.map(|b| b.title.clone()).unwrap_or_default(),
            loaded.chosen.iter().map(i64::to_string).collect(),
            channels.has(Channel::Email),
            channels.has(Channel::Push) || b.is_none(),
            loaded
                .audience
                .tags
                .iter()
                .flatten()
                .map(i64::to_string)
                .collect(),
            Categories::from_bits(loaded.audience.categories)
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect(),
        ),
    };
    let mut slots: Vec<String> = slots.into_iter().filter(|s| !s.is_empty()).collect();
    slots.resize(MAX_ARTICLES, String::new());
    ComposeForm {
        title,
        slots,
        email: email || b.is_none() && posted.is_none(),
        push,
        tags: loaded
            .tags
            .iter()
            .map(|(id, name, n)| {
                let v = id.to_string();
                let on = tags.contains(&v);
                (v, format!("{name} ({n})"), on)
            })
            .collect(),
        categories: Category::ALL
            .into_iter()
            .map(|c| {
                let v = c.as_str().to_owned();
                let on = cats.contains(&v);
                (v, tr.category(c), on)
            })
            .collect(),
    }
}

fn progress_rows(tr: &Tr, counts: &Counts) -> Vec<ProgressRow> {
    let row = |key, label: String, c: broadcasts::ChannelCounts| ProgressRow {
        key,
        label,
        recipients: c.recipients(),
        sent: c.sent,
        pending: c.pending + c.in_flight,
        failed: c.failed,
        skipped: c.skipped,
        cancelled: c.cancelled,
    };
    vec![
        row("email", tr.t("dash-broadcast-channel-email"), counts.email),
        row("push", tr.t("dash-broadcast-channel-push"), counts.push),
        row("total", tr.t("dash-broadcast-total"), counts.total()),
    ]
}

/// `GET /dashboard/{org}/broadcasts/new`.
pub async fn new(ctx: Ctx, m: M) -> Result<HttpResponse, AppError> {
    render(&ctx, &m, None, StatusCode::OK, Extra::default()).await
}

/// `GET /dashboard/{org}/broadcasts/{id}`.
pub async fn show(
    ctx: Ctx,
    m: M,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    render(&ctx, &m, Some(path.1), StatusCode::OK, Extra::default()).await
}

/// `POST /dashboard/{org}/broadcasts`: saves a new draft.
pub async fn create(
    ctx: Ctx,
    m: M,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    save(ctx, m, None, Posted::of(pairs)).await
}

/// `POST /dashboard/{org}/broadcasts/{id}`: rewrites a draft or scheduled broadcast.
pub async fn update(
    ctx: Ctx,
    m: M,
    path: web::Path<(String, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    save(ctx, m, Some(path.1), Posted::of(pairs)).await
}

async fn save(ctx: Ctx, m: M, id: Option<i64>, posted: Posted) -> Result<HttpResponse, AppError> {
    let refused = |errors: FieldErrors, posted: Posted| Extra {
        posted: Some(posted),
        errors,
        schedule_at: None,
    };
    let draft = match posted.draft() {
        Ok(d) => d,
        Err(errors) => {
            let extra = refused(errors, posted);
            return render(&ctx, &m, id, StatusCode::UNPROCESSABLE_ENTITY, extra).await;
        }
    };
    let (org_id, user_id) = (m.org.id, m.user.id);
    let saved = ctx
        .state
        .db
        .run(move |c| match id {
            None => broadcasts::create(c, org_id, &draft, Some(user_id), db::now()),
            Some(id) => broadcasts::update(c, org_id, id, &draft, db::now()).map(|()| id),
        })
        .await;
    match saved {
        Ok(id) => {
            tracing::info!(org = %m.org.slug, broadcast = id, "broadcast saved");
            session::flash(
                &ctx.session,
                Flash::success(ctx.tr_member(&m).t("flash-broadcast-saved")),
            );
            Ok(crate::web::see_other(&format!(
                "/dashboard/{}/broadcasts/{id}",
                m.org.slug
            )))
        }
        Err(AppError::Validation(errors)) => {
            render(
                &ctx,
                &m,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                refused(errors, posted),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// `GET /dashboard/{org}/broadcasts/reach?tag=&category=&channel=`: the audience's size now.
pub async fn reach(ctx: Ctx, m: M, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
    let posted = Posted::of(pairs);
    let mut tags = Vec::new();
    for t in &posted.tags {
        tags.push(t.parse::<i64>().map_err(|_| {
            AppError::BadRequest(Msg::new("error-broadcast-tag-unknown").arg("value", t.as_str()))
        })?);
    }
    let categories = posted
        .categories
        .iter()
        .filter_map(|c| c.parse::<Category>().ok())
        .fold(0, |bits, c| bits | Categories::bit(c));
    let channels = Channels::parse(&posted.channels).unwrap_or(Channels::BOTH);
    let org_id = m.org.id;
    let counts = ctx
        .state
        .db
        .run(move |c| {
            // Only the organization's own tags count (another's id matches nobody).
            let tags = db::subscriber_tags::ids_of_org(c, org_id, &tags)?;
            let audience = Audience {
                tags: (!posted.tags.is_empty()).then_some(tags),
                categories,
            };
            db::deliveries::audience_count(c, org_id, &audience, db::now())
        })
        .await?;
    let tr = ctx.tr_member(&m);
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(serde_json::json!({
            "email": if channels.has(Channel::Email) { counts.0 } else { 0 },
            "push": if channels.has(Channel::Push) { counts.1 } else { 0 },
            "text": reach_text(&tr, counts, channels),
        })))
}

/// `GET /dashboard/{org}/broadcasts/{id}/preview`: the email as a subscriber in the
/// organization's language gets it, for the page's frames (its links lead to the profile).
pub async fn preview(
    ctx: Ctx,
    m: M,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let (org, id, public_url) = (m.org.clone(), path.1, ctx.state.public_url.clone());
    let html = ctx
        .state
        .db
        .run(move |c| {
            let b = broadcasts::get(c, org.id, id)?.ok_or(AppError::NotFound)?;
            let ids = broadcasts::article_ids(c, b.id)?;
            let mut cards = db::public::cards_by_ids(c, org.id, &ids)?;
            cards.sort_by_key(|x| ids.iter().position(|i| *i == x.id));
            let locale = Locale::for_content(&org.language);
            let from = edition::Source {
                org: &org,
                public_url: &public_url,
                avatar: "",
            };
            let mail = edition::broadcast_mail(&from, &b.title, &cards, locale, None)
                .map_err(|e| AppError::Unexpected(anyhow::anyhow!("preview: {e}")))?;
            let profile = crate::domain::paths::absolute(
                &public_url,
                &crate::domain::paths::profile(&org.slug),
            );
            let (html, _) = mail.fill(&crate::auth::links::SubscriberLinks {
                preferences: profile.clone(),
                unsubscribe: profile,
                mailto: String::new(),
            });
            Ok::<_, AppError>(html)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        // Mail is styled inline and shown in this site's own frame; nothing in it runs.
        .insert_header((
            "Content-Security-Policy",
            "default-src 'none'; img-src 'self' data: https: http:; style-src 'unsafe-inline'; \
             frame-ancestors 'self'; base-uri 'none'; form-action 'none'",
        ))
        .insert_header(("X-Frame-Options", "SAMEORIGIN"))
        .body(html))
}

/// `GET /dashboard/{org}/broadcasts/{id}/progress`: the figures the page updates in place.
pub async fn progress(
    ctx: Ctx,
    m: M,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let (org_id, id) = (m.org.id, path.1);
    let (b, counts) = ctx
        .state
        .db
        .run(move |c| {
            let b = broadcasts::get(c, org_id, id)?.ok_or(AppError::NotFound)?;
            Ok::<_, AppError>((b.clone(), broadcasts::counts(c, b.id)?))
        })
        .await?;
    let tr = ctx.tr_member(&m);
    let rows: serde_json::Map<String, serde_json::Value> = progress_rows(&tr, &counts)
        .into_iter()
        .map(|r| {
            (
                r.key.to_owned(),
                serde_json::json!({
                    "recipients": r.recipients, "sent": r.sent, "pending": r.pending,
                    "failed": r.failed, "skipped": r.skipped, "cancelled": r.cancelled,
                }),
            )
        })
        .collect();
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(serde_json::json!({
            "status": b.status,
            "status_label": status_label(&tr, b.status()),
            "finished": b.status().finished(),
            "rows": rows,
        })))
}

/// The schedule form.
#[derive(Debug, Deserialize)]
pub struct ScheduleForm {
    #[serde(default)]
    at: String,
}

/// A form with nothing but the CSRF token.
#[derive(Debug, Deserialize)]
pub struct EmptyForm {}

/// What a button does.
#[derive(Clone, Copy, Debug)]
enum Step {
    Send,
    Unschedule,
    Cancel,
    Pause,
    Resume,
    Delete,
}

async fn step(ctx: Ctx, m: M, id: i64, step: Step) -> Result<HttpResponse, AppError> {
    let org_id = m.org.id;
    let now = db::now();
    let done = ctx
        .state
        .db
        .run(move |c| match step {
            Step::Send => broadcasts::send_now(c, org_id, id, now).map(|_| ()),
            Step::Unschedule => broadcasts::unschedule(c, org_id, id, now).map(|_| ()),
            Step::Cancel => broadcasts::cancel(c, org_id, id, now).map(|_| ()),
            Step::Pause => broadcasts::pause(c, org_id, id, now).map(|_| ()),
            Step::Resume => broadcasts::resume(c, org_id, id, now).map(|_| ()),
            Step::Delete => broadcasts::delete(c, org_id, id),
        })
        .await;
    let tr = ctx.tr_member(&m);
    let list = format!("/dashboard/{}/broadcasts", m.org.slug);
    let here = format!("{list}/{id}");
    match done {
        Ok(()) => {
            tracing::info!(org = %m.org.slug, broadcast = id, step = ?step, "broadcast step");
            let key = match step {
                Step::Send => "flash-broadcast-sending",
                Step::Unschedule => "flash-broadcast-unscheduled",
                Step::Cancel => "flash-broadcast-cancelled",
                Step::Pause => "flash-broadcast-paused",
                Step::Resume => "flash-broadcast-resumed",
                Step::Delete => "flash-broadcast-deleted",
            };
            session::flash(&ctx.session, Flash::success(tr.t(key)));
            Ok(crate::web::see_other(if matches!(step, Step::Delete) {
                &list
            } else {
                &here
            }))
        }
        Err(AppError::Validation(errors)) => {
            render(
                &ctx,
                &m,
                Some(id),
                StatusCode::UNPROCESSABLE_ENTITY,
                Extra {
                    errors,
                    ..Extra::default()
                },
            )
            .await
        }
        Err(AppError::Conflict(msg)) => {
            session::flash(&ctx.session, Flash::error(tr.msg(&msg)));
            Ok(crate::web::see_other(&here))
        }
        Err(e) => Err(e),
    }
}

macro_rules! step_handler {
    ($($name:ident => $step:ident, $doc:literal;)*) => {$(
        #[doc = $doc]
        pub async fn $name(
            ctx: Ctx,
            m: M,
            path: web::Path<(String, i64)>,
            CsrfForm(_): CsrfForm<EmptyForm>,
        ) -> Result<HttpResponse, AppError> {
            step(ctx, m, path.1, Step::$step).await
        }
    )*};
}

step_handler! {
    send => Send, "`POST /dashboard/{org}/broadcasts/{id}/send`.";
    unschedule => Unschedule, "`POST /dashboard/{org}/broadcasts/{id}/unschedule`.";
    cancel => Cancel, "`POST /dashboard/{org}/broadcasts/{id}/cancel`.";
    pause => Pause, "`POST /dashboard/{org}/broadcasts/{id}/pause`.";
    resume => Resume, "`POST /dashboard/{org}/broadcasts/{id}/resume`.";
    delete => Delete, "`POST /dashboard/{org}/broadcasts/{id}/delete`.";
}

/// `POST /dashboard/{org}/broadcasts/{id}/schedule`: at a local time of the organization's.
pub async fn schedule(
    ctx: Ctx,
    m: M,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<ScheduleForm>,
) -> Result<HttpResponse, AppError> {
    let (org_id, id, now) = (m.org.id, path.1, db::now());
    let at = crate::domain::article_fields::parse_local_time(&form.at, m.org.timezone.0)
        .and_then(|t| crate::domain::broadcast::check_schedule(t, now));
    let at = match at {
        Ok(at) => at,
        Err(msg) => {
            let mut errors = FieldErrors::new();
            errors.add("at", msg);
            let extra = Extra {
                errors,
                schedule_at: Some(form.at.clone()),
                ..Extra::default()
            };
            return render(&ctx, &m, Some(id), StatusCode::UNPROCESSABLE_ENTITY, extra).await;
        }
    };
    let done = ctx
        .state
        .db
        .run(move |c| broadcasts::schedule(c, org_id, id, at, now))
        .await;
    let tr = ctx.tr_member(&m);
    let here = format!("/dashboard/{}/broadcasts/{id}", m.org.slug);
    match done {
        Ok(_) => {
            let when = local_datetime(at, m.org.timezone);
            session::flash(
                &ctx.session,
                Flash::success(tr.t1("flash-broadcast-scheduled", "time", when)),
            );
            Ok(crate::web::see_other(&here))
        }
        Err(AppError::Validation(errors)) => {
            render(
                &ctx,
                &m,
                Some(id),
                StatusCode::UNPROCESSABLE_ENTITY,
                Extra {
                    errors,
                    ..Extra::default()
                },
            )
            .await
        }
        Err(AppError::Conflict(msg)) => {
            session::flash(&ctx.session, Flash::error(tr.msg(&msg)));
            Ok(crate::web::see_other(&here))
        }
        Err(e) => Err(e),
    }
}

/// `POST /dashboard/{org}/broadcasts/{id}/test`: the email once to the member's own address.
pub async fn test(
    ctx: Ctx,
    m: M,
    path: web::Path<(String, i64)>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (org, id, to) = (m.org.clone(), path.1, m.user.email.clone());
    let locale = ctx.tr_member(&m).locale();
    let state = ctx.state.clone();
    let done = ctx
        .state
        .db
        .run(move |c| crate::web::api::broadcasts::queue_test(c, &state, &org, id, &to, locale))
        .await;
    let tr = ctx.tr_member(&m);
    let here = format!("/dashboard/{}/broadcasts/{id}", m.org.slug);
    match done {
        Ok(()) => {
            session::flash(
                &ctx.session,
                Flash::success(tr.t1("flash-broadcast-test", "email", &m.user.email)),
            );
            Ok(crate::web::see_other(&here))
        }
        Err(AppError::Conflict(msg) | AppError::TooManyRequests { message: msg, .. }) => {
            session::flash(&ctx.session, Flash::error(tr.msg(&msg)));
            Ok(crate::web::see_other(&here))
        }
        Err(e) => Err(e),
    }
}
