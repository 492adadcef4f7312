//! `agency_offices`: An office of an agency; provincial offices have a province, central offices none.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agency_offices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub agency_id: i32,
    pub province_id: Option<i32>,
    pub name_th: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub active: bool,
    pub created_at: DateTimeUtc,
    /// Stable code, `TH-55.cdd_provincial` for the offices `migrate` creates; `None` for offices
    /// added by hand before codes existed.
    pub code: Option<String>,
    pub valid_from: Option<Date>,
    pub valid_until: Option<Date>,
    pub merged_into_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::agencies::Entity",
        from = "Column::AgencyId",
        to = "super::agencies::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Agencies,
    #[sea_orm(
        belongs_to = "super::provinces::Entity",
        from = "Column::ProvinceId",
        to = "super::provinces::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Provinces,
    #[sea_orm(has_many = "super::office_heads::Entity")]
    OfficeHeads,
    #[sea_orm(has_many = "super::directive_targets::Entity")]
    DirectiveTargets,
    #[sea_orm(has_many = "super::actions::Entity")]
    Actions,
    #[sea_orm(has_many = "super::response_links::Entity")]
    ResponseLinks,
}

impl Related<super::agencies::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Agencies.def()
    }
}

impl Related<super::provinces::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Provinces.def()
    }
}

impl Related<super::office_heads::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OfficeHeads.def()
    }
}

impl Related<super::directive_targets::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DirectiveTargets.def()
    }
}

impl Related<super::actions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Actions.def()
    }
}

impl Related<super::response_links::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ResponseLinks.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
