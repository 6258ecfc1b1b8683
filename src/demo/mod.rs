//! `qiao demo`: a living first run. Creates a demo organization (a community association)
//! with a few published articles written for qiao, in Chinese and English, with generated
//! covers and shared tags, so that the first `qiao serve` shows a real site.
//!
//! Running it again adds nothing: the organization is reused when its slug exists, and each
//! article carries an import key (`demo-1` …) that is skipped when the organization already
//! has it. Pointed at an existing organization (`--org`), it adds the demo articles that
//! organization lacks and changes nothing else.

mod content;
mod cover;
mod motifs;
#[cfg(test)]
mod tests;

use chrono::NaiveDateTime;

use crate::db::articles::{self as db_articles, Created, Origin};
use crate::db::media::{self as media_db, NewMedia};
use crate::db::orgs::{self, NewOrganization, Organization};
use crate::db::{self, DbConnection};
use crate::domain::{Description, LanguageTag, OrgName, OrgSlug, Status, TimeZone};
use crate::error::AppError;
use crate::media::{self, MediaStore};

pub use content::{CoverStyle, DemoArticle, articles};
pub use cover::{HEIGHT as COVER_HEIGHT, WIDTH as COVER_WIDTH, jpeg as cover_jpeg};

/// The demo organization's slug unless `--org` names another.
pub const DEFAULT_SLUG: &str = "demo";
/// The demo organization's name.
pub const NAME: &str = "Maple Bridge Chinese Association 枫桥华人协会";
/// Its time zone.
pub const TIMEZONE: &str = "America/Toronto";
/// Its default language.
pub const LANGUAGE: &str = "zh";
/// Its profile description.
pub const DESCRIPTION: &str = "枫桥华人协会是一个由志愿者组成的社区团体：节庆活动、周末中文学校、\
读书会和冬衣募捐。The Maple Bridge Chinese Association is a volunteer-run community group: \
festivals, a weekend Chinese school, reading circles and a winter coat drive. \
(A demo organization created by `qiao demo`.)";

/// An article [`run`] created.
#[derive(Clone, Debug)]
pub struct CreatedArticle {
    /// Its import key.
    pub key: &'static str,
    /// Title.
    pub title: String,
    /// Language tag.
    pub language: String,
    /// Category.
    pub category: String,
    /// Tag names.
    pub tags: Vec<String>,
}

/// What [`run`] did.
#[derive(Clone, Debug)]
pub struct Report {
    /// The organization the articles are in.
    pub org: Organization,
    /// Whether this run created it (otherwise it was already there).
    pub org_created: bool,
    /// Articles this run created.
    pub created: Vec<CreatedArticle>,
    /// Demo articles the organization had already.
    pub present: usize,
}

impl Report {
    /// What happened and where to look, for a person: one line per article created, then
    /// the address of the organization's page on `site` (the public URL).
    pub fn describe(&self, site: &str) -> String {
        use std::fmt::Write as _;
        let org = &self.org;
        let mut out = if self.org_created {
            format!(
                "created organization {} ({}, {})\n",
                org.slug, org.name, org.timezone
            )
        } else {
            format!(
                "organization {} ({}) is already there; \
                 only the demo articles it lacked are added\n",
                org.slug, org.name
            )
        };
        for a in &self.created {
            let _ = writeln!(
                out,
                "  published {} “{}” ({}, {}; tags: {}; with a cover)",
                a.key,
                a.title,
                a.language,
                a.category,
                a.tags.join(", ")
            );
        }
        let _ = writeln!(
            out,
            "{} demo article(s) created, {} already there\n\n\
             To see them: run `qiao serve` and open {site}/@{slug}\n\
             To edit them in the dashboard: qiao user create --email you@example.org --org {slug} \
             --role owner",
            self.created.len(),
            self.present,
            slug = org.slug,
        );
        out
    }
}

