//! `/admin/offices`: a province's agency offices with their current heads; changing a head
//! (history kept), contact fields, and the CSV export/import of heads.

use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use super::users::unprocessable;
use super::{Opt, ensure_admin};
use crate::auth::Identity;
use crate::db::entities::provinces;
use crate::domain::calendar::{Digits, ThaiDate};
use crate::domain::fields::FieldErrors;
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::Ctx;
use crate::services::offices::{
    self, ContactCommand, ContactInput, HeadCommand, HeadInput, ImportReport, OfficeRow,
};
use crate::state::AppState;
use crate::web::form::{HtmlForm, opt};
use crate::web::routes::Routes;

pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/admin/offices", list)
        .get("/admin/offices.csv", export)
        .post("/admin/offices/import", import)
        .get("/admin/offices/{id}/head", head_form)
        .post("/admin/offices/{id}/head", set_head)
        .post("/admin/offices/{id}/contact", set_contact)
}

#[derive(Deserialize)]
struct ProvinceQuery {
    #[serde(default)]
    province: Option<String>,
}

async fn province_of(
    app: &AppState,
    q: &ProvinceQuery,
) -> Result<Option<provinces::Model>, AppError> {
    match opt(&q.province) {
        Some(code) => Ok(Some(
            offices::province_by_code(&app.db, code)
                .await?
                .ok_or(AppError::NotFound)?,
        )),
        None => Ok(None),
    }
}

#[derive(Serialize)]
struct ListPage {
    provinces: Vec<Opt>,
    province: Option<crate::views::ProvinceView>,
    offices: Vec<OfficeRow>,
    csv: String,
    import_errors: Vec<String>,
    report: Option<ImportReport>,
}

async fn render_list(
    app: &AppState,
    me: &Identity,
    province: Option<crate::views::ProvinceView>,
    csv: String,
    import_errors: Vec<String>,
    report: Option<ImportReport>,
) -> Result<Response, AppError> {
    let provinces = offices::provinces_sorted(&app.db)
        .await?
        .into_iter()
        .map(|p| Opt::new(p.code, p.name_th))
        .collect();
    let offices = match &province {
        Some(p) => offices::with_heads(&app.db, p.id, app.clock.today()).await?,
        None => vec![],
    };
    let page = ListPage {
        provinces,
        province,
        offices,
        csv,
        import_errors,
        report,
    };
    app.pages.page(Some(me), "admin/offices.html.j2", &page)
}

async fn list(
    State(app): State<AppState>,
    Me(me): Me,
    Query(q): Query<ProvinceQuery>,
) -> Result<Response, AppError> {
    ensure_admin(&me)?;
    let province = province_of(&app, &q).await?;
    render_list(
        &app,
        &me,
        province.map(Into::into),
        String::new(),
        vec![],
        None,
    )
    .await
}

async fn export(
    State(app): State<AppState>,
    Me(me): Me,
    Query(q): Query<ProvinceQuery>,
) -> Result<Response, AppError> {
    ensure_admin(&me)?;
    let province = province_of(&app, &q)
        .await?
        .ok_or_else(|| AppError::BadRequest("กรุณาเลือกจังหวัด".to_owned()))?;
    let csv = offices::export_csv(&app.db, province.id, app.clock.today()).await?;
    let name = format!("office-heads-{}.csv", province.code);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        csv,
    )
        .into_response())
}

#[derive(Deserialize)]
struct CsvForm {
    #[serde(default)]
    csv: String,
}

/// The CSV text from a textarea (`csv`) or an uploaded file (`file`).
async fn csv_text(req: Request) -> Result<String, AppError> {
    let bad = || AppError::BadRequest("อ่านไฟล์ CSV ไม่ได้".to_owned());
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !is_multipart {
        let HtmlForm(f) = HtmlForm::<CsvForm>::from_request(req, &()).await?;
        return Ok(f.csv);
    }
    let mut mp = Multipart::from_request(req, &()).await.map_err(|_| bad())?;
    let mut text = String::new();
    while let Some(field) = mp.next_field().await.map_err(|_| bad())? {
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.map_err(|_| bad())?;
        if (name == "file" || name == "csv") && !bytes.is_empty() {
            text = String::from_utf8(bytes.to_vec())
                .map_err(|_| AppError::BadRequest("ไฟล์ CSV ต้องเข้ารหัส UTF-8".to_owned()))?;
        }
    }
    Ok(text)
}

