//! Thai Buddhist-Era calendar: month and weekday names, BE/CE years, Thai digits,
//! formatting of dates and times the way Thai official documents write them, and lenient parsing.
//!
//! Two-digit years are always Buddhist Era in the 2500s: `yy` means `25yy` (so `65` is 2565
//! and `00` is 2500). A four-digit year below 2400 in a Thai-style date is taken to be a
//! Christian-Era year typed by mistake and is rejected with a suggestion rather than silently shifted.
//!
//! Longer than 500 lines on purpose: the Thai calendar as one pure module (names, BE years,
//! digits, formats, lenient parsing); tests close the file.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

use super::text::normalize_single_line;

/// Full Thai month names, January first.
pub const MONTHS_TH: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];

/// Abbreviated Thai month names, January first.
pub const MONTHS_TH_ABBR: [&str; 12] = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
];

/// Full Thai weekday names indexed by `Weekday::num_days_from_monday` (Monday = 0).
pub const WEEKDAYS_TH: [&str; 7] = [
    "วันจันทร์",
    "วันอังคาร",
    "วันพุธ",
    "วันพฤหัสบดี",
    "วันศุกร์",
    "วันเสาร์",
    "วันอาทิตย์",
];

/// Abbreviated Thai weekday names indexed by `Weekday::num_days_from_monday` (Monday = 0).
pub const WEEKDAYS_TH_ABBR: [&str; 7] = ["จ.", "อ.", "พ.", "พฤ.", "ศ.", "ส.", "อา."];

/// Month abbreviations without dots, as accepted when parsing (`เมย`).
const MONTHS_TH_ABBR_BARE: [&str; 12] = [
    "มค",
    "กพ",
    "มีค",
    "เมย",
    "พค",
    "มิย",
    "กค",
    "สค",
    "กย",
    "ตค",
    "พย",
    "ธค",
];

/// Weekday abbreviations without dots, as accepted when parsing (`พฤ`).
const WEEKDAYS_TH_ABBR_BARE: [&str; 7] = ["จ", "อ", "พ", "พฤ", "ศ", "ส", "อา"];

/// Offset between the Buddhist Era and the Christian Era.
const BE_OFFSET: i32 = 543;
/// Smallest accepted Buddhist-Era year when parsing.
pub const MIN_BE_YEAR: i32 = 2400;
/// Largest accepted Buddhist-Era year when parsing.
pub const MAX_BE_YEAR: i32 = 2700;

/// Converts a Christian-Era year to the Buddhist Era (`2022` → `2565`).
pub const fn be_year(ce: i32) -> i32 {
    ce + BE_OFFSET
}

/// Converts a Buddhist-Era year to the Christian Era (`2565` → `2022`).
pub const fn ce_year(be: i32) -> i32 {
    be - BE_OFFSET
}

/// Builds a date, saturating to `NaiveDate::MIN`/`MAX` when the year is outside chrono's range
/// or the day does not exist (callers only pass valid month/day pairs).
pub fn ymd_saturating(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(if year < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

super::status::labelled_enum! {
    /// Which digits to print numbers with (stored as `meetings.digit_style`, `minutes.digit_style`).
    #[derive(Default)]
    pub enum Digits ("รูปแบบตัวเลข") {
        /// `0123456789`
        #[default]
        Arabic => "arabic", "เลขอารบิก", "Arabic digits";
        /// `๐๑๒๓๔๕๖๗๘๙`
        Thai => "thai", "เลขไทย", "Thai digits";
    }
}

/// Rewrites ASCII digits in `s` with the requested digit style (other characters unchanged).
pub fn apply_digits(s: &str, d: Digits) -> String {
    match d {
        Digits::Arabic => s.to_string(),
        Digits::Thai => s
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(v) if c.is_ascii_digit() => char::from_u32(0x0E50 + v).unwrap_or(c),
                _ => c,
            })
            .collect(),
    }
}

