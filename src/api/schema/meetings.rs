//! Schemas of meetings, their agenda and attendance as the services shape them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::values::{AttendanceStatusInput, MeetingKind, MeetingStatus};

/// A meeting in lists.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingRow {
    /// Id.
    pub id: i32,
    /// Date (ISO 8601).
    pub meeting_date: NaiveDate,
    /// Thai date, e.g. `19 เม.ย. 65`.
    pub date_th: String,
    /// Title.
    pub title: String,
    /// `4/2565`, if numbered.
    pub number: Option<String>,
    /// Host province code.
    pub province_code: Option<String>,
    /// Host province in Thai.
    pub province_th: Option<String>,
    /// Status.
    #[schema(value_type = MeetingStatus)]
    pub status: String,
    /// Status in Thai.
    pub status_th: String,
    /// Kind.
    #[schema(value_type = MeetingKind)]
    pub kind: String,
    /// Kind in Thai.
    pub kind_th: String,
    /// Series.
    pub series_id: Option<i32>,
}

/// A person as printed.
#[derive(Debug, Serialize, ToSchema)]
pub struct Named {
    /// Full name.
    pub name: String,
    /// Title as printed.
    pub title: Option<String>,
}

/// A session of a meeting.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    /// Label (`ช่วงเช้า`).
    pub label: Option<String>,
    /// Start, `09:00:00`.
    #[schema(value_type = String, examples("09:00:00"))]
    pub starts_at: String,
    /// End, `12:00:00`; absent when the meeting has no stated end.
    #[schema(value_type = Option<String>, examples("12:00:00"))]
    pub ends_at: Option<String>,
    /// `เวลา 09.00–12.00 น.`
    pub range_th: String,
}

/// The agenda of a meeting.
#[derive(Debug, Serialize, ToSchema)]
pub struct Agenda {
    /// Sections in order, each with its numbered items.
    pub sections: Vec<Section>,
    /// The meeting whose minutes item 2 certifies.
    pub previous: Option<PreviousMeeting>,
    /// Open actions carried over from earlier meetings of the series.
    pub matters: Vec<CarriedAction>,
    /// How many there are when only the first of them are listed (null: all listed).
    pub matters_total: Option<u64>,
    /// Whether the meeting belongs to a series.
    pub in_series: bool,
    /// Number of items.
    pub item_count: u64,
}

/// A section of the agenda.
#[derive(Debug, Serialize, ToSchema)]
pub struct Section {
    /// Id.
    pub id: i32,
    /// 1-based number.
    pub number: i32,
    /// Printed title.
    pub title: String,
    /// Kind (`announcements`, …).
    pub kind: String,
    /// Items in reading order (sub-items right after their parent).
    pub items: Vec<AgendaItemView>,
}

/// An agenda item as shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaItemView {
    /// Id.
    pub id: i32,
    /// `4.1`, `4.1.2`.
    pub number: String,
    /// 0 for items, 1 for sub-items.
    pub depth: u64,
    /// Section.
    pub section_id: i32,
    /// Parent item.
    pub parent_item_id: Option<i32>,
    /// Title.
    pub title: String,
    /// `certify_previous`, `matters_arising` or null.
    pub auto_kind: Option<String>,
    /// Presenter office.
    pub presenter_office_id: Option<i32>,
    /// Presenter office name.
    pub presenter_office: Option<String>,
    /// Presenter's name.
    pub presenter_name: Option<String>,
    /// Minutes allotted.
    pub time_budget_minutes: Option<i32>,
    /// Linked issue.
    pub issue_id: Option<i32>,
    /// Linked issue title.
    pub issue_title: Option<String>,
    /// Notes (Markdown).
    pub notes_md: Option<String>,
    /// Resolution (Markdown).
    pub resolution_md: Option<String>,
    /// First among its siblings.
    pub first: bool,
    /// Last among its siblings.
    pub last: bool,
}

/// The previous meeting of the series.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviousMeeting {
    /// Id.
    pub id: i32,
    /// `3/2565`.
    pub number: Option<String>,
    /// Title.
    pub title: String,
    /// Thai long date.
    pub date_th: String,
}

