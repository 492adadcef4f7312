//! Rules of the official minutes (รายงานการประชุม, ระเบียบงานสารบรรณ แบบที่ 11): how each
//! attendee is printed, how certification is recorded, and the content hash of certified minutes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::status::AttendanceStatus;

super::status::labelled_enum! {
    /// How minutes were certified (การรับรองรายงานการประชุม); `minutes.certification_method`.
    /// `ALL` is in the order the form offers them.
    pub enum Certification ("วิธีรับรองรายงานการประชุม") {
        /// At the next meeting of the series, under its agenda item 2.
        NextMeeting => "next_meeting", "รับรองในการประชุมครั้งถัดไป (ระเบียบวาระที่ 2)", "At the next meeting";
        /// At the same meeting, before it closed (urgent matters).
        SameMeeting => "same_meeting", "รับรองในการประชุมครั้งเดียวกัน", "At the same meeting";
        /// By circulation to the members with a reply deadline.
        Circulation => "circulation", "รับรองโดยการแจ้งเวียน", "By circulation";
    }
}

/// What the secretary wrote, as saved with each revision: the opening and closing words and
/// each agenda item's notes and resolution (keyed by agenda item id).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notes {
    /// Words after "เริ่มประชุมเวลา" (the chair opens the meeting …).
    #[serde(default)]
    pub opening_md: String,
    /// Words before "เลิกประชุมเวลา".
    #[serde(default)]
    pub closing_md: String,
    /// Per agenda item.
    #[serde(default)]
    pub items: BTreeMap<i32, ItemNotes>,
}

/// One agenda item's text in the minutes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemNotes {
    /// What was reported and discussed (Markdown).
    #[serde(default)]
    pub notes_md: String,
    /// The resolution (มติที่ประชุม), Markdown.
    #[serde(default)]
    pub resolution_md: String,
}

impl Notes {
    /// What a refused (stale) save should say: which revision is current and which parts of
    /// the stored text differ from what was sent — the 409 says what changed.
    pub fn stale_detail(&self, sent: &Notes, sent_revision: i32, current_revision: i32) -> String {
        let mut parts = Vec::new();
        if self.opening_md.trim() != sent.opening_md.trim() {
            parts.push("คำเปิดประชุม".to_owned());
        }
        let items = self
            .items
            .iter()
            .filter(|(id, stored)| {
                let mine = sent.items.get(id).cloned().unwrap_or_default();
                stored.notes_md.trim() != mine.notes_md.trim()
                    || stored.resolution_md.trim() != mine.resolution_md.trim()
            })
            .count();
        if items > 0 {
            parts.push(format!("บันทึกหรือมติของ {items} เรื่อง"));
        }
        if self.closing_md.trim() != sent.closing_md.trim() {
            parts.push("คำปิดประชุม".to_owned());
        }
        let what = if parts.is_empty() {
            "ลำดับหรือรายการระเบียบวาระ".to_owned()
        } else {
            parts.join(", ")
        };
        format!(
            "ฉบับล่าสุดคือฉบับที่ {current_revision} (ท่านแก้ไขจากฉบับที่ {sent_revision}); ส่วนที่ต่างจากที่ท่านส่ง: {what}"
        )
    }
}

/// The default opening words when the secretary wrote none.
pub const DEFAULT_OPENING: &str =
    "เมื่อครบองค์ประชุมแล้ว ประธานกล่าวเปิดการประชุมและดำเนินการประชุมตามระเบียบวาระ ดังนี้";

/// How an attendee is printed in the minutes: which part, the name and the position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrintedAttendee {
    /// Which list the person belongs to.
    pub part: Part,
    /// Name as printed.
    pub name: String,
    /// Position as printed (`… แทน …`, `รักษาการ…`).
    pub position: String,
    /// Remark: the reason for absence, or "ส่งรายงานเป็นเอกสาร".
    pub remark: String,
}

/// The three attendance lists of the official form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// ผู้มาประชุม: members present (in person, online, acting or by representative).
    Present,
    /// ผู้ไม่มาประชุม: members absent.
    Absent,
    /// ผู้เข้าร่วมประชุม: non-members who attended.
    Participant,
}

/// One attendance row as recorded.
#[derive(Debug, Clone, Default)]
pub struct AttendanceLine<'a> {
    /// Member of the body (or invited non-member).
    pub is_member: bool,
    /// Stored status.
    pub status: Option<AttendanceStatus>,
    /// The member's name (the head, for an office).
    pub name: &'a str,
    /// The member's position.
    pub title: &'a str,
    /// The representative's name.
    pub rep_name: &'a str,
    /// The representative's position.
    pub rep_title: &'a str,
    /// Reason for absence.
    pub reason: &'a str,
    /// The agency sent its report as a document.
    pub sent_report: bool,
}

