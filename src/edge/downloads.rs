//! Documents as downloads, for the pages and the API alike: the minutes of a meeting and the zone
//! report of a round, in any [`Format`], inline with their file name.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::identity::Me;
use crate::documents::{Document, Format};
use crate::error::AppError;
use crate::services::{Ctx, minutes as svc, report};
use crate::state::AppState;

/// A document as a download (inline, with its file name).
pub async fn deliver(app: &AppState, doc: &Document, format: Format) -> Result<Response, AppError> {
    let bytes = doc.produce(&app.docs, format).await?;
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{}.{}\"", doc.stem, format.extension()),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// The minutes of a meeting the caller may read, in `format` (pages and API alike).
pub async fn minutes_as(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    format: Format,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let doc = svc::document(&app.db, &app.docs, &ctx, id).await?;
    deliver(&app, &doc, format).await
}

/// The zone report of a round within the caller's scope, in `format` (pages and API alike).
pub async fn report_as(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    format: Format,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let doc = report::document(&app.db, &app.docs, &ctx, id).await?;
    deliver(&app, &doc, format).await
}
