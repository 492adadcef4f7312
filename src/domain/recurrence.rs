//! Monthly recurrence rules of the form "the nth (or last) weekday of every month",
//! their Thai description and a stable text form for storage (`monthly:3:thu`, `monthly:last:thu`).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::calendar::WEEKDAYS_TH;

/// Which occurrence of the weekday within the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Nth {
    /// 1st.
    First,
    /// 2nd.
    Second,
    /// 3rd.
    Third,
    /// 4th.
    Fourth,
    /// The last one (4th or 5th).
    Last,
}

impl Nth {
    /// `1..=4` to `First..=Fourth`; anything else is `None` (use [`Nth::Last`] explicitly).
    pub const fn from_u8(n: u8) -> Option<Self> {
        match n {
            1 => Some(Self::First),
            2 => Some(Self::Second),
            3 => Some(Self::Third),
            4 => Some(Self::Fourth),
            _ => None,
        }
    }

    /// `Some(1..=4)`, or `None` for `Last`.
    pub const fn number(self) -> Option<u8> {
        match self {
            Self::First => Some(1),
            Self::Second => Some(2),
            Self::Third => Some(3),
            Self::Fourth => Some(4),
            Self::Last => None,
        }
    }
}

impl TryFrom<u8> for Nth {
    type Error = RecurrenceParseError;

    fn try_from(n: u8) -> Result<Self, Self::Error> {
        Self::from_u8(n).ok_or(RecurrenceParseError)
    }
}

/// A stored recurrence rule could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("รูปแบบการประชุมประจำไม่ถูกต้อง (ตัวอย่างที่ถูกต้อง: monthly:3:thu หรือ monthly:last:thu)")]
pub struct RecurrenceParseError;

/// "The `nth` `weekday` of every month", e.g. the third Thursday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MonthlyNthWeekday {
    /// Which occurrence.
    pub nth: Nth,
    /// Which weekday.
    pub weekday: Weekday,
}

