//! The command line: `serve`, `migrate`, `org create`, `user create`, `token create`,
//! `import articles`, `demo`. Progress and logs go to stderr; results meant for scripts go to
//! stdout.

mod accounts;
mod content;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::{self, Settings};
use crate::db::{self, Db};
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
    /// Rebuild the search index from the database. Searches keep answering from the old index
    /// until the new one is complete; changes made meanwhile are applied to the new one after.
    Reindex,
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
    /// Import subscribers from a CSV file whose first line names the columns: email (required),
    /// name, tags, categories, digest, language. UTF-8 or GBK (Excel on Chinese Windows).
    /// Without --consent each new address gets a confirmation message and stays pending until
    /// it is confirmed. Addresses that unsubscribed, bounced or complained are never imported.
    /// Exits 1 when any line failed, after importing all the others.
    Subscribers {
        /// The file (`-` reads stdin).
        file: PathBuf,
        /// Slug of the organization to import into.
        #[arg(long)]
        org: String,
        /// These people agreed to receive the organization's mail: import them as active,
        /// without a confirmation message.
        #[arg(long)]
        consent: bool,
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

/// What a command line error says: text, or a message said in English.
struct Said(String);

impl From<&str> for Said {
    fn from(s: &str) -> Said {
        Said(s.to_owned())
    }
}

impl From<String> for Said {
    fn from(s: String) -> Said {
        Said(s)
    }
}

impl From<crate::error::Msg> for Said {
    fn from(m: crate::error::Msg) -> Said {
        Said(crate::error::en(&m))
    }
}

impl From<&crate::error::Msg> for Said {
    fn from(m: &crate::error::Msg) -> Said {
        Said(crate::error::en(m))
    }
}

fn usage(flag: &str, value: &str, message: impl Into<Said>) -> Failure {
    let Said(message) = message.into();
    Failure(format!("{flag} {value:?}: {message}"), 2)
}

fn app_error(e: AppError, flag_of: impl Fn(&str) -> &'static str) -> Failure {
    match e {
        AppError::Validation(fields) => {
            let lines: Vec<String> = fields
                .0
                .iter()
                .map(|(f, m)| format!("{}: {}", flag_of(f), crate::error::en(m)))
                .collect();
            Failure(lines.join("\n"), 2)
        }
        AppError::Unexpected(cause) => Failure(format!("{cause:#}"), 1),
        other => Failure(crate::error::en(&other.public_message()), 1),
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
        } => accounts::org_create(&settings, &slug, &name, &timezone, &language, &description),
        Command::User {
            command:
                UserCommand::Create {
                    email,
                    org,
                    role,
                    name,
                },
        } => accounts::user_create(&settings, &email, &org, &role, name.as_deref()),
        Command::Import {
            command: ImportCommand::Articles { file, org, publish },
        } => content::import_articles(&settings, &file, &org, publish),
        Command::Import {
            command: ImportCommand::Subscribers { file, org, consent },
        } => content::import_subscribers(&settings, &file, &org, consent),
        Command::Token {
            command: TokenCommand::Create { org, name },
        } => accounts::token_create(&settings, &org, &name),
        Command::Demo { org } => content::demo(&settings, &org),
        Command::Reindex => content::reindex(&settings),
    };
    telemetry::finish();
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
