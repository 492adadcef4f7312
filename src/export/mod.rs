//! Tables as downloads: a [`Table`] of typed columns whose rows come a chunk at a time from a
//! [`Chunks`] source, written as CSV ([`csv`]) or XLSX ([`xlsx`]) without ever holding the whole
//! table in memory. The action, meeting and attendance exports share it; so can any other list
//! (a dashboard table is a `Table` and a `Vec` of rows through [`AllRows`]).
//!
//! ```ignore
//! let table = Table::new("การดำเนินการ", "actions", vec![
//!     Column::new("รหัส", 8.0), Column::new("ชื่องาน", 60.0), Column::new("กำหนดแล้วเสร็จ", 14.0),
//! ]);
//! let rows = AllRows::new(vec![vec![Cell::Int(1), "งาน".into(), Cell::Date(due)]]);
//! let response = crate::edge::exports::respond(table, rows, Format::Xlsx).await?;
//! ```

pub mod csv;
pub mod xlsx;

use std::borrow::Cow;
use std::future::Future;

use chrono::NaiveDate;

use crate::error::AppError;

/// The most rows one export writes; past it the file ends with a note saying so (narrow the
/// filters to get the rest).
pub const MAX_ROWS: usize = 200_000;

/// Rows fetched per query by the keyset sources (`id > last ORDER BY id LIMIT CHUNK`).
pub const CHUNK: u64 = 2_000;

/// One typed cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A number.
    Number(f64),
    /// A date: a real date in XLSX (shown in the Buddhist Era), `d/m/BE-year` in CSV.
    Date(NaiveDate),
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}

impl From<i32> for Cell {
    fn from(n: i32) -> Self {
        Self::Int(i64::from(n))
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Self::Int(n)
    }
}

impl From<f64> for Cell {
    fn from(n: f64) -> Self {
        if n.is_finite() {
            Self::Number(n)
        } else {
            Self::Empty
        }
    }
}

impl From<NaiveDate> for Cell {
    fn from(d: NaiveDate) -> Self {
        Self::Date(d)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Self {
        v.map_or(Self::Empty, Into::into)
    }
}

/// One row: a cell per column.
pub type Row = Vec<Cell>;

/// A column: its Thai header and its width in XLSX (characters).
#[derive(Debug, Clone)]
pub struct Column {
    /// Header text.
    pub header: Cow<'static, str>,
    /// Width in characters (XLSX).
    pub width: f64,
}

impl Column {
    /// A column with a header and a width.
    pub fn new(header: impl Into<Cow<'static, str>>, width: f64) -> Self {
        Self {
            header: header.into(),
            width,
        }
    }
}

/// What is exported: the columns, the sheet's name and the file's name.
#[derive(Debug, Clone)]
pub struct Table {
    /// File name without extension, Thai allowed (`การดำเนินการ-2569-11-23`).
    pub name: String,
    /// ASCII file name without extension, for clients that cannot read the Thai one.
    pub ascii_name: String,
    /// The columns, in order.
    pub columns: Vec<Column>,
    /// The most rows written (a note follows when there were more).
    pub max_rows: usize,
}

impl Table {
    /// A table of `columns`; file names `name` (Thai) and `ascii_name`.
    pub fn new(
        name: impl Into<String>,
        ascii_name: impl Into<String>,
        columns: Vec<Column>,
    ) -> Self {
        Self {
            name: name.into(),
            ascii_name: ascii_name.into(),
            columns,
            max_rows: MAX_ROWS,
        }
    }

    /// The last line of a table cut at [`Table::max_rows`].
    pub fn truncated_note(&self) -> String {
        format!(
            "มีข้อมูลมากกว่า {} แถว แสดงเพียง {} แถวแรก กรุณาเลือกตัวกรองเพิ่มเติมเพื่อดาวน์โหลดส่วนที่เหลือ",
            group(self.max_rows),
            group(self.max_rows)
        )
    }
}

/// `200000` → `200,000`.
fn group(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A source of rows, a chunk at a time, in order; `Ok(None)` when there are no more. Sources
/// own what they need (a pool handle, the caller's context) so an export can outlive the
/// handler that started it.
pub trait Chunks: Send + 'static {
    /// The next rows, or `None` at the end.
    fn next_chunk(&mut self) -> impl Future<Output = Result<Option<Vec<Row>>, AppError>> + Send;
}

/// All rows at once, for small tables (a meeting's attendance, a dashboard).
#[derive(Debug, Default)]
pub struct AllRows(Option<Vec<Row>>);

impl AllRows {
    /// The rows, given as one chunk.
    pub fn new(rows: Vec<Row>) -> Self {
        Self(Some(rows))
    }
}

impl Chunks for AllRows {
    async fn next_chunk(&mut self) -> Result<Option<Vec<Row>>, AppError> {
        Ok(self.0.take().filter(|r| !r.is_empty()))
    }
}

/// A download format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// UTF-8 CSV with a BOM and CRLF line ends (Excel opens Thai correctly).
    Csv,
    /// An Excel workbook.
    Xlsx,
}

impl Format {
    /// File extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }

    /// MIME type.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Xlsx => XLSX_TYPE,
        }
    }
}

/// The MIME type of an XLSX workbook.
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Counts rows against [`Table::max_rows`]: how many of a chunk to write, and whether the table
/// was cut.
#[derive(Debug)]
pub(crate) struct Cap {
    left: usize,
    /// More rows came than were written.
    pub cut: bool,
}

impl Cap {
    pub(crate) fn of(table: &Table) -> Self {
        Self {
            left: table.max_rows,
            cut: false,
        }
    }

    /// The rows of `chunk` to write, or `None` to stop: the cap was reached (a non-empty chunk
    /// past it marks the cut) or the table was already cut.
    pub(crate) fn offer(&mut self, mut chunk: Vec<Row>) -> Option<Vec<Row>> {
        if self.cut {
            return None;
        }
        if self.left == 0 {
            self.cut = !chunk.is_empty();
            return None;
        }
        if chunk.len() > self.left {
            chunk.truncate(self.left);
            self.cut = true;
        }
        self.left -= chunk.len();
        Some(chunk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(group(200_000), "200,000");
        assert_eq!(group(999), "999");
        assert_eq!(group(1_000), "1,000");
    }

    #[test]
    fn cells_from_values() {
        assert_eq!(Cell::from(Some(3)), Cell::Int(3));
        assert_eq!(Cell::from(None::<String>), Cell::Empty);
        assert_eq!(Cell::from(f64::NAN), Cell::Empty);
    }

    #[test]
    fn the_cap_cuts_and_says_so() {
        let mut t = Table::new("t", "t", vec![Column::new("a", 5.0)]);
        t.max_rows = 3;
        let mut cap = Cap::of(&t);
        let one = |n| vec![Cell::Int(n)];
        assert_eq!(cap.offer(vec![one(1), one(2)]).map(|c| c.len()), Some(2));
        assert_eq!(cap.offer(vec![one(3), one(4)]).map(|c| c.len()), Some(1));
        assert!(cap.cut);
        assert!(cap.offer(vec![one(5)]).is_none());

        let mut exact = Cap::of(&t);
        assert!(exact.offer(vec![one(1), one(2), one(3)]).is_some());
        assert!(exact.offer(Vec::new()).is_none());
        assert!(!exact.cut, "exactly the cap is not cut");
    }
}
