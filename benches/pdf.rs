//! PDF engine benchmark: warm render of a 10-page Thai minutes document (budget < 150 ms in
//! release), then a memory check: 1,000 consecutive renders with fresh data each time, resident
//! memory (VmRSS) reported at 100, 500 and 1,000 renders — it must stay flat (comemo eviction).
//! Run with `cargo bench --bench pdf`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "benchmark code: a failure should stop it"
)]

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group};
use prachum::pdf::{Digits, PdfEngine, PdfOptions};

include!("../tests/support/pdf_sample.rs");

/// Agenda items that make the sample about 10 A4 pages.
const TEN_PAGES: usize = 15;

fn options(footer: String) -> PdfOptions {
    PdfOptions {
        title: "รายงานการประชุม".into(),
        digits: Digits::Thai,
        footer: Some(footer),
        pdfa: false,
    }
}

fn warm_render(c: &mut Criterion) {
    let engine = PdfEngine::new().unwrap();
    let md = sample_minutes(TEN_PAGES);
    let first = engine.render_markdown(&md, &options("x".into())).unwrap();
    eprintln!("sample: {} KB", first.len() / 1024);
    let mut n = 0u64;
    c.bench_function(
        "pdf: 10-page Thai minutes, warm, new footer each time",
        |b| {
            b.iter(|| {
                n += 1;
                let pdf = engine
                    .render_markdown(black_box(&md), &options(format!("SHA-256: {n:016x}")))
                    .unwrap();
                black_box(pdf.len())
            })
        },
    );
}

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// 1,000 renders of a 3-page document, each with different text (so nothing is cached for good).
fn memory_check() {
    let engine = PdfEngine::new().unwrap();
    let base = sample_minutes(3);
    eprintln!("memory: VmRSS before {} MB", rss_kb() / 1024);
    let start = Instant::now();
    for i in 1..=1000u32 {
        let md = format!("{base}\n\nเอกสารฉบับที่ {i} ผู้ตรวจราชการรับทราบ\n");
        let pdf = engine
            .render_markdown(&md, &options(format!("ฉบับที่ {i}")))
            .unwrap();
        black_box(pdf);
        if matches!(i, 100 | 500 | 1000) {
            eprintln!(
                "memory: after {i:>4} renders VmRSS {:>4} MB ({:.1} s)",
                rss_kb() / 1024,
                start.elapsed().as_secs_f64()
            );
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = warm_render
}

fn main() {
    benches();
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    memory_check();
    Criterion::default().configure_from_args().final_summary();
}
