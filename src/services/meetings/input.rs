//! A meeting as typed in the form ([`MeetingInput`], strings shaped like the HTML form; parsed
//! into a [`MeetingCommand`] by `command`) and the checks of a command that need the database
//! ([`validate`] into [`Valid`]: series, round and provinces existing, the caller's scope, a free
//! number, the status's life cycle), with Thai messages keyed by the form's field names.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

use super::super::{Ctx, scope};
use super::command::{MeetingCommand, UnnamedHost};
use crate::db::entities::{
    inspection_rounds, meeting_provinces, meeting_series, meetings, provinces,
};
use crate::domain::access::{Location, Scope};
use crate::domain::fields::FieldErrors;
use crate::domain::numbering::{MeetingNumber, next_number};
use crate::domain::status::MeetingStatus;
use crate::error::AppError;

/// A meeting as typed in the form. Rows (sessions, remote sites, inspectors) are parallel lists.
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
    /// The form's "ยืนยันการยกเลิก" box: cancelling a meeting from the form asks for it (web only;
    /// the API's explicit status change needs no box).
    #[serde(skip_serializing)]
    pub confirm_cancel: Option<String>,
}

/// A command checked against the database: the command itself and what the checks derived
/// from the database (the series found, the number given or assigned, the provinces' ids, the
/// zone, the status after the life cycle).
#[derive(Debug, Clone)]
pub struct Valid<'a> {
    /// The command as parsed (every other field is taken from it as is).
    pub command: &'a MeetingCommand,
    /// Series.
    pub series: Option<meeting_series::Model>,
    /// Number: the command's, or the series' next one on creation.
    pub number: Option<MeetingNumber>,
    /// Host province; `None` when a central department hosts.
    pub province_id: Option<i32>,
    /// Provinces taking part besides the host, in the order given.
    pub participants: Vec<i32>,
    /// The host province's zone today.
    pub zone_id: Option<i32>,
    /// Status.
    pub status: MeetingStatus,
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

/// Where a meeting is held and for whom: the host province (none for a central host), the
/// provinces joining, and the zone.
struct Place {
    province_id: Option<i32>,
    participants: Vec<i32>,
    zone_id: Option<i32>,
}

/// The host province: a provincial office's own (a central host or another province is
/// refused), the one named, or the stored one where an edit may keep it; `None` for a central
/// host (errors into `e`).
async fn host<C: ConnectionTrait>(
    db: &C,
    i: &MeetingCommand,
    before: Option<&meetings::Model>,
    own_province: Option<i32>,
    e: &mut FieldErrors,
) -> Result<Option<i32>, AppError> {
    let host_org = &i.host_org;
    let named = match &i.host_province {
        None => None,
        Some(code) => {
            let p = province_by_code(db, code).await?;
            if p.is_none() {
                e.add(
                    "host_province",
                    format!("ไม่พบจังหวัดรหัส {} (รหัสจังหวัดเช่น TH-33)", code.trim()),
                );
            }
            p
        }
    };
    Ok(match (own_province, named) {
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
        (None, None) => match (i.unnamed_host, before.and_then(|b| b.host_province_id)) {
            (UnnamedHost::KeepCurrent, Some(p)) => Some(p),
            _ => {
                e.add(
                    "host_province",
                    "กรุณาเลือกจังหวัดเจ้าภาพ หรือระบุหน่วยงานส่วนกลางที่เป็นเจ้าภาพ",
                );
                None
            }
        },
    })
}

/// The meeting's [`Place`], checked against the caller's scope (errors into `e`).
async fn place<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    i: &MeetingCommand,
    before: Option<&meetings::Model>,
    e: &mut FieldErrors,
) -> Result<Place, AppError> {
    let host_org = i.host_org.clone();
    // Host: a province (a provincial office's own; others choose within their zones) or a
    // central department with the provinces joining. A province outside the caller's scope is
    // refused, never replaced.
    let own_province = match &ctx.actor.scope {
        Scope::Province(p) if ctx.actor.role == crate::domain::status::Role::ProvincialOffice => {
            Some(*p)
        }
        _ => None,
    };
    let province_id = host(db, i, before, own_province, e).await?;
    let mut participants = Vec::new();
    for j in &i.participant_provinces {
        match province_by_code(db, &j.code).await? {
            Some(p) if Some(p) == province_id || participants.contains(&p) => {}
            Some(p) => participants.push(p),
            None => e.add(
                &format!("participant_province.{}", j.row),
                format!("ไม่พบจังหวัดรหัส {} (รหัสจังหวัดเช่น TH-33)", j.code.trim()),
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

    Ok(Place {
        province_id,
        participants,
        zone_id,
    })
}

/// Checks a command against the database and the caller's scope; `before` is the meeting
/// being edited. The command's own fields were parsed already (`command`).
pub async fn validate<'a, C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    i: &'a MeetingCommand,
    before: Option<&meetings::Model>,
) -> Result<Valid<'a>, AppError> {
    let mut e = FieldErrors::new();
    let Place {
        province_id,
        participants,
        zone_id,
    } = place(db, ctx, i, before, &mut e).await?;

    let series = match i.series_id {
        None => None,
        Some(id) => {
            let s = super::super::lookup::visible_series_one(db, ctx, id).await?;
            if s.is_none() {
                e.add("series_id", "ไม่พบชุดการประชุมนี้");
            }
            s
        }
    };
    // The round, when given, must be one the caller sees (stored as given: `command.round_id`).
    if let Some(id) = i.round_id
        && inspection_rounds::Entity::find_by_id(id)
            .filter(scope::rounds(&ctx.actor.scope))
            .one(db)
            .await?
            .is_none()
    {
        e.add("round_id", "ไม่พบรอบการตรวจนี้");
    }

    let mut number = i.number;
    if number.is_none()
        && before.is_none()
        && let Some(s) = &series
    {
        number = Some(series_next_number(db, s, i.meeting_date).await?);
    }
    if let (Some(s), Some(n)) = (&series, &number)
        && number_taken(db, s.id, *n, before.map(|b| b.id)).await?
    {
        e.add("number", "ครั้งที่นี้มีอยู่แล้วในชุดการประชุมนี้");
    }

    let current = before.map(|b| b.status);
    let status = match (i.status, current) {
        (None, c) => Some(c.unwrap_or(MeetingStatus::Planned)),
        (Some(s), Some(c)) if c != s => e.check("status", c.transition(s)),
        (Some(s), _) => Some(s),
    };
    match status {
        Some(status) if e.is_empty() => Ok(Valid {
            command: i,
            series,
            number,
            province_id,
            participants,
            zone_id,
            status,
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
    Ok(MeetingCommand::load(db, m).await?.to_form())
}
