//! The dashboard (`/dashboard`, `GET /api/v1/dashboard`): actions rolled up office → province →
//! zone → country within the reader's scope, a heat map of provinces × ministries by overdue
//! actions, a monthly trend of actions opened and closed, and the oldest overdue actions. Every
//! figure is counted with the action list's own condition and carries the link to that list.
//! Results are kept per scope, level, filters and day and recounted when the data changes; a
//! reader may get figures counted before a change for up to a minute (the page says when they
//! were computed) while the recount runs (`cache`, `warm`).

mod cache;
mod figures;

use std::sync::Arc;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use cache::DashboardCache;
use cache::Lookup;
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

/// The dashboard for `ctx`: from the cache when nothing changed since it was counted, or when
/// its count started less than a minute ago (a recount then runs in the background); otherwise
/// counted now. See [`cache`].
pub async fn get(
    db: &sea_orm::DatabaseConnection,
    cache: &Arc<DashboardCache>,
    ctx: &Ctx,
    q: &DashboardQuery,
) -> Result<Arc<Dashboard>, crate::error::AppError> {
    let version = crate::db::repo::data_version::current(db).await?;
    let key = key(ctx, q);
    match cache.lookup(&key, version) {
        Lookup::Fresh(hit) => Ok(hit),
        Lookup::Stale { dashboard, recount } => {
            if recount {
                let (db, cache) = (db.clone(), cache.clone());
                let (ctx, q) = (ctx.clone(), q.clone());
                tokio::spawn(async move { count(&db, &cache, key, version, &ctx, &q).await });
            }
            Ok(dashboard)
        }
        Lookup::Miss => {
            let counted = Instant::now();
            let fresh = Arc::new(compute(db, ctx, q).await?);
            cache.put(key, version, counted, fresh.clone(), ctx, q);
            Ok(fresh)
        }
    }
}

/// The cache key: scope, query and day (what the figures depend on besides the data).
fn key(ctx: &Ctx, q: &DashboardQuery) -> String {
    format!("{:?}|{:?}|{}", ctx.actor.scope, q, ctx.today)
}

/// Counts a dashboard in the background and keeps it; a failure is logged and left to the next
/// reader.
async fn count(
    db: &sea_orm::DatabaseConnection,
    cache: &DashboardCache,
    key: String,
    version: i64,
    ctx: &Ctx,
    q: &DashboardQuery,
) {
    let counted = Instant::now();
    match compute(db, ctx, q).await {
        Ok(d) => cache.put(key, version, counted, Arc::new(d), ctx, q),
        Err(error) => {
            tracing::warn!(%error, "recounting a dashboard failed");
            cache.release(&key);
        }
    }
}

/// How often the warmer looks for dashboards to recount.
const WARM_EVERY: std::time::Duration = std::time::Duration::from_secs(15);

/// Recounts, one at a time, the dashboards read in the last ten minutes whose data changed,
/// until `stop` turns true: the next reader finds them fresh instead of counting. Each
/// instance warms its own cache.
pub async fn warm(
    db: sea_orm::DatabaseConnection,
    cache: Arc<DashboardCache>,
    clock: crate::state::Clock,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(WARM_EVERY) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
        let version = match crate::db::repo::data_version::current(&db).await {
            Ok(v) => v,
            Err(error) => {
                tracing::warn!(%error, "dashboard warmer: reading the data version failed");
                continue;
            }
        };
        for due in cache.due(version, clock.today()) {
            if *stop.borrow() {
                return;
            }
            let mut ctx = due.ctx;
            ctx.now = clock.now();
            count(&db, &cache, due.key, version, &ctx, &due.query).await;
        }
    }
}
