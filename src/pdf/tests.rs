//! Engine unit tests: layout checked on typst's page frames (text per page, page count), PDF
//! bytes, glyph coverage, errors. The poppler-based checks are in tests/it/pdf.rs.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test code: a failed expectation is a failed test"
)]

use typst::layout::{Frame, FrameItem};
use typst_layout::PagedDocument;

use super::*;

include!("../../tests/support/pdf_sample.rs");

fn engine() -> PdfEngine {
    PdfEngine::new().expect("embedded fonts load")
}

fn opts(digits: Digits, footer: Option<&str>) -> PdfOptions {
    PdfOptions {
        title: "รายงานการประชุม ครั้งที่ 1/2569".into(),
        digits,
        footer: footer.map(str::to_owned),
        pdfa: false,
    }
}

fn layout(engine: &PdfEngine, md: &str, opts: &PdfOptions) -> PagedDocument {
    let json = engine.data_json(md, opts).unwrap();
    world::compile(&engine.shared, json).unwrap()
}

/// All text on a page's frame, in drawing order, runs joined.
fn frame_text(frame: &Frame, out: &mut String) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => frame_text(&group.frame, out),
            FrameItem::Text(text) => {
                out.push_str(&text.text);
            }
            _ => {}
        }
    }
}

fn pages_text(doc: &PagedDocument) -> Vec<String> {
    doc.pages()
        .iter()
        .map(|p| {
            let mut s = String::new();
            frame_text(&p.frame, &mut s);
            s
        })
        .collect()
}

#[test]
fn sample_runs_over_three_pages_with_thai_page_numbers_from_page_two() {
    let engine = engine();
    let doc = layout(
        &engine,
        &sample_minutes(3),
        &opts(Digits::Thai, Some("SHA-256: abc123")),
    );
    // Compared without spaces: typst draws spaces as gaps, not always as text.
    let pages: Vec<String> = pages_text(&doc)
        .into_iter()
        .map(|p| p.split_whitespace().collect())
        .collect();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    assert!(
        pages[0].contains("รายงานการประชุมคณะผู้ตรวจราชการ"),
        "{}",
        pages[0]
    );
    assert!(
        !pages[0].contains("-๑-") && !pages[0].contains("-1-"),
        "{}",
        pages[0]
    );
    assert!(pages[1].starts_with("-๒-"), "{}", pages[1]);
    assert!(pages[2].starts_with("-๓-"), "{}", pages[2]);
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains("SHA-256:abc123"),
            "footer missing on page {}",
            i + 1
        );
    }
    // typst puts a tone mark raised over an upper vowel (กิ่, ทั้) in a text run of its own that
    // repeats the cluster's text, so such words are not searched for here (see tests/it/pdf.rs).
    let all = pages.concat();
    for name in [
        "นายสมชายใจดี",
        "นางน้ำฝนศรีสุข",
        "ผู้ตรวจราชการ",
        "ที่ประชุมรับทราบ",
        "น้ำ",
        "เลิกประชุมเวลา",
    ] {
        assert!(all.contains(name), "{name} not laid out: {all}");
    }
}

#[test]
fn arabic_page_numbers_and_no_footer() {
    let engine = engine();
    let doc = layout(&engine, &sample_minutes(2), &opts(Digits::Arabic, None));
    let pages: Vec<String> = pages_text(&doc)
        .into_iter()
        .map(|p| p.split_whitespace().collect())
        .collect();
    assert!(pages[1].starts_with("-2-"), "{}", pages[1]);
    assert!(!pages[1].contains("๒"), "{}", pages[1]);
    assert!(!pages.concat().contains("SHA-256"));
}

#[test]
fn typst_markup_in_user_text_is_literal() {
    let engine = engine();
    let md = "ข้อความ #set page(width: 1cm) และ $x$ และ <label> และ @ref\n\n\
              #import \"/etc/passwd\": *\n\n\
              | a | b |\n|---|---|\n| #pagebreak() | ]) \\#{ |\n";
    let doc = layout(&engine, md, &opts(Digits::Thai, None));
    assert_eq!(
        doc.pages().len(),
        1,
        "a page break or page change leaked in"
    );
    let width = doc.pages()[0].frame.width().to_mm();
    assert!(
        (width - 210.0).abs() < 0.5,
        "page width changed: {width} mm"
    );
    let text = pages_text(&doc).concat();
    for literal in [
        "#set",
        "$x$",
        "<label>",
        "@ref",
        "#import",
        "/etc/passwd",
        "#pagebreak()",
    ] {
        assert!(
            text.contains(literal),
            "{literal} not shown literally: {text}"
        );
    }
}

