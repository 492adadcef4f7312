//! Use-cases for the agenda of a meeting: the numbered agenda (sections, items 1.1, 1.1.1) with
//! the two self-filling items computed when shown (the previous meeting of the series to
//! certify; the open actions carried over from earlier meetings), loaded with a fixed number of
//! queries; and adding, editing, deleting and reordering items.

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
use crate::domain::fields::{FieldErrors, optional_line, optional_text, required_line};
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
    let issues: BTreeMap<i32, String> = if issue_ids.is_empty() {
        BTreeMap::new()
    } else {
        inspection_issues::Entity::find()
            .filter(inspection_issues::Column::Id.is_in(issue_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|i| (i.id, i.title))
            .collect()
    };
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
        view.previous = meetings::Entity::find()
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
            });
    }
    if has(AUTO_MATTERS_ARISING) {
        view.matters = matters_arising(db, ctx, m, series_id).await?;
    }
    Ok(view)
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

/// An agenda item as typed (form or API).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemInput {
    /// Section id.
    pub section_id: String,
    /// Parent item id (sub-items), blank for none.
    pub parent_item_id: String,
    /// Title.
    pub title: String,
    /// Presenter office id.
    pub presenter_office_id: String,
    /// Presenter name.
    pub presenter_name: String,
    /// Time budget in minutes.
    pub time_budget_minutes: String,
    /// Linked issue id.
    pub issue_id: String,
    /// Notes (Markdown).
    pub notes_md: String,
    /// Resolution (Markdown).
    pub resolution_md: String,
}

struct ValidItem {
    section_id: i32,
    parent_item_id: Option<i32>,
    title: String,
    presenter_office_id: Option<i32>,
    presenter_name: Option<String>,
    time_budget_minutes: Option<i32>,
    issue_id: Option<i32>,
    notes_md: Option<String>,
    resolution_md: Option<String>,
}

fn id_of(s: &str) -> Option<Result<i32, ()>> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.parse::<i32>().map_err(|_| ()))
}

async fn validate_item<C: ConnectionTrait>(
    db: &C,
    m: &meetings::Model,
    i: &ItemInput,
    editing: Option<&agenda_items::Model>,
) -> Result<ValidItem, AppError> {
    let mut e = FieldErrors::new();
    let title = required_line(&mut e, "title", "เรื่อง", &i.title, 1000);
    let section = match id_of(&i.section_id) {
        Some(Ok(id)) => {
            agenda_sections::Entity::find_by_id(id)
                .filter(agenda_sections::Column::MeetingId.eq(m.id))
                .one(db)
                .await?
        }
        _ => None,
    };
    if section.is_none() {
        e.add("section_id", "กรุณาเลือกระเบียบวาระ");
    }
    let parent = match id_of(&i.parent_item_id) {
        None => None,
        Some(Ok(id)) => {
            let p = agenda_items::Entity::find_by_id(id)
                .filter(agenda_items::Column::MeetingId.eq(m.id))
                .one(db)
                .await?;
            match &p {
                Some(p) if p.parent_item_id.is_some() => {
                    e.add("parent_item_id", "เรื่องย่อยซ้อนได้เพียงหนึ่งระดับ");
                }
                Some(p) if Some(p.section_id) != section.as_ref().map(|s| s.id) => {
                    e.add("parent_item_id", "เรื่องหลักต้องอยู่ในระเบียบวาระเดียวกัน");
                }
                Some(p) if editing.is_some_and(|x| x.id == p.id) => {
                    e.add("parent_item_id", "เรื่องไม่สามารถเป็นเรื่องย่อยของตัวเองได้");
                }
                Some(_) => {}
                None => e.add("parent_item_id", "ไม่พบเรื่องหลักนี้"),
            }
            p.map(|p| p.id)
        }
        Some(Err(())) => {
            e.add("parent_item_id", "ไม่พบเรื่องหลักนี้");
            None
        }
    };
    let presenter_office_id = match id_of(&i.presenter_office_id) {
        None => None,
        Some(Ok(id)) => {
            let o = agency_offices::Entity::find_by_id(id).one(db).await?;
            if o.is_none() {
                e.add("presenter_office_id", "ไม่พบหน่วยงานนี้");
            }
            o.map(|o| o.id)
        }
        Some(Err(())) => {
            e.add("presenter_office_id", "ไม่พบหน่วยงานนี้");
            None
        }
    };
    let issue_id = match id_of(&i.issue_id) {
        None => None,
        Some(Ok(id)) => {
            let o = inspection_issues::Entity::find_by_id(id).one(db).await?;
            if o.is_none() {
                e.add("issue_id", "ไม่พบประเด็นการตรวจนี้");
            }
            o.map(|o| o.id)
        }
        Some(Err(())) => {
            e.add("issue_id", "ไม่พบประเด็นการตรวจนี้");
            None
        }
    };
    let presenter_name = optional_line(
        &mut e,
        "presenter_name",
        "ผู้นำเสนอ",
        Some(&i.presenter_name),
        200,
    );
    let time_budget_minutes = match i.time_budget_minutes.trim() {
        "" => None,
        t => match crate::domain::calendar::to_arabic_digits(t).parse::<u16>() {
            Ok(n) if n > 0 && n <= 600 => Some(i32::from(n)),
            _ => {
                e.add("time_budget_minutes", "เวลาที่ใช้ต้องเป็นจำนวนนาที 1–600");
                None
            }
        },
    };
    let notes_md = optional_text(&mut e, "notes_md", "สาระสำคัญ", Some(&i.notes_md), 20_000);
    let resolution_md = optional_text(
        &mut e,
        "resolution_md",
        "มติที่ประชุม",
        Some(&i.resolution_md),
        20_000,
    );
    match section {
        Some(s) if e.is_empty() => Ok(ValidItem {
            section_id: s.id,
            parent_item_id: parent,
            title,
            presenter_office_id,
            presenter_name,
            time_budget_minutes,
            issue_id,
            notes_md,
            resolution_md,
        }),
        _ => Err(AppError::Invalid(e)),
    }
}

