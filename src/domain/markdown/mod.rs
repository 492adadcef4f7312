//! Markdown (what users type in directives, notes, resolutions and updates) to safe HTML:
//! CommonMark plus tables and strikethrough; raw HTML in the input is shown as text, never
//! passed through, so the output can be inserted into a page unescaped.

pub mod bounded;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd, html};

pub use bounded::MAX_DEPTH;

/// Renders Markdown to HTML with any raw HTML escaped, nesting bounded ([`bounded`]) and images
/// only from the app's own attachments (`/files/{id}`); any other image becomes a link to it, so
/// that opening a page or an email never fetches from a host a user chose (no tracking pixels).
pub fn to_safe_html(md: &str) -> String {
    let mut images: Vec<bool> = Vec::new();
    let events = bounded::events(md).map(|e| match e {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let own = is_own_attachment(&dest_url);
            images.push(own);
            if own {
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            } else {
                Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: safe_url(dest_url),
                    title,
                    id,
                })
            }
        }
        Event::End(TagEnd::Image) => {
            if images.pop().unwrap_or(false) {
                Event::End(TagEnd::Image)
            } else {
                Event::End(TagEnd::Link)
            }
        }
        other => other,
    });
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// Markdown as plain text for the text part of an email: no `**`, `_` or `[…](…)` markup;
/// links become "text (address)", list items "- " or their numbers, paragraphs lines.
pub fn to_plain_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut links: Vec<String> = Vec::new();
    let mut lists: Vec<Option<u64>> = Vec::new();
    let newline = |out: &mut String| {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
    };
    for e in bounded::events(md) {
        match e {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t);
            }
            Event::SoftBreak => out.push(' '),
            Event::HardBreak | Event::Rule => out.push('\n'),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                links.push(dest_url.to_string());
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some(url) = links
                    .pop()
                    .filter(|u| !u.is_empty() && !out.ends_with(u.as_str()))
                {
                    out.push_str(&format!(" ({url})"));
                }
            }
            Event::Start(Tag::List(start)) => {
                newline(&mut out);
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                newline(&mut out);
                out.push_str(&"  ".repeat(lists.len().saturating_sub(1)));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str("- "),
                }
            }
            Event::End(TagEnd::TableCell) => out.push_str(" | "),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_),
            ) => newline(&mut out),
            Event::TaskListMarker(done) => out.push_str(if done { "[x] " } else { "[ ] " }),
            _ => {}
        }
    }
    out.trim().to_owned()
}

/// Whether an image address is one of the app's own stored files (`/files/{id}`).
fn is_own_attachment(url: &str) -> bool {
    url.strip_prefix("/files/").is_some_and(|id| {
        !id.is_empty() && id.len() <= 10 && id.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Escapes plain text (a name, a position, a venue) so that it prints literally inside a
/// generated Markdown document: no emphasis, link, HTML, heading or table-cell break can come
/// from it, and line breaks become spaces.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Keeps web, mail and relative links; anything else (`javascript:`, `data:`) becomes `#`.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim_start().to_ascii_lowercase();
    let scheme = lower.split_once(':').map(|(s, _)| s);
    match scheme {
        None | Some("http" | "https" | "mailto") => url,
        Some(s) if s.contains('/') || s.contains('?') || s.contains('#') => url,
        Some(_) => CowStr::Borrowed("#"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_plain_text_prints_literally() {
        let raw = "นาย *ก* [x](y) <b> # | `c` \\ 1.\nต่อ";
        let html = to_safe_html(&escape_inline(raw));
        assert_eq!(
            html.trim(),
            "<p>นาย *ก* [x](y) &lt;b&gt; # | `c` \\ 1. ต่อ</p>",
            "{html}"
        );
    }

    #[test]
    fn thai_lists_render_and_html_is_neutralised() {
        let html = to_safe_html("ให้ดำเนินการ:\n\n1. สำรวจ **2,242** ครัวเรือน\n2. รายงานผล");
        assert!(html.contains("<ol>"), "{html}");
        assert!(html.contains("<strong>2,242</strong>"));
        let evil = to_safe_html("<script>alert(1)</script> <img src=x onerror=alert(1)>");
        assert!(!evil.contains("<script"), "{evil}");
        assert!(!evil.contains("<img"), "{evil}");
        assert!(evil.contains("&lt;script&gt;"));
        let link = to_safe_html("[x](javascript:alert(1))");
        assert!(!link.contains("href=\"javascript:"), "{link}");
    }

    #[test]
    fn plain_text_has_no_markup_artefacts() {
        let md = "ให้ **ทุกอำเภอ** รายงาน _ภายใน_ 16 ก.พ.\n\n1. สำรวจ\n2. ดู [คู่มือ](https://example.go.th/k)\n\n- ก\n- ข";
        assert_eq!(
            to_plain_text(md),
            "ให้ ทุกอำเภอ รายงาน ภายใน 16 ก.พ.\n1. สำรวจ\n2. ดู คู่มือ (https://example.go.th/k)\n- ก\n- ข"
        );
    }

    #[test]
    fn only_own_attachments_are_embedded_other_images_become_links() {
        let remote = to_safe_html("![ภาพ](https://tracker.example/p.gif)");
        assert!(!remote.contains("<img"), "{remote}");
        assert!(
            remote.contains(r#"<a href="https://tracker.example/p.gif">ภาพ</a>"#),
            "{remote}"
        );
        let own = to_safe_html("![หลักฐาน](/files/42)");
        assert!(
            own.contains(r#"<img src="/files/42" alt="หลักฐาน""#),
            "{own}"
        );
        for sneaky in ["/files/42/../../x", "//evil.example/files/1", "/files/"] {
            let html = to_safe_html(&format!("![a]({sneaky})"));
            assert!(!html.contains("<img"), "{sneaky}: {html}");
        }
    }

    #[test]
    fn a_deeply_nested_note_renders_quickly_and_flat() {
        let note = format!("{}x", ">".repeat(30_000));
        let html = to_safe_html(&note);
        assert_eq!(
            html.matches("<blockquote>").count(),
            MAX_DEPTH,
            "{}",
            &html[..200]
        );
        assert!(html.contains('x'));
    }
}
