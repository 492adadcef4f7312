//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 document, generated once from the handlers'
//! `#[utoipa::path]` attributes and the schemas they name, plus the error responses every
//! operation shares.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::schema::Error;
use crate::state::AppState;

/// The document's fixed parts; the paths come from the routers.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Prachum API",
        description = "Inspection rounds, meetings, directives, actions and updates, within the caller's scope. Dates are ISO 8601 (Christian Era); Thai text is NFC. Every error answers `{\"error\": {\"code\", \"message\", \"fields\"}}`."
    ),
    servers((url = "/")),
    security(("bearer" = [])),
    components(schemas(Error)),
    modifiers(&Bearer)
)]
struct ApiDoc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let mut http = Http::new(HttpAuthScheme::Bearer);
        http.description =
            Some("A token from `prachum token create` or the page /account/tokens".to_owned());
        doc.components
            .get_or_insert_with(Default::default)
            .add_security_scheme("bearer", SecurityScheme::Http(http));
    }
}

/// Routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(serve))
}

/// This document (no token needed).
#[utoipa::path(get, path = "/openapi.json", tag = "meta", security(()),
    responses((status = 200, description = "The OpenAPI 3.1 document", body = Object)))]
async fn serve() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], text())
}

/// The document as served, built on first use.
pub fn text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| document().to_json().unwrap_or_else(|_| "{}".to_owned()))
}

fn error(description: &str) -> RefOr<Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Error")))
                    .build(),
            )
            .build(),
    )
}

/// Adds the error responses shared by every operation behind a token.
fn add_errors(op: &mut Operation) {
    if op
        .security
        .as_ref()
        .is_some_and(|s| s.iter().all(|r| r == &Default::default()))
    {
        return;
    }
    let mut codes = vec![
        ("400", "Malformed path, query or body (`bad_request`)"),
        ("401", "No valid token (`unauthenticated`)"),
        ("403", "Not allowed (`forbidden`)"),
        (
            "404",
            "Not found or outside the caller's scope (`not_found`)",
        ),
        (
            "409",
            "Refused by a rule or stale (`rule_violation`, `stale_revision`)",
        ),
        ("422", "Invalid fields (`validation_failed`, with `fields`)"),
    ];
    if op.request_body.is_some() {
        codes.push(("413", "Body larger than 2 MiB (`payload_too_large`)"));
    }
    for (code, description) in codes {
        op.responses
            .responses
            .entry(code.to_owned())
            .or_insert_with(|| error(description));
    }
}

/// The whole document, paths under `/api/v1`.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api/v1", super::documented())
        .into_openapi();
    for (path, item) in doc.paths.paths.iter_mut() {
        let tail = path.strip_prefix("/api/v1").unwrap_or(path);
        for (method, op) in [
            ("get", &mut item.get),
            ("put", &mut item.put),
            ("post", &mut item.post),
            ("delete", &mut item.delete),
            ("patch", &mut item.patch),
        ] {
            let Some(op) = op else { continue };
            // Unique and stable: `get_rounds__id`, as the hand-written document named them.
            op.operation_id = Some(format!(
                "{method}_{}",
                tail.replace(['/', '{', '}'], "_").trim_matches('_')
            ));
            add_errors(op);
        }
    }
    doc
}
