//! `agenda_sections`: Agenda section (ระเบียบวาระที่ ...).

use sea_orm::entity::prelude::*;

use crate::domain::agenda::AgendaSectionKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agenda_sections")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: i32,
    pub position: i32,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    pub kind: AgendaSectionKind,
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
    #[sea_orm(has_many = "super::agenda_items::Entity")]
    AgendaItems,
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

impl ActiveModelBehavior for ActiveModel {}
