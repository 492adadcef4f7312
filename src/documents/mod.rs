//! Official documents: the minutes (รายงานการประชุม) and the zone report of a round, written
//! as Markdown by minijinja templates (`templates/documents/*.md.j2`), then turned into a
//! sanitised, printable HTML page or a PDF. Same data in, same bytes out.

pub mod cache;
pub mod docx;
pub mod html;
pub mod minutes;
pub mod report;
mod zip;

use crate::pdf::{Digits, PdfEngine, PdfOptions};
use crate::templating::Templates;
use serde::Serialize;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Markdown (`text/markdown`).
    Md,
    /// A printable HTML page.
    Html,
    /// A4 PDF.
    Pdf,
    /// Word (DOCX), for editing.
    Docx,
}

impl Format {
    /// From a file extension (`md`, `html`, `pdf`).
    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext {
            "md" => Some(Self::Md),
            "html" => Some(Self::Html),
            "pdf" => Some(Self::Pdf),
            "docx" => Some(Self::Docx),
            _ => None,
        }
    }

    /// The extension.
    pub const fn extension(self) -> &'static str {
        match self {
            Self::Md => "md",
            Self::Html => "html",
            Self::Pdf => "pdf",
            Self::Docx => "docx",
        }
    }

    /// The Content-Type.
    pub const fn content_type(self) -> &'static str {
        match self {
            Self::Md => "text/markdown; charset=utf-8",
            Self::Html => "text/html; charset=utf-8",
            Self::Pdf => "application/pdf",
            Self::Docx => docx::CONTENT_TYPE,
        }
    }
}

/// A finished document: its Markdown and what each output needs around it.
#[derive(Debug, Clone)]
pub struct Document {
    /// Title (HTML title, PDF metadata).
    pub title: String,
    /// File name without extension, e.g. `minutes-12`.
    pub stem: String,
    /// The Markdown.
    pub markdown: String,
    /// Text at the foot of every page (the SHA-256 of certified minutes).
    pub footer: Option<String>,
    /// Thai digits in page numbers.
    pub thai_digits: bool,
    /// PDF/A-2b (certified minutes).
    pub archival: bool,
    /// Not yet of record (uncertified minutes): the DOCX says "ร่าง" in its header.
    pub draft: bool,
}

impl Document {
    /// The document in `format`.
    pub async fn produce(&self, docs: &Documents, format: Format) -> anyhow::Result<Vec<u8>> {
        match format {
            Format::Md => Ok(self.markdown.clone().into_bytes()),
            Format::Docx => docx::render(self),
            Format::Html => {
                Ok(
                    html::page(docs, &self.title, &self.markdown, self.footer.as_deref())?
                        .into_bytes(),
                )
            }
            Format::Pdf => {
                // A document of record (certified, so also published) never changes: render it
                // once and serve it from memory after that.
                let key = self.archival.then(|| self.cache_key(format));
                if let Some(hit) = key.as_ref().and_then(|k| docs.cache.get(k)) {
                    return Ok(hit.as_ref().clone());
                }
                let pdf = docs
                    .pdf
                    .render_markdown_async(
                        self.markdown.clone(),
                        PdfOptions {
                            title: self.title.clone(),
                            digits: if self.thai_digits {
                                Digits::Thai
                            } else {
                                Digits::Arabic
                            },
                            footer: self.footer.clone(),
                            pdfa: self.archival,
                        },
                    )
                    .await?;
                if let Some(k) = key {
                    docs.cache.put(k, std::sync::Arc::new(pdf.clone()));
                }
                Ok(pdf)
            }
        }
    }

    /// The SHA-256 of everything a render of this document in `format` reads.
    fn cache_key(&self, format: Format) -> cache::Key {
        cache::Key::of(&[
            format.extension().as_bytes(),
            self.title.as_bytes(),
            self.markdown.as_bytes(),
            self.footer.as_deref().unwrap_or_default().as_bytes(),
            &[
                u8::from(self.footer.is_some()),
                u8::from(self.thai_digits),
                u8::from(self.archival),
            ],
        ])
    }
}

/// The document templates and the PDF engine, loaded once.
pub struct Documents {
    env: Templates,
    pdf: PdfEngine,
    /// Rendered documents of record, by the SHA-256 of their input.
    cache: cache::RenderCache,
}

impl Documents {
    /// The documents over the shared templates, with the embedded fonts (plus those of
    /// `fonts_dir`); an unreadable font fails here, at start.
    pub fn new(env: Templates, fonts_dir: Option<&std::path::Path>) -> anyhow::Result<Self> {
        let pdf = match fonts_dir {
            Some(dir) => PdfEngine::with_font_dir(dir),
            None => PdfEngine::new(),
        }
        .map_err(|e| anyhow::anyhow!("PDF fonts: {e}"))?;
        Ok(Self {
            env,
            pdf,
            cache: cache::RenderCache::default(),
        })
    }

    /// How many rendered documents of record are kept in memory.
    pub fn cached(&self) -> usize {
        self.cache.len()
    }

    /// The template environment (shared with the pages and the mail).
    pub fn templates(&self) -> &Templates {
        &self.env
    }

    /// The PDF engine.
    pub fn pdf(&self) -> &PdfEngine {
        &self.pdf
    }

    /// Renders a document template.
    pub fn render<S: Serialize>(&self, name: &str, ctx: &S) -> anyhow::Result<String> {
        self.env.render(name, ctx)
    }
}
