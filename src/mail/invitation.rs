//! Meeting invitations with an `.ics` (icalendar; local times with TZID Asia/Bangkok and its
//! VTIMEZONE), and updates (same UID, higher SEQUENCE) and cancellations (`METHOD:CANCEL`) when
//! the meeting changes. One email per invited office (its current head, the contact in Cc),
//! queued in the transaction that invites, changes or cancels the meeting.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDateTime, NaiveTime, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, EventStatus, Property};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde::Serialize;

use super::MailError;
use super::outbox::{self, Attachment, NewMail};
use super::{MailConfig, assigned, kind, render};
use crate::db::entities::{attendances, meetings, outbox_messages};
use crate::domain::calendar::{Digits, ThaiDate};
use crate::domain::status::MeetingStatus;

/// What happened to the meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Invited (first time).
    Invite,
    /// Date, time or place changed after the invitation.
    Update,
    /// Cancelled after the invitation.
    Cancel,
}

impl Change {
    fn kind(self) -> &'static str {
        match self {
            Self::Invite => kind::MEETING_INVITATION,
            Self::Update => kind::MEETING_UPDATED,
            Self::Cancel => kind::MEETING_CANCELLED,
        }
    }

    fn method(self) -> &'static str {
        match self {
            Self::Cancel => "CANCEL",
            _ => "REQUEST",
        }
    }
}

/// Bangkok's VTIMEZONE (UTC+07:00 all year, no daylight saving time); the calendar feeds
/// carry it too.
pub const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Asia/Bangkok\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0700\r\nTZOFFSETTO:+0700\r\nTZNAME:+07\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// The TZID of every time in the `.ics`.
pub const TZID: &str = "Asia/Bangkok";

/// The host part of every UID: the public base URL's host.
pub fn uid_host(cfg: &MailConfig) -> &str {
    cfg.base_url
        .split("://")
        .nth(1)
        .unwrap_or("prachum.localhost")
        .split(['/', ':'])
        .next()
        .unwrap_or("prachum.localhost")
}

/// The UID of a meeting's event (stable across updates; the calendar feeds use it too).
pub fn uid(cfg: &MailConfig, meeting_id: i32) -> String {
    format!("meeting-{meeting_id}@{}", uid_host(cfg))
}

fn local(m: &meetings::Model, t: Option<NaiveTime>, fallback: NaiveTime) -> NaiveDateTime {
    m.meeting_date.and_time(t.unwrap_or(fallback))
}

