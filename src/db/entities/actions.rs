//! `actions`: Action an office owes on a directive.

use sea_orm::entity::prelude::*;

use crate::domain::status::ActionStatus;
use crate::domain::status::Horizon;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "actions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub directive_id: i32,
    pub meeting_id: i32,
    pub office_id: i32,
    pub province_id: Option<i32>,
    pub zone_id: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub expected_md: Option<String>,
    pub due_on: Option<Date>,
    pub horizon: Option<Horizon>,
    pub metric_name: Option<String>,
    pub metric_unit: Option<String>,
    #[sea_orm(column_type = "Double", nullable)]
    pub metric_target: Option<f64>,
    #[sea_orm(column_type = "Double", nullable)]
    pub metric_current: Option<f64>,
    pub status: ActionStatus,
    pub progress: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::directives::Entity",
        from = "Column::DirectiveId",
        to = "super::directives::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Directives,
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
        on_delete = "Restrict"
    )]
    AgencyOffices,
    #[sea_orm(
        belongs_to = "super::provinces::Entity",
        from = "Column::ProvinceId",
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
    #[sea_orm(has_many = "super::action_updates::Entity")]
    ActionUpdates,
}

impl Related<super::directives::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Directives.def()
    }
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

impl Related<super::action_updates::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ActionUpdates.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
