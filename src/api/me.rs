//! `GET /api/v1/me`: who the token belongs to and what it may see.

use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use super::Endpoint;
use crate::auth::Identity;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::identity::Me;

/// Documented operations.
pub const ENDPOINTS: &[Endpoint] = &[Endpoint {
    method: "get",
    path: "/me",
    tag: "accounts",
    summary: "The account behind the token",
    request: None,
    response: "Me",
    list: false,
    status: 200,
}];

/// Schemas used above.
pub fn schemas() -> Vec<(&'static str, serde_json::Value)> {
    vec![(
        "Me",
        json!({
            "type": "object",
            "required": ["user_id", "email", "display_name", "role"],
            "properties": {
                "user_id": {"type": "integer"},
                "email": {"type": "string"},
                "display_name": {"type": "string"},
                "role": {"type": "string", "enum": ["admin", "inspector", "provincial_office", "agency_head", "viewer"]},
                "province_id": {"type": ["integer", "null"]},
                "office_id": {"type": ["integer", "null"]},
                "zones": {"type": "array", "items": {"type": "integer"}, "description": "zone ids"}
            }
        }),
    )]
}

/// Routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/me", get(show))
}

async fn show(Me(me): Me) -> Result<Json<Identity>, AppError> {
    Ok(Json(me))
}
