//! The `prachum` command line: `serve` (default), `migrate`, `demo`; exit codes are documented
//! in `--help` and follow sysexits (78 configuration, 69 database unavailable).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::config::Settings;
use crate::state::{AppState, Clock};
use crate::{db, demo, telemetry, web};

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
    Serve,
    /// Apply pending migrations and load the reference data (zones, provinces, agencies).
    Migrate,
    /// Load the demo data set built from three real provincial meetings (idempotent).
    Demo(DemoArgs),
}

/// Options of `prachum demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Also generate a scaled data set for benchmarks (idempotent).
    #[arg(long, value_enum)]
    pub scale: Option<Scale>,
}

/// Sizes of scaled demo data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Scale {
    /// One province-year: 300 meetings and 12,000 actions in Sisaket, fiscal year 2569.
    ProvinceYear,
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
    let settings = Settings::load(&cli.config_dir).map_err(CliError::Config)?;
    telemetry::init(&settings.log);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).await,
        Command::Migrate => {
            let db = db::connect(&settings.database)
                .await
                .map_err(CliError::Unavailable)?;
            db::migrate(&db).await?;
            let version = db::migration_version(&db).await?.unwrap_or_default();
            println!(
                "database migrated ({}), reference data loaded; latest migration: {version}",
                db::backend_name(&db)
            );
            Ok(())
        }
        Command::Demo(args) => run_demo(settings, args.scale).await,
    }
}

/// `prachum demo [--scale province-year]`: the demo data, then the scaled data if asked for.
async fn run_demo(settings: Settings, scale: Option<Scale>) -> Result<(), CliError> {
    let db = db::connect(&settings.database)
        .await
        .map_err(CliError::Unavailable)?;
    db::migrate(&db).await?;
    let now = Clock::System.now();
    println!("{}", demo::load(&db, now).await?);
    if let Some(Scale::ProvinceYear) = scale {
        println!("{}", demo::scale::load_province_year(&db, now).await?);
    }
    Ok(())
}

async fn serve(settings: Settings) -> Result<(), CliError> {
    let db = db::connect(&settings.database)
        .await
        .map_err(CliError::Unavailable)?;
    if settings.database.migrate_on_start {
        db::migrate(&db).await?;
    }
    let listen = settings.server.listen;
    let grace = std::time::Duration::from_secs(settings.server.shutdown_grace_secs);
    let state = AppState::new(db.clone(), settings, Clock::System)?;
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
