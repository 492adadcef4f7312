//! The minutes editor's page: every agenda item with its notes and resolution, the revisions,
//! and what the minutes' state allows.

use super::*;

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
            at_th: super::super::lookup::instant_th(r.created_at),
            comment: r.comment.unwrap_or_default(),
        })
        .collect())
}

/// Later meetings of the same series (not cancelled), nearest first: who may certify.
pub(super) async fn later_in_series<C: ConnectionTrait>(
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
