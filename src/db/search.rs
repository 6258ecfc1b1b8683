//! What search needs of the database: the outbox of index changes (written by
//! `db::articles` in the transaction of each change), the lease that lets one worker apply it,
//! the articles as the index sees them, the rows a result page shows, and query statistics.
//!
//! Outbox rows say only *which* article changed: the worker reads the article's state when it
//! applies the row, so rows applied late or twice still leave the index matching the database.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Text};

use super::DbConnection;
use super::schema::{
    article_tags, articles, organizations, search_outbox, search_queries, search_state, tags,
};
use crate::domain::search::Document;
use crate::error::AppError;

type Backend = <DbConnection as diesel::Connection>::Backend;

/// An article's columns the index needs (tags are loaded beside).
#[derive(Queryable)]
struct RawRow {
    id: i64,
    org_id: i64,
    status: String,
    title: String,
    summary: String,
    excerpt: String,
    body: String,
    category: String,
    language: String,
    published_at: Option<NaiveDateTime>,
    updated_at: NaiveDateTime,
}

/// The articles `q` selects, as the index sees them, with their tags (one more query per
/// 500 articles).
fn documents(
    conn: &mut DbConnection,
    q: articles::BoxedQuery<'_, Backend>,
) -> Result<Vec<Document>, AppError> {
    let rows: Vec<RawRow> = q
        .select((
            articles::id,
            articles::org_id,
            articles::status,
            articles::title,
            articles::summary,
            articles::excerpt,
            articles::body_text,
            articles::category,
            articles::language,
            articles::published_at,
            articles::updated_at,
        ))
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut names: HashMap<i64, Vec<String>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let pairs: Vec<(i64, String)> = article_tags::table
            .inner_join(tags::table)
            .filter(article_tags::article_id.eq_any(chunk))
            .order((article_tags::article_id, tags::name))
            .select((article_tags::article_id, tags::name))
            .load(conn)?;
        for (id, name) in pairs {
            names.entry(id).or_default().push(name);
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let date = match r.published_at {
                Some(t) if r.status == "published" => t,
                _ => r.updated_at,
            };
            Document {
                id: r.id,
                org_id: r.org_id,
                tags: names.remove(&r.id).unwrap_or_default(),
                status: r.status,
                title: r.title,
                summary: if r.summary.trim().is_empty() {
                    r.excerpt
                } else {
                    r.summary
                },
                body: r.body,
                category: r.category,
                language: r.language,
                date: date.and_utc().timestamp(),
            }
        })
        .collect())
}

/// These articles as the index sees them; deleted ones are absent.
pub fn index_rows(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<Document>, AppError> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        out.extend(documents(
            conn,
            articles::table
                .filter(articles::id.eq_any(chunk))
                .into_boxed(),
        )?);
    }
    Ok(out)
}

/// The next `limit` articles after id `after`, in id order: a rebuild reads everything so.
pub fn index_page(
    conn: &mut DbConnection,
    after: i64,
    limit: i64,
) -> Result<Vec<Document>, AppError> {
    let q = articles::table
        .filter(articles::id.gt(after))
        .order(articles::id.asc())
        .limit(limit)
        .into_boxed();
    documents(conn, q)
}

/// Articles in all (what a rebuild will read).
pub fn article_count(conn: &mut DbConnection) -> Result<i64, AppError> {
    Ok(articles::table.count().get_result(conn)?)
}

/// An outbox row due to be applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    /// Row id.
    pub id: i64,
    /// The article that changed.
    pub article_id: i64,
    /// Times it was tried and failed.
    pub attempts: i32,
}

/// The oldest `limit` rows due at `now`.
pub fn due(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    limit: i64,
) -> Result<Vec<Change>, AppError> {
    let rows: Vec<(i64, i64, i32)> = search_outbox::table
        .filter(search_outbox::next_attempt_at.le(now))
        .order(search_outbox::id.asc())
        .limit(limit)
        .select((
            search_outbox::id,
            search_outbox::article_id,
            search_outbox::attempts,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, article_id, attempts)| Change {
            id,
            article_id,
            attempts,
        })
        .collect())
}

/// Deletes rows once the engine has their changes.
pub fn applied(conn: &mut DbConnection, ids: &[i64]) -> Result<(), AppError> {
    for chunk in ids.chunks(500) {
        diesel::delete(search_outbox::table.filter(search_outbox::id.eq_any(chunk)))
            .execute(conn)?;
    }
    Ok(())
}

