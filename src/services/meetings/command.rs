//! A meeting as the service takes it, typed: dates, times, enums, numbers and rows, parsed
//! before the service sees them ("parse, don't validate"). It is built from the web form
//! ([`MeetingCommand::try_from`] a [`MeetingInput`]: Thai BE dates `19/04/2565`, times `09.00`)
//! or from the API's JSON (`api::meetings`: ISO dates, with the same [`Fields`] readers), and
//! from a stored meeting ([`MeetingCommand::load`]: what the API's PATCH changes field by field).
//! Errors are Thai messages keyed by the form's field names (`session_end.1` for row 2), the
//! same for both. What needs the database (series, round and provinces existing, the caller's
//! scope, a free number, the status's life cycle) is checked by the service
//! (`input::validate`).
//!
//! Longer than 500 lines on purpose: the command, its field readers shared by the form and the
//! API (one per kind of field, each with its Thai message), the form parser and the stored
//! meeting's reading are one type's construction; tests close the file.

use chrono::{NaiveDate, NaiveTime};
use sea_orm::{ConnectionTrait, EntityTrait};

use super::input::{MAX_PARTICIPANT_PROVINCES, MeetingInput, participant_provinces};
use crate::db::entities::{meetings, provinces};
use crate::db::repo::meeting_parts as parts;
use crate::domain::calendar::{Digits, ThaiDate, parse_date, parse_iso_date, parse_time, time};
use crate::domain::fields::{FieldErrors, optional_line, optional_text, required_line};
use crate::domain::numbering::MeetingNumber;
use crate::domain::rules::ensure_end_after_start;
use crate::domain::status::{MeetingKind, MeetingStatus};

/// One session: its label, start and (optional: "from 09.00") end, after the start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Label, e.g. `ช่วงเช้า`.
    pub label: Option<String>,
    /// Start.
    pub start: NaiveTime,
    /// End, after the start; `None` for a meeting with no stated end.
    pub end: Option<NaiveTime>,
}

/// A person as printed (chair, minute-taker…): a title alone is refused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonLine {
    /// Full name.
    pub name: Option<String>,
    /// Title as printed.
    pub title: Option<String>,
}

/// An inspector present: a name, and the title as printed (may be blank).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspector {
    /// Full name.
    pub name: String,
    /// Title as printed.
    pub title: String,
}

/// A province taking part, as given: its code and its row (the errors' field is
/// `participant_province.{row}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joining {
    /// Row in the list as sent (blank rows counted).
    pub row: usize,
    /// Province code, e.g. `TH-33`, trimmed.
    pub code: String,
}

/// What an edit that names neither a host province nor a central host means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnnamedHost {
    /// The host must be named: the form always shows (and sends) it, so a blank one is a
    /// mistake to point out.
    #[default]
    Required,
    /// The meeting keeps its host province (the API: a client may leave the host out, or
    /// send `null`, without moving the meeting). On creation the host is required anyway.
    KeepCurrent,
}

