//! Documents as DOCX (WordprocessingML) for users who edit them in Word: the same block tree the
//! PDF is made from (`pdf::markdown`), written as real Word headings, paragraphs and tables (header
//! row repeated on each page), A4 with the official margins, Sarabun declared (TH Sarabun New as its
//! alternative), page numbers `- ๒ -` from page 2, the footer line, and "ร่าง" in the header of a
//! draft. Same input, same bytes.
//!
//! Longer than 500 lines on purpose: WordprocessingML is verbose; the body writer handles every
//! block kind of `pdf::markdown`, the package parts are small functions below it, and its tests
//! close the file.

use std::fmt::Write as _;

use super::Document;
use super::zip::Zip;
use crate::pdf::markdown::{Block, Inline, parse};

/// The Content-Type of a DOCX file.
pub const CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The body font and its customary alternative (the official font, not free to ship).
const FONT: &str = "Sarabun";
const ALT_FONT: &str = "TH Sarabun New";
/// Half-points: Sarabun at 11 pt looks like TH Sarabun New at 16 pt (see `pdf::fonts`).
const SIZE_HALF_PT: u32 = 22;
/// A4 in twentieths of a point, and the official margins (left 3 cm, right 2 cm, top 2.5 cm,
/// bottom 2 cm).
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const MARGIN_L: u32 = 1701;
const MARGIN_R: u32 = 1134;
const MARGIN_T: u32 = 1417;
const MARGIN_B: u32 = 1134;
const TEXT_W: u32 = PAGE_W - MARGIN_L - MARGIN_R;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The document as a DOCX file.
pub fn render(doc: &Document) -> anyhow::Result<Vec<u8>> {
    let body = Body::of(&parse(&doc.markdown));
    let mut zip = Zip::default();
    zip.add("[Content_Types].xml", CONTENT_TYPES.as_bytes())?;
    zip.add("_rels/.rels", ROOT_RELS.as_bytes())?;
    zip.add("docProps/core.xml", core(&doc.title).as_bytes())?;
    zip.add("word/_rels/document.xml.rels", DOC_RELS.as_bytes())?;
    zip.add("word/styles.xml", styles().as_bytes())?;
    zip.add("word/fontTable.xml", font_table().as_bytes())?;
    zip.add("word/settings.xml", SETTINGS.as_bytes())?;
    zip.add(
        "word/header1.xml",
        header(false, doc.draft, doc.thai_digits).as_bytes(),
    )?;
    zip.add(
        "word/header2.xml",
        header(true, doc.draft, doc.thai_digits).as_bytes(),
    )?;
    zip.add("word/footer1.xml", footer(doc.footer.as_deref()).as_bytes())?;
    zip.add("word/document.xml", body.finish().as_bytes())?;
    zip.finish()
}

/// Text safe inside XML (and without the control characters XML 1.0 forbids).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Run formatting.
#[derive(Clone, Copy, Default)]
struct Style {
    bold: bool,
    italic: bool,
    strike: bool,
    mono: bool,
}

/// Paragraph formatting.
#[derive(Clone, Copy, Default)]
struct Para<'a> {
    style: Option<&'a str>,
    center: bool,
    /// Left indent and hanging indent (twips).
    indent: Option<(u32, u32)>,
    keep_next: bool,
    /// A signature block: right half, centred, never split.
    signature: bool,
}

struct Body {
    xml: String,
}

impl Body {
    fn of(blocks: &[Block]) -> Self {
        let mut b = Self {
            xml: String::with_capacity(64 * 1024),
        };
        let _ = write!(
            b.xml,
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>"#
        );
        b.blocks(blocks, 0);
        b
    }

    fn finish(mut self) -> String {
        let _ = write!(
            self.xml,
            r#"<w:sectPr><w:headerReference w:type="default" r:id="rIdH2"/><w:headerReference w:type="first" r:id="rIdH1"/><w:footerReference w:type="default" r:id="rIdF1"/><w:footerReference w:type="first" r:id="rIdF1"/><w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/><w:pgMar w:top="{MARGIN_T}" w:right="{MARGIN_R}" w:bottom="{MARGIN_B}" w:left="{MARGIN_L}" w:header="708" w:footer="567" w:gutter="0"/><w:titlePg/></w:sectPr></w:body></w:document>"#
        );
        self.xml
    }

