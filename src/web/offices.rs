//! `/offices`: the agency offices of a province — listed with their ids and codes, added
//! (district offices, local bodies, units the catalogue lacks), renamed, dated, closed and
//! merged, history kept. Administrators for any province, a provincial office for its own.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::routes::Routes;
use crate::auth::Identity;
use crate::domain::access::Scope;
use crate::domain::fields::FieldErrors;
use crate::domain::status::Role;
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::Ctx;
use crate::services::office_registry::{
    self as registry, NewOffice, NewOfficeCommand, OfficeChange, OfficeChangeCommand, OfficeRow,
};
use crate::state::AppState;
use crate::web::flash::{self, Flash};
use crate::web::form::{HtmlForm, unprocessable};
use crate::web::meetings::Opt;

/// Routes.
pub fn routes() -> Routes {
    Routes::new()
        .get("/offices", list)
        .post("/offices", create)
        .get("/offices/{id}", edit)
        .post("/offices/{id}", update)
}

#[derive(Debug, Default, Deserialize)]
struct ProvinceQuery {
    #[serde(default)]
    province: String,
}

/// The add form as typed.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
struct NewForm {
    province: String,
    agency: String,
    name_th: String,
    code: String,
    email: String,
}

#[derive(Serialize)]
struct ListView {
    provinces: Vec<Opt>,
    province: String,
    province_th: String,
    offices: Vec<OfficeRow>,
    agencies: Vec<Opt>,
    input: NewForm,
    errors: FieldErrors,
    can_manage: bool,
}

/// The province a page is about: a provincial office's own, else the one asked for.
async fn province_code(app: &AppState, me: &Identity, asked: &str) -> Result<String, AppError> {
    match (me.actor.role, &me.actor.scope) {
        (Role::ProvincialOffice, Scope::Province(p)) => registry::province_code(&app.db, *p).await,
        (Role::Admin | Role::Inspector | Role::Viewer, _) => Ok(asked.trim().to_uppercase()),
        _ => Err(AppError::Forbidden),
    }
}

async fn render_list(
    app: &AppState,
    me: &Identity,
    code: String,
    input: NewForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(me, &app.clock);
    let (offices, province_th) = if code.is_empty() {
        (Vec::new(), String::new())
    } else {
        (
            registry::list_for(&app.db, &ctx, &code).await?,
            registry::province_name(&app.db, &code).await?,
        )
    };
    let provinces = crate::services::meetings::all_provinces(&app.db)
        .await?
        .into_iter()
        .map(Opt::of_province)
        .collect();
    let agencies = registry::agency_choices(&app.db)
        .await?
        .into_iter()
        .map(|(value, label)| Opt { value, label })
        .collect();
    let can_manage =
        !code.is_empty() && registry::may_manage_province(&app.db, &ctx, &code).await?;
    let view = ListView {
        provinces,
        province: code,
        province_th,
        offices,
        agencies,
        input,
        errors,
        can_manage,
    };
    app.pages.page(Some(me), "offices/index.html.j2", &view)
}

async fn list(
    State(app): State<AppState>,
    Me(me): Me,
    Query(q): Query<ProvinceQuery>,
) -> Result<Response, AppError> {
    let code = province_code(&app, &me, &q.province).await?;
    render_list(&app, &me, code, NewForm::default(), FieldErrors::new()).await
}

async fn create(
    State(app): State<AppState>,
    Me(me): Me,
    HtmlForm(form): HtmlForm<NewForm>,
) -> Result<Response, AppError> {
    if !matches!(me.actor.role, Role::Admin | Role::ProvincialOffice) {
        return Err(AppError::Forbidden);
    }
    let code = province_code(&app, &me, &form.province).await?;
    let ctx = Ctx::of(&me, &app.clock);
    let blank = |s: &str| (!s.trim().is_empty()).then(|| s.to_owned());
    let input = NewOffice {
        province: code.clone(),
        agency: form.agency.clone(),
        name_th: blank(&form.name_th),
        code: blank(&form.code),
        email: blank(&form.email),
    };
    let result = match NewOfficeCommand::try_from(&input) {
        Ok(command) => registry::create(&app.db, &ctx, &command).await,
        Err(refusal) => Err(registry::create_refused(&app.db, &ctx, refusal).await),
    };
    match result {
        Ok(o) => Ok(flash::redirect(
            &app,
            &format!("/offices?province={code}#office-{}", o.id),
            Flash::Saved,
        )),
        Err(AppError::Invalid(e)) => {
            Ok(unprocessable(render_list(&app, &me, code, form, e).await?))
        }
        Err(e) => Err(e),
    }
}

