//! Business-rule violations (with Thai messages for the UI) and the small checks that raise them.

use chrono::{NaiveDate, NaiveTime};

use super::text::char_len;

/// A business rule was broken; `Display` gives a Thai message fit to show to the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleViolation {
    /// A status change that the life cycle does not allow.
    #[error("ไม่สามารถเปลี่ยนสถานะ{kind}จาก «{from}» เป็น «{to}» ได้")]
    IllegalTransition {
        /// Thai name of what changes status, e.g. `การประชุม`.
        kind: &'static str,
        /// Thai label of the current status.
        from: &'static str,
        /// Thai label of the requested status.
        to: &'static str,
    },
    /// End time is not after start time.
    #[error("เวลาสิ้นสุดต้องอยู่หลังเวลาเริ่ม")]
    EndBeforeStart,
    /// A due date before the meeting date that the user has not confirmed.
    #[error("กำหนดแล้วเสร็จอยู่ก่อนวันประชุม กรุณาตรวจสอบหรือยืนยันอีกครั้ง")]
    DueBeforeMeeting,
    /// A required field is empty.
    #[error("กรุณากรอก{field}")]
    Required {
        /// Thai name of the field.
        field: &'static str,
    },
    /// A field is longer than allowed.
    #[error("{field}ยาวเกิน {max} ตัวอักษร")]
    TooLong {
        /// Thai name of the field.
        field: &'static str,
        /// Maximum number of characters.
        max: usize,
    },
    /// Markdown nested deeper than the renderers keep (quotes, lists, emphasis).
    #[error("{field}ซ้อนกันลึกเกินไป: ข้อความอ้างอิง รายการ หรือตัวเน้นซ้อนกันได้ไม่เกิน {max} ชั้น")]
    TooDeep {
        /// Thai name of the field.
        field: &'static str,
        /// Deepest nesting allowed.
        max: usize,
    },
    /// A value outside its allowed range.
    #[error("{field}อยู่นอกช่วงที่กำหนด")]
    OutOfRange {
        /// Thai name of the field.
        field: &'static str,
    },
    /// Certified minutes are the record: they never change.
    #[error("รายงานการประชุมนี้ได้รับการรับรองแล้ว จึงแก้ไขไม่ได้")]
    MinutesCertified,
    /// Only certified minutes may be published.
    #[error("ต้องรับรองรายงานการประชุมก่อนจึงจะเผยแพร่ได้")]
    MinutesNotCertified,
    /// Certification by circulation needs the minutes circulated first.
    #[error("ต้องเวียนรายงานการประชุมก่อนจึงจะรับรองโดยการแจ้งเวียนได้")]
    MinutesNotCirculated,
    /// The certifying meeting must be a later meeting of the same series.
    #[error("การประชุมที่รับรองต้องเป็นการประชุมครั้งถัดไปในชุดการประชุมเดียวกัน")]
    NotTheNextMeeting,
    /// A cancelled meeting has no minutes.
    #[error("การประชุมนี้ถูกยกเลิก จึงไม่มีรายงานการประชุม")]
    MeetingCancelled,
}

/// Requires `end` to be strictly after `start`.
pub fn ensure_end_after_start(start: NaiveTime, end: NaiveTime) -> Result<(), RuleViolation> {
    if end > start {
        Ok(())
    } else {
        Err(RuleViolation::EndBeforeStart)
    }
}

/// Rejects a due date before the meeting date unless the user `confirmed` it.
pub fn ensure_due_not_before(
    meeting: NaiveDate,
    due: NaiveDate,
    confirmed: bool,
) -> Result<(), RuleViolation> {
    if due < meeting && !confirmed {
        Err(RuleViolation::DueBeforeMeeting)
    } else {
        Ok(())
    }
}

/// Requires `value` to contain something other than whitespace.
pub fn ensure_required(field: &'static str, value: &str) -> Result<(), RuleViolation> {
    if value.trim().is_empty() {
        Err(RuleViolation::Required { field })
    } else {
        Ok(())
    }
}

/// Requires Markdown `value` to nest no deeper than the renderers keep
/// ([`crate::domain::markdown::MAX_DEPTH`]).
pub fn ensure_shallow(field: &'static str, value: &str) -> Result<(), RuleViolation> {
    let max = crate::domain::markdown::MAX_DEPTH;
    if crate::domain::markdown::bounded::depth(value) > max {
        Err(RuleViolation::TooDeep { field, max })
    } else {
        Ok(())
    }
}

/// Requires `value` to have at most `max` characters (Unicode scalar values).
pub fn ensure_max_len(field: &'static str, value: &str, max: usize) -> Result<(), RuleViolation> {
    if char_len(value) > max {
        Err(RuleViolation::TooLong { field, max })
    } else {
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn times() {
        assert_eq!(ensure_end_after_start(t(9, 0), t(12, 0)), Ok(()));
        assert_eq!(
            ensure_end_after_start(t(9, 0), t(9, 0)),
            Err(RuleViolation::EndBeforeStart)
        );
        assert_eq!(
            ensure_end_after_start(t(13, 0), t(9, 0)),
            Err(RuleViolation::EndBeforeStart)
        );
    }

    #[test]
    fn due_dates() {
        let m = d(2022, 4, 19);
        assert_eq!(ensure_due_not_before(m, m, false), Ok(()));
        assert_eq!(ensure_due_not_before(m, d(2022, 5, 1), false), Ok(()));
        assert_eq!(
            ensure_due_not_before(m, d(2022, 4, 18), false),
            Err(RuleViolation::DueBeforeMeeting)
        );
        assert_eq!(ensure_due_not_before(m, d(2022, 4, 18), true), Ok(()));
    }

    #[test]
    fn fields_and_messages() {
        assert_eq!(
            ensure_required("ชื่อเรื่อง", "  "),
            Err(RuleViolation::Required {
                field: "ชื่อเรื่อง"
            })
        );
        assert_eq!(ensure_required("ชื่อเรื่อง", "ก"), Ok(()));
        assert_eq!(ensure_max_len("ชื่อ", "น้ำ", 3), Ok(()));
        let e = ensure_max_len("ชื่อ", "น้ำๆ", 3).unwrap_err();
        assert_eq!(e.to_string(), "ชื่อยาวเกิน 3 ตัวอักษร");
        let e = RuleViolation::IllegalTransition {
            kind: "การประชุม",
            from: "ยกเลิก",
            to: "ประชุมแล้ว",
        };
        assert_eq!(
            e.to_string(),
            "ไม่สามารถเปลี่ยนสถานะการประชุมจาก «ยกเลิก» เป็น «ประชุมแล้ว» ได้"
        );
        assert_eq!(
            RuleViolation::OutOfRange {
                field: "ลำดับ"
            }
            .to_string(),
            "ลำดับอยู่นอกช่วงที่กำหนด"
        );
    }
}
