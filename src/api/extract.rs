//! Extractors of the API: path ids, query strings, paging and bodies that answer the API's
//! typed error (`{"error": {...}}`, 400) instead of axum's plain-text rejections, with the
//! ranges the OpenAPI document states.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use utoipa::IntoParams;

use crate::domain::fields::FieldErrors;
use crate::domain::paging::{DEFAULT_PER_PAGE, MAX_PER_PAGE, Paging};
use crate::error::{AppError, ErrorInfo};

/// Largest page number the API accepts: keeps `(page - 1) * per_page` far inside `i64`.
pub const MAX_PAGE: u64 = i32::MAX as u64;

/// A rejected request: the API's typed error, rendered by the error middleware.
#[derive(Debug)]
pub struct Rejection(ErrorInfo);

impl Rejection {
    /// A `400 bad_request` with a Thai message.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self(AppError::BadRequest(message.into()).info())
    }
}

impl From<AppError> for Rejection {
    fn from(e: AppError) -> Self {
        Self(e.info())
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let mut res = self.0.status.into_response();
        res.extensions_mut().insert(self.0);
        res
    }
}

/// Reads an id as the API documents it: an integer in `1..=2147483647` (the id columns are
/// 32-bit).
pub fn parse_id(raw: &str) -> Option<i32> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 1)
        .and_then(|n| i32::try_from(n).ok())
}

/// The `{id}` of a path, positive and within the column's range; anything else is a 400.
#[derive(Debug, Clone, Copy)]
pub struct Id(pub i32);

/// The documented `{id}` path parameter.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct IdParam {
    /// The object's id.
    #[param(minimum = 1, maximum = 2147483647)]
    pub id: i32,
}

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| Rejection::bad_request("รหัสในเส้นทางไม่ถูกต้อง"))?;
        parse_id(&raw)
            .map(Id)
            .ok_or_else(|| Rejection::bad_request("รหัสต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง 2147483647"))
    }
}

/// A query string read into `T`; a value of the wrong type, or a NUL character (which
/// PostgreSQL cannot compare), is a 400 with serde's detail.
#[derive(Debug, Clone)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Rejection> {
        let raw = parts.uri.query().unwrap_or_default();
        if raw.to_ascii_lowercase().contains("%00") || raw.contains('\0') {
            return Err(Rejection::bad_request("พารามิเตอร์ต้องไม่มีอักขระ NUL (%00)"));
        }
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| Self(v))
            .map_err(|e| Rejection::bad_request(format!("พารามิเตอร์ไม่ถูกต้อง: {}", e.body_text())))
    }
}

/// `?page=&per_page=` as the API documents them.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PagingParams {
    /// 1-based page number (default 1).
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u64>,
    /// Items per page (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

/// The requested page, checked: `page` in `1..=MAX_PAGE`, `per_page` in `1..=200`; other
/// values are a 400 (the pages clamp; the API says what is wrong).
#[derive(Debug, Clone, Copy)]
pub struct ApiPaging(pub Paging);

impl ApiPaging {
    /// Checks raw values; the error names the offending fields.
    pub fn check(page: Option<u64>, per_page: Option<u64>) -> Result<Paging, Rejection> {
        let mut e = FieldErrors::new();
        let page = page.unwrap_or(1);
        let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
        if !(1..=MAX_PAGE).contains(&page) {
            e.add("page", format!("หน้าต้องอยู่ระหว่าง 1 ถึง {MAX_PAGE}"));
        }
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            e.add(
                "per_page",
                format!("จำนวนต่อหน้าต้องอยู่ระหว่าง 1 ถึง {MAX_PER_PAGE}"),
            );
        }
        if e.is_empty() {
            return Ok(Paging { page, per_page });
        }
        let mut r = Rejection::bad_request("ค่าการแบ่งหน้าไม่ถูกต้อง");
        r.0.fields = e;
        Err(r)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ApiPaging {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Rejection> {
        let ApiQuery(p) = ApiQuery::<PagingParams>::from_request_parts(parts, state).await?;
        Ok(Self(Self::check(p.page, p.per_page)?))
    }
}

/// The raw body, read up to axum's limit; a body that cannot be read is the API's typed error.
/// Handlers check permissions first, then parse it with [`super::json::parse`].
#[derive(Debug, Clone)]
pub struct Body(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Rejection> {
        Bytes::from_request(req, state)
            .await
            .map(Body)
            .map_err(|e: BytesRejection| {
                let status = e.status();
                let mut info = AppError::BadRequest("อ่านข้อมูลที่ส่งมาไม่ได้".to_owned()).info();
                if status == StatusCode::PAYLOAD_TOO_LARGE {
                    info.status = status;
                    info.code = "payload_too_large";
                    info.message = "ข้อมูลที่ส่งมามีขนาดใหญ่เกินกำหนด".to_owned();
                }
                Rejection(info)
            })
    }
}

/// An optional ISO 8601 date (CE) of a query or body: a Buddhist-Era year (`2565-08-31`) is
/// refused with a message that says so, never read as the year 3108.
pub fn opt_iso_date<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<chrono::NaiveDate>, D::Error> {
    let raw = Option::<String>::deserialize(d)?;
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => crate::domain::calendar::parse_iso_date(s)
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

/// Serde helper for an optional Buddhist-Era fiscal year in a query string: `2400..=2700`, or a 400.
pub fn opt_fiscal_year<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    let raw = Option::<String>::deserialize(d)?;
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s
            .parse::<i32>()
            .ok()
            .filter(|y| (2400..=2700).contains(y))
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom("ปีงบประมาณต้องเป็นปีพุทธศักราช ตั้งแต่ 2400 ถึง 2700")),
    }
}

/// Serde helper for an optional id in a query string: `1..=2147483647`, or a 400.
pub fn opt_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    let raw = Option::<String>::deserialize(d)?;
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => parse_id(s)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom("รหัสต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง 2147483647")),
    }
}

/// A province code from a query (`TH-33`) as its id; an unknown code is `-1`, which matches
/// nothing (a filter is never silently dropped).
pub async fn province_id(
    db: &sea_orm::DatabaseConnection,
    code: Option<&str>,
) -> Result<Option<i32>, crate::error::AppError> {
    Ok(match code.filter(|s| !s.is_empty()) {
        Some(code) => Some(
            crate::db::repo::provinces::id_of_code(db, code)
                .await?
                .unwrap_or(-1),
        ),
        None => None,
    })
}
