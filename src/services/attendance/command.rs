//! The attendance sheet as the service takes it, typed ([`AttendanceCommand`]): each recorded
//! row with its status as an [`AttendanceStatus`], NFC lines, a group with its optional count.
//! It is built from the rows as sent ([`RowInput`], the form's and the API's) by
//! [`AttendanceCommand::try_from`]; errors are keyed `status.N`, `name.N`, `rep_name.N`… by the
//! row's index in the sheet as sent. Whether an office exists (and is listed once) needs the
//! database and is checked by the service.

use super::{MAX_GROUP_COUNT, RowInput};
use crate::domain::fields::{FieldErrors, optional_line, optional_text};
use crate::domain::status::AttendanceStatus;

/// A recorded row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Index in the sheet as sent (the errors' `.N`).
    pub index: usize,
    /// Office (office rows; checked by the service).
    pub office_id: Option<i32>,
    /// Name as printed.
    pub name: Option<String>,
    /// Title as printed (a group's label).
    pub title: Option<String>,
    /// Status.
    pub status: AttendanceStatus,
    /// Representative's (or acting officer's) name.
    pub rep_name: Option<String>,
    /// Representative's title.
    pub rep_title: Option<String>,
    /// Reason for absence.
    pub reason: Option<String>,
    /// Report sent as a document.
    pub sent: bool,
    /// A group row, with its head count when known (1–100,000); `None` for a single attendee.
    pub group: Option<Option<u32>>,
}

/// The attendance to keep: the rows with a status, in order (rows left blank are dropped).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttendanceCommand {
    /// Rows.
    pub rows: Vec<Row>,
}

fn row(e: &mut FieldErrors, i: usize, r: &RowInput, status: AttendanceStatus) -> Row {
    let name = optional_line(e, &format!("name.{i}"), "ชื่อ", Some(&r.name), 200);
    let title = optional_line(e, &format!("title.{i}"), "ตำแหน่ง", Some(&r.title), 300);
    let rep_name = optional_line(
        e,
        &format!("rep_name.{i}"),
        "ชื่อผู้แทน",
        Some(&r.represented_by_name),
        200,
    );
    let rep_title = optional_line(
        e,
        &format!("rep_title.{i}"),
        "ตำแหน่งผู้แทน",
        Some(&r.represented_by_title),
        300,
    );
    let reason = optional_text(
        e,
        &format!("reason.{i}"),
        "เหตุผลที่ไม่มาประชุม",
        Some(&r.absence_reason),
        1000,
    );
    if r.is_group {
        if r.office_id.is_some() {
            e.add(&format!("name.{i}"), "แถวของหน่วยงานเป็นแถวกลุ่มไม่ได้");
        }
        if name.is_some() {
            e.add(
                &format!("name.{i}"),
                "แถวกลุ่มไม่มีชื่อบุคคล ให้กรอกชื่อกลุ่มในช่องตำแหน่ง",
            );
        }
        if title.is_none() {
            e.add(&format!("title.{i}"), "กรุณากรอกชื่อกลุ่ม เช่น นายอำเภอทุกอำเภอ");
        }
    } else if r.office_id.is_none() && name.is_none() {
        e.add(&format!("name.{i}"), "กรุณากรอกชื่อผู้เข้าประชุม");
    }
    if let Some(c) = r.group_count
        && (!r.is_group || c == 0 || c > MAX_GROUP_COUNT)
    {
        e.add(
            &format!("group_count.{i}"),
            if r.is_group {
                "จำนวนในกลุ่มต้องเป็นจำนวนเต็ม 1–100000"
            } else {
                "ระบุจำนวนได้เฉพาะแถวกลุ่ม"
            },
        );
    }
    if matches!(
        status,
        AttendanceStatus::Represented | AttendanceStatus::Acting
    ) && rep_name.is_none()
    {
        e.add(
            &format!("rep_name.{i}"),
            if status == AttendanceStatus::Acting {
                "กรุณากรอกชื่อผู้รักษาการ"
            } else {
                "กรุณากรอกชื่อผู้แทนที่มาประชุม"
            },
        );
    }
    if status == AttendanceStatus::Absent && reason.is_none() {
        e.add(&format!("reason.{i}"), "กรุณาระบุเหตุผลที่ไม่มาประชุม");
    }
    Row {
        index: i,
        office_id: r.office_id,
        name,
        title,
        status,
        rep_name,
        rep_title,
        reason,
        sent: r.report_sent_as_document,
        group: r.is_group.then_some(r.group_count),
    }
}

