//! Schemas of directives, actions and progress updates as the services shape them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::values::{ActionStatus, DirectiveStatus, Horizon, IssuerRole, UpdateReview};

/// An action.
#[derive(Debug, Serialize, ToSchema)]
pub struct Action {
    /// Id.
    pub id: i32,
    /// Directive.
    pub directive_id: i32,
    /// Meeting.
    pub meeting_id: i32,
    /// Responsible office.
    pub office_id: i32,
    /// Office name.
    pub office: String,
    /// Title.
    pub title: String,
    /// Due date (ISO 8601).
    pub due_on: Option<NaiveDate>,
    /// Due date, Buddhist Era (`30/09/2564`), blank if none.
    pub due_th: String,
    /// Horizon.
    #[schema(value_type = Option<Horizon>)]
    pub horizon: Option<String>,
    /// Horizon in Thai.
    pub horizon_th: Option<String>,
    /// Status.
    #[schema(value_type = ActionStatus)]
    pub status: String,
    /// Status in Thai.
    pub status_th: String,
    /// Late today.
    pub overdue: bool,
    /// Due today or within 7 days and still open or in progress.
    pub due_soon: bool,
    /// Progress %.
    pub progress: i32,
    /// Metric name.
    pub metric_name: Option<String>,
    /// Metric unit.
    pub metric_unit: Option<String>,
    /// Metric target.
    pub metric_target: Option<f64>,
    /// Metric current value.
    pub metric_current: Option<f64>,
    /// Expected result (Markdown).
    pub expected_md: Option<String>,
    /// Province.
    pub province_id: Option<i32>,
    /// Zone.
    pub zone_id: Option<i32>,
}

/// An evidence file of an update.
#[derive(Debug, Serialize, ToSchema)]
pub struct File {
    /// Id (served at `/files/{id}`).
    pub id: i32,
    /// File name.
    pub filename: String,
    /// Content type.
    pub content_type: String,
    /// Size in bytes.
    pub size_bytes: i64,
}

/// A progress update as the action shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct UpdateView {
    /// Id.
    pub id: i32,
    /// Author.
    pub author: Option<String>,
    /// Channel (stored).
    pub channel: String,
    /// Channel in Thai.
    pub channel_th: String,
    /// Progress %.
    pub progress: Option<i32>,
    /// Metric value.
    pub metric_value: Option<f64>,
    /// Text (Markdown).
    pub text_md: Option<String>,
    /// Review.
    #[schema(value_type = UpdateReview)]
    pub review: String,
    /// Review in Thai.
    pub review_th: String,
    /// Reviewer's comment.
    pub review_comment: Option<String>,
    /// When posted.
    pub created_at: DateTime<Utc>,
    /// When posted, Buddhist Era.
    pub created_th: String,
    /// Evidence files.
    pub files: Vec<File>,
}

/// One audit event of an action.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryRow {
    /// What happened.
    pub action: String,
    /// Who.
    pub actor: Option<String>,
    /// When (Buddhist Era date and time).
    pub at_th: String,
}

/// One action with its directive, updates and history.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionDetail {
    /// The action.
    pub action: Action,
    /// Directive number within its meeting.
    pub directive_number: i32,
    /// Directive text.
    pub directive_text: String,
    /// Meeting title.
    pub meeting_title: String,
    /// Meeting date, Buddhist Era.
    pub meeting_date_th: String,
    /// Updates, oldest first.
    pub updates: Vec<UpdateView>,
    /// Audit history, oldest first.
    pub history: Vec<HistoryRow>,
    /// The caller may post an update.
    pub can_update: bool,
    /// The caller may review updates.
    pub can_review: bool,
}

/// A progress update as stored (the answer to posting or reviewing one).
#[derive(Debug, Serialize, ToSchema)]
pub struct Update {
    /// Id.
    pub id: i32,
    /// Action.
    pub action_id: i32,
    /// Author's account.
    pub author_user_id: Option<i32>,
    /// Author's name.
    pub author_name: Option<String>,
    /// Channel (stored).
    pub channel: String,
    /// Progress %.
    pub progress: Option<i32>,
    /// Metric value.
    pub metric_value: Option<f64>,
    /// Text (Markdown).
    pub text_md: Option<String>,
    /// Action status after this update.
    pub status_after: Option<String>,
    /// Review.
    #[schema(value_type = UpdateReview)]
    pub review: String,
    /// Reviewer's account.
    pub reviewed_by_user_id: Option<i32>,
    /// When reviewed.
    pub reviewed_at: Option<DateTime<Utc>>,
    /// Reviewer's comment.
    pub review_comment: Option<String>,
    /// When posted.
    pub created_at: DateTime<Utc>,
}

/// A reviewer's decision.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Accept.
    Accept,
    /// Send back with a comment.
    Return,
}

/// A target office of a directive.
#[derive(Debug, Serialize, ToSchema)]
pub struct Target {
    /// Office.
    pub office_id: i32,
    /// Office name.
    pub name: String,
}

/// A directive.
#[derive(Debug, Serialize, ToSchema)]
pub struct Directive {
    /// Id.
    pub id: i32,
    /// Meeting.
    pub meeting_id: i32,
    /// Meeting title.
    pub meeting_title: String,
    /// Meeting date (ISO 8601).
    pub meeting_date: NaiveDate,
    /// Meeting date, Buddhist Era.
    pub meeting_date_th: String,
    /// Number within the meeting.
    pub number: i32,
    /// Issuer role.
    #[schema(value_type = IssuerRole)]
    pub issuer_role: String,
    /// Issuer role in Thai.
    pub issuer_role_th: String,
    /// Issuer's name as printed.
    pub issuer_name: Option<String>,
    /// Agenda item.
    pub agenda_item_id: Option<i32>,
    /// Inspection issue.
    pub issue_id: Option<i32>,
    /// Text (Markdown).
    pub text_md: String,
    /// Status.
    #[schema(value_type = DirectiveStatus)]
    pub status: String,
    /// Status in Thai.
    pub status_th: String,
    /// When published.
    pub published_at: Option<DateTime<Utc>>,
    /// Target offices.
    pub targets: Vec<Target>,
    /// Its actions.
    pub actions: Vec<Action>,
}

/// What a directive is made of.
#[derive(Debug, Serialize, ToSchema)]
pub struct DirectiveInput {
    /// Who issued it.
    #[schema(value_type = IssuerRole)]
    pub issuer_role: String,
    /// Issuer's name or title as printed in the minutes.
    pub issuer_name: Option<String>,
    /// Agenda item of the meeting.
    pub agenda_item_id: Option<i32>,
    /// Inspection issue of the meeting's round.
    pub issue_id: Option<i32>,
    /// The text (Markdown).
    pub text_md: String,
    /// Target offices (of the host province).
    #[schema(required = false)]
    pub target_office_ids: Vec<i32>,
}
