//! `minutes_revisions`: A saved revision of minutes.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "minutes_revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub minutes_id: i32,
    pub revision: i32,
    #[sea_orm(column_type = "Text")]
    pub content_md: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub notes_json: Option<String>,
    pub author_user_id: Option<i32>,
    #[sea_orm(column_type = "Text", nullable)]
    pub comment: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::minutes::Entity",
        from = "Column::MinutesId",
        to = "super::minutes::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Minutes,
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::AuthorUserId",
        to = "super::users::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    Users,
}

impl Related<super::minutes::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Minutes.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
