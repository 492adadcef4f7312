//! API for meetings: list (filters `province`, `zone`, `from`, `to`, `status`, `kind`, `q`;
//! ISO dates), one meeting with sessions, agenda and attendance, create, patch, replace the
//! attendance, add an agenda item. The same services and scope rules as the pages.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{Endpoint, json};
use crate::domain::fields::FieldErrors;
use crate::error::AppError;
use crate::services::Ctx;
use crate::services::agenda::{self, AgendaView, ItemInput};
use crate::services::attendance::{self, RowInput, SheetRow};
use crate::services::meetings::{self as svc, ListFilter, MeetingInput, MeetingRow};
use crate::state::AppState;
use crate::web::identity::Me;
use crate::web::paging::{PageOf, Paging};

/// Documented operations.
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        method: "get",
        path: "/meetings",
        tag: "meetings",
        summary: "Meetings within scope, newest first (query: province, zone, from, to, status, kind, q; ISO dates)",
        request: None,
        response: "MeetingRow",
        list: true,
        status: 200,
    },
    Endpoint {
        method: "post",
        path: "/meetings",
        tag: "meetings",
        summary: "Create a meeting (with sessions, people, remote sites; the agenda skeleton is added)",
        request: Some("MeetingInput"),
        response: "Meeting",
        list: false,
        status: 201,
    },
    Endpoint {
        method: "get",
        path: "/meetings/{id}",
        tag: "meetings",
        summary: "One meeting with its sessions, agenda and attendance",
        request: None,
        response: "Meeting",
        list: false,
        status: 200,
    },
    Endpoint {
        method: "patch",
        path: "/meetings/{id}",
        tag: "meetings",
        summary: "Change some fields of a meeting (status changes follow the life cycle)",
        request: Some("MeetingInput"),
        response: "Meeting",
        list: false,
        status: 200,
    },
    Endpoint {
        method: "put",
        path: "/meetings/{id}/attendance",
        tag: "meetings",
        summary: "Replace the attendance rows of a meeting",
        request: Some("AttendanceInput"),
        response: "Attendance",
        list: false,
        status: 200,
    },
    Endpoint {
        method: "post",
        path: "/meetings/{id}/agenda-items",
        tag: "meetings",
        summary: "Add an agenda item",
        request: Some("AgendaItemInput"),
        response: "AgendaItem",
        list: false,
        status: 201,
    },
];

