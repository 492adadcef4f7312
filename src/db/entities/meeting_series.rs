//! `meeting_series`: A recurring meeting series (e.g. monthly provincial committee).

use sea_orm::entity::prelude::*;

use crate::domain::numbering::NumberingScope;
use crate::domain::status::MeetingKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_series")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub body_name: Option<String>,
    pub kind: MeetingKind,
    pub province_id: Option<i32>,
    pub zone_id: Option<i32>,
    pub round_id: Option<i32>,
    pub numbering_scope: NumberingScope,
    pub recurrence_rule: Option<String>,
    pub default_start: Option<Time>,
    pub default_end: Option<Time>,
    #[sea_orm(column_type = "Text", nullable)]
    pub agenda_template: Option<String>,
    pub active: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
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
    #[sea_orm(
        belongs_to = "super::inspection_rounds::Entity",
        from = "Column::RoundId",
        to = "super::inspection_rounds::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    InspectionRounds,
    #[sea_orm(has_many = "super::meetings::Entity")]
    Meetings,
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

impl Related<super::inspection_rounds::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::InspectionRounds.def()
    }
}

impl Related<super::meetings::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Meetings.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
