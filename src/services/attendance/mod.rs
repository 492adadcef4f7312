//! Use-cases for attendance: the checklist of a meeting (one row per active agency office of
//! the host province in Thai order, then people and guests), its counts per status, and saving
//! the whole sheet in one transaction.

mod command;

pub use command::*;

use std::collections::{BTreeMap, BTreeSet};

use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

use super::Ctx;
use super::audit::{self, Change};
use super::{meetings as svc_meetings, scope};
use crate::db::entities::{agency_offices, attendances, meetings, office_heads, people};
use crate::domain::collate::sort_thai_by;
use crate::domain::fields::FieldErrors;
use crate::domain::status::AttendanceStatus;
use crate::error::AppError;

/// One row of the checklist.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SheetRow {
    /// `o12` (an office), `a34` (a stored row without office) or `new`.
    pub key: String,
    /// Stored row id.
    pub attendance_id: Option<i32>,
    /// Office id.
    pub office_id: Option<i32>,
    /// Office name.
    pub office_name: Option<String>,
    /// Current head of the office (hint).
    pub head_name: Option<String>,
    /// Name as printed (people, guests).
    pub name: String,
    /// Title as printed.
    pub title: String,
    /// Status (stored string), blank when not recorded yet.
    pub status: String,
    /// Status label.
    pub status_th: String,
    /// Representative's name.
    pub rep_name: String,
    /// Representative's title.
    pub rep_title: String,
    /// Reason for absence.
    pub reason: String,
    /// Report sent as a document.
    pub sent: bool,
    /// A group of attendees ("นายอำเภอทุกอำเภอ"): its label is the title, it has no name.
    pub is_group: bool,
    /// How many the group counted, when known.
    pub group_count: Option<u32>,
}

/// Count of one status.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    /// Stored status.
    pub status: &'static str,
    /// Thai label.
    pub label: &'static str,
    /// How many rows.
    pub count: usize,
}

/// The checklist with its counts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Sheet {
    /// Rows in order.
    pub rows: Vec<SheetRow>,
    /// Counts per status (every status, zeros included).
    pub counts: Vec<Count>,
    /// Rows with a status.
    pub recorded: usize,
    /// Rows without a status yet.
    pub unrecorded: usize,
}

/// Counts per status of the rows.
pub fn counts(rows: &[SheetRow]) -> Vec<Count> {
    AttendanceStatus::ALL
        .iter()
        .map(|s| Count {
            status: s.as_str(),
            label: s.label_th(),
            count: rows.iter().filter(|r| r.status == s.as_str()).count(),
        })
        .collect()
}

fn sheet_of(rows: Vec<SheetRow>) -> Sheet {
    let recorded = rows.iter().filter(|r| !r.status.is_empty()).count();
    Sheet {
        counts: counts(&rows),
        unrecorded: rows.len() - recorded,
        recorded,
        rows,
    }
}

/// The stored rows only (the meeting page's summary): two queries.
pub async fn recorded<C: ConnectionTrait>(db: &C, m: &meetings::Model) -> Result<Sheet, AppError> {
    let stored = attendances::Entity::find()
        .filter(attendances::Column::MeetingId.eq(m.id))
        .order_by_asc(attendances::Column::Position)
        .order_by_asc(attendances::Column::Id)
        .all(db)
        .await?;
    let ids: BTreeSet<i32> = stored.iter().filter_map(|a| a.office_id).collect();
    let names: BTreeMap<i32, String> = if ids.is_empty() {
        BTreeMap::new()
    } else {
        agency_offices::Entity::find()
            .filter(agency_offices::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name_th))
            .collect()
    };
    let rows = stored
        .into_iter()
        .map(|a| stored_row(&a, a.office_id.and_then(|o| names.get(&o).cloned()), None))
        .collect();
    Ok(sheet_of(rows))
}

