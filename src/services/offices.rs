//! Agency offices of a province and their heads: the current head (the `office_heads` row
//! valid today), head changes that keep history (the previous row is closed the day before),
//! contact details, and the CSV export/import of heads (all-or-nothing). The writes take the
//! typed commands of [`command`].
//!
//! Longer than 500 lines on purpose: offices and their heads; the head in office today, head
//! changes with history, contacts and the all-or-nothing CSV import share the head-change rule.

pub mod command;

pub use command::{ContactCommand, HeadCommand};

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, Set,
};
use serde::{Deserialize, Serialize};

use super::Ctx;
use super::audit::{self, Change};
use crate::db::entities::{agencies, agency_offices, office_heads, people, provinces};
use crate::db::repo::validity::office_head_on;
use crate::domain::access::Location;
use crate::domain::calendar::{Digits, ThaiDate, parse_date};
use crate::domain::collate::sort_thai_by;
use crate::domain::fields::FieldErrors;
use crate::domain::text::normalize_single_line;
use crate::error::AppError;
use crate::views::Viewed;

/// An office with its current head, as the list and the CSV show it.
#[derive(Debug, Clone, Serialize)]
pub struct OfficeRow {
    /// The office.
    pub office: crate::views::OfficeView,
    /// The agency's Thai name.
    pub agency_th: String,
    /// The current head, if any.
    pub head: Option<CurrentHead>,
}

/// The head of an office today.
#[derive(Debug, Clone, Serialize)]
pub struct CurrentHead {
    /// The `office_heads` row id.
    pub id: i32,
    /// Honorific, e.g. `นาย`.
    pub honorific: Option<String>,
    /// Full name.
    pub full_name: String,
    /// The title as printed in documents.
    pub title_as_printed: String,
    /// Acting (รักษาราชการแทน).
    pub acting: bool,
    /// Email.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Since when.
    pub valid_from: NaiveDate,
    /// `valid_from` in Thai (BE), e.g. `01/10/2564`.
    pub valid_from_th: String,
}

/// A head as typed (form or CSV line).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct HeadInput {
    /// Honorific.
    #[serde(default)]
    pub honorific: Option<String>,
    /// Full name.
    #[serde(default)]
    pub full_name: String,
    /// Title as printed.
    #[serde(default)]
    pub title_as_printed: String,
    /// Email.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// Acting.
    #[serde(default)]
    pub acting: bool,
    /// Valid from: a BE date (`01/10/2565`) or ISO (`2022-10-01`).
    #[serde(default)]
    pub valid_from: String,
}

/// Office contact fields as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ContactInput {
    /// Office email.
    #[serde(default)]
    pub email: Option<String>,
    /// Office phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// Contact person.
    #[serde(default)]
    pub contact_name: Option<String>,
    /// Contact person's email.
    #[serde(default)]
    pub contact_email: Option<String>,
}

/// Reads a date typed as ISO (`2022-10-01`) or BE (`01/10/2565`, `1 ตุลาคม 2565`).
pub fn parse_any_date(s: &str) -> Result<NaiveDate, String> {
    // `parse_date` reads ISO `2022-08-31` as CE and refuses a BE year in ISO form.
    parse_date(s.trim()).map_err(|e| e.to_string())
}

/// The province with this code.
pub async fn province_by_code<C: ConnectionTrait>(
    db: &C,
    code: &str,
) -> Result<Option<provinces::Model>, AppError> {
    Ok(provinces::Entity::find()
        .filter(provinces::Column::Code.eq(code.trim()))
        .one(db)
        .await?)
}

/// Every province, Thai-sorted.
pub async fn provinces_sorted<C: ConnectionTrait>(
    db: &C,
) -> Result<Vec<provinces::Model>, AppError> {
    let mut all = provinces::Entity::find().all(db).await?;
    sort_thai_by(&mut all, |p| &p.name_th);
    Ok(all)
}

