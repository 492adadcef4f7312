//! Meeting numbers of the form `n/BE-year` (e.g. `4/2564`) and how the next one is chosen.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::calendar::{MAX_BE_YEAR, MIN_BE_YEAR, be_year, to_arabic_digits};
use super::fiscal::FiscalYear;
use super::text::normalize_single_line;

/// A meeting number: the `n`th meeting of a Buddhist-Era (calendar or fiscal) year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MeetingNumber {
    /// Sequence number within the year, starting at 1.
    pub n: u32,
    /// Buddhist-Era year the numbering belongs to.
    pub be_year: i32,
}

impl fmt::Display for MeetingNumber {
    /// `4/2564`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.n, self.be_year)
    }
}

/// Why a meeting number could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MeetingNumberError {
    /// Nothing was typed.
    #[error("กรุณากรอกครั้งที่ของการประชุม")]
    Empty,
    /// Not of the form `ครั้งที่/ปี`.
    #[error("ไม่เข้าใจครั้งที่ของการประชุม กรุณากรอกเช่น 4/2564")]
    Unrecognised,
    /// The number was 0.
    #[error("ครั้งที่ของการประชุมต้องเริ่มที่ 1")]
    Zero,
    /// A Christian-Era year was typed.
    #[error("ปี {year} ดูเหมือนเป็นปีคริสต์ศักราช กรุณากรอกปีพุทธศักราช (เช่น {be_suggestion})")]
    CeYearGiven {
        /// The year as typed.
        year: i32,
        /// The same year in the Buddhist Era.
        be_suggestion: i32,
    },
    /// The Buddhist-Era year is outside 2400–2700.
    #[error("ปี พ.ศ. ต้องอยู่ระหว่าง 2400 ถึง 2700")]
    YearOutOfRange,
}

impl FromStr for MeetingNumber {
    type Err = MeetingNumberError;

    /// Accepts `4/2564`, `ครั้งที่ 4/2564`, `การประชุมครั้งที่ 4/2564` and Thai digits.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = normalize_single_line(&to_arabic_digits(s));
        if s.is_empty() {
            return Err(MeetingNumberError::Empty);
        }
        let rest = s.strip_prefix("การประชุม").unwrap_or(&s).trim_start();
        let rest = rest.strip_prefix("ครั้งที่").unwrap_or(rest).trim();
        let (n, y) = rest
            .split_once('/')
            .ok_or(MeetingNumberError::Unrecognised)?;
        let (n, y) = (n.trim(), y.trim());
        let digits = |x: &str, max: usize| {
            if x.is_empty() || x.len() > max || !x.bytes().all(|b| b.is_ascii_digit()) {
                return Err(MeetingNumberError::Unrecognised);
            }
            x.parse::<u32>()
                .map_err(|_| MeetingNumberError::Unrecognised)
        };
        let n = digits(n, 6)?;
        if y.len() != 4 {
            return Err(MeetingNumberError::Unrecognised);
        }
        let y = i32::try_from(digits(y, 4)?).map_err(|_| MeetingNumberError::Unrecognised)?;
        if n == 0 {
            return Err(MeetingNumberError::Zero);
        }
        if y < MIN_BE_YEAR {
            let be = be_year(y);
            return if (MIN_BE_YEAR..=MAX_BE_YEAR).contains(&be) {
                Err(MeetingNumberError::CeYearGiven {
                    year: y,
                    be_suggestion: be,
                })
            } else {
                Err(MeetingNumberError::YearOutOfRange)
            };
        }
        if y > MAX_BE_YEAR {
            return Err(MeetingNumberError::YearOutOfRange);
        }
        Ok(Self { n, be_year: y })
    }
}

super::status::labelled_enum! {
    /// Which year meeting numbers restart with (`meeting_series.numbering_scope`).
    #[derive(Default)]
    pub enum NumberingScope ("รูปแบบการนับครั้งที่ประชุม") {
        /// Restart on 1 January (BE calendar year).
        #[default]
        CalendarYear => "calendar_year", "ตามปีปฏิทิน", "Calendar year";
        /// Restart on 1 October (fiscal year).
        FiscalYear => "fiscal_year", "ตามปีงบประมาณ", "Fiscal year";
    }
}

