//! The minutes editor's page: every agenda item with its notes and resolution, the revisions,
//! and what the minutes' state allows; and saving what is written as a revision.

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
    let items = editor_items(&a.detail.agenda, &stored, shown, mine.is_some());
    let manage = ctx.actor.can_manage_meetings(scope::meeting_location(&m));
    let cancelled = m.status == MeetingStatus::Cancelled;
    let revisions = revisions(db, row).await?;
    let certified_th = match row {
        Some(r) if state == MinutesState::Certified => {
            Some(certified_line(db, &m, r, digits).await?)
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

/// The editor's rows: each agenda item with what is shown (the caller's text after a refused
/// save, else the stored one) and, where they differ, the stored text beside it.
fn editor_items(
    agenda: &AgendaView,
    stored: &Notes,
    shown: &Notes,
    refused: bool,
) -> Vec<EditorItem> {
    let mut items = Vec::new();
    for s in &agenda.sections {
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
                theirs: (refused && now != typed).then_some(now),
                notes_md: typed.notes_md,
                resolution_md: typed.resolution_md,
            });
        }
    }
    items
}

/// "How, when (and by which meeting)" the minutes were certified, in Thai.
async fn certified_line<C: ConnectionTrait>(
    db: &C,
    m: &meetings::Model,
    r: &minutes::Model,
    digits: Digits,
) -> Result<String, AppError> {
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
    Ok(format!("{how} เมื่อ{when}{by}"))
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

/// What a save is checked against before its text: the managed meeting (not cancelled), its
/// minutes (not certified), the text stored now, and the current revision — refused with
/// [`AppError::Stale`] when the form's lock (`revision`, `base`) is not the current one.
async fn fresh<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    id: i32,
    (revision, base): (i32, &str),
    sent: &Notes,
) -> Result<(meetings::Model, Option<minutes::Model>, Notes, i32), AppError> {
    let m = svc_meetings::find_managed(db, ctx, id).await?;
    if m.status == MeetingStatus::Cancelled {
        return Err(RuleViolation::MeetingCancelled.into());
    }
    let row = minutes_row(db, m.id).await?;
    if minutes_state(row.as_ref()) == MinutesState::Certified {
        return Err(RuleViolation::MinutesCertified.into());
    }
    let agenda = super::super::agenda::load(db, &ctx.with_full_rights(), &m).await?;
    let stored = current_notes(db, row.as_ref(), &agenda).await?;
    let current = row.as_ref().map_or(0, |r| r.current_revision);
    if revision != current || base != version_of(&stored) {
        return Err(AppError::Stale(format!(
            "{STALE} — {}",
            stored.stale_detail(sent, revision, current)
        )));
    }
    Ok((m, row, stored, current))
}

/// Items written for that are not on the meeting's agenda.
fn foreign_items(sent: &Notes, stored: &Notes, errors: &mut FieldErrors) {
    if sent.items.keys().any(|k| !stored.items.contains_key(k)) {
        errors.add("items", "มีเรื่องที่ไม่อยู่ในระเบียบวาระของการประชุมนี้");
    }
}

/// The refusal of a save whose text did not parse: the meeting, the minutes' state and the
/// lock come first, as for a parsed one (a stale save is a 409 whatever its text); then the
/// field errors.
pub async fn refused_save(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: i32,
    input: &SaveInput,
    mut errors: FieldErrors,
) -> AppError {
    match fresh(db, ctx, id, (input.revision, &input.base), &input.notes).await {
        Ok((_, _, stored, _)) => {
            foreign_items(&input.notes, &stored, &mut errors);
            AppError::Invalid(errors)
        }
        Err(e) => e,
    }
}

/// Saves what the secretary wrote as a new revision. Refused with [`AppError::Stale`] when
/// someone saved (here or on the agenda) since the form was loaded; nothing is written then.
pub async fn save(
    db: &DatabaseConnection,
    docs: &Documents,
    ctx: &Ctx,
    id: i32,
    input: &SaveCommand,
) -> Result<i32, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let (m, row, stored, revision) =
        fresh(&txn, ctx, id, (input.revision, &input.base), &input.notes).await?;
    let mut errors = FieldErrors::new();
    let mut notes = Notes {
        opening_md: input.notes.opening_md.clone(),
        closing_md: input.notes.closing_md.clone(),
        items: BTreeMap::new(),
    };
    for (item_id, old) in &stored.items {
        let new = input.notes.items.get(item_id).cloned().unwrap_or_default();
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
    foreign_items(&input.notes, &stored, &mut errors);
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
    minutes_revisions::ActiveModel {
        minutes_id: Set(minutes_id),
        revision: Set(revision + 1),
        content_md: Set(content),
        notes_json: Set(serde_json::to_string(&notes).ok()),
        author_user_id: Set(ctx.user_id),
        comment: Set(input.comment.clone()),
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
