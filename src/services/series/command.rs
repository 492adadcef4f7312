//! The writes of a series as the service takes them, typed: a series to create
//! ([`SeriesCommand`], from its web form [`SeriesInput`]), the occurrences to plan
//! ([`PlanCommand`], from [`PlanInput`]: BE dates), and one occurrence moved
//! ([`RescheduleCommand`]) or cancelled ([`CancelCommand`]), from [`OccurrenceInput`]. Errors are Thai messages keyed by the form's
//! field names. What needs the database (the province, the caller's right to manage it, the
//! series' recurrence) is checked by the service; a form that did not parse is refused with
//! those checks too, so that it shows every error at once.

use chrono::{NaiveDate, NaiveTime};

use super::{OccurrenceInput, PlanInput, SeriesInput};
use crate::domain::calendar::{parse_date, parse_time};
use crate::domain::fields::{FieldErrors, optional_text, required_line};
use crate::domain::numbering::NumberingScope;
use crate::domain::recurrence::{MonthlyNthWeekday, Nth};
use crate::domain::rules::ensure_end_after_start;
use crate::domain::status::MeetingKind;

/// A series to create, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesCommand {
    /// Name (NFC, one line).
    pub name: String,
    /// The body's name as printed.
    pub body_name: Option<String>,
    /// Kind of its meetings.
    pub kind: MeetingKind,
    /// Province code as given, trimmed (a provincial office's own province is used instead).
    pub province: String,
    /// How its meetings are numbered.
    pub numbering: NumberingScope,
    /// The recurrence, if any.
    pub recurrence: Option<MonthlyNthWeekday>,
    /// Default start.
    pub default_start: Option<NaiveTime>,
    /// Default end, after the start.
    pub default_end: Option<NaiveTime>,
    /// Agenda sections, one per line.
    pub agenda_template: Option<String>,
}

/// A series form that did not parse: its errors, and the province it named (for the service
/// to check with the rest).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeriesRefusal {
    /// The messages, keyed by field.
    pub errors: FieldErrors,
    /// Province code as given.
    pub province: String,
}

fn opt_time(e: &mut FieldErrors, field: &str, s: &str) -> Option<NaiveTime> {
    if s.trim().is_empty() {
        None
    } else {
        e.check(field, parse_time(s))
    }
}

fn recurrence(e: &mut FieldErrors, nth: &str, weekday: &str) -> Option<MonthlyNthWeekday> {
    match nth.trim() {
        "" => None,
        n => {
            let nth = if n == "last" {
                Some(Nth::Last)
            } else {
                n.parse::<u8>().ok().and_then(Nth::from_u8)
            };
            match nth {
                Some(nth) => e.check(
                    "rec_weekday",
                    MonthlyNthWeekday::parse_rule(&format!(
                        "monthly:{}:{}",
                        if nth == Nth::Last {
                            "last".to_owned()
                        } else {
                            n.to_owned()
                        },
                        weekday.trim()
                    ))
                    .map_err(|_| "กรุณาเลือกวันในสัปดาห์"),
                ),
                None => {
                    e.add("rec_nth", "กรุณาเลือกสัปดาห์ที่ 1–4 หรือสัปดาห์สุดท้าย");
                    None
                }
            }
        }
    }
}

impl TryFrom<&SeriesInput> for SeriesCommand {
    type Error = SeriesRefusal;

