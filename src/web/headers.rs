//! Security headers on every response: a Content-Security-Policy without inline script or
//! remote origins, no framing, no MIME sniffing, a referrer policy, `no-store` for anything a
//! signed-in user or a signed link sees, and HSTS when the site is served over https.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

/// Pages: scripts, styles, fonts and images from this origin only; no inline script or style.
pub const CSP_PAGES: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// Stand-alone documents (`…/minutes.html`, `…/report.html`, the public minutes) carry their print stylesheet and
/// fonts inline so that a saved file prints the same anywhere: inline style and `data:` fonts
/// are allowed there, script still is not.
pub const CSP_DOCUMENTS: &str = "default-src 'none'; style-src 'unsafe-inline'; \
     font-src data:; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; \
     form-action 'none'";

/// The middleware.
pub async fn secure(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let personal = is_personal(req.headers(), &path);
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let csp = if path.ends_with(".html") || path.starts_with("/public/minutes/") {
        CSP_DOCUMENTS
    } else {
        CSP_PAGES
    };
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if !h.contains_key(header::REFERRER_POLICY) {
        h.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        );
    }
    if personal && !path.starts_with("/assets/") {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if app.settings.server.base_url.starts_with("https://") {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    res
}

/// Whether the request is a signed-in user's (session cookie or API token) or a signed link's.
fn is_personal(headers: &HeaderMap, path: &str) -> bool {
    path.starts_with("/r/")
        || headers.contains_key(header::AUTHORIZATION)
        || headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .any(|c| {
                c.trim_start()
                    .strip_prefix(crate::auth::session::COOKIE)
                    .is_some_and(|rest| rest.starts_with('='))
            })
}
