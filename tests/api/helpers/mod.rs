//! The test harness, in one place: `spawn_app()` and its builder, the database each test gets,
//! logged-in clients, and (in the submodules, re-exported here) content and HTML helpers.
//!
//!     let app = spawn_app().with_member(Role::Editor).await;   // org "acme", editor@example.org
//!     let c = app.member(Role::Editor);
//!     let other = spawn_app().configure(|s| s.media_max_mb = 1).on(TestDb::new()).await;

pub mod broadcast;
mod content;
mod html;
pub mod push;
pub mod smtp;

use std::collections::HashMap;
use std::future::{Future, IntoFuture};
use std::path::PathBuf;
use std::pin::Pin;

pub use content::*;
pub use html::*;

use diesel::{Connection as _, PgConnection, RunQueryDsl as _};
use qiao::auth::{accounts, password};
use qiao::config::{DatabaseUrl, Settings};
use qiao::db::orgs::{self, NewOrganization, Organization};
use qiao::db::users::User;
use qiao::db::{self, Db};
use qiao::domain::{
    Description, EmailAddress, LanguageTag, OrgName, OrgSlug, PersonName, Role, TimeZone,
};
use qiao::startup::Application;
use reqwest::redirect::Policy;

/// A password that passes validation.
pub const PASSWORD: &str = "correct horse battery staple";

/// A database just for one test; a PostgreSQL one is dropped at the end.
pub struct TestDb {
    pub url: DatabaseUrl,
    pub dir: tempfile::TempDir,
    pg: Option<(String, String)>,
}

