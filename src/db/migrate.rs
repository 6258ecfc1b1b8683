//! Embedded migrations for both backends. The folders hold identically named migrations; a test
//! checks that.

use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::DbConnection;

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Applies pending migrations and returns the names of those applied.
pub fn run(conn: &mut DbConnection) -> anyhow::Result<Vec<String>> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE),
        DbConnection::Pg(c) => c.run_pending_migrations(POSTGRES),
    }
    .map_err(|e| anyhow::anyhow!("running migrations: {e}"))?;
    Ok(applied.iter().map(ToString::to_string).collect())
}

/// Names of every migration known to this binary for the connection's backend.
pub fn applied(conn: &mut DbConnection) -> anyhow::Result<Vec<String>> {
    let names = match conn {
        DbConnection::Sqlite(c) => c.applied_migrations(),
        DbConnection::Pg(c) => c.applied_migrations(),
    }
    .map_err(|e| anyhow::anyhow!("listing migrations: {e}"))?;
    Ok(names.iter().map(ToString::to_string).collect())
}
