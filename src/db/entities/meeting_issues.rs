//! `meeting_issues`: Inspection issues discussed in a meeting.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_issues")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: i32,
    pub issue_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::meetings::Entity",
        from = "Column::MeetingId",
        to = "super::meetings::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Meetings,
    #[sea_orm(
        belongs_to = "super::inspection_issues::Entity",
        from = "Column::IssueId",
        to = "super::inspection_issues::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    InspectionIssues,
}

impl Related<super::meetings::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Meetings.def()
    }
}

impl Related<super::inspection_issues::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::InspectionIssues.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
