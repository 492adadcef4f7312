//! API for inspection rounds: list and read within scope (with issues and indicators), create
//! and patch rounds, add issues and indicators; plus the administrators' account list.
//! Dates are ISO 8601; fiscal years are Buddhist Era.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiPaging, Body, Id, IdParam, PagingParams};
use super::json;
use super::schema::Page;
use super::schema::rounds::{IndicatorRecord, IssueInput as IssueInputSchema, IssueRecord, Round};
use super::schema::values::{InspectionLevel, Role};
use crate::domain::fields::FieldErrors;
use crate::domain::paging::PageOf;
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::rounds::{
    self, IndicatorCommand, IssueCommand, IssueInput, RoundCommand, RoundData, RoundRefusal,
    api_date,
};
use crate::services::{Ctx, users};
use crate::state::AppState;
use crate::views::Viewed;

/// Routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(show, patch))
        .routes(routes!(add_issue))
        .routes(routes!(add_indicator))
        .routes(routes!(list_users))
}

fn created<T: Serialize>(v: T) -> Response {
    (StatusCode::CREATED, Json(v)).into_response()
}

/// Inspection rounds within scope.
#[utoipa::path(get, path = "/rounds", tag = "rounds", params(PagingParams),
    responses((status = 200, description = "A page of rounds", body = Page<Round>)))]
async fn list(
    State(app): State<AppState>,
    Me(me): Me,
    ApiPaging(paging): ApiPaging,
) -> Result<Json<PageOf<rounds::RoundView>>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let (rows, total) = rounds::list(&app.db, &ctx, paging.index(), paging.size()).await?;
    Ok(Json(PageOf::new(rows, paging, total)))
}

/// One round with its issues and indicators.
#[utoipa::path(get, path = "/rounds/{id}", tag = "rounds", params(IdParam),
    responses((status = 200, description = "The round", body = Round)))]
async fn show(
    State(app): State<AppState>,
    Me(me): Me,
    Id(id): Id,
) -> Result<Json<rounds::RoundView>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    Ok(Json(rounds::get(&app.db, &ctx, id).await?))
}

/// An inspector of a round as sent.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = InspectorInput)]
struct InspectorJson {
    #[serde(default)]
    name: String,
    #[serde(default)]
    title_as_printed: String,
}

/// Fields of a round; on create the required ones are checked (422). A PATCH sends only the
/// fields to change.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = RoundInput)]
struct RoundJson {
    /// Fiscal year, Buddhist Era.
    fiscal_year: Option<i32>,
    /// Level.
    #[schema(value_type = Option<InspectionLevel>)]
    level: Option<String>,
    /// Owning organisation.
    organisation_th: Option<String>,
    /// Label.
    label: Option<String>,
    /// Zone numbers 0–18.
    zones: Option<Vec<i32>>,
    /// Inspectors (replace the list).
    inspectors: Option<Vec<InspectorJson>>,
    /// First day, ISO 8601.
    #[schema(format = Date)]
    starts_on: Option<String>,
    /// Last day, ISO 8601.
    #[schema(format = Date)]
    ends_on: Option<String>,
    /// Notes.
    notes: Option<String>,
}

impl RoundJson {
    /// Overlays the given fields on `base`; returns the reading errors with it.
    fn apply(self, mut d: RoundData) -> (RoundData, FieldErrors) {
        let mut e = FieldErrors::new();
        if let Some(y) = self.fiscal_year {
            d.fiscal_year = y;
        }
        if let Some(v) = self.level {
            d.level = v;
        }
        if let Some(v) = self.organisation_th {
            d.organisation_th = v;
        }
        if let Some(v) = self.label {
            d.label = v;
        }
        if let Some(v) = self.zones {
            d.zones = v;
        }
        if let Some(v) = self.inspectors {
            d.inspectors = Vec::new();
            for i in v {
                if i.name.trim().is_empty() || i.title_as_printed.trim().is_empty() {
                    e.add("inspectors", "ผู้ตรวจราชการต้องมีชื่อและตำแหน่ง");
                } else {
                    d.inspectors.push((i.name, i.title_as_printed));
                }
            }
        }
        if self.starts_on.is_some() {
            d.starts_on = api_date(&mut e, "starts_on", self.starts_on.as_deref());
        }
        if self.ends_on.is_some() {
            d.ends_on = api_date(&mut e, "ends_on", self.ends_on.as_deref());
        }
        if self.notes.is_some() {
            d.notes = self.notes;
        }
        (d, e)
    }

    /// A PATCH: the fields sent over the stored round, then checked as on creation.
    fn patch(self, base: RoundData) -> Result<RoundCommand, RoundRefusal> {
        let (d, e) = self.apply(base);
        d.into_command(e)
    }
}

impl TryFrom<RoundJson> for RoundCommand {
    type Error = RoundRefusal;

    /// The API's JSON: a BE fiscal year, ISO dates (a BE year in ISO form is refused; a Thai
    /// date such as `01/11/2569`, accepted since the first version, still is).
    fn try_from(j: RoundJson) -> Result<Self, RoundRefusal> {
        j.patch(RoundData::default())
    }
}

/// Create a round (administrators; inspectors in their own zones).
#[utoipa::path(post, path = "/rounds", tag = "rounds", request_body = RoundJson,
    responses((status = 201, description = "The new round", body = Round)))]
