//! Offices managed where people work (issue 12, item 1): a provincial office adds, renames,
//! closes and merges its offices on the page (at phone width), history kept; the API lists,
//! adds and changes offices within scope; the CLI imports offices with heads, all or nothing.

use axum::http::StatusCode;
use prachum::db::entities::{actions, audit_events};
use prachum::domain::status::ActionStatus;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::helpers::browser::Browser;
use crate::helpers::{Grant, TestApp};
use crate::shapes::office;

/// Nan's provincial office, on a phone: adds a district office, renames it, closes it with a BE
/// date; the list shows ids, codes and states; another province's office is out of reach.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provincial_office_manages_its_offices_on_a_phone() {
    let app = TestApp::spawn().await;
    app.account(
        "po@nan.go.th",
        "provincial_office",
        Grant::province("TH-55"),
    )
    .await;
    let base = app.serve().await;
    let b = Browser::start().await;
    b.set_size(390, 844).await;
    b.sign_in(&base, "po@nan.go.th").await;
    b.goto(&format!("{base}/offices")).await;
    assert!(b.text_of("h1").await.contains("น่าน"));
    b.assert_fits().await;
    b.assert_accessible().await;
    // The catalogue's default name for a district office is the capital district's, which
    // exists: the form says so and keeps what was typed.
    b.select("#f-agency", "district_office").await;
    b.fill("#f-email", "pua@nan.go.th").await;
    b.submit("form[action='/offices'] button[type=submit]")
        .await;
    let text = b.page_text().await;
    assert!(text.contains("มีหน่วยงานชื่อ ที่ว่าการอำเภอเมืองน่าน"), "{text}");
    assert_eq!(
        b.find("#f-email")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("pua@nan.go.th")
    );
    b.fill("#f-name_th", "ที่ว่าการอำเภอปัว").await;
    b.submit("form[action='/offices'] button[type=submit]")
        .await;
    assert!(b.text_of("[role=status]").await.contains("บันทึกแล้ว"));
    let pua = office(&app, "TH-55.district_office.2").await;
    assert_eq!(pua.name_th, "ที่ว่าการอำเภอปัว");
    assert!(b.page_text().await.contains("TH-55.district_office.2"));
    b.screenshot("offices-list-phone").await;

    b.goto(&format!("{base}/offices/{}", pua.id)).await;
    b.assert_fits().await;
    b.fill("#f-name_th", "ที่ว่าการอำเภอปัว จังหวัดน่าน").await;
    b.submit("form input[value=details] ~ button[type=submit]")
        .await;
    assert!(b.text_of("[role=status]").await.contains("บันทึกแล้ว"));
    b.fill("#f-valid_until", "20/11/2569").await;
    b.submit("form input[value=close] ~ button[type=submit]")
        .await;
    assert!(
        b.text_of("dl.facts").await.contains("ปิดเมื่อ 20"),
        "{}",
        b.page_text().await
    );
    b.assert_accessible().await;
    b.screenshot("office-closed-phone").await;
    let closed = office(&app, "TH-55.district_office.2").await;
    assert_eq!(closed.name_th, "ที่ว่าการอำเภอปัว จังหวัดน่าน");
    assert_eq!(
        closed.valid_until.map(|d| d.to_string()).as_deref(),
        Some("2026-11-20")
    );
    let history = audit_events::Entity::find()
        .filter(audit_events::Column::ObjectKind.eq("office"))
        .filter(audit_events::Column::ObjectId.eq(pua.id))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(history.len(), 3, "created, renamed, closed: history kept");
    // Another province's office: not found.
    let sisaket = office(&app, "TH-33.cdd_provincial").await;
    let po = app
        .client(
            "po2@nan.go.th",
            "provincial_office",
            Grant::province("TH-55"),
        )
        .await;
    assert_eq!(
        po.get(&format!("/offices/{}", sisaket.id)).await.status,
        StatusCode::NOT_FOUND
    );
    b.close().await;
}

