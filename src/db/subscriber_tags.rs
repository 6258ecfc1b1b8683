//! Subscriber tags: an organization's segments (hometown, interest …). At most
//! [`MAX_PER_ORG`] per organization and [`MAX_PER_SUBSCRIBER`] per subscriber, as WeChat
//! allows; going past either is an error that says which limit.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use super::DbConnection;
use super::schema::{subscriber_tag_links as links, subscriber_tags as tags};
use crate::domain::TagName;
use crate::error::{AppError, Msg};

/// Tags an organization may have.
pub const MAX_PER_ORG: i64 = 100;
/// Tags one subscriber may have.
pub const MAX_PER_SUBSCRIBER: i64 = 20;

/// A tag and how many subscribers have it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub id: i64,
    pub name: String,
    pub subscribers: i64,
}

/// The organization's tags, by name, with their subscriber counts.
pub fn list(conn: &mut DbConnection, org_id: i64) -> Result<Vec<Tag>, AppError> {
    let rows: Vec<(i64, String)> = tags::table
        .filter(tags::org_id.eq(org_id))
        .order(tags::name)
        .select((tags::id, tags::name))
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
    let counts: HashMap<i64, i64> = links::table
        .filter(links::tag_id.eq_any(&ids))
        .group_by(links::tag_id)
        .select((links::tag_id, diesel::dsl::count_star()))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|(id, name)| Tag {
            id,
            subscribers: counts.get(&id).copied().unwrap_or(0),
            name,
        })
        .collect())
}

/// Of `ids`, those that are the organization's tags.
pub fn ids_of_org(conn: &mut DbConnection, org_id: i64, ids: &[i64]) -> Result<Vec<i64>, AppError> {
    Ok(tags::table
        .filter(tags::org_id.eq(org_id))
        .filter(tags::id.eq_any(ids))
        .select(tags::id)
        .load(conn)?)
}

