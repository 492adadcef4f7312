//! `inspection_rounds`: An inspection round (รอบการตรวจราชการ) of a fiscal year.

use sea_orm::entity::prelude::*;

use crate::domain::status::InspectionLevel;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspection_rounds")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub fiscal_year: i32,
    pub level: InspectionLevel,
    pub organisation_th: String,
    pub label: String,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub notes: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Wording added to reminder and escalation emails of the round's meetings.
    #[sea_orm(column_type = "Text", nullable)]
    pub reminder_text: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::round_zones::Entity")]
    RoundZones,
    #[sea_orm(has_many = "super::round_inspectors::Entity")]
    RoundInspectors,
    #[sea_orm(has_many = "super::inspection_issues::Entity")]
    InspectionIssues,
}

impl Related<super::round_zones::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RoundZones.def()
    }
}

impl Related<super::round_inspectors::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RoundInspectors.def()
    }
}

impl Related<super::inspection_issues::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::InspectionIssues.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
