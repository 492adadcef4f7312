//! Pages for actions: the scoped list with filters, the action page (updates, files, history),
//! posting an update with evidence files (multipart), reviewing an update, and serving files
//! within scope.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::flash::{self, Flash};
use super::form::{HtmlForm, opt};
use super::routes::Routes;
use super::upload;
use crate::auth::Identity;
use crate::domain::fields::FieldErrors;
use crate::domain::paging::{PageOf, Paging};
use crate::domain::status::ActionStatus;
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::Ctx;
use crate::services::actions::{self as svc, ActionFilter};
use crate::services::directives::Choice;
use crate::services::updates::{self, Decision, ReviewCommand, UpdateCommand, UpdateInput};
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> Routes {
    Routes::new()
        .get("/actions", index)
        .get("/actions/{id}", show)
        .upload("/actions/{id}/updates", post_update)
        .post("/updates/{id}/review", review)
        .get("/files/{id}", file)
}

/// The list's query string, as typed (the exports read the same).
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct ListQuery {
    office: Option<String>,
    province: Option<String>,
    status: Option<String>,
    overdue: Option<String>,
    week: Option<String>,
    meeting: Option<String>,
    q: Option<String>,
    /// The dashboard's filters (kept as hidden fields by the list's form).
    zone: Option<String>,
    fy: Option<String>,
    round: Option<String>,
    issue: Option<String>,
    horizon: Option<String>,
    ministry: Option<String>,
    review: Option<String>,
    on_time: Option<String>,
    opened: Option<String>,
    closed: Option<String>,
    page: Option<u64>,
    per_page: Option<u64>,
}

impl ListQuery {
    /// The dashboard's filters present in the query, in Thai, to say what the list shows.
    fn extra(&self) -> Vec<(&'static str, &'static str, String)> {
        [
            ("zone", "เขตตรวจราชการ (รหัส)", &self.zone),
            ("fy", "ปีงบประมาณ", &self.fy),
            ("round", "รอบการตรวจราชการ (รหัส)", &self.round),
            ("issue", "ประเด็นการตรวจราชการ (รหัส)", &self.issue),
            ("horizon", "ระยะเวลาดำเนินการ", &self.horizon),
            ("ministry", "กระทรวง", &self.ministry),
            ("review", "มีรายงานรอตรวจสอบ", &self.review),
            ("on_time", "แล้วเสร็จทันกำหนด", &self.on_time),
            ("opened", "สร้างในเดือน", &self.opened),
            ("closed", "ปิดในเดือน", &self.closed),
        ]
        .into_iter()
        .filter_map(|(k, label, v)| opt(v).map(|v| (k, label, v.to_owned())))
        .collect()
    }
}

/// A month as `2026-03` (CE, as the dashboard links it), its first day.
fn month(v: &Option<String>) -> Result<Option<chrono::NaiveDate>, AppError> {
    match opt(v) {
        None => Ok(None),
        Some(s) => chrono::NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                AppError::Invalid(FieldErrors::one("month", "เดือนต้องอยู่ในรูปแบบ ปปปป-ดด (ค.ศ.)"))
            }),
    }
}

/// A number in the query, or an error naming the field.
fn number(field: &str, v: &Option<String>) -> Result<Option<i32>, AppError> {
    match opt(v) {
        None => Ok(None),
        Some(s) => s
            .parse()
            .map(Some)
            .map_err(|_| AppError::Invalid(FieldErrors::one(field, "ต้องเป็นตัวเลข"))),
    }
}

/// The list's filter from its query string: a province by its code (`TH-33`, as the select
/// sends it) or its id (older links); an unknown code matches nothing rather than being dropped.
pub(crate) async fn filter_of(app: &AppState, q: &ListQuery) -> Result<ActionFilter, AppError> {
    let province = super::form::province_id(&app.db, &q.province).await?;
    Ok(ActionFilter {
        office: opt(&q.office).and_then(|s| s.parse().ok()),
        province,
        zone: number("zone", &q.zone)?,
        status: opt(&q.status).map(str::to_owned),
        overdue: opt(&q.overdue).is_some(),
        due_week: opt(&q.week).is_some(),
        due_before: None,
        meeting: opt(&q.meeting).and_then(|s| s.parse().ok()),
        q: opt(&q.q).map(str::to_owned),
        fiscal_year: number("fy", &q.fy)?,
        round: number("round", &q.round)?,
        issue: number("issue", &q.issue)?,
        horizon: opt(&q.horizon).map(str::to_owned),
        ministry: opt(&q.ministry).map(str::to_owned),
        awaiting_review: opt(&q.review).is_some(),
        done_on_time: opt(&q.on_time).is_some(),
        opened_in: month(&q.opened)?,
        closed_in: month(&q.closed)?,
    })
}

#[derive(Serialize)]
struct ListView<'a> {
    page: PageOf<svc::ActionRow>,
    query: &'a ListQuery,
    filters: svc::FilterChoices,
    statuses: Vec<Choice>,
    qs: String,
    /// The dashboard's filters in force: (name, Thai label, value).
    extra: Vec<(&'static str, &'static str, String)>,
}

