//! Reference data: the 77 provinces, inspection zones 0–18 with their provinces, and the agency
//! catalogue. The CSVs live in `assets/reference/`, are embedded in the binary, are checked
//! strictly (a broken file fails loudly with its line) and are upserted idempotently.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Context, bail};
use chrono::NaiveDate;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    EntityTrait,
};
use serde::Deserialize;

use super::entities::{agencies, provinces, zone_memberships, zones};

/// The embedded `provinces.csv`.
pub const PROVINCES_CSV: &str = include_str!("../../assets/reference/provinces.csv");
/// The embedded `zones.csv`.
pub const ZONES_CSV: &str = include_str!("../../assets/reference/zones.csv");
/// The embedded `agencies.csv`.
pub const AGENCIES_CSV: &str = include_str!("../../assets/reference/agencies.csv");

/// The zone scheme in the CSVs, in force since fiscal year 2563 (1 Oct 2019) at the latest.
pub const SCHEME: &str = "pmo-2563";
/// First day of [`SCHEME`].
pub const SCHEME_VALID_FROM: (i32, u32, u32) = (2019, 10, 1);

/// One row of `provinces.csv`.
#[derive(Debug, Clone, Deserialize)]
pub struct ProvinceRow {
    /// ISO 3166-2 code, `TH-33`.
    pub code: String,
    /// Thai name.
    pub name_th: String,
    /// English name.
    pub name_en: String,
    /// Region in Thai.
    pub region: String,
    /// Inspection zone number (0 = central).
    pub inspection_zone: i32,
    /// Two-letter Thai abbreviation.
    pub abbr_th: Option<String>,
    /// Ministry of Public Health region.
    pub moph_health_region: Option<i32>,
}

/// One row of `zones.csv`.
#[derive(Debug, Clone, Deserialize)]
pub struct ZoneRow {
    /// 0–18.
    pub zone: i32,
    /// Thai name.
    pub name_th: String,
    /// English name.
    pub name_en: String,
    /// Province group in Thai.
    pub province_group_th: String,
    /// Province group in English.
    pub province_group_en: String,
    /// Space-separated province codes.
    pub province_codes: String,
}

/// One row of `agencies.csv`.
#[derive(Debug, Clone, Deserialize)]
pub struct AgencyRow {
    /// Stable key, e.g. `provincial_office`.
    pub short_code: String,
    /// Thai name.
    pub name_th: String,
    /// Thai abbreviation.
    pub abbreviation_th: Option<String>,
    /// English name.
    pub name_en: String,
    /// Ministry in Thai.
    pub ministry_th: String,
    /// Department in Thai.
    pub department_th: Option<String>,
    /// Title of the head, in Thai.
    pub head_title_th: String,
    /// Abbreviated title of the head.
    pub head_abbreviation_th: Option<String>,
    /// province / district / central / …
    pub level: String,
}

/// The whole reference data set, checked for consistency.
#[derive(Debug, Clone)]
pub struct ReferenceData {
    /// 77 provinces.
    pub provinces: Vec<ProvinceRow>,
    /// Zones 0–18.
    pub zones: Vec<ZoneRow>,
    /// The agency catalogue.
    pub agencies: Vec<AgencyRow>,
}

fn parse_csv<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> anyhow::Result<Vec<T>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.deserialize::<T>().enumerate() {
        // Line 1 is the header.
        let row = record.with_context(|| format!("{name}: line {} is malformed", i + 2))?;
        rows.push(row);
    }
    Ok(rows)
}

fn blank_to_none(v: &mut Option<String>) {
    if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
        *v = None;
    }
}

impl ReferenceData {
    /// Parses and checks the three CSV texts.
    pub fn parse(provinces_csv: &str, zones_csv: &str, agencies_csv: &str) -> anyhow::Result<Self> {
        let mut provinces: Vec<ProvinceRow> = parse_csv("provinces.csv", provinces_csv)?;
        let zones: Vec<ZoneRow> = parse_csv("zones.csv", zones_csv)?;
        let mut agencies: Vec<AgencyRow> = parse_csv("agencies.csv", agencies_csv)?;
        for p in &mut provinces {
            blank_to_none(&mut p.abbr_th);
            p.name_th = crate::domain::text::normalize_single_line(&p.name_th);
        }
        for a in &mut agencies {
            blank_to_none(&mut a.abbreviation_th);
            blank_to_none(&mut a.department_th);
            blank_to_none(&mut a.head_abbreviation_th);
        }
        let data = Self {
            provinces,
            zones,
            agencies,
        };
        data.check()?;
        Ok(data)
    }

