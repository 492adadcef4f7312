//! `attendances`: Attendance of an office/person at a meeting.

use sea_orm::entity::prelude::*;

use crate::domain::status::AttendanceStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attendances")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: i32,
    pub office_id: Option<i32>,
    pub person_id: Option<i32>,
    pub position: i32,
    pub is_member: bool,
    #[sea_orm(column_type = "Text", nullable)]
    pub name_as_printed: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub title_as_printed: Option<String>,
    pub status: AttendanceStatus,
    pub represented_by_name: Option<String>,
    pub represented_by_title: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub absence_reason: Option<String>,
    pub report_sent_as_document: bool,
    pub is_group: bool,
    pub group_count: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::meetings::Entity",
        from = "Column::MeetingId",
        to = "super::meetings::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Meetings,
    #[sea_orm(
        belongs_to = "super::agency_offices::Entity",
        from = "Column::OfficeId",
        to = "super::agency_offices::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    AgencyOffices,
    #[sea_orm(
        belongs_to = "super::people::Entity",
        from = "Column::PersonId",
        to = "super::people::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    People,
}

impl Related<super::meetings::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Meetings.def()
    }
}

impl Related<super::agency_offices::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AgencyOffices.def()
    }
}

impl Related<super::people::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::People.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
