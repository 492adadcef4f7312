//! API for actions: the scoped list with filters, one action with its updates, creating actions
//! from a directive, posting an update (JSON, no files) and reviewing an update.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;

use super::{Endpoint, json};
use crate::error::AppError;
use crate::services::Ctx;
use crate::services::actions::{self as svc, ActionFilter, ActionInput};
use crate::services::updates::{self, Decision, UpdateInput};
use crate::state::AppState;
use crate::web::identity::Me;
use crate::web::paging::Paging;

const fn ep(
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    request: Option<&'static str>,
    response: &'static str,
    list: bool,
    status: u16,
) -> Endpoint {
    Endpoint {
        method,
        path,
        tag: "actions",
        summary,
        request,
        response,
        list,
        status,
    }
}

/// Documented operations.
pub const ENDPOINTS: &[Endpoint] = &[
    ep(
        "get",
        "/actions",
        "Actions within scope (?office=&status=&overdue=&due_before=&meeting=&q=)",
        None,
        "Action",
        true,
        200,
    ),
    ep(
        "get",
        "/actions/{id}",
        "One action with its updates",
        None,
        "ActionDetail",
        false,
        200,
    ),
    ep(
        "post",
        "/directives/{id}/actions",
        "Create actions from a directive, one per office",
        Some("ActionsInput"),
        "Action",
        false,
        201,
    ),
    ep(
        "post",
        "/actions/{id}/updates",
        "Post a progress update (no files)",
        Some("UpdateInput"),
        "Update",
        false,
        201,
    ),
    ep(
        "post",
        "/updates/{id}/review",
        "Accept or return an update (inspectors, administrators)",
        Some("ReviewInput"),
        "Update",
        false,
        200,
    ),
];

/// Schemas used above.
pub fn schemas() -> Vec<(&'static str, serde_json::Value)> {
    vec![
        (
            "Action",
            json!({
                "type": "object", "required": ["id", "directive_id", "meeting_id", "office_id", "title", "status", "progress", "overdue"],
                "properties": {
                    "id": {"type": "integer"}, "directive_id": {"type": "integer"}, "meeting_id": {"type": "integer"},
                    "office_id": {"type": "integer"}, "office": {"type": "string"}, "title": {"type": "string"},
                    "due_on": {"type": ["string", "null"], "format": "date"}, "horizon": {"type": ["string", "null"]},
                    "status": {"type": "string", "enum": ["open", "in_progress", "done", "cancelled"]},
                    "overdue": {"type": "boolean"}, "progress": {"type": "integer"},
                    "metric_name": {"type": ["string", "null"]}, "metric_unit": {"type": ["string", "null"]},
                    "metric_target": {"type": ["number", "null"]}, "metric_current": {"type": ["number", "null"]},
                    "province_id": {"type": ["integer", "null"]}, "zone_id": {"type": ["integer", "null"]}
                }
            }),
        ),
        (
            "ActionDetail",
            json!({
                "type": "object",
                "properties": {
                    "action": {"$ref": "#/components/schemas/Action"},
                    "directive_text": {"type": "string"},
                    "updates": {"type": "array", "items": {"$ref": "#/components/schemas/Update"}}
                }
            }),
        ),
        (
            "ActionsInput",
            json!({
                "type": "object", "required": ["actions"],
                "properties": {
                    "confirm": {"type": "boolean", "description": "confirm due dates before the meeting"},
                    "actions": {"type": "array", "items": {"type": "object", "required": ["office_id", "title"], "properties": {
                        "office_id": {"type": "integer"}, "title": {"type": "string"},
                        "expected_md": {"type": ["string", "null"]},
                        "due": {"type": ["string", "null"], "description": "ISO 8601 date (CE) or a BE date such as 30/09/2565"},
                        "horizon": {"type": ["string", "null"], "enum": ["urgent", "medium", "long_term", null]},
                        "metric_name": {"type": ["string", "null"]}, "metric_unit": {"type": ["string", "null"]},
                        "metric_target": {"type": ["number", "null"]}
                    }}}
                }
            }),
        ),
        (
            "UpdateInput",
            json!({
                "type": "object",
                "properties": {
                    "progress": {"type": ["integer", "null"], "minimum": 0, "maximum": 100},
                    "metric_value": {"type": ["number", "null"]},
                    "text_md": {"type": ["string", "null"]}
                }
            }),
        ),
        (
            "Update",
            json!({
                "type": "object",
                "properties": {
                    "id": {"type": "integer"}, "action_id": {"type": "integer"}, "channel": {"type": "string"},
                    "progress": {"type": ["integer", "null"]}, "metric_value": {"type": ["number", "null"]},
                    "text_md": {"type": ["string", "null"]},
                    "review": {"type": "string", "enum": ["pending", "accepted", "returned"]},
                    "review_comment": {"type": ["string", "null"]}
                }
            }),
        ),
        (
            "ReviewInput",
            json!({
                "type": "object", "required": ["decision"],
                "properties": {"decision": {"type": "string", "enum": ["accept", "return"]}, "comment": {"type": ["string", "null"]}}
            }),
        ),
    ]
}

/// Routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/actions", get(list))
        .route("/actions/{id}", get(show))
        .route("/directives/{id}/actions", post(create))
        .route("/actions/{id}/updates", post(post_update))
        .route("/updates/{id}/review", post(review))
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    office: Option<i32>,
    status: Option<String>,
    #[serde(default)]
    overdue: bool,
    due_before: Option<NaiveDate>,
    meeting: Option<i32>,
    q: Option<String>,
    #[serde(default = "one")]
    page: u64,
    #[serde(default = "per_page")]
    per_page: u64,
}

fn one() -> u64 {
    1
}

fn per_page() -> u64 {
    crate::web::paging::DEFAULT_PER_PAGE
}

async fn list(
    State(app): State<AppState>,
    Me(me): Me,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let filter = ActionFilter {
        office: q.office,
        status: q.status,
        overdue: q.overdue,
        due_week: false,
        due_before: q.due_before,
        meeting: q.meeting,
        q: q.q,
    };
    let paging = Paging {
        page: q.page,
        per_page: q.per_page,
    };
    Ok(Json(svc::list(&app.db, &ctx, &filter, paging).await?).into_response())
}

async fn show(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    Ok(Json(svc::get(&app.db, &ctx, id).await?).into_response())
}

#[derive(Debug, Deserialize)]
struct ApiAction {
    office_id: i32,
    #[serde(default)]
    title: String,
    expected_md: Option<String>,
    due: Option<String>,
    horizon: Option<String>,
    metric_name: Option<String>,
    metric_unit: Option<String>,
    metric_target: Option<f64>,
}

#[derive(Debug, Deserialize)]
struct ActionsInput {
    #[serde(default)]
    confirm: bool,
    actions: Vec<ApiAction>,
}

async fn create(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    raw: Bytes,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    crate::services::directives::drafting_directive(&app.db, &ctx, id).await?;
    let input: ActionsInput = json::parse(&raw)?;
    let rows: Vec<ActionInput> = input
        .actions
        .into_iter()
        .map(|a| ActionInput {
            office_id: a.office_id,
            title: a.title,
            expected_md: a.expected_md,
            due: a.due,
            horizon: a.horizon,
            metric_name: a.metric_name,
            metric_unit: a.metric_unit,
            metric_target: a.metric_target.map(|v| v.to_string()),
        })
        .collect();
    let created =
        svc::create_for_directive(&app.db, &ctx, &app.mail, id, &rows, input.confirm).await?;
    let out = svc::rows(&app.db, &ctx, created).await?;
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

#[derive(Debug, Deserialize)]
struct ApiUpdate {
    progress: Option<i32>,
    metric_value: Option<f64>,
    text_md: Option<String>,
}

async fn post_update(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    raw: Bytes,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    updates::postable_action(&app.db, &ctx, id).await?;
    let input: ApiUpdate = json::parse(&raw)?;
    let typed = UpdateInput {
        progress: input.progress.map(|p| p.to_string()),
        metric_value: input.metric_value.map(|v| v.to_string()),
        text_md: input.text_md,
    };
    let up = updates::post(
        &app.db,
        &ctx,
        &app.settings.storage,
        id,
        &typed,
        vec![],
        true,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(up)).into_response())
}

#[derive(Debug, Deserialize)]
struct ReviewInput {
    decision: Option<Decision>,
    comment: Option<String>,
}

async fn review(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    raw: Bytes,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    updates::reviewable(&app.db, &ctx, id).await?;
    let input: ReviewInput = json::parse(&raw)?;
    let up = updates::review(&app.db, &ctx, id, input.decision, input.comment.as_deref()).await?;
    Ok(Json(up).into_response())
}
