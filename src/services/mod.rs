//! Use-cases shared by the web screens, the JSON API and the CLI: each takes a [`Ctx`] (who
//! acts, and when), checks the scope and permission rules of `domain::access`, validates, and
//! writes in one transaction together with its audit event.

pub mod action_filter;
pub mod actions;
pub mod agenda;
pub mod answers;
pub mod attendance;
pub mod audit;
pub mod calendar;
pub mod dashboard;
pub mod deliveries;
pub mod directives;
pub mod exports;
pub mod home;
pub mod lookup;
pub mod meeting_page;
pub mod meetings;
pub mod minutes;
pub mod office_registry;
pub mod offices;
pub mod report;
pub mod rounds;
pub mod scope;
pub mod search;
pub mod series;
pub mod updates;
pub mod users;

use chrono::{DateTime, NaiveDate, Utc};

use crate::auth::Identity;
use crate::domain::access::Actor;
use crate::domain::status::Role;
use crate::state::Clock;

/// Who acts and when.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// Scope and permissions.
    pub actor: Actor,
    /// The account, or `None` for the command line.
    pub user_id: Option<i32>,
    /// Shown in audit events.
    pub label: String,
    /// The instant of the action.
    pub now: DateTime<Utc>,
    /// Today in Bangkok.
    pub today: NaiveDate,
}

impl Ctx {
    /// A signed-in user acting now.
    pub fn of(who: &Identity, clock: &Clock) -> Self {
        Self {
            actor: who.actor.clone(),
            user_id: Some(who.user_id),
            label: who.audit_label(),
            now: clock.now(),
            today: clock.today(),
        }
    }

    /// The same caller and instant with full rights: for assembling official documents, whose
    /// content must not depend on who reads them (the caller's own scope is checked first).
    pub fn with_full_rights(&self) -> Self {
        Self {
            actor: Actor::new(0, Role::Admin, Default::default(), None, None),
            ..self.clone()
        }
    }

    /// The command line (an operator with full rights).
    pub fn system(clock: &Clock) -> Self {
        Self {
            actor: Actor::new(0, Role::Admin, Default::default(), None, None),
            user_id: None,
            label: "ผู้ดูแลระบบ (คำสั่ง prachum)".to_owned(),
            now: clock.now(),
            today: clock.today(),
        }
    }
}
