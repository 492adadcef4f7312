//! The writes of the office registry as the service takes them, typed: an office to add
//! ([`NewOfficeCommand`], from [`NewOffice`] as the CLI, the API or the form gives it) and a
//! change to an office ([`OfficeChangeCommand`], from [`OfficeChange`]: each field given is
//! changed). Errors are Thai messages keyed by the form's field names, the same for every
//! caller. What needs the database (the province, the caller's right to manage it, the agency,
//! a name already taken, the merge target, the stored start date) is checked by the service; a
//! write that did not parse is refused with those checks too, in the same order, so that a
//! caller outside scope is refused before any field error and the form shows every error at
//! once.

use chrono::NaiveDate;

use crate::domain::calendar::parse_date;
use crate::domain::fields::{FieldErrors, optional_line, required_line};

/// A new office, as typed (CLI, API or form).
#[derive(Debug, Clone, Default)]
pub struct NewOffice {
    /// Province code, `TH-55`.
    pub province: String,
    /// Agency short code from the catalogue, `cdd_district`.
    pub agency: String,
    /// Name; defaults to the catalogue's name for one office per province.
    pub name_th: Option<String>,
    /// Code; defaults to `TH-55.<agency>` (with `.2`, `.3` … when taken).
    pub code: Option<String>,
    /// The office's mailbox.
    pub email: Option<String>,
}

/// A change to an office (the API's PATCH, the office page's forms): each field given is
/// changed, the others kept.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OfficeChange {
    /// New name.
    pub name_th: Option<String>,
    /// New mailbox; blank clears it.
    pub email: Option<String>,
    /// In service since (ISO in the API, BE text on pages).
    pub valid_from: Option<String>,
    /// Closes the office on this date (ISO or BE); blank reopens it.
    pub valid_until: Option<String>,
    /// Merges the office into this one (same province): its open actions move there and it
    /// closes; its history stays.
    pub merged_into_id: Option<i32>,
}

/// An office to add, typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewOfficeCommand {
    /// Province code as given, trimmed.
    pub province: String,
    /// Agency short code, trimmed.
    pub agency: String,
    /// Name (NFC, one line); `None`: the catalogue's name.
    pub name_th: Option<String>,
    /// Code (one line); `None`: `TH-55.<agency>`.
    pub code: Option<String>,
    /// Mailbox (one line, with an `@`).
    pub email: Option<String>,
}

/// An office that did not parse: its errors, and what was read (for the service to check with
/// the rest, as it would for an office that parsed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewOfficeRefusal {
    /// The messages, keyed by field.
    pub errors: FieldErrors,
    /// The office as read.
    pub read: NewOfficeCommand,
}

fn mailbox(e: &mut FieldErrors, m: Option<&str>) -> Option<String> {
    let m = optional_line(e, "email", "อีเมล", m, 200);
    if m.as_deref().is_some_and(|m| !m.contains('@')) {
        e.add("email", "อีเมลไม่ถูกต้อง");
    }
    m
}

impl TryFrom<&NewOffice> for NewOfficeCommand {
    type Error = NewOfficeRefusal;

    /// The CLI's arguments, the API's JSON or the add form.
    fn try_from(i: &NewOffice) -> Result<Self, NewOfficeRefusal> {
        let mut e = FieldErrors::new();
        let name_th = optional_line(&mut e, "name_th", "ชื่อหน่วยงาน", i.name_th.as_deref(), 300);
        let email = mailbox(&mut e, i.email.as_deref());
        let code = optional_line(&mut e, "code", "รหัสหน่วยงาน", i.code.as_deref(), 64);
        let read = Self {
            province: i.province.trim().to_owned(),
            agency: i.agency.trim().to_owned(),
            name_th,
            code,
            email,
        };
        if e.is_empty() {
            Ok(read)
        } else {
            Err(NewOfficeRefusal { errors: e, read })
        }
    }
}

/// A change to an office, typed: `None` keeps the field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfficeChangeCommand {
    /// New name (NFC, one line, not blank).
    pub name_th: Option<String>,
    /// New mailbox; `Some(None)` clears it.
    pub email: Option<Option<String>>,
    /// In service since; `Some(None)` clears it.
    pub valid_from: Option<Option<NaiveDate>>,
    /// Closes the office on this date; `Some(None)` reopens it.
    pub valid_until: Option<Option<NaiveDate>>,
    /// Merges the office into this one.
    pub merged_into_id: Option<i32>,
}

/// A change that did not parse: its errors, and what was read (the fields that did not parse
/// left unchanged), for the service to check with the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfficeChangeRefusal {
    /// The messages, keyed by field.
    pub errors: FieldErrors,
    /// The change as read.
    pub read: OfficeChangeCommand,
}

fn read_date(e: &mut FieldErrors, field: &str, s: &str) -> Option<Option<NaiveDate>> {
    if s.trim().is_empty() {
        return Some(None);
    }
    e.check(field, parse_date(s)).map(Some)
}

