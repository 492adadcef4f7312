//! Who may see and change what: the scope of a user (zones, a province, an office) and the
//! permissions of each role, defined once. Queries filter by [`Scope`]; handlers ask
//! [`Actor`] before writing. Pure: ids are plain integers.

use std::collections::BTreeSet;

use super::status::Role;

/// The part of the country a user works in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Everything (administrators).
    Everything,
    /// The provinces of these zones (inspectors, zone viewers).
    Zones(BTreeSet<i32>),
    /// One province (provincial offices, provincial viewers).
    Province(i32),
    /// One agency office, in a province (agency heads).
    Office {
        /// The office.
        office_id: i32,
        /// Its province.
        province_id: i32,
    },
    /// Nothing (an account missing its zone, province or office sees nothing).
    Nothing,
}

/// Where an object sits, for checking it against a [`Scope`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Location {
    /// The zone of the object's province (or of a zone-wide meeting).
    pub zone_id: Option<i32>,
    /// The province.
    pub province_id: Option<i32>,
    /// The responsible office (actions) or an invited office (meetings).
    pub office_id: Option<i32>,
}

impl Scope {
    /// Whether the scope alone keeps a list to one province or less (a provincial office, an
    /// agency head): such lists are small enough to filter row by row.
    pub fn within_one_province(&self) -> bool {
        matches!(self, Self::Province(_) | Self::Office { .. })
    }

    /// Whether an object at `at` is visible within this scope.
    pub fn covers(&self, at: Location) -> bool {
        match self {
            Self::Everything => true,
            Self::Zones(zones) => at.zone_id.is_some_and(|z| zones.contains(&z)),
            Self::Province(p) => at.province_id == Some(*p),
            Self::Office { office_id, .. } => at.office_id == Some(*office_id),
            Self::Nothing => false,
        }
    }

    /// Whether this scope reads what the minutes record (item notes, resolutions, opening and
    /// closing words) in minutes of state `minutes`: an agency head reads them once the minutes
    /// are circulated, never as a draft; every other scope that covers the meeting reads them.
    /// The one rule for the minutes page, the meeting page, the agenda page and the API.
    pub fn reads_minutes_text(&self, minutes: super::status::MinutesState) -> bool {
        !matches!(self, Self::Office { .. }) || minutes != super::status::MinutesState::Draft
    }
}

/// A signed-in user as the rules see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The user's id.
    pub user_id: i32,
    /// The role.
    pub role: Role,
    /// The scope.
    pub scope: Scope,
}

impl Actor {
    /// Builds the actor from the account's role and its zone, province and office.
    pub fn new(
        user_id: i32,
        role: Role,
        zones: BTreeSet<i32>,
        province_id: Option<i32>,
        office: Option<(i32, i32)>,
    ) -> Self {
        let scope = match role {
            Role::Admin => Scope::Everything,
            Role::Inspector if !zones.is_empty() => Scope::Zones(zones),
            Role::ProvincialOffice => province_id.map_or(Scope::Nothing, Scope::Province),
            Role::AgencyHead => {
                office.map_or(Scope::Nothing, |(office_id, province_id)| Scope::Office {
                    office_id,
                    province_id,
                })
            }
            Role::Viewer => match (province_id, zones.is_empty()) {
                (Some(p), _) => Scope::Province(p),
                (None, false) => Scope::Zones(zones),
                (None, true) => Scope::Nothing,
            },
            Role::Inspector => Scope::Nothing,
        };
        Self {
            user_id,
            role,
            scope,
        }
    }

    /// Reads anything within scope.
    pub fn can_read(&self, at: Location) -> bool {
        self.scope.covers(at)
    }

    /// Creates or edits meetings, agendas, attendance and minutes within scope.
    pub fn can_manage_meetings(&self, at: Location) -> bool {
        matches!(
            self.role,
            Role::Admin | Role::ProvincialOffice | Role::Inspector
        ) && self.scope.covers(at)
    }

    /// Drafts directives (the province or the inspector).
    pub fn can_draft_directives(&self, at: Location) -> bool {
        self.can_manage_meetings(at)
    }

    /// Publishes directives and accepts or returns updates: inspectors and administrators only.
    pub fn can_publish(&self, at: Location) -> bool {
        matches!(self.role, Role::Admin | Role::Inspector) && self.scope.covers(at)
    }

    /// Posts a progress update on an action: its own office's head, or the provincial office
    /// on the head's behalf (recorded as such), or an administrator.
    pub fn can_post_update(&self, at: Location) -> bool {
        match self.role {
            Role::Admin => true,
            Role::AgencyHead | Role::ProvincialOffice => self.scope.covers(at),
            Role::Inspector | Role::Viewer => false,
        }
    }