/// A meeting to create, or what an edit makes of it, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingCommand {
    /// Kind.
    pub kind: MeetingKind,
    /// Title (NFC, one line).
    pub title: String,
    /// Series, if any (checked against the caller's series by the service).
    pub series_id: Option<i32>,
    /// Round, if any (checked against the caller's scope by the service).
    pub round_id: Option<i32>,
    /// Number `n/BE-year`; `None` gives the series' next number on creation.
    pub number: Option<MeetingNumber>,
    /// Host province code; `None` when a central department hosts (`host_org`).
    pub host_province: Option<String>,
    /// A central host (a ministry or department in Bangkok).
    pub host_org: Option<String>,
    /// When neither `host_province` nor `host_org` is given.
    pub unnamed_host: UnnamedHost,
    /// Provinces taking part besides the host (blank rows left out).
    pub participant_provinces: Vec<Joining>,
    /// Source: a press release's headline.
    pub source_headline: Option<String>,
    /// Source URL (`http(s)://`).
    pub source_url: Option<String>,
    /// Source publication date.
    pub source_published_on: Option<NaiveDate>,
    /// Date.
    pub meeting_date: NaiveDate,
    /// Sessions, in order (blank rows left out).
    pub sessions: Vec<Session>,
    /// Room.
    pub venue_room: Option<String>,
    /// Floor.
    pub venue_floor: Option<String>,
    /// Building.
    pub venue_building: Option<String>,
    /// Online platform.
    pub online_platform: Option<String>,
    /// Online link (`http(s)://`).
    pub online_link: Option<String>,
    /// Remote sites (blank rows left out).
    pub remote_sites: Vec<String>,
    /// Chair.
    pub chair: PersonLine,
    /// Who delegated the chair.
    pub delegated_by: PersonLine,
    /// Minute-taker.
    pub minute_taker: PersonLine,
    /// Checker of the minutes.
    pub minute_checker: PersonLine,
    /// Inspectors present (blank rows left out).
    pub inspectors: Vec<Inspector>,
    /// Number of participants.
    pub participant_count: Option<i32>,
    /// Status; `None` keeps the meeting's (planned for a new one). A change follows the life
    /// cycle (checked by the service against the stored status).
    pub status: Option<MeetingStatus>,
    /// Reason, when cancelled; `None` keeps the stored one.
    pub cancelled_reason: Option<String>,
    /// Digits in printed documents.
    pub digits: Digits,
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn at(v: &[String], i: usize) -> &str {
    v.get(i).map_or("", String::as_str)
}

fn is_link(s: &str) -> bool {
    s.starts_with("https://") || s.starts_with("http://")
}

/// The readers of a meeting's fields, shared by the form and the API: each reads one field
/// (or row), records its Thai message under the form's field name and passes the value on.
#[derive(Debug, Default)]
pub struct Fields {
    errors: FieldErrors,
}

impl Fields {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The kind (required).
    pub fn kind(&mut self, s: &str) -> Option<MeetingKind> {
        if blank(s) {
            self.errors.add("kind", "กรุณาเลือกประเภทการประชุม");
            None
        } else {
            self.errors.check("kind", s.trim().parse::<MeetingKind>())
        }
    }

    /// The title (required).
    pub fn title(&mut self, s: &str) -> String {
        required_line(&mut self.errors, "title", "ชื่อการประชุม", s, 500)
    }

    /// A date typed the Thai way (`19/04/2565`; a CE year is questioned, not stored).
    pub fn be_date(&mut self, field: &str, s: &str) -> Option<NaiveDate> {
        self.errors.check(field, parse_date(s))
    }

    /// An ISO 8601 date (CE; a BE year such as `2565-08-31` is refused, naming the CE date).
    pub fn iso_date(&mut self, field: &str, s: &str) -> Option<NaiveDate> {
        if blank(s) {
            self.errors.add(field, "กรุณากรอกวันที่");
            return None;
        }
        self.errors.check(field, parse_iso_date(s))
    }

    /// The central host.
    pub fn host_org(&mut self, s: &str) -> Option<String> {
        optional_line(
            &mut self.errors,
            "host_org",
            "หน่วยงานส่วนกลางที่เป็นเจ้าภาพ",
            Some(s),
            300,
        )
    }

    /// The host province's code, if given.
    pub fn host_province(s: &str) -> Option<String> {
        (!blank(s)).then(|| s.trim().to_owned())
    }

    /// The provinces taking part: at most every province once (a longer list is refused).
    pub fn participants(&mut self, codes: &[String]) -> Vec<Joining> {
        if codes.len() > MAX_PARTICIPANT_PROVINCES {
            self.errors.add(
                "participant_province",
                format!("เลือกจังหวัดที่เข้าร่วมได้ไม่เกิน {MAX_PARTICIPANT_PROVINCES} จังหวัด"),
            );
        }
        codes
            .iter()
            .take(MAX_PARTICIPANT_PROVINCES)
            .enumerate()
            .filter(|(_, c)| !blank(c))
            .map(|(row, c)| Joining {
                row,
                code: c.trim().to_owned(),
            })
            .collect()
    }

