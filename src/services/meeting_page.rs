//! One meeting as its page (and the API) shows it, assembled in memory from a fixed number of
//! queries: each related table is read once by meeting id, never once per row.

use sea_orm::{ConnectionTrait, EntityTrait};
use serde::Serialize;

use super::meetings::{self as svc_meetings, input};
use super::{Ctx, agenda, attendance, audit, scope};
use crate::db::entities::{audit_events, meeting_series, meeting_sessions, meetings, provinces};
use crate::db::repo::meeting_parts as parts;
use crate::domain::calendar::{Digits, ThaiDate, time, time_range};
use crate::error::AppError;

/// A person as printed.
#[derive(Debug, Clone, Serialize)]
pub struct Named {
    /// Full name.
    pub name: String,
    /// Title as printed.
    pub title: Option<String>,
}

/// A session.
#[derive(Debug, Clone, Serialize)]
pub struct SessionView {
    /// Label (`ช่วงเช้า`).
    pub label: Option<String>,
    /// ISO start `09:00:00`.
    pub starts_at: chrono::NaiveTime,
    /// ISO end, when one was stated.
    pub ends_at: Option<chrono::NaiveTime>,
    /// `เวลา 09.00–12.00 น.`
    pub range_th: String,
}

/// A province, by code and Thai name.
#[derive(Debug, Clone, Serialize)]
pub struct ProvinceRef {
    /// `TH-33`.
    pub code: String,
    /// `ศรีสะเกษ`.
    pub name_th: String,
}

/// The source of a meeting record.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// Headline.
    pub headline: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Publication date.
    pub published_on: Option<chrono::NaiveDate>,
    /// Publication date in Thai.
    pub published_th: Option<String>,
}

/// One audit event as listed.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryView {
    /// When (Thai).
    pub at_th: String,
    /// Who.
    pub actor: String,
    /// What (`meeting.update`).
    pub action: String,
    /// Thai description.
    pub action_th: &'static str,
}

/// The meeting page.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingDetail {
    /// The stored row.
    pub meeting: crate::views::MeetingView,
    /// `4/2565`.
    pub number: Option<String>,
    /// `วันอังคารที่ 19 เมษายน 2565`.
    pub date_long: String,
    /// `19/04/2565`.
    pub date_numeric: String,
    /// Status label.
    pub status_th: String,
    /// Kind label.
    pub kind_th: String,
    /// Host province.
    pub province_th: Option<String>,
    /// Host province code.
    pub province_code: Option<String>,
    /// A central host (ministry or department), when no province hosts.
    pub host_org: Option<String>,
    /// Provinces taking part besides the host.
    pub participants: Vec<ProvinceRef>,
    /// Where the record comes from (a press release).
    pub source: Option<SourceView>,
    /// Series (id, name).
    pub series: Option<(i32, String)>,
    /// Sessions.
    pub sessions: Vec<SessionView>,
    /// `ห้องประชุม … ชั้น 4 อาคาร …`.
    pub venue: Option<String>,
    /// Remote sites.
    pub remote_sites: Vec<String>,
    /// Chair.
    pub chair: Option<Named>,
    /// Who delegated the chair.
    pub delegated_by: Option<Named>,
    /// Inspectors present.
    pub inspectors: Vec<Named>,
    /// Minute-taker.
    pub minute_taker: Option<Named>,
    /// Checker.
    pub minute_checker: Option<Named>,
    /// The agenda.
    pub agenda: agenda::AgendaView,
    /// The recorded attendance.
    pub attendance: attendance::Sheet,
    /// Audit history, oldest first.
    pub history: Vec<HistoryView>,
    /// Whether the caller may edit.
    pub can_manage: bool,
}

fn action_th(a: &str) -> &'static str {
    match a {
        "meeting.create" => "สร้างการประชุม",
        "meeting.update" => "แก้ไขข้อมูลการประชุม",
        "meeting.reschedule" => "เลื่อนวันประชุม",
        "meeting.cancel" => "ยกเลิกการประชุม",
        "agenda.add_item" => "เพิ่มเรื่องในระเบียบวาระ",
        "agenda.update_item" => "แก้ไขเรื่องในระเบียบวาระ",
        "agenda.delete_item" => "ลบเรื่องในระเบียบวาระ",
        "agenda.move_up" | "agenda.move_down" => "จัดลำดับระเบียบวาระ",
        "attendance.save" => "บันทึกผู้เข้าประชุม",
        _ => "เปลี่ยนแปลงข้อมูล",
    }
}

