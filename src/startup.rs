//! Wires every part together: database, secrets, HTTP server and middleware. The only module
//! that knows them all.

use std::net::TcpListener;
use std::sync::Arc;

use actix_session::SessionMiddleware;
use actix_session::config::PersistentSession;
use actix_session::storage::CookieSessionStore;
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::Server;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpServer, web};
use anyhow::Context as _;

use crate::auth::throttle::LoginThrottle;
use crate::auth::tokens::{Signer, random_token};
use crate::config::Settings;
use crate::db::{self, Db, users};
use crate::error::AppError;
use crate::secrets::Secrets;
use crate::views::ViewCounter;
pub use crate::web::AppState;
use crate::web::{self as routes, errors, headers, metrics};

/// A built, bound, not yet running application.
pub struct Application {
    port: u16,
    server: Server,
    /// Public base URL without a trailing slash.
    pub public_url: String,
    /// The one-time setup link, when no user exists yet.
    pub setup_url: Option<String>,
    /// The database pool (tests use it to arrange data).
    pub db: Db,
    /// Article views counted in memory (tests flush them with an explicit call).
    pub views: Arc<ViewCounter>,
    /// Sends queued mail (tests run its passes with their own clock).
    pub mailer: Arc<crate::delivery::outbox::Mailer>,
    /// Sends queued notifications (likewise).
    pub pusher: Arc<crate::delivery::push::Pusher>,
    /// Sends broadcasts and digests.
    pub broadcaster: Arc<crate::delivery::broadcast::Broadcaster>,
    /// The search engine.
    pub search: crate::search::Engine,
    /// Applies the search outbox (tests run its passes with their own clock).
    pub syncer: Arc<crate::search::sync::Syncer>,
    /// Readers' queries counted in memory.
    pub queries: Arc<crate::search::stats::QueryStats>,
    run_workers: bool,
}

/// The VAPID identity the settings and the data dir's key give: the contact is
/// `vapid_subject`, else `mailto:` and `mail_from`'s address.
pub fn vapid(
    settings: &Settings,
    secrets: &Secrets,
) -> anyhow::Result<crate::delivery::push::Vapid> {
    let subject = match &settings.vapid_subject {
        Some(s) => s.clone(),
        None => {
            let from: lettre::message::Mailbox = settings
                .mail_from
                .parse()
                .map_err(|e| anyhow::anyhow!("mail_from {:?}: {e}", settings.mail_from))?;
            format!("mailto:{}", from.email)
        }
    };
    crate::delivery::push::Vapid::new(&secrets.vapid_key, subject)
}

/// Opens the search engine the settings name (the embedded index in `data/search/`), sets it
/// up, and loads jieba's dictionary, so the first search is not the slow one.
pub async fn open_search(settings: &Settings) -> anyhow::Result<crate::search::Engine> {
    let location = crate::search::Location::Embedded(settings.data_dir.join("search"));
    let engine = crate::search::open(&location).map_err(|e| anyhow::anyhow!("{e}"))?;
    engine
        .configure()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    tokio::task::spawn_blocking(crate::search::text::warm_up).await?;
    tracing::info!(engine = engine.name(), "search engine ready");
    Ok(engine)
}

/// Opens the database and applies pending migrations.
pub fn open_database(settings: &Settings) -> anyhow::Result<Db> {
    let db = Db::connect(&settings.database, settings.database_pool_size)?;
    let mut conn = db.get().map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let applied = db::migrate::run(&mut conn)?;
    for name in applied {
        tracing::info!(migration = %name, "applied migration");
    }
    Ok(db)
}

/// The public URL the settings give (or the bound address's, for the command line, which
/// binds nothing).
fn configured_public_url(settings: &Settings) -> String {
    match &settings.public_url {
        Some(url) => url.as_str().trim_end_matches('/').to_owned(),
        None => format!("http://{}", settings.bind),
    }
}

