//! Use-cases for meeting series (standing bodies): list and create within scope, plan the next
//! occurrences of the recurrence as numbered planned meetings, and reschedule or cancel one
//! occurrence (its open actions then carry over to the next meeting that takes place).

use chrono::{NaiveDate, NaiveTime};
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
use crate::domain::calendar::{Digits, ThaiDate, parse_date, parse_time, time};
use crate::domain::fields::{FieldErrors, optional_text, required_line};
use crate::domain::numbering::NumberingScope;
use crate::domain::recurrence::{MonthlyNthWeekday, Nth};
use crate::domain::rules::ensure_end_after_start;
use crate::domain::status::{MeetingKind, MeetingStatus};
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

/// Creates a series.
pub async fn create(
    db: &DatabaseConnection,
    ctx: &Ctx,
    i: &SeriesInput,
) -> Result<meeting_series::Model, AppError> {
    if !svc_meetings::may_create(ctx) {
        return Err(AppError::Forbidden);
    }
    let txn = crate::db::begin_write(db).await?;
    let mut e = FieldErrors::new();
    let name = required_line(&mut e, "name", "ชื่อชุดการประชุม", &i.name, 300);
    let body_name = optional_text(&mut e, "body_name", "ชื่อคณะ", Some(&i.body_name), 500);
    let kind = e.check(
        "kind",
        i.kind
            .trim()
            .parse::<MeetingKind>()
            .map_err(|_| "กรุณาเลือกประเภทการประชุม"),
    );
    let numbering = e.check(
        "numbering_scope",
        i.numbering_scope.trim().parse::<NumberingScope>(),
    );
    let province_id = match &ctx.actor.scope {
        Scope::Province(p) => Some(*p),
        _ => {
            let p = provinces::Entity::find()
                .filter(provinces::Column::Code.eq(i.province.trim()))
                .one(&txn)
                .await?;
            if p.is_none() {
                e.add("province", "กรุณาเลือกจังหวัด");
            }
            p.map(|p| p.id)
        }
    };
    let zone_id = match province_id {
        Some(p) => svc_meetings::zone_of(&txn, p, ctx.today).await?,
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
    let rule = match i.rec_nth.trim() {
        "" => None,
        n => {
            let nth = if n == "last" {
                Some(Nth::Last)
            } else {
                n.parse::<u8>().ok().and_then(Nth::from_u8)
            };
            match nth {
                Some(nth) => e.check(
                    "rec_weekday",
                    MonthlyNthWeekday::parse_rule(&format!(
                        "monthly:{}:{}",
                        if nth == Nth::Last {
                            "last".to_owned()
                        } else {
                            n.to_owned()
                        },
                        i.rec_weekday.trim()
                    ))
                    .map_err(|_| "กรุณาเลือกวันในสัปดาห์"),
                ),
                None => {
                    e.add("rec_nth", "กรุณาเลือกสัปดาห์ที่ 1–4 หรือสัปดาห์สุดท้าย");
                    None
                }
            }
        }
    };
    let start = opt_time(&mut e, "default_start", &i.default_start);
    let end = opt_time(&mut e, "default_end", &i.default_end);
    if let (Some(a), Some(b)) = (start, end) {
        e.check("default_end", ensure_end_after_start(a, b));
    }
    let template = optional_text(
        &mut e,
        "agenda_template",
        "ระเบียบวาระ",
        Some(&i.agenda_template),
        5000,
    );
    let (Some(kind), Some(numbering), true) = (kind, numbering, e.is_empty()) else {
        return Err(AppError::Invalid(e));
    };
    let s = meeting_series::ActiveModel {
        name: Set(name),
        body_name: Set(body_name),
        kind: Set(kind),
        province_id: Set(province_id),
        zone_id: Set(zone_id),
        numbering_scope: Set(numbering),
        recurrence_rule: Set(rule.map(|r| r.as_rule())),
        default_start: Set(start),
        default_end: Set(end),
        agenda_template: Set(template),
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

fn opt_time(e: &mut FieldErrors, field: &str, s: &str) -> Option<NaiveTime> {
    if s.trim().is_empty() {
        None
    } else {
        e.check(field, parse_time(s))
    }
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

/// Creates planned meetings for the next occurrences of the recurrence between `from` and
/// `to` (at most `count`, skipping dates that already have a meeting of the series), numbered
/// `n/BE-year` in order. Returns the new meetings.
pub async fn plan(
    db: &DatabaseConnection,
    ctx: &Ctx,
    series_id: i32,
    i: &PlanInput,
) -> Result<Vec<meetings::Model>, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let s = super::lookup::visible_series_one(&txn, ctx, series_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !ctx.actor.can_manage_meetings(location(&s)) {
        return Err(AppError::Forbidden);
    }
    let mut e = FieldErrors::new();
    let from = e.check("from", parse_date(&i.from));
    let to = e.check("to", parse_date(&i.to));
    let count = match i.count.trim() {
        "" => 12,
        c => match c.parse::<usize>() {
            Ok(n) if (1..=60).contains(&n) => n,
            _ => {
                e.add("count", "จำนวนครั้งต้องอยู่ระหว่าง 1–60");
                0
            }
        },
    };
    let rule = s
        .recurrence_rule
        .as_deref()
        .and_then(|r| MonthlyNthWeekday::parse_rule(r).ok());
    if rule.is_none() {
        e.add("from", "ชุดการประชุมนี้ไม่ได้กำหนดรอบการประชุมประจำ");
    }
    if let (Some(a), Some(b)) = (from, to)
        && b < a
    {
        e.add("to", "วันสุดท้ายต้องไม่อยู่ก่อนวันเริ่มต้น");
    }
    let (Some(from), Some(to), Some(rule), true) = (from, to, rule, e.is_empty()) else {
        return Err(AppError::Invalid(e));
    };
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

/// Moves one meeting to a new date, keeping the original date in `rescheduled_from`.
pub async fn reschedule(
    db: &DatabaseConnection,
    ctx: &Ctx,
    meeting_id: i32,
    new_date: &str,
) -> Result<meetings::Model, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let before = svc_meetings::find_managed(&txn, ctx, meeting_id).await?;
    let mut e = FieldErrors::new();
    let d = e.check("new_date", parse_date(new_date));
    if !matches!(
        before.status,
        MeetingStatus::Planned | MeetingStatus::Invited
    ) {
        e.add("new_date", "เลื่อนได้เฉพาะการประชุมที่ยังไม่ได้จัด");
    }
    let Some(d) = d.filter(|_| e.is_empty()) else {
        return Err(AppError::Invalid(e));
    };
    let mut am: meetings::ActiveModel = before.clone().into();
    am.rescheduled_from = Set(Some(before.rescheduled_from.unwrap_or(before.meeting_date)));
    am.meeting_date = Set(d);
    am.updated_at = Set(ctx.now);
    let m = am.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "meeting.reschedule",
            kind: "meeting",
            id: m.id,
            at: scope::meeting_location(&m),
        },
        audit::json(&before.view()),
        audit::json(&m.view()),
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

/// Cancels one meeting with a reason (the life cycle must allow it).
pub async fn cancel(
    db: &DatabaseConnection,
    ctx: &Ctx,
    meeting_id: i32,
    reason: &str,
) -> Result<meetings::Model, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let before = svc_meetings::find_managed(&txn, ctx, meeting_id).await?;
    let mut e = FieldErrors::new();
    let reason = required_line(&mut e, "reason", "เหตุผลที่ยกเลิก", reason, 1000);
    e.check("reason", before.status.transition(MeetingStatus::Cancelled));
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let mut am: meetings::ActiveModel = before.clone().into();
    am.status = Set(MeetingStatus::Cancelled);
    am.cancelled_reason = Set(Some(reason));
    am.updated_at = Set(ctx.now);
    let m = am.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "meeting.cancel",
            kind: "meeting",
            id: m.id,
            at: scope::meeting_location(&m),
        },
        audit::json(&before.view()),
        audit::json(&m.view()),
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

/// The Thai long date of a meeting date (for templates).
pub fn long_date(d: NaiveDate) -> String {
    ThaiDate(d).long(Digits::Arabic)
}
