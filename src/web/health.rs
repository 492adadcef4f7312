//! `GET /healthz`: a JSON answer about the app and its database, for load balancers and people.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;

use crate::db;
use crate::state::AppState;

/// The health document.
#[derive(Serialize)]
pub struct Health {
    /// `ok` or `degraded`.
    pub status: &'static str,
    /// The application version.
    pub version: &'static str,
    /// The database state.
    pub database: DatabaseHealth,
}

/// The database part of [`Health`].
#[derive(Serialize)]
pub struct DatabaseHealth {
    /// Whether a query succeeded.
    pub reachable: bool,
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
    /// The latest applied migration.
    pub migration: Option<String>,
}

/// 200 when the database answers, 503 otherwise.
pub async fn show(State(app): State<AppState>) -> (StatusCode, Json<Health>) {
    let migration = db::migration_version(&app.db).await;
    let reachable = migration.is_ok();
    if let Err(e) = &migration {
        tracing::warn!(
            error = format!("{e:#}"),
            "health check: database unreachable"
        );
    }
    let health = Health {
        status: if reachable { "ok" } else { "degraded" },
        version: env!("CARGO_PKG_VERSION"),
        database: DatabaseHealth {
            reachable,
            backend: db::backend_name(&app.db),
            migration: migration.ok().flatten(),
        },
    };
    let status = if reachable {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(health))
}