/// What writes subscribers' mail, for work outside the server (an import from the command
/// line): the same keys and sender the server uses.
pub fn letters_writer(settings: &Settings) -> anyhow::Result<crate::delivery::letters::Writer> {
    crate::secrets::create_private_dir(&settings.data_dir)?;
    let secrets = Secrets::load_or_generate(settings)?;
    let sender = Arc::new(
        crate::delivery::message::Sender::new(&settings.mail_from, settings.dkim.as_ref())
            .map_err(|e| anyhow::anyhow!("{}", e.log_text()))?,
    );
    Ok(crate::delivery::letters::Writer::new(
        Signer::new(&secrets.token_key),
        sender,
        &configured_public_url(settings),
    ))
}

impl Application {
    /// Loads secrets, opens the database, binds the listener and builds the server.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        crate::secrets::create_private_dir(&settings.data_dir)
            .with_context(|| format!("cannot create data dir {}", settings.data_dir.display()))?;
        let secrets = Secrets::load_or_generate(&settings)?;
        let db = open_database(&settings)?;
        let listener = TcpListener::bind(settings.bind)
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let local = listener.local_addr()?;
        let public_url = match &settings.public_url {
            Some(url) => url.as_str().trim_end_matches('/').to_owned(),
            None => format!("http://{local}"),
        };
        let no_users = {
            let mut conn = db.get().map_err(|e| anyhow::anyhow!("{e:?}"))?;
            users::count(&mut conn).map_err(|e| anyhow::anyhow!("{e:?}"))? == 0
        };
        let setup_token = no_users.then(|| random_token(24));
        let setup_url = setup_token
            .as_ref()
            .map(|t| format!("{public_url}/setup/{t}"));
        let views = Arc::new(ViewCounter::new());
        let search = open_search(&settings).await?;
        let queries = Arc::new(crate::search::stats::QueryStats::new());
        let cache = crate::web::cache::PageCache::new()?;
        let metrics = metrics::Metrics::new()?;
        metrics.register_page_cache(&cache)?;
        let sender = Arc::new(
            crate::delivery::message::Sender::new(&settings.mail_from, settings.dkim.as_ref())
                .map_err(|e| anyhow::anyhow!("{}", e.log_text()))?,
        );
        let letters = crate::delivery::letters::Writer::new(
            Signer::new(&secrets.token_key),
            sender.clone(),
            &public_url,
        );
        let broadcast_letters = letters.clone();
        let broadcast_sender = sender.clone();
        let vapid = Arc::new(vapid(&settings, &secrets)?);
        let state = web::Data::new(AppState {
            push_key: vapid.public_key().to_owned(),
            letters,
            sender,
            views: views.clone(),
            search: search.clone(),
            queries: queries.clone(),
            signer: Signer::new(&secrets.token_key),
            throttle: LoginThrottle::new(settings.login_attempts_per_ip),
            follow_throttle: LoginThrottle::per_hour(settings.follow_requests_per_ip),
            metrics,
            asset_version: routes::assets::version(),
            setup_lock: tokio::sync::Mutex::new(()),
            media_permits: tokio::sync::Semaphore::new(2),
            cache,
            setup_token,
            public_url: public_url.clone(),
            db: db.clone(),
            settings: settings.clone(),
        });
        let mailer = Arc::new(
            crate::delivery::outbox::Mailer::from_settings(&settings)
                .map_err(|e| anyhow::anyhow!("{}", e.log_text()))?,
        );
        let pusher = Arc::new(crate::delivery::push::Pusher::new(
            vapid,
            settings.push_private_endpoints,
        )?);
        let broadcaster = Arc::new(crate::delivery::broadcast::Broadcaster::new(
            &settings,
            mailer.clone(),
            pusher.clone(),
            broadcast_letters,
            broadcast_sender,
            &public_url,
        ));
        let server = server(state, &secrets, &settings, listener)?;
        let syncer = Arc::new(crate::search::sync::Syncer::new(search.clone(), db.clone()));
        Ok(Application {
            search,
            syncer,
            queries,
            run_workers: settings.run_workers,
            broadcaster,
            pusher,
            port: local.port(),
            server,
            public_url,
            setup_url,
            db,
            views,
            mailer,
        })
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGINT/SIGTERM (in-flight requests get `shutdown_timeout` to finish), with
    /// the scheduler running beside the server; both stop together, the scheduler after the
    /// server so that its last flush saves every view counted.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let scheduler = tokio::spawn(crate::scheduler::run(
            self.db.clone(),
            self.views.clone(),
            self.queries.clone(),
            crate::scheduler::INTERVAL,
            stopped.clone(),
            self.run_workers,
        ));
        if !self.run_workers {
            tracing::info!("background work is off here (run_workers = false)");
            let result = self.server.await;
            let _ = stop.send(true);
            let _ = scheduler.await;
            return result;
        }
        let mail = tokio::spawn(crate::delivery::outbox::run(
            self.mailer.clone(),
            self.db.clone(),
            crate::delivery::outbox::INTERVAL,
            stopped.clone(),
        ));
        let push = tokio::spawn(crate::delivery::push::run(
            self.pusher.clone(),
            self.db.clone(),
            crate::delivery::push::INTERVAL,
            stopped.clone(),
        ));
        let broadcasts = tokio::spawn(crate::delivery::broadcast::run(
            self.broadcaster.clone(),
            self.db.clone(),
            stopped.clone(),
        ));
        let search = tokio::spawn(crate::search::sync::run(self.syncer.clone(), stopped));
        let result = self.server.await;
        let _ = stop.send(true);
        let _ = scheduler.await;
        let _ = mail.await;
        let _ = push.await;
        let _ = broadcasts.await;
        let _ = search.await;
        result
    }
}

