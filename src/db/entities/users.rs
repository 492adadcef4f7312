//! `users`: A login account.

use sea_orm::entity::prelude::*;

use crate::domain::status::Role;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub email: String,
    pub display_name: String,
    pub password_hash: Option<String>,
    pub role: Role,
    pub province_id: Option<i32>,
    pub office_id: Option<i32>,
    pub person_id: Option<i32>,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub last_login_at: Option<DateTimeUtc>,
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
    #[sea_orm(has_many = "super::user_zones::Entity")]
    UserZones,
    #[sea_orm(has_many = "super::api_tokens::Entity")]
    ApiTokens,
    #[sea_orm(has_many = "super::sessions::Entity")]
    Sessions,
}

impl Related<super::provinces::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Provinces.def()
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

impl Related<super::user_zones::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::UserZones.def()
    }
}

impl Related<super::api_tokens::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ApiTokens.def()
    }
}

impl Related<super::sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Sessions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
