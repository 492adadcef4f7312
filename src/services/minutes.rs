//! The minutes of a meeting: the document assembled from the meeting's record, what the
//! secretary writes saved as revisions under optimistic locking, and the life cycle
//! draft → circulated → certified (certified minutes are frozen, hashed and may be published).

pub mod assemble;

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
use crate::domain::calendar::{Digits, ThaiDate, parse_date};
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

/// One agenda item in the editor.
#[derive(Debug, Clone, Serialize)]
pub struct EditorItem {
    /// Agenda item id.
    pub id: i32,
    /// `4.1`.
    pub number: String,
    /// `ระเบียบวาระที่ 4 …` (set on the first item of each section).
    pub section: Option<String>,
    /// Title.
    pub title: String,
    /// Whether the item fills itself (item 2 and 3).
    pub auto_kind: Option<AgendaItemKind>,
    /// What is written now (stored, or the caller's input after a refused save).
    pub notes_md: String,
    /// Resolution.
    pub resolution_md: String,
    /// After a stale save: the stored text, when it differs from the caller's.
    pub theirs: Option<ItemNotes>,
}

/// One revision in the list.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionRow {
    /// Number.
    pub revision: i32,
    /// Who saved it.
    pub author: String,
    /// When (Thai).
    pub at_th: String,
    /// Comment.
    pub comment: String,
}

/// Everything the minutes page shows.
#[derive(Debug, Clone, Serialize)]
pub struct MinutesPage {
    /// Meeting id.
    pub meeting_id: i32,
    /// Meeting title.
    pub meeting_title: String,
    /// `4/2565`.
    pub number: Option<String>,
    /// Meeting date (Thai long).
    pub date_th: String,
    /// State.
    pub state: MinutesState,
    /// State label.
    pub state_th: &'static str,
    /// Revision the form was loaded from (0: nothing saved yet).
    pub revision: i32,
    /// Lock token of what the form was loaded from.
    pub base: String,
    /// Opening words.
    pub opening_md: String,
    /// Closing words.
    pub closing_md: String,
    /// After a stale save: the stored opening and closing, when they differ.
    pub theirs_opening: Option<String>,
    /// After a stale save.
    pub theirs_closing: Option<String>,
    /// Agenda items.
    pub items: Vec<EditorItem>,
    /// The assembled document (Markdown).
    pub markdown: String,
    /// The same as safe HTML.
    pub html: String,
    /// Whether the caller may edit (manager, minutes not certified, meeting not cancelled).
    pub can_edit: bool,
    /// Whether the caller may change the state.
    pub can_manage: bool,
    /// Circulation deadline (ISO, for the form) and in Thai.
    pub circulation_deadline: Option<NaiveDate>,
    /// Thai.
    pub circulation_deadline_th: Option<String>,
    /// Certification: how (Thai), when (Thai), by which meeting (label).
    pub certified_th: Option<String>,
    /// Corrections recorded at certification.
    pub corrections_md: Option<String>,
    /// SHA-256 of the certified text.
    pub sha256: Option<String>,
    /// Published on the public page.
    pub published: bool,
    /// Later meetings of the series that may certify these minutes (id, label).
    pub next_meetings: Vec<(i32, String)>,
    /// Certification methods (stored, label).
    pub methods: Vec<(&'static str, &'static str)>,
    /// Revisions, newest first.
    pub revisions: Vec<RevisionRow>,
}

/// Input of a save: the revision and lock token the form was loaded from, and the text.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SaveInput {
    /// Revision the form was loaded from.
    pub revision: i32,
    /// Lock token the form was loaded from.
    pub base: String,
    /// What is written.
    pub notes: Notes,
    /// Optional comment for the revision.
    #[serde(default)]
    pub comment: String,
}