/// The offices of a province (Thai-sorted), without heads: for select lists.
pub async fn offices_of<C: ConnectionTrait>(
    db: &C,
    province_id: i32,
) -> Result<Vec<agency_offices::Model>, AppError> {
    let mut all = agency_offices::Entity::find()
        .filter(agency_offices::Column::ProvinceId.eq(province_id))
        .all(db)
        .await?;
    sort_thai_by(&mut all, |o| &o.name_th);
    Ok(all)
}

/// Number of offices (administration index).
pub async fn count<C: ConnectionTrait>(db: &C) -> Result<u64, AppError> {
    Ok(agency_offices::Entity::find().count(db).await?)
}

async fn current_rows<C: ConnectionTrait>(
    db: &C,
    office_ids: &[i32],
    today: NaiveDate,
) -> Result<BTreeMap<i32, (office_heads::Model, people::Model)>, AppError> {
    let rows = office_heads::Entity::find()
        .filter(office_heads::Column::OfficeId.is_in(office_ids.iter().copied()))
        .filter(office_head_on(today))
        .find_also_related(people::Entity)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(h, p)| p.map(|p| (h.office_id, (h, p))))
        .collect())
}

fn current_head(h: &office_heads::Model, p: &people::Model) -> CurrentHead {
    CurrentHead {
        id: h.id,
        honorific: p.honorific.clone(),
        full_name: p.full_name.clone(),
        title_as_printed: h.title_as_printed.clone(),
        acting: h.acting,
        email: p.email.clone(),
        phone: p.phone.clone(),
        valid_from: h.valid_from,
        valid_from_th: ThaiDate(h.valid_from).numeric(Digits::Arabic),
    }
}

/// The offices of a province with their current heads, Thai-sorted (three queries).
pub async fn with_heads<C: ConnectionTrait>(
    db: &C,
    province_id: i32,
    today: NaiveDate,
) -> Result<Vec<OfficeRow>, AppError> {
    let offices = offices_of(db, province_id).await?;
    let ids: Vec<i32> = offices.iter().map(|o| o.id).collect();
    let mut heads = current_rows(db, &ids, today).await?;
    let agencies: BTreeMap<i32, String> = agencies::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name_th))
        .collect();
    Ok(offices
        .into_iter()
        .map(|o| OfficeRow {
            agency_th: agencies.get(&o.agency_id).cloned().unwrap_or_default(),
            head: heads.remove(&o.id).map(|(h, p)| current_head(&h, &p)),
            office: o.into(),
        })
        .collect())
}

/// One office with its current head.
pub async fn get<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    today: NaiveDate,
) -> Result<OfficeRow, AppError> {
    let office = agency_offices::Entity::find_by_id(office_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let agency_th = agencies::Entity::find_by_id(office.agency_id)
        .one(db)
        .await?
        .map(|a| a.name_th)
        .unwrap_or_default();
    let head = current_rows(db, &[office_id], today)
        .await?
        .remove(&office_id)
        .map(|(h, p)| current_head(&h, &p));
    Ok(OfficeRow {
        office: office.into(),
        agency_th,
        head,
    })
}

/// Every head an office has had, newest first (history).
pub async fn head_history<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
) -> Result<Vec<(office_heads::Model, Option<people::Model>)>, AppError> {
    use sea_orm::QueryOrder;
    Ok(office_heads::Entity::find()
        .filter(office_heads::Column::OfficeId.eq(office_id))
        .order_by_desc(office_heads::Column::ValidFrom)
        .find_also_related(people::Entity)
        .all(db)
        .await?)
}

fn same(head: &HeadCommand, h: &office_heads::Model, p: &people::Model) -> bool {
    let n = |s: &Option<String>| {
        s.as_deref()
            .map(normalize_single_line)
            .filter(|s| !s.is_empty())
    };
    n(&p.honorific) == head.honorific
        && normalize_single_line(&p.full_name) == head.full_name
        && normalize_single_line(&h.title_as_printed) == head.title_as_printed
        && n(&p.email).map(|s| s.to_lowercase()) == head.email
        && n(&p.phone) == head.phone
        && h.acting == head.acting
        && h.valid_from == head.valid_from
}

