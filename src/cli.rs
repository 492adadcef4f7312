//! The `prachum` command line: `serve` (default, with the mail worker unless `--no-worker`),
//! `migrate`, `demo`, `worker` (the mail worker and scheduler alone), `mail send-due`; exit
//! codes are documented
//! in `--help` and follow sysexits (78 configuration, 69 database unavailable).
//!
//! Longer than 500 lines on purpose: the whole command line, its argument definitions and the
//! dispatch of every subcommand, in one place an operator's question can be answered from.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::config::Settings;
use crate::documents::{Documents, Format};
use crate::error::AppError;
use crate::mail::worker::Worker;
use crate::services::Ctx;
use crate::services::users::{self, AccountCommand, AccountInput};
use crate::state::{AppState, Clock};
use crate::{auth, db, demo, telemetry, web};

const EXIT_CODES: &str = "\
Exit codes:
  0   success
  1   failure while running (see the message)
  2   wrong command-line usage
  69  the database is unreachable
  78  invalid configuration (the message names the key)";

/// Prachum (ประชุม): Thai government inspection meetings, directives, actions and minutes.
#[derive(Debug, Parser)]
#[command(name = "prachum", version, about, after_help = EXIT_CODES)]
pub struct Cli {
    /// Folder holding default.toml and <PRACHUM_ENV>.toml overrides.
    #[arg(
        long,
        env = "PRACHUM_CONFIG_DIR",
        default_value = "config",
        global = true
    )]
    pub config_dir: PathBuf,
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the web server (the default). Migrates first unless database.migrate_on_start = false.
    Serve(ServeArgs),
    /// Apply pending migrations and load the reference data (zones, provinces, agencies).
    Migrate,
    /// Load the demo data set built from three real provincial meetings (idempotent).
    Demo(DemoArgs),
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Render the minutes of a meeting.
    #[command(subcommand)]
    Minutes(MinutesCommand),
    /// Render the zone report of an inspection round.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Run the mail worker and the scheduler alone (no web server) until Ctrl-C or SIGTERM; with
    /// several instances, one at a time works (the worker lease).
    Worker,
    /// Outgoing mail.
    #[command(subcommand)]
    Mail(MailCommand),
    /// Agency offices of a province.
    #[command(subcommand)]
    Office(OfficeCommand),
}

/// Options of `prachum serve`.
#[derive(Debug, Default, Args)]
pub struct ServeArgs {
    /// Serve HTTP only: no mail worker or scheduler in this process (run `prachum worker`
    /// elsewhere).
    #[arg(long)]
    pub no_worker: bool,
}

/// `prachum office …`
#[derive(Debug, Subcommand)]
pub enum OfficeCommand {
    /// List the offices of a province: id, code, agency, name.
    List {
        /// Province code, e.g. TH-55.
        #[arg(long)]
        province: String,
    },
    /// Add an office (a district office, a local body, a unit the catalogue lacks); prints its
    /// id and code.
    Create {
        /// Province code, e.g. TH-55.
        #[arg(long)]
        province: String,
        /// Agency short code from the catalogue (assets/reference/agencies.csv), e.g. cdd_district.
        #[arg(long)]
        agency: String,
        /// Name (default: the catalogue's name for one office per province).
        #[arg(long)]
        name: Option<String>,
        /// Stable code (default: TH-xx.<agency>, numbered when taken).
        #[arg(long)]
        code: Option<String>,
        /// The office's mailbox.
        #[arg(long)]
        email: Option<String>,
    },
    /// Import a province's offices and heads from CSV (the columns of the export on
    /// /admin/offices; a line with `agency_code` and `office_name` but no `office_id` adds an
    /// office). All or nothing: errors name their line numbers and nothing is written.
    Import {
        /// Province code, e.g. TH-55.
        #[arg(long)]
        province: String,
        /// The CSV file (UTF-8).
        file: std::path::PathBuf,
    },
}

/// `prachum minutes …`
#[derive(Debug, Subcommand)]
pub enum MinutesCommand {
    /// Write the minutes of a meeting as Markdown, HTML or PDF.
    Render {
        /// The meeting's id.
        meeting_id: i32,
        /// Output format.
        #[arg(long, value_enum, default_value = "md")]
        format: Format,
        /// Output file ("-" for standard output).
        #[arg(long, default_value = "-")]
        output: std::path::PathBuf,
    },
}