impl TryFrom<&[RowInput]> for AttendanceCommand {
    type Error = FieldErrors;

    /// The rows as sent (the form's parallel lists or the API's objects).
    fn try_from(rows: &[RowInput]) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        let mut out = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            if r.status.trim().is_empty() {
                continue;
            }
            let Some(status) = e.check(
                &format!("status.{i}"),
                r.status.trim().parse::<AttendanceStatus>(),
            ) else {
                continue;
            };
            out.push(row(&mut e, i, r, status));
        }
        e.into_result(Self { rows: out })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn rows() -> Vec<RowInput> {
        vec![
            RowInput {
                office_id: Some(4),
                status: " represented ".to_owned(),
                represented_by_name: "นายผู้แทน  ใจดี".to_owned(),
                ..RowInput::default()
            },
            RowInput {
                office_id: Some(5),
                ..RowInput::default()
            },
            RowInput {
                title: "นายอำเภอทุกอำเภอ".to_owned(),
                status: "present".to_owned(),
                is_group: true,
                group_count: Some(18),
                ..RowInput::default()
            },
            RowInput {
                name: "นางแขก".to_owned(),
                status: "guest".to_owned(),
                report_sent_as_document: true,
                ..RowInput::default()
            },
        ]
    }

    #[test]
    fn the_rows_are_parsed_into_types_and_blank_ones_dropped() {
        let c = AttendanceCommand::try_from(rows().as_slice()).unwrap();
        let got: Vec<(usize, AttendanceStatus)> =
            c.rows.iter().map(|r| (r.index, r.status)).collect();
        assert_eq!(
            got,
            [
                (0, AttendanceStatus::Represented),
                (2, AttendanceStatus::Present),
                (3, AttendanceStatus::Guest)
            ],
            "the row without a status is dropped; indexes kept"
        );
        assert_eq!(c.rows[0].rep_name.as_deref(), Some("นายผู้แทน ใจดี"));
        assert_eq!(c.rows[0].office_id, Some(4));
        assert_eq!(c.rows[1].group, Some(Some(18)));
        assert_eq!(c.rows[1].title.as_deref(), Some("นายอำเภอทุกอำเภอ"));
        assert_eq!(c.rows[2].group, None);
        assert!(c.rows[2].sent);
    }

    #[test]
    fn errors_are_keyed_by_row() {
        let mut r = rows();
        r[0].represented_by_name = String::new();
        r[1].status = "asleep".to_owned();
        r[2].name = "นายคนเดียว".to_owned();
        r[2].group_count = Some(0);
        r[3].name = " ".to_owned();
        r[3].group_count = Some(3);
        r.push(RowInput {
            name: "นายขาด".to_owned(),
            status: "absent".to_owned(),
            ..RowInput::default()
        });
        let e = AttendanceCommand::try_from(r.as_slice()).unwrap_err();
        assert_eq!(e.get("rep_name.0"), Some("กรุณากรอกชื่อผู้แทนที่มาประชุม"));
        assert!(e.get("status.1").is_some(), "{e}");
        assert_eq!(
            e.get("name.2"),
            Some("แถวกลุ่มไม่มีชื่อบุคคล ให้กรอกชื่อกลุ่มในช่องตำแหน่ง")
        );
        assert_eq!(
            e.get("group_count.2"),
            Some("จำนวนในกลุ่มต้องเป็นจำนวนเต็ม 1–100000")
        );
        assert_eq!(e.get("name.3"), Some("กรุณากรอกชื่อผู้เข้าประชุม"));
        assert_eq!(e.get("group_count.3"), Some("ระบุจำนวนได้เฉพาะแถวกลุ่ม"));
        assert_eq!(e.get("reason.4"), Some("กรุณาระบุเหตุผลที่ไม่มาประชุม"));
    }
}
