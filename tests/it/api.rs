//! The JSON API as a contract: bearer tokens, typed JSON errors, the OpenAPI document.

use axum::http::StatusCode;

use crate::helpers::{Grant, TestApp};

#[tokio::test]
async fn a_token_identifies_its_user_and_nothing_else_does() {
    let app = TestApp::spawn().await;
    let id = app
        .account(
            "office@sisaket.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let token = app.token_for(id).await;
    let me = app.api("GET", "/api/v1/me", &token, None).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    let v = me.json();
    assert_eq!(v["email"], "office@sisaket.go.th");
    assert_eq!(v["role"], "provincial_office");
    assert!(v.get("csrf").is_none() && v.get("actor").is_none());

    for bad in ["", "pch_0000", "not-a-token"] {
        let res = app.api("GET", "/api/v1/me", bad, None).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{bad}");
        assert_eq!(res.json()["error"]["code"], "unauthenticated");
        assert_eq!(res.json()["error"]["message"], "กรุณาเข้าสู่ระบบก่อน");
    }
    let missing = app.api("GET", "/api/v1/no-such-thing", &token, None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json()["error"]["code"], "not_found");
}

#[tokio::test]
async fn a_revoked_token_stops_working() {
    let app = TestApp::spawn().await;
    let id = app
        .account("i@moi.go.th", "inspector", Grant::zones(&[14]))
        .await;
    let token = app.token_for(id).await;
    assert_eq!(
        app.api("GET", "/api/v1/me", &token, None).await.status,
        StatusCode::OK
    );
    let rows = prachum::auth::token::list_for_user(&app.state.db, id)
        .await
        .unwrap();
    assert!(
        prachum::auth::token::revoke(&app.state.db, id, rows[0].id, crate::helpers::fixed_now())
            .await
            .unwrap()
    );
    assert_eq!(
        app.api("GET", "/api/v1/me", &token, None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_openapi_document_describes_every_endpoint_with_typed_errors() {
    let app = TestApp::spawn().await;
    let res = app.get("/api/v1/openapi.json").await;
    assert_eq!(res.status, StatusCode::OK);
    let doc = res.json();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.contains_key("/api/v1/me"));
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    assert!(schemas.contains_key("Error"));
    for (path, ops) in paths {
        for (method, op) in ops.as_object().unwrap() {
            if path == "/api/v1/openapi.json" {
                continue;
            }
            assert!(
                op["responses"]["401"].is_object(),
                "{method} {path} documents 401"
            );
            for reference in [&op["requestBody"]["content"]["application/json"]["schema"]["$ref"]] {
                if let Some(r) = reference.as_str() {
                    let name = r.rsplit('/').next().unwrap();
                    assert!(
                        schemas.contains_key(name),
                        "{method} {path}: schema {name} defined"
                    );
                }
            }
        }
    }
}

/// An admin with a token, on the demo data.
async fn admin_on_demo(app: &TestApp) -> String {
    prachum::demo::load(&app.state.db, crate::helpers::fixed_now())
        .await
        .expect("demo");
    let id = app
        .account("admin@moi.go.th", "admin", Grant::default())
        .await;
    app.token_for(id).await
}

fn assert_api_error(
    res: &crate::helpers::TestResponse,
    status: StatusCode,
    code: &str,
    what: &str,
) {
    assert_eq!(res.status, status, "{what}: {}", res.body);
    assert_eq!(
        res.header(axum::http::header::CONTENT_TYPE),
        Some("application/json"),
        "{what}"
    );
    let v = res.json();
    assert_eq!(v["error"]["code"], code, "{what}: {v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{what}"
    );
}

#[tokio::test]
async fn malformed_ids_answer_the_typed_error() {
    let app = TestApp::spawn().await;
    let token = admin_on_demo(&app).await;
    for path in [
        "/api/v1/rounds/abc",
        "/api/v1/rounds/0",
        "/api/v1/rounds/-1",
        "/api/v1/rounds/2147483648",
        "/api/v1/rounds/99999999999999999999999",
        "/api/v1/meetings/1.5",
        "/api/v1/meetings/%20/minutes",
        "/api/v1/actions/x",
        "/api/v1/directives/0",
        "/api/v1/meetings/-3/minutes.pdf",
        "/api/v1/rounds/abc/report.md",
    ] {
        let res = app.api("GET", path, &token, None).await;
        assert_api_error(&res, StatusCode::BAD_REQUEST, "bad_request", path);
    }
    // The largest id is well-formed: not found, not an error.
    let res = app
        .api("GET", "/api/v1/rounds/2147483647", &token, None)
        .await;
    assert_api_error(&res, StatusCode::NOT_FOUND, "not_found", "max id");
    // Without a token, the token is what is wrong.
    let res = app.api("GET", "/api/v1/rounds/abc", "", None).await;
    assert_api_error(
        &res,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
        "no token",
    );
}

#[tokio::test]
async fn huge_or_malformed_paging_is_a_400_and_the_largest_page_is_empty() {
    let app = TestApp::spawn().await;
    let token = admin_on_demo(&app).await;
    for list in [
        "/api/v1/rounds",
        "/api/v1/meetings",
        "/api/v1/directives",
        "/api/v1/actions",
        "/api/v1/admin/users",
    ] {
        for (query, field) in [
            ("page=18446744073709551615", "page"),
            ("page=2147483648", "page"),
            ("page=0", "page"),
            ("per_page=0", "per_page"),
            ("per_page=201", "per_page"),
        ] {
            let path = format!("{list}?{query}");
            let res = app.api("GET", &path, &token, None).await;
            assert_api_error(&res, StatusCode::BAD_REQUEST, "bad_request", &path);
            assert!(res.json()["error"]["fields"][field].is_string(), "{path}");
        }
        for query in [
            "page=-1",
            "page=abc",
            "page=99999999999999999999999",
            "per_page=1e3",
        ] {
            let path = format!("{list}?{query}");
            let res = app.api("GET", &path, &token, None).await;
            assert_api_error(&res, StatusCode::BAD_REQUEST, "bad_request", &path);
        }
        let path = format!("{list}?page=2147483647&per_page=200");
        let res = app.api("GET", &path, &token, None).await;
        assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
        let v = res.json();
        assert_eq!(v["items"].as_array().map(Vec::len), Some(0), "{path}");
        assert_eq!(v["page"], 2147483647_u64, "{path}");
    }
}

#[tokio::test]
async fn malformed_query_values_and_bodies_answer_the_typed_error() {
    let app = TestApp::spawn().await;
    let token = admin_on_demo(&app).await;
    for path in [
        "/api/v1/actions?office=x",
        "/api/v1/actions?meeting=-1",
        "/api/v1/actions?office=2147483648",
        "/api/v1/actions?due_before=yesterday",
        "/api/v1/actions?overdue=maybe",
        "/api/v1/directives?meeting=0",
        "/api/v1/meetings?zone=abc",
        "/api/v1/meetings?q=%00",
        "/api/v1/actions?q=a%00b",
        "/api/v1/rounds?page=1&x=%00",
    ] {
        let res = app.api("GET", path, &token, None).await;
        assert_api_error(&res, StatusCode::BAD_REQUEST, "bad_request", path);
    }
    let raw = |method: &str, path: &str, body: &str| {
        axum::http::Request::builder()
            .method(method)
            .uri(path)
            .header(axum::http::header::AUTHORIZATION, format!("Bearer {token}"))
            .header(axum::http::header::CONTENT_TYPE, "application/json")
            .body(axum::body::Body::from(body.to_owned()))
            .unwrap()
    };
    for (method, path, body) in [
        ("POST", "/api/v1/rounds", "not json"),
        ("POST", "/api/v1/rounds", r#"{"fiscal_year": "x"}"#),
        ("POST", "/api/v1/meetings", "[1, 2"),
        ("POST", "/api/v1/rounds", r#"{"zones": "all"}"#),
        ("POST", "/api/v1/rounds", r#"{"label": "a\u0000b"}"#),
    ] {
        let res = app.request(raw(method, path, body)).await;
        assert_api_error(&res, StatusCode::BAD_REQUEST, "bad_request", body);
    }
    let res = app.request(raw("POST", "/api/v1/rounds", "{}")).await;
    assert_api_error(
        &res,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        "empty round",
    );
    assert!(res.json()["error"]["fields"].is_object());
}

#[tokio::test]
async fn a_number_already_used_in_the_series_is_a_field_error_not_a_500() {
    let app = TestApp::spawn().await;
    let token = admin_on_demo(&app).await;
    let list = app
        .api("GET", "/api/v1/meetings", &token, None)
        .await
        .json();
    let items = list["items"].as_array().expect("items");
    let (a, b) = items
        .iter()
        .flat_map(|a| items.iter().map(move |b| (a, b)))
        .find(|(a, b)| {
            a["id"] != b["id"]
                && !a["series_id"].is_null()
                && a["series_id"] == b["series_id"]
                && a["number"].is_string()
        })
        .expect("two demo meetings of one series");
    let res = app
        .api(
            "PATCH",
            &format!("/api/v1/meetings/{}", b["id"]),
            &token,
            Some(serde_json::json!({"number": a["number"]})),
        )
        .await;
    assert_api_error(
        &res,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        "duplicate number",
    );
    assert!(
        res.json()["error"]["fields"]["number"].is_string(),
        "{}",
        res.body
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_typed_413() {
    let app = TestApp::spawn().await;
    let id = app
        .account("admin@moi.go.th", "admin", Grant::default())
        .await;
    let token = app.token_for(id).await;
    let big = format!(r#"{{"label": "{}"}}"#, "ก".repeat(1024 * 1024));
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/api/v1/rounds")
        .header(axum::http::header::AUTHORIZATION, format!("Bearer {token}"))
        .header(axum::http::header::CONTENT_TYPE, "application/json")
        .body(axum::body::Body::from(big))
        .unwrap();
    let res = app.request(req).await;
    assert_api_error(
        &res,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        "3 MiB body",
    );
}
