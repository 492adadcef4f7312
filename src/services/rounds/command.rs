//! The writes of a round as the service takes them, typed: a round ([`RoundCommand`]), an
//! inspection issue ([`IssueCommand`]) and an indicator ([`IndicatorCommand`]). Each is built
//! by `TryFrom` from the web form (BE dates and year, `2,242`) or from the API's JSON (in
//! `api::rounds`, with the same readers); errors are Thai messages keyed by the form's field
//! names, the same for both. What needs the database (the zones existing and being the
//! inspector's own, the round being editable) is checked by the service; a round that did not
//! parse is refused with those checks too ([`refused`](super::refused)), so that the form shows
//! every error at once.

use super::*;

/// An inspector of a round: name and title as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundInspector {
    /// Full name.
    pub name: String,
    /// Title as printed.
    pub title_as_printed: String,
}

/// A round to create, or what an edit makes of it, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundCommand {
    /// Fiscal year, BE (2400–2700; a CE year is refused).
    pub fiscal_year: i32,
    /// Level.
    pub level: InspectionLevel,
    /// Owning organisation (NFC, one line).
    pub organisation_th: String,
    /// Label, e.g. `รอบที่ 1/2565` (NFC, one line).
    pub label: String,
    /// Zone numbers covered: at least one, sorted, each once (checked against the database and
    /// the inspector's own zones by the service).
    pub zones: Vec<i32>,
    /// Inspectors, in order.
    pub inspectors: Vec<RoundInspector>,
    /// First day.
    pub starts_on: Option<NaiveDate>,
    /// Last day, after the first.
    pub ends_on: Option<NaiveDate>,
    /// Notes (Markdown).
    pub notes: Option<String>,
}

/// A round that did not parse: its errors, and the zones it named (for the service to check
/// with the rest, as it would for a round that parsed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundRefusal {
    /// The messages, keyed by field.
    pub errors: FieldErrors,
    /// Zone numbers as read.
    pub zones: Vec<i32>,
}

impl RoundData {
    /// Checks the round as read (`e`: the errors found while reading it) and types it.
    pub fn into_command(self, mut e: FieldErrors) -> Result<RoundCommand, RoundRefusal> {
        let d = check_data(self, &mut e);
        let level = d.level.parse::<InspectionLevel>().ok();
        match level {
            Some(level) if e.is_empty() => Ok(RoundCommand {
                fiscal_year: d.fiscal_year,
                level,
                organisation_th: d.organisation_th,
                label: d.label,
                zones: d.zones,
                inspectors: d
                    .inspectors
                    .into_iter()
                    .map(|(name, title_as_printed)| RoundInspector {
                        name,
                        title_as_printed,
                    })
                    .collect(),
                starts_on: d.starts_on,
                ends_on: d.ends_on,
                notes: d.notes,
            }),
            _ => Err(RoundRefusal {
                errors: e,
                zones: d.zones,
            }),
        }
    }
}

impl TryFrom<&RoundForm> for RoundCommand {
    type Error = RoundRefusal;

    /// The web form: BE fiscal year and dates, one inspector a line (`name | title`).
    fn try_from(f: &RoundForm) -> Result<Self, RoundRefusal> {
        let (data, e) = f.read();
        data.into_command(e)
    }
}

/// An inspection issue, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueCommand {
    /// Title (NFC, one line).
    pub title: String,
    /// Key issue.
    pub is_key: bool,
    /// Description (Markdown).
    pub description: Option<String>,
}

impl IssueCommand {
    /// Reads an issue's fields (shared by the form and the API).
    pub fn read(title: &str, is_key: bool, description: Option<&str>) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        let title = required_line(&mut e, "title", "ชื่อประเด็น", title, 500);
        let description = optional_text(&mut e, "description", "รายละเอียด", description, 10000)
            .filter(|s| !s.is_empty());
        e.into_result(Self {
            title,
            is_key,
            description,
        })
    }
}

