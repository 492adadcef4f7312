//! `Pages`: the minijinja environment with every template embedded at build time, and helpers
//! to render them. `*.html.j2` templates are auto-escaped; `*.md.j2` and `*.txt.j2` are not.

use axum::response::{Html, IntoResponse, Response};
use minijinja::Environment;
use minijinja::value::{Serde, Value};
use serde::Serialize;

use super::assets;
use crate::auth::Identity;
use crate::domain::status::Role;
use crate::error::AppError;

/// The template environment, built once at start.
pub struct Pages {
    env: Environment<'static>,
}

impl Pages {
    /// Loads every embedded template; a broken template fails the build (build.rs) or here.
    pub fn new() -> anyhow::Result<Self> {
        let mut env = Environment::new();
        crate::documents::load_embedded(&mut env);
        env.add_global("app_version", env!("CARGO_PKG_VERSION"));
        // Asset URLs are built by us from a fixed table: safe to emit unescaped.
        env.add_function("asset_url", |path: &str| {
            minijinja::Value::from_safe_string(assets::url(path))
        });
        // Markdown typed by users becomes HTML with raw HTML neutralised (domain::markdown).
        env.add_filter("markdown", |md: Option<String>| {
            minijinja::Value::from_safe_string(crate::domain::markdown::to_safe_html(
                md.as_deref().unwrap_or_default(),
            ))
        });
        // Thai names of stored codes, and the one date form of tables (`19 เม.ย. 2565`).
        env.add_filter("action_th", |s: String| {
            super::labels::action_th(&s).to_owned()
        });
        env.add_filter("kind_th", |s: String| super::labels::kind_th(&s).to_owned());
        env.add_filter("date_table", |s: Option<String>| {
            s.map(|s| super::labels::date_table(&s)).unwrap_or_default()
        });
        // Every template must compile now, not at first use.
        let names: Vec<String> = env.templates().map(|(name, _)| name.to_owned()).collect();
        for name in names {
            env.get_template(&name)
                .map_err(|e| anyhow::anyhow!("template {name}: {e}"))?;
        }
        Ok(Self { env })
    }

    /// Renders a template to a string.
    pub fn render<S: Serialize>(&self, name: &str, ctx: &S) -> anyhow::Result<String> {
        let tmpl = self.env.get_template(name)?;
        Ok(tmpl.render(minijinja::value::Serde(ctx))?)
    }

    /// Renders a page for a (possibly anonymous) user: the template also sees `me` (the
    /// identity), `csrf` (the form token: the session's, else the page context's own `csrf`,
    /// e.g. the pre-sign-in cookie's token on the answer-link page) and `nav` (the menu).
    pub fn page<S: Serialize>(
        &self,
        me: Option<&Identity>,
        name: &str,
        ctx: &S,
    ) -> Result<Response, AppError> {
        let ctx = Value::from(Serde(ctx));
        // The session's token wins; without a session, keep the token the page brought (a
        // visitor's form cookie) instead of blanking it.
        let csrf = match me.and_then(|m| m.csrf.clone()) {
            Some(t) => Value::from(t),
            None => ctx.get_attr("csrf").unwrap_or(Value::UNDEFINED),
        };
        let nav = me.map(|m| nav_for(m.role)).unwrap_or_default();
        let role_th = me.map(|m| m.role.label_th());
        let merged = minijinja::context! {
            me => Value::from(Serde(me)),
            role_th => role_th,
            csrf => csrf,
            nav => Value::from(Serde(nav)),
            flash => super::flash::current(),
            ..ctx
        };
        let tmpl = self.env.get_template(name).map_err(anyhow::Error::from)?;
        let html = tmpl.render(merged).map_err(anyhow::Error::from)?;
        Ok(Html(html).into_response())
    }
}

/// One menu entry.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    /// Link.
    pub href: &'static str,
    /// Thai label.
    pub label: &'static str,
}

/// The main menu for a role.
pub fn nav_for(role: Role) -> Vec<NavItem> {
    let item = |href, label| NavItem { href, label };
    let mut items = vec![
        item("/meetings", "การประชุม"),
        item("/actions", "การดำเนินการ"),
    ];
    if role != Role::AgencyHead {
        items.insert(0, item("/rounds", "รอบการตรวจ"));
        items.push(item("/series", "คณะ/ชุดการประชุม"));
    }
    if matches!(role, Role::Admin | Role::ProvincialOffice) {
        items.push(item("/offices", "หน่วยงาน"));
    }
    if role == Role::Admin {
        items.push(item("/admin", "ผู้ดูแลระบบ"));
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Ctx {
        status: u16,
        message: &'static str,
    }

    #[test]
    fn html_templates_escape_user_text() {
        let pages = Pages::new().expect("templates load");
        let html = pages
            .render(
                "errors/error.html.j2",
                &Ctx {
                    status: 409,
                    message: "<script>alert(1)</script>",
                },
            )
            .expect("render");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script>alert"));
    }
}