/// Prints one attendance row per the official form: a representative is listed under their own
/// name as "ตำแหน่งผู้แทน แทน ตำแหน่งสมาชิก"; an acting holder as "รักษาการ…". Rows without a
/// status are not printed (`None`).
pub fn print_attendee(line: &AttendanceLine<'_>) -> Option<PrintedAttendee> {
    let status = line.status?;
    let title = line.title.trim();
    let sent = if line.sent_report {
        "ส่งรายงานเป็นเอกสาร"
    } else {
        ""
    };
    let (part, name, position, remark) = match status {
        AttendanceStatus::Present => (Part::Present, line.name, title.to_owned(), String::new()),
        AttendanceStatus::Online => (
            Part::Present,
            line.name,
            title.to_owned(),
            "ประชุมผ่านสื่ออิเล็กทรอนิกส์".to_owned(),
        ),
        // The acting holder is named (the record keeps their name as the stand-in's, the
        // office's holder, if any, as `name`), under "รักษาการ" and the position.
        AttendanceStatus::Acting => {
            let who = if line.rep_name.trim().is_empty() {
                line.name
            } else {
                line.rep_name
            };
            (Part::Present, who, acting(title), String::new())
        }
        AttendanceStatus::Represented => {
            let rep = if line.rep_name.trim().is_empty() {
                line.name
            } else {
                line.rep_name
            };
            let rep_title = line.rep_title.trim();
            let position = match (rep_title.is_empty(), title.is_empty()) {
                (false, false) => format!("{rep_title} แทน {title}"),
                (false, true) => rep_title.to_owned(),
                (true, false) => format!("แทน {title}"),
                (true, true) => String::new(),
            };
            (Part::Present, rep, position, String::new())
        }
        AttendanceStatus::Absent => {
            let reason = line.reason.trim();
            let remark = match (reason.is_empty(), sent.is_empty()) {
                (false, false) => format!("{reason} ({sent})"),
                (false, true) => reason.to_owned(),
                (true, _) => sent.to_owned(),
            };
            (Part::Absent, line.name, title.to_owned(), remark)
        }
        AttendanceStatus::Guest => (
            Part::Participant,
            line.name,
            title.to_owned(),
            String::new(),
        ),
    };
    let part = if part == Part::Present && !line.is_member {
        Part::Participant
    } else {
        part
    };
    Some(PrintedAttendee {
        part,
        name: name.trim().to_owned(),
        position,
        remark,
    })
}

fn acting(title: &str) -> String {
    if title.starts_with("รักษาการ") || title.is_empty() {
        title.to_owned()
    } else {
        format!("รักษาการ{title}")
    }
}

/// SHA-256 (lower-case hex) of the certified Markdown: what the footer of certified minutes
/// carries, so a printed copy can be checked against the record.
pub fn content_hash(markdown: &str) -> String {
    Sha256::digest(markdown.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(status: AttendanceStatus) -> AttendanceLine<'static> {
        AttendanceLine {
            is_member: true,
            status: Some(status),
            name: "นายสมชาย ใจดี",
            title: "พัฒนาการจังหวัดศรีสะเกษ",
            rep_name: "นางสาวสมศรี มีสุข",
            rep_title: "หัวหน้ากลุ่มงานส่งเสริมการพัฒนาชุมชน",
            reason: "ติดราชการ",
            sent_report: true,
        }
    }

    #[test]
    fn a_representative_is_printed_under_their_own_name_in_place_of_the_member() {
        let p = print_attendee(&line(AttendanceStatus::Represented)).unwrap();
        assert_eq!(p.part, Part::Present);
        assert_eq!(p.name, "นางสาวสมศรี มีสุข");
        assert_eq!(
            p.position,
            "หัวหน้ากลุ่มงานส่งเสริมการพัฒนาชุมชน แทน พัฒนาการจังหวัดศรีสะเกษ"
        );
    }

    #[test]
    fn acting_holders_absentees_guests_and_unrecorded_rows() {
        let p = print_attendee(&line(AttendanceStatus::Acting)).unwrap();
        assert_eq!(p.position, "รักษาการพัฒนาการจังหวัดศรีสะเกษ");
        assert_eq!(p.name, "นางสาวสมศรี มีสุข", "the acting holder is named");
        let mut unnamed = line(AttendanceStatus::Acting);
        unnamed.rep_name = " ";
        assert_eq!(print_attendee(&unnamed).unwrap().name, "นายสมชาย ใจดี");
        let mut already = line(AttendanceStatus::Acting);
        already.title = "รักษาการหัวหน้าสำนักงานจังหวัด";
        assert_eq!(
            print_attendee(&already).unwrap().position,
            "รักษาการหัวหน้าสำนักงานจังหวัด"
        );
        let a = print_attendee(&line(AttendanceStatus::Absent)).unwrap();
        assert_eq!(a.part, Part::Absent);
        assert_eq!(a.remark, "ติดราชการ (ส่งรายงานเป็นเอกสาร)");
        let g = print_attendee(&line(AttendanceStatus::Guest)).unwrap();
        assert_eq!(g.part, Part::Participant);
        let mut non_member = line(AttendanceStatus::Present);
        non_member.is_member = false;
        assert_eq!(print_attendee(&non_member).unwrap().part, Part::Participant);
        let mut blank = line(AttendanceStatus::Present);
        blank.status = None;
        assert_eq!(print_attendee(&blank), None);
    }

    #[test]
    fn the_content_hash_is_the_sha256_of_the_bytes() {
        assert_eq!(
            content_hash(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(content_hash("ก"), content_hash("ก"));
        assert_ne!(content_hash("ก"), content_hash("ข"));
        assert_eq!(
            "circulation".parse::<Certification>(),
            Ok(Certification::Circulation)
        );
        assert!("x".parse::<Certification>().is_err());
    }
}