async fn import(
    State(app): State<AppState>,
    Me(me): Me,
    Query(q): Query<ProvinceQuery>,
    req: Request,
) -> Result<Response, AppError> {
    ensure_admin(&me)?;
    let province = province_of(&app, &q)
        .await?
        .ok_or_else(|| AppError::BadRequest("กรุณาเลือกจังหวัด".to_owned()))?;
    let text = csv_text(req).await?;
    let ctx = Ctx::of(&me, &app.clock);
    match offices::import_csv(&app.db, &ctx, province.id, &text).await? {
        Ok(report) => {
            render_list(
                &app,
                &me,
                Some(province.into()),
                String::new(),
                vec![],
                Some(report),
            )
            .await
        }
        Err(lines) => {
            unprocessable(render_list(&app, &me, Some(province.into()), text, lines, None).await?)
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct HeadForm {
    #[serde(default)]
    honorific: Option<String>,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    title_as_printed: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    acting: Option<String>,
    #[serde(default)]
    valid_from: String,
}

impl TryFrom<&HeadForm> for HeadCommand {
    type Error = FieldErrors;

    /// The head form: a ticked box (any value) is an acting head; the date BE or ISO.
    fn try_from(form: &HeadForm) -> Result<Self, FieldErrors> {
        HeadCommand::try_from(&HeadInput {
            honorific: form.honorific.clone(),
            full_name: form.full_name.clone(),
            title_as_printed: form.title_as_printed.clone(),
            email: form.email.clone(),
            phone: form.phone.clone(),
            acting: opt(&form.acting).is_some(),
            valid_from: form.valid_from.clone(),
        })
    }
}

#[derive(Serialize)]
struct HistoryRow {
    name: String,
    title_as_printed: String,
    acting: bool,
    from_th: String,
    to_th: Option<String>,
}

#[derive(Serialize)]
struct HeadPage {
    office: OfficeRow,
    province_code: Option<String>,
    head: HeadForm,
    contact: ContactInput,
    errors: FieldErrors,
    contact_errors: FieldErrors,
    history: Vec<HistoryRow>,
}

async fn render_head(
    app: &AppState,
    me: &Identity,
    id: i32,
    head: Option<HeadForm>,
    errors: FieldErrors,
    contact: Option<ContactInput>,
    contact_errors: FieldErrors,
) -> Result<Response, AppError> {
    let office = offices::get(&app.db, id, app.clock.today()).await?;
    let province_code = match office.office.province_id {
        Some(pid) => {
            use sea_orm::EntityTrait;
            provinces::Entity::find_by_id(pid)
                .one(&app.db)
                .await?
                .map(|p| p.code)
        }
        None => None,
    };
    let head = head.unwrap_or_else(|| match &office.head {
        Some(h) => HeadForm {
            honorific: h.honorific.clone(),
            full_name: h.full_name.clone(),
            title_as_printed: h.title_as_printed.clone(),
            email: h.email.clone(),
            phone: h.phone.clone(),
            acting: h.acting.then(|| "1".to_owned()),
            valid_from: h.valid_from_th.clone(),
        },
        None => HeadForm::default(),
    });
    let contact = contact.unwrap_or_else(|| ContactInput {
        email: office.office.email.clone(),
        phone: office.office.phone.clone(),
        contact_name: office.office.contact_name.clone(),
        contact_email: office.office.contact_email.clone(),
    });
    let history = offices::head_history(&app.db, id)
        .await?
        .into_iter()
        .map(|(h, p)| HistoryRow {
            name: p
                .map(|p| format!("{}{}", p.honorific.unwrap_or_default(), p.full_name))
                .unwrap_or_default(),
            title_as_printed: h.title_as_printed,
            acting: h.acting,
            from_th: ThaiDate(h.valid_from).numeric(Digits::Arabic),
            // Stored half-open; people read the last day in office.
            to_th: h
                .valid_to
                .map(|d| ThaiDate(d - chrono::Duration::days(1)).numeric(Digits::Arabic)),
        })
        .collect();
    let page = HeadPage {
        office,
        province_code,
        head,
        contact,
        errors,
        contact_errors,
        history,
    };
    app.pages.page(Some(me), "admin/office_head.html.j2", &page)
}

async fn head_form(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    ensure_admin(&me)?;
    render_head(
        &app,
        &me,
        id,
        None,
        FieldErrors::new(),
        None,
        FieldErrors::new(),
    )
    .await
}

async fn back_to_list(app: &AppState, id: i32) -> Result<Response, AppError> {
    let office = offices::get(&app.db, id, app.clock.today()).await?;
    let code = match office.office.province_id {
        Some(pid) => {
            use sea_orm::EntityTrait;
            provinces::Entity::find_by_id(pid)
                .one(&app.db)
                .await?
                .map(|p| p.code)
        }
        None => None,
    };
    let to = match code {
        Some(c) => format!("/admin/offices?province={c}"),
        None => "/admin/offices".to_owned(),
    };
    Ok(Redirect::to(&to).into_response())
}

async fn set_head(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    HtmlForm(form): HtmlForm<HeadForm>,
) -> Result<Response, AppError> {
    ensure_admin(&me)?;
    let ctx = Ctx::of(&me, &app.clock);
    // A form that does not parse is shown again with its errors (an unknown office: 404).
    let result = match HeadCommand::try_from(&form) {
        Ok(head) => offices::set_head(&app.db, &ctx, id, &head).await,
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(_) => back_to_list(&app, id).await,
        Err(AppError::Invalid(errors)) => unprocessable(
            render_head(&app, &me, id, Some(form), errors, None, FieldErrors::new()).await?,
        ),
        Err(e) => Err(e),
    }
}

async fn set_contact(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    HtmlForm(form): HtmlForm<ContactInput>,
) -> Result<Response, AppError> {
    ensure_admin(&me)?;
    let ctx = Ctx::of(&me, &app.clock);
    let result = match ContactCommand::try_from(&form) {
        Ok(contact) => offices::update_contact(&app.db, &ctx, id, &contact).await,
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(_) => back_to_list(&app, id).await,
        Err(AppError::Invalid(errors)) => unprocessable(
            render_head(&app, &me, id, None, FieldErrors::new(), Some(form), errors).await?,
        ),
        Err(e) => Err(e),
    }
}
