//! A meeting as typed in the form (or sent to the API) and its validation into [`Valid`],
//! with Thai messages keyed by the form's field names (`session_end.1` for row 2).
//!
//! Longer than 500 lines on purpose: one validation of the whole meeting form, whose rules cross
//! fields (sessions, host and participants, cancellation); it names every field the form shows.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

use super::super::{Ctx, scope};
use crate::db::entities::{
    inspection_rounds, meeting_inspectors, meeting_provinces, meeting_series, meeting_sessions,
    meetings, people, provinces, remote_sites,
};
use crate::domain::access::{Location, Scope};
use crate::domain::calendar::{Digits, ThaiDate, parse_date, parse_time, time};
use crate::domain::fields::{FieldErrors, optional_line, optional_text, required_line};
use crate::domain::numbering::{MeetingNumber, next_number};
use crate::domain::rules::ensure_end_after_start;
use crate::domain::status::{MeetingKind, MeetingStatus};
use crate::error::AppError;

/// A meeting as typed. Rows (sessions, remote sites, inspectors) are parallel lists.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MeetingInput {
    /// Kind (stored string).
    pub kind: String,
    /// Title.
    pub title: String,
    /// Series id, blank for none.
    pub series_id: String,
    /// Round id, blank for none.
    pub round_id: String,
    /// Number `n/BE-year`; blank gives the series' next number on creation.
    pub number: String,
    /// Host province code (`TH-33`); a provincial office always hosts in its own. Blank when
    /// a central department hosts (`host_org`).
    pub host_province: String,
    /// A central host (a ministry or department in Bangkok, `กรมการพัฒนาชุมชน`); the
    /// provinces joining are `participant_province`.
    pub host_org: String,
    /// Codes of the provinces taking part (besides the host province): they read the
    /// meeting, and its actions may go to their offices.
    pub participant_province: Vec<String>,
    /// Source of the record: a press release's headline.
    pub source_headline: String,
    /// Source URL.
    pub source_url: String,
    /// Source publication date (BE text on pages, ISO in the API).
    pub source_published_on: String,
    /// Date: BE text on pages (`19/04/2565`), ISO in the API.
    pub meeting_date: String,
    /// Session labels.
    pub session_label: Vec<String>,
    /// Session starts (`09.00`).
    pub session_start: Vec<String>,
    /// Session ends.
    pub session_end: Vec<String>,
    /// Room.
    pub venue_room: String,
    /// Floor.
    pub venue_floor: String,
    /// Building.
    pub venue_building: String,
    /// Online platform.
    pub online_platform: String,
    /// Online link.
    pub online_link: String,
    /// Remote sites, one per row.
    pub remote_site: Vec<String>,
    /// Chair's name.
    pub chair_name: String,
    /// Chair's title as printed.
    pub chair_title: String,
    /// Who delegated the chair: name.
    pub delegated_by_name: String,
    /// Who delegated the chair: title.
    pub delegated_by_title: String,
    /// Inspectors present: names.
    pub inspector_name: Vec<String>,
    /// Inspectors present: titles as printed.
    pub inspector_title: Vec<String>,
    /// Minute-taker's name.
    pub minute_taker_name: String,
    /// Minute-taker's title.
    pub minute_taker_title: String,
    /// Checker's name.
    pub minute_checker_name: String,
    /// Checker's title.
    pub minute_checker_title: String,
    /// Number of participants.
    pub participant_count: String,
    /// Status (stored string).
    pub status: String,
    /// Reason, when cancelled.
    pub cancelled_reason: String,
    /// `arabic` or `thai`.
    pub digit_style: String,
    /// Dates are ISO 8601 (the API) rather than BE text.
    #[serde(skip)]
    pub iso_dates: bool,
    /// The form's "ยืนยันการยกเลิก" box: cancelling a meeting from the form asks for it (web only;
    /// the API's explicit status change needs no box).
    #[serde(skip_serializing)]
    pub confirm_cancel: Option<String>,
}

