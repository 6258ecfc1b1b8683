//! The connection pool. The backend is picked from the configured URL by our code, and each new
//! SQLite connection gets its PRAGMAs.

use std::time::Duration;

use anyhow::Context as _;
use diesel::connection::SimpleConnection as _;
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection, R2D2Connection};

use super::{Backend, DbConnection};
use crate::config::DatabaseUrl;
use crate::error::AppError;

/// An r2d2 pool of [`DbConnection`]s.
pub type Pool = r2d2::Pool<Manager>;
/// A connection checked out of the pool.
pub type PooledConnection = r2d2::PooledConnection<Manager>;

/// Creates connections for one backend.
#[derive(Debug)]
pub struct Manager {
    url: DatabaseUrl,
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        match &self.url {
            DatabaseUrl::Postgres(url) => PgConnection::establish(url)
                .map(DbConnection::Pg)
                .map_err(r2d2::Error::ConnectionError),
            DatabaseUrl::Sqlite(path) => {
                let path = path.to_string_lossy();
                let mut conn =
                    SqliteConnection::establish(&path).map_err(r2d2::Error::ConnectionError)?;
                conn.batch_execute(
                    "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
                )
                .map_err(r2d2::Error::QueryError)?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.ping().map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        // On PostgreSQL a connection the server ended reports a broken transaction state
        // (libpq's transaction status is unknown once the socket is gone), so it is dropped
        // here, by the request whose query failed on it.
        std::thread::panicking() || conn.is_broken()
    }
}

/// The pool plus its backend; cheap to clone.
#[derive(Clone)]
pub struct Db {
    /// The pool.
    pub pool: Pool,
    /// Which backend it talks to.
    pub backend: Backend,
}

impl Db {
    /// Opens a pool (creating the SQLite file's directory) and checks one connection, so a bad
    /// URL or an unreachable server fails the start with the real error.
    pub fn connect(url: &DatabaseUrl, size: u32) -> anyhow::Result<Self> {
        let backend = match url {
            DatabaseUrl::Postgres(_) => Backend::Postgres,
            DatabaseUrl::Sqlite(path) => {
                if let Some(dir) = path
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty() && !d.exists())
                {
                    crate::secrets::create_private_dir(dir)?;
                }
                create_private_file(path)?;
                Backend::Sqlite
            }
        };
        let manager = Manager { url: url.clone() };
        // Connect once by hand first: r2d2 would retry and hide the reason.
        manager.connect().map_err(|e| match url {
            DatabaseUrl::Postgres(_) => anyhow::anyhow!("cannot connect to PostgreSQL: {e}"),
            DatabaseUrl::Sqlite(p) => anyhow::anyhow!("cannot open {}: {e}", p.display()),
        })?;
        if let DatabaseUrl::Sqlite(path) = url {
            // SQLite gives the -wal and -shm files the database's own mode; older installs
            // may have made them world-readable.
            for suffix in ["", "-wal", "-shm"] {
                let mut name = path.clone().into_os_string();
                name.push(suffix);
                crate::secrets::make_private(std::path::Path::new(&name))?;
            }
        }
        // No `SELECT 1` before each use (r2d2's default): on PostgreSQL it was a round trip on
        // every checkout, a seventh of an uncached page's. A connection the server closed is
        // found by the query that fails on it, and `has_broken` then drops it (tested in
        // tests/api/ops.rs).
        let pool = r2d2::Pool::builder()
            .max_size(size)
            .test_on_check_out(false)
            .connection_timeout(Duration::from_secs(10))
            .build(manager)
            .context("building the database pool")?;
        Ok(Db { pool, backend })
    }

    /// A pooled connection, for synchronous callers (CLI, workers).
    pub fn get(&self) -> Result<r2d2::PooledConnection<Manager>, AppError> {
        Ok(self.pool.get()?)
    }

    /// Runs blocking database work off the async executor.
    pub async fn run<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }
}

/// Creates the SQLite file with mode 0600 before SQLite opens it (SQLite would create it with
/// the process umask, usually world-readable); an existing file is left to `make_private`.
fn create_private_file(path: &std::path::Path) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot create {}", path.display())),
    }
}
