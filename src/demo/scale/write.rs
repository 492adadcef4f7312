//! Writes a planned province-year: resolves the plan's office indexes to the province's offices,
//! inserts table by table with chunked `insert_many`, and maps the returned rows back to the
//! plan by natural keys (never by the order `RETURNING` happens to use).
//!
//! Longer than 500 lines on purpose: one writer method per table of the plan, in insert order,
//! each mapping the returned ids back by natural keys.

use std::collections::HashMap;
use std::fmt::Debug;
use std::hash::Hash;

use anyhow::Context;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, Iterable,
    QueryFilter, QueryOrder,
};

use super::plan::{
    ActionPlan, AttendancePlan, DirectivePlan, ItemPlan, MeetingPlan, ProvinceYear, took_place,
};
use super::texts::{
    ABSENCE_REASONS, CANCEL_REASONS, DEPUTY, GOVERNOR, ROOMS, SERIES, STAFF_NAMES, STAFF_POSITIONS,
    THEMES, Topic, UPDATE_TEXTS,
};
use crate::db::entities::{
    action_updates, actions, agency_offices, agenda_items, agenda_sections, attendances,
    directive_targets, directives, meeting_provinces, meeting_series, meetings, office_heads,
    zone_memberships,
};
use crate::demo::builder::{Builder, time};
use crate::domain::agenda::CUSTOMARY_SECTIONS;
use crate::domain::calendar::Digits;
use crate::domain::fiscal::FiscalYear;
use crate::domain::numbering::NumberingScope;
use crate::domain::recurrence::MonthlyNthWeekday;
use crate::domain::status::{
    AttendanceStatus, DirectiveStatus, Horizon, MeetingStatus, UpdateReview,
};

/// Bind parameters per statement: safely below SQLite's 32,766 (PostgreSQL allows 65,535).
const MAX_BINDS: usize = 30_000;
/// Rows per statement at most.
const MAX_ROWS: usize = 500;
/// The province of the data set (Sisaket).
pub const PROVINCE: &str = "TH-33";
/// Its inspection zone.
pub const ZONE: i32 = 14;
/// The province name the texts are written for; other provinces get their own name instead.
const TEXT_PROVINCE: &str = "ศรีสะเกษ";
/// Who takes and who checks the minutes.
const MINUTE_TAKER: &str = "นักวิเคราะห์นโยบายและแผนชำนาญการ สำนักงานจังหวัดศรีสะเกษ";
const MINUTE_CHECKER: &str = "หัวหน้าสำนักงานจังหวัดศรีสะเกษ";

/// Name of a generated series: the marker, then the series' own name.
pub fn series_name(index: usize) -> String {
    format!("{} {}", super::MARK, SERIES[index].name)
}

/// An office of the province with the printed title of its head.
pub struct Office {
    /// Office id.
    pub id: i32,
    /// e.g. `พัฒนาการจังหวัดศรีสะเกษ`.
    pub head_title: String,
}

/// The province, its zone and its active offices (in id order: plan indexes point here).
pub struct Scope {
    /// Province id.
    pub province_id: i32,
    /// Province code (`TH-33`).
    pub province_code: String,
    /// Province name (`ศรีสะเกษ`).
    pub province_name: String,
    /// Zone id (of zone number [`ZONE`] for Sisaket; the current zone of other provinces).
    pub zone_id: i32,
    /// Active offices of the province.
    pub offices: Vec<Office>,
}

impl Scope {
    /// Loads Sisaket, zone 14 and Sisaket's offices with their current heads.
    pub async fn load(txn: &DatabaseTransaction, now: DateTime<Utc>) -> anyhow::Result<Self> {
        Self::load_province(txn, now, PROVINCE).await
    }