/// A validated meeting.
#[derive(Debug, Clone)]
pub struct Valid {
    /// Kind.
    pub kind: MeetingKind,
    /// Title.
    pub title: String,
    /// Series.
    pub series: Option<meeting_series::Model>,
    /// Round.
    pub round_id: Option<i32>,
    /// Number.
    pub number: Option<MeetingNumber>,
    /// Host province; `None` when a central department hosts.
    pub province_id: Option<i32>,
    /// The central host's name.
    pub host_org: Option<String>,
    /// Provinces taking part besides the host, in the order given.
    pub participants: Vec<i32>,
    /// Source: headline, URL, publication date.
    pub source: (Option<String>, Option<String>, Option<NaiveDate>),
    /// The host province's zone today.
    pub zone_id: Option<i32>,
    /// Date.
    pub date: NaiveDate,
    /// (label, start, end); the end may be left unstated.
    pub sessions: Vec<(Option<String>, NaiveTime, Option<NaiveTime>)>,
    /// Room.
    pub venue_room: Option<String>,
    /// Floor.
    pub venue_floor: Option<String>,
    /// Building.
    pub venue_building: Option<String>,
    /// Platform.
    pub online_platform: Option<String>,
    /// Link.
    pub online_link: Option<String>,
    /// Remote sites.
    pub remote_sites: Vec<String>,
    /// (name, title).
    pub chair: (Option<String>, Option<String>),
    /// (name, title).
    pub delegated_by: (Option<String>, Option<String>),
    /// (name, title).
    pub minute_taker: (Option<String>, Option<String>),
    /// (name, title).
    pub minute_checker: (Option<String>, Option<String>),
    /// (name, title).
    pub inspectors: Vec<(String, String)>,
    /// Participants.
    pub participant_count: Option<i32>,
    /// Status.
    pub status: MeetingStatus,
    /// Reason, when cancelled.
    pub cancelled_reason: Option<String>,
    /// Digit style.
    pub digits: Digits,
}

/// The most provinces a meeting can list as taking part (there are 77).
pub const MAX_PARTICIPANT_PROVINCES: usize = 77;

