//! A round as its page and the API show it: zones, inspectors, issues and indicators.

use super::*;

/// A zone as shown with a round.
#[derive(Debug, Clone, Serialize)]
pub struct ZoneRef {
    /// Zone number 0–18.
    pub number: i32,
    /// Thai name.
    pub name_th: String,
}

/// An inspector of a round.
#[derive(Debug, Clone, Serialize)]
pub struct InspectorView {
    /// Person's name.
    pub name: String,
    /// Title as printed.
    pub title_as_printed: String,
}

/// An indicator as shown.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    /// Id.
    pub id: i32,
    /// Name.
    pub name: String,
    /// Unit, e.g. `ครัวเรือน`.
    pub unit: String,
    /// Target.
    pub target: Option<f64>,
    /// Current value.
    pub current: Option<f64>,
    /// As of (ISO).
    pub as_of: Option<NaiveDate>,
    /// Target as `2,242`.
    pub target_th: Option<String>,
    /// Current value as `2,242`.
    pub current_th: Option<String>,
    /// As of, BE.
    pub as_of_th: Option<String>,
}

/// An inspection issue with its indicators.
#[derive(Debug, Clone, Serialize)]
pub struct IssueView {
    /// Id.
    pub id: i32,
    /// Order.
    pub position: i32,
    /// Title.
    pub title: String,
    /// Key issue (ประเด็นสำคัญ).
    pub is_key: bool,
    /// Description.
    pub description: Option<String>,
    /// Indicators.
    pub indicators: Vec<IndicatorView>,
}

/// A round with everything in it.
#[derive(Debug, Clone, Serialize)]
pub struct RoundView {
    /// Id.
    pub id: i32,
    /// Fiscal year (BE).
    pub fiscal_year: i32,
    /// Level (stored string).
    pub level: String,
    /// Level in Thai.
    pub level_th: String,
    /// Owning organisation.
    pub organisation_th: String,
    /// Label.
    pub label: String,
    /// First day (ISO).
    pub starts_on: Option<NaiveDate>,
    /// Last day (ISO).
    pub ends_on: Option<NaiveDate>,
    /// First day, BE.
    pub starts_th: Option<String>,
    /// Last day, BE.
    pub ends_th: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// Zones covered.
    pub zones: Vec<ZoneRef>,
    /// Inspectors.
    pub inspectors: Vec<InspectorView>,
    /// Issues (with indicators); empty in lists.
    pub issues: Vec<IssueView>,
}

/// `2242.0` → `2,242`; `12.5` → `12.5`.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        #[expect(clippy::cast_possible_truncation, reason = "integral and in range")]
        let n = v as i64;
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if n < 0 { format!("-{out}") } else { out }
    } else {
        format!("{v}")
    }
}

pub(super) fn be(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| ThaiDate(d).numeric(Digits::Arabic))
}