#[derive(Serialize)]
struct HeadAudit<'a> {
    person: &'a str,
    title_as_printed: &'a str,
    acting: bool,
    valid_from: NaiveDate,
    valid_to: Option<NaiveDate>,
}

/// Corrects the current head's details (same start date): the person and the head row are
/// updated in place, with an audit event.
async fn correct_head<C: ConnectionTrait>(
    txn: &C,
    ctx: &Ctx,
    office_id: i32,
    at: Location,
    head: &HeadCommand,
    h: &office_heads::Model,
    p: &people::Model,
) -> Result<(), AppError> {
    let before = HeadAudit {
        person: &p.full_name,
        title_as_printed: &h.title_as_printed,
        acting: h.acting,
        valid_from: h.valid_from,
        valid_to: h.valid_to,
    };
    let before = audit::json(&before);
    let mut pm: people::ActiveModel = p.clone().into();
    pm.honorific = Set(head.honorific.clone());
    pm.full_name = Set(head.full_name.clone());
    pm.email = Set(head.email.clone());
    pm.phone = Set(head.phone.clone());
    pm.update(txn).await?;
    let mut hm: office_heads::ActiveModel = h.clone().into();
    hm.title_as_printed = Set(head.title_as_printed.clone());
    hm.acting = Set(head.acting);
    let h2 = hm.update(txn).await?;
    let after = HeadAudit {
        person: &head.full_name,
        title_as_printed: &h2.title_as_printed,
        acting: h2.acting,
        valid_from: h2.valid_from,
        valid_to: h2.valid_to,
    };
    audit::record(
        txn,
        ctx,
        Change {
            action: "office_head.correct",
            kind: "office",
            id: office_id,
            at,
        },
        before,
        audit::json(&after),
    )
    .await?;
    Ok(())
}

