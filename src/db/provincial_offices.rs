//! The provincial office of every province-level agency in every province (Bangkok excepted,
//! see [`crate::domain::offices`]), created by `migrate` and at every start under stable codes
//! (`TH-55.cdd_provincial`), idempotently: existing offices of the same agency, province and
//! name get the code instead of a twin. Runs in the reference data's transaction.

use std::collections::{HashMap, HashSet};

use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait};

use super::entities::{agencies, agency_offices, provinces};
use crate::domain::offices::{BANGKOK, code, office_name};

/// Rows per multi-row insert.
const BATCH: usize = 500;

/// Creates the missing offices and codes the matching old ones; returns how many were created.
pub async fn ensure<C: ConnectionTrait>(db: &C) -> Result<usize, DbErr> {
    let provinces = provinces::Entity::find().all(db).await?;
    let agencies = agencies::Entity::find().all(db).await?;
    let offices = agency_offices::Entity::find().all(db).await?;
    let coded: HashSet<String> = offices.iter().filter_map(|o| o.code.clone()).collect();
    let uncoded: HashMap<(i32, i32, &str), &agency_offices::Model> = offices
        .iter()
        .filter(|o| o.code.is_none())
        .filter_map(|o| Some(((o.agency_id, o.province_id?, o.name_th.as_str()), o)))
        .collect();
    let now = chrono::Utc::now();
    let mut new = Vec::new();
    for p in provinces.iter().filter(|p| p.code != BANGKOK) {
        for a in &agencies {
            let Some(name) = office_name(&a.short_code, &a.level, &a.name_th, &p.name_th) else {
                continue;
            };
            let c = code(&p.code, &a.short_code);
            if coded.contains(&c) {
                continue;
            }
            if let Some(old) = uncoded.get(&(a.id, p.id, name.as_str())) {
                let mut m: agency_offices::ActiveModel = (*old).clone().into();
                m.code = Set(Some(c));
                m.update(db).await?;
                continue;
            }
            new.push(agency_offices::ActiveModel {
                id: NotSet,
                agency_id: Set(a.id),
                province_id: Set(Some(p.id)),
                name_th: Set(name),
                email: Set(None),
                phone: Set(None),
                contact_name: Set(None),
                contact_email: Set(None),
                active: Set(true),
                created_at: Set(now),
                code: Set(Some(c)),
                valid_from: Set(None),
                valid_until: Set(None),
                merged_into_id: Set(None),
            });
        }
    }
    let created = new.len();
    let mut rows = new.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<_> = rows.by_ref().take(BATCH).collect();
        agency_offices::Entity::insert_many(batch)
            .exec_without_returning(db)
            .await?;
    }
    Ok(created)
}
