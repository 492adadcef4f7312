//! `attachments`: Uploaded file attached to an action update or a meeting.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attachments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub action_update_id: Option<i32>,
    pub meeting_id: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    #[sea_orm(unique)]
    pub storage_path: String,
    pub uploaded_by_user_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::action_updates::Entity",
        from = "Column::ActionUpdateId",
        to = "super::action_updates::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    ActionUpdates,
    #[sea_orm(
        belongs_to = "super::meetings::Entity",
        from = "Column::MeetingId",
        to = "super::meetings::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Meetings,
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UploadedByUserId",
        to = "super::users::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    Users,
}

impl Related<super::action_updates::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ActionUpdates.def()
    }
}

impl Related<super::meetings::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Meetings.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
