//! A progress report and a review, as the service takes them, typed: the progress a percentage
//! 0–100, the metric value a finite number, the text NFC Markdown; a review's decision an enum
//! and a comment required to send a report back. A report is built from the form's text fields
//! ([`UpdateCommand::try_from`] an [`UpdateInput`]: the action page and the answer-by-link page)
//! or from the API's JSON numbers, with the same [`ReportFields`] readers; a review from the
//! decision and comment as sent ([`ReviewCommand::new`]). Errors are Thai messages keyed by the
//! form's field names. The evidence files (their size and kind, checked against the file
//! store's limits) and "at least one thing reported" are checked by the service, which has the
//! files.

use super::{Decision, UpdateInput};
use crate::domain::fields::{FieldErrors, optional_text};

const PROGRESS_MESSAGE: &str = "ความก้าวหน้าต้องเป็นตัวเลข 0 ถึง 100";
const METRIC_MESSAGE: &str = "ค่าตัวชี้วัดต้องเป็นตัวเลข";

/// A progress report's fields (its files come beside it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UpdateCommand {
    /// Progress in percent, 0–100.
    pub progress: Option<i32>,
    /// Current metric value (finite).
    pub metric_value: Option<f64>,
    /// Text (Markdown, NFC).
    pub text_md: Option<String>,
}

impl UpdateCommand {
    /// Whether nothing is reported (files aside).
    pub fn is_empty(&self) -> bool {
        self.progress.is_none() && self.metric_value.is_none() && self.text_md.is_none()
    }
}

/// The readers of a report's fields, shared by the form and the API.
#[derive(Debug, Default)]
pub struct ReportFields {
    errors: FieldErrors,
}

impl ReportFields {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Progress as typed (`40`, `40 %`; blank: none).
    pub fn progress_typed(&mut self, s: Option<&str>) -> Option<i32> {
        let s = s.map(str::trim).filter(|s| !s.is_empty())?;
        self.progress(s.trim_end_matches('%').trim().parse::<i32>().ok())
    }

    /// Progress as a number.
    pub fn progress_number(&mut self, p: Option<i32>) -> Option<i32> {
        self.progress(Some(p?))
    }

    /// A progress that is `None` when it was not a number.
    fn progress(&mut self, p: Option<i32>) -> Option<i32> {
        self.errors.check(
            "progress",
            p.filter(|p| (0..=100).contains(p)).ok_or(PROGRESS_MESSAGE),
        )
    }

    /// The metric value as typed (`1,200`; blank: none).
    pub fn metric_typed(&mut self, s: Option<&str>) -> Option<f64> {
        let s = s
            .map(|s| s.trim().replace(',', ""))
            .filter(|s| !s.is_empty())?;
        self.metric(s.parse::<f64>().ok())
    }

    /// The metric value as a number.
    pub fn metric_number(&mut self, v: Option<f64>) -> Option<f64> {
        self.metric(Some(v?))
    }

    /// A metric value that is `None` when it was not a number.
    fn metric(&mut self, v: Option<f64>) -> Option<f64> {
        self.errors.check(
            "metric_value",
            v.filter(|v| v.is_finite()).ok_or(METRIC_MESSAGE),
        )
    }

    /// The text (Markdown).
    pub fn text(&mut self, s: Option<&str>) -> Option<String> {
        optional_text(&mut self.errors, "text_md", "รายละเอียด", s, 20_000)
    }

    /// The command, or the errors.
    pub fn finish(self, command: UpdateCommand) -> Result<UpdateCommand, FieldErrors> {
        self.errors.into_result(command)
    }
}

impl TryFrom<&UpdateInput> for UpdateCommand {
    type Error = FieldErrors;

    /// The form's text fields (numbers as typed).
    fn try_from(i: &UpdateInput) -> Result<Self, FieldErrors> {
        let mut f = ReportFields::new();
        let command = Self {
            progress: f.progress_typed(i.progress.as_deref()),
            metric_value: f.metric_typed(i.metric_value.as_deref()),
            text_md: f.text(i.text_md.as_deref()),
        };
        f.finish(command)
    }
}

/// A reviewer's decision on a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewCommand {
    /// Accept, or send back.
    pub decision: Decision,
    /// Comment (NFC Markdown); always given when sending back.
    pub comment: Option<String>,
}

impl ReviewCommand {
    /// The decision and comment as sent (no decision, or sending back without a comment, is
    /// an error).
    pub fn new(decision: Option<Decision>, comment: Option<&str>) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        let comment = optional_text(&mut e, "comment", "ความเห็น", comment, 5_000);
        let Some(decision) = decision else {
            e.add("decision", "กรุณาเลือกผลการตรวจสอบ");
            return Err(e);
        };
        if decision == Decision::Return && comment.is_none() {
            e.add("comment", "กรุณาระบุเหตุผลที่ส่งกลับแก้ไข");
        }
        e.into_result(Self { decision, comment })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(progress: &str, metric: &str, text: &str) -> UpdateInput {
        UpdateInput {
            progress: Some(progress.to_owned()),
            metric_value: Some(metric.to_owned()),
            text_md: Some(text.to_owned()),
        }
    }

    #[test]
    fn the_form_is_parsed_into_types() {
        let c = UpdateCommand::try_from(&input(" 40 % ", "1,200.5", "  สำรวจแล้ว  ")).unwrap();
        assert_eq!(c.progress, Some(40));
        assert_eq!(c.metric_value, Some(1200.5));
        assert_eq!(c.text_md.as_deref(), Some("สำรวจแล้ว"));
        let blank = UpdateCommand::try_from(&input("", " ", "")).unwrap();
        assert!(
            blank.is_empty(),
            "blank fields are none (files may still come)"
        );
    }

    #[test]
    fn errors_are_keyed_by_the_form_fields() {
        let e = UpdateCommand::try_from(&input("150", "มาก", "ok")).unwrap_err();
        assert_eq!(e.get("progress"), Some(PROGRESS_MESSAGE));
        assert_eq!(e.get("metric_value"), Some(METRIC_MESSAGE));
        let mut f = ReportFields::new();
        assert_eq!(f.progress_number(Some(-1)), None);
        assert_eq!(f.metric_number(Some(f64::NAN)), None);
        let e = f.finish(UpdateCommand::default()).unwrap_err();
        assert_eq!(
            e.get("progress"),
            Some(PROGRESS_MESSAGE),
            "same as the form"
        );
        assert_eq!(e.get("metric_value"), Some(METRIC_MESSAGE));
    }

    #[test]
    fn a_review_needs_a_decision_and_a_comment_to_send_back() {
        let ok = ReviewCommand::new(Some(Decision::Accept), Some("  ")).unwrap();
        assert_eq!(ok.comment, None);
        let e = ReviewCommand::new(Some(Decision::Return), None).unwrap_err();
        assert_eq!(e.get("comment"), Some("กรุณาระบุเหตุผลที่ส่งกลับแก้ไข"));
        let e = ReviewCommand::new(None, Some("ดี")).unwrap_err();
        assert_eq!(e.get("decision"), Some("กรุณาเลือกผลการตรวจสอบ"));
    }
}
