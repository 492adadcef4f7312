//! Actions (งานที่ต้องดำเนินการ): created from a directive, one per responsible office, with the
//! meeting's province and zone copied onto each row so that scope filters need no join; the
//! scoped, paginated list (one COUNT, one page, one query for office names) and the action page.
//!
//! Longer than 500 lines on purpose: creating actions from a directive (errors per office row),
//! the scoped list and the action page share the row shape `ActionRow` and its office names.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use sea_orm::sea_query::NullOrdering;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Order,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set,
};
use serde::Serialize;

pub mod command;

pub use command::{ActionsCommand, NewAction};

use super::audit::{self, Change};
pub use super::lookup::action_in_scope;
use super::lookup::{self, Choice, instant_th};
use super::{Ctx, scope, updates};
use crate::db::entities::{actions, agency_offices, audit_events, directive_targets, meetings};
use crate::domain::calendar::{Digits, ThaiDate};
use crate::domain::fields::FieldErrors;
use crate::domain::paging::{PageOf, Paging, count_cap};
use crate::domain::rules::ensure_due_not_before;
use crate::domain::status::ActionStatus;
use crate::error::AppError;
use crate::views::Viewed;

/// The columns of an action that lists show (no Markdown bodies, no metrics): what the meeting
/// page's follow-up section and its matters arising decode, hundreds at a time.
#[derive(Debug, Clone, sea_orm::FromQueryResult)]
pub struct ActionBrief {
    /// Id.
    pub id: i32,
    /// Directive.
    pub directive_id: i32,
    /// Meeting.
    pub meeting_id: i32,
    /// Responsible office.
    pub office_id: i32,
    /// Title.
    pub title: String,
    /// Status.
    pub status: ActionStatus,
    /// Progress %.
    pub progress: i32,
    /// Due date.
    pub due_on: Option<NaiveDate>,
}

/// A query for [`ActionBrief`] rows; add filters and orders, then `.into_model::<ActionBrief>()`.
pub fn brief() -> sea_orm::Select<actions::Entity> {
    actions::Entity::find().select_only().columns([
        actions::Column::Id,
        actions::Column::DirectiveId,
        actions::Column::MeetingId,
        actions::Column::OfficeId,
        actions::Column::Title,
        actions::Column::Status,
        actions::Column::Progress,
        actions::Column::DueOn,
    ])
}