    /// Loads a province by code, its current inspection zone and its active offices.
    pub async fn load_province(
        txn: &DatabaseTransaction,
        now: DateTime<Utc>,
        code: &str,
    ) -> anyhow::Result<Self> {
        let b = Builder::new(txn, now).await?;
        let province_id = b.province(code)?;
        let province_name = b.province_name(code)?.to_owned();
        let zone_id = if code == PROVINCE {
            b.zone(ZONE)?
        } else {
            zone_memberships::Entity::find()
                .filter(zone_memberships::Column::ProvinceId.eq(province_id))
                .filter(zone_memberships::Column::ValidTo.is_null())
                .order_by_asc(zone_memberships::Column::Id)
                .one(txn)
                .await?
                .with_context(|| format!("province {code} is in no inspection zone"))?
                .zone_id
        };
        let offices = agency_offices::Entity::find()
            .filter(agency_offices::Column::ProvinceId.eq(province_id))
            .filter(agency_offices::Column::Active.eq(true))
            .order_by_asc(agency_offices::Column::Id)
            .all(txn)
            .await?;
        let heads: HashMap<i32, String> = office_heads::Entity::find()
            .filter(office_heads::Column::OfficeId.is_in(offices.iter().map(|o| o.id)))
            .filter(office_heads::Column::ValidTo.is_null())
            .all(txn)
            .await?
            .into_iter()
            .map(|h| (h.office_id, h.title_as_printed))
            .collect();
        let offices = offices
            .into_iter()
            .map(|o| Office {
                id: o.id,
                head_title: heads.get(&o.id).cloned().unwrap_or(o.name_th),
            })
            .collect();
        Ok(Self {
            province_id,
            province_code: code.to_owned(),
            province_name,
            zone_id,
            offices,
        })
    }

    /// A text written for Sisaket, said of this province.
    pub fn local(&self, text: &str) -> String {
        text.replace(TEXT_PROVINCE, &self.province_name)
    }

    fn office(&self, index: usize) -> anyhow::Result<&Office> {
        self.offices
            .get(index)
            .with_context(|| format!("office #{index} missing"))
    }
}

/// Inserts the whole plan into the province's generated series (created on first use);
/// returns the generated meeting ids in plan order.
pub async fn province_year(
    txn: &DatabaseTransaction,
    scope: &Scope,
    plan: &ProvinceYear,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<i32>> {
    let w = Writer { txn, scope, now };
    let first_year = plan
        .meetings
        .first()
        .map_or(super::plan::FISCAL_YEAR, |m| m.fiscal_year);
    let series = w.series(first_year).await?;
    let meetings = w.meetings(plan, &series).await?;
    w.meeting_provinces(&meetings).await?;
    let sections = w.sections(&meetings).await?;
    let items = w.items(plan, &meetings, &sections).await?;
    w.attendances(plan, &meetings).await?;
    let directives = w.directives(plan, &meetings, &items).await?;
    w.targets(plan, &directives).await?;
    let actions = w.actions(plan, &meetings, &directives).await?;
    w.updates(plan, &directives, &actions).await?;
    Ok(meetings)
}

/// Insert context.
struct Writer<'a> {
    txn: &'a DatabaseTransaction,
    scope: &'a Scope,
    now: DateTime<Utc>,
}

