//! People, office heads, user accounts, zone grants, API tokens and sessions.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_reference_tables::{AgencyOffices, Provinces, Zones};
use crate::schema_helpers::{drop_tables, index, unique_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // people: A person named in meetings (chair, inspector, head of office, ...).
        manager
            .create_table(
                Table::create()
                    .table(People::Table)
                    .col(pk_auto(People::Id))
                    .col(string_null(People::Honorific))
                    .col(string(People::FullName))
                    .col(string_null(People::Email))
                    .col(string_null(People::Phone))
                    .col(string_null(People::PositionTh))
                    .col(timestamp_with_time_zone(People::CreatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_people_full_name",
            People::Table,
            [People::FullName],
        )
        .await?;

        // office_heads: Who heads an office, from when until when.
        manager
            .create_table(
                Table::create()
                    .table(OfficeHeads::Table)
                    .col(pk_auto(OfficeHeads::Id))
                    .col(integer(OfficeHeads::OfficeId))
                    .col(integer(OfficeHeads::PersonId))
                    .col(string(OfficeHeads::TitleAsPrinted))
                    .col(boolean(OfficeHeads::Acting).default(false))
                    .col(date(OfficeHeads::ValidFrom))
                    .col(date_null(OfficeHeads::ValidTo))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_office_heads_office_id")
                            .from(OfficeHeads::Table, OfficeHeads::OfficeId)
                            .to(AgencyOffices::Table, AgencyOffices::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_office_heads_person_id")
                            .from(OfficeHeads::Table, OfficeHeads::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_office_heads_office_id_valid_from",
            OfficeHeads::Table,
            [OfficeHeads::OfficeId, OfficeHeads::ValidFrom],
        )
        .await?;

        // users: A login account.
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(pk_auto(Users::Id))
                    .col(string(Users::Email))
                    .col(string(Users::DisplayName))
                    .col(string_null(Users::PasswordHash))
                    .col(string(Users::Role))
                    .col(integer_null(Users::ProvinceId))
                    .col(integer_null(Users::OfficeId))
                    .col(integer_null(Users::PersonId))
                    .col(boolean(Users::Active).default(true))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone_null(Users::LastLoginAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_users_province_id")
                            .from(Users::Table, Users::ProvinceId)
                            .to(Provinces::Table, Provinces::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_users_office_id")
                            .from(Users::Table, Users::OfficeId)
                            .to(AgencyOffices::Table, AgencyOffices::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_users_person_id")
                            .from(Users::Table, Users::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        unique_index(manager, "uq_users_email", Users::Table, [Users::Email]).await?;
        index(manager, "idx_users_role", Users::Table, [Users::Role]).await?;

        // user_zones: Zones a user may see.
        manager
            .create_table(
                Table::create()
                    .table(UserZones::Table)
                    .col(pk_auto(UserZones::Id))
                    .col(integer(UserZones::UserId))
                    .col(integer(UserZones::ZoneId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_user_zones_user_id")
                            .from(UserZones::Table, UserZones::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_user_zones_zone_id")
                            .from(UserZones::Table, UserZones::ZoneId)
                            .to(Zones::Table, Zones::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_user_zones_user_id_zone_id",
            UserZones::Table,
            [UserZones::UserId, UserZones::ZoneId],
        )
        .await?;
        index(
            manager,
            "idx_user_zones_zone_id",
            UserZones::Table,
            [UserZones::ZoneId],
        )
        .await?;

        // api_tokens: API token of a user (only the hash is stored).
        manager
            .create_table(
                Table::create()
                    .table(ApiTokens::Table)
                    .col(pk_auto(ApiTokens::Id))
                    .col(integer(ApiTokens::UserId))
                    .col(string(ApiTokens::Name))
                    .col(string(ApiTokens::TokenHash))
                    .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::LastUsedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_api_tokens_user_id")
                            .from(ApiTokens::Table, ApiTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_api_tokens_token_hash",
            ApiTokens::Table,
            [ApiTokens::TokenHash],
        )
        .await?;

        // sessions: Server-side web session (string primary key).
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(string(Sessions::Id).primary_key())
                    .col(integer_null(Sessions::UserId))
                    .col(text(Sessions::Data))
                    .col(string(Sessions::CsrfToken))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sessions_user_id")
                            .from(Sessions::Table, Sessions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_sessions_expires_at",
            Sessions::Table,
            [Sessions::ExpiresAt],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            &[
                &Sessions::Table,
                &ApiTokens::Table,
                &UserZones::Table,
                &Users::Table,
                &OfficeHeads::Table,
                &People::Table,
            ],
        )
        .await
    }
}

/// Identifiers of `people`.
#[derive(DeriveIden)]
pub enum People {
    Table,
    Id,
    Honorific,
    FullName,
    Email,
    Phone,
    PositionTh,
    CreatedAt,
}

/// Identifiers of `office_heads`.
#[derive(DeriveIden)]
pub enum OfficeHeads {
    Table,
    Id,
    OfficeId,
    PersonId,
    TitleAsPrinted,
    Acting,
    ValidFrom,
    ValidTo,
}

/// Identifiers of `users`.
#[derive(DeriveIden)]
pub enum Users {
    Table,
    Id,
    Email,
    DisplayName,
    PasswordHash,
    Role,
    ProvinceId,
    OfficeId,
    PersonId,
    Active,
    CreatedAt,
    LastLoginAt,
}

/// Identifiers of `user_zones`.
#[derive(DeriveIden)]
pub enum UserZones {
    Table,
    Id,
    UserId,
    ZoneId,
}

/// Identifiers of `api_tokens`.
#[derive(DeriveIden)]
pub enum ApiTokens {
    Table,
    Id,
    UserId,
    Name,
    TokenHash,
    CreatedAt,
    LastUsedAt,
    ExpiresAt,
    RevokedAt,
}

/// Identifiers of `sessions`.
#[derive(DeriveIden)]
pub enum Sessions {
    Table,
    Id,
    UserId,
    Data,
    CsrfToken,
    CreatedAt,
    ExpiresAt,
}
