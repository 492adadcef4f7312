//! Inspection rounds (รอบการตรวจราชการ): list and read within scope; create and edit
//! (administrators, or inspectors within their own zones) with zones covered, inspectors,
//! inspection issues and their indicators. One transaction and one audit event per action.

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

/// A round as validated, ready to store.
#[derive(Debug, Clone, Default)]
pub struct RoundData {
    /// Fiscal year (BE).
    pub fiscal_year: i32,
    /// Level (stored string of [`InspectionLevel`]).
    pub level: String,
    /// Owning organisation.
    pub organisation_th: String,
    /// Label, e.g. `รอบที่ 1/2565`.
    pub label: String,
    /// Zone numbers covered.
    pub zones: Vec<i32>,
    /// Inspectors: name and title as printed.
    pub inspectors: Vec<(String, String)>,
    /// First day.
    pub starts_on: Option<NaiveDate>,
    /// Last day.
    pub ends_on: Option<NaiveDate>,
    /// Notes.
    pub notes: Option<String>,
}

/// The round form as typed (BE dates and year).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RoundForm {
    /// Fiscal year, BE.
    #[serde(default)]
    pub fiscal_year: String,
    /// Level.
    #[serde(default)]
    pub level: String,
    /// Organisation.
    #[serde(default)]
    pub organisation_th: String,
    /// Label.
    #[serde(default)]
    pub label: String,
    /// Zone numbers.
    #[serde(default)]
    pub zones: Vec<String>,
    /// One inspector per line: `name | title as printed`.
    #[serde(default)]
    pub inspectors: String,
    /// Start date (BE).
    #[serde(default)]
    pub starts_on: String,
    /// End date (BE).
    #[serde(default)]
    pub ends_on: String,
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// Reads a BE fiscal year; a CE year is questioned.
pub fn parse_fiscal_year(s: &str) -> Result<i32, String> {
    let t = to_arabic_digits(s.trim());
    if t.is_empty() {
        return Err("กรุณากรอกปีงบประมาณ (พ.ศ.)".to_owned());
    }
    let y: i32 = t
        .parse()
        .map_err(|_| "ปีงบประมาณต้องเป็นตัวเลข เช่น 2569".to_owned())?;
    check_fiscal_year(y)
}

fn check_fiscal_year(y: i32) -> Result<i32, String> {
    if (1900..2400).contains(&y) {
        return Err(format!(
            "ปี {y} ดูเหมือนเป็นปีคริสต์ศักราช กรุณากรอกปีพุทธศักราช (เช่น {})",
            y + 543
        ));
    }
    if !(2400..=2700).contains(&y) {
        return Err("ปีงบประมาณ พ.ศ. ต้องอยู่ระหว่าง 2400 ถึง 2700".to_owned());
    }
    Ok(y)
}

fn optional_be_date(e: &mut FieldErrors, field: &str, s: &str) -> Option<NaiveDate> {
    if s.trim().is_empty() {
        None
    } else {
        e.check(field, crate::domain::calendar::parse_date(s.trim()))
    }
}