const WEEKDAY_CODES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn weekday_from_index(i: usize) -> Weekday {
    match i {
        0 => Weekday::Mon,
        1 => Weekday::Tue,
        2 => Weekday::Wed,
        3 => Weekday::Thu,
        4 => Weekday::Fri,
        5 => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

impl MonthlyNthWeekday {
    /// The occurrence in the given CE `year` and `month` (1..=12); `None` for an invalid month.
    pub fn in_month(&self, year: i32, month: u32) -> Option<NaiveDate> {
        match self.nth.number() {
            Some(n) => NaiveDate::from_weekday_of_month_opt(year, month, self.weekday, n),
            None => {
                let first = NaiveDate::from_ymd_opt(year, month, 1)?;
                let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
                let back = (7 + last.weekday().num_days_from_monday()
                    - self.weekday.num_days_from_monday())
                    % 7;
                last.checked_sub_days(chrono::Days::new(u64::from(back)))
            }
        }
    }

    /// All occurrences between `from` and `to`, both inclusive, in order.
    pub fn occurrences(&self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let (mut y, mut m) = (from.year(), from.month());
        while (y, m) <= (to.year(), to.month()) {
            if let Some(d) = self.in_month(y, m)
                && from <= d
                && d <= to
            {
                out.push(d);
            }
            if m == 12 {
                y += 1;
                m = 1;
            } else {
                m += 1;
            }
        }
        out
    }

    /// The first occurrence on or after `date` (`None` only at the end of chrono's range).
    pub fn next_on_or_after(&self, date: NaiveDate) -> Option<NaiveDate> {
        let (mut y, mut m) = (date.year(), date.month());
        // Every month has at least four of each weekday, so this month or the next one has it.
        for _ in 0..2 {
            if let Some(d) = self.in_month(y, m)
                && d >= date
            {
                return Some(d);
            }
            if m == 12 {
                y = y.checked_add(1)?;
                m = 1;
            } else {
                m += 1;
            }
        }
        None
    }

    /// Thai description: `ทุกวันพฤหัสบดีที่ 3 ของเดือน`, `ทุกวันพฤหัสบดีสุดท้ายของเดือน`.
    pub fn describe_th(&self) -> String {
        let day = WEEKDAYS_TH[self.weekday.num_days_from_monday() as usize];
        match self.nth.number() {
            Some(n) => format!("ทุก{day}ที่ {n} ของเดือน"),
            None => format!("ทุก{day}สุดท้ายของเดือน"),
        }
    }

    /// Stable storage form: `monthly:3:thu`, `monthly:last:thu`.
    pub fn as_rule(&self) -> String {
        let day = WEEKDAY_CODES[self.weekday.num_days_from_monday() as usize];
        match self.nth.number() {
            Some(n) => format!("monthly:{n}:{day}"),
            None => format!("monthly:last:{day}"),
        }
    }

    /// Reads the storage form written by [`MonthlyNthWeekday::as_rule`].
    pub fn parse_rule(s: &str) -> Result<Self, RecurrenceParseError> {
        let mut parts = s.trim().split(':');
        let (Some("monthly"), Some(n), Some(day), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(RecurrenceParseError);
        };
        let nth = if n == "last" {
            Nth::Last
        } else {
            n.parse::<u8>()
                .ok()
                .and_then(Nth::from_u8)
                .ok_or(RecurrenceParseError)?
        };
        let i = WEEKDAY_CODES
            .iter()
            .position(|c| *c == day)
            .ok_or(RecurrenceParseError)?;
        Ok(Self {
            nth,
            weekday: weekday_from_index(i),
        })
    }
}

impl FromStr for MonthlyNthWeekday {
    type Err = RecurrenceParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_rule(s)
    }
}

impl fmt::Display for MonthlyNthWeekday {
    /// Writes the storage form ([`MonthlyNthWeekday::as_rule`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_rule())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const THIRD_THU: MonthlyNthWeekday = MonthlyNthWeekday {
        nth: Nth::Third,
        weekday: Weekday::Thu,
    };
    const LAST_THU: MonthlyNthWeekday = MonthlyNthWeekday {
        nth: Nth::Last,
        weekday: Weekday::Thu,
    };

    #[test]
    fn third_thursdays_2022() {
        let got = THIRD_THU.occurrences(d(2022, 2, 1), d(2022, 12, 31));
        let want: Vec<NaiveDate> = [
            (2, 17),
            (3, 17),
            (4, 21),
            (5, 19),
            (6, 16),
            (7, 21),
            (8, 18),
            (9, 15),
            (10, 20),
            (11, 17),
            (12, 15),
        ]
        .iter()
        .map(|&(m, day)| d(2022, m, day))
        .collect();
        assert_eq!(got, want);
        // Inclusive bounds.
        assert_eq!(
            THIRD_THU.occurrences(d(2022, 2, 17), d(2022, 3, 17)),
            vec![d(2022, 2, 17), d(2022, 3, 17)]
        );
        assert!(
            THIRD_THU
                .occurrences(d(2022, 3, 1), d(2022, 2, 1))
                .is_empty()
        );
    }

    #[test]
    fn january_2022() {
        // Thursdays in Jan 2022: 6, 13, 20, 27 — so the 27th is both the 4th and the last.
        let fourth = MonthlyNthWeekday {
            nth: Nth::Fourth,
            weekday: Weekday::Thu,
        };
        assert_eq!(fourth.in_month(2022, 1), Some(d(2022, 1, 27)));
        assert_eq!(LAST_THU.in_month(2022, 1), Some(d(2022, 1, 27)));
        assert_eq!(THIRD_THU.in_month(2022, 1), Some(d(2022, 1, 20)));
        // March 2022 has five Thursdays (3..31).
        assert_eq!(LAST_THU.in_month(2022, 3), Some(d(2022, 3, 31)));
        assert_eq!(fourth.in_month(2022, 3), Some(d(2022, 3, 24)));
        assert_eq!(LAST_THU.in_month(2022, 13), None);
    }

    #[test]
    fn next_occurrence() {
        assert_eq!(
            THIRD_THU.next_on_or_after(d(2022, 1, 20)),
            Some(d(2022, 1, 20))
        );
        assert_eq!(
            THIRD_THU.next_on_or_after(d(2022, 1, 21)),
            Some(d(2022, 2, 17))
        );
        assert_eq!(
            LAST_THU.next_on_or_after(d(2022, 12, 30)),
            Some(d(2023, 1, 26))
        );
        // Agrees with occurrences() on every day of a year.
        let mut day = d(2022, 1, 1);
        while day.year() == 2022 {
            let next = LAST_THU.next_on_or_after(day).unwrap();
            assert_eq!(LAST_THU.occurrences(day, next), vec![next]);
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn text_forms() {
        assert_eq!(THIRD_THU.describe_th(), "ทุกวันพฤหัสบดีที่ 3 ของเดือน");
        assert_eq!(LAST_THU.describe_th(), "ทุกวันพฤหัสบดีสุดท้ายของเดือน");
        assert_eq!(THIRD_THU.as_rule(), "monthly:3:thu");
        assert_eq!(LAST_THU.as_rule(), "monthly:last:thu");
        for nth in [Nth::First, Nth::Second, Nth::Third, Nth::Fourth, Nth::Last] {
            for i in 0..7 {
                let r = MonthlyNthWeekday {
                    nth,
                    weekday: weekday_from_index(i),
                };
                assert_eq!(MonthlyNthWeekday::parse_rule(&r.as_rule()), Ok(r));
                assert_eq!(r.to_string().parse(), Ok(r));
            }
        }
        for bad in [
            "",
            "monthly:5:thu",
            "monthly:0:thu",
            "monthly:3:thursday",
            "weekly:3:thu",
            "monthly:3:thu:x",
        ] {
            assert_eq!(
                MonthlyNthWeekday::parse_rule(bad),
                Err(RecurrenceParseError),
                "{bad}"
            );
        }
        assert_eq!(Nth::from_u8(3), Some(Nth::Third));
        assert_eq!(Nth::from_u8(5), None);
        assert!(Nth::try_from(0).is_err());
    }
}
