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
    #[sea_orm(has_one = "super::public_calendars::Entity")]
    PublicCalendars,
}

impl Related<super::zone_memberships::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ZoneMemberships.def()
    }
}

impl Related<super::public_calendars::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PublicCalendars.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