impl TryFrom<&OfficeChange> for OfficeChangeCommand {
    type Error = OfficeChangeRefusal;

    /// The API's JSON or the office page's forms: dates ISO or BE (as accepted since the first
    /// version), a blank date or mailbox clears it.
    fn try_from(i: &OfficeChange) -> Result<Self, OfficeChangeRefusal> {
        let mut e = FieldErrors::new();
        let name_th = i
            .name_th
            .as_deref()
            .map(|n| required_line(&mut e, "name_th", "ชื่อหน่วยงาน", n, 300))
            .filter(|n| !n.is_empty());
        let email = i.email.as_deref().map(|m| mailbox(&mut e, Some(m)));
        let valid_from = i
            .valid_from
            .as_deref()
            .and_then(|d| read_date(&mut e, "valid_from", d));
        let valid_until = i
            .valid_until
            .as_deref()
            .and_then(|d| read_date(&mut e, "valid_until", d));
        let read = Self {
            name_th,
            email,
            valid_from,
            valid_until,
            merged_into_id: i.merged_into_id,
        };
        if e.is_empty() {
            Ok(read)
        } else {
            Err(OfficeChangeRefusal { errors: e, read })
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_new_office_is_parsed_into_types() {
        let c = NewOfficeCommand::try_from(&NewOffice {
            province: " TH-55 ".to_owned(),
            agency: " district_office ".to_owned(),
            name_th: Some(" ที่ว่าการอำเภอ  เมืองน่าน ".to_owned()),
            code: Some("  ".to_owned()),
            email: Some("a@example.go.th".to_owned()),
        })
        .unwrap();
        assert_eq!(c.province, "TH-55");
        assert_eq!(c.agency, "district_office");
        assert_eq!(c.name_th.as_deref(), Some("ที่ว่าการอำเภอ เมืองน่าน"));
        assert_eq!(c.code, None, "blank: the default code");
        assert_eq!(c.email.as_deref(), Some("a@example.go.th"));
    }

    #[test]
    fn new_office_errors_are_keyed_by_the_form_fields_and_keep_what_was_read() {
        let r = NewOfficeCommand::try_from(&NewOffice {
            province: "TH-55".to_owned(),
            agency: "x".to_owned(),
            name_th: Some("ก".repeat(301)),
            code: Some("ค".repeat(65)),
            email: Some("nobody".to_owned()),
        })
        .unwrap_err();
        assert!(r.errors.get("name_th").is_some());
        assert!(r.errors.get("code").is_some());
        assert_eq!(r.errors.get("email"), Some("อีเมลไม่ถูกต้อง"));
        assert_eq!(r.read.province, "TH-55");
        assert_eq!(r.read.agency, "x");
    }

    #[test]
    fn a_change_is_parsed_be_or_iso_and_blank_clears() {
        let c = OfficeChangeCommand::try_from(&OfficeChange {
            name_th: Some(" สำนักงาน  ใหม่ ".to_owned()),
            email: Some(String::new()),
            valid_from: Some("01/10/2568".to_owned()),
            valid_until: Some("2026-09-30".to_owned()),
            merged_into_id: Some(7),
        })
        .unwrap();
        assert_eq!(c.name_th.as_deref(), Some("สำนักงาน ใหม่"));
        assert_eq!(c.email, Some(None));
        assert_eq!(c.valid_from, Some(NaiveDate::from_ymd_opt(2025, 10, 1)));
        assert_eq!(c.valid_until, Some(NaiveDate::from_ymd_opt(2026, 9, 30)));
        assert_eq!(c.merged_into_id, Some(7));
        let c = OfficeChangeCommand::try_from(&OfficeChange {
            valid_until: Some(" ".to_owned()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(c.valid_until, Some(None), "blank reopens");
        assert_eq!(c.valid_from, None, "not given: kept");
        assert_eq!(
            OfficeChangeCommand::try_from(&OfficeChange::default()).unwrap(),
            OfficeChangeCommand::default()
        );
    }

    #[test]
    fn change_errors_are_keyed_by_the_form_fields() {
        let r = OfficeChangeCommand::try_from(&OfficeChange {
            name_th: Some(" ".to_owned()),
            email: Some("nobody".to_owned()),
            valid_from: Some("2568-10-01".to_owned()),
            valid_until: Some("วันไหน".to_owned()),
            merged_into_id: Some(3),
        })
        .unwrap_err();
        assert_eq!(r.errors.get("name_th"), Some("กรุณากรอกชื่อหน่วยงาน"));
        assert_eq!(r.errors.get("email"), Some("อีเมลไม่ถูกต้อง"));
        assert!(
            r.errors.get("valid_from").unwrap().contains("พุทธศักราช"),
            "{}",
            r.errors
        );
        assert!(r.errors.get("valid_until").is_some());
        assert_eq!(r.read.name_th, None);
        assert_eq!(r.read.valid_from, None, "not parsed: kept");
        assert_eq!(r.read.merged_into_id, Some(3));
    }
}
