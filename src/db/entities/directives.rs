//! `directives`: Directive (ข้อสั่งการ) issued at a meeting.

use sea_orm::entity::prelude::*;

use crate::domain::status::DirectiveStatus;
use crate::domain::status::IssuerRole;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "directives")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: i32,
    pub agenda_item_id: Option<i32>,
    pub issue_id: Option<i32>,
    pub number: i32,
    pub issuer_role: IssuerRole,
    pub issuer_person_id: Option<i32>,
    pub issuer_name_as_printed: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub text_md: String,
    pub status: DirectiveStatus,
    pub published_at: Option<DateTimeUtc>,
    pub published_by_user_id: Option<i32>,
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
        belongs_to = "super::agenda_items::Entity",
        from = "Column::AgendaItemId",
        to = "super::agenda_items::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    AgendaItems,
    #[sea_orm(
        belongs_to = "super::inspection_issues::Entity",
        from = "Column::IssueId",
        to = "super::inspection_issues::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    InspectionIssues,
    #[sea_orm(
        belongs_to = "super::people::Entity",
        from = "Column::IssuerPersonId",
        to = "super::people::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    People,
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::PublishedByUserId",
        to = "super::users::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    Users,
    #[sea_orm(has_many = "super::directive_targets::Entity")]
    DirectiveTargets,
    #[sea_orm(has_many = "super::actions::Entity")]
    Actions,
}

impl Related<super::meetings::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Meetings.def()
    }
}

impl Related<super::agenda_items::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AgendaItems.def()
    }
}

impl Related<super::inspection_issues::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::InspectionIssues.def()
    }
}

impl Related<super::people::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::People.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
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

impl ActiveModelBehavior for ActiveModel {}
