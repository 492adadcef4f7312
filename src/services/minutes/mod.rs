//! The minutes of a meeting: the document assembled from the meeting's record, what the
//! secretary writes saved as revisions under optimistic locking, and the life cycle
//! draft → circulated → certified (certified minutes are frozen, hashed and may be published).

pub mod assemble;
mod attendees;
mod command;
mod editor;
mod lifecycle;

pub use command::*;
pub use editor::*;
pub use lifecycle::*;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use sha2::Digest;

use super::agenda::AgendaView;
use super::audit::{self, Change};
use super::lookup::{minutes_row, minutes_state};
use super::{Ctx, meetings as svc_meetings, scope};
use crate::db::entities::{agenda_items, meetings, minutes, minutes_revisions, users};
use crate::documents::{Document, Documents};
use crate::domain::agenda::AgendaItemKind;
use crate::domain::calendar::{Digits, ThaiDate};
use crate::domain::fields::FieldErrors;
use crate::domain::minutes::{Certification, ItemNotes, Notes, content_hash};
use crate::domain::rules::RuleViolation;
use crate::domain::status::{MeetingStatus, MinutesState};
use crate::domain::text::normalize;
use crate::error::AppError;

/// The message of a refused stale save.
pub const STALE: &str = "มีผู้อื่นบันทึกรายงานการประชุมนี้ก่อนท่าน ระบบยังไม่ได้บันทึกข้อความของท่าน \
     กรุณาเปรียบเทียบฉบับของท่านกับฉบับล่าสุดด้านล่าง แล้วบันทึกอีกครั้ง";

/// Longest text accepted in one field of the minutes.
const MAX_FIELD: usize = 50_000;

/// The minutes as a finished text, with what a PDF or page needs around it.
#[derive(Debug, Clone, Serialize)]
pub struct Rendered {
    /// Meeting id.
    pub meeting_id: i32,
    /// Document title (the heading).
    pub title: String,
    /// The Markdown.
    pub markdown: String,
    /// State.
    pub state: MinutesState,
    /// Digit style of the document.
    pub thai_digits: bool,
    /// SHA-256 of the certified Markdown (certified minutes only).
    pub sha256: Option<String>,
}

impl Rendered {
    /// The document's digit style.
    pub fn digits(&self) -> Digits {
        if self.thai_digits {
            Digits::Thai
        } else {
            Digits::Arabic
        }
    }
}

/// A meeting whose minutes the caller may read: its scope covers the meeting, and an agency
/// head (who sees only what concerns their office) reads minutes once circulated, never drafts.
pub async fn readable<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    id: i32,
) -> Result<(meetings::Model, Option<minutes::Model>), AppError> {
    let m = svc_meetings::find(db, ctx, id).await?;
    let row = minutes_row(db, m.id).await?;
    if !ctx
        .actor
        .scope
        .reads_minutes_text(minutes_state(row.as_ref()))
    {
        return Err(AppError::NotFound);
    }
    Ok((m, row))
}

/// The agenda items' notes and resolutions as [`Notes`] (opening and closing left empty).
pub fn notes_of_agenda(a: &AgendaView) -> Notes {
    let items = a
        .sections
        .iter()
        .flat_map(|s| &s.items)
        .map(|i| {
            (
                i.id,
                ItemNotes {
                    notes_md: i.notes_md.clone().unwrap_or_default(),
                    resolution_md: i.resolution_md.clone().unwrap_or_default(),
                },
            )
        })
        .collect();
    Notes {
        items,
        ..Default::default()
    }
}

/// The latest revision of a set of minutes.
async fn latest<C: ConnectionTrait>(
    db: &C,
    row: &minutes::Model,
) -> Result<Option<minutes_revisions::Model>, AppError> {
    Ok(minutes_revisions::Entity::find()
        .filter(minutes_revisions::Column::MinutesId.eq(row.id))
        .order_by_desc(minutes_revisions::Column::Revision)
        .one(db)
        .await?)
}

/// What the secretary has written so far: the items' notes from the agenda, and the opening
/// and closing words from the latest revision.
pub(crate) async fn current_notes<C: ConnectionTrait>(
    db: &C,
    row: Option<&minutes::Model>,
    agenda: &AgendaView,
) -> Result<Notes, AppError> {
    let mut notes = notes_of_agenda(agenda);
    if let Some(r) = row
        && let Some(rev) = latest(db, r).await?
        && let Some(stored) = rev
            .notes_json
            .as_deref()
            .and_then(|j| serde_json::from_str::<Notes>(j).ok())
    {
        notes.opening_md = stored.opening_md;
        notes.closing_md = stored.closing_md;
    }
    Ok(notes)
}

/// The optimistic-lock token of what is written: the hash of the notes.
pub fn version_of(notes: &Notes) -> String {
    content_hash(&serde_json::to_string(notes).unwrap_or_default())
}

/// The digit style of the document: the meeting's setting (certified text is frozen anyway).
fn digits_of(m: &meetings::Model, _row: Option<&minutes::Model>) -> Digits {
    super::agenda::digits_of(m)
}

/// The Markdown of the minutes of a meeting the caller may read: the frozen text once
/// certified, otherwise assembled now from the record.
pub async fn render(
    db: &DatabaseConnection,
    docs: &Documents,
    ctx: &Ctx,
    id: i32,
) -> Result<Rendered, AppError> {
    let (m, row) = readable(db, ctx, id).await?;
    rendered(db, docs, ctx, &m, row.as_ref()).await
}

