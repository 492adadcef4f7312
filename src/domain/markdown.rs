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
