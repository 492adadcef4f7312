//! The text layer of every PDF the app makes, read back with poppler (`pdftotext -raw`): each
//! Thai run and each number of the source Markdown must come out intact (issue 15). Covers the
//! three demo minutes, their certified (PDF/A-2b) form, and the zone report of the demo round.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use prachum::db::entities::meetings;
use prachum::pdf::{Digits, PdfOptions};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::helpers::{Client, Grant, TestApp, fixed_now};
use crate::pdf::{tool, write};

/// Thai runs (letters, marks and Thai digits without a break) and numbers (digits with `.`,
/// `/`, `:` inside) of a text, each once.
pub(crate) fn runs(text: &str) -> BTreeSet<String> {
    fn thai(c: char) -> bool {
        ('\u{0E01}'..='\u{0E5B}').contains(&c)
    }
    fn number(c: char) -> bool {
        c.is_ascii_digit()
    }
    let mut out = BTreeSet::new();
    let mut cur = String::new();
    let mut kind: Option<bool> = None; // Some(true): Thai, Some(false): number
    let flush = |cur: &mut String, out: &mut BTreeSet<String>| {
        let run = cur.trim_end_matches(['.', '/', ':']).to_owned();
        if !run.is_empty() {
            out.insert(run);
        }
        cur.clear();
    };
    for c in text.chars() {
        let k = if thai(c) {
            Some(true)
        } else if number(c) || (kind == Some(false) && matches!(c, '.' | '/' | ':')) {
            Some(false)
        } else {
            None
        };
        if k != kind {
            flush(&mut cur, &mut out);
        }
        kind = k;
        if k.is_some() {
            cur.push(c);
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// The PDF's text (poppler, raw order), without the page numbers in the header (`- ๒ -`) and
/// with all whitespace removed, so runs broken over lines and pages read through.
pub(crate) fn extracted(pdf: &[u8]) -> String {
    let (_dir, path) = write(pdf);
    let text = tool("pdftotext", &["-raw"], &path);
    text.lines()
        .filter(|l| {
            let t: String = l.split_whitespace().collect();
            !(t.len() > 2
                && t.starts_with('-')
                && t.ends_with('-')
                && t[1..t.len() - 1]
                    .chars()
                    .all(|c| c.is_ascii_digit() || ('๐'..='๙').contains(&c)))
        })
        .flat_map(str::split_whitespace)
        .collect()
}

/// Asserts that every run of `source` is in the PDF's text; returns how many were checked.
pub(crate) fn assert_text_layer(what: &str, source: &str, pdf: &[u8]) -> usize {
    let text = extracted(pdf);
    let runs = runs(source);
    let lost: Vec<&String> = runs.iter().filter(|r| !text.contains(r.as_str())).collect();
    assert!(
        lost.is_empty(),
        "{what}: {} of {} runs of the source are not intact in the PDF's text: {lost:?}\n{text}",
        lost.len(),
        runs.len()
    );
    runs.len()
}

/// Kept for a look by eye (`pdftoppm -png -r 60 target/pdf-samples/NAME`).
pub(crate) fn keep_sample(name: &str, bytes: &[u8]) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pdf-samples");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

async fn get(client: &Client<'_>, url: &str) -> Vec<u8> {
    let res = client.get(url).await;
    assert_eq!(res.status, StatusCode::OK, "{url}: {}", res.body);
    res.bytes.to_vec()
}

#[test]
fn runs_split_thai_and_numbers() {
    let r = runs("ชั้น 4 ศาลากลาง, เวลา 09.00 น. ครั้งที่ 1/2565 **ท้องถิ่น**");
    let want: BTreeSet<String> = [
        "ชั้น",
        "4",
        "ศาลากลาง",
        "เวลา",
        "09.00",
        "น",
        "ครั้งที่",
        "1/2565",
        "ท้องถิ่น",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(r, want);
}

#[tokio::test]
async fn every_thai_run_and_number_of_the_demo_documents_extracts_intact() {
    let app = TestApp::spawn().await;
    prachum::demo::load(&app.state.db, fixed_now())
        .await
        .expect("demo");
    let admin = app
        .client("textlayer@example.go.th", "admin", Grant::default())
        .await;
    let mut checked = 0;
    let mut round = None;
    for kind in [
        "integrated_inspection",
        "working_group",
        "quarterly_workshop",
    ] {
        let m = meetings::Entity::find()
            .filter(meetings::Column::Kind.eq(kind))
            .order_by_asc(meetings::Column::MeetingDate)
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        round = round.or(m.round_id);
        let md = String::from_utf8(get(&admin, &format!("/meetings/{}/minutes.md", m.id)).await)
            .unwrap();
        let pdf = get(&admin, &format!("/meetings/{}/minutes.pdf", m.id)).await;
        keep_sample(&format!("minutes-{kind}.pdf"), &pdf);
        checked += assert_text_layer(kind, &md, &pdf);
        // The same document as certified minutes are made: PDF/A-2b with the hash footer.
        let pdfa = app
            .state
            .docs
            .pdf()
            .render_markdown(
                &md,
                &PdfOptions {
                    title: kind.into(),
                    digits: Digits::Thai,
                    footer: Some("SHA-256: 0123abcd".into()),
                    pdfa: true,
                },
            )
            .unwrap();
        assert!(String::from_utf8_lossy(&pdfa).contains("pdfaid:part"));
        assert_text_layer(kind, &md, &pdfa);
    }
    let round = round.expect("the demo meetings belong to a round");
    let md = String::from_utf8(get(&admin, &format!("/rounds/{round}/report.md")).await).unwrap();
    let pdf = get(&admin, &format!("/rounds/{round}/report.pdf")).await;
    keep_sample("zone-report.pdf", &pdf);
    checked += assert_text_layer("zone report", &md, &pdf);
    // The words the issue found broken are among those checked.
    assert!(checked > 300, "only {checked} runs checked");
}

#[test]
fn the_clusters_that_used_to_come_out_twice_come_out_once() {
    let engine = prachum::pdf::PdfEngine::new().unwrap();
    let md = "ณ ห้องประชุม ชั้น 4 เริ่มประชุมเวลา ความมั่นคง ท้องถิ่น กิ่งแก้ว สั่งการ ทั้งนี้ \
              ผู้ใหญ่บ้าน น้ำ ปั้น ที่นั่ง ชี้แจง พี่เลี้ยง";
    let pdf = engine.render_markdown(md, &PdfOptions::default()).unwrap();
    let text = extracted(&pdf);
    assert_eq!(text, md.split_whitespace().collect::<String>());
}

const SOFFICE: &str = "/usr/bin/soffice";

/// Installs LibreOffice when missing, or panics: the DOCX tests must fail, not skip.
fn ensure_soffice() {
    static CHECKED: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    CHECKED.get_or_init(|| {
        if std::path::Path::new(SOFFICE).exists() {
            return;
        }
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/support/install-libreoffice.sh"
        );
        let status = std::process::Command::new("bash")
            .arg(script)
            .status()
            .unwrap_or_else(|e| panic!("cannot run {script}: {e}"));
        assert!(
            status.success() && std::path::Path::new(SOFFICE).exists(),
            "the DOCX tests need LibreOffice ({SOFFICE}, Debian's libreoffice-writer-nogui); \
             {script} could not install it ({status})"
        );
    });
}

/// Opens a DOCX in LibreOffice (headless, own profile) and returns the PDF it converts it to.
pub(crate) fn docx_to_pdf(docx: &[u8]) -> Vec<u8> {
    ensure_soffice();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("doc.docx");
    std::fs::write(&input, docx).unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let out = std::process::Command::new(SOFFICE)
        .args([
            profile.as_str(),
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&input)
        .output()
        .expect("soffice runs");
    let pdf = dir.path().join("doc.pdf");
    if !out.status.success() || !pdf.exists() {
        let keep = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pdf-samples");
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(keep.join("unreadable.docx"), docx).unwrap();
    }
    assert!(
        out.status.success() && pdf.exists(),
        "LibreOffice could not open or convert the DOCX: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(pdf).unwrap()
}

#[tokio::test]
async fn docx_of_the_minutes_and_the_zone_report_open_in_libreoffice_with_the_same_text() {
    let app = TestApp::spawn().await;
    prachum::demo::load(&app.state.db, fixed_now())
        .await
        .expect("demo");
    let admin = app
        .client("docx@example.go.th", "admin", Grant::default())
        .await;
    let m = meetings::Entity::find()
        .filter(meetings::Column::Kind.eq("integrated_inspection"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let res = admin.get(&format!("/meetings/{}/minutes.docx", m.id)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        res.header(axum::http::header::CONTENT_TYPE),
        Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    );
    assert!(res.bytes.starts_with(b"PK\x03\x04"));
    let md =
        String::from_utf8(get(&admin, &format!("/meetings/{}/minutes.md", m.id)).await).unwrap();
    let pdf = docx_to_pdf(&res.bytes);
    keep_sample("minutes-docx-via-libreoffice.pdf", &pdf);
    assert_text_layer("minutes.docx", &md, &pdf);
    let text = extracted(&pdf);
    assert!(text.contains("ร่าง"), "an uncertified DOCX says ร่าง");
    // The same order as the PDF: the parts of the form follow each other.
    let order: Vec<usize> = [
        "ผู้มาประชุม",
        "ผู้เข้าร่วมประชุม",
        "เริ่มประชุมเวลา",
        "ระเบียบวาระที่1",
        "ระเบียบวาระที่4",
        "เลิกประชุมเวลา",
        "ผู้จดรายงานการประชุม",
    ]
    .iter()
    .map(|p| text.find(p).unwrap_or_else(|| panic!("{p} missing")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");

    let round = m.round_id.unwrap();
    let docx = get(&admin, &format!("/rounds/{round}/report.docx")).await;
    let md = String::from_utf8(get(&admin, &format!("/rounds/{round}/report.md")).await).unwrap();
    assert_text_layer("report.docx", &md, &docx_to_pdf(&docx));
}