    /// The data embedded in the binary.
    pub fn embedded() -> anyhow::Result<Self> {
        Self::parse(PROVINCES_CSV, ZONES_CSV, AGENCIES_CSV)
    }

    fn check(&self) -> anyhow::Result<()> {
        let codes: BTreeSet<&str> = self.provinces.iter().map(|p| p.code.as_str()).collect();
        if codes.len() != self.provinces.len() {
            bail!("provinces.csv: duplicate province codes");
        }
        if self.provinces.len() != 77 {
            bail!(
                "provinces.csv: expected 77 provinces, found {}",
                self.provinces.len()
            );
        }
        if let Some(p) = self
            .provinces
            .iter()
            .find(|p| !p.code.starts_with("TH-") || p.name_th.is_empty())
        {
            bail!("provinces.csv: bad row for {:?}", p.code);
        }
        let numbers: BTreeSet<i32> = self.zones.iter().map(|z| z.zone).collect();
        if numbers != (0..=18).collect() {
            bail!("zones.csv: expected zones 0 to 18 exactly once, found {numbers:?}");
        }
        let mut zone_of: BTreeMap<&str, i32> = BTreeMap::new();
        for z in &self.zones {
            for code in z.province_codes.split_whitespace() {
                if !codes.contains(code) {
                    bail!("zones.csv: zone {} lists unknown province {code}", z.zone);
                }
                if let Some(other) = zone_of.insert(code, z.zone) {
                    bail!(
                        "zones.csv: province {code} is in zones {other} and {}",
                        z.zone
                    );
                }
            }
        }
        for p in &self.provinces {
            match zone_of.get(p.code.as_str()) {
                Some(&z) if z == p.inspection_zone => {}
                Some(&z) => bail!(
                    "provinces.csv says {} is in zone {}, zones.csv says zone {z}",
                    p.code,
                    p.inspection_zone
                ),
                None => bail!("zones.csv: province {} belongs to no zone", p.code),
            }
        }
        let short: BTreeSet<&str> = self
            .agencies
            .iter()
            .map(|a| a.short_code.as_str())
            .collect();
        if short.len() != self.agencies.len() || self.agencies.is_empty() {
            bail!("agencies.csv: empty or duplicate short_code");
        }
        Ok(())
    }
}

