//! Pages for the minutes (รายงานการประชุม): the editor with live preview and the assembled
//! document, the life-cycle buttons, the downloads (`minutes.md`, `.html`, `.pdf`, `.docx`), the public
//! page of published minutes, and the zone report of a round.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Serialize;

use super::flash::{self, Flash};
use super::form::{HtmlForm, unprocessable};
use super::routes::Routes;
use crate::auth::Identity;
use crate::documents::Format;
use crate::domain::fields::FieldErrors;
use crate::domain::minutes::{ItemNotes, Notes};
use crate::edge::downloads::{deliver, minutes_as, report_as};
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::Ctx;
use crate::services::minutes::{self as svc, CertifyCommand, CertifyInput, SaveCommand, SaveInput};
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> Routes {
    Routes::new()
        .get("/meetings/{id}/minutes", show)
        .post("/meetings/{id}/minutes", save)
        .post("/meetings/{id}/minutes/preview", preview)
        .post("/meetings/{id}/minutes/circulate", circulate)
        .post("/meetings/{id}/minutes/certify", certify)
        .post("/meetings/{id}/minutes/publication", publish)
        .get("/meetings/{id}/minutes.md", |s, m, p| {
            minutes_as(s, m, p, Format::Md)
        })
        .get("/meetings/{id}/minutes.html", |s, m, p| {
            minutes_as(s, m, p, Format::Html)
        })
        .get("/meetings/{id}/minutes.pdf", |s, m, p| {
            minutes_as(s, m, p, Format::Pdf)
        })
        .get("/meetings/{id}/minutes.docx", |s, m, p| {
            minutes_as(s, m, p, Format::Docx)
        })
        .get("/public/minutes/{id}", |s, p| public_as(s, p, Format::Html))
        .get("/public/minutes/{id}/pdf", |s, p| {
            public_as(s, p, Format::Pdf)
        })
        .get("/rounds/{id}/report.md", |s, m, p| {
            report_as(s, m, p, Format::Md)
        })
        .get("/rounds/{id}/report.html", |s, m, p| {
            report_as(s, m, p, Format::Html)
        })
        .get("/rounds/{id}/report.pdf", |s, m, p| {
            report_as(s, m, p, Format::Pdf)
        })
        .get("/rounds/{id}/report.docx", |s, m, p| {
            report_as(s, m, p, Format::Docx)
        })
}

/// The editor form as posted: `notes_<item id>` and `resolution_<item id>` for each item.
fn save_input(form: &BTreeMap<String, String>) -> SaveInput {
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    let mut items: BTreeMap<i32, ItemNotes> = BTreeMap::new();
    for (k, v) in form {
        if let Some(id) = k.strip_prefix("notes_").and_then(|s| s.parse().ok()) {
            items.entry(id).or_default().notes_md = v.clone();
        } else if let Some(id) = k.strip_prefix("resolution_").and_then(|s| s.parse().ok()) {
            items.entry(id).or_default().resolution_md = v.clone();
        }
    }
    SaveInput {
        revision: get("revision").trim().parse().unwrap_or(-1),
        base: get("base"),
        comment: get("comment"),
        notes: Notes {
            opening_md: get("opening_md"),
            closing_md: get("closing_md"),
            items,
        },
    }
}

#[derive(Serialize)]
struct View<'a> {
    #[serde(flatten)]
    page: svc::MinutesPage,
    errors: FieldErrors,
    notice: Option<&'a str>,
    stale: bool,
    deadline: String,
    certify: CertifyInput,
}

async fn render(
    app: &AppState,
    me: &Identity,
    id: i32,
    mine: Option<&SaveInput>,
    errors: FieldErrors,
    notice: Option<&str>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(me, &app.clock);
    let page = svc::page(&app.db, &app.docs, &ctx, id, mine).await?;
    let view = View {
        deadline: String::new(),
        certify: CertifyInput::default(),
        stale: mine.is_some() && notice.is_some(),
        page,
        errors,
        notice,
    };
    app.pages.page(Some(me), "minutes/show.html.j2", &view)
}

async fn show(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    render(&app, &me, id, None, FieldErrors::new(), None).await
}

async fn save(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    HtmlForm(form): HtmlForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let input = save_input(&form);
    let done = match SaveCommand::try_from(&input) {
        Ok(c) => svc::save(&app.db, &app.docs, &ctx, id, &c).await,
        Err(e) => Err(svc::refused_save(&app.db, &ctx, id, &input, e).await),
    };
    match done {
        Ok(_) => Ok(flash::redirect(
            &app,
            &format!("/meetings/{id}/minutes"),
            Flash::MinutesSaved,
        )),
        Err(AppError::Stale(msg)) => {
            let res = render(&app, &me, id, Some(&input), FieldErrors::new(), Some(&msg)).await?;
            let mut res = unprocessable(res);
            *res.status_mut() = axum::http::StatusCode::CONFLICT;
            Ok(res)
        }
        Err(AppError::Invalid(errors)) => Ok(unprocessable(
            render(&app, &me, id, Some(&input), errors, None).await?,
        )),
        Err(e) => Err(e),
    }
}

