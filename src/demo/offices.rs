//! Agency offices of the demo provinces, each with a placeholder head at `example.org`.

use std::collections::{HashMap, HashSet};

use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter};

use super::builder::{Builder, date};
use crate::db::entities::{agencies, agency_offices, office_heads, people};

/// Sisaket (zone 14) and the four provinces of zone 12.
pub const DEMO_PROVINCES: [&str; 5] = ["TH-33", "TH-46", "TH-40", "TH-44", "TH-45"];

/// The name of an agency's office in a province ([`crate::domain::offices::office_name`]).
pub fn office_name(agency: &agencies::Model, province: &str) -> Option<String> {
    crate::domain::offices::office_name(
        &agency.short_code,
        &agency.level,
        &agency.name_th,
        province,
    )
}

/// The printed title of the head of an office ([`crate::domain::offices::head_title`]).
pub fn head_title(agency: &agencies::Model, province: &str) -> String {
    crate::domain::offices::head_title(&agency.short_code, &agency.head_title_th, province)
}

/// Gives the offices of one province (created by `migrate`, or here if missing) a demo
/// mailbox and a placeholder head; returns how many offices got one. Idempotent.
pub async fn ensure_province_offices(
    b: &Builder<'_>,
    province_code: &str,
) -> anyhow::Result<usize> {
    let province_id = b.province(province_code)?;
    let province = b.province_name(province_code)?.to_owned();
    let existing: HashMap<String, agency_offices::Model> = agency_offices::Entity::find()
        .filter(agency_offices::Column::ProvinceId.eq(province_id))
        .all(b.txn)
        .await?
        .into_iter()
        .map(|o| (o.name_th.clone(), o))
        .collect();
    let headed: HashSet<i32> = office_heads::Entity::find()
        .filter(office_heads::Column::OfficeId.is_in(existing.values().map(|o| o.id)))
        .all(b.txn)
        .await?
        .into_iter()
        .map(|h| h.office_id)
        .collect();
    let since = date(2021, 10, 1)?;
    let mut created = 0;
    for agency in agencies::Entity::find().all(b.txn).await? {
        let Some(name) = office_name(&agency, &province) else {
            continue;
        };
        let mailbox = format!(
            "{}.{}",
            agency.short_code.replace('_', "-"),
            province_code.to_lowercase()
        );
        let office = match existing.get(&name) {
            Some(o) if headed.contains(&o.id) => continue,
            Some(o) if o.email.is_some() => o.clone(),
            Some(o) => {
                let mut m: agency_offices::ActiveModel = o.clone().into();
                m.email = Set(Some(format!("{mailbox}@example.org")));
                m.update(b.txn).await?
            }
            None => {
                agency_offices::ActiveModel {
                    agency_id: Set(agency.id),
                    province_id: Set(Some(province_id)),
                    name_th: Set(name),
                    email: Set(Some(format!("{mailbox}@example.org"))),
                    active: Set(true),
                    created_at: Set(b.now),
                    code: Set(Some(crate::domain::offices::code(
                        province_code,
                        &agency.short_code,
                    ))),
                    ..Default::default()
                }
                .insert(b.txn)
                .await?
            }
        };
        let title = head_title(&agency, &province);
        let person = people::ActiveModel {
            honorific: Set(None),
            full_name: Set(format!("ผู้ดำรงตำแหน่ง{title} (ข้อมูลตัวอย่าง)")),
            email: Set(Some(format!("head.{mailbox}@example.org"))),
            position_th: Set(Some(title.clone())),
            created_at: Set(b.now),
            ..Default::default()
        }
        .insert(b.txn)
        .await?;
        office_heads::ActiveModel {
            office_id: Set(office.id),
            person_id: Set(person.id),
            title_as_printed: Set(title),
            acting: Set(false),
            valid_from: Set(since),
            valid_to: Set(None),
            ..Default::default()
        }
        .insert(b.txn)
        .await?;
        created += 1;
    }
    Ok(created)
}
