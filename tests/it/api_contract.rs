//! The API against its OpenAPI document: every route is documented and every documented
//! operation is routed (read from the router itself), and real responses validate against
//! the documented schemas — strictly: a field the schema does not name is an error.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use serde_json::Value;

use crate::helpers::{Grant, TestApp};

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

/// Every path of the API router, under `/api/v1`, read from its `Debug` output (axum has no
/// public route listing; its route table prints as `paths: {RouteId(n): "/path", …}`).
fn routed_paths() -> BTreeSet<String> {
    let dbg = format!("{:?}", prachum::api::router());
    let at = dbg
        .find("paths: {")
        .expect("axum's Router Debug lists paths")
        + "paths: {".len();
    let end = at + dbg[at..].find("\"}").expect("end of paths") + 1;
    dbg[at..end]
        .split(", ")
        .map(|entry| {
            let (_, path) = entry.split_once(": ").expect("RouteId(n): \"path\"");
            format!("/api/v1{}", path.trim_matches('"'))
        })
        .collect()
}

fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for m in METHODS {
            if item.get(m).is_some() {
                out.insert((m.to_owned(), path.clone()));
            }
        }
    }
    out
}

#[tokio::test]
async fn every_route_is_documented_and_every_documented_operation_is_routed() {
    let app = TestApp::spawn().await;
    let doc = app.get("/api/v1/openapi.json").await.json();
    let documented = documented(&doc);
    let paths = routed_paths();
    assert!(
        paths.contains("/api/v1/me"),
        "the router listing works: {paths:?}"
    );
    let documented_paths: BTreeSet<String> = documented.iter().map(|(_, p)| p.clone()).collect();
    assert_eq!(
        paths, documented_paths,
        "paths of the router and of the document"
    );

    // The methods each path answers, asked of the real application: a routed method reaches
    // its handler (an id of 0 is refused by the handler's own extractor with the typed 400), an
    // unrouted one is axum's 405.
    let id = app
        .account("admin@moi.go.th", "admin", Grant::default())
        .await;
    let token = app.token_for(id).await;
    let mut routed = BTreeSet::new();
    for path in &paths {
        for method in METHODS {
            let res = app
                .api(
                    &method.to_uppercase(),
                    &path.replace("{id}", "0"),
                    &token,
                    None,
                )
                .await;
            if res.status == StatusCode::METHOD_NOT_ALLOWED {
                continue;
            }
            routed.insert((method.to_owned(), path.clone()));
            if path.contains("{id}") {
                assert_eq!(
                    res.status,
                    StatusCode::BAD_REQUEST,
                    "{method} {path}: {}",
                    res.body
                );
                assert_eq!(
                    res.json()["error"]["code"],
                    "bad_request",
                    "{method} {path}"
                );
            }
        }
    }
    let undocumented: Vec<_> = routed.difference(&documented).collect();
    let unrouted: Vec<_> = documented.difference(&routed).collect();
    assert!(
        undocumented.is_empty(),
        "routes without documentation: {undocumented:?}"
    );
    assert!(
        unrouted.is_empty(),
        "documented but not routed: {unrouted:?}"
    );
    for (method, path) in &documented {
        let op = &doc["paths"][path.as_str()][method.as_str()];
        if op["security"] == serde_json::json!([{}]) {
            continue;
        }
        for code in ["400", "401", "403", "404", "422"] {
            assert!(
                op["responses"][code].is_object(),
                "{method} {path} documents {code}"
            );
        }
    }
}

/// Resolves `#/components/schemas/X`.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.trim_start_matches("#/components/schemas/");
            let target = &doc["components"]["schemas"][name];
            assert!(!target.is_null(), "schema {name} is defined");
            resolve(doc, target)
        }
        None => schema,
    }
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => false,
    }
}

