//! Markdown to the JSON tree the typst template walks (`/data.json`): blocks and inlines as plain
//! data, so user text is never parsed as typst markup. CommonMark plus tables and strikethrough;
//! raw HTML is kept as literal text, images become their alt text. A word group joined by
//! no-break spaces (a person's name: `นางสาวชนมณัฐ\u{a0}รอดบุญธรรม`) becomes one unbreakable
//! piece, so a line never ends inside it.
//!
//! Longer than 500 lines on purpose: one stack machine over pulldown-cmark's events whose open,
//! close and text steps share the frame type; tests close the file.

mod unbreakable;

use pulldown_cmark::{Alignment, Event, HeadingLevel, Tag, TagEnd};
use serde::Serialize;

/// A block of the document.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Block {
    /// `#`–`######`.
    Heading { level: u8, c: Vec<Inline> },
    /// A paragraph.
    Para { c: Vec<Inline> },
    /// Inline content directly inside a tight list item or a table-less container.
    Plain { c: Vec<Inline> },
    /// A bullet or numbered list; each item is a list of blocks.
    List {
        ordered: bool,
        start: u64,
        tight: bool,
        items: Vec<Vec<Block>>,
    },
    /// A table: header cells, body rows, one alignment per column.
    Table {
        align: Vec<&'static str>,
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// `> …`
    Quote { c: Vec<Block> },
    /// `---`
    Rule,
    /// A fenced or indented code block.
    Code { v: String },
}

/// Inline content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Inline {
    /// Literal text.
    Text { v: String },
    /// `**…**`
    Strong { c: Vec<Inline> },
    /// `*…*`
    Emph { c: Vec<Inline> },
    /// `~~…~~`
    Strike { c: Vec<Inline> },
    /// `` `…` ``
    Code { v: String },
    /// A link: its text (and the address, shown in the template when it differs from the text).
    Link { c: Vec<Inline>, url: String },
    /// Words joined by no-break spaces (a name), never broken over two lines.
    Keep { v: String },
    /// A line ending inside a paragraph (shown as a space).
    Soft,
    /// A hard line break.
    Hard,
}

/// One open container while walking the events.
enum Frame {
    Heading(u8, Vec<Inline>),
    Para(Vec<Inline>),
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    Item(Vec<Block>, Vec<Inline>),
    Quote(Vec<Block>),
    Code(String),
    Table {
        align: Vec<&'static str>,
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        in_head: bool,
    },
    Row(Vec<Vec<Inline>>),
    Cell(Vec<Inline>),
    Span(SpanKind, Vec<Inline>),
}

#[derive(Clone)]
enum SpanKind {
    Strong,
    Emph,
    Strike,
    Link(String),
    /// An image: only its alt text is shown.
    Image,
}

/// Parses Markdown into blocks.
pub fn parse(md: &str) -> Vec<Block> {
    let mut root: Vec<Block> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    // Nesting is bounded here (the tree, its JSON and typst's layout all recurse over it).
    for event in crate::domain::markdown::bounded::events(md) {
        match event {
            Event::Start(tag) => open(&mut stack, tag),
            Event::End(tag) => close(&mut stack, &mut root, tag),
            Event::Text(t) => text(&mut stack, &mut root, &t),
            Event::Code(t) => push_inline(&mut stack, &mut root, Inline::Code { v: t.into() }),
            Event::Html(t) | Event::InlineHtml(t) => text(&mut stack, &mut root, &t),
            Event::InlineMath(t) | Event::DisplayMath(t) => text(&mut stack, &mut root, &t),
            Event::FootnoteReference(t) => text(&mut stack, &mut root, &t),
            Event::SoftBreak => push_inline(&mut stack, &mut root, Inline::Soft),
            Event::HardBreak => push_inline(&mut stack, &mut root, Inline::Hard),
            Event::Rule => push_block(&mut stack, &mut root, Block::Rule),
            Event::TaskListMarker(done) => {
                let mark = if done { "☑ " } else { "☐ " };
                text(&mut stack, &mut root, mark);
            }
        }
    }
    // Close anything left open (pulldown-cmark balances its events, so this is a safety net).
    while let Some(frame) = stack.pop() {
        if let Some(block) = finish(frame) {
            push_block(&mut stack, &mut root, block);
        }
    }
    for b in &mut root {
        keep_in_block(b);
    }
    root
}

