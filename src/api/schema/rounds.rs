//! Schemas of rounds, issues, indicators and accounts as the services shape them.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::values::InspectionLevel;

/// A zone covered by a round.
#[derive(Debug, Serialize, ToSchema)]
pub struct Zone {
    /// Zone number 0–18.
    pub number: i32,
    /// Thai name.
    pub name_th: String,
}

/// An inspector of a round.
#[derive(Debug, Serialize, ToSchema)]
pub struct Inspector {
    /// Name.
    pub name: String,
    /// Title as printed.
    pub title_as_printed: String,
}

/// An indicator of an issue.
#[derive(Debug, Serialize, ToSchema)]
pub struct Indicator {
    /// Id.
    pub id: i32,
    /// Name.
    pub name: String,
    /// Unit, e.g. `ครัวเรือน`.
    pub unit: String,
    /// Target.
    pub target: Option<f64>,
    /// Current value.
    pub current: Option<f64>,
    /// As of (ISO 8601).
    pub as_of: Option<NaiveDate>,
    /// Target as `2,242`.
    pub target_th: Option<String>,
    /// Current value as `2,242`.
    pub current_th: Option<String>,
    /// As of, Buddhist Era.
    pub as_of_th: Option<String>,
}

/// An inspection issue with its indicators.
#[derive(Debug, Serialize, ToSchema)]
pub struct Issue {
    /// Id.
    pub id: i32,
    /// Order.
    pub position: i32,
    /// Title.
    pub title: String,
    /// Key issue (ประเด็นสำคัญ).
    pub is_key: bool,
    /// Description.
    pub description: Option<String>,
    /// Indicators.
    pub indicators: Vec<Indicator>,
}

/// An inspection round.
#[derive(Debug, Serialize, ToSchema)]
pub struct Round {
    /// Id.
    pub id: i32,
    /// Fiscal year, Buddhist Era (e.g. 2570).
    pub fiscal_year: i32,
    /// Level.
    #[schema(value_type = InspectionLevel)]
    pub level: String,
    /// Level in Thai.
    pub level_th: String,
    /// Owning organisation.
    pub organisation_th: String,
    /// Label.
    pub label: String,
    /// First day (ISO 8601).
    pub starts_on: Option<NaiveDate>,
    /// Last day (ISO 8601).
    pub ends_on: Option<NaiveDate>,
    /// First day, Buddhist Era.
    pub starts_th: Option<String>,
    /// Last day, Buddhist Era.
    pub ends_th: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// Zones covered.
    pub zones: Vec<Zone>,
    /// Inspectors.
    pub inspectors: Vec<Inspector>,
    /// Issues with indicators (empty in lists).
    pub issues: Vec<Issue>,
}

/// An issue as stored (the answer to adding one).
#[derive(Debug, Serialize, ToSchema)]
pub struct IssueRecord {
    /// Id.
    pub id: i32,
    /// Round.
    pub round_id: i32,
    /// Order.
    pub position: i32,
    /// Title.
    pub title: String,
    /// Key issue.
    pub is_key: bool,
    /// Description.
    pub description: Option<String>,
}

/// What an issue is made of.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssueInput {
    /// Title (required, up to 500 characters).
    pub title: String,
    /// Key issue.
    #[schema(required = false)]
    pub is_key: bool,
    /// Description.
    pub description: Option<String>,
}

/// An indicator as stored (the answer to adding one).
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorRecord {
    /// Id.
    pub id: i32,
    /// Issue.
    pub issue_id: i32,
    /// Order.
    pub position: i32,
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: String,
    /// Target.
    pub target: Option<f64>,
    /// Current value.
    pub current: Option<f64>,
    /// As of (ISO 8601).
    pub as_of: Option<NaiveDate>,
}
