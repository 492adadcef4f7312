//! The three attendance lists of the minutes: those present (the chair first, named once),
//! those absent, and the other participants (the inspectors among them, each listed once).

use super::super::meeting_page::{MeetingDetail, Named};
use crate::db::entities::attendances;
use crate::documents::minutes::Row;
use crate::domain::calendar::{Digits, apply_digits};
use crate::domain::minutes::{AttendanceLine, Part, print_attendee};

/// A printed line: name, position, remark.
type Line = (String, String, String);

/// Present, absent and participants, numbered with the document's digits: attendance as
/// recorded, then the chair marked (or added) first among those present and the inspectors
/// among the participants, each listed once.
pub fn lists(
    attendance: &[attendances::Model],
    detail: &MeetingDetail,
    digits: Digits,
) -> [Vec<Row>; 3] {
    let d = |s: &str| apply_digits(s, digits);
    let mut present: Vec<Line> = Vec::new();
    let mut absent = Vec::new();
    let mut participants: Vec<Line> = Vec::new();
    for a in attendance {
        let line = AttendanceLine {
            is_member: a.is_member,
            status: Some(a.status),
            name: a.name_as_printed.as_deref().unwrap_or_default(),
            title: a.title_as_printed.as_deref().unwrap_or_default(),
            rep_name: a.represented_by_name.as_deref().unwrap_or_default(),
            rep_title: a.represented_by_title.as_deref().unwrap_or_default(),
            reason: a.absence_reason.as_deref().unwrap_or_default(),
            sent_report: a.report_sent_as_document,
        };
        let Some(mut p) = print_attendee(&line) else {
            continue;
        };
        // A group row ("นายอำเภอทุกอำเภอ") prints its label as the position, with its count.
        if a.is_group
            && let Some(n) = a.group_count
        {
            p.position = format!("{} จำนวน {} คน", p.position, d(&n.to_string()));
        }
        match p.part {
            Part::Present => present.push((p.name, p.position, p.remark)),
            Part::Absent => absent.push((p.name, p.position, p.remark)),
            Part::Participant => participants.push((p.name, p.position, p.remark)),
        }
    }
    chair_first(detail, &mut present, &mut participants);
    for (k, i) in detail.inspectors.iter().enumerate() {
        let listed = |l: &[Line]| l.iter().any(|(n, _, _)| same_person(n, &i.name));
        if !listed(&participants) && !listed(&present) {
            participants.insert(
                k.min(participants.len()),
                (
                    i.name.clone(),
                    i.title.clone().unwrap_or_default(),
                    String::new(),
                ),
            );
        }
    }
    let rows = |v: Vec<Line>| -> Vec<Row> {
        v.into_iter()
            .enumerate()
            .map(|(i, (name, position, remark))| Row {
                no: d(&(i + 1).to_string()),
                name,
                position,
                remark,
            })
            .collect()
    };
    [rows(present), rows(absent), rows(participants)]
}

/// The chair is listed once, first among those present: found by name, or as the unnamed row
/// of their position (which then gets the name); a chair also recorded among the participants
/// leaves them.
fn chair_first(detail: &MeetingDetail, present: &mut Vec<Line>, participants: &mut Vec<Line>) {
    let Some(c) = &detail.chair else {
        return;
    };
    let role = match &detail.delegated_by {
        Some(Named { title: Some(t), .. }) => format!("ประธานในที่ประชุม (แทน{t})"),
        _ => "ประธานในที่ประชุม".to_owned(),
    };
    let by_name = present.iter().position(|(n, _, _)| same_person(n, &c.name));
    let by_title = || {
        let t = c.title.as_deref().map(str::trim).unwrap_or_default();
        present
            .iter()
            .position(|(n, p, _)| n.trim().is_empty() && !t.is_empty() && p.trim() == t)
    };
    participants.retain(|(n, _, _)| !same_person(n, &c.name));
    let row = match by_name.or_else(by_title) {
        Some(k) => {
            let mut row = present.remove(k);
            if row.0.trim().is_empty() {
                row.0.clone_from(&c.name);
            }
            // A row already printed "… แทน …" says on whose behalf.
            row.2 = if row.1.contains(" แทน ") {
                "ประธานในที่ประชุม".to_owned()
            } else {
                role
            };
            row
        }
        None => (c.name.clone(), c.title.clone().unwrap_or_default(), role),
    };
    present.insert(0, row);
}

/// Whether two printed names are the same person (one may carry an honorific the other lacks).
fn same_person(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    !a.is_empty() && !b.is_empty() && (a.contains(b) || b.contains(a))
}
