//! `indicators`: Indicator (ตัวชี้วัด) of an inspection issue.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "indicators")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub issue_id: i32,
    pub position: i32,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    pub unit: String,
    #[sea_orm(column_type = "Double", nullable)]
    pub target: Option<f64>,
    #[sea_orm(column_type = "Double", nullable)]
    pub current: Option<f64>,
    pub as_of: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::inspection_issues::Entity",
        from = "Column::IssueId",
        to = "super::inspection_issues::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    InspectionIssues,
}

impl Related<super::inspection_issues::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::InspectionIssues.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