/// Office names by id, in one query (none when there are no ids).
pub async fn office_names<C: ConnectionTrait>(
    db: &C,
    ids: impl Iterator<Item = i32>,
) -> Result<HashMap<i32, String>, AppError> {
    let ids: BTreeSet<i32> = ids.collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i32, String)> = agency_offices::Entity::find()
        .select_only()
        .column(agency_offices::Column::Id)
        .column(agency_offices::Column::NameTh)
        .filter(agency_offices::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

fn field(name: &str, i: usize) -> String {
    format!("{name}.{i}")
}

/// Creates actions from a directive, one per row. Errors are keyed `field.i` (the row as
/// sent); a due date before the meeting needs `confirm`. On a published directive the
/// "actions assigned" emails are queued in the same transaction.
pub async fn create(
    db: &DatabaseConnection,
    ctx: &Ctx,
    mail: &crate::mail::MailConfig,
    directive_id: i32,
    cmd: &ActionsCommand,
) -> Result<Vec<actions::Model>, AppError> {
    let (d, meeting) = lookup::drafting_directive(db, ctx, directive_id).await?;
    // Actions go to offices of the host province or of a province taking part; each action
    // sits in its office's province and that province's zone on the meeting's date.
    let provinces = super::meetings::provinces_of(db, &meeting).await?;
    let mut zone_of_province = BTreeMap::new();
    for &p in &provinces {
        zone_of_province.insert(
            p,
            super::meetings::zone_of(db, p, meeting.meeting_date).await?,
        );
    }
    let mut e = FieldErrors::new();
    if provinces.is_empty() {
        e.add("actions", "การประชุมนี้ยังไม่ระบุจังหวัดหรือเขตตรวจราชการ");
    }
    let office_ids: Vec<i32> = cmd.actions.iter().map(|r| r.office_id).collect();
    let ok_offices = offices_in(db, office_ids, &provinces).await?;
    let mut models = Vec::new();
    for r in &cmd.actions {
        let i = r.row;
        let office_province = match ok_offices.get(&r.office_id) {
            Some(&p) => p,
            None => {
                e.add(
                    &field("office_id", i),
                    "หน่วยงานต้องเป็นหน่วยงานของจังหวัดที่จัดประชุมหรือจังหวัดที่เข้าร่วมประชุม",
                );
                0
            }
        };
        if let Some(due) = r.due {
            e.check(
                &field("due", i),
                ensure_due_not_before(meeting.meeting_date, due, cmd.confirm),
            );
        }
        models.push(actions::ActiveModel {
            directive_id: Set(d.id),
            meeting_id: Set(meeting.id),
            office_id: Set(r.office_id),
            province_id: Set(Some(office_province)),
            zone_id: Set(zone_of_province
                .get(&office_province)
                .copied()
                .flatten()
                .or(meeting.zone_id)),
            title: Set(r.title.clone()),
            expected_md: Set(r.expected_md.clone()),
            due_on: Set(r.due),
            horizon: Set(r.horizon),
            metric_name: Set(r.metric_name.clone()),
            metric_unit: Set(r.metric_unit.clone()),
            metric_target: Set(r.metric_target),
            status: Set(ActionStatus::Open),
            progress: Set(0),
            created_at: Set(ctx.now),
            updated_at: Set(ctx.now),
            ..Default::default()
        });
    }
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let txn = crate::db::begin_write(db).await?;
    let mut out = Vec::new();
    for m in models {
        let a = m.insert(&txn).await?;
        ensure_target(&txn, d.id, a.office_id).await?;
        audit::created(
            &txn,
            ctx,
            Change {
                action: "action.create",
                kind: "action",
                id: a.id,
                at: scope::action_location(&a),
            },
            &a.view(),
        )
        .await?;
        out.push(a);
    }
    // Actions added to a published directive are assigned at once: the offices hear of them.
    if d.status == crate::domain::status::DirectiveStatus::Published {
        crate::mail::assigned::enqueue_for_actions(&txn, mail, ctx.now, ctx.today, &out).await?;
    }
    txn.commit().await?;
    Ok(out)
}

/// The offices among `ids` that belong to one of `provinces`, with their province.
async fn offices_in<C: ConnectionTrait>(
    db: &C,
    ids: Vec<i32>,
    provinces: &[i32],
) -> Result<BTreeMap<i32, i32>, AppError> {
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    Ok(agency_offices::Entity::find()
        .select_only()
        .column(agency_offices::Column::Id)
        .column(agency_offices::Column::ProvinceId)
        .filter(agency_offices::Column::Id.is_in(ids))
        .filter(agency_offices::Column::ProvinceId.is_in(provinces.iter().copied()))
        .into_tuple::<(i32, i32)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// Makes `office` a target of directive `directive` if it is not one yet.
async fn ensure_target<C: ConnectionTrait>(
    txn: &C,
    directive: i32,
    office: i32,
) -> Result<(), AppError> {
    let exists = directive_targets::Entity::find()
        .filter(directive_targets::Column::DirectiveId.eq(directive))
        .filter(directive_targets::Column::OfficeId.eq(office))
        .count(txn)
        .await?;
    if exists == 0 {
        directive_targets::ActiveModel {
            directive_id: Set(directive),
            office_id: Set(Some(office)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

pub use super::action_filter::ActionFilter;

/// An action in lists.
#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    /// Id.
    pub id: i32,
    /// Directive.
    pub directive_id: i32,
    /// Meeting.
    pub meeting_id: i32,
    /// Office.
    pub office_id: i32,
    /// Office name.
    pub office: String,
    /// Title.
    pub title: String,
    /// Due date (ISO).
    pub due_on: Option<NaiveDate>,
    /// Due date in BE (`30/09/2564`).
    pub due_th: String,
    /// Horizon (stored).
    pub horizon: Option<String>,
    /// Horizon in Thai.
    pub horizon_th: Option<String>,
    /// Status (stored).
    pub status: String,
    /// Status in Thai.
    pub status_th: String,
    /// Late today.
    pub overdue: bool,
    /// Due within a week and still open.
    pub due_soon: bool,
    /// Progress %.
    pub progress: i32,
    /// Metric name.
    pub metric_name: Option<String>,
    /// Metric unit.
    pub metric_unit: Option<String>,
    /// Metric target.
    pub metric_target: Option<f64>,
    /// Metric current value.
    pub metric_current: Option<f64>,
    /// Expected result (Markdown).
    pub expected_md: Option<String>,
    /// Province.
    pub province_id: Option<i32>,
    /// Zone.
    pub zone_id: Option<i32>,
}

/// Rows with office names (one query).
pub async fn rows<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    list: Vec<actions::Model>,
) -> Result<Vec<ActionRow>, AppError> {
    let names = office_names(db, list.iter().map(|a| a.office_id)).await?;
    Ok(list
        .into_iter()
        .map(|a| row(a, &names, ctx.today))
        .collect())
}

fn row(a: actions::Model, names: &HashMap<i32, String>, today: NaiveDate) -> ActionRow {
    let status = a.status;
    ActionRow {
        id: a.id,
        directive_id: a.directive_id,
        meeting_id: a.meeting_id,
        office_id: a.office_id,
        office: names.get(&a.office_id).cloned().unwrap_or_default(),
        title: a.title,
        due_on: a.due_on,
        due_th: a
            .due_on
            .map(|d| ThaiDate(d).numeric(Digits::Arabic))
            .unwrap_or_default(),
        horizon_th: a.horizon.map(|h| h.label_th().to_owned()),
        horizon: a.horizon.map(|h| h.as_str().to_owned()),
        status_th: status.label_th().to_owned(),
        status: status.as_str().to_owned(),
        overdue: status.is_overdue(a.due_on, today),
        due_soon: status.is_due_soon(a.due_on, today),
        progress: a.progress,
        metric_name: a.metric_name,
        metric_unit: a.metric_unit,
        metric_target: a.metric_target,
        metric_current: a.metric_current,
        expected_md: a.expected_md,
        province_id: a.province_id,
        zone_id: a.zone_id,
    }
}

/// Actions within scope, filtered and paginated: one COUNT and the page's ids at once, then the
/// page's rows and their office names.
pub async fn list(
    db: &DatabaseConnection,
    ctx: &Ctx,
    f: &ActionFilter,
    paging: Paging,
) -> Result<PageOf<ActionRow>, AppError> {
    // A title word is matched row by row in the list's order or found by the title index,
    // whichever reads less (action_filter::row_by_row).
    let row_by_row = super::action_filter::row_by_row(db, f).await?;
    let q = super::action_filter::select_walking(db, ctx, f, row_by_row)?;
    let in_order = |q: sea_orm::Select<actions::Entity>| {
        q.order_by_with_nulls(actions::Column::DueOn, Order::Asc, NullOrdering::Last)
            .order_by_asc(actions::Column::Id)
    };
    let cap = count_cap(f.has_text());
    // A title word's queries are planned for that word (PostgreSQL; see db/repo/plans), and
    // its count walks the list's order as the page does: counted in no order, PostgreSQL read
    // the table from its start for the first 201 of a zone's matches, which lie together
    // further on (362 ms), and the planner weighs the same walk for both.
    let own_plan = f.has_text();
    let counted = if own_plan {
        in_order(q.clone())
    } else {
        q.clone()
    };
    let count = crate::db::repo::count::up_to(db, counted, actions::Column::Id, cap, own_plan);
    // The page's ids first, sorted from the scope index alone, then those rows (db/repo/page);
    // counted at the same time, on another connection.
    let ids = in_order(q)
        .select_only()
        .column(actions::Column::Id)
        .offset(paging.index() * paging.size())
        .limit(paging.size())
        .into_query();
    let ids = crate::db::repo::plans::ids(db, &ids, own_plan);
    let (counted, ids) = tokio::try_join!(count, ids)?;
    let page = crate::db::repo::page::rows_in_order::<actions::Entity, _>(
        db,
        actions::Column::Id,
        &ids,
        |a| a.id,
    )
    .await?;
    Ok(PageOf::capped(
        rows(db, ctx, page).await?,
        paging,
        counted,
        cap,
    ))
}

/// The list's province and office filters: the provinces a zone inspector or an administrator
/// may narrow to, and the offices of the chosen (or the caller's own) province. Offices are
/// offered one province at a time: the country has some 3,400, too many for one select and too
/// costly to gather for every page of the list. Empty for an agency head.
pub async fn filter_choices(
    db: &DatabaseConnection,
    ctx: &Ctx,
    province: Option<i32>,
) -> Result<FilterChoices, AppError> {
    use crate::domain::access::Scope;
    let (provinces, office_province) = match &ctx.actor.scope {
        Scope::Province(p) => (Vec::new(), Some(*p)),
        Scope::Zones(_) | Scope::Everything => {
            let in_scope = super::meetings::host_provinces(db, ctx).await?;
            // Only a province in the caller's scope opens its offices.
            let chosen = province.filter(|id| in_scope.iter().any(|p| p.id == *id));
            let provinces = in_scope
                .into_iter()
                .map(|p| Choice {
                    value: p.code,
                    label: p.name_th,
                })
                .collect();
            (provinces, chosen)
        }
        Scope::Office { .. } | Scope::Nothing => (Vec::new(), None),
    };
    let offices = match office_province {
        Some(p) => {
            let mut rows: Vec<(i32, String)> = agency_offices::Entity::find()
                .select_only()
                .column(agency_offices::Column::Id)
                .column(agency_offices::Column::NameTh)
                .filter(agency_offices::Column::Active.eq(true))
                .filter(agency_offices::Column::ProvinceId.eq(p))
                .into_tuple()
                .all(db)
                .await?;
            crate::domain::collate::sort_thai_by(&mut rows, |r| &r.1);
            rows.into_iter()
                .map(|(id, name)| Choice {
                    value: id.to_string(),
                    label: name,
                })
                .collect()
        }
        None => Vec::new(),
    };
    Ok(FilterChoices { provinces, offices })
}

/// The choices of the list's province and office filters.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FilterChoices {
    /// Provinces in scope (code, Thai name), for zone inspectors and administrators.
    pub provinces: Vec<Choice>,
    /// Active offices of the chosen or own province (id, Thai name).
    pub offices: Vec<Choice>,
}

/// One audit event, for the history.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryRow {
    /// What happened.
    pub action: String,
    /// Who.
    pub actor: Option<String>,
    /// When (BE date and time).
    pub at_th: String,
}

/// The action page: the action, its directive and meeting, its updates and its history.
#[derive(Debug, Clone, Serialize)]
pub struct ActionDetail {
    /// The action.
    pub action: ActionRow,
    /// Directive number.
    pub directive_number: i32,
    /// Directive text.
    pub directive_text: String,
    /// Meeting title.
    pub meeting_title: String,
    /// Meeting date in BE.
    pub meeting_date_th: String,
    /// Updates, oldest first.
    pub updates: Vec<updates::UpdateView>,
    /// Audit history, oldest first.
    pub history: Vec<HistoryRow>,
    /// The caller may post an update.
    pub can_update: bool,
    /// The caller may review updates.
    pub can_review: bool,
}

/// The action page's data.
pub async fn get(db: &DatabaseConnection, ctx: &Ctx, id: i32) -> Result<ActionDetail, AppError> {
    let a = action_in_scope(db, ctx, id).await?;
    let at = scope::action_location(&a);
    let d = crate::db::entities::directives::Entity::find_by_id(a.directive_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let m = meetings::Entity::find_by_id(a.meeting_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let ups = updates::for_action(db, a.id).await?;
    let history: Vec<audit_events::Model> = audit::history(db, "action", a.id).await?;
    let names = office_names(db, std::iter::once(a.office_id)).await?;
    Ok(ActionDetail {
        can_update: ctx.actor.can_post_update(at),
        can_review: ctx.actor.can_publish(at),
        action: row(a, &names, ctx.today),
        directive_number: d.number,
        directive_text: d.text_md,
        meeting_title: m.title,
        meeting_date_th: ThaiDate(m.meeting_date).long(Digits::Arabic),
        updates: ups,
        history: history
            .into_iter()
            .map(|h| HistoryRow {
                action: history_label(&h.action).to_owned(),
                actor: h.actor_label,
                at_th: instant_th(h.occurred_at),
            })
            .collect(),
    })
}

fn history_label(action: &str) -> &str {
    match action {
        "action.create" => "สร้างงาน",
        "action.update_posted" => "รายงานความก้าวหน้า",
        "action.update_accepted" => "ผู้ตรวจราชการรับรองรายงาน",
        "action.update_returned" => "ผู้ตรวจราชการส่งกลับแก้ไข",
        other => other,
    }
}
