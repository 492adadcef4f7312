//! Inspection rounds (รอบการตรวจราชการ): list and read within scope; create and edit
//! (administrators, or inspectors within their own zones) with zones covered, inspectors,
//! inspection issues and their indicators. One transaction and one audit event per action.
//!
//! Longer than 500 lines on purpose: creating and editing a round share the zone resolution, the
//! scope check and the link writes of one transaction; its form, issues, indicators and view are
//! already modules of their own; the writes take the typed commands of `command`.

mod command;
mod form;
mod indicator_edits;
mod issues;
mod view;

pub use command::*;
pub use form::*;
pub use indicator_edits::*;
pub use issues::*;
pub use view::*;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

use super::audit::{self, Change};
use super::offices::parse_any_date;
use super::{Ctx, scope};
use crate::db::entities::{
    indicators, inspection_issues, inspection_rounds, meeting_issues, people, round_inspectors,
    round_zones, zones,
};
use crate::domain::access::{Location, Scope};
use crate::domain::calendar::{Digits, ThaiDate, to_arabic_digits};
use crate::domain::fields::{FieldErrors, optional_line, optional_text, required_line};
use crate::domain::status::{InspectionLevel, Role};
use crate::error::AppError;
use crate::views::Viewed;

fn view(r: inspection_rounds::Model, zones: Vec<ZoneRef>) -> RoundView {
    RoundView {
        id: r.id,
        fiscal_year: r.fiscal_year,
        level_th: r.level.label_th().to_owned(),
        level: r.level.as_str().to_owned(),
        organisation_th: r.organisation_th,
        label: r.label,
        starts_th: be(r.starts_on),
        ends_th: be(r.ends_on),
        starts_on: r.starts_on,
        ends_on: r.ends_on,
        notes: r.notes,
        zones,
        inspectors: vec![],
        issues: vec![],
    }
}

async fn zones_of_rounds<C: ConnectionTrait>(
    db: &C,
    round_ids: &[i32],
) -> Result<BTreeMap<i32, Vec<ZoneRef>>, AppError> {
    let rows = round_zones::Entity::find()
        .filter(round_zones::Column::RoundId.is_in(round_ids.iter().copied()))
        .find_also_related(zones::Entity)
        .all(db)
        .await?;
    let mut out: BTreeMap<i32, Vec<ZoneRef>> = BTreeMap::new();
    for (rz, z) in rows {
        if let Some(z) = z {
            out.entry(rz.round_id).or_default().push(ZoneRef {
                number: z.number,
                name_th: z.name_th,
            });
        }
    }
    for v in out.values_mut() {
        v.sort_by_key(|z| z.number);
    }
    Ok(out)
}

/// A page of the rounds within scope, newest fiscal year first; and the total.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    page_index: u64,
    per_page: u64,
) -> Result<(Vec<RoundView>, u64), AppError> {
    let pages = inspection_rounds::Entity::find()
        .filter(scope::rounds(&ctx.actor.scope))
        .order_by_desc(inspection_rounds::Column::FiscalYear)
        .order_by_desc(inspection_rounds::Column::Id)
        .paginate(db, per_page);
    let total = pages.num_items().await?;
    let rows = pages.fetch_page(page_index).await?;
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let mut zones = zones_of_rounds(db, &ids).await?;
    Ok((
        rows.into_iter()
            .map(|r| {
                let z = zones.remove(&r.id).unwrap_or_default();
                view(r, z)
            })
            .collect(),
        total,
    ))
}

/// Number of rounds within scope.
pub async fn count<C: ConnectionTrait>(db: &C, ctx: &Ctx) -> Result<u64, AppError> {
    Ok(inspection_rounds::Entity::find()
        .filter(scope::rounds(&ctx.actor.scope))
        .count(db)
        .await?)
}