async fn rendered<C: ConnectionTrait + Sync>(
    db: &C,
    docs: &Documents,
    ctx: &Ctx,
    m: &meetings::Model,
    row: Option<&minutes::Model>,
) -> Result<Rendered, AppError> {
    let state = minutes_state(row);
    let digits = digits_of(m, row);
    let title = assemble::heading(&m.title);
    if let Some(r) = row
        && state == MinutesState::Certified
        && let Some(rev) = latest(db, r).await?
    {
        return Ok(Rendered {
            meeting_id: m.id,
            title,
            markdown: rev.content_md,
            state,
            thai_digits: digits == Digits::Thai,
            sha256: r.content_sha256.clone(),
        });
    }
    let a = assemble::assemble(db, ctx, m.id, None, Some(digits)).await?;
    Ok(Rendered {
        meeting_id: m.id,
        title,
        markdown: a.doc.markdown(docs)?,
        state,
        thai_digits: digits == Digits::Thai,
        sha256: None,
    })
}

/// The document with unsaved `notes` (the editor's live preview); certified minutes show
/// their frozen text.
pub async fn preview(
    db: &DatabaseConnection,
    docs: &Documents,
    ctx: &Ctx,
    id: i32,
    notes: &Notes,
) -> Result<String, AppError> {
    let m = svc_meetings::find_managed(db, ctx, id).await?;
    let row = minutes_row(db, m.id).await?;
    if minutes_state(row.as_ref()) == MinutesState::Certified {
        return Ok(rendered(db, docs, ctx, &m, row.as_ref()).await?.markdown);
    }
    let digits = digits_of(&m, row.as_ref());
    Ok(assemble::assemble(db, ctx, m.id, Some(notes), Some(digits))
        .await?
        .doc
        .markdown(docs)?)
}

/// Certified and published minutes, for anyone (the public page).
pub async fn public(
    db: &DatabaseConnection,
    docs: &Documents,
    ctx: &Ctx,
    id: i32,
) -> Result<Rendered, AppError> {
    let row = minutes_row(db, id).await?.ok_or(AppError::NotFound)?;
    if !row.published || minutes_state(Some(&row)) != MinutesState::Certified {
        return Err(AppError::NotFound);
    }
    let m = meetings::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    rendered(db, docs, ctx, &m, Some(&row)).await
}

fn clean(s: &str, field: &str, errors: &mut FieldErrors) -> String {
    let v = normalize(s);
    if v.chars().count() > MAX_FIELD {
        errors.add(field, format!("ข้อความยาวเกิน {MAX_FIELD} ตัวอักษร"));
    } else if let Err(e) = crate::domain::rules::ensure_shallow("ข้อความ", &v) {
        errors.add(field, e);
    }
    v
}

/// Moves the meeting along with its minutes, through the intermediate steps its life cycle
/// requires (held → minutes draft → certified). A meeting that cannot get there (still
/// planned, say) keeps its status; the minutes' own state is the record.
async fn follow<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    m: &meetings::Model,
    to: MeetingStatus,
) -> Result<(), AppError> {
    let from = m.status;
    let reachable = from.can_transition_to(to)
        || from.next_states().iter().any(|s| {
            s.can_transition_to(to) || s.next_states().iter().any(|t| t.can_transition_to(to))
        });
    if from != to && reachable {
        meetings::Entity::update_many()
            .col_expr(meetings::Column::Status, Expr::value(to))
            .col_expr(meetings::Column::UpdatedAt, Expr::value(ctx.now))
            .filter(meetings::Column::Id.eq(m.id))
            .exec(db)
            .await?;
    }
    Ok(())
}

async fn record<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    m: &meetings::Model,
    action: &str,
    after: serde_json::Value,
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
        None,
        Some(after),
    )
    .await?;
    Ok(())
}

/// Loads the managed meeting and its minutes row for a change of state (the row is created
/// empty when nothing was saved yet).
async fn for_change<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    id: i32,
) -> Result<(meetings::Model, minutes::Model), AppError> {
    let m = svc_meetings::find_managed(db, ctx, id).await?;
    if m.status == MeetingStatus::Cancelled {
        return Err(RuleViolation::MeetingCancelled.into());
    }
    let row = match minutes_row(db, m.id).await? {
        Some(r) => r,
        None => {
            minutes::ActiveModel {
                meeting_id: Set(m.id),
                state: Set(MinutesState::Draft),
                current_revision: Set(0),
                digit_style: Set(m.digit_style),
                published: Set(false),
                created_at: Set(ctx.now),
                updated_at: Set(ctx.now),
                ..Default::default()
            }
            .insert(db)
            .await?
        }
    };
    Ok((m, row))
}

/// The minutes of a meeting the caller may read, as a [`Document`].
pub async fn document(
    db: &DatabaseConnection,
    docs: &Documents,
    ctx: &Ctx,
    id: i32,
) -> Result<Document, AppError> {
    Ok(document_of(render(db, docs, ctx, id).await?))
}

/// A rendered text as a [`Document`]: certified minutes carry their hash at the foot of every
/// page and are archived as PDF/A.
pub fn document_of(r: Rendered) -> Document {
    let certified = r.state == MinutesState::Certified;
    Document {
        stem: format!("minutes-{}", r.meeting_id),
        footer: match (&r.sha256, certified) {
            (Some(h), true) => Some(format!("รายงานการประชุมที่รับรองแล้ว SHA-256: {h}")),
            _ => Some(format!("{} (ยังไม่ได้รับรอง)", r.state.label_th())),
        },
        thai_digits: r.thai_digits,
        archival: certified,
        draft: !certified,
        title: r.title,
        markdown: r.markdown,
    }
}
