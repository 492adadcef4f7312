//! JSON request bodies: handlers take the raw bytes, check the caller's permission first (so a
//! caller who may not write learns nothing from the body's shape), then [`parse`]. A body that is
//! not JSON or has the wrong shape answers the API's typed error (`400 bad_request`, a Thai
//! message with serde's detail), never axum's plain-text rejection.
//! Bodies are limited by axum's default body limit (2 MiB).

use axum::body::Bytes;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// Parses a JSON body already read.
pub fn parse<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, AppError> {
    serde_json::from_slice(bytes)
        .map_err(|e| AppError::BadRequest(format!("ข้อมูล JSON ไม่ถูกต้อง: {e}")))
}
