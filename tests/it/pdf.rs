//! The PDF engine checked from the outside with poppler-utils (pdftotext, pdffonts, pdfinfo,
//! pdftoppm): Thai text extractable, fonts embedded, page numbers, footer, PDF/A-2b metadata,
//! typst markup in user text shown literally. The tools are required: when missing they are
//! installed with tests/support/install-browser.sh (as root), otherwise these tests fail.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use prachum::pdf::{Digits, PdfEngine, PdfOptions};

include!("../support/pdf_sample.rs");

fn engine() -> &'static PdfEngine {
    static ENGINE: OnceLock<PdfEngine> = OnceLock::new();
    ENGINE.get_or_init(|| PdfEngine::new().expect("embedded fonts load"))
}

fn options(digits: Digits, footer: Option<&str>, pdfa: bool) -> PdfOptions {
    PdfOptions {
        title: "รายงานการประชุมคณะผู้ตรวจราชการ ครั้งที่ 1/2569".into(),
        digits,
        footer: footer.map(str::to_owned),
        pdfa,
    }
}

const POPPLER: [&str; 4] = [
    "/usr/bin/pdftotext",
    "/usr/bin/pdffonts",
    "/usr/bin/pdfinfo",
    "/usr/bin/pdftoppm",
];
const INSTALL_SCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/support/install-browser.sh"
);

/// Installs poppler-utils when missing, or panics: the test must fail, not skip.
fn ensure_poppler() {
    static CHECKED: OnceLock<()> = OnceLock::new();
    CHECKED.get_or_init(|| {
        let present = || POPPLER.iter().all(|p| Path::new(p).exists());
        if present() {
            return;
        }
        let status = Command::new("bash")
            .arg(INSTALL_SCRIPT)
            .status()
            .unwrap_or_else(|e| panic!("cannot run {INSTALL_SCRIPT}: {e}"));
        assert!(
            status.success() && present(),
            "the PDF tests need {POPPLER:?} (Debian package poppler-utils); {INSTALL_SCRIPT} could \
             not install them ({status}). Install them as root, e.g. \
             `sudo apt-get install poppler-utils`."
        );
    });
}

/// Runs a poppler tool; panics (fails the test) when it is not installed or fails.
pub(crate) fn tool(name: &str, args: &[&str], pdf: &Path) -> String {
    ensure_poppler();
    let output = Command::new(name)
        .args(args)
        .arg(pdf)
        .args(if name == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{name} is required for the PDF tests ({e}); install poppler-utils \
                 (tests/support/install-browser.sh does)"
            )
        });
    assert!(
        output.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("tool output is UTF-8")
}

/// Writes the PDF to a temp dir (kept alive by the returned guard).
pub(crate) fn write(pdf: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    (dir, path)
}

pub(crate) fn page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    tool("pdftotext", &["-f", &p, "-l", &p], pdf)
}

/// Whether the page's text has `line` as a line, spaces ignored (pdftotext guesses spaces from gaps).
pub(crate) fn has_line(page_text: &str, line: &str) -> bool {
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let line = squeeze(line);
    page_text.lines().any(|l| squeeze(l) == line)
}

pub(crate) fn page_count(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[], pdf);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in {info}"))
}

