//! Markdown (what users type in directives, notes, resolutions and updates) to safe HTML:
//! CommonMark plus tables and strikethrough; raw HTML in the input is shown as text, never
//! passed through, so the output can be inserted into a page unescaped.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

/// Renders Markdown to HTML with any raw HTML escaped.
pub fn to_safe_html(md: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(md, options).map(|e| match e {
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
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
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
}