fn stored_row(
    a: &attendances::Model,
    office_name: Option<String>,
    head: Option<String>,
) -> SheetRow {
    SheetRow {
        key: match a.office_id {
            Some(o) => format!("o{o}"),
            None => format!("a{}", a.id),
        },
        attendance_id: Some(a.id),
        office_id: a.office_id,
        office_name,
        head_name: head,
        name: a.name_as_printed.clone().unwrap_or_default(),
        title: a.title_as_printed.clone().unwrap_or_default(),
        status_th: a.status.label_th().to_owned(),
        status: a.status.as_str().to_owned(),
        rep_name: a.represented_by_name.clone().unwrap_or_default(),
        rep_title: a.represented_by_title.clone().unwrap_or_default(),
        reason: a.absence_reason.clone().unwrap_or_default(),
        sent: a.report_sent_as_document,
        is_group: a.is_group,
        group_count: a.group_count.and_then(|c| u32::try_from(c).ok()),
    }
}

/// The full checklist: every active office of the host province (Thai order) with its stored
/// row or its head's title as the default, then stored rows of people and guests. Four queries.
pub async fn sheet<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    m: &meetings::Model,
) -> Result<Sheet, AppError> {
    let stored = attendances::Entity::find()
        .filter(attendances::Column::MeetingId.eq(m.id))
        .order_by_asc(attendances::Column::Position)
        .order_by_asc(attendances::Column::Id)
        .all(db)
        .await?;
    let stored_offices: BTreeSet<i32> = stored.iter().filter_map(|a| a.office_id).collect();
    let mut cond = Condition::any().add(agency_offices::Column::Id.is_in(stored_offices));
    // Every active office of the host province; a centrally hosted meeting lists the offices
    // of the provinces taking part.
    let provinces = match m.host_province_id {
        Some(p) => vec![p],
        None => svc_meetings::provinces_of(db, m).await?,
    };
    if !provinces.is_empty() {
        cond = cond.add(
            Condition::all()
                .add(agency_offices::Column::ProvinceId.is_in(provinces))
                .add(agency_offices::Column::Active.eq(true)),
        );
    }
    let mut offices = agency_offices::Entity::find().filter(cond).all(db).await?;
    sort_thai_by(&mut offices, |o| &o.name_th);
    let heads = office_heads::Entity::find()
        .filter(office_heads::Column::OfficeId.is_in(offices.iter().map(|o| o.id)))
        .filter(crate::db::repo::validity::office_head_on(ctx.today))
        .order_by_asc(office_heads::Column::ValidFrom)
        .all(db)
        .await?;
    let head_people: BTreeMap<i32, String> = people::Entity::find()
        .filter(people::Column::Id.is_in(heads.iter().map(|h| h.person_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.full_name))
        .collect();
    let head_of: BTreeMap<i32, &office_heads::Model> =
        heads.iter().map(|h| (h.office_id, h)).collect();
    let by_office: BTreeMap<i32, &attendances::Model> = stored
        .iter()
        .filter_map(|a| a.office_id.map(|o| (o, a)))
        .collect();
    let mut rows = Vec::new();
    for o in &offices {
        let head = head_of.get(&o.id);
        let head_name = head.and_then(|h| head_people.get(&h.person_id).cloned());
        match by_office.get(&o.id) {
            Some(a) => rows.push(stored_row(a, Some(o.name_th.clone()), head_name)),
            None => rows.push(SheetRow {
                key: format!("o{}", o.id),
                office_id: Some(o.id),
                office_name: Some(o.name_th.clone()),
                title: head.map(|h| h.title_as_printed.clone()).unwrap_or_default(),
                head_name,
                ..Default::default()
            }),
        }
    }
    for a in stored.iter().filter(|a| a.office_id.is_none()) {
        rows.push(stored_row(a, None, None));
    }
    Ok(sheet_of(rows))
}

/// One row as submitted (the form's and the API's; parsed into an [`AttendanceCommand`]).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RowInput {
    /// Office id (office rows).
    pub office_id: Option<i32>,
    /// Name as printed (people, guests).
    pub name: String,
    /// Title as printed.
    pub title: String,
    /// Status (stored string); blank = not recorded (the row is removed).
    pub status: String,
    /// Representative's name.
    pub represented_by_name: String,
    /// Representative's title.
    pub represented_by_title: String,
    /// Reason for absence.
    pub absence_reason: String,
    /// Report sent as a document.
    pub report_sent_as_document: bool,
    /// A group of attendees, printed as one row: the label goes in `title`
    /// ("นายอำเภอทุกอำเภอ"), no name, no office.
    pub is_group: bool,
    /// How many the group counted (optional, 1–100,000).
    pub group_count: Option<u32>,
}