/// Puts rows back until `next` after a failure, with the error for the dashboard and logs.
pub fn retry_at(
    conn: &mut DbConnection,
    ids: &[i64],
    next: NaiveDateTime,
    error: &str,
) -> Result<(), AppError> {
    let error: String = error.chars().take(500).collect();
    for chunk in ids.chunks(500) {
        diesel::update(search_outbox::table.filter(search_outbox::id.eq_any(chunk)))
            .set((
                search_outbox::attempts.eq(search_outbox::attempts + 1),
                search_outbox::next_attempt_at.eq(next),
                search_outbox::last_error.eq(&error),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// What the outbox holds: rows, the oldest row's time, and the last error of a row tried.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lag {
    /// Rows waiting.
    pub waiting: i64,
    /// When the oldest was written.
    pub oldest: Option<NaiveDateTime>,
    /// The most recent error (a row that failed and waits to be tried again).
    pub last_error: Option<String>,
}

/// The outbox's lag.
pub fn lag(conn: &mut DbConnection) -> Result<Lag, AppError> {
    let waiting: i64 = search_outbox::table.count().get_result(conn)?;
    let oldest: Option<NaiveDateTime> = search_outbox::table
        .select(diesel::dsl::min(search_outbox::created_at))
        .first(conn)?;
    let last_error: Option<String> = search_outbox::table
        .filter(search_outbox::last_error.is_not_null())
        .order(search_outbox::id.desc())
        .select(search_outbox::last_error)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten();
    Ok(Lag {
        waiting,
        oldest,
        last_error,
    })
}

/// Takes (or renews) the lease on applying the outbox for `holder` until `until`: true when
/// `holder` has it. Nobody else has it while it runs; a holder that dies loses it at `until`.
pub fn take_lease(
    conn: &mut DbConnection,
    holder: &str,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(
        search_state::table
            .filter(search_state::name.eq("sync"))
            .filter(
                search_state::holder
                    .eq(holder)
                    .or(search_state::holder.is_null())
                    .or(search_state::locked_until.lt(now)),
            ),
    )
    .set((
        search_state::holder.eq(holder),
        search_state::locked_until.eq(until),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Gives the lease up (only `holder`'s).
pub fn release_lease(conn: &mut DbConnection, holder: &str) -> Result<(), AppError> {
    diesel::update(
        search_state::table
            .filter(search_state::name.eq("sync"))
            .filter(search_state::holder.eq(holder)),
    )
    .set((
        search_state::holder.eq(None::<String>),
        search_state::locked_until.eq(chrono::DateTime::UNIX_EPOCH.naive_utc()),
    ))
    .execute(conn)?;
    Ok(())
}

/// Who holds the lease, while it is valid at `now`.
pub fn lease_holder(
    conn: &mut DbConnection,
    now: NaiveDateTime,
) -> Result<Option<String>, AppError> {
    Ok(search_state::table
        .filter(search_state::name.eq("sync"))
        .filter(search_state::locked_until.ge(now))
        .select(search_state::holder)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}

/// What a result shows beside the engine's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HitRow {
    /// Article id.
    pub id: i64,
    /// Slug.
    pub slug: String,
    /// Status.
    pub status: String,
    /// Category.
    pub category: String,
    /// Language.
    pub language: String,
    /// Published at.
    pub published_at: Option<NaiveDateTime>,
    /// Last changed.
    pub updated_at: NaiveDateTime,
    /// Organization id.
    pub org_id: i64,
    /// Organization slug.
    pub org_slug: String,
    /// Organization name.
    pub org_name: String,
    /// The organization's choice of Traditional wording (`hant_words`).
    pub hant_words: String,
    /// The organization's time zone.
    pub org_timezone: String,
    /// The editor's summary, else the excerpt.
    pub summary: String,
}

/// The rows of these articles, by id; with `published_only`, only published ones (a result the
/// index still holds after an unpublish is dropped, never shown).
pub fn hit_rows(
    conn: &mut DbConnection,
    ids: &[i64],
    published_only: bool,
) -> Result<HashMap<i64, HitRow>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut q = articles::table
        .inner_join(organizations::table)
        .filter(articles::id.eq_any(ids))
        .into_boxed();
    if published_only {
        q = q.filter(articles::status.eq("published"));
    }
    type Row = (
        i64,
        String,
        String,
        String,
        String,
        Option<NaiveDateTime>,
        NaiveDateTime,
        i64,
        String,
        String,
        String,
        String,
        String,
        String,
    );
    let rows: Vec<Row> = q
        .select((
            articles::id,
            articles::slug,
            articles::status,
            articles::category,
            articles::language,
            articles::published_at,
            articles::updated_at,
            organizations::id,
            organizations::slug,
            organizations::name,
            organizations::hant_words,
            organizations::timezone,
            articles::summary,
            articles::excerpt,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.0,
                HitRow {
                    id: r.0,
                    slug: r.1,
                    status: r.2,
                    category: r.3,
                    language: r.4,
                    published_at: r.5,
                    updated_at: r.6,
                    org_id: r.7,
                    org_slug: r.8,
                    org_name: r.9,
                    hant_words: r.10,
                    org_timezone: r.11,
                    summary: if r.12.trim().is_empty() { r.13 } else { r.12 },
                },
            )
        })
        .collect())
}

/// (id, slug, name) of these organizations.
pub fn org_labels(
    conn: &mut DbConnection,
    ids: &[i64],
) -> Result<HashMap<i64, (String, String)>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, String, String)> = organizations::table
        .filter(organizations::id.eq_any(ids))
        .select((organizations::id, organizations::slug, organizations::name))
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, s, n)| (id, (s, n))).collect())
}

