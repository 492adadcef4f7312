//! The office registry: offices of a province by code; adding an office (a district office,
//! a local body, a unit the catalogue lacks) with a stable code; renaming, closing (validity
//! dates) and merging one into another — each audited, history kept. Administrators manage
//! offices anywhere, a provincial office in its own province.
//!
//! Longer than 500 lines on purpose: adding, renaming, closing and merging offices share one
//! province lookup, one permission rule and one audit shape; split, the rule would be written in
//! four places.

use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::Serialize;

use super::Ctx;
use super::audit::{self, Change};
use crate::db::entities::{agencies, agency_offices, provinces};
use crate::domain::access::Location;
use crate::domain::calendar::Digits;
use crate::domain::fields::{FieldErrors, optional_line};
use crate::error::AppError;
use crate::views::Viewed;

/// A new office, as typed (CLI, API or form).
#[derive(Debug, Clone, Default)]
pub struct NewOffice {
    /// Province code, `TH-55`.
    pub province: String,
    /// Agency short code from the catalogue, `cdd_district`.
    pub agency: String,
    /// Name; defaults to the catalogue's name for one office per province.
    pub name_th: Option<String>,
    /// Code; defaults to `TH-55.<agency>` (with `.2`, `.3` … when taken).
    pub code: Option<String>,
    /// The office's mailbox.
    pub email: Option<String>,
}

/// An office as listed.
#[derive(Debug, Clone, Serialize)]
pub struct OfficeRow {
    /// Id (what the CLI, the API and imports use).
    pub id: i32,
    /// Stable code.
    pub code: Option<String>,
    /// Name.
    pub name_th: String,
    /// Agency short code.
    pub agency: String,
    /// Open for new actions.
    pub active: bool,
    /// In service since.
    pub valid_from: Option<chrono::NaiveDate>,
    /// Closed on (or closes on).
    pub valid_until: Option<chrono::NaiveDate>,
    /// Merged into this office.
    pub merged_into_id: Option<i32>,
    /// Its mailbox.
    pub email: Option<String>,
    /// `เปิด`, `ปิดเมื่อ 1 ต.ค. 2568`, `รวมเข้ากับ … (รหัส 12)`.
    pub state_th: String,
}

impl OfficeRow {
    fn of(o: agency_offices::Model, agency: String) -> Self {
        Self {
            id: o.id,
            code: o.code,
            agency,
            state_th: match (o.merged_into_id, o.valid_until, o.active) {
                (Some(t), _, _) => format!("รวมเข้ากับหน่วยงานรหัส {t}"),
                (None, Some(d), false) => {
                    format!(
                        "ปิดเมื่อ {}",
                        crate::domain::calendar::ThaiDate(d).short(Digits::Arabic)
                    )
                }
                (None, _, false) => "ปิด".to_owned(),
                (None, Some(d), true) => format!(
                    "เปิด (จะปิดเมื่อ {})",
                    crate::domain::calendar::ThaiDate(d).short(Digits::Arabic)
                ),
                (None, None, true) => "เปิด".to_owned(),
            },
            name_th: o.name_th,
            active: o.active,
            valid_from: o.valid_from,
            valid_until: o.valid_until,
            merged_into_id: o.merged_into_id,
            email: o.email,
        }
    }
}

/// A change to an office (the API's PATCH, the office page's forms): each field given is
/// changed, the others kept.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OfficeChange {
    /// New name.
    pub name_th: Option<String>,
    /// New mailbox; blank clears it.
    pub email: Option<String>,
    /// In service since (ISO in the API, BE text on pages).
    pub valid_from: Option<String>,
    /// Closes the office on this date (ISO or BE); blank reopens it.
    pub valid_until: Option<String>,
    /// Merges the office into this one (same province): its open actions move there and it
    /// closes; its history stays.
    pub merged_into_id: Option<i32>,
}

/// What a change did.
#[derive(Debug, Clone, Serialize)]
pub struct Changed {
    /// The office as it is now.
    pub office: OfficeRow,
    /// Open actions moved by a merge.
    pub actions_moved: u64,
}

