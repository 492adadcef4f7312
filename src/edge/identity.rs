//! Who is asking, once per request: the session cookie (pages) or the bearer token (`/api/`)
//! becomes an [`Identity`] in the request extensions; state-changing form posts must carry the
//! CSRF token of their session (or, before sign-in, of the `prachum_csrf` cookie), as a form
//! field (the first field of a multipart form) or a header, never in the URL.

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
/// The form field carrying the CSRF token (the first field of a multipart form).
pub const CSRF_FIELD: &str = "_csrf";
/// Largest form body the CSRF check buffers (multipart bodies are not buffered).
const FORM_LIMIT: usize = 2 * 1024 * 1024;
/// How much of a multipart body the CSRF check reads to find its first field.
const MULTIPART_HEAD_LIMIT: usize = 16 * 1024;

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
    let from_header = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if let Some(sent) = from_header {
        return if constant_time_eq(&sent, &expected) {
            Ok(req)
        } else {
            Err(AppError::CsrfFailed)
        };
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if let Some(boundary) = multipart::boundary(&content_type) {
        return multipart::check_first_field(req, &boundary, &expected).await;
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
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

mod multipart {
    //! The CSRF token of a multipart form is its first field: read just enough of the body to
    //! find it, then hand the handler the whole body (the bytes read, then the rest, unbuffered).

    use axum::body::{Body, Bytes};
    use axum::extract::Request;
    use futures_util::StreamExt;

    use super::{CSRF_FIELD, MULTIPART_HEAD_LIMIT, constant_time_eq};
    use crate::error::AppError;

    /// The boundary of a `multipart/form-data` content type.
    pub fn boundary(content_type: &str) -> Option<String> {
        let (kind, params) = content_type.split_once(';')?;
        if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
            return None;
        }
        params.split(';').find_map(|p| {
            let (k, v) = p.trim().split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case("boundary")
                .then(|| v.trim().trim_matches('"').to_owned())
                .filter(|b| !b.is_empty())
        })
    }

    enum First {
        /// The first field is the token field, with this value.
        Token(String),
        /// The first field is something else.
        Other,
        /// Not enough bytes yet.
        More,
    }

    fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
        hay.windows(needle.len()).position(|w| w == needle)
    }

    fn first_field(buf: &[u8], boundary: &str) -> First {
        let delim = format!("--{boundary}\r\n");
        let Some(start) = find(buf, delim.as_bytes()) else {
            return First::More;
        };
        let head_from = start + delim.len();
        let Some(head_len) = find(&buf[head_from..], b"\r\n\r\n") else {
            return First::More;
        };
        let head = String::from_utf8_lossy(&buf[head_from..head_from + head_len]).to_lowercase();
        let wanted = format!("name=\"{CSRF_FIELD}\"");
        if !head.contains(&wanted) || head.contains("filename=") {
            return First::Other;
        }
        let value_from = head_from + head_len + 4;
        let end = format!("\r\n--{boundary}");
        match find(&buf[value_from..], end.as_bytes()) {
            Some(len) => First::Token(
                String::from_utf8_lossy(&buf[value_from..value_from + len]).into_owned(),
            ),
            None => First::More,
        }
    }

    /// Accepts the request when its first multipart field is `_csrf` with the expected token.
    pub async fn check_first_field(
        req: Request,
        boundary: &str,
        expected: &str,
    ) -> Result<Request, AppError> {
        let (parts, body) = req.into_parts();
        let mut stream = body.into_data_stream();
        let mut buf = Vec::new();
        let sent = loop {
            match first_field(&buf, boundary) {
                First::Token(t) => break t,
                First::Other => return Err(AppError::CsrfFailed),
                First::More if buf.len() > MULTIPART_HEAD_LIMIT => {
                    return Err(AppError::CsrfFailed);
                }
                First::More => match stream.next().await {
                    Some(Ok(chunk)) => buf.extend_from_slice(&chunk),
                    _ => return Err(AppError::CsrfFailed),
                },
            }
        };
        if !constant_time_eq(&sent, expected) {
            return Err(AppError::CsrfFailed);
        }
        let head =
            futures_util::stream::once(async move { Ok::<_, axum::Error>(Bytes::from(buf)) });
        Ok(Request::from_parts(
            parts,
            Body::from_stream(head.chain(stream)),
        ))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn finds_the_token_only_in_the_first_field() {
            assert_eq!(
                boundary("multipart/form-data; boundary=\"abc\"").as_deref(),
                Some("abc")
            );
            assert_eq!(boundary("text/plain; boundary=abc"), None);
            let ok =
                b"--abc\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok\r\n--abc\r\n";
            assert!(matches!(first_field(ok, "abc"), First::Token(t) if t == "tok"));
            assert!(matches!(first_field(&ok[..40], "abc"), First::More));
            let late =
                b"--abc\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nx\r\n--abc\r\n";
            assert!(matches!(first_field(late, "abc"), First::Other));
        }
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
