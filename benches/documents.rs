//! Documents benchmark (issue 4's budget: Markdown + HTML of a 60-item meeting < 5 ms): the
//! minutes of a meeting with 60 agenda items (each with notes and a resolution), 45 attendance
//! rows, 30 directives and 90 actions rendered to Markdown by the template, then to sanitised
//! HTML. The database part of the pages is measured by `benches/pages.sh`.
//! Run with `cargo bench --bench documents`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "benchmark code: a failure should stop it"
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use prachum::documents::html::fragment;
use prachum::documents::minutes::{
    ActionRow, DirectiveGroup, DirectiveLine, Item, MinutesDoc, Row, Section, Signer,
};
use prachum::documents::{Documents, Format};

fn row(i: usize) -> Row {
    Row {
        no: (i + 1).to_string(),
        name: format!("นางสาวสมศรี มีสุข {i}"),
        position: "หัวหน้ากลุ่มงานส่งเสริมการพัฒนาชุมชน แทน พัฒนาการจังหวัดศรีสะเกษ".to_owned(),
        remark: String::new(),
    }
}

fn sixty_items() -> MinutesDoc {
    let sections = (1..=5)
        .map(|s| Section {
            label: format!("ระเบียบวาระที่ {s}"),
            title: "เรื่องที่เสนอให้ที่ประชุมทราบ".to_owned(),
            items: (1..=12)
                .map(|i| Item {
                    number: format!("{s}.{i}"),
                    title: "การขับเคลื่อนการขจัดความยากจนและพัฒนาคนทุกช่วงวัยอย่างยั่งยืน".to_owned(),
                    presenter: "สำนักงานพัฒนาชุมชนจังหวัดศรีสะเกษ".to_owned(),
                    notes_md: "ผู้แทนสำนักงานรายงานว่า **2,242** ครัวเรือนได้รับการช่วยเหลืออย่างน้อย 1 มิติ\n\n- มิติสุขภาพ\n- มิติรายได้".to_owned(),
                    generated_md: String::new(),
                    resolution_md: "ที่ประชุมรับทราบ".to_owned(),
                    directives: if i % 4 == 1 {
                        vec![DirectiveGroup {
                            issuer: "ผู้ว่าราชการจังหวัดศรีสะเกษ".to_owned(),
                            directives: vec![DirectiveLine {
                                number: "1".to_owned(),
                                text_md: "ให้หน่วยงานรายงานผลภายในวันที่ 30 กันยายน 2569".to_owned(),
                            }],
                        }]
                    } else {
                        Vec::new()
                    },
                })
                .collect(),
            body_md: String::new(),
        })
        .collect();
    MinutesDoc {
        heading: "รายงานการประชุมบูรณาการตรวจราชการกระทรวงมหาดไทย".to_owned(),
        number: "4/2569".to_owned(),
        when: "วันอังคารที่ 19 พฤษภาคม 2569 เวลา 09.00 น.".to_owned(),
        venue: "ห้องประชุมสระกำแพงใหญ่ ชั้น 4 ศาลากลางจังหวัดศรีสะเกษ".to_owned(),
        present: (0..40).map(row).collect(),
        absent: (40..45).map(row).collect(),
        participants: vec![],
        start_time: "09.00 น.".to_owned(),
        chair: "ผู้ว่าราชการจังหวัดศรีสะเกษ เป็นประธานในที่ประชุม".to_owned(),
        opening_md: "ประธานกล่าวเปิดการประชุม".to_owned(),
        sections,
        directive_groups: vec![DirectiveGroup {
            issuer: "ผู้ว่าราชการจังหวัด".to_owned(),
            directives: (1..=30)
                .map(|d| DirectiveLine {
                    number: d.to_string(),
                    text_md: "ให้ทุกหน่วยงานรายงานผลการดำเนินงานภายในวันที่ 30 กันยายน 2569".to_owned(),
                })
                .collect(),
        }],
        actions: (1..=90)
            .map(|a| ActionRow {
                no: a.to_string(),
                title: "รายงานผลการช่วยเหลือครัวเรือนเป้าหมาย".to_owned(),
                directive: ((a + 2) / 3).to_string(),
                office: "สำนักงานพัฒนาชุมชนจังหวัดศรีสะเกษ".to_owned(),
                due: "30 กันยายน 2569".to_owned(),
            })
            .collect(),
        closing_md: String::new(),
        end_time: "12.00 น.".to_owned(),
        taker: Signer::default(),
        checker: Signer::default(),
    }
}