/// Rewrites Thai digits (๐–๙) in `s` as ASCII digits.
pub fn to_arabic_digits(s: &str) -> String {
    s.chars()
        .map(|c| {
            if ('\u{0E50}'..='\u{0E59}').contains(&c) {
                char::from_u32(u32::from(c) - 0x0E50 + u32::from(b'0')).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// A date shown the Thai way (Buddhist Era, Thai month names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ThaiDate(pub NaiveDate);

impl From<NaiveDate> for ThaiDate {
    fn from(d: NaiveDate) -> Self {
        Self(d)
    }
}

impl ThaiDate {
    /// Buddhist-Era year of the date.
    pub fn be_year(&self) -> i32 {
        be_year(self.0.year())
    }

    /// Full Thai weekday name, e.g. `วันอังคาร`.
    pub fn weekday_th(&self) -> &'static str {
        WEEKDAYS_TH[self.0.weekday().num_days_from_monday() as usize]
    }

    /// Full Thai month name.
    fn month_th(&self) -> &'static str {
        MONTHS_TH[self.0.month0() as usize]
    }

    /// `วันอังคารที่ 19 เมษายน 2565`
    pub fn long(&self, d: Digits) -> String {
        let s = format!("{}ที่ {}", self.weekday_th(), self.date_long(Digits::Arabic));
        apply_digits(&s, d)
    }

    /// `19 เมษายน 2565`
    pub fn date_long(&self, d: Digits) -> String {
        let s = format!("{} {} {}", self.0.day(), self.month_th(), self.be_year());
        apply_digits(&s, d)
    }

    /// `วันที่ 19 เมษายน พ.ศ. 2565`
    pub fn official(&self, d: Digits) -> String {
        let s = format!(
            "วันที่ {} {} พ.ศ. {}",
            self.0.day(),
            self.month_th(),
            self.be_year()
        );
        apply_digits(&s, d)
    }

    /// `19 เม.ย. 65` (two-digit BE year, zero-padded).
    pub fn short(&self, d: Digits) -> String {
        let s = format!(
            "{} {} {:02}",
            self.0.day(),
            MONTHS_TH_ABBR[self.0.month0() as usize],
            self.be_year().rem_euclid(100)
        );
        apply_digits(&s, d)
    }

    /// `19 เม.ย. 2565`: the one date form of tables and lists (four-digit BE year).
    pub fn table(&self, d: Digits) -> String {
        let s = format!(
            "{} {} {}",
            self.0.day(),
            MONTHS_TH_ABBR[self.0.month0() as usize],
            self.be_year()
        );
        apply_digits(&s, d)
    }

    /// `19/04/2565`
    pub fn numeric(&self, d: Digits) -> String {
        let s = format!(
            "{:02}/{:02}/{}",
            self.0.day(),
            self.0.month(),
            self.be_year()
        );
        apply_digits(&s, d)
    }
}

impl std::fmt::Display for ThaiDate {
    /// Same as [`ThaiDate::date_long`] with Arabic digits.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.date_long(Digits::Arabic))
    }
}

/// `09.00`
pub fn time(t: NaiveTime, d: Digits) -> String {
    apply_digits(&format!("{:02}.{:02}", t.hour(), t.minute()), d)
}

/// `เวลา 09.00 น.`
pub fn time_phrase(t: NaiveTime, d: Digits) -> String {
    format!("เวลา {} น.", time(t, d))
}

/// `09.00–12.00 น.` (EN DASH, no spaces).
pub fn time_range(start: NaiveTime, end: NaiveTime, d: Digits) -> String {
    format!("{}\u{2013}{} น.", time(start, d), time(end, d))
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateParseError {
    /// Nothing was typed.
    #[error("กรุณากรอกวันที่")]
    Empty,
    /// The text is not in any accepted date format.
    #[error("ไม่เข้าใจรูปแบบวันที่ กรุณากรอกเช่น 19/04/2565 หรือ 19 เมษายน 2565")]
    Unrecognised,
    /// The day does not exist (e.g. 31 February).
    #[error("ไม่มีวันที่นี้ในปฏิทิน กรุณาตรวจสอบวันและเดือน")]
    InvalidDate,
    /// The Buddhist-Era year is outside 2400–2700.
    #[error("ปี พ.ศ. ต้องอยู่ระหว่าง 2400 ถึง 2700")]
    YearOutOfRange,
    /// A Christian-Era year was typed where a Buddhist-Era year is expected.
    #[error("ปี {year} ดูเหมือนเป็นปีคริสต์ศักราช กรุณากรอกปีพุทธศักราช (เช่น {be_suggestion})")]
    CeYearGiven {
        /// The year as typed.
        year: i32,
        /// The same year in the Buddhist Era.
        be_suggestion: i32,
    },
    /// An ISO 8601 date whose year is a Buddhist-Era year (`2565-08-31`): ISO dates are CE.
    #[error(
        "ปี {year} ดูเหมือนเป็นปีพุทธศักราช แต่วันที่แบบ ISO ใช้ปีคริสต์ศักราช (เช่น {ce_suggestion}-08-31) — looks like a BE year; ISO dates are CE"
    )]
    BeYearInIso {
        /// The year as sent.
        year: i32,
        /// The same year in the Christian Era.
        ce_suggestion: i32,
    },
    /// Not an ISO 8601 calendar date.
    #[error("วันที่ต้องอยู่ในรูปแบบ ISO 8601 (YYYY-MM-DD) เช่น 2026-11-23")]
    NotIso,
    /// A weekday was given that does not match the date.
    #[error("วันในสัปดาห์ไม่ตรงกับวันที่ (วันที่นี้ตรงกับ{expected})")]
    WeekdayMismatch {
        /// Thai weekday name of the actual date.
        expected: &'static str,
    },
}

