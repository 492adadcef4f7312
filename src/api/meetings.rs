//! API for meetings (to be built).

use axum::Router;

use super::Endpoint;
use crate::state::AppState;

/// Documented operations.
pub const ENDPOINTS: &[Endpoint] = &[];

/// Schemas used above.
pub fn schemas() -> Vec<(&'static str, serde_json::Value)> {
    vec![]
}

/// Routes.
pub fn routes() -> Router<AppState> {
    Router::new()
}
