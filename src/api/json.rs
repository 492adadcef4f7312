//! `ApiJson<T>`: a JSON request body whose rejections (not JSON, wrong shape, missing fields)
//! answer as the API's typed error (`400 bad_request` with a Thai message and serde's detail)
//! instead of axum's plain-text rejection.

use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// A parsed JSON body.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(AppError::BadRequest(format!(
                "ข้อมูล JSON ไม่ถูกต้อง: {}",
                rejection.body_text()
            ))),
        }
    }
}
