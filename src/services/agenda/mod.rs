//! Use-cases for the agenda of a meeting: the numbered agenda (sections, items 1.1, 1.1.1) with
//! the two self-filling items computed when shown (the previous meeting of the series to
//! certify; the open actions carried over from earlier meetings), loaded with a fixed number of
//! queries; and adding, editing, deleting and reordering items.

mod command;
mod items;

pub use command::*;
pub use items::*;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

use super::Ctx;
use super::audit::{self, Change};
use super::{meetings as svc_meetings, scope};
use crate::db::entities::{
    action_updates, actions, agency_offices, agenda_items, agenda_sections, inspection_issues,
    meetings,
};
use crate::domain::agenda::{AUTO_CERTIFY_PREVIOUS, AUTO_MATTERS_ARISING, AgendaItemKind};
use crate::domain::calendar::{Digits, ThaiDate};
use crate::domain::fields::FieldErrors;
use crate::domain::status::{ActionStatus, MeetingStatus};
use crate::error::AppError;
use crate::views::Viewed;

/// The agenda as shown.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AgendaView {
    /// Sections in order, each with its numbered items.
    pub sections: Vec<SectionView>,
    /// The meeting whose minutes item 2 certifies.
    pub previous: Option<PreviousMeeting>,
    /// Open actions carried over from earlier meetings of the series.
    pub matters: Vec<CarriedAction>,
    /// How many there are when the page shows only the first of them (`None`: all shown).
    pub matters_total: Option<usize>,
    /// Whether the meeting belongs to a series.
    pub in_series: bool,
    /// Number of items (auto items included).
    pub item_count: usize,
}

/// A section.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// Id.
    pub id: i32,
    /// 1-based number.
    pub number: i32,
    /// Printed title.
    pub title: String,
    /// Kind (`announcements`, …).
    pub kind: String,
    /// Items in reading order (sub-items right after their parent).
    pub items: Vec<ItemView>,
}

/// An item.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    /// Id.
    pub id: i32,
    /// `4.1`, `4.1.2`.
    pub number: String,
    /// 0 for items, 1 for sub-items.
    pub depth: usize,
    /// Section id.
    pub section_id: i32,
    /// Parent item id.
    pub parent_item_id: Option<i32>,
    /// Title.
    pub title: String,
    /// `certify_previous`, `matters_arising` or none (serialised as the stored string).
    pub auto_kind: Option<AgendaItemKind>,
    /// Presenter office id.
    pub presenter_office_id: Option<i32>,
    /// Presenter office name.
    pub presenter_office: Option<String>,
    /// Presenter's name.
    pub presenter_name: Option<String>,
    /// Minutes.
    pub time_budget_minutes: Option<i32>,
    /// Linked issue id.
    pub issue_id: Option<i32>,
    /// Linked issue title.
    pub issue_title: Option<String>,
    /// Notes (Markdown).
    pub notes_md: Option<String>,
    /// Resolution (Markdown).
    pub resolution_md: Option<String>,
    /// First among its siblings (no "move up").
    pub first: bool,
    /// Last among its siblings (no "move down").
    pub last: bool,
}

/// The previous meeting of the series.
#[derive(Debug, Clone, Serialize)]
pub struct PreviousMeeting {
    /// Id.
    pub id: i32,
    /// `3/2565`.
    pub number: Option<String>,
    /// Title.
    pub title: String,
    /// Thai long date.
    pub date_th: String,
}

/// An open action carried over, with its latest update.
#[derive(Debug, Clone, Serialize)]
pub struct CarriedAction {
    /// Id.
    pub id: i32,
    /// What must be done.
    pub title: String,
    /// Responsible office.
    pub office: String,
    /// The meeting it came from.
    pub meeting_id: i32,
    /// That meeting's number.
    pub meeting_number: Option<String>,
    /// That meeting's date (Thai, short).
    pub meeting_date_th: String,
    /// Status label.
    pub status_th: String,
    /// Progress %.
    pub progress: i32,
    /// Due (Thai short).
    pub due_th: Option<String>,
    /// Latest update: date, text.
    pub latest_update: Option<LatestUpdate>,
}

/// The latest progress report of an action.
#[derive(Debug, Clone, Serialize)]
pub struct LatestUpdate {
    /// Date (Thai short).
    pub date_th: String,
    /// Text (Markdown).
    pub text_md: Option<String>,
    /// Progress %.
    pub progress: Option<i32>,
}

/// Earlier meetings of the same series (date before, or same date and lower id).
fn earlier_in_series(m: &meetings::Model, series_id: i32) -> Condition {
    Condition::all()
        .add(meetings::Column::SeriesId.eq(series_id))
        .add(
            Condition::any()
                .add(meetings::Column::MeetingDate.lt(m.meeting_date))
                .add(
                    Condition::all()
                        .add(meetings::Column::MeetingDate.eq(m.meeting_date))
                        .add(meetings::Column::Id.lt(m.id)),
                ),
        )
}