    /// Reads the delivery log of email and resends messages: administrators, and the
    /// provincial office within its province.
    pub fn can_manage_mail(&self, at: Location) -> bool {
        matches!(self.role, Role::Admin | Role::ProvincialOffice) && self.scope.covers(at)
    }

    /// Manages users, offices and heads.
    pub fn can_administer(&self) -> bool {
        self.role == Role::Admin
    }

    /// Adds offices in a province: administrators anywhere, a provincial office in its own.
    pub fn can_add_offices(&self, province_id: i32) -> bool {
        self.role == Role::Admin
            || self.role == Role::ProvincialOffice && self.scope == Scope::Province(province_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SISAKET: i32 = 33;
    const KALASIN: i32 = 46;
    const ZONE14: i32 = 14;
    const ZONE12: i32 = 12;
    const SISAKET_CDD: i32 = 500;
    const SISAKET_PHO: i32 = 501;

    fn sisaket_action(office: i32) -> Location {
        Location {
            zone_id: Some(ZONE14),
            province_id: Some(SISAKET),
            office_id: Some(office),
        }
    }

    fn kalasin_action() -> Location {
        Location {
            zone_id: Some(ZONE12),
            province_id: Some(KALASIN),
            office_id: Some(900),
        }
    }

    fn actor(role: Role) -> Actor {
        Actor::new(
            1,
            role,
            BTreeSet::from([ZONE14]),
            Some(SISAKET),
            Some((SISAKET_CDD, SISAKET)),
        )
    }

    #[test]
    fn every_role_sees_only_its_scope() {
        for role in Role::ALL.iter().copied() {
            let a = actor(role);
            assert!(
                a.can_read(sisaket_action(SISAKET_CDD)),
                "{role:?} reads its own"
            );
            assert_eq!(
                a.can_read(kalasin_action()),
                role == Role::Admin,
                "{role:?} and another zone"
            );
        }
        let head = actor(Role::AgencyHead);
        assert!(
            !head.can_read(sisaket_action(SISAKET_PHO)),
            "another office of the same province"
        );
    }

    #[test]
    fn only_inspectors_and_admins_publish() {
        assert!(actor(Role::Inspector).can_publish(sisaket_action(SISAKET_CDD)));
        assert!(actor(Role::Admin).can_publish(kalasin_action()));
        for role in [Role::ProvincialOffice, Role::AgencyHead, Role::Viewer] {
            assert!(
                !actor(role).can_publish(sisaket_action(SISAKET_CDD)),
                "{role:?}"
            );
        }
        assert!(
            !actor(Role::Inspector).can_publish(kalasin_action()),
            "outside the zones"
        );
    }

    #[test]
    fn updates_come_from_the_office_or_the_province_on_its_behalf() {
        assert!(actor(Role::AgencyHead).can_post_update(sisaket_action(SISAKET_CDD)));
        assert!(!actor(Role::AgencyHead).can_post_update(sisaket_action(SISAKET_PHO)));
        assert!(actor(Role::ProvincialOffice).can_post_update(sisaket_action(SISAKET_PHO)));
        assert!(!actor(Role::ProvincialOffice).can_post_update(kalasin_action()));
        assert!(!actor(Role::Viewer).can_post_update(sisaket_action(SISAKET_CDD)));
    }

    #[test]
    fn mail_log_is_for_admins_and_the_province() {
        let here = sisaket_action(SISAKET_CDD);
        assert!(actor(Role::Admin).can_manage_mail(kalasin_action()));
        assert!(actor(Role::ProvincialOffice).can_manage_mail(here));
        assert!(!actor(Role::ProvincialOffice).can_manage_mail(kalasin_action()));
        for role in [Role::Inspector, Role::AgencyHead, Role::Viewer] {
            assert!(!actor(role).can_manage_mail(here), "{role:?}");
        }
    }

    #[test]
    fn viewers_never_write() {
        let v = actor(Role::Viewer);
        let here = sisaket_action(SISAKET_CDD);
        assert!(v.can_read(here));
        assert!(
            !v.can_manage_meetings(here) && !v.can_draft_directives(here) && !v.can_administer()
        );
    }

    #[test]
    fn an_account_without_its_scope_sees_nothing() {
        let inspector = Actor::new(2, Role::Inspector, BTreeSet::new(), None, None);
        assert_eq!(inspector.scope, Scope::Nothing);
        assert!(!inspector.can_read(sisaket_action(SISAKET_CDD)));
        let office = Actor::new(3, Role::ProvincialOffice, BTreeSet::new(), None, None);
        assert!(!office.can_read(sisaket_action(SISAKET_CDD)));
    }
}
