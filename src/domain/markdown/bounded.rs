//! Markdown events with bounded nesting: every renderer (pages, HTML and PDF documents) reads
//! user Markdown through [`events`], so no input can build a tree deeper than [`MAX_DEPTH`]
//! (plus the fixed structure of a list item or a table cell). Deeper containers are flattened
//! into their parent: their text is kept, their nesting is dropped. Nothing here recurses.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// How deeply quotes, lists and emphasis may nest, counted in opened elements.
pub const MAX_DEPTH: usize = 12;

/// The Markdown dialect of the app: CommonMark plus tables and strikethrough.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// The parser's events with nesting bounded to [`MAX_DEPTH`].
pub fn events(md: &str) -> Bounded<Parser<'_>> {
    Bounded::new(Parser::new_ext(md, options()))
}

/// The deepest nesting `md` asks for (what [`events`] would flatten beyond [`MAX_DEPTH`]).
pub fn depth(md: &str) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    for e in Parser::new_ext(md, options()) {
        match e {
            Event::Start(_) => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// What kind of children an open element takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holds {
    /// Blocks only (quotes, lists, tables): flattened text needs a paragraph of its own.
    Blocks,
    /// Text (paragraphs, headings, cells, emphasis, list items): flattened text goes in as is.
    Text,
}

/// The adapter behind [`events`].
pub struct Bounded<I> {
    inner: I,
    open: Vec<Holds>,
    /// Elements opened beyond the limit and not yet closed (their tags are dropped).
    dropped: usize,
    /// Whether the flattened run was wrapped in a paragraph that must be closed.
    wrapped: bool,
}

impl<I> Bounded<I> {
    fn new(inner: I) -> Self {
        Self {
            inner,
            open: Vec::new(),
            dropped: 0,
            wrapped: false,
        }
    }
}

fn holds(tag: &Tag<'_>) -> Holds {
    match tag {
        Tag::BlockQuote(_)
        | Tag::List(_)
        | Tag::Table(_)
        | Tag::TableHead
        | Tag::TableRow
        | Tag::FootnoteDefinition(_)
        | Tag::DefinitionList
        | Tag::HtmlBlock => Holds::Blocks,
        _ => Holds::Text,
    }
}

/// Children that belong to their parent's fixed shape (an item of a list, a row of a table, a
/// cell of a row): always kept, so structures stay well-formed at the limit.
fn structural(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Item | Tag::TableHead | Tag::TableRow | Tag::TableCell
    )
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Bounded<I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            let event = self.inner.next()?;
            if self.dropped > 0 {
                match event {
                    Event::Start(_) => self.dropped += 1,
                    Event::End(_) => {
                        self.dropped -= 1;
                        if self.dropped == 0 && self.wrapped {
                            self.wrapped = false;
                            return Some(Event::End(TagEnd::Paragraph));
                        }
                    }
                    Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                        return Some(Event::Text(t));
                    }
                    Event::InlineMath(t) | Event::DisplayMath(t) => return Some(Event::Text(t)),
                    Event::FootnoteReference(t) => return Some(Event::Text(t)),
                    Event::SoftBreak | Event::HardBreak => return Some(Event::SoftBreak),
                    Event::Rule | Event::TaskListMarker(_) => {}
                }
                continue;
            }
            return Some(match event {
                Event::Start(tag) => {
                    if self.open.len() >= MAX_DEPTH && !structural(&tag) {
                        self.dropped = 1;
                        // Block content inside a block-only container gets a paragraph; a
                        // paragraph's own children (emphasis, links) only lose their tags.
                        let parent = self.open.last().copied().unwrap_or(Holds::Blocks);
                        if parent == Holds::Blocks && is_block(&tag) {
                            self.wrapped = true;
                            Event::Start(Tag::Paragraph)
                        } else {
                            continue;
                        }
                    } else {
                        self.open.push(holds(&tag));
                        Event::Start(tag)
                    }
                }
                Event::End(end) => {
                    self.open.pop();
                    Event::End(end)
                }
                other => other,
            });
        }
    }
}

fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::Item
    ) || holds(tag) == Holds::Blocks
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn plain(e: &Event<'_>) -> Option<String> {
        match e {
            Event::Text(t) | Event::Code(t) => Some(t.to_string()),
            _ => None,
        }
    }

    fn max_open(md: &str) -> usize {
        let mut d = 0usize;
        let mut m = 0usize;
        for e in events(md) {
            match e {
                Event::Start(_) => {
                    d += 1;
                    m = m.max(d);
                }
                Event::End(_) => d -= 1,
                _ => {}
            }
        }
        assert_eq!(d, 0, "balanced");
        m
    }

    #[test]
    fn deep_quotes_lists_and_emphasis_are_flattened_and_keep_their_text() {
        let quotes = format!("{}x", ">".repeat(30_000));
        assert_eq!(depth(&quotes), 30_001);
        assert!(max_open(&quotes) <= MAX_DEPTH + 1);
        let text: String = events(&quotes).filter_map(|e| plain(&e)).collect();
        assert_eq!(text, "x");

        let mut list = String::new();
        for i in 0..400 {
            list.push_str(&"  ".repeat(i));
            list.push_str("- รายการ\n");
        }
        assert!(max_open(&list) <= MAX_DEPTH + 3, "{}", max_open(&list));

        let emph = format!("{}ข้อความ{}", "*_".repeat(5_000), "_*".repeat(5_000));
        assert!(max_open(&emph) <= MAX_DEPTH + 1);
        let text: String = events(&emph).filter_map(|e| plain(&e)).collect();
        assert!(text.contains("ข้อความ"));
    }

    #[test]
    fn ordinary_markdown_passes_unchanged() {
        let md = "# หัวข้อ\n\n> อ้างอิง **ตัวหนา**\n\n1. หนึ่ง\n   - ย่อย *เอียง*\n\n| ก | ข |\n|---|---|\n| 1 | 2 |\n";
        let bounded: Vec<Event<'_>> = events(md).collect();
        let raw: Vec<Event<'_>> = Parser::new_ext(md, options()).collect();
        assert_eq!(bounded, raw);
    }
}
