//! The one error type at the web edge. Converting an error into a response has no side
//! effects: it attaches an [`ErrorInfo`]; the `error_pages` middleware renders the Thai page
//! (or the JSON error for `/api/`) and logs internal errors once.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::domain::fields::FieldErrors;
use crate::domain::rules::RuleViolation;

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The object does not exist or is outside the user's scope (never say which).
    #[error("not found")]
    NotFound,
    /// Sign-in required.
    #[error("sign-in required")]
    Unauthenticated,
    /// Signed in, but not allowed.
    #[error("forbidden")]
    Forbidden,
    /// A domain rule refused the change; the message is Thai and safe to show.
    #[error(transparent)]
    Rule(#[from] RuleViolation),
    /// Input failed validation (422); the messages are Thai, keyed by field.
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    /// The request itself is malformed (400); the message is Thai.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A form post without the right CSRF token (403).
    #[error("csrf check failed")]
    CsrfFailed,
    /// Someone else saved first (409); the message is Thai. Nothing was written.
    #[error("stale: {0}")]
    Stale(String),
    /// Too many attempts (429); the message is Thai.
    #[error("too many requests")]
    TooManyRequests(String),
    /// The database stayed locked by other writers past the busy timeout (503 with
    /// `Retry-After`); nothing was written.
    #[error("database busy")]
    Busy,
    /// The request body or one of its parts is larger than allowed (413); the message is Thai.
    #[error("payload too large: {0}")]
    TooLarge(String),
    /// Anything else: logged, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<FieldErrors> for AppError {
    fn from(e: FieldErrors) -> Self {
        Self::Invalid(e)
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        match e {
            sea_orm::DbErr::RecordNotFound(_) => Self::NotFound,
            e if is_busy(&e.to_string()) => Self::Busy,
            e => Self::Internal(e.into()),
        }
    }
}

impl From<crate::mail::MailError> for AppError {
    fn from(e: crate::mail::MailError) -> Self {
        match e {
            crate::mail::MailError::Db(e) => e.into(),
            crate::mail::MailError::Render(e) => Self::Internal(e),
        }
    }
}

/// Whether a database error message says the database stayed locked (SQLite's `SQLITE_BUSY`,
/// after the busy timeout).
pub fn is_busy(message: &str) -> bool {
    message.contains("database is locked") || message.contains("(code: 5)")
}

/// The Thai message of a 503: nothing was saved, try again shortly.
const BUSY_MESSAGE: &str =
    "ขณะนี้มีผู้บันทึกข้อมูลพร้อมกันจำนวนมาก ระบบยังไม่ได้บันทึกรายการของท่าน กรุณาลองใหม่อีกครั้งในอีกสักครู่";

/// Seconds a client is asked to wait after a 503.
pub const RETRY_AFTER_SECS: u32 = 2;

/// What the error middleware needs to render an error: safe to show to anyone.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine code for the API, e.g. `not_found`.
    pub code: &'static str,
    /// Thai message for people.
    pub message: String,
    /// Per-field messages (validation errors), empty otherwise.
    pub fields: FieldErrors,
}

/// The internal error behind a 500, kept in the response extensions for logging only.
#[derive(Debug, Clone)]
pub struct InternalCause(pub Arc<anyhow::Error>);

impl AppError {
    /// Status, code and a Thai message that leaks nothing internal.
    pub fn info(&self) -> ErrorInfo {
        let (status, code, message) = match self {
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                "ไม่พบหน้าที่ต้องการ".to_owned(),
            ),
            Self::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "กรุณาเข้าสู่ระบบก่อน".to_owned(),
            ),
            Self::Forbidden => (
                StatusCode::FORBIDDEN,
                "forbidden",
                "ท่านไม่มีสิทธิ์ดำเนินการนี้".to_owned(),
            ),
            Self::Rule(v) => (StatusCode::CONFLICT, "rule_violation", v.to_string()),
            Self::Invalid(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                "ข้อมูลไม่ถูกต้อง กรุณาตรวจสอบช่องที่มีข้อความแจ้ง".to_owned(),
            ),
            Self::CsrfFailed => (
                StatusCode::FORBIDDEN,
                "csrf_failed",
                "แบบฟอร์มหมดอายุหรือไม่ถูกต้อง กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง".to_owned(),
            ),
            Self::BadRequest(m) => (StatusCode::BAD_REQUEST, "bad_request", m.clone()),
            Self::Stale(m) => (StatusCode::CONFLICT, "stale_revision", m.clone()),
            Self::TooManyRequests(m) => (
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                m.clone(),
            ),
            Self::Busy => (
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                BUSY_MESSAGE.to_owned(),
            ),
            Self::TooLarge(m) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                m.clone(),
            ),
            // A busy database reached through an `anyhow` chain is the same 503.
            Self::Internal(e) if is_busy(&format!("{e:#}")) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                BUSY_MESSAGE.to_owned(),
            ),
            Self::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "ระบบขัดข้องชั่วคราว กรุณาลองใหม่อีกครั้ง".to_owned(),
            ),
        };
        let fields = match self {
            Self::Invalid(f) => f.clone(),
            _ => FieldErrors::new(),
        };
        ErrorInfo {
            status,
            code,
            message,
            fields,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let info = self.info();
        let mut res = info.status.into_response();
        if info.status == StatusCode::SERVICE_UNAVAILABLE {
            res.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(RETRY_AFTER_SECS),
            );
        }
        if let Self::Internal(e) = self
            && info.status == StatusCode::INTERNAL_SERVER_ERROR
        {
            res.extensions_mut().insert(InternalCause(Arc::new(e)));
        }
        res.extensions_mut().insert(info);
        res
    }
}
