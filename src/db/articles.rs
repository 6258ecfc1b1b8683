//! Articles: saving (render, tags, slug, revision and search outbox in one transaction),
//! listing, the workflow, revisions and the scheduler's publishing.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{
    article_revisions, article_slug_redirects, article_tags, articles, media, search_outbox, tags,
    users,
};
use super::{DbConnection, write_tx};
use crate::domain::article_fields::AUTO_SUMMARY_CHARS;
use crate::domain::{Action, ArticleInput, ArticleSlug, Category, Status, TagName};
use crate::error::{AppError, FieldErrors};
use crate::render::{markdown, text};

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// An article row.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = articles)]
pub struct Article {
    /// Primary key.
    pub id: i64,
    /// Organization.
    pub org_id: i64,
    /// URL slug, unique in the organization.
    pub slug: String,
    /// Title.
    pub title: String,
    /// The editor's summary (empty: automatic).
    pub summary: String,
    /// Markdown source.
    pub body_markdown: String,
    /// Sanitized HTML rendered from the source.
    pub body_html: String,
    /// Plain text rendered from the source.
    pub body_text: String,
    /// Words (Chinese characters count one each).
    pub word_count: i32,
    /// Estimated reading time.
    pub reading_minutes: i32,
    /// Cover image.
    pub cover_media_id: Option<i64>,
    /// `culture`, `news` or `promotion`.
    pub category: String,
    /// BCP 47 language tag.
    pub language: String,
    /// The member who wrote it.
    pub author_id: Option<i64>,
    /// Byline shown instead of the author's name.
    pub byline: String,
    /// "Read the original" link.
    pub source_url: Option<String>,
    /// Workflow status.
    pub status: String,
    /// When a scheduled article goes out (UTC).
    pub publish_at: Option<NaiveDateTime>,
    /// First publication (UTC).
    pub published_at: Option<NaiveDateTime>,
    /// The import line's id, for idempotent imports.
    pub import_key: Option<String>,
    /// Creation (UTC).
    pub created_at: NaiveDateTime,
    /// Last change (UTC); also the optimistic-concurrency version.
    pub updated_at: NaiveDateTime,
    /// The summary shown in lists and feeds.
    pub excerpt: String,
}

impl Article {
    /// The workflow status.
    pub fn status(&self) -> Status {
        self.status.parse().unwrap_or(Status::Draft)
    }

    /// The category.
    pub fn category(&self) -> Category {
        self.category.parse().unwrap_or(Category::News)
    }

    /// Whether `user_id` wrote it.
    pub fn is_by(&self, user_id: i64) -> bool {
        self.author_id == Some(user_id)
    }

    /// The version token an editor sends back with a change (see [`update`]).
    pub fn version(&self) -> String {
        version_of(self.updated_at)
    }
}

/// The version token of a row last changed at `updated_at`.
pub fn version_of(updated_at: NaiveDateTime) -> String {
    updated_at.and_utc().timestamp_micros().to_string()
}

/// How an article comes into existence.
#[derive(Clone, Debug)]
pub struct Origin {
    /// Author (None for imports without one).
    pub author_id: Option<i64>,
    /// Starting status: `Draft`, or `Published` for imports.
    pub status: Status,
    /// Publication time for an article created published.
    pub published_at: Option<NaiveDateTime>,
    /// Import line id; an article with the same key is left alone.
    pub import_key: Option<String>,
}

/// What `create` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Created {
    /// A new article with this id.
    New(i64),
    /// An article with the same import key already exists.
    Exists(i64),
}

/// The stored result of a save, for the editor to carry on.
#[derive(Clone, Debug)]
pub struct Saved {
    /// Article id.
    pub id: i64,
    /// The slug it ended up with.
    pub slug: String,
    /// The new version token.
    pub version: String,
    /// Whether this save stored (or refreshed) a revision.
    pub revision: bool,
}

/// Who is saving and how.
#[derive(Clone, Copy, Debug)]
pub struct SaveBy {
    /// The member saving (None: an API token created on the command line, which acts for no
    /// member).
    pub user_id: Option<i64>,
    /// An autosave refreshes the newest autosave revision by the same member instead of adding
    /// one, so typing does not bury the history.
    pub autosave: bool,
}

/// An article body rendered from its Markdown: what is stored next to the source.
#[derive(Clone, Debug)]
pub struct RenderedBody {
    html: String,
    text: String,
    excerpt: String,
    words: i32,
    minutes: i32,
}

