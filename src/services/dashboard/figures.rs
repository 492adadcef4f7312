//! Computing a dashboard: a handful of grouped counts over `actions` (db/repo/dashboard), put
//! together into roll-ups, the heat map, the trend and the oldest overdue actions, each figure
//! with the list link its own filter makes.
//!
//! Longer than 500 lines on purpose: one computation; the roll-up, heat map, trend and oldest
//! overdue share the grouped counts and the links their figures carry.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Months, NaiveDate};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::{
    Dashboard, DashboardQuery, Figure, FilterChoice, HeatCell, HeatMap, HeatRow, Level, MonthRow,
    OldAction, Rollup,
};
use crate::db::entities::{
    action_updates, actions, inspection_issues, inspection_rounds, provinces, zone_memberships,
    zones,
};
use crate::db::repo::dashboard::{self as repo, GroupBy, Moment};
use crate::domain::access::Scope;
use crate::domain::calendar::{Digits, MONTHS_TH_ABBR, ThaiDate, be_year};
use crate::domain::fiscal::FiscalYear;
use crate::domain::status::{ActionStatus, Horizon};
use crate::error::AppError;
use crate::services::Ctx;
use crate::services::action_filter::{ActionFilter, condition, month_bounds};
use crate::services::lookup::instant_th;

/// How many overdue actions the "oldest" table shows.
const OLDEST: u64 = 10;

/// Reference names: zones, provinces (code and name) and offices.
struct Names {
    zones: HashMap<i32, String>,
    provinces: HashMap<i32, (String, String)>,
    offices: HashMap<i32, String>,
}

impl Names {
    fn code(&self, province: Option<i32>) -> Option<&str> {
        province.and_then(|p| self.provinces.get(&p).map(|(c, _)| c.as_str()))
    }

    fn of(&self, group: GroupBy, id: Option<i32>) -> String {
        let Some(id) = id else {
            return "ไม่ระบุ".to_owned();
        };
        match group {
            GroupBy::Zone => self.zones.get(&id).cloned(),
            GroupBy::Province => self.provinces.get(&id).map(|(_, n)| n.clone()),
            GroupBy::Office => self.offices.get(&id).cloned(),
        }
        .unwrap_or_else(|| format!("รหัส {id}"))
    }
}

/// Counts of one roll-up row, summed over statuses.
#[derive(Default)]
struct Acc {
    by_status: BTreeMap<&'static str, i64>,
    total: i64,
    overdue: i64,
    done_dated: i64,
    on_time: i64,
    late_days: Vec<(i64, i64)>,
    review: i64,
}

impl Acc {
    fn merge(&mut self, other: &Acc) {
        for (k, v) in &other.by_status {
            *self.by_status.entry(k).or_default() += v;
        }
        self.total += other.total;
        self.overdue += other.overdue;
        self.done_dated += other.done_dated;
        self.on_time += other.on_time;
        self.late_days.extend_from_slice(&other.late_days);
        self.review += other.review;
    }
}

/// The weighted median of `(value, weight)` pairs.
pub fn median(pairs: &[(i64, i64)]) -> Option<f64> {
    let mut v: Vec<(i64, i64)> = pairs.iter().copied().filter(|(_, w)| *w > 0).collect();
    v.sort_unstable();
    let n: i64 = v.iter().map(|(_, w)| w).sum();
    if n == 0 {
        return None;
    }
    // The values at positions (n-1)/2 and n/2 (0-based), averaged.
    let at = |pos: i64| {
        let mut seen = 0;
        for (value, w) in &v {
            seen += w;
            if seen > pos {
                return *value;
            }
        }
        0
    };
    let (a, b) = (at((n - 1) / 2), at(n / 2));
    Some((a + b) as f64 / 2.0)
}

/// The colour step (0–5) of `n` against the largest value.
fn step(n: i64, max: i64) -> u8 {
    if n <= 0 || max <= 0 {
        return 0;
    }
    let s = 1 + (4 * n) / max;
    u8::try_from(s.clamp(1, 5)).unwrap_or(5)
}

