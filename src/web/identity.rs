//! Who is asking, once per request: the session cookie (pages) or the bearer token (`/api/`)
//! becomes an [`Identity`] in the request extensions; state-changing form posts must carry the
//! CSRF token of their session (or, before sign-in, of the `prachum_csrf` cookie).

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::secret::constant_time_eq;
use crate::auth::{Identity, session, token};
use crate::error::AppError;
use crate::state::AppState;

/// The cookie carrying the CSRF token before sign-in (login and setup forms).
pub const CSRF_COOKIE: &str = "prachum_csrf";
/// The form field (or query parameter, for file uploads) carrying the CSRF token.
pub const CSRF_FIELD: &str = "_csrf";
/// Largest form body the CSRF check buffers (file uploads put the token in the query).
const FORM_LIMIT: usize = 2 * 1024 * 1024;

/// A cookie's value from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, and Secure when the site is served over HTTPS.
pub fn set_cookie(app: &AppState, name: &str, value: &str, max_age_secs: i64) -> String {
    let secure = if app.settings.server.base_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}")
}

/// The middleware: resolves the identity and enforces CSRF on form posts.
pub async fn identify(State(app): State<AppState>, req: Request, next: Next) -> Response {
    match resolve(&app, req).await {
        Ok(req) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

async fn resolve(app: &AppState, req: Request) -> Result<Request, AppError> {
    let is_api = req.uri().path().starts_with("/api/");
    let now = app.clock.now();
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // The API takes bearer tokens; a browser session may read it too, but not write
    // (API writes carry no CSRF token).
    let identity = match (
        bearer(req.headers()),
        cookie(req.headers(), session::COOKIE),
    ) {
        (Some(t), _) if is_api => token::resolve(&app.db, t, now).await?,
        (None, Some(t)) if !is_api || !unsafe_method => session::resolve(&app.db, t, now).await?,
        _ => None,
    };
    let req = if unsafe_method && !is_api {
        check_csrf(req, identity.as_ref()).await?
    } else {
        req
    };
    let mut req = req;
    if let Some(identity) = identity {
        req.extensions_mut().insert(identity);
    }
    Ok(req)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// Compares the token sent with the form to the session's (or the pre-sign-in cookie's).
async fn check_csrf(req: Request, identity: Option<&Identity>) -> Result<Request, AppError> {
    let expected = match identity.and_then(|i| i.csrf.clone()) {
        Some(t) => t,
        None => cookie(req.headers(), CSRF_COOKIE)
            .map(str::to_owned)
            .ok_or(AppError::CsrfFailed)?,
    };
    let from_query = req
        .uri()
        .query()
        .and_then(|q| field(q.as_bytes(), CSRF_FIELD));
    let from_header = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if let Some(sent) = from_query.or(from_header) {
        return if constant_time_eq(&sent, &expected) {
            Ok(req)
        } else {
            Err(AppError::CsrfFailed)
        };
    }
    let is_urlencoded = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_urlencoded {
        return Err(AppError::CsrfFailed);
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| AppError::BadRequest("ข้อมูลที่ส่งมามีขนาดใหญ่เกินไป".to_owned()))?;
    match field(&bytes, CSRF_FIELD) {
        Some(sent) if constant_time_eq(&sent, &expected) => {
            Ok(Request::from_parts(parts, axum::body::Body::from(bytes)))
        }
        _ => Err(AppError::CsrfFailed),
    }
}

fn field(encoded: &[u8], name: &str) -> Option<String> {
    form_urlencoded::parse(encoded)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The signed-in user; answers 401 (a redirect to the sign-in page for pages) otherwise.
#[derive(Debug, Clone)]
pub struct Me(pub Identity);

impl FromRequestParts<AppState> for Me {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<Identity>()
            .cloned()
            .map(Me)
            .ok_or(AppError::Unauthenticated)
    }
}

/// The signed-in user, if any.
#[derive(Debug, Clone)]
pub struct MaybeMe(pub Option<Identity>);

impl FromRequestParts<AppState> for MaybeMe {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _: &AppState,
    ) -> Result<Self, std::convert::Infallible> {
        Ok(MaybeMe(parts.extensions.get::<Identity>().cloned()))
    }
}
