//! Mail templates: `templates/mail/<kind>.subject.j2`, `<kind>.txt.j2` and `<kind>.html.j2`
//! (minijinja, embedded at build time). Thai first; a kind without a Thai template falls back
//! to `templates/mail/en/<kind>.*`. The HTML body is optional.

use std::sync::OnceLock;

use minijinja::Environment;
use serde::Serialize;

/// A rendered message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// One line.
    pub subject: String,
    /// Plain text.
    pub text: String,
    /// HTML, if the kind has an HTML template.
    pub html: Option<String>,
}

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        load_embedded(&mut env);
        env.add_filter("markdown", |md: Option<String>| {
            minijinja::Value::from_safe_string(crate::domain::markdown::to_safe_html(
                md.as_deref().unwrap_or_default(),
            ))
        });
        // The text part: Markdown without its markup.
        env.add_filter("plain", |md: Option<String>| {
            crate::domain::markdown::to_plain_text(md.as_deref().unwrap_or_default())
        });
        env
    })
}

#[expect(
    clippy::expect_used,
    reason = "minijinja-embed's generated code; an invalid template already fails the build"
)]
fn load_embedded(env: &mut Environment<'static>) {
    minijinja_embed::load_templates!(*env);
}

fn find(kind: &str, part: &str) -> Option<minijinja::Template<'static, 'static>> {
    let e = env();
    e.get_template(&format!("mail/{kind}.{part}.j2"))
        .or_else(|_| e.get_template(&format!("mail/en/{kind}.{part}.j2")))
        .ok()
}

/// Renders the subject, text and HTML of a kind of message.
pub fn render<S: Serialize>(kind: &str, ctx: &S) -> anyhow::Result<Rendered> {
    let value = minijinja::Value::from(minijinja::value::Serde(ctx));
    let subject = find(kind, "subject")
        .ok_or_else(|| anyhow::anyhow!("no subject template for mail kind {kind}"))?
        .render(&value)?;
    let text = find(kind, "txt")
        .ok_or_else(|| anyhow::anyhow!("no text template for mail kind {kind}"))?
        .render(&value)?;
    let html = match find(kind, "html") {
        Some(t) => Some(t.render(&value)?),
        None => None,
    };
    Ok(Rendered {
        subject: one_line(&subject),
        text: format!("{}\n", text.trim_end()),
        html,
    })
}

/// Collapses whitespace (a subject is one line, and NFC).
fn one_line(s: &str) -> String {
    crate::domain::text::normalize_single_line(&s.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_renders() {
        for kind in [
            crate::mail::kind::ACTIONS_ASSIGNED,
            crate::mail::kind::LINK_RENEWED,
        ] {
            assert!(find(kind, "subject").is_some(), "{kind}");
            assert!(find(kind, "txt").is_some(), "{kind}");
        }
        assert!(render("no_such_kind", &()).is_err());
    }
}
