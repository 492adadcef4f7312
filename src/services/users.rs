//! Accounts: create (admin screen, `prachum user create`, first-admin setup), edit, deactivate,
//! list. A role needs its scope: zones for an inspector, a province for a provincial office, an
//! office for an agency head (its province follows), a province or zones for a viewer. The
//! writes take the typed [`AccountCommand`] of [`command`].

pub mod command;

pub use command::{AccountCommand, AccountRefusal};

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

use super::Ctx;
use super::audit::{self, Change};
use crate::auth::login::normalize_email;
use crate::auth::password;
use crate::db::entities::{agency_offices, provinces, user_zones, users, zones};
use crate::domain::access::Location;
use crate::domain::fields::FieldErrors;
use crate::domain::status::Role;
use crate::error::AppError;

/// What an account is made of, as typed (zones by number, province by code).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AccountInput {
    /// Login email.
    pub email: String,
    /// Name shown in the UI.
    pub display_name: String,
    /// Role (stored string, e.g. `provincial_office`).
    pub role: String,
    /// Zone numbers (inspectors, zone viewers).
    #[serde(default)]
    pub zones: Vec<i32>,
    /// Province code, e.g. `TH-33` (provincial offices, provincial viewers).
    #[serde(default)]
    pub province: Option<String>,
    /// Agency office id (agency heads).
    #[serde(default)]
    pub office_id: Option<i32>,
    /// Password (required when creating, optional when editing).
    #[serde(default, skip_serializing)]
    pub password: Option<String>,
}

/// The resolved scope of an account.
struct Resolved {
    role: Role,
    email: String,
    display_name: String,
    zone_ids: Vec<i32>,
    province_id: Option<i32>,
    office_id: Option<i32>,
}

/// The database's checks of an account, parsed or refused: the email free, the zones,
/// province and office existing, the role's scope given. Returns the zone, province and office
/// ids found.
async fn check_scope<C: ConnectionTrait>(
    db: &C,
    email: Option<&str>,
    role: Option<Role>,
    input: (&[i32], Option<&str>, Option<i32>),
    except_user: Option<i32>,
    e: &mut FieldErrors,
) -> Result<(Vec<i32>, Option<i32>, Option<i32>), AppError> {
    let (zones_given, province_given, office_given) = input;
    if let Some(email) = email {
        let mut q = users::Entity::find().filter(users::Column::Email.eq(email));
        if let Some(id) = except_user {
            q = q.filter(users::Column::Id.ne(id));
        }
        if q.count(db).await? > 0 {
            e.add("email", "อีเมลนี้มีบัญชีผู้ใช้อยู่แล้ว");
        }
    }
    let mut zone_ids = Vec::new();
    for n in zones_given {
        match zones::Entity::find()
            .filter(zones::Column::Number.eq(*n))
            .one(db)
            .await?
        {
            Some(z) => zone_ids.push(z.id),
            None => e.add("zones", format!("ไม่มีเขตตรวจราชการที่ {n}")),
        }
    }
    let mut province_id = None;
    if let Some(code) = province_given {
        match provinces::Entity::find()
            .filter(provinces::Column::Code.eq(code.trim()))
            .one(db)
            .await?
        {
            Some(p) => province_id = Some(p.id),
            None => e.add("province", format!("ไม่มีจังหวัดรหัส {code}")),
        }
    }
    let mut office_id = None;
    if let Some(id) = office_given {
        match agency_offices::Entity::find_by_id(id).one(db).await? {
            Some(o) => {
                office_id = Some(o.id);
                province_id = o.province_id.or(province_id);
            }
            None => e.add("office_id", "ไม่พบหน่วยงานนี้"),
        }
    }
    if let Some(role) = role {
        match role {
            Role::Inspector if zone_ids.is_empty() && e.get("zones").is_none() => {
                e.add("zones", "ผู้ตรวจราชการต้องมีเขตตรวจราชการอย่างน้อยหนึ่งเขต");
            }
            Role::ProvincialOffice if province_id.is_none() && e.get("province").is_none() => {
                e.add("province", "สำนักงานจังหวัดต้องระบุจังหวัด");
            }
            Role::AgencyHead if office_id.is_none() && e.get("office_id").is_none() => {
                e.add("office_id", "หัวหน้าส่วนราชการต้องระบุหน่วยงาน");
            }
            Role::Viewer if province_id.is_none() && zone_ids.is_empty() => {
                e.add("province", "ผู้อ่านอย่างเดียวต้องระบุจังหวัดหรือเขตตรวจราชการ");
            }
            _ => {}
        }
    }
    Ok((zone_ids, province_id, office_id))
}

