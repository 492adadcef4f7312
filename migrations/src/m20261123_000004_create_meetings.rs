//! Meetings: series, meetings, their provinces/issues/inspectors/sessions/remote sites, agenda and attendance.
//!
//! Longer than 500 lines on purpose: a migration is the schema as it shipped and is never split
//! afterwards.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_reference_tables::{AgencyOffices, Provinces, Zones};
use crate::m20261123_000002_create_people_and_accounts::People;
use crate::m20261123_000003_create_rounds::{InspectionIssues, InspectionRounds};
use crate::schema_helpers::{drop_tables, index, unique_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // meeting_series: A recurring meeting series (e.g. monthly provincial committee).
        manager
            .create_table(
                Table::create()
                    .table(MeetingSeries::Table)
                    .col(pk_auto(MeetingSeries::Id))
                    .col(text(MeetingSeries::Name))
                    .col(text_null(MeetingSeries::BodyName))
                    .col(string(MeetingSeries::Kind))
                    .col(integer_null(MeetingSeries::ProvinceId))
                    .col(integer_null(MeetingSeries::ZoneId))
                    .col(integer_null(MeetingSeries::RoundId))
                    .col(string(MeetingSeries::NumberingScope))
                    .col(string_null(MeetingSeries::RecurrenceRule))
                    .col(time_null(MeetingSeries::DefaultStart))
                    .col(time_null(MeetingSeries::DefaultEnd))
                    .col(text_null(MeetingSeries::AgendaTemplate))
                    .col(boolean(MeetingSeries::Active).default(true))
                    .col(timestamp_with_time_zone(MeetingSeries::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meeting_series_province_id")
                            .from(MeetingSeries::Table, MeetingSeries::ProvinceId)
                            .to(Provinces::Table, Provinces::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meeting_series_zone_id")
                            .from(MeetingSeries::Table, MeetingSeries::ZoneId)
                            .to(Zones::Table, Zones::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meeting_series_round_id")
                            .from(MeetingSeries::Table, MeetingSeries::RoundId)
                            .to(InspectionRounds::Table, InspectionRounds::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_meeting_series_province_id",
            MeetingSeries::Table,
            [MeetingSeries::ProvinceId],
        )
        .await?;
        index(
            manager,
            "idx_meeting_series_zone_id",
            MeetingSeries::Table,
            [MeetingSeries::ZoneId],
        )
        .await?;

        // meetings: One meeting.
        manager
            .create_table(
                Table::create()
                    .table(Meetings::Table)
                    .col(pk_auto(Meetings::Id))
                    .col(integer_null(Meetings::SeriesId))
                    .col(integer_null(Meetings::RoundId))
                    .col(string(Meetings::Kind))
                    .col(text(Meetings::Title))
                    .col(integer_null(Meetings::Number))
                    .col(integer_null(Meetings::NumberYear))
                    .col(integer_null(Meetings::HostProvinceId))
                    .col(integer_null(Meetings::ZoneId))
                    .col(date(Meetings::MeetingDate))
                    .col(time_null(Meetings::StartTime))
                    .col(time_null(Meetings::EndTime))
                    .col(string_null(Meetings::VenueRoom))
                    .col(string_null(Meetings::VenueFloor))
                    .col(string_null(Meetings::VenueBuilding))
                    .col(string_null(Meetings::OnlinePlatform))
                    .col(string_null(Meetings::OnlineLink))
                    .col(string_null(Meetings::RecordingRef))
                    .col(integer_null(Meetings::ChairPersonId))
                    .col(string_null(Meetings::ChairTitle))
                    .col(integer_null(Meetings::DelegatedByPersonId))
                    .col(string_null(Meetings::DelegatedByTitle))
                    .col(integer_null(Meetings::MinuteTakerPersonId))
                    .col(string_null(Meetings::MinuteTakerTitle))
                    .col(integer_null(Meetings::MinuteCheckerPersonId))
                    .col(string_null(Meetings::MinuteCheckerTitle))
                    .col(integer_null(Meetings::ParticipantCount))
                    .col(string(Meetings::Status))
                    .col(text_null(Meetings::CancelledReason))
                    .col(date_null(Meetings::RescheduledFrom))
                    .col(text_null(Meetings::Summary))
                    .col(string(Meetings::DigitStyle).default("arabic"))
                    .col(timestamp_with_time_zone(Meetings::CreatedAt))
                    .col(timestamp_with_time_zone(Meetings::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meetings_series_id")
                            .from(Meetings::Table, Meetings::SeriesId)
                            .to(MeetingSeries::Table, MeetingSeries::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meetings_round_id")
                            .from(Meetings::Table, Meetings::RoundId)
                            .to(InspectionRounds::Table, InspectionRounds::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meetings_host_province_id")
                            .from(Meetings::Table, Meetings::HostProvinceId)
                            .to(Provinces::Table, Provinces::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meetings_zone_id")
                            .from(Meetings::Table, Meetings::ZoneId)
                            .to(Zones::Table, Zones::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meetings_chair_person_id")
                            .from(Meetings::Table, Meetings::ChairPersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meetings_delegated_by_person_id")
                            .from(Meetings::Table, Meetings::DelegatedByPersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meetings_minute_taker_person_id")
                            .from(Meetings::Table, Meetings::MinuteTakerPersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meetings_minute_checker_person_id")
                            .from(Meetings::Table, Meetings::MinuteCheckerPersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_meetings_series_id_number_year_number",
            Meetings::Table,
            [Meetings::SeriesId, Meetings::NumberYear, Meetings::Number],
        )
        .await?;
        index(
            manager,
            "idx_meetings_host_province_id_meeting_date",
            Meetings::Table,
            [Meetings::HostProvinceId, Meetings::MeetingDate],
        )
        .await?;
        index(
            manager,
            "idx_meetings_zone_id_meeting_date",
            Meetings::Table,
            [Meetings::ZoneId, Meetings::MeetingDate],
        )
        .await?;
        index(
            manager,
            "idx_meetings_series_id_meeting_date",
            Meetings::Table,
            [Meetings::SeriesId, Meetings::MeetingDate],
        )
        .await?;
        index(
            manager,
            "idx_meetings_round_id",
            Meetings::Table,
            [Meetings::RoundId],
        )
        .await?;
        index(
            manager,
            "idx_meetings_meeting_date",
            Meetings::Table,
            [Meetings::MeetingDate],
        )
        .await?;

        // meeting_provinces: Provinces taking part in a meeting.
        manager
            .create_table(
                Table::create()
                    .table(MeetingProvinces::Table)
                    .col(pk_auto(MeetingProvinces::Id))
                    .col(integer(MeetingProvinces::MeetingId))
                    .col(integer(MeetingProvinces::ProvinceId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meeting_provinces_meeting_id")
                            .from(MeetingProvinces::Table, MeetingProvinces::MeetingId)
                            .to(Meetings::Table, Meetings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meeting_provinces_province_id")
                            .from(MeetingProvinces::Table, MeetingProvinces::ProvinceId)
                            .to(Provinces::Table, Provinces::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_meeting_provinces_meeting_id_province_id",
            MeetingProvinces::Table,
            [MeetingProvinces::MeetingId, MeetingProvinces::ProvinceId],
        )
        .await?;
        index(
            manager,
            "idx_meeting_provinces_province_id",
            MeetingProvinces::Table,
            [MeetingProvinces::ProvinceId],
        )
        .await?;

        // meeting_issues: Inspection issues discussed in a meeting.
        manager
            .create_table(
                Table::create()
                    .table(MeetingIssues::Table)
                    .col(pk_auto(MeetingIssues::Id))
                    .col(integer(MeetingIssues::MeetingId))
                    .col(integer(MeetingIssues::IssueId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meeting_issues_meeting_id")
                            .from(MeetingIssues::Table, MeetingIssues::MeetingId)
                            .to(Meetings::Table, Meetings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meeting_issues_issue_id")
                            .from(MeetingIssues::Table, MeetingIssues::IssueId)
                            .to(InspectionIssues::Table, InspectionIssues::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_meeting_issues_meeting_id_issue_id",
            MeetingIssues::Table,
            [MeetingIssues::MeetingId, MeetingIssues::IssueId],
        )
        .await?;

        // meeting_inspectors: Inspectors present at a meeting.
        manager
            .create_table(
                Table::create()
                    .table(MeetingInspectors::Table)
                    .col(pk_auto(MeetingInspectors::Id))
                    .col(integer(MeetingInspectors::MeetingId))
                    .col(integer(MeetingInspectors::PersonId))
                    .col(string(MeetingInspectors::TitleAsPrinted))
                    .col(integer(MeetingInspectors::Position))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meeting_inspectors_meeting_id")
                            .from(MeetingInspectors::Table, MeetingInspectors::MeetingId)
                            .to(Meetings::Table, Meetings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meeting_inspectors_person_id")
                            .from(MeetingInspectors::Table, MeetingInspectors::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        // meeting_sessions: Time blocks of a meeting.
        manager
            .create_table(
                Table::create()
                    .table(MeetingSessions::Table)
                    .col(pk_auto(MeetingSessions::Id))
                    .col(integer(MeetingSessions::MeetingId))
                    .col(integer(MeetingSessions::Position))
                    .col(text_null(MeetingSessions::Label))
                    .col(time(MeetingSessions::StartsAt))
                    .col(time(MeetingSessions::EndsAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meeting_sessions_meeting_id")
                            .from(MeetingSessions::Table, MeetingSessions::MeetingId)
                            .to(Meetings::Table, Meetings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_meeting_sessions_meeting_id_position",
            MeetingSessions::Table,
            [MeetingSessions::MeetingId, MeetingSessions::Position],
        )
        .await?;

        // remote_sites: Remote sites joining a meeting online.
        manager
            .create_table(
                Table::create()
                    .table(RemoteSites::Table)
                    .col(pk_auto(RemoteSites::Id))
                    .col(integer(RemoteSites::MeetingId))
                    .col(text(RemoteSites::Name))
                    .col(integer_null(RemoteSites::ProvinceId))
                    .col(integer_null(RemoteSites::OfficeId))
                    .col(string_null(RemoteSites::Room))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_remote_sites_meeting_id")
                            .from(RemoteSites::Table, RemoteSites::MeetingId)
                            .to(Meetings::Table, Meetings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_remote_sites_province_id")
                            .from(RemoteSites::Table, RemoteSites::ProvinceId)
                            .to(Provinces::Table, Provinces::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_remote_sites_office_id")
                            .from(RemoteSites::Table, RemoteSites::OfficeId)
                            .to(AgencyOffices::Table, AgencyOffices::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;

        // agenda_sections: Agenda section (ระเบียบวาระที่ ...).
        manager
            .create_table(
                Table::create()
                    .table(AgendaSections::Table)
                    .col(pk_auto(AgendaSections::Id))
                    .col(integer(AgendaSections::MeetingId))
                    .col(integer(AgendaSections::Position))
                    .col(text(AgendaSections::Title))
                    .col(string(AgendaSections::Kind))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_agenda_sections_meeting_id")
                            .from(AgendaSections::Table, AgendaSections::MeetingId)
                            .to(Meetings::Table, Meetings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_agenda_sections_meeting_id_position",
            AgendaSections::Table,
            [AgendaSections::MeetingId, AgendaSections::Position],
        )
        .await?;

        // agenda_items: Agenda item, possibly nested under another item.
        manager
            .create_table(
                Table::create()
                    .table(AgendaItems::Table)
                    .col(pk_auto(AgendaItems::Id))
                    .col(integer(AgendaItems::MeetingId))
                    .col(integer(AgendaItems::SectionId))
                    .col(integer_null(AgendaItems::ParentItemId))
                    .col(integer(AgendaItems::Position))
                    .col(string_null(AgendaItems::AutoKind))
                    .col(text(AgendaItems::Title))
                    .col(integer_null(AgendaItems::PresenterOfficeId))
                    .col(string_null(AgendaItems::PresenterName))
                    .col(integer_null(AgendaItems::TimeBudgetMinutes))
                    .col(integer_null(AgendaItems::IssueId))
                    .col(text_null(AgendaItems::NotesMd))
                    .col(text_null(AgendaItems::ResolutionMd))
                    .col(timestamp_with_time_zone(AgendaItems::CreatedAt))
                    .col(timestamp_with_time_zone(AgendaItems::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_agenda_items_meeting_id")
                            .from(AgendaItems::Table, AgendaItems::MeetingId)
                            .to(Meetings::Table, Meetings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_agenda_items_section_id")
                            .from(AgendaItems::Table, AgendaItems::SectionId)
                            .to(AgendaSections::Table, AgendaSections::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_agenda_items_parent_item_id")
                            .from(AgendaItems::Table, AgendaItems::ParentItemId)
                            .to(AgendaItems::Table, AgendaItems::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_agenda_items_presenter_office_id")
                            .from(AgendaItems::Table, AgendaItems::PresenterOfficeId)
                            .to(AgencyOffices::Table, AgencyOffices::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_agenda_items_issue_id")
                            .from(AgendaItems::Table, AgendaItems::IssueId)
                            .to(InspectionIssues::Table, InspectionIssues::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_agenda_items_meeting_id_section_id_position",
            AgendaItems::Table,
            [
                AgendaItems::MeetingId,
                AgendaItems::SectionId,
                AgendaItems::Position,
            ],
        )
        .await?;

        // attendances: Attendance of an office/person at a meeting.
        manager
            .create_table(
                Table::create()
                    .table(Attendances::Table)
                    .col(pk_auto(Attendances::Id))
                    .col(integer(Attendances::MeetingId))
                    .col(integer_null(Attendances::OfficeId))
                    .col(integer_null(Attendances::PersonId))
                    .col(integer(Attendances::Position))
                    .col(boolean(Attendances::IsMember).default(true))
                    .col(text_null(Attendances::NameAsPrinted))
                    .col(text_null(Attendances::TitleAsPrinted))
                    .col(string(Attendances::Status))
                    .col(string_null(Attendances::RepresentedByName))
                    .col(string_null(Attendances::RepresentedByTitle))
                    .col(text_null(Attendances::AbsenceReason))
                    .col(boolean(Attendances::ReportSentAsDocument).default(false))
                    .col(timestamp_with_time_zone(Attendances::CreatedAt))
                    .col(timestamp_with_time_zone(Attendances::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_attendances_meeting_id")
                            .from(Attendances::Table, Attendances::MeetingId)
                            .to(Meetings::Table, Meetings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_attendances_office_id")
                            .from(Attendances::Table, Attendances::OfficeId)
                            .to(AgencyOffices::Table, AgencyOffices::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_attendances_person_id")
                            .from(Attendances::Table, Attendances::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_attendances_meeting_id_office_id",
            Attendances::Table,
            [Attendances::MeetingId, Attendances::OfficeId],
        )
        .await?;
        index(
            manager,
            "idx_attendances_office_id",
            Attendances::Table,
            [Attendances::OfficeId],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            &[
                &Attendances::Table,
                &AgendaItems::Table,
                &AgendaSections::Table,
                &RemoteSites::Table,
                &MeetingSessions::Table,
                &MeetingInspectors::Table,
                &MeetingIssues::Table,
                &MeetingProvinces::Table,
                &Meetings::Table,
                &MeetingSeries::Table,
            ],
        )
        .await
    }
}

/// Identifiers of `meeting_series`.
#[derive(DeriveIden)]
pub enum MeetingSeries {
    Table,
    Id,
    Name,
    BodyName,
    Kind,
    ProvinceId,
    ZoneId,
    RoundId,
    NumberingScope,
    RecurrenceRule,
    DefaultStart,
    DefaultEnd,
    AgendaTemplate,
    Active,
    CreatedAt,
}

/// Identifiers of `meetings`.
#[derive(DeriveIden)]
pub enum Meetings {
    Table,
    Id,
    SeriesId,
    RoundId,
    Kind,
    Title,
    Number,
    NumberYear,
    HostProvinceId,
    ZoneId,
    MeetingDate,
    StartTime,
    EndTime,
    VenueRoom,
    VenueFloor,
    VenueBuilding,
    OnlinePlatform,
    OnlineLink,
    RecordingRef,
    ChairPersonId,
    ChairTitle,
    DelegatedByPersonId,
    DelegatedByTitle,
    MinuteTakerPersonId,
    MinuteTakerTitle,
    MinuteCheckerPersonId,
    MinuteCheckerTitle,
    ParticipantCount,
    Status,
    CancelledReason,
    RescheduledFrom,
    Summary,
    DigitStyle,
    CreatedAt,
    UpdatedAt,
}

/// Identifiers of `meeting_provinces`.
#[derive(DeriveIden)]
pub enum MeetingProvinces {
    Table,
    Id,
    MeetingId,
    ProvinceId,
}

/// Identifiers of `meeting_issues`.
#[derive(DeriveIden)]
pub enum MeetingIssues {
    Table,
    Id,
    MeetingId,
    IssueId,
}

/// Identifiers of `meeting_inspectors`.
#[derive(DeriveIden)]
pub enum MeetingInspectors {
    Table,
    Id,
    MeetingId,
    PersonId,
    TitleAsPrinted,
    Position,
}

/// Identifiers of `meeting_sessions`.
#[derive(DeriveIden)]
pub enum MeetingSessions {
    Table,
    Id,
    MeetingId,
    Position,
    Label,
    StartsAt,
    EndsAt,
}

/// Identifiers of `remote_sites`.
#[derive(DeriveIden)]
pub enum RemoteSites {
    Table,
    Id,
    MeetingId,
    Name,
    ProvinceId,
    OfficeId,
    Room,
}

/// Identifiers of `agenda_sections`.
#[derive(DeriveIden)]
pub enum AgendaSections {
    Table,
    Id,
    MeetingId,
    Position,
    Title,
    Kind,
}

/// Identifiers of `agenda_items`.
#[derive(DeriveIden)]
pub enum AgendaItems {
    Table,
    Id,
    MeetingId,
    SectionId,
    ParentItemId,
    Position,
    AutoKind,
    Title,
    PresenterOfficeId,
    PresenterName,
    TimeBudgetMinutes,
    IssueId,
    NotesMd,
    ResolutionMd,
    CreatedAt,
    UpdatedAt,
}

/// Identifiers of `attendances`.
#[derive(DeriveIden)]
pub enum Attendances {
    Table,
    Id,
    MeetingId,
    OfficeId,
    PersonId,
    Position,
    IsMember,
    NameAsPrinted,
    TitleAsPrinted,
    Status,
    RepresentedByName,
    RepresentedByTitle,
    AbsenceReason,
    ReportSentAsDocument,
    CreatedAt,
    UpdatedAt,
}
