//! A [`Table`] as CSV, streamed: UTF-8 with a byte-order mark (so Excel reads Thai), CRLF line
//! ends, the Thai header row first, then each chunk as it comes; dates in the Buddhist Era
//! (`30/09/2570`); text that a spreadsheet would run as a formula gets a leading `'`.

use std::borrow::Cow;

use axum::body::Bytes;
use futures_util::Stream;

use super::{Cap, Cell, Chunks, Row, Table};
use crate::domain::calendar::{Digits, ThaiDate};
use crate::error::AppError;

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The table as a stream of CSV bytes. The first chunk is read before this returns, so a
/// failing query is an error response rather than a cut download; a later failure ends the
/// stream with an error (the client sees an incomplete download) and is logged.
pub async fn stream<S: Chunks>(
    table: Table,
    mut rows: S,
) -> Result<impl Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static, AppError> {
    let first = rows.next_chunk().await?;
    let mut head = BOM.to_vec();
    head.extend(encode(std::iter::once(
        table
            .columns
            .iter()
            .map(|c| Cell::Text(c.header.to_string()))
            .collect(),
    ))?);
    let state = State {
        cap: Cap::of(&table),
        table,
        rows,
        head: Some(head),
        pending: Some(first),
        done: false,
    };
    // Fused: a body may be polled again after its end (the gzip layer does so on an empty
    // export), which an `unfold` answers with a panic.
    Ok(futures_util::StreamExt::fuse(futures_util::stream::unfold(
        state,
        |mut st| async move {
            if st.done {
                return None;
            }
            let mut out = st.head.take().unwrap_or_default();
            let chunk = match st.pending.take() {
                Some(c) => c,
                None if st.cap.cut => None,
                None => match st.rows.next_chunk().await {
                    Ok(c) => c,
                    Err(e) => {
                        tracing::error!(error = %e, "CSV export stopped");
                        st.done = true;
                        return Some((Err(std::io::Error::other("export failed")), st));
                    }
                },
            };
            match chunk.and_then(|c| st.cap.offer(c)) {
                Some(rows) => match encode(rows) {
                    Ok(bytes) => out.extend(bytes),
                    Err(e) => {
                        tracing::error!(error = %e, "CSV export stopped");
                        st.done = true;
                        return Some((Err(std::io::Error::other("export failed")), st));
                    }
                },
                None => {
                    if st.cap.cut {
                        let note = vec![Cell::Text(st.table.truncated_note())];
                        out.extend(encode(std::iter::once(note)).unwrap_or_default());
                    }
                    st.done = true;
                }
            }
            Some((Ok(Bytes::from(out)), st))
        },
    )))
}

struct State<S> {
    table: Table,
    rows: S,
    cap: Cap,
    head: Option<Vec<u8>>,
    pending: Option<Option<Vec<Row>>>,
    done: bool,
}

/// Rows as CSV records with CRLF line ends.
pub fn encode(rows: impl IntoIterator<Item = Row>) -> Result<Vec<u8>, AppError> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    for row in rows {
        w.write_record(row.iter().map(|c| text_of(c).into_owned()))
            .map_err(|e| AppError::Internal(e.into()))?;
    }
    w.into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("CSV buffer: {e}")))
}

/// A cell as CSV text.
fn text_of(c: &Cell) -> Cow<'_, str> {
    match c {
        Cell::Empty => Cow::Borrowed(""),
        Cell::Text(s) => defused(s),
        Cell::Int(n) => Cow::Owned(n.to_string()),
        Cell::Number(n) => Cow::Owned(n.to_string()),
        Cell::Date(d) => Cow::Owned(ThaiDate(*d).numeric(Digits::Arabic)),
    }
}

/// Text a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab, CR first) is prefixed
/// with `'` (OWASP's advice against CSV injection); everything else is as stored.
fn defused(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{AllRows, Column};
    use futures_util::StreamExt;

    async fn collect(table: Table, rows: Vec<Row>) -> String {
        let s = stream(table, AllRows::new(rows)).await.unwrap();
        let parts: Vec<_> = s.collect().await;
        let mut out = Vec::new();
        for p in parts {
            out.extend_from_slice(&p.unwrap());
        }
        assert!(out.starts_with(BOM));
        String::from_utf8(out[BOM.len()..].to_vec()).unwrap()
    }

    fn table() -> Table {
        Table::new(
            "ทดสอบ",
            "test",
            vec![Column::new("ชื่อ", 10.0), Column::new("วันที่", 10.0)],
        )
    }

    #[tokio::test]
    async fn header_rows_crlf_and_be_dates() {
        let d = chrono::NaiveDate::from_ymd_opt(2027, 9, 30).unwrap();
        let text = collect(
            table(),
            vec![
                vec!["งาน, \"ด่วน\"".into(), Cell::Date(d)],
                vec!["=1+1".into(), Cell::Empty],
            ],
        )
        .await;
        assert_eq!(
            text,
            "ชื่อ,วันที่\r\n\"งาน, \"\"ด่วน\"\"\",30/09/2570\r\n'=1+1,\r\n"
        );
    }

    #[tokio::test]
    async fn a_cut_table_ends_with_a_note() {
        let mut t = table();
        t.max_rows = 1;
        let text = collect(t, vec![vec!["ก".into()], vec!["ข".into()]]).await;
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[1], "ก");
        assert!(lines[2].contains("แสดงเพียง 1 แถวแรก"), "{text}");
    }
}
