//! `/account`: the signed-in user's own page — links to the password and API token pages, the
//! secret calendar feed URL (made or remade, shown once, revoked) and, for a provincial office
//! or an administrator, the switch of a province's public calendar feed.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::routes::Routes;
use crate::auth::{Identity, calendar_feed};
use crate::db::entities::provinces;
use crate::db::repo::calendar as repo;
use crate::domain::calendar::{Digits, ThaiDate};
use crate::domain::status::Role;
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::{Ctx, calendar};
use crate::state::AppState;
use crate::web::flash::{self, Flash};
use crate::web::form::HtmlForm;
use crate::web::meetings::Opt;

/// Routes.
pub fn routes() -> Routes {
    Routes::new()
        .get("/account", show)
        .post("/account/calendar", create_feed)
        .post("/account/calendar/revoke", revoke_feed)
        .post("/account/calendar/public", switch_public)
}

/// The user's live feed, as the page tells it.
#[derive(Serialize)]
struct FeedRow {
    created_th: String,
    last_fetched_th: Option<String>,
}

/// A province's public feed.
#[derive(Serialize)]
struct PublicRow {
    code: String,
    name_th: String,
    on: bool,
    url: String,
}

#[derive(Serialize)]
struct AccountView {
    feed: Option<FeedRow>,
    /// The feed URL just made (shown once).
    new_url: Option<String>,
    /// The same as `webcal://`, for calendar apps.
    new_webcal: Option<String>,
    window_days: i64,
    /// The provincial office's own province.
    own_province: Option<PublicRow>,
    /// An administrator's view: the provinces to choose from, and those whose feed is on.
    all_provinces: Vec<Opt>,
    public_on: Vec<PublicRow>,
}

fn day(t: chrono::DateTime<chrono::Utc>) -> String {
    ThaiDate(t.with_timezone(&crate::state::bangkok()).date_naive()).short(Digits::Arabic)
}

fn public_row(app: &AppState, p: &provinces::Model, on: bool) -> PublicRow {
    PublicRow {
        code: p.code.clone(),
        name_th: calendar::province_th(p),
        on,
        url: format!("{}/calendar/province/{}.ics", app.mail.base_url, p.code),
    }
}

async fn render(
    app: &AppState,
    me: &Identity,
    new_token: Option<String>,
) -> Result<Response, AppError> {
    let feed = calendar_feed::of_user(&app.db, me.user_id)
        .await?
        .map(|f| FeedRow {
            created_th: day(f.created_at),
            last_fetched_th: f.last_fetched_at.map(day),
        });
    let new_url = new_token.map(|t| format!("{}/calendar/{t}.ics", app.mail.base_url));
    let new_webcal = new_url.as_deref().and_then(|u| {
        u.split_once("://")
            .map(|(_, rest)| format!("webcal://{rest}"))
    });
    let mut view = AccountView {
        feed,
        new_url,
        new_webcal,
        window_days: calendar::WINDOW_DAYS,
        own_province: None,
        all_provinces: Vec::new(),
        public_on: Vec::new(),
    };
    match (me.role, me.province_id) {
        (Role::ProvincialOffice, Some(p)) => {
            let on = repo::is_public(&app.db, p).await?;
            view.own_province = crate::services::meetings::all_provinces(&app.db)
                .await?
                .iter()
                .find(|x| x.id == p)
                .map(|x| public_row(app, x, on));
        }
        (Role::Admin, _) => {
            view.public_on = repo::public_provinces(&app.db)
                .await?
                .iter()
                .map(|p| public_row(app, p, true))
                .collect();
            view.all_provinces = crate::services::meetings::all_provinces(&app.db)
                .await?
                .into_iter()
                .map(Opt::of_province)
                .collect();
        }
        _ => {}
    }
    app.pages.page(Some(me), "auth/account.html.j2", &view)
}

async fn show(State(app): State<AppState>, Me(me): Me) -> Result<Response, AppError> {
    render(&app, &me, None).await
}

/// Makes (or remakes) the feed and shows its URL on the page that answers the post, once.
async fn create_feed(State(app): State<AppState>, Me(me): Me) -> Result<Response, AppError> {
    let token = calendar_feed::create(&app.db, me.user_id, app.clock.now()).await?;
    tracing::info!(user_id = me.user_id, "calendar feed made");
    let mut res = render(&app, &me, Some(token)).await?;
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

async fn revoke_feed(State(app): State<AppState>, Me(me): Me) -> Result<Response, AppError> {
    calendar_feed::revoke(&app.db, me.user_id).await?;
    tracing::info!(user_id = me.user_id, "calendar feed revoked");
    Ok(flash::redirect(&app, "/account", Flash::CalendarRevoked))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PublicForm {
    province: String,
    on: String,
}

async fn switch_public(
    State(app): State<AppState>,
    Me(me): Me,
    HtmlForm(form): HtmlForm<PublicForm>,
) -> Result<Response, AppError> {
    let province_id = crate::db::repo::provinces::id_of_code(&app.db, &form.province)
        .await?
        .ok_or_else(|| AppError::BadRequest("ไม่พบจังหวัดที่เลือก".to_owned()))?;
    let ctx = Ctx::of(&me, &app.clock);
    calendar::set_public(&app.db, &ctx, province_id, form.on == "1").await?;
    Ok(flash::redirect(
        &app,
        "/account#public-calendar",
        Flash::Saved,
    ))
}
