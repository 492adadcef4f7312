//! An account as the service takes it, typed ([`AccountCommand`]): a normalised email, the
//! name, the [`Role`], the scope as given (zones by number, a province by code, an office by
//! id) and a password that meets the policy. Built by `TryFrom` from an [`AccountInput`] (the
//! admin form once its numbers are read, the CLI, the first-admin setup). What needs the
//! database (the email free, the zones, province and office existing, the role's scope given)
//! is checked by the service; an account that did not parse is refused with those checks too
//! ([`AccountRefusal`], answered by [`super::refused`]), so that the form shows every error at
//! once.

use super::AccountInput;
use crate::auth::login::normalize_email;
use crate::auth::password;
use crate::domain::fields::{FieldErrors, required_line};
use crate::domain::status::Role;

/// An account to create, or what an edit makes of it, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountCommand {
    /// Login email, trimmed and lower-case.
    pub email: String,
    /// Name shown (NFC, one line).
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Zone numbers.
    pub zones: Vec<i32>,
    /// Province code as given (`None` when blank).
    pub province: Option<String>,
    /// Agency office id.
    pub office_id: Option<i32>,
    /// A new password, meeting the policy (`None`: none on creation, unchanged on an edit).
    pub password: Option<String>,
}

/// An account that did not parse: its errors, and what the service still checks against the
/// database with them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountRefusal {
    /// The messages, keyed by field.
    pub errors: FieldErrors,
    /// The email, when it reads as one.
    pub email: Option<String>,
    /// The role, when known.
    pub role: Option<Role>,
    /// Zone numbers.
    pub zones: Vec<i32>,
    /// Province code.
    pub province: Option<String>,
    /// Agency office id.
    pub office_id: Option<i32>,
}

impl TryFrom<&AccountInput> for AccountCommand {
    type Error = AccountRefusal;

    fn try_from(input: &AccountInput) -> Result<Self, AccountRefusal> {
        let mut e = FieldErrors::new();
        let email = normalize_email(&input.email);
        if !email.contains('@') || email.len() > 200 || email.contains(char::is_whitespace) {
            e.add("email", "กรุณากรอกอีเมลให้ถูกต้อง");
        }
        let display_name = required_line(&mut e, "display_name", "ชื่อ", &input.display_name, 200);
        let role = e.check("role", input.role.parse::<Role>());
        // Without a password the account cannot sign in until one is set (agency heads may
        // answer by signed link only).
        let password = input.password.clone().filter(|p| !p.is_empty());
        if let Some(p) = password.as_deref() {
            e.check("password", password::check_policy(p));
        }
        let province = input
            .province
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .map(str::to_owned);
        match role {
            Some(role) if e.is_empty() => Ok(Self {
                email,
                display_name,
                role,
                zones: input.zones.clone(),
                province,
                office_id: input.office_id,
                password,
            }),
            _ => Err(AccountRefusal {
                email: e.get("email").is_none().then_some(email),
                errors: e,
                role,
                zones: input.zones.clone(),
                province,
                office_id: input.office_id,
            }),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn input() -> AccountInput {
        AccountInput {
            email: " Insp14@Example.ORG ".to_owned(),
            display_name: "ผู้ตรวจ  เขต 14".to_owned(),
            role: "inspector".to_owned(),
            zones: vec![14],
            province: Some(" ".to_owned()),
            office_id: None,
            password: Some(String::new()),
        }
    }

    #[test]
    fn an_account_is_parsed_into_types() {
        let c = AccountCommand::try_from(&input()).unwrap();
        assert_eq!(c.email, "insp14@example.org");
        assert_eq!(c.display_name, "ผู้ตรวจ เขต 14");
        assert_eq!(c.role, Role::Inspector);
        assert_eq!(c.zones, [14]);
        assert_eq!(c.province, None, "blank");
        assert_eq!(c.password, None, "blank: none");
    }

    #[test]
    fn account_errors_are_keyed_by_the_form_fields_and_keep_the_scope() {
        let bad = AccountInput {
            email: "no at".to_owned(),
            display_name: String::new(),
            role: "emperor".to_owned(),
            province: Some("TH-33".to_owned()),
            password: Some("short".to_owned()),
            ..input()
        };
        let r = AccountCommand::try_from(&bad).unwrap_err();
        assert_eq!(r.errors.get("email"), Some("กรุณากรอกอีเมลให้ถูกต้อง"));
        assert_eq!(r.errors.get("display_name"), Some("กรุณากรอกชื่อ"));
        assert!(r.errors.get("role").is_some());
        assert!(r.errors.get("password").is_some());
        assert_eq!(r.email, None);
        assert_eq!(r.role, None);
        assert_eq!(r.province.as_deref(), Some("TH-33"));
        let r = AccountCommand::try_from(&AccountInput {
            display_name: String::new(),
            ..input()
        })
        .unwrap_err();
        assert_eq!(r.email.as_deref(), Some("insp14@example.org"));
        assert_eq!(r.role, Some(Role::Inspector));
    }
}
