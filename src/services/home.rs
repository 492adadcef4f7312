//! What each role sees first at `/`: its own work, within its scope (every query goes through
//! [`super::scope`], so another province's items never appear). An agency head: its open
//! actions, overdue first; a provincial office: this month's meetings and what each still lacks,
//! and offices with overdue actions; an inspector: drafts to publish, updates to review, overdue
//! actions by province; viewers and administrators: a read-only overview.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;

use super::Ctx;
use super::actions::{self as action_svc, ActionRow};
use super::scope;
use crate::db::entities::{
    action_updates, actions, agenda_items, attendances, directives, meetings, minutes, provinces,
};
use crate::domain::calendar::{Digits, ThaiDate};
use crate::domain::status::{ActionStatus, DirectiveStatus, MinutesState, UpdateReview};
use crate::error::AppError;

/// How many rows a home section lists at most.
const LIMIT: u64 = 50;

/// A meeting of this month and what it still lacks.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingTodo {
    /// Meeting id.
    pub id: i32,
    /// Title.
    pub title: String,
    /// Date, e.g. `19 เม.ย. 2565`.
    pub date_th: String,
    /// What is missing, in Thai (agenda, attendance, minutes, circulation).
    pub lacks: Vec<&'static str>,
}

/// Overdue actions of one office.
#[derive(Debug, Clone, Serialize)]
pub struct OfficeCount {
    /// Office id (the link filters the action list by it).
    pub office_id: i32,
    /// Office name.
    pub office: String,
    /// How many.
    pub count: u64,
}

/// Overdue actions of one province, per office.
#[derive(Debug, Clone, Serialize)]
pub struct ProvinceCount {
    /// Province id (`None`: central offices).
    pub province_id: Option<i32>,
    /// Province name.
    pub province: String,
    /// Total.
    pub count: u64,
    /// Per office.
    pub offices: Vec<OfficeCount>,
}

/// A draft directive waiting to be published.
#[derive(Debug, Clone, Serialize)]
pub struct DraftDirective {
    /// Id.
    pub id: i32,
    /// Number in its meeting.
    pub number: i32,
    /// The meeting's title.
    pub meeting: String,
    /// The meeting's date.
    pub date_th: String,
}

/// An update waiting for review.
#[derive(Debug, Clone, Serialize)]
pub struct PendingUpdate {
    /// The action (the review form is on its page).
    pub action_id: i32,
    /// The action's title.
    pub title: String,
    /// Its office.
    pub office: String,
    /// When the update came, e.g. `23 พ.ย. 2569`.
    pub date_th: String,
}

/// The home page's work, by role; empty sections are not shown.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Work {
    /// Open actions (agency head), overdue first.
    pub my_actions: Vec<ActionRow>,
    /// How many of them are overdue.
    pub my_overdue: usize,
    /// This month's meetings (provincial office, overview).
    pub meetings: Vec<MeetingTodo>,
    /// Offices with overdue actions (provincial office).
    pub overdue_offices: Vec<OfficeCount>,
    /// Draft directives (inspector).
    pub drafts: Vec<DraftDirective>,
    /// Updates waiting for review (inspector).
    pub pending: Vec<PendingUpdate>,
    /// Overdue actions by province (inspector, overview).
    pub overdue_provinces: Vec<ProvinceCount>,
    /// Overdue actions in scope (all roles).
    pub overdue_total: u64,
    /// This month in Thai, e.g. `พฤศจิกายน 2569`.
    pub month_th: String,
}

fn short_date(d: NaiveDate) -> String {
    ThaiDate(d).table(Digits::Arabic)
}

fn overdue(ctx: &Ctx) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(scope::actions(&ctx.actor.scope))
        .add(actions::Column::DueOn.lt(ctx.today))
        .add(actions::Column::Status.is_in([ActionStatus::Open, ActionStatus::InProgress]))
}

/// An agency head's open actions, overdue first, then by due date.
pub async fn my_actions(db: &DatabaseConnection, ctx: &Ctx) -> Result<Vec<ActionRow>, AppError> {
    let list = actions::Entity::find()
        .filter(scope::actions(&ctx.actor.scope))
        .filter(actions::Column::Status.is_in([ActionStatus::Open, ActionStatus::InProgress]))
        .order_by_asc(actions::Column::DueOn)
        .order_by_asc(actions::Column::Id)
        .limit(LIMIT)
        .all(db)
        .await?;
    let mut rows = action_svc::rows(db, ctx, list).await?;
    rows.sort_by_key(|r| (!r.overdue, r.due_on.is_none(), r.due_on));
    Ok(rows)
}

