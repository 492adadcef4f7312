//! `GET /`: each role lands on its own work (services::home, within scope); visitors see the
//! sign-in, published minutes, and every inspection zone with its provinces.

use axum::extract::State;
use axum::response::Response;
use serde::Serialize;

use crate::auth::Identity;
use crate::db::repo::zones::{self, ZoneWithProvinces};
use crate::domain::calendar::{Digits, ThaiDate};
use crate::domain::status::Role;
use crate::edge::identity::MaybeMe;
use crate::error::AppError;
use crate::services::Ctx;
use crate::services::home::{self as svc, PublishedMinutes, Work};
use crate::state::AppState;

/// What `home.html.j2` shows.
#[derive(Serialize)]
pub struct HomePage {
    /// Today in Thai, e.g. `วันจันทร์ที่ 23 พฤศจิกายน 2569`.
    pub today_th: String,
    /// Zones 0–18.
    pub zones: Vec<ZoneWithProvinces>,
    /// Number of provinces listed.
    pub province_count: usize,
    /// The signed-in user's work (empty for visitors).
    pub work: Work,
    /// Minutes published to the public (visitors).
    pub published: Vec<PublishedMinutes>,
}

/// The role's work, each section from its own scoped query.
async fn work_of(app: &AppState, me: &Identity) -> Result<Work, AppError> {
    let ctx = Ctx::of(me, &app.clock);
    let db = &app.db;
    let mut w = Work {
        month_th: svc::month_th(ctx.today),
        overdue_total: svc::overdue_total(db, &ctx).await?,
        ..Default::default()
    };
    match me.role {
        Role::AgencyHead => {
            w.my_actions = svc::my_actions(db, &ctx).await?;
            w.my_overdue = w.my_actions.iter().filter(|a| a.overdue).count();
        }
        Role::ProvincialOffice => {
            w.meetings = svc::month_meetings(db, &ctx).await?;
            w.overdue_offices = svc::overdue_offices(db, &ctx)
                .await?
                .into_iter()
                .map(|(_, o)| o)
                .collect();
        }
        Role::Inspector => {
            w.drafts = svc::drafts(db, &ctx).await?;
            w.pending = svc::pending(db, &ctx).await?;
            let offices = svc::overdue_offices(db, &ctx).await?;
            w.overdue_provinces = svc::overdue_provinces(db, offices).await?;
        }
        Role::Viewer | Role::Admin => {
            w.meetings = svc::month_meetings(db, &ctx).await?;
            let offices = svc::overdue_offices(db, &ctx).await?;
            w.overdue_provinces = svc::overdue_provinces(db, offices).await?;
        }
    }
    Ok(w)
}

/// The home page.
pub async fn index(
    State(app): State<AppState>,
    MaybeMe(me): MaybeMe,
) -> Result<Response, AppError> {
    let today = app.clock.today();
    let (work, published) = match &me {
        Some(me) => (work_of(&app, me).await?, vec![]),
        None => (Work::default(), svc::published_minutes(&app.db).await?),
    };
    let zones = zones::with_provinces(&app.db, today).await?;
    let page = HomePage {
        today_th: ThaiDate(today).long(Digits::Arabic),
        province_count: zones.iter().map(|z| z.provinces.len()).sum(),
        zones,
        work,
        published,
    };
    app.pages.page(me.as_ref(), "home.html.j2", &page)
}