/// Schemas used above.
pub fn schemas() -> Vec<(&'static str, Value)> {
    let s = json!({"type": "string"});
    let ns = json!({"type": ["string", "null"]});
    let ni = json!({"type": ["integer", "null"]});
    let person = json!({"type": ["object", "null"], "properties": {"name": s, "title": ns}});
    vec![
        (
            "MeetingRow",
            json!({"type": "object", "required": ["id", "meeting_date", "title", "status"], "properties": {
                "id": {"type": "integer"}, "meeting_date": {"type": "string", "format": "date"},
                "date_th": s, "title": s, "number": ns, "province_code": ns, "province_th": ns,
                "status": s, "status_th": s, "kind": s, "kind_th": s, "series_id": ni
            }}),
        ),
        (
            "MeetingInput",
            json!({"type": "object", "required": ["kind", "title", "meeting_date"], "properties": {
                "kind": {"type": "string", "enum": ["integrated_inspection", "working_group", "follow_up", "executive_visit", "quarterly_workshop"]},
                "title": s, "series_id": ni, "round_id": ni,
                "number": {"type": ["string", "null"], "description": "n/BE-year, e.g. 4/2565; blank: the series' next"},
                "host_province": {"type": ["string", "null"], "description": "province code, e.g. TH-33"},
                "meeting_date": {"type": "string", "format": "date"},
                "sessions": {"type": "array", "items": {"type": "object", "required": ["start", "end"], "properties": {"label": ns, "start": {"type": "string", "examples": ["09:00"]}, "end": s}}},
                "venue_room": ns, "venue_floor": ns, "venue_building": ns, "online_platform": ns, "online_link": ns,
                "remote_sites": {"type": "array", "items": s},
                "chair": person, "delegated_by": person, "minute_taker": person, "minute_checker": person,
                "inspectors": {"type": "array", "items": {"type": "object", "properties": {"name": s, "title": ns}}},
                "participant_count": ni,
                "status": {"type": ["string", "null"], "enum": ["planned", "invited", "held", "minutes_draft", "circulated", "certified", "published", "cancelled", null]},
                "cancelled_reason": ns, "digit_style": {"type": ["string", "null"], "enum": ["arabic", "thai", null]}
            }}),
        ),
        (
            "Meeting",
            json!({"type": "object", "required": ["id", "title", "meeting_date", "status", "sessions", "agenda", "attendance"], "properties": {
                "id": {"type": "integer"}, "title": s, "kind": s, "status": s, "number": ns,
                "meeting_date": {"type": "string", "format": "date"}, "date_th": s,
                "host_province": ns, "zone_id": ni, "series_id": ni,
                "venue": ns, "online_platform": ns, "online_link": ns,
                "sessions": {"type": "array", "items": {"type": "object"}},
                "agenda": {"type": "object", "description": "sections with numbered items; previous meeting; carried-over actions"},
                "attendance": {"type": "array", "items": {"$ref": "#/components/schemas/AttendanceRow"}}
            }}),
        ),
        (
            "AttendanceRow",
            json!({"type": "object", "properties": {
                "office_id": ni, "office_name": ns, "name": s, "title": s, "status": s, "status_th": s,
                "rep_name": s, "rep_title": s, "reason": s, "sent": {"type": "boolean"}
            }}),
        ),
        (
            "AttendanceInput",
            json!({"type": "object", "required": ["rows"], "properties": {"rows": {"type": "array", "items": {"type": "object", "required": ["status"], "properties": {
                "office_id": ni, "name": s, "title": s,
                "status": {"type": "string", "enum": ["present", "online", "represented", "acting", "absent", "guest"]},
                "represented_by_name": s, "represented_by_title": s, "absence_reason": s,
                "report_sent_as_document": {"type": "boolean"}
            }}}}}),
        ),
        (
            "Attendance",
            json!({"type": "object", "properties": {
                "rows": {"type": "array", "items": {"$ref": "#/components/schemas/AttendanceRow"}},
                "counts": {"type": "array", "items": {"type": "object", "properties": {"status": s, "label": s, "count": {"type": "integer"}}}}
            }}),
        ),
        (
            "AgendaItemInput",
            json!({"type": "object", "required": ["section_id", "title"], "properties": {
                "section_id": {"type": "integer"}, "parent_item_id": ni, "title": s,
                "presenter_office_id": ni, "presenter_name": ns, "time_budget_minutes": ni,
                "issue_id": ni, "notes_md": ns, "resolution_md": ns
            }}),
        ),
        (
            "AgendaItem",
            json!({"type": "object", "properties": {
                "id": {"type": "integer"}, "meeting_id": {"type": "integer"}, "section_id": {"type": "integer"},
                "parent_item_id": ni, "position": {"type": "integer"}, "title": s
            }}),
        ),
    ]
}

/// Routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/meetings", get(list).post(create))
        .route("/meetings/{id}", get(show).patch(patch))
        .route("/meetings/{id}/attendance", put(put_attendance))
        .route("/meetings/{id}/agenda-items", post(add_item))
}

async fn list(
    State(app): State<AppState>,
    Me(me): Me,
    Query(filter): Query<ListFilter>,
    Query(paging): Query<Paging>,
) -> Result<Json<PageOf<MeetingRow>>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    Ok(Json(svc::list(&app.db, &ctx, &filter, paging, true).await?))
}

/// A person in the API.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
struct Person {
    name: String,
    title: Option<String>,
}

/// A session in the API.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
struct Session {
    label: Option<String>,
    start: String,
    end: String,
}