/// This month's meetings within scope and what each still lacks.
pub async fn month_meetings(
    db: &DatabaseConnection,
    ctx: &Ctx,
) -> Result<Vec<MeetingTodo>, AppError> {
    let first = ctx.today.with_day(1).unwrap_or(ctx.today);
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    let list = meetings::Entity::find()
        .filter(scope::meetings(&ctx.actor.scope))
        .filter(meetings::Column::MeetingDate.gte(first))
        .filter(meetings::Column::MeetingDate.lt(next))
        .filter(meetings::Column::Status.ne("cancelled"))
        .order_by_asc(meetings::Column::MeetingDate)
        .limit(LIMIT)
        .all(db)
        .await?;
    let ids: Vec<i32> = list.iter().map(|m| m.id).collect();
    let with_agenda: BTreeSet<i32> = agenda_items::Entity::find()
        .select_only()
        .column(agenda_items::Column::MeetingId)
        .filter(agenda_items::Column::MeetingId.is_in(ids.clone()))
        .distinct()
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let with_attendance: BTreeSet<i32> = attendances::Entity::find()
        .select_only()
        .column(attendances::Column::MeetingId)
        .filter(attendances::Column::MeetingId.is_in(ids.clone()))
        .distinct()
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let states: BTreeMap<i32, (MinutesState, i32)> = minutes::Entity::find()
        .filter(minutes::Column::MeetingId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.meeting_id, (m.state, m.current_revision)))
        .collect();
    Ok(list
        .into_iter()
        .map(|m| {
            let mut lacks = Vec::new();
            if !with_agenda.contains(&m.id) {
                lacks.push("ระเบียบวาระ");
            }
            let held = m.meeting_date <= ctx.today;
            if held && !with_attendance.contains(&m.id) {
                lacks.push("ผู้เข้าประชุม");
            }
            let state = states.get(&m.id);
            if held && state.is_none_or(|(_, rev)| *rev == 0) {
                lacks.push("รายงานการประชุม");
            }
            if held && state.is_none_or(|(s, _)| *s == MinutesState::Draft) {
                lacks.push("การเวียนรายงาน");
            }
            MeetingTodo {
                id: m.id,
                title: m.title,
                date_th: short_date(m.meeting_date),
                lacks,
            }
        })
        .collect())
}

/// Offices with overdue actions within scope, most first.
pub async fn overdue_offices(
    db: &DatabaseConnection,
    ctx: &Ctx,
) -> Result<Vec<(Option<i32>, OfficeCount)>, AppError> {
    let counts: Vec<(i32, Option<i32>, i64)> = actions::Entity::find()
        .select_only()
        .column(actions::Column::OfficeId)
        .column(actions::Column::ProvinceId)
        .column_as(actions::Column::Id.count(), "n")
        .filter(overdue(ctx))
        .group_by(actions::Column::OfficeId)
        .group_by(actions::Column::ProvinceId)
        .into_tuple()
        .all(db)
        .await?;
    let names = action_svc::office_names(db, counts.iter().map(|c| c.0)).await?;
    let mut out: Vec<(Option<i32>, OfficeCount)> = counts
        .into_iter()
        .map(|(office_id, province, n)| {
            (
                province,
                OfficeCount {
                    office_id,
                    office: names.get(&office_id).cloned().unwrap_or_default(),
                    count: u64::try_from(n).unwrap_or_default(),
                },
            )
        })
        .collect();
    out.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.1.office.cmp(&b.1.office)));
    Ok(out)
}

