//! An agenda item as the service takes it, typed ([`ItemCommand`]): ids, minutes as a number,
//! NFC text. It is built from the web form ([`ItemCommand::try_from`] an [`ItemInput`]) or from
//! the API's JSON (`api::meetings`: numbers already), through the same field readers, so the
//! Thai messages are keyed by the form's field names for both. What needs the database (the
//! section, the parent item, the office and the issue existing in the meeting) is checked by the
//! service.

use super::items::ItemInput;
use crate::domain::calendar::to_arabic_digits;
use crate::domain::fields::{FieldErrors, optional_line, optional_text, required_line};

/// The parent item as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Parent {
    /// None: a main item.
    #[default]
    None,
    /// A sub-item of this item (checked by the service).
    Item(i32),
    /// Something that is no item id: "not found" — unless the item fills itself, whose place
    /// is fixed and the parent ignored.
    NotAnId,
}

/// An agenda item to add, or what an edit makes of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemCommand {
    /// Section; `None` when blank or not a number ("choose a section", unless the item fills
    /// itself: its section is fixed).
    pub section_id: Option<i32>,
    /// Parent item.
    pub parent: Parent,
    /// Title (NFC, one line).
    pub title: String,
    /// Presenter office (checked by the service).
    pub presenter_office_id: Option<i32>,
    /// Presenter's name.
    pub presenter_name: Option<String>,
    /// Minutes allotted, 1–600.
    pub time_budget_minutes: Option<i32>,
    /// Linked issue (checked by the service).
    pub issue_id: Option<i32>,
    /// Notes (Markdown).
    pub notes_md: Option<String>,
    /// Resolution (Markdown).
    pub resolution_md: Option<String>,
}

const OFFICE_NOT_FOUND: &str = "ไม่พบหน่วยงานนี้";
const ISSUE_NOT_FOUND: &str = "ไม่พบประเด็นการตรวจนี้";
const BUDGET: &str = "เวลาที่ใช้ต้องเป็นจำนวนนาที 1–600";

/// An id typed in the form: blank is none, anything else must be a number.
fn id_of(s: &str) -> Option<Result<i32, ()>> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.parse::<i32>().map_err(|_| ()))
}

/// The readers of an item's fields, shared by the form and the API (`api::meetings`): each
/// records its Thai message under the form's field name.
#[derive(Debug, Default)]
pub struct ItemFields {
    errors: FieldErrors,
}

impl ItemFields {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The title (required).
    pub fn title(&mut self, s: &str) -> String {
        required_line(&mut self.errors, "title", "เรื่อง", s, 1000)
    }

    /// The presenter's name.
    pub fn presenter_name(&mut self, s: &str) -> Option<String> {
        optional_line(&mut self.errors, "presenter_name", "ผู้นำเสนอ", Some(s), 200)
    }

    /// Minutes as a number: 1–600.
    pub fn budget(&mut self, n: Option<i64>) -> Option<i32> {
        match n {
            None => None,
            Some(n) if (1..=600).contains(&n) => i32::try_from(n).ok(),
            Some(_) => {
                self.errors.add("time_budget_minutes", BUDGET);
                None
            }
        }
    }

    /// Minutes as typed (Thai digits read).
    pub fn typed_budget(&mut self, s: &str) -> Option<i32> {
        match s.trim() {
            "" => None,
            t => match to_arabic_digits(t).parse::<u16>() {
                Ok(n) => self.budget(Some(i64::from(n))),
                Err(_) => {
                    self.errors.add("time_budget_minutes", BUDGET);
                    None
                }
            },
        }
    }

    /// An id typed in the form (`message` when it is not a number).
    pub fn typed_id(&mut self, field: &str, s: &str, message: &str) -> Option<i32> {
        match id_of(s) {
            None => None,
            Some(Ok(id)) => Some(id),
            Some(Err(())) => {
                self.errors.add(field, message);
                None
            }
        }
    }

    /// The notes.
    pub fn notes(&mut self, s: &str) -> Option<String> {
        optional_text(&mut self.errors, "notes_md", "สาระสำคัญ", Some(s), 20_000)
    }