/// Why a time could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeParseError {
    /// Nothing was typed.
    #[error("กรุณากรอกเวลา")]
    Empty,
    /// The text is not in any accepted time format.
    #[error("ไม่เข้าใจรูปแบบเวลา กรุณากรอกเช่น 09.00 หรือ 13.30")]
    Unrecognised,
    /// Hour above 23 or minute above 59.
    #[error("เวลาไม่ถูกต้อง ชั่วโมงต้องอยู่ระหว่าง 0–23 และนาทีระหว่าง 00–59")]
    OutOfRange,
}

/// Piece of a date string: a run of ASCII digits or a run of anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seg<'a> {
    Num(&'a str),
    Text(&'a str),
}

fn segments(s: &str) -> Vec<Seg<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_num: Option<bool> = None;
    for (i, c) in s.char_indices() {
        let is_num = c.is_ascii_digit();
        match in_num {
            Some(prev) if prev != is_num => {
                out.push(if prev {
                    Seg::Num(&s[start..i])
                } else {
                    Seg::Text(&s[start..i])
                });
                start = i;
            }
            _ => {}
        }
        in_num = Some(is_num);
    }
    match in_num {
        Some(true) => out.push(Seg::Num(&s[start..])),
        Some(false) => out.push(Seg::Text(&s[start..])),
        None => {}
    }
    out
}

/// Removes spaces, dots and commas so `เม.ย.`, `เม.ย` and `เมย` compare equal.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != ',')
        .collect()
}

/// Reads an optional weekday prefix (`วันอังคารที่`, `อังคาร`, `อ.`, `วันที่`, ...).
fn parse_prefix(p: &str) -> Result<Option<usize>, DateParseError> {
    let k = squash(p);
    let k = k.strip_suffix("ที่").unwrap_or(&k);
    if k.is_empty() || k == "วัน" {
        return Ok(None);
    }
    for (i, name) in WEEKDAYS_TH.iter().enumerate() {
        if k == *name || Some(k) == name.strip_prefix("วัน") || k == WEEKDAYS_TH_ABBR_BARE[i]
        {
            return Ok(Some(i));
        }
    }
    if k == "วันพฤหัส" || k == "พฤหัส" {
        return Ok(Some(3));
    }
    Err(DateParseError::Unrecognised)
}

/// Reads the month word and an optional era marker; returns (month 1..=12, explicit CE).
fn parse_month_word(m: &str) -> Result<(u32, bool), DateParseError> {
    let k = squash(m);
    let (k, ce) = if let Some(x) = k.strip_suffix("พศ") {
        (x, false)
    } else if let Some(x) = k.strip_suffix("คศ") {
        (x, true)
    } else {
        (k.as_str(), false)
    };
    for i in 0..12 {
        if k == MONTHS_TH[i] || k == MONTHS_TH_ABBR_BARE[i] {
            return Ok((i as u32 + 1, ce));
        }
    }
    Err(DateParseError::Unrecognised)
}

fn small_num(s: &str, max_len: usize) -> Result<u32, DateParseError> {
    if s.is_empty() || s.len() > max_len {
        return Err(DateParseError::Unrecognised);
    }
    s.parse().map_err(|_| DateParseError::Unrecognised)
}

