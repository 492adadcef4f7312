//! Static assets (CSS and the Sarabun web font) embedded in the binary and served under `/assets/` with
//! long-lived cache headers; `asset_url()` adds a content hash so a new build busts caches.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// One embedded file.
struct Asset {
    path: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

/// Declares an embedded asset from its path under `assets/`.
macro_rules! asset {
    ($path:literal, $content_type:literal) => {
        Asset {
            path: $path,
            content_type: $content_type,
            bytes: include_bytes!(concat!("../../assets/", $path)),
        }
    };
}

const ASSETS: &[Asset] = &[
    asset!("css/app.css", "text/css; charset=utf-8"),
    asset!("js/be-date.js", "text/javascript; charset=utf-8"),
    asset!("js/minutes.js", "text/javascript; charset=utf-8"),
    asset!("js/api-docs.js", "text/javascript; charset=utf-8"),
    asset!(
        "vendor/swagger-ui/swagger-ui-bundle.js",
        "text/javascript; charset=utf-8"
    ),
    asset!(
        "vendor/swagger-ui/swagger-ui.css",
        "text/css; charset=utf-8"
    ),
    asset!("vendor/swagger-ui/LICENSE", "text/plain; charset=utf-8"),
    asset!("fonts/sarabun-thai-400-normal.woff2", "font/woff2"),
    asset!("fonts/sarabun-thai-700-normal.woff2", "font/woff2"),
    asset!("fonts/sarabun-latin-400-normal.woff2", "font/woff2"),
    asset!("fonts/sarabun-latin-700-normal.woff2", "font/woff2"),
    asset!("fonts/OFL-Sarabun.txt", "text/plain; charset=utf-8"),
];

/// Content hashes (FNV-1a, hex), computed once.
static HASHES: LazyLock<Vec<String>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|a| {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for b in a.bytes {
                h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
            }
            format!("{h:016x}")
        })
        .collect()
});

fn find(path: &str) -> Option<(usize, &'static Asset)> {
    ASSETS.iter().enumerate().find(|(_, a)| a.path == path)
}

/// The URL of an asset with its content hash, e.g. `/assets/css/app.css?v=…`.
pub fn url(path: &str) -> String {
    match find(path) {
        Some((i, _)) => format!("/assets/{path}?v={}", &HASHES[i][..12]),
        None => format!("/assets/{path}"),
    }
}

/// `GET /assets/{*path}`: the file, immutable for a year, with an ETag.
pub async fn serve(Path(path): Path<String>, headers: HeaderMap) -> Result<Response, AppError> {
    let (i, asset) = find(&path).ok_or(AppError::NotFound)?;
    let etag = format!("\"{}\"", HASHES[i]);
    let cache = HeaderValue::from_static("public, max-age=31536000, immutable");
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        return Ok((StatusCode::NOT_MODIFIED, [(header::CACHE_CONTROL, cache)]).into_response());
    }
    let etag = HeaderValue::from_str(&etag).map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (header::CACHE_CONTROL, cache),
            (header::ETAG, etag),
        ],
        asset.bytes,
    )
        .into_response())
}