impl RoundForm {
    /// Parses the form; the errors found so far come back with the data, for
    /// [`create`]/[`update`] to report together with theirs.
    pub fn parse(&self) -> (RoundData, FieldErrors) {
        let mut e = FieldErrors::new();
        let fiscal_year = e
            .check("fiscal_year", parse_fiscal_year(&self.fiscal_year))
            .unwrap_or_default();
        let mut zones = Vec::new();
        for z in &self.zones {
            match z.trim().parse::<i32>() {
                Ok(n) => zones.push(n),
                Err(_) => e.add("zones", "เขตตรวจราชการไม่ถูกต้อง"),
            }
        }
        let mut inspectors = Vec::new();
        for (i, line) in self.inspectors.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let (name, title) = line.split_once('|').unwrap_or((line, ""));
            let name = crate::domain::text::normalize_single_line(name);
            let title = crate::domain::text::normalize_single_line(title);
            if name.is_empty() || title.is_empty() {
                e.add(
                    "inspectors",
                    format!("บรรทัดที่ {}: กรุณากรอกเป็น «ชื่อ | ตำแหน่ง»", i + 1),
                );
            } else {
                inspectors.push((name, title));
            }
        }
        let data = RoundData {
            fiscal_year,
            level: self.level.clone(),
            organisation_th: self.organisation_th.clone(),
            label: self.label.clone(),
            zones,
            inspectors,
            starts_on: optional_be_date(&mut e, "starts_on", &self.starts_on),
            ends_on: optional_be_date(&mut e, "ends_on", &self.ends_on),
            notes: self.notes.clone(),
        };
        (data, e)
    }

    /// The form filled from a stored round.
    pub fn of(v: &RoundView) -> Self {
        Self {
            fiscal_year: v.fiscal_year.to_string(),
            level: v.level.clone(),
            organisation_th: v.organisation_th.clone(),
            label: v.label.clone(),
            zones: v.zones.iter().map(|z| z.number.to_string()).collect(),
            inspectors: v
                .inspectors
                .iter()
                .map(|i| format!("{} | {}", i.name, i.title_as_printed))
                .collect::<Vec<_>>()
                .join("\n"),
            starts_on: v.starts_th.clone().unwrap_or_default(),
            ends_on: v.ends_th.clone().unwrap_or_default(),
            notes: v.notes.clone(),
        }
    }
}

/// Checks and normalises a round's fields (adds errors for fields not already in error).
pub fn check_data(mut d: RoundData, e: &mut FieldErrors) -> RoundData {
    if e.get("fiscal_year").is_none()
        && let Err(m) = check_fiscal_year(d.fiscal_year)
    {
        e.add("fiscal_year", m);
    }
    if e.get("level").is_none() {
        e.check("level", d.level.parse::<InspectionLevel>());
    }
    d.organisation_th = required_line(
        e,
        "organisation_th",
        "หน่วยงานเจ้าของรอบ",
        &d.organisation_th,
        300,
    );
    d.label = required_line(e, "label", "ชื่อรอบการตรวจ", &d.label, 200);
    d.notes =
        optional_text(e, "notes", "หมายเหตุ", d.notes.as_deref(), 5000).filter(|s| !s.is_empty());
    if d.zones.is_empty() && e.get("zones").is_none() {
        e.add("zones", "กรุณาเลือกเขตตรวจราชการอย่างน้อยหนึ่งเขต");
    }
    d.zones.sort_unstable();
    d.zones.dedup();
    if let (Some(s), Some(t)) = (d.starts_on, d.ends_on)
        && t <= s
        && e.get("ends_on").is_none()
    {
        e.add("ends_on", "วันสิ้นสุดต้องอยู่หลังวันเริ่มต้น");
    }
    d
}

/// A zone as shown with a round.
#[derive(Debug, Clone, Serialize)]
pub struct ZoneRef {
    /// Zone number 0–18.
    pub number: i32,
    /// Thai name.
    pub name_th: String,
}

/// An inspector of a round.
#[derive(Debug, Clone, Serialize)]
pub struct InspectorView {
    /// Person's name.
    pub name: String,
    /// Title as printed.
    pub title_as_printed: String,
}

/// An indicator as shown.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    /// Id.
    pub id: i32,
    /// Name.
    pub name: String,
    /// Unit, e.g. `ครัวเรือน`.
    pub unit: String,
    /// Target.
    pub target: Option<f64>,
    /// Current value.
    pub current: Option<f64>,
    /// As of (ISO).
    pub as_of: Option<NaiveDate>,
    /// Target as `2,242`.
    pub target_th: Option<String>,
    /// Current value as `2,242`.
    pub current_th: Option<String>,
    /// As of, BE.
    pub as_of_th: Option<String>,
}

/// An inspection issue with its indicators.
#[derive(Debug, Clone, Serialize)]
pub struct IssueView {
    /// Id.
    pub id: i32,
    /// Order.
    pub position: i32,
    /// Title.
    pub title: String,
    /// Key issue (ประเด็นสำคัญ).
    pub is_key: bool,
    /// Description.
    pub description: Option<String>,
    /// Indicators.
    pub indicators: Vec<IndicatorView>,
}

