//! The minutes as a document: every part of the official form (แบบที่ 11) already formatted
//! (Thai dates, times, digits), ready for `templates/documents/minutes.md.j2`.

use minijinja::value::{Serde, Value};
use serde::Serialize;

use super::Documents;
use crate::domain::minutes::PrintedAttendee;

/// The Markdown template.
pub const TEMPLATE: &str = "documents/minutes.md.j2";

/// The minutes of one meeting, as printed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MinutesDoc {
    /// `รายงานการประชุมบูรณาการตรวจราชการ…`
    pub heading: String,
    /// `1/2565`, or empty.
    pub number: String,
    /// `วันอังคารที่ 19 เมษายน 2565 เวลา 09.00 น.`
    pub when: String,
    /// Place, with the online platform if any.
    pub venue: String,
    /// ผู้มาประชุม.
    pub present: Vec<Row>,
    /// ผู้ไม่มาประชุม.
    pub absent: Vec<Row>,
    /// ผู้เข้าร่วมประชุม.
    pub participants: Vec<Row>,
    /// `09.00 น.` or empty.
    pub start_time: String,
    /// The chair and, if delegated, on whose behalf.
    pub chair: String,
    /// The opening words (Markdown).
    pub opening_md: String,
    /// Agenda sections in order.
    pub sections: Vec<Section>,
    /// Published directives given under no agenda item, grouped by issuer (a closing section).
    pub directive_groups: Vec<DirectiveGroup>,
    /// Actions assigned at the meeting.
    pub actions: Vec<ActionRow>,
    /// The closing words (Markdown).
    pub closing_md: String,
    /// `12.00 น.` or empty.
    pub end_time: String,
    /// ผู้จดรายงานการประชุม (blank name: a line to sign on).
    pub taker: Signer,
    /// ผู้ตรวจรายงานการประชุม.
    pub checker: Signer,
}

/// One attendee line.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Running number in the document's digits.
    pub no: String,
    /// Name.
    pub name: String,
    /// Position (`… แทน …`, `รักษาการ…`).
    pub position: String,
    /// Remark.
    pub remark: String,
}

impl Row {
    /// A numbered row from a printed attendee.
    pub fn numbered(no: String, p: PrintedAttendee) -> Self {
        Self {
            no,
            name: p.name,
            position: p.position,
            remark: p.remark,
        }
    }
}

/// An agenda section (ระเบียบวาระที่ n).
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// `ระเบียบวาระที่ 1`.
    pub label: String,
    /// Its title.
    pub title: String,
    /// Its items.
    pub items: Vec<Item>,
    /// Generated text of an automatic item 2/3 when the section has no items of its own.
    pub body_md: String,
}

/// One agenda item with what was written about it.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// `4.1`.
    pub number: String,
    /// Title.
    pub title: String,
    /// Who presented it.
    pub presenter: String,
    /// Notes (Markdown).
    pub notes_md: String,
    /// Generated text (certification of the previous minutes, matters arising).
    pub generated_md: String,
    /// มติที่ประชุม (Markdown).
    pub resolution_md: String,
    /// The directives given under this item, grouped by issuer.
    pub directives: Vec<DirectiveGroup>,
}

/// Directives of one issuer in one place (an agenda item, or the closing section).
#[derive(Debug, Clone, Serialize)]
pub struct DirectiveGroup {
    /// `ผู้ว่าราชการจังหวัด (นาย…)`, or the printed title alone when it already names the role.
    pub issuer: String,
    /// The directives in number order, numbered from 1 for each issuer.
    pub directives: Vec<DirectiveLine>,
}

/// One directive.
#[derive(Debug, Clone, Serialize)]
pub struct DirectiveLine {
    /// Its number among the issuer's points in this place, in the document's digits.
    pub number: String,
    /// Text (Markdown).
    pub text_md: String,
}

/// One action.
#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    /// Running number.
    pub no: String,
    /// What must be done.
    pub title: String,
    /// Which directive: `4.1 ข้อ 1`, with the issuer when several gave points there.
    pub directive: String,
    /// Responsible office.
    pub office: String,
    /// `30 ก.ย. 2565` or `-`.
    pub due: String,
}

/// A signer at the foot of the minutes.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Signer {
    /// Name.
    pub name: String,
    /// Position.
    pub position: String,
}

impl MinutesDoc {
    /// The Markdown of the minutes.
    pub fn markdown(&self, docs: &Documents) -> anyhow::Result<String> {
        docs.render(
            TEMPLATE,
            &minijinja::context! { m => Value::from(Serde(self)) },
        )
        .map(|s| tidy(&s))
    }
}

