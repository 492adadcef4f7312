//! `prachum demo --scale province-year`: scaled demo data for benchmarks — one province-year of
//! Sisaket (fiscal year 2569) with 300 meetings and 12,000 actions, among them one big meeting
//! (60 agenda items, 45 attendance rows, 30 directives, 90 actions). Generated deterministically
//! on top of the normal demo, in one transaction, and only once.

pub mod national;
mod plan;
mod texts;
mod write;

use std::fmt;

use anyhow::Context;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    TransactionTrait,
};

use crate::db::entities::{actions, meeting_series, meetings, provinces};

pub use plan::{
    ACTIONS, BIG_ACTIONS_PER_DIRECTIVE, BIG_ATTENDANCES, BIG_DIRECTIVES, BIG_ITEMS, MEETINGS,
};
pub use write::{PROVINCE, ZONE};

/// Prefix of the generated meeting series' names: how a second load recognises the data.
pub const MARK: &str = "[scale]";

/// What a province-year load did (or found).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleReport {
    /// Meetings of the generated series.
    pub meetings: usize,
    /// Actions of those meetings.
    pub actions: usize,
    /// Id of the big meeting.
    pub big_meeting_id: i32,
    /// Whether this load created the data (`false`: it was already there).
    pub created: bool,
}

impl fmt::Display for ScaleReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "scale data (province-year: Sisaket, fiscal year {}): {} meetings and {} actions {}",
            plan::FISCAL_YEAR.0,
            self.meetings,
            self.actions,
            if self.created {
                "created"
            } else {
                "already present"
            }
        )?;
        write!(f, "big meeting id: {}", self.big_meeting_id)
    }
}

/// Loads the normal demo (idempotent), then the province-year in one transaction unless it
/// is already there, in which case nothing is written and the existing data is reported.
pub async fn load_province_year(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> anyhow::Result<ScaleReport> {
    super::load(db, now).await?;
    let txn = crate::db::begin_write(db).await?;
    if let Some(report) = existing(&txn).await? {
        txn.rollback().await?;
        return Ok(report);
    }
    let scope = write::Scope::load(&txn, now).await?;
    let plan = plan::province_year(scope.offices.len())?;
    let meeting_ids = write::province_year(&txn, &scope, &plan, now).await?;
    let big = plan
        .meetings
        .iter()
        .position(|m| m.big)
        .and_then(|i| meeting_ids.get(i).copied())
        .context("the plan has no big meeting")?;
    txn.commit().await?;
    Ok(ScaleReport {
        meetings: meeting_ids.len(),
        actions: plan.action_count(),
        big_meeting_id: big,
        created: true,
    })
}

/// The report of the province-year (Sisaket 2569) if it is loaded.
async fn existing_report(db: &DatabaseConnection) -> anyhow::Result<Option<ScaleReport>> {
    let txn = db.begin().await?;
    let report = existing(&txn).await?;
    txn.rollback().await?;
    Ok(report)
}

/// The report of an earlier load, if its series exist.
async fn existing(txn: &DatabaseTransaction) -> anyhow::Result<Option<ScaleReport>> {
    let Some(sisaket) = provinces::Entity::find()
        .filter(provinces::Column::Code.eq(PROVINCE))
        .one(txn)
        .await?
    else {
        return Ok(None);
    };
    let series = meeting_series::Entity::find()
        .filter(meeting_series::Column::Name.starts_with(MARK))
        .filter(meeting_series::Column::ProvinceId.eq(sisaket.id))
        .all(txn)
        .await?;
    let Some(big_series) = series
        .iter()
        .find(|s| s.name == write::series_name(plan::BIG_SERIES))
    else {
        return Ok(None);
    };
    let meeting_ids: Vec<i32> = meetings::Entity::find()
        .filter(meetings::Column::SeriesId.is_in(series.iter().map(|s| s.id)))
        .filter(meetings::Column::NumberYear.eq(plan::FISCAL_YEAR.0))
        .all(txn)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    let actions = actions::Entity::find()
        .filter(actions::Column::MeetingId.is_in(meeting_ids.iter().copied()))
        .count(txn)
        .await?;
    let big = meetings::Entity::find()
        .filter(meetings::Column::SeriesId.eq(big_series.id))
        .filter(meetings::Column::NumberYear.eq(plan::FISCAL_YEAR.0))
        .filter(meetings::Column::Number.eq(plan::BIG_NUMBER))
        .one(txn)
        .await?;
    let Some(big) = big else {
        return Ok(None);
    };
    Ok(Some(ScaleReport {
        meetings: meeting_ids.len(),
        actions: usize::try_from(actions)?,
        big_meeting_id: big.id,
        created: false,
    }))
}
