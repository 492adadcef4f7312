//! State that several app instances on one database must share: failed sign-ins (the throttle
//! counts over every instance), the one-time links that create the first administrator (printed
//! by one instance, usable on any, once), and named leases (the mail worker and its scheduler
//! run in one instance at a time).

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{drop_tables, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Identifiers of `login_failures`.
#[derive(DeriveIden)]
enum LoginFailures {
    Table,
    Id,
    EmailSha256,
    FailedAt,
}

/// Identifiers of `setup_links`.
#[derive(DeriveIden)]
enum SetupLinks {
    Table,
    TokenSha256,
    CreatedAt,
    ClaimedAt,
}

/// Identifiers of `instance_leases`.
#[derive(DeriveIden)]
enum InstanceLeases {
    Table,
    Name,
    Holder,
    AcquiredAt,
    ExpiresAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LoginFailures::Table)
                    .col(pk_auto(LoginFailures::Id))
                    .col(string_len(LoginFailures::EmailSha256, 64))
                    .col(timestamp_with_time_zone(LoginFailures::FailedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_login_failures_email_failed_at",
            LoginFailures::Table,
            [LoginFailures::EmailSha256, LoginFailures::FailedAt],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(SetupLinks::Table)
                    .col(string_len(SetupLinks::TokenSha256, 64).primary_key())
                    .col(timestamp_with_time_zone(SetupLinks::CreatedAt))
                    .col(timestamp_with_time_zone_null(SetupLinks::ClaimedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(InstanceLeases::Table)
                    .col(string_len(InstanceLeases::Name, 64).primary_key())
                    .col(string_len(InstanceLeases::Holder, 128))
                    .col(timestamp_with_time_zone(InstanceLeases::AcquiredAt))
                    .col(timestamp_with_time_zone(InstanceLeases::ExpiresAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            &[
                &InstanceLeases::Table,
                &SetupLinks::Table,
                &LoginFailures::Table,
            ],
        )
        .await
    }
}
