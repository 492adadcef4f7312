//! Inspection rounds: zones and inspectors of a round, inspection issues and their indicators.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_reference_tables::Zones;
use crate::m20261123_000002_create_people_and_accounts::People;
use crate::schema_helpers::{drop_tables, index, unique_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // inspection_rounds: An inspection round (รอบการตรวจราชการ) of a fiscal year.
        manager
            .create_table(
                Table::create()
                    .table(InspectionRounds::Table)
                    .col(pk_auto(InspectionRounds::Id))
                    .col(integer(InspectionRounds::FiscalYear))
                    .col(string(InspectionRounds::Level))
                    .col(string(InspectionRounds::OrganisationTh))
                    .col(string(InspectionRounds::Label))
                    .col(date_null(InspectionRounds::StartsOn))
                    .col(date_null(InspectionRounds::EndsOn))
                    .col(text_null(InspectionRounds::Notes))
                    .col(timestamp_with_time_zone(InspectionRounds::CreatedAt))
                    .col(timestamp_with_time_zone(InspectionRounds::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_inspection_rounds_fiscal_year",
            InspectionRounds::Table,
            [InspectionRounds::FiscalYear],
        )
        .await?;

        // round_zones: Zones covered by a round.
        manager
            .create_table(
                Table::create()
                    .table(RoundZones::Table)
                    .col(pk_auto(RoundZones::Id))
                    .col(integer(RoundZones::RoundId))
                    .col(integer(RoundZones::ZoneId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_round_zones_round_id")
                            .from(RoundZones::Table, RoundZones::RoundId)
                            .to(InspectionRounds::Table, InspectionRounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_round_zones_zone_id")
                            .from(RoundZones::Table, RoundZones::ZoneId)
                            .to(Zones::Table, Zones::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_round_zones_round_id_zone_id",
            RoundZones::Table,
            [RoundZones::RoundId, RoundZones::ZoneId],
        )
        .await?;
        index(
            manager,
            "idx_round_zones_zone_id",
            RoundZones::Table,
            [RoundZones::ZoneId],
        )
        .await?;

        // round_inspectors: Inspectors of a round, optionally per zone.
        manager
            .create_table(
                Table::create()
                    .table(RoundInspectors::Table)
                    .col(pk_auto(RoundInspectors::Id))
                    .col(integer(RoundInspectors::RoundId))
                    .col(integer(RoundInspectors::PersonId))
                    .col(string(RoundInspectors::TitleAsPrinted))
                    .col(integer_null(RoundInspectors::ZoneId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_round_inspectors_round_id")
                            .from(RoundInspectors::Table, RoundInspectors::RoundId)
                            .to(InspectionRounds::Table, InspectionRounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_round_inspectors_person_id")
                            .from(RoundInspectors::Table, RoundInspectors::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_round_inspectors_zone_id")
                            .from(RoundInspectors::Table, RoundInspectors::ZoneId)
                            .to(Zones::Table, Zones::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;

        // inspection_issues: Issue (ประเด็น) inspected in a round.
        manager
            .create_table(
                Table::create()
                    .table(InspectionIssues::Table)
                    .col(pk_auto(InspectionIssues::Id))
                    .col(integer(InspectionIssues::RoundId))
                    .col(integer(InspectionIssues::Position))
                    .col(text(InspectionIssues::Title))
                    .col(boolean(InspectionIssues::IsKey).default(false))
                    .col(text_null(InspectionIssues::Description))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_inspection_issues_round_id")
                            .from(InspectionIssues::Table, InspectionIssues::RoundId)
                            .to(InspectionRounds::Table, InspectionRounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_inspection_issues_round_id_position",
            InspectionIssues::Table,
            [InspectionIssues::RoundId, InspectionIssues::Position],
        )
        .await?;

        // indicators: Indicator (ตัวชี้วัด) of an inspection issue.
        manager
            .create_table(
                Table::create()
                    .table(Indicators::Table)
                    .col(pk_auto(Indicators::Id))
                    .col(integer(Indicators::IssueId))
                    .col(integer(Indicators::Position))
                    .col(text(Indicators::Name))
                    .col(string(Indicators::Unit))
                    .col(double_null(Indicators::Target))
                    .col(double_null(Indicators::Current))
                    .col(date_null(Indicators::AsOf))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_indicators_issue_id")
                            .from(Indicators::Table, Indicators::IssueId)
                            .to(InspectionIssues::Table, InspectionIssues::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            &[
                &Indicators::Table,
                &InspectionIssues::Table,
                &RoundInspectors::Table,
                &RoundZones::Table,
                &InspectionRounds::Table,
            ],
        )
        .await
    }
}

/// Identifiers of `inspection_rounds`.
#[derive(DeriveIden)]
pub enum InspectionRounds {
    Table,
    Id,
    FiscalYear,
    Level,
    OrganisationTh,
    Label,
    StartsOn,
    EndsOn,
    Notes,
    CreatedAt,
    UpdatedAt,
}

/// Identifiers of `round_zones`.
#[derive(DeriveIden)]
pub enum RoundZones {
    Table,
    Id,
    RoundId,
    ZoneId,
}

/// Identifiers of `round_inspectors`.
#[derive(DeriveIden)]
pub enum RoundInspectors {
    Table,
    Id,
    RoundId,
    PersonId,
    TitleAsPrinted,
    ZoneId,
}

/// Identifiers of `inspection_issues`.
#[derive(DeriveIden)]
pub enum InspectionIssues {
    Table,
    Id,
    RoundId,
    Position,
    Title,
    IsKey,
    Description,
}

/// Identifiers of `indicators`.
#[derive(DeriveIden)]
pub enum Indicators {
    Table,
    Id,
    IssueId,
    Position,
    Name,
    Unit,
    Target,
    Current,
    AsOf,
}
