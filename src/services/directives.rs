//! Directives (ข้อสั่งการ / ประเด็นเน้นย้ำ) of a meeting: drafted by the provincial office or the
//! inspector, numbered per meeting, addressed to offices of the host province, published by an
//! inspector or administrator; and the follow-up section of the meeting page.
//!
//! Longer than 500 lines on purpose: drafting, numbering, addressing and publishing a directive
//! and the meeting page's follow-up section share the directive's rules and its target offices.

use std::collections::{BTreeSet, HashMap};

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

pub mod command;

pub use command::DirectiveCommand;

use super::audit::{self, Change};
pub use super::lookup::{Choice, drafting_directive};
use super::lookup::{directive_in_scope, sees_drafts, visible_directives};
use super::{Ctx, actions as action_svc, scope};
use crate::db::entities::{
    actions, agency_offices, agenda_items, directive_targets, directives, inspection_issues,
    meetings,
};
use crate::domain::calendar::{Digits, ThaiDate};
use crate::domain::collate::sort_thai_by;
use crate::domain::fields::FieldErrors;
use crate::domain::paging::{PageOf, Paging};
use crate::domain::status::{DirectiveStatus, IssuerRole};
use crate::error::AppError;

/// What a directive is made of, as sent by the form or the API (parsed into a
/// [`DirectiveCommand`]).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DirectiveInput {
    /// Issuer role (stored string, e.g. `inspector`).
    #[serde(default)]
    pub issuer_role: String,
    /// Issuer's name or title as printed in the minutes.
    #[serde(default)]
    pub issuer_name: Option<String>,
    /// Agenda item of the meeting.
    #[serde(default)]
    pub agenda_item_id: Option<i32>,
    /// Inspection issue of the meeting's round.
    #[serde(default)]
    pub issue_id: Option<i32>,
    /// The text (Markdown).
    #[serde(default)]
    pub text_md: String,
    /// Target offices (of the host province).
    #[serde(default)]
    pub target_office_ids: Vec<i32>,
}

/// Choices for the directive form of a meeting.
#[derive(Debug, Clone, Serialize)]
pub struct FormChoices {
    /// Issuer roles.
    pub issuer_roles: Vec<Choice>,
    /// Agenda items of the meeting.
    pub agenda_items: Vec<Choice>,
    /// Inspection issues of the meeting's round.
    pub issues: Vec<Choice>,
    /// Offices of the host province, Thai-sorted.
    pub offices: Vec<Choice>,
}

/// Loads a meeting within the caller's scope.
pub async fn meeting_in_scope<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    meeting_id: i32,
) -> Result<meetings::Model, AppError> {
    meetings::Entity::find_by_id(meeting_id)
        .filter(scope::meetings(&ctx.actor.scope))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// A meeting the caller may draft directives at: 404 outside scope, 403 without the right.
pub async fn drafting_meeting<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    meeting_id: i32,
) -> Result<meetings::Model, AppError> {
    let meeting = meeting_in_scope(db, ctx, meeting_id).await?;
    if !ctx
        .actor
        .can_draft_directives(scope::meeting_location(&meeting))
    {
        return Err(AppError::Forbidden);
    }
    Ok(meeting)
}

/// Offices of a province, Thai-sorted, as choices.
pub async fn office_choices<C: ConnectionTrait>(
    db: &C,
    provinces: &[i32],
) -> Result<Vec<Choice>, AppError> {
    if provinces.is_empty() {
        return Ok(vec![]);
    }
    let mut rows: Vec<(i32, String)> = agency_offices::Entity::find()
        .select_only()
        .column(agency_offices::Column::Id)
        .column(agency_offices::Column::NameTh)
        .filter(agency_offices::Column::ProvinceId.is_in(provinces.iter().copied()))
        .filter(agency_offices::Column::Active.eq(true))
        .into_tuple()
        .all(db)
        .await?;
    sort_thai_by(&mut rows, |r| &r.1);
    Ok(rows
        .into_iter()
        .map(|(id, name)| Choice {
            value: id.to_string(),
            label: name,
        })
        .collect())
}

