//! `GET /`: the home page, every inspection zone with its provinces, read from the database.

use axum::extract::State;
use axum::response::Response;
use serde::Serialize;

use super::identity::MaybeMe;
use crate::db::repo::zones::{self, ZoneWithProvinces};
use crate::domain::calendar::{Digits, ThaiDate};
use crate::error::AppError;
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
}

/// The home page.
pub async fn index(
    State(app): State<AppState>,
    MaybeMe(me): MaybeMe,
) -> Result<Response, AppError> {
    let today = app.clock.today();
    let zones = zones::with_provinces(&app.db, today).await?;
    let page = HomePage {
        today_th: ThaiDate(today).long(Digits::Arabic),
        province_count: zones.iter().map(|z| z.provinces.len()).sum(),
        zones,
    };
    app.pages.page(me.as_ref(), "home.html.j2", &page)
}
