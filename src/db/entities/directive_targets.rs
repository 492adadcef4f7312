//! `directive_targets`: Office or whole agency a directive is addressed to.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "directive_targets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub directive_id: i32,
    pub office_id: Option<i32>,
    pub agency_id: Option<i32>,
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
        belongs_to = "super::agency_offices::Entity",
        from = "Column::OfficeId",
        to = "super::agency_offices::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    AgencyOffices,
    #[sea_orm(
        belongs_to = "super::agencies::Entity",
        from = "Column::AgencyId",
        to = "super::agencies::Column::Id",
        on_update = "NoAction",
        on_delete = "Restrict"
    )]
    Agencies,
}

impl Related<super::directives::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Directives.def()
    }
}

impl Related<super::agency_offices::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AgencyOffices.def()
    }
}

impl Related<super::agencies::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Agencies.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
