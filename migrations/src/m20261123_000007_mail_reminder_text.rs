//! Mail: the reminder wording of an inspection round (`inspection_rounds.reminder_text`), added
//! to reminder and escalation emails of the round's meetings.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000003_create_rounds::InspectionRounds;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(InspectionRounds::Table)
                    .add_column(text_null(Alias::new("reminder_text")))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(InspectionRounds::Table)
                    .drop_column(Alias::new("reminder_text"))
                    .to_owned(),
            )
            .await
    }
}
