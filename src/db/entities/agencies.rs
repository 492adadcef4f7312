//! `agencies`: Government agency (หน่วยงาน).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agencies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub short_code: String,
    pub name_th: String,
    pub abbreviation_th: Option<String>,
    pub name_en: String,
    pub ministry_th: String,
    pub department_th: Option<String>,
    pub head_title_th: String,
    pub head_abbreviation_th: Option<String>,
    /// Open on purpose (not a domain enum): reference data from `assets/reference/agencies.csv`
    /// (`province`, `district`, `area`, `branch`), which owns the list; see docs/data-model.md.
    pub level: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::agency_offices::Entity")]
    AgencyOffices,
}

impl Related<super::agency_offices::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AgencyOffices.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