/// Applies a head to an office inside `txn`: unchanged → nothing; same start date → corrects
/// the current row; later start → closes the current row the day before and opens a new one.
/// Returns whether anything changed, or a Thai message for the `valid_from` field.
async fn apply_head<C: ConnectionTrait>(
    txn: &C,
    ctx: &Ctx,
    office: &agency_offices::Model,
    head: &HeadCommand,
) -> Result<Result<bool, String>, AppError> {
    let current = current_rows(txn, &[office.id], ctx.today)
        .await?
        .remove(&office.id);
    let at = Location {
        province_id: office.province_id,
        ..Default::default()
    };
    if let Some((h, p)) = &current {
        if same(head, h, p) {
            return Ok(Ok(false));
        }
        if head.valid_from < h.valid_from {
            return Ok(Err(format!(
                "วันที่เริ่มดำรงตำแหน่งต้องไม่ก่อนวันที่เริ่มของหัวหน้าคนปัจจุบัน ({})",
                ThaiDate(h.valid_from).numeric(Digits::Arabic)
            )));
        }
        if head.valid_from == h.valid_from {
            // A correction of the current head's details.
            correct_head(txn, ctx, office.id, at, head, h, p).await?;
            return Ok(Ok(true));
        }
        let mut hm: office_heads::ActiveModel = h.clone().into();
        // Half-open interval: the old head's row ends where the new one starts.
        hm.valid_to = Set(Some(head.valid_from));
        hm.update(txn).await?;
    }
    let person = people::ActiveModel {
        honorific: Set(head.honorific.clone()),
        full_name: Set(head.full_name.clone()),
        email: Set(head.email.clone()),
        phone: Set(head.phone.clone()),
        position_th: Set(Some(head.title_as_printed.clone())),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let row = office_heads::ActiveModel {
        office_id: Set(office.id),
        person_id: Set(person.id),
        title_as_printed: Set(head.title_as_printed.clone()),
        acting: Set(head.acting),
        valid_from: Set(head.valid_from),
        valid_to: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let before = current.as_ref().map(|(h, p)| HeadAudit {
        person: &p.full_name,
        title_as_printed: &h.title_as_printed,
        acting: h.acting,
        valid_from: h.valid_from,
        valid_to: Some(head.valid_from),
    });
    let after = HeadAudit {
        person: &person.full_name,
        title_as_printed: &row.title_as_printed,
        acting: row.acting,
        valid_from: row.valid_from,
        valid_to: None,
    };
    audit::record(
        txn,
        ctx,
        Change {
            action: "office_head.change",
            kind: "office",
            id: office.id,
            at,
        },
        before.as_ref().and_then(audit::json),
        audit::json(&after),
    )
    .await?;
    Ok(Ok(true))
}

/// Sets the head of an office (administrators). The caller parses the [`HeadCommand`] (from
/// the page's form, a [`HeadInput`]); a start date before the current head's is refused here.
pub async fn set_head(
    db: &DatabaseConnection,
    ctx: &Ctx,
    office_id: i32,
    head: &HeadCommand,
) -> Result<bool, AppError> {
    if !ctx.actor.can_administer() {
        return Err(AppError::Forbidden);
    }
    let txn = crate::db::begin_write(db).await?;
    let office = agency_offices::Entity::find_by_id(office_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    match apply_head(&txn, ctx, &office, head).await? {
        Ok(changed) => {
            txn.commit().await?;
            Ok(changed)
        }
        Err(msg) => Err(AppError::Invalid(FieldErrors::one("valid_from", msg))),
    }
}

/// Edits an office's contact fields (administrators), as the caller parsed them (from the
/// page's [`ContactInput`]).
pub async fn update_contact(
    db: &DatabaseConnection,
    ctx: &Ctx,
    office_id: i32,
    contact: &ContactCommand,
) -> Result<agency_offices::Model, AppError> {
    if !ctx.actor.can_administer() {
        return Err(AppError::Forbidden);
    }
    let ContactCommand {
        email,
        phone,
        contact_name,
        contact_email,
    } = contact.clone();
    let txn = crate::db::begin_write(db).await?;
    let office = agency_offices::Entity::find_by_id(office_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = audit::json(&office.view());
    let mut m: agency_offices::ActiveModel = office.clone().into();
    m.email = Set(email);
    m.phone = Set(phone);
    m.contact_name = Set(contact_name);
    m.contact_email = Set(contact_email);
    let office = m.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "office.update",
            kind: "office",
            id: office.id,
            at: Location {
                province_id: office.province_id,
                ..Default::default()
            },
        },
        before,
        audit::json(&office.view()),
    )
    .await?;
    txn.commit().await?;
    Ok(office)
}

/// CSV columns of the heads export/import.
pub const CSV_COLUMNS: [&str; 9] = [
    "office_id",
    "office_name",
    "honorific",
    "full_name",
    "title_as_printed",
    "email",
    "phone",
    "acting",
    "valid_from",
];

/// A cell as exported: text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
/// carriage return first) gets a leading apostrophe, which [`from_csv_cell`] removes again.
fn to_csv_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// A cell as imported: undoes [`to_csv_cell`].
fn from_csv_cell(s: &str) -> String {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_owned(),
        _ => s.to_owned(),
    }
}

/// The heads of a province's offices as CSV (UTF-8 with BOM, ISO dates).
pub async fn export_csv<C: ConnectionTrait>(
    db: &C,
    province_id: i32,
    today: NaiveDate,
) -> Result<String, AppError> {
    let rows = with_heads(db, province_id, today).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let csv_err = |e: csv::Error| AppError::Internal(e.into());
    w.write_record(CSV_COLUMNS).map_err(csv_err)?;
    for r in rows {
        let id = r.office.id.to_string();
        let h = r.head.as_ref();
        let s = |v: Option<&String>| v.cloned().unwrap_or_default();
        w.write_record(
            [
                id,
                r.office.name_th.clone(),
                s(h.and_then(|h| h.honorific.as_ref())),
                s(h.map(|h| &h.full_name)),
                s(h.map(|h| &h.title_as_printed)),
                s(h.and_then(|h| h.email.as_ref())),
                s(h.and_then(|h| h.phone.as_ref())),
                h.map(|h| if h.acting { "1" } else { "0" })
                    .unwrap_or_default()
                    .to_owned(),
                h.map(|h| h.valid_from.to_string()).unwrap_or_default(),
            ]
            .map(|cell| to_csv_cell(&cell)),
        )
        .map_err(csv_err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("csv: {e}")))?;
    Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    /// Lines read.
    pub lines: usize,
    /// Heads changed (new history rows or corrections).
    pub changed: usize,
    /// Lines left alone (same head, or no head given).
    pub unchanged: usize,
    /// Offices created by lines without an `office_id` (with `agency_code` and `office_name`).
    pub offices_created: usize,
}

/// Creates the office of an import line in the import's transaction.
async fn new_office<C: ConnectionTrait>(
    txn: &C,
    ctx: &Ctx,
    province_id: i32,
    agency_code: &str,
    name: String,
) -> Result<Result<agency_offices::Model, String>, AppError> {
    use crate::db::entities::agencies;
    let Some(agency) = agencies::Entity::find()
        .filter(agencies::Column::ShortCode.eq(agency_code))
        .one(txn)
        .await?
    else {
        return Ok(Err(format!(
            "agency_code: ไม่พบหน่วยงานรหัส {agency_code} ในทะเบียนหน่วยงาน"
        )));
    };
    if name.trim().is_empty() {
        return Ok(Err("office_name: กรุณากรอกชื่อหน่วยงานใหม่".to_owned()));
    }
    let Some(province) = provinces::Entity::find_by_id(province_id).one(txn).await? else {
        return Err(AppError::NotFound);
    };
    super::office_registry::insert(txn, ctx, &province, &agency, name, None, None).await
}

fn parse_acting(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "" | "0" | "false" | "no" | "n" | "ไม่ใช่" | "ไม่" => Some(false),
        "1" | "true" | "yes" | "y" | "ใช่" | "รักษาการ" => Some(true),
        _ => None,
    }
}

