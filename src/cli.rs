//! The command line: `serve`, `migrate`, `org create`, `user create`, `token create`,
//! `import articles`, `demo`. Progress and logs go to stderr; results meant for scripts go to
//! stdout.

use std::io::{BufRead as _, IsTerminal as _};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::auth::{accounts, password};
use crate::config::{self, Settings};
use crate::db::orgs::{self, NewOrganization};
use crate::db::{self, Db};
use crate::domain::{
    Description, EmailAddress, LanguageTag, NewPassword, OrgName, OrgSlug, PersonName, Role,
    TimeZone, TokenName,
};
use crate::error::AppError;
use crate::startup::{self, Application};
use crate::telemetry;

/// qiao — publish articles and broadcast them to your followers.
#[derive(Parser, Debug)]
#[command(name = "qiao", version, about)]
struct Cli {
    /// Configuration file (default: ./qiao.toml if present; also QIAO_CONFIG).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the web server (and, in later versions, the background workers).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage organizations.
    Org {
        #[command(subcommand)]
        command: OrgCommand,
    },
    /// Manage dashboard users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Import content.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Create a demo organization (a community association) with published articles in
    /// Chinese and English, with covers and tags, so that `serve` shows a real site. Running it
    /// again adds nothing; pointed at an existing organization, it adds only the demo articles
    /// that organization lacks.
    Demo {
        /// Slug of the demo organization.
        #[arg(long, default_value = crate::demo::DEFAULT_SLUG)]
        org: String,
    },
}

#[derive(Subcommand, Debug)]
enum ImportCommand {
    /// Import articles from a JSON Lines file (one article per line: id, title, language,
    /// category, published_at, body_markdown). Running it again skips lines already imported.
    /// Exits 1 when any line failed, after importing all the others.
    Articles {
        /// The file (`-` reads stdin).
        file: PathBuf,
        /// Slug of the organization to import into.
        #[arg(long)]
        org: String,
        /// Publish the articles (at their published_at, or now) instead of creating drafts.
        #[arg(long)]
        publish: bool,
    },
}

#[derive(Subcommand, Debug)]
enum OrgCommand {
    /// Create an organization.
    Create {
        /// URL slug: lower-case letters, digits and hyphens.
        #[arg(long)]
        slug: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// IANA time zone, e.g. America/Toronto.
        #[arg(long, default_value = "UTC")]
        timezone: String,
        /// Default article language (BCP 47), e.g. zh or en.
        #[arg(long, default_value = "zh")]
        language: String,
        /// Profile description.
        #[arg(long, default_value = "")]
        description: String,
    },
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// Create a user in an organization. The password is read from stdin when it is not a
    /// terminal, otherwise prompted for; it is never an argument.
    Create {
        /// Email address (the login).
        #[arg(long)]
        email: String,
        /// Slug of the organization to join.
        #[arg(long)]
        org: String,
        /// owner, editor, author or contributor.
        #[arg(long)]
        role: String,
        /// Display name (default: the part of the email before the @).
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum TokenCommand {
    /// Create an API token for an organization. The token is printed alone on stdout, once;
    /// only its SHA-256 is stored.
    Create {
        /// Slug of the organization the token acts for.
        #[arg(long)]
        org: String,
        /// Name, unique in the organization (1–60 characters), e.g. "website importer".
        #[arg(long)]
        name: String,
    },
}

/// A CLI failure: the message and the exit code.
struct Failure(String, u8);

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure(format!("{e:#}"), 1)
    }
}

fn usage(flag: &str, value: &str, message: impl std::fmt::Display) -> Failure {
    Failure(format!("{flag} {value:?}: {message}"), 2)
}

