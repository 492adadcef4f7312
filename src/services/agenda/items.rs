//! Changing the agenda: add, edit, delete and reorder items (and sub-items), each checked
//! against the meeting's scope and the minutes' lock, in one transaction with its audit event.

use super::*;

/// An agenda item as typed in the form (parsed into an [`ItemCommand`]; shown again with the
/// errors when refused).
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

/// The item's place and links, checked against the meeting: the section, the parent item
/// (one level, same section, not itself), the office and the issue existing.
struct Place {
    section_id: i32,
    parent_item_id: Option<i32>,
    presenter_office_id: Option<i32>,
    issue_id: Option<i32>,
}

async fn check_item<C: ConnectionTrait>(
    db: &C,
    m: &meetings::Model,
    c: &ItemCommand,
    editing: Option<&agenda_items::Model>,
) -> Result<Place, AppError> {
    let mut e = FieldErrors::new();
    let section = match c.section_id {
        Some(id) => {
            agenda_sections::Entity::find_by_id(id)
                .filter(agenda_sections::Column::MeetingId.eq(m.id))
                .one(db)
                .await?
        }
        None => None,
    };
    if section.is_none() {
        e.add("section_id", "กรุณาเลือกระเบียบวาระ");
    }
    let parent = match c.parent {
        Parent::None => None,
        Parent::Item(id) => {
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
        Parent::NotAnId => {
            e.add("parent_item_id", "ไม่พบเรื่องหลักนี้");
            None
        }
    };
    let presenter_office_id = match c.presenter_office_id {
        None => None,
        Some(id) => {
            let o = agency_offices::Entity::find_by_id(id).one(db).await?;
            if o.is_none() {
                e.add("presenter_office_id", "ไม่พบหน่วยงานนี้");
            }
            o.map(|o| o.id)
        }
    };
    let issue_id = match c.issue_id {
        None => None,
        Some(id) => {
            let o = inspection_issues::Entity::find_by_id(id).one(db).await?;
            if o.is_none() {
                e.add("issue_id", "ไม่พบประเด็นการตรวจนี้");
            }
            o.map(|o| o.id)
        }
    };
    match section {
        Some(s) if e.is_empty() => Ok(Place {
            section_id: s.id,
            parent_item_id: parent,
            presenter_office_id,
            issue_id,
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

/// The refusal of an item whose fields did not parse: the meeting's scope, the minutes' lock
/// and the item's existence (`item_id`, when editing) come first, as for a parsed one; then
/// the field errors.
pub async fn refused(
    db: &DatabaseConnection,
    ctx: &Ctx,
    meeting_id: i32,
    item_id: Option<i32>,
    errors: FieldErrors,
) -> AppError {
    let checked = async {
        let m = svc_meetings::find_managed(db, ctx, meeting_id).await?;
        super::super::lookup::ensure_minutes_open(db, m.id).await?;
        if let Some(i) = item_id {
            item_of(db, m.id, i).await?;
        }
        Ok::<_, AppError>(())
    };
    match checked.await {
        Ok(()) => AppError::Invalid(errors),
        Err(e) => e,
    }
}

/// Adds an item at the end of its section (or of its parent's sub-items).
pub async fn add_item(
    db: &DatabaseConnection,
    ctx: &Ctx,
    meeting_id: i32,
    c: &ItemCommand,
) -> Result<agenda_items::Model, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let m = svc_meetings::find_managed(&txn, ctx, meeting_id).await?;
    super::super::lookup::ensure_minutes_open(&txn, m.id).await?;
    let v = check_item(&txn, &m, c, None).await?;
    let sibs = siblings(&txn, m.id, v.section_id, v.parent_item_id).await?;
    let position = sibs.iter().map(|s| s.position).max().unwrap_or(0) + 1;
    let item = agenda_items::ActiveModel {
        meeting_id: Set(m.id),
        section_id: Set(v.section_id),
        parent_item_id: Set(v.parent_item_id),
        position: Set(position),
        title: Set(c.title.clone()),
        presenter_office_id: Set(v.presenter_office_id),
        presenter_name: Set(c.presenter_name.clone()),
        time_budget_minutes: Set(c.time_budget_minutes),
        issue_id: Set(v.issue_id),
        notes_md: Set(c.notes_md.clone()),
        resolution_md: Set(c.resolution_md.clone()),
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
    c: &ItemCommand,
) -> Result<agenda_items::Model, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let m = svc_meetings::find_managed(&txn, ctx, meeting_id).await?;
    super::super::lookup::ensure_minutes_open(&txn, m.id).await?;
    let before = item_of(&txn, m.id, item_id).await?;
    let mut c = c.clone();
    if before.auto_kind.is_some() {
        c.section_id = Some(before.section_id);
        c.parent = Parent::None;
    }
    let v = check_item(&txn, &m, &c, Some(&before)).await?;
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
    am.title = Set(c.title);
    am.presenter_office_id = Set(v.presenter_office_id);
    am.presenter_name = Set(c.presenter_name);
    am.time_budget_minutes = Set(c.time_budget_minutes);
    am.issue_id = Set(v.issue_id);
    am.notes_md = Set(c.notes_md);
    am.resolution_md = Set(c.resolution_md);
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
    super::super::lookup::ensure_minutes_open(&txn, m.id).await?;
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
    super::super::lookup::ensure_minutes_open(&txn, m.id).await?;
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