#[tokio::test]
async fn the_api_lists_adds_changes_and_merges_offices_within_scope() {
    let app = TestApp::spawn().await;
    let po = app
        .account(
            "po@nan.go.th",
            "provincial_office",
            Grant::province("TH-55"),
        )
        .await;
    let other = app
        .account(
            "po@sisaket.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let insp = app
        .account("insp16@example.go.th", "inspector", Grant::zones(&[16]))
        .await;
    let api = |user: i32, method: &'static str, path: String, body: Option<serde_json::Value>| {
        let app = &app;
        async move { crate::directives::api(app, user, method, &path, body).await }
    };
    let listed = api(insp, "GET", "/api/v1/offices?province=TH-55".into(), None).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    let rows = listed.json();
    assert!(rows.as_array().unwrap().len() >= 40);
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .any(|o| o["code"] == "TH-55.cdd_provincial")
    );
    assert_eq!(
        api(other, "GET", "/api/v1/offices?province=TH-55".into(), None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // Adding: the province's own office may, another province's may not.
    let body =
        json!({"province": "TH-55", "agency": "cdd_district", "name_th": "สำนักงานพัฒนาชุมชนอำเภอปัว"});
    assert_eq!(
        api(other, "POST", "/api/v1/offices".into(), Some(body.clone()))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let made = api(po, "POST", "/api/v1/offices".into(), Some(body)).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let pua = made.json()["id"].as_i64().unwrap() as i32;
    assert_eq!(made.json()["code"], "TH-55.cdd_district");
    // An unknown field or a BE year is refused with the field named.
    let bad = api(
        po,
        "PATCH",
        format!("/api/v1/offices/{pua}"),
        Some(json!({"valid_until": "2569-12-31"})),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.json()["error"]["fields"]["valid_until"].is_string());
    // Merge the district office into the provincial one: its open action moves, a done one stays.
    let provincial = office(&app, "TH-55.cdd_provincial").await;
    let meeting = crate::directives::api(
        &app,
        po,
        "POST",
        "/api/v1/meetings",
        Some(json!({"kind": "follow_up", "title": "ติดตามงานอำเภอปัว", "meeting_date": "2026-12-10", "host_province": "TH-55"})),
    )
    .await;
    let meeting = meeting.json()["id"].as_i64().unwrap();
    let d = api(
        po,
        "POST",
        format!("/api/v1/meetings/{meeting}/directives"),
        Some(json!({"issuer_role": "governor", "text_md": "ติดตามครัวเรือน", "target_office_ids": [pua]})),
    )
    .await;
    assert_eq!(d.status, StatusCode::CREATED, "{}", d.body);
    let did = d.json()["id"].as_i64().unwrap();
    assert_eq!(
        api(
            insp,
            "POST",
            format!("/api/v1/directives/{did}/publish"),
            None
        )
        .await
        .status,
        StatusCode::OK
    );
    let made = api(
        insp,
        "POST",
        format!("/api/v1/directives/{did}/actions"),
        Some(json!({"confirm": true, "actions": [
            {"office_id": pua, "title": "งานที่ยังไม่เสร็จ", "due": "2027-01-31"},
            {"office_id": pua, "title": "งานที่เสร็จแล้ว", "due": "2027-01-31"}
        ]})),
    )
    .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let done = actions::Entity::find()
        .filter(actions::Column::Title.eq("งานที่เสร็จแล้ว"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let mut am: actions::ActiveModel = done.clone().into();
    am.status = sea_orm::ActiveValue::Set(ActionStatus::Done);
    sea_orm::ActiveModelTrait::update(am, &app.state.db)
        .await
        .unwrap();
    let merged = api(
        po,
        "PATCH",
        format!("/api/v1/offices/{pua}"),
        Some(json!({"merged_into_id": provincial.id})),
    )
    .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.body);
    let m = merged.json();
    assert_eq!(m["actions_moved"], 1, "{m}");
    assert_eq!(m["office"]["active"], false);
    assert_eq!(m["office"]["merged_into_id"], provincial.id);
    let moved = actions::Entity::find()
        .filter(actions::Column::Title.eq("งานที่ยังไม่เสร็จ"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(moved.office_id, provincial.id);
    let stayed = actions::Entity::find_by_id(done.id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stayed.office_id, pua, "done work stays with its office");
    // A merged office is not merged twice nor reopened.
    let twice = api(
        po,
        "PATCH",
        format!("/api/v1/offices/{pua}"),
        Some(json!({"merged_into_id": provincial.id})),
    )
    .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reopen = api(
        po,
        "PATCH",
        format!("/api/v1/offices/{pua}"),
        Some(json!({"valid_until": ""})),
    )
    .await;
    assert_eq!(
        reopen.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reopen.body
    );
    // Another province's caller cannot change it (404: ids are not probed).
    assert_eq!(
        api(
            other,
            "PATCH",
            format!("/api/v1/offices/{pua}"),
            Some(json!({"name_th": "x"}))
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}
