//! Organizations.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{memberships, organizations};
use crate::domain::{Description, LanguageTag, OrgName, OrgSlug, Role, TimeZone};
use crate::error::{AppError, FieldErrors};

/// An organization row.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = organizations)]
pub struct Organization {
    /// Primary key.
    pub id: i64,
    /// URL slug.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Profile description.
    pub description: String,
    /// Default language tag for articles.
    pub language: String,
    /// IANA time zone.
    pub timezone: crate::domain::TimeZone,
    /// Local hour (0–23) at which digests go out.
    pub digest_hour: i32,
    /// ISO weekday (1 = Monday) of the weekly digest.
    pub digest_weekday: i32,
    /// Broadcasts a subscriber receives at most per `quota_period`.
    pub broadcast_quota: i32,
    /// `off`, `day` or `month`: see [`crate::domain::QuotaPeriod`].
    pub quota_period: String,
    /// Creation time (UTC).
    pub created_at: NaiveDateTime,
    /// Last change (UTC).
    pub updated_at: NaiveDateTime,
    /// Avatar image from the media library.
    pub avatar_media_id: Option<i64>,
    /// The script of Chinese articles at their plain address (`""` as written).
    pub reader_script: String,
    /// The wording of Traditional pages (`hant`, `tw`, `hk`).
    pub hant_words: String,
}

impl Organization {
    /// How readers see Chinese articles at their plain address.
    pub fn scripts(&self) -> crate::domain::ScriptSettings {
        crate::domain::ScriptSettings::from_stored(&self.reader_script, &self.hant_words)
    }
}

/// Validated input for a new organization.
#[derive(Clone, Debug)]
pub struct NewOrganization {
    /// URL slug.
    pub slug: OrgSlug,
    /// Display name.
    pub name: OrgName,
    /// Profile description.
    pub description: Description,
    /// Default language.
    pub language: LanguageTag,
    /// Time zone.
    pub timezone: TimeZone,
}

/// Validated settings an owner may change.
#[derive(Clone, Debug)]
pub struct OrgSettings {
    /// Display name.
    pub name: OrgName,
    /// Profile description.
    pub description: Description,
    /// Default language.
    pub language: LanguageTag,
    /// Time zone.
    pub timezone: TimeZone,
    /// Avatar image (checked to be in the organization's library).
    pub avatar_media_id: Option<i64>,
    /// How readers see Chinese articles.
    pub scripts: crate::domain::ScriptSettings,
}

fn slug_taken(slug: &OrgSlug) -> AppError {
    FieldErrors::single(
        "slug",
        crate::error::Msg::new("error-org-slug-taken").arg("value", slug.as_str()),
    )
}

/// Inserts an organization; a taken slug is a validation error on `slug`.
pub fn create(
    conn: &mut DbConnection,
    new: &NewOrganization,
    now: NaiveDateTime,
) -> Result<Organization, AppError> {
    // The unique index is the check: no read-then-insert race.
    let id = diesel::insert_into(organizations::table)
        .values((
            organizations::slug.eq(new.slug.as_str()),
            organizations::name.eq(new.name.as_str()),
            organizations::description.eq(new.description.as_str()),
            organizations::language.eq(new.language.as_str()),
            organizations::timezone.eq(new.timezone.name()),
            organizations::created_at.eq(now),
            organizations::updated_at.eq(now),
        ))
        .returning(organizations::id)
        .get_result::<i64>(conn)
        .map_err(|e| {
            if super::is_unique_violation(&e) {
                slug_taken(&new.slug)
            } else {
                e.into()
            }
        })?;
    by_id(conn, id)
}

/// The organization with this id.
pub fn by_id(conn: &mut DbConnection, id: i64) -> Result<Organization, AppError> {
    Ok(super::LimitOne(
        organizations::table
            .find(id)
            .select(Organization::as_select()),
    )
    .get_result(conn)?)
}