    /// The web form: times as `09.00`, the recurrence as a week and a weekday.
    fn try_from(i: &SeriesInput) -> Result<Self, SeriesRefusal> {
        let mut e = FieldErrors::new();
        let name = required_line(&mut e, "name", "ชื่อชุดการประชุม", &i.name, 300);
        let body_name = optional_text(&mut e, "body_name", "ชื่อคณะ", Some(&i.body_name), 500);
        let kind = e.check(
            "kind",
            i.kind
                .trim()
                .parse::<MeetingKind>()
                .map_err(|_| "กรุณาเลือกประเภทการประชุม"),
        );
        let numbering = e.check(
            "numbering_scope",
            i.numbering_scope.trim().parse::<NumberingScope>(),
        );
        let recurrence = recurrence(&mut e, &i.rec_nth, &i.rec_weekday);
        let default_start = opt_time(&mut e, "default_start", &i.default_start);
        let default_end = opt_time(&mut e, "default_end", &i.default_end);
        if let (Some(a), Some(b)) = (default_start, default_end) {
            e.check("default_end", ensure_end_after_start(a, b));
        }
        let agenda_template = optional_text(
            &mut e,
            "agenda_template",
            "ระเบียบวาระ",
            Some(&i.agenda_template),
            5000,
        );
        let province = i.province.trim().to_owned();
        match (kind, numbering) {
            (Some(kind), Some(numbering)) if e.is_empty() => Ok(Self {
                name,
                body_name,
                kind,
                province,
                numbering,
                recurrence,
                default_start,
                default_end,
                agenda_template,
            }),
            _ => Err(SeriesRefusal {
                errors: e,
                province,
            }),
        }
    }
}

/// The occurrences to plan, typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanCommand {
    /// First day.
    pub from: NaiveDate,
    /// Last day, not before the first.
    pub to: NaiveDate,
    /// At most this many meetings (1–60; 12 when left blank).
    pub count: usize,
}

impl TryFrom<&PlanInput> for PlanCommand {
    type Error = FieldErrors;

    /// The web form: BE dates.
    fn try_from(i: &PlanInput) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        let from = e.check("from", parse_date(&i.from));
        let to = e.check("to", parse_date(&i.to));
        let count = match i.count.trim() {
            "" => Some(12),
            c => match c.parse::<usize>() {
                Ok(n) if (1..=60).contains(&n) => Some(n),
                _ => {
                    e.add("count", "จำนวนครั้งต้องอยู่ระหว่าง 1–60");
                    None
                }
            },
        };
        if let (Some(a), Some(b)) = (from, to)
            && b < a
        {
            e.add("to", "วันสุดท้ายต้องไม่อยู่ก่อนวันเริ่มต้น");
        }
        match (from, to, count) {
            (Some(from), Some(to), Some(count)) if e.is_empty() => Ok(Self { from, to, count }),
            _ => Err(e),
        }
    }
}

/// One occurrence moved to a new date, typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RescheduleCommand {
    /// The new date.
    pub new_date: NaiveDate,
}

impl TryFrom<&OccurrenceInput> for RescheduleCommand {
    type Error = FieldErrors;

    /// The web form: a BE date.
    fn try_from(i: &OccurrenceInput) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        let new_date = e.check("new_date", parse_date(&i.new_date));
        match new_date {
            Some(new_date) if e.is_empty() => Ok(Self { new_date }),
            _ => Err(e),
        }
    }
}

/// One occurrence cancelled, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelCommand {
    /// Why (NFC, one line, not blank).
    pub reason: String,
}

impl TryFrom<&OccurrenceInput> for CancelCommand {
    type Error = FieldErrors;

    /// The web form.
    fn try_from(i: &OccurrenceInput) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        let reason = required_line(&mut e, "reason", "เหตุผลที่ยกเลิก", &i.reason, 1000);
        e.into_result(Self { reason })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::Weekday;

    use super::*;

    fn form() -> SeriesInput {
        SeriesInput {
            name: " คณะกรรมการ  ทดสอบ ".to_owned(),
            kind: "working_group".to_owned(),
            province: " TH-33 ".to_owned(),
            rec_nth: "3".to_owned(),
            rec_weekday: "thu".to_owned(),
            ..SeriesInput::blank()
        }
    }

