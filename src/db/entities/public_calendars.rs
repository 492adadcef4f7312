//! `public_calendars`: provinces that publish a public feed of their planned meetings (a row
//! means the feed is on).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "public_calendars")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub province_id: i32,
    pub enabled_at: DateTimeUtc,
    pub enabled_by_user_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::provinces::Entity",
        from = "Column::ProvinceId",
        to = "super::provinces::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Provinces,
}

impl Related<super::provinces::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Provinces.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