/// The assembled document for the live preview, as an HTML fragment.
async fn preview(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    HtmlForm(form): HtmlForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let input = save_input(&form);
    let md = svc::preview(&app.db, &app.docs, &ctx, id, &input.notes).await?;
    Ok(Html(crate::documents::html::fragment(&md)).into_response())
}

async fn circulate(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    HtmlForm(form): HtmlForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let deadline = form.get("deadline").cloned().unwrap_or_default();
    let result = match svc::deadline(&deadline) {
        Ok(day) => svc::circulate(&app.db, &app.docs, &app.files, &ctx, id, day).await,
        Err(errors) => Err(svc::refused_circulate(&app.db, &ctx, id, errors).await),
    };
    match result {
        Ok(_) => {
            let n = circulation_emails(&app, id).await?;
            Ok(flash::redirect(
                &app,
                &format!("/meetings/{id}/minutes"),
                Flash::Circulated(n),
            ))
        }
        Err(AppError::Invalid(errors)) => {
            refused_change(&app, &me, id, errors, deadline, CertifyInput::default()).await
        }
        Err(e) => Err(e),
    }
}

/// How many circulation emails the meeting's minutes have queued (for the flash message).
async fn circulation_emails(app: &AppState, id: i32) -> Result<u32, AppError> {
    use crate::db::entities::outbox_messages as om;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let n = om::Entity::find()
        .filter(om::Column::MeetingId.eq(id))
        .filter(om::Column::Kind.eq(crate::mail::kind::MINUTES_CIRCULATED))
        .count(&app.db)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The minutes page again after a refused circulation or certification, with what was typed.
async fn refused_change(
    app: &AppState,
    me: &Identity,
    id: i32,
    errors: FieldErrors,
    deadline: String,
    certify: CertifyInput,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(me, &app.clock);
    let page = svc::page(&app.db, &app.docs, &ctx, id, None).await?;
    let view = View {
        deadline,
        certify,
        stale: false,
        page,
        errors,
        notice: None,
    };
    Ok(unprocessable(app.pages.page(
        Some(me),
        "minutes/show.html.j2",
        &view,
    )?))
}

async fn certify(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    HtmlForm(form): HtmlForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let input = CertifyInput {
        method: form.get("method").cloned().unwrap_or_default(),
        by_meeting_id: form
            .get("by_meeting_id")
            .and_then(|s| s.trim().parse().ok()),
        corrections_md: form.get("corrections_md").cloned().unwrap_or_default(),
    };
    // Certifying cannot be undone: the form's required checkbox must be ticked (asked of those
    // who may certify only; others get the usual 403/404 first).
    crate::services::meetings::find_managed(&app.db, &ctx, id).await?;
    if form.get("confirm").is_none_or(|v| v != "1") {
        let errors = FieldErrors::one("confirm", "กรุณาทำเครื่องหมายยืนยันการรับรองก่อน");
        return refused_change(&app, &me, id, errors, String::new(), input).await;
    }
    let done = match CertifyCommand::try_from(&input) {
        Ok(c) => svc::certify(&app.db, &app.docs, &ctx, id, &c).await,
        Err(e) => Err(svc::refused_certify(&app.db, &ctx, id, e).await),
    };
    match done {
        Ok(_) => Ok(flash::redirect(
            &app,
            &format!("/meetings/{id}/minutes"),
            Flash::Certified,
        )),
        Err(AppError::Invalid(errors)) => {
            refused_change(&app, &me, id, errors, String::new(), input).await
        }
        Err(e) => Err(e),
    }
}

async fn publish(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    HtmlForm(form): HtmlForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let on = form.get("published").is_some_and(|v| v == "1");
    svc::set_published(&app.db, &ctx, id, on).await?;
    Ok(Redirect::to(&format!("/meetings/{id}/minutes")).into_response())
}

/// Published, certified minutes for anyone.
async fn public_as(
    State(app): State<AppState>,
    Path(id): Path<i32>,
    format: Format,
) -> Result<Response, AppError> {
    let ctx = Ctx::system(&app.clock);
    let r = svc::public(&app.db, &app.docs, &ctx, id).await?;
    let doc = svc::document_of(r);
    let mut res = deliver(&app, &doc, format).await?;
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("public, max-age=300"),
    );
    Ok(res)
}