/// Upserts the embedded reference data in one transaction. Safe to run at every start.
pub async fn load<C>(db: &C) -> anyhow::Result<()>
where
    C: sea_orm::TransactionTrait<Transaction = sea_orm::DatabaseTransaction>,
{
    let data = ReferenceData::embedded()?;
    let (y, m, d) = SCHEME_VALID_FROM;
    let valid_from = NaiveDate::from_ymd_opt(y, m, d).context("scheme start date")?;
    let txn = crate::db::begin_write(db).await?;
    upsert_zones(&txn, &data).await?;
    upsert_provinces(&txn, &data).await?;
    upsert_agencies(&txn, &data).await?;
    memberships(&txn, &data, valid_from).await?;
    super::provincial_offices::ensure(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// The inspection zones, by number.
async fn upsert_zones(
    txn: &sea_orm::DatabaseTransaction,
    data: &ReferenceData,
) -> anyhow::Result<()> {
    zones::Entity::insert_many(data.zones.iter().map(|z| zones::ActiveModel {
        id: NotSet,
        number: Set(z.zone),
        name_th: Set(z.name_th.clone()),
        name_en: Set(z.name_en.clone()),
        group_th: Set(z.province_group_th.clone()),
        group_en: Set(z.province_group_en.clone()),
    }))
    .on_conflict(
        OnConflict::column(zones::Column::Number)
            .update_columns([
                zones::Column::NameTh,
                zones::Column::NameEn,
                zones::Column::GroupTh,
                zones::Column::GroupEn,
            ])
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// The provinces, by code.
async fn upsert_provinces(
    txn: &sea_orm::DatabaseTransaction,
    data: &ReferenceData,
) -> anyhow::Result<()> {
    provinces::Entity::insert_many(data.provinces.iter().map(|p| provinces::ActiveModel {
        id: NotSet,
        code: Set(p.code.clone()),
        name_th: Set(p.name_th.clone()),
        name_en: Set(p.name_en.clone()),
        region_th: Set(p.region.clone()),
        abbr_th: Set(p.abbr_th.clone()),
        moph_health_region: Set(p.moph_health_region),
    }))
    .on_conflict(
        OnConflict::column(provinces::Column::Code)
            .update_columns([
                provinces::Column::NameTh,
                provinces::Column::NameEn,
                provinces::Column::RegionTh,
                provinces::Column::AbbrTh,
                provinces::Column::MophHealthRegion,
            ])
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// The agencies, by short code.
async fn upsert_agencies(
    txn: &sea_orm::DatabaseTransaction,
    data: &ReferenceData,
) -> anyhow::Result<()> {
    agencies::Entity::insert_many(data.agencies.iter().map(|a| agencies::ActiveModel {
        id: NotSet,
        short_code: Set(a.short_code.clone()),
        name_th: Set(a.name_th.clone()),
        abbreviation_th: Set(a.abbreviation_th.clone()),
        name_en: Set(a.name_en.clone()),
        ministry_th: Set(a.ministry_th.clone()),
        department_th: Set(a.department_th.clone()),
        head_title_th: Set(a.head_title_th.clone()),
        head_abbreviation_th: Set(a.head_abbreviation_th.clone()),
        level: Set(a.level.clone()),
    }))
    .on_conflict(
        OnConflict::column(agencies::Column::ShortCode)
            .update_columns([
                agencies::Column::NameTh,
                agencies::Column::AbbreviationTh,
                agencies::Column::NameEn,
                agencies::Column::MinistryTh,
                agencies::Column::DepartmentTh,
                agencies::Column::HeadTitleTh,
                agencies::Column::HeadAbbreviationTh,
                agencies::Column::Level,
            ])
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// Each province's zone under the scheme from `valid_from` (kept when already there).
async fn memberships(
    txn: &sea_orm::DatabaseTransaction,
    data: &ReferenceData,
    valid_from: NaiveDate,
) -> anyhow::Result<()> {
    let zone_ids: BTreeMap<i32, i32> = zones::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|z| (z.number, z.id))
        .collect();
    let province_ids: BTreeMap<String, i32> = provinces::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|p| (p.code, p.id))
        .collect();
    let mut memberships = Vec::new();
    for p in &data.provinces {
        let zone_id = *zone_ids.get(&p.inspection_zone).context("zone id")?;
        let province_id = *province_ids.get(&p.code).context("province id")?;
        memberships.push(zone_memberships::ActiveModel {
            id: NotSet,
            zone_id: Set(zone_id),
            province_id: Set(province_id),
            scheme: Set(SCHEME.to_owned()),
            valid_from: Set(valid_from),
            valid_to: Set(None),
        });
    }
    zone_memberships::Entity::insert_many(memberships)
        .on_conflict(
            OnConflict::columns([
                zone_memberships::Column::ZoneId,
                zone_memberships::Column::ProvinceId,
                zone_memberships::Column::ValidFrom,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_is_consistent() {
        let data = ReferenceData::embedded().expect("embedded CSVs parse");
        assert_eq!(data.provinces.len(), 77);
        assert_eq!(data.zones.len(), 19);
        assert!(data.agencies.len() >= 50);
        let sisaket = data
            .provinces
            .iter()
            .find(|p| p.code == "TH-33")
            .expect("Sisaket");
        assert_eq!(sisaket.name_th, "ศรีสะเกษ");
        assert_eq!(sisaket.inspection_zone, 14);
    }

    #[test]
    fn a_malformed_line_fails_with_its_number() {
        let broken = PROVINCES_CSV.replacen(
            "TH-11,สมุทรปราการ,Samut Prakan,ภาคกลาง,2",
            "TH-11,สมุทรปราการ,Samut Prakan,ภาคกลาง,two",
            1,
        );
        let err = ReferenceData::parse(&broken, ZONES_CSV, AGENCIES_CSV).expect_err("must fail");
        assert!(
            format!("{err:#}").contains("provinces.csv: line 3"),
            "{err:#}"
        );
    }

    #[test]
    fn a_missing_province_fails() {
        let mut lines: Vec<&str> = PROVINCES_CSV.lines().collect();
        lines.remove(5);
        let err = ReferenceData::parse(&lines.join("\n"), ZONES_CSV, AGENCIES_CSV)
            .expect_err("must fail");
        assert!(err.to_string().contains("expected 77 provinces"), "{err}");
    }

    #[test]
    fn inconsistent_zones_fail() {
        let broken = ZONES_CSV.replacen("TH-10,", "TH-10 TH-33,", 1);
        let err =
            ReferenceData::parse(PROVINCES_CSV, &broken, AGENCIES_CSV).expect_err("must fail");
        assert!(err.to_string().contains("TH-33"), "{err}");
    }
}