/// The longest piece joined by no-break spaces is kept whole (see the module's note).
const NBSP: char = '\u{a0}';

fn keep_in_block(b: &mut Block) {
    match b {
        Block::Heading { c, .. } | Block::Para { c } | Block::Plain { c } => keep_in(c),
        Block::List { items, .. } => items.iter_mut().flatten().for_each(keep_in_block),
        Block::Table { header, rows, .. } => header
            .iter_mut()
            .chain(rows.iter_mut().flatten())
            .for_each(keep_in),
        Block::Quote { c } => c.iter_mut().for_each(keep_in_block),
        Block::Rule | Block::Code { .. } => {}
    }
}

fn keep_in(inlines: &mut Vec<Inline>) {
    if !inlines.iter().any(|i| match i {
        Inline::Text { v } => v.contains(NBSP) || !unbreakable::spans(v).is_empty(),
        Inline::Strong { .. }
        | Inline::Emph { .. }
        | Inline::Strike { .. }
        | Inline::Link { .. } => true,
        _ => false,
    }) {
        return;
    }
    let mut out = Vec::with_capacity(inlines.len() + 2);
    for i in inlines.drain(..) {
        match i {
            Inline::Text { v } => split_kept(&v, &mut out),
            Inline::Strong { mut c } => {
                keep_in(&mut c);
                out.push(Inline::Strong { c });
            }
            Inline::Emph { mut c } => {
                keep_in(&mut c);
                out.push(Inline::Emph { c });
            }
            Inline::Strike { mut c } => {
                keep_in(&mut c);
                out.push(Inline::Strike { c });
            }
            Inline::Link { mut c, url } => {
                keep_in(&mut c);
                out.push(Inline::Link { c, url });
            }
            other => out.push(other),
        }
    }
    *inlines = out;
}

/// Splits `v` into text and the pieces never broken over two lines: the space-delimited words
/// that contain a no-break space (names), and abbreviations, times and dates
/// ([`unbreakable::spans`]) in the text between them.
fn split_kept(v: &str, out: &mut Vec<Inline>) {
    let mut plain = String::new();
    for (k, word) in v.split(' ').enumerate() {
        if k > 0 {
            plain.push(' ');
        }
        if word.contains(NBSP) && word.trim_matches(NBSP).contains(NBSP) {
            split_unbreakable(&std::mem::take(&mut plain), out);
            out.push(Inline::Keep { v: word.to_owned() });
        } else {
            plain.push_str(word);
        }
    }
    split_unbreakable(&plain, out);
}

/// Pushes `v` as text, with its abbreviations, times and dates as kept pieces.
fn split_unbreakable(v: &str, out: &mut Vec<Inline>) {
    let mut at = 0;
    for span in unbreakable::spans(v) {
        if span.start > at {
            out.push(Inline::Text {
                v: v[at..span.start].to_owned(),
            });
        }
        out.push(Inline::Keep {
            v: v[span.clone()].to_owned(),
        });
        at = span.end;
    }
    if at < v.len() {
        out.push(Inline::Text {
            v: v[at..].to_owned(),
        });
    }
}

