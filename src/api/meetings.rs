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
use chrono::NaiveDate;
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
use crate::services::agenda::{self, AgendaView, ItemCommand, ItemFields, Parent};
use crate::services::attendance::{self, AttendanceCommand, RowInput, SheetRow};
use crate::services::meetings::command::{self, Fields, PersonLine};
use crate::services::meetings::{self as svc, ListFilter, MeetingCommand, MeetingRow, UnnamedHost};
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

fn person(f: &mut Fields, field: &str, p: Option<&Person>) -> PersonLine {
    match p {
        Some(p) => f.person(field, &p.name, p.title.as_deref().unwrap_or_default()),
        None => PersonLine::default(),
    }
}

fn sessions(f: &mut Fields, rows: &[Session]) -> Vec<command::Session> {
    rows.iter()
        .enumerate()
        .filter_map(|(r, s)| {
            f.session(
                r,
                s.label.as_deref().unwrap_or_default(),
                &s.start,
                s.end.as_deref().unwrap_or_default(),
            )
        })
        .collect()
}

fn inspectors(f: &mut Fields, rows: &[Person]) -> Vec<command::Inspector> {
    rows.iter()
        .enumerate()
        .filter_map(|(r, p)| f.inspector(r, &p.name, p.title.as_deref().unwrap_or_default()))
        .collect()
}

/// A source publication date: ISO 8601, blank for none.
fn published_on(f: &mut Fields, s: Option<&str>) -> Option<NaiveDate> {
    match s {
        Some(s) if !s.trim().is_empty() => f.iso_date("source_published_on", s),
        _ => None,
    }
}

impl TryFrom<ApiInput> for MeetingCommand {
    type Error = FieldErrors;

    /// The API's JSON: ISO dates (a BE year is refused), rows as objects. Leaving the host out
    /// of an edit keeps the meeting's host province ([`UnnamedHost::KeepCurrent`]).
    fn try_from(i: ApiInput) -> Result<Self, FieldErrors> {
        let mut f = Fields::new();
        let kind = f.kind(&i.kind);
        let title = f.title(&i.title);
        let meeting_date = f.iso_date("meeting_date", &i.meeting_date);
        let host_org = f.host_org(&opt(&i.host_org));
        let participant_provinces = f.participants(&i.participant_provinces);
        let source_headline = f.source_headline(&opt(&i.source_headline));
        let source_url = f.source_url(&opt(&i.source_url));
        let source_published_on = published_on(&mut f, i.source_published_on.as_deref());
        let number = f.number(&opt(&i.number));
        let sessions = sessions(&mut f, &i.sessions);
        let venue_room = f.venue_room(&opt(&i.venue_room));
        let venue_floor = f.venue_floor(&opt(&i.venue_floor));
        let venue_building = f.venue_building(&opt(&i.venue_building));
        let online_platform = f.online_platform(&opt(&i.online_platform));
        let online_link = f.online_link(&opt(&i.online_link));
        let remote_sites = f.remote_sites(&i.remote_sites);
        let chair = person(&mut f, "chair", i.chair.as_ref());
        let delegated_by = person(&mut f, "delegated_by", i.delegated_by.as_ref());
        let minute_taker = person(&mut f, "minute_taker", i.minute_taker.as_ref());
        let minute_checker = person(&mut f, "minute_checker", i.minute_checker.as_ref());
        let inspectors = inspectors(&mut f, &i.inspectors);
        let participant_count = f.participant_number(i.participant_count);
        let status = f.status(&opt(&i.status));
        let cancelled_reason = f.cancelled_reason(&opt(&i.cancelled_reason));
        let digits = f.digits(&opt(&i.digit_style));
        match (kind, meeting_date) {
            (Some(kind), Some(meeting_date)) if f.is_empty() => Ok(Self {
                kind,
                title,
                series_id: i.series_id,
                round_id: i.round_id,
                number,
                host_province: i.host_province.as_deref().and_then(Fields::host_province),
                host_org,
                unnamed_host: UnnamedHost::KeepCurrent,
                participant_provinces,
                source_headline,
                source_url,
                source_published_on,
                meeting_date,
                sessions,
                venue_room,
                venue_floor,
                venue_building,
                online_platform,
                online_link,
                remote_sites,
                chair,
                delegated_by,
                minute_taker,
                minute_checker,
                inspectors,
                participant_count,
                status,
                cancelled_reason,
                digits,
            }),
            _ => Err(f.into_errors()),
        }
    }
}

