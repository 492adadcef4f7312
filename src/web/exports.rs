//! Downloads of the lists as CSV and Excel: the action list and the meetings list with the
//! filters their pages take (the pages link here with their query string), and a meeting's
//! attendance. Same scope as the pages; the writing is `crate::export`.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;

use super::form::opt;
use crate::edge::exports::respond;
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::export::Format;
use crate::services::Ctx;
use crate::services::actions::ActionFilter;
use crate::services::exports::{actions, attendance, meetings};
use crate::services::meetings::ListFilter;
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/actions.csv",
            get(|s, m, q| actions_as(s, m, q, Format::Csv)),
        )
        .route(
            "/actions.xlsx",
            get(|s, m, q| actions_as(s, m, q, Format::Xlsx)),
        )
        .route(
            "/meetings.csv",
            get(|s, m, q| meetings_as(s, m, q, Format::Csv)),
        )
        .route(
            "/meetings.xlsx",
            get(|s, m, q| meetings_as(s, m, q, Format::Xlsx)),
        )
        .route(
            "/meetings/{id}/attendance.csv",
            get(|s, m, p| attendance_as(s, m, p, Format::Csv)),
        )
        .route(
            "/meetings/{id}/attendance.xlsx",
            get(|s, m, p| attendance_as(s, m, p, Format::Xlsx)),
        )
}

/// The action list's query string, as its page reads it (`page` and `per_page` are ignored).
#[derive(Debug, Default, Deserialize)]
struct ActionQuery {
    office: Option<String>,
    province: Option<String>,
    status: Option<String>,
    overdue: Option<String>,
    week: Option<String>,
    meeting: Option<String>,
    q: Option<String>,
}

impl ActionQuery {
    /// The filter, read as `web::actions::index` reads it: a province by code or id (an
    /// unknown code matches nothing).
    async fn filter(&self, app: &AppState) -> Result<ActionFilter, AppError> {
        let province = match opt(&self.province) {
            None => None,
            Some(v) => match v.parse::<i32>() {
                Ok(id) => Some(id),
                Err(_) => Some(
                    crate::db::repo::provinces::id_of_code(&app.db, v)
                        .await?
                        .unwrap_or(-1),
                ),
            },
        };
        Ok(ActionFilter {
            office: opt(&self.office).and_then(|s| s.parse().ok()),
            province,
            status: opt(&self.status).map(str::to_owned),
            overdue: opt(&self.overdue).is_some(),
            due_week: opt(&self.week).is_some(),
            due_before: None,
            meeting: opt(&self.meeting).and_then(|s| s.parse().ok()),
            q: opt(&self.q).map(str::to_owned),
        })
    }
}

async fn actions_as(
    State(app): State<AppState>,
    Me(me): Me,
    Query(q): Query<ActionQuery>,
    format: Format,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let filter = q.filter(&app).await?;
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
