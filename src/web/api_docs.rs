//! `/api/docs`: the API's documentation page — Swagger UI, vendored under
//! `assets/vendor/swagger-ui` (no CDN), over the generated `/api/v1/openapi.json`.

use axum::extract::State;
use axum::response::Response;

use super::routes::Routes;
use crate::edge::identity::MaybeMe;
use crate::error::AppError;
use crate::state::AppState;

/// Routes.
pub fn routes() -> Routes {
    Routes::new().get("/api/docs", page)
}

async fn page(State(app): State<AppState>, MaybeMe(me): MaybeMe) -> Result<Response, AppError> {
    app.pages
        .page(me.as_ref(), "api/docs.html.j2", &serde_json::json!({}))
}