/// The refusal of rows that did not parse: the meeting's scope and the minutes' lock come
/// first, as for parsed ones; then the field errors.
pub async fn refused(
    db: &DatabaseConnection,
    ctx: &Ctx,
    meeting_id: i32,
    errors: FieldErrors,
) -> AppError {
    let checked = async {
        let m = svc_meetings::find_managed(db, ctx, meeting_id).await?;
        super::lookup::ensure_minutes_open(db, m.id).await
    };
    match checked.await {
        Ok(()) => AppError::Invalid(errors),
        Err(e) => e,
    }
}

/// The largest head count a group row may give.
pub const MAX_GROUP_COUNT: u32 = 100_000;

/// Replaces the attendance of a meeting with the command's rows: one transaction, one audit
/// event. An office that does not exist, or is listed twice, is refused as `status.N`.
pub async fn save(
    db: &DatabaseConnection,
    ctx: &Ctx,
    meeting_id: i32,
    command: &AttendanceCommand,
) -> Result<Sheet, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let m = svc_meetings::find_managed(&txn, ctx, meeting_id).await?;
    super::lookup::ensure_minutes_open(&txn, m.id).await?;
    let mut e = FieldErrors::new();
    let office_ids: BTreeSet<i32> = command.rows.iter().filter_map(|r| r.office_id).collect();
    let known: BTreeSet<i32> = agency_offices::Entity::find()
        .filter(agency_offices::Column::Id.is_in(office_ids))
        .all(&txn)
        .await?
        .into_iter()
        .map(|o| o.id)
        .collect();
    let mut seen = BTreeSet::new();
    for r in &command.rows {
        if let Some(o) = r.office_id
            && (!known.contains(&o) || !seen.insert(o))
        {
            e.add(&format!("status.{}", r.index), "ไม่พบหน่วยงานนี้หรือบันทึกซ้ำ");
        }
    }
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let valid = &command.rows;
    let before = attendances::Entity::find()
        .filter(attendances::Column::MeetingId.eq(m.id))
        .order_by_asc(attendances::Column::Position)
        .all(&txn)
        .await?;
    let created: BTreeMap<Option<i32>, chrono::DateTime<chrono::Utc>> = before
        .iter()
        .filter(|a| a.office_id.is_some())
        .map(|a| (a.office_id, a.created_at))
        .collect();
    attendances::Entity::delete_many()
        .filter(attendances::Column::MeetingId.eq(m.id))
        .exec(&txn)
        .await?;
    for (i, v) in valid.iter().enumerate() {
        attendances::ActiveModel {
            meeting_id: Set(m.id),
            office_id: Set(v.office_id),
            position: Set(svc_meetings::pos(i)),
            is_member: Set(v.status != AttendanceStatus::Guest),
            name_as_printed: Set(v.name.clone()),
            title_as_printed: Set(v.title.clone()),
            status: Set(v.status),
            represented_by_name: Set(v.rep_name.clone()),
            represented_by_title: Set(v.rep_title.clone()),
            absence_reason: Set(v.reason.clone()),
            report_sent_as_document: Set(v.sent),
            is_group: Set(v.group.is_some()),
            group_count: Set(v.group.flatten().and_then(|c| i32::try_from(c).ok())),
            created_at: Set(created
                .get(&v.office_id)
                .copied()
                .filter(|_| v.office_id.is_some())
                .unwrap_or(ctx.now)),
            updated_at: Set(ctx.now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let summary = |rows: Vec<(Option<i32>, Option<String>, AttendanceStatus)>| audit::json(&rows);
    audit::record(
        &txn,
        ctx,
        Change {
            action: "attendance.save",
            kind: "meeting",
            id: m.id,
            at: scope::meeting_location(&m),
        },
        summary(
            before
                .iter()
                .map(|a| (a.office_id, a.name_as_printed.clone(), a.status))
                .collect(),
        ),
        summary(
            valid
                .iter()
                .map(|v| (v.office_id, v.name.clone(), v.status))
                .collect(),
        ),
    )
    .await?;
    let out = recorded(&txn, &m).await?;
    txn.commit().await?;
    Ok(out)
}