/// Whether the caller reads the notes and resolutions of meeting `meeting_id` now
/// ([`crate::domain::access::Scope::reads_minutes_text`]); one query, only for agency heads.
pub async fn reads_minutes_text<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    meeting_id: i32,
) -> Result<bool, AppError> {
    use crate::db::entities::minutes;
    use crate::domain::status::MinutesState;
    if ctx.actor.scope.reads_minutes_text(MinutesState::Draft) {
        return Ok(true);
    }
    let state = minutes::Entity::find()
        .filter(minutes::Column::MeetingId.eq(meeting_id))
        .one(db)
        .await?
        .map_or(MinutesState::Draft, |r| r.state);
    Ok(ctx.actor.scope.reads_minutes_text(state))
}

/// The agenda of a meeting the caller can read: a fixed number of queries whatever its size;
/// notes and resolutions only for a caller who may read them
/// ([`reads_minutes_text`]).
pub async fn load<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    m: &meetings::Model,
) -> Result<AgendaView, AppError> {
    let digits = digits_of(m);
    let sections = agenda_sections::Entity::find()
        .filter(agenda_sections::Column::MeetingId.eq(m.id))
        .order_by_asc(agenda_sections::Column::Position)
        .all(db)
        .await?;
    let items = agenda_items::Entity::find()
        .filter(agenda_items::Column::MeetingId.eq(m.id))
        .order_by_asc(agenda_items::Column::Position)
        .order_by_asc(agenda_items::Column::Id)
        .all(db)
        .await?;
    let office_ids: BTreeSet<i32> = items.iter().filter_map(|i| i.presenter_office_id).collect();
    let issue_ids: BTreeSet<i32> = items.iter().filter_map(|i| i.issue_id).collect();
    let offices = crate::services::actions::office_names(db, office_ids.into_iter()).await?;
    let issues = issue_titles(db, issue_ids).await?;
    let mut view = AgendaView {
        in_series: m.series_id.is_some(),
        item_count: items.len(),
        ..Default::default()
    };
    for (si, s) in sections.iter().enumerate() {
        let snum = svc_meetings::pos(si);
        let mut out = Vec::new();
        let tops: Vec<&agenda_items::Model> = items
            .iter()
            .filter(|i| i.section_id == s.id && i.parent_item_id.is_none())
            .collect();
        for (ti, top) in tops.iter().enumerate() {
            let number = format!("{snum}.{}", ti + 1);
            out.push(item_view(
                top,
                number.clone(),
                0,
                ti == 0,
                ti + 1 == tops.len(),
                &offices,
                &issues,
            ));
            let kids: Vec<&agenda_items::Model> = items
                .iter()
                .filter(|i| i.parent_item_id == Some(top.id))
                .collect();
            for (ki, k) in kids.iter().enumerate() {
                out.push(item_view(
                    k,
                    format!("{number}.{}", ki + 1),
                    1,
                    ki == 0,
                    ki + 1 == kids.len(),
                    &offices,
                    &issues,
                ));
            }
        }
        view.sections.push(SectionView {
            id: s.id,
            number: snum,
            title: s.title.clone(),
            kind: s.kind.as_str().to_owned(),
            items: out,
        });
    }
    if !reads_minutes_text(db, ctx, m.id).await? {
        for item in view.sections.iter_mut().flat_map(|s| s.items.iter_mut()) {
            item.notes_md = None;
            item.resolution_md = None;
        }
    }
    let Some(series_id) = m.series_id else {
        return Ok(view);
    };
    let has = |k| items.iter().any(|i| i.auto_kind == Some(k));
    if has(AUTO_CERTIFY_PREVIOUS) {
        view.previous = previous_meeting(db, m, series_id, digits).await?;
    }
    if has(AUTO_MATTERS_ARISING) {
        view.matters = matters_arising(db, ctx, m, series_id).await?;
    }
    Ok(view)
}

/// The titles of inspection issues, by id.
async fn issue_titles<C: ConnectionTrait>(
    db: &C,
    ids: BTreeSet<i32>,
) -> Result<BTreeMap<i32, String>, AppError> {
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    Ok(inspection_issues::Entity::find()
        .filter(inspection_issues::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i.title))
        .collect())
}

/// The series' meeting before `m` (not cancelled): whose minutes `m` certifies.
async fn previous_meeting<C: ConnectionTrait>(
    db: &C,
    m: &meetings::Model,
    series_id: i32,
    digits: Digits,
) -> Result<Option<PreviousMeeting>, AppError> {
    Ok(meetings::Entity::find()
        .filter(earlier_in_series(m, series_id))
        .filter(meetings::Column::Status.ne(MeetingStatus::Cancelled))
        .order_by_desc(meetings::Column::MeetingDate)
        .order_by_desc(meetings::Column::Id)
        .one(db)
        .await?
        .map(|p| PreviousMeeting {
            id: p.id,
            number: svc_meetings::number_of(&p),
            title: p.title.clone(),
            date_th: ThaiDate(p.meeting_date).long(digits),
        }))
}