    /// The source's headline.
    pub fn source_headline(&mut self, s: &str) -> Option<String> {
        optional_line(
            &mut self.errors,
            "source_headline",
            "หัวข้อข่าวต้นทาง",
            Some(s),
            500,
        )
    }

    /// The source's URL.
    pub fn source_url(&mut self, s: &str) -> Option<String> {
        let u = optional_line(&mut self.errors, "source_url", "ลิงก์ต้นทาง", Some(s), 1000);
        if let Some(u) = &u
            && !is_link(u)
        {
            self.errors.add("source_url", "ลิงก์ต้องขึ้นต้นด้วย https://");
        }
        u
    }

    /// A series or round id typed in the form (`message` when it is not a number).
    pub fn id(&mut self, field: &str, s: &str, message: &str) -> Option<i32> {
        if blank(s) {
            return None;
        }
        match s.trim().parse::<i32>() {
            Ok(id) => Some(id),
            Err(_) => {
                self.errors.add(field, message);
                None
            }
        }
    }

    /// The number `n/BE-year`, if given.
    pub fn number(&mut self, s: &str) -> Option<MeetingNumber> {
        if blank(s) {
            None
        } else {
            self.errors.check("number", s.parse::<MeetingNumber>())
        }
    }

    /// Session row `r` (`None` for a blank row or an error).
    pub fn session(&mut self, r: usize, label: &str, start: &str, end: &str) -> Option<Session> {
        if blank(label) && blank(start) && blank(end) {
            return None;
        }
        let label = optional_line(
            &mut self.errors,
            &format!("session_label.{r}"),
            "ช่วงเวลา",
            Some(label),
            100,
        );
        let start = self
            .errors
            .check(&format!("session_start.{r}"), parse_time(start));
        // A start without an end is a meeting "from 09.00": the end is optional.
        let end = if blank(end) {
            Some(None)
        } else {
            self.errors
                .check(&format!("session_end.{r}"), parse_time(end))
                .map(Some)
        };
        match (start, end) {
            (Some(a), Some(Some(b)))
                if self
                    .errors
                    .check(&format!("session_end.{r}"), ensure_end_after_start(a, b))
                    .is_some() =>
            {
                Some(Session {
                    label,
                    start: a,
                    end: Some(b),
                })
            }
            (Some(a), Some(None)) => Some(Session {
                label,
                start: a,
                end: None,
            }),
            _ => None,
        }
    }

    /// The room.
    pub fn venue_room(&mut self, s: &str) -> Option<String> {
        optional_line(&mut self.errors, "venue_room", "ห้องประชุม", Some(s), 200)
    }

    /// The floor.
    pub fn venue_floor(&mut self, s: &str) -> Option<String> {
        optional_line(&mut self.errors, "venue_floor", "ชั้น", Some(s), 50)
    }

    /// The building.
    pub fn venue_building(&mut self, s: &str) -> Option<String> {
        optional_line(&mut self.errors, "venue_building", "อาคาร", Some(s), 200)
    }

    /// The online platform.
    pub fn online_platform(&mut self, s: &str) -> Option<String> {
        optional_line(
            &mut self.errors,
            "online_platform",
            "ระบบประชุมออนไลน์",
            Some(s),
            100,
        )
    }

    /// The online link.
    pub fn online_link(&mut self, s: &str) -> Option<String> {
        let l = optional_line(&mut self.errors, "online_link", "ลิงก์", Some(s), 500);
        if let Some(l) = &l
            && !is_link(l)
        {
            self.errors.add("online_link", "ลิงก์ต้องขึ้นต้นด้วย https://");
        }
        l
    }

    /// The remote sites (blank rows left out).
    pub fn remote_sites(&mut self, rows: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        for (r, s) in rows.iter().enumerate() {
            if let Some(s) = optional_line(
                &mut self.errors,
                &format!("remote_site.{r}"),
                "ห้องประชุมเครือข่าย",
                Some(s),
                300,
            ) {
                out.push(s);
            }
        }
        out
    }