/// The province with this code, or a field error.
async fn province<C: ConnectionTrait>(db: &C, code: &str) -> Result<provinces::Model, AppError> {
    provinces::Entity::find()
        .filter(provinces::Column::Code.eq(code.trim().to_uppercase()))
        .one(db)
        .await?
        .ok_or_else(|| {
            FieldErrors::one("province", format!("ไม่พบจังหวัดรหัส {code} (เช่น TH-55)")).into()
        })
}

/// The offices of a province, by name.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    province_code: &str,
) -> Result<Vec<OfficeRow>, AppError> {
    let p = province(db, province_code).await?;
    let agencies: std::collections::HashMap<i32, String> = agencies::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.short_code))
        .collect();
    let mut rows: Vec<OfficeRow> = agency_offices::Entity::find()
        .filter(agency_offices::Column::ProvinceId.eq(p.id))
        .order_by_asc(agency_offices::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|o| {
            let agency = agencies.get(&o.agency_id).cloned().unwrap_or_default();
            OfficeRow::of(o, agency)
        })
        .collect();
    crate::domain::collate::sort_thai_by(&mut rows, |r| r.name_th.as_str());
    Ok(rows)
}

/// Adds an office.
pub async fn create(
    db: &DatabaseConnection,
    ctx: &Ctx,
    input: &NewOffice,
) -> Result<agency_offices::Model, AppError> {
    let p = province(db, &input.province).await?;
    if !ctx.actor.can_add_offices(p.id) {
        return Err(AppError::Forbidden);
    }
    let mut e = FieldErrors::new();
    let agency = agencies::Entity::find()
        .filter(agencies::Column::ShortCode.eq(input.agency.trim()))
        .one(db)
        .await?;
    let Some(agency) = agency else {
        return Err(FieldErrors::one(
            "agency",
            format!("ไม่พบหน่วยงานรหัส {} ในทะเบียนหน่วยงาน", input.agency.trim()),
        )
        .into());
    };
    let given = optional_line(
        &mut e,
        "name_th",
        "ชื่อหน่วยงาน",
        input.name_th.as_deref(),
        300,
    );
    let name = given.or_else(|| {
        crate::domain::offices::office_name(
            &agency.short_code,
            &agency.level,
            &agency.name_th,
            &p.name_th,
        )
    });
    let Some(name) = name else {
        e.add("name_th", "กรุณากรอกชื่อหน่วยงาน (หน่วยงานนี้มีได้หลายแห่งในจังหวัด)");
        return Err(e.into());
    };
    let email = optional_line(&mut e, "email", "อีเมล", input.email.as_deref(), 200);
    if email.as_deref().is_some_and(|m| !m.contains('@')) {
        e.add("email", "อีเมลไม่ถูกต้อง");
    }
    if let Some(twin) = agency_offices::Entity::find()
        .filter(agency_offices::Column::ProvinceId.eq(p.id))
        .filter(agency_offices::Column::NameTh.eq(name.as_str()))
        .one(db)
        .await?
    {
        e.add(
            "name_th",
            format!(
                "มีหน่วยงานชื่อ {} ในจังหวัดนี้แล้ว (รหัส {}) กรุณากรอกชื่อหน่วยงานใหม่",
                twin.name_th, twin.id
            ),
        );
    }
    let code = optional_line(&mut e, "code", "รหัสหน่วยงาน", input.code.as_deref(), 64);
    if !e.is_empty() {
        return Err(e.into());
    }
    let txn = crate::db::begin_write(db).await?;
    let office = match insert(&txn, ctx, &p, &agency, name, email, code).await? {
        Ok(o) => o,
        Err(msg) => return Err(FieldErrors::one("code", msg).into()),
    };
    txn.commit().await?;
    Ok(office)
}