impl TestDb {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin) if !admin.is_empty() => {
                let name = format!("qiao_test_{}", uuid::Uuid::new_v4().simple());
                let mut conn =
                    PgConnection::establish(&admin).expect("connect to TEST_DATABASE_URL");
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .expect("create test database");
                let mut url = url::Url::parse(&admin).expect("TEST_DATABASE_URL is a URL");
                url.set_path(&name);
                // Loopback needs no TLS, and libpq's OpenSSL teardown at process exit can crash
                // while server threads of finished tests still hold connections.
                if !url.query_pairs().any(|(k, _)| k == "sslmode") {
                    url.query_pairs_mut().append_pair("sslmode", "disable");
                }
                TestDb {
                    url: DatabaseUrl::Postgres(url.to_string()),
                    dir,
                    pg: Some((admin, name)),
                }
            }
            _ => {
                let path = dir.path().join("qiao.db");
                TestDb {
                    url: DatabaseUrl::Sqlite(path),
                    dir,
                    pg: None,
                }
            }
        }
    }

    /// The URL as an operator would write it in QIAO_DATABASE_URL.
    pub fn url_string(&self) -> String {
        match &self.url {
            DatabaseUrl::Postgres(u) => u.clone(),
            DatabaseUrl::Sqlite(p) => format!("sqlite://{}", p.display()),
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// On PostgreSQL, has the server end every connection to this test's database, as a
    /// restart or a failover would; returns how many it ended. `None` on SQLite.
    pub fn terminate_connections(&self) -> Option<usize> {
        let (admin, name) = self.pg.as_ref()?;
        let mut conn = PgConnection::establish(admin).expect("connect to TEST_DATABASE_URL");
        #[derive(diesel::QueryableByName)]
        struct Ended {
            #[diesel(sql_type = diesel::sql_types::Bool)]
            ended: bool,
        }
        let rows: Vec<Ended> = diesel::sql_query(
            "SELECT pg_terminate_backend(pid, 5000) AS ended FROM pg_stat_activity \
             WHERE datname = $1 AND pid <> pg_backend_pid()",
        )
        .bind::<diesel::sql_types::Text, _>(name)
        .load(&mut conn)
        .expect("terminate backends");
        Some(rows.iter().filter(|r| r.ended).count())
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.pg.take()
            && let Ok(mut conn) = PgConnection::establish(&admin)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut conn);
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub db: Db,
    pub setup_url: Option<String>,
    pub settings: Settings,
    /// The app's view counter (tests flush it explicitly).
    pub views: std::sync::Arc<qiao::views::ViewCounter>,
    /// The app's broadcast worker (tests with `run_workers = false` drive it with their clock).
    pub broadcaster: std::sync::Arc<qiao::delivery::broadcast::Broadcaster>,
    /// The app's search engine, its outbox syncer and its query counter.
    pub search: qiao::search::Engine,
    /// Applies the search outbox (tests run passes with their clock).
    pub syncer: std::sync::Arc<qiao::search::sync::Syncer>,
    /// Readers' queries counted in memory.
    pub queries: std::sync::Arc<qiao::search::stats::QueryStats>,
    /// Logged-in clients of the members the builder added, by email.
    members: HashMap<String, reqwest::Client>,
    /// Kept so the database lives as long as the app.
    pub _test_db: TestDb,
}

/// The organization [`AppBuilder::with_member`] puts members in.
pub const ORG: &str = "acme";

/// A change to the settings, made before the app starts.
type Configure = Box<dyn FnOnce(&mut Settings)>;

/// What [`spawn_app`] starts: settings, database, organizations and logged-in members, then
/// `.await` for the running [`TestApp`].
pub struct AppBuilder {
    configure: Vec<Configure>,
    db: Option<TestDb>,
    orgs: Vec<String>,
    members: Vec<(String, String, Role)>,
}

/// A running app on a fresh database; add to it with the builder's methods before `.await`.
pub fn spawn_app() -> AppBuilder {
    AppBuilder {
        configure: Vec::new(),
        db: None,
        orgs: Vec::new(),
        members: Vec::new(),
    }
}

/// The address [`AppBuilder::with_member`] gives the member with `role`: `editor@example.org`.
pub fn member_email(role: Role) -> String {
    format!("{}@example.org", role.as_str())
}

impl AppBuilder {
    /// Changes the settings before the app starts.
    pub fn configure(mut self, f: impl FnOnce(&mut Settings) + 'static) -> Self {
        self.configure.push(Box::new(f));
        self
    }

    /// Runs on this database (one a command already used) instead of a fresh one.
    pub fn on(mut self, db: TestDb) -> Self {
        self.db = Some(db);
        self
    }

    /// Creates the organization `slug` (named "Org {slug}").
    pub fn with_org(mut self, slug: &str) -> Self {
        if !self.orgs.iter().any(|o| o == slug) {
            self.orgs.push(slug.to_owned());
        }
        self
    }

    /// A member with `role` in [`ORG`] (created), at [`member_email`], logged in:
    /// [`TestApp::member`] is its client.
    pub fn with_member(self, role: Role) -> Self {
        self.with_member_in(ORG, &member_email(role), role)
    }

    /// A member `email` with `role` in `org` (created), logged in: [`TestApp::client_of`].
    pub fn with_member_in(mut self, org: &str, email: &str, role: Role) -> Self {
        self = self.with_org(org);
        self.members.push((org.to_owned(), email.to_owned(), role));
        self
    }

    async fn spawn(self) -> TestApp {
        let test_db = self.db.unwrap_or_default();
        let mut settings = Settings::for_tests(test_db.data_dir(), test_db.url.clone());
        for f in self.configure {
            f(&mut settings);
        }
        qiao::telemetry::init(&settings);
        let app = Application::build(settings.clone())
            .await
            .expect("application builds");
        let address = format!("http://127.0.0.1:{}", app.port());
        let db = app.db.clone();
        let views = app.views.clone();
        let setup_url = app.setup_url.clone();
        let broadcaster = app.broadcaster.clone();
        let (search, syncer, queries) =
            (app.search.clone(), app.syncer.clone(), app.queries.clone());
        tokio::spawn(app.run_until_stopped());
        let mut app = TestApp {
            address,
            db,
            setup_url,
            settings,
            views,
            broadcaster,
            search,
            syncer,
            queries,
            members: HashMap::new(),
            _test_db: test_db,
        };
        for org in &self.orgs {
            app.create_org(org);
        }
        for (org, email, role) in &self.members {
            let c = app.member_client(email, org, *role).await;
            app.members.insert(email.clone(), c);
        }
        app
    }
}

impl IntoFuture for AppBuilder {
    type Output = TestApp;
    type IntoFuture = Pin<Box<dyn Future<Output = TestApp>>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.spawn())
    }
}

