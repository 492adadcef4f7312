//! Use-cases for meeting series (standing bodies): list and create within scope, plan the next
//! occurrences of the recurrence as numbered planned meetings, and reschedule or cancel one
//! occurrence ([`occurrence`]; its open actions then carry over to the next meeting that takes
//! place). The
//! writes take the typed commands of [`command`].

pub mod command;
mod occurrence;

pub use command::{CancelCommand, PlanCommand, RescheduleCommand, SeriesCommand, SeriesRefusal};
pub use occurrence::{OccurrenceInput, cancel, cancel_refused, reschedule, reschedule_refused};

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

use super::Ctx;
use super::audit::{self, Change};
use super::meetings::{self as svc_meetings, MeetingRow};
use super::scope;
use crate::db::entities::{meeting_series, meeting_sessions, meetings, provinces};
use crate::domain::access::{Location, Scope};
use crate::domain::agenda::CUSTOMARY_SECTIONS;
use crate::domain::calendar::{Digits, ThaiDate, time};
use crate::domain::fields::FieldErrors;
use crate::domain::numbering::NumberingScope;
use crate::domain::recurrence::MonthlyNthWeekday;
use crate::domain::status::MeetingStatus;
use crate::error::AppError;
use crate::views::Viewed;

fn location(s: &meeting_series::Model) -> Location {
    Location {
        zone_id: s.zone_id,
        province_id: s.province_id,
        office_id: None,
    }
}

/// A series as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SeriesInput {
    /// Name, e.g. `คณะกรรมการบริหารงานจังหวัดแบบบูรณาการ`.
    pub name: String,
    /// The body's name as printed.
    pub body_name: String,
    /// Kind of its meetings.
    pub kind: String,
    /// Province code.
    pub province: String,
    /// `calendar_year` or `fiscal_year`.
    pub numbering_scope: String,
    /// `1`–`4`, `last`, or blank for no recurrence.
    pub rec_nth: String,
    /// `mon`–`sun`.
    pub rec_weekday: String,
    /// Default start (`09.00`).
    pub default_start: String,
    /// Default end.
    pub default_end: String,
    /// Agenda sections, one per line (blank: the five customary sections).
    pub agenda_template: String,
}

impl SeriesInput {
    /// A blank form with the customary agenda.
    pub fn blank() -> Self {
        Self {
            numbering_scope: NumberingScope::CalendarYear.as_str().to_owned(),
            default_start: "09.00".to_owned(),
            default_end: "12.00".to_owned(),
            agenda_template: CUSTOMARY_SECTIONS
                .iter()
                .map(|s| s.title)
                .collect::<Vec<_>>()
                .join("\n"),
            ..Default::default()
        }
    }
}

/// The province of a new series (a provincial office's own; else the one named), and its zone;
/// errors when there is none or the caller may not manage its meetings.
async fn province_of<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    code: &str,
    e: &mut FieldErrors,
) -> Result<(Option<i32>, Option<i32>), AppError> {
    let province_id = match &ctx.actor.scope {
        Scope::Province(p) => Some(*p),
        _ => {
            let p = provinces::Entity::find()
                .filter(provinces::Column::Code.eq(code.trim()))
                .one(db)
                .await?;
            if p.is_none() {
                e.add("province", "กรุณาเลือกจังหวัด");
            }
            p.map(|p| p.id)
        }
    };
    let zone_id = match province_id {
        Some(p) => svc_meetings::zone_of(db, p, ctx.today).await?,
        None => None,
    };
    if province_id.is_some()
        && !ctx.actor.can_manage_meetings(Location {
            zone_id,
            province_id,
            office_id: None,
        })
    {
        e.add("province", "ท่านไม่มีสิทธิ์จัดการประชุมของจังหวัดนี้");
    }
    Ok((province_id, zone_id))
}

/// What the service answers a series form that did not parse: 403 for one who may not create
/// series, else its errors together with those of its province.
pub async fn refused(db: &DatabaseConnection, ctx: &Ctx, refusal: SeriesRefusal) -> AppError {
    if !svc_meetings::may_create(ctx) {
        return AppError::Forbidden;
    }
    let SeriesRefusal {
        mut errors,
        province,
    } = refusal;
    match province_of(db, ctx, &province, &mut errors).await {
        Ok(_) => AppError::Invalid(errors),
        Err(e) => e,
    }
}

