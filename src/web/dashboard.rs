//! `/dashboard`: the reader's actions at a glance (see `services::dashboard`), drilled down by
//! zone, province and office, filtered by fiscal year, round, issue and horizon; charts as SVG
//! beside their data tables.

use axum::extract::{Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::form::opt;
use super::routes::Routes;
use crate::domain::status::Horizon;
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::Ctx;
use crate::services::dashboard::{self as svc, Dashboard, DashboardQuery};
use crate::state::AppState;
use crate::views::Choice;
use crate::views::charts::{self, Bar, Group};

/// Routes.
pub fn routes() -> Routes {
    Routes::new()
        .get("/dashboard", show)
        .get("/dashboard/{file}", super::dashboard_export::download)
}

/// The query string, as typed.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct DashboardParams {
    zone: Option<String>,
    province: Option<String>,
    office: Option<String>,
    fy: Option<String>,
    round: Option<String>,
    issue: Option<String>,
    horizon: Option<String>,
}

impl DashboardParams {
    /// The parameters as a query string (empty ones left out).
    fn query_string(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("zone", &self.zone),
            ("province", &self.province),
            ("office", &self.office),
            ("fy", &self.fy),
            ("round", &self.round),
            ("issue", &self.issue),
            ("horizon", &self.horizon),
        ] {
            if let Some(v) = opt(v) {
                s.append_pair(k, v);
            }
        }
        s.finish()
    }
}

/// A number in the query string; anything else is none (a hand-edited link shows the default).
fn number(v: &Option<String>) -> Option<i32> {
    opt(v).and_then(|s| s.parse().ok())
}

/// The service's query from the page's or the API's parameters: a province by code or id.
pub async fn query_of(app: &AppState, p: &DashboardParams) -> Result<DashboardQuery, AppError> {
    let province = super::form::province_id(&app.db, &p.province).await?;
    Ok(DashboardQuery {
        zone: number(&p.zone),
        province,
        office: number(&p.office),
        fiscal_year: number(&p.fy),
        round: number(&p.round),
        issue: number(&p.issue),
        horizon: opt(&p.horizon)
            .filter(|h| h.parse::<Horizon>().is_ok())
            .map(str::to_owned),
    })
}

#[derive(Serialize)]
struct View<'a> {
    d: &'a Dashboard,
    params: &'a DashboardParams,
    horizons: Vec<Choice>,
    trend_svg: String,
    rows_svg: String,
    /// The level and filters as a query string, for the tables' downloads.
    qs: String,
}

async fn show(
    State(app): State<AppState>,
    Me(me): Me,
    Query(p): Query<DashboardParams>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let q = query_of(&app, &p).await?;
    let d = svc::get(&app.db, &app.dashboards, &ctx, &q).await?;
    let groups: Vec<Group<'_>> = d
        .trend
        .iter()
        .map(|m| Group {
            label: &m.label_th,
            bars: vec![
                Bar {
                    n: m.opened.n,
                    href: &m.opened.href,
                },
                Bar {
                    n: m.closed.n,
                    href: &m.closed.href,
                },
            ],
        })
        .collect();
    let trend_svg = charts::grouped_bars(
        "งานที่เปิดและปิดรายเดือน",
        &[("เปิดใหม่", charts::BLUE), ("ปิดแล้ว", charts::ORANGE)],
        &groups,
    );
    let rows: Vec<(&str, Bar<'_>)> = d
        .rows
        .iter()
        .map(|r| {
            (
                r.name.as_str(),
                Bar {
                    n: r.overdue.n,
                    href: &r.overdue.href,
                },
            )
        })
        .collect();
    let rows_svg = charts::horizontal_bars("งานเกินกำหนด", charts::ORANGE, &rows);
    let view = View {
        d: &d,
        params: &p,
        horizons: Horizon::ALL
            .iter()
            .map(|h| Choice {
                value: h.as_str().to_owned(),
                label: h.label_th().to_owned(),
            })
            .collect(),
        trend_svg,
        rows_svg,
        qs: p.query_string(),
    };
    app.pages.page(Some(&me), "dashboard/index.html.j2", &view)
}
