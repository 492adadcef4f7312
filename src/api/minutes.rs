//! API for the minutes and the zone report: read the minutes with their lock token, save a
//! revision (`409 stale_revision` when someone saved first), circulate, certify, publish; and
//! the documents themselves as Markdown, HTML or PDF, the same bytes as the pages serve.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{Body, Id, IdParam};
use super::json;
use super::schema::minutes::{MinutesCertify, MinutesSave, Notes as NotesSchema};
use super::schema::values::MinutesState;
use crate::documents::Format;
use crate::domain::minutes::{ItemNotes, Notes};
use crate::edge::downloads::{minutes_as, report_as};
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::minutes::{self as svc, CertifyCommand, CertifyInput, SaveCommand, SaveInput};
use crate::services::{Ctx, meetings as svc_meetings};
use crate::state::AppState;

/// Routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(show, save))
        .routes(routes!(circulate))
        .routes(routes!(certify))
        .routes(routes!(publish))
        .routes(routes!(minutes_md))
        .routes(routes!(minutes_html))
        .routes(routes!(minutes_pdf))
        .routes(routes!(report_md))
        .routes(routes!(report_html))
        .routes(routes!(report_pdf))
}

/// The minutes as Markdown.
#[utoipa::path(get, path = "/meetings/{id}/minutes.md", tag = "minutes", params(IdParam),
    responses((status = 200, description = "Markdown", body = String, content_type = "text/markdown")))]
async fn minutes_md(s: State<AppState>, m: Me, Id(id): Id) -> Result<Response, AppError> {
    minutes_as(s, m, Path(id), Format::Md).await
}

/// The minutes as a printable HTML page.
#[utoipa::path(get, path = "/meetings/{id}/minutes.html", tag = "minutes", params(IdParam),
    responses((status = 200, description = "HTML", body = String, content_type = "text/html")))]
async fn minutes_html(s: State<AppState>, m: Me, Id(id): Id) -> Result<Response, AppError> {
    minutes_as(s, m, Path(id), Format::Html).await
}

/// The minutes as an A4 PDF (PDF/A-2b once certified).
#[utoipa::path(get, path = "/meetings/{id}/minutes.pdf", tag = "minutes", params(IdParam),
    responses((status = 200, description = "PDF", body = Vec<u8>, content_type = "application/pdf")))]
async fn minutes_pdf(s: State<AppState>, m: Me, Id(id): Id) -> Result<Response, AppError> {
    minutes_as(s, m, Path(id), Format::Pdf).await
}

/// The zone report of a round as Markdown.
#[utoipa::path(get, path = "/rounds/{id}/report.md", tag = "minutes", params(IdParam),
    responses((status = 200, description = "Markdown", body = String, content_type = "text/markdown")))]
async fn report_md(s: State<AppState>, m: Me, Id(id): Id) -> Result<Response, AppError> {
    report_as(s, m, Path(id), Format::Md).await
}

/// The zone report as a printable HTML page.
#[utoipa::path(get, path = "/rounds/{id}/report.html", tag = "minutes", params(IdParam),
    responses((status = 200, description = "HTML", body = String, content_type = "text/html")))]
async fn report_html(s: State<AppState>, m: Me, Id(id): Id) -> Result<Response, AppError> {
    report_as(s, m, Path(id), Format::Html).await
}

/// The zone report as an A4 PDF.
#[utoipa::path(get, path = "/rounds/{id}/report.pdf", tag = "minutes", params(IdParam),
    responses((status = 200, description = "PDF", body = Vec<u8>, content_type = "application/pdf")))]
async fn report_pdf(s: State<AppState>, m: Me, Id(id): Id) -> Result<Response, AppError> {
    report_as(s, m, Path(id), Format::Pdf).await
}

/// The minutes as the API shows them.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Minutes)]
pub struct MinutesJson {
    /// Meeting.
    meeting_id: i32,
    /// `draft`, `circulated` or `certified`.
    #[schema(value_type = MinutesState)]
    state: &'static str,
    /// 0 before the first save.
    revision: i32,
    /// Lock token: send it back with the next save.
    base: String,
    /// What is written.
    #[schema(value_type = NotesSchema)]
    notes: Notes,
    /// The minutes as Markdown.
    markdown: String,
    /// SHA-256 of the certified text.
    sha256: Option<String>,
    /// Shown on the public page.
    published: bool,
    /// Reply deadline of the circulation.
    circulation_deadline: Option<NaiveDate>,
    /// How they were certified (Thai).
    certification: Option<String>,
    /// Corrections made at certification (Markdown).
    corrections_md: Option<String>,
}