/// Deserialises a field that is present (`null` included, for an `Option` field) as `Some`.
fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

/// A PATCH of a meeting: the fields of [`ApiInput`], each `None` when left out; a field sent
/// replaces the meeting's (`null` clears an optional one; the host province is kept, see
/// [`UnnamedHost::KeepCurrent`]). Documented as [`ApiInput`].
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ApiPatch {
    #[serde(deserialize_with = "present")]
    kind: Option<String>,
    #[serde(deserialize_with = "present")]
    title: Option<String>,
    #[serde(deserialize_with = "present")]
    series_id: Option<Option<i32>>,
    #[serde(deserialize_with = "present")]
    round_id: Option<Option<i32>>,
    #[serde(deserialize_with = "present")]
    number: Option<Option<String>>,
    #[serde(deserialize_with = "present")]
    host_province: Option<Option<String>>,
    #[serde(deserialize_with = "present")]
    host_org: Option<Option<String>>,
    #[serde(deserialize_with = "present")]
    participant_provinces: Option<Vec<String>>,
    #[serde(deserialize_with = "present")]
    source_headline: Option<Option<String>>,
    #[serde(deserialize_with = "present")]
    source_url: Option<Option<String>>,
    #[serde(deserialize_with = "present")]
    source_published_on: Option<Option<String>>,
    #[serde(deserialize_with = "present")]
    meeting_date: Option<String>,
    #[serde(deserialize_with = "present")]
    sessions: Option<Vec<Session>>,
    #[serde(deserialize_with = "present")]
    venue_room: Option<Option<String>>,
    #[serde(deserialize_with = "present")]
    venue_floor: Option<Option<String>>,
    #[serde(deserialize_with = "present")]
    venue_building: Option<Option<String>>,
    #[serde(deserialize_with = "present")]
    online_platform: Option<Option<String>>,
    #[serde(deserialize_with = "present")]
    online_link: Option<Option<String>>,
    #[serde(deserialize_with = "present")]
    remote_sites: Option<Vec<String>>,
    #[serde(deserialize_with = "present")]
    chair: Option<Option<Person>>,
    #[serde(deserialize_with = "present")]
    delegated_by: Option<Option<Person>>,
    #[serde(deserialize_with = "present")]
    minute_taker: Option<Option<Person>>,
    #[serde(deserialize_with = "present")]
    minute_checker: Option<Option<Person>>,
    #[serde(deserialize_with = "present")]
    inspectors: Option<Vec<Person>>,
    #[serde(deserialize_with = "present")]
    participant_count: Option<Option<i32>>,
    #[serde(deserialize_with = "present")]
    status: Option<Option<String>>,
    #[serde(deserialize_with = "present")]
    cancelled_reason: Option<Option<String>>,
    #[serde(deserialize_with = "present")]
    digit_style: Option<Option<String>>,
}