/// The dashboard's filter (level and filters) as the action list's filter.
fn base_filter(level: Level, q: &DashboardQuery) -> ActionFilter {
    let mut f = ActionFilter {
        fiscal_year: q.fiscal_year,
        round: q.round,
        issue: q.issue,
        horizon: q.horizon.clone(),
        ..ActionFilter::default()
    };
    match level {
        Level::Country => {}
        Level::Zone(z) => f.zone = Some(z),
        Level::Province(p) => f.province = Some(p),
        Level::Office(o) => f.office = Some(o),
    }
    f
}

fn href(f: &ActionFilter, names: &Names) -> String {
    format!("/actions?{}", f.query_string(names.code(f.province)))
}

fn figure(n: i64, f: &ActionFilter, names: &Names) -> Figure {
    Figure {
        n,
        href: href(f, names),
    }
}

/// The dashboard's own query string (level and filters), for drill-downs.
fn dashboard_href(level: Level, q: &DashboardQuery, names: &Names) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    match level {
        Level::Country => {}
        Level::Zone(z) => {
            s.append_pair("zone", &z.to_string());
        }
        Level::Province(p) => {
            let code = names.code(Some(p)).map_or(p.to_string(), str::to_owned);
            s.append_pair("province", &code);
        }
        Level::Office(o) => {
            s.append_pair("office", &o.to_string());
        }
    }
    for (k, v) in [
        ("fy", q.fiscal_year.map(|v| v.to_string())),
        ("round", q.round.map(|v| v.to_string())),
        ("issue", q.issue.map(|v| v.to_string())),
        ("horizon", q.horizon.clone()),
    ] {
        if let Some(v) = v {
            s.append_pair(k, &v);
        }
    }
    format!("/dashboard?{}", s.finish())
}

fn rollup(
    id: Option<i32>,
    name: String,
    acc: &Acc,
    f: &ActionFilter,
    names: &Names,
    dashboard: Option<String>,
) -> Rollup {
    let with = |change: &dyn Fn(&mut ActionFilter)| {
        let mut g = f.clone();
        change(&mut g);
        g
    };
    let status = |s: ActionStatus| {
        figure(
            acc.by_status.get(s.as_str()).copied().unwrap_or(0),
            &with(&|g| g.status = Some(s.as_str().to_owned())),
            names,
        )
    };
    Rollup {
        id,
        name,
        dashboard_href: dashboard,
        total: figure(acc.total, f, names),
        open: status(ActionStatus::Open),
        in_progress: status(ActionStatus::InProgress),
        done: status(ActionStatus::Done),
        overdue: figure(acc.overdue, &with(&|g| g.overdue = true), names),
        done_on_time: figure(acc.on_time, &with(&|g| g.done_on_time = true), names),
        on_time_pct: (acc.done_dated > 0)
            .then(|| (1000.0 * acc.on_time as f64 / acc.done_dated as f64).round() / 10.0),
        median_days_overdue: median(&acc.late_days),
        awaiting_review: figure(acc.review, &with(&|g| g.awaiting_review = true), names),
    }
}

