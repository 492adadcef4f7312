//! `meetings`: One meeting.

use sea_orm::entity::prelude::*;

use crate::domain::calendar::Digits;
use crate::domain::status::MeetingKind;
use crate::domain::status::MeetingStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meetings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub series_id: Option<i32>,
    pub round_id: Option<i32>,
    pub kind: MeetingKind,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    pub number: Option<i32>,
    pub number_year: Option<i32>,
    pub host_province_id: Option<i32>,
    pub zone_id: Option<i32>,
    pub meeting_date: Date,
    pub start_time: Option<Time>,
    pub end_time: Option<Time>,
    pub venue_room: Option<String>,
    pub venue_floor: Option<String>,
    pub venue_building: Option<String>,
    pub online_platform: Option<String>,
    pub online_link: Option<String>,
    pub recording_ref: Option<String>,
    pub chair_person_id: Option<i32>,
    pub chair_title: Option<String>,
    pub delegated_by_person_id: Option<i32>,
    pub delegated_by_title: Option<String>,
    pub minute_taker_person_id: Option<i32>,
    pub minute_taker_title: Option<String>,
    pub minute_checker_person_id: Option<i32>,
    pub minute_checker_title: Option<String>,
    pub participant_count: Option<i32>,
    pub status: MeetingStatus,
    #[sea_orm(column_type = "Text", nullable)]
    pub cancelled_reason: Option<String>,
    pub rescheduled_from: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub summary: Option<String>,
    pub digit_style: Digits,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    #[sea_orm(column_type = "Text", nullable)]
    pub host_org_th: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub source_headline: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub source_url: Option<String>,
    pub source_published_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::meeting_series::Entity",
        from = "Column::SeriesId",
        to = "super::meeting_series::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    MeetingSeries,
    #[sea_orm(
        belongs_to = "super::inspection_rounds::Entity",
        from = "Column::RoundId",
        to = "super::inspection_rounds::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    InspectionRounds,
    #[sea_orm(
        belongs_to = "super::provinces::Entity",
        from = "Column::HostProvinceId",
        to = "super::provinces::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Provinces,
    #[sea_orm(
        belongs_to = "super::zones::Entity",
        from = "Column::ZoneId",
        to = "super::zones::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Zones,
    #[sea_orm(
        belongs_to = "super::people::Entity",
        from = "Column::ChairPersonId",
        to = "super::people::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    ChairPerson,
    #[sea_orm(
        belongs_to = "super::people::Entity",
        from = "Column::DelegatedByPersonId",
        to = "super::people::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    DelegatedByPerson,
    #[sea_orm(
        belongs_to = "super::people::Entity",
        from = "Column::MinuteTakerPersonId",
        to = "super::people::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    MinuteTakerPerson,
    #[sea_orm(
        belongs_to = "super::people::Entity",
        from = "Column::MinuteCheckerPersonId",
        to = "super::people::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    MinuteCheckerPerson,
    #[sea_orm(has_many = "super::meeting_provinces::Entity")]
    MeetingProvinces,
    #[sea_orm(has_many = "super::meeting_issues::Entity")]
    MeetingIssues,
    #[sea_orm(has_many = "super::meeting_inspectors::Entity")]
    MeetingInspectors,
    #[sea_orm(has_many = "super::meeting_sessions::Entity")]
    MeetingSessions,
    #[sea_orm(has_many = "super::remote_sites::Entity")]
    RemoteSites,
    #[sea_orm(has_many = "super::agenda_sections::Entity")]
    AgendaSections,
    #[sea_orm(has_many = "super::agenda_items::Entity")]
    AgendaItems,
    #[sea_orm(has_many = "super::attendances::Entity")]
    Attendances,
    #[sea_orm(has_many = "super::directives::Entity")]
    Directives,
    #[sea_orm(has_many = "super::actions::Entity")]
    Actions,
    #[sea_orm(has_many = "super::attachments::Entity")]
    Attachments,
}

impl Related<super::meeting_series::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MeetingSeries.def()
    }
}

impl Related<super::inspection_rounds::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::InspectionRounds.def()
    }
}

impl Related<super::provinces::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Provinces.def()
    }
}

impl Related<super::zones::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Zones.def()
    }
}

impl Related<super::meeting_provinces::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MeetingProvinces.def()
    }
}

impl Related<super::meeting_issues::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MeetingIssues.def()
    }
}

impl Related<super::meeting_inspectors::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MeetingInspectors.def()
    }
}

impl Related<super::meeting_sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MeetingSessions.def()
    }
}

impl Related<super::remote_sites::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RemoteSites.def()
    }
}

impl Related<super::agenda_sections::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AgendaSections.def()
    }
}

impl Related<super::agenda_items::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AgendaItems.def()
    }
}

impl Related<super::attendances::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Attendances.def()
    }
}

impl Related<super::directives::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Directives.def()
    }
}

impl Related<super::actions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Actions.def()
    }
}

impl Related<super::attachments::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Attachments.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
