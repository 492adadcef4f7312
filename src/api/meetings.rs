//! API for meetings: list (filters `province`, `zone`, `from`, `to`, `status`, `kind`, `q`;
//! ISO dates), one meeting with sessions, agenda and attendance, create, patch, replace the
//! attendance, add an agenda item. The same services and scope rules as the pages.
//!
//! Longer than 500 lines on purpose: the meeting's JSON shapes with their OpenAPI documentation,
//! next to the handlers that read and write them.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiPaging, ApiQuery, Body, Id, IdParam, PagingParams};
use super::json;
use super::schema::Page;
use super::schema::meetings::{
    Agenda, AgendaItem, Attendance, AttendanceRow, AttendanceRowInput,
    MeetingRow as MeetingRowSchema, Named as NamedSchema, SessionView as SessionSchema,
};
use super::schema::values::{DigitStyle, MeetingKind, MeetingStatus};
use crate::domain::fields::FieldErrors;
use crate::domain::paging::PageOf;
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::Ctx;
use crate::services::agenda::{self, AgendaView, ItemInput};
use crate::services::attendance::{self, RowInput, SheetRow};
use crate::services::meetings::{self as svc, ListFilter, MeetingInput, MeetingRow};
use crate::state::AppState;
use crate::views::Viewed;

/// Routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(show, patch))
        .routes(routes!(put_attendance))
        .routes(routes!(add_item))
}

/// Filters of the meetings list (ISO dates).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// Host province code, e.g. `TH-33`.
    province: Option<String>,
    /// Zone number 0–18.
    #[param(minimum = 0, maximum = 18)]
    zone: Option<u8>,
    /// From date (inclusive), ISO 8601.
    #[param(format = Date)]
    from: Option<String>,
    /// To date (inclusive), ISO 8601.
    #[param(format = Date)]
    to: Option<String>,
    /// Status, e.g. `planned`.
    status: Option<String>,
    /// Kind, e.g. `integrated_inspection`.
    kind: Option<String>,
    /// Text in the title.
    q: Option<String>,
}

/// Meetings within scope, newest first.
#[utoipa::path(get, path = "/meetings", tag = "meetings", params(ListQuery, PagingParams),
    responses((status = 200, description = "A page of meetings", body = Page<MeetingRowSchema>)))]
async fn list(
    State(app): State<AppState>,
    Me(me): Me,
    ApiQuery(q): ApiQuery<ListQuery>,
    ApiPaging(paging): ApiPaging,
) -> Result<Json<PageOf<MeetingRow>>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let filter = ListFilter {
        province: q.province,
        zone: q.zone.map(|z| z.to_string()),
        from: q.from,
        to: q.to,
        status: q.status,
        kind: q.kind,
        q: q.q,
    };
    Ok(Json(svc::list(&app.db, &ctx, &filter, paging, true).await?))
}

/// A person as sent.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[schema(as = PersonInput)]
#[serde(default)]
struct Person {
    /// Full name.
    name: String,
    /// Title as printed.
    title: Option<String>,
}

/// A session as sent.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[schema(as = SessionInput)]
#[serde(default)]
struct Session {
    /// Label, e.g. `ช่วงเช้า`.
    label: Option<String>,
    /// Start, `09:00`.
    #[schema(examples("09:00"))]
    start: String,
    /// End, `12:00`; leave it out for a meeting with no stated end ("from 09:00").
    #[schema(examples("12:00"))]
    end: Option<String>,
}

