//! Small insert helpers for the demo loader: look-ups by natural key and find-or-create.

use std::collections::HashMap;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};

use crate::db::entities::{agencies, agency_offices, people, provinces, zones};

/// Insert context shared by the demo modules.
pub struct Builder<'a> {
    /// The open transaction.
    pub txn: &'a DatabaseTransaction,
    /// Timestamp for created_at / updated_at.
    pub now: DateTime<Utc>,
    province_ids: HashMap<String, (i32, String)>,
    zone_ids: HashMap<i32, i32>,
    agency_ids: HashMap<String, i32>,
}

impl<'a> Builder<'a> {
    /// Loads the reference ids once.
    pub async fn new(txn: &'a DatabaseTransaction, now: DateTime<Utc>) -> anyhow::Result<Self> {
        let province_ids = provinces::Entity::find()
            .all(txn)
            .await?
            .into_iter()
            .map(|p| (p.code, (p.id, p.name_th)))
            .collect();
        let zone_ids = zones::Entity::find()
            .all(txn)
            .await?
            .into_iter()
            .map(|z| (z.number, z.id))
            .collect();
        let agency_ids = agencies::Entity::find()
            .all(txn)
            .await?
            .into_iter()
            .map(|a| (a.short_code, a.id))
            .collect();
        Ok(Self {
            txn,
            now,
            province_ids,
            zone_ids,
            agency_ids,
        })
    }

    /// Province id by code (`TH-33`).
    pub fn province(&self, code: &str) -> anyhow::Result<i32> {
        self.province_ids
            .get(code)
            .map(|p| p.0)
            .with_context(|| format!("province {code} missing: run migrate"))
    }

    /// Province Thai name by code.
    pub fn province_name(&self, code: &str) -> anyhow::Result<&str> {
        self.province_ids
            .get(code)
            .map(|p| p.1.as_str())
            .with_context(|| format!("province {code} missing: run migrate"))
    }

    /// Zone id by number.
    pub fn zone(&self, number: i32) -> anyhow::Result<i32> {
        self.zone_ids
            .get(&number)
            .copied()
            .with_context(|| format!("zone {number} missing: run migrate"))
    }

    /// Agency id by short code.
    pub fn agency(&self, short_code: &str) -> anyhow::Result<i32> {
        self.agency_ids
            .get(short_code)
            .copied()
            .with_context(|| format!("agency {short_code} missing: run migrate"))
    }

    /// The office of an agency in a province, by the agency's short code.
    pub async fn office(&self, province_code: &str, short_code: &str) -> anyhow::Result<i32> {
        let office = agency_offices::Entity::find()
            .filter(agency_offices::Column::ProvinceId.eq(self.province(province_code)?))
            .filter(agency_offices::Column::AgencyId.eq(self.agency(short_code)?))
            .one(self.txn)
            .await?
            .with_context(|| format!("office {short_code} in {province_code} missing"))?;
        Ok(office.id)
    }

    /// Finds a person by full name or creates them.
    pub async fn person(
        &self,
        honorific: &str,
        full_name: &str,
        position: &str,
    ) -> anyhow::Result<i32> {
        if let Some(p) = people::Entity::find()
            .filter(people::Column::FullName.eq(full_name))
            .one(self.txn)
            .await?
        {
            return Ok(p.id);
        }
        let p = people::ActiveModel {
            honorific: Set(Some(honorific.to_owned())),
            full_name: Set(full_name.to_owned()),
            position_th: Set(Some(position.to_owned())),
            created_at: Set(self.now),
            ..Default::default()
        }
        .insert(self.txn)
        .await?;
        Ok(p.id)
    }
}

/// A date that is known to be valid.
pub fn date(y: i32, m: u32, d: u32) -> anyhow::Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).with_context(|| format!("invalid demo date {y}-{m}-{d}"))
}

/// A time that is known to be valid.
pub fn time(h: u32, m: u32) -> anyhow::Result<NaiveTime> {
    NaiveTime::from_hms_opt(h, m, 0).with_context(|| format!("invalid demo time {h}:{m}"))
}
