//! `people`: A person named in meetings (chair, inspector, head of office, ...).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "people")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub honorific: Option<String>,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub position_th: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::office_heads::Entity")]
    OfficeHeads,
    #[sea_orm(has_many = "super::round_inspectors::Entity")]
    RoundInspectors,
    #[sea_orm(has_many = "super::meeting_inspectors::Entity")]
    MeetingInspectors,
}

impl Related<super::office_heads::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OfficeHeads.def()
    }
}

impl Related<super::round_inspectors::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RoundInspectors.def()
    }
}

impl Related<super::meeting_inspectors::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MeetingInspectors.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
