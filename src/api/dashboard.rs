//! `GET /api/v1/dashboard`: the figures of the `/dashboard` page as JSON (the same service and
//! cache), each with the link to the action list behind it.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::ApiQuery;
use super::schema::values::Horizon;
use crate::domain::fields::FieldErrors;
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::Ctx;
use crate::services::dashboard::{self as svc, Dashboard, DashboardQuery};
use crate::state::AppState;

/// Routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(show))
}

/// The level (none: the widest the caller's scope allows) and the filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct DashboardParams {
    /// Zone id.
    #[param(minimum = 1, maximum = 2147483647)]
    #[serde(default, deserialize_with = "super::extract::opt_id")]
    zone: Option<i32>,
    /// Province code (`TH-33`); an unknown code counts nothing.
    province: Option<String>,
    /// Office id.
    #[param(minimum = 1, maximum = 2147483647)]
    #[serde(default, deserialize_with = "super::extract::opt_id")]
    office: Option<i32>,
    /// Fiscal year, Buddhist Era (`2569`).
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
    #[param(value_type = Option<Horizon>)]
    horizon: Option<String>,
}

/// The dashboard within the caller's scope: roll-ups, heat map, trend, oldest overdue actions.
#[utoipa::path(get, path = "/dashboard", tag = "dashboard", params(DashboardParams),
    responses((status = 200, description = "The dashboard", body = Dashboard)))]
async fn show(
    State(app): State<AppState>,
    Me(me): Me,
    ApiQuery(p): ApiQuery<DashboardParams>,
) -> Result<Json<Dashboard>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let province = super::extract::province_id(&app.db, p.province.as_deref()).await?;
    if let Some(h) = p.horizon.as_deref().filter(|s| !s.is_empty()) {
        h.parse::<crate::domain::status::Horizon>()
            .map_err(|e| AppError::Invalid(FieldErrors::one("horizon", e)))?;
    }
    let q = DashboardQuery {
        zone: p.zone,
        province,
        office: p.office,
        fiscal_year: p.fiscal_year,
        round: p.round,
        issue: p.issue,
        horizon: p.horizon.filter(|s| !s.is_empty()),
    };
    let d = svc::get(&app.db, &app.dashboards, &ctx, &q).await?;
    Ok(Json((*d).clone()))
}
