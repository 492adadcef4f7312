//! API for directives: list (by meeting), show, draft at a meeting, publish.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiPaging, ApiQuery, Body, Id, IdParam, PagingParams};
use super::json;
use super::schema::Page;
use super::schema::actions::{Directive, DirectiveInput as DirectiveInputSchema};
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::Ctx;
use crate::services::directives::{self as svc, DirectiveCommand, DirectiveInput};
use crate::state::AppState;

/// Routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(show))
        .routes(routes!(create))
        .routes(routes!(publish))
}

/// Filters of the directives list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// Only this meeting's directives.
    #[param(minimum = 1, maximum = 2147483647)]
    #[serde(default, deserialize_with = "super::extract::opt_id")]
    meeting: Option<i32>,
}

/// Directives within scope, newest meeting first.
#[utoipa::path(get, path = "/directives", tag = "directives", params(ListQuery, PagingParams),
    responses((status = 200, description = "A page of directives", body = Page<Directive>)))]
async fn list(
    State(app): State<AppState>,
    Me(me): Me,
    ApiQuery(q): ApiQuery<ListQuery>,
    ApiPaging(paging): ApiPaging,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    Ok(Json(svc::list(&app.db, &ctx, q.meeting, paging).await?).into_response())
}

/// One directive with its targets and actions.
#[utoipa::path(get, path = "/directives/{id}", tag = "directives", params(IdParam),
    responses((status = 200, description = "The directive", body = Directive)))]
async fn show(State(app): State<AppState>, Me(me): Me, Id(id): Id) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let (view, _, _) = svc::get(&app.db, &ctx, id).await?;
    Ok(Json(view).into_response())
}

/// Draft a directive at a meeting.
#[utoipa::path(post, path = "/meetings/{id}/directives", tag = "directives", params(IdParam),
    request_body = DirectiveInputSchema,
    responses((status = 201, description = "The new directive", body = Directive)))]
async fn create(
    State(app): State<AppState>,
    Me(me): Me,
    Id(id): Id,
    Body(raw): Body,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    svc::drafting_meeting(&app.db, &ctx, id).await?;
    let input: DirectiveInput = json::parse(&raw)?;
    let cmd = DirectiveCommand::try_from(&input).map_err(AppError::Invalid)?;
    let d = svc::draft(&app.db, &ctx, id, &cmd).await?;
    let (view, _, _) = svc::get(&app.db, &ctx, d.id).await?;
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// Publish a directive (inspectors, administrators).
#[utoipa::path(post, path = "/directives/{id}/publish", tag = "directives", params(IdParam),
    responses((status = 200, description = "The directive", body = Directive)))]
async fn publish(
    State(app): State<AppState>,
    Me(me): Me,
    Id(id): Id,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let d = svc::publish(&app.db, &ctx, &app.mail, id).await?;
    let (view, _, _) = svc::get(&app.db, &ctx, d.id).await?;
    Ok(Json(view).into_response())
}