/// The choices of the directive form for a meeting.
pub async fn form_choices(
    db: &DatabaseConnection,
    meeting: &meetings::Model,
) -> Result<FormChoices, AppError> {
    let items = agenda_items::Entity::find()
        .filter(agenda_items::Column::MeetingId.eq(meeting.id))
        .order_by_asc(agenda_items::Column::SectionId)
        .order_by_asc(agenda_items::Column::Position)
        .all(db)
        .await?;
    let issues = match meeting.round_id {
        Some(r) => {
            inspection_issues::Entity::find()
                .filter(inspection_issues::Column::RoundId.eq(r))
                .order_by_asc(inspection_issues::Column::Position)
                .all(db)
                .await?
        }
        None => vec![],
    };
    Ok(FormChoices {
        issuer_roles: IssuerRole::ALL
            .iter()
            .map(|r| Choice {
                value: r.as_str().to_owned(),
                label: r.label_th().to_owned(),
            })
            .collect(),
        agenda_items: items
            .into_iter()
            .map(|i| Choice {
                value: i.id.to_string(),
                label: i.title,
            })
            .collect(),
        issues: issues
            .into_iter()
            .map(|i| Choice {
                value: i.id.to_string(),
                label: format!("{}. {}", i.position, i.title),
            })
            .collect(),
        offices: office_choices(db, &super::meetings::provinces_of(db, meeting).await?).await?,
    })
}

/// Checks what the command cannot know alone: the agenda item is the meeting's, the issue its
/// round's, the target offices of its provinces.
async fn check_links<C: ConnectionTrait>(
    db: &C,
    meeting: &meetings::Model,
    cmd: &DirectiveCommand,
) -> Result<(), AppError> {
    let mut e = FieldErrors::new();
    if let Some(item) = cmd.agenda_item_id {
        let n = agenda_items::Entity::find_by_id(item)
            .filter(agenda_items::Column::MeetingId.eq(meeting.id))
            .count(db)
            .await?;
        if n == 0 {
            e.add("agenda_item_id", "ระเบียบวาระนี้ไม่ใช่ของการประชุมนี้");
        }
    }
    if let Some(issue) = cmd.issue_id {
        let n = match meeting.round_id {
            Some(r) => {
                inspection_issues::Entity::find_by_id(issue)
                    .filter(inspection_issues::Column::RoundId.eq(r))
                    .count(db)
                    .await?
            }
            None => 0,
        };
        if n == 0 {
            e.add("issue_id", "ประเด็นการตรวจนี้ไม่ใช่ของรอบการตรวจของการประชุมนี้");
        }
    }
    if !cmd.targets.is_empty() {
        let found = agency_offices::Entity::find()
            .filter(agency_offices::Column::Id.is_in(cmd.targets.clone()))
            .filter(
                agency_offices::Column::ProvinceId
                    .is_in(super::meetings::provinces_of(db, meeting).await?),
            )
            .count(db)
            .await?;
        if found != cmd.targets.len() as u64 {
            e.add(
                "targets",
                "หน่วยงานเป้าหมายต้องเป็นหน่วยงานของจังหวัดที่จัดประชุมหรือจังหวัดที่เข้าร่วมประชุม",
            );
        }
    }
    e.into_result(()).map_err(AppError::Invalid)
}

fn summary(d: &directives::Model, targets: &[i32]) -> serde_json::Value {
    serde_json::json!({
        "number": d.number, "issuer_role": d.issuer_role,
        "issuer_name": d.issuer_name_as_printed, "agenda_item_id": d.agenda_item_id,
        "issue_id": d.issue_id, "text_md": d.text_md, "status": d.status, "targets": targets,
    })
}

async fn set_targets<C: ConnectionTrait>(db: &C, id: i32, targets: &[i32]) -> Result<(), AppError> {
    directive_targets::Entity::delete_many()
        .filter(directive_targets::Column::DirectiveId.eq(id))
        .exec(db)
        .await?;
    if !targets.is_empty() {
        directive_targets::Entity::insert_many(targets.iter().map(|o| {
            directive_targets::ActiveModel {
                directive_id: Set(id),
                office_id: Set(Some(*o)),
                ..Default::default()
            }
        }))
        .exec(db)
        .await?;
    }
    Ok(())
}