impl NumberingScope {
    /// The BE year a meeting on `date` is numbered in.
    pub fn year_for(self, date: NaiveDate) -> i32 {
        match self {
            Self::CalendarYear => be_year(date.year()),
            Self::FiscalYear => FiscalYear::of(date).0,
        }
    }
}

/// The number for a new meeting on `date`, given the last number used in this series.
///
/// Continues from `last` when it belongs to the same numbering year; otherwise (no previous
/// meeting, or a different year in either direction) starts again at 1.
pub fn next_number(
    scope: NumberingScope,
    date: NaiveDate,
    last: Option<MeetingNumber>,
) -> MeetingNumber {
    let be_year = scope.year_for(date);
    let n = match last {
        Some(l) if l.be_year == be_year => l.n.saturating_add(1),
        _ => 1,
    };
    MeetingNumber { n, be_year }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const M4: MeetingNumber = MeetingNumber {
        n: 4,
        be_year: 2564,
    };

    #[test]
    fn parse_and_display() {
        assert_eq!(M4.to_string(), "4/2564");
        for s in [
            "4/2564",
            "ครั้งที่ 4/2564",
            "ครั้งที่4/2564",
            "๔/๒๕๖๔",
            " 4 / 2564 ",
            "การประชุมครั้งที่ ๔/๒๕๖๔",
        ] {
            assert_eq!(s.parse(), Ok(M4), "{s}");
        }
        assert_eq!(
            "0/2564".parse::<MeetingNumber>(),
            Err(MeetingNumberError::Zero)
        );
        let e = "1/2022".parse::<MeetingNumber>().unwrap_err();
        assert_eq!(
            e,
            MeetingNumberError::CeYearGiven {
                year: 2022,
                be_suggestion: 2565
            }
        );
        assert!(e.to_string().contains("2565"));
        assert_eq!("".parse::<MeetingNumber>(), Err(MeetingNumberError::Empty));
        assert_eq!(
            "4".parse::<MeetingNumber>(),
            Err(MeetingNumberError::Unrecognised)
        );
        assert_eq!(
            "4/64".parse::<MeetingNumber>(),
            Err(MeetingNumberError::Unrecognised)
        );
        assert_eq!(
            "x/2564".parse::<MeetingNumber>(),
            Err(MeetingNumberError::Unrecognised)
        );
        assert_eq!(
            "1/2900".parse::<MeetingNumber>(),
            Err(MeetingNumberError::YearOutOfRange)
        );
    }

    #[test]
    fn scope() {
        for s in NumberingScope::ALL {
            assert_eq!(s.as_str().parse(), Ok(*s));
        }
        assert!("weekly".parse::<NumberingScope>().is_err());
        assert_eq!(NumberingScope::CalendarYear.year_for(d(2021, 11, 1)), 2564);
        assert_eq!(NumberingScope::FiscalYear.year_for(d(2021, 11, 1)), 2565);
    }

    #[test]
    fn next() {
        use NumberingScope::*;
        assert_eq!(
            next_number(CalendarYear, d(2021, 6, 1), Some(M4)).to_string(),
            "5/2564"
        );
        assert_eq!(
            next_number(CalendarYear, d(2022, 1, 5), Some(M4)).to_string(),
            "1/2565"
        );
        assert_eq!(
            next_number(CalendarYear, d(2021, 6, 1), None).to_string(),
            "1/2564"
        );
        // Fiscal: October 2021 is already FY 2565.
        assert_eq!(
            next_number(FiscalYear, d(2021, 9, 30), Some(M4)).to_string(),
            "5/2564"
        );
        assert_eq!(
            next_number(FiscalYear, d(2021, 10, 1), Some(M4)).to_string(),
            "1/2565"
        );
    }
}
