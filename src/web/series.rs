//! Pages for meeting series: list, create (recurrence as nth + weekday, agenda template), the
//! series page with "plan dates", and per occurrence reschedule or cancel.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;

use super::form::{HtmlForm, unprocessable};
use super::meetings::{Opt, kind_options};
use super::routes::Routes;
use crate::auth::Identity;
use crate::domain::fields::FieldErrors;
use crate::domain::numbering::NumberingScope;
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::series::{
    self as svc, CancelCommand, OccurrenceInput, PlanCommand, PlanInput, RescheduleCommand,
    SeriesCommand, SeriesInput,
};
use crate::services::{Ctx, meetings as svc_meetings};
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> Routes {
    Routes::new()
        .get("/series", index)
        .post("/series", create)
        .get("/series/new", new)
        .get("/series/{id}", show)
        .post("/series/{id}/plan", plan)
        .post("/series/{id}/meetings/{mid}/reschedule", reschedule)
        .post("/series/{id}/meetings/{mid}/cancel", cancel)
}

#[derive(Serialize)]
struct Item {
    id: i32,
    name: String,
    body_name: Option<String>,
    recurrence_th: Option<String>,
}

#[derive(Serialize)]
struct ListView {
    series: Vec<Item>,
    can_create: bool,
}

async fn index(State(app): State<AppState>, Me(me): Me) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let series = crate::services::lookup::visible_series(&app.db, &ctx)
        .await?
        .into_iter()
        .map(|s| Item {
            recurrence_th: s
                .recurrence_rule
                .as_deref()
                .and_then(|r| crate::domain::recurrence::MonthlyNthWeekday::parse_rule(r).ok())
                .map(|r| r.describe_th()),
            id: s.id,
            name: s.name,
            body_name: s.body_name,
        })
        .collect();
    let view = ListView {
        series,
        can_create: svc_meetings::may_create(&ctx),
    };
    app.pages.page(Some(&me), "series/index.html.j2", &view)
}

#[derive(Serialize)]
struct FormView {
    input: SeriesInput,
    errors: FieldErrors,
    kinds: Vec<Opt>,
    provinces: Vec<Opt>,
    province_fixed: bool,
    scopes: Vec<Opt>,
    nths: Vec<Opt>,
    weekdays: Vec<Opt>,
}

fn opts(pairs: &[(&str, &str)]) -> Vec<Opt> {
    pairs
        .iter()
        .map(|(v, l)| Opt {
            value: (*v).to_owned(),
            label: (*l).to_owned(),
        })
        .collect()
}

async fn form(
    app: &AppState,
    me: &Identity,
    input: SeriesInput,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(me, &app.clock);
    let provinces = svc_meetings::host_provinces(&app.db, &ctx)
        .await?
        .into_iter()
        .map(|p| Opt {
            value: p.code,
            label: p.name_th,
        })
        .collect();
    let view = FormView {
        input,
        errors,
        kinds: kind_options(),
        provinces,
        province_fixed: me.role == crate::domain::status::Role::ProvincialOffice,
        scopes: NumberingScope::ALL
            .iter()
            .map(|s| Opt {
                value: s.as_str().to_owned(),
                label: s.label_th().to_owned(),
            })
            .collect(),
        nths: opts(&[
            ("1", "สัปดาห์ที่ 1"),
            ("2", "สัปดาห์ที่ 2"),
            ("3", "สัปดาห์ที่ 3"),
            ("4", "สัปดาห์ที่ 4"),
            ("last", "สัปดาห์สุดท้าย"),
        ]),
        weekdays: opts(&[
            ("mon", "วันจันทร์"),
            ("tue", "วันอังคาร"),
            ("wed", "วันพุธ"),
            ("thu", "วันพฤหัสบดี"),
            ("fri", "วันศุกร์"),
            ("sat", "วันเสาร์"),
            ("sun", "วันอาทิตย์"),
        ]),
    };
    app.pages.page(Some(me), "series/form.html.j2", &view)
}

async fn new(State(app): State<AppState>, Me(me): Me) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    if !svc_meetings::may_create(&ctx) {
        return Err(AppError::Forbidden);
    }
    form(&app, &me, SeriesInput::blank(), FieldErrors::new()).await
}

