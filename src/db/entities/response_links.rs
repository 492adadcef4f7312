//! `response_links`: Emailed link letting an office report on its actions without a login.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "response_links")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub token_id: String,
    pub recipient_email: String,
    pub office_id: i32,
    #[sea_orm(column_type = "Text")]
    pub action_ids: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
    pub last_used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::agency_offices::Entity",
        from = "Column::OfficeId",
        to = "super::agency_offices::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    AgencyOffices,
}

impl Related<super::agency_offices::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AgencyOffices.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
