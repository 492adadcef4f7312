//! API for directives: list (by meeting), show, draft at a meeting, publish.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::{Endpoint, json};
use crate::error::AppError;
use crate::services::Ctx;
use crate::services::directives::{self as svc, DirectiveInput};
use crate::state::AppState;
use crate::web::identity::Me;
use crate::web::paging::Paging;

const fn ep(
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    request: Option<&'static str>,
    list: bool,
    status: u16,
) -> Endpoint {
    Endpoint {
        method,
        path,
        tag: "directives",
        summary,
        request,
        response: "Directive",
        list,
        status,
    }
}

/// Documented operations.
pub const ENDPOINTS: &[Endpoint] = &[
    ep(
        "get",
        "/directives",
        "Directives within scope (?meeting=)",
        None,
        true,
        200,
    ),
    ep(
        "get",
        "/directives/{id}",
        "One directive with targets and actions",
        None,
        false,
        200,
    ),
    ep(
        "post",
        "/meetings/{id}/directives",
        "Draft a directive at a meeting",
        Some("DirectiveInput"),
        false,
        201,
    ),
    ep(
        "post",
        "/directives/{id}/publish",
        "Publish a directive (inspectors, administrators)",
        None,
        false,
        200,
    ),
];

/// Schemas used above.
pub fn schemas() -> Vec<(&'static str, serde_json::Value)> {
    vec![
        (
            "DirectiveInput",
            json!({
                "type": "object", "required": ["issuer_role", "text_md"],
                "properties": {
                    "issuer_role": {"type": "string", "enum": ["minister", "permanent_secretary", "director_general", "inspector", "governor", "meeting"]},
                    "issuer_name": {"type": ["string", "null"]},
                    "agenda_item_id": {"type": ["integer", "null"]},
                    "issue_id": {"type": ["integer", "null"]},
                    "text_md": {"type": "string"},
                    "target_office_ids": {"type": "array", "items": {"type": "integer"}}
                }
            }),
        ),
        (
            "Directive",
            json!({
                "type": "object", "required": ["id", "meeting_id", "number", "status", "text_md"],
                "properties": {
                    "id": {"type": "integer"}, "meeting_id": {"type": "integer"},
                    "meeting_date": {"type": "string", "format": "date"},
                    "number": {"type": "integer"}, "issuer_role": {"type": "string"},
                    "issuer_name": {"type": ["string", "null"]}, "text_md": {"type": "string"},
                    "status": {"type": "string", "enum": ["draft", "published"]},
                    "published_at": {"type": ["string", "null"], "format": "date-time"},
                    "targets": {"type": "array", "items": {"type": "object", "properties": {"office_id": {"type": "integer"}, "name": {"type": "string"}}}},
                    "actions": {"type": "array", "items": {"$ref": "#/components/schemas/Action"}}
                }
            }),
        ),
    ]
}

/// Routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/directives", get(list))
        .route("/directives/{id}", get(show))
        .route("/meetings/{id}/directives", post(create))
        .route("/directives/{id}/publish", post(publish))
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    meeting: Option<i32>,
    page: Option<u64>,
    per_page: Option<u64>,
}

async fn list(
    State(app): State<AppState>,
    Me(me): Me,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let paging = Paging {
        page: q.page.unwrap_or(1),
        per_page: q.per_page.unwrap_or(crate::web::paging::DEFAULT_PER_PAGE),
    };
    Ok(Json(svc::list(&app.db, &ctx, q.meeting, paging).await?).into_response())
}

async fn show(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let (view, _, _) = svc::get(&app.db, &ctx, id).await?;
    Ok(Json(view).into_response())
}

async fn create(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    raw: Bytes,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    svc::drafting_meeting(&app.db, &ctx, id).await?;
    let input: DirectiveInput = json::parse(&raw)?;
    let d = svc::create(&app.db, &ctx, id, &input).await?;
    let (view, _, _) = svc::get(&app.db, &ctx, d.id).await?;
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

async fn publish(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let d = svc::publish(&app.db, &ctx, &app.mail, id).await?;
    let (view, _, _) = svc::get(&app.db, &ctx, d.id).await?;
    Ok(Json(view).into_response())
}