/// Renders the body and summary of an article (CPU only; no database).
pub fn render_body(input: &ArticleInput) -> RenderedBody {
    let r = markdown::render(&input.body_markdown);
    let excerpt = if input.summary.is_empty() {
        text::excerpt(&r.text, AUTO_SUMMARY_CHARS)
    } else {
        input.summary.clone()
    };
    RenderedBody {
        words: i32::try_from(text::word_count(&r.text)).unwrap_or(i32::MAX),
        minutes: i32::try_from(text::reading_minutes(&r.text)).unwrap_or(i32::MAX),
        html: r.html,
        text: r.text,
        excerpt,
    }
}

/// Creates an article. Rendering happens before the transaction so the write lock is held
/// only for the inserts.
pub fn create(
    conn: &mut DbConnection,
    org_id: i64,
    input: &ArticleInput,
    origin: &Origin,
    now: NaiveDateTime,
) -> Result<Created, AppError> {
    let body = render_body(input);
    create_rendered(conn, org_id, input, &body, origin, now)
}

/// Creates an article whose body was rendered already (the importer renders on several
/// threads and writes on one).
pub fn create_rendered(
    conn: &mut DbConnection,
    org_id: i64,
    input: &ArticleInput,
    body: &RenderedBody,
    origin: &Origin,
    now: NaiveDateTime,
) -> Result<Created, AppError> {
    write_tx(conn, |conn| {
        insert_rendered(conn, org_id, input, body, origin, now)
    })
}

/// The inserts of [`create_rendered`], inside the caller's transaction (the importer writes a
/// batch per transaction, one savepoint per article).
pub fn insert_rendered(
    conn: &mut DbConnection,
    org_id: i64,
    input: &ArticleInput,
    body: &RenderedBody,
    origin: &Origin,
    now: NaiveDateTime,
) -> Result<Created, AppError> {
    {
        if let Some(key) = &origin.import_key {
            let existing: Option<i64> = articles::table
                .filter(articles::org_id.eq(org_id))
                .filter(articles::import_key.eq(key))
                .select(articles::id)
                .first(conn)
                .optional()?;
            if let Some(id) = existing {
                return Ok(Created::Exists(id));
            }
        }
        check_cover(conn, org_id, input.cover_media_id)?;
        let slug = choose_slug(conn, org_id, None, input.slug.as_ref(), &input.title)?;
        let id = diesel::insert_into(articles::table)
            .values((
                articles::org_id.eq(org_id),
                articles::slug.eq(&slug),
                articles::title.eq(input.title.as_str()),
                articles::summary.eq(&input.summary),
                articles::excerpt.eq(&body.excerpt),
                articles::body_markdown.eq(&input.body_markdown),
                articles::body_html.eq(&body.html),
                articles::body_text.eq(&body.text),
                articles::word_count.eq(body.words),
                articles::reading_minutes.eq(body.minutes),
                articles::cover_media_id.eq(input.cover_media_id),
                articles::category.eq(input.category.as_str()),
                articles::language.eq(input.language.as_str()),
                articles::author_id.eq(origin.author_id),
                articles::byline.eq(&input.byline),
                articles::source_url.eq(&input.source_url),
                articles::status.eq(origin.status.as_str()),
                articles::published_at.eq(origin.published_at),
                articles::import_key.eq(&origin.import_key),
                articles::created_at.eq(now),
                articles::updated_at.eq(now),
            ))
            .returning(articles::id)
            .get_result::<i64>(conn)?;
        set_tags(conn, org_id, id, &input.tags)?;
        insert_revision(conn, id, input, origin.author_id, false, now)?;
        if origin.status == Status::Published {
            enqueue_search(conn, id, "upsert", now)?;
        }
        Ok(Created::New(id))
    }
}

