//! `minutes`: Minutes (รายงานการประชุม) of a meeting.

use sea_orm::entity::prelude::*;

use crate::domain::calendar::Digits;
use crate::domain::minutes::Certification;
use crate::domain::status::MinutesState;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "minutes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub meeting_id: i32,
    pub state: MinutesState,
    pub current_revision: i32,
    pub digit_style: Digits,
    pub certified_at: Option<DateTimeUtc>,
    pub certification_method: Option<Certification>,
    pub certified_by_meeting_id: Option<i32>,
    pub circulation_deadline: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub corrections_md: Option<String>,
    pub content_sha256: Option<String>,
    pub published: bool,
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
    Meeting,
    #[sea_orm(
        belongs_to = "super::meetings::Entity",
        from = "Column::CertifiedByMeetingId",
        to = "super::meetings::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    CertifiedByMeeting,
    #[sea_orm(has_many = "super::minutes_revisions::Entity")]
    MinutesRevisions,
}

impl Related<super::minutes_revisions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MinutesRevisions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