/// Computes the dashboard of `q` for `ctx` (no cache: see [`super::get`]).
pub async fn compute(
    db: &DatabaseConnection,
    ctx: &Ctx,
    q: &DashboardQuery,
) -> Result<Dashboard, AppError> {
    let backend = db.get_database_backend();
    let today = ctx.today;
    let level = Level::of(q, &ctx.actor.scope);
    let group = match level {
        Level::Country => GroupBy::Zone,
        Level::Zone(_) => GroupBy::Province,
        Level::Province(_) | Level::Office(_) => GroupBy::Office,
    };
    let base = base_filter(level, q);
    let cond = |f: &ActionFilter| condition(ctx, f, backend);
    let overdue = ActionFilter {
        overdue: true,
        ..base.clone()
    };
    let review = ActionFilter {
        awaiting_review: true,
        ..base.clone()
    };

    let status_rows = repo::by_status(db, cond(&base)?, group, today).await?;
    let late_rows = repo::overdue_by_due_date(db, cond(&overdue)?, group).await?;
    let review_rows = repo::count_by(db, cond(&review)?, group).await?;
    let heat_rows = repo::by_province_and_ministry(db, cond(&overdue)?).await?;

    // Names of what the rows refer to.
    let zone_rows = zones::Entity::find().all(db).await?;
    let province_rows = provinces::Entity::find().all(db).await?;
    let mut office_ids: Vec<i32> = Vec::new();
    if group == GroupBy::Office {
        office_ids.extend(status_rows.iter().filter_map(|r| r.group));
    }
    if let Level::Office(o) = level {
        office_ids.push(o);
    }
    let oldest_ids = repo::oldest_due(db, cond(&overdue)?, OLDEST).await?;
    let oldest_rows = crate::db::repo::page::rows_in_order::<actions::Entity, _>(
        db,
        actions::Column::Id,
        &oldest_ids,
        |a| a.id,
    )
    .await?;
    office_ids.extend(oldest_rows.iter().map(|a| a.office_id));
    let names = Names {
        zones: zone_rows
            .iter()
            .map(|z| (z.id, format!("เขตตรวจราชการที่ {}", z.number)))
            .collect(),
        provinces: province_rows
            .iter()
            .map(|p| (p.id, (p.code.clone(), p.name_th.clone())))
            .collect(),
        offices: crate::services::actions::office_names(db, office_ids.into_iter()).await?,
    };

    // Roll-ups.
    let accs = accumulate(&status_rows, &late_rows, &review_rows, today);
    let mut total = Acc::default();
    for a in accs.values() {
        total.merge(a);
    }
    let mut rows: Vec<Rollup> = accs
        .iter()
        .map(|(id, acc)| child_rollup(*id, acc, group, level, &base, q, &names))
        .collect();
    crate::domain::collate::sort_thai_by(&mut rows, |r| &r.name);
    if group == GroupBy::Zone {
        // Zones in their numeric order, not by name.
        rows.sort_by_key(|r| {
            r.id.and_then(|z| zone_rows.iter().find(|x| x.id == z).map(|x| x.number))
                .unwrap_or(i32::MAX)
        });
    }
    let title = title_of(level, ctx, &names);
    let total_row = rollup(None, title.clone(), &total, &base, &names, None);

    let heat = heat_map(&heat_rows, &rows, group, &overdue, &names);
    let trend = trend(db, ctx, q, &base, &names).await?;
    let oldest = oldest(db, &oldest_rows, &names, today).await?;
    let up_href = up(db, ctx, level, q, &names).await?;
    let now = ctx.now;
    Ok(Dashboard {
        level: match level {
            Level::Country => "country",
            Level::Zone(_) => "zone",
            Level::Province(_) => "province",
            Level::Office(_) => "office",
        }
        .to_owned(),
        title,
        up_href,
        filters_th: filters_th(db, q).await?,
        computed_at: now,
        computed_at_th: instant_th(now),
        total: total_row,
        rows,
        heat,
        trend,
        oldest,
        fiscal_years: fiscal_years(today),
        rounds: rounds(db, ctx, q).await?,
        issues: issues(db, q).await?,
    })
}

/// The counts of each group (zone, province or office) from the grouped query rows.
fn accumulate(
    status_rows: &[repo::StatusCount],
    late_rows: &[(Option<i32>, NaiveDate, i64)],
    review_rows: &[(Option<i32>, i64)],
    today: NaiveDate,
) -> BTreeMap<Option<i32>, Acc> {
    let mut accs: BTreeMap<Option<i32>, Acc> = BTreeMap::new();
    for r in status_rows {
        let a = accs.entry(r.group).or_default();
        *a.by_status.entry(r.status.as_str()).or_default() += r.actions;
        a.total += r.actions;
        a.overdue += r.overdue;
        if r.status == ActionStatus::Done {
            a.done_dated += r.dated;
            a.on_time += r.on_time;
        }
    }
    for (g, due, n) in late_rows {
        accs.entry(*g)
            .or_default()
            .late_days
            .push(((today - *due).num_days(), *n));
    }
    for (g, n) in review_rows {
        accs.entry(*g).or_default().review += n;
    }
    accs
}