/// `prachum report …`
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Write the zone report of a round as Markdown, HTML or PDF.
    Render {
        /// The round's id.
        round_id: i32,
        /// Output format.
        #[arg(long, value_enum, default_value = "md")]
        format: Format,
        /// Output file ("-" for standard output).
        #[arg(long, default_value = "-")]
        output: std::path::PathBuf,
    },
}

/// `prachum mail …`
#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Queue the scheduled messages due now, deliver everything due once, and exit.
    SendDue,
}

/// `prachum user …`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. The password is read from standard input with --password-stdin;
    /// without it the account has no password until an administrator sets one.
    Create {
        /// Login email.
        #[arg(long)]
        email: String,
        /// Name shown in the UI.
        #[arg(long)]
        name: String,
        /// admin, inspector, provincial_office, agency_head or viewer.
        #[arg(long)]
        role: String,
        /// Zone number (repeat for several; inspectors and zone viewers).
        #[arg(long = "zone")]
        zones: Vec<i32>,
        /// Province code, e.g. TH-33 (provincial offices and provincial viewers).
        #[arg(long)]
        province: Option<String>,
        /// Agency office id (agency heads).
        #[arg(long)]
        office: Option<i32>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
}

/// `prachum token …`
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a user; the token is the last line of output.
    Create {
        /// The user's email.
        #[arg(long)]
        email: String,
        /// A name for the token.
        #[arg(long, default_value = "cli")]
        name: String,
    },
}

/// Options of `prachum demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Also generate a scaled data set for benchmarks (idempotent).
    #[arg(long, value_enum)]
    pub scale: Option<Scale>,
    /// With `--scale national`: only these provinces (repeat; default all).
    #[arg(long = "province", requires = "scale")]
    pub provinces: Vec<String>,
    /// With `--scale national`: only these fiscal years, BE (repeat; default 2567 2568 2569).
    #[arg(long = "fiscal-year", requires = "scale")]
    pub fiscal_years: Vec<i32>,
}

/// Sizes of scaled demo data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Scale {
    /// One province-year: 300 meetings and 12,000 actions in Sisaket, fiscal year 2569.
    ProvinceYear,
    /// Every province with offices × fiscal years 2567–2569 at the province-year's density
    /// (about 68,000 meetings and 2.7 million actions).
    National,
}

/// A failure with its exit code.
#[derive(Debug)]
pub enum CliError {
    /// Invalid configuration (78).
    Config(crate::config::ConfigError),
    /// The database cannot be reached (69).
    Unavailable(anyhow::Error),
    /// Anything else (1).
    Failed(anyhow::Error),
}

impl CliError {
    /// The process exit code.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Self::Config(_) => ExitCode::from(78),
            Self::Unavailable(_) => ExitCode::from(69),
            Self::Failed(_) => ExitCode::from(1),
        }
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Config(e) => write!(f, "{e}"),
            Self::Unavailable(e) | Self::Failed(e) => write!(f, "{e:#}"),
        }
    }
}

