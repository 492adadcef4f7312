//! Follow-up: directives, their target offices/agencies, actions and action updates.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_reference_tables::{Agencies, AgencyOffices, Provinces, Zones};
use crate::m20261123_000002_create_people_and_accounts::{People, Users};
use crate::m20261123_000003_create_rounds::InspectionIssues;
use crate::m20261123_000004_create_meetings::{AgendaItems, Meetings};
use crate::schema_helpers::{drop_tables, index, unique_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // directives: Directive (ข้อสั่งการ) issued at a meeting.
        manager
            .create_table(
                Table::create()
                    .table(Directives::Table)
                    .col(pk_auto(Directives::Id))
                    .col(integer(Directives::MeetingId))
                    .col(integer_null(Directives::AgendaItemId))
                    .col(integer_null(Directives::IssueId))
                    .col(integer(Directives::Number))
                    .col(string(Directives::IssuerRole))
                    .col(integer_null(Directives::IssuerPersonId))
                    .col(string_null(Directives::IssuerNameAsPrinted))
                    .col(text(Directives::TextMd))
                    .col(string(Directives::Status))
                    .col(timestamp_with_time_zone_null(Directives::PublishedAt))
                    .col(integer_null(Directives::PublishedByUserId))
                    .col(timestamp_with_time_zone(Directives::CreatedAt))
                    .col(timestamp_with_time_zone(Directives::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_directives_meeting_id")
                            .from(Directives::Table, Directives::MeetingId)
                            .to(Meetings::Table, Meetings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_directives_agenda_item_id")
                            .from(Directives::Table, Directives::AgendaItemId)
                            .to(AgendaItems::Table, AgendaItems::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_directives_issue_id")
                            .from(Directives::Table, Directives::IssueId)
                            .to(InspectionIssues::Table, InspectionIssues::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_directives_issuer_person_id")
                            .from(Directives::Table, Directives::IssuerPersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_directives_published_by_user_id")
                            .from(Directives::Table, Directives::PublishedByUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_directives_meeting_id_number",
            Directives::Table,
            [Directives::MeetingId, Directives::Number],
        )
        .await?;

        // directive_targets: Office or whole agency a directive is addressed to.
        manager
            .create_table(
                Table::create()
                    .table(DirectiveTargets::Table)
                    .col(pk_auto(DirectiveTargets::Id))
                    .col(integer(DirectiveTargets::DirectiveId))
                    .col(integer_null(DirectiveTargets::OfficeId))
                    .col(integer_null(DirectiveTargets::AgencyId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_directive_targets_directive_id")
                            .from(DirectiveTargets::Table, DirectiveTargets::DirectiveId)
                            .to(Directives::Table, Directives::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_directive_targets_office_id")
                            .from(DirectiveTargets::Table, DirectiveTargets::OfficeId)
                            .to(AgencyOffices::Table, AgencyOffices::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_directive_targets_agency_id")
                            .from(DirectiveTargets::Table, DirectiveTargets::AgencyId)
                            .to(Agencies::Table, Agencies::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_directive_targets_directive_id",
            DirectiveTargets::Table,
            [DirectiveTargets::DirectiveId],
        )
        .await?;
        index(
            manager,
            "idx_directive_targets_office_id",
            DirectiveTargets::Table,
            [DirectiveTargets::OfficeId],
        )
        .await?;

        // actions: Action an office owes on a directive.
        manager
            .create_table(
                Table::create()
                    .table(Actions::Table)
                    .col(pk_auto(Actions::Id))
                    .col(integer(Actions::DirectiveId))
                    .col(integer(Actions::MeetingId))
                    .col(integer(Actions::OfficeId))
                    .col(integer_null(Actions::ProvinceId))
                    .col(integer_null(Actions::ZoneId))
                    .col(text(Actions::Title))
                    .col(text_null(Actions::ExpectedMd))
                    .col(date_null(Actions::DueOn))
                    .col(string_null(Actions::Horizon))
                    .col(string_null(Actions::MetricName))
                    .col(string_null(Actions::MetricUnit))
                    .col(double_null(Actions::MetricTarget))
                    .col(double_null(Actions::MetricCurrent))
                    .col(string(Actions::Status))
                    .col(integer(Actions::Progress).default(0))
                    .col(timestamp_with_time_zone(Actions::CreatedAt))
                    .col(timestamp_with_time_zone(Actions::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Actions::ClosedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_actions_directive_id")
                            .from(Actions::Table, Actions::DirectiveId)
                            .to(Directives::Table, Directives::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_actions_meeting_id")
                            .from(Actions::Table, Actions::MeetingId)
                            .to(Meetings::Table, Meetings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_actions_office_id")
                            .from(Actions::Table, Actions::OfficeId)
                            .to(AgencyOffices::Table, AgencyOffices::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_actions_province_id")
                            .from(Actions::Table, Actions::ProvinceId)
                            .to(Provinces::Table, Provinces::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_actions_zone_id")
                            .from(Actions::Table, Actions::ZoneId)
                            .to(Zones::Table, Zones::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_actions_office_id_status_due_on",
            Actions::Table,
            [Actions::OfficeId, Actions::Status, Actions::DueOn],
        )
        .await?;
        index(
            manager,
            "idx_actions_province_id_status_due_on",
            Actions::Table,
            [Actions::ProvinceId, Actions::Status, Actions::DueOn],
        )
        .await?;
        index(
            manager,
            "idx_actions_zone_id_status_due_on",
            Actions::Table,
            [Actions::ZoneId, Actions::Status, Actions::DueOn],
        )
        .await?;
        index(
            manager,
            "idx_actions_meeting_id",
            Actions::Table,
            [Actions::MeetingId],
        )
        .await?;
        index(
            manager,
            "idx_actions_directive_id",
            Actions::Table,
            [Actions::DirectiveId],
        )
        .await?;
        index(
            manager,
            "idx_actions_status_due_on",
            Actions::Table,
            [Actions::Status, Actions::DueOn],
        )
        .await?;

        // action_updates: Progress report on an action.
        manager
            .create_table(
                Table::create()
                    .table(ActionUpdates::Table)
                    .col(pk_auto(ActionUpdates::Id))
                    .col(integer(ActionUpdates::ActionId))
                    .col(integer_null(ActionUpdates::AuthorUserId))
                    .col(string_null(ActionUpdates::AuthorName))
                    .col(string(ActionUpdates::Channel))
                    .col(integer_null(ActionUpdates::Progress))
                    .col(double_null(ActionUpdates::MetricValue))
                    .col(text_null(ActionUpdates::TextMd))
                    .col(string_null(ActionUpdates::StatusAfter))
                    .col(string(ActionUpdates::Review))
                    .col(integer_null(ActionUpdates::ReviewedByUserId))
                    .col(timestamp_with_time_zone_null(ActionUpdates::ReviewedAt))
                    .col(text_null(ActionUpdates::ReviewComment))
                    .col(timestamp_with_time_zone(ActionUpdates::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_action_updates_action_id")
                            .from(ActionUpdates::Table, ActionUpdates::ActionId)
                            .to(Actions::Table, Actions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_action_updates_author_user_id")
                            .from(ActionUpdates::Table, ActionUpdates::AuthorUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_action_updates_reviewed_by_user_id")
                            .from(ActionUpdates::Table, ActionUpdates::ReviewedByUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_action_updates_action_id_created_at",
            ActionUpdates::Table,
            [ActionUpdates::ActionId, ActionUpdates::CreatedAt],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            &[
                &ActionUpdates::Table,
                &Actions::Table,
                &DirectiveTargets::Table,
                &Directives::Table,
            ],
        )
        .await
    }
}

/// Identifiers of `directives`.
#[derive(DeriveIden)]
pub enum Directives {
    Table,
    Id,
    MeetingId,
    AgendaItemId,
    IssueId,
    Number,
    IssuerRole,
    IssuerPersonId,
    IssuerNameAsPrinted,
    TextMd,
    Status,
    PublishedAt,
    PublishedByUserId,
    CreatedAt,
    UpdatedAt,
}

/// Identifiers of `directive_targets`.
#[derive(DeriveIden)]
pub enum DirectiveTargets {
    Table,
    Id,
    DirectiveId,
    OfficeId,
    AgencyId,
}

/// Identifiers of `actions`.
#[derive(DeriveIden)]
pub enum Actions {
    Table,
    Id,
    DirectiveId,
    MeetingId,
    OfficeId,
    ProvinceId,
    ZoneId,
    Title,
    ExpectedMd,
    DueOn,
    Horizon,
    MetricName,
    MetricUnit,
    MetricTarget,
    MetricCurrent,
    Status,
    Progress,
    CreatedAt,
    UpdatedAt,
    ClosedAt,
}

/// Identifiers of `action_updates`.
#[derive(DeriveIden)]
pub enum ActionUpdates {
    Table,
    Id,
    ActionId,
    AuthorUserId,
    AuthorName,
    Channel,
    Progress,
    MetricValue,
    TextMd,
    StatusAfter,
    Review,
    ReviewedByUserId,
    ReviewedAt,
    ReviewComment,
    CreatedAt,
}