fn open(stack: &mut Vec<Frame>, tag: Tag<'_>) {
    let frame = match tag {
        Tag::Heading { level, .. } => Frame::Heading(heading_level(level), Vec::new()),
        Tag::Paragraph => Frame::Para(Vec::new()),
        Tag::List(start) => Frame::List {
            ordered: start.is_some(),
            start: start.unwrap_or(1),
            items: Vec::new(),
        },
        Tag::Item => Frame::Item(Vec::new(), Vec::new()),
        Tag::BlockQuote(_) => Frame::Quote(Vec::new()),
        Tag::CodeBlock(_) => Frame::Code(String::new()),
        Tag::Table(aligns) => Frame::Table {
            align: aligns.iter().map(align_name).collect(),
            header: Vec::new(),
            rows: Vec::new(),
            in_head: false,
        },
        Tag::TableHead => {
            if let Some(Frame::Table { in_head, .. }) = stack.last_mut() {
                *in_head = true;
            }
            Frame::Row(Vec::new())
        }
        Tag::TableRow => Frame::Row(Vec::new()),
        Tag::TableCell => Frame::Cell(Vec::new()),
        Tag::Strong => Frame::Span(SpanKind::Strong, Vec::new()),
        Tag::Emphasis => Frame::Span(SpanKind::Emph, Vec::new()),
        Tag::Strikethrough => Frame::Span(SpanKind::Strike, Vec::new()),
        Tag::Link { dest_url, .. } => {
            Frame::Span(SpanKind::Link(dest_url.into_string()), Vec::new())
        }
        Tag::Image { .. } => Frame::Span(SpanKind::Image, Vec::new()),
        // Everything else (footnote definitions, definition lists, metadata, HTML blocks) is
        // treated as a plain container whose text flows into a paragraph.
        _ => Frame::Para(Vec::new()),
    };
    stack.push(frame);
}

fn close(stack: &mut Vec<Frame>, root: &mut Vec<Block>, tag: TagEnd) {
    let Some(frame) = stack.pop() else { return };
    match frame {
        Frame::Span(kind, c) => {
            let inline = match kind {
                SpanKind::Strong => Inline::Strong { c },
                SpanKind::Emph => Inline::Emph { c },
                SpanKind::Strike => Inline::Strike { c },
                SpanKind::Link(url) => Inline::Link { c, url },
                SpanKind::Image => {
                    for i in c {
                        match i {
                            Inline::Text { v } => text(stack, root, &v),
                            other => push_inline(stack, root, other),
                        }
                    }
                    return;
                }
            };
            push_inline(stack, root, inline);
        }
        Frame::Cell(c) => match stack.last_mut() {
            Some(Frame::Row(cells)) => cells.push(c),
            _ => push_block(stack, root, Block::Para { c }),
        },
        Frame::Row(cells) => {
            if let Some(Frame::Table {
                header,
                rows,
                in_head,
                ..
            }) = stack.last_mut()
            {
                if matches!(tag, TagEnd::TableHead) || *in_head {
                    *header = cells;
                    *in_head = false;
                } else {
                    rows.push(cells);
                }
            }
        }
        Frame::Item(mut blocks, pending) => {
            if !pending.is_empty() {
                blocks.push(Block::Plain { c: pending });
            }
            match stack.last_mut() {
                Some(Frame::List { items, .. }) => items.push(blocks),
                _ => {
                    for b in blocks {
                        push_block(stack, root, b);
                    }
                }
            }
        }
        other => {
            if let Some(block) = finish(other) {
                push_block(stack, root, block);
            }
        }
    }
}