/// Creates a series.
pub async fn create(
    db: &DatabaseConnection,
    ctx: &Ctx,
    i: &SeriesCommand,
) -> Result<meeting_series::Model, AppError> {
    if !svc_meetings::may_create(ctx) {
        return Err(AppError::Forbidden);
    }
    let txn = crate::db::begin_write(db).await?;
    let mut e = FieldErrors::new();
    let (province_id, zone_id) = province_of(&txn, ctx, &i.province, &mut e).await?;
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let s = meeting_series::ActiveModel {
        name: Set(i.name.clone()),
        body_name: Set(i.body_name.clone()),
        kind: Set(i.kind),
        province_id: Set(province_id),
        zone_id: Set(zone_id),
        numbering_scope: Set(i.numbering),
        recurrence_rule: Set(i.recurrence.map(|r| r.as_rule())),
        default_start: Set(i.default_start),
        default_end: Set(i.default_end),
        agenda_template: Set(i.agenda_template.clone()),
        active: Set(true),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::created(
        &txn,
        ctx,
        Change {
            action: "series.create",
            kind: "series",
            id: s.id,
            at: location(&s),
        },
        &s.view(),
    )
    .await?;
    txn.commit().await?;
    Ok(s)
}

/// A series page.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesView {
    /// The row.
    pub series: crate::views::MeetingSeriesView,
    /// Kind label.
    pub kind_th: String,
    /// Recurrence in Thai.
    pub recurrence_th: Option<String>,
    /// Numbering label.
    pub numbering_th: &'static str,
    /// Default times `09.00–12.00 น.`.
    pub times_th: Option<String>,
    /// Agenda sections.
    pub sections: Vec<String>,
    /// Its meetings, by date.
    pub meetings: Vec<MeetingRow>,
    /// Whether the caller may plan, reschedule and cancel.
    pub can_manage: bool,
}

/// A series the caller can see, with its meetings.
pub async fn view<C: ConnectionTrait>(db: &C, ctx: &Ctx, id: i32) -> Result<SeriesView, AppError> {
    let s = super::lookup::visible_series_one(db, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = meetings::Entity::find()
        .filter(meetings::Column::SeriesId.eq(s.id))
        .filter(scope::meetings(&ctx.actor.scope))
        .order_by_asc(meetings::Column::MeetingDate)
        .order_by_asc(meetings::Column::Id)
        .all(db)
        .await?;
    let province = match s.province_id {
        Some(p) => provinces::Entity::find_by_id(p).one(db).await?,
        None => None,
    };
    Ok(SeriesView {
        kind_th: s.kind.label_th().to_owned(),
        recurrence_th: s
            .recurrence_rule
            .as_deref()
            .and_then(|r| MonthlyNthWeekday::parse_rule(r).ok())
            .map(|r| r.describe_th()),
        numbering_th: s.numbering_scope.label_th(),
        times_th: match (s.default_start, s.default_end) {
            (Some(a), Some(b)) => Some(crate::domain::calendar::time_range(a, b, Digits::Arabic)),
            (Some(a), None) => Some(format!("{} น.", time(a, Digits::Arabic))),
            _ => None,
        },
        sections: svc_meetings::template_sections(s.agenda_template.as_deref())
            .into_iter()
            .map(|(_, t)| t)
            .collect(),
        meetings: rows
            .iter()
            .map(|m| svc_meetings::row(m, province.as_ref()))
            .collect(),
        can_manage: ctx.actor.can_manage_meetings(location(&s)),
        series: s.into(),
    })
}

/// What to plan.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanInput {
    /// First day (BE).
    pub from: String,
    /// Last day (BE).
    pub to: String,
    /// At most this many meetings.
    pub count: String,
}

