//! Zones and the provinces that belong to them on a given day.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

use crate::db::entities::{provinces, zone_memberships, zones};
use crate::domain::collate::sort_thai_by;

/// A province as listed under its zone.
#[derive(Debug, Clone, Serialize)]
pub struct ProvinceSummary {
    /// `TH-33`.
    pub code: String,
    /// Thai name.
    pub name_th: String,
    /// English name.
    pub name_en: String,
}

/// A zone with its provinces (Thai dictionary order).
#[derive(Debug, Clone, Serialize)]
pub struct ZoneWithProvinces {
    /// 0–18.
    pub number: i32,
    /// Thai name.
    pub name_th: String,
    /// English name.
    pub name_en: String,
    /// Province group in Thai.
    pub group_th: String,
    /// Provinces in the zone on the given day.
    pub provinces: Vec<ProvinceSummary>,
}

/// Every zone with the provinces that are its members on `on` (three queries, whatever the size).
pub async fn with_provinces<C: ConnectionTrait>(
    db: &C,
    on: NaiveDate,
) -> Result<Vec<ZoneWithProvinces>, sea_orm::DbErr> {
    let zone_rows = zones::Entity::find()
        .order_by_asc(zones::Column::Number)
        .all(db)
        .await?;
    let memberships = zone_memberships::Entity::find()
        .filter(super::validity::zone_membership_on(on))
        .all(db)
        .await?;
    let province_rows: BTreeMap<i32, provinces::Model> = provinces::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut by_zone: BTreeMap<i32, Vec<ProvinceSummary>> = BTreeMap::new();
    for m in memberships {
        if let Some(p) = province_rows.get(&m.province_id) {
            by_zone.entry(m.zone_id).or_default().push(ProvinceSummary {
                code: p.code.clone(),
                name_th: p.name_th.clone(),
                name_en: p.name_en.clone(),
            });
        }
    }
    Ok(zone_rows
        .into_iter()
        .map(|z| {
            let mut provinces = by_zone.remove(&z.id).unwrap_or_default();
            sort_thai_by(&mut provinces, |p| &p.name_th);
            ZoneWithProvinces {
                number: z.number,
                name_th: z.name_th,
                name_en: z.name_en,
                group_th: z.group_th,
                provinces,
            }
        })
        .collect())
}

/// The provinces that are members of any of `zones` today (an open membership), as
/// `services::scope::meetings` reads a zone.
pub async fn current_provinces<C: ConnectionTrait>(
    db: &C,
    zones: impl IntoIterator<Item = i32>,
) -> Result<Vec<i32>, sea_orm::DbErr> {
    use sea_orm::{ColumnTrait, QuerySelect};
    zone_memberships::Entity::find()
        .filter(zone_memberships::Column::ZoneId.is_in(zones))
        .filter(zone_memberships::Column::ValidTo.is_null())
        .select_only()
        .column(zone_memberships::Column::ProvinceId)
        .distinct()
        .into_tuple()
        .all(db)
        .await
}