impl Default for TestDb {
    fn default() -> Self {
        TestDb::new()
    }
}

impl TestApp {
    /// The logged-in client of the member [`AppBuilder::with_member`] added with `role`.
    pub fn member(&self, role: Role) -> reqwest::Client {
        self.client_of(&member_email(role))
    }

    /// The logged-in client of a member the builder added (it shares the member's cookies).
    pub fn client_of(&self, email: &str) -> reqwest::Client {
        self.members
            .get(email)
            .unwrap_or_else(|| panic!("no member {email} was added with the builder"))
            .clone()
    }
}

/// A browser-like client: keeps cookies, does not follow redirects, and asks for English
/// (`Accept-Language: en`; the test organizations write Chinese, and without the header the
/// dashboard would speak their language). A request's own `Accept-Language` wins.
pub fn client() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT_LANGUAGE,
        reqwest::header::HeaderValue::from_static("en"),
    );
    reqwest::Client::builder()
        .default_headers(headers)
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("client")
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn create_org(&self, slug: &str) -> Organization {
        let new = NewOrganization {
            slug: OrgSlug::parse(slug).expect("slug"),
            name: OrgName::parse(&format!("Org {slug}")).expect("name"),
            description: Description::parse("").expect("description"),
            language: LanguageTag::parse("zh").expect("language"),
            timezone: TimeZone::parse("America/Toronto").expect("zone"),
        };
        let mut conn = self.db.get().expect("connection");
        orgs::create(&mut conn, &new, db::now()).expect("org created")
    }

    pub fn org(&self, slug: &str) -> Organization {
        let mut conn = self.db.get().expect("connection");
        orgs::by_slug(&mut conn, slug)
            .expect("query")
            .expect("org exists")
    }

    pub fn create_user(&self, email: &str, org_slug: &str, role: Role) -> User {
        let org = self.org(org_slug);
        let email = EmailAddress::parse(email).expect("email");
        let name = PersonName::parse(email.local_part()).expect("name");
        let hash = password::hash(PASSWORD).expect("hash");
        let mut conn = self.db.get().expect("connection");
        accounts::create_member(&mut conn, &org, &email, &name, &hash, role, db::now())
            .expect("user created")
    }

    pub async fn get(&self, c: &reqwest::Client, path: &str) -> reqwest::Response {
        c.get(self.url(path)).send().await.expect("request")
    }

    /// A CSRF token of `c`'s session, read from a page with a form.
    pub async fn csrf(&self, c: &reqwest::Client, page: &str) -> String {
        let html = self.get(c, page).await.text().await.expect("body");
        csrf_in(&html)
    }

    pub async fn post(
        &self,
        c: &reqwest::Client,
        path: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        c.post(self.url(path))
            .form(form)
            .send()
            .await
            .expect("request")
    }

    /// Posts a form with a valid CSRF token (read from `/account`, which needs a login).
    pub async fn post_form(
        &self,
        c: &reqwest::Client,
        path: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        let token = self.csrf(c, "/account").await;
        let mut fields: Vec<(&str, &str)> = form.to_vec();
        fields.push(("csrf_token", &token));
        self.post(c, path, &fields).await
    }

    pub async fn login_as(
        &self,
        c: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        self.login_next(c, email, password, "").await
    }

    /// Logs in through the form, asking to go to `next` afterwards.
    pub async fn login_next(
        &self,
        c: &reqwest::Client,
        email: &str,
        password: &str,
        next: &str,
    ) -> reqwest::Response {
        let token = self.csrf(c, "/login").await;
        let form = [
            ("email", email),
            ("password", password),
            ("csrf_token", &token),
            ("next", next),
        ];
        self.post(c, "/login", &form).await
    }

    /// The user with this email.
    pub fn user(&self, email: &str) -> User {
        let mut conn = self.db.get().expect("connection");
        let email = EmailAddress::parse(email).expect("email");
        qiao::db::users::by_email(&mut conn, &email)
            .expect("query")
            .expect("user exists")
    }

    /// A new client logged in as a new user with `role` in `org`.
    pub async fn member_client(&self, email: &str, org: &str, role: Role) -> reqwest::Client {
        self.create_user(email, org, role);
        let c = client();
        let res = self.login_as(&c, email, PASSWORD).await;
        assert_eq!(res.status().as_u16(), 303, "login of {email} works");
        c
    }
}

