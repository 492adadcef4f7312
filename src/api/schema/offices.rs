//! Schemas of agency offices as the office registry lists and changes them.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

/// An agency office.
#[derive(Debug, Serialize, ToSchema)]
pub struct Office {
    /// Id (what directives, actions and imports use).
    pub id: i32,
    /// Stable code, e.g. `TH-55.cdd_provincial`.
    pub code: Option<String>,
    /// Name.
    pub name_th: String,
    /// Agency short code from the catalogue, e.g. `cdd_provincial`.
    pub agency: String,
    /// Open for new actions.
    pub active: bool,
    /// In service since.
    pub valid_from: Option<NaiveDate>,
    /// Closed on (or closes on).
    pub valid_until: Option<NaiveDate>,
    /// Merged into this office.
    pub merged_into_id: Option<i32>,
    /// Mailbox.
    pub email: Option<String>,
    /// State in Thai: `เปิด`, `ปิดเมื่อ …`, `รวมเข้ากับหน่วยงานรหัส …`.
    pub state_th: String,
}

/// The answer to a change.
#[derive(Debug, Serialize, ToSchema)]
pub struct OfficeChanged {
    /// The office as it is now.
    pub office: Office,
    /// Open actions moved to the target by a merge.
    pub actions_moved: u64,
}