const ADD_QUERY: &str = "INSERT INTO search_queries (org_id, day, query, searches, zero_results) \
     SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM organizations WHERE id = $6) \
     ON CONFLICT (org_id, day, query) DO UPDATE SET \
     searches = search_queries.searches + excluded.searches, \
     zero_results = search_queries.zero_results + excluded.zero_results";

/// Adds counts to one organization's query on `day` (skipped when the organization is gone).
pub fn add_query(
    conn: &mut DbConnection,
    org_id: i64,
    day: NaiveDate,
    query: &str,
    searches: i64,
    zero_results: i64,
) -> Result<(), AppError> {
    diesel::sql_query(ADD_QUERY)
        .bind::<BigInt, _>(org_id)
        .bind::<Date, _>(day)
        .bind::<Text, _>(query)
        .bind::<BigInt, _>(searches)
        .bind::<BigInt, _>(zero_results)
        .bind::<BigInt, _>(org_id)
        .execute(conn)?;
    Ok(())
}

/// One query's counts over a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryCount {
    /// The query (normalized).
    pub query: String,
    /// Times searched.
    pub searches: i64,
    /// Times it found nothing.
    pub zero_results: i64,
}

#[derive(QueryableByName)]
struct CountRow {
    #[diesel(sql_type = Text)]
    query: String,
    #[diesel(sql_type = BigInt)]
    searches: i64,
    #[diesel(sql_type = BigInt)]
    zero_results: i64,
}

/// The organization's most searched queries since `since`, and those that found nothing most
/// often, at most `limit` each.
pub fn top_queries(
    conn: &mut DbConnection,
    org_id: i64,
    since: NaiveDate,
    limit: i64,
) -> Result<(Vec<QueryCount>, Vec<QueryCount>), AppError> {
    // SUM of a BIGINT is NUMERIC on PostgreSQL; the casts give both backends one type.
    const SELECT: &str = "SELECT query, CAST(SUM(searches) AS BIGINT) AS searches, \
         CAST(SUM(zero_results) AS BIGINT) AS zero_results FROM search_queries \
         WHERE org_id = $1 AND day >= $2 GROUP BY query";
    let mut load = |tail: &str| -> Result<Vec<QueryCount>, AppError> {
        let rows: Vec<CountRow> = diesel::sql_query(format!("{SELECT} {tail} LIMIT $3"))
            .bind::<BigInt, _>(org_id)
            .bind::<Date, _>(since)
            .bind::<BigInt, _>(limit)
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|r| QueryCount {
                query: r.query,
                searches: r.searches,
                zero_results: r.zero_results,
            })
            .collect())
    };
    let top = load("ORDER BY searches DESC, query")?;
    let none = load("HAVING SUM(zero_results) > 0 ORDER BY zero_results DESC, query")?;
    Ok((top, none))
}

/// Forgets query counts from before `day`.
pub fn purge_queries(conn: &mut DbConnection, day: NaiveDate) -> Result<usize, AppError> {
    Ok(diesel::delete(search_queries::table.filter(search_queries::day.lt(day))).execute(conn)?)
}
