//! A directive as the service takes it, typed: the issuer's role an [`IssuerRole`], the text
//! NFC-normalised and required, ids as numbers, the target offices without repeats. Built from
//! the input the form and the API fill ([`DirectiveCommand::try_from`] a [`DirectiveInput`]);
//! errors are Thai messages keyed by the form's field names. What needs the database (the agenda
//! item and the issue belonging to the meeting, the offices to its provinces, the caller's
//! rights) is checked by the service.

use std::collections::BTreeSet;

use super::DirectiveInput;
use crate::domain::fields::{FieldErrors, optional_line, optional_text};
use crate::domain::rules::RuleViolation;
use crate::domain::status::IssuerRole;

/// A directive to draft, or what an edit makes of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveCommand {
    /// Who issued it.
    pub issuer_role: IssuerRole,
    /// Issuer's name or title as printed (one line).
    pub issuer_name: Option<String>,
    /// Agenda item (of the meeting: checked by the service).
    pub agenda_item_id: Option<i32>,
    /// Inspection issue (of the meeting's round: checked by the service).
    pub issue_id: Option<i32>,
    /// The text (Markdown, NFC, not blank).
    pub text_md: String,
    /// Target offices, ascending, each once (of the meeting's provinces: checked by the
    /// service).
    pub targets: Vec<i32>,
}

impl TryFrom<&DirectiveInput> for DirectiveCommand {
    type Error = FieldErrors;

    fn try_from(input: &DirectiveInput) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        let role = e.check(
            "issuer_role",
            input
                .issuer_role
                .parse::<IssuerRole>()
                .map_err(|_| "กรุณาเลือกผู้สั่งการ"),
        );
        let issuer_name = optional_line(
            &mut e,
            "issuer_name",
            "ชื่อผู้สั่งการ",
            input.issuer_name.as_deref(),
            300,
        );
        let text_md = optional_text(
            &mut e,
            "text_md",
            "ข้อความข้อสั่งการ",
            Some(&input.text_md),
            20_000,
        )
        .unwrap_or_default();
        if text_md.is_empty() {
            e.add(
                "text_md",
                RuleViolation::Required {
                    field: "ข้อความข้อสั่งการ",
                },
            );
        }
        let targets = input
            .target_office_ids
            .iter()
            .copied()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        match role {
            Some(issuer_role) if e.is_empty() => Ok(Self {
                issuer_role,
                issuer_name,
                agenda_item_id: input.agenda_item_id,
                issue_id: input.issue_id,
                text_md,
                targets,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> DirectiveInput {
        DirectiveInput {
            issuer_role: "inspector".to_owned(),
            issuer_name: Some("  ผู้ตรวจราชการ   กระทรวงมหาดไทย ".to_owned()),
            agenda_item_id: Some(7),
            issue_id: None,
            // NFD: sara am written as nikhahit + sara aa.
            text_md: "  ให้จังหวัดรายงานผล\u{0E4D}\u{0E32}  \n".to_owned(),
            target_office_ids: vec![5, 3, 5],
        }
    }

    #[test]
    fn the_input_is_parsed_into_types() {
        let c = DirectiveCommand::try_from(&input()).unwrap();
        assert_eq!(c.issuer_role, IssuerRole::Inspector);
        assert_eq!(c.issuer_name.as_deref(), Some("ผู้ตรวจราชการ กระทรวงมหาดไทย"));
        assert_eq!(c.agenda_item_id, Some(7));
        assert_eq!(c.text_md, "ให้จังหวัดรายงานผล\u{0E33}", "NFC, trimmed");
        assert_eq!(c.targets, [3, 5], "each office once");
    }

    #[test]
    fn errors_are_keyed_by_the_form_fields_in_thai() {
        let e = DirectiveCommand::try_from(&DirectiveInput {
            issuer_role: "nobody".to_owned(),
            issuer_name: Some("ก".repeat(301)),
            text_md: "   ".to_owned(),
            ..input()
        })
        .unwrap_err();
        assert_eq!(e.get("issuer_role"), Some("กรุณาเลือกผู้สั่งการ"));
        assert_eq!(e.get("issuer_name"), Some("ชื่อผู้สั่งการยาวเกิน 300 ตัวอักษร"));
        assert_eq!(e.get("text_md"), Some("กรุณากรอกข้อความข้อสั่งการ"));
    }
}
