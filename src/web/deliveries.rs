//! The delivery log pages: `/meetings/{id}/mail` and `/offices/{id}/mail`, and the resend
//! button (`POST /mail/{id}/resend`). Administrators and the provincial office in scope.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;

use super::routes::Routes;
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::Ctx;
use crate::services::deliveries::{self as svc, DeliveryRow};
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> Routes {
    Routes::new()
        .get("/meetings/{id}/mail", meeting_log)
        .get("/offices/{id}/mail", office_log)
        .post("/mail/{id}/resend", resend)
}

#[derive(Serialize)]
struct LogView {
    title: String,
    back: String,
    back_label: &'static str,
    rows: Vec<DeliveryRow>,
}

async fn meeting_log(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let (m, rows) = svc::for_meeting(&app.db, &ctx, id).await?;
    let view = LogView {
        title: m.title,
        back: format!("/meetings/{id}"),
        back_label: "กลับไปหน้าการประชุม",
        rows,
    };
    app.pages.page(Some(&me), "deliveries/log.html.j2", &view)
}

async fn office_log(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let (o, rows) = svc::for_office(&app.db, &ctx, id).await?;
    let view = LogView {
        title: o.name_th,
        back: "/actions".to_owned(),
        back_label: "กลับไปหน้าการดำเนินการ",
        rows,
    };
    app.pages.page(Some(&me), "deliveries/log.html.j2", &view)
}

async fn resend(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let back = svc::resend(&app.db, &ctx, id).await?;
    Ok(Redirect::to(&back).into_response())
}
