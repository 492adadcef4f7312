//! The agenda template: the five customary Thai sections (ระเบียบวาระ) used unless a series
//! configures its own, and the kinds of items that fill themselves.

/// One section of an agenda template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectionTemplate {
    /// Stable kind stored with the section.
    pub kind: &'static str,
    /// Printed title.
    pub title: &'static str,
}

/// The customary five sections of a Thai official meeting.
pub const CUSTOMARY_SECTIONS: [SectionTemplate; 5] = [
    SectionTemplate {
        kind: "announcements",
        title: "ระเบียบวาระที่ 1 เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
    },
    SectionTemplate {
        kind: "certify_minutes",
        title: "ระเบียบวาระที่ 2 เรื่องรับรองรายงานการประชุม",
    },
    SectionTemplate {
        kind: "matters_arising",
        title: "ระเบียบวาระที่ 3 เรื่องสืบเนื่อง",
    },
    SectionTemplate {
        kind: "for_information",
        title: "ระเบียบวาระที่ 4 เรื่องที่เสนอให้ที่ประชุมทราบ/เพื่อพิจารณา",
    },
    SectionTemplate {
        kind: "other",
        title: "ระเบียบวาระที่ 5 เรื่องอื่น ๆ",
    },
];

/// Auto-filled item: certify the minutes of the previous meeting of the series (section 2).
pub const AUTO_CERTIFY_PREVIOUS: &str = "certify_previous";
/// Auto-filled item: open actions carried over from earlier meetings (section 3).
pub const AUTO_MATTERS_ARISING: &str = "matters_arising";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customary_sections_are_numbered_in_order() {
        for (i, s) in CUSTOMARY_SECTIONS.iter().enumerate() {
            assert!(
                s.title.starts_with(&format!("ระเบียบวาระที่ {}", i + 1)),
                "{}",
                s.title
            );
        }
    }
}