/// A round with everything in it.
#[derive(Debug, Clone, Serialize)]
pub struct RoundView {
    /// Id.
    pub id: i32,
    /// Fiscal year (BE).
    pub fiscal_year: i32,
    /// Level (stored string).
    pub level: String,
    /// Level in Thai.
    pub level_th: String,
    /// Owning organisation.
    pub organisation_th: String,
    /// Label.
    pub label: String,
    /// First day (ISO).
    pub starts_on: Option<NaiveDate>,
    /// Last day (ISO).
    pub ends_on: Option<NaiveDate>,
    /// First day, BE.
    pub starts_th: Option<String>,
    /// Last day, BE.
    pub ends_th: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// Zones covered.
    pub zones: Vec<ZoneRef>,
    /// Inspectors.
    pub inspectors: Vec<InspectorView>,
    /// Issues (with indicators); empty in lists.
    pub issues: Vec<IssueView>,
}

/// `2242.0` → `2,242`; `12.5` → `12.5`.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        #[expect(clippy::cast_possible_truncation, reason = "integral and in range")]
        let n = v as i64;
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if n < 0 { format!("-{out}") } else { out }
    } else {
        format!("{v}")
    }
}

fn be(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| ThaiDate(d).numeric(Digits::Arabic))
}

/// The level of checked data (`check_data` refused any other value).
fn level_of(d: &RoundData) -> Result<InspectionLevel, AppError> {
    d.level
        .parse::<InspectionLevel>()
        .map_err(|e| AppError::Invalid(FieldErrors::one("level", e)))
}

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
    inspectors: &[(String, String)],
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
    for (name, title) in inspectors {
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

/// Creates a round (administrators; inspectors in their own zones); `e` holds errors found
/// while reading the input, reported together with the checks here.
pub async fn create(
    db: &DatabaseConnection,
    ctx: &Ctx,
    data: RoundData,
    mut e: FieldErrors,
) -> Result<inspection_rounds::Model, AppError> {
    ensure_may_edit(ctx)?;
    let txn = crate::db::begin_write(db).await?;
    let data = check_data(data, &mut e);
    let zone_ids = resolve_zones(&txn, ctx, &data.zones, &mut e).await?;
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let r = inspection_rounds::ActiveModel {
        fiscal_year: Set(data.fiscal_year),
        level: Set(level_of(&data)?),
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

/// Edits a round (`e` as for [`create`]).
pub async fn update(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: i32,
    data: RoundData,
    mut e: FieldErrors,
) -> Result<inspection_rounds::Model, AppError> {
    ensure_may_edit(ctx)?;
    let txn = crate::db::begin_write(db).await?;
    let (before, before_zones) = editable(&txn, ctx, id).await?;
    let data = check_data(data, &mut e);
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
    m.level = Set(level_of(&data)?);
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

/// An inspection issue as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IssueInput {
    /// Title.
    #[serde(default)]
    pub title: String,
    /// Key issue.
    #[serde(default)]
    pub is_key: bool,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
}

fn check_issue(i: &IssueInput) -> Result<(String, Option<String>), AppError> {
    let mut e = FieldErrors::new();
    let title = required_line(&mut e, "title", "ชื่อประเด็น", &i.title, 500);
    let description = optional_text(
        &mut e,
        "description",
        "รายละเอียด",
        i.description.as_deref(),
        10000,
    )
    .filter(|s| !s.is_empty());
    e.into_result((title, description))
        .map_err(AppError::Invalid)
}

async fn issue_round<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    issue_id: i32,
) -> Result<(inspection_issues::Model, Vec<i32>), AppError> {
    ensure_may_edit(ctx)?;
    let issue = inspection_issues::Entity::find_by_id(issue_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (_, zones) = editable(db, ctx, issue.round_id).await?;
    Ok((issue, zones))
}

/// Adds an issue at the end of a round's list.
pub async fn add_issue(
    db: &DatabaseConnection,
    ctx: &Ctx,
    round_id: i32,
    input: &IssueInput,
) -> Result<inspection_issues::Model, AppError> {
    ensure_may_edit(ctx)?;
    let txn = crate::db::begin_write(db).await?;
    let (_, zones) = editable(&txn, ctx, round_id).await?;
    let (title, description) = check_issue(input)?;
    let last: Option<i32> = inspection_issues::Entity::find()
        .select_only()
        .column_as(inspection_issues::Column::Position.max(), "m")
        .filter(inspection_issues::Column::RoundId.eq(round_id))
        .into_tuple::<Option<i32>>()
        .one(&txn)
        .await?
        .flatten();
    let issue = inspection_issues::ActiveModel {
        round_id: Set(round_id),
        position: Set(last.unwrap_or(0) + 1),
        title: Set(title),
        is_key: Set(input.is_key),
        description: Set(description),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::created(
        &txn,
        ctx,
        Change {
            action: "issue.create",
            kind: "inspection_issue",
            id: issue.id,
            at: location(&zones),
        },
        &issue.view(),
    )
    .await?;
    txn.commit().await?;
    Ok(issue)
}

/// Edits an issue.
pub async fn update_issue(
    db: &DatabaseConnection,
    ctx: &Ctx,
    issue_id: i32,
    input: &IssueInput,
) -> Result<inspection_issues::Model, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let (before, zones) = issue_round(&txn, ctx, issue_id).await?;
    let (title, description) = check_issue(input)?;
    let mut m: inspection_issues::ActiveModel = before.clone().into();
    m.title = Set(title);
    m.is_key = Set(input.is_key);
    m.description = Set(description);
    let issue = m.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "issue.update",
            kind: "inspection_issue",
            id: issue_id,
            at: location(&zones),
        },
        audit::json(&before.view()),
        audit::json(&issue.view()),
    )
    .await?;
    txn.commit().await?;
    Ok(issue)
}

/// Removes an issue (and its indicators), unless a meeting refers to it. Returns its round id.
pub async fn delete_issue(
    db: &DatabaseConnection,
    ctx: &Ctx,
    issue_id: i32,
) -> Result<i32, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let (issue, zones) = issue_round(&txn, ctx, issue_id).await?;
    let used = meeting_issues::Entity::find()
        .filter(meeting_issues::Column::IssueId.eq(issue_id))
        .count(&txn)
        .await?;
    if used > 0 {
        return Err(AppError::BadRequest(
            "ประเด็นนี้ถูกอ้างถึงในการประชุมแล้ว จึงลบไม่ได้ (แก้ไขได้)".to_owned(),
        ));
    }
    indicators::Entity::delete_many()
        .filter(indicators::Column::IssueId.eq(issue_id))
        .exec(&txn)
        .await?;
    let round_id = issue.round_id;
    let before = audit::json(&issue.view());
    issue.delete(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "issue.delete",
            kind: "inspection_issue",
            id: issue_id,
            at: location(&zones),
        },
        before,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(round_id)
}

