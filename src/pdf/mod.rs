//! The Thai PDF engine: Markdown in, a print-ready A4 PDF out (official minutes look: Sarabun,
//! ragged right, `- ๒ -` page numbers from page 2, optional footer line, optional PDF/A-2b).
//! typst is used as a library; the Markdown is converted to a JSON tree (`markdown`) that the fixed
//! template (`document.typ`) reads as `/data.json`, so user text is never typst markup.

mod fonts;
pub mod markdown;
mod textlayer;
mod world;

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

pub use fonts::FontSet;

/// How page numbers are written: the one digit style of the app (`Thai`: `- ๒ -`, the official
/// preference and the default of [`PdfOptions`]; `Arabic`: `- 2 -`).
pub use crate::domain::calendar::Digits;

/// What to render besides the body.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// The PDF metadata title.
    pub title: String,
    /// Page number digits (the caller converts digits in the body itself).
    pub digits: Digits,
    /// Small text at the foot of every page, e.g. `SHA-256: …`.
    pub footer: Option<String>,
    /// Produce PDF/A-2b (for certified minutes).
    pub pdfa: bool,
}

impl Default for PdfOptions {
    /// No title or footer, Thai page numbers, not PDF/A.
    fn default() -> Self {
        Self {
            title: String::new(),
            digits: Digits::Thai,
            footer: None,
            pdfa: false,
        }
    }
}

/// What can go wrong; `Display` is a Thai message that can be shown to users.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A font could not be read.
    #[error("อ่านแบบอักษรไม่ได้: {0}")]
    Font(String),
    /// typst reported errors while laying out the document.
    #[error("จัดหน้าเอกสาร PDF ไม่สำเร็จ: {0}")]
    Layout(String),
    /// typst could not write the PDF (e.g. a PDF/A rule was broken).
    #[error("บันทึกเอกสารเป็น PDF ไม่สำเร็จ: {0}")]
    Export(String),
    /// The document data could not be prepared.
    #[error("เตรียมข้อมูลเอกสาร PDF ไม่สำเร็จ: {0}")]
    Data(String),
    /// The rendering task stopped before finishing.
    #[error("งานสร้างเอกสาร PDF หยุดกลางคัน")]
    Interrupted,
}

/// The engine: fonts, font book, the standard library and the template, shared behind an `Arc`
/// (cheap to clone; one per application, kept in `AppState`).
#[derive(Clone)]
pub struct PdfEngine {
    shared: Arc<world::Shared>,
    /// At most this many renders run at once (one per core): a burst of PDF downloads queues
    /// here instead of filling tokio's blocking pool with CPU-bound work (issue 12).
    permits: Arc<tokio::sync::Semaphore>,
}

impl std::fmt::Debug for PdfEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfEngine")
            .field("families", &self.shared.fonts.families())
            .finish_non_exhaustive()
    }
}

/// How many comemo cache generations survive an eviction: the template's evaluation stays warm,
/// data from older renders goes (keeps a long-running server's memory flat).
const CACHE_GENERATIONS: usize = 10;

#[derive(Serialize)]
struct Data<'a> {
    meta: Meta<'a>,
    blocks: Vec<markdown::Block>,
}

#[derive(Serialize)]
struct Meta<'a> {
    title: &'a str,
    digits: &'static str,
    footer: Option<&'a str>,
    fonts: Vec<&'a str>,
    size: f64,
}

impl PdfEngine {
    /// The engine with the embedded Sarabun fonts only.
    pub fn new() -> Result<Self, PdfError> {
        Self::from_fonts(FontSet::embedded()?)
    }

    /// The embedded fonts plus every TTF/OTF/TTC in `dir` (e.g. a deployment's TH Sarabun New,
    /// which then becomes the body font at 16 pt, or extra fonts that cover other scripts).
    pub fn with_font_dir(dir: impl AsRef<Path>) -> Result<Self, PdfError> {
        let mut set = FontSet::embedded()?;
        set.add_dir(dir.as_ref())?;
        Self::from_fonts(set)
    }

    fn from_fonts(fonts: FontSet) -> Result<Self, PdfError> {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        Ok(Self {
            shared: Arc::new(world::Shared::new(fonts)?),
            permits: Arc::new(tokio::sync::Semaphore::new(cores)),
        })
    }

    /// The font families in use, in order of preference, and the body size in points.
    pub fn body_font(&self) -> (Vec<String>, f64) {
        let (families, size) = self.shared.fonts.body();
        (families.iter().map(|f| (*f).to_owned()).collect(), size)
    }

    /// Renders Markdown to PDF bytes. Blocking and CPU-bound (tens of milliseconds): call it from
    /// a blocking thread, or use [`Self::render_markdown_async`].
    pub fn render_markdown(&self, md: &str, opts: &PdfOptions) -> Result<Vec<u8>, PdfError> {
        let json = self.data_json(md, opts)?;
        let result = world::render(&self.shared, json, opts.pdfa);
        typst::comemo::evict(CACHE_GENERATIONS);
        result
    }

    /// The template's `/data.json` for this document.
    fn data_json(&self, md: &str, opts: &PdfOptions) -> Result<Vec<u8>, PdfError> {
        let (fonts, size) = self.shared.fonts.body();
        let data = Data {
            meta: Meta {
                title: opts.title.trim(),
                digits: opts.digits.as_str(),
                footer: opts.footer.as_deref().filter(|f| !f.trim().is_empty()),
                fonts,
                size,
            },
            blocks: markdown::parse(md),
        };
        serde_json::to_vec(&data).map_err(|e| PdfError::Data(e.to_string()))
    }

    /// [`Self::render_markdown`] on tokio's blocking pool, once one of the engine's permits is
    /// free.
    pub async fn render_markdown_async(
        &self,
        md: String,
        opts: PdfOptions,
    ) -> Result<Vec<u8>, PdfError> {
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|_| PdfError::Interrupted)?;
        let engine = self.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            engine.render_markdown(&md, &opts)
        })
        .await
        .map_err(|_| PdfError::Interrupted)?
    }

    /// The characters of `text` that no font of the engine can draw (each reported once, in order
    /// of appearance). Whitespace and invisible format characters are ignored.
    pub fn missing_glyphs(&self, text: &str) -> Vec<char> {
        self.shared.fonts.missing(text)
    }
}

#[cfg(test)]
mod tests;