async fn siblings<C: ConnectionTrait>(
    db: &C,
    meeting_id: i32,
    section_id: i32,
    parent: Option<i32>,
) -> Result<Vec<agenda_items::Model>, sea_orm::DbErr> {
    let mut q = agenda_items::Entity::find()
        .filter(agenda_items::Column::MeetingId.eq(meeting_id))
        .filter(agenda_items::Column::SectionId.eq(section_id));
    q = match parent {
        Some(p) => q.filter(agenda_items::Column::ParentItemId.eq(p)),
        None => q.filter(agenda_items::Column::ParentItemId.is_null()),
    };
    q.order_by_asc(agenda_items::Column::Position)
        .order_by_asc(agenda_items::Column::Id)
        .all(db)
        .await
}

async fn record<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    m: &meetings::Model,
    action: &str,
    before: Option<&agenda_items::Model>,
    after: Option<&agenda_items::Model>,
) -> Result<(), AppError> {
    audit::record(
        db,
        ctx,
        Change {
            action,
            kind: "meeting",
            id: m.id,
            at: scope::meeting_location(m),
        },
        before.and_then(|b| audit::json(&b.view())),
        after.and_then(|a| audit::json(&a.view())),
    )
    .await?;
    Ok(())
}

/// Adds an item at the end of its section (or of its parent's sub-items).
pub async fn add_item(
    db: &DatabaseConnection,
    ctx: &Ctx,
    meeting_id: i32,
    input: &ItemInput,
) -> Result<agenda_items::Model, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let m = svc_meetings::find_managed(&txn, ctx, meeting_id).await?;
    super::lookup::ensure_minutes_open(&txn, m.id).await?;
    let v = validate_item(&txn, &m, input, None).await?;
    let sibs = siblings(&txn, m.id, v.section_id, v.parent_item_id).await?;
    let position = sibs.iter().map(|s| s.position).max().unwrap_or(0) + 1;
    let item = agenda_items::ActiveModel {
        meeting_id: Set(m.id),
        section_id: Set(v.section_id),
        parent_item_id: Set(v.parent_item_id),
        position: Set(position),
        title: Set(v.title),
        presenter_office_id: Set(v.presenter_office_id),
        presenter_name: Set(v.presenter_name),
        time_budget_minutes: Set(v.time_budget_minutes),
        issue_id: Set(v.issue_id),
        notes_md: Set(v.notes_md),
        resolution_md: Set(v.resolution_md),
        created_at: Set(ctx.now),
        updated_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    record(&txn, ctx, &m, "agenda.add_item", None, Some(&item)).await?;
    txn.commit().await?;
    Ok(item)
}

