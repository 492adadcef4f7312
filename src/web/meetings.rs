//! Pages for meetings: the list within scope (filters, pages), the create/edit form with
//! repeatable rows (sessions, remote sites, inspectors), and the meeting page.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::content_cache::Key;
use super::flash::{self, Flash};
use super::form::HtmlForm;
use super::routes::Routes;
use crate::auth::Identity;
use crate::domain::fields::FieldErrors;
use crate::domain::paging::{PageOf, Paging};
use crate::domain::status::{MeetingKind, MeetingStatus};
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::meetings::{
    self as svc, ListFilter, MeetingCommand, MeetingInput, MeetingRow,
};
use crate::services::{Ctx, directives};
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> Routes {
    Routes::new()
        .get("/meetings", index)
        .post("/meetings", create)
        .get("/meetings/new", new)
        .get("/meetings/{id}", show)
        .get("/meetings/{id}/edit", edit)
        .post("/meetings/{id}/edit", update)
}

/// A select option.
#[derive(Debug, Clone, Serialize)]
pub struct Opt {
    /// Submitted value.
    pub value: String,
    /// Thai label.
    pub label: String,
}

impl Opt {
    /// A province as an option: its code, its Thai name.
    pub fn of_province(p: crate::db::entities::provinces::Model) -> Self {
        Self {
            value: p.code,
            label: p.name_th,
        }
    }
}

/// Options of an enum with `ALL`, `as_str`, `label_th`.
pub fn kind_options() -> Vec<Opt> {
    MeetingKind::ALL
        .iter()
        .map(|k| Opt {
            value: k.as_str().to_owned(),
            label: k.label_th().to_owned(),
        })
        .collect()
}

fn status_options() -> Vec<Opt> {
    MeetingStatus::ALL
        .iter()
        .map(|k| Opt {
            value: k.as_str().to_owned(),
            label: k.label_th().to_owned(),
        })
        .collect()
}

#[derive(Serialize)]
struct ListView {
    page: PageOf<MeetingRow>,
    filter: ListFilter,
    errors: FieldErrors,
    kinds: Vec<Opt>,
    statuses: Vec<Opt>,
    provinces: Vec<Opt>,
    can_create: bool,
    query: String,
}

async fn index(
    State(app): State<AppState>,
    Me(me): Me,
    Query(filter): Query<ListFilter>,
    Query(paging): Query<Paging>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let (page, errors) = match svc::list(&app.db, &ctx, &filter, paging, false).await {
        Ok(p) => (p, FieldErrors::new()),
        Err(AppError::Invalid(e)) => (PageOf::new(Vec::new(), paging, 0), e),
        Err(e) => return Err(e),
    };
    let query = serde_html_form::to_string(&filter).unwrap_or_default();
    let provinces = svc::host_provinces(&app.db, &ctx)
        .await?
        .into_iter()
        .map(Opt::of_province)
        .collect();
    let view = ListView {
        provinces,
        page,
        filter,
        errors,
        kinds: kind_options(),
        statuses: status_options(),
        can_create: svc::may_create(&ctx),
        query,
    };
    app.pages.page(Some(&me), "meetings/index.html.j2", &view)
}

/// One repeatable row of the form.
#[derive(Serialize)]
struct Row {
    i: usize,
    a: String,
    b: String,
    c: String,
}

#[derive(Serialize)]
struct FormView {
    input: MeetingInput,
    errors: FieldErrors,
    sessions: Vec<Row>,
    sites: Vec<Row>,
    inspectors: Vec<Row>,
    kinds: Vec<Opt>,
    statuses: Vec<Opt>,
    provinces: Vec<Opt>,
    /// Every province, for the provinces taking part.
    all_provinces: Vec<Opt>,
    series: Vec<Opt>,
    rounds: Vec<Opt>,
    province_fixed: bool,
    action: String,
    meeting_id: Option<i32>,
}

fn rows(cols: &[&Vec<String>], min: usize) -> Vec<Row> {
    let used = cols.iter().map(|c| c.len()).max().unwrap_or(0);
    let n = (used + 1).max(min);
    let at = |c: usize, i: usize| {
        cols.get(c)
            .and_then(|v| v.get(i))
            .cloned()
            .unwrap_or_default()
    };
    (0..n)
        .map(|i| Row {
            i,
            a: at(0, i),
            b: at(1, i),
            c: at(2, i),
        })
        .collect()
}

async fn form(
    app: &AppState,
    me: &Identity,
    input: MeetingInput,
    errors: FieldErrors,
    meeting_id: Option<i32>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(me, &app.clock);
    let provinces = svc::host_provinces(&app.db, &ctx)
        .await?
        .into_iter()
        .map(Opt::of_province)
        .collect();
    let all_provinces = svc::all_provinces(&app.db)
        .await?
        .into_iter()
        .map(Opt::of_province)
        .collect();
    let series = svc::series_choices(&app.db, &ctx)
        .await?
        .into_iter()
        .map(|s| Opt {
            value: s.id.to_string(),
            label: s.name,
        })
        .collect();
    // The rounds within scope, newest first (a province sees a few dozen at most).
    let rounds = crate::services::rounds::list(&app.db, &ctx, 0, 200)
        .await?
        .0
        .into_iter()
        .map(|r| Opt {
            value: r.id.to_string(),
            label: format!(
                "{} · {} (ปีงบประมาณ {})",
                r.label, r.organisation_th, r.fiscal_year
            ),
        })
        .collect();
    let view = FormView {
        sessions: rows(
            &[
                &input.session_label,
                &input.session_start,
                &input.session_end,
            ],
            2,
        ),
        sites: rows(&[&input.remote_site], 1),
        inspectors: rows(&[&input.inspector_name, &input.inspector_title], 2),
        input,
        errors,
        kinds: kind_options(),
        statuses: status_options(),
        provinces,
        all_provinces,
        series,
        rounds,
        province_fixed: me.role == crate::domain::status::Role::ProvincialOffice,
        action: meeting_id.map_or_else(
            || "/meetings".to_owned(),
            |id| format!("/meetings/{id}/edit"),
        ),
        meeting_id,
    };
    app.pages.page(Some(me), "meetings/form.html.j2", &view)
}

