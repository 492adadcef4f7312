//! API for inspection rounds: list and read within scope (with issues and indicators), create
//! and patch rounds, add issues and indicators; plus the administrators' account list.
//! Dates are ISO 8601; fiscal years are Buddhist Era.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::Endpoint;
use super::json;
use crate::domain::fields::FieldErrors;
use crate::error::AppError;
use crate::services::rounds::{self, IndicatorData, IssueInput, RoundData, api_date};
use crate::services::{Ctx, users};
use crate::state::AppState;
use crate::web::identity::Me;
use crate::web::paging::{PageOf, Paging};

const fn ep(
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    request: Option<&'static str>,
    response: &'static str,
    list: bool,
    status: u16,
) -> Endpoint {
    Endpoint {
        method,
        path,
        tag: "rounds",
        summary,
        request,
        response,
        list,
        status,
    }
}

/// Documented operations.
pub const ENDPOINTS: &[Endpoint] = &[
    ep(
        "get",
        "/rounds",
        "Inspection rounds within scope (paginated)",
        None,
        "Round",
        true,
        200,
    ),
    ep(
        "get",
        "/rounds/{id}",
        "One round with its issues and indicators",
        None,
        "Round",
        false,
        200,
    ),
    ep(
        "post",
        "/rounds",
        "Create a round (admin; inspector in own zones)",
        Some("RoundInput"),
        "Round",
        false,
        201,
    ),
    ep(
        "patch",
        "/rounds/{id}",
        "Change some fields of a round",
        Some("RoundInput"),
        "Round",
        false,
        200,
    ),
    ep(
        "post",
        "/rounds/{id}/issues",
        "Add an inspection issue",
        Some("IssueInput"),
        "Issue",
        false,
        201,
    ),
    ep(
        "post",
        "/issues/{id}/indicators",
        "Add an indicator to an issue",
        Some("IndicatorInput"),
        "Indicator",
        false,
        201,
    ),
    Endpoint {
        method: "get",
        path: "/admin/users",
        tag: "accounts",
        summary: "Accounts (administrators only, paginated)",
        request: None,
        response: "Account",
        list: true,
        status: 200,
    },
];

/// Schemas used above.
pub fn schemas() -> Vec<(&'static str, serde_json::Value)> {
    let date = json!({"type": ["string", "null"], "format": "date"});
    let indicator = json!({
        "type": "object",
        "required": ["id", "name", "unit"],
        "properties": {
            "id": {"type": "integer"}, "name": {"type": "string"}, "unit": {"type": "string"},
            "target": {"type": ["number", "null"]}, "current": {"type": ["number", "null"]},
            "as_of": date
        }
    });
    vec![
        (
            "Round",
            json!({
                "type": "object",
                "required": ["id", "fiscal_year", "level", "organisation_th", "label", "zones"],
                "properties": {
                    "id": {"type": "integer"},
                    "fiscal_year": {"type": "integer", "description": "Buddhist Era, e.g. 2570"},
                    "level": {"type": "string", "enum": ["prime_minister", "ministry", "department"]},
                    "level_th": {"type": "string"},
                    "organisation_th": {"type": "string"},
                    "label": {"type": "string"},
                    "starts_on": date, "ends_on": date,
                    "notes": {"type": ["string", "null"]},
                    "zones": {"type": "array", "items": {"type": "object", "properties": {"number": {"type": "integer"}, "name_th": {"type": "string"}}}},
                    "inspectors": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}, "title_as_printed": {"type": "string"}}}},
                    "issues": {"type": "array", "items": {"$ref": "#/components/schemas/Issue"}}
                }
            }),
        ),
        (
            "RoundInput",
            json!({
                "type": "object",
                "properties": {
                    "fiscal_year": {"type": "integer", "description": "Buddhist Era"},
                    "level": {"type": "string", "enum": ["prime_minister", "ministry", "department"]},
                    "organisation_th": {"type": "string"},
                    "label": {"type": "string"},
                    "zones": {"type": "array", "items": {"type": "integer"}, "description": "zone numbers 0–18"},
                    "inspectors": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}, "title_as_printed": {"type": "string"}}}},
                    "starts_on": date, "ends_on": date,
                    "notes": {"type": ["string", "null"]}
                }
            }),
        ),
        (
            "Issue",
            json!({
                "type": "object",
                "required": ["id", "title", "is_key"],
                "properties": {
                    "id": {"type": "integer"}, "position": {"type": "integer"},
                    "title": {"type": "string"}, "is_key": {"type": "boolean"},
                    "description": {"type": ["string", "null"]},
                    "indicators": {"type": "array", "items": {"$ref": "#/components/schemas/Indicator"}}
                }
            }),
        ),
        (
            "IssueInput",
            json!({
                "type": "object", "required": ["title"],
                "properties": {"title": {"type": "string"}, "is_key": {"type": "boolean"}, "description": {"type": ["string", "null"]}}
            }),
        ),
        ("Indicator", indicator),
        (
            "IndicatorInput",
            json!({
                "type": "object", "required": ["name"],
                "properties": {
                    "name": {"type": "string"}, "unit": {"type": "string"},
                    "target": {"type": ["number", "null"]}, "current": {"type": ["number", "null"]},
                    "as_of": date
                }
            }),
        ),
        (
            "Account",
            json!({
                "type": "object",
                "required": ["id", "email", "display_name", "role", "active"],
                "properties": {
                    "id": {"type": "integer"}, "email": {"type": "string"},
                    "display_name": {"type": "string"}, "role": {"type": "string"},
                    "province_id": {"type": ["integer", "null"]}, "office_id": {"type": ["integer", "null"]},
                    "active": {"type": "boolean"}
                }
            }),
        ),
    ]
}

/// Routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/rounds", get(list).post(create))
        .route("/rounds/{id}", get(show).patch(patch))
        .route("/rounds/{id}/issues", post(add_issue))
        .route("/issues/{id}/indicators", post(add_indicator))
        .route("/admin/users", get(list_users))
}

fn created<T: Serialize>(v: T) -> Response {
    (StatusCode::CREATED, Json(v)).into_response()
}

async fn list(
    State(app): State<AppState>,
    Me(me): Me,
    Query(paging): Query<Paging>,
) -> Result<Json<PageOf<rounds::RoundView>>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let (rows, total) = rounds::list(&app.db, &ctx, paging.index(), paging.size()).await?;
    Ok(Json(PageOf::new(rows, paging, total)))
}

async fn show(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Json<rounds::RoundView>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    Ok(Json(rounds::get(&app.db, &ctx, id).await?))
}

#[derive(Debug, Deserialize)]
struct InspectorJson {
    #[serde(default)]
    name: String,
    #[serde(default)]
    title_as_printed: String,
}

#[derive(Debug, Default, Deserialize)]
struct RoundJson {
    fiscal_year: Option<i32>,
    level: Option<String>,
    organisation_th: Option<String>,
    label: Option<String>,
    zones: Option<Vec<i32>>,
    inspectors: Option<Vec<InspectorJson>>,
    starts_on: Option<String>,
    ends_on: Option<String>,
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
}

async fn create(
    State(app): State<AppState>,
    Me(me): Me,
    body: Bytes,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    rounds::ensure_may_edit(&ctx)?;
    let input: RoundJson = json::parse(&body)?;
    let (data, e) = input.apply(RoundData::default());
    let r = rounds::create(&app.db, &ctx, data, e).await?;
    Ok(created(rounds::get(&app.db, &ctx, r.id).await?))
}

async fn patch(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    body: Bytes,
) -> Result<Json<rounds::RoundView>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    rounds::ensure_may_edit(&ctx)?;
    let current = rounds::get(&app.db, &ctx, id).await?;
    if !rounds::may_edit(&app.db, &ctx, id).await {
        return Err(AppError::Forbidden);
    }
    let input: RoundJson = json::parse(&body)?;
    let base = RoundData {
        fiscal_year: current.fiscal_year,
        level: current.level.clone(),
        organisation_th: current.organisation_th.clone(),
        label: current.label.clone(),
        zones: current.zones.iter().map(|z| z.number).collect(),
        inspectors: current
            .inspectors
            .iter()
            .map(|i| (i.name.clone(), i.title_as_printed.clone()))
            .collect(),
        starts_on: current.starts_on,
        ends_on: current.ends_on,
        notes: current.notes.clone(),
    };
    let (data, e) = input.apply(base);
    rounds::update(&app.db, &ctx, id, data, e).await?;
    Ok(Json(rounds::get(&app.db, &ctx, id).await?))
}

async fn add_issue(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    body: Bytes,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let input: IssueInput = json::parse(&body)?;
    Ok(created(rounds::add_issue(&app.db, &ctx, id, &input).await?))
}

#[derive(Debug, Deserialize)]
struct IndicatorJson {
    #[serde(default)]
    name: String,
    #[serde(default)]
    unit: String,
    target: Option<f64>,
    current: Option<f64>,
    as_of: Option<String>,
}

async fn add_indicator(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    body: Bytes,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let input: IndicatorJson = json::parse(&body)?;
    let mut e = FieldErrors::new();
    let as_of = api_date(&mut e, "as_of", input.as_of.as_deref());
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let data = IndicatorData {
        name: input.name,
        unit: input.unit,
        target: input.target,
        current: input.current,
        as_of,
    };
    Ok(created(
        rounds::add_indicator(&app.db, &ctx, id, data).await?,
    ))
}

#[derive(Serialize)]
struct Account {
    id: i32,
    email: String,
    display_name: String,
    role: String,
    province_id: Option<i32>,
    office_id: Option<i32>,
    active: bool,
}

async fn list_users(
    State(app): State<AppState>,
    Me(me): Me,
    Query(paging): Query<Paging>,
) -> Result<Json<PageOf<Account>>, AppError> {
    if !me.actor.can_administer() {
        return Err(AppError::Forbidden);
    }
    let (rows, total) = users::page(&app.db, None, None, paging.index(), paging.size()).await?;
    Ok(Json(PageOf::new(rows, paging, total).map(|u| Account {
        id: u.id,
        email: u.email,
        display_name: u.display_name,
        role: u.role,
        province_id: u.province_id,
        office_id: u.office_id,
        active: u.active,
    })))
}
