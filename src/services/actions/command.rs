//! The actions to create from a directive, typed: one [`NewAction`] per row with a title (a
//! row with a blank title is left out, keeping its number), its due date a `NaiveDate`, its
//! horizon a [`Horizon`], its metric target a number. The rows are read by [`Rows`], shared by
//! the directive page's form (`web::directives`: parallel lists, the target as typed) and the
//! API (`api::actions`: the target a JSON number). Errors are Thai
//! messages keyed `field.i` (`due.2` for the third row), the same for all. A due date is read
//! the Thai way (`30/09/2565`, `30 ก.ย. 2565`) or as ISO 8601 (`2022-09-30`; a BE year such as
//! `2565-09-30` is refused, naming the CE year): the form and the API both accept both, as
//! documented. What needs the database (the offices belonging to the meeting's provinces, a
//! due date before the meeting needing `confirm`) is checked by the service.

use chrono::NaiveDate;

use crate::domain::calendar::parse_date;
use crate::domain::fields::{FieldErrors, optional_line, optional_text, required_line};
use crate::domain::status::Horizon;

/// One action to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAction {
    /// Its row in the list as sent (errors are keyed `field.{row}`).
    pub row: usize,
    /// Responsible office (of the meeting's provinces: checked by the service).
    pub office_id: i32,
    /// Title (one line, NFC).
    pub title: String,
    /// What is expected (Markdown, NFC).
    pub expected_md: Option<String>,
    /// Due date.
    pub due: Option<NaiveDate>,
    /// Horizon.
    pub horizon: Option<Horizon>,
    /// Metric name.
    pub metric_name: Option<String>,
    /// Metric unit.
    pub metric_unit: Option<String>,
    /// Metric target (finite).
    pub metric_target: Option<f64>,
}

/// Actions to create from a directive, one per office row with a title.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionsCommand {
    /// The rows with a title, in order (never empty).
    pub actions: Vec<NewAction>,
    /// A due date before the meeting was confirmed.
    pub confirm: bool,
}

/// A metric target as sent: typed in the form, or a number in JSON.
#[derive(Debug, Clone, Copy)]
pub enum MetricTarget<'a> {
    /// As typed (`1,200`); blank is none.
    Typed(&'a str),
    /// A number.
    Number(f64),
}

/// One row as sent; `None` and blank are the same.
#[derive(Debug, Clone, Copy, Default)]
pub struct RowText<'a> {
    /// Responsible office.
    pub office_id: i32,
    /// Title.
    pub title: &'a str,
    /// What is expected (Markdown).
    pub expected_md: Option<&'a str>,
    /// Due date as typed.
    pub due: Option<&'a str>,
    /// Horizon (stored string).
    pub horizon: Option<&'a str>,
    /// Metric name.
    pub metric_name: Option<&'a str>,
    /// Metric unit.
    pub metric_unit: Option<&'a str>,
    /// Metric target.
    pub metric_target: Option<MetricTarget<'a>>,
}

fn field(name: &str, i: usize) -> String {
    format!("{name}.{i}")
}

/// The reader of the rows, shared by the form and the API.
#[derive(Debug, Default)]
pub struct Rows {
    errors: FieldErrors,
    actions: Vec<NewAction>,
}

