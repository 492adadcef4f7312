//! Documents, mail and audit: attachments, response links, minutes and revisions, the outbox and audit events.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_reference_tables::AgencyOffices;
use crate::m20261123_000002_create_people_and_accounts::Users;
use crate::m20261123_000004_create_meetings::Meetings;
use crate::m20261123_000005_create_followup::ActionUpdates;
use crate::schema_helpers::{drop_tables, index, unique_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // attachments: Uploaded file attached to an action update or a meeting.
        manager
            .create_table(
                Table::create()
                    .table(Attachments::Table)
                    .col(pk_auto(Attachments::Id))
                    .col(integer_null(Attachments::ActionUpdateId))
                    .col(integer_null(Attachments::MeetingId))
                    .col(text(Attachments::Filename))
                    .col(string(Attachments::ContentType))
                    .col(big_integer(Attachments::SizeBytes))
                    .col(string(Attachments::Sha256))
                    .col(string(Attachments::StoragePath))
                    .col(integer_null(Attachments::UploadedByUserId))
                    .col(timestamp_with_time_zone(Attachments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_attachments_action_update_id")
                            .from(Attachments::Table, Attachments::ActionUpdateId)
                            .to(ActionUpdates::Table, ActionUpdates::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_attachments_meeting_id")
                            .from(Attachments::Table, Attachments::MeetingId)
                            .to(Meetings::Table, Meetings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_attachments_uploaded_by_user_id")
                            .from(Attachments::Table, Attachments::UploadedByUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_attachments_storage_path",
            Attachments::Table,
            [Attachments::StoragePath],
        )
        .await?;

        // response_links: Emailed link letting an office report on its actions without a login.
        manager
            .create_table(
                Table::create()
                    .table(ResponseLinks::Table)
                    .col(pk_auto(ResponseLinks::Id))
                    .col(string(ResponseLinks::TokenId))
                    .col(string(ResponseLinks::RecipientEmail))
                    .col(integer(ResponseLinks::OfficeId))
                    .col(text(ResponseLinks::ActionIds))
                    .col(timestamp_with_time_zone(ResponseLinks::CreatedAt))
                    .col(timestamp_with_time_zone(ResponseLinks::ExpiresAt))
                    .col(timestamp_with_time_zone_null(ResponseLinks::RevokedAt))
                    .col(timestamp_with_time_zone_null(ResponseLinks::LastUsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_response_links_office_id")
                            .from(ResponseLinks::Table, ResponseLinks::OfficeId)
                            .to(AgencyOffices::Table, AgencyOffices::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_response_links_token_id",
            ResponseLinks::Table,
            [ResponseLinks::TokenId],
        )
        .await?;
        index(
            manager,
            "idx_response_links_office_id",
            ResponseLinks::Table,
            [ResponseLinks::OfficeId],
        )
        .await?;

        // minutes: Minutes (รายงานการประชุม) of a meeting.
        manager
            .create_table(
                Table::create()
                    .table(Minutes::Table)
                    .col(pk_auto(Minutes::Id))
                    .col(integer(Minutes::MeetingId))
                    .col(string(Minutes::State))
                    .col(integer(Minutes::CurrentRevision))
                    .col(string(Minutes::DigitStyle))
                    .col(timestamp_with_time_zone_null(Minutes::CertifiedAt))
                    .col(string_null(Minutes::CertificationMethod))
                    .col(integer_null(Minutes::CertifiedByMeetingId))
                    .col(date_null(Minutes::CirculationDeadline))
                    .col(text_null(Minutes::CorrectionsMd))
                    .col(string_null(Minutes::ContentSha256))
                    .col(boolean(Minutes::Published).default(false))
                    .col(timestamp_with_time_zone(Minutes::CreatedAt))
                    .col(timestamp_with_time_zone(Minutes::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_minutes_meeting_id")
                            .from(Minutes::Table, Minutes::MeetingId)
                            .to(Meetings::Table, Meetings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_minutes_certified_by_meeting_id")
                            .from(Minutes::Table, Minutes::CertifiedByMeetingId)
                            .to(Meetings::Table, Meetings::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_minutes_meeting_id",
            Minutes::Table,
            [Minutes::MeetingId],
        )
        .await?;

        // minutes_revisions: A saved revision of minutes.
        manager
            .create_table(
                Table::create()
                    .table(MinutesRevisions::Table)
                    .col(pk_auto(MinutesRevisions::Id))
                    .col(integer(MinutesRevisions::MinutesId))
                    .col(integer(MinutesRevisions::Revision))
                    .col(text(MinutesRevisions::ContentMd))
                    .col(text_null(MinutesRevisions::NotesJson))
                    .col(integer_null(MinutesRevisions::AuthorUserId))
                    .col(text_null(MinutesRevisions::Comment))
                    .col(timestamp_with_time_zone(MinutesRevisions::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_minutes_revisions_minutes_id")
                            .from(MinutesRevisions::Table, MinutesRevisions::MinutesId)
                            .to(Minutes::Table, Minutes::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_minutes_revisions_author_user_id")
                            .from(MinutesRevisions::Table, MinutesRevisions::AuthorUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_minutes_revisions_minutes_id_revision",
            MinutesRevisions::Table,
            [MinutesRevisions::MinutesId, MinutesRevisions::Revision],
        )
        .await?;

        // outbox_messages: Outgoing email queue (transactional outbox).
        manager
            .create_table(
                Table::create()
                    .table(OutboxMessages::Table)
                    .col(pk_auto(OutboxMessages::Id))
                    .col(string(OutboxMessages::Kind))
                    .col(string_null(OutboxMessages::DedupeKey))
                    .col(string(OutboxMessages::RecipientEmail))
                    .col(string_null(OutboxMessages::RecipientName))
                    .col(string_null(OutboxMessages::Cc))
                    .col(text_null(OutboxMessages::Subject))
                    .col(text(OutboxMessages::Payload))
                    .col(string(OutboxMessages::Status))
                    .col(integer(OutboxMessages::Attempts).default(0))
                    .col(timestamp_with_time_zone(OutboxMessages::AvailableAt))
                    .col(timestamp_with_time_zone_null(OutboxMessages::LockedUntil))
                    .col(string_null(OutboxMessages::LockedBy))
                    .col(text_null(OutboxMessages::LastError))
                    .col(timestamp_with_time_zone_null(OutboxMessages::SentAt))
                    .col(string_null(OutboxMessages::MessageId))
                    .col(integer_null(OutboxMessages::MeetingId))
                    .col(integer_null(OutboxMessages::OfficeId))
                    .col(timestamp_with_time_zone(OutboxMessages::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_outbox_messages_meeting_id")
                            .from(OutboxMessages::Table, OutboxMessages::MeetingId)
                            .to(Meetings::Table, Meetings::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_outbox_messages_office_id")
                            .from(OutboxMessages::Table, OutboxMessages::OfficeId)
                            .to(AgencyOffices::Table, AgencyOffices::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_outbox_messages_dedupe_key",
            OutboxMessages::Table,
            [OutboxMessages::DedupeKey],
        )
        .await?;
        index(
            manager,
            "idx_outbox_messages_status_available_at",
            OutboxMessages::Table,
            [OutboxMessages::Status, OutboxMessages::AvailableAt],
        )
        .await?;
        index(
            manager,
            "idx_outbox_messages_meeting_id",
            OutboxMessages::Table,
            [OutboxMessages::MeetingId],
        )
        .await?;
        index(
            manager,
            "idx_outbox_messages_office_id",
            OutboxMessages::Table,
            [OutboxMessages::OfficeId],
        )
        .await?;

        // audit_events: Append-only audit log.
        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(pk_auto(AuditEvents::Id))
                    .col(timestamp_with_time_zone(AuditEvents::OccurredAt))
                    .col(integer_null(AuditEvents::ActorUserId))
                    .col(string_null(AuditEvents::ActorLabel))
                    .col(string(AuditEvents::Action))
                    .col(string(AuditEvents::ObjectKind))
                    .col(integer(AuditEvents::ObjectId))
                    .col(integer_null(AuditEvents::ProvinceId))
                    .col(integer_null(AuditEvents::ZoneId))
                    .col(text_null(AuditEvents::BeforeJson))
                    .col(text_null(AuditEvents::AfterJson))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_audit_events_actor_user_id")
                            .from(AuditEvents::Table, AuditEvents::ActorUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_audit_events_object_kind_object_id",
            AuditEvents::Table,
            [AuditEvents::ObjectKind, AuditEvents::ObjectId],
        )
        .await?;
        index(
            manager,
            "idx_audit_events_occurred_at",
            AuditEvents::Table,
            [AuditEvents::OccurredAt],
        )
        .await?;
        index(
            manager,
            "idx_audit_events_province_id",
            AuditEvents::Table,
            [AuditEvents::ProvinceId],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            &[
                &AuditEvents::Table,
                &OutboxMessages::Table,
                &MinutesRevisions::Table,
                &Minutes::Table,
                &ResponseLinks::Table,
                &Attachments::Table,
            ],
        )
        .await
    }
}

/// Identifiers of `attachments`.
#[derive(DeriveIden)]
pub enum Attachments {
    Table,
    Id,
    ActionUpdateId,
    MeetingId,
    Filename,
    ContentType,
    SizeBytes,
    Sha256,
    StoragePath,
    UploadedByUserId,
    CreatedAt,
}

/// Identifiers of `response_links`.
#[derive(DeriveIden)]
pub enum ResponseLinks {
    Table,
    Id,
    TokenId,
    RecipientEmail,
    OfficeId,
    ActionIds,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
    LastUsedAt,
}

/// Identifiers of `minutes`.
#[derive(DeriveIden)]
pub enum Minutes {
    Table,
    Id,
    MeetingId,
    State,
    CurrentRevision,
    DigitStyle,
    CertifiedAt,
    CertificationMethod,
    CertifiedByMeetingId,
    CirculationDeadline,
    CorrectionsMd,
    ContentSha256,
    Published,
    CreatedAt,
    UpdatedAt,
}

/// Identifiers of `minutes_revisions`.
#[derive(DeriveIden)]
pub enum MinutesRevisions {
    Table,
    Id,
    MinutesId,
    Revision,
    ContentMd,
    NotesJson,
    AuthorUserId,
    Comment,
    CreatedAt,
}

/// Identifiers of `outbox_messages`.
#[derive(DeriveIden)]
pub enum OutboxMessages {
    Table,
    Id,
    Kind,
    DedupeKey,
    RecipientEmail,
    RecipientName,
    Cc,
    Subject,
    Payload,
    Status,
    Attempts,
    AvailableAt,
    LockedUntil,
    LockedBy,
    LastError,
    SentAt,
    MessageId,
    MeetingId,
    OfficeId,
    CreatedAt,
}

/// Identifiers of `audit_events`.
#[derive(DeriveIden)]
pub enum AuditEvents {
    Table,
    Id,
    OccurredAt,
    ActorUserId,
    ActorLabel,
    Action,
    ObjectKind,
    ObjectId,
    ProvinceId,
    ZoneId,
    BeforeJson,
    AfterJson,
}