/// A meeting as the API takes it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
struct ApiInput {
    kind: String,
    title: String,
    series_id: Option<i32>,
    round_id: Option<i32>,
    number: Option<String>,
    host_province: Option<String>,
    meeting_date: String,
    sessions: Vec<Session>,
    venue_room: Option<String>,
    venue_floor: Option<String>,
    venue_building: Option<String>,
    online_platform: Option<String>,
    online_link: Option<String>,
    remote_sites: Vec<String>,
    chair: Option<Person>,
    delegated_by: Option<Person>,
    minute_taker: Option<Person>,
    minute_checker: Option<Person>,
    inspectors: Vec<Person>,
    participant_count: Option<i32>,
    status: Option<String>,
    cancelled_reason: Option<String>,
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
            meeting_date: self.meeting_date,
            session_label: self.sessions.iter().map(|s| opt(&s.label)).collect(),
            session_start: self.sessions.iter().map(|s| s.start.clone()).collect(),
            session_end: self.sessions.iter().map(|s| s.end.clone()).collect(),
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
        }
    }

    fn of_form(f: MeetingInput, date: chrono::NaiveDate) -> Self {
        let n = f.session_start.len();
        Self {
            kind: f.kind,
            title: f.title,
            series_id: f.series_id.parse().ok(),
            round_id: f.round_id.parse().ok(),
            number: none_if_empty(f.number),
            host_province: none_if_empty(f.host_province),
            meeting_date: date.to_string(),
            sessions: (0..n)
                .map(|i| Session {
                    label: f.session_label.get(i).cloned().and_then(none_if_empty),
                    start: f.session_start.get(i).cloned().unwrap_or_default(),
                    end: f.session_end.get(i).cloned().unwrap_or_default(),
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
#[derive(Debug, Serialize)]
struct ApiMeeting {
    id: i32,
    title: String,
    kind: String,
    status: String,
    number: Option<String>,
    meeting_date: chrono::NaiveDate,
    date_th: String,
    rescheduled_from: Option<chrono::NaiveDate>,
    cancelled_reason: Option<String>,
    host_province: Option<String>,
    zone_id: Option<i32>,
    series_id: Option<i32>,
    round_id: Option<i32>,
    venue: Option<String>,
    online_platform: Option<String>,
    online_link: Option<String>,
    remote_sites: Vec<String>,
    sessions: Vec<svc::detail::SessionView>,
    chair: Option<svc::detail::Named>,
    delegated_by: Option<svc::detail::Named>,
    inspectors: Vec<svc::detail::Named>,
    minute_taker: Option<svc::detail::Named>,
    minute_checker: Option<svc::detail::Named>,
    participant_count: Option<i32>,
    agenda: AgendaView,
    attendance: Vec<SheetRow>,
}

async fn detail(app: &AppState, ctx: &Ctx, id: i32) -> Result<ApiMeeting, AppError> {
    let d = svc::detail::load(&app.db, ctx, id).await?;
    let m = d.meeting;
    Ok(ApiMeeting {
        id: m.id,
        title: m.title,
        kind: m.kind,
        status: m.status,
        number: d.number,
        meeting_date: m.meeting_date,
        date_th: d.date_long,
        rescheduled_from: m.rescheduled_from,
        cancelled_reason: m.cancelled_reason,
        host_province: d.province_code,
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

async fn show(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Json<ApiMeeting>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    Ok(Json(detail(&app, &ctx, id).await?))
}

fn body<T: for<'de> Deserialize<'de>>(v: Value) -> Result<T, AppError> {
    serde_json::from_value(v).map_err(|e| AppError::BadRequest(format!("ข้อมูล JSON ไม่ถูกต้อง: {e}")))
}

async fn create(State(app): State<AppState>, Me(me): Me, raw: Bytes) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    if !svc::may_create(&ctx) {
        return Err(AppError::Forbidden);
    }
    let input: ApiInput = json::parse(&raw)?;
    let m = svc::create(&app.db, &ctx, &input.into_form()).await?;
    Ok((StatusCode::CREATED, Json(detail(&app, &ctx, m.id).await?)).into_response())
}

async fn patch(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    raw: Bytes,
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
    let current = ApiInput::of_form(svc::input::of_meeting(&app.db, &m).await?, m.meeting_date);
    let mut merged = serde_json::to_value(current).map_err(anyhow::Error::from)?;
    for (k, val) in changes {
        merged[k] = val;
    }
    let input: ApiInput = body(merged)?;
    svc::update(&app.db, &ctx, &app.mail, id, &input.into_form()).await?;
    Ok(Json(detail(&app, &ctx, id).await?))
}

#[derive(Deserialize)]
struct AttendanceBody {
    rows: Vec<RowInput>,
}

async fn put_attendance(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    raw: Bytes,
) -> Result<Json<attendance::Sheet>, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    svc::find_managed(&app.db, &ctx, id).await?;
    let b: AttendanceBody = json::parse(&raw)?;
    Ok(Json(attendance::save(&app.db, &ctx, id, &b.rows).await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ApiItem {
    section_id: Option<i32>,
    parent_item_id: Option<i32>,
    title: String,
    presenter_office_id: Option<i32>,
    presenter_name: Option<String>,
    time_budget_minutes: Option<i32>,
    issue_id: Option<i32>,
    notes_md: Option<String>,
    resolution_md: Option<String>,
}

async fn add_item(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    raw: Bytes,
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
    Ok((StatusCode::CREATED, Json(item)).into_response())
}
