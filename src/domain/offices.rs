//! Offices of agencies in the provinces: which agencies have one office per province, what the
//! office and its head are called, and the office's stable code. Bangkok (TH-10) has none of
//! these provincial offices: it is not a province of the regional administration (no governor
//! appointed by the Ministry of Interior, no อำเภอ, no provincial offices of most departments;
//! the Bangkok Metropolitan Administration and central departments serve it), so its offices
//! are added by hand or by import.

/// The province code that gets no generated offices.
pub const BANGKOK: &str = "TH-10";

/// The stable code of an agency's office in a province, e.g. `TH-55.cdd_provincial`.
pub fn code(province_code: &str, agency_short_code: &str) -> String {
    format!("{province_code}.{agency_short_code}")
}

/// The name of an agency's office in a province (`name_th` may hold `<จังหวัด>`), or `None`
/// for agencies that are not one office per province (districts, education areas, highway
/// districts, branches).
pub fn office_name(
    short_code: &str,
    level: &str,
    name_th: &str,
    province_name: &str,
) -> Option<String> {
    match short_code {
        "province_governor" => return Some(format!("ศาลากลางจังหวัด{province_name}")),
        "district_office" => return Some(format!("ที่ว่าการอำเภอเมือง{province_name}")),
        "learning_promotion_provincial" => {
            return Some(format!("สำนักงานส่งเสริมการเรียนรู้จังหวัด{province_name}"));
        }
        _ => {}
    }
    if level != "province" {
        return None;
    }
    let name = name_th.replace("<จังหวัด>", province_name);
    if name.contains('<') {
        return None;
    }
    Some(if name.ends_with("จังหวัด") {
        format!("{name}{province_name}")
    } else {
        name
    })
}

/// The printed title of the head of an office, e.g. `พัฒนาการจังหวัดศรีสะเกษ`.
pub fn head_title(short_code: &str, head_title_th: &str, province_name: &str) -> String {
    if short_code == "district_office" {
        return format!("นายอำเภอเมือง{province_name}");
    }
    format!("{head_title_th}{province_name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_of_provincial_offices() {
        assert_eq!(
            office_name("cdd_provincial", "province", "สำนักงานพัฒนาชุมชนจังหวัด", "น่าน").as_deref(),
            Some("สำนักงานพัฒนาชุมชนจังหวัดน่าน")
        );
        assert_eq!(
            office_name("district_office", "district", "ที่ว่าการอำเภอ", "น่าน").as_deref(),
            Some("ที่ว่าการอำเภอเมืองน่าน")
        );
        assert_eq!(office_name("cdd_district", "district", "x", "น่าน"), None);
        assert_eq!(code("TH-55", "cdd_provincial"), "TH-55.cdd_provincial");
        assert_eq!(
            head_title("cdd_provincial", "พัฒนาการจังหวัด", "น่าน"),
            "พัฒนาการจังหวัดน่าน"
        );
    }
}
