//! JSON request bodies: handlers take the raw bytes, check the caller's permission first (so a
//! caller who may not write learns nothing from the body's shape), then [`parse`]. A body that is
//! not JSON, has the wrong shape or holds a NUL character (PostgreSQL cannot store one) answers
//! the API's typed error (`400 bad_request`, a Thai message with serde's detail), never axum's
//! plain-text rejection. Bodies are limited by axum's default body limit (2 MiB).

use axum::body::Bytes;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::AppError;

fn bad(detail: impl std::fmt::Display) -> AppError {
    AppError::BadRequest(format!("ข้อมูล JSON ไม่ถูกต้อง: {detail}"))
}

/// Whether a NUL character appears in any string or key of `v` (iteratively: bodies may nest
/// deeply).
fn has_nul(v: &Value) -> bool {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) if s.contains('\0') => return true,
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => {
                if map.keys().any(|k| k.contains('\0')) {
                    return true;
                }
                stack.extend(map.values());
            }
            _ => {}
        }
    }
    false
}

/// Parses a JSON body already read.
pub fn parse<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, AppError> {
    let value: Value = serde_json::from_slice(bytes).map_err(bad)?;
    if has_nul(&value) {
        return Err(bad("ข้อความต้องไม่มีอักขระ NUL (\\u0000)"));
    }
    serde_json::from_value(value).map_err(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_characters_anywhere_are_refused() {
        for body in [r#"{"a": "x\u0000"}"#, r#"{"a": [{"b\u0000": 1}]}"#] {
            assert!(parse::<Value>(&Bytes::from(body)).is_err(), "{body}");
        }
        assert!(parse::<Value>(&Bytes::from(r#"{"a": "\\u0000"}"#)).is_ok());
    }
}
