//! The feeds as RFC 5545 text: events of meetings (timed in Asia/Bangkok, or all-day without a
//! start time) and of actions' due dates (all-day), and the calendar around them (VERSION,
//! PRODID, X-WR-CALNAME, Bangkok's VTIMEZONE). icalendar writes CRLF and folds long lines.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, EventStatus, Property};

use crate::db::entities::{actions, meetings};
use crate::domain::status::MeetingStatus;
use crate::domain::text::normalize_single_line;
use crate::mail::MailConfig;
use crate::mail::assigned::place_of;
use crate::mail::invitation::{TZID, VTIMEZONE, uid, uid_host};

/// What a meeting's event tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// A user's own feed: status, online link, why it was cancelled, a link to the meeting.
    Full,
    /// A province's public feed: title, date and time, place; nothing internal.
    Public,
}

/// SEQUENCE from the last change: seconds from creation to the last update, so that every
/// saved change counts higher (RFC 5545 asks only that it grows).
fn sequence(created: DateTime<Utc>, updated: DateTime<Utc>) -> u32 {
    u32::try_from((updated - created).num_seconds().max(0)).unwrap_or(u32::MAX)
}

fn all_day(ev: &mut Event, day: NaiveDate) {
    // DTEND of a date is exclusive (RFC 5545 §3.6.1): the next day.
    ev.starts(day).ends(day + Duration::days(1));
}

/// A meeting's event, with the UID of its invitations (`invitation::uid`) so that calendar
/// apps take both for one meeting.
pub fn meeting(cfg: &MailConfig, m: &meetings::Model, detail: Detail, now: DateTime<Utc>) -> Event {
    let mut ev = Event::new();
    let cancelled = m.status == MeetingStatus::Cancelled;
    let title = normalize_single_line(&m.title);
    ev.uid(&uid(cfg, m.id))
        .timestamp(now)
        .sequence(sequence(m.created_at, m.updated_at))
        .last_modified(m.updated_at)
        .summary(&if cancelled {
            format!("ยกเลิก: {title}")
        } else {
            title
        })
        .status(match m.status {
            MeetingStatus::Cancelled => EventStatus::Cancelled,
            MeetingStatus::Planned => EventStatus::Tentative,
            _ => EventStatus::Confirmed,
        });
    match m.start_time {
        Some(start) => {
            let at = |t: NaiveDateTime| CalendarDateTime::WithTimezone {
                date_time: t,
                tzid: TZID.to_owned(),
            };
            let start = m.meeting_date.and_time(start);
            // A start without an end (or an end not after it) lasts three hours, as in the
            // invitations' `.ics`: most calendar apps show a DTSTART-only event as a point.
            let end = match m.end_time {
                Some(t) if t > start.time() => m.meeting_date.and_time(t),
                _ => start + Duration::hours(3),
            };
            ev.starts(at(start)).ends(at(end));
        }
        None => all_day(&mut ev, m.meeting_date),
    }
    if let Some(place) = place_of(m) {
        ev.location(&normalize_single_line(&place));
    }
    if detail == Detail::Full {
        let mut lines = vec![format!("สถานะ: {}", m.status.label_th())];
        if let Some(link) = m
            .online_link
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            lines.push(format!("ประชุมออนไลน์: {link}"));
        }
        if cancelled
            && let Some(r) = m
                .cancelled_reason
                .as_deref()
                .filter(|s| !s.trim().is_empty())
        {
            lines.push(format!("เหตุที่ยกเลิก: {}", normalize_single_line(r)));
        }
        ev.description(&lines.join("\n"))
            .url(&format!("{}/meetings/{}", cfg.base_url, m.id));
    }
    ev.done()
}

/// An action's due date: an all-day event that does not block the day (TRANSP:TRANSPARENT).
pub fn action_due(
    cfg: &MailConfig,
    a: &actions::Model,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Event {
    let mut ev = Event::new();
    ev.uid(&format!("action-{}@{}", a.id, uid_host(cfg)))
        .timestamp(now)
        .sequence(sequence(a.created_at, a.updated_at))
        .last_modified(a.updated_at)
        .summary(&format!("ครบกำหนด: {}", normalize_single_line(&a.title)))
        .description(&format!(
            "สถานะ: {} · ความคืบหน้า {}%",
            a.status.label_th(),
            a.progress
        ))
        .url(&format!("{}/actions/{}", cfg.base_url, a.id))
        .add_property("TRANSP", "TRANSPARENT");
    all_day(&mut ev, day);
    ev.done()
}

/// A calendar name as a property value: one line (icalendar escapes TEXT values, `X-`
/// properties included, itself).
fn text_value(s: &str) -> String {
    normalize_single_line(s)
}

/// The whole feed: the calendar named `name` (Thai) with `events`, Bangkok's VTIMEZONE first.
pub fn feed(name: &str, events: Vec<Event>) -> String {
    let mut cal = Calendar::empty();
    for (k, v) in [
        ("VERSION", "2.0".to_owned()),
        ("PRODID", "-//Prachum//ปฏิทินการประชุม//TH".to_owned()),
        ("CALSCALE", "GREGORIAN".to_owned()),
        ("METHOD", "PUBLISH".to_owned()),
        ("X-WR-CALNAME", text_value(name)),
        ("X-WR-TIMEZONE", TZID.to_owned()),
        ("X-PUBLISHED-TTL", "PT1H".to_owned()),
    ] {
        cal.append_property(Property::new(k, v));
    }
    // How often to poll, a hint (RFC 7986; most apps take hours whatever it says).
    let mut refresh = Property::new("REFRESH-INTERVAL", "PT1H");
    refresh.add_parameter("VALUE", "DURATION");
    cal.append_property(refresh);
    cal.extend(events);
    let text = cal.done().to_string();
    // icalendar writes no VTIMEZONE: Bangkok's goes before the first event (or the end).
    let at = text
        .find("BEGIN:VEVENT")
        .or_else(|| text.rfind("END:VCALENDAR"))
        .unwrap_or(text.len());
    format!("{}{VTIMEZONE}{}", &text[..at], &text[at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_lines_are_crlf_folded_and_carry_the_timezone() {
        let mut ev = Event::new();
        ev.uid("x@y")
            .summary(&"ประชุมคณะกรรมการติดตามข้อสั่งการของผู้ตรวจราชการกระทรวงมหาดไทย ".repeat(3));
        all_day(
            &mut ev,
            NaiveDate::from_ymd_opt(2027, 1, 5).unwrap_or_default(),
        );
        let text = feed("ปฏิทิน, ทดสอบ", vec![ev.done()]);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(text.contains("X-WR-CALNAME:ปฏิทิน\\, ทดสอบ\r\n"));
        assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Bangkok\r\n"));
        assert!(text.find("BEGIN:VTIMEZONE") < text.find("BEGIN:VEVENT"));
        assert!(text.contains("DTSTART;VALUE=DATE:20270105\r\n"));
        assert!(text.contains("DTEND;VALUE=DATE:20270106\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
            assert!(!line.contains('\n'));
        }
        let empty = feed("ว่าง", Vec::new());
        assert!(empty.contains("END:VTIMEZONE\r\nEND:VCALENDAR\r\n"));
    }
}
