//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 document, assembled from every area's endpoint
//! table and schemas, so a route cannot be documented in one place and served in another
//! without the test that compares them failing.

use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Map, Value, json};

use super::{Endpoint, actions, directives, me, meetings, minutes, rounds};
use crate::state::AppState;

/// Every documented endpoint.
pub fn endpoints() -> Vec<Endpoint> {
    [
        me::ENDPOINTS,
        rounds::ENDPOINTS,
        meetings::ENDPOINTS,
        directives::ENDPOINTS,
        actions::ENDPOINTS,
        minutes::ENDPOINTS,
    ]
    .concat()
}

/// Every schema.
pub fn schemas() -> Vec<(&'static str, Value)> {
    [
        me::schemas(),
        rounds::schemas(),
        meetings::schemas(),
        directives::schemas(),
        actions::schemas(),
        minutes::schemas(),
    ]
    .concat()
}

/// Routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/openapi.json", get(|| async { Json(document()) }))
}

fn error_schema() -> Value {
    json!({
        "type": "object",
        "required": ["error"],
        "properties": {"error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "examples": ["not_found", "validation_failed", "unauthenticated", "forbidden", "rule_violation"]},
                "message": {"type": "string", "description": "Thai, fit to show"},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}}
            }
        }}
    })
}

fn response_for(e: &Endpoint) -> Value {
    let item = json!({"$ref": format!("#/components/schemas/{}", e.response)});
    let schema = if e.list {
        json!({
            "type": "object",
            "required": ["items", "page", "per_page", "total", "pages"],
            "properties": {
                "items": {"type": "array", "items": item},
                "page": {"type": "integer"}, "per_page": {"type": "integer"},
                "total": {"type": "integer"}, "pages": {"type": "integer"}
            }
        })
    } else {
        item
    };
    json!({"description": "OK", "content": {"application/json": {"schema": schema}}})
}

fn operation(e: &Endpoint) -> Value {
    let err = json!({"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let mut responses = Map::new();
    responses.insert(e.status.to_string(), response_for(e));
    for code in ["401", "403", "404"] {
        responses.insert(code.to_owned(), err.clone());
    }
    if e.request.is_some() {
        responses.insert("422".to_owned(), err.clone());
        responses.insert("409".to_owned(), err);
    }
    let mut params: Vec<Value> = e
        .path
        .split('/')
        .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "integer"}}))
        .collect();
    if e.list {
        for name in ["page", "per_page"] {
            params.push(
                json!({"name": name, "in": "query", "schema": {"type": "integer", "minimum": 1}}),
            );
        }
    }
    let mut op = json!({
        "tags": [e.tag],
        "summary": e.summary,
        "operationId": format!("{}_{}", e.method, e.path.replace(['/', '{', '}'], "_").trim_matches('_')),
        "parameters": params,
        "responses": responses,
    });
    if let Some(req) = e.request {
        op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{req}")}}}});
    }
    op
}

/// The whole document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for e in endpoints() {
        let entry = paths
            .entry(format!("/api/v1{}", e.path))
            .or_insert_with(|| json!({}));
        entry[e.method] = operation(&e);
    }
    let mut components = Map::new();
    components.insert("Error".to_owned(), error_schema());
    for (name, schema) in schemas() {
        components.insert(name.to_owned(), schema);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Prachum API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Inspection rounds, meetings, directives, actions and updates, within the caller's scope. Dates are ISO 8601 (Christian Era); Thai text is NFC."
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "A token from `prachum token create` or the page /account/tokens"}}
        }
    })
}
