//! A round as typed in the form and as read (before [`RoundCommand`] types it): BE fiscal year
//! and dates, zones, inspectors.

use super::*;

/// A round as read from the form or the JSON, not yet checked: [`RoundData::into_command`]
/// checks and types it.
#[derive(Debug, Clone, Default)]
pub struct RoundData {
    /// Fiscal year (BE).
    pub fiscal_year: i32,
    /// Level (stored string of [`InspectionLevel`]).
    pub level: String,
    /// Owning organisation.
    pub organisation_th: String,
    /// Label, e.g. `รอบที่ 1/2565`.
    pub label: String,
    /// Zone numbers covered.
    pub zones: Vec<i32>,
    /// Inspectors: name and title as printed.
    pub inspectors: Vec<(String, String)>,
    /// First day.
    pub starts_on: Option<NaiveDate>,
    /// Last day.
    pub ends_on: Option<NaiveDate>,
    /// Notes.
    pub notes: Option<String>,
}

/// The round form as typed (BE dates and year).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RoundForm {
    /// Fiscal year, BE.
    #[serde(default)]
    pub fiscal_year: String,
    /// Level.
    #[serde(default)]
    pub level: String,
    /// Organisation.
    #[serde(default)]
    pub organisation_th: String,
    /// Label.
    #[serde(default)]
    pub label: String,
    /// Zone numbers.
    #[serde(default)]
    pub zones: Vec<String>,
    /// One inspector per line: `name | title as printed`.
    #[serde(default)]
    pub inspectors: String,
    /// Start date (BE).
    #[serde(default)]
    pub starts_on: String,
    /// End date (BE).
    #[serde(default)]
    pub ends_on: String,
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// Reads a BE fiscal year; a CE year is questioned.
pub fn parse_fiscal_year(s: &str) -> Result<i32, String> {
    let t = to_arabic_digits(s.trim());
    if t.is_empty() {
        return Err("กรุณากรอกปีงบประมาณ (พ.ศ.)".to_owned());
    }
    let y: i32 = t
        .parse()
        .map_err(|_| "ปีงบประมาณต้องเป็นตัวเลข เช่น 2569".to_owned())?;
    check_fiscal_year(y)
}

fn check_fiscal_year(y: i32) -> Result<i32, String> {
    if (1900..2400).contains(&y) {
        return Err(format!(
            "ปี {y} ดูเหมือนเป็นปีคริสต์ศักราช กรุณากรอกปีพุทธศักราช (เช่น {})",
            y + 543
        ));
    }
    if !(2400..=2700).contains(&y) {
        return Err("ปีงบประมาณ พ.ศ. ต้องอยู่ระหว่าง 2400 ถึง 2700".to_owned());
    }
    Ok(y)
}

pub(super) fn optional_be_date(e: &mut FieldErrors, field: &str, s: &str) -> Option<NaiveDate> {
    if s.trim().is_empty() {
        None
    } else {
        e.check(field, crate::domain::calendar::parse_date(s.trim()))
    }
}

impl RoundForm {
    /// Reads the form; the errors found so far come back with the data, for
    /// [`RoundData::into_command`] to report together with its checks.
    pub(super) fn read(&self) -> (RoundData, FieldErrors) {
        let mut e = FieldErrors::new();
        let fiscal_year = e
            .check("fiscal_year", parse_fiscal_year(&self.fiscal_year))
            .unwrap_or_default();
        let mut zones = Vec::new();
        for z in &self.zones {
            match z.trim().parse::<i32>() {
                Ok(n) => zones.push(n),
                Err(_) => e.add("zones", "เขตตรวจราชการไม่ถูกต้อง"),
            }
        }
        let mut inspectors = Vec::new();
        for (i, line) in self.inspectors.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let (name, title) = line.split_once('|').unwrap_or((line, ""));
            let name = crate::domain::text::normalize_single_line(name);
            let title = crate::domain::text::normalize_single_line(title);
            if name.is_empty() || title.is_empty() {
                e.add(
                    "inspectors",
                    format!("บรรทัดที่ {}: กรุณากรอกเป็น «ชื่อ | ตำแหน่ง»", i + 1),
                );
            } else {
                inspectors.push((name, title));
            }
        }
        let data = RoundData {
            fiscal_year,
            level: self.level.clone(),
            organisation_th: self.organisation_th.clone(),
            label: self.label.clone(),
            zones,
            inspectors,
            starts_on: optional_be_date(&mut e, "starts_on", &self.starts_on),
            ends_on: optional_be_date(&mut e, "ends_on", &self.ends_on),
            notes: self.notes.clone(),
        };
        (data, e)
    }

    /// The form filled from a stored round.
    pub fn of(v: &RoundView) -> Self {
        Self {
            fiscal_year: v.fiscal_year.to_string(),
            level: v.level.clone(),
            organisation_th: v.organisation_th.clone(),
            label: v.label.clone(),
            zones: v.zones.iter().map(|z| z.number.to_string()).collect(),
            inspectors: v
                .inspectors
                .iter()
                .map(|i| format!("{} | {}", i.name, i.title_as_printed))
                .collect::<Vec<_>>()
                .join("\n"),
            starts_on: v.starts_th.clone().unwrap_or_default(),
            ends_on: v.ends_th.clone().unwrap_or_default(),
            notes: v.notes.clone(),
        }
    }
}

impl RoundData {
    /// The stored round as read, for a PATCH to change field by field.
    pub fn of(v: &RoundView) -> Self {
        Self {
            fiscal_year: v.fiscal_year,
            level: v.level.clone(),
            organisation_th: v.organisation_th.clone(),
            label: v.label.clone(),
            zones: v.zones.iter().map(|z| z.number).collect(),
            inspectors: v
                .inspectors
                .iter()
                .map(|i| (i.name.clone(), i.title_as_printed.clone()))
                .collect(),
            starts_on: v.starts_on,
            ends_on: v.ends_on,
            notes: v.notes.clone(),
        }
    }
}

/// Checks and normalises a round's fields (adds errors for fields not already in error).
pub(super) fn check_data(mut d: RoundData, e: &mut FieldErrors) -> RoundData {
    if e.get("fiscal_year").is_none()
        && let Err(m) = check_fiscal_year(d.fiscal_year)
    {
        e.add("fiscal_year", m);
    }
    if e.get("level").is_none() {
        e.check("level", d.level.parse::<InspectionLevel>());
    }
    d.organisation_th = required_line(
        e,
        "organisation_th",
        "หน่วยงานเจ้าของรอบ",
        &d.organisation_th,
        300,
    );
    d.label = required_line(e, "label", "ชื่อรอบการตรวจ", &d.label, 200);
    d.notes =
        optional_text(e, "notes", "หมายเหตุ", d.notes.as_deref(), 5000).filter(|s| !s.is_empty());
    if d.zones.is_empty() && e.get("zones").is_none() {
        e.add("zones", "กรุณาเลือกเขตตรวจราชการอย่างน้อยหนึ่งเขต");
    }
    d.zones.sort_unstable();
    d.zones.dedup();
    if let (Some(s), Some(t)) = (d.starts_on, d.ends_on)
        && t <= s
        && e.get("ends_on").is_none()
    {
        e.add("ends_on", "วันสิ้นสุดต้องอยู่หลังวันเริ่มต้น");
    }
    d
}