async fn find_in_scope<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    id: i32,
) -> Result<inspection_rounds::Model, AppError> {
    inspection_rounds::Entity::find_by_id(id)
        .filter(scope::rounds(&ctx.actor.scope))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// One round within scope, with zones, inspectors, issues and indicators (404 outside).
pub async fn get<C: ConnectionTrait>(db: &C, ctx: &Ctx, id: i32) -> Result<RoundView, AppError> {
    let r = find_in_scope(db, ctx, id).await?;
    let zones = zones_of_rounds(db, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let mut v = view(r, zones);
    v.inspectors = round_inspectors::Entity::find()
        .filter(round_inspectors::Column::RoundId.eq(id))
        .order_by_asc(round_inspectors::Column::Id)
        .find_also_related(people::Entity)
        .all(db)
        .await?
        .into_iter()
        .map(|(ri, p)| InspectorView {
            name: p.map(|p| p.full_name).unwrap_or_default(),
            title_as_printed: ri.title_as_printed,
        })
        .collect();
    let issues = inspection_issues::Entity::find()
        .filter(inspection_issues::Column::RoundId.eq(id))
        .order_by_asc(inspection_issues::Column::Position)
        .order_by_asc(inspection_issues::Column::Id)
        .all(db)
        .await?;
    let issue_ids: Vec<i32> = issues.iter().map(|i| i.id).collect();
    let mut inds: BTreeMap<i32, Vec<IndicatorView>> = BTreeMap::new();
    for x in indicators::Entity::find()
        .filter(indicators::Column::IssueId.is_in(issue_ids))
        .order_by_asc(indicators::Column::Position)
        .order_by_asc(indicators::Column::Id)
        .all(db)
        .await?
    {
        inds.entry(x.issue_id).or_default().push(IndicatorView {
            id: x.id,
            target_th: x.target.map(format_number),
            current_th: x.current.map(format_number),
            as_of_th: be(x.as_of),
            name: x.name,
            unit: x.unit,
            target: x.target,
            current: x.current,
            as_of: x.as_of,
        });
    }
    v.issues = issues
        .into_iter()
        .map(|i| IssueView {
            indicators: inds.remove(&i.id).unwrap_or_default(),
            id: i.id,
            position: i.position,
            title: i.title,
            is_key: i.is_key,
            description: i.description,
        })
        .collect();
    Ok(v)
}

/// 403 unless the role may create or edit rounds at all.
pub fn ensure_may_edit(ctx: &Ctx) -> Result<(), AppError> {
    if matches!(ctx.actor.role, Role::Admin | Role::Inspector) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn own_zones(ctx: &Ctx) -> Option<&BTreeSet<i32>> {
    match (&ctx.actor.role, &ctx.actor.scope) {
        (Role::Admin, _) => None,
        (_, Scope::Zones(z)) => Some(z),
        _ => None,
    }
}

/// The stored round for an edit: in scope (404), and for an inspector all its zones theirs (403).
async fn editable<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    id: i32,
) -> Result<(inspection_rounds::Model, Vec<i32>), AppError> {
    ensure_may_edit(ctx)?;
    let r = find_in_scope(db, ctx, id).await?;
    let zone_ids: Vec<i32> = round_zones::Entity::find()
        .filter(round_zones::Column::RoundId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|z| z.zone_id)
        .collect();
    if ctx.actor.role != Role::Admin
        && !own_zones(ctx).is_some_and(|own| zone_ids.iter().all(|z| own.contains(z)))
    {
        return Err(AppError::Forbidden);
    }
    Ok((r, zone_ids))
}

async fn resolve_zones<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    numbers: &[i32],
    e: &mut FieldErrors,
) -> Result<Vec<i32>, AppError> {
    let mut ids = Vec::new();
    for n in numbers {
        match zones::Entity::find()
            .filter(zones::Column::Number.eq(*n))
            .one(db)
            .await?
        {
            Some(z) => ids.push(z.id),
            None => e.add("zones", format!("ไม่มีเขตตรวจราชการที่ {n}")),
        }
    }
    if ctx.actor.role != Role::Admin {
        let own = own_zones(ctx);
        if ids.iter().any(|z| !own.is_some_and(|o| o.contains(z))) {
            e.add("zones", "ผู้ตรวจราชการเลือกได้เฉพาะเขตตรวจราชการของตนเอง");
        }
    }
    Ok(ids)
}

fn location(zone_ids: &[i32]) -> Location {
    Location {
        zone_id: zone_ids.first().copied(),
        ..Default::default()
    }
}

#[derive(Serialize)]
struct RoundAudit<'a> {
    fiscal_year: i32,
    level: InspectionLevel,
    organisation_th: &'a str,
    label: &'a str,
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
    zone_ids: &'a [i32],
    inspectors: usize,
}

