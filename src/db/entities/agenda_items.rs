//! `agenda_items`: Agenda item, possibly nested under another item.

use sea_orm::entity::prelude::*;

use crate::domain::agenda::AgendaItemKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agenda_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: i32,
    pub section_id: i32,
    pub parent_item_id: Option<i32>,
    pub position: i32,
    pub auto_kind: Option<AgendaItemKind>,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    pub presenter_office_id: Option<i32>,
    pub presenter_name: Option<String>,
    pub time_budget_minutes: Option<i32>,
    pub issue_id: Option<i32>,
    #[sea_orm(column_type = "Text", nullable)]
    pub notes_md: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub resolution_md: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
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
        belongs_to = "super::agenda_sections::Entity",
        from = "Column::SectionId",
        to = "super::agenda_sections::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    AgendaSections,
    #[sea_orm(
        belongs_to = "Entity",
        from = "Column::ParentItemId",
        to = "Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    ParentItem,
    #[sea_orm(
        belongs_to = "super::agency_offices::Entity",
        from = "Column::PresenterOfficeId",
        to = "super::agency_offices::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    AgencyOffices,
    #[sea_orm(
        belongs_to = "super::inspection_issues::Entity",
        from = "Column::IssueId",
        to = "super::inspection_issues::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    InspectionIssues,
    #[sea_orm(has_many = "Entity", via_rel = "Relation::ParentItem")]
    ChildItems,
}

impl Related<super::meetings::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Meetings.def()
    }
}

impl Related<super::agenda_sections::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AgendaSections.def()
    }
}

impl Related<super::agency_offices::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AgencyOffices.def()
    }
}

impl Related<super::inspection_issues::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::InspectionIssues.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