    /// A person (`field` is `chair`, `delegated_by`, `minute_taker` or `minute_checker`).
    pub fn person(&mut self, field: &str, name: &str, title: &str) -> PersonLine {
        let n = optional_line(
            &mut self.errors,
            &format!("{field}_name"),
            "ชื่อ",
            Some(name),
            200,
        );
        let t = optional_line(
            &mut self.errors,
            &format!("{field}_title"),
            "ตำแหน่ง",
            Some(title),
            300,
        );
        if n.is_none() && t.is_some() {
            self.errors.add(&format!("{field}_name"), "กรุณากรอกชื่อ");
        }
        PersonLine { name: n, title: t }
    }

    /// Inspector row `r` (`None` for a blank row or an error).
    pub fn inspector(&mut self, r: usize, name: &str, title: &str) -> Option<Inspector> {
        if blank(name) && blank(title) {
            return None;
        }
        let n = optional_line(
            &mut self.errors,
            &format!("inspector_name.{r}"),
            "ชื่อ",
            Some(name),
            200,
        );
        let t = optional_line(
            &mut self.errors,
            &format!("inspector_title.{r}"),
            "ตำแหน่ง",
            Some(title),
            300,
        );
        match n {
            Some(name) => Some(Inspector {
                name,
                title: t.unwrap_or_default(),
            }),
            None => {
                self.errors
                    .add(&format!("inspector_name.{r}"), "กรุณากรอกชื่อผู้ตรวจราชการ");
                None
            }
        }
    }

    /// The number of participants as typed (Thai digits read).
    pub fn participant_count(&mut self, s: &str) -> Option<i32> {
        if blank(s) {
            return None;
        }
        match crate::domain::calendar::to_arabic_digits(s.trim()).parse::<u16>() {
            Ok(n) => Some(i32::from(n)),
            Err(_) => {
                self.errors
                    .add("participant_count", "จำนวนผู้เข้าประชุมต้องเป็นจำนวนเต็มไม่ติดลบ");
                None
            }
        }
    }

    /// The number of participants as a number.
    pub fn participant_number(&mut self, n: Option<i32>) -> Option<i32> {
        let n = n?;
        match u16::try_from(n) {
            Ok(n) => Some(i32::from(n)),
            Err(_) => {
                self.errors
                    .add("participant_count", "จำนวนผู้เข้าประชุมต้องเป็นจำนวนเต็มไม่ติดลบ");
                None
            }
        }
    }

    /// The status, if given (`Err` recorded for an unknown one).
    pub fn status(&mut self, s: &str) -> Option<MeetingStatus> {
        if blank(s) {
            None
        } else {
            self.errors
                .check("status", s.trim().parse::<MeetingStatus>())
        }
    }

    /// The reason of a cancellation.
    pub fn cancelled_reason(&mut self, s: &str) -> Option<String> {
        optional_text(
            &mut self.errors,
            "cancelled_reason",
            "เหตุผลที่ยกเลิก",
            Some(s),
            2000,
        )
    }

    /// The digit style (blank: Arabic).
    pub fn digits(&mut self, s: &str) -> Digits {
        match s.trim() {
            "" => Digits::Arabic,
            s => s.parse::<Digits>().unwrap_or_else(|_| {
                self.errors
                    .add("digit_style", "รูปแบบตัวเลขต้องเป็นเลขอารบิกหรือเลขไทย");
                Digits::Arabic
            }),
        }
    }

    /// Whether every field read so far was valid.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The messages, keyed by field.
    pub fn into_errors(self) -> FieldErrors {
        self.errors
    }
}

impl TryFrom<&MeetingInput> for MeetingCommand {
    type Error = FieldErrors;

