//! Integration tests for rounds: pages (list, create, edit, issues, indicators) within scope,
//! permissions, Thai validation, and the JSON API.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use prachum::db::entities::{
    audit_events, indicators, inspection_issues, inspection_rounds, round_inspectors, round_zones,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::helpers::{Grant, TestApp, fixed_now};

fn unescape(html: &str) -> String {
    html.replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
}

fn round_fields<'a>(label: &'a str, zones: &'a [&'a str]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("fiscal_year", "2570"),
        ("level", "prime_minister"),
        ("organisation_th", "สำนักงานปลัดสำนักนายกรัฐมนตรี"),
        ("label", label),
        (
            "inspectors",
            "นายสมชาย ตรวจดี | ผู้ตรวจราชการสำนักนายกรัฐมนตรี เขตตรวจราชการที่ 14",
        ),
        ("starts_on", "01/11/2569"),
        ("ends_on", "31/03/2570"),
        ("notes", "ทดสอบ"),
    ];
    for z in zones {
        f.push(("zones", z));
    }
    f
}

fn location_id(res: &crate::helpers::TestResponse) -> i32 {
    let loc = res.header(header::LOCATION).expect("redirect");
    loc.trim_start_matches("/rounds/")
        .split(['#', '/'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn inspector_creates_and_edits_a_round_with_issues_and_indicators() {
    let app = TestApp::spawn().await;
    let insp = app
        .client("insp14@example.org", "inspector", Grant::zones(&[14]))
        .await;
    let form = insp.get("/rounds/new").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("value=\"14\""));
    assert!(
        !form.body.contains("name=\"zones\" value=\"12\""),
        "only own zones offered"
    );
    let res = insp
        .post("/rounds/new", &round_fields("รอบที่ 1/2570", &["14"]))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let id = location_id(&res);
    let r = inspection_rounds::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.fiscal_year, 2570);
    assert_eq!(r.starts_on, chrono::NaiveDate::from_ymd_opt(2026, 11, 1));
    assert_eq!(
        round_inspectors::Entity::find()
            .filter(round_inspectors::Column::RoundId.eq(id))
            .count(&app.state.db)
            .await
            .unwrap(),
        1
    );
    // Issue and indicator.
    let res = insp
        .post(
            &format!("/rounds/{id}/issues/new"),
            &[
                ("title", "การแก้ไขปัญหาความยากจน"),
                ("is_key", "1"),
                ("description", "ครัวเรือนเป้าหมาย"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let issue = inspection_issues::Entity::find()
        .filter(inspection_issues::Column::RoundId.eq(id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert!(issue.is_key);
    let bad = insp
        .post(
            &format!("/rounds/{id}/issues/{}/indicators/new", issue.id),
            &[
                ("name", "ครัวเรือนที่ได้รับการช่วยเหลือ"),
                ("unit", "ครัวเรือน"),
                ("target", "สองพัน"),
                ("as_of", "01/11/2026"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("กรุณากรอกตัวเลข"));
    assert!(bad.body.contains("ปีพุทธศักราช"));
    let res = insp
        .post(
            &format!("/rounds/{id}/issues/{}/indicators/new", issue.id),
            &[
                ("name", "ครัวเรือนที่ได้รับการช่วยเหลือ"),
                ("unit", "ครัวเรือน"),
                ("target", "2,242"),
                ("current", "1,120"),
                ("as_of", "15/11/2569"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let x = indicators::Entity::find()
        .filter(indicators::Column::IssueId.eq(issue.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(x.target, Some(2242.0));
    let page = insp.get(&format!("/rounds/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = unescape(&page.body);
    assert!(body.contains("รอบที่ 1/2570"));
    assert!(body.contains("2,242"));
    assert!(body.contains("ประเด็นสำคัญ"));
    assert!(body.contains("15/11/2569"));
    assert!(body.contains("ระดับสำนักนายกรัฐมนตรี"));
    // Edit indicator and issue.
    let res = insp
        .post(
            &format!("/rounds/{id}/indicators/{}/edit", x.id),
            &[
                ("name", "ครัวเรือนที่ได้รับการช่วยเหลือ"),
                ("unit", "ครัวเรือน"),
                ("target", "2,242"),
                ("current", "2,000"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(
        unescape(
            &insp
                .get(&format!("/rounds/{id}/indicators/{}/edit", x.id))
                .await
                .body
        )
        .contains("value=\"2,000\"")
    );
    let res = insp
        .post(
            &format!("/rounds/{id}/issues/{}/edit", issue.id),
            &[("title", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = insp
        .post(
            &format!("/rounds/{id}/issues/{}/edit", issue.id),
            &[("title", "ประเด็นแก้ไขแล้ว")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    // Edit the round.
    let edit = insp.get(&format!("/rounds/{id}/edit")).await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(unescape(&edit.body).contains("01/11/2569"));
    let res = insp
        .post(
            &format!("/rounds/{id}/edit"),
            &round_fields("รอบที่ 2/2570", &["14"]),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let r = inspection_rounds::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.label, "รอบที่ 2/2570");
    // Delete indicator and issue.
    assert_eq!(
        insp.post(&format!("/rounds/{id}/indicators/{}/delete", x.id), &[])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        insp.post(&format!("/rounds/{id}/issues/{}/delete", issue.id), &[])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        inspection_issues::Entity::find()
            .count(&app.state.db)
            .await
            .unwrap(),
        0
    );
    // One audit event per action.
    let actions: Vec<String> = audit_events::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.object_kind != "user")
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "round.create",
            "issue.create",
            "indicator.create",
            "indicator.update",
            "issue.update",
            "round.update",
            "indicator.delete",
            "issue.delete"
        ]
    );
    // The list shows it with its BE fiscal year.
    let list = insp.get("/rounds").await;
    assert!(list.body.contains("พ.ศ. 2570"));
}

#[tokio::test]
async fn round_form_errors_are_thai_and_keep_input() {
    let app = TestApp::spawn().await;
    let insp = app
        .client("insp14@example.org", "inspector", Grant::zones(&[14]))
        .await;
    let mut f = round_fields("รอบที่ 1/2570", &["12"]);
    f[0] = ("fiscal_year", "2027");
    f[5] = ("starts_on", "01/11/2026");
    let res = insp.post("/rounds/new", &f).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("ปี 2027 ดูเหมือนเป็นปีคริสต์ศักราช"),
        "{}",
        res.body
    );
    assert!(unescape(&res.body).contains("value=\"รอบที่ 1/2570\""));
    // Outside own zone.
    let res = insp
        .post("/rounds/new", &round_fields("รอบ", &["12"]))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("เฉพาะเขตตรวจราชการของตนเอง"));
    // End before start, no zone.
    let mut f = round_fields("รอบ", &[]);
    f[6] = ("ends_on", "01/10/2569");
    let res = insp.post("/rounds/new", &f).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("วันสิ้นสุดต้องอยู่หลังวันเริ่มต้น"));
    assert!(res.body.contains("กรุณาเลือกเขตตรวจราชการอย่างน้อยหนึ่งเขต"));
    assert_eq!(
        inspection_rounds::Entity::find()
            .count(&app.state.db)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn rounds_are_scoped_and_only_admins_and_own_zone_inspectors_edit() {
    let app = TestApp::spawn().await;
    let admin = app
        .client("admin@example.org", "admin", Grant::default())
        .await;
    let res = admin
        .post("/rounds/new", &round_fields("รอบเขต 12", &["12"]))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let r12 = location_id(&res);
    let res = admin
        .post("/rounds/new", &round_fields("รอบเขต 14", &["14"]))
        .await;
    let r14 = location_id(&res);
    let insp14 = app
        .client("insp14@example.org", "inspector", Grant::zones(&[14]))
        .await;
    let po = app
        .client(
            "po@example.org",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let head = app
        .client(
            "kk@example.org",
            "provincial_office",
            Grant::province("TH-40"),
        )
        .await;
    // Inspector of zone 14: sees 14 only; zone 12 round is 404 for reading and editing.
    let list = insp14.get("/rounds").await;
    assert!(list.body.contains("รอบเขต 14"));
    assert!(!list.body.contains("รอบเขต 12"));
    assert_eq!(
        insp14.get(&format!("/rounds/{r12}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        insp14.get(&format!("/rounds/{r12}/edit")).await.status,
        StatusCode::NOT_FOUND
    );
    let res = insp14
        .post(&format!("/rounds/{r12}/edit"), &round_fields("x", &["14"]))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = insp14
        .post(&format!("/rounds/{r12}/issues/new"), &[("title", "x")])
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    // Sisaket's provincial office (zone 14) reads the zone 14 round, cannot edit (403).
    assert_eq!(
        po.get(&format!("/rounds/{r14}")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        po.get(&format!("/rounds/{r12}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(po.get("/rounds/new").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        po.post("/rounds/new", &round_fields("x", &["14"]))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        po.get(&format!("/rounds/{r14}/edit")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        po.post(&format!("/rounds/{r14}/issues/new"), &[("title", "x")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert!(
        !po.get(&format!("/rounds/{r14}"))
            .await
            .body
            .contains("แก้ไขรอบ")
    );
    // Khon Kaen (zone 12) sees the zone 12 round only.
    let kk = head.get("/rounds").await;
    assert!(kk.body.contains("รอบเขต 12"));
    assert!(!kk.body.contains("รอบเขต 14"));
    // A round covering 12 and 14: the zone 14 inspector reads it but may not edit it.
    let res = admin
        .post("/rounds/new", &round_fields("รอบสองเขต", &["12", "14"]))
        .await;
    let both = location_id(&res);
    assert_eq!(
        insp14.get(&format!("/rounds/{both}")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        insp14.get(&format!("/rounds/{both}/edit")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        round_zones::Entity::find()
            .filter(round_zones::Column::RoundId.eq(both))
            .count(&app.state.db)
            .await
            .unwrap(),
        2
    );
    assert_eq!(app.get("/rounds").await.status, StatusCode::SEE_OTHER);
}

async fn api(
    app: &TestApp,
    token: &str,
    method: &str,
    path: &str,
    body: Option<serde_json::Value>,
) -> crate::helpers::TestResponse {
    let mut req = Request::builder()
        .method(method)
        .uri(format!("/api/v1{path}"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if body.is_some() {
        req = req.header(header::CONTENT_TYPE, "application/json");
    }
    let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
    app.request(req.body(body).unwrap()).await
}

#[tokio::test]
async fn api_lists_gets_creates_patches_and_refuses_bad_input() {
    let app = TestApp::spawn().await;
    let uid = app
        .account("insp14@example.org", "inspector", Grant::zones(&[14]))
        .await;
    let token = prachum::auth::token::create(&app.state.db, uid, "t", fixed_now())
        .await
        .unwrap()
        .1;
    let po = app
        .account(
            "po@example.org",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let po_token = prachum::auth::token::create(&app.state.db, po, "t", fixed_now())
        .await
        .unwrap()
        .1;
    let new = serde_json::json!({
        "fiscal_year": 2570, "level": "ministry", "organisation_th": "กระทรวงมหาดไทย",
        "label": "รอบที่ 1/2570", "zones": [14], "starts_on": "2026-11-01", "ends_on": "2027-03-31",
        "inspectors": [{"name": "นายสมชาย ตรวจดี", "title_as_printed": "ผู้ตรวจราชการกระทรวงมหาดไทย"}]
    });
    let res = api(&app, &token, "POST", "/rounds", Some(new.clone())).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let id = res.json()["id"].as_i64().unwrap();
    let mut bad = new.clone();
    bad["fiscal_year"] = serde_json::json!(2027);
    bad["zones"] = serde_json::json!([12]);
    let res = api(&app, &token, "POST", "/rounds", Some(bad)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let j = res.json();
    assert!(
        j["error"]["fields"]["fiscal_year"]
            .as_str()
            .unwrap()
            .contains("คริสต์ศักราช")
    );
    assert!(j["error"]["fields"]["zones"].is_string());
    assert_eq!(
        api(&app, &po_token, "POST", "/rounds", Some(new))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let res = api(
        &app,
        &token,
        "PATCH",
        &format!("/rounds/{id}"),
        Some(serde_json::json!({"label": "รอบที่ 2/2570"})),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json()["label"], "รอบที่ 2/2570");
    let res = api(
        &app,
        &token,
        "POST",
        &format!("/rounds/{id}/issues"),
        Some(serde_json::json!({"title": "ความยากจน", "is_key": true})),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let issue = res.json()["id"].as_i64().unwrap();
    let res = api(&app, &token, "POST", &format!("/issues/{issue}/indicators"), Some(serde_json::json!({"name": "ครัวเรือน", "unit": "ครัวเรือน", "target": 2242, "as_of": "2026-11-15"}))).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let res = api(
        &app,
        &token,
        "POST",
        &format!("/issues/{issue}/indicators"),
        Some(serde_json::json!({"name": ""})),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = api(&app, &token, "GET", &format!("/rounds/{id}"), None).await;
    assert_eq!(res.status, StatusCode::OK);
    let j = res.json();
    assert_eq!(j["issues"][0]["indicators"][0]["target"], 2242.0);
    assert_eq!(j["starts_on"], "2026-11-01");
    let res = api(&app, &token, "GET", "/rounds?per_page=10", None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()["total"], 1);
    assert_eq!(res.json()["items"][0]["label"], "รอบที่ 2/2570");
    // Out of scope: 404.
    let kk = app
        .account(
            "kk@example.org",
            "provincial_office",
            Grant::province("TH-40"),
        )
        .await;
    let kk_token = prachum::auth::token::create(&app.state.db, kk, "t", fixed_now())
        .await
        .unwrap()
        .1;
    assert_eq!(
        api(&app, &kk_token, "GET", &format!("/rounds/{id}"), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api(&app, &kk_token, "GET", "/rounds", None).await.json()["total"],
        0
    );
    let spec = app.get("/api/v1/openapi.json").await.json();
    assert!(spec["paths"]["/api/v1/rounds/{id}"]["patch"].is_object());
    // The account list is for administrators only.
    assert_eq!(
        api(&app, &token, "GET", "/admin/users", None).await.status,
        StatusCode::FORBIDDEN
    );
    let admin = app
        .account("admin@example.org", "admin", Grant::default())
        .await;
    let admin_token = prachum::auth::token::create(&app.state.db, admin, "t", fixed_now())
        .await
        .unwrap()
        .1;
    let users = api(&app, &admin_token, "GET", "/admin/users?per_page=2", None).await;
    assert_eq!(users.status, StatusCode::OK);
    assert_eq!(users.json()["total"], 4);
    assert_eq!(users.json()["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn demo_rounds_show_within_scope_and_issues_used_by_meetings_are_kept() {
    let app = TestApp::spawn().await;
    prachum::demo::load(&app.state.db, fixed_now())
        .await
        .unwrap();
    let admin = app
        .client("admin@example.org", "admin", Grant::default())
        .await;
    let all = inspection_rounds::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap();
    assert!(!all.is_empty());
    let list = admin.get("/rounds").await;
    assert_eq!(list.status, StatusCode::OK);
    for r in &all {
        assert!(unescape(&list.body).contains(&r.label), "{}", r.label);
        let page = admin.get(&format!("/rounds/{}", r.id)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    }
    let used = prachum::db::entities::meeting_issues::Entity::find()
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("the demo links an issue to a meeting");
    let issue = inspection_issues::Entity::find_by_id(used.issue_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let res = admin
        .post(
            &format!("/rounds/{}/issues/{}/delete", issue.round_id, issue.id),
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("ลบไม่ได้"));
    assert!(
        inspection_issues::Entity::find_by_id(issue.id)
            .one(&app.state.db)
            .await
            .unwrap()
            .is_some()
    );
    // Sisaket's provincial office sees only rounds covering zone 14.
    let po = app
        .client(
            "po@example.org",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let zone14 = prachum::db::entities::zones::Entity::find()
        .filter(prachum::db::entities::zones::Column::Number.eq(14))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let mut shown = 0;
    for r in &all {
        let covers14 = round_zones::Entity::find()
            .filter(round_zones::Column::RoundId.eq(r.id))
            .filter(round_zones::Column::ZoneId.eq(zone14.id))
            .count(&app.state.db)
            .await
            .unwrap()
            > 0;
        let status = po.get(&format!("/rounds/{}", r.id)).await.status;
        if covers14 {
            shown += 1;
            assert_eq!(status, StatusCode::OK);
        } else {
            assert_eq!(status, StatusCode::NOT_FOUND);
        }
    }
    assert!(shown > 0);
    assert!(
        shown < all.len(),
        "the zone 12 demo round is hidden from Sisaket"
    );
}
