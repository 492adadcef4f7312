//! The dashboard (`/dashboard`, `GET /api/v1/dashboard`): actions rolled up office → province →
//! zone → country within the reader's scope, a heat map of provinces × ministries by overdue
//! actions, a monthly trend of actions opened and closed, and the oldest overdue actions. Every
//! figure is counted with the action list's own condition and carries the link to that list.
//! Results are cached for at most a minute per scope, level, filters and data version.

mod cache;
mod figures;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use cache::DashboardCache;
pub use figures::compute;

use super::Ctx;
use crate::domain::access::Scope;

/// What the reader asked for: the level (a zone, a province or an office; none is the widest
/// the scope allows) and the filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DashboardQuery {
    /// Zone id.
    pub zone: Option<i32>,
    /// Province id.
    pub province: Option<i32>,
    /// Office id.
    pub office: Option<i32>,
    /// Fiscal year (Buddhist Era).
    pub fiscal_year: Option<i32>,
    /// Inspection round id.
    pub round: Option<i32>,
    /// Inspection issue id.
    pub issue: Option<i32>,
    /// Horizon (`urgent`, `medium`, `long_term`).
    pub horizon: Option<String>,
}

/// The level the dashboard shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// Every zone in scope.
    Country,
    /// One zone: its provinces.
    Zone(i32),
    /// One province: its offices.
    Province(i32),
    /// One office.
    Office(i32),
}

impl Level {
    /// The level asked for, or the widest the scope allows.
    pub fn of(q: &DashboardQuery, scope: &Scope) -> Self {
        if let Some(o) = q.office {
            return Self::Office(o);
        }
        if let Some(p) = q.province {
            return Self::Province(p);
        }
        if let Some(z) = q.zone {
            return Self::Zone(z);
        }
        match scope {
            Scope::Zones(z) if z.len() == 1 => {
                z.iter().next().map_or(Self::Country, |z| Self::Zone(*z))
            }
            Scope::Province(p) => Self::Province(*p),
            Scope::Office { office_id, .. } => Self::Office(*office_id),
            _ => Self::Country,
        }
    }
}

/// A count and the list behind it.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Figure {
    /// The count.
    pub n: i64,
    /// The action list that shows these actions (`/actions?…`).
    pub href: String,
}

/// One row of the roll-up: a zone, a province, an office, or the level's total.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Rollup {
    /// Zone, province or office id (none for the total).
    pub id: Option<i32>,
    /// Name in Thai.
    pub name: String,
    /// This row's own dashboard (a drill-down), if it has one.
    pub dashboard_href: Option<String>,
    /// All actions.
    pub total: Figure,
    /// Not started.
    pub open: Figure,
    /// In progress.
    pub in_progress: Figure,
    /// Done.
    pub done: Figure,
    /// Late today (not started or in progress, due before today).
    pub overdue: Figure,
    /// Done on or before the due date.
    pub done_on_time: Figure,
    /// Of the done actions with a due date, the share done on time (%), if any.
    pub on_time_pct: Option<f64>,
    /// The median number of days the overdue actions are late.
    pub median_days_overdue: Option<f64>,
    /// Actions with a progress report awaiting review.
    pub awaiting_review: Figure,
}

/// A heat-map cell: overdue actions of one ministry's offices in one province.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HeatCell {
    /// Overdue actions.
    pub n: i64,
    /// The list behind it.
    pub href: String,
    /// 0–5: the colour step (0 = none).
    pub step: u8,
}

/// A heat-map row: one province.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HeatRow {
    /// `TH-33`.
    pub code: String,
    /// Thai name.
    pub name: String,
    /// One cell per column, in the columns' order.
    pub cells: Vec<HeatCell>,
}

/// Provinces × ministries by overdue actions.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct HeatMap {
    /// Ministries (Thai), most overdue first.
    pub columns: Vec<String>,
    /// Provinces (Thai dictionary order).
    pub rows: Vec<HeatRow>,
}

/// One month of the trend.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MonthRow {
    /// `2026-03` (CE).
    pub month: String,
    /// `มี.ค. 69`.
    pub label_th: String,
    /// Actions created that month.
    pub opened: Figure,
    /// Actions closed that month.
    pub closed: Figure,
}

/// An overdue action among the oldest.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OldAction {
    /// Action id.
    pub id: i32,
    /// Title.
    pub title: String,
    /// Office.
    pub office: String,
    /// Due date (ISO).
    pub due_on: Option<chrono::NaiveDate>,
    /// Due date, BE.
    pub due_th: String,
    /// Days late.
    pub days_overdue: i64,
    /// The newest progress report, BE date and time, if any.
    pub last_update_th: Option<String>,
    /// Its text (first 200 characters).
    pub last_update_text: Option<String>,
}

/// A choice of a filter.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FilterChoice {
    /// Value sent.
    pub value: String,
    /// Thai label.
    pub label: String,
}

/// The figures of one dashboard.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Dashboard {
    /// `country`, `zone`, `province` or `office`.
    pub level: String,
    /// The level's name in Thai (`ทั้งประเทศ`, `เขตตรวจราชการที่ 14`, a province, an office).
    pub title: String,
    /// The dashboard one level up, if the reader may see it.
    pub up_href: Option<String>,
    /// What the figures are filtered by, in Thai.
    pub filters_th: Vec<String>,
    /// When the figures were computed (ISO 8601).
    pub computed_at: chrono::DateTime<chrono::Utc>,
    /// The same, BE date and time.
    pub computed_at_th: String,
    /// The level's own totals.
    pub total: Rollup,
    /// One row per zone, province or office below the level.
    pub rows: Vec<Rollup>,
    /// Provinces × ministries by overdue actions.
    pub heat: HeatMap,
    /// Actions opened and closed by month (twelve months).
    pub trend: Vec<MonthRow>,
    /// The oldest overdue actions, with their newest report.
    pub oldest: Vec<OldAction>,
    /// Fiscal years to filter by.
    pub fiscal_years: Vec<FilterChoice>,
    /// Rounds to filter by.
    pub rounds: Vec<FilterChoice>,
    /// Issues of the chosen round.
    pub issues: Vec<FilterChoice>,
}

/// The dashboard for `ctx`, from the cache when it is at most a minute old and nothing changed.
pub async fn get(
    db: &sea_orm::DatabaseConnection,
    cache: &DashboardCache,
    ctx: &Ctx,
    q: &DashboardQuery,
) -> Result<std::sync::Arc<Dashboard>, crate::error::AppError> {
    let version = crate::db::repo::data_version::current(db).await?;
    let key = format!("{:?}|{:?}|{}|{}", ctx.actor.scope, q, ctx.today, version);
    if let Some(hit) = cache.get(&key) {
        return Ok(hit);
    }
    let fresh = std::sync::Arc::new(compute(db, ctx, q).await?);
    cache.put(key, fresh.clone());
    Ok(fresh)
}