impl TryFrom<&IssueInput> for IssueCommand {
    type Error = FieldErrors;

    /// The API's JSON.
    fn try_from(i: &IssueInput) -> Result<Self, FieldErrors> {
        Self::read(&i.title, i.is_key, i.description.as_deref())
    }
}

/// An indicator of an issue, typed.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorCommand {
    /// Name (NFC, one line).
    pub name: String,
    /// Unit (blank when none).
    pub unit: String,
    /// Target.
    pub target: Option<f64>,
    /// Current value.
    pub current: Option<f64>,
    /// As of.
    pub as_of: Option<NaiveDate>,
}

impl IndicatorCommand {
    /// Checks the name and unit of an indicator whose numbers and date were read (`e`: the
    /// errors found reading them); shared by the form and the API.
    pub fn checked(
        name: &str,
        unit: &str,
        (target, current, as_of): (Option<f64>, Option<f64>, Option<NaiveDate>),
        mut e: FieldErrors,
    ) -> Result<Self, FieldErrors> {
        let name = required_line(&mut e, "name", "ชื่อตัวชี้วัด", name, 500);
        let unit = optional_line(&mut e, "unit", "หน่วยนับ", Some(unit), 100).unwrap_or_default();
        e.into_result(Self {
            name,
            unit,
            target,
            current,
            as_of,
        })
    }
}

impl TryFrom<&IndicatorForm> for IndicatorCommand {
    type Error = FieldErrors;

    /// The web form: numbers as `2,242` (Thai digits read), a BE date.
    fn try_from(f: &IndicatorForm) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        let target = parse_number(&mut e, "target", &f.target);
        let current = parse_number(&mut e, "current", &f.current);
        let as_of = optional_be_date(&mut e, "as_of", &f.as_of);
        Self::checked(&f.name, &f.unit, (target, current, as_of), e)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn form() -> RoundForm {
        RoundForm {
            fiscal_year: "๒๕๗๐".to_owned(),
            level: "ministry".to_owned(),
            organisation_th: " กระทรวง  มหาดไทย ".to_owned(),
            label: "รอบที่ 1/2570".to_owned(),
            zones: vec!["14".to_owned(), "12".to_owned(), "14".to_owned()],
            inspectors: "นายสมชาย ตรวจดี | ผู้ตรวจราชการ\n\nนางสมศรี ใจดี|ผู้ตรวจ".to_owned(),
            starts_on: "01/11/2569".to_owned(),
            ends_on: "31/03/2570".to_owned(),
            notes: Some("  ".to_owned()),
        }
    }

    #[test]
    fn the_round_form_is_parsed_into_types() {
        let c = RoundCommand::try_from(&form()).unwrap();
        assert_eq!(c.fiscal_year, 2570);
        assert_eq!(c.level, InspectionLevel::Ministry);
        assert_eq!(c.organisation_th, "กระทรวง มหาดไทย");
        assert_eq!(c.zones, [12, 14], "sorted, each once");
        assert_eq!(c.inspectors.len(), 2);
        assert_eq!(c.inspectors[1].name, "นางสมศรี ใจดี");
        assert_eq!(c.inspectors[1].title_as_printed, "ผู้ตรวจ");
        assert_eq!(c.starts_on, NaiveDate::from_ymd_opt(2026, 11, 1));
        assert_eq!(c.ends_on, NaiveDate::from_ymd_opt(2027, 3, 31));
        assert_eq!(c.notes, None);
    }

