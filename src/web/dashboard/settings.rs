//! Organization settings (owners only).

use actix_web::HttpResponse;
use actix_web::http::StatusCode;

use crate::db;
use crate::db::orgs::{self, OrgSettings};
use crate::domain::{ChineseScript, Description, HantWords, LanguageTag, OrgName, TimeZone};
use crate::error::{AppError, FieldErrors};
use crate::render::Flash;
use crate::render::pages::{SendingValues, SettingsPage, SettingsValues, WelcomeValues};
use crate::web::context::Ctx;
use crate::web::csrf::CsrfForm;
use crate::web::member::{Can, Member, perm};
use crate::web::session;

async fn render(
    ctx: &Ctx,
    m: &Member,
    status: StatusCode,
    form: SettingsValues,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    render_with(ctx, m, status, form, None, errors).await
}

/// The saved digest time and quota, as the form shows them.
fn sending_of(m: &Member) -> SendingValues {
    SendingValues {
        digest_hour: m.org.digest_hour.to_string(),
        digest_weekday: m.org.digest_weekday.to_string(),
        quota_period: m.org.quota_period.clone(),
        broadcast_quota: m.org.broadcast_quota.to_string(),
    }
}

/// The page, with the welcome form's values when they were just submitted (else the saved
/// message).
async fn render_with(
    ctx: &Ctx,
    m: &Member,
    status: StatusCode,
    form: SettingsValues,
    welcome: Option<WelcomeValues>,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    render_all(ctx, m, status, form, welcome, None, errors).await
}

async fn render_all(
    ctx: &Ctx,
    m: &Member,
    status: StatusCode,
    form: SettingsValues,
    welcome: Option<WelcomeValues>,
    sending: Option<SendingValues>,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let org_id = m.org.id;
    let (images, saved) = ctx
        .state
        .db
        .run(move |c| {
            let images = crate::db::media::list(c, org_id, 1, 200)?.0;
            Ok::<_, AppError>((images, orgs::welcome(c, org_id)?))
        })
        .await?;
    let welcome = welcome.unwrap_or(WelcomeValues {
        welcome_subject: saved.subject,
        welcome_markdown: saved.markdown,
    });
    let mut layout = ctx.member_layout(m, "", "settings").await?;
    layout.title = layout.tr.t("dash-nav-settings");
    let (tr, form_timezone) = (layout.tr.clone(), form.timezone.clone());
    let page = SettingsPage {
        layout,
        slug: m.org.slug.clone(),
        form,
        errors,
        zone_groups: crate::render::choices::zone_groups(&tr, &form_timezone, crate::db::now()),
        languages: crate::render::choices::LANGUAGES,
        avatars: images
            .iter()
            .map(|i| (i.id.to_string(), i.label()))
            .collect(),
        welcome,
        sending: sending.unwrap_or_else(|| sending_of(m)),
        hours: (0..24)
            .map(|h| (h.to_string(), format!("{h:02}:00")))
            .collect(),
        weekdays: (1..=7)
            .map(|d| (d.to_string(), tr.t(&format!("dash-weekday-{d}"))))
            .collect(),
    };
    crate::web::html(status, &page)
}

/// `GET /dashboard/{org}/settings`.
pub async fn page(ctx: Ctx, m: Can<perm::ManageSettings>) -> Result<HttpResponse, AppError> {
    let form = current(&m);
    render(&ctx, &m, StatusCode::OK, form, FieldErrors::new()).await
}

/// The saved settings, as the form shows them.
fn current(m: &Member) -> SettingsValues {
    SettingsValues {
        name: m.org.name.clone(),
        description: m.org.description.clone(),
        language: crate::render::choices::language_choice(&m.org.language).0,
        language_other: crate::render::choices::language_choice(&m.org.language).1,
        timezone: m.org.timezone.name().to_owned(),
        avatar_media_id: m
            .org
            .avatar_media_id
            .map(|i| i.to_string())
            .unwrap_or_default(),
        reader_script: m.org.reader_script.clone(),
        hant_words: m.org.hant_words.clone(),
    }
}

