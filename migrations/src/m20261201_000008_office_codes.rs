//! Agency offices get a stable code (`TH-55.cdd_provincial`, unique): offices of every
//! province are created by `migrate` under these codes, and the CLI, the import and the API
//! name offices by them.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AgencyOffices {
    Table,
    Code,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AgencyOffices::Table)
                    .add_column(string_len_null(AgencyOffices::Code, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_agency_offices_code")
                    .table(AgencyOffices::Table)
                    .col(AgencyOffices::Code)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ux_agency_offices_code")
                    .table(AgencyOffices::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AgencyOffices::Table)
                    .drop_column(AgencyOffices::Code)
                    .to_owned(),
            )
            .await
    }
}