/// An open action carried over, with its latest update.
#[derive(Debug, Serialize, ToSchema)]
pub struct CarriedAction {
    /// Id.
    pub id: i32,
    /// What must be done.
    pub title: String,
    /// Responsible office.
    pub office: String,
    /// The meeting it came from.
    pub meeting_id: i32,
    /// That meeting's number.
    pub meeting_number: Option<String>,
    /// That meeting's date (Thai, short).
    pub meeting_date_th: String,
    /// Status in Thai.
    pub status_th: String,
    /// Progress %.
    pub progress: i32,
    /// Due (Thai, short).
    pub due_th: Option<String>,
    /// Latest update.
    pub latest_update: Option<LatestUpdate>,
}

/// The latest progress report of an action.
#[derive(Debug, Serialize, ToSchema)]
pub struct LatestUpdate {
    /// Date (Thai, short).
    pub date_th: String,
    /// Text (Markdown).
    pub text_md: Option<String>,
    /// Progress %.
    pub progress: Option<i32>,
}

/// One attendance row.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttendanceRow {
    /// `o12` (an office), `a34` (a stored row without office) or `new`.
    pub key: String,
    /// Stored row id.
    pub attendance_id: Option<i32>,
    /// Office.
    pub office_id: Option<i32>,
    /// Office name.
    pub office_name: Option<String>,
    /// Current head of the office (hint).
    pub head_name: Option<String>,
    /// Name as printed.
    pub name: String,
    /// Title as printed.
    pub title: String,
    /// Status (stored), blank when not recorded.
    pub status: String,
    /// Status in Thai.
    pub status_th: String,
    /// Representative's name.
    pub rep_name: String,
    /// Representative's title.
    pub rep_title: String,
    /// Reason for absence.
    pub reason: String,
    /// Report sent as a document.
    pub sent: bool,
    /// A group of attendees ("นายอำเภอทุกอำเภอ"): the label is `title`, no name.
    pub is_group: bool,
    /// How many the group counted, when known.
    pub group_count: Option<u32>,
}

/// Count of one attendance status.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttendanceCount {
    /// Status (stored).
    pub status: String,
    /// Thai label.
    pub label: String,
    /// Rows with it.
    pub count: u64,
}

/// The attendance of a meeting with its counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct Attendance {
    /// Rows in order.
    pub rows: Vec<AttendanceRow>,
    /// Counts per status (every status, zeros included).
    pub counts: Vec<AttendanceCount>,
    /// Rows with a status.
    pub recorded: u64,
    /// Rows without a status yet.
    pub unrecorded: u64,
}

/// One attendance row as sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttendanceRowInput {
    /// Office (office rows).
    pub office_id: Option<i32>,
    /// Name as printed (people, guests).
    #[schema(required = false)]
    pub name: String,
    /// Title as printed.
    #[schema(required = false)]
    pub title: String,
    /// Status; blank removes the row.
    #[schema(required = false, value_type = AttendanceStatusInput)]
    pub status: String,
    /// Representative's name.
    #[schema(required = false)]
    pub represented_by_name: String,
    /// Representative's title.
    #[schema(required = false)]
    pub represented_by_title: String,
    /// Reason for absence.
    #[schema(required = false)]
    pub absence_reason: String,
    /// Report sent as a document.
    #[schema(required = false)]
    pub report_sent_as_document: bool,
    /// A group of attendees, printed as one row: its label in `title`, no name, no office.
    #[schema(required = false)]
    pub is_group: bool,
    /// How many the group counted (1–100,000).
    #[schema(required = false, minimum = 1, maximum = 100000)]
    pub group_count: Option<u32>,
}

/// An agenda item as stored (the answer to adding one).
#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaItem {
    /// Id.
    pub id: i32,
    /// Meeting.
    pub meeting_id: i32,
    /// Section.
    pub section_id: i32,
    /// Parent item.
    pub parent_item_id: Option<i32>,
    /// Order among its siblings.
    pub position: i32,
    /// `certify_previous`, `matters_arising` or null.
    pub auto_kind: Option<String>,
    /// Title.
    pub title: String,
    /// Presenter office.
    pub presenter_office_id: Option<i32>,
    /// Presenter's name.
    pub presenter_name: Option<String>,
    /// Minutes allotted.
    pub time_budget_minutes: Option<i32>,
    /// Linked issue.
    pub issue_id: Option<i32>,
    /// Notes (Markdown).
    pub notes_md: Option<String>,
    /// Resolution (Markdown).
    pub resolution_md: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}