fn parse(f: &SettingsValues) -> Result<OrgSettings, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = OrgName::parse(&f.name)
        .map_err(|e| errors.add("name", e))
        .ok();
    let description = Description::parse(&f.description)
        .map_err(|e| errors.add("description", e))
        .ok();
    let language = LanguageTag::parse(&crate::render::choices::submitted_language(
        &f.language,
        &f.language_other,
    ))
    .map_err(|e| errors.add("language", e))
    .ok();
    let timezone = TimeZone::parse(&f.timezone)
        .map_err(|e| errors.add("timezone", e))
        .ok();
    let avatar = match f.avatar_media_id.trim() {
        "" => Some(None),
        s => s.parse::<i64>().ok().map(Some).or_else(|| {
            errors.add(
                "avatar_media_id",
                crate::error::Msg::new("error-image-id").arg("value", s),
            );
            None
        }),
    };
    let default = match f.reader_script.trim() {
        "" => Some(None),
        s => ChineseScript::from_param(s).map(Some).or_else(|| {
            errors.add(
                "reader_script",
                crate::error::Msg::new("error-script-unknown").arg("value", s),
            );
            None
        }),
    };
    let hant_words = match f.hant_words.trim() {
        "" => Some(HantWords::AsWritten),
        s => HantWords::parse(s).or_else(|| {
            errors.add(
                "hant_words",
                crate::error::Msg::new("error-hant-words").arg("value", s),
            );
            None
        }),
    };
    match (
        name,
        description,
        language,
        timezone,
        avatar,
        default,
        hant_words,
    ) {
        (
            Some(name),
            Some(description),
            Some(language),
            Some(timezone),
            Some(avatar),
            Some(default),
            Some(hant_words),
        ) => Ok(OrgSettings {
            name,
            description,
            language,
            timezone,
            avatar_media_id: avatar,
            scripts: crate::domain::ScriptSettings {
                default,
                hant_words,
            },
        }),
        _ => Err(errors),
    }
}

/// `POST /dashboard/{org}/settings`.
pub async fn save(
    ctx: Ctx,
    m: Can<perm::ManageSettings>,
    CsrfForm(form): CsrfForm<SettingsValues>,
) -> Result<HttpResponse, AppError> {
    let settings = match parse(&form) {
        Ok(s) => s,
        Err(errors) => {
            return render(&ctx, &m, StatusCode::UNPROCESSABLE_ENTITY, form, errors).await;
        }
    };
    let (id, now) = (m.org.id, db::now());
    let saved = ctx
        .state
        .db
        .run(move |c| {
            if let Some(avatar) = settings.avatar_media_id {
                crate::db::media::get(c, id, avatar).map_err(|_| {
                    FieldErrors::single(
                        "avatar_media_id",
                        crate::error::Msg::new("error-image-not-in-library"),
                    )
                })?;
            }
            orgs::update_settings(c, id, &settings, now)
        })
        .await;
    if let Err(AppError::Validation(errors)) = saved {
        return render(&ctx, &m, StatusCode::UNPROCESSABLE_ENTITY, form, errors).await;
    }
    saved?;
    tracing::info!(org = %m.org.slug, "settings saved");
    session::flash(
        &ctx.session,
        Flash::success(ctx.tr_member(&m).t("flash-settings-saved")),
    );
    Ok(crate::web::see_other(&format!(
        "/dashboard/{}/settings",
        m.org.slug
    )))
}

/// The longest welcome subject, in characters.
const WELCOME_SUBJECT_MAX: usize = 200;
/// The longest welcome message, in characters.
const WELCOME_MAX: usize = 20_000;

