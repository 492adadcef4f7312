//! The writes of an office's head and contacts as the service takes them, typed:
//! [`HeadCommand`] (from a [`HeadInput`]: the form or a CSV line; the start date BE
//! `01/10/2565` or ISO `2022-10-01`, as both have always been accepted) and [`ContactCommand`]
//! (from a [`ContactInput`]). Errors are Thai messages keyed by the form's field names. What
//! needs the database (the office, the current head's start date) is checked by the service.

use chrono::NaiveDate;

use super::{ContactInput, HeadInput, parse_any_date};
use crate::domain::fields::{FieldErrors, optional_line, required_line};

/// A head of an office, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadCommand {
    /// Honorific.
    pub honorific: Option<String>,
    /// Full name (NFC, one line).
    pub full_name: String,
    /// Title as printed.
    pub title_as_printed: String,
    /// Email, lower-case.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Acting.
    pub acting: bool,
    /// In office since.
    pub valid_from: NaiveDate,
}

/// An office's contact fields, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactCommand {
    /// Office email.
    pub email: Option<String>,
    /// Office phone.
    pub phone: Option<String>,
    /// Contact person.
    pub contact_name: Option<String>,
    /// Contact person's email.
    pub contact_email: Option<String>,
}

fn check_email(e: &mut FieldErrors, field: &str, v: &Option<String>) {
    if let Some(v) = v
        && (!v.contains('@') || v.contains(char::is_whitespace))
    {
        e.add(field, "กรุณากรอกอีเมลให้ถูกต้อง");
    }
}

impl TryFrom<&HeadInput> for HeadCommand {
    type Error = FieldErrors;

    /// The head form or a CSV line.
    fn try_from(input: &HeadInput) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        let honorific = optional_line(
            &mut e,
            "honorific",
            "คำนำหน้า",
            input.honorific.as_deref(),
            50,
        );
        let full_name = required_line(&mut e, "full_name", "ชื่อ-นามสกุล", &input.full_name, 200);
        let title_as_printed = required_line(
            &mut e,
            "title_as_printed",
            "ตำแหน่งตามที่พิมพ์",
            &input.title_as_printed,
            300,
        );
        let email = optional_line(&mut e, "email", "อีเมล", input.email.as_deref(), 200);
        check_email(&mut e, "email", &email);
        let phone = optional_line(&mut e, "phone", "โทรศัพท์", input.phone.as_deref(), 50);
        let valid_from = if input.valid_from.trim().is_empty() {
            e.add("valid_from", "กรุณากรอกวันที่เริ่มดำรงตำแหน่ง");
            None
        } else {
            e.check("valid_from", parse_any_date(&input.valid_from))
        };
        match valid_from {
            Some(valid_from) if e.is_empty() => Ok(Self {
                honorific,
                full_name,
                title_as_printed,
                email: email.map(|s| s.to_lowercase()),
                phone,
                acting: input.acting,
                valid_from,
            }),
            _ => Err(e),
        }
    }
}

impl TryFrom<&ContactInput> for ContactCommand {
    type Error = FieldErrors;

    /// The contact form.
    fn try_from(input: &ContactInput) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        let email = optional_line(&mut e, "email", "อีเมลหน่วยงาน", input.email.as_deref(), 200);
        check_email(&mut e, "email", &email);
        let phone = optional_line(&mut e, "phone", "โทรศัพท์", input.phone.as_deref(), 50);
        let contact_name = optional_line(
            &mut e,
            "contact_name",
            "ผู้ประสานงาน",
            input.contact_name.as_deref(),
            200,
        );
        let contact_email = optional_line(
            &mut e,
            "contact_email",
            "อีเมลผู้ประสานงาน",
            input.contact_email.as_deref(),
            200,
        );
        check_email(&mut e, "contact_email", &contact_email);
        e.into_result(Self {
            email,
            phone,
            contact_name,
            contact_email,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn head() -> HeadInput {
        HeadInput {
            honorific: Some(" นาย ".to_owned()),
            full_name: "สมชาย  ใจดี".to_owned(),
            title_as_printed: "พัฒนาการจังหวัด".to_owned(),
            email: Some("Head@Example.ORG".to_owned()),
            phone: None,
            acting: true,
            valid_from: "01/10/2565".to_owned(),
        }
    }

    #[test]
    fn a_head_is_parsed_into_types_be_or_iso() {
        let c = HeadCommand::try_from(&head()).unwrap();
        assert_eq!(c.honorific.as_deref(), Some("นาย"));
        assert_eq!(c.full_name, "สมชาย ใจดี");
        assert_eq!(c.email.as_deref(), Some("head@example.org"));
        assert!(c.acting);
        assert_eq!(c.valid_from, NaiveDate::from_ymd_opt(2022, 10, 1).unwrap());
        let iso = HeadInput {
            valid_from: "2022-10-01".to_owned(),
            ..head()
        };
        assert_eq!(HeadCommand::try_from(&iso).unwrap(), c);
    }

    #[test]
    fn head_and_contact_errors_are_keyed_by_the_form_fields() {
        let bad = HeadInput {
            full_name: String::new(),
            email: Some("not an email".to_owned()),
            valid_from: "2565-10-01".to_owned(),
            ..head()
        };
        let e = HeadCommand::try_from(&bad).unwrap_err();
        assert_eq!(e.get("full_name"), Some("กรุณากรอกชื่อ-นามสกุล"));
        assert_eq!(e.get("email"), Some("กรุณากรอกอีเมลให้ถูกต้อง"));
        assert!(e.get("valid_from").is_some(), "a BE year in ISO form");
        let blank = HeadInput {
            valid_from: " ".to_owned(),
            ..head()
        };
        assert_eq!(
            HeadCommand::try_from(&blank).unwrap_err().get("valid_from"),
            Some("กรุณากรอกวันที่เริ่มดำรงตำแหน่ง")
        );
        let c = ContactCommand::try_from(&ContactInput {
            email: Some(" office@example.org ".to_owned()),
            contact_email: Some("x".to_owned()),
            ..ContactInput::default()
        })
        .unwrap_err();
        assert_eq!(c.get("contact_email"), Some("กรุณากรอกอีเมลให้ถูกต้อง"));
        assert!(c.get("email").is_none());
        let ok = ContactCommand::try_from(&ContactInput {
            email: Some(" office@example.org ".to_owned()),
            ..ContactInput::default()
        })
        .unwrap();
        assert_eq!(ok.email.as_deref(), Some("office@example.org"));
        assert_eq!(ok.contact_name, None);
    }
}
