//! `round_zones`: Zones covered by a round.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "round_zones")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub round_id: i32,
    pub zone_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::inspection_rounds::Entity",
        from = "Column::RoundId",
        to = "super::inspection_rounds::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    InspectionRounds,
    #[sea_orm(
        belongs_to = "super::zones::Entity",
        from = "Column::ZoneId",
        to = "super::zones::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Zones,
}

impl Related<super::inspection_rounds::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::InspectionRounds.def()
    }
}

impl Related<super::zones::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Zones.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