    fn blocks(&mut self, blocks: &[Block], level: u32) {
        let mut prev_title = false;
        for (k, b) in blocks.iter().enumerate() {
            match b {
                Block::Heading { level: l, c } => {
                    let style = match l {
                        1 => "Title",
                        2 => "Heading1",
                        _ => "Heading2",
                    };
                    self.para(
                        c,
                        Para {
                            style: Some(style),
                            center: *l == 1,
                            keep_next: true,
                            ..Para::default()
                        },
                    );
                }
                Block::Para { c } | Block::Plain { c } => {
                    let all_bold = c.len() == 1 && matches!(c[0], Inline::Strong { .. });
                    let signature = level == 0
                        && matches!(c.first(), Some(Inline::Text { v }) if v.starts_with("ลงชื่อ "));
                    self.para(
                        c,
                        Para {
                            center: prev_title,
                            keep_next: all_bold,
                            signature,
                            indent: (level > 0).then_some((level * 360, 0)),
                            ..Para::default()
                        },
                    );
                }
                Block::List {
                    ordered,
                    start,
                    items,
                    ..
                } => {
                    for (i, item) in items.iter().enumerate() {
                        let marker = if *ordered {
                            format!("{}. ", start.saturating_add(i as u64))
                        } else {
                            "• ".to_owned()
                        };
                        self.item(&marker, item, level + 1);
                    }
                }
                Block::Table {
                    align,
                    header,
                    rows,
                } => self.table(align, header, rows),
                Block::Quote { c } => self.blocks(c, level + 1),
                Block::Rule => {
                    // The short centred rule under the title block, a full one elsewhere.
                    let short = k >= 2
                        && matches!(blocks[k - 2], Block::Heading { level: 1, .. })
                        && matches!(blocks[k - 1], Block::Para { .. });
                    let ind = if short { TEXT_W * 3 / 10 } else { 0 };
                    let _ = write!(
                        self.xml,
                        r#"<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="000000"/></w:pBdr><w:ind w:left="{ind}" w:right="{ind}"/><w:spacing w:after="120"/></w:pPr></w:p>"#
                    );
                }
                Block::Code { v } => {
                    for line in v.lines() {
                        self.para(
                            &[Inline::Code { v: line.to_owned() }],
                            Para {
                                indent: Some(((level + 1) * 360, 0)),
                                ..Para::default()
                            },
                        );
                    }
                }
            }
            prev_title = matches!(b, Block::Heading { level: 1, .. });
        }
    }

    /// A list item: its first paragraph carries the marker with a hanging indent.
    fn item(&mut self, marker: &str, blocks: &[Block], level: u32) {
        let indent = level * 360 + 240;
        let mut first = true;
        for b in blocks {
            match b {
                Block::Para { c } | Block::Plain { c } => {
                    let mut runs = Vec::with_capacity(c.len() + 1);
                    if first {
                        runs.push(Inline::Text {
                            v: marker.to_owned(),
                        });
                    }
                    runs.extend(c.iter().cloned());
                    self.para(
                        &runs,
                        Para {
                            indent: Some((indent, if first { 240 } else { 0 })),
                            ..Para::default()
                        },
                    );
                }
                other => self.blocks(std::slice::from_ref(other), level),
            }
            first = false;
        }
    }

