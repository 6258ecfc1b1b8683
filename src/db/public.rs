//! What followers see: published articles only. Every query here filters on
//! `status = 'published'`, so drafts, articles in review, scheduled, archived and unpublished
//! ones never reach a public page, feed, sitemap or list.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{
    article_slug_redirects, article_tags, articles, media, organizations, tags, users,
};
use super::{DbConnection, LimitOne, UnionAll, on_backend};
use crate::domain::Category;
use crate::error::AppError;

const PUBLISHED: &str = "published";

/// An article as a list shows it.
#[derive(Clone, Debug, Queryable)]
pub struct Card {
    /// Id.
    pub id: i64,
    /// Slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub excerpt: String,
    /// Category.
    pub category: String,
    /// Language.
    pub language: String,
    /// Reading minutes.
    pub reading_minutes: i32,
    /// First publication.
    pub published_at: Option<NaiveDateTime>,
    /// Last change.
    pub updated_at: NaiveDateTime,
    /// Cover image's SHA-256.
    pub cover: Option<String>,
    /// Organization slug.
    pub org_slug: String,
    /// Organization name.
    pub org_name: String,
    /// Organization time zone.
    pub org_timezone: crate::domain::TimeZone,
}

macro_rules! card_columns {
    () => {
        (
            articles::id,
            articles::slug,
            articles::title,
            articles::excerpt,
            articles::category,
            articles::language,
            articles::reading_minutes,
            articles::published_at,
            articles::updated_at,
            media::sha256.nullable(),
            organizations::slug,
            organizations::name,
            organizations::timezone,
        )
    };
}

/// A published article as its page shows it: the article with its organization, author's
/// name and cover, read in one query (no Markdown source or plain text: the page needs neither).
#[derive(Clone, Debug, Queryable)]
pub struct PageArticle {
    /// Id.
    pub id: i64,
    /// Current slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// The summary shown in lists, feeds and the page's description.
    pub excerpt: String,
    /// Sanitized HTML.
    pub body_html: String,
    /// Words.
    pub word_count: i32,
    /// Estimated reading time.
    pub reading_minutes: i32,
    /// Category.
    pub category: Category,
    /// Language tag.
    pub language: String,
    /// Byline shown instead of the author's name.
    pub byline: String,
    /// The author's account name, when the article has an author.
    pub author_name: Option<String>,
    /// "Read the original" link.
    pub source_url: Option<String>,
    /// First publication.
    pub published_at: Option<NaiveDateTime>,
    /// Last change.
    pub updated_at: NaiveDateTime,
    /// The cover's SHA-256 and alt text.
    pub cover: Option<(String, String)>,
    /// Its organization.
    pub org: super::orgs::Organization,
}

impl PageArticle {
    /// The name the page credits: the byline, else the author's name, else nothing.
    pub fn credit(&self) -> &str {
        if self.byline.is_empty() {
            self.author_name.as_deref().unwrap_or("")
        } else {
            &self.byline
        }
    }
}

/// Where a public slug leads.
#[derive(Clone, Debug)]
pub enum Found {
    /// A published article.
    Article(Box<PageArticle>),
    /// An old slug of a published article: its current slug.
    Moved(String),
    /// Nothing public.
    Missing,
}

/// The published article with this slug (or an old one) in the organization. One query when
/// the slug is current (on PostgreSQL every query is a round trip, and an uncached page's
/// time is mostly round trips), a second only for an old slug.
pub fn article(conn: &mut DbConnection, org_id: i64, slug: &str) -> Result<Found, AppError> {
    let a = on_backend!(conn, |c| LimitOne(
        articles::table
            .inner_join(organizations::table)
            .left_join(users::table)
            .left_join(media::table.on(articles::cover_media_id.eq(media::id.nullable())))
            .filter(articles::org_id.eq(org_id))
            .filter(articles::slug.eq(slug))
            .filter(articles::status.eq(PUBLISHED))
            .select((
                articles::id,
                articles::slug,
                articles::title,
                articles::excerpt,
                articles::body_html,
                articles::word_count,
                articles::reading_minutes,
                articles::category,
                articles::language,
                articles::byline,
                users::name.nullable(),
                articles::source_url,
                articles::published_at,
                articles::updated_at,
                (media::sha256, media::alt).nullable(),
                super::orgs::Organization::as_select(),
            )),
    )
    .get_result::<PageArticle>(c)
    .optional())?;
    if let Some(a) = a {
        return Ok(Found::Article(Box::new(a)));
    }
    let moved: Option<String> = article_slug_redirects::table
        .inner_join(articles::table)
        .filter(article_slug_redirects::org_id.eq(org_id))
        .filter(article_slug_redirects::old_slug.eq(slug))
        .filter(articles::status.eq(PUBLISHED))
        .select(articles::slug)
        .first(conn)
        .optional()?;
    Ok(moved.map_or(Found::Missing, Found::Moved))
}