/// `POST /dashboard/{org}/settings/welcome`: the message each new follower gets once, on
/// confirming. Rendered and sanitized here, on save, like an article.
pub async fn save_welcome(
    ctx: Ctx,
    m: Can<perm::ManageSettings>,
    CsrfForm(form): CsrfForm<WelcomeValues>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::new();
    let subject = crate::delivery::message::one_line(&form.welcome_subject);
    if subject.chars().count() > WELCOME_SUBJECT_MAX {
        errors.add(
            "welcome_subject",
            crate::error::Msg::new("error-welcome-subject-long").arg("max", WELCOME_SUBJECT_MAX),
        );
    }
    let markdown = form.welcome_markdown.replace("\r\n", "\n");
    if markdown.chars().count() > WELCOME_MAX {
        errors.add(
            "welcome_markdown",
            crate::error::Msg::new("error-welcome-long").arg("max", WELCOME_MAX),
        );
    }
    if markdown.contains('\0') || subject.contains('\0') {
        errors.add(
            "welcome_markdown",
            crate::error::Msg::new("error-field-nul"),
        );
    }
    if !errors.is_empty() {
        let settings = current(&m);
        return render_with(
            &ctx,
            &m,
            StatusCode::UNPROCESSABLE_ENTITY,
            settings,
            Some(form),
            errors,
        )
        .await;
    }
    let source = markdown.clone();
    let html = actix_web::web::block(move || crate::render::body::render(&source, "").html).await?;
    let welcome = orgs::Welcome {
        subject,
        markdown: if markdown.trim().is_empty() {
            String::new()
        } else {
            markdown
        },
        html,
    };
    let (id, now) = (m.org.id, db::now());
    ctx.state
        .db
        .run(move |c| orgs::set_welcome(c, id, &welcome, now))
        .await?;
    tracing::info!(org = %m.org.slug, "welcome message saved");
    session::flash(
        &ctx.session,
        Flash::success(ctx.tr_member(&m).t("flash-welcome-saved")),
    );
    Ok(crate::web::see_other(&format!(
        "/dashboard/{}/settings#welcome",
        m.org.slug
    )))
}

/// `POST /dashboard/{org}/settings/sending`: the digest hour and weekday, and the broadcast
/// quota.
pub async fn save_sending(
    ctx: Ctx,
    m: Can<perm::ManageSettings>,
    CsrfForm(form): CsrfForm<SendingValues>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::new();
    let number =
        |field: &str, value: &str, min: i32, max: i32, errors: &mut FieldErrors| match value
            .trim()
            .parse::<i32>(
        ) {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                errors.add(
                    field,
                    crate::error::Msg::new("error-number-range")
                        .arg("value", value)
                        .arg("min", min)
                        .arg("max", max),
                );
                None
            }
        };
    let hour = number("digest_hour", &form.digest_hour, 0, 23, &mut errors);
    let weekday = number("digest_weekday", &form.digest_weekday, 1, 7, &mut errors);
    let quota = number(
        "broadcast_quota",
        &form.broadcast_quota,
        1,
        1000,
        &mut errors,
    );
    let period = form
        .quota_period
        .parse::<crate::domain::QuotaPeriod>()
        .map_err(|e| errors.add("quota_period", e))
        .ok();
    let (Some(hour), Some(weekday), Some(quota), Some(period)) = (hour, weekday, quota, period)
    else {
        let settings = current(&m);
        return render_all(
            &ctx,
            &m,
            StatusCode::UNPROCESSABLE_ENTITY,
            settings,
            None,
            Some(form),
            errors,
        )
        .await;
    };
    let org_id = m.org.id;
    ctx.state
        .db
        .run(move |c| orgs::set_sending(c, org_id, hour, weekday, period, quota, db::now()))
        .await?;
    tracing::info!(org = %m.org.slug, hour, weekday, quota_period = period.as_str(), quota, "digest time and quota saved");
    session::flash(
        &ctx.session,
        Flash::success(ctx.tr_member(&m).t("flash-sending-saved")),
    );
    Ok(crate::web::see_other(&format!(
        "/dashboard/{}/settings#sending",
        m.org.slug
    )))
}
