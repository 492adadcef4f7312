//! `AppState`: what every request handler may use (database pool, templates, settings, clock).

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use sea_orm::DatabaseConnection;

use crate::config::Settings;
use crate::web::pages::Pages;

/// Thailand is UTC+07:00 all year (no daylight saving time).
pub const BANGKOK_OFFSET_SECS: i32 = 7 * 3600;

/// Where the application reads the time: the system clock, or a fixed instant in tests.
#[derive(Debug, Clone)]
pub enum Clock {
    /// The real clock.
    System,
    /// A fixed instant.
    Fixed(DateTime<Utc>),
}

impl Clock {
    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Self::System => Utc::now(),
            Self::Fixed(t) => *t,
        }
    }

    /// Today's date in Bangkok.
    pub fn today(&self) -> NaiveDate {
        let now = self.now();
        match FixedOffset::east_opt(BANGKOK_OFFSET_SECS) {
            Some(offset) => now.with_timezone(&offset).date_naive(),
            None => now.date_naive(),
        }
    }
}

/// Shared, cheaply cloned application state.
#[derive(Clone)]
pub struct AppState {
    /// The connection pool.
    pub db: DatabaseConnection,
    /// Templates.
    pub pages: Arc<Pages>,
    /// Validated settings.
    pub settings: Arc<Settings>,
    /// The clock.
    pub clock: Clock,
}

impl AppState {
    /// Builds the state, loading every template (a broken template fails here, at start).
    pub fn new(db: DatabaseConnection, settings: Settings, clock: Clock) -> anyhow::Result<Self> {
        Ok(Self {
            db,
            pages: Arc::new(Pages::new()?),
            settings: Arc::new(settings),
            clock,
        })
    }
}