/// The minutes page of a meeting the caller may read. With `mine` (a refused save) the form
/// shows the caller's text and, beside each part that differs, the stored one.
pub async fn page(
    db: &DatabaseConnection,
    docs: &Documents,
    ctx: &Ctx,
    id: i32,
    mine: Option<&SaveInput>,
) -> Result<MinutesPage, AppError> {
    let (m, row) = readable(db, ctx, id).await?;
    let row = row.as_ref();
    let state = minutes_state(row);
    let digits = digits_of(&m, row);
    let a = assemble::assemble(db, ctx, m.id, None, Some(digits)).await?;
    let stored = current_notes(db, row, &a.detail.agenda).await?;
    let shown = mine.map_or(&stored, |i| &i.notes);
    let markdown = if state == MinutesState::Certified {
        rendered(db, docs, ctx, &m, row).await?.markdown
    } else {
        match mine {
            Some(i) => assemble::assemble(db, ctx, m.id, Some(&i.notes), Some(digits))
                .await?
                .doc
                .markdown(docs)?,
            None => a.doc.markdown(docs)?,
        }
    };
    let mut items = Vec::new();
    for s in &a.detail.agenda.sections {
        for (k, i) in s.items.iter().enumerate() {
            let now = stored.items.get(&i.id).cloned().unwrap_or_default();
            let typed = shown.items.get(&i.id).cloned().unwrap_or_default();
            items.push(EditorItem {
                id: i.id,
                number: i.number.clone(),
                section: (k == 0).then(|| {
                    if s.title.starts_with("ระเบียบวาระ") {
                        s.title.clone()
                    } else {
                        format!("ระเบียบวาระที่ {} {}", s.number, s.title)
                    }
                }),
                title: i.title.clone(),
                auto_kind: i.auto_kind,
                theirs: (mine.is_some() && now != typed).then_some(now),
                notes_md: typed.notes_md,
                resolution_md: typed.resolution_md,
            });
        }
    }
    let manage = ctx.actor.can_manage_meetings(scope::meeting_location(&m));
    let cancelled = m.status == MeetingStatus::Cancelled;
    let revisions = revisions(db, row).await?;
    let certified_th = match row {
        Some(r) if state == MinutesState::Certified => {
            let how = r.certification_method.map_or("", |c| c.label_th());
            let when = r
                .certified_at
                .map(|t| ThaiDate((t + chrono::Duration::hours(7)).date_naive()).long(digits))
                .unwrap_or_default();
            let by = match r.certified_by_meeting_id {
                Some(b) if b != m.id => meetings::Entity::find_by_id(b)
                    .one(db)
                    .await?
                    .map(|x| {
                        format!(
                            " โดย{} ({})",
                            x.title,
                            ThaiDate(x.meeting_date).long(digits)
                        )
                    })
                    .unwrap_or_default(),
                _ => String::new(),
            };
            Some(format!("{how} เมื่อ{when}{by}"))
        }
        _ => None,
    };
    Ok(MinutesPage {
        meeting_id: m.id,
        meeting_title: m.title.clone(),
        number: svc_meetings::number_of(&m),
        date_th: ThaiDate(m.meeting_date).long(Digits::Arabic),
        state,
        state_th: state.label_th(),
        revision: row.map_or(0, |r| r.current_revision),
        base: version_of(&stored),
        theirs_opening: mine
            .filter(|i| i.notes.opening_md != stored.opening_md)
            .map(|_| stored.opening_md.clone()),
        theirs_closing: mine
            .filter(|i| i.notes.closing_md != stored.closing_md)
            .map(|_| stored.closing_md.clone()),
        opening_md: shown.opening_md.clone(),
        closing_md: shown.closing_md.clone(),
        items,
        html: crate::documents::html::fragment(&markdown),
        markdown,
        can_edit: manage && !cancelled && state != MinutesState::Certified,
        can_manage: manage && !cancelled,
        circulation_deadline: row.and_then(|r| r.circulation_deadline),
        circulation_deadline_th: row
            .and_then(|r| r.circulation_deadline)
            .map(|x| ThaiDate(x).long(Digits::Arabic)),
        certified_th,
        corrections_md: row.and_then(|r| r.corrections_md.clone()),
        sha256: row.and_then(|r| r.content_sha256.clone()),
        published: row.is_some_and(|r| r.published),
        next_meetings: if manage {
            later_in_series(db, &m).await?
        } else {
            vec![]
        },
        methods: Certification::ALL
            .iter()
            .map(|c| (c.as_str(), c.label_th()))
            .collect(),
        revisions,
    })
}

