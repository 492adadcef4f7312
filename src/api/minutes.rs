//! API for the minutes and the zone report: read the minutes with their lock token, save a
//! revision (`409 stale_revision` when someone saved first), circulate, certify, publish; and
//! the documents themselves as Markdown, HTML or PDF, the same bytes as the pages serve.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Endpoint, json};
use crate::documents::Format;
use crate::domain::minutes::{ItemNotes, Notes};
use crate::error::AppError;
use crate::services::minutes::{self as svc, CertifyInput, SaveInput};
use crate::services::{Ctx, meetings as svc_meetings};
use crate::state::AppState;
use crate::web::identity::Me;
use crate::web::minutes::{minutes_as, report_as};

const fn ep(
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    request: Option<&'static str>,
    response: &'static str,
) -> Endpoint {
    Endpoint {
        method,
        path,
        tag: "minutes",
        summary,
        request,
        response,
        list: false,
        status: 200,
    }
}

/// Documented operations.
pub const ENDPOINTS: &[Endpoint] = &[
    ep(
        "get",
        "/meetings/{id}/minutes",
        "The minutes of a meeting with their lock token",
        None,
        "Minutes",
    ),
    ep(
        "put",
        "/meetings/{id}/minutes",
        "Save a revision (409 stale_revision if someone saved since `revision`/`base`)",
        Some("MinutesSave"),
        "Minutes",
    ),
    ep(
        "post",
        "/meetings/{id}/minutes/circulate",
        "Circulate the draft with a reply deadline",
        Some("MinutesCirculate"),
        "Minutes",
    ),
    ep(
        "post",
        "/meetings/{id}/minutes/certify",
        "Certify (frozen, SHA-256 recorded)",
        Some("MinutesCertify"),
        "Minutes",
    ),
    ep(
        "post",
        "/meetings/{id}/minutes/publication",
        "Publish certified minutes on the public page, or withdraw them",
        Some("MinutesPublish"),
        "Minutes",
    ),
    ep(
        "get",
        "/meetings/{id}/minutes.md",
        "The minutes as Markdown",
        None,
        "Document",
    ),
    ep(
        "get",
        "/meetings/{id}/minutes.html",
        "The minutes as a printable HTML page",
        None,
        "Document",
    ),
    ep(
        "get",
        "/meetings/{id}/minutes.pdf",
        "The minutes as an A4 PDF (PDF/A-2b once certified)",
        None,
        "Document",
    ),
    ep(
        "get",
        "/rounds/{id}/report.md",
        "The zone report of a round as Markdown",
        None,
        "Document",
    ),
    ep(
        "get",
        "/rounds/{id}/report.html",
        "The zone report as a printable HTML page",
        None,
        "Document",
    ),
    ep(
        "get",
        "/rounds/{id}/report.pdf",
        "The zone report as an A4 PDF",
        None,
        "Document",
    ),
];

