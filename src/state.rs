//! `AppState`: what every request handler may use (database pool, templates, settings, clock).

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, Utc};
use sea_orm::DatabaseConnection;

use crate::config::Settings;
use crate::mail::MailConfig;
use crate::web::pages::Pages;

/// Thailand is UTC+07:00 all year (no daylight saving time).
pub const BANGKOK_OFFSET_SECS: i32 = 7 * 3600;

/// Bangkok's offset (UTC+07:00).
pub fn bangkok() -> FixedOffset {
    FixedOffset::east_opt(BANGKOK_OFFSET_SECS).unwrap_or_else(|| Utc.fix())
}

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
    /// Document templates (minutes, zone report).
    pub docs: Arc<crate::documents::Documents>,
    /// Validated settings.
    pub settings: Arc<Settings>,
    /// The clock.
    pub clock: Clock,
    /// Where evidence files and circulated minutes PDFs are stored (`storage.backend`).
    pub files: crate::storage::FileStore,
    /// Links, lifetimes and schedules of email.
    pub mail: Arc<MailConfig>,
    /// Dashboards computed in the last minute.
    pub dashboards: Arc<crate::services::dashboard::DashboardCache>,
}

impl AppState {
    /// Builds the state, loading every template (a broken template fails here, at start).
    pub fn new(db: DatabaseConnection, settings: Settings, clock: Clock) -> anyhow::Result<Self> {
        let templates = crate::templating::Templates::build(crate::web::pages::add_page_functions)?;
        Ok(Self {
            db,
            mail: Arc::new(MailConfig::with_templates(&settings, templates.clone())),
            pages: Arc::new(Pages::new(templates.clone())),
            docs: Arc::new(crate::documents::Documents::new(
                templates,
                settings.storage.fonts_dir.as_deref(),
            )?),
            files: crate::storage::FileStore::from_settings(&settings.storage),
            settings: Arc::new(settings),
            clock,
            dashboards: Arc::default(),
        })
    }

    /// Arms a first-administrator setup link (stored in the database, so any instance
    /// accepts it) and returns its token (shown once).
    pub async fn arm_setup(&self) -> Result<String, sea_orm::DbErr> {
        crate::auth::setup::arm(&self.db, self.clock.now()).await
    }
}
