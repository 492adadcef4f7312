//! `outbox_messages`: Outgoing email queue (transactional outbox).

use sea_orm::entity::prelude::*;

use crate::domain::status::OutboxStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// A `mail::kind` (also the template name). A string on purpose: a row of a kind another
    /// version wrote still reads and is listed (as "อีเมล"); see docs/data-model.md.
    pub kind: String,
    #[sea_orm(unique, nullable)]
    pub dedupe_key: Option<String>,
    pub recipient_email: String,
    pub recipient_name: Option<String>,
    pub cc: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub subject: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub payload: String,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub available_at: DateTimeUtc,
    pub locked_until: Option<DateTimeUtc>,
    pub locked_by: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub sent_at: Option<DateTimeUtc>,
    pub message_id: Option<String>,
    pub meeting_id: Option<i32>,
    pub office_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::meetings::Entity",
        from = "Column::MeetingId",
        to = "super::meetings::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    Meetings,
    #[sea_orm(
        belongs_to = "super::agency_offices::Entity",
        from = "Column::OfficeId",
        to = "super::agency_offices::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    AgencyOffices,
}

impl Related<super::meetings::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Meetings.def()
    }
}

impl Related<super::agency_offices::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AgencyOffices.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
