//! JSON request bodies. [`ApiJson<T>`] parses before the handler runs; [`parse`] parses later,
//! for handlers that check permission first. Either way a body that is not JSON or has the wrong
//! shape answers the API's typed error (`400 bad_request`, a Thai message with serde's detail),
//! never axum's plain-text rejection.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// Largest JSON body accepted.
const LIMIT: usize = 2 * 1024 * 1024;

/// A parsed JSON body.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, _: &S) -> Result<Self, AppError> {
        let bytes = axum::body::to_bytes(req.into_body(), LIMIT)
            .await
            .map_err(|_| AppError::BadRequest("ข้อมูลที่ส่งมามีขนาดใหญ่เกินไป".to_owned()))?;
        parse(&bytes).map(ApiJson)
    }
}

/// Parses a JSON body already read.
pub fn parse<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, AppError> {
    serde_json::from_slice(bytes)
        .map_err(|e| AppError::BadRequest(format!("ข้อมูล JSON ไม่ถูกต้อง: {e}")))
}