async fn create(
    State(app): State<AppState>,
    Me(me): Me,
    Body(body): Body,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    rounds::ensure_may_edit(&ctx)?;
    let input: RoundJson = json::parse(&body)?;
    let r = match RoundCommand::try_from(input) {
        Ok(command) => rounds::create(&app.db, &ctx, &command).await?,
        Err(refusal) => return Err(rounds::refused(&app.db, &ctx, None, refusal).await),
    };
    Ok(created(rounds::get(&app.db, &ctx, r.id).await?))
}

/// Change some fields of a round.
#[utoipa::path(patch, path = "/rounds/{id}", tag = "rounds", params(IdParam), request_body = RoundJson,
    responses((status = 200, description = "The round", body = Round)))]
async fn patch(
    State(app): State<AppState>,
    Me(me): Me,
    Id(id): Id,
    Body(body): Body,
) -> Result<Json<rounds::RoundView>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    rounds::ensure_may_edit(&ctx)?;
    let current = rounds::get(&app.db, &ctx, id).await?;
    if !rounds::may_edit(&app.db, &ctx, id).await {
        return Err(AppError::Forbidden);
    }
    let input: RoundJson = json::parse(&body)?;
    match input.patch(RoundData::of(&current)) {
        Ok(command) => rounds::update(&app.db, &ctx, id, &command).await?,
        Err(refusal) => return Err(rounds::refused(&app.db, &ctx, Some(id), refusal).await),
    };
    Ok(Json(rounds::get(&app.db, &ctx, id).await?))
}

/// Add an inspection issue to a round.
#[utoipa::path(post, path = "/rounds/{id}/issues", tag = "rounds", params(IdParam),
    request_body = IssueInputSchema,
    responses((status = 201, description = "The new issue", body = IssueRecord)))]
async fn add_issue(
    State(app): State<AppState>,
    Me(me): Me,
    Id(id): Id,
    Body(body): Body,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let input: IssueInput = json::parse(&body)?;
    let command = match IssueCommand::try_from(&input) {
        Ok(command) => command,
        Err(e) => {
            // A refused change is refused (403, 404) before its fields are pointed out.
            rounds::ensure_editable(&app.db, &ctx, id).await?;
            return Err(AppError::Invalid(e));
        }
    };
    Ok(created(
        rounds::add_issue(&app.db, &ctx, id, &command).await?.view(),
    ))
}

/// An indicator as sent.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = IndicatorInput)]
struct IndicatorJson {
    /// Name (required).
    #[serde(default)]
    name: String,
    /// Unit.
    #[serde(default)]
    unit: String,
    /// Target.
    target: Option<f64>,
    /// Current value.
    current: Option<f64>,
    /// As of, ISO 8601.
    #[schema(format = Date)]
    as_of: Option<String>,
}

impl TryFrom<IndicatorJson> for IndicatorCommand {
    type Error = FieldErrors;

    /// The API's JSON: numbers as numbers, an ISO date (read as `starts_on` is).
    fn try_from(i: IndicatorJson) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        let as_of = api_date(&mut e, "as_of", i.as_of.as_deref());
        IndicatorCommand::checked(&i.name, &i.unit, (i.target, i.current, as_of), e)
    }
}

/// Add an indicator to an issue.
#[utoipa::path(post, path = "/issues/{id}/indicators", tag = "rounds", params(IdParam),
    request_body = IndicatorJson,
    responses((status = 201, description = "The new indicator", body = IndicatorRecord)))]
async fn add_indicator(
    State(app): State<AppState>,
    Me(me): Me,
    Id(id): Id,
    Body(body): Body,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let input: IndicatorJson = json::parse(&body)?;
    let command = match IndicatorCommand::try_from(input) {
        Ok(command) => command,
        Err(e) => {
            // A refused change is refused (403, 404) before its fields are pointed out.
            rounds::issue_for_edit(&app.db, &ctx, id).await?;
            return Err(AppError::Invalid(e));
        }
    };
    Ok(created(
        rounds::add_indicator(&app.db, &ctx, id, &command)
            .await?
            .view(),
    ))
}

/// An account.
#[derive(Serialize, ToSchema)]
struct Account {
    /// Id.
    id: i32,
    /// Login email.
    email: String,
    /// Name shown.
    display_name: String,
    /// Role.
    #[schema(value_type = Role)]
    role: String,
    /// Province.
    province_id: Option<i32>,
    /// Office.
    office_id: Option<i32>,
    /// May sign in.
    active: bool,
}

/// Accounts (administrators only).
#[utoipa::path(get, path = "/admin/users", tag = "accounts", params(PagingParams),
    responses((status = 200, description = "A page of accounts", body = Page<Account>)))]
async fn list_users(
    State(app): State<AppState>,
    Me(me): Me,
    ApiPaging(paging): ApiPaging,
) -> Result<Json<PageOf<Account>>, AppError> {
    if !me.actor.can_administer() {
        return Err(AppError::Forbidden);
    }
    let (rows, total) = users::page(&app.db, None, None, paging.index(), paging.size()).await?;
    Ok(Json(PageOf::new(rows, paging, total).map(|u| Account {
        id: u.id,
        email: u.email,
        display_name: u.display_name,
        role: u.role.as_str().to_owned(),
        province_id: u.province_id,
        office_id: u.office_id,
        active: u.active,
    })))
}