/// Turns the typed year into a Buddhist-Era year (see the module docs for the rules).
fn resolve_year(y: &str, explicit_ce: bool) -> Result<i32, DateParseError> {
    let v = i32::try_from(small_num(y, 4)?).map_err(|_| DateParseError::Unrecognised)?;
    match y.len() {
        2 if !explicit_ce => Ok(2500 + v),
        4 => {
            if explicit_ce || v < MIN_BE_YEAR {
                let be = be_year(v);
                if (MIN_BE_YEAR..=MAX_BE_YEAR).contains(&be) {
                    Err(DateParseError::CeYearGiven {
                        year: v,
                        be_suggestion: be,
                    })
                } else {
                    Err(DateParseError::YearOutOfRange)
                }
            } else if v > MAX_BE_YEAR {
                Err(DateParseError::YearOutOfRange)
            } else {
                Ok(v)
            }
        }
        _ => Err(DateParseError::Unrecognised),
    }
}

fn is_numeric_sep(s: &str) -> bool {
    matches!(s.trim(), "/" | "-" | ".")
}

/// Parses an ISO 8601 calendar date (`2022-08-31`, CE) as the API takes it. A year of 2400 or
/// more is a Buddhist-Era year sent by mistake and is refused, never stored as year 3108; the
/// year must lie within the BE range the app knows (CE 1857–2157).
pub fn parse_iso_date(input: &str) -> Result<NaiveDate, DateParseError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(DateParseError::Empty);
    }
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| DateParseError::NotIso)?;
    let y = d.year();
    if y >= MIN_BE_YEAR {
        return Err(DateParseError::BeYearInIso {
            year: y,
            ce_suggestion: y - 543,
        });
    }
    if !(MIN_BE_YEAR..=MAX_BE_YEAR).contains(&be_year(y)) {
        return Err(DateParseError::YearOutOfRange);
    }
    Ok(d)
}

/// Parses a date typed the Thai way (see the module docs); ISO `2022-04-19` is read as CE.
pub fn parse_date(input: &str) -> Result<NaiveDate, DateParseError> {
    let s = normalize_single_line(&to_arabic_digits(input));
    if s.is_empty() {
        return Err(DateParseError::Empty);
    }
    let segs = segments(&s);
    let (prefix, rest) = match segs.split_first() {
        Some((Seg::Text(p), rest)) => (Some(*p), rest),
        _ => (None, segs.as_slice()),
    };
    let (day, month, be) = match rest {
        [
            Seg::Num(a),
            Seg::Text(s1),
            Seg::Num(b),
            Seg::Text(s2),
            Seg::Num(c),
        ] if is_numeric_sep(s1) && is_numeric_sep(s2) => {
            if a.len() == 4 {
                if prefix.is_some() || s1.trim() != "-" || s2.trim() != "-" {
                    return Err(DateParseError::Unrecognised);
                }
                let y =
                    i32::try_from(small_num(a, 4)?).map_err(|_| DateParseError::Unrecognised)?;
                if y >= MIN_BE_YEAR {
                    return Err(DateParseError::BeYearInIso {
                        year: y,
                        ce_suggestion: y - 543,
                    });
                }
                let be = be_year(y);
                if !(MIN_BE_YEAR..=MAX_BE_YEAR).contains(&be) {
                    return Err(DateParseError::YearOutOfRange);
                }
                (small_num(c, 2)?, small_num(b, 2)?, be)
            } else {
                (small_num(a, 2)?, small_num(b, 2)?, resolve_year(c, false)?)
            }
        }
        [Seg::Num(a), Seg::Text(m), Seg::Num(y)] => {
            let (month, ce) = parse_month_word(m)?;
            (small_num(a, 2)?, month, resolve_year(y, ce)?)
        }
        _ => return Err(DateParseError::Unrecognised),
    };
    let weekday = match prefix {
        Some(p) => parse_prefix(p)?,
        None => None,
    };
    let date =
        NaiveDate::from_ymd_opt(ce_year(be), month, day).ok_or(DateParseError::InvalidDate)?;
    let actual = date.weekday().num_days_from_monday() as usize;
    match weekday {
        Some(w) if w != actual => Err(DateParseError::WeekdayMismatch {
            expected: WEEKDAYS_TH[actual],
        }),
        _ => Ok(date),
    }
}