/// The columns of the CSV's header row, by name (the required [`CSV_COLUMNS`], and
/// `agency_code` when present: the agency of a new office, on a line without `office_id`), or
/// the Thai messages for line 1.
fn csv_columns(rdr: &mut csv::Reader<&[u8]>) -> Result<BTreeMap<&'static str, usize>, Vec<String>> {
    let header: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_owned()).collect(),
        Err(e) => return Err(vec![format!("บรรทัดที่ 1: อ่านหัวตารางไม่ได้ ({e})")]),
    };
    let col = |name: &str| header.iter().position(|h| h == name);
    let mut idx = BTreeMap::new();
    let mut errors = Vec::new();
    for c in CSV_COLUMNS {
        match col(c) {
            Some(i) => {
                idx.insert(c, i);
            }
            None => errors.push(format!("บรรทัดที่ 1: ไม่มีคอลัมน์ {c}")),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if let Some(i) = col("agency_code") {
        idx.insert("agency_code", i);
    }
    Ok(idx)
}

/// The head a CSV line gives (`get` reads a cell by column name), parsed as the head form is,
/// or the Thai messages for line `line`.
fn csv_head(get: &dyn Fn(&str) -> String, line: u64) -> Result<HeadCommand, Vec<String>> {
    let Some(acting) = parse_acting(&get("acting")) else {
        return Err(vec![format!(
            "บรรทัดที่ {line}: acting ต้องเป็น 1 หรือ 0 (ใช่/ไม่ใช่)"
        )]);
    };
    let opt = |s: String| (!s.is_empty()).then_some(s);
    let input = HeadInput {
        honorific: opt(get("honorific")),
        full_name: get("full_name"),
        title_as_printed: get("title_as_printed"),
        email: opt(get("email")),
        phone: opt(get("phone")),
        acting,
        valid_from: get("valid_from"),
    };
    HeadCommand::try_from(&input).map_err(|fe| {
        fe.iter()
            .map(|(field, msg)| format!("บรรทัดที่ {line}: {field}: {msg}"))
            .collect()
    })
}

/// Imports heads of a province's offices from CSV, in one transaction: any bad line → nothing
/// changes and the Thai messages (with line numbers) come back as `Ok(Err(lines))`.
pub async fn import_csv(
    db: &DatabaseConnection,
    ctx: &Ctx,
    province_id: i32,
    text: &str,
) -> Result<Result<ImportReport, Vec<String>>, AppError> {
    if !ctx.actor.can_administer() {
        return Err(AppError::Forbidden);
    }
    let text = text.trim_start_matches('\u{feff}');
    let mut errors = Vec::new();
    if text.trim().is_empty() {
        return Ok(Err(vec!["ไม่มีข้อมูล CSV".to_owned()]));
    }
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let idx = match csv_columns(&mut rdr) {
        Ok(idx) => idx,
        Err(errors) => return Ok(Err(errors)),
    };
    let txn = crate::db::begin_write(db).await?;
    let mut report = ImportReport::default();
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(format!("บรรทัดที่ {line}: อ่านไม่ได้ ({e})"));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| p.line());
        report.lines += 1;
        let get = |c: &str| {
            from_csv_cell(
                idx.get(c)
                    .and_then(|i| rec.get(*i))
                    .unwrap_or_default()
                    .trim(),
            )
        };
        let agency_code = get("agency_code");
        let office_id = match get("office_id").parse::<i32>() {
            Ok(id) => id,
            // A new office: no id, its agency's code and its name.
            Err(_) if get("office_id").is_empty() && !agency_code.is_empty() => {
                let name = get("office_name");
                match new_office(&txn, ctx, province_id, &agency_code, name).await? {
                    Ok(o) => {
                        report.offices_created += 1;
                        o.id
                    }
                    Err(msg) => {
                        errors.push(format!("บรรทัดที่ {line}: {msg}"));
                        continue;
                    }
                }
            }
            Err(_) => {
                errors.push(format!(
                    "บรรทัดที่ {line}: office_id ต้องเป็นตัวเลข (หรือเว้นว่างและกรอก agency_code กับ office_name เพื่อเพิ่มหน่วยงานใหม่)"
                ));
                continue;
            }
        };
        let office = agency_offices::Entity::find_by_id(office_id)
            .one(&txn)
            .await?;
        let Some(office) = office.filter(|o| o.province_id == Some(province_id)) else {
            errors.push(format!(
                "บรรทัดที่ {line}: ไม่พบหน่วยงานรหัส {office_id} ในจังหวัดนี้"
            ));
            continue;
        };
        if get("full_name").is_empty() && get("title_as_printed").is_empty() {
            report.unchanged += 1;
            continue;
        }
        let head = match csv_head(&get, line) {
            Ok(h) => h,
            Err(mut messages) => {
                errors.append(&mut messages);
                continue;
            }
        };
        if !errors.is_empty() {
            // Already failing: only validate the rest, write nothing more.
            continue;
        }
        match apply_head(&txn, ctx, &office, &head).await? {
            Ok(true) => report.changed += 1,
            Ok(false) => report.unchanged += 1,
            Err(msg) => errors.push(format!("บรรทัดที่ {line}: valid_from: {msg}")),
        }
    }
    if !errors.is_empty() {
        txn.rollback().await?;
        return Ok(Err(errors));
    }
    txn.commit().await?;
    Ok(Ok(report))
}

#[cfg(test)]
mod csv_cell_tests {
    use super::*;

    #[test]
    fn formulas_are_defused_on_export_and_restored_on_import() {
        for v in [
            "=HYPERLINK(\"http://x\")",
            "+66 45 612 345",
            "-",
            "@SUM(A1)",
        ] {
            let out = to_csv_cell(v);
            assert!(out.starts_with('\''), "{out}");
            assert_eq!(from_csv_cell(&out), v);
        }
        assert_eq!(to_csv_cell("นายสมชาย ใจดี"), "นายสมชาย ใจดี");
        assert_eq!(from_csv_cell("'ไม่ใช่สูตร"), "'ไม่ใช่สูตร");
    }
}
