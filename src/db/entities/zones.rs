//! `zones`: Inspection zone (เขตตรวจราชการ) 0–18.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "zones")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub number: i32,
    pub name_th: String,
    pub name_en: String,
    pub group_th: String,
    pub group_en: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::zone_memberships::Entity")]
    ZoneMemberships,
    #[sea_orm(has_many = "super::user_zones::Entity")]
    UserZones,
    #[sea_orm(has_many = "super::round_zones::Entity")]
    RoundZones,
}

impl Related<super::zone_memberships::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ZoneMemberships.def()
    }
}

impl Related<super::user_zones::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::UserZones.def()
    }
}

impl Related<super::round_zones::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RoundZones.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
