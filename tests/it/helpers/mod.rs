//! Test helpers: a fresh database per test, the app around it, and request shortcuts.

pub mod browser;
pub mod server;
pub mod test_db;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use prachum::config::Settings;
use prachum::state::{AppState, Clock};
use tower::ServiceExt;

pub use server::Server;
pub use test_db::TestDb;

/// A migrated database and the application around it.
pub struct TestApp {
    /// The real router.
    pub router: Router,
    /// Its state (database pool, settings, clock).
    pub state: AppState,
    /// Keeps the database alive; drops it at the end.
    pub db: TestDb,
    /// The router on a real TCP port, once [`TestApp::serve`] has been called; stopped on drop.
    server: std::sync::OnceLock<Server>,
}

/// A fixed "now" for tests: 23 Nov 2026 09:00 in Bangkok.
pub fn fixed_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T09:00:00+07:00")
        .expect("valid instant")
        .with_timezone(&Utc)
}

impl TestApp {
    /// A fresh, migrated database with reference data, and the app on it.
    pub async fn spawn() -> Self {
        let db = TestDb::new().await;
        let settings = Settings::defaults_with_database(db.url()).expect("test settings");
        let conn = prachum::db::connect(&settings.database)
            .await
            .expect("connect to the test database");
        prachum::db::migrate(&conn).await.expect("migrate");
        let state = AppState::new(conn, settings, Clock::Fixed(fixed_now())).expect("state");
        Self {
            router: prachum::router(state.clone()),
            state,
            db,
            server: std::sync::OnceLock::new(),
        }
    }

    /// Serves the router on a free port of 127.0.0.1 (for a real browser) and returns the base
    /// URL, e.g. `http://127.0.0.1:41234`. Calling it again returns the same URL. The server stops
    /// when the `TestApp` is dropped.
    pub async fn serve(&self) -> String {
        if let Some(server) = self.server.get() {
            return server.base_url.clone();
        }
        let server = Server::start(self.router.clone()).await;
        let url = server.base_url.clone();
        // Only `&self` is shared: if another call won the race, ours is dropped (and stopped).
        let _ = self.server.set(server);
        self.server.get().map_or(url, |s| s.base_url.clone())
    }

    /// Sends a request through the router.
    pub async fn request(&self, req: Request<Body>) -> TestResponse {
        let res = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("router never fails");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// GET a path.
    pub async fn get(&self, path: &str) -> TestResponse {
        self.request(Request::get(path).body(Body::empty()).expect("request"))
            .await
    }
}

/// A collected response.
pub struct TestResponse {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    pub headers: axum::http::HeaderMap,
    /// Body as text.
    pub body: String,
}

impl TestResponse {
    /// The body parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// A header as text.
    pub fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}