fn app_error(e: AppError, flag_of: impl Fn(&str) -> &'static str) -> Failure {
    match e {
        AppError::Validation(fields) => {
            let lines: Vec<String> = fields
                .0
                .iter()
                .map(|(f, m)| format!("{}: {m}", flag_of(f)))
                .collect();
            Failure(lines.join("\n"), 2)
        }
        AppError::Unexpected(cause) => Failure(format!("{cause:#}"), 1),
        other => Failure(other.public_message(), 1),
    }
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match config::load(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&settings);
    let result = match cli.command {
        Command::Serve => serve(settings),
        Command::Migrate => migrate(&settings),
        Command::Org {
            command:
                OrgCommand::Create {
                    slug,
                    name,
                    timezone,
                    language,
                    description,
                },
        } => org_create(&settings, &slug, &name, &timezone, &language, &description),
        Command::User {
            command:
                UserCommand::Create {
                    email,
                    org,
                    role,
                    name,
                },
        } => user_create(&settings, &email, &org, &role, name.as_deref()),
        Command::Import {
            command: ImportCommand::Articles { file, org, publish },
        } => import_articles(&settings, &file, &org, publish),
        Command::Token {
            command: TokenCommand::Create { org, name },
        } => token_create(&settings, &org, &name),
        Command::Demo { org } => demo(&settings, &org),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message, code)) => {
            eprintln!("error: {message}");
            ExitCode::from(code)
        }
    }
}

fn serve(settings: Settings) -> Result<(), Failure> {
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(settings).await?;
        tracing::info!(url = %app.public_url, "qiao is listening");
        eprintln!("qiao is serving {}", app.public_url);
        if let Some(url) = &app.setup_url {
            eprintln!("\nNo account exists yet. Open this one-time link to create the first organization and its owner:\n\n    {url}\n");
        }
        app.run_until_stopped().await.map_err(anyhow::Error::from)?;
        tracing::info!("qiao stopped");
        Ok(())
    })
}

fn open(settings: &Settings) -> Result<Db, Failure> {
    std::fs::create_dir_all(&settings.data_dir).map_err(|e| {
        Failure(
            format!("cannot create {}: {e}", settings.data_dir.display()),
            1,
        )
    })?;
    Ok(startup::open_database(settings)?)
}

fn migrate(settings: &Settings) -> Result<(), Failure> {
    let db = open(settings)?;
    let mut conn = db.get().map_err(|e| app_error(e, |_| ""))?;
    let names = db::migrate::applied(&mut conn)?;
    eprintln!(
        "database is up to date ({} migrations applied)",
        names.len()
    );
    Ok(())
}

fn org_create(
    settings: &Settings,
    slug: &str,
    name: &str,
    tz: &str,
    lang: &str,
    description: &str,
) -> Result<(), Failure> {
    let new = NewOrganization {
        slug: OrgSlug::parse(slug).map_err(|m| usage("--slug", slug, m))?,
        name: OrgName::parse(name).map_err(|m| usage("--name", name, m))?,
        timezone: TimeZone::parse(tz).map_err(|m| usage("--timezone", tz, m))?,
        language: LanguageTag::parse(lang).map_err(|m| usage("--language", lang, m))?,
        description: Description::parse(description)
            .map_err(|m| usage("--description", description, m))?,
    };
    let db = open(settings)?;
    let mut conn = db.get().map_err(|e| app_error(e, |_| ""))?;
    let org = orgs::create(&mut conn, &new, db::now()).map_err(|e| app_error(e, |_| "--slug"))?;
    eprintln!("created organization {} ({})", org.slug, org.name);
    Ok(())
}

fn read_password() -> Result<String, Failure> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ")
            .map_err(|e| Failure(format!("reading the password: {e}"), 1))?;
        let second = rpassword::prompt_password("Password again: ")
            .map_err(|e| Failure(format!("reading the password: {e}"), 1))?;
        NewPassword::parse(&first, &second).map_err(|m| Failure(format!("password: {m}"), 2))?;
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure(format!("reading the password from stdin: {e}"), 1))?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    NewPassword::parse(&password, &password)
        .map_err(|m| Failure(format!("password from stdin: {m}"), 2))?;
    Ok(password)
}

fn user_create(
    settings: &Settings,
    email: &str,
    org: &str,
    role: &str,
    name: Option<&str>,
) -> Result<(), Failure> {
    let email_addr = EmailAddress::parse(email).map_err(|m| usage("--email", email, m))?;
    let role: Role = role.parse().map_err(|m| usage("--role", role, m))?;
    let name_text = name.unwrap_or(email_addr.local_part()).to_owned();
    let name = PersonName::parse(&name_text).map_err(|m| usage("--name", &name_text, m))?;
    let db = open(settings)?;
    let mut conn = db.get().map_err(|e| app_error(e, |_| ""))?;
    let organization = orgs::by_slug(&mut conn, org)
        .map_err(|e| app_error(e, |_| ""))?
        .ok_or_else(|| usage("--org", org, "no organization has this slug"))?;
    let password = read_password()?;
    let hash = password::hash(&password)?;
    let user = accounts::create_member(
        &mut conn,
        &organization,
        &email_addr,
        &name,
        &hash,
        role,
        db::now(),
    )
    .map_err(|e| app_error(e, |f| if f == "email" { "--email" } else { "--name" }))?;
    eprintln!(
        "created user {} ({role} of {})",
        user.email, organization.slug
    );
    Ok(())
}

