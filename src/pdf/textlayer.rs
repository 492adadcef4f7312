//! Repairs the PDF text layer of Thai clusters before export (a workaround for typst 0.15 /
//! krilla 0.8; see "Upstream" below).
//!
//! The cause: typst-layout (`ShapedText::build`) groups a line's glyphs into text items by
//! `(font, y_offset, size)`. A Thai tone mark over an upper vowel (`ชั้`, `กิ่`, `มั่`, `ถิ่`) is
//! raised by the font's mark-to-mark positioning, so it gets an item of its own. Each item carries
//! the text of the glyphs' clusters, and a cluster's glyphs all point to the whole cluster: the
//! cluster "ชั้" is then written twice, once for `ช ั` (inside an `/ActualText` span) and once for
//! the raised `้` (mapped through ToUnicode, or in a second span). Every extractor (poppler,
//! pdf.js, copy and paste) reads "ชั้ชั้น".
//!
//! The repair: adjacent text items of one frame that share a cluster (the same source span and
//! offset, the same text, the same font, size and paint, and that touch horizontally) are merged
//! back into one item, the moved glyphs keeping their height as a per-glyph `y_offset`, which
//! krilla honours. krilla then sees all glyphs of the cluster in one run and writes the cluster
//! once, as one `/ActualText` span. The printed page is unchanged (same glyphs, same places).
//!
//! Upstream: typst-layout could group by `(font, size)` and keep `y_offset` per glyph (it already
//! has the field); worth proposing on typst issues #7610 / #4225.

use typst::layout::{Abs, Em, Frame, FrameItem, GroupItem, Point};
use typst::model::Document;
use typst::text::TextItem;
use typst_layout::PagedDocument;

/// Horizontal slack when deciding that two items touch (typst sums the same advances).
const TOUCH_EPSILON_PT: f64 = 0.01;

/// The document with split clusters merged; `None` when nothing needed merging (the common case
/// for documents without such clusters, which then avoids rebuilding the document).
pub(super) fn repair(doc: &PagedDocument) -> Option<PagedDocument> {
    let mut changed = false;
    let pages: Vec<_> = doc
        .pages()
        .iter()
        .map(|page| {
            let mut page = page.clone();
            if let Some(frame) = repair_frame(&page.frame) {
                page.frame = frame;
                changed = true;
            }
            page
        })
        .collect();
    changed.then(|| PagedDocument::new(pages.into_iter().collect(), doc.info().clone()))
}

/// A frame with its split clusters merged (recursively), or `None` when it had none.
fn repair_frame(frame: &Frame) -> Option<Frame> {
    let mut changed = false;
    let mut out: Vec<(Point, FrameItem)> = Vec::with_capacity(frame.items().len());
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(group) => match repair_frame(&group.frame) {
                Some(inner) => {
                    changed = true;
                    let mut g: GroupItem = group.clone();
                    g.frame = inner;
                    out.push((*pos, FrameItem::Group(g)));
                }
                None => out.push((*pos, item.clone())),
            },
            FrameItem::Text(next) => {
                if let Some((prev_pos, FrameItem::Text(prev))) = out.last_mut()
                    && let Some(merged) = merge(prev, *prev_pos, next, *pos)
                {
                    *prev = merged;
                    changed = true;
                } else {
                    out.push((*pos, item.clone()));
                }
            }
            _ => out.push((*pos, item.clone())),
        }
    }
    if !changed {
        return None;
    }
    let mut repaired = frame.clone();
    repaired.clear();
    repaired.push_multiple(out);
    Some(repaired)
}

/// `prev` and `next` as one item when `next` starts inside `prev`'s last cluster.
fn merge(prev: &TextItem, prev_pos: Point, next: &TextItem, next_pos: Point) -> Option<TextItem> {
    let last = prev.glyphs.last()?;
    let first = next.glyphs.first()?;
    let same_style = prev.font == next.font
        && prev.size == next.size
        && prev.fill == next.fill
        && prev.stroke == next.stroke
        && prev.lang == next.lang
        && prev.region == next.region;
    if !same_style || last.span != first.span {
        return None;
    }
    // The shared cluster ends `prev`'s text and starts `next`'s.
    let cluster = prev.text.get(last.range())?;
    if usize::from(last.range.end) != prev.text.len()
        || first.range.start != 0
        || next.text.get(first.range())? != cluster
    {
        return None;
    }
    // They touch: typst places each item right after the previous one.
    let gap = next_pos.x - (prev_pos.x + prev.width());
    if gap.to_pt().abs() > TOUCH_EPSILON_PT || prev.size <= Abs::zero() {
        return None;
    }
    let overlap = cluster.len();
    let shift = u16::try_from(prev.text.len() - overlap).ok()?;
    let mut text = String::with_capacity(prev.text.len() + next.text.len() - overlap);
    text.push_str(&prev.text);
    text.push_str(next.text.get(overlap..)?);
    u16::try_from(text.len()).ok()?;
    // Raised (or lowered) relative to `prev`'s baseline; y_offset is Y-up.
    let lift = Em::from_abs(prev_pos.y - next_pos.y, prev.size);
    let mut glyphs = prev.glyphs.clone();
    for g in &next.glyphs {
        let mut g = g.clone();
        g.range = g.range.start + shift..g.range.end + shift;
        g.y_offset += lift;
        glyphs.push(g);
    }
    Some(TextItem {
        text: text.into(),
        glyphs,
        ..prev.clone()
    })
}