    #[test]
    fn the_series_form_is_parsed_into_types() {
        let c = SeriesCommand::try_from(&form()).unwrap();
        assert_eq!(c.name, "คณะกรรมการ ทดสอบ");
        assert_eq!(c.kind, MeetingKind::WorkingGroup);
        assert_eq!(c.province, "TH-33");
        assert_eq!(c.numbering, NumberingScope::CalendarYear);
        assert_eq!(
            c.recurrence,
            Some(MonthlyNthWeekday {
                nth: Nth::Third,
                weekday: Weekday::Thu
            })
        );
        assert_eq!(c.default_start, NaiveTime::from_hms_opt(9, 0, 0));
        assert_eq!(c.default_end, NaiveTime::from_hms_opt(12, 0, 0));
        assert!(c.agenda_template.is_some());
        let mut f = form();
        f.rec_nth = String::new();
        assert_eq!(SeriesCommand::try_from(&f).unwrap().recurrence, None);
    }

    #[test]
    fn series_errors_are_keyed_by_the_form_fields_and_keep_the_province() {
        let mut f = form();
        f.name = String::new();
        f.kind = String::new();
        f.rec_weekday = String::new();
        f.default_end = "08.00".to_owned();
        let r = SeriesCommand::try_from(&f).unwrap_err();
        assert_eq!(r.errors.get("name"), Some("กรุณากรอกชื่อชุดการประชุม"));
        assert_eq!(r.errors.get("kind"), Some("กรุณาเลือกประเภทการประชุม"));
        assert_eq!(r.errors.get("rec_weekday"), Some("กรุณาเลือกวันในสัปดาห์"));
        assert_eq!(r.errors.get("default_end"), Some("เวลาสิ้นสุดต้องอยู่หลังเวลาเริ่ม"));
        assert_eq!(r.province, "TH-33");
        f = form();
        f.rec_nth = "5".to_owned();
        let r = SeriesCommand::try_from(&f).unwrap_err();
        assert!(r.errors.get("rec_nth").is_some());
    }

    #[test]
    fn a_plan_takes_be_dates_and_a_count() {
        let p = PlanInput {
            from: "01/01/2569".to_owned(),
            to: "31/12/2569".to_owned(),
            count: String::new(),
        };
        let c = PlanCommand::try_from(&p).unwrap();
        assert_eq!(c.from, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
        assert_eq!(c.count, 12);
        let bad = PlanInput {
            from: "01/01/2026".to_owned(),
            to: "31/12/2568".to_owned(),
            count: "61".to_owned(),
        };
        let e = PlanCommand::try_from(&bad).unwrap_err();
        assert!(e.get("from").unwrap().contains("ปีพุทธศักราช"), "{e}");
        assert_eq!(e.get("count"), Some("จำนวนครั้งต้องอยู่ระหว่าง 1–60"));
        let e = PlanCommand::try_from(&PlanInput {
            from: "01/01/2569".to_owned(),
            to: "31/12/2568".to_owned(),
            count: "1".to_owned(),
        })
        .unwrap_err();
        assert_eq!(e.get("to"), Some("วันสุดท้ายต้องไม่อยู่ก่อนวันเริ่มต้น"));
    }

    #[test]
    fn an_occurrence_is_moved_to_a_be_date_or_cancelled_with_a_reason() {
        let i = OccurrenceInput {
            new_date: "๑๕/๐๒/๒๕๖๙".to_owned(),
            reason: " น้ำ  ท่วม ".to_owned(),
        };
        let r = RescheduleCommand::try_from(&i).unwrap();
        assert_eq!(r.new_date, NaiveDate::from_ymd_opt(2026, 2, 15).unwrap());
        assert_eq!(CancelCommand::try_from(&i).unwrap().reason, "น้ำ ท่วม");
        let bad = OccurrenceInput {
            new_date: "15/02/2026".to_owned(),
            reason: " ".to_owned(),
        };
        let e = RescheduleCommand::try_from(&bad).unwrap_err();
        assert!(e.get("new_date").unwrap().contains("ปีพุทธศักราช"), "{e}");
        let e = CancelCommand::try_from(&bad).unwrap_err();
        assert_eq!(e.get("reason"), Some("กรุณากรอกเหตุผลที่ยกเลิก"));
        assert!(RescheduleCommand::try_from(&OccurrenceInput::default()).is_err());
    }
}