fn import_articles(
    settings: &Settings,
    file: &std::path::Path,
    org: &str,
    publish: bool,
) -> Result<(), Failure> {
    use crate::import;
    let shown = file.display().to_string();
    let (reader, size): (Box<dyn std::io::BufRead>, Option<u64>) = if shown == "-" {
        (Box::new(std::io::stdin().lock()), None)
    } else {
        let f = std::fs::File::open(file).map_err(|e| usage("FILE", &shown, e))?;
        let size = f.metadata().ok().map(|m| m.len());
        (
            Box::new(std::io::BufReader::with_capacity(1 << 20, f)),
            size,
        )
    };
    let db = open(settings)?;
    let organization = {
        let mut conn = db.get().map_err(|e| app_error(e, |_| ""))?;
        orgs::by_slug(&mut conn, org)
            .map_err(|e| app_error(e, |_| ""))?
            .ok_or_else(|| usage("--org", org, "no organization has this slug"))?
    };
    let bar = match size {
        Some(n) => indicatif::ProgressBar::new(n),
        None => indicatif::ProgressBar::new_spinner(),
    };
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let started = std::time::Instant::now();
    let report = import::import_articles(
        &db,
        organization.id,
        reader,
        import::Options { publish },
        |bytes, r| {
            bar.set_position(bytes);
            bar.set_message(format!(
                "{} imported, {} skipped, {} failed",
                r.imported,
                r.skipped,
                r.failed.len()
            ));
        },
    )
    .map_err(|e| app_error(e, |_| ""))?;
    bar.finish_and_clear();
    for f in &report.failed {
        match &f.id {
            Some(id) => eprintln!("line {} (id {id}): {}", f.line, f.reason),
            None => eprintln!("line {}: {}", f.line, f.reason),
        }
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{shown}: {} imported, {} skipped (already imported), {} failed in {secs:.1} s{}",
        report.imported,
        report.skipped,
        report.failed.len(),
        if publish { " (published)" } else { " (drafts)" }
    );
    if report.failed.is_empty() {
        Ok(())
    } else {
        Err(Failure(
            format!(
                "{} line(s) could not be imported; see above",
                report.failed.len()
            ),
            1,
        ))
    }
}

fn token_create(settings: &Settings, org: &str, name: &str) -> Result<(), Failure> {
    let token_name = TokenName::parse(name).map_err(|m| usage("--name", name, m))?;
    let db = open(settings)?;
    let mut conn = db.get().map_err(|e| app_error(e, |_| ""))?;
    let organization = orgs::by_slug(&mut conn, org)
        .map_err(|e| app_error(e, |_| ""))?
        .ok_or_else(|| usage("--org", org, "no organization has this slug"))?;
    let (row, token) = db::tokens::create(&mut conn, organization.id, &token_name, None, db::now())
        .map_err(|e| match e {
            AppError::Validation(f) => usage("--name", name, f.get("name").unwrap_or("invalid")),
            other => app_error(other, |_| ""),
        })?;
    // The token alone on stdout, so that `TOKEN=$(qiao token create …)` works.
    println!("{token}");
    eprintln!(
        "created API token {:?} (id {}) for {}; it is shown only this once",
        row.name, row.id, organization.slug
    );
    Ok(())
}

fn demo(settings: &Settings, org: &str) -> Result<(), Failure> {
    let slug = OrgSlug::parse(org).map_err(|m| usage("--org", org, m))?;
    let db = open(settings)?;
    let store = crate::media::MediaStore::new(settings.media_dir());
    let report = crate::demo::run(&db, &store, settings.media_max_bytes(), &slug, db::now())
        .map_err(|e| app_error(e, |_| "--org"))?;
    let site = settings.public_url.as_ref().map_or_else(
        || format!("http://{}", settings.bind),
        |u| u.as_str().trim_end_matches('/').to_owned(),
    );
    eprint!("{}", report.describe(&site));
    Ok(())
}
