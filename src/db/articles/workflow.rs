//! The workflow: steps between statuses, deletion, and the scheduler's publishing.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::super::schema::articles;
use super::super::{DbConnection, write_tx};
use super::{ArticleRef, by_id, enqueue_search};
use crate::domain::{Action, Status};
use crate::error::{AppError, FieldErrors};

/// Deletes an article (its tags, revisions and redirects go with it).
pub fn delete(
    conn: &mut DbConnection,
    article: ArticleRef,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let id = article.id();
    write_tx(conn, |conn| {
        let status: String = articles::table
            .find(id)
            .select(articles::status)
            .first(conn)?;
        if status == Status::Published.as_str() {
            enqueue_search(conn, id, "delete", now)?;
        }
        diesel::delete(articles::table.find(id)).execute(conn)?;
        Ok(())
    })
}

/// Takes a workflow step. The caller has checked the member may (`Action::permitted`).
/// `publish_at` is required for `Schedule` and must be in the future.
pub fn transition(
    conn: &mut DbConnection,
    article: ArticleRef,
    action: Action,
    publish_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<Status, AppError> {
    let article_id = article.id();
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
                        crate::error::Msg::new("error-publish-at-empty"),
                    ));
                };
                if at <= now {
                    return Err(FieldErrors::single(
                        "publish_at",
                        crate::error::Msg::new("error-publish-at-past"),
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
