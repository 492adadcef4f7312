//! The one template environment: every template embedded at build time (pages, documents and
//! mail) with every filter they use, built and checked once at start, then shared — through
//! `AppState` by the pages and the documents, through `MailConfig` by the mail. The filters that
//! need the web's asset table are added by the web (`web::pages::add_page_functions`).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use minijinja::Environment;
use serde::Serialize;

/// The shared, read-only environment (cheap to clone).
#[derive(Clone)]
pub struct Templates(Arc<Environment<'static>>);

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates").finish_non_exhaustive()
    }
}

impl Templates {
    /// Every template and every filter; `extra` adds what a layer above brings (the web's asset
    /// URLs). Each template is compiled now, so a broken one fails the start, not a request.
    pub fn build(extra: impl FnOnce(&mut Environment<'static>)) -> anyhow::Result<Self> {
        let mut env = Environment::new();
        load_embedded(&mut env);
        add_filters(&mut env);
        extra(&mut env);
        let names: Vec<String> = env.templates().map(|(name, _)| name.to_owned()).collect();
        for name in names {
            env.get_template(&name)
                .map_err(|e| anyhow::anyhow!("template {name}: {e}"))?;
        }
        Ok(Self(Arc::new(env)))
    }

    /// The environment without the web's additions (documents and mail, the command line, tests).
    pub fn plain() -> anyhow::Result<Self> {
        Self::build(|_| {})
    }

    /// Renders a template to a string.
    pub fn render<S: Serialize>(&self, name: &str, ctx: &S) -> anyhow::Result<String> {
        let tmpl = self.0.get_template(name)?;
        Ok(tmpl.render(minijinja::value::Serde(ctx))?)
    }

    /// A template by name, if there is one.
    pub fn get(&self, name: &str) -> Option<minijinja::Template<'_, '_>> {
        self.0.get_template(name).ok()
    }

    /// A template by name; a missing one is an error.
    pub fn template(&self, name: &str) -> anyhow::Result<minijinja::Template<'_, '_>> {
        Ok(self.0.get_template(name)?)
    }
}

/// Adds the templates that build.rs embedded (their syntax was checked at build time).
#[expect(
    clippy::expect_used,
    reason = "minijinja-embed's generated code; an invalid template already fails the build"
)]
fn load_embedded(env: &mut Environment<'static>) {
    minijinja_embed::load_templates!(*env);
}

/// The filters every kind of template may use.
fn add_filters(env: &mut Environment<'static>) {
    env.add_global("app_version", env!("CARGO_PKG_VERSION"));
    // Markdown typed by users becomes HTML with raw HTML neutralised (domain::markdown).
    env.add_filter("markdown", |md: Option<String>| {
        minijinja::Value::from_safe_string(markdown_html(md.as_deref().unwrap_or_default()))
    });
    // The text part of an email: Markdown without its markup.
    env.add_filter("plain", |md: Option<String>| {
        crate::domain::markdown::to_plain_text(md.as_deref().unwrap_or_default())
    });
    // Plain text (names, positions, venues) printed literally inside Markdown documents.
    env.add_filter("md", |s: Option<String>| {
        crate::domain::markdown::escape_inline(s.as_deref().unwrap_or_default())
    });
    // A person's name in a document: printed literally, its spaces no-break (a line never
    // splits it).
    env.add_filter("name", |s: Option<String>| {
        crate::domain::markdown::escape_inline(s.as_deref().unwrap_or_default().trim())
            .replace(' ', "\u{a0}")
    });
    // Thai names of stored codes, and the one date form of tables (`19 เม.ย. 2565`).
    env.add_filter("action_th", |s: String| {
        crate::views::labels::action_th(&s).to_owned()
    });
    env.add_filter("kind_th", |s: String| {
        crate::views::labels::kind_th(&s).to_owned()
    });
    env.add_filter("date_table", |s: Option<String>| {
        s.map(|s| crate::views::labels::date_table(&s))
            .unwrap_or_default()
    });
    // Counts with thousands separators (`10,000`).
    env.add_filter("count", |n: u64| crate::views::labels::thousands(n));
}

/// Markdown typed by users as safe HTML, remembered by source text: the same text always gives
/// the same HTML, and pages repeat texts (directives, progress reports, resolutions). Bounded:
/// cleared when full; long texts are not kept.
fn markdown_html(md: &str) -> String {
    const MAX_ENTRIES: usize = 4_096;
    const MAX_LEN: usize = 2_048;
    static CACHE: LazyLock<Mutex<HashMap<String, String>>> = LazyLock::new(Mutex::default);
    if md.len() > MAX_LEN {
        return crate::domain::markdown::to_safe_html(md);
    }
    if let Some(html) = CACHE.lock().ok().and_then(|c| c.get(md).cloned()) {
        return html;
    }
    let html = crate::domain::markdown::to_safe_html(md);
    if let Ok(mut c) = CACHE.lock() {
        if c.len() >= MAX_ENTRIES {
            c.clear();
        }
        c.insert(md.to_owned(), html.clone());
    }
    html
}