/// Filters for a list of published articles.
#[derive(Clone, Debug, Default)]
pub struct Listing {
    /// One organization, or all.
    pub org_id: Option<i64>,
    /// One category.
    pub category: Option<Category>,
    /// Articles with this tag slug (needs `org_id`).
    pub tag: Option<String>,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// Adds a [`Listing`]'s filters to a boxed query over `articles` (alone or joined).
macro_rules! listing_filters {
    ($q:expr, $l:expr) => {{
        let mut q = $q.filter(articles::status.eq(PUBLISHED));
        if let Some(org) = $l.org_id {
            q = q.filter(articles::org_id.eq(org));
        }
        if let Some(c) = $l.category {
            q = q.filter(articles::category.eq(c.as_str()));
        }
        if let (Some(t), Some(org)) = (&$l.tag, $l.org_id) {
            let tagged = article_tags::table
                .inner_join(tags::table)
                .filter(tags::org_id.eq(org))
                .filter(tags::slug.eq(t.clone()))
                .select(article_tags::article_id);
            q = q.filter(articles::id.eq_any(tagged));
        }
        q
    }};
}

/// How many published articles match (offset and limit ignored).
pub fn count(conn: &mut DbConnection, l: &Listing) -> Result<i64, AppError> {
    // On `articles` alone: the joins of `list` add nothing to a count, and the media join would
    // make SQLite read every matching row instead of counting index entries (165 ms instead of
    // 5 ms for 100,000 articles).
    Ok(listing_filters!(articles::table.into_boxed(), l)
        .count()
        .get_result(conn)?)
}

/// Published articles, newest first, and how many match.
pub fn list(conn: &mut DbConnection, l: &Listing) -> Result<(Vec<Card>, i64), AppError> {
    let total = count(conn, l)?;
    let items = listing_filters!(
        articles::table
            .inner_join(organizations::table)
            .left_join(media::table.on(articles::cover_media_id.eq(media::id.nullable())))
            .into_boxed(),
        l
    )
    .order((articles::published_at.desc(), articles::id.desc()))
    .offset(l.offset)
    .limit(l.limit)
    .select(card_columns!())
    .load::<Card>(conn)?;
    Ok((items, total))
}

/// The organization's published articles among `ids`, as cards (in no particular order).
pub fn cards_by_ids(
    conn: &mut DbConnection,
    org_id: i64,
    ids: &[i64],
) -> Result<Vec<Card>, AppError> {
    Ok(articles::table
        .inner_join(organizations::table)
        .left_join(media::table.on(articles::cover_media_id.eq(media::id.nullable())))
        .filter(articles::org_id.eq(org_id))
        .filter(articles::status.eq(PUBLISHED))
        .filter(articles::id.eq_any(ids))
        .select(card_columns!())
        .load::<Card>(conn)?)
}

/// The published articles just before and after this one in its organization (older, newer).
pub fn neighbours(
    conn: &mut DbConnection,
    org_id: i64,
    id: i64,
    published_at: NaiveDateTime,
) -> Result<(Option<Card>, Option<Card>), AppError> {
    let rows = on_backend!(conn, |c| {
        macro_rules! others {
            () => {
                articles::table
                    .inner_join(organizations::table)
                    .left_join(media::table.on(articles::cover_media_id.eq(media::id.nullable())))
                    .filter(articles::org_id.eq(org_id))
                    .filter(articles::status.eq(PUBLISHED))
                    .filter(articles::id.ne(id))
            };
        }
        // The plain bound on `published_at` lets the database seek in the listing index; the `or`
        // alone, with its values bound as separate parameters, made SQLite walk every newer
        // (older) article of the organization: 30–50 ms per page at 100,000 articles.
        let before = LimitOne(
            others!()
                .filter(articles::published_at.le(published_at))
                .filter(
                    articles::published_at
                        .lt(published_at)
                        .or(articles::published_at
                            .eq(published_at)
                            .and(articles::id.lt(id))),
                )
                .order((articles::published_at.desc(), articles::id.desc()))
                .select(card_columns!()),
        );
        let after = LimitOne(
            others!()
                .filter(articles::published_at.ge(published_at))
                .filter(
                    articles::published_at
                        .gt(published_at)
                        .or(articles::published_at
                            .eq(published_at)
                            .and(articles::id.gt(id))),
                )
                .order((articles::published_at.asc(), articles::id.asc()))
                .select(card_columns!()),
        );
        UnionAll(before, after).load::<Card>(c)
    })?;
    // One query for both (each side keeps its own order and limit), one round trip. A card
    // is the older neighbour when it sorts before this article.
    let (mut older, mut newer) = (None, None);
    for card in rows {
        if (card.published_at, card.id) < (Some(published_at), id) {
            older = Some(card);
        } else {
            newer = Some(card);
        }
    }
    Ok((older, newer))
}

/// Up to `limit` published articles of the organization sharing the most of `my_tags` (this
/// one's, from [`tags_of`]) with this one, newest first among equals.
pub fn related(
    conn: &mut DbConnection,
    org_id: i64,
    id: i64,
    my_tags: &[i64],
    limit: i64,
) -> Result<Vec<Card>, AppError> {
    if my_tags.is_empty() {
        return Ok(Vec::new());
    }
    // The newest tagged candidates, bounded so a popular tag never scans its whole history.
    let candidates: Vec<(i64, i64)> = on_backend!(conn, |c| article_tags::table
        .inner_join(articles::table)
        .filter(article_tags::tag_id.eq_any(my_tags))
        .filter(articles::org_id.eq(org_id))
        .filter(articles::status.eq(PUBLISHED))
        .filter(articles::id.ne(id))
        .order(articles::published_at.desc())
        .select((articles::id, article_tags::tag_id))
        .limit(500)
        .load(c))?;
    let mut scored: Vec<(i64, usize, usize)> = Vec::new();
    for (pos, (aid, _)) in candidates.iter().enumerate() {
        match scored.iter_mut().find(|(x, _, _)| x == aid) {
            Some(entry) => entry.1 += 1,
            None => scored.push((*aid, 1, pos)),
        }
    }
    scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    let ids: Vec<i64> = scored
        .iter()
        .take(usize::try_from(limit).unwrap_or(0))
        .map(|s| s.0)
        .collect();
    let mut cards = on_backend!(conn, |c| articles::table
        .inner_join(organizations::table)
        .left_join(media::table.on(articles::cover_media_id.eq(media::id.nullable())))
        .filter(articles::id.eq_any(&ids))
        .select(card_columns!())
        .load::<Card>(c))?;
    cards.sort_by_key(|card| ids.iter().position(|i| *i == card.id));
    Ok(cards)
}

/// Tags of a published article: (id, slug, name), by name.
pub fn tags_of(conn: &mut DbConnection, id: i64) -> Result<Vec<(i64, String, String)>, AppError> {
    Ok(on_backend!(conn, |c| article_tags::table
        .inner_join(tags::table)
        .filter(article_tags::article_id.eq(id))
        .order(tags::name.asc())
        .select((tags::id, tags::slug, tags::name))
        .load(c))?)
}

/// The name of an organization's tag, if a published article carries it: a tag only drafts or
/// scheduled articles have is not public, and neither is its name.
pub fn tag_name(
    conn: &mut DbConnection,
    org_id: i64,
    slug: &str,
) -> Result<Option<String>, AppError> {
    Ok(tags::table
        .inner_join(article_tags::table.inner_join(articles::table))
        .filter(tags::org_id.eq(org_id))
        .filter(tags::slug.eq(slug))
        .filter(articles::org_id.eq(org_id))
        .filter(articles::status.eq(PUBLISHED))
        .select(tags::name)
        .first(conn)
        .optional()?)
}

/// Organizations with at least one published article, most recently active first: (slug,
/// name, description, articles).
pub fn active_orgs(
    conn: &mut DbConnection,
    limit: i64,
) -> Result<Vec<(String, String, String, i64)>, AppError> {
    let rows: Vec<(String, String, String, i64, Option<NaiveDateTime>)> = organizations::table
        .inner_join(articles::table)
        .filter(articles::status.eq(PUBLISHED))
        .group_by((
            organizations::id,
            organizations::slug,
            organizations::name,
            organizations::description,
        ))
        .select((
            organizations::slug,
            organizations::name,
            organizations::description,
            diesel::dsl::count(articles::id),
            diesel::dsl::max(articles::published_at),
        ))
        .order(diesel::dsl::max(articles::published_at).desc())
        .limit(limit)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(s, n, d, c, _)| (s, n, d, c))
        .collect())
}