impl Writer<'_> {
    /// `hour` o'clock in Bangkok on `date`, never later than `now`.
    fn at(&self, date: NaiveDate, hour: i64) -> DateTime<Utc> {
        (date.and_time(NaiveTime::MIN).and_utc() + Duration::hours(hour - 7)).min(self.now)
    }

    /// One series per [`SERIES`] entry in the province (the existing ones, or new ones dated
    /// a month before `first_year`); returns their ids in that order.
    async fn series(&self, first_year: FiscalYear) -> anyhow::Result<Vec<i32>> {
        let existing: HashMap<String, i32> = meeting_series::Entity::find()
            .filter(meeting_series::Column::ProvinceId.eq(self.scope.province_id))
            .filter(meeting_series::Column::Name.starts_with(super::MARK))
            .all(self.txn)
            .await?
            .into_iter()
            .map(|s| (s.name, s.id))
            .collect();
        let mut rows = Vec::new();
        for (i, spec) in SERIES.iter().enumerate() {
            if existing.contains_key(&self.series_name(i)) {
                continue;
            }
            let (start, end) = session_times(spec.afternoon)?;
            rows.push(meeting_series::ActiveModel {
                id: NotSet,
                name: Set(self.series_name(i)),
                body_name: Set(spec.body.map(|b| self.scope.local(b))),
                kind: Set(spec.kind),
                province_id: Set(Some(self.scope.province_id)),
                zone_id: Set(Some(self.scope.zone_id)),
                round_id: Set(None),
                numbering_scope: Set(NumberingScope::FiscalYear),
                recurrence_rule: Set(spec
                    .monthly
                    .map(|(nth, weekday)| MonthlyNthWeekday { nth, weekday }.as_rule())),
                default_start: Set(Some(start)),
                default_end: Set(Some(end)),
                agenda_template: Set(None),
                active: Set(true),
                created_at: Set(self.at(first_year.start() - Duration::days(30), 10)),
            });
        }
        let mut by_name = ids_by(
            insert_returning(self.txn, rows).await?,
            |s| s.name.clone(),
            |s| s.id,
        );
        by_name.extend(existing);
        (0..SERIES.len())
            .map(|i| find(&by_name, &self.series_name(i)))
            .collect()
    }

    /// The name of series `index` in this province.
    fn series_name(&self, index: usize) -> String {
        self.scope.local(&series_name(index))
    }

    /// The meetings; returns their ids in plan order.
    async fn meetings(&self, plan: &ProvinceYear, series: &[i32]) -> anyhow::Result<Vec<i32>> {
        let rows = plan
            .meetings
            .iter()
            .map(|m| self.meeting_row(m, series[m.series]))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let by_number = ids_by(
            insert_returning(self.txn, rows).await?,
            |m| (m.series_id, m.number),
            |m| m.id,
        );
        plan.meetings
            .iter()
            .map(|m| find(&by_number, &(Some(series[m.series]), Some(m.number))))
            .collect()
    }

    fn meeting_row(
        &self,
        m: &MeetingPlan,
        series_id: i32,
    ) -> anyhow::Result<meetings::ActiveModel> {
        let spec = m.spec();
        let held = took_place(m.status);
        let (start, end) = session_times(spec.afternoon)?;
        let (room, floor) = ROOMS[m.room % ROOMS.len()];
        let present = m
            .attendance
            .iter()
            .filter(|a| a.status != AttendanceStatus::Absent)
            .count();
        Ok(meetings::ActiveModel {
            id: NotSet,
            series_id: Set(Some(series_id)),
            round_id: Set(None),
            kind: Set(spec.kind),
            title: Set(format!(
                "{} ครั้งที่ {}/{}",
                self.scope.local(spec.name),
                m.number,
                m.fiscal_year.0
            )),
            number: Set(Some(m.number)),
            number_year: Set(Some(m.fiscal_year.0)),
            host_province_id: Set(Some(self.scope.province_id)),
            zone_id: Set(Some(self.scope.zone_id)),
            meeting_date: Set(m.date),
            start_time: Set(Some(start)),
            end_time: Set(Some(end)),
            venue_room: Set(Some(room.to_owned())),
            venue_floor: Set(Some(floor.to_owned())),
            venue_building: Set(Some(self.scope.local("ศาลากลางจังหวัดศรีสะเกษ"))),
            online_platform: Set(m.online.then(|| "Zoom Meeting".to_owned())),
            online_link: Set(m.online.then(|| self.online_link(m))),
            recording_ref: Set(None),
            chair_person_id: Set(None),
            chair_title: Set(Some(self.scope.local(spec.chair))),
            delegated_by_person_id: Set(None),
            delegated_by_title: Set((spec.chair == DEPUTY).then(|| self.scope.local(GOVERNOR))),
            minute_taker_person_id: Set(None),
            minute_taker_title: Set(held.then(|| self.scope.local(MINUTE_TAKER))),
            minute_checker_person_id: Set(None),
            minute_checker_title: Set(held.then(|| self.scope.local(MINUTE_CHECKER))),
            participant_count: Set(held.then(|| i32::try_from(present)).transpose()?),
            status: Set(m.status),
            cancelled_reason: Set((m.status == MeetingStatus::Cancelled)
                .then(|| CANCEL_REASONS[m.room % CANCEL_REASONS.len()].to_owned())),
            rescheduled_from: Set(None),
            summary: Set(held.then(|| summary(m))),
            digit_style: Set(Digits::Arabic),
            created_at: Set(self.at(m.date - Duration::days(21), 10)),
            updated_at: Set(self.at(m.date, if held { 17 } else { 10 })),
            host_org_th: Set(None),
            source_headline: Set(None),
            source_url: Set(None),
            source_published_on: Set(None),
        })
    }

    /// The online meeting link (Sisaket keeps its earlier form).
    fn online_link(&self, m: &MeetingPlan) -> String {
        let place = if self.scope.province_code == PROVINCE {
            "sisaket".to_owned()
        } else {
            self.scope.province_code.to_lowercase()
        };
        let year = if m.fiscal_year == super::plan::FISCAL_YEAR {
            String::new()
        } else {
            format!("{}-", m.fiscal_year.0)
        };
        format!(
            "https://meet.example.org/{place}/{year}{}-{}",
            m.series, m.number
        )
    }

    /// Each meeting is in the host province (the participating-provinces link).
    async fn meeting_provinces(&self, meetings: &[i32]) -> anyhow::Result<()> {
        let rows = meetings
            .iter()
            .map(|&meeting_id| meeting_provinces::ActiveModel {
                id: NotSet,
                meeting_id: Set(meeting_id),
                province_id: Set(self.scope.province_id),
                meeting_zone_id: NotSet,
            })
            .collect();
        insert_all(self.txn, rows).await
    }

    /// The five customary sections of every meeting; returns their ids per meeting.
    async fn sections(&self, meetings: &[i32]) -> anyhow::Result<Vec<Vec<i32>>> {
        let mut rows = Vec::new();
        for &meeting_id in meetings {
            for (i, s) in CUSTOMARY_SECTIONS.iter().enumerate() {
                rows.push(agenda_sections::ActiveModel {
                    id: NotSet,
                    meeting_id: Set(meeting_id),
                    position: Set(i32::try_from(i + 1)?),
                    title: Set(s.title.to_owned()),
                    kind: Set(s.kind.to_owned()),
                });
            }
        }
        let by_position = ids_by(
            insert_returning(self.txn, rows).await?,
            |s| (s.meeting_id, s.position),
            |s| s.id,
        );
        meetings
            .iter()
            .map(|&meeting_id| {
                (1..=CUSTOMARY_SECTIONS.len())
                    .map(|p| find(&by_position, &(meeting_id, i32::try_from(p)?)))
                    .collect()
            })
            .collect()
    }

    /// Agenda items: top-level items first, then sub-items under them; returns ids per
    /// meeting in item order.
    async fn items(
        &self,
        plan: &ProvinceYear,
        meetings: &[i32],
        sections: &[Vec<i32>],
    ) -> anyhow::Result<Vec<Vec<i32>>> {
        let mut ids: Vec<Vec<Option<i32>>> = plan
            .meetings
            .iter()
            .map(|m| vec![None; m.items.len()])
            .collect();
        for sub_items in [false, true] {
            let mut rows = Vec::new();
            let mut keys = Vec::new();
            for (mi, m) in plan.meetings.iter().enumerate() {
                for (ii, it) in m.items.iter().enumerate() {
                    if it.parent.is_some() != sub_items {
                        continue;
                    }
                    let section_id = *sections[mi].get(it.section).context("section")?;
                    let parent_id = match it.parent {
                        Some(p) => Some(ids[mi][p].context("parent item")?),
                        None => None,
                    };
                    rows.push(self.item_row(m, it, meetings[mi], section_id, parent_id)?);
                    keys.push(((section_id, parent_id, it.position), mi, ii));
                }
            }
            let by_key = ids_by(
                insert_returning(self.txn, rows).await?,
                |r| (r.section_id, r.parent_item_id, r.position),
                |r| r.id,
            );
            for (key, mi, ii) in keys {
                ids[mi][ii] = Some(find(&by_key, &key)?);
            }
        }
        ids.into_iter()
            .map(|m| m.into_iter().map(|id| id.context("agenda item")).collect())
            .collect()
    }

    fn item_row(
        &self,
        m: &MeetingPlan,
        it: &ItemPlan,
        meeting_id: i32,
        section_id: i32,
        parent_id: Option<i32>,
    ) -> anyhow::Result<agenda_items::ActiveModel> {
        let presenter = match it.presenter {
            Some(i) => Some(self.scope.office(i)?.id),
            None => None,
        };
        Ok(agenda_items::ActiveModel {
            id: NotSet,
            meeting_id: Set(meeting_id),
            section_id: Set(section_id),
            parent_item_id: Set(parent_id),
            position: Set(it.position),
            auto_kind: Set(it.auto_kind),
            title: Set(it.title.clone()),
            presenter_office_id: Set(presenter),
            presenter_name: Set(None),
            time_budget_minutes: Set(it.topic.map(|_| if it.parent.is_some() { 5 } else { 15 })),
            issue_id: Set(None),
            notes_md: Set(None),
            resolution_md: Set(took_place(m.status)
                .then(|| "ที่ประชุมรับทราบ".to_owned())
                .filter(|_| it.section != 1)),
            created_at: Set(self.at(m.date - Duration::days(14), 10)),
            updated_at: Set(self.at(m.date, 17)),
        })
    }

    async fn attendances(&self, plan: &ProvinceYear, meetings: &[i32]) -> anyhow::Result<()> {
        let mut rows = Vec::new();
        for (m, &meeting_id) in plan.meetings.iter().zip(meetings) {
            for (i, a) in m.attendance.iter().enumerate() {
                rows.push(self.attendance_row(m, a, meeting_id, i32::try_from(i + 1)?)?);
            }
        }
        insert_all(self.txn, rows).await
    }

    fn attendance_row(
        &self,
        m: &MeetingPlan,
        a: &AttendancePlan,
        meeting_id: i32,
        position: i32,
    ) -> anyhow::Result<attendances::ActiveModel> {
        let office = self.scope.office(a.office)?;
        let head = &office.head_title;
        let represented = a.status == AttendanceStatus::Represented;
        let absent = a.status == AttendanceStatus::Absent;
        let title = match a.status {
            AttendanceStatus::Acting => format!("รักษาราชการแทน{head}"),
            _ => head.clone(),
        };
        Ok(attendances::ActiveModel {
            id: NotSet,
            meeting_id: Set(meeting_id),
            office_id: Set(Some(office.id)),
            person_id: Set(None),
            position: Set(position),
            is_member: Set(true),
            name_as_printed: Set(None),
            title_as_printed: Set(Some(title)),
            status: Set(a.status),
            represented_by_name: Set(
                represented.then(|| STAFF_NAMES[a.staff % STAFF_NAMES.len()].to_owned())
            ),
            represented_by_title: Set(represented.then(|| {
                let position = STAFF_POSITIONS[a.staff % STAFF_POSITIONS.len()];
                format!("{position} ผู้แทน{head}")
            })),
            absence_reason: Set(
                absent.then(|| ABSENCE_REASONS[a.staff % ABSENCE_REASONS.len()].to_owned())
            ),
            report_sent_as_document: Set(absent && a.staff.is_multiple_of(2)),
            is_group: Set(false),
            group_count: Set(None),
            created_at: Set(self.at(m.date, 12)),
            updated_at: Set(self.at(m.date, 12)),
        })
    }

    /// Directives; returns their ids per meeting in plan order.
    async fn directives(
        &self,
        plan: &ProvinceYear,
        meetings: &[i32],
        items: &[Vec<i32>],
    ) -> anyhow::Result<Vec<Vec<i32>>> {
        let mut rows = Vec::new();
        for (mi, m) in plan.meetings.iter().enumerate() {
            for d in &m.directives {
                let item_id = d.item.and_then(|i| items[mi].get(i).copied());
                rows.push(self.directive_row(m, d, meetings[mi], item_id));
            }
        }
        let by_number = ids_by(
            insert_returning(self.txn, rows).await?,
            |d| (d.meeting_id, d.number),
            |d| d.id,
        );
        plan.meetings
            .iter()
            .zip(meetings)
            .map(|(m, &meeting_id)| {
                m.directives
                    .iter()
                    .map(|d| find(&by_number, &(meeting_id, d.number)))
                    .collect()
            })
            .collect()
    }

    fn directive_row(
        &self,
        m: &MeetingPlan,
        d: &DirectivePlan,
        meeting_id: i32,
        item_id: Option<i32>,
    ) -> directives::ActiveModel {
        let (role, name) = m.spec().issuer;
        let status = if d.published {
            DirectiveStatus::Published
        } else {
            DirectiveStatus::Draft
        };
        let published_at = self.at(m.date + Duration::days(1), 10);
        directives::ActiveModel {
            id: NotSet,
            meeting_id: Set(meeting_id),
            agenda_item_id: Set(item_id),
            issue_id: Set(None),
            number: Set(d.number),
            issuer_role: Set(role),
            issuer_person_id: Set(None),
            issuer_name_as_printed: Set(name.map(|n| self.scope.local(n))),
            text_md: Set(topic(d.topic).directive.to_owned()),
            status: Set(status),
            published_at: Set(d.published.then_some(published_at)),
            published_by_user_id: Set(None),
            created_at: Set(self.at(m.date, 16)),
            updated_at: Set(if d.published {
                published_at
            } else {
                self.at(m.date, 16)
            }),
        }
    }

    /// One target per responsible office.
    async fn targets(&self, plan: &ProvinceYear, directives: &[Vec<i32>]) -> anyhow::Result<()> {
        let mut rows = Vec::new();
        for (m, ids) in plan.meetings.iter().zip(directives) {
            for (d, &directive_id) in m.directives.iter().zip(ids) {
                for a in &d.actions {
                    rows.push(directive_targets::ActiveModel {
                        id: NotSet,
                        directive_id: Set(directive_id),
                        office_id: Set(Some(self.scope.office(a.office)?.id)),
                        agency_id: Set(None),
                    });
                }
            }
        }
        insert_all(self.txn, rows).await
    }

    /// Actions; returns their ids by `(directive id, office id)`.
    async fn actions(
        &self,
        plan: &ProvinceYear,
        meetings: &[i32],
        directives: &[Vec<i32>],
    ) -> anyhow::Result<HashMap<(i32, i32), i32>> {
        let mut rows = Vec::new();
        for (mi, m) in plan.meetings.iter().enumerate() {
            for (d, &directive_id) in m.directives.iter().zip(&directives[mi]) {
                for a in &d.actions {
                    rows.push(self.action_row(m, d, a, meetings[mi], directive_id)?);
                }
            }
        }
        Ok(ids_by(
            insert_returning(self.txn, rows).await?,
            |a| (a.directive_id, a.office_id),
            |a| a.id,
        ))
    }

    fn action_row(
        &self,
        m: &MeetingPlan,
        d: &DirectivePlan,
        a: &ActionPlan,
        meeting_id: i32,
        directive_id: i32,
    ) -> anyhow::Result<actions::ActiveModel> {
        let t = topic(d.topic);
        let metric = t.metric;
        let created = self.at(m.date + Duration::days(1), 10);
        let last_change = a.updates.last().map(|u| u.on).or(a.closed_on);
        Ok(actions::ActiveModel {
            id: NotSet,
            directive_id: Set(directive_id),
            meeting_id: Set(meeting_id),
            office_id: Set(self.scope.office(a.office)?.id),
            province_id: Set(Some(self.scope.province_id)),
            zone_id: Set(Some(self.scope.zone_id)),
            title: Set(t.action.to_owned()),
            expected_md: Set(metric
                .map(|(name, unit, target)| format!("รายงาน{name} เทียบกับเป้าหมาย {target} {unit}"))),
            due_on: Set(a.due_on),
            horizon: Set(a.due_on.map(|due| horizon(m.date, due))),
            metric_name: Set(metric.map(|m| m.0.to_owned())),
            metric_unit: Set(metric.map(|m| m.1.to_owned())),
            metric_target: Set(metric.map(|m| m.2)),
            metric_current: Set(metric
                .filter(|_| a.progress > 0)
                .map(|m| share(m.2, a.progress))),
            status: Set(a.status),
            progress: Set(a.progress),
            created_at: Set(created),
            updated_at: Set(last_change.map_or(created, |d| self.at(d, 15))),
            closed_at: Set(a.closed_on.map(|d| self.at(d, 15))),
        })
    }

    /// The progress reports.
    async fn updates(
        &self,
        plan: &ProvinceYear,
        directives: &[Vec<i32>],
        actions: &HashMap<(i32, i32), i32>,
    ) -> anyhow::Result<()> {
        let mut rows = Vec::new();
        for (m, ids) in plan.meetings.iter().zip(directives) {
            for (d, &directive_id) in m.directives.iter().zip(ids) {
                let metric = topic(d.topic).metric;
                for a in &d.actions {
                    let office = self.scope.office(a.office)?;
                    let action_id = find(actions, &(directive_id, office.id))?;
                    for u in &a.updates {
                        rows.push(action_updates::ActiveModel {
                            id: NotSet,
                            action_id: Set(action_id),
                            author_user_id: Set(None),
                            author_name: Set(Some(office.head_title.clone())),
                            channel: Set(u.channel),
                            progress: Set(Some(u.progress)),
                            metric_value: Set(metric.map(|m| share(m.2, u.progress))),
                            text_md: Set(Some(
                                UPDATE_TEXTS[u.text % UPDATE_TEXTS.len()].to_owned(),
                            )),
                            status_after: Set(Some(u.status_after)),
                            review: Set(if u.accepted {
                                UpdateReview::Accepted
                            } else {
                                UpdateReview::Pending
                            }),
                            reviewed_by_user_id: Set(None),
                            reviewed_at: Set(u
                                .accepted
                                .then(|| self.at(u.on + Duration::days(2), 11))),
                            review_comment: Set(None),
                            created_at: Set(self.at(u.on, 14)),
                        });
                    }
                }
            }
        }
        insert_all(self.txn, rows).await
    }
}

