use std::collections::BTreeSet;

use diesel_migrations::{EmbeddedMigrations, MigrationHarness as _, embed_migrations};
use qiao::db::DbConnection;

use crate::helpers::spawn_app;

fn names(dir: &str) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .expect("migration folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect()
}

#[test]
fn both_migration_folders_hold_the_same_migrations() {
    let root = env!("CARGO_MANIFEST_DIR");
    let sqlite = names(&format!("{root}/migrations/sqlite"));
    let postgres = names(&format!("{root}/migrations/postgres"));
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres);
    for name in &sqlite {
        for backend in ["sqlite", "postgres"] {
            for file in ["up.sql", "down.sql"] {
                let path = format!("{root}/migrations/{backend}/{name}/{file}");
                assert!(std::path::Path::new(&path).exists(), "{path} is missing");
            }
        }
    }
}

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

#[tokio::test]
async fn migrations_apply_revert_and_reapply_on_this_backend() {
    let app = spawn_app().await;
    let folder_count = names(&format!("{}/migrations/sqlite", env!("CARGO_MANIFEST_DIR"))).len();
    let mut conn = app.db.get().expect("conn");
    assert_eq!(
        qiao::db::migrate::applied(&mut conn)
            .expect("applied")
            .len(),
        folder_count
    );
    assert!(
        qiao::db::migrate::run(&mut conn).expect("run").is_empty(),
        "nothing left to apply"
    );
    let conn: &mut DbConnection = &mut conn;
    match conn {
        DbConnection::Sqlite(c) => {
            c.revert_all_migrations(SQLITE)
                .expect("down migrations work");
        }
        DbConnection::Pg(c) => {
            c.revert_all_migrations(POSTGRES)
                .expect("down migrations work");
        }
    }
    assert!(
        qiao::db::migrate::applied(conn)
            .expect("applied")
            .is_empty()
    );
    assert_eq!(
        qiao::db::migrate::run(conn).expect("run").len(),
        folder_count
    );
}

#[tokio::test]
async fn foreign_keys_are_enforced_on_every_pooled_connection() {
    use diesel::prelude::*;
    use qiao::db::schema::memberships;
    let app = spawn_app().await;
    // Hold several connections at once so the pool opens new ones, each with its PRAGMAs.
    let mut conns: Vec<_> = (0..4).map(|_| app.db.get().expect("conn")).collect();
    for conn in &mut conns {
        let result = diesel::insert_into(memberships::table)
            .values((
                memberships::org_id.eq(9_999_i64),
                memberships::user_id.eq(9_999_i64),
                memberships::role.eq("owner"),
                memberships::created_at.eq(qiao::db::now()),
            ))
            .execute(&mut **conn);
        assert!(
            result.is_err(),
            "a membership of no organization is refused"
        );
    }
}

/// The tables `schema.rs` declares, read from its text (`diesel::table! { name (key) {`).
fn schema_tables() -> BTreeSet<String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/db/schema.rs"))
        .expect("schema.rs");
    let mut tables = BTreeSet::new();
    for block in text.split("diesel::table! {").skip(1) {
        let name = block
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("///"))
            .and_then(|l| l.split_whitespace().next())
            .expect("a table name");
        tables.insert(name.to_owned());
    }
    tables
}

#[tokio::test]
async fn every_column_of_schema_rs_exists_on_this_backend() {
    use diesel::dsl::exists;
    use diesel::prelude::*;
    use qiao::db::schema::*;
    let app = spawn_app().await;
    let mut conn = app.db.get().expect("conn");
    let conn: &mut DbConnection = &mut conn;
    let mut checked = BTreeSet::new();
    // Each query names every column of the table; a missing or misspelt one fails here.
    macro_rules! check {
        ($($table:ident),*) => {$(
            let result: QueryResult<bool> =
                diesel::select(exists($table::table.select($table::all_columns))).get_result(conn);
            if let Err(e) = result {
                panic!("{}: {e}", stringify!($table));
            }
            checked.insert(stringify!($table).to_owned());
        )*};
    }
    check!(
        organizations,
        users,
        memberships,
        media,
        articles,
        article_slug_redirects,
        tags,
        article_tags,
        article_revisions,
        search_outbox,
        api_tokens,
        page_views,
        subscribers,
        invitations,
        sessions,
        login_failures,
        preview_links,
        outgoing_mail,
        suppressions,
        mail_events,
        subscriber_tags,
        subscriber_tag_links,
        push_subscriptions,
        outgoing_push,
        broadcasts,
        broadcast_articles,
        broadcast_tags,
        deliveries,
        digest_runs,
        digest_articles,
        search_state,
        search_queries
    );
    let declared = schema_tables();
    assert!(declared.len() >= 17, "{declared:?}");
    assert_eq!(
        checked, declared,
        "every table schema.rs declares is checked above"
    );

    // And the database holds exactly those tables (a migration's table missing from
    // schema.rs, or a dropped one still declared, fails here).
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    let sql = match conn {
        DbConnection::Sqlite(_) => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        DbConnection::Pg(_) => {
            "SELECT table_name AS name FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        }
    };
    let in_db: BTreeSet<String> = diesel::sql_query(sql)
        .load::<Name>(conn)
        .expect("table names")
        .into_iter()
        .map(|n| n.name)
        .filter(|n| n != "__diesel_schema_migrations")
        .collect();
    assert_eq!(in_db, declared, "tables in the database vs schema.rs");
}

#[tokio::test]
async fn an_unknown_value_in_a_typed_column_is_an_error_not_a_default() {
    use diesel::prelude::*;
    use qiao::db::schema::organizations;
    let app = spawn_app().await;
    app.create_org("acme");
    let mut conn = app.db.get().expect("conn");
    diesel::update(organizations::table)
        .set(organizations::timezone.eq("Mars/Olympus_Mons"))
        .execute(&mut conn)
        .expect("no CHECK on the zone column");
    let loaded = qiao::db::orgs::by_slug(&mut conn, "acme");
    let message = format!("{:?}", loaded.expect_err("an unknown zone does not load"));
    assert!(message.contains("Mars/Olympus_Mons"), "{message}");
    // Not quietly shown in UTC either.
    let res = crate::helpers::client()
        .get(app.url("/@acme"))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 500);
}
