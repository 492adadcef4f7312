//! API for actions: the scoped list with filters, one action with its updates, creating actions
//! from a directive, posting an update (JSON, no files) and reviewing an update.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiPaging, ApiQuery, Body, Id, IdParam, PagingParams};
use super::json;
use super::schema::Page;
use super::schema::actions::{Action, ActionDetail, Decision as DecisionSchema, Update};
use super::schema::values::Horizon;
use crate::domain::fields::FieldErrors;
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::Ctx;
use crate::services::actions::command::{MetricTarget, RowText, Rows};
use crate::services::actions::{self as svc, ActionFilter, ActionsCommand};
use crate::services::updates::command::ReportFields;
use crate::services::updates::{self, Decision, ReviewCommand, UpdateCommand};
use crate::state::AppState;
use crate::views::Viewed;

/// Routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(show))
        .routes(routes!(create))
        .routes(routes!(post_update))
        .routes(routes!(review))
}

/// Filters of the actions list (and of its exports, `api/exports.rs`).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Responsible office.
    #[param(minimum = 1, maximum = 2147483647)]
    #[serde(default, deserialize_with = "super::extract::opt_id")]
    office: Option<i32>,
    /// `open`, `in_progress`, `done` or `cancelled`.
    status: Option<String>,
    /// Only actions late today.
    #[serde(default)]
    overdue: bool,
    /// Due before this date, ISO 8601 (CE).
    #[param(value_type = Option<String>, format = Date)]
    #[serde(default, deserialize_with = "super::extract::opt_iso_date")]
    due_before: Option<NaiveDate>,
    /// Only actions of this meeting.
    #[param(minimum = 1, maximum = 2147483647)]
    #[serde(default, deserialize_with = "super::extract::opt_id")]
    meeting: Option<i32>,
    /// Text in the title.
    q: Option<String>,
    /// Province code (`TH-33`); an unknown code matches nothing.
    province: Option<String>,
    /// Zone id.
    #[param(minimum = 1, maximum = 2147483647)]
    #[serde(default, deserialize_with = "super::extract::opt_id")]
    zone: Option<i32>,
    /// Fiscal year of the meeting, Buddhist Era (`2569`).
    #[param(minimum = 2400, maximum = 2700)]
    #[serde(default, deserialize_with = "super::extract::opt_fiscal_year")]
    fiscal_year: Option<i32>,
    /// Inspection round id.
    #[param(minimum = 1, maximum = 2147483647)]
    #[serde(default, deserialize_with = "super::extract::opt_id")]
    round: Option<i32>,
    /// Inspection issue id.
    #[param(minimum = 1, maximum = 2147483647)]
    #[serde(default, deserialize_with = "super::extract::opt_id")]
    issue: Option<i32>,
    /// `urgent`, `medium` or `long_term`.
    horizon: Option<String>,
    /// Only actions with a progress report awaiting review.
    #[serde(default)]
    awaiting_review: bool,
}

/// Actions within scope.
#[utoipa::path(get, path = "/actions", tag = "actions", params(ListQuery, PagingParams),
    responses((status = 200, description = "A page of actions", body = Page<Action>)))]
async fn list(
    State(app): State<AppState>,
    Me(me): Me,
    ApiQuery(q): ApiQuery<ListQuery>,
    ApiPaging(paging): ApiPaging,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let filter = filter_of(&app, q).await?;
    Ok(Json(svc::list(&app.db, &ctx, &filter, paging).await?).into_response())
}

/// The service's filter from the list's parameters (a province by its code; unknown: none).
pub(crate) async fn filter_of(app: &AppState, q: ListQuery) -> Result<ActionFilter, AppError> {
    let province = super::extract::province_id(&app.db, q.province.as_deref()).await?;
    Ok(ActionFilter {
        office: q.office,
        province,
        zone: q.zone,
        status: q.status,
        overdue: q.overdue,
        due_before: q.due_before,
        meeting: q.meeting,
        q: q.q,
        fiscal_year: q.fiscal_year,
        round: q.round,
        issue: q.issue,
        horizon: q.horizon,
        awaiting_review: q.awaiting_review,
        ..ActionFilter::default()
    })
}

/// One action with its updates.
#[utoipa::path(get, path = "/actions/{id}", tag = "actions", params(IdParam),
    responses((status = 200, description = "The action", body = ActionDetail)))]
async fn show(State(app): State<AppState>, Me(me): Me, Id(id): Id) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    Ok(Json(svc::get(&app.db, &ctx, id).await?).into_response())
}

/// One action to create.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = ActionInput)]
struct ApiAction {
    /// Responsible office.
    office_id: i32,
    /// Title.
    #[serde(default)]
    title: String,
    /// Expected result (Markdown).
    expected_md: Option<String>,
    /// ISO 8601 date (CE) or a Buddhist Era date such as `30/09/2565`.
    due: Option<String>,
    /// Horizon.
    #[schema(value_type = Option<Horizon>)]
    horizon: Option<String>,
    /// Metric name.
    metric_name: Option<String>,
    /// Metric unit.
    metric_unit: Option<String>,
    /// Metric target.
    metric_target: Option<f64>,
}

/// Actions to create from a directive.
#[derive(Debug, Deserialize, ToSchema)]
struct ActionsInput {
    /// Confirm due dates before the meeting.
    #[serde(default)]
    confirm: bool,
    /// One per office.
    actions: Vec<ApiAction>,
}

impl TryFrom<&ActionsInput> for ActionsCommand {
    type Error = FieldErrors;