impl ApiPatch {
    /// Applies the fields sent over the meeting's command, each read as on creation.
    fn apply(self, c: &mut MeetingCommand) -> Result<(), FieldErrors> {
        let mut f = Fields::new();
        let text = |o: &Option<String>| o.as_deref().unwrap_or_default().to_owned();
        c.unnamed_host = UnnamedHost::KeepCurrent;
        if let Some(k) = self.kind
            && let Some(k) = f.kind(&k)
        {
            c.kind = k;
        }
        if let Some(t) = self.title {
            c.title = f.title(&t);
        }
        if let Some(v) = self.series_id {
            c.series_id = v;
        }
        if let Some(v) = self.round_id {
            c.round_id = v;
        }
        if let Some(v) = self.number {
            c.number = f.number(&text(&v));
        }
        if let Some(v) = self.host_province {
            c.host_province = v.as_deref().and_then(Fields::host_province);
        }
        if let Some(v) = self.host_org {
            c.host_org = f.host_org(&text(&v));
        }
        if let Some(v) = self.participant_provinces {
            c.participant_provinces = f.participants(&v);
        }
        if let Some(v) = self.source_headline {
            c.source_headline = f.source_headline(&text(&v));
        }
        if let Some(v) = self.source_url {
            c.source_url = f.source_url(&text(&v));
        }
        if let Some(v) = self.source_published_on {
            c.source_published_on = published_on(&mut f, v.as_deref());
        }
        if let Some(v) = self.meeting_date
            && let Some(d) = f.iso_date("meeting_date", &v)
        {
            c.meeting_date = d;
        }
        if let Some(v) = self.sessions {
            c.sessions = sessions(&mut f, &v);
        }
        if let Some(v) = self.venue_room {
            c.venue_room = f.venue_room(&text(&v));
        }
        if let Some(v) = self.venue_floor {
            c.venue_floor = f.venue_floor(&text(&v));
        }
        if let Some(v) = self.venue_building {
            c.venue_building = f.venue_building(&text(&v));
        }
        if let Some(v) = self.online_platform {
            c.online_platform = f.online_platform(&text(&v));
        }
        if let Some(v) = self.online_link {
            c.online_link = f.online_link(&text(&v));
        }
        if let Some(v) = self.remote_sites {
            c.remote_sites = f.remote_sites(&v);
        }
        if let Some(v) = self.chair {
            c.chair = person(&mut f, "chair", v.as_ref());
        }
        if let Some(v) = self.delegated_by {
            c.delegated_by = person(&mut f, "delegated_by", v.as_ref());
        }
        if let Some(v) = self.minute_taker {
            c.minute_taker = person(&mut f, "minute_taker", v.as_ref());
        }
        if let Some(v) = self.minute_checker {
            c.minute_checker = person(&mut f, "minute_checker", v.as_ref());
        }
        if let Some(v) = self.inspectors {
            c.inspectors = inspectors(&mut f, &v);
        }
        if let Some(v) = self.participant_count {
            c.participant_count = f.participant_number(v);
        }
        if let Some(v) = self.status {
            c.status = f.status(&text(&v));
        }
        if let Some(v) = self.cancelled_reason {
            c.cancelled_reason = f.cancelled_reason(&text(&v));
        }
        if let Some(v) = self.digit_style {
            c.digits = f.digits(&text(&v));
        }
        if f.is_empty() {
            Ok(())
        } else {
            Err(f.into_errors())
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
    let command = MeetingCommand::try_from(input).map_err(AppError::Invalid)?;
    let m = svc::create(&app.db, &ctx, &command).await?;
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
    let patch: ApiPatch = body(Value::Object(changes))?;
    // The fields sent, over the meeting as stored.
    let mut command = MeetingCommand::load(&app.db, &m).await?;
    patch.apply(&mut command).map_err(AppError::Invalid)?;
    svc::update(&app.db, &ctx, &app.mail, id, &command).await?;
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
    match AttendanceCommand::try_from(b.rows.as_slice()) {
        Ok(c) => Ok(Json(attendance::save(&app.db, &ctx, id, &c).await?)),
        Err(e) => Err(attendance::refused(&app.db, &ctx, id, e).await),
    }
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

impl TryFrom<ApiItem> for ItemCommand {
    type Error = FieldErrors;

    /// The same readers and messages as the form; the ids are numbers already.
    fn try_from(i: ApiItem) -> Result<Self, FieldErrors> {
        let mut f = ItemFields::new();
        let title = f.title(&i.title);
        let presenter_name = f.presenter_name(&opt(&i.presenter_name));
        let time_budget_minutes = f.budget(i.time_budget_minutes.map(i64::from));
        let notes_md = f.notes(&opt(&i.notes_md));
        let resolution_md = f.resolution(&opt(&i.resolution_md));
        f.into_result(Self {
            section_id: i.section_id,
            parent: i.parent_item_id.map_or(Parent::None, Parent::Item),
            title,
            presenter_office_id: i.presenter_office_id,
            presenter_name,
            time_budget_minutes,
            issue_id: i.issue_id,
            notes_md,
            resolution_md,
        })
    }
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
    let item = match ItemCommand::try_from(i) {
        Ok(c) => agenda::add_item(&app.db, &ctx, id, &c).await?,
        Err(e) => return Err(agenda::refused(&app.db, &ctx, id, None, e).await),
    };
    Ok((StatusCode::CREATED, Json(item.view())).into_response())
}