/// The roll-up of one group below the level, its figures linked to the list narrowed to it and
/// its name to its own dashboard.
fn child_rollup(
    id: Option<i32>,
    acc: &Acc,
    group: GroupBy,
    level: Level,
    base: &ActionFilter,
    q: &DashboardQuery,
    names: &Names,
) -> Rollup {
    let mut f = base.clone();
    let child = match (group, id) {
        (GroupBy::Zone, Some(z)) => {
            f.zone = Some(z);
            Some(Level::Zone(z))
        }
        (GroupBy::Province, Some(p)) => {
            f.province = Some(p);
            Some(Level::Province(p))
        }
        (GroupBy::Office, Some(o)) => {
            f.office = Some(o);
            (!matches!(level, Level::Office(_))).then_some(Level::Office(o))
        }
        _ => None,
    };
    rollup(
        id,
        names.of(group, id),
        acc,
        &f,
        names,
        child.map(|l| dashboard_href(l, q, names)),
    )
}

/// The level's name in Thai.
fn title_of(level: Level, ctx: &Ctx, names: &Names) -> String {
    match level {
        Level::Country => match &ctx.actor.scope {
            Scope::Zones(_) => "เขตตรวจราชการที่รับผิดชอบ".to_owned(),
            _ => "ทั้งประเทศ".to_owned(),
        },
        Level::Zone(z) => names.of(GroupBy::Zone, Some(z)),
        Level::Province(p) => format!("จังหวัด{}", names.of(GroupBy::Province, Some(p))),
        Level::Office(o) => names.of(GroupBy::Office, Some(o)),
    }
}

fn heat_map(
    cells: &[(Option<i32>, String, i64)],
    rows: &[Rollup],
    group: GroupBy,
    overdue: &ActionFilter,
    names: &Names,
) -> HeatMap {
    let mut per_ministry: BTreeMap<&str, i64> = BTreeMap::new();
    let mut grid: HashMap<(i32, &str), i64> = HashMap::new();
    let mut provinces: Vec<i32> = Vec::new();
    for (p, m, n) in cells {
        let Some(p) = p else { continue };
        *per_ministry.entry(m.as_str()).or_default() += n;
        *grid.entry((*p, m.as_str())).or_default() += n;
        if !provinces.contains(p) {
            provinces.push(*p);
        }
    }
    // At a zone, every province of the zone has a row, late actions or not.
    if group == GroupBy::Province {
        for r in rows {
            if let Some(p) = r.id
                && !provinces.contains(&p)
            {
                provinces.push(p);
            }
        }
    }
    let mut columns: Vec<(&str, i64)> = per_ministry.into_iter().collect();
    columns.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let max = grid.values().copied().max().unwrap_or(0);
    let mut out: Vec<HeatRow> = provinces
        .into_iter()
        .map(|p| {
            let (code, name) = names.provinces.get(&p).cloned().unwrap_or_default();
            HeatRow {
                cells: columns
                    .iter()
                    .map(|(m, _)| {
                        let n = grid.get(&(p, *m)).copied().unwrap_or(0);
                        let f = ActionFilter {
                            province: Some(p),
                            ministry: Some((*m).to_owned()),
                            ..overdue.clone()
                        };
                        HeatCell {
                            n,
                            href: href(&f, names),
                            step: step(n, max),
                        }
                    })
                    .collect(),
                code,
                name,
            }
        })
        .collect();
    crate::domain::collate::sort_thai_by(&mut out, |r| &r.name);
    HeatMap {
        columns: columns.into_iter().map(|(m, _)| m.to_owned()).collect(),
        rows: out,
    }
}

/// The twelve months of the trend: the fiscal year's, or the last twelve.
fn months(q: &DashboardQuery, today: NaiveDate) -> Vec<NaiveDate> {
    let first = match q.fiscal_year {
        Some(fy) => FiscalYear(fy).start(),
        None => {
            let this = today.with_day(1).unwrap_or(today);
            this.checked_sub_months(Months::new(11)).unwrap_or(this)
        }
    };
    (0..12)
        .filter_map(|i| first.checked_add_months(Months::new(i)))
        .collect()
}