/// Drafts a directive at a meeting (provincial office, inspector, administrator); it gets the
/// next number of the meeting.
pub async fn draft(
    db: &DatabaseConnection,
    ctx: &Ctx,
    meeting_id: i32,
    v: &DirectiveCommand,
) -> Result<directives::Model, AppError> {
    let meeting = drafting_meeting(db, ctx, meeting_id).await?;
    let at = scope::meeting_location(&meeting);
    let txn = crate::db::begin_write(db).await?;
    check_links(&txn, &meeting, v).await?;
    let last: Option<i32> = directives::Entity::find()
        .select_only()
        .column_as(directives::Column::Number.max(), "n")
        .filter(directives::Column::MeetingId.eq(meeting.id))
        .into_tuple::<Option<i32>>()
        .one(&txn)
        .await?
        .flatten();
    let d = directives::ActiveModel {
        meeting_id: Set(meeting.id),
        agenda_item_id: Set(v.agenda_item_id),
        issue_id: Set(v.issue_id),
        number: Set(last.unwrap_or(0) + 1),
        issuer_role: Set(v.issuer_role),
        issuer_name_as_printed: Set(v.issuer_name.clone()),
        text_md: Set(v.text_md.clone()),
        status: Set(DirectiveStatus::Draft),
        created_at: Set(ctx.now),
        updated_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    set_targets(&txn, d.id, &v.targets).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "directive.create",
            kind: "directive",
            id: d.id,
            at,
        },
        None,
        Some(summary(&d, &v.targets)),
    )
    .await?;
    txn.commit().await?;
    Ok(d)
}

/// A directive the caller may edit, with its meeting: 404 outside scope, 403 without the right
/// (drafters; a published directive only those who may publish).
pub async fn editable<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    id: i32,
) -> Result<(directives::Model, meetings::Model), AppError> {
    let (d, meeting) = directive_in_scope(db, ctx, id).await?;
    let at = scope::meeting_location(&meeting);
    let published = d.status == DirectiveStatus::Published;
    if !ctx.actor.can_draft_directives(at) || (published && !ctx.actor.can_publish(at)) {
        return Err(AppError::Forbidden);
    }
    Ok((d, meeting))
}

/// Edits a directive (drafters; a published directive only by those who may publish).
pub async fn edit(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: i32,
    v: &DirectiveCommand,
) -> Result<directives::Model, AppError> {
    let (d, meeting) = editable(db, ctx, id).await?;
    let at = scope::meeting_location(&meeting);
    let txn = crate::db::begin_write(db).await?;
    check_links(&txn, &meeting, v).await?;
    let before_targets = target_ids(&txn, d.id).await?;
    let before = summary(&d, &before_targets);
    let mut am: directives::ActiveModel = d.into();
    am.agenda_item_id = Set(v.agenda_item_id);
    am.issue_id = Set(v.issue_id);
    am.issuer_role = Set(v.issuer_role);
    am.issuer_name_as_printed = Set(v.issuer_name.clone());
    am.text_md = Set(v.text_md.clone());
    am.updated_at = Set(ctx.now);
    let d = am.update(&txn).await?;
    set_targets(&txn, d.id, &v.targets).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "directive.update",
            kind: "directive",
            id: d.id,
            at,
        },
        Some(before),
        Some(summary(&d, &v.targets)),
    )
    .await?;
    txn.commit().await?;
    Ok(d)
}

