//! The zone report of an inspection round (what an inspector hands upward): each province's
//! meetings, the directives by inspection issue, and the status of the actions per province
//! and per agency office, ready for `templates/documents/zone_report.md.j2`.

use minijinja::value::{Serde, Value};
use serde::Serialize;

use super::Documents;
use super::minutes::tidy;

/// The Markdown template.
pub const TEMPLATE: &str = "documents/zone_report.md.j2";

/// The report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReportDoc {
    /// `รายงานผลการตรวจราชการ …`.
    pub heading: String,
    /// Round label and fiscal year.
    pub round: String,
    /// Zones covered.
    pub zones: String,
    /// Period of the round, or empty.
    pub period: String,
    /// `ข้อมูล ณ วันที่ …`.
    pub as_of: String,
    /// Inspectors of the round.
    pub inspectors: Vec<String>,
    /// Per province: its meetings.
    pub provinces: Vec<ProvinceMeetings>,
    /// Directives grouped by inspection issue (and "other" last).
    pub issues: Vec<IssueDirectives>,
    /// Column heads of the status tables (status labels, then overdue and total).
    pub status_heads: Vec<String>,
    /// Status counts per province (and a total row last).
    pub by_province: Vec<CountRow>,
    /// Status counts per agency office.
    pub by_office: Vec<CountRow>,
}

/// A province and its meetings in the round.
#[derive(Debug, Clone, Serialize)]
pub struct ProvinceMeetings {
    /// Province name.
    pub province: String,
    /// Meetings in date order.
    pub meetings: Vec<MeetingLine>,
}

/// One meeting.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingLine {
    /// Running number.
    pub no: String,
    /// Thai date.
    pub date: String,
    /// `ครั้งที่ 1/2565` or empty.
    pub number: String,
    /// Title.
    pub title: String,
    /// Status label.
    pub status: String,
    /// Published directives.
    pub directives: String,
    /// Actions.
    pub actions: String,
}

/// Directives under one inspection issue.
#[derive(Debug, Clone, Serialize)]
pub struct IssueDirectives {
    /// Issue title.
    pub issue: String,
    /// The directives.
    pub directives: Vec<DirectiveItem>,
}

/// One directive in the report.
#[derive(Debug, Clone, Serialize)]
pub struct DirectiveItem {
    /// Province.
    pub province: String,
    /// `ครั้งที่ 1/2565 (19 เม.ย. 65)`.
    pub meeting: String,
    /// Issuer.
    pub issuer: String,
    /// Text (Markdown).
    pub text_md: String,
}

/// One row of a status table.
#[derive(Debug, Clone, Serialize)]
pub struct CountRow {
    /// Province or office (and province).
    pub name: String,
    /// Counts in the order of `status_heads`.
    pub counts: Vec<String>,
}

impl ReportDoc {
    /// The Markdown of the report.
    pub fn markdown(&self, docs: &Documents) -> anyhow::Result<String> {
        docs.render(
            TEMPLATE,
            &minijinja::context! { r => Value::from(Serde(self)) },
        )
        .map(|s| tidy(&s))
    }
}
