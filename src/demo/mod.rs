//! `prachum demo`: a demo data set built from three real provincial press releases (Sisaket's
//! integrated inspection meeting, Sisaket's poverty working-group secretaries, the zone-12
//! quarterly workshop). Loading is idempotent: what exists already is left alone. [`scale`]
//! adds a generated province-year on top for benchmarks (`prachum demo --scale province-year`).

mod builder;
mod meetings;
pub mod offices;
pub mod scale;

use std::fmt;

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

/// What a demo load did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DemoReport {
    /// Agency offices created (with their placeholder heads).
    pub offices_created: usize,
    /// Meetings created.
    pub meetings_created: usize,
    /// Meetings that were already there.
    pub meetings_existing: usize,
}

impl fmt::Display for DemoReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "demo data: {} agency offices created; {} meetings created, {} already present",
            self.offices_created, self.meetings_created, self.meetings_existing
        )
    }
}

/// Loads the demo data in one transaction.
pub async fn load(db: &DatabaseConnection, now: DateTime<Utc>) -> anyhow::Result<DemoReport> {
    let txn = crate::db::begin_write(db).await?;
    let mut report = DemoReport::default();
    let b = builder::Builder::new(&txn, now).await?;
    for code in offices::DEMO_PROVINCES {
        report.offices_created += offices::ensure_province_offices(&b, code).await?;
    }
    for created in meetings::load_all(&b).await? {
        if created {
            report.meetings_created += 1;
        } else {
            report.meetings_existing += 1;
        }
    }
    txn.commit().await?;
    Ok(report)
}
