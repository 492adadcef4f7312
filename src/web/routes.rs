//! The pages' routes are registered through [`Routes`], which wraps [`Router::route`] and records
//! each `(method, path)` it registers: the router and its route list (read by the access matrix,
//! `tests/it/access.rs`, through [`super::route_table`]) come from the same calls and cannot drift.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{self, MethodRouter};

use crate::state::AppState;

/// A router of pages and the `(method, path)` of every route registered on it.
#[derive(Debug)]
#[must_use]
pub struct Routes {
    router: Router<AppState>,
    table: Vec<(Method, &'static str)>,
}

impl Default for Routes {
    fn default() -> Self {
        Self::new()
    }
}

impl Routes {
    /// No routes yet.
    pub fn new() -> Self {
        Self {
            router: Router::new(),
            table: Vec::new(),
        }
    }

    /// `GET path` (and `HEAD`, as axum does for every `GET`).
    pub fn get<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.on(Method::GET, path, routing::get(handler))
    }

    /// `POST path`.
    pub fn post<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.on(Method::POST, path, routing::post(handler))
    }

    /// `POST path` without the router's default body limit: an upload, whose handler enforces
    /// its own limits file by file.
    pub fn upload<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.on(
            Method::POST,
            path,
            routing::post(handler).layer(DefaultBodyLimit::disable()),
        )
    }

    /// Registers one method of a path (a second method of the same path is merged into it by
    /// axum, like `get(a).post(b)`).
    fn on(mut self, method: Method, path: &'static str, route: MethodRouter<AppState>) -> Self {
        self.router = self.router.route(path, route);
        self.table.push((method, path));
        self
    }

    /// Adds another area's routes.
    pub fn merge(mut self, other: Self) -> Self {
        self.router = self.router.merge(other.router);
        self.table.extend(other.table);
        self
    }

    /// The `(method, path)` of every route, in the order registered.
    pub fn table(&self) -> &[(Method, &'static str)] {
        &self.table
    }

    /// The router itself.
    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}
