//! Test helpers: a fresh database per test, the app around it, and request shortcuts.

pub mod browser;
pub mod commands;
pub mod fixtures;
pub mod moto;
pub mod server;
pub mod session;
pub mod smtp;
pub mod test_db;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use prachum::config::Settings;
use prachum::state::{AppState, Clock};
use tower::ServiceExt;

pub use server::Server;
pub use session::{Client, Grant, PASSWORD};
pub use test_db::TestDb;

/// A migrated database and the application around it.
pub struct TestApp {
    /// The real router.
    pub router: Router,
    /// Its state (database pool, settings, clock).
    pub state: AppState,
    /// Keeps the database alive; drops it at the end.
    pub db: TestDb,
    /// Uploaded evidence files (removed at the end).
    pub files: tempfile::TempDir,
    /// Statements run on the pool so far (for "fixed number of queries" checks).
    pub queries: Arc<AtomicUsize>,
    /// Their SQL, in order (to show which differ when a count does not match).
    pub statements: Arc<std::sync::Mutex<Vec<String>>>,
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
        Self::on(TestDb::new().await).await
    }

    /// The app on an existing test database (e.g. one the CLI has already written to).
    pub async fn on(db: TestDb) -> Self {
        let mut settings = Settings::defaults_with_database(db.url()).expect("test settings");
        let files = tempfile::tempdir().expect("a temp dir for uploaded files");
        settings.storage.files_dir = files.path().to_path_buf();
        let mut conn = prachum::db::connect(&settings.database)
            .await
            .expect("connect to the test database");
        let queries = Arc::new(AtomicUsize::new(0));
        let counter = queries.clone();
        let statements = Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = statements.clone();
        conn.set_metric_callback(move |info| {
            counter.fetch_add(1, Ordering::Relaxed);
            if let Ok(mut log) = log.lock() {
                log.push(info.statement.sql.clone());
            }
        });
        prachum::db::migrate(&conn).await.expect("migrate");
        let state = AppState::new(conn, settings, Clock::Fixed(fixed_now())).expect("state");
        Self {
            router: prachum::router(state.clone()),
            state,
            db,
            files,
            queries,
            statements,
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
            bytes: bytes.to_vec(),
        }
    }

    /// How many statements the pool ran while `f` ran.
    pub async fn count_queries<F: std::future::Future>(&self, f: F) -> (F::Output, usize) {
        let before = self.queries.load(Ordering::SeqCst);
        let out = f.await;
        (out, self.queries.load(Ordering::SeqCst) - before)
    }

    /// The SQL of the statements run while `f` ran.
    pub async fn statements_of<F: std::future::Future>(&self, f: F) -> (F::Output, Vec<String>) {
        let before = self.statements.lock().map(|l| l.len()).unwrap_or(0);
        let out = f.await;
        let after = self
            .statements
            .lock()
            .map(|l| l[before..].to_vec())
            .unwrap_or_default();
        (out, after)
    }

    /// A request with a bearer token.
    pub async fn api(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<serde_json::Value>,
    ) -> TestResponse {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"));
        let body = match body {
            Some(v) => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.request(req.body(body).expect("request")).await
    }

    /// An API token for an account.
    pub async fn token_for(&self, user_id: i32) -> String {
        prachum::auth::token::create(&self.state.db, user_id, "test", fixed_now())
            .await
            .expect("token")
            .1
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
    /// Body as bytes (PDFs).
    pub bytes: Vec<u8>,
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
