//! The web application: one `router(state)` for `main` and the tests, its layers (request id,
//! tracing, panic catching, error pages) and the area routers.

pub mod account;
pub mod actions;
pub mod admin;
pub mod agenda;
pub mod api_docs;
pub mod assets;
pub mod attendance;
pub mod auth;
pub mod calendar;
pub mod content_cache;
pub mod dashboard;
pub mod dashboard_export;
pub mod deliveries;
pub mod directives;
pub mod exports;
pub mod flash;
pub mod form;
pub mod headers;
pub mod health;
pub mod home;
pub mod links;
pub mod meetings;
pub mod minutes;
pub mod offices;
pub mod pages;
pub mod rounds;
pub mod routes;
pub mod search;
pub mod series;
pub mod upload;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::NotForContentType;
use tower_http::compression::{CompressionLayer, CompressionLevel, DefaultPredicate, Predicate};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use crate::domain::fields::FieldErrors;
use crate::error::{AppError, ErrorInfo, InternalCause};
use crate::state::AppState;
use routes::Routes;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The pages' routes (the API's are nested under `/api/v1` by [`router`]).
fn pages() -> Routes {
    Routes::new()
        .get("/", home::index)
        .get("/healthz", health::show)
        .get("/assets/{*path}", assets::serve)
        .merge(auth::routes())
        .merge(account::routes())
        .merge(calendar::routes())
        .merge(admin::routes())
        .merge(rounds::routes())
        .merge(meetings::routes())
        .merge(series::routes())
        .merge(agenda::routes())
        .merge(attendance::routes())
        .merge(directives::routes())
        .merge(actions::routes())
        .merge(dashboard::routes())
        .merge(search::routes())
        .merge(exports::routes())
        .merge(minutes::routes())
        .merge(links::routes())
        .merge(deliveries::routes())
        .merge(offices::routes())
        .merge(api_docs::routes())
}

/// Every `(method, path)` the application serves: the pages' as registered on their router
/// ([`Routes`]) and the API's as registered with their OpenAPI documentation (`utoipa_axum`'s
/// `routes!`), prefixed with `/api/v1`. `GET` stands for `GET` and `HEAD`.
pub fn route_table() -> Vec<(Method, String)> {
    let mut out: Vec<(Method, String)> = pages()
        .table()
        .iter()
        .map(|(m, p)| (m.clone(), (*p).to_owned()))
        .collect();
    out.extend(
        crate::api::route_table()
            .into_iter()
            .map(|(m, p)| (m, format!("/api/v1{p}"))),
    );
    out
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    pages()
        .into_router()
        .nest("/api/v1", crate::api::router())
        .fallback(fallback)
        .layer(CatchPanicLayer::custom(|_panic| {
            AppError::Internal(anyhow::anyhow!("a request handler panicked")).into_response()
        }))
        .layer(middleware::from_fn_with_state(state.clone(), flash::layer))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::edge::identity::identify,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), error_pages))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            headers::secure,
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    let route = req
                        .extensions()
                        .get::<MatchedPath>()
                        .map_or("(unmatched)", MatchedPath::as_str);
                    let request_id = req
                        .headers()
                        .get(&REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    // Path only, never the query string (it may carry personal data); an
                    // answer link's or a calendar feed's path is its credential, so only its
                    // route is logged.
                    let path = if req.uri().path().starts_with("/r/") {
                        "/r/[token]"
                    } else if req.uri().path().starts_with("/calendar/")
                        && !req.uri().path().starts_with("/calendar/province/")
                    {
                        "/calendar/[token].ics"
                    } else {
                        req.uri().path()
                    };
                    tracing::info_span!("http", method = %req.method(), route, path, request_id)
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        // gzip for clients that ask (pages shrink ~10x); fastest level: CPU is the budget.
        // PDFs and XLSX workbooks (ZIP) are compressed already.
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Fastest)
                .compress_when(
                    DefaultPredicate::new()
                        .and(NotForContentType::const_new("application/pdf"))
                        .and(NotForContentType::const_new(crate::export::XLSX_TYPE)),
                ),
        )
        .with_state(state)
}

async fn fallback() -> AppError {
    AppError::NotFound
}

#[derive(Serialize)]
struct ApiError<'a> {
    error: ApiErrorBody<'a>,
}

#[derive(Serialize)]
struct ApiErrorBody<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<&'a FieldErrors>,
}

#[derive(Serialize)]
struct ErrorPage<'a> {
    status: u16,
    message: &'a str,
    /// The page the person came from on this site, for a "back" link.
    back: Option<String>,
}

/// The path of the referring page if it is on this site (same host), else `None`.
fn same_site_referer(req: &Request) -> Option<String> {
    let host = req.headers().get(header::HOST)?.to_str().ok()?;
    let referer = req.headers().get(header::REFERER)?.to_str().ok()?;
    let rest = referer.split_once("://")?.1;
    let path = rest.strip_prefix(host)?;
    path.starts_with('/').then(|| path.to_owned())
}

/// Turns an [`ErrorInfo`] left on a response into a Thai page (or a JSON error under `/api/`)
/// and logs internal errors, once.
async fn error_pages(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let wanted = req.uri().path_and_query().map(|p| p.as_str().to_owned());
    let back = same_site_referer(&req);
    let session = crate::edge::identity::cookie(req.headers(), crate::auth::session::COOKIE)
        .map(str::to_owned);
    let mut res = next.run(req).await;
    let Some(info) = res.extensions_mut().remove::<ErrorInfo>() else {
        return res;
    };
    if let Some(InternalCause(cause)) = res.extensions_mut().remove::<InternalCause>() {
        tracing::error!(error = format!("{cause:#}"), "request failed");
    }
    let retry_after = res.headers().get(header::RETRY_AFTER).cloned();
    let mut res = error_response(&app, info, is_api, wanted, back, session).await;
    if let Some(v) = retry_after {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

/// The page (or JSON body) of an error.
async fn error_response(
    app: &AppState,
    info: ErrorInfo,
    is_api: bool,
    wanted: Option<String>,
    back: Option<String>,
    session: Option<String>,
) -> Response {
    if is_api {
        let body = ApiError {
            error: ApiErrorBody {
                code: info.code,
                message: &info.message,
                fields: (!info.fields.is_empty()).then_some(&info.fields),
            },
        };
        return (info.status, axum::Json(body)).into_response();
    }
    if info.status == StatusCode::UNAUTHORIZED {
        let next = wanted.unwrap_or_default();
        let to = format!(
            "/login?next={}",
            form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
        );
        return Redirect::to(&to).into_response();
    }
    let template = match info.status {
        StatusCode::NOT_FOUND => "errors/404.html.j2",
        StatusCode::INTERNAL_SERVER_ERROR => "errors/500.html.j2",
        _ => "errors/error.html.j2",
    };
    let page = ErrorPage {
        status: info.status.as_u16(),
        message: &info.message,
        back,
    };
    // The signed-in header (menu, name, sign-out) stays on error pages.
    let me = match session {
        Some(t) if info.status != StatusCode::INTERNAL_SERVER_ERROR => {
            crate::auth::session::resolve(&app.db, &t, app.clock.now())
                .await
                .ok()
                .flatten()
        }
        _ => None,
    };
    match app.pages.page(me.as_ref(), template, &page) {
        Ok(mut res) => {
            *res.status_mut() = info.status;
            res.headers_mut().insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-store"),
            );
            res
        }
        Err(e) => {
            tracing::error!(error = %e, "error page failed to render");
            (info.status, "ระบบขัดข้อง").into_response()
        }
    }
}