/// What an account that did not parse is answered, in the order a parsed one would be
/// (`user_id`: the account edited): 403 unless the caller administers, 404 for an unknown
/// account, then its errors together with the database's (the email taken, an unknown zone).
pub async fn refused(
    db: &DatabaseConnection,
    ctx: &Ctx,
    user_id: Option<i32>,
    r: AccountRefusal,
) -> AppError {
    let AccountRefusal {
        mut errors,
        email,
        role,
        zones,
        province,
        office_id,
    } = r;
    let checked = async {
        if !ctx.actor.can_administer() {
            return Err(AppError::Forbidden);
        }
        if let Some(id) = user_id {
            users::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
        }
        let scope = (zones.as_slice(), province.as_deref(), office_id);
        check_scope(db, email.as_deref(), role, scope, user_id, &mut errors).await?;
        Ok::<_, AppError>(())
    };
    match checked.await {
        Ok(()) => AppError::Invalid(errors),
        Err(e) => e,
    }
}

/// The account parsed, and resolved against the database.
async fn resolve<C: ConnectionTrait>(
    db: &C,
    c: &AccountCommand,
    except_user: Option<i32>,
) -> Result<(Resolved, Option<String>), AppError> {
    let mut e = FieldErrors::new();
    let scope = (c.zones.as_slice(), c.province.as_deref(), c.office_id);
    let (zone_ids, province_id, office_id) =
        check_scope(db, Some(&c.email), Some(c.role), scope, except_user, &mut e).await?;
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let role = c.role;
    // Keep only what the role uses, so a scope can never widen by accident.
    let (zone_ids, province_id, office_id) = match role {
        Role::Admin => (vec![], None, None),
        Role::Inspector => (zone_ids, None, None),
        Role::ProvincialOffice => (vec![], province_id, None),
        Role::AgencyHead => (vec![], province_id, office_id),
        Role::Viewer => (zone_ids, province_id, None),
    };
    Ok((
        Resolved {
            role,
            email: c.email.clone(),
            display_name: c.display_name.clone(),
            zone_ids,
            province_id,
            office_id,
        },
        c.password.clone(),
    ))
}

