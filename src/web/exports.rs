//! Downloads of the lists as CSV and Excel: the action list and the meetings list with the
//! filters their pages take (the pages link here with their query string), and a meeting's
//! attendance. Same scope as the pages; the writing is `crate::export`.

use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::routes::Routes;
use crate::edge::exports::respond;
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::export::Format;
use crate::services::Ctx;
use crate::services::exports::{actions, attendance, meetings};
use crate::services::meetings::ListFilter;
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> Routes {
    Routes::new()
        .get("/actions.csv", |s, m, q| actions_as(s, m, q, Format::Csv))
        .get("/actions.xlsx", |s, m, q| actions_as(s, m, q, Format::Xlsx))
        .get("/meetings.csv", |s, m, q| meetings_as(s, m, q, Format::Csv))
        .get("/meetings.xlsx", |s, m, q| {
            meetings_as(s, m, q, Format::Xlsx)
        })
        .get("/meetings/{id}/attendance.csv", |s, m, p| {
            attendance_as(s, m, p, Format::Csv)
        })
        .get("/meetings/{id}/attendance.xlsx", |s, m, p| {
            attendance_as(s, m, p, Format::Xlsx)
        })
}

async fn actions_as(
    State(app): State<AppState>,
    Me(me): Me,
    Query(q): Query<super::actions::ListQuery>,
    format: Format,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    // The list's own query string and parsing: the file holds what the page lists.
    let filter = super::actions::filter_of(&app, &q).await?;
    let rows = actions::ActionRows::new(&app.db, &ctx, &filter, &app.settings.server.base_url)?;
    respond(actions::table(ctx.today), rows, format).await
}

async fn meetings_as(
    State(app): State<AppState>,
    Me(me): Me,
    Query(filter): Query<ListFilter>,
    format: Format,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let rows =
        meetings::MeetingRows::new(&app.db, &ctx, &filter, false, &app.settings.server.base_url)
            .await?;
    respond(meetings::table(ctx.today), rows, format).await
}

async fn attendance_as(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    format: Format,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let (table, rows) = attendance::sheet(&app.db, &ctx, id).await?;
    respond(table, rows, format).await
}