/// Saves an editor's changes. `expected_version` (from [`Article::version`]) guards against
/// overwriting someone else's save made since the editor loaded the article.
pub fn update(
    conn: &mut DbConnection,
    article_id: i64,
    input: &ArticleInput,
    expected_version: Option<&str>,
    by: SaveBy,
    now: NaiveDateTime,
) -> Result<Saved, AppError> {
    let body = render_body(input);
    write_tx(conn, |conn| {
        let current = by_id(conn, article_id)?;
        if let Some(v) = expected_version
            && v != current.version()
        {
            return Err(AppError::Conflict(
                "Someone saved this article after you opened it. Copy your text, reload the \
                 page to see their version, and apply your changes again."
                    .to_owned(),
            ));
        }
        check_cover(conn, current.org_id, input.cover_media_id)?;
        let slug = match &input.slug {
            Some(s) => choose_slug(
                conn,
                current.org_id,
                Some(article_id),
                Some(s),
                &input.title,
            )?,
            // An empty slug follows the title until the article is first published; after
            // that its address stays put.
            None if current.published_at.is_none() => {
                choose_slug(conn, current.org_id, Some(article_id), None, &input.title)?
            }
            None => current.slug.clone(),
        };
        if slug != current.slug {
            diesel::delete(
                article_slug_redirects::table
                    .filter(article_slug_redirects::org_id.eq(current.org_id))
                    .filter(article_slug_redirects::old_slug.eq_any([&current.slug, &slug])),
            )
            .execute(conn)?;
            diesel::insert_into(article_slug_redirects::table)
                .values((
                    article_slug_redirects::org_id.eq(current.org_id),
                    article_slug_redirects::old_slug.eq(&current.slug),
                    article_slug_redirects::article_id.eq(article_id),
                    article_slug_redirects::created_at.eq(now),
                ))
                .execute(conn)?;
        }
        let content_changed = current.title != input.title.as_str()
            || current.summary != input.summary
            || current.body_markdown != input.body_markdown;
        let updated_at = if now > current.updated_at {
            now
        } else {
            // Two saves within the same microsecond must still change the version.
            current.updated_at + chrono::Duration::microseconds(1)
        };
        diesel::update(articles::table.find(article_id))
            .set((
                articles::slug.eq(&slug),
                articles::title.eq(input.title.as_str()),
                articles::summary.eq(&input.summary),
                articles::excerpt.eq(&body.excerpt),
                articles::body_markdown.eq(&input.body_markdown),
                articles::body_html.eq(&body.html),
                articles::body_text.eq(&body.text),
                articles::word_count.eq(body.words),
                articles::reading_minutes.eq(body.minutes),
                articles::cover_media_id.eq(input.cover_media_id),
                articles::category.eq(input.category.as_str()),
                articles::language.eq(input.language.as_str()),
                articles::byline.eq(&input.byline),
                articles::source_url.eq(&input.source_url),
                articles::updated_at.eq(updated_at),
            ))
            .execute(conn)?;
        set_tags(conn, current.org_id, article_id, &input.tags)?;
        if content_changed {
            insert_revision(conn, article_id, input, by.user_id, by.autosave, updated_at)?;
        }
        if current.status() == Status::Published {
            enqueue_search(conn, article_id, "upsert", now)?;
        }
        Ok(Saved {
            id: article_id,
            slug,
            version: version_of(updated_at),
            revision: content_changed,
        })
    })
}

fn check_cover(conn: &mut DbConnection, org_id: i64, cover: Option<i64>) -> Result<(), AppError> {
    let Some(id) = cover else { return Ok(()) };
    let found: Option<i64> = media::table
        .filter(media::id.eq(id))
        .filter(media::org_id.eq(org_id))
        .select(media::id)
        .first(conn)
        .optional()?;
    match found {
        Some(_) => Ok(()),
        None => Err(FieldErrors::single(
            "cover_media_id",
            "That image is not in this organization's media library.",
        )),
    }
}

/// The id and title of the article that has `slug` in the organization.
fn slug_owner(
    conn: &mut DbConnection,
    org_id: i64,
    slug: &str,
) -> Result<Option<(i64, String)>, AppError> {
    Ok(articles::table
        .filter(articles::org_id.eq(org_id))
        .filter(articles::slug.eq(slug))
        .select((articles::id, articles::title))
        .first(conn)
        .optional()?)
}

fn choose_slug(
    conn: &mut DbConnection,
    org_id: i64,
    article_id: Option<i64>,
    requested: Option<&ArticleSlug>,
    title: &crate::domain::Title,
) -> Result<String, AppError> {
    if let Some(slug) = requested {
        return match slug_owner(conn, org_id, slug.as_str())? {
            Some((id, other)) if Some(id) != article_id => Err(FieldErrors::single(
                "slug",
                format!("“{slug}” is already the address of “{other}”; choose another."),
            )),
            _ => Ok(slug.as_str().to_owned()),
        };
    }
    let base = ArticleSlug::derive(title.as_str());
    for n in 1..10_000 {
        let candidate = if n == 1 {
            base.clone()
        } else {
            base.with_suffix(n)
        };
        match slug_owner(conn, org_id, candidate.as_str())? {
            Some((id, _)) if Some(id) != article_id => continue,
            _ => return Ok(candidate.as_str().to_owned()),
        }
    }
    Err(FieldErrors::single(
        "slug",
        "Too many articles share this title; enter a slug.",
    ))
}

