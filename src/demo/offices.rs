//! Agency offices of the demo provinces, each with a placeholder head at `example.org`.

use std::collections::HashSet;

use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter};

use super::builder::{Builder, date};
use crate::db::entities::{agencies, agency_offices, office_heads, people};

/// Sisaket (zone 14) and the four provinces of zone 12.
pub const DEMO_PROVINCES: [&str; 5] = ["TH-33", "TH-46", "TH-40", "TH-44", "TH-45"];

/// The name of an agency's office in a province, or `None` for agencies that are not one
/// office per province (districts, education areas, highway districts, branches).
pub fn office_name(agency: &agencies::Model, province: &str) -> Option<String> {
    match agency.short_code.as_str() {
        "province_governor" => return Some(format!("ศาลากลางจังหวัด{province}")),
        "district_office" => return Some(format!("ที่ว่าการอำเภอเมือง{province}")),
        "learning_promotion_provincial" => {
            return Some(format!("สำนักงานส่งเสริมการเรียนรู้จังหวัด{province}"));
        }
        _ => {}
    }
    if agency.level != "province" {
        return None;
    }
    let name = agency.name_th.replace("<จังหวัด>", province);
    if name.contains('<') {
        return None;
    }
    Some(if name.ends_with("จังหวัด") {
        format!("{name}{province}")
    } else {
        name
    })
}

/// The printed title of the head of an office, e.g. `พัฒนาการจังหวัดศรีสะเกษ`.
pub fn head_title(agency: &agencies::Model, province: &str) -> String {
    if agency.short_code == "district_office" {
        return format!("นายอำเภอเมือง{province}");
    }
    format!("{}{province}", agency.head_title_th)
}

/// Creates the missing offices of one province; returns how many were created.
pub async fn ensure_province_offices(
    b: &Builder<'_>,
    province_code: &str,
) -> anyhow::Result<usize> {
    let province_id = b.province(province_code)?;
    let province = b.province_name(province_code)?.to_owned();
    let existing: HashSet<String> = agency_offices::Entity::find()
        .filter(agency_offices::Column::ProvinceId.eq(province_id))
        .all(b.txn)
        .await?
        .into_iter()
        .map(|o| o.name_th)
        .collect();
    let since = date(2021, 10, 1)?;
    let mut created = 0;
    for agency in agencies::Entity::find().all(b.txn).await? {
        let Some(name) = office_name(&agency, &province) else {
            continue;
        };
        if existing.contains(&name) {
            continue;
        }
        let mailbox = format!(
            "{}.{}",
            agency.short_code.replace('_', "-"),
            province_code.to_lowercase()
        );
        let office = agency_offices::ActiveModel {
            agency_id: Set(agency.id),
            province_id: Set(Some(province_id)),
            name_th: Set(name),
            email: Set(Some(format!("{mailbox}@example.org"))),
            active: Set(true),
            created_at: Set(b.now),
            ..Default::default()
        }
        .insert(b.txn)
        .await?;
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
