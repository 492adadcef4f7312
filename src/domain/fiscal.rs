//! Thai government fiscal year (1 October – 30 September, named by the Buddhist-Era year in
//! which it ends) and its quarters.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::calendar::{be_year, ce_year, ymd_saturating};

/// A fiscal year, named by its Buddhist-Era year: FY 2565 runs 1 Oct 2021 – 30 Sep 2022.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FiscalYear(pub i32);

impl FiscalYear {
    /// The fiscal year containing `date`.
    pub fn of(date: NaiveDate) -> Self {
        let be = be_year(date.year());
        Self(if date.month() >= 10 { be + 1 } else { be })
    }

    /// First day (1 October of the previous CE year).
    pub fn start(self) -> NaiveDate {
        ymd_saturating(ce_year(self.0) - 1, 10, 1)
    }

    /// Last day (30 September).
    pub fn end(self) -> NaiveDate {
        ymd_saturating(ce_year(self.0), 9, 30)
    }

    /// Whether `date` falls in this fiscal year.
    pub fn contains(self, date: NaiveDate) -> bool {
        Self::of(date) == self
    }

    /// The fiscal quarter of `date` (whichever fiscal year it belongs to).
    pub fn quarter_of(date: NaiveDate) -> FiscalQuarter {
        let quarter = match date.month() {
            10..=12 => 1,
            1..=3 => 2,
            4..=6 => 3,
            _ => 4,
        };
        FiscalQuarter {
            year: Self::of(date),
            quarter,
        }
    }
}

impl fmt::Display for FiscalYear {
    /// `ปีงบประมาณ พ.ศ. 2566`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ปีงบประมาณ พ.ศ. {}", self.0)
    }
}

/// A quarter (1–4) of a fiscal year; Q1 is October–December.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FiscalQuarter {
    /// The fiscal year.
    pub year: FiscalYear,
    /// 1..=4; values outside are clamped by `start`/`end`.
    pub quarter: u8,
}

impl FiscalQuarter {
    /// Builds a quarter, or `None` if `quarter` is not 1..=4.
    pub fn new(year: FiscalYear, quarter: u8) -> Option<Self> {
        (1..=4).contains(&quarter).then_some(Self { year, quarter })
    }

    /// (CE year, first month) of the quarter.
    fn first_month(self) -> (i32, u32) {
        let ce = ce_year(self.year.0);
        match self.quarter {
            0 | 1 => (ce - 1, 10),
            2 => (ce, 1),
            3 => (ce, 4),
            _ => (ce, 7),
        }
    }

    /// First day of the quarter.
    pub fn start(self) -> NaiveDate {
        let (y, m) = self.first_month();
        ymd_saturating(y, m, 1)
    }

    /// Last day of the quarter.
    pub fn end(self) -> NaiveDate {
        let (y, m) = self.first_month();
        let last = m + 2;
        let day = if last == 12 || last == 3 { 31 } else { 30 };
        ymd_saturating(y, last, day)
    }

    /// Whether `date` falls in this quarter.
    pub fn contains(self, date: NaiveDate) -> bool {
        self.start() <= date && date <= self.end()
    }
}

impl fmt::Display for FiscalQuarter {
    /// `ไตรมาส 2/2566`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ไตรมาส {}/{}", self.quarter, self.year.0)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn fiscal_year_bounds() {
        let fy = FiscalYear(2565);
        assert_eq!(fy.start(), d(2021, 10, 1));
        assert_eq!(fy.end(), d(2022, 9, 30));
        assert_eq!(FiscalYear::of(d(2021, 10, 1)), fy);
        assert_eq!(FiscalYear::of(d(2022, 9, 30)), fy);
        assert_eq!(FiscalYear::of(d(2022, 10, 1)), FiscalYear(2566));
        assert!(fy.contains(d(2022, 4, 19)));
        assert!(!fy.contains(d(2021, 9, 30)));
        assert_eq!(fy.to_string(), "ปีงบประมาณ พ.ศ. 2565");
    }

    #[test]
    fn quarters() {
        let q = FiscalQuarter::new(FiscalYear(2566), 2).unwrap();
        assert_eq!(q.start(), d(2023, 1, 1));
        assert_eq!(q.end(), d(2023, 3, 31));
        assert_eq!(q.to_string(), "ไตรมาส 2/2566");
        let q4 = FiscalYear::quarter_of(d(2021, 9, 30));
        assert_eq!(q4.year, FiscalYear(2564));
        assert_eq!(q4.quarter, 4);
        assert_eq!(FiscalQuarter::new(FiscalYear(2566), 5), None);
        // Every day of a few years lands in a quarter that contains it, and quarters tile the year.
        let mut day = d(2020, 1, 1);
        while day < d(2025, 1, 1) {
            let q = FiscalYear::quarter_of(day);
            assert!(q.contains(day), "{day}");
            assert!(q.year.contains(day));
            if q.quarter < 4 {
                let next = FiscalQuarter::new(q.year, q.quarter + 1).unwrap();
                assert_eq!(q.end().succ_opt().unwrap(), next.start());
            } else {
                assert_eq!(q.end(), q.year.end());
            }
            day = day.succ_opt().unwrap();
        }
    }
}