fn round_audit<'a>(
    r: &'a inspection_rounds::Model,
    zone_ids: &'a [i32],
    inspectors: usize,
) -> Option<serde_json::Value> {
    audit::json(&RoundAudit {
        fiscal_year: r.fiscal_year,
        level: r.level,
        organisation_th: &r.organisation_th,
        label: &r.label,
        starts_on: r.starts_on,
        ends_on: r.ends_on,
        zone_ids,
        inspectors,
    })
}

async fn write_links<C: ConnectionTrait>(
    txn: &C,
    ctx: &Ctx,
    round_id: i32,
    zone_ids: &[i32],
    inspectors: &[RoundInspector],
) -> Result<(), AppError> {
    round_zones::Entity::delete_many()
        .filter(round_zones::Column::RoundId.eq(round_id))
        .exec(txn)
        .await?;
    for z in zone_ids {
        round_zones::ActiveModel {
            round_id: Set(round_id),
            zone_id: Set(*z),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    let old = round_inspectors::Entity::find()
        .filter(round_inspectors::Column::RoundId.eq(round_id))
        .find_also_related(people::Entity)
        .all(txn)
        .await?;
    let mut known: BTreeMap<String, i32> = old
        .iter()
        .filter_map(|(_, p)| p.as_ref().map(|p| (p.full_name.clone(), p.id)))
        .collect();
    round_inspectors::Entity::delete_many()
        .filter(round_inspectors::Column::RoundId.eq(round_id))
        .exec(txn)
        .await?;
    for RoundInspector {
        name,
        title_as_printed: title,
    } in inspectors
    {
        let person_id = match known.get(name) {
            Some(id) => *id,
            None => {
                let p = people::ActiveModel {
                    full_name: Set(name.clone()),
                    position_th: Set(Some(title.clone())),
                    created_at: Set(ctx.now),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
                known.insert(name.clone(), p.id);
                p.id
            }
        };
        round_inspectors::ActiveModel {
            round_id: Set(round_id),
            person_id: Set(person_id),
            title_as_printed: Set(title.clone()),
            zone_id: Set(None),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// Creates a round (administrators; inspectors in their own zones).
pub async fn create(
    db: &DatabaseConnection,
    ctx: &Ctx,
    data: &RoundCommand,
) -> Result<inspection_rounds::Model, AppError> {
    ensure_may_edit(ctx)?;
    let txn = crate::db::begin_write(db).await?;
    let mut e = FieldErrors::new();
    let zone_ids = resolve_zones(&txn, ctx, &data.zones, &mut e).await?;
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let r = inspection_rounds::ActiveModel {
        fiscal_year: Set(data.fiscal_year),
        level: Set(data.level),
        organisation_th: Set(data.organisation_th.clone()),
        label: Set(data.label.clone()),
        starts_on: Set(data.starts_on),
        ends_on: Set(data.ends_on),
        notes: Set(data.notes.clone()),
        created_at: Set(ctx.now),
        updated_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    write_links(&txn, ctx, r.id, &zone_ids, &data.inspectors).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "round.create",
            kind: "round",
            id: r.id,
            at: location(&zone_ids),
        },
        None,
        round_audit(&r, &zone_ids, data.inspectors.len()),
    )
    .await?;
    txn.commit().await?;
    Ok(r)
}

/// Edits a round.
pub async fn update(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: i32,
    data: &RoundCommand,
) -> Result<inspection_rounds::Model, AppError> {
    ensure_may_edit(ctx)?;
    let txn = crate::db::begin_write(db).await?;
    let (before, before_zones) = editable(&txn, ctx, id).await?;
    let mut e = FieldErrors::new();
    let zone_ids = resolve_zones(&txn, ctx, &data.zones, &mut e).await?;
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let before_inspectors = round_inspectors::Entity::find()
        .filter(round_inspectors::Column::RoundId.eq(id))
        .count(&txn)
        .await?;
    let mut m: inspection_rounds::ActiveModel = before.clone().into();
    m.fiscal_year = Set(data.fiscal_year);
    m.level = Set(data.level);
    m.organisation_th = Set(data.organisation_th.clone());
    m.label = Set(data.label.clone());
    m.starts_on = Set(data.starts_on);
    m.ends_on = Set(data.ends_on);
    m.notes = Set(data.notes.clone());
    m.updated_at = Set(ctx.now);
    let r = m.update(&txn).await?;
    write_links(&txn, ctx, id, &zone_ids, &data.inspectors).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "round.update",
            kind: "round",
            id,
            at: location(&zone_ids),
        },
        round_audit(
            &before,
            &before_zones,
            usize::try_from(before_inspectors).unwrap_or_default(),
        ),
        round_audit(&r, &zone_ids, data.inspectors.len()),
    )
    .await?;
    txn.commit().await?;
    Ok(r)
}

/// What the service answers a round that did not parse (`round_id`: the round edited): the
/// refusals a parsed one would meet first (403, 404), else its errors together with those of
/// its zones (a zone that does not exist, or not the inspector's own), all shown at once.
pub async fn refused(
    db: &DatabaseConnection,
    ctx: &Ctx,
    round_id: Option<i32>,
    refusal: RoundRefusal,
) -> AppError {
    let RoundRefusal {
        mut errors,
        mut zones,
    } = refusal;
    let checked = async {
        ensure_may_edit(ctx)?;
        if let Some(id) = round_id {
            editable(db, ctx, id).await?;
        }
        zones.sort_unstable();
        zones.dedup();
        resolve_zones(db, ctx, &zones, &mut errors).await?;
        Ok::<_, AppError>(())
    };
    match checked.await {
        Ok(()) => AppError::Invalid(errors),
        Err(e) => e,
    }
}

/// 403 or 404 unless the caller may edit this round (its issues and indicators included).
pub async fn ensure_editable<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    round_id: i32,
) -> Result<(), AppError> {
    editable(db, ctx, round_id).await.map(|_| ())
}

/// Reads a date for the API (ISO, or BE).
pub fn api_date(e: &mut FieldErrors, field: &str, s: Option<&str>) -> Option<NaiveDate> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => e.check(field, parse_any_date(s)),
        None => None,
    }
}

