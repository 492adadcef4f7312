//! The JSON API under `/api/v1`: the same services and scope rules as the pages, bearer-token
//! authentication, errors as `{"error": {"code", "message", "fields"}}`, and the OpenAPI
//! document at `/api/v1/openapi.json`, built from each area's [`Endpoint`] table.

pub mod actions;
pub mod directives;
pub mod json;
pub mod me;
pub mod meetings;
pub mod minutes;
pub mod openapi;
pub mod rounds;

use axum::Router;

use crate::state::AppState;

/// One documented operation.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint {
    /// HTTP method, lower case (`get`, `post`, `patch`, `put`, `delete`).
    pub method: &'static str,
    /// Path under `/api/v1`, with `{id}` parameters.
    pub path: &'static str,
    /// Tag (area).
    pub tag: &'static str,
    /// One-line summary.
    pub summary: &'static str,
    /// Request body schema name (in `components.schemas`), if any.
    pub request: Option<&'static str>,
    /// Response schema name; a list response wraps it in the page envelope.
    pub response: &'static str,
    /// Whether the response is a paginated list.
    pub list: bool,
    /// Success status.
    pub status: u16,
}

/// All `/api/v1` routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(me::routes())
        .merge(rounds::routes())
        .merge(meetings::routes())
        .merge(directives::routes())
        .merge(actions::routes())
        .merge(minutes::routes())
        .merge(openapi::routes())
}