/// Creates the organization `slug` unless it exists, then every demo article it lacks, each
/// with its cover stored in the media library under `store` (`max_bytes` is the upload limit
/// the covers are processed with).
pub fn run(
    db: &db::Db,
    store: &MediaStore,
    max_bytes: u64,
    slug: &OrgSlug,
    now: NaiveDateTime,
) -> Result<Report, AppError> {
    let all = articles().map_err(unexpected)?;
    let mut conn = db.get()?;
    let (org, org_created) = organization(&mut conn, slug, now)?;
    let zone = org.timezone.0;
    let keys: Vec<&str> = all.iter().map(|a| a.key).collect();
    let known = db_articles::imported_keys(&mut conn, org.id, &keys)?;
    let mut report = Report {
        org,
        org_created,
        created: Vec::new(),
        present: known.len(),
    };
    for article in all.iter().filter(|a| !known.iter().any(|k| k == a.key)) {
        let at = article.published_at(now, zone);
        match add(&mut conn, store, max_bytes, report.org.id, article, at, now)? {
            Some(created) => report.created.push(created),
            // Another run created it in the meantime.
            None => report.present += 1,
        }
    }
    Ok(report)
}

fn unexpected(message: impl std::fmt::Display) -> AppError {
    AppError::Unexpected(anyhow::anyhow!("{message}"))
}

/// The organization with this slug, created as the demo association when there is none.
fn organization(
    conn: &mut DbConnection,
    slug: &OrgSlug,
    now: NaiveDateTime,
) -> Result<(Organization, bool), AppError> {
    if let Some(org) = orgs::by_slug(conn, slug.as_str())? {
        return Ok((org, false));
    }
    let new = NewOrganization {
        slug: slug.clone(),
        name: OrgName::parse(NAME).map_err(unexpected)?,
        description: Description::parse(DESCRIPTION).map_err(unexpected)?,
        language: LanguageTag::parse(LANGUAGE).map_err(unexpected)?,
        timezone: TimeZone::parse(TIMEZONE).map_err(unexpected)?,
    };
    match orgs::create(conn, &new, now) {
        Ok(org) => Ok((org, true)),
        // Taken since the lookup (another `qiao demo` at the same moment): use that one.
        Err(AppError::Validation(errors)) => match orgs::by_slug(conn, slug.as_str())? {
            Some(org) => Ok((org, false)),
            None => Err(AppError::Validation(errors)),
        },
        Err(e) => Err(e),
    }
}

/// Generates and stores the article's cover, then creates it, published at `at`. `None` when
/// an article with its key appeared since the organization's keys were read.
fn add(
    conn: &mut DbConnection,
    store: &MediaStore,
    max_bytes: u64,
    org_id: i64,
    article: &DemoArticle,
    at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Option<CreatedArticle>, AppError> {
    let key = article.key;
    let mut input = article
        .input()
        .map_err(|e| unexpected(format!("demo article {key}: {e}")))?;
    let bytes =
        cover_jpeg(&article.cover, key).map_err(|e| unexpected(format!("cover of {key}: {e}")))?;
    let processed = media::process(&bytes, max_bytes)
        .map_err(|e| unexpected(format!("processing the cover of {key}: {e}")))?;
    store
        .store(&processed)
        .map_err(|e| unexpected(format!("storing the cover of {key}: {e}")))?;
    let new = NewMedia::of(&processed, article.cover.alt.clone());
    let (cover, _) = media_db::add(conn, org_id, &new, None, now)?;
    input.cover_media_id = Some(cover.id);
    let origin = Origin {
        author_id: None,
        status: Status::Published,
        published_at: Some(db::truncate(at)),
        import_key: Some(key.to_owned()),
    };
    let body = crate::render::body::render(&input.body_markdown, &input.summary);
    Ok(
        match db_articles::create(conn, org_id, &input, &body, &origin, now)? {
            Created::New(_) => Some(CreatedArticle {
                key,
                title: input.title.as_str().to_owned(),
                language: input.language.as_str().to_owned(),
                category: input.category.as_str().to_owned(),
                tags: input.tags.into_iter().map(|t| t.name).collect(),
            }),
            Created::Exists(_) => None,
        },
    )
}