/// The change forms as typed (rename and mailbox, dates and closing, merging).
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
struct ChangeForm {
    /// `details`, `close`, `reopen` or `merge`: which form was sent.
    what: String,
    name_th: String,
    email: String,
    valid_from: String,
    valid_until: String,
    merged_into_id: String,
    /// The merge's confirmation box.
    confirm: Option<String>,
}

#[derive(Serialize)]
struct EditView {
    office: OfficeRow,
    province: String,
    others: Vec<Opt>,
    input: ChangeForm,
    errors: FieldErrors,
}

async fn render_edit(
    app: &AppState,
    me: &Identity,
    id: i32,
    input: Option<ChangeForm>,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(me, &app.clock);
    let office = registry::one(&app.db, &ctx, id).await?;
    let province = registry::province_of_office(&app.db, id).await?;
    let others = registry::list(&app.db, &province)
        .await?
        .into_iter()
        .filter(|o| o.id != id && o.active)
        .map(|o| Opt {
            value: o.id.to_string(),
            label: format!("{} (รหัส {})", o.name_th, o.id),
        })
        .collect();
    let be = |d: Option<chrono::NaiveDate>| {
        d.map(|d| {
            crate::domain::calendar::ThaiDate(d).numeric(crate::domain::calendar::Digits::Arabic)
        })
        .unwrap_or_default()
    };
    let input = input.unwrap_or_else(|| ChangeForm {
        name_th: office.name_th.clone(),
        email: office.email.clone().unwrap_or_default(),
        valid_from: be(office.valid_from),
        valid_until: be(office.valid_until),
        ..Default::default()
    });
    let view = EditView {
        office,
        province,
        others,
        input,
        errors,
    };
    app.pages.page(Some(me), "offices/edit.html.j2", &view)
}

async fn edit(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    render_edit(&app, &me, id, None, FieldErrors::new()).await
}

async fn update(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    HtmlForm(form): HtmlForm<ChangeForm>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    // Who may change it before what was sent.
    registry::one(&app.db, &ctx, id).await?;
    let change = match form.what.as_str() {
        "details" => OfficeChange {
            name_th: Some(form.name_th.clone()),
            email: Some(form.email.clone()),
            valid_from: Some(form.valid_from.clone()),
            ..Default::default()
        },
        "close" => {
            if form.valid_until.trim().is_empty() {
                let e = FieldErrors::one("valid_until", "กรุณากรอกวันที่ปิดหน่วยงาน");
                return Ok(unprocessable(
                    render_edit(&app, &me, id, Some(form), e).await?,
                ));
            }
            OfficeChange {
                valid_until: Some(form.valid_until.clone()),
                ..Default::default()
            }
        }
        "reopen" => OfficeChange {
            valid_until: Some(String::new()),
            ..Default::default()
        },
        "merge" => {
            let target = form.merged_into_id.trim().parse::<i32>().ok();
            let mut e = FieldErrors::new();
            if target.is_none() {
                e.add("merged_into_id", "กรุณาเลือกหน่วยงานที่จะรวมเข้าไป");
            }
            if form.confirm.is_none() {
                e.add(
                    "confirm",
                    "กรุณายืนยัน: งานที่ยังไม่เสร็จจะย้ายไปหน่วยงานปลายทาง และหน่วยงานนี้จะปิด",
                );
            }
            if !e.is_empty() {
                return Ok(unprocessable(
                    render_edit(&app, &me, id, Some(form), e).await?,
                ));
            }
            OfficeChange {
                merged_into_id: target,
                ..Default::default()
            }
        }
        _ => return Err(AppError::BadRequest("ไม่รู้จักคำสั่งนี้".to_owned())),
    };
    let result = match OfficeChangeCommand::try_from(&change) {
        Ok(command) => registry::change(&app.db, &ctx, id, &command).await,
        Err(refusal) => Err(registry::change_refused(&app.db, &ctx, id, refusal).await),
    };
    match result {
        Ok(_) => Ok(flash::redirect(
            &app,
            &format!("/offices/{id}"),
            Flash::Saved,
        )),
        Err(AppError::Invalid(e)) => Ok(unprocessable(
            render_edit(&app, &me, id, Some(form), e).await?,
        )),
        Err(e) => Err(e),
    }
}
