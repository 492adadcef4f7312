//! Charts as server-rendered SVG (readable without JavaScript, printed as they look): bars in the
//! Okabe–Ito palette, which colour-blind readers tell apart, each bar a link to the list behind
//! it, with a `<title>` for screen readers and tooltips. Pages put the data table beside each.

use std::fmt::Write;

/// Okabe–Ito blue and orange.
pub const BLUE: &str = "#0072B2";
/// Okabe–Ito vermilion-orange.
pub const ORANGE: &str = "#D55E00";

/// One bar: its value, its link and its label.
#[derive(Debug, Clone)]
pub struct Bar<'a> {
    /// Value.
    pub n: i64,
    /// Where it links.
    pub href: &'a str,
}

/// A group of bars under one label (a month: opened and closed).
#[derive(Debug, Clone)]
pub struct Group<'a> {
    /// Label under the group.
    pub label: &'a str,
    /// The bars, one per series.
    pub bars: Vec<Bar<'a>>,
}

/// Escapes text for SVG (XML).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Grouped vertical bars: one group per label, one colour per series (`series`: name and colour),
/// a legend on top. Scales to its container (`viewBox`, width 100 %).
pub fn grouped_bars(title: &str, series: &[(&str, &str)], groups: &[Group<'_>]) -> String {
    let (w, h, left, top, bottom) = (720.0_f64, 260.0_f64, 40.0, 30.0, 30.0);
    let max = groups
        .iter()
        .flat_map(|g| g.bars.iter().map(|b| b.n))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let plot_h = h - top - bottom;
    let slot = (w - left) / groups.len().max(1) as f64;
    let bar_w = (slot * 0.8) / series.len().max(1) as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = esc(title)
    );
    // Axis: zero line and the maximum.
    let _ = write!(
        s,
        r##"<line x1="{left}" y1="{y0}" x2="{w}" y2="{y0}" stroke="#555"/><text x="{lx}" y="{ty}" font-size="11" text-anchor="end">{max}</text><text x="{lx}" y="{y0}" font-size="11" text-anchor="end">0</text>"##,
        y0 = h - bottom,
        lx = left - 4.0,
        ty = top + 4.0,
        max = max as i64
    );
    for (i, (name, colour)) in series.iter().enumerate() {
        let x = left + 10.0 + i as f64 * 130.0;
        let _ = write!(
            s,
            r#"<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/><text x="{tx}" y="17" font-size="12">{n}</text>"#,
            tx = x + 16.0,
            n = esc(name)
        );
    }
    for (gi, g) in groups.iter().enumerate() {
        let x0 = left + gi as f64 * slot + slot * 0.1;
        for (bi, b) in g.bars.iter().enumerate() {
            let bh = (b.n as f64 / max) * plot_h;
            let colour = series.get(bi).map_or(BLUE, |s| s.1);
            let name = series.get(bi).map_or("", |s| s.0);
            let _ = write!(
                s,
                r#"<a href="{href}"><rect x="{x:.1}" y="{y:.1}" width="{bw:.1}" height="{bh:.1}" fill="{colour}"><title>{label} {name}: {n}</title></rect></a>"#,
                href = esc(b.href),
                x = x0 + bi as f64 * bar_w,
                y = h - bottom - bh,
                bw = (bar_w - 1.0).max(1.0),
                label = esc(g.label),
                name = esc(name),
                n = b.n
            );
        }
        let _ = write!(
            s,
            r#"<text x="{x:.1}" y="{y}" font-size="11" text-anchor="middle">{l}</text>"#,
            x = x0 + slot * 0.4,
            y = h - bottom + 16.0,
            l = esc(g.label)
        );
    }
    s.push_str("</svg>");
    s
}

/// Horizontal bars, one per row (a zone, province or office), labelled on the left.
pub fn horizontal_bars(title: &str, colour: &str, rows: &[(&str, Bar<'_>)]) -> String {
    let (w, row_h, label_w) = (720.0_f64, 22.0_f64, 260.0_f64);
    let h = row_h * rows.len().max(1) as f64 + 8.0;
    let max = rows.iter().map(|(_, b)| b.n).max().unwrap_or(0).max(1) as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = esc(title)
    );
    for (i, (label, b)) in rows.iter().enumerate() {
        let y = 4.0 + i as f64 * row_h;
        let bw = (b.n as f64 / max) * (w - label_w - 60.0);
        let _ = write!(
            s,
            r#"<text x="{lx}" y="{ty:.1}" font-size="12" text-anchor="end">{l}</text><a href="{href}"><rect x="{label_w}" y="{y:.1}" width="{bw:.1}" height="{bh:.1}" fill="{colour}"><title>{l}: {n}</title></rect></a><text x="{nx:.1}" y="{ty:.1}" font-size="12">{n}</text>"#,
            lx = label_w - 6.0,
            ty = y + row_h * 0.65,
            l = esc(label),
            href = esc(b.href),
            bh = row_h - 6.0,
            nx = label_w + bw + 4.0,
            n = b.n
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_link_to_their_lists_and_escape_labels() {
        let svg = grouped_bars(
            "แนวโน้ม <รายเดือน>",
            &[("เปิด", BLUE), ("ปิด", ORANGE)],
            &[Group {
                label: "มี.ค. 69",
                bars: vec![
                    Bar {
                        n: 4,
                        href: "/actions?opened=2026-03&zone=1",
                    },
                    Bar {
                        n: 0,
                        href: "/actions?closed=2026-03",
                    },
                ],
            }],
        );
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains(r#"<a href="/actions?opened=2026-03&amp;zone=1">"#));
        assert!(svg.contains("แนวโน้ม &lt;รายเดือน&gt;"));
        assert!(svg.contains("มี.ค. 69 เปิด: 4"));
        let h = horizontal_bars(
            "เกินกำหนด",
            ORANGE,
            &[(
                "ศรีสะเกษ",
                Bar {
                    n: 3,
                    href: "/actions?province=TH-33&overdue=1",
                },
            )],
        );
        assert!(h.contains("ศรีสะเกษ: 3"));
    }
}
