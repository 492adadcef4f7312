//! `Pages`: the minijinja environment with every template embedded at build time, and helpers
//! to render them. `*.html.j2` templates are auto-escaped; `*.md.j2` and `*.txt.j2` are not.

use std::sync::Arc;

use axum::response::{Html, IntoResponse, Response};
use minijinja::value::{Serde, Value};
use serde::Serialize;

use super::assets;
use super::content_cache::{ContentCache, Key, Rendered};
use crate::auth::Identity;
use crate::domain::status::Role;
use crate::error::AppError;
use crate::templating::Templates;

/// The pages: the shared template environment and the content cache.
pub struct Pages {
    env: Templates,
    cache: ContentCache,
}

/// What only pages use: asset URLs, built by us from a fixed table (safe to emit unescaped).
pub fn add_page_functions(env: &mut minijinja::Environment<'static>) {
    env.add_function("asset_url", |path: &str| {
        minijinja::Value::from_safe_string(assets::url(path))
    });
}

impl Pages {
    /// The pages over the shared environment (see [`crate::templating`]).
    pub fn new(env: Templates) -> Self {
        Self {
            env,
            cache: ContentCache::default(),
        }
    }

    /// Renders a template to a string.
    pub fn render<S: Serialize>(&self, name: &str, ctx: &S) -> anyhow::Result<String> {
        self.env.render(name, ctx)
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
        let tmpl = self.env.template(name)?;
        let html = tmpl.render(merged).map_err(anyhow::Error::from)?;
        Ok(Html(html).into_response())
    }
}

impl Pages {
    /// Entries in the content cache.
    pub fn cached_entries(&self) -> usize {
        self.cache.len()
    }

    /// The content stored for `key`, if a reader with the same role and scope rendered it at
    /// the same data version today.
    pub fn cached(&self, key: &Key) -> Option<Arc<Rendered>> {
        self.cache.get(key)
    }

    /// Renders the `title` and `content` blocks of page template `name` alone (through the
    /// `layout` variable its `extends` reads) and stores them under `key`. The blocks see the
    /// page context and only the viewer's role as `me`: never a name, an email or a form
    /// token, which belong to one user and are rendered by the layout on every request.
    pub fn render_content<S: Serialize>(
        &self,
        key: Key,
        role: Role,
        name: &str,
        ctx: &S,
    ) -> Result<Arc<Rendered>, AppError> {
        let ctx = Value::from(Serde(ctx));
        let block = |layout: &str| -> Result<String, AppError> {
            let merged = minijinja::context! {
                me => minijinja::context! { role => role.as_str() },
                layout => layout,
                ..ctx.clone()
            };
            let tmpl = self.env.template(name)?;
            Ok(tmpl.render(merged).map_err(anyhow::Error::from)?)
        };
        let rendered = Rendered {
            title: block("_title_only.html.j2")?,
            content: block("_content_only.html.j2")?,
        };
        Ok(self.cache.put(key, rendered))
    }

    /// The page around content rendered by [`Self::render_content`], for this user (menu,
    /// name, form token and flash message rendered now).
    pub fn cached_page(
        &self,
        me: Option<&Identity>,
        rendered: &Rendered,
    ) -> Result<Response, AppError> {
        let ctx = minijinja::context! {
            cached_title => Value::from_safe_string(rendered.title.clone()),
            cached_content => Value::from_safe_string(rendered.content.clone()),
        };
        self.page(me, "_cached_page.html.j2", &ctx)
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
        item("/dashboard", "ภาพรวม"),
        item("/meetings", "การประชุม"),
        item("/actions", "การดำเนินการ"),
        item("/search", "ค้นหา"),
    ];
    if role != Role::AgencyHead {
        items.insert(1, item("/rounds", "รอบการตรวจ"));
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
        let pages = Pages::new(Templates::build(add_page_functions).expect("templates load"));
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