/// The reminder wording of a round (added to the reminder and escalation emails of its
/// meetings), within scope.
pub async fn reminder_text<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    id: i32,
) -> Result<Option<String>, AppError> {
    Ok(find_in_scope(db, ctx, id).await?.reminder_text)
}

/// Sets (or clears, when blank) the reminder wording of a round: administrators and the
/// inspectors of all its zones.
pub async fn set_reminder_text(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: i32,
    text: Option<&str>,
) -> Result<inspection_rounds::Model, AppError> {
    ensure_may_edit(ctx)?;
    let txn = crate::db::begin_write(db).await?;
    let (before, zone_ids) = editable(&txn, ctx, id).await?;
    let mut e = FieldErrors::new();
    let text = optional_text(&mut e, "reminder_text", "ข้อความแจ้งเตือน", text, 2_000);
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let mut m: inspection_rounds::ActiveModel = before.clone().into();
    m.reminder_text = Set(text);
    m.updated_at = Set(ctx.now);
    let out = m.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "round.reminder_text",
            kind: "round",
            id,
            at: location(&zone_ids),
        },
        Some(serde_json::json!({"reminder_text": before.reminder_text})),
        Some(serde_json::json!({"reminder_text": out.reminder_text})),
    )
    .await?;
    txn.commit().await?;
    Ok(out)
}
