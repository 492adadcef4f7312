//! API downloads of the action list as CSV or Excel: the same scope and filters as
//! `GET /api/v1/actions`, all pages in one file (at most `export::MAX_ROWS` rows).

use axum::extract::State;
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::actions::ListQuery;
use super::extract::ApiQuery;
use crate::edge::exports::respond;
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::export::Format;
use crate::services::Ctx;
use crate::services::exports::actions;
use crate::state::AppState;

/// Routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(actions_csv))
        .routes(routes!(actions_xlsx))
}

async fn export(app: AppState, me: Me, q: ListQuery, format: Format) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me.0, &app.clock);
    let filter = super::actions::filter_of(&app, q).await?;
    let rows = actions::ActionRows::new(&app.db, &ctx, &filter, &app.settings.server.base_url)?;
    respond(actions::table(ctx.today), rows, format).await
}

/// Actions within scope as CSV (UTF-8 with a BOM, CRLF, Thai headers, dates in the Buddhist
/// Era), every page in one file, at most 200,000 rows (a last line says when there were more).
#[utoipa::path(get, path = "/actions.csv", tag = "actions", params(ListQuery),
    responses((status = 200, description = "CSV", body = String, content_type = "text/csv")))]
async fn actions_csv(
    State(app): State<AppState>,
    me: Me,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Response, AppError> {
    export(app, me, q, Format::Csv).await
}

/// Actions within scope as an Excel workbook (dates as real dates shown in the Buddhist Era),
/// every page in one file, at most 200,000 rows.
#[utoipa::path(get, path = "/actions.xlsx", tag = "actions", params(ListQuery),
    responses((status = 200, description = "XLSX", body = Vec<u8>,
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
async fn actions_xlsx(
    State(app): State<AppState>,
    me: Me,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Response, AppError> {
    export(app, me, q, Format::Xlsx).await
}