/// The names of the organization's tags among `ids`, in the order of `ids` (a deleted tag is
/// left out).
pub fn names_by_id(
    conn: &mut DbConnection,
    org_id: i64,
    ids: &[i64],
) -> Result<Vec<String>, AppError> {
    let found: HashMap<i64, String> = tags::table
        .filter(tags::org_id.eq(org_id))
        .filter(tags::id.eq_any(ids))
        .select((tags::id, tags::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    Ok(ids.iter().filter_map(|id| found.get(id).cloned()).collect())
}

/// The organization's tag named `name`.
pub fn by_name(conn: &mut DbConnection, org_id: i64, name: &str) -> Result<Option<i64>, AppError> {
    Ok(tags::table
        .filter(tags::org_id.eq(org_id))
        .filter(tags::name.eq(name))
        .select(tags::id)
        .first(conn)
        .optional()?)
}

/// The ids of the organization's tags `names`, creating the missing ones; an error when that
/// would pass [`MAX_PER_ORG`].
pub fn ensure(
    conn: &mut DbConnection,
    org_id: i64,
    names: &[TagName],
    now: NaiveDateTime,
) -> Result<Vec<i64>, AppError> {
    const INSERT: &str = "INSERT INTO subscriber_tags (org_id, name, created_at) \
        VALUES ($1, $2, $3) ON CONFLICT (org_id, name) DO NOTHING";
    let mut ids = Vec::with_capacity(names.len());
    for tag in names {
        if let Some(id) = by_name(conn, org_id, &tag.name)? {
            ids.push(id);
            continue;
        }
        let existing: i64 = tags::table
            .filter(tags::org_id.eq(org_id))
            .count()
            .get_result(conn)?;
        if existing >= MAX_PER_ORG {
            return Err(AppError::Conflict(
                Msg::new("error-subscriber-tags-org")
                    .arg("max", MAX_PER_ORG)
                    .arg("value", tag.name.as_str()),
            ));
        }
        diesel::sql_query(INSERT)
            .bind::<BigInt, _>(org_id)
            .bind::<Text, _>(&tag.name)
            .bind::<Timestamp, _>(now)
            .execute(conn)?;
        ids.push(by_name(conn, org_id, &tag.name)?.ok_or(AppError::NotFound)?);
    }
    Ok(ids)
}

/// Gives `subscriber_id` the tags `tag_ids` (of its organization: the caller made sure); an
/// error when it would have more than [`MAX_PER_SUBSCRIBER`].
pub fn attach(
    conn: &mut DbConnection,
    subscriber_id: i64,
    tag_ids: &[i64],
) -> Result<(), AppError> {
    const INSERT: &str = "INSERT INTO subscriber_tag_links (subscriber_id, tag_id) \
        VALUES ($1, $2) ON CONFLICT (subscriber_id, tag_id) DO NOTHING";
    for tag_id in tag_ids {
        diesel::sql_query(INSERT)
            .bind::<BigInt, _>(subscriber_id)
            .bind::<BigInt, _>(*tag_id)
            .execute(conn)?;
    }
    let count: i64 = links::table
        .filter(links::subscriber_id.eq(subscriber_id))
        .count()
        .get_result(conn)?;
    if count > MAX_PER_SUBSCRIBER {
        return Err(AppError::Conflict(
            Msg::new("error-subscriber-tags-subscriber").arg("max", MAX_PER_SUBSCRIBER),
        ));
    }
    Ok(())
}

/// Takes `tag_id` off the subscribers `subscriber_ids`.
pub fn detach(
    conn: &mut DbConnection,
    subscriber_ids: &[i64],
    tag_id: i64,
) -> Result<usize, AppError> {
    Ok(diesel::delete(
        links::table
            .filter(links::tag_id.eq(tag_id))
            .filter(links::subscriber_id.eq_any(subscriber_ids)),
    )
    .execute(conn)?)
}

/// Deletes one of the organization's tags (off every subscriber).
pub fn delete(conn: &mut DbConnection, org_id: i64, tag_id: i64) -> Result<bool, AppError> {
    Ok(diesel::delete(
        tags::table
            .filter(tags::org_id.eq(org_id))
            .filter(tags::id.eq(tag_id)),
    )
    .execute(conn)?
        > 0)
}

/// The tag names of each of `subscriber_ids`.
pub fn names_of(
    conn: &mut DbConnection,
    subscriber_ids: &[i64],
) -> Result<HashMap<i64, Vec<String>>, AppError> {
    let rows: Vec<(i64, String)> = links::table
        .inner_join(tags::table)
        .filter(links::subscriber_id.eq_any(subscriber_ids))
        .order(tags::name)
        .select((links::subscriber_id, tags::name))
        .load(conn)?;
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, name) in rows {
        out.entry(id).or_default().push(name);
    }
    Ok(out)
}

/// Links many (subscriber, tag) pairs (one statement on PostgreSQL); pairs already linked are
/// skipped. The caller checked both sides belong to one organization and the per-subscriber
/// limit.
pub fn link_many(conn: &mut DbConnection, pairs: &[(i64, i64)]) -> Result<usize, AppError> {
    if pairs.is_empty() {
        return Ok(0);
    }
    let rows: Vec<_> = pairs
        .iter()
        .map(|(s, t)| (links::subscriber_id.eq(*s), links::tag_id.eq(*t)))
        .collect();
    Ok(match conn {
        DbConnection::Pg(c) => diesel::insert_into(links::table)
            .values(&rows)
            .on_conflict((links::subscriber_id, links::tag_id))
            .do_nothing()
            .execute(c)?,
        DbConnection::Sqlite(c) => {
            let mut n = 0;
            for row in rows {
                n += diesel::insert_into(links::table)
                    .values(row)
                    .on_conflict((links::subscriber_id, links::tag_id))
                    .do_nothing()
                    .execute(c)?;
            }
            n
        }
    })
}

/// How many tags each of `subscriber_ids` has.
pub fn counts_of(
    conn: &mut DbConnection,
    subscriber_ids: &[i64],
) -> Result<HashMap<i64, i64>, AppError> {
    Ok(links::table
        .filter(links::subscriber_id.eq_any(subscriber_ids))
        .group_by(links::subscriber_id)
        .select((links::subscriber_id, diesel::dsl::count_star()))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .collect())
}
