//! The agenda template: the five customary Thai sections (ระเบียบวาระ) used unless a series
//! configures its own, and the kinds of items that fill themselves.

super::status::labelled_enum! {
    /// What an agenda section is for (`agenda_sections.kind`): one of the customary five, or
    /// `custom` for a section a series template adds beyond them.
    pub enum AgendaSectionKind ("ประเภทระเบียบวาระ") {
        /// 1. Announcements by the chair.
        Announcements => "announcements", "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ", "Announcements";
        /// 2. Certifying the minutes.
        CertifyMinutes => "certify_minutes", "เรื่องรับรองรายงานการประชุม", "Certification of the minutes";
        /// 3. Matters arising.
        MattersArising => "matters_arising", "เรื่องสืบเนื่อง", "Matters arising";
        /// 4. For information or consideration.
        ForInformation => "for_information", "เรื่องที่เสนอให้ที่ประชุมทราบ/เพื่อพิจารณา", "For information";
        /// 5. Other matters.
        Other => "other", "เรื่องอื่น ๆ", "Other matters";
        /// A section beyond the customary five (series templates).
        Custom => "custom", "ระเบียบวาระเพิ่มเติม", "Additional section";
    }
}

super::status::labelled_enum! {
    /// An agenda item that fills itself (`agenda_items.auto_kind`; NULL for an ordinary item).
    pub enum AgendaItemKind ("ประเภทเรื่องที่ระบบเติมให้") {
        /// Certify the minutes of the previous meeting of the series (section 2).
        CertifyPrevious => "certify_previous", "รับรองรายงานการประชุมครั้งที่ผ่านมา", "Certify the previous minutes";
        /// Open actions carried over from earlier meetings (section 3).
        MattersArising => "matters_arising", "เรื่องสืบเนื่องจากการประชุมครั้งก่อน", "Matters arising";
    }
}

/// One section of an agenda template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectionTemplate {
    /// Stable kind stored with the section.
    pub kind: AgendaSectionKind,
    /// Printed title.
    pub title: &'static str,
}

/// The customary five sections of a Thai official meeting.
pub const CUSTOMARY_SECTIONS: [SectionTemplate; 5] = [
    SectionTemplate {
        kind: AgendaSectionKind::Announcements,
        title: "ระเบียบวาระที่ 1 เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
    },
    SectionTemplate {
        kind: AgendaSectionKind::CertifyMinutes,
        title: "ระเบียบวาระที่ 2 เรื่องรับรองรายงานการประชุม",
    },
    SectionTemplate {
        kind: AgendaSectionKind::MattersArising,
        title: "ระเบียบวาระที่ 3 เรื่องสืบเนื่อง",
    },
    SectionTemplate {
        kind: AgendaSectionKind::ForInformation,
        title: "ระเบียบวาระที่ 4 เรื่องที่เสนอให้ที่ประชุมทราบ/เพื่อพิจารณา",
    },
    SectionTemplate {
        kind: AgendaSectionKind::Other,
        title: "ระเบียบวาระที่ 5 เรื่องอื่น ๆ",
    },
];

/// Auto-filled item: certify the minutes of the previous meeting of the series (section 2).
pub const AUTO_CERTIFY_PREVIOUS: AgendaItemKind = AgendaItemKind::CertifyPrevious;
/// Auto-filled item: open actions carried over from earlier meetings (section 3).
pub const AUTO_MATTERS_ARISING: AgendaItemKind = AgendaItemKind::MattersArising;

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