async fn trend(
    db: &DatabaseConnection,
    ctx: &Ctx,
    q: &DashboardQuery,
    base: &ActionFilter,
    names: &Names,
) -> Result<Vec<MonthRow>, AppError> {
    let backend = db.get_database_backend();
    let months = months(q, ctx.today);
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return Ok(Vec::new());
    };
    let (from, _) = month_bounds(*first);
    let (_, to) = month_bounds(*last);
    let window = |column: actions::Column| -> Result<Condition, AppError> {
        Ok(condition(ctx, base, backend)?
            .add(column.gte(from))
            .add(column.lt(to)))
    };
    let opened: HashMap<String, i64> =
        repo::by_month(db, window(actions::Column::CreatedAt)?, Moment::Created)
            .await?
            .into_iter()
            .collect();
    let closed: HashMap<String, i64> =
        repo::by_month(db, window(actions::Column::ClosedAt)?, Moment::Closed)
            .await?
            .into_iter()
            .collect();
    Ok(months
        .into_iter()
        .map(|m| {
            let key = m.format("%Y-%m").to_string();
            let idx = usize::try_from(m.month0()).unwrap_or(0);
            MonthRow {
                label_th: format!(
                    "{} {:02}",
                    MONTHS_TH_ABBR.get(idx).copied().unwrap_or(""),
                    be_year(m.year()) % 100
                ),
                opened: figure(
                    opened.get(&key).copied().unwrap_or(0),
                    &ActionFilter {
                        opened_in: Some(m),
                        ..base.clone()
                    },
                    names,
                ),
                closed: figure(
                    closed.get(&key).copied().unwrap_or(0),
                    &ActionFilter {
                        closed_in: Some(m),
                        ..base.clone()
                    },
                    names,
                ),
                month: key,
            }
        })
        .collect())
}

async fn oldest(
    db: &DatabaseConnection,
    list: &[actions::Model],
    names: &Names,
    today: NaiveDate,
) -> Result<Vec<OldAction>, AppError> {
    let ids: Vec<i32> = list.iter().map(|a| a.id).collect();
    let mut last: HashMap<i32, action_updates::Model> = HashMap::new();
    if !ids.is_empty() {
        for u in action_updates::Entity::find()
            .filter(action_updates::Column::ActionId.is_in(ids))
            .order_by_asc(action_updates::Column::CreatedAt)
            .all(db)
            .await?
        {
            last.insert(u.action_id, u);
        }
    }
    Ok(list
        .iter()
        .map(|a| {
            let u = last.get(&a.id);
            OldAction {
                id: a.id,
                title: a.title.clone(),
                office: names.offices.get(&a.office_id).cloned().unwrap_or_default(),
                due_on: a.due_on,
                due_th: a
                    .due_on
                    .map(|d| ThaiDate(d).table(Digits::Arabic))
                    .unwrap_or_default(),
                days_overdue: a.due_on.map_or(0, |d| (today - d).num_days()),
                last_update_th: u.map(|u| instant_th(u.created_at)),
                last_update_text: u
                    .and_then(|u| u.text_md.as_deref())
                    .map(|t| t.chars().take(200).collect()),
            }
        })
        .collect())
}

