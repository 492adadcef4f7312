//! Reference data: inspection zones, provinces, zone memberships, agencies and their offices.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{drop_tables, index, unique_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // zones: Inspection zone (เขตตรวจราชการ) 0–18.
        manager
            .create_table(
                Table::create()
                    .table(Zones::Table)
                    .col(pk_auto(Zones::Id))
                    .col(integer(Zones::Number))
                    .col(string(Zones::NameTh))
                    .col(string(Zones::NameEn))
                    .col(string(Zones::GroupTh))
                    .col(string(Zones::GroupEn))
                    .to_owned(),
            )
            .await?;
        unique_index(manager, "uq_zones_number", Zones::Table, [Zones::Number]).await?;

        // provinces: Province (จังหวัด), ISO 3166-2 code such as `TH-33`.
        manager
            .create_table(
                Table::create()
                    .table(Provinces::Table)
                    .col(pk_auto(Provinces::Id))
                    .col(string(Provinces::Code))
                    .col(string(Provinces::NameTh))
                    .col(string(Provinces::NameEn))
                    .col(string(Provinces::RegionTh))
                    .col(string_null(Provinces::AbbrTh))
                    .col(integer_null(Provinces::MophHealthRegion))
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_provinces_code",
            Provinces::Table,
            [Provinces::Code],
        )
        .await?;

        // zone_memberships: Which province belongs to which zone, under which scheme, from when until when.
        manager
            .create_table(
                Table::create()
                    .table(ZoneMemberships::Table)
                    .col(pk_auto(ZoneMemberships::Id))
                    .col(integer(ZoneMemberships::ZoneId))
                    .col(integer(ZoneMemberships::ProvinceId))
                    .col(string(ZoneMemberships::Scheme))
                    .col(date(ZoneMemberships::ValidFrom))
                    .col(date_null(ZoneMemberships::ValidTo))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_zone_memberships_zone_id")
                            .from(ZoneMemberships::Table, ZoneMemberships::ZoneId)
                            .to(Zones::Table, Zones::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_zone_memberships_province_id")
                            .from(ZoneMemberships::Table, ZoneMemberships::ProvinceId)
                            .to(Provinces::Table, Provinces::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_zone_memberships_zone_id_province_id_valid_from",
            ZoneMemberships::Table,
            [
                ZoneMemberships::ZoneId,
                ZoneMemberships::ProvinceId,
                ZoneMemberships::ValidFrom,
            ],
        )
        .await?;
        index(
            manager,
            "idx_zone_memberships_province_id",
            ZoneMemberships::Table,
            [ZoneMemberships::ProvinceId],
        )
        .await?;

        // agencies: Government agency (หน่วยงาน).
        manager
            .create_table(
                Table::create()
                    .table(Agencies::Table)
                    .col(pk_auto(Agencies::Id))
                    .col(string(Agencies::ShortCode))
                    .col(string(Agencies::NameTh))
                    .col(string_null(Agencies::AbbreviationTh))
                    .col(string(Agencies::NameEn))
                    .col(string(Agencies::MinistryTh))
                    .col(string_null(Agencies::DepartmentTh))
                    .col(string(Agencies::HeadTitleTh))
                    .col(string_null(Agencies::HeadAbbreviationTh))
                    .col(string(Agencies::Level))
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_agencies_short_code",
            Agencies::Table,
            [Agencies::ShortCode],
        )
        .await?;

        // agency_offices: An office of an agency; provincial offices have a province, central offices none.
        manager
            .create_table(
                Table::create()
                    .table(AgencyOffices::Table)
                    .col(pk_auto(AgencyOffices::Id))
                    .col(integer(AgencyOffices::AgencyId))
                    .col(integer_null(AgencyOffices::ProvinceId))
                    .col(string(AgencyOffices::NameTh))
                    .col(string_null(AgencyOffices::Email))
                    .col(string_null(AgencyOffices::Phone))
                    .col(string_null(AgencyOffices::ContactName))
                    .col(string_null(AgencyOffices::ContactEmail))
                    .col(boolean(AgencyOffices::Active).default(true))
                    .col(timestamp_with_time_zone(AgencyOffices::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_agency_offices_agency_id")
                            .from(AgencyOffices::Table, AgencyOffices::AgencyId)
                            .to(Agencies::Table, Agencies::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_agency_offices_province_id")
                            .from(AgencyOffices::Table, AgencyOffices::ProvinceId)
                            .to(Provinces::Table, Provinces::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_agency_offices_province_id_name_th",
            AgencyOffices::Table,
            [AgencyOffices::ProvinceId, AgencyOffices::NameTh],
        )
        .await?;
        index(
            manager,
            "idx_agency_offices_agency_id",
            AgencyOffices::Table,
            [AgencyOffices::AgencyId],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            &[
                &AgencyOffices::Table,
                &Agencies::Table,
                &ZoneMemberships::Table,
                &Provinces::Table,
                &Zones::Table,
            ],
        )
        .await
    }
}

/// Identifiers of `zones`.
#[derive(DeriveIden)]
pub enum Zones {
    Table,
    Id,
    Number,
    NameTh,
    NameEn,
    GroupTh,
    GroupEn,
}

/// Identifiers of `provinces`.
#[derive(DeriveIden)]
pub enum Provinces {
    Table,
    Id,
    Code,
    NameTh,
    NameEn,
    RegionTh,
    AbbrTh,
    MophHealthRegion,
}

/// Identifiers of `zone_memberships`.
#[derive(DeriveIden)]
pub enum ZoneMemberships {
    Table,
    Id,
    ZoneId,
    ProvinceId,
    Scheme,
    ValidFrom,
    ValidTo,
}

/// Identifiers of `agencies`.
#[derive(DeriveIden)]
pub enum Agencies {
    Table,
    Id,
    ShortCode,
    NameTh,
    AbbreviationTh,
    NameEn,
    MinistryTh,
    DepartmentTh,
    HeadTitleTh,
    HeadAbbreviationTh,
    Level,
}

/// Identifiers of `agency_offices`.
#[derive(DeriveIden)]
pub enum AgencyOffices {
    Table,
    Id,
    AgencyId,
    ProvinceId,
    NameTh,
    Email,
    Phone,
    ContactName,
    ContactEmail,
    Active,
    CreatedAt,
}