/// A meeting as the API takes it; on create `kind`, `title` and `meeting_date` are checked by
/// the service (422). A patch sends only the fields to change.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[schema(as = MeetingInput)]
#[serde(default)]
struct ApiInput {
    /// Kind (required to create).
    #[schema(value_type = MeetingKind)]
    kind: String,
    /// Title.
    title: String,
    /// Series.
    series_id: Option<i32>,
    /// Round.
    round_id: Option<i32>,
    /// `n/BE-year`, e.g. `4/2565`; blank: the series' next.
    number: Option<String>,
    /// Host province code, e.g. `TH-33`; a provincial office may only give its own (403
    /// otherwise). Leave it out when a central department hosts (`host_org`).
    host_province: Option<String>,
    /// A central host (ministry or department), e.g. `กรมการพัฒนาชุมชน`: then
    /// `participant_provinces` lists the provinces joining.
    host_org: Option<String>,
    /// Codes of the provinces taking part besides the host, e.g. `["TH-33", "TH-34"]`.
    participant_provinces: Vec<String>,
    /// Source of the record: a press release's headline.
    source_headline: Option<String>,
    /// Source URL (`https://…`).
    source_url: Option<String>,
    /// Source publication date, ISO 8601 (CE).
    #[schema(format = Date)]
    source_published_on: Option<String>,
    /// Date, ISO 8601 (CE; a BE year such as `2565-08-31` is refused).
    #[schema(format = Date)]
    meeting_date: String,
    /// Sessions.
    sessions: Vec<Session>,
    /// Room.
    venue_room: Option<String>,
    /// Floor.
    venue_floor: Option<String>,
    /// Building.
    venue_building: Option<String>,
    /// Online platform.
    online_platform: Option<String>,
    /// Online link.
    online_link: Option<String>,
    /// Remote sites.
    remote_sites: Vec<String>,
    /// Chair.
    chair: Option<Person>,
    /// Who delegated the chair.
    delegated_by: Option<Person>,
    /// Minute taker.
    minute_taker: Option<Person>,
    /// Minute checker.
    minute_checker: Option<Person>,
    /// Inspectors.
    inspectors: Vec<Person>,
    /// Number of participants.
    participant_count: Option<i32>,
    /// Status (changes follow the life cycle).
    #[schema(value_type = Option<MeetingStatus>)]
    status: Option<String>,
    /// Why it was cancelled.
    cancelled_reason: Option<String>,
    /// Digits in printed documents.
    #[schema(value_type = Option<DigitStyle>)]
    digit_style: Option<String>,
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn split(p: &Option<Person>) -> (String, String) {
    p.as_ref()
        .map(|p| (p.name.clone(), opt(&p.title)))
        .unwrap_or_default()
}

fn join(name: String, title: String) -> Option<Person> {
    (!name.is_empty() || !title.is_empty()).then(|| Person {
        name,
        title: (!title.is_empty()).then_some(title),
    })
}

fn none_if_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

impl ApiInput {
    fn into_form(self) -> MeetingInput {
        let (chair_name, chair_title) = split(&self.chair);
        let (delegated_by_name, delegated_by_title) = split(&self.delegated_by);
        let (minute_taker_name, minute_taker_title) = split(&self.minute_taker);
        let (minute_checker_name, minute_checker_title) = split(&self.minute_checker);
        MeetingInput {
            kind: self.kind,
            title: self.title,
            series_id: self.series_id.map(|i| i.to_string()).unwrap_or_default(),
            round_id: self.round_id.map(|i| i.to_string()).unwrap_or_default(),
            number: opt(&self.number),
            host_province: opt(&self.host_province),
            host_org: opt(&self.host_org),
            participant_province: self.participant_provinces,
            source_headline: opt(&self.source_headline),
            source_url: opt(&self.source_url),
            source_published_on: opt(&self.source_published_on),
            meeting_date: self.meeting_date,
            session_label: self.sessions.iter().map(|s| opt(&s.label)).collect(),
            session_start: self.sessions.iter().map(|s| s.start.clone()).collect(),
            session_end: self
                .sessions
                .iter()
                .map(|s| s.end.clone().unwrap_or_default())
                .collect(),
            venue_room: opt(&self.venue_room),
            venue_floor: opt(&self.venue_floor),
            venue_building: opt(&self.venue_building),
            online_platform: opt(&self.online_platform),
            online_link: opt(&self.online_link),
            remote_site: self.remote_sites,
            chair_name,
            chair_title,
            delegated_by_name,
            delegated_by_title,
            inspector_name: self.inspectors.iter().map(|p| p.name.clone()).collect(),
            inspector_title: self.inspectors.iter().map(|p| opt(&p.title)).collect(),
            minute_taker_name,
            minute_taker_title,
            minute_checker_name,
            minute_checker_title,
            participant_count: self
                .participant_count
                .map(|c| c.to_string())
                .unwrap_or_default(),
            status: opt(&self.status),
            cancelled_reason: opt(&self.cancelled_reason),
            digit_style: opt(&self.digit_style),
            iso_dates: true,
            confirm_cancel: None,
        }
    }