/// An indicator, validated.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IndicatorData {
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Unit.
    #[serde(default)]
    pub unit: String,
    /// Target.
    #[serde(default)]
    pub target: Option<f64>,
    /// Current value.
    #[serde(default)]
    pub current: Option<f64>,
    /// As of.
    #[serde(default)]
    pub as_of: Option<NaiveDate>,
}

/// The indicator form as typed (`2,242`; BE date).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IndicatorForm {
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Unit.
    #[serde(default)]
    pub unit: String,
    /// Target.
    #[serde(default)]
    pub target: String,
    /// Current value.
    #[serde(default)]
    pub current: String,
    /// As of (BE).
    #[serde(default)]
    pub as_of: String,
}

fn parse_number(e: &mut FieldErrors, field: &str, s: &str) -> Option<f64> {
    let t: String = to_arabic_digits(s.trim())
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    if t.is_empty() {
        return None;
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Some(v),
        _ => {
            e.add(field, "กรุณากรอกตัวเลข เช่น 2,242 หรือ 85.5");
            None
        }
    }
}

impl IndicatorForm {
    /// Parses and checks the form.
    pub fn parse(&self) -> Result<IndicatorData, FieldErrors> {
        let mut e = FieldErrors::new();
        let d = IndicatorData {
            name: self.name.clone(),
            unit: self.unit.clone(),
            target: parse_number(&mut e, "target", &self.target),
            current: parse_number(&mut e, "current", &self.current),
            as_of: optional_be_date(&mut e, "as_of", &self.as_of),
        };
        let d = check_indicator(d, &mut e);
        e.into_result(d)
    }