#[tokio::test]
async fn thai_sample_text_fonts_numbers_and_footer() {
    let md = sample_minutes(3);
    let pdf = engine()
        .render_markdown_async(
            md,
            options(Digits::Thai, Some("SHA-256: 9f86d081884c7d65"), false),
        )
        .await
        .unwrap();
    let (_dir, path) = write(&pdf);
    // Kept for a look by eye (`pdftoppm -png -r 80 target/pdf-samples/minutes-thai.pdf`).
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pdf-samples");
    std::fs::create_dir_all(&samples).unwrap();
    std::fs::write(samples.join("minutes-thai.pdf"), &pdf).unwrap();

    let pages = page_count(&path);
    assert!(pages >= 3, "{pages} pages");

    // Note: poppler 22's pdftotext prints a cluster whose tone mark sits on an upper vowel twice
    // ("กิ่ง" comes out as "กิ่กิ่ง": krilla writes such clusters with /ActualText, which poppler
    // repeats), so the words checked here avoid that cluster; the layout test in src/pdf checks
    // "กิ่ง" on typst's own frames.
    let all = tool("pdftotext", &[], &path);
    for expected in [
        "รายงานการประชุมคณะผู้ตรวจราชการ เขตตรวจราชการที่ 12",
        "ผู้มาประชุม",
        "ระเบียบวาระที่ 1 เรื่องที่เสนอให้ที่ประชุมทราบ",
        "ผู้ตรวจราชการสำนักนายกรัฐมนตรี",
        "ที่ประชุมรับทราบ",
        "นายสมชาย ใจดี",
        "นางน้ำฝน ศรีสุข",
        "นายณัฐพงศ์ ทองคำ",
        "ผู้อำนวยการสำนักงานทรัพยากรน้ำแห่งชาติภาค 4",
        "เลิกประชุมเวลา 12.00 น.",
    ] {
        assert!(all.contains(expected), "{expected} not in the text:\n{all}");
    }

    let first = page_text(&path, 1);
    assert!(
        !has_line(&first, "- ๑ -") && !has_line(&first, "- 1 -"),
        "{first}"
    );
    assert!(has_line(&page_text(&path, 2), "- ๒ -"));
    assert!(has_line(&page_text(&path, 3), "- ๓ -"));
    for page in 1..=pages {
        assert!(
            page_text(&path, page).contains("SHA-256: 9f86d081884c7d65"),
            "footer missing on page {page}"
        );
    }

    let fonts = tool("pdffonts", &[], &path);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(
        rows.iter().any(|r| r.contains("Sarabun-Regular")),
        "{fonts}"
    );
    assert!(rows.iter().any(|r| r.contains("Sarabun-Bold")), "{fonts}");
    for row in &rows {
        // name, type, encoding, emb, sub, uni, object id ("5 0"): emb is 5th from the end.
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "font not embedded: {row}");
    }

    let info = tool("pdfinfo", &[], &path);
    assert!(
        info.contains("รายงานการประชุมคณะผู้ตรวจราชการ ครั้งที่ 1/2569"),
        "{info}"
    );
    assert!(info.contains("(A4)"), "{info}");
}

#[test]
fn arabic_page_numbers() {
    let pdf = engine()
        .render_markdown(&sample_minutes(2), &options(Digits::Arabic, None, false))
        .unwrap();
    let (_dir, path) = write(&pdf);
    let second = page_text(&path, 2);
    assert!(has_line(&second, "- 2 -"), "{second}");
    assert!(!second.contains('๒'), "{second}");
    let first = page_text(&path, 1);
    assert!(!has_line(&first, "- 1 -"), "{first}");
}

#[test]
fn pdfa_2b_metadata() {
    let pdf = engine()
        .render_markdown(
            &sample_minutes(1),
            &options(Digits::Thai, Some("SHA-256: 00ff"), true),
        )
        .unwrap();
    let (_dir, path) = write(&pdf);
    let xmp = tool("pdfinfo", &["-meta"], &path);
    let part = xmp.contains("<pdfaid:part>2</pdfaid:part>") || xmp.contains("pdfaid:part=\"2\"");
    let conformance = xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>")
        || xmp.contains("pdfaid:conformance=\"B\"");
    assert!(
        part && conformance,
        "no PDF/A-2b declaration in the XMP:\n{xmp}"
    );

    let plain = engine()
        .render_markdown(&sample_minutes(1), &options(Digits::Thai, None, false))
        .unwrap();
    let (_dir2, plain_path) = write(&plain);
    assert!(!tool("pdfinfo", &["-meta"], &plain_path).contains("pdfaid"));
}