async fn index(
    State(app): State<AppState>,
    Me(me): Me,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let filter = filter_of(&app, &q).await?;
    let paging = Paging {
        page: q.page.unwrap_or(1),
        per_page: q
            .per_page
            .unwrap_or(crate::domain::paging::DEFAULT_PER_PAGE),
    };
    // The page and the form's choices at once (on two connections).
    let (page, filters) = tokio::try_join!(
        svc::list(&app.db, &ctx, &filter, paging),
        svc::filter_choices(&app.db, &ctx, filter.province),
    )?;
    let mut qs = form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("office", &q.office),
        ("province", &q.province),
        ("status", &q.status),
        ("overdue", &q.overdue),
        ("week", &q.week),
        ("meeting", &q.meeting),
        ("q", &q.q),
        ("zone", &q.zone),
        ("fy", &q.fy),
        ("round", &q.round),
        ("issue", &q.issue),
        ("horizon", &q.horizon),
        ("ministry", &q.ministry),
        ("review", &q.review),
        ("on_time", &q.on_time),
        ("opened", &q.opened),
        ("closed", &q.closed),
    ] {
        if let Some(v) = opt(v) {
            qs.append_pair(k, v);
        }
    }
    let view = ListView {
        page,
        query: &q,
        filters,
        statuses: ActionStatus::ALL
            .iter()
            .map(|s| Choice {
                value: s.as_str().to_owned(),
                label: s.label_th().to_owned(),
            })
            .collect(),
        qs: qs.finish(),
        extra: q.extra(),
    };
    app.pages.page(Some(&me), "actions/index.html.j2", &view)
}

#[derive(Serialize)]
struct ShowView<'a> {
    a: svc::ActionDetail,
    form: &'a UpdateInput,
    errors: FieldErrors,
    /// Files sent with a refused update: not kept, to be attached again.
    dropped_files: Vec<String>,
    max_mb: u64,
}

async fn render_show(
    app: &AppState,
    me: &Identity,
    id: i32,
    form: &UpdateInput,
    errors: FieldErrors,
    dropped_files: Vec<String>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(me, &app.clock);
    let a = svc::get(&app.db, &ctx, id).await?;
    let view = ShowView {
        a,
        form,
        errors,
        dropped_files,
        max_mb: app.settings.storage.max_upload_bytes.div_ceil(1024 * 1024),
    };
    app.pages.page(Some(me), "actions/show.html.j2", &view)
}

async fn show(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    render_show(
        &app,
        &me,
        id,
        &UpdateInput::default(),
        FieldErrors::new(),
        vec![],
    )
    .await
}

async fn post_update(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    headers: axum::http::HeaderMap,
    mp: Multipart,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    // Identity, scope and permission before the body is read: an outsider learns nothing and
    // costs nothing.
    let a = svc::action_in_scope(&app.db, &ctx, id).await?;
    if !ctx
        .actor
        .can_post_update(crate::services::scope::action_location(&a))
    {
        return Err(AppError::Forbidden);
    }
    let storage = &app.settings.storage;
    let limits = upload::Limits::of(storage);
    limits.check_declared(&headers)?;
    let (result, input, names) = match upload::read(mp, limits, storage).await {
        Ok(form) => {
            let names: Vec<String> = form.files.iter().map(|f| f.filename.clone()).collect();
            let r = match UpdateCommand::try_from(&form.input) {
                Ok(cmd) => {
                    updates::report(&app.db, &ctx, &app.files, id, &cmd, form.files, false).await
                }
                // The files are not kept (their spools are removed): they are named on the page.
                Err(errors) => Err(AppError::Invalid(errors)),
            };
            (r, form.input, names)
        }
        Err(upload::Refused { error, input }) => (Err(error), input, vec![]),
    };
    let (errors, status) = match result {
        Ok(_) => {
            return Ok(flash::redirect(
                &app,
                &format!("/actions/{id}"),
                Flash::UpdatePosted,
            ));
        }
        Err(AppError::Invalid(errors)) => (errors, StatusCode::UNPROCESSABLE_ENTITY),
        Err(AppError::TooLarge(msg)) => (
            FieldErrors::one("files", msg),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        Err(e) => return Err(e),
    };
    let mut res = render_show(&app, &me, id, &input, errors, names).await?;
    *res.status_mut() = status;
    Ok(res)
}

#[derive(Debug, Default, Deserialize)]
struct ReviewForm {
    #[serde(default)]
    decision: Option<String>,
    #[serde(default)]
    comment: Option<String>,
}

impl TryFrom<&ReviewForm> for ReviewCommand {
    type Error = FieldErrors;

    /// `accept` or `return` (anything else is no decision), and the comment.
    fn try_from(form: &ReviewForm) -> Result<Self, FieldErrors> {
        let decision = match opt(&form.decision) {
            Some("accept") => Some(Decision::Accept),
            Some("return") => Some(Decision::Return),
            _ => None,
        };
        Self::new(decision, form.comment.as_deref())
    }
}

async fn review(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    HtmlForm(form): HtmlForm<ReviewForm>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    // Scope and right first: an outsider learns nothing from the form's errors.
    let (_, action) = updates::reviewable(&app.db, &ctx, id).await?;
    let result = match ReviewCommand::try_from(&form) {
        Ok(cmd) => updates::review(&app.db, &ctx, id, &cmd)
            .await
            .map(|u| (u, cmd.decision)),
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok((u, decision)) => {
            let msg = if decision == Decision::Accept {
                Flash::ReviewAccepted
            } else {
                Flash::ReviewReturned
            };
            Ok(flash::redirect(
                &app,
                &format!("/actions/{}", u.action_id),
                msg,
            ))
        }
        Err(AppError::Invalid(errors)) => {
            let mut res = render_show(
                &app,
                &me,
                action.id,
                &UpdateInput::default(),
                errors,
                vec![],
            )
            .await?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

async fn file(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let (f, key) = updates::file(&app.db, &ctx, id).await?;
    let bytes = app
        .files
        .get(&key)
        .await
        .map_err(AppError::Internal)?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("stored file {} is missing", f.id)))?;
    let encoded: String = form_urlencoded::byte_serialize(f.filename.as_bytes()).collect();
    let disposition = format!(
        "attachment; filename=\"file\"; filename*=UTF-8''{}",
        encoded.replace('+', "%20")
    );
    Ok((
        [
            (header::CONTENT_TYPE, f.content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