fn server(
    state: web::Data<AppState>,
    secrets: &Secrets,
    settings: &Settings,
    listener: TcpListener,
) -> anyhow::Result<Server> {
    let key = Key::try_from(secrets.session_key.as_slice())
        .map_err(|e| anyhow::anyhow!("session key: {e}"))?;
    let https = settings.https();
    let server = HttpServer::new(move || {
        let session = SessionMiddleware::builder(CookieSessionStore::default(), key.clone())
            .cookie_name("qiao_session".to_owned())
            .cookie_secure(https)
            .cookie_http_only(true)
            .cookie_same_site(SameSite::Lax)
            .session_lifecycle(
                PersistentSession::default()
                    .session_ttl(actix_web::cookie::time::Duration::days(14)),
            )
            .build();
        App::new()
            .app_data(state.clone())
            .app_data(web::PayloadConfig::new(routes::csrf::FORM_LIMIT))
            .app_data(web::FormConfig::default().error_handler(errors::extractor_error))
            .app_data(web::JsonConfig::default().error_handler(errors::extractor_error))
            .app_data(web::QueryConfig::default().error_handler(errors::extractor_error))
            .app_data(web::PathConfig::default().error_handler(|_, _| AppError::NotFound.into()))
            .configure(routes::routes)
            .default_service(web::to(routes::not_found))
            .wrap(from_fn(crate::web::nul::refuse_in_address))
            // Inside the session middleware: an error page reads the session (its user, its
            // CSRF token for the log-out form) while the session is still there to read, and
            // a token it mints is saved. Outside, the session had been taken for its cookie
            // already, and every error page's log-out form carried a token nobody had stored.
            .wrap(from_fn(errors::render))
            .wrap(session)
            .wrap(from_fn(crate::web::cache::mark_changes))
            .wrap(headers::security_headers(https))
            .wrap(from_fn(metrics::track))
            .wrap(Compress::default())
    })
    .workers(settings.workers)
    .shutdown_timeout(settings.shutdown_timeout)
    .listen(listener)?
    .run();
    Ok(server)
}
