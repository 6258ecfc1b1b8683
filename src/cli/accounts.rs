//! `org create`, `user create` and `token create`.

use std::io::{BufRead as _, IsTerminal as _};

use super::{Failure, app_error, open, usage};
use crate::auth::{accounts, password};
use crate::config::Settings;
use crate::db;
use crate::db::orgs::{self, NewOrganization};
use crate::domain::{
    Description, EmailAddress, LanguageTag, NewPassword, OrgName, OrgSlug, PersonName, Role,
    TimeZone, TokenName,
};
use crate::error::AppError;

pub(super) fn org_create(
    settings: &Settings,
    slug: &str,
    name: &str,
    tz: &str,
    lang: &str,
    description: &str,
) -> Result<(), Failure> {
    let new = NewOrganization {
        slug: OrgSlug::parse(slug).map_err(|m| usage("--slug", slug, m))?,
        name: OrgName::parse(name).map_err(|m| usage("--name", name, m))?,
        timezone: TimeZone::parse(tz).map_err(|m| usage("--timezone", tz, m))?,
        language: LanguageTag::parse(lang).map_err(|m| usage("--language", lang, m))?,
        description: Description::parse(description)
            .map_err(|m| usage("--description", description, m))?,
    };
    let db = open(settings)?;
    let mut conn = db.get().map_err(|e| app_error(e, |_| ""))?;
    let org = orgs::create(&mut conn, &new, db::now()).map_err(|e| app_error(e, |_| "--slug"))?;
    eprintln!("created organization {} ({})", org.slug, org.name);
    Ok(())
}

pub(super) fn read_password() -> Result<String, Failure> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ")
            .map_err(|e| Failure(format!("reading the password: {e}"), 1))?;
        let second = rpassword::prompt_password("Password again: ")
            .map_err(|e| Failure(format!("reading the password: {e}"), 1))?;
        NewPassword::parse(&first, &second).map_err(|m| Failure(format!("password: {m}"), 2))?;
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure(format!("reading the password from stdin: {e}"), 1))?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    NewPassword::parse(&password, &password)
        .map_err(|m| Failure(format!("password from stdin: {}", crate::error::en(&m)), 2))?;
    Ok(password)
}

pub(super) fn user_create(
    settings: &Settings,
    email: &str,
    org: &str,
    role: &str,
    name: Option<&str>,
) -> Result<(), Failure> {
    let email_addr = EmailAddress::parse(email).map_err(|m| usage("--email", email, m))?;
    let role: Role = role.parse().map_err(|m| usage("--role", role, m))?;
    let name_text = name.unwrap_or(email_addr.local_part()).to_owned();
    let name = PersonName::parse(&name_text).map_err(|m| usage("--name", &name_text, m))?;
    let db = open(settings)?;
    let mut conn = db.get().map_err(|e| app_error(e, |_| ""))?;
    let organization = orgs::by_slug(&mut conn, org)
        .map_err(|e| app_error(e, |_| ""))?
        .ok_or_else(|| usage("--org", org, "no organization has this slug"))?;
    let password = read_password()?;
    let hash = password::hash(&password)?;
    let user = accounts::create_member(
        &mut conn,
        &organization,
        &email_addr,
        &name,
        &hash,
        role,
        db::now(),
    )
    .map_err(|e| app_error(e, |f| if f == "email" { "--email" } else { "--name" }))?;
    eprintln!(
        "created user {} ({role} of {})",
        user.email, organization.slug
    );
    Ok(())
}

pub(super) fn token_create(settings: &Settings, org: &str, name: &str) -> Result<(), Failure> {
    let token_name = TokenName::parse(name).map_err(|m| usage("--name", name, m))?;
    let db = open(settings)?;
    let mut conn = db.get().map_err(|e| app_error(e, |_| ""))?;
    let organization = orgs::by_slug(&mut conn, org)
        .map_err(|e| app_error(e, |_| ""))?
        .ok_or_else(|| usage("--org", org, "no organization has this slug"))?;
    let (row, token) = db::tokens::create(&mut conn, organization.id, &token_name, None, db::now())
        .map_err(|e| match e {
            AppError::Validation(f) => match f.get("name") {
                Some(m) => usage("--name", name, m),
                None => usage("--name", name, "invalid"),
            },
            other => app_error(other, |_| ""),
        })?;
    // The token alone on stdout, so that `TOKEN=$(qiao token create …)` works.
    println!("{token}");
    eprintln!(
        "created API token {:?} (id {}) for {}; it is shown only this once",
        row.name, row.id, organization.slug
    );
    Ok(())
}
