//! The lists as exports ([`crate::export`] tables): the action list and the meetings list with
//! the same scope and filters as their pages, read in keyset chunks by id
//! (`id > last ORDER BY id LIMIT 2000`), and a meeting's attendance sheet.

pub mod actions;
pub mod attendance;
pub mod meetings;

use chrono::{Datelike, NaiveDate};

/// `2569-11-23` (Buddhist Era) for file names.
pub fn be_stamp(d: NaiveDate) -> String {
    format!("{}-{:02}-{:02}", d.year() + 543, d.month(), d.day())
}

/// `2026-11-23` for ASCII file names.
pub fn ce_stamp(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn stamps() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        assert_eq!(super::be_stamp(d), "2569-11-03");
        assert_eq!(super::ce_stamp(d), "2026-11-03");
    }
}