#[test]
fn typst_markup_in_user_text_appears_literally() {
    let md = "# หัวข้อ #set page(width: 1cm)\n\n\
              ข้อความ $x$ และ <label> และ @ref และ #pagebreak()\n\n\
              #import \"/etc/passwd\": *\n\n\
              #set text(size: 40pt)\n\n\
              | คอลัมน์ | ค่า |\n|---|---|\n| #include \"x.typ\" | ] ) } \\ |\n\n\
              `#let x = 1` และ <b>ตัวหนา</b>\n";
    let pdf = engine()
        .render_markdown(
            md,
            &options(Digits::Thai, Some("#set page(height: 1cm)"), false),
        )
        .unwrap();
    let (_dir, path) = write(&pdf);
    assert_eq!(page_count(&path), 1, "a page break leaked in");
    let info = tool("pdfinfo", &[], &path);
    assert!(
        info.contains("595.") && info.contains("841.") && info.contains("(A4)"),
        "{info}"
    );
    let text = tool("pdftotext", &[], &path);
    for literal in [
        "#set page(width: 1cm)",
        "$x$",
        "<label>",
        "@ref",
        "#pagebreak()",
        "#import \"/etc/passwd\": *",
        "#set text(size: 40pt)",
        "#include \"x.typ\"",
        "#let x = 1",
        "<b>ตัวหนา</b>",
        "#set page(height: 1cm)",
    ] {
        assert!(
            text.contains(literal),
            "{literal:?} not shown literally:\n{text}"
        );
    }
}

#[test]
fn pages_rasterise() {
    let pdf = engine()
        .render_markdown(&sample_minutes(1), &options(Digits::Thai, None, false))
        .unwrap();
    let (dir, path) = write(&pdf);
    let prefix = dir.path().join("page");
    ensure_poppler();
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "40", "-f", "1", "-l", "1"])
        .arg(&path)
        .arg(&prefix)
        .status()
        .expect("pdftoppm is required (poppler-utils)");
    assert!(status.success());
    let png = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().ends_with(".png"))
        .expect("a PNG page");
    let bytes = std::fs::read(png.path()).unwrap();
    assert!(bytes.starts_with(b"\x89PNG"));
}

/// Names (joined by no-break spaces, as the documents print them), abbreviations, times and dates
/// never break over two lines, wherever the line happens to end: the same paragraph is laid out
/// behind 40 different lead-ins, each moving the line ends, and every piece must come out of
/// `pdftotext -raw` on one line.
#[tokio::test]
async fn long_names_abbreviations_times_and_dates_never_break_across_lines() {
    const NAMES: [&str; 6] = [
        "นางสาวชนมณัฐ รอดบุญธรรม",
        "พันตำรวจเอกสมศักดิ์ศรีวิไลวรรณ ประเสริฐวงศ์สกุลชัย",
        "ว่าที่ร้อยตรีธนวัฒน์ พงศ์พิพัฒน์พานิชย์",
        "นายณัฐพงศ์ ทองคำ",
        "พิจิตร บุญทัน",
        "นางน้ำฝน ศรีสุขสวัสดิ์วัฒนา",
    ];
    const PIECES: [&str; 4] = ["พ.อ.", "ต.ค.", "09.00 น.", "19 เมษายน 2565"];
    let body: Vec<String> = NAMES
        .iter()
        .zip(PIECES.iter().cycle())
        .map(|(n, p)| {
            format!(
                "{} รายงานต่อที่ประชุมเมื่อ {p} ว่าได้ประสานหน่วยงานที่เกี่ยวข้องแล้ว",
                n.replace(' ', "\u{a0}")
            )
        })
        .collect();
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    for k in 0..40 {
        let md = format!("{}{}", "ก".repeat(k), body.join(" "));
        let pdf = engine()
            .render_markdown_async(md, options(Digits::Thai, None, false))
            .await
            .unwrap();
        if k == 7 {
            crate::textlayer::keep_sample("long-names.pdf", &pdf);
        }
        let (_dir, path) = write(&pdf);
        let lines: Vec<String> = tool("pdftotext", &["-raw"], &path)
            .lines()
            .map(squeeze)
            .collect();
        for piece in NAMES.iter().chain(PIECES.iter()) {
            let piece = squeeze(piece);
            assert!(
                lines.iter().any(|l| l.contains(&piece)),
                "lead-in {k}: «{piece}» is broken over two lines:\n{}",
                lines.join("\n")
            );
        }
    }
}