/// The id of the province with this code (`TH-33`, any case).
async fn province_by_code<C: ConnectionTrait>(db: &C, code: &str) -> Result<Option<i32>, AppError> {
    Ok(provinces::Entity::find()
        .filter(provinces::Column::Code.eq(code.trim().to_uppercase()))
        .one(db)
        .await?
        .map(|p| p.id))
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn at(v: &[String], i: usize) -> &str {
    v.get(i).map_or("", String::as_str)
}

/// Reads a date: ISO in the API, BE text on pages (a CE year is questioned, not stored).
pub fn read_date(e: &mut FieldErrors, field: &str, s: &str, iso: bool) -> Option<NaiveDate> {
    if iso {
        if blank(s) {
            e.add(field, "กรุณากรอกวันที่");
            return None;
        }
        e.check(field, crate::domain::calendar::parse_iso_date(s))
    } else {
        e.check(field, parse_date(s))
    }
}

fn person(
    e: &mut FieldErrors,
    field: &str,
    name: &str,
    title: &str,
) -> (Option<String>, Option<String>) {
    let n = optional_line(e, &format!("{field}_name"), "ชื่อ", Some(name), 200);
    let t = optional_line(e, &format!("{field}_title"), "ตำแหน่ง", Some(title), 300);
    if n.is_none() && t.is_some() {
        e.add(&format!("{field}_name"), "กรุณากรอกชื่อ");
    }
    (n, t)
}

/// Validates the input; `before` is the meeting being edited.
pub async fn validate<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    i: &MeetingInput,
    before: Option<&meetings::Model>,
) -> Result<Valid, AppError> {
    let mut e = FieldErrors::new();
    let kind = if blank(&i.kind) {
        e.add("kind", "กรุณาเลือกประเภทการประชุม");
        None
    } else {
        e.check("kind", i.kind.trim().parse::<MeetingKind>())
    };
    let title = required_line(&mut e, "title", "ชื่อการประชุม", &i.title, 500);
    let date = read_date(&mut e, "meeting_date", &i.meeting_date, i.iso_dates);

    // Host: a province (a provincial office's own; others choose within their zones) or a
    // central department with the provinces joining. A province outside the caller's scope is
    // refused, never replaced.
    let host_org = optional_line(
        &mut e,
        "host_org",
        "หน่วยงานส่วนกลางที่เป็นเจ้าภาพ",
        Some(&i.host_org),
        300,
    );
    let own_province = match &ctx.actor.scope {
        Scope::Province(p) if ctx.actor.role == crate::domain::status::Role::ProvincialOffice => {
            Some(*p)
        }
        _ => None,
    };
    let named = if blank(&i.host_province) {
        None
    } else {
        let p = province_by_code(db, &i.host_province).await?;
        if p.is_none() {
            e.add(
                "host_province",
                format!(
                    "ไม่พบจังหวัดรหัส {} (รหัสจังหวัดเช่น TH-33)",
                    i.host_province.trim()
                ),
            );
        }
        p
    };
    let province_id = match (own_province, named) {
        (Some(own), Some(p)) if p != own => {
            e.add(
                "host_province",
                "ท่านบันทึกการประชุมได้เฉพาะที่จังหวัดของท่านเป็นเจ้าภาพ",
            );
            None
        }
        (Some(own), _) => {
            if host_org.is_some() {
                e.add(
                    "host_org",
                    "การประชุมที่ส่วนกลางเป็นเจ้าภาพบันทึกโดยผู้ตรวจราชการหรือผู้ดูแลระบบ",
                );
            }
            Some(own)
        }
        (None, Some(p)) => Some(p),
        (None, None) if host_org.is_some() => None,
        (None, None) => match before.and_then(|b| b.host_province_id) {
            Some(p) if i.iso_dates => Some(p),
            _ => {
                e.add(
                    "host_province",
                    "กรุณาเลือกจังหวัดเจ้าภาพ หรือระบุหน่วยงานส่วนกลางที่เป็นเจ้าภาพ",
                );
                None
            }
        },
    };
    let mut participants = Vec::new();
    // At most every province once: a longer list is refused before any lookup.
    if i.participant_province.len() > MAX_PARTICIPANT_PROVINCES {
        e.add(
            "participant_province",
            format!("เลือกจังหวัดที่เข้าร่วมได้ไม่เกิน {MAX_PARTICIPANT_PROVINCES} จังหวัด"),
        );
    }
    for (r, code) in i
        .participant_province
        .iter()
        .take(MAX_PARTICIPANT_PROVINCES)
        .enumerate()
    {
        if blank(code) {
            continue;
        }
        match province_by_code(db, code).await? {
            Some(p) if Some(p) == province_id || participants.contains(&p) => {}
            Some(p) => participants.push(p),
            None => e.add(
                &format!("participant_province.{r}"),
                format!("ไม่พบจังหวัดรหัส {} (รหัสจังหวัดเช่น TH-33)", code.trim()),
            ),
        }
    }
    if province_id.is_none() && host_org.is_some() && participants.is_empty() {
        e.add(
            "participant_province",
            "การประชุมที่ส่วนกลางเป็นเจ้าภาพ กรุณาเลือกจังหวัดที่เข้าร่วมอย่างน้อยหนึ่งจังหวัด",
        );
    }
    // The zone: the host province's, else the first joining province's (it decides which
    // inspectors manage a centrally hosted meeting; the others read it through their provinces).
    let mut zone_id = None;
    if let Some(p) = province_id.or(participants.first().copied()) {
        zone_id = super::zone_of(db, p, ctx.today).await?;
    }
    if let Some(p) = province_id {
        let loc = Location {
            zone_id,
            province_id: Some(p),
            office_id: None,
        };
        if !ctx.actor.can_manage_meetings(loc) {
            e.add("host_province", "ท่านไม่มีสิทธิ์จัดการประชุมของจังหวัดนี้");
        }
    }
    for (r, &p) in participants.iter().enumerate() {
        let loc = Location {
            zone_id: super::zone_of(db, p, ctx.today).await?,
            province_id: Some(p),
            office_id: None,
        };
        // Joining provinces must be within the caller's reach (a provincial office may list
        // neighbours that join its own meeting).
        if own_province.is_none() && !ctx.actor.can_manage_meetings(loc) {
            e.add(
                &format!("participant_province.{r}"),
                "ท่านไม่มีสิทธิ์จัดการประชุมของจังหวัดนี้",
            );
        }
    }
    let source_headline = optional_line(
        &mut e,
        "source_headline",
        "หัวข้อข่าวต้นทาง",
        Some(&i.source_headline),
        500,
    );
    let source_url = optional_line(&mut e, "source_url", "ลิงก์ต้นทาง", Some(&i.source_url), 1000);
    if let Some(u) = &source_url
        && !(u.starts_with("https://") || u.starts_with("http://"))
    {
        e.add("source_url", "ลิงก์ต้องขึ้นต้นด้วย https://");
    }
    let source_published_on = if blank(&i.source_published_on) {
        None
    } else {
        read_date(
            &mut e,
            "source_published_on",
            &i.source_published_on,
            i.iso_dates,
        )
    };

    let series = if blank(&i.series_id) {
        None
    } else {
        match i.series_id.trim().parse::<i32>() {
            Ok(id) => {
                let s = super::super::lookup::visible_series_one(db, ctx, id).await?;
                if s.is_none() {
                    e.add("series_id", "ไม่พบชุดการประชุมนี้");
                }
                s
            }
            Err(_) => {
                e.add("series_id", "ไม่พบชุดการประชุมนี้");
                None
            }
        }
    };
    let round_id = if blank(&i.round_id) {
        None
    } else {
        match i.round_id.trim().parse::<i32>() {
            Ok(id) => {
                let r = inspection_rounds::Entity::find_by_id(id)
                    .filter(scope::rounds(&ctx.actor.scope))
                    .one(db)
                    .await?;
                if r.is_none() {
                    e.add("round_id", "ไม่พบรอบการตรวจนี้");
                }
                r.map(|r| r.id)
            }
            Err(_) => {
                e.add("round_id", "ไม่พบรอบการตรวจนี้");
                None
            }
        }
    };

    let mut number = if blank(&i.number) {
        None
    } else {
        e.check("number", i.number.parse::<MeetingNumber>())
    };
    if number.is_none()
        && blank(&i.number)
        && before.is_none()
        && let (Some(s), Some(d)) = (&series, date)
    {
        number = Some(series_next_number(db, s, d).await?);
    }
    if let (Some(s), Some(n)) = (&series, &number)
        && number_taken(db, s.id, *n, before.map(|b| b.id)).await?
    {
        e.add("number", "ครั้งที่นี้มีอยู่แล้วในชุดการประชุมนี้");
    }

    let rows = i
        .session_label
        .len()
        .max(i.session_start.len())
        .max(i.session_end.len());
    let mut sessions = Vec::new();
    for r in 0..rows {
        let (l, s, en) = (
            at(&i.session_label, r),
            at(&i.session_start, r),
            at(&i.session_end, r),
        );
        if blank(l) && blank(s) && blank(en) {
            continue;
        }
        let label = optional_line(
            &mut e,
            &format!("session_label.{r}"),
            "ช่วงเวลา",
            Some(l),
            100,
        );
        let start = e.check(&format!("session_start.{r}"), parse_time(s));
        // A start without an end is a meeting "from 09.00": the end is optional.
        let end = if blank(en) {
            Some(None)
        } else {
            e.check(&format!("session_end.{r}"), parse_time(en))
                .map(Some)
        };
        match (start, end) {
            (Some(a), Some(Some(b)))
                if e.check(&format!("session_end.{r}"), ensure_end_after_start(a, b))
                    .is_some() =>
            {
                sessions.push((label, a, Some(b)));
            }
            (Some(a), Some(None)) => sessions.push((label, a, None)),
            _ => {}
        }
    }
    let venue_room = optional_line(&mut e, "venue_room", "ห้องประชุม", Some(&i.venue_room), 200);
    let venue_floor = optional_line(&mut e, "venue_floor", "ชั้น", Some(&i.venue_floor), 50);
    let venue_building = optional_line(
        &mut e,
        "venue_building",
        "อาคาร",
        Some(&i.venue_building),
        200,
    );
    let online_platform = optional_line(
        &mut e,
        "online_platform",
        "ระบบประชุมออนไลน์",
        Some(&i.online_platform),
        100,
    );
    let online_link = optional_line(&mut e, "online_link", "ลิงก์", Some(&i.online_link), 500);
    if let Some(l) = &online_link
        && !(l.starts_with("https://") || l.starts_with("http://"))
    {
        e.add("online_link", "ลิงก์ต้องขึ้นต้นด้วย https://");
    }
    let mut remote_sites = Vec::new();
    for (r, s) in i.remote_site.iter().enumerate() {
        if let Some(s) = optional_line(
            &mut e,
            &format!("remote_site.{r}"),
            "ห้องประชุมเครือข่าย",
            Some(s),
            300,
        ) {
            remote_sites.push(s);
        }
    }
    let chair = person(&mut e, "chair", &i.chair_name, &i.chair_title);
    let delegated_by = person(
        &mut e,
        "delegated_by",
        &i.delegated_by_name,
        &i.delegated_by_title,
    );
    let minute_taker = person(
        &mut e,
        "minute_taker",
        &i.minute_taker_name,
        &i.minute_taker_title,
    );
    let minute_checker = person(
        &mut e,
        "minute_checker",
        &i.minute_checker_name,
        &i.minute_checker_title,
    );
    let mut inspectors = Vec::new();
    for r in 0..i.inspector_name.len().max(i.inspector_title.len()) {
        let (n, t) = (at(&i.inspector_name, r), at(&i.inspector_title, r));
        if blank(n) && blank(t) {
            continue;
        }
        let n = optional_line(&mut e, &format!("inspector_name.{r}"), "ชื่อ", Some(n), 200);
        let t = optional_line(
            &mut e,
            &format!("inspector_title.{r}"),
            "ตำแหน่ง",
            Some(t),
            300,
        );
        match n {
            Some(n) => inspectors.push((n, t.unwrap_or_default())),
            None => e.add(&format!("inspector_name.{r}"), "กรุณากรอกชื่อผู้ตรวจราชการ"),
        }
    }
    let participant_count = if blank(&i.participant_count) {
        None
    } else {
        match crate::domain::calendar::to_arabic_digits(i.participant_count.trim()).parse::<u16>() {
            Ok(n) => Some(i32::from(n)),
            Err(_) => {
                e.add("participant_count", "จำนวนผู้เข้าประชุมต้องเป็นจำนวนเต็มไม่ติดลบ");
                None
            }
        }
    };
    let current = before.map(|b| b.status);
    let status = if blank(&i.status) {
        Some(current.unwrap_or(MeetingStatus::Planned))
    } else {
        match e.check("status", i.status.trim().parse::<MeetingStatus>()) {
            Some(s) => match current {
                Some(c) if c != s => e.check("status", c.transition(s)),
                _ => Some(s),
            },
            None => None,
        }
    };
    let cancelled_reason = optional_text(
        &mut e,
        "cancelled_reason",
        "เหตุผลที่ยกเลิก",
        Some(&i.cancelled_reason),
        2000,
    );
    let digits = match i.digit_style.trim() {
        "" => Digits::Arabic,
        s => s.parse::<Digits>().unwrap_or_else(|_| {
            e.add("digit_style", "รูปแบบตัวเลขต้องเป็นเลขอารบิกหรือเลขไทย");
            Digits::Arabic
        }),
    };
    match (kind, date, status) {
        (Some(kind), Some(date), Some(status)) if e.is_empty() => Ok(Valid {
            kind,
            title,
            series,
            round_id,
            number,
            province_id,
            host_org,
            participants,
            source: (source_headline, source_url, source_published_on),
            zone_id,
            date,
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
        _ => Err(AppError::Invalid(e)),
    }
}

/// Whether another meeting of the series already has this number (the unique index would
/// otherwise refuse the write with a database error).
async fn number_taken<C: ConnectionTrait>(
    db: &C,
    series_id: i32,
    n: MeetingNumber,
    except: Option<i32>,
) -> Result<bool, AppError> {
    let mut q = meetings::Entity::find()
        .filter(meetings::Column::SeriesId.eq(series_id))
        .filter(meetings::Column::NumberYear.eq(n.be_year))
        .filter(meetings::Column::Number.eq(i32::try_from(n.n).unwrap_or(i32::MAX)));
    if let Some(id) = except {
        q = q.filter(meetings::Column::Id.ne(id));
    }
    Ok(q.one(db).await?.is_some())
}

/// The next number of a series for a meeting on `date` (from the highest number used).
pub async fn series_next_number<C: ConnectionTrait>(
    db: &C,
    s: &meeting_series::Model,
    date: NaiveDate,
) -> Result<MeetingNumber, sea_orm::DbErr> {
    let year = s.numbering_scope.year_for(date);
    let last = meetings::Entity::find()
        .filter(meetings::Column::SeriesId.eq(s.id))
        .filter(meetings::Column::NumberYear.eq(year))
        .filter(meetings::Column::Number.is_not_null())
        .order_by_desc(meetings::Column::Number)
        .one(db)
        .await?
        .and_then(|m| {
            Some(MeetingNumber {
                n: u32::try_from(m.number?).ok()?,
                be_year: m.number_year?,
            })
        });
    Ok(next_number(s.numbering_scope, date, last))
}

/// The provinces taking part in a meeting (besides or including its host), in the order
/// recorded.
pub async fn participant_provinces<C: ConnectionTrait>(
    db: &C,
    meeting_id: i32,
) -> Result<Vec<provinces::Model>, sea_orm::DbErr> {
    let ids: Vec<i32> = meeting_provinces::Entity::find()
        .filter(meeting_provinces::Column::MeetingId.eq(meeting_id))
        .order_by_asc(meeting_provinces::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.province_id)
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut by_id: BTreeMap<i32, provinces::Model> = provinces::Entity::find()
        .filter(provinces::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    Ok(ids.into_iter().filter_map(|i| by_id.remove(&i)).collect())
}

/// The stored meeting as the form shows it (also the audit trail's before/after).
pub async fn of_meeting<C: ConnectionTrait>(
    db: &C,
    m: &meetings::Model,
) -> Result<MeetingInput, sea_orm::DbErr> {
    let sessions = meeting_sessions::Entity::find()
        .filter(meeting_sessions::Column::MeetingId.eq(m.id))
        .order_by_asc(meeting_sessions::Column::Position)
        .all(db)
        .await?;
    let sites = remote_sites::Entity::find()
        .filter(remote_sites::Column::MeetingId.eq(m.id))
        .order_by_asc(remote_sites::Column::Id)
        .all(db)
        .await?;
    let insp = meeting_inspectors::Entity::find()
        .filter(meeting_inspectors::Column::MeetingId.eq(m.id))
        .order_by_asc(meeting_inspectors::Column::Position)
        .all(db)
        .await?;
    let ids: Vec<i32> = [
        m.chair_person_id,
        m.delegated_by_person_id,
        m.minute_taker_person_id,
        m.minute_checker_person_id,
    ]
    .into_iter()
    .flatten()
    .chain(insp.iter().map(|i| i.person_id))
    .collect();
    let names: BTreeMap<i32, String> = people::Entity::find()
        .filter(people::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.full_name))
        .collect();
    let name = |id: Option<i32>| id.and_then(|i| names.get(&i).cloned()).unwrap_or_default();
    let province = match m.host_province_id {
        Some(p) => provinces::Entity::find_by_id(p)
            .one(db)
            .await?
            .map(|p| p.code),
        None => None,
    };
    let joining = participant_provinces(db, m.id).await?;
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    Ok(MeetingInput {
        kind: m.kind.as_str().to_owned(),
        title: m.title.clone(),
        series_id: m.series_id.map(|i| i.to_string()).unwrap_or_default(),
        round_id: m.round_id.map(|i| i.to_string()).unwrap_or_default(),
        number: super::number_of(m).unwrap_or_default(),
        participant_province: joining
            .into_iter()
            .filter(|p| Some(p.id) != m.host_province_id)
            .map(|p| p.code)
            .collect(),
        host_province: province.unwrap_or_default(),
        host_org: s(&m.host_org_th),
        source_headline: s(&m.source_headline),
        source_url: s(&m.source_url),
        source_published_on: m
            .source_published_on
            .map(|d| ThaiDate(d).numeric(Digits::Arabic))
            .unwrap_or_default(),
        meeting_date: ThaiDate(m.meeting_date).numeric(Digits::Arabic),
        session_label: sessions.iter().map(|x| s(&x.label)).collect(),
        session_start: sessions
            .iter()
            .map(|x| time(x.starts_at, Digits::Arabic))
            .collect(),
        session_end: sessions
            .iter()
            .map(|x| {
                x.ends_at
                    .map(|t| time(t, Digits::Arabic))
                    .unwrap_or_default()
            })
            .collect(),
        venue_room: s(&m.venue_room),
        venue_floor: s(&m.venue_floor),
        venue_building: s(&m.venue_building),
        online_platform: s(&m.online_platform),
        online_link: s(&m.online_link),
        remote_site: sites.into_iter().map(|x| x.name).collect(),
        chair_name: name(m.chair_person_id),
        chair_title: s(&m.chair_title),
        delegated_by_name: name(m.delegated_by_person_id),
        delegated_by_title: s(&m.delegated_by_title),
        inspector_name: insp.iter().map(|x| name(Some(x.person_id))).collect(),
        inspector_title: insp.iter().map(|x| x.title_as_printed.clone()).collect(),
        minute_taker_name: name(m.minute_taker_person_id),
        minute_taker_title: s(&m.minute_taker_title),
        minute_checker_name: name(m.minute_checker_person_id),
        minute_checker_title: s(&m.minute_checker_title),
        participant_count: m
            .participant_count
            .map(|c| c.to_string())
            .unwrap_or_default(),
        status: m.status.as_str().to_owned(),
        cancelled_reason: s(&m.cancelled_reason),
        digit_style: m.digit_style.as_str().to_owned(),
        iso_dates: false,
        confirm_cancel: None,
    })
}
