//! First run: while no user exists, `qiao serve` prints a one-time link; opening it creates the
//! first organization and its owner.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use subtle::ConstantTimeEq as _;

use super::context::Ctx;
use super::csrf::CsrfForm;
use super::session;
use crate::auth::{accounts, password};
use crate::db::orgs::NewOrganization;
use crate::db::{self, users};
use crate::domain::{
    Description, EmailAddress, LanguageTag, NewPassword, OrgName, OrgSlug, PersonName, TimeZone,
};
use crate::error::{AppError, FieldErrors};
use crate::render::Flash;
use crate::render::pages::{SetupPage, SetupValues};

/// 404 unless the token is this instance's setup token and nobody has set up yet.
async fn check(ctx: &Ctx, token: &str) -> Result<(), AppError> {
    let valid = ctx
        .state
        .setup_token
        .as_deref()
        .is_some_and(|t| bool::from(t.as_bytes().ct_eq(token.as_bytes())));
    if !valid || ctx.state.db.run(users::count).await? > 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

fn render(
    ctx: &Ctx,
    status: StatusCode,
    token: String,
    form: SetupValues,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let mut layout = ctx.layout("")?;
    layout.title = layout.tr.t("dash-setup-title");
    let zone_groups =
        crate::render::choices::zone_groups(&layout.tr, &form.timezone, crate::db::now());
    let page = SetupPage {
        layout,
        token,
        form,
        errors,
        zone_groups,
        languages: crate::render::choices::LANGUAGES,
    };
    super::html(status, &page)
}

/// `GET /setup/{token}`.
pub async fn form(ctx: Ctx, token: web::Path<String>) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    check(&ctx, &token).await?;
    // The browser's own zone replaces UTC when the page's script can tell it (static/setup.js).
    let form = SetupValues {
        timezone: "UTC".to_owned(),
        language: "zh-Hans".to_owned(),
        ..SetupValues::default()
    };
    render(&ctx, StatusCode::OK, token, form, FieldErrors::new())
}

struct Parsed {
    org: NewOrganization,
    email: EmailAddress,
    name: PersonName,
    password: NewPassword,
}

fn parse(f: &SetupValues) -> Result<Parsed, FieldErrors> {
    let mut errors = FieldErrors::new();
    let org_name = OrgName::parse(&f.org_name)
        .map_err(|e| errors.add("org_name", e))
        .ok();
    let slug = OrgSlug::parse(&f.org_slug)
        .map_err(|e| errors.add("slug", e))
        .ok();
    let tz = TimeZone::parse(&f.timezone)
        .map_err(|e| errors.add("timezone", e))
        .ok();
    let lang = LanguageTag::parse(&crate::render::choices::submitted_language(
        &f.language,
        &f.language_other,
    ))
    .map_err(|e| errors.add("language", e))
    .ok();
    let name = PersonName::parse(&f.name)
        .map_err(|e| errors.add("name", e))
        .ok();
    let email = EmailAddress::parse(&f.email)
        .map_err(|e| errors.add("email", e))
        .ok();
    let pw = NewPassword::parse(&f.password, &f.password_confirm)
        .map_err(|e| errors.add("password", e))
        .ok();
    match (org_name, slug, tz, lang, name, email, pw) {
        (
            Some(org_name),
            Some(slug),
            Some(tz),
            Some(lang),
            Some(name),
            Some(email),
            Some(password),
        ) => Ok(Parsed {
            org: NewOrganization {
                slug,
                name: org_name,
                description: Description::default(),
                language: lang,
                timezone: tz,
            },
            email,
            name,
            password,
        }),
        _ => Err(errors),
    }
}

/// `POST /setup/{token}`.
pub async fn submit(
    ctx: Ctx,
    token: web::Path<String>,
    CsrfForm(form): CsrfForm<SetupValues>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    // One setup at a time on this instance; the transaction re-checks that no user exists.
    let _guard = ctx.state.setup_lock.lock().await;
    check(&ctx, &token).await?;
    let parsed = match parse(&form) {
        Ok(p) => p,
        Err(errors) => return render(&ctx, StatusCode::UNPROCESSABLE_ENTITY, token, form, errors),
    };
    let pw = parsed.password.clone();
    let hash = web::block(move || password::hash(pw.expose())).await??;
    let now = db::now();
    let result = ctx
        .state
        .db
        .run(move |c| {
            accounts::setup_first_account(c, &parsed.org, &parsed.email, &parsed.name, &hash, now)
        })
        .await;
    let (org, user) = match result {
        Ok(v) => v,
        Err(AppError::Validation(errors)) => {
            return render(&ctx, StatusCode::UNPROCESSABLE_ENTITY, token, form, errors);
        }
        Err(e) => return Err(e),
    };
    tracing::info!(org = %org.slug, user_id = user.id, "first organization and owner created");
    session::log_in(&ctx.state, &ctx.session, &user).await?;
    session::flash(
        &ctx.session,
        Flash::success(ctx.hints.tr(None, Some(&org.language)).t1(
            "flash-welcome-qiao",
            "name",
            &user.name,
        )),
    );
    Ok(super::see_other(&format!("/dashboard/{}", org.slug)))
}

/// The query of [`suggest_slug`].
#[derive(Debug, serde::Deserialize)]
pub struct SuggestQuery {
    #[serde(default)]
    name: String,
}

/// `GET /setup/suggest-slug?name=枫桥华人协会`: `{"slug": "feng-qiao-hua-ren-xie-hui"}` (empty
/// when nothing fits), for the setup form's script. It reads nothing and stores nothing.
pub async fn suggest_slug(query: web::Query<SuggestQuery>) -> HttpResponse {
    let name: String = query.name.chars().take(120).collect();
    let slug = OrgSlug::suggest(&name)
        .map(|s| s.as_str().to_owned())
        .unwrap_or_default();
    HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(serde_json::json!({ "slug": slug }))
}