    /// The web form: dates typed the Thai way, rows as parallel lists.
    fn try_from(i: &MeetingInput) -> Result<Self, FieldErrors> {
        let mut f = Fields::new();
        let kind = f.kind(&i.kind);
        let title = f.title(&i.title);
        let meeting_date = f.be_date("meeting_date", &i.meeting_date);
        let host_org = f.host_org(&i.host_org);
        let participant_provinces = f.participants(&i.participant_province);
        let source_headline = f.source_headline(&i.source_headline);
        let source_url = f.source_url(&i.source_url);
        let source_published_on = if blank(&i.source_published_on) {
            None
        } else {
            f.be_date("source_published_on", &i.source_published_on)
        };
        let series_id = f.id("series_id", &i.series_id, "ไม่พบชุดการประชุมนี้");
        let round_id = f.id("round_id", &i.round_id, "ไม่พบรอบการตรวจนี้");
        let number = f.number(&i.number);
        let rows = i
            .session_label
            .len()
            .max(i.session_start.len())
            .max(i.session_end.len());
        let sessions = (0..rows)
            .filter_map(|r| {
                f.session(
                    r,
                    at(&i.session_label, r),
                    at(&i.session_start, r),
                    at(&i.session_end, r),
                )
            })
            .collect();
        let venue_room = f.venue_room(&i.venue_room);
        let venue_floor = f.venue_floor(&i.venue_floor);
        let venue_building = f.venue_building(&i.venue_building);
        let online_platform = f.online_platform(&i.online_platform);
        let online_link = f.online_link(&i.online_link);
        let remote_sites = f.remote_sites(&i.remote_site);
        let chair = f.person("chair", &i.chair_name, &i.chair_title);
        let delegated_by = f.person("delegated_by", &i.delegated_by_name, &i.delegated_by_title);
        let minute_taker = f.person("minute_taker", &i.minute_taker_name, &i.minute_taker_title);
        let minute_checker = f.person(
            "minute_checker",
            &i.minute_checker_name,
            &i.minute_checker_title,
        );
        let inspectors = (0..i.inspector_name.len().max(i.inspector_title.len()))
            .filter_map(|r| f.inspector(r, at(&i.inspector_name, r), at(&i.inspector_title, r)))
            .collect();
        let participant_count = f.participant_count(&i.participant_count);
        let status = f.status(&i.status);
        let cancelled_reason = f.cancelled_reason(&i.cancelled_reason);
        let digits = f.digits(&i.digit_style);
        match (kind, meeting_date) {
            (Some(kind), Some(meeting_date)) if f.is_empty() => Ok(Self {
                kind,
                title,
                series_id,
                round_id,
                number,
                host_province: Fields::host_province(&i.host_province),
                host_org,
                unnamed_host: UnnamedHost::Required,
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

impl MeetingCommand {
    /// The stored meeting as a command that would store it unchanged (status and reason
    /// included).
    pub async fn load<C: ConnectionTrait>(
        db: &C,
        m: &meetings::Model,
    ) -> Result<Self, sea_orm::DbErr> {
        let sessions = parts::sessions(db, m.id).await?;
        let sites = parts::remote_sites(db, m.id).await?;
        let insp = parts::inspectors(db, m.id).await?;
        let names = parts::person_names(db, m, &insp).await?;
        let name = |id: Option<i32>| id.and_then(|i| names.get(&i).cloned());
        let host_province = match m.host_province_id {
            Some(p) => provinces::Entity::find_by_id(p)
                .one(db)
                .await?
                .map(|p| p.code),
            None => None,
        };
        let joining = participant_provinces(db, m.id).await?;
        let person = |id: Option<i32>, title: &Option<String>| PersonLine {
            name: name(id),
            title: title.clone(),
        };
        Ok(Self {
            kind: m.kind,
            title: m.title.clone(),
            series_id: m.series_id,
            round_id: m.round_id,
            number: match (m.number, m.number_year) {
                (Some(n), Some(be_year)) => {
                    u32::try_from(n).ok().map(|n| MeetingNumber { n, be_year })
                }
                _ => None,
            },
            host_province,
            host_org: m.host_org_th.clone(),
            unnamed_host: UnnamedHost::Required,
            participant_provinces: joining
                .into_iter()
                .filter(|p| Some(p.id) != m.host_province_id)
                .enumerate()
                .map(|(row, p)| Joining { row, code: p.code })
                .collect(),
            source_headline: m.source_headline.clone(),
            source_url: m.source_url.clone(),
            source_published_on: m.source_published_on,
            meeting_date: m.meeting_date,
            sessions: sessions
                .into_iter()
                .map(|s| Session {
                    label: s.label,
                    start: s.starts_at,
                    end: s.ends_at,
                })
                .collect(),
            venue_room: m.venue_room.clone(),
            venue_floor: m.venue_floor.clone(),
            venue_building: m.venue_building.clone(),
            online_platform: m.online_platform.clone(),
            online_link: m.online_link.clone(),
            remote_sites: sites.into_iter().map(|s| s.name).collect(),
            chair: person(m.chair_person_id, &m.chair_title),
            delegated_by: person(m.delegated_by_person_id, &m.delegated_by_title),
            minute_taker: person(m.minute_taker_person_id, &m.minute_taker_title),
            minute_checker: person(m.minute_checker_person_id, &m.minute_checker_title),
            inspectors: insp
                .into_iter()
                .map(|i| Inspector {
                    name: name(Some(i.person_id)).unwrap_or_default(),
                    title: i.title_as_printed,
                })
                .collect(),
            participant_count: m.participant_count,
            status: Some(m.status),
            cancelled_reason: m.cancelled_reason.clone(),
            digits: m.digit_style,
        })
    }

    /// The command as the form shows it (Thai BE dates, `09.00`, Arabic digits).
    pub fn to_form(&self) -> MeetingInput {
        let s = |o: &Option<String>| o.clone().unwrap_or_default();
        let person = |p: &PersonLine| (s(&p.name), s(&p.title));
        let (chair_name, chair_title) = person(&self.chair);
        let (delegated_by_name, delegated_by_title) = person(&self.delegated_by);
        let (minute_taker_name, minute_taker_title) = person(&self.minute_taker);
        let (minute_checker_name, minute_checker_title) = person(&self.minute_checker);
        MeetingInput {
            kind: self.kind.as_str().to_owned(),
            title: self.title.clone(),
            series_id: self.series_id.map(|i| i.to_string()).unwrap_or_default(),
            round_id: self.round_id.map(|i| i.to_string()).unwrap_or_default(),
            number: self.number.map(|n| n.to_string()).unwrap_or_default(),
            host_province: s(&self.host_province),
            host_org: s(&self.host_org),
            participant_province: self
                .participant_provinces
                .iter()
                .map(|j| j.code.clone())
                .collect(),
            source_headline: s(&self.source_headline),
            source_url: s(&self.source_url),
            source_published_on: self
                .source_published_on
                .map(|d| ThaiDate(d).numeric(Digits::Arabic))
                .unwrap_or_default(),
            meeting_date: ThaiDate(self.meeting_date).numeric(Digits::Arabic),
            session_label: self.sessions.iter().map(|x| s(&x.label)).collect(),
            session_start: self
                .sessions
                .iter()
                .map(|x| time(x.start, Digits::Arabic))
                .collect(),
            session_end: self
                .sessions
                .iter()
                .map(|x| x.end.map(|t| time(t, Digits::Arabic)).unwrap_or_default())
                .collect(),
            venue_room: s(&self.venue_room),
            venue_floor: s(&self.venue_floor),
            venue_building: s(&self.venue_building),
            online_platform: s(&self.online_platform),
            online_link: s(&self.online_link),
            remote_site: self.remote_sites.clone(),
            chair_name,
            chair_title,
            delegated_by_name,
            delegated_by_title,
            inspector_name: self.inspectors.iter().map(|x| x.name.clone()).collect(),
            inspector_title: self.inspectors.iter().map(|x| x.title.clone()).collect(),
            minute_taker_name,
            minute_taker_title,
            minute_checker_name,
            minute_checker_title,
            participant_count: self
                .participant_count
                .map(|c| c.to_string())
                .unwrap_or_default(),
            status: self
                .status
                .map(|x| x.as_str().to_owned())
                .unwrap_or_default(),
            cancelled_reason: s(&self.cancelled_reason),
            digit_style: self.digits.as_str().to_owned(),
            confirm_cancel: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> MeetingInput {
        MeetingInput {
            kind: "working_group".to_owned(),
            title: "ประชุมคณะทำงาน".to_owned(),
            host_province: " TH-33 ".to_owned(),
            participant_province: vec!["TH-34".to_owned(), String::new(), "TH-35".to_owned()],
            meeting_date: "19/04/2565".to_owned(),
            session_label: vec!["ช่วงเช้า".to_owned(), String::new(), String::new()],
            session_start: vec!["09.00".to_owned(), String::new(), "13.30".to_owned()],
            session_end: vec!["12.00".to_owned(), String::new(), String::new()],
            chair_name: "นายทดสอบ ประธาน".to_owned(),
            inspector_name: vec![String::new(), "นายผู้ตรวจ".to_owned()],
            inspector_title: vec![String::new(), String::new()],
            participant_count: "๔๐".to_owned(),
            number: "4/2565".to_owned(),
            ..MeetingInput::default()
        }
    }

    #[test]
    fn the_form_is_parsed_into_types_with_its_rows() {
        let c = MeetingCommand::try_from(&form()).unwrap();
        assert_eq!(c.kind, MeetingKind::WorkingGroup);
        assert_eq!(
            c.meeting_date,
            NaiveDate::from_ymd_opt(2022, 4, 19).unwrap()
        );
        assert_eq!(c.host_province.as_deref(), Some("TH-33"));
        assert_eq!(c.unnamed_host, UnnamedHost::Required);
        let rows: Vec<(usize, &str)> = c
            .participant_provinces
            .iter()
            .map(|j| (j.row, j.code.as_str()))
            .collect();
        assert_eq!(
            rows,
            [(0, "TH-34"), (2, "TH-35")],
            "blank rows keep the numbering"
        );
        assert_eq!(c.sessions.len(), 2);
        assert_eq!(c.sessions[0].end, NaiveTime::from_hms_opt(12, 0, 0));
        assert_eq!(c.sessions[1].end, None, "a start alone: from 13.30");
        assert_eq!(c.inspectors.len(), 1);
        assert_eq!(c.participant_count, Some(40));
        assert_eq!(c.number.map(|n| n.to_string()).as_deref(), Some("4/2565"));
        assert_eq!(c.status, None, "blank: the meeting's own");
        assert_eq!(c.digits, Digits::Arabic);
    }

    #[test]
    fn errors_are_keyed_by_the_form_fields() {
        let mut f = form();
        f.meeting_date = "2565-04-19".to_owned();
        f.session_end[0] = "08.00".to_owned();
        f.chair_name = String::new();
        f.chair_title = "ผู้ว่าราชการจังหวัด".to_owned();
        f.inspector_name[1] = String::new();
        f.inspector_title[1] = "ผู้ตรวจราชการ".to_owned();
        f.status = "no_such_status".to_owned();
        let e = MeetingCommand::try_from(&f).unwrap_err();
        for field in [
            "meeting_date",
            "session_end.0",
            "chair_name",
            "inspector_name.1",
            "status",
        ] {
            assert!(e.get(field).is_some(), "{field}: {e}");
        }
        assert_eq!(e.get("session_end.0"), Some("เวลาสิ้นสุดต้องอยู่หลังเวลาเริ่ม"));
        assert_eq!(e.get("chair_name"), Some("กรุณากรอกชื่อ"));
    }

    #[test]
    fn the_form_of_a_command_parses_back_to_it() {
        let c = MeetingCommand::try_from(&form()).unwrap();
        let back = MeetingCommand::try_from(&c.to_form()).unwrap();
        // The form shows the joining provinces without the blank row.
        let participant_provinces = vec![
            Joining {
                row: 0,
                code: "TH-34".to_owned(),
            },
            Joining {
                row: 1,
                code: "TH-35".to_owned(),
            },
        ];
        assert_eq!(
            back,
            MeetingCommand {
                participant_provinces,
                ..c
            }
        );
    }
}
