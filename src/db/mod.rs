//! Database access: connecting to SQLite or PostgreSQL, migrating, reference data, and the
//! sea-orm entities. Queries for one area live in `db::repo` modules as the app grows.

pub mod entities;
pub mod lease;
pub mod provincial_offices;
pub mod reference;
pub mod repo;
pub mod stored_enum;

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use migrations::{Migrator, sea_orm_migration::MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};

use crate::config::{DatabaseSettings, redact_url};

/// SQLite's page cache per connection, in KiB (negative, as the pragma takes it): 32 MiB, where
/// the default 2 MiB held less than one list's walk at national scale (counting 201 of a
/// province's in-progress actions by a common title word reads some 1,800 rows: 1.96 ms with
/// the default cache, 0.97 ms with this one or with the file mapped).
const SQLITE_CACHE_SIZE: &str = "-32768";

/// How much of a SQLite file is read through a memory map instead of `read` calls: SQLite's
/// own ceiling (2 GiB), the first part of a national data set's file (6 GiB), shared with the
/// operating system's file cache rather than copied per connection.
const SQLITE_MMAP_SIZE: &str = "2147418112";

/// Opens a pool for `settings.url`: SQLite (folder created, WAL, foreign keys, busy timeout)
/// or PostgreSQL (without JIT). Fails with a message that names the (redacted) URL.
pub async fn connect(settings: &DatabaseSettings) -> anyhow::Result<DatabaseConnection> {
    let url = settings.url.as_str();
    if url.starts_with("sqlite:") {
        ensure_sqlite_folder(url)?;
    }
    let busy = Duration::from_millis(settings.busy_timeout_ms);
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.max_connections(settings.max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(settings.connect_timeout_secs))
        .acquire_timeout(Duration::from_secs(settings.connect_timeout_secs))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(move |o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(busy)
                .create_if_missing(true)
                .pragma("cache_size", SQLITE_CACHE_SIZE)
                .pragma("mmap_size", SQLITE_MMAP_SIZE)
        })
        // No JIT compilation: it pays off for long analytical queries, and here it made a
        // list's capped count (a plan costed over the whole table, stopped after a thousand
        // rows) take 10 ms instead of 1 at national scale.
        .map_sqlx_postgres_opts(|o| o.options([("jit", "off")]));
    // A new SQLite file turns to WAL as a connection opens, which needs the write lock: while
    // another start holds it to migrate (longer than the busy timeout on a loaded machine),
    // opening waits for it (up to two minutes), like the migration itself does.
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    let db = loop {
        match Database::connect(opts.clone()).await {
            Ok(db) => break db,
            Err(e)
                if crate::error::is_busy(&e.to_string())
                    && std::time::Instant::now() < deadline =>
            {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => {
                return Err(e).with_context(|| {
                    format!("cannot connect to the database at {}", redact_url(url))
                });
            }
        }
    };
    db.ping()
        .await
        .with_context(|| format!("the database at {} does not answer", redact_url(url)))?;
    Ok(db)
}

/// PostgreSQL: opens the pool's `n` connections before the first request, instead of while
/// the first burst waits for them (a new instance under 64 connections answered with a p99 of
/// 124–783 ms in its first ten seconds, 22 ms after). A no-op on SQLite, whose connections are
/// files opened in microseconds.
pub async fn open_pool(db: &DatabaseConnection, n: u32) -> Result<(), DbErr> {
    if db.get_database_backend() != sea_orm::DbBackend::Postgres {
        return Ok(());
    }
    // A transaction holds its connection: `n` held together open `n`.
    let mut held = Vec::new();
    for _ in 0..n {
        held.push(db.begin().await?);
    }
    for txn in held {
        txn.rollback().await?;
    }
    Ok(())
}

/// Starts a write transaction. On SQLite it begins `IMMEDIATE`: the write lock is taken at
/// `BEGIN`, under the busy timeout, so concurrent writers queue there instead of failing with
/// "database is locked" when a read transaction tries to become a write one. A writer that
/// still cannot get the lock in time becomes [`crate::error::AppError::Busy`] (503). Other
/// databases begin as usual.
pub async fn begin_write<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// Creates the folder that will hold an SQLite file, e.g. `data/` for `sqlite://data/x.db`.
fn ensure_sqlite_folder(url: &str) -> anyhow::Result<()> {
    let path = url
        .trim_start_matches("sqlite:")
        .trim_start_matches("//")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(parent) = Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create the database folder {}", parent.display()))?;
    }
    Ok(())
}

/// The PostgreSQL advisory lock key held while migrating ("prachum migrate").
pub const MIGRATION_LOCK_KEY: i64 = 0x7072_6163_6875_6d01;