/// Publishes a draft directive: inspectors and administrators only (403 otherwise).
pub async fn publish(
    db: &DatabaseConnection,
    ctx: &Ctx,
    mail: &crate::mail::MailConfig,
    id: i32,
) -> Result<directives::Model, AppError> {
    let (d, meeting) = directive_in_scope(db, ctx, id).await?;
    let at = scope::meeting_location(&meeting);
    if !ctx.actor.can_publish(at) {
        return Err(AppError::Forbidden);
    }
    let from = d.status;
    let to = from.transition(DirectiveStatus::Published)?;
    let txn = crate::db::begin_write(db).await?;
    let mut am: directives::ActiveModel = d.clone().into();
    am.status = Set(to);
    am.published_at = Set(Some(ctx.now));
    am.published_by_user_id = Set(ctx.user_id);
    am.updated_at = Set(ctx.now);
    let out = am.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "directive.publish",
            kind: "directive",
            id: out.id,
            at,
        },
        Some(serde_json::json!({"status": d.status})),
        Some(serde_json::json!({"status": out.status, "published_at": out.published_at})),
    )
    .await?;
    // Its actions are now assigned: the offices hear of them (same transaction).
    let assigned = actions::Entity::find()
        .filter(actions::Column::DirectiveId.eq(out.id))
        .order_by_asc(actions::Column::Id)
        .all(&txn)
        .await?;
    crate::mail::assigned::enqueue_for_actions(&txn, mail, ctx.now, ctx.today, &assigned).await?;
    txn.commit().await?;
    Ok(out)
}

async fn target_ids<C: ConnectionTrait>(db: &C, id: i32) -> Result<Vec<i32>, AppError> {
    let rows: Vec<Option<i32>> = directive_targets::Entity::find()
        .select_only()
        .column(directive_targets::Column::OfficeId)
        .filter(directive_targets::Column::DirectiveId.eq(id))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().flatten().collect())
}

/// A target office.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    /// Office id.
    pub office_id: i32,
    /// Office name.
    pub name: String,
}

/// A directive as its page and the API show it.
#[derive(Debug, Clone, Serialize)]
pub struct DirectiveView {
    /// Id.
    pub id: i32,
    /// Meeting id.
    pub meeting_id: i32,
    /// Meeting title.
    pub meeting_title: String,
    /// Meeting date (ISO).
    pub meeting_date: chrono::NaiveDate,
    /// Meeting date in BE.
    pub meeting_date_th: String,
    /// Number within the meeting.
    pub number: i32,
    /// Issuer role (stored string).
    pub issuer_role: String,
    /// Issuer role in Thai.
    pub issuer_role_th: String,
    /// Issuer name as printed.
    pub issuer_name: Option<String>,
    /// Agenda item id.
    pub agenda_item_id: Option<i32>,
    /// Inspection issue id.
    pub issue_id: Option<i32>,
    /// Text (Markdown).
    pub text_md: String,
    /// Status (stored string).
    pub status: String,
    /// Status in Thai.
    pub status_th: String,
    /// When published.
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Target offices, Thai-sorted.
    pub targets: Vec<Target>,
    /// Its actions.
    pub actions: Vec<action_svc::ActionRow>,
}

/// Whether the caller may do these things to the directive (for showing buttons).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct DirectiveRights {
    /// Edit.
    pub edit: bool,
    /// Publish.
    pub publish: bool,
    /// Create actions.
    pub create_actions: bool,
}

/// One directive with its targets and actions, within scope.
pub async fn get(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: i32,
) -> Result<(DirectiveView, DirectiveRights, meetings::Model), AppError> {
    let (d, m) = directive_in_scope(db, ctx, id).await?;
    let ids = target_ids(db, d.id).await?;
    let mut names = action_svc::office_names(db, ids.iter().copied()).await?;
    let mut targets: Vec<Target> = ids
        .into_iter()
        .map(|o| Target {
            office_id: o,
            name: names.remove(&o).unwrap_or_default(),
        })
        .collect();
    sort_thai_by(&mut targets, |t| &t.name);
    let rows = actions::Entity::find()
        .filter(actions::Column::DirectiveId.eq(d.id))
        .filter(scope::actions(&ctx.actor.scope))
        .order_by_asc(actions::Column::Id)
        .all(db)
        .await?;
    let actions = action_svc::rows(db, ctx, rows).await?;
    let at = scope::meeting_location(&m);
    let published = d.status == DirectiveStatus::Published;
    let rights = DirectiveRights {
        edit: ctx.actor.can_draft_directives(at) && (!published || ctx.actor.can_publish(at)),
        publish: !published && ctx.actor.can_publish(at),
        create_actions: ctx.actor.can_draft_directives(at),
    };
    Ok((view(d, &m, targets, actions), rights, m))
}

