//! The one error type at the web edge. Converting an error into a response has no side
//! effects: it attaches an [`ErrorInfo`]; the `error_pages` middleware renders the Thai page
//! (or the JSON error for `/api/`) and logs internal errors once.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

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
    /// Anything else: logged, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        match e {
            sea_orm::DbErr::RecordNotFound(_) => Self::NotFound,
            e => Self::Internal(e.into()),
        }
    }
}

/// What the error middleware needs to render an error: safe to show to anyone.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine code for the API, e.g. `not_found`.
    pub code: &'static str,
    /// Thai message for people.
    pub message: String,
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
            Self::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "ระบบขัดข้องชั่วคราว กรุณาลองใหม่อีกครั้ง".to_owned(),
            ),
        };
        ErrorInfo {
            status,
            code,
            message,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let info = self.info();
        let mut res = info.status.into_response();
        if let Self::Internal(e) = self {
            res.extensions_mut().insert(InternalCause(Arc::new(e)));
        }
        res.extensions_mut().insert(info);
        res
    }
}
