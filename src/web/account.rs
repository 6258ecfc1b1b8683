//! The signed-in user's own profile and password. Changing the address needs the current
//! password, and the new address only takes effect once it is confirmed.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::context::Ctx;
use super::csrf::CsrfForm;
use super::session::{self, CurrentUser};
use crate::auth::password;
use crate::db;
use crate::db::users::{self, User};
use crate::domain::{EmailAddress, NewPassword, PersonName};
use crate::error::{AppError, FieldErrors, Msg};
use crate::render::Flash;
use crate::render::pages::AccountPage;

async fn render(
    ctx: &Ctx,
    user: &User,
    status: StatusCode,
    values: (&str, &str),
    errors: FieldErrors,
    password_errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let mut layout = ctx.user_layout(user, "", "account").await?;
    layout.title = layout.tr.t("dash-account-title");
    let page = AccountPage {
        layout,
        locale: user.locale.clone().unwrap_or_default(),
        locales: crate::domain::Locale::ALL
            .iter()
            .map(|l| (l.tag(), l.native_name()))
            .collect(),
        name: values.0.to_owned(),
        email: values.1.to_owned(),
        current_email: user.email.clone(),
        pending_email: user.pending_email.clone(),
        errors,
        password_errors,
    };
    super::html(status, &page)
}

/// `GET /account`.
pub async fn page(ctx: Ctx, CurrentUser(user): CurrentUser) -> Result<HttpResponse, AppError> {
    let values = (user.name.as_str(), user.email.as_str());
    render(
        &ctx,
        &user,
        StatusCode::OK,
        values,
        FieldErrors::new(),
        FieldErrors::new(),
    )
    .await
}

/// The profile form.
#[derive(Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    /// Needed only when the address changes.
    #[serde(default)]
    current_password: String,
}

/// `POST /account`: the name changes at once; a new address needs the current password and
/// waits for confirmation, the old one staying in force.
pub async fn update_profile(
    ctx: Ctx,
    CurrentUser(user): CurrentUser,
    CsrfForm(form): CsrfForm<ProfileForm>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::new();
    let name = PersonName::parse(&form.name)
        .map_err(|e| errors.add("name", e))
        .ok();
    let email = EmailAddress::parse(&form.email)
        .map_err(|e| errors.add("email", e))
        .ok();
    let new_email = email.filter(|e| e.as_str() != user.email);
    if new_email.is_some() {
        let stored = user.password_hash.clone();
        let given = form.current_password.clone();
        if !web::block(move || password::verify(&given, stored.as_deref())).await? {
            errors.add(
                "current_password",
                Msg::new("error-password-needed-for-email"),
            );
        }
    }
    let Some(name) = name.filter(|_| errors.is_empty()) else {
        let values = (form.name.as_str(), form.email.as_str());
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return render(&ctx, &user, status, values, errors, FieldErrors::new()).await;
    };
    let (id, now) = (user.id, db::now());
    let pending = new_email.clone();
    let messages = match &new_email {
        Some(email) => Some(super::email_change::compose(
            &ctx,
            &ctx.tr_user(&user),
            &user,
            email.as_str(),
            now,
        )?),
        None => None,
    };
    ctx.state
        .db
        .run(move |c| {
            db::write_tx(c, |c| {
                users::set_name(c, id, &name, now)?;
                if let (Some(email), Some(messages)) = (&pending, &messages) {
                    users::set_pending_email(c, id, Some(email), now)?;
                    super::email_change::queue(c, messages, now)?;
                }
                Ok(())
            })
        })
        .await?;
    let message = match new_email {
        Some(email) => {
            tracing::info!(user_id = id, "address change asked for");
            Msg::new("flash-profile-saved-pending")
                .arg("new", email.as_str())
                .arg("current", user.email.as_str())
        }
        None => Msg::new("flash-profile-saved"),
    };
    let message = ctx.tr_user(&user).msg(&message);
    session::flash(&ctx.session, Flash::success(message));
    Ok(super::see_other("/account"))
}

/// `POST /account/email/cancel`: drops a pending change of address.
pub async fn cancel_email_change(
    ctx: Ctx,
    CurrentUser(user): CurrentUser,
    _f: CsrfForm<std::collections::HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (user.id, db::now());
    ctx.state
        .db
        .run(move |c| users::set_pending_email(c, id, None, now))
        .await?;
    session::flash(
        &ctx.session,
        Flash::success(ctx.tr_user(&user).t1(
            "flash-email-change-cancelled",
            "current",
            &user.email,
        )),
    );
    Ok(super::see_other("/account"))
}

/// The password form.
#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

/// `POST /account/password`: other sessions of the user end; this one continues.
pub async fn change_password(
    req: actix_web::HttpRequest,
    ctx: Ctx,
    CurrentUser(user): CurrentUser,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::new();
    let stored = user.password_hash.clone();
    let current = form.current_password.clone();
    if !web::block(move || password::verify(&current, stored.as_deref())).await? {
        errors.add("current_password", Msg::new("error-password-wrong"));
    }
    let new = NewPassword::parse(&form.password, &form.password_confirm)
        .map_err(|e| errors.add("password", e))
        .ok();
    let Some(new) = new.filter(|_| errors.is_empty()) else {
        let values = (user.name.as_str(), user.email.as_str());
        return render(
            &ctx,
            &user,
            StatusCode::UNPROCESSABLE_ENTITY,
            values,
            FieldErrors::new(),
            errors,
        )
        .await;
    };
    let hash = web::block(move || password::hash(new.expose())).await??;
    let (id, now) = (user.id, db::now());
    let keep = session::current_session_id(&req);
    ctx.state
        .db
        .run(move |c| users::set_password(c, id, &hash, keep, now))
        .await?;
    session::flash(
        &ctx.session,
        Flash::success(ctx.tr_user(&user).t("flash-password-changed")),
    );
    Ok(super::see_other("/account"))
}

/// The language form: the header's switch and the account page's choice.
#[derive(Deserialize)]
pub struct LanguageForm {
    /// A locale's tag; empty to follow the browser again.
    #[serde(default)]
    locale: String,
    /// Where to go back to.
    #[serde(default)]
    next: String,
}

/// `POST /account/language`: saves the dashboard language on the account (so it follows the
/// user to every browser), or with an empty choice forgets it, and returns to the page.
pub async fn set_language(
    ctx: Ctx,
    CurrentUser(user): CurrentUser,
    CsrfForm(form): CsrfForm<LanguageForm>,
) -> Result<HttpResponse, AppError> {
    let choice = form.locale.trim();
    let locale = if choice.is_empty() {
        None
    } else {
        match crate::domain::Locale::exact(choice) {
            Some(l) => Some(l),
            None => {
                return Err(FieldErrors::single(
                    "locale",
                    Msg::new("error-locale-unknown").arg("value", choice),
                ));
            }
        }
    };
    let id = user.id;
    ctx.state
        .db
        .run(move |c| users::set_locale(c, id, locale))
        .await?;
    let tr = ctx.hints.tr(locale.map(|l| l.tag()), None);
    session::flash(&ctx.session, Flash::success(tr.t("flash-language-saved")));
    Ok(super::see_other(&super::auth::safe_next(
        if form.next.is_empty() {
            "/account"
        } else {
            &form.next
        },
    )))
}