/// Loads the page of a meeting the caller can read (404 otherwise).
pub async fn load<C: ConnectionTrait + Sync>(
    db: &C,
    ctx: &Ctx,
    id: i32,
) -> Result<MeetingDetail, AppError> {
    let m = svc_meetings::find(db, ctx, id).await?;
    let digits = agenda::digits_of(&m);
    // The parts are independent: load them concurrently (each on its own pooled connection).
    let (sessions, sites, insp, province, series, agenda, attendance, history, joining) = tokio::try_join!(
        async { Ok::<_, AppError>(parts::sessions(db, m.id).await?) },
        async { Ok(parts::remote_sites(db, m.id).await?) },
        async { Ok(parts::inspectors(db, m.id).await?) },
        async {
            Ok(match m.host_province_id {
                Some(p) => provinces::Entity::find_by_id(p).one(db).await?,
                None => None,
            })
        },
        async {
            Ok(match m.series_id {
                Some(s) => meeting_series::Entity::find_by_id(s)
                    .one(db)
                    .await?
                    .map(|s| (s.id, s.name)),
                None => None,
            })
        },
        agenda::load(db, ctx, &m),
        attendance::recorded(db, &m),
        async { Ok(audit::history(db, "meeting", m.id).await?) },
        async { Ok(input::participant_provinces(db, m.id).await?) },
    )?;
    let names = parts::person_names(db, &m, &insp).await?;
    let named = |id: Option<i32>, title: &Option<String>| -> Option<Named> {
        let name = id.and_then(|i| names.get(&i).cloned());
        match (name, title) {
            (None, None) => None,
            (n, t) => Some(Named {
                name: n.unwrap_or_default(),
                title: t.clone(),
            }),
        }
    };
    Ok(MeetingDetail {
        number: svc_meetings::number_of(&m),
        date_long: ThaiDate(m.meeting_date).long(digits),
        date_numeric: ThaiDate(m.meeting_date).numeric(digits),
        status_th: m.status.label_th().to_owned(),
        kind_th: m.kind.label_th().to_owned(),
        province_th: province.as_ref().map(|p| p.name_th.clone()),
        province_code: province.map(|p| p.code),
        host_org: m.host_org_th.clone(),
        participants: joining
            .into_iter()
            .filter(|p| Some(p.id) != m.host_province_id)
            .map(|p| ProvinceRef {
                code: p.code,
                name_th: p.name_th,
            })
            .collect(),
        source: source_view(&m, digits),
        series,
        sessions: sessions
            .into_iter()
            .map(|s| session_view(s, digits))
            .collect(),
        venue: venue(&m),
        remote_sites: sites.into_iter().map(|s| s.name).collect(),
        chair: named(m.chair_person_id, &m.chair_title),
        delegated_by: named(m.delegated_by_person_id, &m.delegated_by_title),
        inspectors: insp
            .iter()
            .map(|i| Named {
                name: names.get(&i.person_id).cloned().unwrap_or_default(),
                title: Some(i.title_as_printed.clone()),
            })
            .collect(),
        minute_taker: named(m.minute_taker_person_id, &m.minute_taker_title),
        minute_checker: named(m.minute_checker_person_id, &m.minute_checker_title),
        agenda,
        attendance,
        history: history
            .into_iter()
            .map(|h| history_view(h, digits))
            .collect(),
        can_manage: ctx.actor.can_manage_meetings(scope::meeting_location(&m)),
        meeting: m.into(),
    })
}

/// One event of the meeting's history, its instant in Bangkok.
fn history_view(h: audit_events::Model, digits: Digits) -> HistoryView {
    let local = h.occurred_at.naive_utc() + chrono::Duration::hours(7);
    HistoryView {
        at_th: format!(
            "{} {}",
            ThaiDate(local.date()).short(digits),
            local.format("%H.%M น.")
        ),
        actor: h.actor_label.unwrap_or_default(),
        action_th: action_th(&h.action),
        action: h.action,
    }
}

/// The press release the record comes from, if any.
fn source_view(m: &meetings::Model, digits: Digits) -> Option<SourceView> {
    (m.source_headline.is_some() || m.source_url.is_some() || m.source_published_on.is_some()).then(
        || SourceView {
            headline: m.source_headline.clone(),
            url: m.source_url.clone(),
            published_on: m.source_published_on,
            published_th: m.source_published_on.map(|d| ThaiDate(d).long(digits)),
        },
    )
}

/// A session with its times in Thai ("เวลา 09.00 น. เป็นต้นไป" without an end).
fn session_view(s: meeting_sessions::Model, digits: Digits) -> SessionView {
    SessionView {
        range_th: match s.ends_at {
            Some(end) => format!("เวลา {}", time_range(s.starts_at, end, digits)),
            None => format!("เวลา {} น. เป็นต้นไป", time(s.starts_at, digits)),
        },
        label: s.label,
        starts_at: s.starts_at,
        ends_at: s.ends_at,
    }
}

/// Room, floor and building in one line.
fn venue(m: &meetings::Model) -> Option<String> {
    let parts: Vec<String> = [
        m.venue_room.clone(),
        m.venue_floor.as_ref().map(|f| format!("ชั้น {f}")),
        m.venue_building.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}
