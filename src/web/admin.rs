//! Administration screens (`/admin`): index, accounts, offices and their heads, zones, audit
//! log. Every page needs `Actor::can_administer` (others 403; anonymous → sign-in).

mod audit;
mod offices;
mod users;

use axum::extract::State;
use axum::response::Response;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde::Serialize;

use super::routes::Routes;
use crate::auth::Identity;
use crate::db::entities::{audit_events, inspection_rounds};
use crate::db::repo::zones::{self, ZoneWithProvinces};
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> Routes {
    Routes::new()
        .get("/admin", index)
        .get("/admin/zones", zones_page)
        .merge(users::routes())
        .merge(offices::routes())
        .merge(audit::routes())
}

/// 403 unless the user may administer.
fn ensure_admin(me: &Identity) -> Result<(), AppError> {
    if me.actor.can_administer() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A value and label for `f.select`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Opt {
    value: String,
    label: String,
}

impl Opt {
    fn new(value: impl ToString, label: impl ToString) -> Self {
        Self {
            value: value.to_string(),
            label: label.to_string(),
        }
    }
}

#[derive(Serialize)]
struct IndexPage {
    users: u64,
    offices: u64,
    rounds: u64,
    audit_events: u64,
}

async fn index(State(app): State<AppState>, Me(me): Me) -> Result<Response, AppError> {
    ensure_admin(&me)?;
    let page = IndexPage {
        users: crate::db::entities::users::Entity::find()
            .count(&app.db)
            .await?,
        offices: crate::services::offices::count(&app.db).await?,
        rounds: inspection_rounds::Entity::find().count(&app.db).await?,
        audit_events: audit_events::Entity::find().count(&app.db).await?,
    };
    app.pages.page(Some(&me), "admin/index.html.j2", &page)
}

#[derive(Serialize)]
struct ZonesPage {
    zones: Vec<ZoneWithProvinces>,
}

async fn zones_page(State(app): State<AppState>, Me(me): Me) -> Result<Response, AppError> {
    ensure_admin(&me)?;
    let zones = zones::with_provinces(&app.db, app.clock.today()).await?;
    app.pages
        .page(Some(&me), "admin/zones.html.j2", &ZonesPage { zones })
}
