//! Tables as downloads, for the pages and the API alike: a [`Table`] and its rows become a CSV
//! streamed as it is written or an XLSX streamed from its temp file, as an attachment with an
//! ASCII file name and the Thai one (RFC 5987 `filename*`).

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::export::{Chunks, Format, Table, csv, xlsx};

/// The table as a download in `format`.
pub async fn respond<S: Chunks>(
    table: Table,
    rows: S,
    format: Format,
) -> Result<Response, AppError> {
    let disposition = disposition(&table, format);
    let mut res = match format {
        Format::Csv => Body::from_stream(csv::stream(table, rows).await?).into_response(),
        Format::Xlsx => {
            let written = xlsx::write(table, rows).await?;
            let mut res =
                Body::from_stream(tokio_util::io::ReaderStream::new(written.file)).into_response();
            res.headers_mut().insert(
                header::CONTENT_LENGTH,
                header::HeaderValue::from(written.len),
            );
            res
        }
    };
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static(format.content_type()),
    );
    if let Ok(v) = header::HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("private, no-store"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    Ok(res)
}

/// `attachment; filename="actions-2026-11-23.csv"; filename*=UTF-8''…` (the Thai name).
pub fn disposition(table: &Table, format: Format) -> String {
    let ext = format.extension();
    let ascii: String = table
        .ascii_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let ascii = if ascii.is_empty() {
        "export".to_owned()
    } else {
        ascii
    };
    format!(
        "attachment; filename=\"{ascii}.{ext}\"; filename*=UTF-8''{}.{ext}",
        rfc5987(&table.name)
    )
}

/// Percent-encodes everything but RFC 5987's `attr-char`.
fn rfc5987(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Column;

    #[test]
    fn thai_file_names_with_an_ascii_fallback() {
        let t = Table::new("ผู้เข้าประชุม 1", "attendance 1", vec![Column::new("a", 1.0)]);
        assert_eq!(
            disposition(&t, Format::Csv),
            "attachment; filename=\"attendance_1.csv\"; filename*=UTF-8''%E0%B8%9C%E0%B8%B9%E0%B9%89%E0%B9%80%E0%B8%82%E0%B9%89%E0%B8%B2%E0%B8%9B%E0%B8%A3%E0%B8%B0%E0%B8%8A%E0%B8%B8%E0%B8%A1%201.csv"
        );
    }
}