async fn current(app: &AppState, ctx: &Ctx, id: i32) -> Result<Json<MinutesJson>, AppError> {
    let p = svc::page(&app.db, &app.docs, ctx, id, None).await?;
    Ok(Json(MinutesJson {
        meeting_id: p.meeting_id,
        state: p.state.as_str(),
        revision: p.revision,
        base: p.base,
        notes: Notes {
            opening_md: p.opening_md,
            closing_md: p.closing_md,
            items: p
                .items
                .into_iter()
                .map(|i| {
                    (
                        i.id,
                        ItemNotes {
                            notes_md: i.notes_md,
                            resolution_md: i.resolution_md,
                        },
                    )
                })
                .collect(),
        },
        markdown: p.markdown,
        sha256: p.sha256,
        published: p.published,
        circulation_deadline: p.circulation_deadline,
        certification: p.certified_th,
        corrections_md: p.corrections_md,
    }))
}

/// The minutes of a meeting with their lock token.
#[utoipa::path(get, path = "/meetings/{id}/minutes", tag = "minutes", params(IdParam),
    responses((status = 200, description = "The minutes", body = MinutesJson)))]
async fn show(
    State(app): State<AppState>,
    Me(me): Me,
    Id(id): Id,
) -> Result<Json<MinutesJson>, AppError> {
    current(&app, &Ctx::of(&me, &app.clock), id).await
}

/// Permission first, then the body: a caller who may not write learns nothing from its shape.
async fn managed<T: serde::de::DeserializeOwned>(
    app: &AppState,
    ctx: &Ctx,
    id: i32,
    body: &Bytes,
) -> Result<T, AppError> {
    svc_meetings::find_managed(&app.db, ctx, id).await?;
    json::parse(body)
}

/// Save a revision (409 `stale_revision` if someone saved since `revision`/`base`).
#[utoipa::path(put, path = "/meetings/{id}/minutes", tag = "minutes", params(IdParam),
    request_body = MinutesSave,
    responses((status = 200, description = "The minutes", body = MinutesJson)))]
async fn save(
    State(app): State<AppState>,
    Me(me): Me,
    Id(id): Id,
    Body(body): Body,
) -> Result<Json<MinutesJson>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let input: SaveInput = managed(&app, &ctx, id, &body).await?;
    match SaveCommand::try_from(&input) {
        Ok(c) => svc::save(&app.db, &app.docs, &ctx, id, &c).await?,
        Err(e) => return Err(svc::refused_save(&app.db, &ctx, id, &input, e).await),
    };
    current(&app, &ctx, id).await
}

/// A circulation of the draft.
#[derive(Deserialize, ToSchema)]
#[schema(as = MinutesCirculate)]
struct CirculateJson {
    /// Reply deadline, ISO 8601.
    #[schema(format = Date)]
    deadline: String,
}

/// Circulate the draft with a reply deadline.
#[utoipa::path(post, path = "/meetings/{id}/minutes/circulate", tag = "minutes", params(IdParam),
    request_body = CirculateJson,
    responses((status = 200, description = "The minutes", body = MinutesJson)))]
async fn circulate(
    State(app): State<AppState>,
    Me(me): Me,
    Id(id): Id,
    Body(body): Body,
) -> Result<Json<MinutesJson>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let input: CirculateJson = managed(&app, &ctx, id, &body).await?;
    let day = match svc::deadline(&input.deadline) {
        Ok(day) => day,
        Err(errors) => return Err(svc::refused_circulate(&app.db, &ctx, id, errors).await),
    };
    svc::circulate(&app.db, &app.docs, &app.files, &ctx, id, day).await?;
    current(&app, &ctx, id).await
}

/// Certify the minutes (frozen, SHA-256 recorded).
#[utoipa::path(post, path = "/meetings/{id}/minutes/certify", tag = "minutes", params(IdParam),
    request_body = MinutesCertify,
    responses((status = 200, description = "The minutes", body = MinutesJson)))]
async fn certify(
    State(app): State<AppState>,
    Me(me): Me,
    Id(id): Id,
    Body(body): Body,
) -> Result<Json<MinutesJson>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let input: CertifyInput = managed(&app, &ctx, id, &body).await?;
    match CertifyCommand::try_from(&input) {
        Ok(c) => svc::certify(&app.db, &app.docs, &ctx, id, &c).await?,
        Err(e) => return Err(svc::refused_certify(&app.db, &ctx, id, e).await),
    };
    current(&app, &ctx, id).await
}

/// Publication of certified minutes.
#[derive(Deserialize, ToSchema)]
#[schema(as = MinutesPublish)]
struct PublishJson {
    /// Show them on the public page (`false` withdraws them).
    published: bool,
}

/// Publish certified minutes on the public page, or withdraw them.
#[utoipa::path(post, path = "/meetings/{id}/minutes/publication", tag = "minutes", params(IdParam),
    request_body = PublishJson,
    responses((status = 200, description = "The minutes", body = MinutesJson)))]
async fn publish(
    State(app): State<AppState>,
    Me(me): Me,
    Id(id): Id,
    Body(body): Body,
) -> Result<Json<MinutesJson>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let input: PublishJson = managed(&app, &ctx, id, &body).await?;
    svc::set_published(&app.db, &ctx, id, input.published).await?;
    current(&app, &ctx, id).await
}