    /// The resolution.
    pub fn resolution(&mut self, s: &str) -> Option<String> {
        optional_text(
            &mut self.errors,
            "resolution_md",
            "มติที่ประชุม",
            Some(s),
            20_000,
        )
    }

    /// `Ok(value)` when every field read was valid, else the messages.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        self.errors.into_result(value)
    }
}

impl TryFrom<&ItemInput> for ItemCommand {
    type Error = FieldErrors;

    /// The web form: ids and minutes as typed.
    fn try_from(i: &ItemInput) -> Result<Self, FieldErrors> {
        let mut f = ItemFields::new();
        let title = f.title(&i.title);
        let presenter_office_id = f.typed_id(
            "presenter_office_id",
            &i.presenter_office_id,
            OFFICE_NOT_FOUND,
        );
        let issue_id = f.typed_id("issue_id", &i.issue_id, ISSUE_NOT_FOUND);
        let presenter_name = f.presenter_name(&i.presenter_name);
        let time_budget_minutes = f.typed_budget(&i.time_budget_minutes);
        let notes_md = f.notes(&i.notes_md);
        let resolution_md = f.resolution(&i.resolution_md);
        f.into_result(Self {
            section_id: id_of(&i.section_id).and_then(Result::ok),
            parent: match id_of(&i.parent_item_id) {
                None => Parent::None,
                Some(Ok(id)) => Parent::Item(id),
                Some(Err(())) => Parent::NotAnId,
            },
            title,
            presenter_office_id,
            presenter_name,
            time_budget_minutes,
            issue_id,
            notes_md,
            resolution_md,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn form() -> ItemInput {
        ItemInput {
            section_id: " 12 ".to_owned(),
            parent_item_id: "7".to_owned(),
            title: "  รายงานผล   การตรวจ ".to_owned(),
            presenter_office_id: "3".to_owned(),
            time_budget_minutes: "๑๕".to_owned(),
            notes_md: "สาระ\r\n".to_owned(),
            ..ItemInput::default()
        }
    }

    #[test]
    fn the_form_is_parsed_into_types() {
        let c = ItemCommand::try_from(&form()).unwrap();
        assert_eq!(c.section_id, Some(12));
        assert_eq!(c.parent, Parent::Item(7));
        assert_eq!(c.title, "รายงานผล การตรวจ");
        assert_eq!(c.presenter_office_id, Some(3));
        assert_eq!(c.time_budget_minutes, Some(15), "Thai digits read");
        assert_eq!(c.notes_md.as_deref(), Some("สาระ"));
        assert_eq!(c.presenter_name, None);
        assert_eq!(c.issue_id, None);
    }

    #[test]
    fn ids_that_are_not_numbers_are_left_to_the_service_or_refused() {
        let mut f = form();
        f.section_id = "x".to_owned();
        f.parent_item_id = "y".to_owned();
        let c = ItemCommand::try_from(&f).unwrap();
        assert_eq!(c.section_id, None, "the service asks for a section");
        assert_eq!(c.parent, Parent::NotAnId);
        f.presenter_office_id = "z".to_owned();
        f.issue_id = "w".to_owned();
        let e = ItemCommand::try_from(&f).unwrap_err();
        assert_eq!(e.get("presenter_office_id"), Some("ไม่พบหน่วยงานนี้"));
        assert_eq!(e.get("issue_id"), Some("ไม่พบประเด็นการตรวจนี้"));
    }

    #[test]
    fn errors_are_keyed_by_the_form_fields() {
        let mut f = form();
        f.title = "  ".to_owned();
        f.time_budget_minutes = "601".to_owned();
        f.presenter_name = "ก".repeat(201);
        let e = ItemCommand::try_from(&f).unwrap_err();
        assert_eq!(e.get("title"), Some("กรุณากรอกเรื่อง"));
        assert_eq!(
            e.get("time_budget_minutes"),
            Some("เวลาที่ใช้ต้องเป็นจำนวนนาที 1–600")
        );
        assert!(e.get("presenter_name").is_some(), "{e}");
        f.time_budget_minutes = "0".to_owned();
        let e = ItemCommand::try_from(&f).unwrap_err();
        assert!(e.get("time_budget_minutes").is_some());
    }
}
