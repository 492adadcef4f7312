//! `provinces`: Province (จังหวัด), ISO 3166-2 code such as `TH-33`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "provinces")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    pub region_th: String,
    pub abbr_th: Option<String>,
    pub moph_health_region: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::zone_memberships::Entity")]
    ZoneMemberships,
}

impl Related<super::zone_memberships::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ZoneMemberships.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
