//! The calendar feeds as `.ics`, without sign-in: `/calendar/{token}.ics` (a user's secret feed,
//! read with the account's scope of the moment) and `/calendar/province/{code}.ics` (a province's
//! public feed, once switched on). Anything unknown, revoked, disabled or off is a 404.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::routes::Routes;
use crate::auth::calendar_feed;
use crate::error::AppError;
use crate::services::calendar;
use crate::state::AppState;

/// Routes.
pub fn routes() -> Routes {
    Routes::new()
        .get("/calendar/{file}", personal)
        .get("/calendar/province/{file}", public)
}

/// The `.ics` response: private (a secret URL) or shared for a while (a public feed).
fn ics(body: String, cache: &'static str) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    res
}

async fn personal(
    State(app): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let token = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    let now = app.clock.now();
    let me = calendar_feed::resolve(&app.db, token, now)
        .await?
        .ok_or(AppError::NotFound)?;
    let body =
        calendar::personal(&app.db, &app.mail, &me.actor.scope, &me.display_name, now).await?;
    // The URL is a credential: no shared cache keeps what it answers.
    let mut res = ics(body, "private, no-store");
    res.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    Ok(res)
}

async fn public(
    State(app): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let code = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    let body = calendar::public(&app.db, &app.mail, code, app.clock.now())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ics(body, "public, max-age=300"))
}
