//! `inspection_issues`: Issue (ประเด็น) inspected in a round.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspection_issues")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub round_id: i32,
    pub position: i32,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    pub is_key: bool,
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
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
    #[sea_orm(has_many = "super::indicators::Entity")]
    Indicators,
    #[sea_orm(has_many = "super::meeting_issues::Entity")]
    MeetingIssues,
}

impl Related<super::inspection_rounds::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::InspectionRounds.def()
    }
}

impl Related<super::indicators::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Indicators.def()
    }
}

impl Related<super::meeting_issues::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MeetingIssues.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