/// Schemas used above.
pub fn schemas() -> Vec<(&'static str, serde_json::Value)> {
    let notes = json!({
        "type": "object",
        "properties": {
            "opening_md": {"type": "string"}, "closing_md": {"type": "string"},
            "items": {"type": "object", "description": "by agenda item id", "additionalProperties": {
                "type": "object", "properties": {"notes_md": {"type": "string"}, "resolution_md": {"type": "string"}}}}
        }
    });
    vec![
        (
            "Minutes",
            json!({
                "type": "object",
                "required": ["meeting_id", "state", "revision", "base", "notes", "markdown"],
                "properties": {
                    "meeting_id": {"type": "integer"},
                    "state": {"type": "string", "enum": ["draft", "circulated", "certified"]},
                    "revision": {"type": "integer", "description": "0 before the first save"},
                    "base": {"type": "string", "description": "lock token: send it back with the next save"},
                    "notes": notes,
                    "markdown": {"type": "string"},
                    "sha256": {"type": ["string", "null"]},
                    "published": {"type": "boolean"},
                    "circulation_deadline": {"type": ["string", "null"], "format": "date"},
                    "certification": {"type": ["string", "null"]},
                    "corrections_md": {"type": ["string", "null"]}
                }
            }),
        ),
        (
            "MinutesSave",
            json!({
                "type": "object",
                "required": ["revision", "base", "notes"],
                "properties": {"revision": {"type": "integer"}, "base": {"type": "string"}, "notes": notes, "comment": {"type": "string"}}
            }),
        ),
        (
            "MinutesCirculate",
            json!({"type": "object", "required": ["deadline"], "properties": {"deadline": {"type": "string", "format": "date"}}}),
        ),
        (
            "MinutesCertify",
            json!({
                "type": "object", "required": ["method"],
                "properties": {
                    "method": {"type": "string", "enum": ["next_meeting", "same_meeting", "circulation"]},
                    "by_meeting_id": {"type": ["integer", "null"]},
                    "corrections_md": {"type": "string"}
                }
            }),
        ),
        (
            "MinutesPublish",
            json!({"type": "object", "required": ["published"], "properties": {"published": {"type": "boolean"}}}),
        ),
        (
            "Document",
            json!({"type": "string", "description": "text/markdown, text/html or application/pdf"}),
        ),
    ]
}

/// Routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/meetings/{id}/minutes", get(show).put(save))
        .route("/meetings/{id}/minutes/circulate", post(circulate))
        .route("/meetings/{id}/minutes/certify", post(certify))
        .route("/meetings/{id}/minutes/publication", post(publish))
        .route(
            "/meetings/{id}/minutes.md",
            get(|s, m, p| minutes_as(s, m, p, Format::Md)),
        )
        .route(
            "/meetings/{id}/minutes.html",
            get(|s, m, p| minutes_as(s, m, p, Format::Html)),
        )
        .route(
            "/meetings/{id}/minutes.pdf",
            get(|s, m, p| minutes_as(s, m, p, Format::Pdf)),
        )
        .route(
            "/rounds/{id}/report.md",
            get(|s, m, p| report_as(s, m, p, Format::Md)),
        )
        .route(
            "/rounds/{id}/report.html",
            get(|s, m, p| report_as(s, m, p, Format::Html)),
        )
        .route(
            "/rounds/{id}/report.pdf",
            get(|s, m, p| report_as(s, m, p, Format::Pdf)),
        )
}

/// The minutes as the API shows them.
#[derive(Debug, Serialize)]
pub struct MinutesJson {
    meeting_id: i32,
    state: &'static str,
    revision: i32,
    base: String,
    notes: Notes,
    markdown: String,
    sha256: Option<String>,
    published: bool,
    circulation_deadline: Option<NaiveDate>,
    certification: Option<String>,
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

async fn show(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
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

async fn save(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    body: Bytes,
) -> Result<Json<MinutesJson>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let input: SaveInput = managed(&app, &ctx, id, &body).await?;
    svc::save(&app.db, &app.docs, &ctx, id, &input).await?;
    current(&app, &ctx, id).await
}

#[derive(Deserialize)]
struct CirculateJson {
    deadline: String,
}

async fn circulate(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    body: Bytes,
) -> Result<Json<MinutesJson>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let input: CirculateJson = managed(&app, &ctx, id, &body).await?;
    svc::circulate(
        &app.db,
        &app.docs,
        &app.settings.storage,
        &ctx,
        id,
        &input.deadline,
    )
    .await?;
    current(&app, &ctx, id).await
}

async fn certify(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    body: Bytes,
) -> Result<Json<MinutesJson>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let input: CertifyInput = managed(&app, &ctx, id, &body).await?;
    svc::certify(&app.db, &app.docs, &ctx, id, &input).await?;
    current(&app, &ctx, id).await
}

#[derive(Deserialize)]
struct PublishJson {
    published: bool,
}

async fn publish(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    body: Bytes,
) -> Result<Json<MinutesJson>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let input: PublishJson = managed(&app, &ctx, id, &body).await?;
    svc::set_published(&app.db, &ctx, id, input.published).await?;
    current(&app, &ctx, id).await
}
