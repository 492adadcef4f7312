//! Commands for the services, written the short way in tests: a directive, actions (their due
//! dates as typed in BE, read by the app's own date parser) and a progress report are built as
//! the typed commands the pages and the API parse their input into, then given to the same
//! services.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use prachum::domain::calendar::parse_date;
use prachum::domain::status::IssuerRole;
use prachum::services::actions::{ActionsCommand, NewAction};
use prachum::services::directives::DirectiveCommand;

/// A directive by `issuer_role` with `text_md` to `targets` (put ascending, each once, as the
/// parser leaves them); no issuer's name, agenda item or issue.
pub fn directive(issuer_role: IssuerRole, text_md: &str, targets: &[i32]) -> DirectiveCommand {
    DirectiveCommand {
        issuer_role,
        issuer_name: None,
        agenda_item_id: None,
        issue_id: None,
        text_md: text_md.to_owned(),
        targets: targets
            .iter()
            .copied()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
    }
}

/// An action for `office_id` titled `title`, nothing else set (its row is set by [`actions`]).
pub fn action(office_id: i32, title: &str) -> NewAction {
    NewAction {
        row: 0,
        office_id,
        title: title.to_owned(),
        expected_md: None,
        due: None,
        horizon: None,
        metric_name: None,
        metric_unit: None,
        metric_target: None,
    }
}

/// A date as typed in the Thai form (`30/09/2570`).
pub fn be(typed: &str) -> NaiveDate {
    parse_date(typed).unwrap_or_else(|e| panic!("{typed}: {e:?}"))
}

/// Actions to create, their rows numbered in order; `confirm` a due date before the meeting.
pub fn actions(rows: impl IntoIterator<Item = NewAction>, confirm: bool) -> ActionsCommand {
    ActionsCommand {
        actions: rows
            .into_iter()
            .enumerate()
            .map(|(row, a)| NewAction { row, ..a })
            .collect(),
        confirm,
    }
}
