//! The office registry: offices of a province by code, and adding an office (a district office,
//! a local body, a unit the catalogue lacks) with a stable code, audited. Administrators add
//! offices anywhere, a provincial office in its own province.

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
use crate::domain::fields::{FieldErrors, optional_line};
use crate::error::AppError;

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
        .map(|o| OfficeRow {
            id: o.id,
            code: o.code,
            agency: agencies.get(&o.agency_id).cloned().unwrap_or_default(),
            name_th: o.name_th,
            active: o.active,
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
        audit::json(&office),
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
