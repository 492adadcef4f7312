//! Documents as HTML: Markdown through pulldown-cmark, then sanitised by ammonia (so nothing a
//! user typed can run or restyle the page), inside a print-ready page: A4, official margins,
//! Sarabun embedded as a web font so a saved `.html` file prints the same anywhere.

use std::sync::LazyLock;

use base64::Engine;
use serde::Serialize;

use super::Documents;

/// The page template.
pub const TEMPLATE: &str = "documents/print.html.j2";

/// Markdown → HTML (raw HTML in the input escaped), then sanitised by ammonia.
pub fn fragment(markdown: &str) -> String {
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .clean(&crate::domain::markdown::to_safe_html(markdown))
        .to_string()
}

/// The `@font-face` rules with the Sarabun woff2 files inlined (built once).
static FONT_FACES: LazyLock<String> = LazyLock::new(|| {
    let faces: [(&str, &[u8], &str); 4] = [
        (
            "400",
            include_bytes!("../../assets/fonts/sarabun-thai-400-normal.woff2"),
            "U+0E00-0E7F",
        ),
        (
            "700",
            include_bytes!("../../assets/fonts/sarabun-thai-700-normal.woff2"),
            "U+0E00-0E7F",
        ),
        (
            "400",
            include_bytes!("../../assets/fonts/sarabun-latin-400-normal.woff2"),
            "U+0000-00FF, U+2000-206F",
        ),
        (
            "700",
            include_bytes!("../../assets/fonts/sarabun-latin-700-normal.woff2"),
            "U+0000-00FF, U+2000-206F",
        ),
    ];
    faces
        .iter()
        .map(|(weight, bytes, range)| {
            format!(
                "@font-face{{font-family:'Sarabun';font-style:normal;font-weight:{weight};\
                 src:url(data:font/woff2;base64,{}) format('woff2');unicode-range:{range};}}",
                base64::engine::general_purpose::STANDARD.encode(bytes)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
});

#[derive(Serialize)]
struct PageCtx<'a> {
    title: &'a str,
    body: &'a str,
    footer: Option<&'a str>,
    fonts: &'a str,
}

/// A whole HTML document for printing or saving.
pub fn page(
    docs: &Documents,
    title: &str,
    markdown: &str,
    footer: Option<&str>,
) -> anyhow::Result<String> {
    let body = fragment(markdown);
    docs.render(
        TEMPLATE,
        &PageCtx {
            title,
            body: &body,
            footer,
            fonts: &FONT_FACES,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_handlers_never_survive() {
        let html = fragment("ก <script>x</script> [a](javascript:alert(1)) <a onclick=x>b</a>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<a onclick"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "shown as text: {html}");
    }

    #[test]
    fn the_page_embeds_the_font_and_the_footer() {
        let docs = Documents::new(crate::templating::Templates::plain().unwrap(), None).unwrap();
        let html = page(
            &docs,
            "รายงาน <x>",
            "# หัวข้อ\n\nข้อความ",
            Some("SHA-256: abc"),
        )
        .unwrap();
        assert!(html.contains("data:font/woff2;base64,"));
        assert!(html.contains("<h1>หัวข้อ</h1>"), "{html}");
        assert!(html.contains("SHA-256: abc"));
        assert!(html.contains("รายงาน &lt;x&gt;"));
        assert!(html.contains("size: A4"));
    }
}