impl TestApp {
    /// Invites `email` to `org` as `role` through the members page, as the owner logged in on
    /// `c`, and returns the invitation link the page shows once.
    pub async fn invite(&self, c: &reqwest::Client, org: &str, email: &str, role: &str) -> String {
        let path = format!("/dashboard/{org}/members");
        let res = self
            .post_form(c, &path, &[("email", email), ("role", role)])
            .await;
        assert_eq!(res.status().as_u16(), 303, "invitation of {email} accepted");
        self.shown_invite_link(c, org).await
    }

    /// The invitation link the members page shows once, after an invitation or a renewal.
    pub async fn shown_invite_link(&self, c: &reqwest::Client, org: &str) -> String {
        let path = format!("/dashboard/{org}/members");
        let html = self.get(c, &path).await.text().await.expect("body");
        let doc = scraper::Html::parse_document(&html);
        let sel = scraper::Selector::parse("input.copy").expect("selector");
        doc.select(&sel)
            .next()
            .and_then(|e| e.value().attr("value"))
            .expect("the members page shows the new invitation link")
            .to_owned()
    }

    /// The id of the open invitation of `email` to `org`.
    pub fn open_invitation(&self, org: &str, email: &str) -> i64 {
        use diesel::prelude::*;
        use qiao::db::schema::invitations;
        let (user, org) = (self.user(email), self.org(org));
        let mut conn = self.db.get().expect("connection");
        invitations::table
            .filter(invitations::user_id.eq(user.id))
            .filter(invitations::org_id.eq(org.id))
            .filter(invitations::accepted_at.is_null())
            .filter(invitations::revoked_at.is_null())
            .select(invitations::id)
            .first(&mut conn)
            .expect("an open invitation")
    }

    /// The password hash of the user with this email (None: never set).
    pub fn password_hash(&self, email: &str) -> Option<String> {
        self.user(email).password_hash
    }

    /// The user's role in the organization, if a member.
    pub fn role_in(&self, email: &str, org: &str) -> Option<Role> {
        let user = self.user(email);
        let org = self.org(org);
        let mut conn = self.db.get().expect("connection");
        qiao::db::members::role_of(&mut conn, org.id, user.id).expect("query")
    }
}

/// Opens an invitation link with `c` and returns status and page.
pub async fn open_link(c: &reqwest::Client, link: &str) -> (u16, String) {
    let res = c.get(link).send().await.expect("request");
    let status = res.status().as_u16();
    (status, res.text().await.expect("body"))
}

/// Posts the join form of an invitation page (name and password) with `c`.
pub async fn join_through(c: &reqwest::Client, link: &str, name: &str) -> reqwest::Response {
    let token = csrf_for(c, link).await;
    c.post(link)
        .form(&[
            ("name", name),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .expect("request")
}

/// A CSRF token of `c`'s session on the site `link` belongs to (read from its login page, which
/// always has a form).
pub async fn csrf_for(c: &reqwest::Client, link: &str) -> String {
    let origin = link.split("/invite/").next().expect("an invitation link");
    let (_, page) = open_link(c, &format!("{origin}/login")).await;
    csrf_in(&page)
}

/// The organization-checked reference of an article, for tests that call `db` directly.
pub fn article_ref(conn: &mut qiao::db::DbConnection, id: i64) -> qiao::db::articles::ArticleRef {
    use qiao::db::articles;
    let org_id = articles::by_id(conn, id).expect("article").org_id;
    articles::in_org(conn, org_id, id)
        .expect("in its organization")
        .reference()
}
