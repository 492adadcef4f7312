//! Accounts and who is asking: password hashing, database sessions, API tokens, calendar feed
//! tokens, login throttling, the first-administrator setup links and the [`Identity`] every request handler receives. The web layer that reads
//! cookies and headers lives in `web::identity`.

pub mod calendar_feed;
pub mod key_file;
pub mod login;
pub mod password;
pub mod secret;
pub mod session;
pub mod setup;
pub mod throttle;
pub mod token;

use std::collections::BTreeSet;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;

use crate::db::entities::{user_zones, users};
use crate::domain::access::Actor;
use crate::domain::status::Role;

/// How the request proved who it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// A browser session cookie (forms need the CSRF token).
    Session,
    /// An API bearer token.
    Token,
    /// A calendar feed's secret URL (reads the feed alone).
    Feed,
}

/// A signed-in user, as resolved once per request.
#[derive(Debug, Clone, Serialize)]
pub struct Identity {
    /// Account id.
    pub user_id: i32,
    /// Login email.
    pub email: String,
    /// Name shown in the UI and in audit events.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// The account's province (provincial office, agency head, provincial viewer).
    pub province_id: Option<i32>,
    /// The account's office (agency head).
    pub office_id: Option<i32>,
    /// The account's zones (inspector, zone viewer).
    pub zones: BTreeSet<i32>,
    /// The session's CSRF token (sessions only).
    #[serde(skip)]
    pub csrf: Option<String>,
    /// Session or token.
    pub via: Via,
    /// Scope and permissions.
    #[serde(skip)]
    pub actor: Actor,
}

impl Identity {
    /// Builds the identity of an active account: one more query for inspectors and viewers
    /// (their zones), none for other roles.
    pub async fn load<C: ConnectionTrait>(
        db: &C,
        user: users::Model,
        via: Via,
        csrf: Option<String>,
    ) -> Result<Option<Self>, DbErr> {
        if !user.active {
            return Ok(None);
        }
        let role = user.role;
        let zones: BTreeSet<i32> = if matches!(role, Role::Inspector | Role::Viewer) {
            user_zones::Entity::find()
                .select_only()
                .column(user_zones::Column::ZoneId)
                .filter(user_zones::Column::UserId.eq(user.id))
                .into_tuple::<i32>()
                .all(db)
                .await?
                .into_iter()
                .collect()
        } else {
            BTreeSet::new()
        };
        let office = user.office_id.zip(user.province_id);
        let actor = Actor::new(user.id, role, zones.clone(), user.province_id, office);
        Ok(Some(Self {
            user_id: user.id,
            email: user.email,
            display_name: user.display_name,
            role,
            province_id: user.province_id,
            office_id: user.office_id,
            zones,
            csrf,
            via,
            actor,
        }))
    }

    /// The label written into audit events.
    pub fn audit_label(&self) -> String {
        format!("{} ({})", self.display_name, self.role.label_th())
    }
}