impl From<anyhow::Error> for CliError {
    fn from(e: anyhow::Error) -> Self {
        Self::Failed(e)
    }
}

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> Result<(), CliError> {
    let mut settings = Settings::load(&cli.config_dir).map_err(CliError::Config)?;
    telemetry::init(&settings.log);
    crate::auth::key_file::ensure(&mut settings)?;
    match cli
        .command
        .unwrap_or_else(|| Command::Serve(ServeArgs::default()))
    {
        Command::Serve(args) => serve(settings, args).await,
        Command::Migrate => migrate(&settings).await,
        Command::User(UserCommand::Create {
            email,
            name,
            role,
            zones,
            province,
            office,
            password_stdin,
        }) => {
            let db = connect_migrated(&settings).await?;
            let password = if password_stdin {
                let mut line = String::new();
                std::io::stdin()
                    .read_line(&mut line)
                    .map_err(|e| anyhow::anyhow!("reading the password from stdin: {e}"))?;
                Some(line.trim_end_matches(['\r', '\n']).to_owned())
            } else {
                None
            };
            let input = AccountInput {
                email,
                display_name: name,
                role,
                zones,
                province,
                office_id: office,
                password,
            };
            let ctx = Ctx::system(&Clock::System);
            let created = match AccountCommand::try_from(&input) {
                Ok(account) => users::create(&db, &ctx, &account).await,
                Err(refusal) => Err(users::refused(&db, &ctx, None, refusal).await),
            };
            let user = match created {
                Ok(u) => u,
                Err(AppError::Invalid(fields)) => {
                    return Err(CliError::Failed(anyhow::anyhow!("{fields}")));
                }
                Err(e) => return Err(CliError::Failed(anyhow::anyhow!("{e}"))),
            };
            println!(
                "user {} created (id {}, role {})",
                user.email, user.id, user.role
            );
            Ok(())
        }
        Command::Token(TokenCommand::Create { email, name }) => {
            let db = connect_migrated(&settings).await?;
            let user = users::by_email(&db, &email)
                .await
                .map_err(anyhow::Error::from)?
                .ok_or_else(|| anyhow::anyhow!("no user with email {email}"))?;
            let (_, plain) = auth::token::create(&db, user.id, &name, Clock::System.now())
                .await
                .map_err(anyhow::Error::from)?;
            println!("API token for {} (shown once):", user.email);
            println!("{plain}");
            Ok(())
        }
        Command::Demo(args) => run_demo(settings, args).await,
        Command::Minutes(MinutesCommand::Render {
            meeting_id,
            format,
            output,
        }) => render_document(&settings, Which::Minutes(meeting_id), format, &output).await,
        Command::Report(ReportCommand::Render {
            round_id,
            format,
            output,
        }) => render_document(&settings, Which::Report(round_id), format, &output).await,
        Command::Worker => run_worker(settings).await,
        Command::Office(cmd) => run_office(&settings, cmd).await,
        Command::Mail(MailCommand::SendDue) => send_due(settings).await,
    }
}

/// `prachum migrate`: the schema and the reference data, then the latest migration's name.
async fn migrate(settings: &Settings) -> Result<(), CliError> {
    let db = db::connect(&settings.database)
        .await
        .map_err(CliError::Unavailable)?;
    let applied = db::migrate(&db).await?;
    let version = db::migration_version(&db).await?.unwrap_or_default();
    println!(
        "database migrated ({}), {applied} migrations applied, reference data loaded; latest migration: {version}",
        db::backend_name(&db)
    );
    Ok(())
}

/// `prachum worker`: the mail worker and the scheduler alone, until Ctrl-C.
async fn run_worker(settings: Settings) -> Result<(), CliError> {
    let db = connect_migrated(&settings).await?;
    check_file_store(&settings)?;
    let cfg = Arc::new(crate::mail::MailConfig::from_settings(&settings));
    let worker = Worker::new(db.clone(), Arc::new(settings), Clock::System, cfg)
        .map_err(CliError::Failed)?;
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = stop_tx.send(true);
    });
    println!("Prachum mail worker running (Ctrl-C to stop)");
    worker.run(stop_rx).await;
    Ok(())
}

/// `prachum mail send-due`: one pass of the scheduler and the outbox, under the worker lease.
async fn send_due(settings: Settings) -> Result<(), CliError> {
    let db = connect_migrated(&settings).await?;
    check_file_store(&settings)?;
    let settings = Arc::new(settings);
    let cfg = Arc::new(crate::mail::MailConfig::from_settings(&settings));
    let worker = Worker::new(db.clone(), settings, Clock::System, Arc::clone(&cfg))
        .map_err(CliError::Failed)?;
    // One pass under the worker lease: a running worker (or another cron host) keeps
    // the send rate and the schedule to one instance.
    let lease = worker.lease();
    if !lease
        .acquire(Clock::System.now())
        .await
        .map_err(anyhow::Error::from)?
    {
        let until = lease
            .current()
            .await
            .map_err(anyhow::Error::from)?
            .map(|l| l.expires_at.to_rfc3339())
            .unwrap_or_default();
        println!("another instance holds the mail worker lease (until {until}); nothing sent");
        return Ok(());
    }
    let outcome = async {
        let scheduled = crate::mail::schedule::run_due(&db, &cfg, Clock::System.now()).await?;
        let r = worker.send_due().await?;
        Ok::<_, anyhow::Error>((scheduled, r))
    }
    .await;
    lease.release().await.map_err(anyhow::Error::from)?;
    let (scheduled, r) = outcome?;
    println!(
        "scheduled {scheduled}; claimed {}, sent {}, failed (will retry) {}, dead {}",
        r.claimed, r.sent, r.failed, r.dead
    );
    Ok(())
}