    fn of_form(f: MeetingInput, m: &crate::db::entities::meetings::Model) -> Self {
        let n = f.session_start.len();
        Self {
            host_org: none_if_empty(f.host_org),
            participant_provinces: f.participant_province,
            source_headline: none_if_empty(f.source_headline),
            source_url: none_if_empty(f.source_url),
            source_published_on: m.source_published_on.map(|d| d.to_string()),
            kind: f.kind,
            title: f.title,
            series_id: f.series_id.parse().ok(),
            round_id: f.round_id.parse().ok(),
            number: none_if_empty(f.number),
            host_province: none_if_empty(f.host_province),
            meeting_date: m.meeting_date.to_string(),
            sessions: (0..n)
                .map(|i| Session {
                    label: f.session_label.get(i).cloned().and_then(none_if_empty),
                    start: f.session_start.get(i).cloned().unwrap_or_default(),
                    end: f.session_end.get(i).cloned().and_then(none_if_empty),
                })
                .collect(),
            venue_room: none_if_empty(f.venue_room),
            venue_floor: none_if_empty(f.venue_floor),
            venue_building: none_if_empty(f.venue_building),
            online_platform: none_if_empty(f.online_platform),
            online_link: none_if_empty(f.online_link),
            remote_sites: f.remote_site,
            chair: join(f.chair_name, f.chair_title),
            delegated_by: join(f.delegated_by_name, f.delegated_by_title),
            minute_taker: join(f.minute_taker_name, f.minute_taker_title),
            minute_checker: join(f.minute_checker_name, f.minute_checker_title),
            inspectors: f
                .inspector_name
                .into_iter()
                .zip(f.inspector_title)
                .map(|(name, t)| Person {
                    name,
                    title: none_if_empty(t),
                })
                .collect(),
            participant_count: f.participant_count.parse().ok(),
            status: none_if_empty(f.status),
            cancelled_reason: none_if_empty(f.cancelled_reason),
            digit_style: none_if_empty(f.digit_style),
        }
    }
}

/// One meeting as the API returns it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Meeting)]
struct ApiMeeting {
    /// Id.
    id: i32,
    /// Title.
    title: String,
    /// Kind.
    #[schema(value_type = MeetingKind)]
    kind: String,
    /// Status.
    #[schema(value_type = MeetingStatus)]
    status: String,
    /// `4/2565`, if numbered.
    number: Option<String>,
    /// Date (ISO 8601).
    meeting_date: chrono::NaiveDate,
    /// Thai long date.
    date_th: String,
    /// Earlier date, if rescheduled.
    rescheduled_from: Option<chrono::NaiveDate>,
    /// Why it was cancelled.
    cancelled_reason: Option<String>,
    /// Host province code (none when a central department hosts).
    host_province: Option<String>,
    /// The central host, e.g. `กรมการพัฒนาชุมชน`.
    host_org: Option<String>,
    /// Codes of the provinces taking part besides the host.
    participant_provinces: Vec<String>,
    /// Source: a press release's headline.
    source_headline: Option<String>,
    /// Source URL.
    source_url: Option<String>,
    /// Source publication date (ISO 8601).
    source_published_on: Option<chrono::NaiveDate>,
    /// Zone.
    zone_id: Option<i32>,
    /// Series.
    series_id: Option<i32>,
    /// Round.
    round_id: Option<i32>,
    /// Venue as printed.
    venue: Option<String>,
    /// Online platform.
    online_platform: Option<String>,
    /// Online link.
    online_link: Option<String>,
    /// Remote sites.
    remote_sites: Vec<String>,
    /// Sessions.
    #[schema(value_type = Vec<SessionSchema>)]
    sessions: Vec<crate::services::meeting_page::SessionView>,
    /// Chair.
    #[schema(value_type = Option<NamedSchema>)]
    chair: Option<crate::services::meeting_page::Named>,
    /// Who delegated the chair.
    #[schema(value_type = Option<NamedSchema>)]
    delegated_by: Option<crate::services::meeting_page::Named>,
    /// Inspectors.
    #[schema(value_type = Vec<NamedSchema>)]
    inspectors: Vec<crate::services::meeting_page::Named>,
    /// Minute taker.
    #[schema(value_type = Option<NamedSchema>)]
    minute_taker: Option<crate::services::meeting_page::Named>,
    /// Minute checker.
    #[schema(value_type = Option<NamedSchema>)]
    minute_checker: Option<crate::services::meeting_page::Named>,
    /// Number of participants.
    participant_count: Option<i32>,
    /// Agenda.
    #[schema(value_type = Agenda)]
    agenda: AgendaView,
    /// Attendance rows.
    #[schema(value_type = Vec<AttendanceRow>)]
    attendance: Vec<SheetRow>,
}

async fn detail(app: &AppState, ctx: &Ctx, id: i32) -> Result<ApiMeeting, AppError> {
    let d = crate::services::meeting_page::load(&app.db, ctx, id).await?;
    let m = d.meeting;
    Ok(ApiMeeting {
        id: m.id,
        title: m.title,
        kind: m.kind.as_str().to_owned(),
        status: m.status.as_str().to_owned(),
        number: d.number,
        meeting_date: m.meeting_date,
        date_th: d.date_long,
        rescheduled_from: m.rescheduled_from,
        cancelled_reason: m.cancelled_reason,
        host_province: d.province_code,
        host_org: d.host_org,
        participant_provinces: d.participants.into_iter().map(|p| p.code).collect(),
        source_headline: m.source_headline,
        source_url: m.source_url,
        source_published_on: m.source_published_on,
        zone_id: m.zone_id,
        series_id: m.series_id,
        round_id: m.round_id,
        venue: d.venue,
        online_platform: m.online_platform,
        online_link: m.online_link,
        remote_sites: d.remote_sites,
        sessions: d.sessions,
        chair: d.chair,
        delegated_by: d.delegated_by,
        inspectors: d.inspectors,
        minute_taker: d.minute_taker,
        minute_checker: d.minute_checker,
        participant_count: m.participant_count,
        agenda: d.agenda,
        attendance: d.attendance.rows,
    })
}

/// One meeting with its sessions, agenda and attendance.
#[utoipa::path(get, path = "/meetings/{id}", tag = "meetings", params(IdParam),
    responses((status = 200, description = "The meeting", body = ApiMeeting)))]