/// Start and end of a morning (09.00–12.00) or afternoon (13.30–16.30) meeting.
fn session_times(afternoon: bool) -> anyhow::Result<(NaiveTime, NaiveTime)> {
    Ok(if afternoon {
        (time(13, 30)?, time(16, 30)?)
    } else {
        (time(9, 0)?, time(12, 0)?)
    })
}

/// The minutes' one-line summary of a meeting that took place.
fn summary(m: &MeetingPlan) -> String {
    let published = m.directives.iter().filter(|d| d.published).count();
    format!(
        "ที่ประชุมรับทราบผลการดำเนินงานตามระเบียบวาระ มีข้อสั่งการ {published} ข้อ และมอบหมายหน่วยงานรับผิดชอบดำเนินการ {} รายการ",
        m.action_count()
    )
}

/// The topic at `(theme, topic)`.
fn topic((theme, topic): (usize, usize)) -> &'static Topic {
    &THEMES[theme % THEMES.len()][topic % 3]
}

/// Horizon by how far the due date is from the meeting.
fn horizon(date: NaiveDate, due: NaiveDate) -> Horizon {
    match (due - date).num_days() {
        ..=30 => Horizon::Urgent,
        31..=90 => Horizon::Medium,
        _ => Horizon::LongTerm,
    }
}