/// Which document `render_document` writes.
enum Which {
    Minutes(i32),
    Report(i32),
}

/// `minutes render` and `report render`: the document as the system (full rights) sees it.
async fn render_document(
    settings: &Settings,
    which: Which,
    format: Format,
    output: &std::path::Path,
) -> Result<(), CliError> {
    let db = connect_migrated(settings).await?;
    let docs = Documents::new(
        crate::templating::Templates::plain()?,
        settings.storage.fonts_dir.as_deref(),
    )?;
    let ctx = Ctx::system(&Clock::System);
    let doc = match which {
        Which::Minutes(id) => crate::services::minutes::document(&db, &docs, &ctx, id)
            .await
            .map_err(|e| anyhow::anyhow!("minutes of meeting {id}: {e}"))?,
        Which::Report(id) => crate::services::report::document(&db, &docs, &ctx, id)
            .await
            .map_err(|e| anyhow::anyhow!("report of round {id}: {e}"))?,
    };
    write_output(output, &doc.produce(&docs, format).await?)
}

fn write_output(path: &std::path::Path, bytes: &[u8]) -> Result<(), CliError> {
    use std::io::Write;
    if path.as_os_str() == "-" {
        std::io::stdout()
            .write_all(bytes)
            .map_err(|e| anyhow::anyhow!("writing to standard output: {e}"))?;
    } else {
        std::fs::write(path, bytes)
            .map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?;
        println!("wrote {} ({} bytes)", path.display(), bytes.len());
    }
    Ok(())
}

async fn connect_migrated(settings: &Settings) -> Result<sea_orm::DatabaseConnection, CliError> {
    let db = db::connect(&settings.database)
        .await
        .map_err(CliError::Unavailable)?;
    db::migrate(&db).await?;
    Ok(db)
}

/// `prachum demo [--scale province-year|national]`: the demo data, then the scaled data if
/// asked for.
async fn run_demo(settings: Settings, args: DemoArgs) -> Result<(), CliError> {
    let db = connect_migrated(&settings).await?;
    let now = Clock::System.now();
    println!("{}", demo::load(&db, now).await?);
    match args.scale {
        Some(Scale::ProvinceYear) => {
            println!("{}", demo::scale::load_province_year(&db, now).await?);
        }
        Some(Scale::National) => {
            let opts = demo::scale::national::Options {
                provinces: args.provinces,
                years: args
                    .fiscal_years
                    .into_iter()
                    .map(crate::domain::fiscal::FiscalYear)
                    .collect(),
                progress: true,
                bulk_from: None,
            };
            println!(
                "{}",
                demo::scale::national::load_national(&db, now, &opts).await?
            );
        }
        None => {}
    }
    if args.scale.is_some() {
        db::settle_after_bulk_load(&db).await?;
    } else {
        db::refresh_statistics(&db).await?;
    }
    Ok(())
}

/// Builds the file store's client now, so a bad `storage.*` setting stops the start (78).
fn check_file_store(settings: &Settings) -> Result<(), CliError> {
    crate::storage::FileStore::from_settings(&settings.storage)
        .check()
        .map_err(|e| {
            CliError::Config(crate::config::ConfigError::Missing {
                key: "storage.s3_*".into(),
                reason: format!("{e:#}"),
            })
        })
}