/// Draft directives of the meetings within scope.
pub async fn drafts(db: &DatabaseConnection, ctx: &Ctx) -> Result<Vec<DraftDirective>, AppError> {
    let list = directives::Entity::find()
        .filter(scope::directives(&ctx.actor.scope))
        .filter(directives::Column::Status.eq(DirectiveStatus::Draft))
        .order_by_asc(directives::Column::Id)
        .limit(LIMIT)
        .all(db)
        .await?;
    let ids: BTreeSet<i32> = list.iter().map(|d| d.meeting_id).collect();
    let ms: BTreeMap<i32, meetings::Model> = meetings::Entity::find()
        .filter(meetings::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    Ok(list
        .into_iter()
        .map(|d| {
            let m = ms.get(&d.meeting_id);
            DraftDirective {
                id: d.id,
                number: d.number,
                meeting: m.map(|m| m.title.clone()).unwrap_or_default(),
                date_th: m.map(|m| short_date(m.meeting_date)).unwrap_or_default(),
            }
        })
        .collect())
}

/// Updates of actions within scope waiting for review, oldest first.
pub async fn pending(db: &DatabaseConnection, ctx: &Ctx) -> Result<Vec<PendingUpdate>, AppError> {
    let in_scope = Query::select()
        .column(actions::Column::Id)
        .from(actions::Entity)
        .cond_where(scope::actions(&ctx.actor.scope))
        .to_owned();
    let ups = action_updates::Entity::find()
        .filter(action_updates::Column::Review.eq(UpdateReview::Pending))
        .filter(action_updates::Column::ActionId.in_subquery(in_scope))
        .order_by_asc(action_updates::Column::CreatedAt)
        .limit(LIMIT)
        .all(db)
        .await?;
    let ids: BTreeSet<i32> = ups.iter().map(|u| u.action_id).collect();
    let acts: BTreeMap<i32, actions::Model> = actions::Entity::find()
        .filter(actions::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let names = action_svc::office_names(db, acts.values().map(|a| a.office_id)).await?;
    Ok(ups
        .into_iter()
        .filter_map(|u| {
            let a = acts.get(&u.action_id)?;
            Some(PendingUpdate {
                action_id: a.id,
                title: a.title.clone(),
                office: names.get(&a.office_id).cloned().unwrap_or_default(),
                date_th: short_date(
                    u.created_at
                        .with_timezone(&crate::state::bangkok())
                        .date_naive(),
                ),
            })
        })
        .collect())
}

/// Overdue actions by province (each with its offices).
pub async fn overdue_provinces(
    db: &DatabaseConnection,
    offices: Vec<(Option<i32>, OfficeCount)>,
) -> Result<Vec<ProvinceCount>, AppError> {
    let ids: BTreeSet<i32> = offices.iter().filter_map(|o| o.0).collect();
    let names: BTreeMap<i32, String> = provinces::Entity::find()
        .filter(provinces::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name_th))
        .collect();
    let mut by: BTreeMap<String, ProvinceCount> = BTreeMap::new();
    for (p, o) in offices {
        let name = p
            .and_then(|p| names.get(&p).cloned())
            .unwrap_or_else(|| "ส่วนกลาง".to_owned());
        let e = by.entry(name.clone()).or_insert_with(|| ProvinceCount {
            province_id: p,
            province: name,
            count: 0,
            offices: vec![],
        });
        e.count += o.count;
        e.offices.push(o);
    }
    let mut out: Vec<ProvinceCount> = by.into_values().collect();
    out.sort_by_key(|p| std::cmp::Reverse(p.count));
    Ok(out)
}

/// How many actions within scope are overdue.
pub async fn overdue_total(db: &DatabaseConnection, ctx: &Ctx) -> Result<u64, AppError> {
    Ok(actions::Entity::find()
        .filter(overdue(ctx))
        .count(db)
        .await?)
}

/// The month of `today` in Thai, e.g. `พฤศจิกายน 2569`.
pub fn month_th(today: NaiveDate) -> String {
    let long = ThaiDate(today).long(Digits::Arabic);
    // `วันจันทร์ที่ 23 พฤศจิกายน 2569` → `พฤศจิกายน 2569`
    long.split(' ').skip(2).collect::<Vec<_>>().join(" ")
}

/// A meeting whose minutes are published to the public.
#[derive(Debug, Clone, Serialize)]
pub struct PublishedMinutes {
    /// Meeting id (the public page is `/public/minutes/{id}`).
    pub meeting_id: i32,
    /// Title.
    pub title: String,
    /// Date.
    pub date_th: String,
}

/// The newest minutes published to the public (anyone may read them).
pub async fn published_minutes(db: &DatabaseConnection) -> Result<Vec<PublishedMinutes>, AppError> {
    let ids: Vec<i32> = minutes::Entity::find()
        .select_only()
        .column(minutes::Column::MeetingId)
        .filter(minutes::Column::Published.eq(true))
        .into_tuple::<i32>()
        .all(db)
        .await?;
    let list = meetings::Entity::find()
        .filter(meetings::Column::Id.is_in(ids))
        .order_by_desc(meetings::Column::MeetingDate)
        .limit(20)
        .all(db)
        .await?;
    Ok(list
        .into_iter()
        .map(|m| PublishedMinutes {
            meeting_id: m.id,
            title: m.title,
            date_th: short_date(m.meeting_date),
        })
        .collect())
}
