//! The fonts the PDF engine may use: Sarabun (SIL OFL 1.1, vendored in assets/fonts/sarabun and
//! embedded in the binary) plus an optional deployment directory; glyph coverage checks.

use std::path::Path;

use typst::foundations::Bytes;
use typst::text::Font;

use super::PdfError;

/// The embedded family.
pub const SARABUN: &str = "Sarabun";
/// Sarabun is about 1.5x larger than TH Sarabun New at the same size: 10.7 pt looks like the
/// official "TH Sarabun New 16 pt".
pub const SARABUN_SIZE_PT: f64 = 10.7;
/// The official families a deployment may provide (their licence keeps them out of the
/// repository); when present they become the body font at the official 16 pt.
const OFFICIAL: [&str; 3] = ["TH Sarabun New", "TH SarabunPSK", "TH Sarabun PSK"];
const OFFICIAL_SIZE_PT: f64 = 16.0;

const EMBEDDED: [&[u8]; 4] = [
    include_bytes!("../../assets/fonts/sarabun/Sarabun-Regular.ttf"),
    include_bytes!("../../assets/fonts/sarabun/Sarabun-Bold.ttf"),
    include_bytes!("../../assets/fonts/sarabun/Sarabun-Italic.ttf"),
    include_bytes!("../../assets/fonts/sarabun/Sarabun-BoldItalic.ttf"),
];

/// Loaded font faces and the body font choice.
#[derive(Debug, Clone)]
pub struct FontSet {
    fonts: Vec<Font>,
    families: Vec<String>,
}

impl FontSet {
    /// The embedded Sarabun faces.
    pub fn embedded() -> Result<Self, PdfError> {
        let mut set = Self {
            fonts: Vec::new(),
            families: Vec::new(),
        };
        for data in EMBEDDED {
            set.add_bytes(Bytes::new(data), "Sarabun")?;
        }
        Ok(set)
    }

    /// Adds every font file (`.ttf`, `.otf`, `.ttc`, `.otc`) directly inside `dir`.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), PdfError> {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| PdfError::Font(format!("{}: {e}", dir.display())))?;
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    matches!(
                        e.to_ascii_lowercase().as_str(),
                        "ttf" | "otf" | "ttc" | "otc"
                    )
                })
            })
            .collect();
        paths.sort();
        for path in paths {
            let data = std::fs::read(&path)
                .map_err(|e| PdfError::Font(format!("{}: {e}", path.display())))?;
            self.add_bytes(Bytes::new(data), &path.display().to_string())?;
        }
        Ok(())
    }

    fn add_bytes(&mut self, data: Bytes, name: &str) -> Result<(), PdfError> {
        let before = self.fonts.len();
        for font in Font::iter(data) {
            let family = font.info().family.clone();
            if !self
                .families
                .iter()
                .any(|f| f.eq_ignore_ascii_case(&family))
            {
                self.families.push(family);
            }
            self.fonts.push(font);
        }
        if self.fonts.len() == before {
            return Err(PdfError::Font(format!("{name}: ไม่ใช่ไฟล์แบบอักษรที่อ่านได้")));
        }
        Ok(())
    }

    /// All faces.
    pub fn fonts(&self) -> &[Font] {
        &self.fonts
    }

    /// The family names, in the order they were added.
    pub fn families(&self) -> &[String] {
        &self.families
    }

    /// The body font families in order of preference (fallbacks after the first) and the body
    /// size in points.
    pub fn body(&self) -> (Vec<&str>, f64) {
        let official = OFFICIAL
            .iter()
            .find_map(|o| self.families.iter().find(|f| f.eq_ignore_ascii_case(o)));
        let mut families: Vec<&str> = Vec::with_capacity(self.families.len());
        let size = match official {
            Some(name) => {
                families.push(name);
                OFFICIAL_SIZE_PT
            }
            None => SARABUN_SIZE_PT,
        };
        families.push(SARABUN);
        for f in &self.families {
            if !families.iter().any(|g| g.eq_ignore_ascii_case(f)) {
                families.push(f);
            }
        }
        (families, size)
    }

    /// The characters of `text` that no face covers (each once, in order of appearance).
    pub fn missing(&self, text: &str) -> Vec<char> {
        let mut missing = Vec::new();
        for c in text.chars() {
            if invisible(c) || missing.contains(&c) {
                continue;
            }
            if !self
                .fonts
                .iter()
                .any(|f| f.info().coverage.contains(u32::from(c)))
            {
                missing.push(c);
            }
        }
        missing
    }
}

/// Characters that need no glyph: whitespace, controls, and invisible format characters (zero
/// width space and joiners, soft hyphen, byte order mark, variation selectors).
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2060}'..='\u{2064}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
        )
}
