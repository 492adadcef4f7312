//! The minimal `typst::World` the engine compiles in: the embedded template as the only source,
//! the document data as the virtual file `/data.json`, fonts from memory, no file system, no
//! packages, no clock.

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::{FontSet, PdfError};

const TEMPLATE: &str = include_str!("document.typ");
/// Fixed virtual paths: typst interns file ids for the life of the process.
const MAIN_PATH: &str = "/document.typ";
const DATA_PATH: &str = "/data.json";

/// What every render shares: built once per engine.
pub(super) struct Shared {
    pub(super) fonts: FontSet,
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    main: FileId,
    data: FileId,
    template: Source,
}

impl Shared {
    pub(super) fn new(fonts: FontSet) -> Result<Self, PdfError> {
        let main = file_id(MAIN_PATH)?;
        let data = file_id(DATA_PATH)?;
        let book = FontBook::from_fonts(fonts.fonts());
        Ok(Self {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(book),
            template: Source::new(main, TEMPLATE.to_owned()),
            main,
            data,
            fonts,
        })
    }
}

fn file_id(path: &str) -> Result<FileId, PdfError> {
    let vpath = VirtualPath::new(path).map_err(|e| PdfError::Data(e.to_string()))?;
    Ok(FileId::new(RootedPath::new(VirtualRoot::Project, vpath)))
}

/// One render: the shared parts plus this document's data.
struct RenderWorld<'a> {
    shared: &'a Shared,
    data: Bytes,
}

impl World for RenderWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        self.shared.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.shared.main {
            Ok(self.shared.template.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.shared.data {
            Ok(self.data.clone())
        } else if id == self.shared.main {
            Ok(Bytes::from_string(self.shared.template.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.fonts().get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// Lays out the template over `data` (the JSON document).
pub(super) fn compile(shared: &Shared, data: Vec<u8>) -> Result<PagedDocument, PdfError> {
    let world = RenderWorld {
        shared,
        data: Bytes::new(data),
    };
    typst::compile(&world)
        .output
        .map_err(|errors| PdfError::Layout(join(&errors)))
}

/// Compiles the template over `data` (the JSON document) and writes the PDF.
pub(super) fn render(shared: &Shared, data: Vec<u8>, pdfa: bool) -> Result<Vec<u8>, PdfError> {
    let document = compile(shared, data)?;
    let document = super::textlayer::repair(&document).unwrap_or(document);
    let standards = if pdfa {
        PdfStandards::new(&[PdfStandard::A_2b])
            .map_err(|e| PdfError::Export(e.message().to_string()))?
    } else {
        PdfStandards::default()
    };
    let options = PdfOptions {
        ident: Smart::Auto,
        timestamp: now_in_bangkok(),
        page_ranges: None,
        standards,
        tagged: true,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| PdfError::Export(join(&errors)))
}

/// The creation date written into the PDF metadata (PDF/A requires one): now, in Bangkok time.
fn now_in_bangkok() -> Option<Timestamp> {
    use chrono::{Datelike, Timelike};
    const OFFSET_MINUTES: i32 = 7 * 60;
    let now = chrono::Utc::now() + chrono::Duration::minutes(i64::from(OFFSET_MINUTES));
    let datetime = Datetime::from_ymd_hms(
        now.year(),
        u8::try_from(now.month()).ok()?,
        u8::try_from(now.day()).ok()?,
        u8::try_from(now.hour()).ok()?,
        u8::try_from(now.minute()).ok()?,
        u8::try_from(now.second()).ok()?,
    )?;
    Timestamp::new_local(datetime, OFFSET_MINUTES)
}

/// typst's error messages, joined (they are English; the `PdfError` wrapper gives the Thai context).
fn join(errors: &[SourceDiagnostic]) -> String {
    let mut messages: Vec<String> = errors
        .iter()
        .map(|e| {
            let mut m = e.message.to_string();
            for hint in &e.hints {
                m.push_str(" (");
                m.push_str(&hint.v);
                m.push(')');
            }
            m
        })
        .collect();
    messages.dedup();
    messages.join("; ")
}