fn set_tags(
    conn: &mut DbConnection,
    org_id: i64,
    article_id: i64,
    wanted: &[TagName],
) -> Result<(), AppError> {
    diesel::delete(article_tags::table.filter(article_tags::article_id.eq(article_id)))
        .execute(conn)?;
    if wanted.is_empty() {
        return Ok(());
    }
    let slugs: Vec<&str> = wanted.iter().map(|t| t.slug.as_str()).collect();
    let mut existing: Vec<(i64, String)> = tags::table
        .filter(tags::org_id.eq(org_id))
        .filter(tags::slug.eq_any(&slugs))
        .select((tags::id, tags::slug))
        .load(conn)?;
    if existing.len() < wanted.len() {
        // New tags: serialize creators so the unique index never aborts the transaction.
        super::lock_org(conn, org_id)?;
        for tag in wanted {
            if existing.iter().any(|(_, s)| *s == tag.slug) {
                continue;
            }
            let found: Option<i64> = tags::table
                .filter(tags::org_id.eq(org_id))
                .filter(tags::slug.eq(&tag.slug))
                .select(tags::id)
                .first(conn)
                .optional()?;
            let id = match found {
                Some(id) => id,
                None => diesel::insert_into(tags::table)
                    .values((
                        tags::org_id.eq(org_id),
                        tags::slug.eq(&tag.slug),
                        tags::name.eq(&tag.name),
                    ))
                    .returning(tags::id)
                    .get_result::<i64>(conn)?,
            };
            existing.push((id, tag.slug.clone()));
        }
    }
    for (tag_id, _) in existing {
        diesel::insert_into(article_tags::table)
            .values((
                article_tags::article_id.eq(article_id),
                article_tags::tag_id.eq(tag_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn insert_revision(
    conn: &mut DbConnection,
    article_id: i64,
    input: &ArticleInput,
    author_id: Option<i64>,
    autosave: bool,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    if autosave {
        // Refresh the newest revision when it is an autosave by the same member from the last
        // ten minutes.
        let latest: Option<(i64, bool, Option<i64>, NaiveDateTime)> = article_revisions::table
            .filter(article_revisions::article_id.eq(article_id))
            .order(article_revisions::id.desc())
            .select((
                article_revisions::id,
                article_revisions::autosave,
                article_revisions::author_id,
                article_revisions::created_at,
            ))
            .first(conn)
            .optional()?;
        if let Some((id, true, author, at)) = latest
            && author == author_id
            && now - at < chrono::Duration::minutes(10)
        {
            diesel::update(article_revisions::table.find(id))
                .set((
                    article_revisions::title.eq(input.title.as_str()),
                    article_revisions::summary.eq(&input.summary),
                    article_revisions::body_markdown.eq(&input.body_markdown),
                ))
                .execute(conn)?;
            return Ok(());
        }
    }
    diesel::insert_into(article_revisions::table)
        .values((
            article_revisions::article_id.eq(article_id),
            article_revisions::title.eq(input.title.as_str()),
            article_revisions::summary.eq(&input.summary),
            article_revisions::body_markdown.eq(&input.body_markdown),
            article_revisions::author_id.eq(author_id),
            article_revisions::autosave.eq(autosave),
            article_revisions::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

fn enqueue_search(
    conn: &mut DbConnection,
    article_id: i64,
    op: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::insert_into(search_outbox::table)
        .values((
            search_outbox::article_id.eq(article_id),
            search_outbox::op.eq(op),
            search_outbox::next_attempt_at.eq(now),
            search_outbox::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Which of these import keys the organization already has.
pub fn imported_keys(
    conn: &mut DbConnection,
    org_id: i64,
    keys: &[&str],
) -> Result<Vec<String>, AppError> {
    let found: Vec<Option<String>> = articles::table
        .filter(articles::org_id.eq(org_id))
        .filter(articles::import_key.eq_any(keys))
        .select(articles::import_key)
        .load(conn)?;
    Ok(found.into_iter().flatten().collect())
}

/// The article with this id.
pub fn by_id(conn: &mut DbConnection, id: i64) -> Result<Article, AppError> {
    articles::table
        .find(id)
        .select(Article::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)
}

/// The article with this id in this organization (404 otherwise).
pub fn in_org(conn: &mut DbConnection, org_id: i64, id: i64) -> Result<Article, AppError> {
    let a = by_id(conn, id)?;
    if a.org_id == org_id {
        Ok(a)
    } else {
        Err(AppError::NotFound)
    }
}

/// Where a slug leads in an organization.
#[derive(Clone, Debug)]
pub enum SlugLookup {
    /// The article's current slug.
    Found(Box<Article>),
    /// An old slug: redirect to this current one.
    Moved(String),
    /// Nothing.
    Missing,
}

/// Looks up an article by its current or an old slug.
pub fn by_slug(conn: &mut DbConnection, org_id: i64, slug: &str) -> Result<SlugLookup, AppError> {
    let found = articles::table
        .filter(articles::org_id.eq(org_id))
        .filter(articles::slug.eq(slug))
        .select(Article::as_select())
        .first(conn)
        .optional()?;
    if let Some(a) = found {
        return Ok(SlugLookup::Found(Box::new(a)));
    }
    let moved: Option<String> = article_slug_redirects::table
        .inner_join(articles::table)
        .filter(article_slug_redirects::org_id.eq(org_id))
        .filter(article_slug_redirects::old_slug.eq(slug))
        .select(articles::slug)
        .first(conn)
        .optional()?;
    Ok(moved.map_or(SlugLookup::Missing, SlugLookup::Moved))
}

/// The article's tag names, in name order.
pub fn tag_names(conn: &mut DbConnection, article_id: i64) -> Result<Vec<String>, AppError> {
    Ok(article_tags::table
        .inner_join(tags::table)
        .filter(article_tags::article_id.eq(article_id))
        .order(tags::name.asc())
        .select(tags::name)
        .load(conn)?)
}

/// Every tag of the organization with its article count, by name.
pub fn org_tags(conn: &mut DbConnection, org_id: i64) -> Result<Vec<(String, String)>, AppError> {
    Ok(tags::table
        .filter(tags::org_id.eq(org_id))
        .order(tags::name.asc())
        .select((tags::slug, tags::name))
        .load(conn)?)
}

/// Deletes an article (its tags, revisions and redirects go with it).
pub fn delete(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> Result<(), AppError> {
    write_tx(conn, |conn| {
        let status: String = articles::table
            .find(id)
            .select(articles::status)
            .first(conn)?;
        diesel::delete(articles::table.find(id)).execute(conn)?;
        if status == Status::Published.as_str() {
            enqueue_search(conn, id, "delete", now)?;
        }
        Ok(())
    })
}

/// Takes a workflow step. The caller has checked the member may (`Action::permitted`).
/// `publish_at` is required for `Schedule` and must be in the future.
pub fn transition(
    conn: &mut DbConnection,
    article_id: i64,
    action: Action,
    publish_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<Status, AppError> {
    write_tx(conn, |conn| {
        let a = by_id(conn, article_id)?;
        let from = a.status();
        let to = action.apply(from).map_err(AppError::Conflict)?;
        let mut publish_at_value = a.publish_at;
        let mut published_at = a.published_at;
        match action {
            Action::Schedule => {
                let Some(at) = publish_at else {
                    return Err(FieldErrors::single(
                        "publish_at",
                        "Choose a date and time to publish.",
                    ));
                };
                if at <= now {
                    return Err(FieldErrors::single(
                        "publish_at",
                        "That time is in the past; choose a time in the future, or publish now.",
                    ));
                }
                publish_at_value = Some(at);
            }
            Action::Publish => {
                publish_at_value = None;
                published_at = published_at.or(Some(now));
            }
            Action::Unschedule => publish_at_value = None,
            _ => {}
        }
        let updated_at = now.max(a.updated_at + chrono::Duration::microseconds(1));
        diesel::update(articles::table.find(article_id))
            .set((
                articles::status.eq(to.as_str()),
                articles::publish_at.eq(publish_at_value),
                articles::published_at.eq(published_at),
                articles::updated_at.eq(updated_at),
            ))
            .execute(conn)?;
        if to == Status::Published {
            enqueue_search(conn, article_id, "upsert", now)?;
        } else if from == Status::Published {
            enqueue_search(conn, article_id, "delete", now)?;
        }
        Ok(to)
    })
}

/// Publishes every scheduled article that is due at `now`; returns their ids. Each article is
/// claimed with a conditional update, so two instances running this at once publish each
/// article once.
pub fn publish_due(conn: &mut DbConnection, now: NaiveDateTime) -> Result<Vec<i64>, AppError> {
    let due: Vec<(i64, Option<NaiveDateTime>)> = articles::table
        .filter(articles::status.eq(Status::Scheduled.as_str()))
        .filter(articles::publish_at.le(now))
        .order(articles::publish_at.asc())
        .select((articles::id, articles::publish_at))
        .limit(500)
        .load(conn)?;
    let mut published = Vec::new();
    for (id, at) in due {
        let done = write_tx(conn, |conn| -> Result<bool, AppError> {
            let n = diesel::update(
                articles::table
                    .find(id)
                    .filter(articles::status.eq(Status::Scheduled.as_str())),
            )
            .set((
                articles::status.eq(Status::Published.as_str()),
                articles::published_at.eq(diesel::dsl::sql::<
                    diesel::sql_types::Nullable<diesel::sql_types::Timestamp>,
                >("COALESCE(published_at, publish_at)")),
                articles::publish_at.eq(None::<NaiveDateTime>),
                articles::updated_at.eq(now),
            ))
            .execute(conn)?;
            if n == 1 {
                enqueue_search(conn, id, "upsert", now)?;
            }
            Ok(n == 1)
        })?;
        if done {
            tracing::info!(article_id = id, publish_at = ?at, "published scheduled article");
            published.push(id);
        }
    }
    Ok(published)
}

/// How the article list is sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Last changed first.
    #[default]
    Updated,
    /// Last published first (unpublished last).
    Published,
}

/// Filters for the dashboard's article list.
#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    /// Only this status.
    pub status: Option<Status>,
    /// Only this category.
    pub category: Option<Category>,
    /// Only articles with this tag slug.
    pub tag: Option<String>,
    /// Only this author.
    pub author_id: Option<i64>,
    /// Title contains (case-insensitive).
    pub q: String,
    /// Order.
    pub sort: Sort,
    /// Page (1-based).
    pub page: i64,
    /// Rows per page.
    pub per_page: i64,
}

/// One row of the article list.
#[derive(Clone, Debug, Queryable)]
pub struct ListItem {
    /// Id.
    pub id: i64,
    /// Slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Status.
    pub status: String,
    /// Category.
    pub category: String,
    /// Author id.
    pub author_id: Option<i64>,
    /// Author name.
    pub author_name: Option<String>,
    /// Last change.
    pub updated_at: NaiveDateTime,
    /// First publication.
    pub published_at: Option<NaiveDateTime>,
    /// Scheduled time.
    pub publish_at: Option<NaiveDateTime>,
    /// Words.
    pub word_count: i32,
}

type Boxed<'a> = diesel::dsl::IntoBoxed<
    'a,
    diesel::dsl::LeftJoin<articles::table, users::table>,
    <DbConnection as Connection>::Backend,
>;

fn filtered<'a>(org_id: i64, f: &'a ListFilter) -> Boxed<'a> {
    let mut q: Boxed<'a> = articles::table.left_join(users::table).into_boxed();
    q = q.filter(articles::org_id.eq(org_id));
    if let Some(s) = f.status {
        q = q.filter(articles::status.eq(s.as_str()));
    }
    if let Some(c) = f.category {
        q = q.filter(articles::category.eq(c.as_str()));
    }
    if let Some(a) = f.author_id {
        q = q.filter(articles::author_id.eq(a));
    }
    if let Some(t) = &f.tag {
        let tagged = article_tags::table
            .inner_join(tags::table)
            .filter(tags::org_id.eq(org_id))
            .filter(tags::slug.eq(t.as_str()))
            .select(article_tags::article_id);
        q = q.filter(articles::id.eq_any(tagged));
    }
    let needle = f.q.trim();
    if !needle.is_empty() {
        let escaped = needle
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        q = q.filter(
            lower(articles::title)
                .like(format!("%{escaped}%"))
                .escape('\\'),
        );
    }
    q
}

/// A page of the organization's articles and the total matching.
pub fn list(
    conn: &mut DbConnection,
    org_id: i64,
    f: &ListFilter,
) -> Result<(Vec<ListItem>, i64), AppError> {
    let total: i64 = filtered(org_id, f).count().get_result(conn)?;
    let per_page = f.per_page.clamp(1, 200);
    let offset = (f.page.max(1) - 1).saturating_mul(per_page);
    let q = filtered(org_id, f);
    let q = match f.sort {
        Sort::Updated => q.order((articles::updated_at.desc(), articles::id.desc())),
        Sort::Published => q.order((
            articles::published_at.is_null().asc(),
            articles::published_at.desc(),
            articles::id.desc(),
        )),
    };
    let items = q
        .select((
            articles::id,
            articles::slug,
            articles::title,
            articles::status,
            articles::category,
            articles::author_id,
            users::name.nullable(),
            articles::updated_at,
            articles::published_at,
            articles::publish_at,
            articles::word_count,
        ))
        .limit(per_page)
        .offset(offset)
        .load::<ListItem>(conn)?;
    Ok((items, total))
}

/// How many articles wait for review.
pub fn count_in_review(conn: &mut DbConnection, org_id: i64) -> Result<i64, AppError> {
    Ok(articles::table
        .filter(articles::org_id.eq(org_id))
        .filter(articles::status.eq(Status::InReview.as_str()))
        .count()
        .get_result(conn)?)
}

/// One saved version of an article.
#[derive(Clone, Debug, Queryable)]
pub struct Revision {
    /// Id.
    pub id: i64,
    /// Title then.
    pub title: String,
    /// Summary then.
    pub summary: String,
    /// Markdown then.
    pub body_markdown: String,
    /// Who saved it.
    pub author_name: Option<String>,
    /// When (UTC).
    pub created_at: NaiveDateTime,
    /// Whether it came from an autosave.
    pub autosave: bool,
}

/// The article's revisions, newest first.
pub fn revisions(conn: &mut DbConnection, article_id: i64) -> Result<Vec<Revision>, AppError> {
    Ok(article_revisions::table
        .left_join(users::table)
        .filter(article_revisions::article_id.eq(article_id))
        .order(article_revisions::id.desc())
        .select((
            article_revisions::id,
            article_revisions::title,
            article_revisions::summary,
            article_revisions::body_markdown,
            users::name.nullable(),
            article_revisions::created_at,
            article_revisions::autosave,
        ))
        .load(conn)?)
}

/// One revision of the article (404 when it belongs to another).
pub fn revision(
    conn: &mut DbConnection,
    article_id: i64,
    revision_id: i64,
) -> Result<Revision, AppError> {
    article_revisions::table
        .left_join(users::table)
        .filter(article_revisions::article_id.eq(article_id))
        .filter(article_revisions::id.eq(revision_id))
        .select((
            article_revisions::id,
            article_revisions::title,
            article_revisions::summary,
            article_revisions::body_markdown,
            users::name.nullable(),
            article_revisions::created_at,
            article_revisions::autosave,
        ))
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)
}

/// An article with its tag names and its author's name, as the API shows it.
#[derive(Clone, Debug)]
pub struct Detailed {
    /// The row.
    pub article: Article,
    /// Tag names, in name order.
    pub tags: Vec<String>,
    /// The author's name (None without an author).
    pub author_name: Option<String>,
}

/// The organization's articles with these ids, in the order given; ids of other organizations
/// or of no article are left out. Three queries whatever the number of ids.
pub fn detailed(
    conn: &mut DbConnection,
    org_id: i64,
    ids: &[i64],
) -> Result<Vec<Detailed>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Article, Option<String>)> = articles::table
        .left_join(users::table)
        .filter(articles::org_id.eq(org_id))
        .filter(articles::id.eq_any(ids))
        .select((Article::as_select(), users::name.nullable()))
        .load(conn)?;
    let tag_rows: Vec<(i64, String)> = article_tags::table
        .inner_join(tags::table)
        .filter(article_tags::article_id.eq_any(ids))
        .order((article_tags::article_id.asc(), tags::name.asc()))
        .select((article_tags::article_id, tags::name))
        .load(conn)?;
    let mut by_id: std::collections::HashMap<i64, Detailed> = rows
        .into_iter()
        .map(|(article, author_name)| {
            let d = Detailed {
                article,
                tags: Vec::new(),
                author_name,
            };
            (d.article.id, d)
        })
        .collect();
    for (article_id, name) in tag_rows {
        if let Some(d) = by_id.get_mut(&article_id) {
            d.tags.push(name);
        }
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}
