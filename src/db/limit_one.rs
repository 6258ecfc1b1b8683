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

/// `SELECT * FROM (a) AS a UNION ALL SELECT * FROM (b) AS b`: two queries in one round trip,
/// each keeping its own `ORDER BY` and `LIMIT` (diesel's `union_all` is not available on the
/// multi-backend connection; this form is valid SQL on both SQLite and PostgreSQL). Both sides
/// must select the same columns.
#[derive(Debug, Clone, Copy, QueryId)]
pub struct UnionAll<A, B>(pub A, pub B);

impl<A: Query, B: Query<SqlType = A::SqlType>> Query for UnionAll<A, B> {
    type SqlType = A::SqlType;
}

impl<A, B, DB> QueryFragment<DB> for UnionAll<A, B>
where
    DB: Backend,
    A: QueryFragment<DB>,
    B: QueryFragment<DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("SELECT * FROM (");
        self.0.walk_ast(out.reborrow())?;
        out.push_sql(") AS a UNION ALL SELECT * FROM (");
        self.1.walk_ast(out.reborrow())?;
        out.push_sql(") AS b");
        Ok(())
    }
}

impl<A, B, Conn> RunQueryDsl<Conn> for UnionAll<A, B> {}