/// A small, strict JSON Schema check of the subset utoipa writes: `$ref`, `type` (one or a
/// list), `enum`, `oneOf`/`anyOf`/`allOf`, `properties`/`required`/`additionalProperties`,
/// `items`, `minimum`/`maximum`. An object with `properties` and no `additionalProperties`
/// refuses fields it does not name (stricter than JSON Schema, to catch undocumented fields).
fn check(doc: &Value, schema: &Value, v: &Value, at: &str, errs: &mut Vec<String>) {
    let s = resolve(doc, schema);
    if let Some(branches) = s
        .get("oneOf")
        .or_else(|| s.get("anyOf"))
        .and_then(Value::as_array)
    {
        let ok = branches.iter().any(|b| {
            let mut e = Vec::new();
            check(doc, b, v, at, &mut e);
            e.is_empty()
        });
        if !ok {
            errs.push(format!("{at}: matches no branch of {s}"));
        }
        return;
    }
    if let Some(all) = s.get("allOf").and_then(Value::as_array) {
        for b in all {
            check(doc, b, v, at, errs);
        }
    }
    match s.get("type") {
        Some(Value::String(t)) if !type_ok(t, v) => errs.push(format!("{at}: {v} is not {t}")),
        Some(Value::Array(ts)) if !ts.iter().any(|t| t.as_str().is_some_and(|t| type_ok(t, v))) => {
            errs.push(format!("{at}: {v} is none of {ts:?}"))
        }
        _ => {}
    }
    if let Some(values) = s.get("enum").and_then(Value::as_array)
        && !values.contains(v)
    {
        errs.push(format!("{at}: {v} not in {values:?}"));
    }
    if let Some(n) = v.as_f64() {
        if let Some(min) = s.get("minimum").and_then(Value::as_f64)
            && n < min
        {
            errs.push(format!("{at}: {n} < {min}"));
        }
        if let Some(max) = s.get("maximum").and_then(Value::as_f64)
            && n > max
        {
            errs.push(format!("{at}: {n} > {max}"));
        }
    }
    if let Value::Object(map) = v {
        let props = s.get("properties").and_then(Value::as_object);
        for r in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let r = r.as_str().unwrap_or_default();
            if !map.contains_key(r) {
                errs.push(format!("{at}: required field {r} missing"));
            }
        }
        for (k, val) in map {
            let at = format!("{at}.{k}");
            match (props.and_then(|p| p.get(k)), s.get("additionalProperties")) {
                (Some(p), _) => check(doc, p, val, &at, errs),
                (None, Some(Value::Bool(true))) => {}
                (None, Some(extra @ Value::Object(_))) => check(doc, extra, val, &at, errs),
                (None, _) if props.is_some() => errs.push(format!("{at}: not documented")),
                (None, _) => {}
            }
        }
    }
    if let (Value::Array(items), Some(item)) = (v, s.get("items")) {
        for (i, val) in items.iter().enumerate() {
            check(doc, item, val, &format!("{at}[{i}]"), errs);
        }
    }
}

/// Checks a response against the documented schema of its operation and status.
fn conforms(doc: &Value, method: &str, template: &str, res: &crate::helpers::TestResponse) {
    let status = res.status.as_u16().to_string();
    let op = &doc["paths"][template][method];
    assert!(op.is_object(), "{method} {template} is documented");
    let response = &op["responses"][status.as_str()];
    assert!(
        response.is_object(),
        "{method} {template}: status {status} is documented ({})",
        res.body
    );
    let schema = &response["content"]["application/json"]["schema"];
    assert!(
        !schema.is_null(),
        "{method} {template} {status}: JSON schema documented"
    );
    let mut errs = Vec::new();
    check(doc, schema, &res.json(), "$", &mut errs);
    assert!(
        errs.is_empty(),
        "{method} {template} {status}:\n{}",
        errs.join("\n")
    );
}

fn first_id(v: &Value) -> i64 {
    v["items"][0]["id"].as_i64().expect("a first item")
}