#[test]
fn pdf_bytes_title_and_pdfa() {
    let engine = engine();
    let md = sample_minutes(1);
    let plain = engine
        .render_markdown(&md, &opts(Digits::Thai, None))
        .unwrap();
    assert!(plain.starts_with(b"%PDF-"));
    assert!(plain.len() > 10_000);
    let mut o = opts(Digits::Thai, Some("SHA-256: 00ff"));
    o.pdfa = true;
    let pdfa = engine.render_markdown(&md, &o).unwrap();
    let text = String::from_utf8_lossy(&pdfa);
    assert!(
        text.contains("pdfaid:part"),
        "no PDF/A identification in the XMP"
    );
    assert!(!String::from_utf8_lossy(&plain).contains("pdfaid:part"));
}

#[test]
fn empty_and_odd_markdown_render() {
    let engine = engine();
    for md in [
        "",
        "   \n\n",
        "***",
        "| a |\n|---|\n",
        "- \n-\n",
        "> \n",
        "```\n```",
        "![](x.png)",
        "**",
    ] {
        let pdf = engine.render_markdown(md, &PdfOptions::default());
        assert!(pdf.is_ok(), "{md:?}: {pdf:?}");
    }
}

#[tokio::test]
async fn async_render_runs_on_the_blocking_pool() {
    let engine = engine();
    let pdf = engine
        .render_markdown_async("# ทดสอบ\n\nน้ำ กิ่ง".into(), opts(Digits::Thai, None))
        .await
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn glyph_coverage() {
    let engine = engine();
    let normal = "ผู้ตรวจราชการ ที่ประชุมรับทราบ น้ำ กิ่ง ฯลฯ ๆ ๐๑๒๓๔๕๖๗๘๙ 0123456789 \
                  ABC xyz ÀÉ –—“”‘’•…% ฿ (1/2569) – พ.ศ. ๒๕๖๙\t\n\u{200B}";
    assert_eq!(engine.missing_glyphs(normal), Vec::<char>::new());
    assert_eq!(
        engine.missing_glyphs("ดี 😀 ครับ 漢字 😀"),
        vec!['😀', '漢', '字']
    );
}

#[test]
fn font_dir_errors_are_thai_and_extra_fonts_load() {
    let missing = PdfEngine::with_font_dir("/nonexistent/fonts").unwrap_err();
    assert!(
        missing.to_string().starts_with("อ่านแบบอักษรไม่ได้"),
        "{missing}"
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.ttf"), b"not a font").unwrap();
    let broken = PdfEngine::with_font_dir(dir.path()).unwrap_err();
    assert!(matches!(broken, PdfError::Font(_)), "{broken}");

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Extra.ttf"),
        include_bytes!("../../assets/fonts/sarabun/Sarabun-Regular.ttf"),
    )
    .unwrap();
    std::fs::write(dir.path().join("README.txt"), b"ignored").unwrap();
    let engine = PdfEngine::with_font_dir(dir.path()).unwrap();
    let (families, size) = engine.body_font();
    assert_eq!(families, vec!["Sarabun".to_owned()]);
    assert!((size - 10.7).abs() < 1e-9);
    assert!(
        engine
            .render_markdown("ทดสอบ", &PdfOptions::default())
            .is_ok()
    );
}

#[test]
fn layout_errors_are_reported_in_thai() {
    let err = PdfError::Layout("unknown variable: x".into());
    assert_eq!(
        err.to_string(),
        "จัดหน้าเอกสาร PDF ไม่สำเร็จ: unknown variable: x"
    );
}

#[test]
fn every_glyph_of_the_sample_exists() {
    // Glyph 0 is .notdef (a tofu box): stacked marks such as "กิ่ง", "ที่", "น้ำ", "ผู้" must all
    // shape to real glyphs.
    fn notdef(frame: &Frame) -> usize {
        frame
            .items()
            .map(|(_, item)| match item {
                FrameItem::Group(g) => notdef(&g.frame),
                FrameItem::Text(t) => t.glyphs.iter().filter(|g| g.id == 0).count(),
                _ => 0,
            })
            .sum()
    }
    let engine = engine();
    let doc = layout(&engine, &sample_minutes(2), &opts(Digits::Thai, None));
    assert_eq!(
        doc.pages().iter().map(|p| notdef(&p.frame)).sum::<usize>(),
        0
    );
    let emoji = layout(&engine, "ดี 😀", &opts(Digits::Thai, None));
    assert!(
        notdef(&emoji.pages()[0].frame) > 0,
        "the check cannot see a missing glyph"
    );
}
