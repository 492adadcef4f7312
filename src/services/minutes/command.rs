//! What the secretary writes and decides, typed, as the minutes' service takes it: a save
//! ([`SaveCommand`]: the lock the form was loaded from and the text, NFC and checked) and a
//! certification ([`CertifyCommand`]: the method as a [`Certification`]). Both are built from
//! the form or the API's JSON ([`SaveInput`], [`CertifyInput`]) by `TryFrom`, with Thai
//! messages keyed by the form's fields (`notes_<item id>`, `corrections_md`…). What needs the
//! database (the lock being current, the items belonging to the meeting, the certifying
//! meeting, the life cycle) is checked by the service.

use std::collections::BTreeMap;

use super::{CertifyInput, SaveInput, clean};
use chrono::NaiveDate;

use crate::domain::calendar::parse_date;
use crate::domain::fields::FieldErrors;
use crate::domain::minutes::{Certification, ItemNotes, Notes};
use crate::domain::text::normalize;

/// A save of the minutes' text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveCommand {
    /// Revision the form was loaded from.
    pub revision: i32,
    /// Lock token the form was loaded from.
    pub base: String,
    /// What is written, NFC and checked (items by agenda item id).
    pub notes: Notes,
    /// Comment for the revision, if any.
    pub comment: Option<String>,
}

impl TryFrom<&SaveInput> for SaveCommand {
    type Error = FieldErrors;

    /// The form's or the API's save: every text NFC, at most 50,000 characters, not nested
    /// too deeply.
    fn try_from(i: &SaveInput) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        let opening_md = clean(&i.notes.opening_md, "opening_md", &mut e);
        let closing_md = clean(&i.notes.closing_md, "closing_md", &mut e);
        let items: BTreeMap<i32, ItemNotes> = i
            .notes
            .items
            .iter()
            .map(|(id, typed)| {
                let notes_md = clean(&typed.notes_md, &format!("notes_{id}"), &mut e);
                let resolution_md =
                    clean(&typed.resolution_md, &format!("resolution_{id}"), &mut e);
                (
                    *id,
                    ItemNotes {
                        notes_md,
                        resolution_md,
                    },
                )
            })
            .collect();
        let comment = normalize(&i.comment);
        e.into_result(Self {
            revision: i.revision,
            base: i.base.clone(),
            notes: Notes {
                opening_md,
                closing_md,
                items,
            },
            comment: (!comment.is_empty()).then_some(comment),
        })
    }
}

/// A certification of the minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertifyCommand {
    /// How.
    pub method: Certification,
    /// The certifying meeting (next meeting only; checked by the service).
    pub by_meeting_id: Option<i32>,
    /// Corrections made at certification (Markdown, NFC); `None` for "without changes".
    pub corrections_md: Option<String>,
}

impl TryFrom<&CertifyInput> for CertifyCommand {
    type Error = FieldErrors;

    /// The form's or the API's certification.
    fn try_from(i: &CertifyInput) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        let method = i.method.parse::<Certification>().ok();
        if method.is_none() {
            e.add("method", "กรุณาเลือกวิธีการรับรอง");
        }
        let corrections = clean(&i.corrections_md, "corrections_md", &mut e);
        match method {
            Some(method) if e.is_empty() => Ok(Self {
                method,
                by_meeting_id: i.by_meeting_id,
                corrections_md: (!corrections.is_empty()).then_some(corrections),
            }),
            _ => Err(e),
        }
    }
}

/// The reply deadline of a circulation, as typed (a Thai date `30/11/2569`, or ISO): whether it
/// is not before today is the service's check.
pub fn deadline(s: &str) -> Result<NaiveDate, FieldErrors> {
    parse_date(s).map_err(|e| FieldErrors::one("deadline", e))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn save() -> SaveInput {
        let mut items = BTreeMap::new();
        items.insert(
            7,
            ItemNotes {
                notes_md: "ที่ประชุม  รับทราบ\r\nต่อ".to_owned(),
                resolution_md: String::new(),
            },
        );
        SaveInput {
            revision: 3,
            base: "abc".to_owned(),
            notes: Notes {
                opening_md: "เปิดประชุม".to_owned(),
                closing_md: String::new(),
                items,
            },
            comment: "  ".to_owned(),
        }
    }

    #[test]
    fn a_save_is_parsed_with_its_text_normalised() {
        let c = SaveCommand::try_from(&save()).unwrap();
        assert_eq!((c.revision, c.base.as_str()), (3, "abc"));
        assert_eq!(c.notes.items[&7].notes_md, "ที่ประชุม รับทราบ\nต่อ");
        assert_eq!(c.notes.opening_md, "เปิดประชุม");
        assert_eq!(c.comment, None, "a blank comment is none");
    }

    #[test]
    fn save_errors_are_keyed_by_the_form_fields() {
        let mut i = save();
        i.notes.closing_md = "ก".repeat(50_001);
        if let Some(n) = i.notes.items.get_mut(&7) {
            n.resolution_md = format!("{}x", ">".repeat(100));
        }
        let e = SaveCommand::try_from(&i).unwrap_err();
        assert_eq!(e.get("closing_md"), Some("ข้อความยาวเกิน 50000 ตัวอักษร"));
        assert!(e.get("resolution_7").is_some(), "{e}");
        assert!(e.get("notes_7").is_none());
    }

    #[test]
    fn a_certification_is_parsed_into_its_method() {
        let c = CertifyCommand::try_from(&CertifyInput {
            method: "next_meeting".to_owned(),
            by_meeting_id: Some(9),
            corrections_md: " แก้ชื่อผู้เข้าประชุม ".to_owned(),
        })
        .unwrap();
        assert_eq!(c.method, Certification::NextMeeting);
        assert_eq!(c.by_meeting_id, Some(9));
        assert_eq!(c.corrections_md.as_deref(), Some("แก้ชื่อผู้เข้าประชุม"));
        let none = CertifyCommand::try_from(&CertifyInput {
            method: "same_meeting".to_owned(),
            ..CertifyInput::default()
        })
        .unwrap();
        assert_eq!(none.corrections_md, None, "without changes");
        let e = CertifyCommand::try_from(&CertifyInput::default()).unwrap_err();
        assert_eq!(e.get("method"), Some("กรุณาเลือกวิธีการรับรอง"));
    }
}