fn item_view(
    i: &agenda_items::Model,
    number: String,
    depth: usize,
    first: bool,
    last: bool,
    offices: &std::collections::HashMap<i32, String>,
    issues: &BTreeMap<i32, String>,
) -> ItemView {
    ItemView {
        id: i.id,
        number,
        depth,
        section_id: i.section_id,
        parent_item_id: i.parent_item_id,
        title: i.title.clone(),
        auto_kind: i.auto_kind,
        presenter_office_id: i.presenter_office_id,
        presenter_office: i.presenter_office_id.and_then(|o| offices.get(&o).cloned()),
        presenter_name: i.presenter_name.clone(),
        time_budget_minutes: i.time_budget_minutes,
        issue_id: i.issue_id,
        issue_title: i.issue_id.and_then(|o| issues.get(&o).cloned()),
        notes_md: i.notes_md.clone(),
        resolution_md: i.resolution_md.clone(),
        first,
        last,
    }
}

/// The digit style of a meeting.
pub fn digits_of(m: &meetings::Model) -> Digits {
    m.digit_style
}

/// Every open action (not done, not cancelled) from earlier meetings of the series, with its
/// latest update: four queries. A cancelled meeting carries nothing; its open actions show
/// at the next meeting that is held or planned, since they stay open until then.
pub async fn matters_arising<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    m: &meetings::Model,
    series_id: i32,
) -> Result<Vec<CarriedAction>, AppError> {
    if m.status == MeetingStatus::Cancelled {
        return Ok(Vec::new());
    }
    let earlier = Query::select()
        .column(meetings::Column::Id)
        .from(meetings::Entity)
        .cond_where(earlier_in_series(m, series_id))
        .to_owned();
    let open = crate::services::actions::brief()
        .filter(actions::Column::MeetingId.in_subquery(earlier))
        .filter(actions::Column::Status.is_in([ActionStatus::Open, ActionStatus::InProgress]))
        .filter(scope::actions(&ctx.actor.scope))
        .order_by_asc(actions::Column::MeetingId)
        .order_by_asc(actions::Column::Id)
        .into_model::<crate::services::actions::ActionBrief>()
        .all(db)
        .await?;
    if open.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i32> = open.iter().map(|a| a.id).collect();
    let mut latest: BTreeMap<i32, action_updates::Model> = BTreeMap::new();
    for u in action_updates::Entity::find()
        .filter(action_updates::Column::ActionId.is_in(ids))
        .order_by_asc(action_updates::Column::CreatedAt)
        .order_by_asc(action_updates::Column::Id)
        .all(db)
        .await?
    {
        latest.insert(u.action_id, u);
    }
    let offices =
        crate::services::actions::office_names(db, open.iter().map(|a| a.office_id)).await?;
    let mids: BTreeSet<i32> = open.iter().map(|a| a.meeting_id).collect();
    let from: BTreeMap<i32, meetings::Model> = meetings::Entity::find()
        .filter(meetings::Column::Id.is_in(mids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let digits = digits_of(m);
    let mut out: Vec<CarriedAction> = open
        .into_iter()
        .map(|a| {
            let src = from.get(&a.meeting_id);
            CarriedAction {
                id: a.id,
                office: offices.get(&a.office_id).cloned().unwrap_or_default(),
                meeting_id: a.meeting_id,
                meeting_number: src.and_then(svc_meetings::number_of),
                meeting_date_th: src
                    .map(|s| ThaiDate(s.meeting_date).short(digits))
                    .unwrap_or_default(),
                status_th: a.status.label_th().to_owned(),
                progress: a.progress,
                due_th: a.due_on.map(|d| ThaiDate(d).short(digits)),
                latest_update: latest.get(&a.id).map(|u| LatestUpdate {
                    date_th: ThaiDate(u.created_at.date_naive()).short(digits),
                    text_md: u.text_md.clone(),
                    progress: u.progress,
                }),
                title: a.title,
            }
        })
        .collect();
    out.sort_by_key(|c| {
        (
            from.get(&c.meeting_id)
                .map(|m| m.meeting_date)
                .unwrap_or(NaiveDate::MIN),
            c.meeting_id,
            c.id,
        )
    });
    Ok(out)
}

/// Choices for the item form: presenter offices of the host province (Thai order) and the
/// issues of the meeting's round.
pub async fn choices<C: ConnectionTrait>(
    db: &C,
    m: &meetings::Model,
) -> Result<(Vec<(i32, String)>, Vec<(i32, String)>), sea_orm::DbErr> {
    let provinces = super::meetings::provinces_of(db, m).await?;
    let mut offices: Vec<(i32, String)> = agency_offices::Entity::find()
        .filter(agency_offices::Column::ProvinceId.is_in(provinces))
        .filter(agency_offices::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name_th))
        .collect();
    crate::domain::collate::sort_thai_by(&mut offices, |o| &o.1);
    let issues = match m.round_id {
        Some(r) => inspection_issues::Entity::find()
            .filter(inspection_issues::Column::RoundId.eq(r))
            .order_by_asc(inspection_issues::Column::Position)
            .all(db)
            .await?
            .into_iter()
            .map(|i| (i.id, i.title))
            .collect(),
        None => Vec::new(),
    };
    Ok((offices, issues))
}