fn bench(c: &mut Criterion) {
    let docs = Documents::new(prachum::templating::Templates::plain().unwrap(), None).unwrap();
    let doc = sixty_items();
    let md = doc.markdown(&docs).unwrap();
    assert!(md.contains("**5.12"));
    c.bench_function("minutes of a 60-item meeting: Markdown + HTML", |b| {
        b.iter(|| {
            let md = doc.markdown(&docs).unwrap();
            black_box(fragment(black_box(&md)))
        })
    });
}

/// Hostile notes at the 50,000-character field limit (issue 11's budgets: HTML under 50 ms,
/// PDF under 1 s, release build).
fn hostile(c: &mut Criterion) {
    let pdf = docs_pdf();
    let notes = [
        ("quotes", format!("{}x", ">".repeat(49_999))),
        ("emphasis", format!("{}x", "*_".repeat(24_999))),
        (
            "lists",
            (0..5_000)
                .map(|i| format!("{}- ข้อสั่งการ\n", "  ".repeat(i % 400)))
                .collect::<String>()
                .chars()
                .take(50_000)
                .collect(),
        ),
        (
            "table",
            "| ลำดับ | หน่วยงาน |\n|---|---|\n".to_owned() + &"| ๑ | สำนักงานจังหวัด |\n".repeat(2_000),
        ),
    ];
    for (name, md) in &notes {
        c.bench_function(&format!("hostile note ({name}, 50,000 chars): HTML"), |b| {
            b.iter(|| black_box(fragment(black_box(md))))
        });
    }
    let mut g = c.benchmark_group("hostile note PDF");
    g.sample_size(10);
    for (name, md) in &notes {
        g.bench_function(format!("{name}, 50,000 chars: PDF"), |b| {
            b.iter(|| {
                black_box(
                    pdf.render_markdown(black_box(md), &prachum::pdf::PdfOptions::default())
                        .unwrap(),
                )
            })
        });
    }
    g.finish();
}

fn docs_pdf() -> prachum::pdf::PdfEngine {
    prachum::pdf::PdfEngine::new().unwrap()
}

/// Issue 15's budgets: the 60-item minutes as PDF, warm (rendered each time), and as a certified
/// document of record (PDF/A), which is rendered once and then served from the in-process cache.
fn minutes_pdf(c: &mut Criterion) {
    let docs = Documents::new(prachum::templating::Templates::plain().unwrap(), None).unwrap();
    let md = sixty_items().markdown(&docs).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let doc = |archival: bool| prachum::documents::Document {
        title: "รายงานการประชุม".to_owned(),
        stem: "minutes-1".to_owned(),
        markdown: md.clone(),
        footer: Some("SHA-256: 00".to_owned()),
        thai_digits: true,
        archival,
        draft: !archival,
    };
    let draft = doc(false);
    let first = rt.block_on(draft.produce(&docs, Format::Pdf)).unwrap();
    eprintln!(
        "60-item minutes: {} KB of Markdown, {} KB of PDF",
        md.len() / 1024,
        first.len() / 1024
    );
    let mut g = c.benchmark_group("60-item minutes");
    g.sample_size(10);
    g.bench_function("PDF, rendered (draft)", |b| {
        b.iter(|| black_box(rt.block_on(draft.produce(&docs, Format::Pdf)).unwrap()))
    });
    let certified = doc(true);
    g.bench_function("PDF/A, certified (cached after the first)", |b| {
        b.iter(|| black_box(rt.block_on(certified.produce(&docs, Format::Pdf)).unwrap()))
    });
    g.bench_function("DOCX", |b| {
        b.iter(|| black_box(rt.block_on(draft.produce(&docs, Format::Docx)).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, bench, hostile, minutes_pdf);
criterion_main!(benches);