#[tokio::test]
async fn responses_of_key_endpoints_validate_against_their_schemas() {
    let app = TestApp::spawn().await;
    prachum::demo::load(&app.state.db, crate::helpers::fixed_now())
        .await
        .expect("demo");
    let doc = app.get("/api/v1/openapi.json").await.json();
    let id = app
        .account("admin@moi.go.th", "admin", Grant::default())
        .await;
    let token = app.token_for(id).await;
    let get = |path: String| {
        let app = &app;
        let token = &token;
        async move { app.api("GET", &path, token, None).await }
    };

    for (template, path) in [
        ("/api/v1/me", "/api/v1/me"),
        ("/api/v1/rounds", "/api/v1/rounds"),
        ("/api/v1/meetings", "/api/v1/meetings"),
        ("/api/v1/directives", "/api/v1/directives"),
        ("/api/v1/actions", "/api/v1/actions"),
        ("/api/v1/admin/users", "/api/v1/admin/users"),
        ("/api/v1/rounds/{id}", "/api/v1/rounds/2147483647"),
        ("/api/v1/rounds", "/api/v1/rounds?page=0"),
    ] {
        let res = get(path.to_owned()).await;
        conforms(&doc, "get", template, &res);
    }
    let meetings = get("/api/v1/meetings".into()).await.json();
    assert!(meetings["total"].as_u64().unwrap_or(0) >= 3, "{meetings}");
    for m in meetings["items"].as_array().expect("items") {
        let id = m["id"].as_i64().expect("id");
        for template in ["/api/v1/meetings/{id}", "/api/v1/meetings/{id}/minutes"] {
            let res = get(template.replace("{id}", &id.to_string())).await;
            assert_eq!(res.status, StatusCode::OK, "{template} {id}: {}", res.body);
            conforms(&doc, "get", template, &res);
        }
    }
    let directive = first_id(&get("/api/v1/directives".into()).await.json());
    let res = get(format!("/api/v1/directives/{directive}")).await;
    assert_eq!(res.status, StatusCode::OK);
    conforms(&doc, "get", "/api/v1/directives/{id}", &res);
    let action = first_id(&get("/api/v1/actions".into()).await.json());
    let res = get(format!("/api/v1/actions/{action}")).await;
    assert_eq!(res.status, StatusCode::OK);
    conforms(&doc, "get", "/api/v1/actions/{id}", &res);

    // Writes answer their documented shapes too.
    let res = app
        .api(
            "POST",
            &format!("/api/v1/actions/{action}/updates"),
            &token,
            Some(serde_json::json!({"progress": 40, "text_md": "ดำเนินการแล้วบางส่วน"})),
        )
        .await;
    conforms(&doc, "post", "/api/v1/actions/{id}/updates", &res);
    let res = get(format!("/api/v1/actions/{action}")).await;
    conforms(&doc, "get", "/api/v1/actions/{id}", &res);
    let res = app
        .api(
            "POST",
            "/api/v1/rounds",
            &token,
            Some(serde_json::json!({
                "fiscal_year": 2570, "level": "ministry", "organisation_th": "กระทรวงมหาดไทย",
                "label": "รอบที่ 1", "zones": [14], "starts_on": "2026-10-01"
            })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    conforms(&doc, "post", "/api/v1/rounds", &res);
    let round = res.json()["id"].as_i64().expect("round id");
    let res = app
        .api(
            "POST",
            &format!("/api/v1/rounds/{round}/issues"),
            &token,
            Some(serde_json::json!({"title": "น้ำท่วม", "is_key": true})),
        )
        .await;
    conforms(&doc, "post", "/api/v1/rounds/{id}/issues", &res);
    let issue = res.json()["id"].as_i64().expect("issue id");
    let res = app
        .api(
            "POST",
            &format!("/api/v1/issues/{issue}/indicators"),
            &token,
            Some(serde_json::json!({"name": "ครัวเรือน", "unit": "ครัวเรือน", "target": 2242})),
        )
        .await;
    conforms(&doc, "post", "/api/v1/issues/{id}/indicators", &res);
    let res = get(format!("/api/v1/rounds/{round}")).await;
    conforms(&doc, "get", "/api/v1/rounds/{id}", &res);

    // A new meeting, its attendance, an agenda item and a directive.
    let res = app
        .api(
            "POST",
            "/api/v1/meetings",
            &token,
            Some(serde_json::json!({
                "kind": "working_group", "title": "ประชุมคณะทำงาน", "meeting_date": "2026-12-15",
                "host_province": "TH-33",
                "sessions": [{"start": "09:00", "end": "12:00"}]
            })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    conforms(&doc, "post", "/api/v1/meetings", &res);
    let meeting = res.json();
    let id = meeting["id"].as_i64().expect("meeting id");
    let section = meeting["agenda"]["sections"][0]["id"]
        .as_i64()
        .expect("a section");
    let res = app
        .api(
            "PUT",
            &format!("/api/v1/meetings/{id}/attendance"),
            &token,
            Some(serde_json::json!({"rows": [
                {"name": "นายสมชาย ใจดี", "title": "ผู้ว่าราชการจังหวัดศรีสะเกษ", "status": "present"}
            ]})),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    conforms(&doc, "put", "/api/v1/meetings/{id}/attendance", &res);
    let res = app
        .api(
            "POST",
            &format!("/api/v1/meetings/{id}/agenda-items"),
            &token,
            Some(serde_json::json!({"section_id": section, "title": "รายงานความก้าวหน้า"})),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    conforms(&doc, "post", "/api/v1/meetings/{id}/agenda-items", &res);
    let res = app
        .api(
            "POST",
            &format!("/api/v1/meetings/{id}/directives"),
            &token,
            Some(serde_json::json!({"issuer_role": "inspector", "text_md": "ให้จังหวัดรายงานผล"})),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    conforms(&doc, "post", "/api/v1/meetings/{id}/directives", &res);
    let res = get(format!("/api/v1/meetings/{id}")).await;
    conforms(&doc, "get", "/api/v1/meetings/{id}", &res);
}

#[tokio::test]
async fn operation_ids_are_unique_and_stable() {
    let app = TestApp::spawn().await;
    let doc = app.get("/api/v1/openapi.json").await.json();
    let mut seen = BTreeSet::new();
    for (method, path) in documented(&doc) {
        let id = doc["paths"][path.as_str()][method.as_str()]["operationId"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            seen.insert(id.clone()),
            "{method} {path}: duplicate operationId {id}"
        );
    }
    assert!(seen.contains("get_rounds__id"), "{seen:?}");
    assert!(seen.contains("get_meetings__id__minutes.pdf"), "{seen:?}");
}

#[tokio::test]
async fn enumerations_list_the_domain_values() {
    use prachum::domain::status::{ActionStatus, MeetingKind, MeetingStatus};
    let app = TestApp::spawn().await;
    let doc = app.get("/api/v1/openapi.json").await.json();
    let schemas = &doc["components"]["schemas"];
    let values = |name: &str| -> Vec<String> {
        schemas[name]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{name} is an enumeration"))
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let strs = |all: &[&str]| all.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let kinds: Vec<&str> = MeetingKind::ALL.iter().map(|k| k.as_str()).collect();
    let statuses: Vec<&str> = MeetingStatus::ALL.iter().map(|k| k.as_str()).collect();
    let actions: Vec<&str> = ActionStatus::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(values("MeetingKind"), strs(&kinds));
    assert_eq!(values("MeetingStatus"), strs(&statuses));
    assert_eq!(values("ActionStatus"), strs(&actions));
    assert_eq!(
        values("Role"),
        strs(&[
            "admin",
            "inspector",
            "provincial_office",
            "agency_head",
            "viewer"
        ])
    );
    let kind = &schemas["MeetingInput"]["properties"]["kind"];
    assert_eq!(kind["$ref"], "#/components/schemas/MeetingKind", "{kind}");
}

#[test]
fn the_schema_check_is_strict() {
    let doc = serde_json::json!({"components": {"schemas": {
        "T": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "integer", "minimum": 1},
            "s": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/E"}]}
        }},
        "E": {"type": "string", "enum": ["a", "b"]}
    }}});
    let t = serde_json::json!({"$ref": "#/components/schemas/T"});
    let errors = |v: Value| {
        let mut e = Vec::new();
        check(&doc, &t, &v, "$", &mut e);
        e
    };
    assert!(errors(serde_json::json!({"id": 1, "s": null})).is_empty());
    assert!(errors(serde_json::json!({"id": 1, "s": "a"})).is_empty());
    for bad in [
        serde_json::json!({"id": 1, "extra": true}),
        serde_json::json!({"id": "1"}),
        serde_json::json!({"id": 0}),
        serde_json::json!({"s": "a"}),
        serde_json::json!({"id": 1, "s": "c"}),
    ] {
        assert!(!errors(bad.clone()).is_empty(), "{bad} is refused");
    }
}
