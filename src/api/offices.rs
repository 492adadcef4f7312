//! API for agency offices: a province's offices (`GET /offices?province=TH-55`), adding one
//! (`POST /offices`), and changing one (`PATCH /offices/{id}`: rename, mailbox, validity dates,
//! close, reopen, merge). Administrators anywhere, a provincial office in its own province;
//! readers of a province may list it.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiQuery, Body, Id, IdParam};
use super::json;
use super::schema::offices::{Office, OfficeChanged};
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::Ctx;
use crate::services::office_registry::{
    self as registry, Changed, NewOffice, NewOfficeCommand, OfficeChange, OfficeChangeCommand,
    OfficeRow,
};
use crate::state::AppState;

/// Routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(patch))
}

/// Which province.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// Province code, e.g. `TH-55`.
    province: String,
}

/// The offices of a province (Thai order), closed and merged ones included.
#[utoipa::path(get, path = "/offices", tag = "offices", params(ListQuery),
    responses((status = 200, description = "The offices", body = Vec<Office>)))]
async fn list(
    State(app): State<AppState>,
    Me(me): Me,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Vec<OfficeRow>>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    Ok(Json(registry::list_for(&app.db, &ctx, &q.province).await?))
}

/// A new office.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = OfficeInput)]
#[serde(deny_unknown_fields)]
struct ApiNew {
    /// Province code, e.g. `TH-55`.
    province: String,
    /// Agency short code from the catalogue, e.g. `district_office`.
    agency: String,
    /// Name (default: the catalogue's name, for an agency with one office per province).
    name_th: Option<String>,
    /// Code (default: `TH-55.<agency>`, numbered `.2`, `.3` … when taken).
    code: Option<String>,
    /// Mailbox.
    email: Option<String>,
}

/// Add an office (a district office, a local body, a unit the catalogue lacks).
#[utoipa::path(post, path = "/offices", tag = "offices", request_body = ApiNew,
    responses((status = 201, description = "The office", body = Office)))]
async fn create(
    State(app): State<AppState>,
    Me(me): Me,
    Body(raw): Body,
) -> Result<(StatusCode, Json<OfficeRow>), AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    // Permission before the body's shape.
    if !matches!(
        me.actor.role,
        crate::domain::status::Role::Admin | crate::domain::status::Role::ProvincialOffice
    ) {
        return Err(AppError::Forbidden);
    }
    let b: ApiNew = json::parse(&raw)?;
    let input = NewOffice {
        province: b.province,
        agency: b.agency,
        name_th: b.name_th,
        code: b.code,
        email: b.email,
    };
    let office = match NewOfficeCommand::try_from(&input) {
        Ok(command) => registry::create(&app.db, &ctx, &command).await?,
        Err(refusal) => return Err(registry::create_refused(&app.db, &ctx, refusal).await),
    };
    Ok((
        StatusCode::CREATED,
        Json(registry::one(&app.db, &ctx, office.id).await?),
    ))
}

/// A change: each field sent is changed, the others kept.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = OfficeChange)]
#[allow(dead_code)]
struct ApiChange {
    /// New name.
    name_th: Option<String>,
    /// New mailbox; `""` clears it.
    email: Option<String>,
    /// In service since, ISO 8601 (CE).
    #[schema(format = Date)]
    valid_from: Option<String>,
    /// Close the office on this date, ISO 8601 (CE); `""` reopens it.
    #[schema(format = Date)]
    valid_until: Option<String>,
    /// Merge into this office (same province): its open actions move there and it closes.
    merged_into_id: Option<i32>,
}

/// Rename, re-mail, date, close, reopen or merge an office.
#[utoipa::path(patch, path = "/offices/{id}", tag = "offices", params(IdParam), request_body = ApiChange,
    responses((status = 200, description = "The office as changed", body = OfficeChanged)))]
async fn patch(
    State(app): State<AppState>,
    Me(me): Me,
    Id(id): Id,
    Body(raw): Body,
) -> Result<Json<Changed>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    // Permission before the body's shape.
    registry::one(&app.db, &ctx, id).await?;
    let change: OfficeChange = json::parse(&raw)?;
    match OfficeChangeCommand::try_from(&change) {
        Ok(command) => Ok(Json(registry::change(&app.db, &ctx, id, &command).await?)),
        Err(refusal) => Err(registry::change_refused(&app.db, &ctx, id, refusal).await),
    }
}
