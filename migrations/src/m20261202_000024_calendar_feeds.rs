//! Calendar feeds (issue 14): each user's secret feed URL (`/calendar/{token}.ics`; only the
//! token's SHA-256 is kept, one live feed per user) and the provinces that publish a public feed
//! of their planned meetings (`/calendar/province/{code}.ics`; a row means "on").

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_reference_tables::Provinces;
use crate::m20261123_000002_create_people_and_accounts::Users;
use crate::schema_helpers::drop_tables;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Identifiers of `calendar_feeds`.
#[derive(DeriveIden)]
enum CalendarFeeds {
    Table,
    Id,
    UserId,
    TokenSha256,
    CreatedAt,
    LastFetchedAt,
}

/// Identifiers of `public_calendars`.
#[derive(DeriveIden)]
enum PublicCalendars {
    Table,
    ProvinceId,
    EnabledAt,
    EnabledByUserId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CalendarFeeds::Table)
                    .col(pk_auto(CalendarFeeds::Id))
                    .col(integer(CalendarFeeds::UserId).unique_key())
                    .col(string_len(CalendarFeeds::TokenSha256, 64).unique_key())
                    .col(timestamp_with_time_zone(CalendarFeeds::CreatedAt))
                    .col(timestamp_with_time_zone_null(CalendarFeeds::LastFetchedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_calendar_feeds_user_id")
                            .from(CalendarFeeds::Table, CalendarFeeds::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PublicCalendars::Table)
                    .col(integer(PublicCalendars::ProvinceId).primary_key())
                    .col(timestamp_with_time_zone(PublicCalendars::EnabledAt))
                    .col(integer_null(PublicCalendars::EnabledByUserId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_public_calendars_province_id")
                            .from(PublicCalendars::Table, PublicCalendars::ProvinceId)
                            .to(Provinces::Table, Provinces::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_public_calendars_enabled_by_user_id")
                            .from(PublicCalendars::Table, PublicCalendars::EnabledByUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &[&PublicCalendars::Table, &CalendarFeeds::Table]).await
    }
}