async fn create(
    State(app): State<AppState>,
    Me(me): Me,
    HtmlForm(input): HtmlForm<SeriesInput>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let result = match SeriesCommand::try_from(&input) {
        Ok(command) => svc::create(&app.db, &ctx, &command).await,
        Err(refusal) => Err(svc::refused(&app.db, &ctx, refusal).await),
    };
    match result {
        Ok(s) => Ok(Redirect::to(&format!("/series/{}", s.id)).into_response()),
        Err(AppError::Invalid(e)) => {
            let mut res = form(&app, &me, input, e).await?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

#[derive(Serialize)]
struct ShowView {
    v: svc::SeriesView,
    plan: PlanInput,
    errors: FieldErrors,
    error_meeting: Option<i32>,
    long_dates: Vec<String>,
}

async fn render(
    app: &AppState,
    me: &Identity,
    id: i32,
    plan: PlanInput,
    errors: FieldErrors,
    error_meeting: Option<i32>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(me, &app.clock);
    let v = svc::view(&app.db, &ctx, id).await?;
    let long_dates = v
        .meetings
        .iter()
        .map(|m| svc::long_date(m.meeting_date))
        .collect();
    let view = ShowView {
        v,
        plan,
        errors,
        error_meeting,
        long_dates,
    };
    app.pages.page(Some(me), "series/show.html.j2", &view)
}

async fn show(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    render(
        &app,
        &me,
        id,
        PlanInput::default(),
        FieldErrors::new(),
        None,
    )
    .await
}

async fn plan(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    HtmlForm(input): HtmlForm<PlanInput>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let result = match PlanCommand::try_from(&input) {
        Ok(command) => svc::plan(&app.db, &ctx, id, &command).await,
        Err(e) => Err(svc::plan_refused(&app.db, &ctx, id, e).await),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/series/{id}")).into_response()),
        Err(AppError::Invalid(e)) => {
            Ok(unprocessable(render(&app, &me, id, input, e, None).await?))
        }
        Err(e) => Err(e),
    }
}

async fn in_series(app: &AppState, ctx: &Ctx, id: i32, mid: i32) -> Result<(), AppError> {
    let m = svc_meetings::find(&app.db, ctx, mid).await?;
    if m.series_id != Some(id) {
        return Err(AppError::NotFound);
    }
    Ok(())
}

async fn reschedule(
    State(app): State<AppState>,
    Me(me): Me,
    Path((id, mid)): Path<(i32, i32)>,
    HtmlForm(f): HtmlForm<OccurrenceInput>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    in_series(&app, &ctx, id, mid).await?;
    let result = match RescheduleCommand::try_from(&f) {
        Ok(command) => svc::reschedule(&app.db, &ctx, mid, &command).await,
        Err(e) => Err(svc::reschedule_refused(&app.db, &ctx, mid, e).await),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/series/{id}")).into_response()),
        Err(AppError::Invalid(e)) => Ok(unprocessable(
            render(&app, &me, id, PlanInput::default(), e, Some(mid)).await?,
        )),
        Err(e) => Err(e),
    }
}

async fn cancel(
    State(app): State<AppState>,
    Me(me): Me,
    Path((id, mid)): Path<(i32, i32)>,
    HtmlForm(f): HtmlForm<OccurrenceInput>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    in_series(&app, &ctx, id, mid).await?;
    let result = match CancelCommand::try_from(&f) {
        Ok(command) => svc::cancel(&app.db, &ctx, mid, &command).await,
        Err(e) => Err(svc::cancel_refused(&app.db, &ctx, mid, e).await),
    };
    match result {
        Ok(_) => {
            use crate::db::entities::outbox_messages as om;
            use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
            let n = om::Entity::find()
                .filter(om::Column::MeetingId.eq(mid))
                .filter(om::Column::Kind.eq(crate::mail::kind::MEETING_CANCELLED))
                .count(&app.db)
                .await?;
            Ok(super::flash::redirect(
                &app,
                &format!("/series/{id}"),
                super::flash::Flash::MeetingCancelled(u32::try_from(n).unwrap_or(u32::MAX)),
            ))
        }
        Err(AppError::Invalid(e)) => Ok(unprocessable(
            render(&app, &me, id, PlanInput::default(), e, Some(mid)).await?,
        )),
        Err(e) => Err(e),
    }
}