/// Inserts an office (with its audit event) in the caller's transaction: the code given, or
/// `TH-55.<agency>` numbered `.2`, `.3` … when taken. `Ok(Err(message))` when the given code is
/// taken.
pub async fn insert<C: ConnectionTrait>(
    txn: &C,
    ctx: &Ctx,
    p: &provinces::Model,
    agency: &agencies::Model,
    name: String,
    email: Option<String>,
    code: Option<String>,
) -> Result<Result<agency_offices::Model, String>, AppError> {
    let code = match code {
        Some(c) => {
            if taken(txn, &c).await? {
                return Ok(Err(format!("รหัส {c} มีหน่วยงานอื่นใช้แล้ว")));
            }
            c
        }
        None => {
            let base = crate::domain::offices::code(&p.code, &agency.short_code);
            let mut c = base.clone();
            let mut n = 2;
            while taken(txn, &c).await? {
                c = format!("{base}.{n}");
                n += 1;
            }
            c
        }
    };
    let office = agency_offices::ActiveModel {
        agency_id: Set(agency.id),
        province_id: Set(Some(p.id)),
        name_th: Set(name),
        email: Set(email),
        active: Set(true),
        created_at: Set(ctx.now),
        code: Set(Some(code)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        ctx,
        Change {
            action: "office.create",
            kind: "office",
            id: office.id,
            at: Location {
                province_id: Some(p.id),
                ..Default::default()
            },
        },
        None,
        audit::json(&office.view()),
    )
    .await?;
    Ok(Ok(office))
}

async fn taken<C: ConnectionTrait>(db: &C, code: &str) -> Result<bool, AppError> {
    Ok(agency_offices::Entity::find()
        .filter(agency_offices::Column::Code.eq(code))
        .one(db)
        .await?
        .is_some())
}

/// Lists the offices of a province for a reader: administrators, and anyone whose scope covers
/// the province (its provincial office, the inspectors of its zone, viewers).
pub async fn list_for<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    province_code: &str,
) -> Result<Vec<OfficeRow>, AppError> {
    let p = province(db, province_code).await?;
    let zone_id = super::meetings::zone_of(db, p.id, ctx.today).await?;
    let at = Location {
        zone_id,
        province_id: Some(p.id),
        office_id: None,
    };
    if !ctx.actor.can_read(at) {
        return Err(AppError::Forbidden);
    }
    list(db, province_code).await
}

/// One office as listed, for someone who may manage its province's offices (404 for others
/// who cannot, so ids are not probed).
pub async fn one(db: &DatabaseConnection, ctx: &Ctx, id: i32) -> Result<OfficeRow, AppError> {
    let o = managed(db, ctx, id).await?;
    let agency = agencies::Entity::find_by_id(o.agency_id)
        .one(db)
        .await?
        .map(|a| a.short_code)
        .unwrap_or_default();
    Ok(OfficeRow::of(o, agency))
}

async fn managed<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    id: i32,
) -> Result<agency_offices::Model, AppError> {
    let o = agency_offices::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    match o.province_id {
        Some(p) if ctx.actor.can_add_offices(p) => Ok(o),
        _ if ctx.actor.role == crate::domain::status::Role::Admin => Ok(o),
        _ => Err(AppError::NotFound),
    }
}

fn read_date(e: &mut FieldErrors, field: &str, s: &str) -> Option<Option<chrono::NaiveDate>> {
    if s.trim().is_empty() {
        return Some(None);
    }
    e.check(field, crate::domain::calendar::parse_date(s))
        .map(Some)
}