/// The dashboard one level up, if the reader's scope reaches it.
async fn up(
    db: &DatabaseConnection,
    ctx: &Ctx,
    level: Level,
    q: &DashboardQuery,
    names: &Names,
) -> Result<Option<String>, AppError> {
    let scope = &ctx.actor.scope;
    let target = match level {
        Level::Country => None,
        Level::Zone(_) => match scope {
            Scope::Everything => Some(Level::Country),
            Scope::Zones(z) if z.len() > 1 => Some(Level::Country),
            _ => None,
        },
        Level::Province(p) => match scope {
            Scope::Everything | Scope::Zones(_) => {
                let zone = zone_memberships::Entity::find()
                    .filter(zone_memberships::Column::ProvinceId.eq(p))
                    .filter(crate::db::repo::validity::zone_membership_on(ctx.today))
                    .one(db)
                    .await?
                    .map(|m| m.zone_id);
                zone.map(Level::Zone)
            }
            _ => None,
        },
        Level::Office(o) => match scope {
            Scope::Office { .. } | Scope::Nothing => None,
            _ => crate::db::entities::agency_offices::Entity::find_by_id(o)
                .one(db)
                .await?
                .and_then(|office| office.province_id)
                .map(Level::Province),
        },
    };
    Ok(target.map(|l| dashboard_href(l, q, names)))
}

fn fiscal_years(today: NaiveDate) -> Vec<FilterChoice> {
    let now = FiscalYear::of(today).0;
    (0..4)
        .map(|i| FilterChoice {
            value: (now - i).to_string(),
            label: format!("ปีงบประมาณ พ.ศ. {}", now - i),
        })
        .collect()
}

async fn rounds(
    db: &DatabaseConnection,
    ctx: &Ctx,
    q: &DashboardQuery,
) -> Result<Vec<FilterChoice>, AppError> {
    let mut find = inspection_rounds::Entity::find()
        .filter(crate::services::scope::rounds(&ctx.actor.scope))
        .order_by_desc(inspection_rounds::Column::FiscalYear)
        .order_by_asc(inspection_rounds::Column::Id);
    if let Some(fy) = q.fiscal_year {
        find = find.filter(inspection_rounds::Column::FiscalYear.eq(fy));
    }
    Ok(find
        .all(db)
        .await?
        .into_iter()
        .take(50)
        .map(|r| FilterChoice {
            value: r.id.to_string(),
            label: format!("{} (ปีงบประมาณ {})", r.label, r.fiscal_year),
        })
        .collect())
}

async fn issues(
    db: &DatabaseConnection,
    q: &DashboardQuery,
) -> Result<Vec<FilterChoice>, AppError> {
    let Some(round) = q.round else {
        return Ok(Vec::new());
    };
    Ok(inspection_issues::Entity::find()
        .filter(inspection_issues::Column::RoundId.eq(round))
        .order_by_asc(inspection_issues::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|i| FilterChoice {
            value: i.id.to_string(),
            label: i.title,
        })
        .collect())
}

async fn filters_th(db: &DatabaseConnection, q: &DashboardQuery) -> Result<Vec<String>, AppError> {
    let mut out = Vec::new();
    if let Some(fy) = q.fiscal_year {
        out.push(format!("ปีงบประมาณ พ.ศ. {fy}"));
    }
    if let Some(r) = q.round {
        let label = inspection_rounds::Entity::find_by_id(r)
            .one(db)
            .await?
            .map_or_else(|| format!("รหัส {r}"), |r| r.label);
        out.push(format!("รอบ {label}"));
    }
    if let Some(i) = q.issue {
        let title = inspection_issues::Entity::find_by_id(i)
            .one(db)
            .await?
            .map_or_else(|| format!("รหัส {i}"), |i| i.title);
        out.push(format!("ประเด็น {title}"));
    }
    if let Some(h) = q.horizon.as_deref().and_then(|h| h.parse::<Horizon>().ok()) {
        out.push(h.label_th().to_owned());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{median, step};

    #[test]
    fn the_weighted_median_takes_the_middle_value_or_the_mean_of_two() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[(5, 1)]), Some(5.0));
        assert_eq!(median(&[(1, 1), (10, 1)]), Some(5.5));
        assert_eq!(median(&[(3, 2), (1, 1), (100, 1)]), Some(3.0));
        assert_eq!(median(&[(2, 3), (9, 0)]), Some(2.0));
    }

    #[test]
    fn the_colour_steps_run_from_one_to_five() {
        assert_eq!(step(0, 10), 0);
        assert_eq!(step(1, 10), 1);
        assert_eq!(step(10, 10), 5);
        assert_eq!(step(7, 10), 3);
    }
}
