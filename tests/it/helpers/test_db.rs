//! A fresh database per test: an SQLite file in a temp folder by default; a uniquely named
//! PostgreSQL database (UTF-8 LC_CTYPE, dropped afterwards) when PRACHUM_TEST_DATABASE_URL is set.
//! If that variable is set and PostgreSQL cannot be reached, the test fails: it never skips.

use std::sync::atomic::{AtomicU32, Ordering};

use sea_orm::{ConnectionTrait, Database};

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// The database of one test.
pub enum TestDb {
    /// A temp SQLite file (the folder is removed on drop).
    Sqlite {
        /// Connection URL.
        url: String,
        /// The temp folder.
        _dir: tempfile::TempDir,
    },
    /// A database created for this test on a PostgreSQL server.
    Postgres {
        /// Connection URL of the test database.
        url: String,
        /// URL of the admin database used to create and drop it.
        admin: String,
        /// Database name.
        name: String,
    },
}

impl TestDb {
    /// Creates the database.
    pub async fn new() -> Self {
        match std::env::var("PRACHUM_TEST_DATABASE_URL") {
            Ok(admin) if !admin.trim().is_empty() => {
                let name = format!(
                    "prachum_it_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::SeqCst),
                    chrono::Utc::now().timestamp_micros()
                );
                let conn = Database::connect(admin.as_str()).await.unwrap_or_else(|e| {
                    panic!("PRACHUM_TEST_DATABASE_URL is set but PostgreSQL is unreachable: {e}")
                });
                conn.execute_unprepared(&format!(
                    "CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
                ))
                .await
                .expect("create the test database");
                let _ = conn.close().await;
                let url = replace_db_name(&admin, &name);
                Self::Postgres { url, admin, name }
            }
            _ => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}/it.db?mode=rwc", dir.path().display());
                Self::Sqlite { url, _dir: dir }
            }
        }
    }

    /// The connection URL.
    pub fn url(&self) -> &str {
        match self {
            Self::Sqlite { url, .. } | Self::Postgres { url, .. } => url,
        }
    }

    /// Whether this is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        matches!(self, Self::Postgres { .. })
    }
}

fn replace_db_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let base = match base.rfind('/') {
        Some(i) if base[..i].contains("://") && i > base.find("://").map_or(0, |j| j + 2) => {
            &base[..i]
        }
        _ => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Self::Postgres { admin, name, .. } = self else {
            return;
        };
        if std::env::var_os("KEEP_TEST_DB").is_some() {
            eprintln!("keeping test database {name}");
            return;
        }
        let (admin, name) = (admin.clone(), name.clone());
        // Drop runs inside the test's runtime: use a separate thread with its own runtime.
        let joined = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                if let Ok(conn) = Database::connect(admin.as_str()).await {
                    let _ = conn
                        .execute_unprepared(&format!(
                            "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                        ))
                        .await;
                    let _ = conn.close().await;
                }
            });
        })
        .join();
        drop(joined);
    }
}

#[test]
fn database_name_is_replaced() {
    assert_eq!(
        replace_db_name("postgres://postgres@127.0.0.1:5432/postgres", "x"),
        "postgres://postgres@127.0.0.1:5432/x"
    );
    assert_eq!(
        replace_db_name("postgres://u:p@h/db?sslmode=disable", "x"),
        "postgres://u:p@h/x?sslmode=disable"
    );
    assert_eq!(
        replace_db_name("postgres://h:5432", "x"),
        "postgres://h:5432/x"
    );
}