async fn item_of<C: ConnectionTrait>(
    db: &C,
    meeting_id: i32,
    item_id: i32,
) -> Result<agenda_items::Model, AppError> {
    agenda_items::Entity::find_by_id(item_id)
        .filter(agenda_items::Column::MeetingId.eq(meeting_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// One item of a meeting the caller can read.
pub async fn get_item<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    meeting_id: i32,
    item_id: i32,
) -> Result<(meetings::Model, agenda_items::Model), AppError> {
    let m = svc_meetings::find(db, ctx, meeting_id).await?;
    let i = item_of(db, m.id, item_id).await?;
    Ok((m, i))
}

/// The item as the form shows it.
pub fn input_of(i: &agenda_items::Model) -> ItemInput {
    let s = |o: Option<i32>| o.map(|v| v.to_string()).unwrap_or_default();
    ItemInput {
        section_id: i.section_id.to_string(),
        parent_item_id: s(i.parent_item_id),
        title: i.title.clone(),
        presenter_office_id: s(i.presenter_office_id),
        presenter_name: i.presenter_name.clone().unwrap_or_default(),
        time_budget_minutes: s(i.time_budget_minutes),
        issue_id: s(i.issue_id),
        notes_md: i.notes_md.clone().unwrap_or_default(),
        resolution_md: i.resolution_md.clone().unwrap_or_default(),
    }
}

/// Edits an item (an auto item keeps its section and kind).
pub async fn update_item(
    db: &DatabaseConnection,
    ctx: &Ctx,
    meeting_id: i32,
    item_id: i32,
    input: &ItemInput,
) -> Result<agenda_items::Model, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let m = svc_meetings::find_managed(&txn, ctx, meeting_id).await?;
    super::lookup::ensure_minutes_open(&txn, m.id).await?;
    let before = item_of(&txn, m.id, item_id).await?;
    let mut input = input.clone();
    if before.auto_kind.is_some() {
        input.section_id = before.section_id.to_string();
        input.parent_item_id = String::new();
    }
    let v = validate_item(&txn, &m, &input, Some(&before)).await?;
    let moved = v.section_id != before.section_id || v.parent_item_id != before.parent_item_id;
    let mut am: agenda_items::ActiveModel = before.clone().into();
    if moved {
        let sibs = siblings(&txn, m.id, v.section_id, v.parent_item_id).await?;
        am.position = Set(sibs.iter().map(|s| s.position).max().unwrap_or(0) + 1);
        // Sub-items follow their parent to the new section.
        agenda_items::Entity::update_many()
            .col_expr(
                agenda_items::Column::SectionId,
                sea_orm::sea_query::Expr::value(v.section_id),
            )
            .filter(agenda_items::Column::ParentItemId.eq(before.id))
            .exec(&txn)
            .await?;
    }
    am.section_id = Set(v.section_id);
    am.parent_item_id = Set(v.parent_item_id);
    am.title = Set(v.title);
    am.presenter_office_id = Set(v.presenter_office_id);
    am.presenter_name = Set(v.presenter_name);
    am.time_budget_minutes = Set(v.time_budget_minutes);
    am.issue_id = Set(v.issue_id);
    am.notes_md = Set(v.notes_md);
    am.resolution_md = Set(v.resolution_md);
    am.updated_at = Set(ctx.now);
    let item = am.update(&txn).await?;
    record(
        &txn,
        ctx,
        &m,
        "agenda.update_item",
        Some(&before),
        Some(&item),
    )
    .await?;
    txn.commit().await?;
    Ok(item)
}

/// Deletes an item and its sub-items; the self-filling items cannot be deleted.
pub async fn delete_item(
    db: &DatabaseConnection,
    ctx: &Ctx,
    meeting_id: i32,
    item_id: i32,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let m = svc_meetings::find_managed(&txn, ctx, meeting_id).await?;
    super::lookup::ensure_minutes_open(&txn, m.id).await?;
    let before = item_of(&txn, m.id, item_id).await?;
    if before.auto_kind.is_some() {
        return Err(AppError::BadRequest(
            "เรื่องที่ระบบสร้างอัตโนมัติ (รับรองรายงานการประชุม/เรื่องสืบเนื่อง) ลบไม่ได้".to_owned(),
        ));
    }
    agenda_items::Entity::delete_many()
        .filter(agenda_items::Column::ParentItemId.eq(before.id))
        .exec(&txn)
        .await?;
    agenda_items::Entity::delete_by_id(before.id)
        .exec(&txn)
        .await?;
    record(&txn, ctx, &m, "agenda.delete_item", Some(&before), None).await?;
    txn.commit().await?;
    Ok(())
}

/// Moves an item one place up (`up = true`) or down among its siblings.
pub async fn move_item(
    db: &DatabaseConnection,
    ctx: &Ctx,
    meeting_id: i32,
    item_id: i32,
    up: bool,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let m = svc_meetings::find_managed(&txn, ctx, meeting_id).await?;
    super::lookup::ensure_minutes_open(&txn, m.id).await?;
    let item = item_of(&txn, m.id, item_id).await?;
    let sibs = siblings(&txn, m.id, item.section_id, item.parent_item_id).await?;
    let Some(at) = sibs.iter().position(|s| s.id == item.id) else {
        return Err(AppError::NotFound);
    };
    let other = if up { at.checked_sub(1) } else { Some(at + 1) };
    if let Some(o) = other.and_then(|o| sibs.get(o)) {
        // Renumber the siblings 1..n with the two swapped, so equal positions cannot stick.
        let mut order: Vec<i32> = sibs.iter().map(|s| s.id).collect();
        let oi = order.iter().position(|id| *id == o.id).unwrap_or(at);
        order.swap(at, oi);
        for (i, id) in order.iter().enumerate() {
            agenda_items::Entity::update_many()
                .col_expr(
                    agenda_items::Column::Position,
                    sea_orm::sea_query::Expr::value(svc_meetings::pos(i)),
                )
                .filter(agenda_items::Column::Id.eq(*id))
                .exec(&txn)
                .await?;
        }
        record(
            &txn,
            ctx,
            &m,
            if up {
                "agenda.move_up"
            } else {
                "agenda.move_down"
            },
            None,
            Some(&item),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
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