    /// The rows as sent, the target a number; errors keyed `field.i` as in the form.
    fn try_from(input: &ActionsInput) -> Result<Self, FieldErrors> {
        let mut rows = Rows::new();
        for (i, a) in input.actions.iter().enumerate() {
            rows.row(
                i,
                RowText {
                    office_id: a.office_id,
                    title: &a.title,
                    expected_md: a.expected_md.as_deref(),
                    due: a.due.as_deref(),
                    horizon: a.horizon.as_deref(),
                    metric_name: a.metric_name.as_deref(),
                    metric_unit: a.metric_unit.as_deref(),
                    metric_target: a.metric_target.map(MetricTarget::Number),
                },
            );
        }
        rows.finish(input.confirm)
    }
}

/// Create actions from a directive, one per office.
#[utoipa::path(post, path = "/directives/{id}/actions", tag = "actions", params(IdParam),
    request_body = ActionsInput,
    responses((status = 201, description = "The new actions", body = Vec<Action>)))]
async fn create(
    State(app): State<AppState>,
    Me(me): Me,
    Id(id): Id,
    Body(raw): Body,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    crate::services::directives::drafting_directive(&app.db, &ctx, id).await?;
    let input: ActionsInput = json::parse(&raw)?;
    let cmd = ActionsCommand::try_from(&input).map_err(AppError::Invalid)?;
    let created = svc::create(&app.db, &ctx, &app.mail, id, &cmd).await?;
    let out = svc::rows(&app.db, &ctx, created).await?;
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// A progress update as sent (no files).
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = UpdateInput)]
struct ApiUpdate {
    /// Progress %, 0–100.
    #[schema(minimum = 0, maximum = 100)]
    progress: Option<i32>,
    /// Metric value.
    metric_value: Option<f64>,
    /// Text (Markdown).
    text_md: Option<String>,
}

impl TryFrom<&ApiUpdate> for UpdateCommand {
    type Error = FieldErrors;

    /// The numbers as numbers; errors as the form's.
    fn try_from(input: &ApiUpdate) -> Result<Self, FieldErrors> {
        let mut f = ReportFields::new();
        let command = Self {
            progress: f.progress_number(input.progress),
            metric_value: f.metric_number(input.metric_value),
            text_md: f.text(input.text_md.as_deref()),
        };
        f.finish(command)
    }
}

/// Post a progress update (no files).
#[utoipa::path(post, path = "/actions/{id}/updates", tag = "actions", params(IdParam),
    request_body = ApiUpdate,
    responses((status = 201, description = "The new update", body = Update)))]
async fn post_update(
    State(app): State<AppState>,
    Me(me): Me,
    Id(id): Id,
    Body(raw): Body,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    updates::postable_action(&app.db, &ctx, id).await?;
    let input: ApiUpdate = json::parse(&raw)?;
    let cmd = UpdateCommand::try_from(&input).map_err(AppError::Invalid)?;
    let up = updates::report(&app.db, &ctx, &app.files, id, &cmd, vec![], true).await?;
    Ok((StatusCode::CREATED, Json(up.view())).into_response())
}

/// A review of an update.
#[derive(Debug, Deserialize, ToSchema)]
struct ReviewInput {
    /// Accept, or return with a comment.
    #[schema(value_type = Option<DecisionSchema>)]
    decision: Option<Decision>,
    /// Comment (required to return).
    comment: Option<String>,
}

/// Accept or return an update (inspectors, administrators).
#[utoipa::path(post, path = "/updates/{id}/review", tag = "actions", params(IdParam),
    request_body = ReviewInput,
    responses((status = 200, description = "The update", body = Update)))]
async fn review(
    State(app): State<AppState>,
    Me(me): Me,
    Id(id): Id,
    Body(raw): Body,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    updates::reviewable(&app.db, &ctx, id).await?;
    let input: ReviewInput = json::parse(&raw)?;
    let cmd =
        ReviewCommand::new(input.decision, input.comment.as_deref()).map_err(AppError::Invalid)?;
    let up = updates::review(&app.db, &ctx, id, &cmd).await?;
    Ok(Json(up.view()).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(json: serde_json::Value) -> ActionsInput {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn the_json_is_parsed_into_the_command_iso_dates_and_numbers() {
        let c = ActionsCommand::try_from(&body(serde_json::json!({"confirm": true,
            "actions": [{"office_id": 3, "title": "รายงานผล", "due": "2022-01-31",
                         "horizon": "long_term", "metric_target": 10.5}]})))
        .unwrap();
        assert!(c.confirm);
        assert_eq!(c.actions[0].due, NaiveDate::from_ymd_opt(2022, 1, 31));
        assert_eq!(c.actions[0].metric_target, Some(10.5));
        let e = ActionsCommand::try_from(&body(serde_json::json!({
            "actions": [{"office_id": 3, "title": "ก", "due": "2565-01-31", "horizon": "soon"}]})))
        .unwrap_err();
        assert!(e.get("due.0").is_some_and(|m| m.contains("2022")), "{e}");
        assert!(e.get("horizon.0").is_some());
    }

    #[test]
    fn an_update_takes_numbers_with_the_forms_messages() {
        let up: ApiUpdate = serde_json::from_value(serde_json::json!({"progress": 150})).unwrap();
        let e = UpdateCommand::try_from(&up).unwrap_err();
        assert_eq!(e.get("progress"), Some("ความก้าวหน้าต้องเป็นตัวเลข 0 ถึง 100"));
        let up: ApiUpdate =
            serde_json::from_value(serde_json::json!({"progress": 40, "metric_value": 7})).unwrap();
        let c = UpdateCommand::try_from(&up).unwrap();
        assert_eq!((c.progress, c.metric_value), (Some(40), Some(7.0)));
    }
}