/// Collapses runs of blank lines left by template conditionals and ends with one newline, so
/// the same data always gives the same bytes however the template is indented.
pub fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(no: &str, name: &str, position: &str, remark: &str) -> Row {
        Row {
            no: no.into(),
            name: name.into(),
            position: position.into(),
            remark: remark.into(),
        }
    }

    fn line(number: &str, text: &str) -> DirectiveLine {
        DirectiveLine {
            number: number.into(),
            text_md: text.into(),
        }
    }

    /// The official form's details (issue 15): a row without a name reads as its position, an
    /// acting holder with their name, directives under the item where they were given and
    /// numbered per issuer, the rest in a closing section, no empty sub-item, signature blocks
    /// with the signers' names kept whole (no-break spaces).
    #[test]
    fn the_form_details() {
        let docs = Documents::new(crate::templating::Templates::plain().unwrap(), None).unwrap();
        let doc = MinutesDoc {
            heading: "รายงานการประชุมคณะทำงาน".into(),
            number: "1/2569".into(),
            when: "วันอังคารที่ 19 พฤษภาคม 2569 เวลา 09.00 น.".into(),
            venue: "ห้องประชุมสระกำแพงใหญ่".into(),
            present: vec![
                row(
                    "1",
                    "นางสาวชนมณัฐ รอดบุญธรรม",
                    "รองผู้ว่าราชการจังหวัด แทน ผู้ว่าราชการจังหวัด",
                    "ประธานในที่ประชุม",
                ),
                row("2", "นายสมชาย ใจดี", "รักษาการหัวหน้าสำนักงานจังหวัด", ""),
                row("3", "", "พัฒนาการจังหวัด", ""),
                row(
                    "4",
                    "",
                    "นายอำเภอทุกอำเภอ จำนวน ๒๐ คน",
                    "ประชุมผ่านสื่ออิเล็กทรอนิกส์",
                ),
            ],
            start_time: "09.00 น.".into(),
            chair: "นางสาวชนมณัฐ\u{a0}รอดบุญธรรม รองผู้ว่าราชการจังหวัด เป็นประธานในที่ประชุม".into(),
            opening_md: "ประธานกล่าวเปิดการประชุม".into(),
            sections: vec![
                Section {
                    label: "ระเบียบวาระที่ 2".into(),
                    title: "เรื่องรับรองรายงานการประชุม".into(),
                    items: vec![],
                    body_md: String::new(),
                },
                Section {
                    label: "ระเบียบวาระที่ 4".into(),
                    title: "เรื่องเพื่อพิจารณา".into(),
                    items: vec![Item {
                        number: "4.1".into(),
                        title: "การขจัดความยากจน".into(),
                        presenter: "สำนักงานพัฒนาชุมชนจังหวัด".into(),
                        notes_md: "จังหวัดรายงานผล".into(),
                        generated_md: String::new(),
                        resolution_md: "รับทราบ".into(),
                        directives: vec![
                            DirectiveGroup {
                                issuer: "ที่ประชุม".into(),
                                directives: vec![
                                    line("1", "ให้ทีมพี่เลี้ยงลงพื้นที่"),
                                    line("2", "ให้รายงานผล"),
                                ],
                            },
                            DirectiveGroup {
                                issuer: "ผู้ตรวจราชการกระทรวงมหาดไทย".into(),
                                directives: vec![line("1", "ให้จัดส่งเอกสาร")],
                            },
                        ],
                    }],
                    body_md: String::new(),
                },
            ],
            directive_groups: vec![DirectiveGroup {
                issuer: "ผู้ว่าราชการจังหวัด (นายวิชัย ใจงาม)".into(),
                directives: vec![line("1", "ให้ทุกหน่วยงานเร่งรัด")],
            }],
            end_time: "12.00 น.".into(),
            taker: Signer {
                name: "นางสาวสมศรี มีสุข".into(),
                position: "นักวิเคราะห์นโยบายและแผน".into(),
            },
            ..MinutesDoc::default()
        };
        insta::assert_snapshot!(doc.markdown(&docs).unwrap());

        // A start without an end: the start alone, the form's closing time left as a dash.
        let open = MinutesDoc {
            end_time: String::new(),
            ..doc
        }
        .markdown(&docs)
        .unwrap();
        assert!(open.contains("**เริ่มประชุมเวลา 09.00 น.**"), "{open}");
        assert!(open.contains("**เลิกประชุมเวลา -**"), "{open}");
    }
}