/// `progress` percent of `target`, rounded.
fn share(target: f64, progress: i32) -> f64 {
    (target * f64::from(progress) / 100.0).round()
}

/// Rows per `INSERT` for an entity: as many as fit in [`MAX_BINDS`], at most [`MAX_ROWS`].
fn rows_per_statement<E: EntityTrait>() -> usize {
    let columns = E::Column::iter().count().max(1);
    (MAX_BINDS / columns).clamp(1, MAX_ROWS)
}

/// Inserts `rows` in chunks without reading anything back.
async fn insert_all<A>(txn: &DatabaseTransaction, rows: Vec<A>) -> anyhow::Result<()>
where
    A: ActiveModelTrait,
{
    let size = rows_per_statement::<A::Entity>();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(size).collect();
        A::Entity::insert_many(chunk)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// Inserts `rows` in chunks and returns the stored models (in no guaranteed order).
async fn insert_returning<A>(
    txn: &DatabaseTransaction,
    rows: Vec<A>,
) -> anyhow::Result<Vec<<A::Entity as EntityTrait>::Model>>
where
    A: ActiveModelTrait,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
{
    let size = rows_per_statement::<A::Entity>();
    let mut stored = Vec::with_capacity(rows.len());
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(size).collect();
        stored.extend(
            A::Entity::insert_many(chunk)
                .exec_with_returning(txn)
                .await?,
        );
    }
    Ok(stored)
}