/// The `.ics` of a meeting for one attendee.
#[allow(clippy::too_many_arguments)]
pub fn ics(
    cfg: &MailConfig,
    m: &meetings::Model,
    change: Change,
    sequence: u32,
    organizer: &str,
    attendee: &str,
    attendee_name: Option<&str>,
    now: DateTime<Utc>,
) -> String {
    let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default();
    let start = local(m, m.start_time, nine);
    let end = match m.end_time {
        Some(t) if t > start.time() => local(m, Some(t), nine),
        _ => start + chrono::Duration::hours(3),
    };
    let at = |dt: NaiveDateTime| CalendarDateTime::WithTimezone {
        date_time: dt,
        tzid: TZID.to_owned(),
    };
    let mut ev = Event::new();
    ev.uid(&uid(cfg, m.id))
        .sequence(sequence)
        .timestamp(now)
        .summary(&m.title)
        .starts(at(start))
        .ends(at(end))
        .status(if change == Change::Cancel {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    if let Some(p) = assigned::place_of(m) {
        ev.location(&p);
    }
    if let Some(link) = m.online_link.as_deref().filter(|s| !s.trim().is_empty()) {
        ev.description(&format!("ประชุมออนไลน์: {link}"));
        ev.add_property("URL", link.trim());
    }
    let organizer_addr = organizer
        .rsplit_once('<')
        .map_or(organizer, |(_, a)| a.trim_end_matches('>'))
        .trim();
    ev.append_property(Property::new(
        "ORGANIZER",
        format!("mailto:{organizer_addr}"),
    ));
    let mut att = Property::new("ATTENDEE", format!("mailto:{attendee}"));
    att.add_parameter("ROLE", "REQ-PARTICIPANT")
        .add_parameter("PARTSTAT", "NEEDS-ACTION")
        .add_parameter("RSVP", "FALSE");
    if let Some(n) = attendee_name {
        att.add_parameter("CN", n);
    }
    ev.append_multi_property(att);
    let mut cal = Calendar::new();
    cal.append_property(Property::new("METHOD", change.method()));
    cal.push(ev.done());
    let text = cal.done().to_string();
    // icalendar writes no VTIMEZONE: add Bangkok's before the event, as TZID requires.
    match text.find("BEGIN:VEVENT") {
        Some(i) => format!("{}{VTIMEZONE}{}", &text[..i], &text[i..]),
        None => text,
    }
}

#[derive(Serialize)]
struct View {
    greeting: String,
    office: String,
    change: &'static str,
    meeting_title: String,
    meeting_date_th: String,
    meeting_time_th: Option<String>,
    place: Option<String>,
    online_link: Option<String>,
    reason: Option<String>,
}

/// Queues the invitation, update or cancellation of a meeting to each invited office.
pub async fn enqueue_for_meeting(
    db: &impl ConnectionTrait,
    cfg: &MailConfig,
    m: &meetings::Model,
    change: Change,
    now: DateTime<Utc>,
) -> Result<usize, MailError> {
    let offices: BTreeSet<i32> = attendances::Entity::find()
        .filter(attendances::Column::MeetingId.eq(m.id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|a| a.office_id)
        .collect();
    if offices.is_empty() {
        return Ok(0);
    }
    let today = now.with_timezone(&crate::state::bangkok()).date_naive();
    let who = assigned::recipients(db, &offices.into_iter().collect::<Vec<_>>(), today).await?;
    // SEQUENCE: how many invitation emails of this meeting went before (per office).
    let mut n = 0;
    for (office_id, (office, to)) in who {
        let earlier = outbox_messages::Entity::find()
            .filter(outbox_messages::Column::MeetingId.eq(m.id))
            .filter(outbox_messages::Column::OfficeId.eq(office_id))
            .filter(outbox_messages::Column::Kind.is_in([
                kind::MEETING_INVITATION,
                kind::MEETING_UPDATED,
                kind::MEETING_CANCELLED,
            ]))
            .count(db)
            .await?;
        if change != Change::Invite && earlier == 0 {
            // Never invited: nothing to update or cancel.
            continue;
        }
        let view = View {
            greeting: to.greeting.clone(),
            office: office.name_th.clone(),
            change: match change {
                Change::Invite => "invite",
                Change::Update => "update",
                Change::Cancel => "cancel",
            },
            meeting_title: m.title.clone(),
            meeting_date_th: ThaiDate(m.meeting_date).long(Digits::Arabic),
            meeting_time_th: assigned::time_of(m),
            place: assigned::place_of(m),
            online_link: m.online_link.clone(),
            reason: m.cancelled_reason.clone(),
        };
        let rendered = render::render(&cfg.templates, change.kind(), &view)?;
        let sequence = u32::try_from(earlier).unwrap_or(0);
        let body = ics(
            cfg,
            m,
            change,
            sequence,
            &cfg.from,
            &to.email,
            to.name.as_deref(),
            now,
        );
        let mut mail = NewMail::new(change.kind(), &to.email, rendered, now);
        mail.dedupe_key = Some(format!(
            "{}:m{}:o{office_id}:s{sequence}",
            change.kind(),
            m.id
        ));
        mail.to_name = to.name.clone();
        mail.cc = to.cc.clone();
        mail.meeting_id = Some(m.id);
        mail.office_id = Some(office_id);
        mail.attachments = vec![Attachment::inline(
            if change == Change::Cancel {
                "cancel.ics"
            } else {
                "invite.ics"
            },
            &format!("text/calendar; charset=utf-8; method={}", change.method()),
            body.as_bytes(),
        )];
        mail.data = serde_json::json!({"sequence": sequence, "uid": uid(cfg, m.id)});
        outbox::enqueue(db, mail).await?;
        n += 1;
    }
    Ok(n)
}

/// What a meeting edit means for its invitees: `None` when nothing they were told changed.
pub fn change_between(before: &meetings::Model, after: &meetings::Model) -> Option<Change> {
    let invited = MeetingStatus::Invited;
    let was_invited = before.status == invited;
    let now = after.status;
    match now {
        s if s == invited && !was_invited => Some(Change::Invite),
        s if s == MeetingStatus::Cancelled && was_invited => Some(Change::Cancel),
        s if s == invited
            && (
                before.meeting_date,
                before.start_time,
                before.end_time,
                &before.venue_room,
                &before.venue_floor,
                &before.venue_building,
                &before.online_platform,
                &before.online_link,
            ) != (
                after.meeting_date,
                after.start_time,
                after.end_time,
                &after.venue_room,
                &after.venue_floor,
                &after.venue_building,
                &after.online_platform,
                &after.online_link,
            ) =>
        {
            Some(Change::Update)
        }
        _ => None,
    }
}
