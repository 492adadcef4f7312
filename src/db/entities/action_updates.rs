//! `action_updates`: Progress report on an action.

use sea_orm::entity::prelude::*;

use crate::domain::status::ActionStatus;
use crate::domain::status::UpdateChannel;
use crate::domain::status::UpdateReview;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "action_updates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub action_id: i32,
    pub author_user_id: Option<i32>,
    pub author_name: Option<String>,
    pub channel: UpdateChannel,
    pub progress: Option<i32>,
    #[sea_orm(column_type = "Double", nullable)]
    pub metric_value: Option<f64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub text_md: Option<String>,
    pub status_after: Option<ActionStatus>,
    pub review: UpdateReview,
    pub reviewed_by_user_id: Option<i32>,
    pub reviewed_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub review_comment: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::actions::Entity",
        from = "Column::ActionId",
        to = "super::actions::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Actions,
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::AuthorUserId",
        to = "super::users::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    AuthorUser,
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::ReviewedByUserId",
        to = "super::users::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    ReviewedByUser,
    #[sea_orm(has_many = "super::attachments::Entity")]
    Attachments,
}

impl Related<super::actions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Actions.def()
    }
}

impl Related<super::attachments::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Attachments.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
