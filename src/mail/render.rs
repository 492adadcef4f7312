//! Mail templates: `templates/mail/<kind>.subject.j2`, `<kind>.txt.j2` and `<kind>.html.j2`
//! in the shared template environment ([`crate::templating`]). Thai only; the HTML body is
//! optional.

use serde::Serialize;

use crate::templating::Templates;

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

fn find<'t>(
    templates: &'t Templates,
    kind: &str,
    part: &str,
) -> Option<minijinja::Template<'t, 't>> {
    templates.get(&format!("mail/{kind}.{part}.j2"))
}

/// Renders the subject, text and HTML of a kind of message.
pub fn render<S: Serialize>(
    templates: &Templates,
    kind: &str,
    ctx: &S,
) -> anyhow::Result<Rendered> {
    let value = minijinja::Value::from(minijinja::value::Serde(ctx));
    let subject = find(templates, kind, "subject")
        .ok_or_else(|| anyhow::anyhow!("no subject template for mail kind {kind}"))?
        .render(&value)?;
    let text = find(templates, kind, "txt")
        .ok_or_else(|| anyhow::anyhow!("no text template for mail kind {kind}"))?
        .render(&value)?;
    let html = match find(templates, kind, "html") {
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
        let templates = Templates::plain().expect("templates");
        for kind in [
            crate::mail::kind::ACTIONS_ASSIGNED,
            crate::mail::kind::LINK_RENEWED,
        ] {
            assert!(find(&templates, kind, "subject").is_some(), "{kind}");
            assert!(find(&templates, kind, "txt").is_some(), "{kind}");
        }
        assert!(render(&templates, "no_such_kind", &()).is_err());
    }
}
