//! Meetings as they happen (issue 12, item 2) and API input that never silently changes meaning
//! (item 3): a meeting hosted by a central department with provinces joining online (scope
//! follows the joining provinces), a start without an end, a group of attendees printed as one
//! row, a meeting outside any round, a source; ISO dates with a BE year refused, a host province
//! outside the caller's scope refused, unknown values listing the allowed ones, a 409 that says
//! what changed.

use axum::http::StatusCode;
use prachum::db::entities::{actions, agency_offices, provinces};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::helpers::browser::Browser;
use crate::helpers::{Grant, TestApp};

/// The office with this stable code (`TH-55.cdd_provincial`).
pub async fn office(app: &TestApp, code: &str) -> agency_offices::Model {
    agency_offices::Entity::find()
        .filter(agency_offices::Column::Code.eq(code))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("office {code}"))
}

async fn province_id(app: &TestApp, code: &str) -> i32 {
    provinces::Entity::find()
        .filter(provinces::Column::Code.eq(code))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// An administrator records, in the browser's form, a community development department meeting
/// in Bangkok joined online by Nan (zone 16) and Ubon Ratchathani (zone 14): no host province,
/// a start time only, outside any round, with its press release. Nan's and Ubon's offices and the
/// zone-14 inspector read it, Sisaket does not; a group row is recorded on the attendance sheet;
/// the minutes print the start alone and the group as one row; actions go to Ubon's office and
/// sit in Ubon.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_centrally_hosted_meeting_with_provinces_joining_online() {
    let app = TestApp::spawn().await;
    let admin = app
        .account("admin@example.go.th", "admin", Grant::default())
        .await;
    let base = app.serve().await;
    let b = Browser::start().await;
    b.sign_in(&base, "admin@example.go.th").await;
    b.goto(&format!("{base}/meetings/new")).await;
    b.select("#f-kind", "follow_up").await;
    b.fill("#f-title", "ประชุมชี้แจงแนวทางการขับเคลื่อนโครงการพัฒนาหมู่บ้าน")
        .await;
    b.fill("#f-host_org", "กรมการพัฒนาชุมชน").await;
    b.select("#participant_province", "TH-55").await;
    b.select("#participant_province", "TH-34").await;
    b.fill("#f-meeting_date", "12/01/2570").await;
    b.fill("#ss0", "09.00").await;
    b.fill("#f-venue_room", "ห้องประชุมกรมการพัฒนาชุมชน ชั้น 3").await;
    b.fill("#f-online_platform", "Zoom").await;
    b.fill(
        "#f-source_headline",
        "พช. ชี้แจงแนวทางหมู่บ้านพัฒนา ผ่านระบบออนไลน์",
    )
    .await;
    b.fill("#f-source_url", "https://www.cdd.go.th/news/12345")
        .await;
    b.fill("#f-source_published_on", "13/01/2570").await;
    b.submit(".meeting-form button[type=submit]").await;
    let path = b.path().await;
    let text = b.page_text().await;
    let meeting: i32 = path
        .trim_start_matches("/meetings/")
        .parse()
        .unwrap_or_else(|_| panic!("on the meeting page, not {path}: {text}"));
    let page = b.page_text().await;
    for want in [
        "กรมการพัฒนาชุมชน",
        "น่าน",
        "อุบลราชธานี",
        "เวลา 09.00 น. เป็นต้นไป",
        "ไม่อยู่ในรอบการตรวจราชการ",
        "พช. ชี้แจงแนวทางหมู่บ้านพัฒนา ผ่านระบบออนไลน์",
    ] {
        assert!(page.contains(want), "{want} on the page: {page}");
    }

    // Scope follows the joining provinces, not the (absent) host province.
    let nan = app
        .client(
            "po@nan.go.th",
            "provincial_office",
            Grant::province("TH-55"),
        )
        .await;
    assert_eq!(
        nan.get(&format!("/meetings/{meeting}")).await.status,
        StatusCode::OK
    );
    let insp14 = app
        .client("insp14@example.go.th", "inspector", Grant::zones(&[14]))
        .await;
    assert_eq!(
        insp14.get(&format!("/meetings/{meeting}")).await.status,
        StatusCode::OK,
        "zone 14 reads a meeting Ubon joins"
    );
    let sisaket = app
        .client(
            "po@sisaket.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    assert_eq!(
        sisaket.get(&format!("/meetings/{meeting}")).await.status,
        StatusCode::NOT_FOUND
    );
    let insp12 = app
        .client("insp12@example.go.th", "inspector", Grant::zones(&[12]))
        .await;
    assert_eq!(
        insp12.get(&format!("/meetings/{meeting}")).await.status,
        StatusCode::NOT_FOUND
    );

    // The attendance sheet lists the joining provinces' offices; a group row is one line.
    b.goto(&format!("{base}/meetings/{meeting}/attendance"))
        .await;
    let sheet = b.page_text().await;
    assert!(
        sheet.contains("สำนักงานพัฒนาชุมชนจังหวัดน่าน"),
        "Nan's offices listed"
    );
    assert!(sheet.contains("สำนักงานพัฒนาชุมชนจังหวัดอุบลราชธานี"));
    let rows = b.client_find_all("select[name=status]").await;
    let free = rows - 2; // the first of the two blank rows
    b.fill(&format!("#t{free}"), "นายอำเภอทุกอำเภอ").await;
    b.click(&format!("input[name=group][value='new#{free}']"))
        .await;
    b.fill(&format!("#g{free}"), "๑๕").await;
    b.select(&format!("#s{free}"), "online").await;
    b.submit(".attendance-sheet button[type=submit]").await;
    assert!(
        b.text_of("[role=status]").await.contains("มาประชุม"),
        "{}",
        b.page_text().await
    );
    b.goto(&format!("{base}/meetings/{meeting}/minutes.md"))
        .await;
    let md = b.page_text().await;
    assert!(md.contains("นายอำเภอทุกอำเภอ จำนวน 15 คน"), "{md}");
    assert!(md.contains("09.00 น."), "{md}");

    // An action for Ubon's community development office sits in Ubon (zone 14).
    let ubon_cdd = office(&app, "TH-34.cdd_provincial").await;
    let d = crate::directives::api(
        &app,
        admin,
        "POST",
        &format!("/api/v1/meetings/{meeting}/directives"),
        Some(json!({
            "issuer_role": "director_general",
            "text_md": "ให้จังหวัดที่เข้าร่วมรายงานหมู่บ้านเป้าหมาย",
            "target_office_ids": [ubon_cdd.id],
        })),
    )
    .await;
    assert_eq!(d.status, StatusCode::CREATED, "{}", d.body);
    let id = d.json()["id"].as_i64().unwrap();
    let p = crate::directives::api(
        &app,
        admin,
        "POST",
        &format!("/api/v1/directives/{id}/publish"),
        None,
    )
    .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    let made = crate::directives::api(
        &app,
        admin,
        "POST",
        &format!("/api/v1/directives/{id}/actions"),
        Some(json!({"confirm": true, "actions": [{
            "office_id": ubon_cdd.id, "title": "รายงานหมู่บ้านเป้าหมาย", "due": "2027-02-15",
            "metric_name": "หมู่บ้านเป้าหมาย", "metric_unit": "หมู่บ้าน", "metric_target": 120
        }]})),
    )
    .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let a = actions::Entity::find()
        .filter(actions::Column::MeetingId.eq(meeting))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.province_id, Some(province_id(&app, "TH-34").await));
    assert_eq!(
        a.metric_target,
        Some(120.0),
        "the metric target on the action"
    );
    let head = app
        .client(
            "head@cdd-ubon.go.th",
            "agency_head",
            Grant::office(ubon_cdd.id),
        )
        .await;
    assert!(
        head.get("/actions")
            .await
            .body
            .contains("รายงานหมู่บ้านเป้าหมาย")
    );
    // An office of a province that did not take part is refused.
    let sisaket_cdd = office(&app, "TH-33.cdd_provincial").await;
    let wrong = crate::directives::api(
        &app,
        admin,
        "POST",
        &format!("/api/v1/directives/{id}/actions"),
        Some(json!({"confirm": true, "actions": [{
            "office_id": sisaket_cdd.id, "title": "ไม่ควรได้", "due": "2027-02-15"
        }]})),
    )
    .await;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        wrong.body
    );

    // At phone width the form and the page fit.
    b.set_size(390, 844).await;
    b.goto(&format!("{base}/meetings/{meeting}/edit")).await;
    b.assert_fits().await;
    b.screenshot("central-meeting-form-phone").await;
    b.goto(&format!("{base}/meetings/{meeting}")).await;
    b.assert_fits().await;
    b.assert_accessible().await;
    b.screenshot("central-meeting-phone").await;
    b.goto(&format!("{base}/meetings/{meeting}/attendance"))
        .await;
    b.assert_fits().await;
    b.screenshot("central-meeting-attendance-phone").await;
    b.close().await;
}

