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
