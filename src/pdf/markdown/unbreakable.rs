//! Pieces of Thai text that must never break over two lines: abbreviations (`พ.อ.`, `ต.ค.`),
//! times (`09.00 น.`) and dates (`19 เมษายน 2565`). Found here, once, in Rust, rather than by
//! regex show rules in the typst template (which typst matches against every text run of the
//! document on every render).

use std::ops::Range;

use crate::domain::calendar::MONTHS_TH as MONTHS;

/// The byte ranges of `s` to keep whole, in order and not overlapping (leftmost first, as a
/// regex search would find them).
pub(super) fn spans(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let found = abbreviation(rest)
            .or_else(|| time(rest))
            .or_else(|| date(rest));
        match found {
            Some(len) => {
                out.push(i..i + len);
                i += len;
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

fn is_consonant(c: char) -> bool {
    ('ก'..='ฮ').contains(&c)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('๐'..='๙').contains(&c)
}

/// Length in bytes of the run of at most `max` leading chars of `s` matching `f` (at least `min`).
fn run(s: &str, min: usize, max: usize, f: fn(char) -> bool) -> Option<usize> {
    let mut n = 0;
    let mut len = 0;
    for c in s.chars().take(max) {
        if !f(c) {
            break;
        }
        n += 1;
        len += c.len_utf8();
    }
    (n >= min).then_some(len)
}

/// `[ก-ฮ]{1,3}\.` repeated two or more times: `พ.อ.`, `ต.ค.`, `ส.ส.ท.`.
fn abbreviation(s: &str) -> Option<usize> {
    let segment = |s: &str| -> Option<usize> {
        let n = run(s, 1, 3, is_consonant)?;
        s[n..].starts_with('.').then_some(n + 1)
    };
    let mut len = segment(s)?;
    let mut segments = 1;
    while let Some(n) = segment(&s[len..]) {
        len += n;
        segments += 1;
    }
    (segments >= 2).then_some(len)
}

/// One or two digits at the start of `s`, trying two first (as a backtracking regex would).
fn digits_then(s: &str, next: impl Fn(&str) -> Option<usize>) -> Option<usize> {
    let two = run(s, 1, 2, is_digit)?;
    let one = s.chars().next().map_or(1, char::len_utf8);
    [two, one]
        .into_iter()
        .filter(|&n| n <= two)
        .find_map(|n| next(&s[n..]).map(|m| n + m))
}

/// `\d{1,2}[.:]\d{2} น\.`: `09.00 น.`, `๑๓:๓๐ น.`.
fn time(s: &str) -> Option<usize> {
    digits_then(s, |rest| {
        let sep = rest.chars().next().filter(|c| matches!(c, '.' | ':'))?;
        let rest2 = &rest[sep.len_utf8()..];
        let mm = run(rest2, 2, 2, is_digit)?;
        rest2[mm..]
            .starts_with(" น.")
            .then(|| sep.len_utf8() + mm + " น.".len())
    })
}

/// `\d{1,2} <month> \d{4}`: `19 เมษายน 2565`.
fn date(s: &str) -> Option<usize> {
    digits_then(s, |rest| {
        let rest2 = rest.strip_prefix(' ')?;
        let month = MONTHS.iter().find(|m| rest2.starts_with(*m))?;
        let rest3 = rest2[month.len()..].strip_prefix(' ')?;
        let year = run(rest3, 4, 4, is_digit)?;
        Some(1 + month.len() + 1 + year)
    })
}

#[cfg(test)]
mod tests {
    use super::spans;

    fn kept(s: &str) -> Vec<&str> {
        spans(s).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn abbreviations_times_and_dates_are_found() {
        assert_eq!(kept("พ.อ. สมชาย ใจดี"), ["พ.อ."]);
        assert_eq!(kept("เมื่อ ต.ค. 2568"), ["ต.ค."]);
        assert_eq!(kept("เวลา 09.00 น. ถึง ๑๓:๓๐ น."), ["09.00 น.", "๑๓:๓๐ น."]);
        assert_eq!(
            kept("วันที่ 19 เมษายน 2565 และ ๑ ตุลาคม ๒๕๖๘"),
            ["19 เมษายน 2565", "๑ ตุลาคม ๒๕๖๘"]
        );
        assert_eq!(kept("ลำดับ 123.45 น. แล้ว"), ["23.45 น."]);
    }

    #[test]
    fn near_misses_are_left_alone() {
        for s in [
            "ก.",
            "นาย.",
            "09.0 น.",
            "9.00 นาที",
            "19 เมษา 2565",
            "19 เมษายน 65",
            "ธ.ค",
            "",
            "ข้อ 1.2.3",
        ] {
            assert_eq!(kept(s), Vec::<&str>::new(), "{s}");
        }
    }
}