/// Applies every pending migration, then loads the reference data (idempotent), under a lock so
/// that several instances starting at once migrate once and none fails: on PostgreSQL a session
/// advisory lock ([`MIGRATION_LOCK_KEY`], held on a connection of its own and released when it
/// closes, even if the process dies); on SQLite the database's write lock (one `BEGIN
/// IMMEDIATE` transaction around both; a second start waits for the first). Returns how many
/// migrations this call applied (0 when another start had already applied them).
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<usize> {
    let started = std::time::Instant::now();
    let applied = match db.get_database_backend() {
        DbBackend::Postgres => migrate_postgres(db).await?,
        _ => migrate_sqlite(db).await?,
    };
    let migrated = started.elapsed();
    // PostgreSQL's autovacuum keeps its statistics; SQLite has none until asked (cheap, bounded).
    // Statistics only speed queries up: when another instance starting at the same moment holds
    // the write lock past the busy timeout, start without fresh ones rather than fail the start.
    if db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite
        && let Err(e) = refresh_statistics(db).await
    {
        if !crate::error::is_busy(&format!("{e:#}")) {
            return Err(e);
        }
        tracing::warn!("planner statistics not refreshed: another start holds the write lock");
    }
    tracing::info!(
        applied,
        migrate_ms = u64::try_from(migrated.as_millis()).unwrap_or(u64::MAX),
        "database ready"
    );
    Ok(applied)
}

/// Migrations and reference data inside the advisory lock.
async fn migrate_postgres(db: &DatabaseConnection) -> anyhow::Result<usize> {
    use sea_orm::sqlx::{ConnectOptions as _, Connection as _};
    let opts = db.get_postgres_connection_pool().connect_options();
    let mut lock = opts
        .connect()
        .await
        .context("opening a connection for the migration lock")?;
    sea_orm::sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(MIGRATION_LOCK_KEY)
        .execute(&mut lock)
        .await
        .context("taking the migration lock")?;
    let result = async {
        let pending = Migrator::get_pending_migrations(db).await?.len();
        Migrator::up(db, None)
            .await
            .context("migrating the database")?;
        reference::load(db)
            .await
            .context("loading reference data")?;
        Ok::<_, anyhow::Error>(pending)
    }
    .await;
    // Closing the connection releases the lock in any case; unlock first to be explicit.
    let _ = sea_orm::sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(MIGRATION_LOCK_KEY)
        .execute(&mut lock)
        .await;
    let _ = lock.close().await;
    result
}

/// Migrations and reference data in one write transaction (waiting while another start holds
/// the write lock).
async fn migrate_sqlite(db: &DatabaseConnection) -> anyhow::Result<usize> {
    let deadline = std::time::Instant::now() + Duration::from_secs(600);
    let txn = loop {
        match begin_write(db).await {
            Ok(t) => break t,
            Err(e)
                if crate::error::is_busy(&e.to_string())
                    && std::time::Instant::now() < deadline =>
            {
                // Another instance is migrating: wait for its write lock.
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => return Err(e).context("taking the write lock to migrate"),
        }
    };
    let pending = Migrator::get_pending_migrations(&txn).await?.len();
    Migrator::up(&txn, None)
        .await
        .context("migrating the database")?;
    reference::load(&txn)
        .await
        .context("loading reference data")?;
    txn.commit().await.context("committing the migration")?;
    Ok(pending)
}

/// Refreshes the query planner's statistics. Without them SQLite guesses that `status = ?` is
/// as selective as `meeting_id = ?` and scans every open action of a province for one meeting
/// (measured: 18 ms instead of 2 ms for the meeting page's matters arising). SQLite: a bounded
/// `ANALYZE` (`analysis_limit`, so it stays fast on large files); PostgreSQL: `ANALYZE` (cheap,
/// sampled; autovacuum keeps it fresh afterwards).
pub async fn refresh_statistics(db: &DatabaseConnection) -> anyhow::Result<()> {
    let backend = db.get_database_backend();
    let statements: &[&str] = match backend {
        sea_orm::DatabaseBackend::Sqlite => &["PRAGMA analysis_limit = 1000", "ANALYZE"],
        _ => &["ANALYZE"],
    };
    for sql in statements {
        db.execute_raw(Statement::from_string(backend, *sql))
            .await
            .with_context(|| format!("refreshing statistics ({sql})"))?;
    }
    Ok(())
}

/// After a bulk load: PostgreSQL `VACUUM (ANALYZE)`, so that the visibility map lets the lists
/// use index-only scans from the first request (measured on the national set: the admin's office
/// filter took 805 ms before, 49 ms after); SQLite: the full `ANALYZE`.
pub async fn settle_after_bulk_load(db: &DatabaseConnection) -> anyhow::Result<()> {
    let backend = db.get_database_backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Sqlite => "ANALYZE",
        _ => "VACUUM (ANALYZE)",
    };
    db.execute_raw(Statement::from_string(backend, sql))
        .await
        .with_context(|| format!("settling after the load ({sql})"))?;
    Ok(())
}

/// The name of the latest applied migration, or `None` on an unmigrated database.
pub async fn migration_version(db: &DatabaseConnection) -> anyhow::Result<Option<String>> {
    let backend = db.get_database_backend();
    let sql = "SELECT version FROM seaql_migrations ORDER BY version DESC LIMIT 1";
    let row = db
        .query_one_raw(Statement::from_string(backend, sql))
        .await
        .context("reading seaql_migrations")?;
    match row {
        Some(row) => Ok(Some(row.try_get::<String>("", "version")?)),
        None => Ok(None),
    }
}

/// A short name of the backend, for health checks and logs.
pub fn backend_name(db: &DatabaseConnection) -> &'static str {
    match db.get_database_backend() {
        DbBackend::Sqlite => "sqlite",
        DbBackend::Postgres => "postgres",
        _ => "other",
    }
}