/// The organization with this slug, if any.
pub fn by_slug(conn: &mut DbConnection, slug: &str) -> Result<Option<Organization>, AppError> {
    Ok(organizations::table
        .filter(organizations::slug.eq(slug))
        .select(Organization::as_select())
        .first(conn)
        .optional()?)
}

/// Saves new settings.
pub fn update_settings(
    conn: &mut DbConnection,
    id: i64,
    s: &OrgSettings,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(organizations::table.find(id))
        .set((
            organizations::name.eq(s.name.as_str()),
            organizations::description.eq(s.description.as_str()),
            organizations::language.eq(s.language.as_str()),
            organizations::timezone.eq(s.timezone.name()),
            organizations::avatar_media_id.eq(s.avatar_media_id),
            organizations::reader_script.eq(s.scripts.default.map_or("", |c| c.param())),
            organizations::hant_words.eq(s.scripts.hant_words.as_str()),
            organizations::updated_at.eq(now),
            organizations::content_version.eq(organizations::content_version + 1),
        ))
        .execute(conn)?;
    Ok(())
}

/// Sets when the organization's digests go out (local `hour`, ISO `weekday` for weekly ones)
/// and its broadcast quota.
pub fn set_sending(
    conn: &mut DbConnection,
    org_id: i64,
    hour: i32,
    weekday: i32,
    period: crate::domain::QuotaPeriod,
    quota: i32,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(organizations::table.find(org_id))
        .set((
            organizations::digest_hour.eq(hour),
            organizations::digest_weekday.eq(weekday),
            organizations::quota_period.eq(period.as_str()),
            organizations::broadcast_quota.eq(quota),
            organizations::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Marks the organization's public pages as changed (see `web::cache`).
pub fn bump_content(conn: &mut DbConnection, org_id: i64) -> Result<(), AppError> {
    diesel::update(organizations::table.find(org_id))
        .set(organizations::content_version.eq(organizations::content_version + 1))
        .execute(conn)?;
    Ok(())
}

/// The content version of every organization: (id, slug, version). Cheap: one row per
/// organization.
pub fn content_versions(conn: &mut DbConnection) -> Result<Vec<(i64, String, i64)>, AppError> {
    Ok(organizations::table
        .select((
            organizations::id,
            organizations::slug,
            organizations::content_version,
        ))
        .load(conn)?)
}

/// The organizations a user belongs to, by name, with the user's role in each.
pub fn for_user(
    conn: &mut DbConnection,
    user_id: i64,
) -> Result<Vec<(Organization, Role)>, AppError> {
    let rows: Vec<(Organization, String)> = organizations::table
        .inner_join(memberships::table)
        .filter(memberships::user_id.eq(user_id))
        .order(organizations::name.asc())
        .select((Organization::as_select(), memberships::role))
        .load(conn)?;
    rows.into_iter()
        .map(|(org, role)| Ok((org, super::members::role_from_db(&role)?)))
        .collect()
}

/// An organization's welcome message, sent once to each new follower; all empty when it has
/// none.
#[derive(Clone, Debug, Default, Queryable)]
pub struct Welcome {
    pub subject: String,
    pub markdown: String,
    /// Rendered and sanitized on save.
    pub html: String,
}

impl Welcome {
    /// Whether there is a message to send.
    pub fn is_set(&self) -> bool {
        !self.markdown.trim().is_empty()
    }
}

/// The welcome message of `org_id`.
pub fn welcome(conn: &mut DbConnection, org_id: i64) -> Result<Welcome, AppError> {
    Ok(organizations::table
        .find(org_id)
        .select((
            organizations::welcome_subject,
            organizations::welcome_markdown,
            organizations::welcome_html,
        ))
        .first(conn)?)
}

/// Saves the welcome message (an empty `markdown` turns it off).
pub fn set_welcome(
    conn: &mut DbConnection,
    org_id: i64,
    welcome: &Welcome,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(organizations::table.find(org_id))
        .set((
            organizations::welcome_subject.eq(&welcome.subject),
            organizations::welcome_markdown.eq(&welcome.markdown),
            organizations::welcome_html.eq(&welcome.html),
            organizations::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}