/// Turns a closed block-level frame into its block.
fn finish(frame: Frame) -> Option<Block> {
    Some(match frame {
        Frame::Heading(level, c) => Block::Heading { level, c },
        Frame::Para(c) => Block::Para { c },
        Frame::List {
            ordered,
            start,
            items,
        } => {
            let tight = items
                .iter()
                .all(|item| item.iter().all(|b| !matches!(b, Block::Para { .. })));
            Block::List {
                ordered,
                start,
                tight,
                items,
            }
        }
        Frame::Item(mut blocks, pending) => {
            if !pending.is_empty() {
                blocks.push(Block::Plain { c: pending });
            }
            Block::Quote { c: blocks }
        }
        Frame::Quote(c) => Block::Quote { c },
        Frame::Code(v) => Block::Code {
            v: v.strip_suffix('\n').map(str::to_owned).unwrap_or(v),
        },
        Frame::Table {
            align,
            header,
            rows,
            ..
        } => {
            let columns = align.len().max(header.len()).max(1);
            let pad = |mut cells: Vec<Vec<Inline>>| {
                cells.resize_with(columns, Vec::new);
                cells
            };
            let mut align = align;
            align.resize(columns, "left");
            Block::Table {
                align,
                header: pad(header),
                rows: rows.into_iter().map(pad).collect(),
            }
        }
        Frame::Row(cells) => Block::Para {
            c: cells.into_iter().flatten().collect(),
        },
        Frame::Cell(c) | Frame::Span(_, c) => Block::Para { c },
    })
}

fn push_block(stack: &mut [Frame], root: &mut Vec<Block>, block: Block) {
    match stack.last_mut() {
        Some(Frame::Item(blocks, pending)) => {
            if !pending.is_empty() {
                blocks.push(Block::Plain {
                    c: std::mem::take(pending),
                });
            }
            blocks.push(block);
        }
        Some(Frame::Quote(blocks)) => blocks.push(block),
        _ => root.push(block),
    }
}

fn push_inline(stack: &mut [Frame], root: &mut Vec<Block>, inline: Inline) {
    match stack.last_mut() {
        Some(
            Frame::Heading(_, c)
            | Frame::Para(c)
            | Frame::Cell(c)
            | Frame::Span(_, c)
            | Frame::Item(_, c),
        ) => c.push(inline),
        Some(Frame::Code(v)) => {
            if let Inline::Text { v: t } | Inline::Code { v: t } = inline {
                v.push_str(&t);
            }
        }
        Some(Frame::Quote(blocks)) => blocks.push(Block::Plain { c: vec![inline] }),
        Some(Frame::Row(cells)) => cells.push(vec![inline]),
        Some(Frame::List { items, .. }) => items.push(vec![Block::Plain { c: vec![inline] }]),
        Some(Frame::Table { rows, .. }) => rows.push(vec![vec![inline]]),
        None => root.push(Block::Plain { c: vec![inline] }),
    }
}

