//! Field-level validation errors: which form or API field is wrong and why, in Thai. Forms show
//! them beside the inputs (HTTP 422); the API returns them as `error.fields`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::rules::RuleViolation;
use super::text::{char_len, normalize, normalize_single_line};

/// Messages keyed by field name (the form input's `name`, the API's JSON key).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// One error.
    pub fn one(field: &str, message: impl ToString) -> Self {
        let mut e = Self::new();
        e.add(field, message);
        e
    }

    /// Records an error for `field` (the first one per field wins).
    pub fn add(&mut self, field: &str, message: impl ToString) {
        self.0
            .entry(field.to_owned())
            .or_insert_with(|| message.to_string());
    }

    /// Records the error of `result`, if any, and passes its value on.
    pub fn check<T, E: ToString>(&mut self, field: &str, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(field, e);
                None
            }
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message for a field.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    /// `Ok(value)` when there are no errors, else the errors.
    pub fn into_result<T>(self, value: T) -> Result<T, Self> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// Every (field, message) pair.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        f.write_str(&parts.join("; "))
    }
}

/// A required single-line text: NFC-normalised, whitespace collapsed, at most `max` characters.
pub fn required_line(
    errors: &mut FieldErrors,
    field: &str,
    label_th: &'static str,
    value: &str,
    max: usize,
) -> String {
    let v = normalize_single_line(value);
    if v.is_empty() {
        errors.add(field, RuleViolation::Required { field: label_th });
    } else if char_len(&v) > max {
        errors.add(
            field,
            RuleViolation::TooLong {
                field: label_th,
                max,
            },
        );
    }
    v
}

/// An optional single-line text (`None` when blank), normalised and length-checked.
pub fn optional_line(
    errors: &mut FieldErrors,
    field: &str,
    label_th: &'static str,
    value: Option<&str>,
    max: usize,
) -> Option<String> {
    let v = normalize_single_line(value.unwrap_or_default());
    if char_len(&v) > max {
        errors.add(
            field,
            RuleViolation::TooLong {
                field: label_th,
                max,
            },
        );
    }
    (!v.is_empty()).then_some(v)
}

/// An optional multi-line text (Markdown), NFC-normalised, trimmed, length-checked.
pub fn optional_text(
    errors: &mut FieldErrors,
    field: &str,
    label_th: &'static str,
    value: Option<&str>,
    max: usize,
) -> Option<String> {
    let v = normalize(value.unwrap_or_default()).trim().to_owned();
    if char_len(&v) > max {
        errors.add(
            field,
            RuleViolation::TooLong {
                field: label_th,
                max,
            },
        );
    } else if let Err(e) = super::rules::ensure_shallow(label_th, &v) {
        errors.add(field, e);
    }
    (!v.is_empty()).then_some(v)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn required_line_normalises_and_reports_in_thai() {
        let mut e = FieldErrors::new();
        assert_eq!(
            required_line(&mut e, "title", "ชื่อเรื่อง", "  ประชุม   ครั้งที่ 1 ", 50),
            "ประชุม ครั้งที่ 1"
        );
        assert!(e.is_empty());
        required_line(&mut e, "title", "ชื่อเรื่อง", "   ", 50);
        assert_eq!(e.get("title"), Some("กรุณากรอกชื่อเรื่อง"));
        required_line(&mut e, "venue", "สถานที่", "ห้องประชุมใหญ่", 3);
        assert_eq!(e.get("venue"), Some("สถานที่ยาวเกิน 3 ตัวอักษร"));
    }

    #[test]
    fn deeply_nested_text_is_refused_when_saved() {
        let mut e = FieldErrors::new();
        let deep = format!("{}x", ">".repeat(30_000));
        optional_text(&mut e, "text", "ข้อสั่งการ", Some(&deep), 50_000);
        assert_eq!(
            e.get("text"),
            Some("ข้อสั่งการซ้อนกันลึกเกินไป: ข้อความอ้างอิง รายการ หรือตัวเน้นซ้อนกันได้ไม่เกิน 12 ชั้น")
        );
        let mut ok = FieldErrors::new();
        optional_text(
            &mut ok,
            "text",
            "ข้อสั่งการ",
            Some("> อ้างอิง\n>> ซ้อน\n\n- ก\n  - ข"),
            500,
        );
        assert!(ok.is_empty(), "{ok}");
    }

    #[test]
    fn first_error_per_field_wins_and_serialises_as_a_map() {
        let mut e = FieldErrors::one("a", "หนึ่ง");
        e.add("a", "สอง");
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"a":"หนึ่ง"}"#);
        assert!(e.into_result(()).is_err());
    }
}