async fn new(State(app): State<AppState>, Me(me): Me) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    if !svc::may_create(&ctx) {
        return Err(AppError::Forbidden);
    }
    let input = MeetingInput {
        status: MeetingStatus::Planned.as_str().to_owned(),
        digit_style: "arabic".to_owned(),
        ..Default::default()
    };
    form(&app, &me, input, FieldErrors::new(), None).await
}

async fn create(
    State(app): State<AppState>,
    Me(me): Me,
    HtmlForm(input): HtmlForm<MeetingInput>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    if !svc::may_create(&ctx) {
        return Err(AppError::Forbidden);
    }
    // The form's fields are parsed (BE dates, times, numbers) before the service checks them
    // against the database; either's errors show on the form as typed.
    let result = match MeetingCommand::try_from(&input) {
        Ok(command) => svc::create(&app.db, &ctx, &command).await,
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match result {
        Err(AppError::Invalid(errors)) => {
            let mut res = form(&app, &me, input, errors, None).await?;
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        other => other
            .map(|m| flash::redirect(&app, &format!("/meetings/{}", m.id), Flash::MeetingCreated)),
    }
}

async fn edit(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let m = svc::find_managed(&app.db, &ctx, id).await?;
    let input = svc::input::of_meeting(&app.db, &m).await?;
    form(&app, &me, input, FieldErrors::new(), Some(id)).await
}

async fn update(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    HtmlForm(input): HtmlForm<MeetingInput>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    // Cancelling is irreversible and emails everyone invited: the form asks to confirm it.
    let m = svc::find_managed(&app.db, &ctx, id).await?;
    let cancelling = input.status == crate::domain::status::MeetingStatus::Cancelled.as_str()
        && m.status.as_str() != input.status;
    if cancelling && input.confirm_cancel.as_deref().is_none_or(str::is_empty) {
        let errors = FieldErrors::one(
            "confirm_cancel",
            "การยกเลิกการประชุมจะส่งอีเมลแจ้งผู้ได้รับเชิญทุกคนและย้อนกลับไม่ได้ \
             กรุณาทำเครื่องหมาย «ยืนยันการยกเลิกการประชุม» แล้วบันทึกอีกครั้ง",
        );
        let mut res = form(&app, &me, input, errors, Some(id)).await?;
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(res);
    }
    let result = match MeetingCommand::try_from(&input) {
        Ok(command) => svc::update(&app.db, &ctx, &app.mail, id, &command).await,
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match result {
        Err(AppError::Invalid(errors)) => {
            let mut res = form(&app, &me, input, errors, Some(id)).await?;
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        other => other.map(|m| flash::redirect(&app, &format!("/meetings/{}", m.id), Flash::Saved)),
    }
}

#[derive(Serialize)]
struct ShowView {
    d: crate::services::meeting_page::MeetingDetail,
    meeting: crate::views::MeetingView,
    followup: directives::MeetingFollowup,
}

/// Carried-over actions the meeting page lists before "show all".
const MATTERS_SHOWN: usize = 20;

#[derive(Debug, Deserialize)]
struct ShowQuery {
    /// `all`: every carried-over action.
    matters: Option<String>,
}

async fn show(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let all_matters = q.matters.as_deref() == Some("all");
    // Content rendered for the same role and scope at the same data version is reused; the
    // version is read before the data, so an entry never holds data older than its key.
    let version = crate::db::repo::data_version::current(&app.db).await?;
    let key = Key::new(
        format!("meeting:{id}:{all_matters}"),
        &me,
        ctx.today,
        version,
    );
    if let Some(hit) = app.pages.cached(&key) {
        return app.pages.cached_page(Some(&me), &hit);
    }
    // The meeting and its follow-up section load concurrently; both check the scope.
    let (mut d, followup) = tokio::try_join!(
        crate::services::meeting_page::load(&app.db, &ctx, id),
        directives::meeting_followup(&app.db, &ctx, id),
    )?;
    let total = d.agenda.matters.len();
    if !all_matters && total > MATTERS_SHOWN {
        d.agenda.matters.truncate(MATTERS_SHOWN);
        d.agenda.matters_total = Some(total);
    }
    let view = ShowView {
        meeting: d.meeting.clone(),
        d,
        followup,
    };
    let rendered = app
        .pages
        .render_content(key, me.role, "meetings/show.html.j2", &view)?;
    app.pages.cached_page(Some(&me), &rendered)
}
