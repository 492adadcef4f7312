//! Reading HTML forms: [`HtmlForm`] parses `application/x-www-form-urlencoded` bodies with
//! repeated keys (checkbox lists) into a struct of strings; validation happens in the services,
//! whose [`FieldErrors`] the handler shows beside the inputs with the input kept.

use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::de::DeserializeOwned;

use crate::domain::fields::FieldErrors;
use crate::error::AppError;

/// A parsed form body.
pub struct HtmlForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for HtmlForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, _: &S) -> Result<Self, AppError> {
        let bytes = axum::body::to_bytes(req.into_body(), 2 * 1024 * 1024)
            .await
            .map_err(|_| AppError::BadRequest("ข้อมูลที่ส่งมามีขนาดใหญ่เกินไป".to_owned()))?;
        serde_html_form::from_bytes(&bytes)
            .map(HtmlForm)
            .map_err(|_| AppError::BadRequest("ข้อมูลแบบฟอร์มไม่ถูกต้อง".to_owned()))
    }
}

/// After a form post: redirect on success; on validation errors call `again` to re-render
/// the form (with the input and the errors) as 422; pass other errors on.
pub fn after_post<T>(
    result: Result<T, AppError>,
    to: impl FnOnce(T) -> String,
    again: impl FnOnce(FieldErrors) -> Result<Response, AppError>,
) -> Result<Response, AppError> {
    match result {
        Ok(v) => Ok(Redirect::to(&to(v)).into_response()),
        Err(AppError::Invalid(errors)) => Ok(unprocessable(again(errors)?)),
        Err(e) => Err(e),
    }
}

/// Marks a re-rendered form as 422 (the input failed validation; errors are beside the fields).
pub fn unprocessable(mut res: Response) -> Response {
    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    res
}

/// A blank form field as `None`, trimmed otherwise.
pub fn opt(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A province in a query string, by its code (`TH-33`, as the selects send it) or its id (older
/// links); an unknown code is `-1`, which matches nothing (never dropped, which would widen).
pub async fn province_id(
    db: &sea_orm::DatabaseConnection,
    v: &Option<String>,
) -> Result<Option<i32>, crate::error::AppError> {
    Ok(match opt(v) {
        None => None,
        Some(v) => match v.parse::<i32>() {
            Ok(id) => Some(id),
            Err(_) => Some(
                crate::db::repo::provinces::id_of_code(db, v)
                    .await?
                    .unwrap_or(-1),
            ),
        },
    })
}