/// The series to plan, and its recurrence: 404 outside scope, 403 for one who may not manage
/// its meetings, an error when it has no recurrence.
async fn plannable<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    series_id: i32,
    e: &mut FieldErrors,
) -> Result<(meeting_series::Model, Option<MonthlyNthWeekday>), AppError> {
    let s = super::lookup::visible_series_one(db, ctx, series_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !ctx.actor.can_manage_meetings(location(&s)) {
        return Err(AppError::Forbidden);
    }
    let rule = s
        .recurrence_rule
        .as_deref()
        .and_then(|r| MonthlyNthWeekday::parse_rule(r).ok());
    if rule.is_none() {
        e.add("from", "ชุดการประชุมนี้ไม่ได้กำหนดรอบการประชุมประจำ");
    }
    Ok((s, rule))
}

/// What the service answers a plan whose form did not parse: the refusals a parsed one would
/// meet first (404, 403), else its errors together with the series' own.
pub async fn plan_refused(
    db: &DatabaseConnection,
    ctx: &Ctx,
    series_id: i32,
    mut errors: FieldErrors,
) -> AppError {
    match plannable(db, ctx, series_id, &mut errors).await {
        Ok(_) => AppError::Invalid(errors),
        Err(e) => e,
    }
}

/// Creates planned meetings for the next occurrences of the recurrence between `from` and
/// `to` (at most `count`, skipping dates that already have a meeting of the series), numbered
/// `n/BE-year` in order. Returns the new meetings.
pub async fn plan(
    db: &DatabaseConnection,
    ctx: &Ctx,
    series_id: i32,
    i: &PlanCommand,
) -> Result<Vec<meetings::Model>, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let mut e = FieldErrors::new();
    let (s, rule) = plannable(&txn, ctx, series_id, &mut e).await?;
    let (Some(rule), true) = (rule, e.is_empty()) else {
        return Err(AppError::Invalid(e));
    };
    let (from, to, count) = (i.from, i.to, i.count);
    let kind = s.kind;
    let Some(province_id) = s.province_id else {
        return Err(AppError::Invalid(FieldErrors::one(
            "from",
            "ชุดการประชุมต้องมีจังหวัดและประเภทการประชุม",
        )));
    };
    let existing: Vec<NaiveDate> = meetings::Entity::find()
        .filter(meetings::Column::SeriesId.eq(s.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|m| m.meeting_date)
        .collect();
    let zone_id = svc_meetings::zone_of(&txn, province_id, ctx.today).await?;
    let mut out = Vec::new();
    for d in rule
        .occurrences(from, to)
        .into_iter()
        .filter(|d| !existing.contains(d))
        .take(count)
    {
        let number = svc_meetings::input::series_next_number(&txn, &s, d).await?;
        let m = meetings::ActiveModel {
            series_id: Set(Some(s.id)),
            round_id: Set(s.round_id),
            kind: Set(kind),
            title: Set(format!(
                "{} ครั้งที่ {number}",
                s.body_name.clone().unwrap_or_else(|| s.name.clone())
            )),
            number: Set(i32::try_from(number.n).ok()),
            number_year: Set(Some(number.be_year)),
            host_province_id: Set(Some(province_id)),
            zone_id: Set(zone_id),
            meeting_date: Set(d),
            start_time: Set(s.default_start),
            end_time: Set(s.default_end),
            status: Set(MeetingStatus::Planned),
            digit_style: Set(Digits::Arabic),
            created_at: Set(ctx.now),
            updated_at: Set(ctx.now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if let (Some(a), Some(b)) = (s.default_start, s.default_end) {
            meeting_sessions::ActiveModel {
                meeting_id: Set(m.id),
                position: Set(1),
                starts_at: Set(a),
                ends_at: Set(Some(b)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        svc_meetings::create_agenda(&txn, ctx, m.id, s.agenda_template.as_deref()).await?;
        audit::created(
            &txn,
            ctx,
            Change {
                action: "meeting.create",
                kind: "meeting",
                id: m.id,
                at: scope::meeting_location(&m),
            },
            &m.view(),
        )
        .await?;
        out.push(m);
    }
    txn.commit().await?;
    Ok(out)
}

/// The Thai long date of a meeting date (for templates).
pub fn long_date(d: NaiveDate) -> String {
    ThaiDate(d).long(Digits::Arabic)
}