    #[test]
    fn round_errors_are_keyed_by_the_form_fields_and_keep_the_zones() {
        let mut f = form();
        f.fiscal_year = "2027".to_owned();
        f.level = "nope".to_owned();
        f.label = String::new();
        f.inspectors = "ชื่ออย่างเดียว".to_owned();
        f.zones = vec!["x".to_owned(), "12".to_owned()];
        f.starts_on = "2569-11-01".to_owned();
        f.ends_on = "01/10/2569".to_owned();
        let r = RoundCommand::try_from(&f).unwrap_err();
        let e = &r.errors;
        assert!(e.get("fiscal_year").unwrap().contains("คริสต์ศักราช"), "{e}");
        assert!(e.get("level").is_some());
        assert_eq!(e.get("label"), Some("กรุณากรอกชื่อรอบการตรวจ"));
        assert_eq!(
            e.get("inspectors"),
            Some("บรรทัดที่ 1: กรุณากรอกเป็น «ชื่อ | ตำแหน่ง»")
        );
        assert_eq!(e.get("zones"), Some("เขตตรวจราชการไม่ถูกต้อง"));
        assert!(e.get("starts_on").is_some(), "a BE year in ISO form");
        assert_eq!(r.zones, [12]);
        let mut f = form();
        f.zones.clear();
        f.starts_on = "01/11/2569".to_owned();
        f.ends_on = "01/10/2569".to_owned();
        let e = RoundCommand::try_from(&f).unwrap_err().errors;
        assert_eq!(e.get("ends_on"), Some("วันสิ้นสุดต้องอยู่หลังวันเริ่มต้น"));
        assert_eq!(e.get("zones"), Some("กรุณาเลือกเขตตรวจราชการอย่างน้อยหนึ่งเขต"));
    }

    #[test]
    fn the_form_of_a_round_is_read_back() {
        let c = RoundCommand::try_from(&form()).unwrap();
        let f = RoundForm {
            fiscal_year: c.fiscal_year.to_string(),
            level: c.level.as_str().to_owned(),
            organisation_th: c.organisation_th.clone(),
            label: c.label.clone(),
            zones: c.zones.iter().map(ToString::to_string).collect(),
            inspectors: "นายสมชาย ตรวจดี | ผู้ตรวจราชการ\nนางสมศรี ใจดี | ผู้ตรวจ".to_owned(),
            starts_on: be(c.starts_on).unwrap_or_default(),
            ends_on: be(c.ends_on).unwrap_or_default(),
            notes: None,
        };
        assert_eq!(RoundCommand::try_from(&f).unwrap(), c);
    }

    #[test]
    fn issues_and_indicators_are_parsed() {
        let i = IssueInput {
            title: " ความ  ยากจน ".to_owned(),
            is_key: true,
            description: Some(" ".to_owned()),
        };
        let c = IssueCommand::try_from(&i).unwrap();
        assert_eq!(c.title, "ความ ยากจน");
        assert!(c.is_key);
        assert_eq!(c.description, None);
        let e = IssueCommand::read("", false, None).unwrap_err();
        assert_eq!(e.get("title"), Some("กรุณากรอกชื่อประเด็น"));

        let f = IndicatorForm {
            name: "ครัวเรือน".to_owned(),
            unit: "ครัวเรือน".to_owned(),
            target: "๒,๒๔๒".to_owned(),
            current: "85.5".to_owned(),
            as_of: "15/11/2569".to_owned(),
        };
        let c = IndicatorCommand::try_from(&f).unwrap();
        assert_eq!(c.target, Some(2242.0));
        assert_eq!(c.current, Some(85.5));
        assert_eq!(c.as_of, NaiveDate::from_ymd_opt(2026, 11, 15));
        let bad = IndicatorForm {
            name: String::new(),
            target: "สองพัน".to_owned(),
            as_of: "01/11/2026".to_owned(),
            ..f
        };
        let e = IndicatorCommand::try_from(&bad).unwrap_err();
        assert_eq!(e.get("target"), Some("กรุณากรอกตัวเลข เช่น 2,242 หรือ 85.5"));
        assert!(e.get("as_of").unwrap().contains("ปีพุทธศักราช"), "{e}");
        assert_eq!(e.get("name"), Some("กรุณากรอกชื่อตัวชี้วัด"));
    }
}
