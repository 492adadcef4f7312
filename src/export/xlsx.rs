//! A [`Table`] as an XLSX workbook in flat memory: rust_xlsxwriter's constant-memory worksheet
//! writes each row to a temp file as it comes, on tokio's blocking pool, while the chunks are
//! read on the runtime and handed over through a small channel; the workbook is saved to a
//! temp file that the response then streams (the path is removed as soon as it is open).
//! Bold header row, panes frozen below it, an autofilter, column widths, Tahoma (draws Thai on
//! every Windows and Mac), dates as real Excel dates shown in the Buddhist Era.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet, XlsxError};
use tokio::sync::mpsc;

use super::{Cap, Cell, Chunks, Row, Table};
use crate::error::AppError;

/// Excel's Thai Buddhist calendar (calendar type 07) for a short date: `30/09/2570`.
pub const BE_DATE_FORMAT: &str = "[$-1070000]d/mm/yyyy;@";

/// The font of every cell.
pub const FONT: &str = "Tahoma";

/// A saved workbook, open for reading; its path is already removed.
#[derive(Debug)]
pub struct Written {
    /// The file, at its start.
    pub file: tokio::fs::File,
    /// Its size in bytes.
    pub len: u64,
}

/// Workbooks written at once; more wait their turn (each holds a blocking thread, a database
/// connection per chunk and temp files).
pub const CONCURRENT: usize = 4;

static WRITERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(CONCURRENT);

/// Writes the table to a temp workbook and opens it.
pub async fn write<S: Chunks>(table: Table, mut rows: S) -> Result<Written, AppError> {
    let _turn = WRITERS
        .acquire()
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("XLSX writers: {e}")))?;
    let temp = TempPath::new();
    let path = temp.0.clone();
    // Two chunks in flight at most: memory stays flat whatever the table's size.
    let (tx, rx) = mpsc::channel::<Vec<Row>>(2);
    let writer = tokio::task::spawn_blocking(move || write_blocking(&table, rx, &path));
    let fed = feed(&mut rows, &tx).await;
    drop(tx);
    let written = writer
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("XLSX writer: {e}")))?;
    fed?;
    written.map_err(|e| AppError::Internal(anyhow::anyhow!("XLSX: {e}")))?;
    let file = tokio::fs::File::open(&temp.0)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let len = file
        .metadata()
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .len();
    drop(temp); // unlinks the path; the open file stays readable
    Ok(Written { file, len })
}

/// Reads the chunks and hands them to the writer, which applies the cap; stops early when the
/// writer has stopped (it then reports why).
async fn feed<S: Chunks>(rows: &mut S, tx: &mpsc::Sender<Vec<Row>>) -> Result<(), AppError> {
    while let Some(chunk) = rows.next_chunk().await? {
        if tx.send(chunk).await.is_err() {
            break;
        }
    }
    Ok(())
}

fn write_blocking(
    table: &Table,
    mut rx: mpsc::Receiver<Vec<Row>>,
    path: &Path,
) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let base = Format::new().set_font_name(FONT).set_font_size(10);
    wb.set_default_format(&base, 17, 64)?;
    let header = base
        .clone()
        .set_bold()
        .set_background_color(Color::RGB(0xDDE5F0))
        .set_border_bottom(FormatBorder::Thin);
    let date = base.clone().set_num_format(BE_DATE_FORMAT);
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(sheet_name(&table.name))?;
    for (i, c) in table.columns.iter().enumerate() {
        let col = col_of(i);
        ws.set_column_width(col, c.width)?;
        ws.write_string_with_format(0, col, c.header.as_ref(), &header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let mut cap = Cap::of(table);
    let mut row: u32 = 0;
    while let Some(chunk) = rx.blocking_recv() {
        let Some(chunk) = cap.offer(chunk) else {
            break;
        };
        for r in chunk {
            row += 1;
            write_row(ws, row, &r, &date)?;
        }
        if cap.cut {
            break;
        }
    }
    // Dropping the receiver tells the reader to stop asking the database.
    drop(rx);
    if !table.columns.is_empty() {
        ws.autofilter(0, 0, row.max(1), col_of(table.columns.len() - 1))?;
    }
    if cap.cut {
        ws.write_string(row + 1, 0, table.truncated_note())?;
    }
    wb.save(path)
}

fn write_row(ws: &mut Worksheet, row: u32, cells: &[Cell], date: &Format) -> Result<(), XlsxError> {
    for (i, c) in cells.iter().enumerate() {
        let col = col_of(i);
        match c {
            Cell::Empty => {}
            Cell::Text(s) => {
                ws.write_string(row, col, s)?;
            }
            Cell::Int(n) => {
                // Exact up to 2^53; ids and percentages are far below.
                #[allow(
                    clippy::cast_precision_loss,
                    reason = "ids and counts are far below 2^53"
                )]
                ws.write_number(row, col, *n as f64)?;
            }
            Cell::Number(n) => {
                ws.write_number(row, col, *n)?;
            }
            Cell::Date(d) => {
                ws.write_date_with_format(row, col, d, date)?;
            }
        }
    }
    Ok(())
}

fn col_of(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, not blank.
fn sheet_name(name: &str) -> String {
    let s: String = name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    let s = s.trim_matches('\'').trim().to_owned();
    if s.is_empty() { "Sheet1".to_owned() } else { s }
}

/// A temp file path, removed when dropped.
struct TempPath(PathBuf);

impl TempPath {
    fn new() -> Self {
        let n: u64 = rand::random();
        Self(std::env::temp_dir().join(format!(
            "prachum-export-{}-{n:016x}.xlsx",
            std::process::id()
        )))
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_excel_accepts() {
        assert_eq!(sheet_name("การดำเนินการ 23/11/2569"), "การดำเนินการ 23112569");
        assert_eq!(sheet_name("???"), "Sheet1");
        assert_eq!(sheet_name(&"ก".repeat(40)).chars().count(), 31);
    }
}