/// Renames, re-mails, dates, closes, reopens or merges an office, in one transaction with one
/// audit event. A merge moves the office's open and in-progress actions to the target office
/// (same province, open, not itself) and closes the office today unless a date is given.
pub async fn change(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: i32,
    input: &OfficeChange,
) -> Result<Changed, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let before = managed(&txn, ctx, id).await?;
    let mut e = FieldErrors::new();
    let mut am: agency_offices::ActiveModel = before.clone().into();
    if let Some(n) = &input.name_th {
        let n = crate::domain::fields::required_line(&mut e, "name_th", "ชื่อหน่วยงาน", n, 300);
        if !n.is_empty() {
            am.name_th = Set(n);
        }
    }
    if let Some(m) = &input.email {
        let m = optional_line(&mut e, "email", "อีเมล", Some(m), 200);
        if m.as_deref().is_some_and(|m| !m.contains('@')) {
            e.add("email", "อีเมลไม่ถูกต้อง");
        }
        am.email = Set(m);
    }
    if let Some(d) = &input.valid_from
        && let Some(d) = read_date(&mut e, "valid_from", d)
    {
        am.valid_from = Set(d);
    }
    let mut until = before.valid_until;
    if let Some(d) = &input.valid_until
        && let Some(d) = read_date(&mut e, "valid_until", d)
    {
        until = d;
    }
    let mut target = None;
    if let Some(t) = input.merged_into_id {
        if before.merged_into_id.is_some() {
            e.add("merged_into_id", "หน่วยงานนี้ถูกรวมเข้ากับหน่วยงานอื่นแล้ว");
        } else if t == before.id {
            e.add("merged_into_id", "รวมหน่วยงานเข้ากับตัวเองไม่ได้");
        } else {
            match agency_offices::Entity::find_by_id(t).one(&txn).await? {
                Some(o) if o.province_id == before.province_id && o.active => target = Some(o),
                Some(o) if o.province_id == before.province_id => {
                    e.add("merged_into_id", "หน่วยงานปลายทางปิดแล้ว");
                }
                _ => e.add(
                    "merged_into_id",
                    format!("ไม่พบหน่วยงานรหัส {t} ในจังหวัดเดียวกัน"),
                ),
            }
        }
        if until.is_none() {
            until = Some(ctx.today);
        }
    }
    if let (Some(from), Some(to)) = (
        match &am.valid_from {
            sea_orm::ActiveValue::Set(v) | sea_orm::ActiveValue::Unchanged(v) => *v,
            sea_orm::ActiveValue::NotSet => None,
        },
        until,
    ) && to < from
    {
        e.add("valid_until", "วันที่ปิดต้องไม่ก่อนวันที่เริ่มให้บริการ");
    }
    if !e.is_empty() {
        return Err(e.into());
    }
    if before.merged_into_id.is_some() && until.is_none() {
        return Err(FieldErrors::one(
            "valid_until",
            "หน่วยงานที่ถูกรวมแล้วเปิดใหม่ไม่ได้ กรุณาเพิ่มหน่วยงานใหม่",
        )
        .into());
    }
    am.valid_until = Set(until);
    am.active = Set(until.is_none_or(|d| d > ctx.today));
    let mut moved = 0;
    if let Some(t) = &target {
        am.merged_into_id = Set(Some(t.id));
        moved = crate::db::repo::actions::reassign_open(&txn, before.id, t.id, ctx.now).await?;
    }
    let after = am.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: if target.is_some() {
                "office.merge"
            } else {
                "office.update"
            },
            kind: "office",
            id: after.id,
            at: Location {
                province_id: after.province_id,
                ..Default::default()
            },
        },
        audit::json(&before.view()),
        audit::json(&serde_json::json!({ "office": after.view(), "actions_moved": moved })),
    )
    .await?;
    txn.commit().await?;
    let agency = agencies::Entity::find_by_id(after.agency_id)
        .one(db)
        .await?
        .map(|a| a.short_code)
        .unwrap_or_default();
    Ok(Changed {
        office: OfficeRow::of(after, agency),
        actions_moved: moved,
    })
}

/// The code of a province (`TH-55`) by id.
pub async fn province_code<C: ConnectionTrait>(db: &C, id: i32) -> Result<String, AppError> {
    Ok(provinces::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?
        .code)
}

/// The Thai name of the province with this code.
pub async fn province_name<C: ConnectionTrait>(db: &C, code: &str) -> Result<String, AppError> {
    Ok(province(db, code).await?.name_th)
}

/// The province code of an office.
pub async fn province_of_office<C: ConnectionTrait>(db: &C, id: i32) -> Result<String, AppError> {
    let o = agency_offices::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    province_code(db, o.province_id.ok_or(AppError::NotFound)?).await
}

/// Whether the caller may add and change offices of the province with this code.
pub async fn may_manage_province<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    code: &str,
) -> Result<bool, AppError> {
    Ok(ctx.actor.can_add_offices(province(db, code).await?.id))
}

/// The agencies of the catalogue, (short code, Thai name) in Thai order, for the add form.
pub async fn agency_choices<C: ConnectionTrait>(db: &C) -> Result<Vec<(String, String)>, AppError> {
    let mut all: Vec<(String, String)> = agencies::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.short_code, a.name_th))
        .collect();
    crate::domain::collate::sort_thai_by(&mut all, |a| a.1.as_str());
    Ok(all)
}