/// Ids of stored rows by a natural key.
fn ids_by<M, K: Hash + Eq>(
    models: Vec<M>,
    key: impl Fn(&M) -> K,
    id: impl Fn(&M) -> i32,
) -> HashMap<K, i32> {
    models.iter().map(|m| (key(m), id(m))).collect()
}

/// The id stored under `key`.
fn find<K: Hash + Eq + Debug>(ids: &HashMap<K, i32>, key: &K) -> anyhow::Result<i32> {
    ids.get(key)
        .copied()
        .with_context(|| format!("inserted row {key:?} not returned"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_stay_under_the_bind_limit() {
        for rows in [
            rows_per_statement::<meetings::Entity>(),
            rows_per_statement::<actions::Entity>(),
            rows_per_statement::<action_updates::Entity>(),
        ] {
            assert!((1..=MAX_ROWS).contains(&rows));
        }
        assert!(rows_per_statement::<meetings::Entity>() * 37 <= MAX_BINDS);
    }

    #[test]
    fn horizons_follow_the_due_date() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default();
        assert_eq!(horizon(d(3, 1), d(3, 20)), Horizon::Urgent);
        assert_eq!(horizon(d(3, 1), d(5, 1)), Horizon::Medium);
        assert_eq!(horizon(d(3, 1), d(9, 1)), Horizon::LongTerm);
    }
}
