//! `/admin/users`: accounts — list (role filter, search, pages), create and edit. The agency
//! office select lists the offices of the chosen province only (a GET form picks it).

use axum::extract::{Path, Query, State};
use axum::response::Response;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

use super::{Opt, ensure_admin};
use crate::auth::Identity;
use crate::db::entities::{provinces, users as users_e, zones};
use crate::domain::fields::FieldErrors;
use crate::domain::paging::{PageOf, Paging};
use crate::domain::status::Role;
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::users::{self, AccountCommand, AccountInput};
use crate::services::{Ctx, offices};
use crate::state::AppState;
use crate::web::flash::{self, Flash};
use crate::web::form::{HtmlForm, opt};
use crate::web::routes::Routes;

pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/admin/users", list)
        .get("/admin/users/new", new_form)
        .post("/admin/users/new", create)
        .get("/admin/users/{id}/edit", edit_form)
        .post("/admin/users/{id}/edit", update)
}

#[derive(Deserialize)]
struct Filter {
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    q: Option<String>,
}

#[derive(Serialize)]
struct Row {
    id: i32,
    email: String,
    display_name: String,
    role_th: String,
    active: bool,
}

#[derive(Serialize)]
struct ListPage {
    users: PageOf<Row>,
    roles: Vec<Opt>,
    role: Option<String>,
    q: Option<String>,
    query: String,
}

async fn list(
    State(app): State<AppState>,
    Me(me): Me,
    Query(filter): Query<Filter>,
    Query(paging): Query<Paging>,
) -> Result<Response, AppError> {
    ensure_admin(&me)?;
    let role = opt(&filter.role).map(str::to_owned);
    let q = opt(&filter.q).map(str::to_owned);
    let (rows, total) = users::page(
        &app.db,
        role.as_deref(),
        q.as_deref(),
        paging.index(),
        paging.size(),
    )
    .await?;
    let users = PageOf::new(rows, paging, total).map(|u| Row {
        role_th: u.role.label_th().to_owned(),
        id: u.id,
        email: u.email,
        display_name: u.display_name,
        active: u.active,
    });
    let mut query = form_urlencoded::Serializer::new(String::new());
    if let Some(r) = &role {
        query.append_pair("role", r);
    }
    if let Some(q) = &q {
        query.append_pair("q", q);
    }
    let page = ListPage {
        users,
        roles: role_options(),
        role,
        q,
        query: query.finish(),
    };
    app.pages.page(Some(&me), "admin/users.html.j2", &page)
}

fn role_options() -> Vec<Opt> {
    Role::ALL
        .iter()
        .map(|r| Opt::new(r.as_str(), r.label_th()))
        .collect()
}

/// The account form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct UserForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    zones: Vec<String>,
    #[serde(default)]
    province: Option<String>,
    #[serde(default)]
    office_id: Option<String>,
    #[serde(default, skip_serializing)]
    password: Option<String>,
    #[serde(default)]
    active: Option<String>,
    /// The "show this province's offices" button: re-render with the input kept, save nothing.
    #[serde(default, skip_serializing)]
    show_offices: Option<String>,
}

impl UserForm {
    fn input(&self) -> Result<AccountInput, FieldErrors> {
        let mut e = FieldErrors::new();
        let mut zones = Vec::new();
        for z in &self.zones {
            match z.trim().parse::<i32>() {
                Ok(n) => zones.push(n),
                Err(_) => e.add("zones", "เขตตรวจราชการไม่ถูกต้อง"),
            }
        }
        let office_id = match opt(&self.office_id) {
            Some(s) => e.check("office_id", s.parse::<i32>().map_err(|_| "หน่วยงานไม่ถูกต้อง")),
            None => None,
        };
        e.into_result(AccountInput {
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            role: self.role.clone(),
            zones,
            province: opt(&self.province).map(str::to_owned),
            office_id,
            password: self.password.clone(),
        })
    }
}

#[derive(Serialize)]
struct ZoneBox {
    number: i32,
    name_th: String,
    checked: bool,
}

#[derive(Serialize)]
struct FormPage {
    form: UserForm,
    errors: FieldErrors,
    user_id: Option<i32>,
    action: String,
    roles: Vec<Opt>,
    zones: Vec<ZoneBox>,
    provinces: Vec<Opt>,
    offices: Vec<Opt>,
}

#[derive(Deserialize)]
struct ProvinceQuery {
    #[serde(default)]
    province: Option<String>,
}