/// Parses a time such as `09.00`, `9:30 น.`, `เวลา 09.00 น.` or `๙.๓๐`.
pub fn parse_time(input: &str) -> Result<NaiveTime, TimeParseError> {
    let s = normalize_single_line(&to_arabic_digits(input));
    if s.is_empty() {
        return Err(TimeParseError::Empty);
    }
    let mut k = s.strip_prefix("เวลา").unwrap_or(&s).trim();
    for suffix in ["นาฬิกา", "น.", "น"] {
        if let Some(x) = k.strip_suffix(suffix) {
            k = x.trim();
            break;
        }
    }
    let (h, m) = match k.split_once(['.', ':']) {
        Some((h, m)) => (h.trim(), m.trim()),
        None => (k, "00"),
    };
    let digits = |x: &str, lens: &[usize]| -> Result<u32, TimeParseError> {
        if !lens.contains(&x.len()) || !x.bytes().all(|b| b.is_ascii_digit()) {
            return Err(TimeParseError::Unrecognised);
        }
        x.parse().map_err(|_| TimeParseError::Unrecognised)
    };
    let (h, m) = (digits(h, &[1, 2])?, digits(m, &[2])?);
    NaiveTime::from_hms_opt(h, m, 0).ok_or(TimeParseError::OutOfRange)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn years() {
        assert_eq!(be_year(2022), 2565);
        assert_eq!(ce_year(2565), 2022);
    }

    #[test]
    fn seed_weekdays() {
        assert_eq!(ThaiDate(d(2022, 4, 19)).weekday_th(), "วันอังคาร");
        assert_eq!(ThaiDate(d(2022, 1, 27)).weekday_th(), "วันพฤหัสบดี");
        assert_eq!(ThaiDate(d(2022, 2, 4)).weekday_th(), "วันศุกร์");
        assert_eq!(ThaiDate(d(2022, 2, 16)).weekday_th(), "วันพุธ");
    }

    #[test]
    fn formats() {
        let t = ThaiDate::from(d(2022, 4, 19));
        assert_eq!(t.long(Digits::Arabic), "วันอังคารที่ 19 เมษายน 2565");
        assert_eq!(t.date_long(Digits::Arabic), "19 เมษายน 2565");
        assert_eq!(t.official(Digits::Arabic), "วันที่ 19 เมษายน พ.ศ. 2565");
        assert_eq!(t.short(Digits::Arabic), "19 เม.ย. 65");
        assert_eq!(t.numeric(Digits::Arabic), "19/04/2565");
        assert_eq!(t.short(Digits::Thai), "๑๙ เม.ย. ๖๕");
        assert_eq!(t.numeric(Digits::Thai), "๑๙/๐๔/๒๕๖๕");
        assert_eq!(ThaiDate(d(2057, 1, 1)).short(Digits::Arabic), "1 ม.ค. 00");
        assert_eq!(t.to_string(), "19 เมษายน 2565");
    }

    #[test]
    fn times() {
        let a = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        let b = NaiveTime::from_hms_opt(12, 0, 0).unwrap();
        assert_eq!(time(a, Digits::Arabic), "09.00");
        assert_eq!(time_phrase(a, Digits::Arabic), "เวลา 09.00 น.");
        assert_eq!(time_phrase(a, Digits::Thai), "เวลา ๐๙.๐๐ น.");
        assert_eq!(time_range(a, b, Digits::Arabic), "09.00\u{2013}12.00 น.");
        let half = NaiveTime::from_hms_opt(9, 30, 0).unwrap();
        for s in ["09.00", "9.00", "09:00", "เวลา 09.00 น.", "๐๙.๐๐", " 9 น. "]
        {
            assert_eq!(parse_time(s), Ok(a), "{s}");
        }
        for s in ["9:30 น.", "๙.๓๐", "เวลา 9.30 นาฬิกา"] {
            assert_eq!(parse_time(s), Ok(half), "{s}");
        }
        assert_eq!(parse_time(" "), Err(TimeParseError::Empty));
        assert_eq!(parse_time("24.00"), Err(TimeParseError::OutOfRange));
        assert_eq!(parse_time("9.60"), Err(TimeParseError::OutOfRange));
        assert_eq!(parse_time("9.5"), Err(TimeParseError::Unrecognised));
        assert_eq!(parse_time("เช้า"), Err(TimeParseError::Unrecognised));
    }

    #[test]
    fn bare_abbreviations_match() {
        for i in 0..12 {
            assert_eq!(squash(MONTHS_TH_ABBR[i]), MONTHS_TH_ABBR_BARE[i]);
        }
        for i in 0..7 {
            assert_eq!(squash(WEEKDAYS_TH_ABBR[i]), WEEKDAYS_TH_ABBR_BARE[i]);
        }
    }

    #[test]
    fn digits() {
        assert_eq!(
            apply_digits("19/04/2565 abc", Digits::Thai),
            "๑๙/๐๔/๒๕๖๕ abc"
        );
        assert_eq!(to_arabic_digits("๑๙/๐๔/๒๕๖๕"), "19/04/2565");
        assert_eq!(apply_digits("12", Digits::Arabic), "12");
    }

    #[test]
    fn accepted_inputs() {
        let want = d(2022, 4, 19);
        for s in [
            "19/4/2565",
            "19/04/2565",
            "19-04-2565",
            "19.4.2565",
            "19 เม.ย. 65",
            "19 เม.ย. 2565",
            "19 เมษายน 2565",
            "19 เมษายน พ.ศ. 2565",
            "วันที่ 19 เมษายน 2565",
            "วันอังคารที่ 19 เมษายน 2565",
            "อ. 19 เม.ย. 65",
            "2022-04-19",
            "๑๙ เม.ย. ๖๕",
            "  19\u{00A0}เมษายน   2565 ",
            "19เม.ย.65",
            "อังคารที่ 19/04/2565",
        ] {
            assert_eq!(parse_date(s), Ok(want), "{s}");
        }
    }

    #[test]
    fn rejected_inputs() {
        use DateParseError::*;
        assert_eq!(
            parse_date("19/4/2022"),
            Err(CeYearGiven {
                year: 2022,
                be_suggestion: 2565
            })
        );
        assert_eq!(
            parse_date("19 เมษายน ค.ศ. 2022"),
            Err(CeYearGiven {
                year: 2022,
                be_suggestion: 2565
            })
        );
        assert_eq!(
            parse_date("วันจันทร์ที่ 19 เมษายน 2565"),
            Err(WeekdayMismatch {
                expected: "วันอังคาร"
            })
        );
        assert_eq!(parse_date("31/2/2565"), Err(InvalidDate));
        assert_eq!(parse_date("1/13/2565"), Err(InvalidDate));
        assert_eq!(parse_date(""), Err(Empty));
        assert_eq!(parse_date(" \u{200B} "), Err(Empty));
        assert_eq!(parse_date("พรุ่งนี้"), Err(Unrecognised));
        assert_eq!(parse_date("19 เมษา 2565"), Err(Unrecognised));
        assert_eq!(parse_date("19/4/565"), Err(Unrecognised));
        assert_eq!(parse_date("19/4/2800"), Err(YearOutOfRange));
        assert_eq!(parse_date("19/4/1500"), Err(YearOutOfRange));
        assert_eq!(parse_date("1800-01-01"), Err(YearOutOfRange));
        let msg = parse_date("19/4/2022").unwrap_err().to_string();
        assert_eq!(
            msg,
            "ปี 2022 ดูเหมือนเป็นปีคริสต์ศักราช กรุณากรอกปีพุทธศักราช (เช่น 2565)"
        );
    }

    #[test]
    fn exhaustive_round_trip() {
        let mut day = d(ce_year(2500), 1, 1);
        let last = d(ce_year(2600), 12, 31);
        let mut n = 0;
        while day <= last {
            let t = ThaiDate(day);
            for digits in [Digits::Arabic, Digits::Thai] {
                for s in [
                    t.long(digits),
                    t.date_long(digits),
                    t.official(digits),
                    t.numeric(digits),
                ] {
                    assert_eq!(parse_date(&s), Ok(day), "{s}");
                }
                if t.be_year() <= 2599 {
                    let s = t.short(digits);
                    assert_eq!(parse_date(&s), Ok(day), "{s}");
                }
            }
            n += 1;
            day = day.succ_opt().unwrap();
        }
        assert_eq!(n, 36890);
    }

    proptest::proptest! {
        #[test]
        fn garbage_never_panics(s in "\\PC*") {
            let _ = parse_date(&s);
            let _ = parse_time(&s);
        }

        #[test]
        fn datey_garbage_never_panics(s in "[0-9๐-๙/.\\- ]{0,12}(ม.ค.|เมษายน|พ.ศ.|วันที่|อ.)?[0-9๐-๙ ]{0,6}") {
            let _ = parse_date(&s);
        }
    }
}