/// The API refuses what it would otherwise store with another meaning, naming the field.
#[tokio::test]
async fn api_input_never_silently_changes_meaning() {
    let app = TestApp::spawn().await;
    let po = app
        .account(
            "po@nan.go.th",
            "provincial_office",
            Grant::province("TH-55"),
        )
        .await;
    let create = |body: serde_json::Value| {
        let app = &app;
        async move { crate::directives::api(app, po, "POST", "/api/v1/meetings", Some(body)).await }
    };
    // A BE year in an ISO date.
    let be = create(json!({
        "kind": "integrated_inspection", "title": "ประชุม", "meeting_date": "2565-08-31"
    }))
    .await;
    assert_eq!(be.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", be.body);
    let err = &be.json()["error"]["fields"]["meeting_date"];
    assert!(
        err.as_str()
            .unwrap_or_default()
            .contains("looks like a BE year; ISO dates are CE"),
        "{err}"
    );
    assert!(
        err.as_str().unwrap_or_default().contains("2022-08-31"),
        "{err}"
    );
    // The same in a list filter.
    let q = crate::directives::api(
        &app,
        po,
        "GET",
        "/api/v1/actions?due_before=2565-08-31",
        None,
    )
    .await;
    assert_eq!(q.status, StatusCode::BAD_REQUEST, "{}", q.body);
    assert!(q.body.contains("BE year"), "{}", q.body);
    // A host province outside the caller's scope is refused, not replaced.
    let other = create(json!({
        "kind": "integrated_inspection", "title": "ประชุม", "meeting_date": "2026-12-10",
        "host_province": "TH-33"
    }))
    .await;
    assert_eq!(
        other.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        other.body
    );
    assert!(
        other.json()["error"]["fields"]["host_province"].is_string(),
        "{}",
        other.body
    );
    // The list of joining provinces is bounded (77 provinces): 78 entries are refused.
    let many: Vec<String> = (0..78).map(|_| "TH-55".to_owned()).collect();
    let long = create(json!({
        "kind": "integrated_inspection", "title": "ประชุม", "meeting_date": "2026-12-10",
        "host_province": "TH-55", "participant_provinces": many
    }))
    .await;
    assert_eq!(
        long.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        long.body
    );
    assert!(long.json()["error"]["fields"]["participant_province"].is_string());
    // An unknown kind lists the allowed values.
    let kind = create(json!({
        "kind": "seminar", "title": "ประชุม", "meeting_date": "2026-12-10", "host_province": "TH-55"
    }))
    .await;
    assert_eq!(kind.status, StatusCode::UNPROCESSABLE_ENTITY);
    let msg = kind.json()["error"]["fields"]["kind"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        msg.contains("integrated_inspection") && msg.contains("quarterly_workshop"),
        "{msg}"
    );
    // A start without an end is a meeting "from 09:00"; the API returns no end.
    let ok = create(json!({
        "kind": "integrated_inspection", "title": "ประชุมน่าน", "meeting_date": "2026-12-10",
        "host_province": "TH-55", "sessions": [{"start": "09:00"}],
        "source_headline": "จังหวัดน่านประชุม", "source_published_on": "2026-12-11"
    }))
    .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    let id = ok.json()["id"].as_i64().unwrap();
    let got =
        crate::directives::api(&app, po, "GET", &format!("/api/v1/meetings/{id}"), None).await;
    let m = got.json();
    assert_eq!(m["sessions"][0]["ends_at"], serde_json::Value::Null, "{m}");
    assert_eq!(m["sessions"][0]["range_th"], "เวลา 09.00 น. เป็นต้นไป");
    assert_eq!(m["source_published_on"], "2026-12-11");
    assert_eq!(m["host_province"], "TH-55");
    // A patch with a BE-year source date is refused and changes nothing.
    let patch = crate::directives::api(
        &app,
        po,
        "PATCH",
        &format!("/api/v1/meetings/{id}"),
        Some(json!({"source_published_on": "2569-12-11", "title": "เปลี่ยน"})),
    )
    .await;
    assert_eq!(
        patch.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        patch.body
    );
    let again =
        crate::directives::api(&app, po, "GET", &format!("/api/v1/meetings/{id}"), None).await;
    assert_eq!(again.json()["title"], "ประชุมน่าน");
}

/// A refused stale save of the minutes (409) says which revision is current and what differs.
#[tokio::test]
async fn a_stale_minutes_save_says_what_changed() {
    let app = TestApp::spawn().await;
    let po = app
        .account(
            "po@nan.go.th",
            "provincial_office",
            Grant::province("TH-55"),
        )
        .await;
    let ok = crate::directives::api(
        &app,
        po,
        "POST",
        "/api/v1/meetings",
        Some(json!({
            "kind": "integrated_inspection", "title": "ประชุมน่าน", "meeting_date": "2026-12-10",
            "host_province": "TH-55"
        })),
    )
    .await;
    let id = ok.json()["id"].as_i64().unwrap();
    let path = format!("/api/v1/meetings/{id}/minutes");
    let current = crate::directives::api(&app, po, "GET", &path, None).await;
    assert_eq!(current.status, StatusCode::OK, "{}", current.body);
    let base = current.json()["base"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let save = |opening: &'static str| {
        let (app, base, path) = (&app, base.clone(), path.clone());
        async move {
            crate::directives::api(
                app,
                po,
                "PUT",
                &path,
                Some(json!({"revision": 0, "base": base, "notes": {"opening_md": opening}})),
            )
            .await
        }
    };
    let first = save("ประธานกล่าวเปิดการประชุม").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let second = save("ข้อความของอีกคน").await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    let msg = second.json()["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(msg.contains("ฉบับล่าสุดคือฉบับที่ 1"), "{msg}");
    assert!(msg.contains("คำเปิดประชุม"), "{msg}");
}