async fn render_form(
    app: &AppState,
    me: &Identity,
    user_id: Option<i32>,
    form: UserForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let zone_rows = zones::Entity::find()
        .order_by_asc(zones::Column::Number)
        .all(&app.db)
        .await?;
    let zones = zone_rows
        .into_iter()
        .map(|z| ZoneBox {
            checked: form.zones.iter().any(|n| n.trim() == z.number.to_string()),
            number: z.number,
            name_th: z.name_th,
        })
        .collect();
    let provinces: Vec<Opt> = offices::provinces_sorted(&app.db)
        .await?
        .into_iter()
        .map(|p| Opt::new(p.code, p.name_th))
        .collect();
    let offices = match opt(&form.province) {
        Some(code) => match offices::province_by_code(&app.db, code).await? {
            Some(p) => offices::offices_of(&app.db, p.id)
                .await?
                .into_iter()
                .map(|o| Opt::new(o.id, o.name_th))
                .collect(),
            None => vec![],
        },
        None => vec![],
    };
    let page = FormPage {
        action: user_id.map_or_else(
            || "/admin/users/new".to_owned(),
            |id| format!("/admin/users/{id}/edit"),
        ),
        form,
        errors,
        user_id,
        roles: role_options(),
        zones,
        provinces,
        offices,
    };
    app.pages.page(Some(me), "admin/user_form.html.j2", &page)
}

async fn new_form(
    State(app): State<AppState>,
    Me(me): Me,
    Query(pq): Query<ProvinceQuery>,
) -> Result<Response, AppError> {
    ensure_admin(&me)?;
    let form = UserForm {
        province: pq.province,
        active: Some("1".to_owned()),
        ..Default::default()
    };
    render_form(&app, &me, None, form, FieldErrors::new()).await
}

async fn create(
    State(app): State<AppState>,
    Me(me): Me,
    HtmlForm(form): HtmlForm<UserForm>,
) -> Result<Response, AppError> {
    ensure_admin(&me)?;
    if form.show_offices.is_some() {
        return render_form(&app, &me, None, form, FieldErrors::new()).await;
    }
    let ctx = Ctx::of(&me, &app.clock);
    let result = match form.input() {
        Ok(input) => match AccountCommand::try_from(&input) {
            Ok(account) => users::create(&app.db, &ctx, &account).await,
            Err(refusal) => Err(users::refused(&app.db, &ctx, None, refusal).await),
        },
        Err(e) => Err(AppError::Invalid(e)),
    };
    match result {
        Ok(_) => Ok(flash::redirect(&app, "/admin/users", Flash::UserSaved)),
        Err(AppError::Invalid(errors)) => {
            unprocessable(render_form(&app, &me, None, form, errors).await?)
        }
        Err(e) => Err(e),
    }
}

/// Marks a re-rendered form as 422.
pub(crate) fn unprocessable(res: Response) -> Result<Response, AppError> {
    Ok(crate::web::form::unprocessable(res))
}

async fn load(app: &AppState, id: i32) -> Result<users_e::Model, AppError> {
    users::get(&app.db, id).await?.ok_or(AppError::NotFound)
}

async fn edit_form(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    Query(pq): Query<ProvinceQuery>,
) -> Result<Response, AppError> {
    ensure_admin(&me)?;
    let user = load(&app, id).await?;
    let zone_ids = users::zone_ids_of(&app.db, id).await?;
    let zone_numbers = zones::Entity::find()
        .filter(zones::Column::Id.is_in(zone_ids))
        .all(&app.db)
        .await?
        .into_iter()
        .map(|z| z.number.to_string())
        .collect();
    let province = match (opt(&pq.province), user.province_id) {
        (Some(code), _) => Some(code.to_owned()),
        (None, Some(pid)) => provinces::Entity::find_by_id(pid)
            .one(&app.db)
            .await?
            .map(|p| p.code),
        (None, None) => None,
    };
    let form = UserForm {
        email: user.email,
        display_name: user.display_name,
        role: user.role.as_str().to_owned(),
        zones: zone_numbers,
        province,
        office_id: user.office_id.map(|o| o.to_string()),
        password: None,
        active: user.active.then(|| "1".to_owned()),
        show_offices: None,
    };
    render_form(&app, &me, Some(id), form, FieldErrors::new()).await
}

async fn update(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    HtmlForm(form): HtmlForm<UserForm>,
) -> Result<Response, AppError> {
    ensure_admin(&me)?;
    load(&app, id).await?;
    if form.show_offices.is_some() {
        return render_form(&app, &me, Some(id), form, FieldErrors::new()).await;
    }
    let ctx = Ctx::of(&me, &app.clock);
    let active = opt(&form.active).is_some();
    let result = match form.input() {
        Ok(input) => match AccountCommand::try_from(&input) {
            Ok(account) => users::update(&app.db, &ctx, id, &account, active).await,
            Err(refusal) => Err(users::refused(&app.db, &ctx, Some(id), refusal).await),
        },
        Err(e) => Err(AppError::Invalid(e)),
    };
    match result {
        Ok(_) => Ok(flash::redirect(&app, "/admin/users", Flash::UserSaved)),
        Err(AppError::Invalid(errors)) => {
            unprocessable(render_form(&app, &me, Some(id), form, errors).await?)
        }
        Err(e) => Err(e),
    }
}