async fn revisions<C: ConnectionTrait>(
    db: &C,
    row: Option<&minutes::Model>,
) -> Result<Vec<RevisionRow>, AppError> {
    let Some(r) = row else {
        return Ok(vec![]);
    };
    let revs = minutes_revisions::Entity::find()
        .filter(minutes_revisions::Column::MinutesId.eq(r.id))
        .order_by_desc(minutes_revisions::Column::Revision)
        .all(db)
        .await?;
    let authors: BTreeMap<i32, String> = users::Entity::find()
        .filter(users::Column::Id.is_in(revs.iter().filter_map(|r| r.author_user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    Ok(revs
        .into_iter()
        .map(|r| RevisionRow {
            revision: r.revision,
            author: r
                .author_user_id
                .and_then(|a| authors.get(&a).cloned())
                .unwrap_or_else(|| "ระบบ".to_owned()),
            at_th: super::lookup::instant_th(r.created_at),
            comment: r.comment.unwrap_or_default(),
        })
        .collect())
}

/// Later meetings of the same series (not cancelled), nearest first: who may certify.
async fn later_in_series<C: ConnectionTrait>(
    db: &C,
    m: &meetings::Model,
) -> Result<Vec<(i32, String)>, AppError> {
    let Some(series) = m.series_id else {
        return Ok(vec![]);
    };
    Ok(meetings::Entity::find()
        .filter(meetings::Column::SeriesId.eq(series))
        .filter(meetings::Column::MeetingDate.gt(m.meeting_date))
        .filter(meetings::Column::Status.ne(MeetingStatus::Cancelled))
        .order_by_asc(meetings::Column::MeetingDate)
        .order_by_asc(meetings::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .take(3)
        .map(|x| {
            let n = svc_meetings::number_of(&x)
                .map(|n| format!("ครั้งที่ {n} "))
                .unwrap_or_default();
            (
                x.id,
                format!("{n}{}", ThaiDate(x.meeting_date).long(Digits::Arabic)),
            )
        })
        .collect())
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

/// Saves what the secretary wrote as a new revision. Refused with [`AppError::Stale`] when
/// someone saved (here or on the agenda) since the form was loaded; nothing is written then.
pub async fn save(
    db: &DatabaseConnection,
    docs: &Documents,
    ctx: &Ctx,
    id: i32,
    input: &SaveInput,
) -> Result<i32, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let m = svc_meetings::find_managed(&txn, ctx, id).await?;
    if m.status == MeetingStatus::Cancelled {
        return Err(RuleViolation::MeetingCancelled.into());
    }
    let row = minutes_row(&txn, m.id).await?;
    if minutes_state(row.as_ref()) == MinutesState::Certified {
        return Err(RuleViolation::MinutesCertified.into());
    }
    let agenda = super::agenda::load(&txn, &ctx.with_full_rights(), &m).await?;
    let stored = current_notes(&txn, row.as_ref(), &agenda).await?;
    let revision = row.as_ref().map_or(0, |r| r.current_revision);
    if input.revision != revision || input.base != version_of(&stored) {
        return Err(AppError::Stale(format!(
            "{STALE} — {}",
            stored.stale_detail(&input.notes, input.revision, revision)
        )));
    }
    let mut errors = FieldErrors::new();
    let mut notes = Notes {
        opening_md: clean(&input.notes.opening_md, "opening_md", &mut errors),
        closing_md: clean(&input.notes.closing_md, "closing_md", &mut errors),
        items: BTreeMap::new(),
    };
    for (item_id, old) in &stored.items {
        let typed = input.notes.items.get(item_id).cloned().unwrap_or_default();
        let new = ItemNotes {
            notes_md: clean(&typed.notes_md, &format!("notes_{item_id}"), &mut errors),
            resolution_md: clean(
                &typed.resolution_md,
                &format!("resolution_{item_id}"),
                &mut errors,
            ),
        };
        if &new != old {
            agenda_items::Entity::update_many()
                .col_expr(
                    agenda_items::Column::NotesMd,
                    Expr::value((!new.notes_md.is_empty()).then(|| new.notes_md.clone())),
                )
                .col_expr(
                    agenda_items::Column::ResolutionMd,
                    Expr::value((!new.resolution_md.is_empty()).then(|| new.resolution_md.clone())),
                )
                .col_expr(agenda_items::Column::UpdatedAt, Expr::value(ctx.now))
                .filter(agenda_items::Column::Id.eq(*item_id))
                .filter(agenda_items::Column::MeetingId.eq(m.id))
                .exec(&txn)
                .await?;
        }
        notes.items.insert(*item_id, new);
    }
    if input
        .notes
        .items
        .keys()
        .any(|k| !stored.items.contains_key(k))
    {
        errors.add("items", "มีเรื่องที่ไม่อยู่ในระเบียบวาระของการประชุมนี้");
    }
    errors.into_result(())?;
    let digits = digits_of(&m, row.as_ref());
    let content = assemble::assemble(&txn, ctx, m.id, Some(&notes), Some(digits))
        .await?
        .doc
        .markdown(docs)?;
    let minutes_id = match &row {
        None => {
            let inserted = minutes::ActiveModel {
                meeting_id: Set(m.id),
                state: Set(MinutesState::Draft),
                current_revision: Set(1),
                digit_style: Set(m.digit_style),
                published: Set(false),
                created_at: Set(ctx.now),
                updated_at: Set(ctx.now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            // A concurrent first save took the unique meeting_id: the caller is stale.
            .map_err(|_| AppError::Stale(STALE.to_owned()))?;
            inserted.id
        }
        Some(r) => {
            let done = minutes::Entity::update_many()
                .col_expr(minutes::Column::CurrentRevision, Expr::value(revision + 1))
                .col_expr(minutes::Column::UpdatedAt, Expr::value(ctx.now))
                .filter(minutes::Column::Id.eq(r.id))
                .filter(minutes::Column::CurrentRevision.eq(revision))
                .exec(&txn)
                .await?;
            if done.rows_affected != 1 {
                return Err(AppError::Stale(STALE.to_owned()));
            }
            r.id
        }
    };
    let comment = normalize(&input.comment);
    minutes_revisions::ActiveModel {
        minutes_id: Set(minutes_id),
        revision: Set(revision + 1),
        content_md: Set(content),
        notes_json: Set(serde_json::to_string(&notes).ok()),
        author_user_id: Set(ctx.user_id),
        comment: Set((!comment.is_empty()).then_some(comment)),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    follow(&txn, ctx, &m, MeetingStatus::MinutesDraft).await?;
    record(
        &txn,
        ctx,
        &m,
        "minutes.save",
        serde_json::json!({ "revision": revision + 1 }),
    )
    .await?;
    txn.commit().await?;
    Ok(revision + 1)
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

/// Circulates the draft to the members with a reply deadline (แจ้งเวียน): the PDF of the draft
/// is stored, and one email per member office (with the PDF) is queued in the same transaction
/// as the change of state.
pub async fn circulate(
    db: &DatabaseConnection,
    docs: &Documents,
    files: &crate::storage::FileStore,
    ctx: &Ctx,
    id: i32,
    deadline: &str,
) -> Result<NaiveDate, AppError> {
    // The PDF first (slow, outside the transaction), for a caller who may circulate.
    svc_meetings::find_managed(db, ctx, id).await?;
    let pdf = document(db, docs, ctx, id)
        .await?
        .produce(docs, crate::documents::Format::Pdf)
        .await?;
    let sha = crate::auth::secret::hex(&sha2::Sha256::digest(&pdf));
    let stored = crate::storage::key_of(&sha);
    files.put(&stored, pdf).await.map_err(AppError::Internal)?;
    let txn = crate::db::begin_write(db).await?;
    // Permission before validation: a caller who may not circulate learns nothing more.
    let (m, row) = for_change(&txn, ctx, id).await?;
    let day = match parse_date(deadline) {
        Ok(d) if d >= ctx.today => d,
        Ok(_) => return Err(invalid("deadline", "วันที่ต้องตอบกลับต้องไม่ก่อนวันนี้")),
        Err(e) => return Err(invalid("deadline", e)),
    };
    minutes_state(Some(&row)).transition(MinutesState::Circulated)?;
    minutes::Entity::update_many()
        .col_expr(
            minutes::Column::State,
            Expr::value(MinutesState::Circulated),
        )
        .col_expr(minutes::Column::CirculationDeadline, Expr::value(day))
        .col_expr(minutes::Column::UpdatedAt, Expr::value(ctx.now))
        .filter(minutes::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;
    follow(&txn, ctx, &m, MeetingStatus::Circulated).await?;
    let sent = crate::mail::circulated::enqueue_for_minutes(
        &txn,
        docs.templates(),
        &m,
        &stored,
        day,
        ctx.now,
    )
    .await?;
    record(
        &txn,
        ctx,
        &m,
        "minutes.circulate",
        serde_json::json!({ "deadline": day, "emails": sent }),
    )
    .await?;
    txn.commit().await?;
    Ok(day)
}

fn invalid(field: &str, message: impl ToString) -> AppError {
    let mut e = FieldErrors::new();
    e.add(field, message);
    AppError::Invalid(e)
}

/// Input of a certification.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct CertifyInput {
    /// `next_meeting`, `same_meeting` or `circulation`.
    pub method: String,
    /// The certifying meeting (next meeting only).
    #[serde(default)]
    pub by_meeting_id: Option<i32>,
    /// Corrections made at certification (Markdown), empty for "without changes".
    #[serde(default)]
    pub corrections_md: String,
}

/// Certifies the minutes: the text is frozen as a last revision and its SHA-256 recorded.
pub async fn certify(
    db: &DatabaseConnection,
    docs: &Documents,
    ctx: &Ctx,
    id: i32,
    input: &CertifyInput,
) -> Result<String, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let (m, row) = for_change(&txn, ctx, id).await?;
    let mut errors = FieldErrors::new();
    let method = input.method.parse::<Certification>().ok();
    if method.is_none() {
        errors.add("method", "กรุณาเลือกวิธีการรับรอง");
    }
    let corrections = clean(&input.corrections_md, "corrections_md", &mut errors);
    errors.into_result(())?;
    let Some(method) = method else {
        return Err(AppError::BadRequest("วิธีการรับรองไม่ถูกต้อง".to_owned()));
    };
    let state = minutes_state(Some(&row));
    state.transition(MinutesState::Certified)?;
    let by = match method {
        Certification::SameMeeting => m.id,
        Certification::Circulation => {
            if state != MinutesState::Circulated {
                return Err(RuleViolation::MinutesNotCirculated.into());
            }
            m.id
        }
        Certification::NextMeeting => {
            let later = later_in_series(&txn, &m).await?;
            match input.by_meeting_id {
                Some(b) if later.iter().any(|(l, _)| *l == b) => b,
                _ => return Err(RuleViolation::NotTheNextMeeting.into()),
            }
        }
    };
    let digits = digits_of(&m, Some(&row));
    let content = assemble::assemble(&txn, ctx, m.id, None, Some(digits))
        .await?
        .doc
        .markdown(docs)?;
    let hash = content_hash(&content);
    let revision = row.current_revision + 1;
    let notes = {
        let agenda = super::agenda::load(&txn, &ctx.with_full_rights(), &m).await?;
        current_notes(&txn, Some(&row), &agenda).await?
    };
    let done = minutes::Entity::update_many()
        .col_expr(minutes::Column::State, Expr::value(MinutesState::Certified))
        .col_expr(minutes::Column::CurrentRevision, Expr::value(revision))
        .col_expr(minutes::Column::CertifiedAt, Expr::value(ctx.now))
        .col_expr(minutes::Column::CertificationMethod, Expr::value(method))
        .col_expr(minutes::Column::CertifiedByMeetingId, Expr::value(by))
        .col_expr(
            minutes::Column::CorrectionsMd,
            Expr::value((!corrections.is_empty()).then(|| corrections.clone())),
        )
        .col_expr(minutes::Column::ContentSha256, Expr::value(hash.clone()))
        .col_expr(minutes::Column::UpdatedAt, Expr::value(ctx.now))
        .filter(minutes::Column::Id.eq(row.id))
        .filter(minutes::Column::CurrentRevision.eq(row.current_revision))
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(AppError::Stale(STALE.to_owned()));
    }
    minutes_revisions::ActiveModel {
        minutes_id: Set(row.id),
        revision: Set(revision),
        content_md: Set(content),
        notes_json: Set(serde_json::to_string(&notes).ok()),
        author_user_id: Set(ctx.user_id),
        comment: Set(Some(format!("รับรอง: {}", method.label_th()))),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    follow(&txn, ctx, &m, MeetingStatus::Certified).await?;
    record(
        &txn,
        ctx,
        &m,
        "minutes.certify",
        serde_json::json!({ "method": method.as_str(), "by_meeting_id": by, "sha256": hash }),
    )
    .await?;
    txn.commit().await?;
    Ok(hash)
}

/// Publishes certified minutes on the public page, or withdraws them.
pub async fn set_published(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: i32,
    published: bool,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let (m, row) = for_change(&txn, ctx, id).await?;
    if minutes_state(Some(&row)) != MinutesState::Certified {
        return Err(RuleViolation::MinutesNotCertified.into());
    }
    minutes::ActiveModel {
        published: Set(published),
        updated_at: Set(ctx.now),
        ..row.into()
    }
    .update(&txn)
    .await?;
    follow(
        &txn,
        ctx,
        &m,
        if published {
            MeetingStatus::Published
        } else {
            MeetingStatus::Certified
        },
    )
    .await?;
    record(
        &txn,
        ctx,
        &m,
        if published {
            "minutes.publish"
        } else {
            "minutes.unpublish"
        },
        serde_json::json!({ "published": published }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
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