fn text(stack: &mut [Frame], root: &mut Vec<Block>, t: &str) {
    if let Some(Frame::Code(v)) = stack.last_mut() {
        v.push_str(t);
        return;
    }
    // Merge adjacent text runs (pulldown-cmark splits text at escapes and entities).
    if let Some(
        Frame::Heading(_, c)
        | Frame::Para(c)
        | Frame::Cell(c)
        | Frame::Span(_, c)
        | Frame::Item(_, c),
    ) = stack.last_mut()
        && let Some(Inline::Text { v }) = c.last_mut()
    {
        v.push_str(t);
        return;
    }
    push_inline(stack, root, Inline::Text { v: t.to_owned() });
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn align_name(a: &Alignment) -> &'static str {
    match a {
        Alignment::None | Alignment::Left => "left",
        Alignment::Center => "center",
        Alignment::Right => "right",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Inline {
        Inline::Text { v: s.to_owned() }
    }

    #[test]
    fn headings_paragraphs_and_inlines() {
        let blocks = parse("# รายงานการประชุม\n\nที่ประชุม **รับทราบ** *และ* ~~ไม่~~ `x`\nต่อ  \nบรรทัด");
        assert_eq!(
            blocks,
            vec![
                Block::Heading {
                    level: 1,
                    c: vec![t("รายงานการประชุม")]
                },
                Block::Para {
                    c: vec![
                        t("ที่ประชุม "),
                        Inline::Strong {
                            c: vec![t("รับทราบ")]
                        },
                        t(" "),
                        Inline::Emph {
                            c: vec![t("และ")]
                        },
                        t(" "),
                        Inline::Strike {
                            c: vec![t("ไม่")]
                        },
                        t(" "),
                        Inline::Code { v: "x".into() },
                        Inline::Soft,
                        t("ต่อ"),
                        Inline::Hard,
                        t("บรรทัด"),
                    ]
                },
            ]
        );
    }

    #[test]
    fn lists_tight_loose_nested_and_numbered() {
        let blocks = parse("3. หนึ่ง\n4. สอง\n   - ย่อย\n\n- ก\n\n- ข\n");
        let Block::List {
            ordered,
            start,
            tight,
            items,
        } = &blocks[0]
        else {
            panic!("{blocks:?}")
        };
        assert!(*ordered && *tight);
        assert_eq!(*start, 3);
        assert_eq!(items.len(), 2);
        assert_eq!(
            items[0],
            vec![Block::Plain {
                c: vec![t("หนึ่ง")]
            }]
        );
        assert!(
            matches!(items[1][1], Block::List { ordered: false, .. }),
            "{items:?}"
        );
        let Block::List { tight, items, .. } = &blocks[1] else {
            panic!("{blocks:?}")
        };
        assert!(!*tight);
        assert_eq!(items[1], vec![Block::Para { c: vec![t("ข")] }]);
    }

    #[test]
    fn names_joined_by_no_break_spaces_are_kept_whole() {
        let blocks =
            parse("ประธาน นางสาวชนมณัฐ\u{a0}รอดบุญธรรม รองผู้ว่าฯ **นาย\u{a0}ก\u{a0}ข** จบ\u{a0}");
        assert_eq!(
            blocks,
            vec![Block::Para {
                c: vec![
                    t("ประธาน "),
                    Inline::Keep {
                        v: "นางสาวชนมณัฐ\u{a0}รอดบุญธรรม".into()
                    },
                    t(" รองผู้ว่าฯ "),
                    Inline::Strong {
                        c: vec![Inline::Keep {
                            v: "นาย\u{a0}ก\u{a0}ข".into()
                        }]
                    },
                    t(" จบ\u{a0}"),
                ]
            }]
        );
    }

    #[test]
    fn tables_keep_alignment_and_pad_short_rows() {
        let blocks = parse(
            "| ลำดับ | ชื่อ | ตำแหน่ง |\n|---:|:---:|---|\n| 1 | นาย ก | **ประธาน** |\n| 2 | นาง ข |\n",
        );
        let Block::Table {
            align,
            header,
            rows,
        } = &blocks[0]
        else {
            panic!("{blocks:?}")
        };
        assert_eq!(align, &vec!["right", "center", "left"]);
        assert_eq!(header[1], vec![t("ชื่อ")]);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].len(), 3);
        assert_eq!(
            rows[0][2],
            vec![Inline::Strong {
                c: vec![t("ประธาน")]
            }]
        );
    }

    #[test]
    fn html_quotes_rules_code_links_and_images_stay_text() {
        let blocks = parse(
            "<b>x</b> #set page(width: 1cm)\n\n> อ้างถึง\n\n---\n\n```\n#import \"/etc/passwd\"\n```\n\n[ลิงก์](https://example.go.th) ![ภาพ](x.png)",
        );
        assert_eq!(
            blocks[0],
            Block::Para {
                c: vec![t("<b>x</b> #set page(width: 1cm)")]
            }
        );
        assert_eq!(
            blocks[1],
            Block::Quote {
                c: vec![Block::Para {
                    c: vec![t("อ้างถึง")]
                }]
            }
        );
        assert_eq!(blocks[2], Block::Rule);
        assert_eq!(
            blocks[3],
            Block::Code {
                v: "#import \"/etc/passwd\"".into()
            }
        );
        assert_eq!(
            blocks[4],
            Block::Para {
                c: vec![
                    Inline::Link {
                        c: vec![t("ลิงก์")],
                        url: "https://example.go.th".into()
                    },
                    t(" ภาพ"),
                ]
            }
        );
    }
}