async fn show(
    State(app): State<AppState>,
    Me(me): Me,
    Id(id): Id,
) -> Result<Json<ApiMeeting>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    Ok(Json(detail(&app, &ctx, id).await?))
}

fn body<T: for<'de> Deserialize<'de>>(v: Value) -> Result<T, AppError> {
    serde_json::from_value(v).map_err(|e| AppError::BadRequest(format!("ข้อมูล JSON ไม่ถูกต้อง: {e}")))
}

/// Create a meeting (with sessions, people, remote sites; the agenda skeleton is added).
#[utoipa::path(post, path = "/meetings", tag = "meetings", request_body = ApiInput,
    responses((status = 201, description = "The new meeting", body = ApiMeeting)))]
async fn create(
    State(app): State<AppState>,
    Me(me): Me,
    Body(raw): Body,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    if !svc::may_create(&ctx) {
        return Err(AppError::Forbidden);
    }
    let input: ApiInput = json::parse(&raw)?;
    let m = svc::create(&app.db, &ctx, &input.into_form()).await?;
    Ok((StatusCode::CREATED, Json(detail(&app, &ctx, m.id).await?)).into_response())
}

/// Change some fields of a meeting (status changes follow the life cycle).
#[utoipa::path(patch, path = "/meetings/{id}", tag = "meetings", params(IdParam),
    request_body = ApiInput,
    responses((status = 200, description = "The meeting", body = ApiMeeting)))]
