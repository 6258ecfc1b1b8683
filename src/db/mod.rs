//! Database access: one `MultiConnection` over SQLite and PostgreSQL, an r2d2 pool, migrations,
//! and one query module per aggregate.
//!
//! Where the backends differ (transactions that must take the write lock up front, row locks),
//! the branch lives here, in one small place.

pub mod articles;
pub mod broadcasts;
pub mod deliveries;
pub mod digests;
pub mod invitations;
mod limit_one;
pub mod login_failures;
pub mod mail;
pub mod media;
pub mod members;
pub mod migrate;
pub mod orgs;
pub mod pool;
pub mod preview_links;
pub mod public;
pub mod push;
pub mod schema;
pub mod search;
pub mod sessions;
pub mod sitemap;
pub mod subscriber_tags;
pub mod subscribers;
pub mod tokens;
pub mod types;
pub mod users;
pub mod views;

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::prelude::*;

pub use limit_one::{LimitOne, UnionAll};
pub use pool::{Db, Pool, PooledConnection};

/// A connection to either backend.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    /// PostgreSQL.
    Pg(PgConnection),
    /// SQLite.
    Sqlite(SqliteConnection),
}

/// Runs a query on the concrete connection inside a [`DbConnection`]: `on_backend!(conn, |c|
/// query.load::<Row>(c))`. The body is compiled once per backend. diesel's multi-backend
/// connection serializes every query to SQL text two more times per run (to learn whether it
/// may be cached, then to collect its binds), even when the statement is already prepared:
/// on an uncached article page that was about 40 % of the time spent in database calls. Hot
/// public reads go through this; everything else keeps the simpler `DbConnection` path.
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConnection::Pg($c) => $body,
            $crate::db::DbConnection::Sqlite($c) => $body,
        }
    };
}
pub(crate) use on_backend;

diesel::define_sql_function!(
    /// SQL `lower(text)`, which both backends have: case-insensitive searches.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text
);

/// Which backend a pool talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// PostgreSQL.
    Postgres,
    /// SQLite.
    Sqlite,
}

/// Runs `f` in a transaction that writes. On SQLite it starts with `BEGIN IMMEDIATE` so the
/// write lock is taken up front (a deferred transaction that reads and then writes can fail with
/// `SQLITE_BUSY` even with a busy timeout); on PostgreSQL it is a plain transaction.
pub fn write_tx<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        DbConnection::Sqlite(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?
        }
        DbConnection::Pg(c) => AnsiTransactionManager::begin_transaction(c)?,
    }
    match f(conn) {
        Ok(value) => {
            <DbConnection as Connection>::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(e) => {
            // A failed rollback marks the connection broken; the pool then discards it.
            let _ = <DbConnection as Connection>::TransactionManager::rollback_transaction(conn);
            Err(e)
        }
    }
}

/// Locks one organization row until the end of the transaction (PostgreSQL `FOR UPDATE`), so
/// that checks such as "is this the last owner" cannot race. SQLite's `BEGIN IMMEDIATE`
/// already serializes writers.
pub fn lock_org(conn: &mut DbConnection, org_id: i64) -> QueryResult<()> {
    if let DbConnection::Pg(c) = conn {
        diesel::sql_query("SELECT id FROM organizations WHERE id = $1 FOR UPDATE")
            .bind::<diesel::sql_types::BigInt, _>(org_id)
            .execute(c)?;
    }
    Ok(())
}

/// The current time as stored: naive UTC, truncated to microseconds (PostgreSQL's precision).
pub fn now() -> chrono::NaiveDateTime {
    truncate(chrono::Utc::now().naive_utc())
}

/// Truncates a timestamp to microseconds so that values round-trip through both backends.
pub fn truncate(t: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    use chrono::Timelike as _;
    let micros = t.nanosecond() / 1000;
    t.with_nanosecond(micros * 1000).unwrap_or(t)
}

/// Whether a diesel error is a unique-constraint violation.
pub fn is_unique_violation(e: &diesel::result::Error) -> bool {
    matches!(
        e,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}