    fn para(&mut self, inlines: &[Inline], p: Para<'_>) {
        self.xml.push_str("<w:p><w:pPr>");
        if let Some(s) = p.style {
            let _ = write!(self.xml, r#"<w:pStyle w:val="{s}"/>"#);
        }
        if p.keep_next || p.signature {
            self.xml.push_str("<w:keepNext/><w:keepLines/>");
        }
        if p.signature {
            let _ = write!(
                self.xml,
                r#"<w:spacing w:before="360"/><w:ind w:left="{}"/><w:jc w:val="center"/>"#,
                TEXT_W * 38 / 100
            );
        } else {
            if let Some((left, hanging)) = p.indent {
                let _ = write!(
                    self.xml,
                    r#"<w:ind w:left="{left}" w:hanging="{hanging}"/>"#
                );
            }
            if p.center {
                self.xml.push_str(r#"<w:jc w:val="center"/>"#);
            }
        }
        self.xml.push_str("</w:pPr>");
        self.runs(inlines, Style::default());
        self.xml.push_str("</w:p>");
    }

    fn runs(&mut self, inlines: &[Inline], s: Style) {
        for i in inlines {
            match i {
                Inline::Text { v } | Inline::Keep { v } => self.run(v, s),
                Inline::Strong { c } => self.runs(c, Style { bold: true, ..s }),
                Inline::Emph { c } => self.runs(c, Style { italic: true, ..s }),
                Inline::Strike { c } => self.runs(c, Style { strike: true, ..s }),
                Inline::Code { v } => self.run(v, Style { mono: true, ..s }),
                Inline::Link { c, .. } => self.runs(c, s),
                Inline::Soft => self.run(" ", s),
                Inline::Hard => self.xml.push_str("<w:r><w:br/></w:r>"),
            }
        }
    }

    fn run(&mut self, text: &str, s: Style) {
        if text.is_empty() {
            return;
        }
        self.xml.push_str("<w:r>");
        if s.bold || s.italic || s.strike || s.mono {
            self.xml.push_str("<w:rPr>");
            if s.mono {
                self.xml
                    .push_str(r#"<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New"/>"#);
            }
            if s.bold {
                self.xml.push_str("<w:b/><w:bCs/>");
            }
            if s.italic {
                self.xml.push_str("<w:i/><w:iCs/>");
            }
            if s.strike {
                self.xml.push_str("<w:strike/>");
            }
            self.xml.push_str("</w:rPr>");
        }
        let _ = write!(
            self.xml,
            r#"<w:t xml:space="preserve">{}</w:t></w:r>"#,
            esc(text)
        );
    }

    fn table(&mut self, align: &[&str], header: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) {
        let widths = column_widths(header, rows);
        self.xml.push_str(
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/><w:tblBorders><w:top w:val="single" w:sz="4" w:color="000000"/><w:left w:val="single" w:sz="4" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:color="000000"/><w:right w:val="single" w:sz="4" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:color="000000"/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>"#,
        );
        for w in &widths {
            let _ = write!(self.xml, r#"<w:gridCol w:w="{w}"/>"#);
        }
        self.xml.push_str("</w:tblGrid>");
        self.row(&widths, align, header, true);
        for r in rows {
            self.row(&widths, align, r, false);
        }
        // Word needs a paragraph between two tables.
        self.xml
            .push_str(r#"</w:tbl><w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p>"#);
    }

    fn row(&mut self, widths: &[u32], align: &[&str], cells: &[Vec<Inline>], head: bool) {
        self.xml.push_str("<w:tr>");
        self.xml.push_str(if head {
            "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        } else {
            "<w:trPr><w:cantSplit/></w:trPr>"
        });
        for (k, cell) in cells.iter().enumerate() {
            let w = widths.get(k).copied().unwrap_or(TEXT_W / 4);
            let _ = write!(
                self.xml,
                r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:spacing w:after="0"/>"#
            );
            match align.get(k).copied() {
                Some("center") => self.xml.push_str(r#"<w:jc w:val="center"/>"#),
                Some("right") => self.xml.push_str(r#"<w:jc w:val="right"/>"#),
                _ if head => self.xml.push_str(r#"<w:jc w:val="center"/>"#),
                _ => {}
            }
            self.xml.push_str("</w:pPr>");
            self.runs(
                cell,
                Style {
                    bold: head,
                    ..Style::default()
                },
            );
            self.xml.push_str("</w:p></w:tc>");
        }
        self.xml.push_str("</w:tr>");
    }
}

/// Column widths (twips) in proportion to each column's longest text, within bounds.
fn column_widths(header: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) -> Vec<u32> {
    fn len(c: &[Inline]) -> usize {
        c.iter()
            .map(|i| match i {
                Inline::Text { v } | Inline::Code { v } | Inline::Keep { v } => v.chars().count(),
                Inline::Strong { c }
                | Inline::Emph { c }
                | Inline::Strike { c }
                | Inline::Link { c, .. } => len(c),
                Inline::Soft | Inline::Hard => 1,
            })
            .sum()
    }
    let n = header.len().max(1);
    let mut want = vec![4usize; n];
    for r in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        for (k, c) in r.iter().enumerate().take(n) {
            want[k] = want[k].max(len(c).clamp(4, 60));
        }
    }
    let total: usize = want.iter().sum();
    want.iter()
        .map(|w| u32::try_from(w * TEXT_W as usize / total.max(1)).unwrap_or(TEXT_W / 4))
        .collect()
}

/// A header: "ร่าง" on a draft's every page, and on pages after the first `- ๒ -`.
fn header(numbered: bool, draft: bool, thai: bool) -> String {
    let mut x = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}">"#
    );
    if draft {
        x.push_str(r#"<w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t>ร่าง</w:t></w:r></w:p>"#);
    }
    x.push_str(r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr>"#);
    if numbered {
        let format = if thai { r" \* ThaiArabic" } else { "" };
        let _ = write!(
            x,
            r#"<w:r><w:t xml:space="preserve">- </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE{format} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> -</w:t></w:r>"#
        );
    }
    x.push_str("</w:p></w:hdr>");
    x
}

fn footer(text: Option<&str>) -> String {
    let mut x = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>"#
    );
    if let Some(t) = text.filter(|t| !t.trim().is_empty()) {
        let _ = write!(
            x,
            r#"<w:r><w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
            esc(t)
        );
    }
    x.push_str("</w:p></w:ftr>");
    x
}

fn core(title: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:language>th-TH</dc:language></cp:coreProperties>"#,
        esc(title)
    )
}

fn styles() -> String {
    let run = format!(
        r#"<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/><w:sz w:val="{SIZE_HALF_PT}"/><w:szCs w:val="{SIZE_HALF_PT}"/><w:lang w:val="th-TH" w:bidi="th-TH"/>"#
    );
    let heading = |id: &str, name: &str, outline: u8, before: u32| {
        format!(
            r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="120"/><w:outlineLvl w:val="{outline}"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>"#
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>{run}</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>{}{}{}<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:color="000000"/><w:left w:val="single" w:sz="4" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:color="000000"/><w:right w:val="single" w:sz="4" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:color="000000"/></w:tblBorders></w:tblPr></w:style></w:styles>"#,
        heading("Title", "Title", 0, 0),
        heading("Heading1", "heading 1", 0, 240),
        heading("Heading2", "heading 2", 1, 200),
    )
}

fn font_table() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="{W_NS}"><w:font w:name="{FONT}"><w:altName w:val="{ALT_FONT}"/><w:charset w:val="DE"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font><w:font w:name="{ALT_FONT}"><w:altName w:val="TH SarabunPSK"/><w:charset w:val="DE"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font></w:fonts>"#
    )
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/><Relationship Id="rIdH1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rIdH2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/><Relationship Id="rIdF1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="720"/><w:themeFontLang w:val="en-US" w:bidi="th-TH"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(md: &str, draft: bool) -> Document {
        Document {
            title: "รายงาน <ทดสอบ>".into(),
            stem: "minutes-1".into(),
            markdown: md.into(),
            footer: Some("SHA-256: ab&cd".into()),
            thai_digits: true,
            archival: !draft,
            draft,
        }
    }

    /// A part of the package, read by walking the local file headers.
    fn part(docx: &[u8], name: &str) -> String {
        let mut at = 0;
        while docx[at..].starts_with(b"PK\x03\x04") {
            let u16_at =
                |o: usize| usize::from(u16::from_le_bytes([docx[at + o], docx[at + o + 1]]));
            let size = u32::from_le_bytes(docx[at + 18..at + 22].try_into().unwrap()) as usize;
            let (name_len, extra) = (u16_at(26), u16_at(28));
            let data = at + 30 + name_len + extra;
            if &docx[at + 30..at + 30 + name_len] == name.as_bytes() {
                return String::from_utf8(docx[data..data + size].to_vec()).unwrap();
            }
            at = data + size;
        }
        panic!("no {name}")
    }

    #[test]
    fn headings_tables_and_signatures_are_word_structures() {
        let md = "# รายงานการประชุม\n\nครั้งที่ 1\n\n---\n\n## ผู้มาประชุม\n\n| ที่ | ชื่อ |\n| ---: | --- |\n| 1 | นาย ก & ข |\n\n**4.1 เรื่อง**\n\n1. หนึ่ง\n2. สอง\n\nลงชื่อ ..... ผู้จดรายงานการประชุม\\\n(นาย ค)\n";
        let bytes = render(&doc(md, true)).unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"));
        let body = part(&bytes, "word/document.xml");
        assert!(body.contains(r#"<w:pStyle w:val="Title"/>"#), "{body}");
        assert!(body.contains(r#"<w:pStyle w:val="Heading1"/>"#));
        assert!(body.contains("<w:tblHeader/>"), "header row repeats");
        assert!(body.contains("นาย ก &amp; ข"));
        assert!(body.contains("1. </w:t>") && body.contains("2. </w:t>"));
        assert!(body.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#), "A4");
        assert!(body.contains(r#"w:left="1701""#), "3 cm left margin");
        assert!(body.contains("<w:br/>"), "the signature's lines");
        assert!(
            body.contains(r#"<w:jc w:val="center"/></w:pPr><w:r><w:t xml:space="preserve">ลงชื่อ"#)
        );
        let h = part(&bytes, "word/header2.xml");
        assert!(
            h.contains("ร่าง") && h.contains("PAGE \\* ThaiArabic"),
            "{h}"
        );
        assert!(part(&bytes, "word/footer1.xml").contains("SHA-256: ab&amp;cd"));
        assert!(part(&bytes, "word/styles.xml").contains(r#"w:cs="Sarabun""#));
        assert!(part(&bytes, "word/fontTable.xml").contains("TH Sarabun New"));
        assert!(part(&bytes, "docProps/core.xml").contains("รายงาน &lt;ทดสอบ&gt;"));
        let certified = render(&doc(md, false)).unwrap();
        assert!(!part(&certified, "word/header2.xml").contains("ร่าง"));
        assert_eq!(certified, render(&doc(md, false)).unwrap(), "same bytes");
    }
}