/// Creates an account (administrators; the CLI; the first-admin setup), as the caller parsed
/// it (from an [`AccountInput`]; one that did not parse is answered by [`refused`]).
pub async fn create(
    db: &DatabaseConnection,
    ctx: &Ctx,
    account: &AccountCommand,
) -> Result<users::Model, AppError> {
    if !ctx.actor.can_administer() {
        return Err(AppError::Forbidden);
    }
    let txn = crate::db::begin_write(db).await?;
    let (r, password) = resolve(&txn, account, None).await?;
    let hash = match password.as_deref() {
        Some(p) => Some(password::hash(p)?),
        None => None,
    };
    let user = users::ActiveModel {
        email: Set(r.email),
        display_name: Set(r.display_name),
        password_hash: Set(hash),
        role: Set(r.role),
        province_id: Set(r.province_id),
        office_id: Set(r.office_id),
        active: Set(true),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    set_zones(&txn, user.id, &r.zone_ids).await?;
    let at = Location {
        province_id: user.province_id,
        ..Default::default()
    };
    audit::record(
        &txn,
        ctx,
        Change {
            action: "user.create",
            kind: "user",
            id: user.id,
            at,
        },
        None,
        audit::json(&summary(&user, &r.zone_ids)),
    )
    .await?;
    txn.commit().await?;
    Ok(user)
}

/// Edits an account: name, role, scope, active flag and (optionally) password; `account` as
/// for [`create`].
pub async fn update(
    db: &DatabaseConnection,
    ctx: &Ctx,
    user_id: i32,
    account: &AccountCommand,
    active: bool,
) -> Result<users::Model, AppError> {
    if !ctx.actor.can_administer() {
        return Err(AppError::Forbidden);
    }
    let txn = crate::db::begin_write(db).await?;
    let before = users::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let before_zones = zone_ids_of(&txn, user_id).await?;
    let (r, password) = resolve(&txn, account, Some(user_id)).await?;
    let stays_admin = r.role == Role::Admin && active;
    if before.role == Role::Admin && before.active && !stays_admin {
        let others = users::Entity::find()
            .filter(users::Column::Role.eq(Role::Admin))
            .filter(users::Column::Active.eq(true))
            .filter(users::Column::Id.ne(user_id))
            .count(&txn)
            .await?;
        if others == 0 {
            // Shown beside the role, the field every account form has.
            return Err(FieldErrors::one(
                "role",
                "บัญชีนี้เป็นผู้ดูแลระบบคนสุดท้ายที่ใช้งานได้ จึงเปลี่ยนบทบาทหรือปิดการใช้งานไม่ได้ \
                 กรุณาแต่งตั้งผู้ดูแลระบบคนอื่นก่อน",
            )
            .into());
        }
    }
    let mut m: users::ActiveModel = before.clone().into();
    m.email = Set(r.email);
    m.display_name = Set(r.display_name);
    m.role = Set(r.role);
    m.province_id = Set(r.province_id);
    m.office_id = Set(r.office_id);
    m.active = Set(active);
    if let Some(p) = password.as_deref() {
        m.password_hash = Set(Some(password::hash(p)?));
    }
    let user = m.update(&txn).await?;
    set_zones(&txn, user_id, &r.zone_ids).await?;
    if !active {
        crate::auth::session::destroy_all_for_user(&txn, user_id, None).await?;
    }
    audit::record(
        &txn,
        ctx,
        Change {
            action: "user.update",
            kind: "user",
            id: user_id,
            at: Location {
                province_id: user.province_id,
                ..Default::default()
            },
        },
        audit::json(&summary(&before, &before_zones)),
        audit::json(&summary(&user, &r.zone_ids)),
    )
    .await?;
    txn.commit().await?;
    Ok(user)
}

async fn set_zones<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    zone_ids: &[i32],
) -> Result<(), AppError> {
    user_zones::Entity::delete_many()
        .filter(user_zones::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    for z in zone_ids {
        user_zones::ActiveModel {
            user_id: Set(user_id),
            zone_id: Set(*z),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The zone ids of an account.
pub async fn zone_ids_of<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<Vec<i32>, AppError> {
    Ok(user_zones::Entity::find()
        .filter(user_zones::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|z| z.zone_id)
        .collect())
}

/// What the audit trail keeps of an account (never the password hash).
#[derive(Serialize)]
struct Summary<'a> {
    email: &'a str,
    display_name: &'a str,
    role: Role,
    province_id: Option<i32>,
    office_id: Option<i32>,
    zone_ids: &'a [i32],
    active: bool,
}

fn summary<'a>(u: &'a users::Model, zone_ids: &'a [i32]) -> Summary<'a> {
    Summary {
        email: &u.email,
        display_name: &u.display_name,
        role: u.role,
        province_id: u.province_id,
        office_id: u.office_id,
        zone_ids,
        active: u.active,
    }
}

/// Whether any active administrator exists (if not, `serve` prints a setup link).
pub async fn has_admin<C: ConnectionTrait>(db: &C) -> Result<bool, sea_orm::DbErr> {
    Ok(users::Entity::find()
        .filter(users::Column::Role.eq(Role::Admin))
        .filter(users::Column::Active.eq(true))
        .count(db)
        .await?
        > 0)
}

/// Every account, by email (administrators).
pub async fn list<C: ConnectionTrait>(db: &C) -> Result<Vec<users::Model>, sea_orm::DbErr> {
    users::Entity::find()
        .order_by_asc(users::Column::Email)
        .all(db)
        .await
}

/// The account with this email.
pub async fn by_email<C: ConnectionTrait>(
    db: &C,
    email: &str,
) -> Result<Option<users::Model>, sea_orm::DbErr> {
    users::Entity::find()
        .filter(users::Column::Email.eq(normalize_email(email)))
        .one(db)
        .await
}

/// One account by id.
pub async fn get<C: ConnectionTrait>(
    db: &C,
    id: i32,
) -> Result<Option<users::Model>, sea_orm::DbErr> {
    users::Entity::find_by_id(id).one(db).await
}

/// A page of accounts by email, optionally of one role and matching `q` in email or name
/// (administrators). Returns the page and the total.
pub async fn page<C: ConnectionTrait>(
    db: &C,
    role: Option<&str>,
    q: Option<&str>,
    page_index: u64,
    per_page: u64,
) -> Result<(Vec<users::Model>, u64), sea_orm::DbErr> {
    let mut query = users::Entity::find();
    if let Some(r) = role {
        query = query.filter(users::Column::Role.eq(r));
    }
    if let Some(q) = q {
        query = query.filter(
            sea_orm::Condition::any()
                .add(crate::db::repo::text::contains(
                    users::Column::Email,
                    &q.to_lowercase(),
                ))
                .add(crate::db::repo::text::contains(
                    users::Column::DisplayName,
                    q,
                )),
        );
    }
    let pages = query
        .order_by_asc(users::Column::Email)
        .paginate(db, per_page);
    let total = pages.num_items().await?;
    Ok((pages.fetch_page(page_index).await?, total))
}
