//! `meeting_provinces`: Provinces taking part in a meeting.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_provinces")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: i32,
    pub province_id: i32,
    /// A copy of the meeting's zone, kept by triggers (migration
    /// `m20261204_000028_meeting_zone_copy`): never written by the app.
    pub meeting_zone_id: Option<i32>,
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
        belongs_to = "super::provinces::Entity",
        from = "Column::ProvinceId",
        to = "super::provinces::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Provinces,
}

impl Related<super::meetings::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Meetings.def()
    }
}

impl Related<super::provinces::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Provinces.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