impl Rows {
    /// No rows yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads row `i` (left out when its title is blank).
    pub fn row(&mut self, i: usize, r: RowText<'_>) {
        if r.title.trim().is_empty() {
            return;
        }
        let e = &mut self.errors;
        let title = required_line(e, &field("title", i), "ชื่องาน", r.title, 500);
        let expected_md = optional_text(
            e,
            &field("expected_md", i),
            "ผลที่คาดหวัง",
            r.expected_md,
            20_000,
        );
        let due = match r.due.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => e.check(&field("due", i), parse_date(s)),
            None => None,
        };
        let horizon = match r.horizon.filter(|s| !s.is_empty()) {
            Some(h) => e.check(&field("horizon", i), h.parse::<Horizon>()),
            None => None,
        };
        let metric_name = optional_line(e, &field("metric_name", i), "ชื่อตัวชี้วัด", r.metric_name, 300);
        let metric_unit = optional_line(e, &field("metric_unit", i), "หน่วยนับ", r.metric_unit, 100);
        let target = match r.metric_target {
            Some(MetricTarget::Typed(s)) => {
                let s = s.trim().replace(',', "");
                (!s.is_empty()).then(|| s.parse::<f64>().ok())
            }
            Some(MetricTarget::Number(v)) => Some(Some(v)),
            None => None,
        };
        let metric_target = match target {
            Some(v) => e.check(
                &field("metric_target", i),
                v.filter(|v| v.is_finite()).ok_or("ค่าเป้าหมายต้องเป็นตัวเลข"),
            ),
            None => None,
        };
        self.actions.push(NewAction {
            row: i,
            office_id: r.office_id,
            title,
            expected_md,
            due,
            horizon,
            metric_name,
            metric_unit,
            metric_target,
        });
    }

    /// The command, or every row's errors (and one under `actions` when no row has a title).
    pub fn finish(mut self, confirm: bool) -> Result<ActionsCommand, FieldErrors> {
        if self.actions.is_empty() {
            self.errors.add("actions", "กรุณากรอกชื่องานอย่างน้อยหนึ่งหน่วยงาน");
        }
        self.errors.into_result(ActionsCommand {
            actions: self.actions,
            confirm,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row as typed in the form.
    fn row<'a>(title: &'a str, due: &'a str) -> RowText<'a> {
        RowText {
            office_id: 4,
            title,
            due: Some(due),
            horizon: Some("urgent"),
            metric_target: Some(MetricTarget::Typed(" 1,200 ")),
            ..RowText::default()
        }
    }

    /// The rows read in order.
    fn parse(rows: &[RowText<'_>], confirm: bool) -> Result<ActionsCommand, FieldErrors> {
        let mut r = Rows::new();
        for (i, row) in rows.iter().enumerate() {
            r.row(i, *row);
        }
        r.finish(confirm)
    }

    #[test]
    fn rows_are_parsed_into_types_blank_titles_left_out() {
        let rows = [
            row("รายงานผล", "30/09/2565"),
            row("  ", "not a date"),
            row("สำรวจครัวเรือน", "2022-10-31"),
        ];
        let c = parse(&rows, true).unwrap();
        assert!(c.confirm);
        let rows: Vec<usize> = c.actions.iter().map(|a| a.row).collect();
        assert_eq!(
            rows,
            [0, 2],
            "a blank title leaves its row out, numbering kept"
        );
        let a = &c.actions[0];
        assert_eq!(a.due, NaiveDate::from_ymd_opt(2022, 9, 30), "BE");
        assert_eq!(
            c.actions[1].due,
            NaiveDate::from_ymd_opt(2022, 10, 31),
            "ISO"
        );
        assert_eq!(a.horizon, Some(Horizon::Urgent));
        assert_eq!(a.metric_target, Some(1200.0));
        assert_eq!(a.expected_md, None);
    }

    #[test]
    fn errors_are_keyed_by_field_and_row() {
        let mut bad = row("สำรวจ", "2565-09-30");
        bad.horizon = Some("someday");
        bad.metric_target = Some(MetricTarget::Typed("มาก"));
        let rows = [row("รายงานผล", "31/02/2565"), bad];
        let e = parse(&rows, false).unwrap_err();
        assert_eq!(e.get("due.0"), Some("ไม่มีวันที่นี้ในปฏิทิน กรุณาตรวจสอบวันและเดือน"));
        assert!(
            e.get("due.1").is_some_and(|m| m.contains("2022-08-31")),
            "a BE year in an ISO date names the CE year: {e}"
        );
        assert!(e.get("horizon.1").is_some());
        assert_eq!(e.get("metric_target.1"), Some("ค่าเป้าหมายต้องเป็นตัวเลข"));
        assert_eq!(e.get("title.1"), None);
    }

    #[test]
    fn a_number_target_is_taken_as_is_and_no_title_is_an_error() {
        let mut r = Rows::new();
        r.row(
            0,
            RowText {
                office_id: 1,
                title: "งาน",
                metric_target: Some(MetricTarget::Number(10.5)),
                ..RowText::default()
            },
        );
        let c = r.finish(false).unwrap();
        assert_eq!(c.actions[0].metric_target, Some(10.5));
        let none = parse(&[row("", "")], false).unwrap_err();
        assert_eq!(none.get("actions"), Some("กรุณากรอกชื่องานอย่างน้อยหนึ่งหน่วยงาน"));
    }
}
