//! `LIMIT 1` written into the SQL, for queries on hot paths.
//!
//! diesel's `.first()` binds the limit as a parameter. SQLite (3.50, bundled) lets the value of
//! a bound LIMIT shape the plan, so it recompiles such a statement every time the parameter is
//! bound again — on every run, although diesel keeps the statement prepared. On an uncached
//! article page that was four recompilations per request (counted with a uprobe on
//! `sqlite3Reprepare`, benches/site.sh). A literal `LIMIT 1` leaves the statement prepared.

use diesel::backend::Backend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::{QueryResult, RunQueryDsl};

/// `query LIMIT 1`: run it with `.get_result(conn)` (`.optional()` for none).
#[derive(Debug, Clone, Copy, QueryId)]
pub struct LimitOne<Q>(pub Q);

impl<Q: Query> Query for LimitOne<Q> {
    type SqlType = Q::SqlType;
}

impl<Q, DB> QueryFragment<DB> for LimitOne<Q>
where
    DB: Backend,
    Q: QueryFragment<DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.0.walk_ast(out.reborrow())?;
        out.push_sql(" LIMIT 1");
        Ok(())
    }
}

impl<Q, Conn> RunQueryDsl<Conn> for LimitOne<Q> {}