async fn patch(
    State(app): State<AppState>,
    Me(me): Me,
    Id(id): Id,
    Body(raw): Body,
) -> Result<Json<ApiMeeting>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let m = svc::find_managed(&app.db, &ctx, id).await?;
    let v: Value = json::parse(&raw)?;
    let Value::Object(changes) = v else {
        return Err(AppError::Invalid(FieldErrors::one(
            "body",
            "ต้องส่งข้อมูลเป็นออบเจกต์ JSON",
        )));
    };
    let current = ApiInput::of_form(svc::input::of_meeting(&app.db, &m).await?, &m);
    let mut merged = serde_json::to_value(current).map_err(anyhow::Error::from)?;
    for (k, val) in changes {
        merged[k] = val;
    }
    let input: ApiInput = body(merged)?;
    svc::update(&app.db, &ctx, &app.mail, id, &input.into_form()).await?;
    Ok(Json(detail(&app, &ctx, id).await?))
}

/// The attendance rows to keep.
#[derive(Deserialize, ToSchema)]
#[schema(as = AttendanceInput)]
struct AttendanceBody {
    /// Rows; a row with a blank status is removed.
    #[schema(value_type = Vec<AttendanceRowInput>)]
    rows: Vec<RowInput>,
}

/// Replace the attendance rows of a meeting.
#[utoipa::path(put, path = "/meetings/{id}/attendance", tag = "meetings", params(IdParam),
    request_body = AttendanceBody,
    responses((status = 200, description = "The attendance", body = Attendance)))]
async fn put_attendance(
    State(app): State<AppState>,
    Me(me): Me,
    Id(id): Id,
    Body(raw): Body,
) -> Result<Json<attendance::Sheet>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    svc::find_managed(&app.db, &ctx, id).await?;
    let b: AttendanceBody = json::parse(&raw)?;
    Ok(Json(attendance::save(&app.db, &ctx, id, &b.rows).await?))
}

/// An agenda item as sent; `section_id` and `title` are checked by the service (422).
#[derive(Deserialize, Default, ToSchema)]
#[schema(as = AgendaItemInput)]
#[serde(default)]
struct ApiItem {
    /// Section of the meeting's agenda.
    section_id: Option<i32>,
    /// Parent item (for a sub-item).
    parent_item_id: Option<i32>,
    /// Title.
    title: String,
    /// Presenter office.
    presenter_office_id: Option<i32>,
    /// Presenter's name.
    presenter_name: Option<String>,
    /// Minutes allotted.
    time_budget_minutes: Option<i32>,
    /// Linked issue.
    issue_id: Option<i32>,
    /// Notes (Markdown).
    notes_md: Option<String>,
    /// Resolution (Markdown).
    resolution_md: Option<String>,
}

/// Add an agenda item.
#[utoipa::path(post, path = "/meetings/{id}/agenda-items", tag = "meetings", params(IdParam),
    request_body = ApiItem,
    responses((status = 201, description = "The new item", body = AgendaItem)))]
async fn add_item(
    State(app): State<AppState>,
    Me(me): Me,
    Id(id): Id,
    Body(raw): Body,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    svc::find_managed(&app.db, &ctx, id).await?;
    let i: ApiItem = json::parse(&raw)?;
    let s = |o: Option<i32>| o.map(|v| v.to_string()).unwrap_or_default();
    let input = ItemInput {
        section_id: s(i.section_id),
        parent_item_id: s(i.parent_item_id),
        title: i.title,
        presenter_office_id: s(i.presenter_office_id),
        presenter_name: opt(&i.presenter_name),
        time_budget_minutes: s(i.time_budget_minutes),
        issue_id: s(i.issue_id),
        notes_md: opt(&i.notes_md),
        resolution_md: opt(&i.resolution_md),
    };
    let item = agenda::add_item(&app.db, &ctx, id, &input).await?;
    Ok((StatusCode::CREATED, Json(item.view())).into_response())
}