async fn serve(settings: Settings, args: ServeArgs) -> Result<(), CliError> {
    check_file_store(&settings)?;
    let db = db::connect(&settings.database)
        .await
        .map_err(CliError::Unavailable)?;
    if settings.database.migrate_on_start {
        db::migrate(&db).await?;
    }
    db::open_pool(&db, settings.database.max_connections)
        .await
        .map_err(anyhow::Error::from)?;
    let listen = settings.server.listen;
    let grace = std::time::Duration::from_secs(settings.server.shutdown_grace_secs);
    let base_url = settings.server.base_url.clone();
    let state = AppState::new(db.clone(), settings, Clock::System)?;
    let worker = if args.no_worker {
        None
    } else {
        Some(
            Worker::new(
                db.clone(),
                state.settings.clone(),
                Clock::System,
                state.mail.clone(),
            )
            .map_err(|e| {
                CliError::Config(crate::config::ConfigError::Missing {
                    key: "mail.smtp_url".into(),
                    reason: format!("{e:#}"),
                })
            })?,
        )
    };
    if !users::has_admin(&db).await.map_err(anyhow::Error::from)? {
        let token = state.arm_setup().await.map_err(anyhow::Error::from)?;
        // Printed to the console only (never logged): whoever runs the server creates the admin.
        println!(
            "No administrator yet. Create the first one (link works once): {base_url}/setup/{token}"
        );
    }
    let listener = TcpListener::bind(listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {listen} (server.listen): {e}"))?;
    tracing::info!(%listen, "Prachum is serving");
    let bound = listener.local_addr().map_or(listen, |a| a);
    println!("Prachum is serving on http://{bound}");

    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down: finishing requests in flight");
        let _ = stop_tx.send(true);
    });
    // Each instance keeps the dashboards its readers look at up to date in the background.
    tokio::spawn(crate::services::dashboard::warm(
        db.clone(),
        state.dashboards.clone(),
        Clock::System,
        stop_rx.clone(),
    ));
    let worker_rx = stop_rx.clone();
    let worker_task = worker.map(|w| tokio::spawn(async move { w.run(worker_rx).await }));
    let mut graceful_rx = stop_rx.clone();
    let server = axum::serve(listener, web::router(state)).with_graceful_shutdown(async move {
        let _ = graceful_rx.wait_for(|stop| *stop).await;
    });
    let mut deadline_rx = stop_rx;
    tokio::select! {
        result = server => result.map_err(|e| anyhow::anyhow!("server error: {e}"))?,
        () = async move {
            let _ = deadline_rx.wait_for(|stop| *stop).await;
            tokio::time::sleep(grace).await;
        } => tracing::warn!("shutdown grace period over; closing remaining connections"),
    }
    // The worker finishes the message in hand (each outcome is recorded as it happens).
    if let Some(task) = worker_task
        && tokio::time::timeout(grace, task).await.is_err()
    {
        tracing::warn!("mail worker still busy after the grace period; its leases will expire");
    }
    db.close()
        .await
        .map_err(|e| anyhow::anyhow!("closing the database: {e}"))?;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// `prachum office list|create|import`.
async fn run_office(settings: &Settings, cmd: OfficeCommand) -> Result<(), CliError> {
    use crate::services::office_registry::{self as registry, NewOffice, NewOfficeCommand};
    let db = connect_migrated(settings).await?;
    let described = |e: AppError| match e {
        AppError::Invalid(fields) => anyhow::anyhow!("{fields}"),
        other => anyhow::anyhow!("{other}"),
    };
    match cmd {
        OfficeCommand::List { province } => {
            for o in registry::list(&db, &province).await.map_err(described)? {
                println!(
                    "{}\t{}\t{}\t{}{}",
                    o.id,
                    o.code.unwrap_or_default(),
                    o.agency,
                    o.name_th,
                    if o.active { "" } else { "\t(ปิด)" }
                );
            }
        }
        OfficeCommand::Create {
            province,
            agency,
            name,
            code,
            email,
        } => {
            let ctx = crate::services::Ctx::system(&Clock::System);
            let input = NewOffice {
                province,
                agency,
                name_th: name,
                code,
                email,
            };
            let office = match NewOfficeCommand::try_from(&input) {
                Ok(command) => registry::create(&db, &ctx, &command).await,
                Err(refusal) => Err(registry::create_refused(&db, &ctx, refusal).await),
            }
            .map_err(described)?;
            println!(
                "office {} created: {} ({})",
                office.id,
                office.name_th,
                office.code.unwrap_or_default()
            );
        }
        OfficeCommand::Import { province, file } => {
            let ctx = crate::services::Ctx::system(&Clock::System);
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let p = crate::services::offices::province_by_code(&db, &province)
                .await
                .map_err(described)?
                .ok_or_else(|| anyhow::anyhow!("no province {province} (e.g. TH-55)"))?;
            match crate::services::offices::import_csv(&db, &ctx, p.id, &text)
                .await
                .map_err(described)?
            {
                Ok(r) => println!(
                    "imported {} lines: {} offices created, {} heads changed, {} unchanged",
                    r.lines, r.offices_created, r.changed, r.unchanged
                ),
                Err(errors) => {
                    return Err(anyhow::anyhow!("nothing imported:\n{}", errors.join("\n")).into());
                }
            }
        }
    }
    Ok(())
}
