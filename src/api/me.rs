//! `GET /api/v1/me`: who the token belongs to and what it may see.

use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Identity;
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::state::AppState;

/// The account behind the token, as `GET /me` answers (the shape of [`Identity`]).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Me)]
pub struct MeSchema {
    /// Account id.
    pub user_id: i32,
    /// Login email.
    pub email: String,
    /// Name shown in the UI.
    pub display_name: String,
    /// Role.
    #[schema(value_type = super::schema::values::Role)]
    pub role: String,
    /// The account's province.
    pub province_id: Option<i32>,
    /// The account's office.
    pub office_id: Option<i32>,
    /// The account's zone ids.
    pub zones: Vec<i32>,
    /// How the request proved who it is: `token` for the API.
    pub via: ViaSchema,
}

/// How a request proved who it is.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Via)]
#[serde(rename_all = "snake_case")]
pub enum ViaSchema {
    /// A browser session.
    Session,
    /// An API token.
    Token,
}

/// Routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(show))
}

/// The account behind the token.
#[utoipa::path(get, path = "/me", tag = "accounts",
    responses((status = 200, description = "The account", body = MeSchema)))]
async fn show(Me(me): Me) -> Result<Json<Identity>, AppError> {
    Ok(Json(me))
}