fn view(
    d: directives::Model,
    m: &meetings::Model,
    targets: Vec<Target>,
    actions: Vec<action_svc::ActionRow>,
) -> DirectiveView {
    DirectiveView {
        id: d.id,
        meeting_id: d.meeting_id,
        meeting_title: m.title.clone(),
        meeting_date: m.meeting_date,
        meeting_date_th: ThaiDate(m.meeting_date).long(Digits::Arabic),
        number: d.number,
        issuer_role_th: d.issuer_role.label_th().to_owned(),
        issuer_role: d.issuer_role.as_str().to_owned(),
        issuer_name: d.issuer_name_as_printed,
        agenda_item_id: d.agenda_item_id,
        issue_id: d.issue_id,
        text_md: d.text_md,
        status_th: d.status.label_th().to_owned(),
        status: d.status.as_str().to_owned(),
        published_at: d.published_at,
        targets,
        actions,
    }
}

/// Directives within scope (optionally of one meeting), by meeting and number; for the API.
pub async fn list(
    db: &DatabaseConnection,
    ctx: &Ctx,
    meeting_id: Option<i32>,
    paging: Paging,
) -> Result<PageOf<DirectiveView>, AppError> {
    let mut q = directives::Entity::find().filter(visible_directives(ctx));
    if let Some(m) = meeting_id {
        q = q.filter(directives::Column::MeetingId.eq(m));
    }
    let pages = q
        .order_by_desc(directives::Column::MeetingId)
        .order_by_asc(directives::Column::Number)
        .paginate(db, paging.size());
    let total = pages.num_items().await?;
    let ds = pages.fetch_page(paging.index()).await?;
    let meeting_ids: BTreeSet<i32> = ds.iter().map(|d| d.meeting_id).collect();
    let ms: HashMap<i32, meetings::Model> = meetings::Entity::find()
        .filter(meetings::Column::Id.is_in(meeting_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let dids: Vec<i32> = ds.iter().map(|d| d.id).collect();
    let tg = directive_targets::Entity::find()
        .filter(directive_targets::Column::DirectiveId.is_in(dids))
        .all(db)
        .await?;
    let names = action_svc::office_names(db, tg.iter().filter_map(|t| t.office_id)).await?;
    let items = ds
        .into_iter()
        .filter_map(|d| {
            let m = ms.get(&d.meeting_id)?;
            let mut targets: Vec<Target> = tg
                .iter()
                .filter(|t| t.directive_id == d.id)
                .filter_map(|t| t.office_id)
                .map(|o| Target {
                    office_id: o,
                    name: names.get(&o).cloned().unwrap_or_default(),
                })
                .collect();
            sort_thai_by(&mut targets, |t| &t.name);
            Some(view(d, m, targets, vec![]))
        })
        .collect();
    Ok(PageOf::new(items, paging, total))
}

/// One action in the follow-up section.
#[derive(Debug, Clone, Serialize)]
pub struct FollowupAction {
    /// Id.
    pub id: i32,
    /// Office name.
    pub office: String,
    /// Title.
    pub title: String,
    /// Due date in BE, or empty.
    pub due_th: String,
    /// Status in Thai.
    pub status_th: String,
    /// Status (stored).
    pub status: String,
    /// Overdue today.
    pub overdue: bool,
    /// Due within a week and still open.
    pub due_soon: bool,
    /// Progress %.
    pub progress: i32,
}

/// One directive in the follow-up section.
#[derive(Debug, Clone, Serialize)]
pub struct FollowupDirective {
    /// Id.
    pub id: i32,
    /// Number within the meeting.
    pub number: i32,
    /// Issuer role in Thai.
    pub issuer_th: String,
    /// Issuer name as printed.
    pub issuer_name: Option<String>,
    /// Text (Markdown).
    pub text_md: String,
    /// Status (stored).
    pub status: String,
    /// Status in Thai.
    pub status_th: String,
    /// Target office names, Thai-sorted.
    pub targets: Vec<String>,
    /// Its actions within the caller's scope.
    pub actions: Vec<FollowupAction>,
}

/// The directives and actions of one meeting, as the meeting page shows them
/// (`templates/directives/_meeting_section.html.j2`). Loaded with a fixed number of queries.
#[derive(Debug, Default, Serialize)]
pub struct MeetingFollowup {
    /// The meeting.
    pub meeting_id: i32,
    /// Whether the caller may draft directives here (shows the "new directive" button).
    pub can_create: bool,
    /// Directives by number.
    pub directives: Vec<FollowupDirective>,
    /// Number of actions shown.
    pub action_count: usize,
}

/// The follow-up section of a meeting the caller can already read: five queries whatever the
/// counts (meeting; directives; targets; actions; office names).
pub async fn meeting_followup(
    db: &DatabaseConnection,
    ctx: &Ctx,
    meeting_id: i32,
) -> Result<MeetingFollowup, AppError> {
    let meeting = meetings::Entity::find_by_id(meeting_id)
        .filter(scope::meetings(&ctx.actor.scope))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut ds = directives::Entity::find()
        .filter(directives::Column::MeetingId.eq(meeting.id))
        .order_by_asc(directives::Column::Number)
        .all(db)
        .await?;
    if !sees_drafts(ctx) {
        ds.retain(|d| d.status == DirectiveStatus::Published);
    }
    ds.sort_by_key(|d| d.number);
    let at = scope::meeting_location(&meeting);
    let ids: Vec<i32> = ds.iter().map(|d| d.id).collect();
    let (targets, acts) = if ids.is_empty() {
        (vec![], vec![])
    } else {
        let targets = directive_targets::Entity::find()
            .filter(directive_targets::Column::DirectiveId.is_in(ids.clone()))
            .all(db)
            .await?;
        let acts = action_svc::brief()
            .filter(actions::Column::MeetingId.eq(meeting.id))
            .filter(scope::actions(&ctx.actor.scope))
            .order_by_asc(actions::Column::Id)
            .into_model::<action_svc::ActionBrief>()
            .all(db)
            .await?;
        (targets, acts)
    };
    let office_ids = targets
        .iter()
        .filter_map(|t| t.office_id)
        .chain(acts.iter().map(|a| a.office_id));
    let names = action_svc::office_names(db, office_ids).await?;
    let name = |o: i32| names.get(&o).cloned().unwrap_or_default();
    let mut by_directive: HashMap<i32, Vec<FollowupAction>> = HashMap::new();
    let action_count = acts.len();
    for a in acts {
        let status = a.status;
        by_directive
            .entry(a.directive_id)
            .or_default()
            .push(FollowupAction {
                id: a.id,
                office: name(a.office_id),
                title: a.title,
                due_th: a
                    .due_on
                    .map(|d| ThaiDate(d).numeric(Digits::Arabic))
                    .unwrap_or_default(),
                status_th: status.label_th().to_owned(),
                status: status.as_str().to_owned(),
                overdue: status.is_overdue(a.due_on, ctx.today),
                due_soon: status.is_due_soon(a.due_on, ctx.today),
                progress: a.progress,
            });
    }
    let mut tmap: HashMap<i32, Vec<String>> = HashMap::new();
    for t in &targets {
        if let Some(o) = t.office_id {
            tmap.entry(t.directive_id).or_default().push(name(o));
        }
    }
    let directives = ds
        .into_iter()
        .map(|d| {
            let mut targets = tmap.remove(&d.id).unwrap_or_default();
            sort_thai_by(&mut targets, |s| s);
            FollowupDirective {
                id: d.id,
                number: d.number,
                issuer_th: d.issuer_role.label_th().to_owned(),
                issuer_name: d.issuer_name_as_printed,
                text_md: d.text_md,
                status_th: d.status.label_th().to_owned(),
                status: d.status.as_str().to_owned(),
                targets,
                actions: by_directive.remove(&d.id).unwrap_or_default(),
            }
        })
        .collect();
    Ok(MeetingFollowup {
        meeting_id: meeting.id,
        can_create: ctx.actor.can_draft_directives(at),
        directives,
        action_count,
    })
}
