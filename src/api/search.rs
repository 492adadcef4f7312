//! `GET /api/v1/search?q=`: the search of `/search` as JSON (same service, same scope), each hit
//! with its snippet in pieces (`hit: true` marks a match).

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::ApiQuery;
use crate::domain::fields::FieldErrors;
use crate::domain::search::SearchQuery;
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::Ctx;
use crate::services::search::{self as svc, Kind, SearchFilter, SearchResults};
use crate::state::AppState;

/// Routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search))
}

/// The query and its filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct SearchParams {
    /// What to look for (Thai or English; words separated by spaces must all appear).
    #[param(min_length = 1, max_length = 200)]
    q: String,
    /// One kind only.
    #[param(value_type = Option<Kind>)]
    kind: Option<String>,
    /// Province code (`TH-33`): its meetings and what belongs to them.
    province: Option<String>,
    /// Meetings on or after this date, ISO 8601 (CE).
    #[param(value_type = Option<String>, format = Date)]
    #[serde(default, deserialize_with = "super::extract::opt_iso_date")]
    from: Option<NaiveDate>,
    /// Meetings on or before this date, ISO 8601 (CE).
    #[param(value_type = Option<String>, format = Date)]
    #[serde(default, deserialize_with = "super::extract::opt_iso_date")]
    to: Option<NaiveDate>,
}

/// Searches meetings, agenda items, directives, actions, progress reports and minutes within
/// the caller's scope: exact phrase first, then the newest.
#[utoipa::path(get, path = "/search", tag = "search", params(SearchParams),
    responses((status = 200, description = "The hits", body = SearchResults)))]
async fn search(
    State(app): State<AppState>,
    Me(me): Me,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> Result<Json<SearchResults>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    if p.q.chars().count() > 200 {
        return Err(AppError::Invalid(FieldErrors::one(
            "q",
            "คำค้นยาวได้ไม่เกิน 200 ตัวอักษร",
        )));
    }
    let q = SearchQuery::parse(&p.q)
        .ok_or_else(|| AppError::Invalid(FieldErrors::one("q", "กรุณาพิมพ์คำค้น")))?;
    let kind = match p.kind.as_deref().filter(|s| !s.is_empty()) {
        Some(k) => Some(Kind::parse(k).ok_or_else(|| {
            AppError::Invalid(FieldErrors::one(
                "kind",
                "ประเภทต้องเป็น meeting, agenda, directive, action, update หรือ minutes",
            ))
        })?),
        None => None,
    };
    let province = super::extract::province_id(&app.db, p.province.as_deref()).await?;
    let filter = SearchFilter {
        kind,
        province,
        from: p.from,
        to: p.to,
    };
    Ok(Json(svc::search(&app.db, &ctx, &q, &filter).await?))
}