    /// The form filled from a stored indicator.
    pub fn of(x: &indicators::Model) -> Self {
        Self {
            name: x.name.clone(),
            unit: x.unit.clone(),
            target: x.target.map(format_number).unwrap_or_default(),
            current: x.current.map(format_number).unwrap_or_default(),
            as_of: be(x.as_of).unwrap_or_default(),
        }
    }
}

fn check_indicator(mut d: IndicatorData, e: &mut FieldErrors) -> IndicatorData {
    d.name = required_line(e, "name", "ชื่อตัวชี้วัด", &d.name, 500);
    d.unit = optional_line(e, "unit", "หน่วยนับ", Some(&d.unit), 100).unwrap_or_default();
    d
}

/// Adds an indicator to an issue.
pub async fn add_indicator(
    db: &DatabaseConnection,
    ctx: &Ctx,
    issue_id: i32,
    data: IndicatorData,
) -> Result<indicators::Model, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let (_, zones) = issue_round(&txn, ctx, issue_id).await?;
    let mut e = FieldErrors::new();
    let d = check_indicator(data, &mut e);
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let last: Option<i32> = indicators::Entity::find()
        .select_only()
        .column_as(indicators::Column::Position.max(), "m")
        .filter(indicators::Column::IssueId.eq(issue_id))
        .into_tuple::<Option<i32>>()
        .one(&txn)
        .await?
        .flatten();
    let x = indicators::ActiveModel {
        issue_id: Set(issue_id),
        position: Set(last.unwrap_or(0) + 1),
        name: Set(d.name),
        unit: Set(d.unit),
        target: Set(d.target),
        current: Set(d.current),
        as_of: Set(d.as_of),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::created(
        &txn,
        ctx,
        Change {
            action: "indicator.create",
            kind: "indicator",
            id: x.id,
            at: location(&zones),
        },
        &x.view(),
    )
    .await?;
    txn.commit().await?;
    Ok(x)
}

/// An indicator and its round id, for an edit (same checks as its round).
pub async fn indicator_for_edit<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    indicator_id: i32,
) -> Result<(indicators::Model, i32), AppError> {
    let x = indicators::Entity::find_by_id(indicator_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (issue, _) = issue_round(db, ctx, x.issue_id).await?;
    Ok((x, issue.round_id))
}

/// An issue for an edit (same checks as its round).
pub async fn issue_for_edit<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    issue_id: i32,
) -> Result<inspection_issues::Model, AppError> {
    Ok(issue_round(db, ctx, issue_id).await?.0)
}

/// Whether the user may edit this round (for showing edit links).
pub async fn may_edit<C: ConnectionTrait>(db: &C, ctx: &Ctx, round_id: i32) -> bool {
    editable(db, ctx, round_id).await.is_ok()
}

/// Edits an indicator. Returns its round id.
pub async fn update_indicator(
    db: &DatabaseConnection,
    ctx: &Ctx,
    indicator_id: i32,
    data: IndicatorData,
) -> Result<i32, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let (before, round_id) = indicator_for_edit(&txn, ctx, indicator_id).await?;
    let zones = editable(&txn, ctx, round_id).await?.1;
    let mut e = FieldErrors::new();
    let d = check_indicator(data, &mut e);
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let mut m: indicators::ActiveModel = before.clone().into();
    m.name = Set(d.name);
    m.unit = Set(d.unit);
    m.target = Set(d.target);
    m.current = Set(d.current);
    m.as_of = Set(d.as_of);
    let x = m.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "indicator.update",
            kind: "indicator",
            id: x.id,
            at: location(&zones),
        },
        audit::json(&before.view()),
        audit::json(&x.view()),
    )
    .await?;
    txn.commit().await?;
    Ok(round_id)
}

/// Removes an indicator. Returns its round id.
pub async fn delete_indicator(
    db: &DatabaseConnection,
    ctx: &Ctx,
    indicator_id: i32,
) -> Result<i32, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let (x, round_id) = indicator_for_edit(&txn, ctx, indicator_id).await?;
    let zones = editable(&txn, ctx, round_id).await?.1;
    let before = audit::json(&x.view());
    x.delete(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "indicator.delete",
            kind: "indicator",
            id: indicator_id,
            at: location(&zones),
        },
        before,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(round_id)
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
