//! Integration tests for meetings: list (scope, filters, pages), create and edit with Thai
//! validation, the meeting page, permissions (404 out of scope, 403 for read-only roles).

use axum::http::{StatusCode, header};
use prachum::db::entities::{
    agenda_items, agenda_sections, attendances, audit_events, meeting_sessions, meetings,
    provinces, zones,
};
use prachum::domain::status::{AttendanceStatus, MeetingStatus};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use crate::helpers::{Client, Grant, TestApp, fixed_now};

/// The fields of a valid meeting form.
pub fn form<'a>(title: &'a str, date: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "working_group"),
        ("title", title),
        ("host_province", "TH-33"),
        ("meeting_date", date),
        ("session_label", "ช่วงเช้า"),
        ("session_start", "09.00"),
        ("session_end", "12.00"),
        ("session_label", "ช่วงบ่าย"),
        ("session_start", "13.30"),
        ("session_end", "16.00"),
        ("venue_room", "ห้องประชุมสระกำแพงใหญ่"),
        ("venue_floor", "4"),
        ("venue_building", "ศาลากลางจังหวัดศรีสะเกษ"),
        ("chair_name", "นายทดสอบ ประธาน"),
        ("chair_title", "รองผู้ว่าราชการจังหวัดศรีสะเกษ"),
        ("inspector_name", "นายพิจิตร บุญทัน"),
        ("inspector_title", "ผู้ตรวจราชการกระทรวงมหาดไทย"),
        ("inspector_name", ""),
        ("inspector_title", ""),
        ("remote_site", "ห้องประชุมอำเภอกันทรลักษ์"),
        ("status", "planned"),
        ("digit_style", "arabic"),
    ]
}

/// Creates a meeting through the form; returns its id.
pub async fn create(c: &Client<'_>, fields: &[(&str, &str)]) -> i32 {
    let res = c.post("/meetings", fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let loc = res.header(header::LOCATION).expect("location").to_owned();
    loc.trim_start_matches("/meetings/").parse().expect("id")
}

/// Replaces one field of a form.
pub fn with<'a>(
    mut f: Vec<(&'a str, &'a str)>,
    key: &'a str,
    value: &'a str,
) -> Vec<(&'a str, &'a str)> {
    if let Some(p) = f.iter_mut().find(|(k, _)| *k == key) {
        p.1 = value;
    } else {
        f.push((key, value));
    }
    f
}

/// A zone's id by number.
pub async fn zone_id(app: &TestApp, n: i32) -> i32 {
    zones::Entity::find()
        .filter(zones::Column::Number.eq(n))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// A province's id by code.
pub async fn province_id(app: &TestApp, code: &str) -> i32 {
    provinces::Entity::find()
        .filter(provinces::Column::Code.eq(code))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

#[tokio::test]
async fn create_meeting_with_venue_and_two_sessions() {
    let app = TestApp::spawn().await;
    let c = app
        .client(
            "po@ssk.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let page = c.get("/meetings/new").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("name=\"session_start\""));
    assert!(page.body.matches("name=\"session_start\"").count() >= 2);

    let id = create(&c, &form("ประชุมคณะทำงานขจัดความยากจน", "19/04/2565")).await;
    let db = &app.state.db;
    let m = meetings::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.meeting_date.to_string(), "2022-04-19");
    assert_eq!(m.venue_room.as_deref(), Some("ห้องประชุมสระกำแพงใหญ่"));
    assert_eq!(m.host_province_id, Some(province_id(&app, "TH-33").await));
    assert_eq!(m.zone_id, Some(zone_id(&app, 14).await));
    assert_eq!(m.chair_title.as_deref(), Some("รองผู้ว่าราชการจังหวัดศรีสะเกษ"));
    assert!(m.chair_person_id.is_some());
    let sessions = meeting_sessions::Entity::find()
        .filter(meeting_sessions::Column::MeetingId.eq(id))
        .all(db)
        .await
        .unwrap();
    assert_eq!(sessions.len(), 2);
    let sections = agenda_sections::Entity::find()
        .filter(agenda_sections::Column::MeetingId.eq(id))
        .count(db)
        .await
        .unwrap();
    assert_eq!(sections, 5);
    let autos: Vec<&str> = agenda_items::Entity::find()
        .filter(agenda_items::Column::MeetingId.eq(id))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|i| i.auto_kind.map(|k| k.as_str()))
        .collect();
    assert_eq!(autos, ["certify_previous", "matters_arising"]);
    let audit = audit_events::Entity::find()
        .filter(audit_events::Column::ObjectKind.eq("meeting"))
        .filter(audit_events::Column::ObjectId.eq(id))
        .all(db)
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "meeting.create");

    let page = c.get(&format!("/meetings/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("วันอังคารที่ 19 เมษายน 2565"),
        "{}",
        page.body
    );
    assert!(page.body.contains("เวลา 09.00–12.00 น."));
    assert!(page.body.contains("เวลา 13.30–16.00 น."));
    assert!(page.body.contains("ชั้น 4"));
    assert!(page.body.contains("นายพิจิตร บุญทัน"));
    assert!(page.body.contains("ระเบียบวาระที่ 3 เรื่องสืบเนื่อง"));
    assert!(page.body.contains("2.1"));
    assert!(page.body.contains("สร้างการประชุม"));
}

#[tokio::test]
async fn ce_year_is_questioned_and_nothing_stored() {
    let app = TestApp::spawn().await;
    let c = app
        .client(
            "po@ssk.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let res = c
        .post("/meetings", &form("ประชุมทดสอบปี ค.ศ.", "19/04/2022"))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("ปีคริสต์ศักราช"), "{}", res.body);
    assert!(res.body.contains("2565"));
    assert!(res.body.contains("ประชุมทดสอบปี ค.ศ."), "input kept");
    assert!(
        res.body.replace("&#x2f;", "/").contains("19/04/2022"),
        "date kept"
    );
    assert_eq!(
        meetings::Entity::find().count(&app.state.db).await.unwrap(),
        0
    );
}

#[tokio::test]
async fn end_before_start_is_refused_per_row() {
    let app = TestApp::spawn().await;
    let c = app
        .client(
            "po@ssk.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let mut f = form("ประชุมเวลาผิด", "19/04/2565");
    // Second session ends before it starts.
    let i = f.iter().rposition(|(k, _)| *k == "session_end").unwrap();
    f[i].1 = "12.00";
    let res = c.post("/meetings", &f).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("เวลาสิ้นสุดต้องอยู่หลังเวลาเริ่ม"));
    assert!(
        res.body.contains("id=\"session_end.1-error\""),
        "{}",
        res.body
    );
    let res = c
        .post("/meetings", &with(form("", "19/04/2565"), "kind", ""))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("กรุณากรอกชื่อการประชุม"));
    assert!(res.body.contains("กรุณาเลือกประเภทการประชุม"));
    assert_eq!(
        meetings::Entity::find().count(&app.state.db).await.unwrap(),
        0
    );
}

#[tokio::test]
async fn other_province_is_not_found_and_viewer_is_forbidden() {
    let app = TestApp::spawn().await;
    let admin = app.client("admin@x.go.th", "admin", Grant::default()).await;
    let kk = create(
        &admin,
        &with(form("ประชุมขอนแก่น", "01/12/2569"), "host_province", "TH-40"),
    )
    .await;
    let m = meetings::Entity::find_by_id(kk)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.zone_id, Some(zone_id(&app, 12).await));

    let po = app
        .client(
            "po@ssk.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    assert_eq!(
        po.get(&format!("/meetings/{kk}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        po.get(&format!("/meetings/{kk}/edit")).await.status,
        StatusCode::NOT_FOUND
    );
    let res = po
        .post(&format!("/meetings/{kk}/edit"), &form("ยึด", "01/12/2569"))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let list = po.get("/meetings").await;
    assert!(!list.body.contains("ประชุมขอนแก่น"));
    // A provincial office hosts in its own province: another province is refused, not
    // silently replaced (its form does not offer the field; a crafted post is refused).
    let refused = po
        .post(
            "/meetings",
            &with(form("ประชุมศรีสะเกษ", "02/12/2569"), "host_province", "TH-40"),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("ท่านบันทึกการประชุมได้เฉพาะที่จังหวัดของท่านเป็นเจ้าภาพ")
    );
    let own = create(
        &po,
        &with(form("ประชุมศรีสะเกษ", "02/12/2569"), "host_province", ""),
    )
    .await;
    let m = meetings::Entity::find_by_id(own)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.host_province_id, Some(province_id(&app, "TH-33").await));

    let inspector = app
        .client("insp@moi.go.th", "inspector", Grant::zones(&[12]))
        .await;
    assert_eq!(
        inspector.get(&format!("/meetings/{kk}")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        inspector.get(&format!("/meetings/{own}")).await.status,
        StatusCode::NOT_FOUND
    );
    let res = inspector
        .post("/meetings", &form("นอกเขต", "03/12/2569"))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("ไม่มีสิทธิ์จัดการประชุมของจังหวัดนี้"));

    let viewer = app
        .client("v@ssk.go.th", "viewer", Grant::province("TH-33"))
        .await;
    assert_eq!(
        viewer.get(&format!("/meetings/{own}")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        viewer
            .post("/meetings", &form("x", "02/12/2569"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let res = viewer
        .post(&format!("/meetings/{own}/edit"), &form("x", "02/12/2569"))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(
        viewer.get("/meetings/new").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn edit_keeps_life_cycle() {
    let app = TestApp::spawn().await;
    let c = app
        .client(
            "po@ssk.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let id = create(&c, &form("ประชุมแก้ไข", "19/04/2565")).await;
    let edit = c.get(&format!("/meetings/{id}/edit")).await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(
        edit.body
            .replace("&#x2f;", "/")
            .contains("value=\"19/04/2565\"")
    );
    assert!(edit.body.contains("value=\"13.30\""));
    let res = c
        .post(
            &format!("/meetings/{id}/edit"),
            &with(form("ประชุมแก้ไข", "19/04/2565"), "status", "certified"),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("ไม่สามารถเปลี่ยนสถานะ"));
    let f = with(
        with(form("ประชุมแก้ไขแล้ว", "20/04/2565"), "status", "held"),
        "venue_floor",
        "5",
    );
    let res = c.post(&format!("/meetings/{id}/edit"), &f).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let m = meetings::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.title, "ประชุมแก้ไขแล้ว");
    assert_eq!(m.status, MeetingStatus::Held);
    assert_eq!(m.venue_floor.as_deref(), Some("5"));
    let sessions = meeting_sessions::Entity::find()
        .filter(meeting_sessions::Column::MeetingId.eq(id))
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(sessions, 2, "sessions replaced, not duplicated");
    let actions: Vec<String> = audit_events::Entity::find()
        .filter(audit_events::Column::ObjectKind.eq("meeting"))
        .filter(audit_events::Column::ObjectId.eq(id))
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(actions, ["meeting.create", "meeting.update"]);
}

#[tokio::test]
async fn list_filters_and_pages() {
    let app = TestApp::spawn().await;
    let c = app
        .client(
            "po@ssk.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    create(&c, &form("ประชุมเดือนมกราคม", "15/01/2569")).await;
    create(&c, &form("ประชุมเดือนกุมภาพันธ์", "15/02/2569")).await;
    let held = create(
        &c,
        &with(form("ประชุมเดือนมีนาคม", "15/03/2569"), "status", "held"),
    )
    .await;

    let all = c.get("/meetings").await;
    assert_eq!(all.status, StatusCode::OK);
    let (a, b) = (
        all.body.find("มีนาคม").unwrap(),
        all.body.find("มกราคม").unwrap(),
    );
    assert!(a < b, "newest first");
    assert!(
        all.body.contains("15 มี.ค. 2569"),
        "tables show `15 มี.ค. 2569`"
    );
    assert!(all.body.contains("ศรีสะเกษ"));

    let page = c.get("/meetings?per_page=2&page=2").await;
    assert!(page.body.contains("ประชุมเดือนมกราคม"));
    assert!(!page.body.contains("ประชุมเดือนมีนาคม"));
    assert!(page.body.contains("หน้า 2 / 2"));

    let q = c.get("/meetings?status=held").await;
    assert!(q.body.contains(&format!("/meetings/{held}")));
    assert!(!q.body.contains("ประชุมเดือนมกราคม"));

    let q = c
        .get("/meetings?from=01%2F02%2F2569&to=28%2F02%2F2569")
        .await;
    assert!(q.body.contains("ประชุมเดือนกุมภาพันธ์"));
    assert!(!q.body.contains("ประชุมเดือนมีนาคม"));
    assert!(!q.body.contains("ประชุมเดือนมกราคม"));

    let q = c.get(&format!("/meetings?q={}", urlenc("กุมภา"))).await;
    assert!(q.body.contains("ประชุมเดือนกุมภาพันธ์"));
    assert!(!q.body.contains("ประชุมเดือนมีนาคม"));

    let q = c.get("/meetings?province=TH-40").await;
    assert!(q.body.contains("พบ 0 รายการ"));
    let q = c.get("/meetings?zone=14").await;
    assert!(q.body.contains("พบ 3 รายการ"));

    let q = c.get("/meetings?from=01%2F01%2F2026").await;
    assert_eq!(q.status, StatusCode::OK);
    assert!(q.body.contains("ปีคริสต์ศักราช"));
}

fn urlenc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn agency_head_sees_only_invited_meetings() {
    let app = TestApp::spawn().await;
    prachum::demo::load(&app.state.db, fixed_now())
        .await
        .unwrap();
    let po = app
        .client(
            "po@ssk.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let invited = create(&po, &form("ประชุมที่เชิญ", "01/12/2569")).await;
    let other = create(&po, &form("ประชุมที่ไม่ได้เชิญ", "02/12/2569")).await;
    let office = prachum::db::entities::agency_offices::Entity::find()
        .filter(
            prachum::db::entities::agency_offices::Column::ProvinceId
                .eq(province_id(&app, "TH-33").await),
        )
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    attendances::ActiveModel {
        meeting_id: Set(invited),
        office_id: Set(Some(office.id)),
        position: Set(1),
        is_member: Set(true),
        status: Set(AttendanceStatus::Present),
        report_sent_as_document: Set(false),
        created_at: Set(fixed_now()),
        updated_at: Set(fixed_now()),
        ..Default::default()
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    let head = app
        .client("head@x.go.th", "agency_head", Grant::office(office.id))
        .await;
    let list = head.get("/meetings").await;
    assert!(list.body.contains("ประชุมที่เชิญ"));
    assert!(!list.body.contains("ประชุมที่ไม่ได้เชิญ"));
    assert_eq!(
        head.get(&format!("/meetings/{invited}")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        head.get(&format!("/meetings/{other}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        head.post(
            &format!("/meetings/{invited}/edit"),
            &form("x", "01/12/2569")
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn series_plan_reschedule_and_cancel() {
    let app = TestApp::spawn().await;
    let c = app
        .client(
            "po@ssk.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    assert_eq!(c.get("/series/new").await.status, StatusCode::OK);
    let bad = c
        .post(
            "/series",
            &[
                ("name", ""),
                ("kind", "working_group"),
                ("numbering_scope", "calendar_year"),
                ("rec_nth", "3"),
                ("rec_weekday", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("กรุณากรอกชื่อชุดการประชุม"));
    assert!(bad.body.contains("กรุณาเลือกวันในสัปดาห์"));
    let res = c
        .post(
            "/series",
            &[
                ("name", "คณะกรรมการทดสอบ"),
                ("body_name", "คณะกรรมการทดสอบจังหวัดศรีสะเกษ"),
                ("kind", "working_group"),
                ("numbering_scope", "calendar_year"),
                ("rec_nth", "3"),
                ("rec_weekday", "thu"),
                ("default_start", "09.00"),
                ("default_end", "12.00"),
                ("agenda_template", ""),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let url = res.header(header::LOCATION).unwrap().to_owned();
    let sid: i32 = url.trim_start_matches("/series/").parse().unwrap();
    let page = c.get(&url).await;
    assert!(page.body.contains("ทุกวันพฤหัสบดีที่ 3 ของเดือน"));
    assert!(c.get("/series").await.body.contains("คณะกรรมการทดสอบ"));

    let res = c
        .post(
            &format!("{url}/plan"),
            &[("from", "01/01/2570"), ("to", "31/03/2570"), ("count", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let planned = meetings::Entity::find()
        .filter(meetings::Column::SeriesId.eq(sid))
        .all(&app.state.db)
        .await
        .unwrap();
    let mut dates: Vec<(String, Option<i32>, Option<i32>)> = planned
        .iter()
        .map(|m| (m.meeting_date.to_string(), m.number, m.number_year))
        .collect();
    dates.sort();
    assert_eq!(
        dates,
        [
            ("2027-01-21".to_owned(), Some(1), Some(2570)),
            ("2027-02-18".to_owned(), Some(2), Some(2570)),
            ("2027-03-18".to_owned(), Some(3), Some(2570)),
        ]
    );
    // Planning again does not duplicate.
    c.post(
        &format!("{url}/plan"),
        &[("from", "01/01/2570"), ("to", "31/03/2570")],
    )
    .await;
    let again = meetings::Entity::find()
        .filter(meetings::Column::SeriesId.eq(sid))
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(again, 3);
    let by_date = |d: &str| {
        planned
            .iter()
            .find(|m| m.meeting_date.to_string() == d)
            .unwrap()
            .id
    };
    let feb = by_date("2027-02-18");
    let mar = by_date("2027-03-18");
    let res = c
        .post(
            &format!("{url}/meetings/{feb}/reschedule"),
            &[("new_date", "25/02/2027")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("ปีคริสต์ศักราช"));
    let res = c
        .post(
            &format!("{url}/meetings/{feb}/reschedule"),
            &[("new_date", "25/02/2570")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let m = meetings::Entity::find_by_id(feb)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.meeting_date.to_string(), "2027-02-25");
    assert_eq!(
        m.rescheduled_from.map(|d| d.to_string()).as_deref(),
        Some("2027-02-18")
    );
    let res = c
        .post(&format!("{url}/meetings/{mar}/cancel"), &[("reason", "")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("กรุณากรอกเหตุผลที่ยกเลิก"));
    let res = c
        .post(
            &format!("{url}/meetings/{mar}/cancel"),
            &[("reason", "ติดภารกิจเร่งด่วน")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let m = meetings::Entity::find_by_id(mar)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.status, MeetingStatus::Cancelled);
    assert_eq!(m.cancelled_reason.as_deref(), Some("ติดภารกิจเร่งด่วน"));

    let viewer = app
        .client("v@ssk.go.th", "viewer", Grant::province("TH-33"))
        .await;
    assert_eq!(viewer.get(&url).await.status, StatusCode::OK);
    let res = viewer
        .post(
            &format!("{url}/plan"),
            &[("from", "01/04/2570"), ("to", "30/04/2570")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let other = app
        .client("po@kk.go.th", "provincial_office", Grant::province("TH-40"))
        .await;
    assert_eq!(other.get(&url).await.status, StatusCode::NOT_FOUND);
}

async fn api(
    app: &TestApp,
    method: &str,
    path: &str,
    token: &str,
    body: Option<serde_json::Value>,
) -> crate::helpers::TestResponse {
    let req = axum::http::Request::builder()
        .method(method)
        .uri(format!("/api/v1{path}"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json");
    let body = body.map_or_else(axum::body::Body::empty, |b| {
        axum::body::Body::from(b.to_string())
    });
    app.request(req.body(body).unwrap()).await
}

async fn token_for(app: &TestApp, email: &str, role: &str, grant: Grant) -> String {
    let id = app.account(email, role, grant).await;
    prachum::auth::token::create(&app.state.db, id, "t", fixed_now())
        .await
        .unwrap()
        .1
}

#[tokio::test]
async fn api_list_get_create_patch_attendance_and_agenda() {
    let app = TestApp::spawn().await;
    prachum::demo::load(&app.state.db, fixed_now())
        .await
        .unwrap();
    let t = token_for(
        &app,
        "po@ssk.go.th",
        "provincial_office",
        Grant::province("TH-33"),
    )
    .await;
    let body = serde_json::json!({
        "kind": "working_group",
        "title": "ประชุมผ่าน API",
        "meeting_date": "2026-12-17",
        "sessions": [{"label": "ช่วงเช้า", "start": "09:00", "end": "12:00"}, {"start": "13:30", "end": "16:00"}],
        "venue_room": "ห้องประชุมพนมดงรัก",
        "chair": {"name": "นายประธาน ทดสอบ", "title": "ผู้ว่าราชการจังหวัดศรีสะเกษ"},
        "remote_sites": ["ที่ว่าการอำเภอขุขันธ์"]
    });
    let res = api(&app, "POST", "/meetings", &t, Some(body.clone())).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let m = res.json();
    let id = m["id"].as_i64().unwrap();
    assert_eq!(m["meeting_date"], "2026-12-17");
    assert_eq!(m["host_province"], "TH-33");
    assert_eq!(m["sessions"].as_array().unwrap().len(), 2);
    assert_eq!(m["sessions"][0]["range_th"], "เวลา 09.00–12.00 น.");
    assert_eq!(m["agenda"]["sections"].as_array().unwrap().len(), 5);
    assert_eq!(m["chair"]["title"], "ผู้ว่าราชการจังหวัดศรีสะเกษ");

    let mut bad = body.clone();
    bad["meeting_date"] = "17/12/2569".into();
    bad["sessions"][1]["end"] = "12:00".into();
    let res = api(&app, "POST", "/meetings", &t, Some(bad)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let e = res.json();
    assert!(
        e["error"]["fields"]["meeting_date"]
            .as_str()
            .unwrap()
            .contains("ISO 8601")
    );
    assert_eq!(
        e["error"]["fields"]["session_end.1"],
        "เวลาสิ้นสุดต้องอยู่หลังเวลาเริ่ม"
    );

    let list = api(
        &app,
        "GET",
        "/meetings?per_page=2&from=2026-12-01",
        &t,
        None,
    )
    .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let l = list.json();
    assert_eq!(l["total"], 1);
    assert_eq!(l["items"][0]["title"], "ประชุมผ่าน API");
    let all = api(&app, "GET", "/meetings?per_page=1", &t, None)
        .await
        .json();
    assert!(
        all["total"].as_u64().unwrap() >= 4,
        "the demo's Sisaket meetings too"
    );
    assert_eq!(all["pages"], all["total"]);
    let res = api(&app, "GET", "/meetings?from=17/12/2569", &t, None).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);

    let got = api(&app, "GET", &format!("/meetings/{id}"), &t, None).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.json()["remote_sites"][0], "ที่ว่าการอำเภอขุขันธ์");

    let res = api(
        &app,
        "PATCH",
        &format!("/meetings/{id}"),
        &t,
        Some(serde_json::json!({"title": "ประชุมผ่าน API (แก้ไข)", "status": "invited"})),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let p = res.json();
    assert_eq!(p["title"], "ประชุมผ่าน API (แก้ไข)");
    assert_eq!(p["status"], "invited");
    assert_eq!(
        p["sessions"].as_array().unwrap().len(),
        2,
        "untouched fields kept"
    );
    assert_eq!(p["venue"], "ห้องประชุมพนมดงรัก");
    let res = api(
        &app,
        "PATCH",
        &format!("/meetings/{id}"),
        &t,
        Some(serde_json::json!({"status": "published"})),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.json()["error"]["fields"]["status"]
            .as_str()
            .unwrap()
            .contains("ไม่สามารถเปลี่ยนสถานะ")
    );

    let office = prachum::db::entities::agency_offices::Entity::find()
        .filter(
            prachum::db::entities::agency_offices::Column::ProvinceId
                .eq(province_id(&app, "TH-33").await),
        )
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let rows = serde_json::json!({"rows": [
        {"office_id": office.id, "status": "represented", "represented_by_name": "นายผู้แทน", "represented_by_title": "หัวหน้ากลุ่มงาน"},
        {"name": "นางแขก", "status": "guest"}
    ]});
    let res = api(
        &app,
        "PUT",
        &format!("/meetings/{id}/attendance"),
        &t,
        Some(rows),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json()["rows"].as_array().unwrap().len(), 2);
    let res = api(
        &app,
        "PUT",
        &format!("/meetings/{id}/attendance"),
        &t,
        Some(serde_json::json!({"rows": [{"office_id": office.id, "status": "absent"}]})),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        res.json()["error"]["fields"]["reason.0"],
        "กรุณาระบุเหตุผลที่ไม่มาประชุม"
    );

    let section = m["agenda"]["sections"][3]["id"].as_i64().unwrap();
    let res = api(&app, "POST", &format!("/meetings/{id}/agenda-items"), &t, Some(serde_json::json!({"section_id": section, "title": "รายงานผลการดำเนินงาน", "time_budget_minutes": 30}))).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    assert_eq!(res.json()["title"], "รายงานผลการดำเนินงาน");
    let res = api(
        &app,
        "POST",
        &format!("/meetings/{id}/agenda-items"),
        &t,
        Some(serde_json::json!({"section_id": section, "title": ""})),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let got = api(&app, "GET", &format!("/meetings/{id}"), &t, None)
        .await
        .json();
    assert_eq!(got["agenda"]["sections"][3]["items"][0]["number"], "4.1");
    assert_eq!(got["attendance"].as_array().unwrap().len(), 2);

    // Scope and permissions.
    let kk = token_for(
        &app,
        "po@kk.go.th",
        "provincial_office",
        Grant::province("TH-40"),
    )
    .await;
    assert_eq!(
        api(&app, "GET", &format!("/meetings/{id}"), &kk, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api(
            &app,
            "PATCH",
            &format!("/meetings/{id}"),
            &kk,
            Some(serde_json::json!({"title": "x"}))
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let theirs = api(&app, "GET", "/meetings", &kk, None).await.json();
    assert!(
        theirs["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["id"].as_i64() != Some(id) && m["province_code"] != "TH-33")
    );
    let viewer = token_for(&app, "v@ssk.go.th", "viewer", Grant::province("TH-33")).await;
    assert_eq!(
        api(&app, "GET", &format!("/meetings/{id}"), &viewer, None)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        api(&app, "POST", "/meetings", &viewer, Some(body))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(
            &app,
            "PUT",
            &format!("/meetings/{id}/attendance"),
            &viewer,
            Some(serde_json::json!({"rows": []}))
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(&app, "GET", "/meetings/999999", &t, None).await.status,
        StatusCode::NOT_FOUND
    );

    let doc = app.get("/api/v1/openapi.json").await.json();
    assert!(doc["paths"]["/api/v1/meetings/{id}/attendance"]["put"].is_object());
    assert!(doc["components"]["schemas"]["MeetingInput"].is_object());
}

/// Cancelling from the edit form is irreversible and emails everyone invited: the form asks to
/// confirm it (no JavaScript needed), keeps what was typed, and cancels once confirmed.
#[tokio::test]
async fn cancelling_from_the_edit_form_asks_to_confirm() {
    let app = TestApp::spawn().await;
    let c = app
        .client(
            "po@sisaket.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let id = create(&c, &form("ประชุมที่จะยกเลิก", "19/01/2570")).await;
    let mut fields = with(form("ประชุมที่จะยกเลิก", "19/01/2570"), "status", "cancelled");
    fields.push(("cancelled_reason", "ผู้ว่าราชการจังหวัดติดภารกิจเร่งด่วน"));
    let res = c.post(&format!("/meetings/{id}/edit"), &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("ยืนยันการยกเลิกการประชุม"), "{}", res.body);
    assert!(res.body.contains("name=\"confirm_cancel\""));
    assert!(
        res.body.contains("ผู้ว่าราชการจังหวัดติดภารกิจเร่งด่วน"),
        "input kept"
    );
    let m = meetings::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(m.status, MeetingStatus::Cancelled);
    fields.push(("confirm_cancel", "1"));
    let res = c.post(&format!("/meetings/{id}/edit"), &fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let m = meetings::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.status, MeetingStatus::Cancelled);
}

/// A PATCH changes the fields sent over the stored meeting: `null` clears an optional field,
/// a required one cannot be `null`, and leaving the host out (or `null`) keeps the host
/// province; the edit form, which always shows the host, must name it.
#[tokio::test]
async fn api_patch_changes_the_fields_sent_and_keeps_the_host() {
    let app = TestApp::spawn().await;
    let t = token_for(&app, "admin@example.go.th", "admin", Grant::default()).await;
    let res = api(
        &app,
        "POST",
        "/meetings",
        &t,
        Some(serde_json::json!({
            "kind": "working_group", "title": "ประชุมแก้ทีละช่อง", "meeting_date": "2026-12-17",
            "host_province": "TH-33", "sessions": [{"start": "09:00", "end": "12:00"}],
            "venue_room": "ห้องประชุมพนมดงรัก", "participant_count": 40
        })),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let id = res.json()["id"].as_i64().unwrap();
    let path = format!("/meetings/{id}");
    let res = api(
        &app,
        "PATCH",
        &path,
        &t,
        Some(
            serde_json::json!({"venue_room": null, "host_province": null, "participant_count": 41}),
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let p = res.json();
    assert_eq!(p["host_province"], "TH-33", "the host is kept");
    assert_eq!(p["participant_count"], 41);
    assert!(p["venue"].is_null(), "{p}");
    assert_eq!(p["title"], "ประชุมแก้ทีละช่อง");
    assert_eq!(p["meeting_date"], "2026-12-17");
    assert_eq!(p["sessions"].as_array().unwrap().len(), 1);
    let res = api(
        &app,
        "PATCH",
        &path,
        &t,
        Some(serde_json::json!({"title": null})),
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    let res = api(
        &app,
        "PATCH",
        &path,
        &t,
        Some(serde_json::json!({"sessions": [{"start": "13:30", "end": "12:00"}]})),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert_eq!(
        res.json()["error"]["fields"]["session_end.0"],
        "เวลาสิ้นสุดต้องอยู่หลังเวลาเริ่ม"
    );
    // The form names the host: a blank one is pointed out, not taken as "unchanged".
    let c = app
        .client("admin-web@example.go.th", "admin", Grant::default())
        .await;
    let res = c
        .post(
            &format!("/meetings/{id}/edit"),
            &with(form("ประชุมแก้ทีละช่อง", "17/12/2569"), "host_province", ""),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("กรุณาเลือกจังหวัดเจ้าภาพ"), "{}", res.body);
}

/// Creates a follow-up meeting through the API as `admin`, with `body`'s host and provinces.
async fn create_follow_up(
    app: &TestApp,
    admin: &str,
    title: &str,
    date: &str,
    mut body: serde_json::Value,
) -> i64 {
    body["kind"] = "follow_up".into();
    body["title"] = title.into();
    body["meeting_date"] = date.into();
    let r = app.api("POST", "/api/v1/meetings", admin, Some(body)).await;
    assert_eq!(r.status, 201, "{title}: {}", r.body);
    r.json()["id"].as_i64().expect("meeting id")
}

/// The meetings list's ids through the API as `token`, `per_page` at a time, page after page
/// until an empty one, and the last page's total.
async fn meetings_listed(app: &TestApp, token: &str, per_page: u64) -> (Vec<i64>, Option<u64>) {
    let mut ids = Vec::new();
    let mut total = None;
    for page in 1..=10 {
        let path = format!("/api/v1/meetings?per_page={per_page}&page={page}");
        let r = app.api("GET", &path, token, None).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let v = r.json();
        total = v["total"].as_u64();
        let items = v["items"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            break;
        }
        ids.extend(items.iter().filter_map(|m| m["id"].as_i64()));
    }
    (ids, total)
}

/// A zone's list holds its own meetings and those its provinces join from another zone (a
/// centrally hosted meeting whose first province lies elsewhere), counted once each and paged
/// newest first across both (`services/meetings/list_page.rs`); when a meeting's provinces
/// change, the list follows (each joining row's copy of its meeting's zone, kept by triggers).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zone_lists_its_meetings_and_those_its_provinces_join_page_by_page() {
    let app = TestApp::spawn().await;
    let admin_id = app
        .account("admin@example.go.th", "admin", Grant::default())
        .await;
    let admin = app.token_for(admin_id).await;
    let zone14_id = app
        .account("insp14@example.go.th", "inspector", Grant::zones(&[14]))
        .await;
    let zone14 = app.token_for(zone14_id).await;
    let create = |title, date, body| create_follow_up(&app, &admin, title, date, body);
    let ubon = |t, d| create(t, d, serde_json::json!({"host_province": "TH-34"}));
    let first = ubon("ประชุมอุบลราชธานี ครั้งที่ 1", "2026-12-01").await;
    let third = ubon("ประชุมอุบลราชธานี ครั้งที่ 3", "2026-12-03").await;
    let fifth = ubon("ประชุมอุบลราชธานี ครั้งที่ 5", "2026-12-05").await;
    // Joined by Nan (zone 16) first, then Ubon: the meeting's zone is 16.
    let joined = create(
        "ประชุมชี้แจงกรมการพัฒนาชุมชน",
        "2026-12-04",
        serde_json::json!({"host_org": "กรมการพัฒนาชุมชน", "participant_provinces": ["TH-55", "TH-34"]}),
    )
    .await;
    let nan_only = create(
        "ประชุมชี้แจงกรมการปกครอง",
        "2026-12-02",
        serde_json::json!({"host_org": "กรมการปกครอง", "participant_provinces": ["TH-55"]}),
    )
    .await;
    let listed = |per_page| meetings_listed(&app, &zone14, per_page);
    let want = vec![fifth, joined, third, first];
    for per_page in [1, 2, 3, 25] {
        assert_eq!(
            listed(per_page).await,
            (want.clone(), Some(4)),
            "{per_page} a page"
        );
    }
    // The inspector, on a phone, finds the joined meeting in the list the page renders and
    // opens it by its link.
    let base = app.serve().await;
    let b = crate::helpers::browser::Browser::start().await;
    b.set_size(390, 844).await;
    b.sign_in(&base, "insp14@example.go.th").await;
    b.goto(&format!("{base}/meetings")).await;
    let list = b.page_text().await;
    for title in ["ประชุมชี้แจงกรมการพัฒนาชุมชน", "ประชุมอุบลราชธานี ครั้งที่ 5"]
    {
        assert!(list.contains(title), "{title} listed: {list}");
    }
    assert!(!list.contains("ประชุมชี้แจงกรมการปกครอง"), "{list}");
    b.assert_fits().await;
    b.screenshot("zone-meetings-390").await;
    b.click(&format!("a[href='/meetings/{joined}']")).await;
    assert_eq!(b.path().await, format!("/meetings/{joined}"));
    assert!(b.page_text().await.contains("ประชุมชี้แจงกรมการพัฒนาชุมชน"));
    b.close().await;
    // Ubon leaves the joined meeting; the Nan-only one moves to Ubon (its zone becomes 14).
    for (id, provinces) in [(joined, ["TH-55"]), (nan_only, ["TH-34"])] {
        let r = app
            .api(
                "PATCH",
                &format!("/api/v1/meetings/{id}"),
                &admin,
                Some(serde_json::json!({ "participant_provinces": provinces })),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    assert_eq!(
        listed(2).await,
        (vec![fifth, third, nan_only, first], Some(4))
    );
}

/// A province that joins more meetings than a page lists by id (`LISTED_GUESTS`) still counts
/// and pages them all, newest first: past that bound the joined part is found by its subquery,
/// not bound value by value (SQLite refuses more than 32,766 in a statement).
#[tokio::test]
async fn a_province_joining_more_meetings_than_are_listed_by_id_pages_them_all() {
    let app = TestApp::spawn().await;
    let admin_id = app
        .account("admin@example.go.th", "admin", Grant::default())
        .await;
    let admin = app.token_for(admin_id).await;
    let ubon_id = app
        .account(
            "ubon@example.go.th",
            "provincial_office",
            Grant::province("TH-34"),
        )
        .await;
    let ubon = app.token_for(ubon_id).await;
    let day0 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date");
    let mut want = Vec::new();
    let joined = prachum::services::meetings::LISTED_GUESTS + 1;
    for i in 0..joined + 2 {
        let date = (day0 + chrono::Days::new(i as u64)).to_string();
        // Two Ubon hosts itself; the other `joined` are hosted centrally and joined.
        let body = if i == 0 || i == joined / 2 {
            serde_json::json!({"host_province": "TH-34"})
        } else {
            serde_json::json!({"host_org": "กรมการพัฒนาชุมชน", "participant_provinces": ["TH-34"]})
        };
        want.push(create_follow_up(&app, &admin, &format!("ประชุมชี้แจง {i}"), &date, body).await);
    }
    want.reverse();
    let (ids, total) = meetings_listed(&app, &ubon, 200).await;
    assert_eq!(total, Some(want.len() as u64));
    assert_eq!(ids, want, "every meeting once, newest first");
}

/// A provincial office's list holds the meetings its province hosts and those it joins
/// (hosted centrally or by another province), counted and paged as one list newest first,
/// and never a meeting it neither hosts nor joins.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_province_lists_the_meetings_it_hosts_and_those_it_joins_page_by_page() {
    let app = TestApp::spawn().await;
    let admin_id = app
        .account("admin@example.go.th", "admin", Grant::default())
        .await;
    let admin = app.token_for(admin_id).await;
    let ubon_id = app
        .account(
            "ubon@example.go.th",
            "provincial_office",
            Grant::province("TH-34"),
        )
        .await;
    let ubon = app.token_for(ubon_id).await;
    let create = |title, date, body| create_follow_up(&app, &admin, title, date, body);
    let hosted = |t, d| create(t, d, serde_json::json!({"host_province": "TH-34"}));
    let first = hosted("ประชุมอุบลราชธานี ครั้งที่ 1", "2026-12-01").await;
    let third = hosted("ประชุมอุบลราชธานี ครั้งที่ 3", "2026-12-03").await;
    let central = create(
        "ประชุมชี้แจงกรมการพัฒนาชุมชน",
        "2026-12-04",
        serde_json::json!({"host_org": "กรมการพัฒนาชุมชน", "participant_provinces": ["TH-55", "TH-34"]}),
    )
    .await;
    // Hosted by Sisaket, joined by Ubon.
    let sisaket = create(
        "ประชุมร่วมศรีสะเกษและอุบลราชธานี",
        "2026-12-02",
        serde_json::json!({"host_province": "TH-33", "participant_provinces": ["TH-33", "TH-34"]}),
    )
    .await;
    let nan_only = create(
        "ประชุมชี้แจงกรมการปกครอง",
        "2026-12-05",
        serde_json::json!({"host_org": "กรมการปกครอง", "participant_provinces": ["TH-55"]}),
    )
    .await;
    let listed = |per_page| meetings_listed(&app, &ubon, per_page);
    let want = vec![central, third, sisaket, first];
    for per_page in [1, 2, 3, 25] {
        assert_eq!(
            listed(per_page).await,
            (want.clone(), Some(4)),
            "{per_page} a page"
        );
    }
    let r = app
        .api("GET", &format!("/api/v1/meetings/{nan_only}"), &ubon, None)
        .await;
    assert_eq!(r.status, 404, "a meeting Ubon neither hosts nor joins");
    // Ubon's office, on a phone, finds the meeting Sisaket hosts in the list the page renders
    // and opens it by its link.
    let base = app.serve().await;
    let b = crate::helpers::browser::Browser::start().await;
    b.set_size(390, 844).await;
    b.sign_in(&base, "ubon@example.go.th").await;
    b.goto(&format!("{base}/meetings")).await;
    let list = b.page_text().await;
    for title in ["ประชุมชี้แจงกรมการพัฒนาชุมชน", "ประชุมร่วมศรีสะเกษและอุบลราชธานี"]
    {
        assert!(list.contains(title), "{title} listed: {list}");
    }
    assert!(!list.contains("ประชุมชี้แจงกรมการปกครอง"), "{list}");
    b.assert_fits().await;
    b.click(&format!("a[href='/meetings/{sisaket}']")).await;
    assert_eq!(b.path().await, format!("/meetings/{sisaket}"));
    b.close().await;
    // Ubon leaves the central meeting and joins the one Nan had alone.
    for (id, provinces) in [(central, ["TH-55"]), (nan_only, ["TH-34"])] {
        let r = app
            .api(
                "PATCH",
                &format!("/api/v1/meetings/{id}"),
                &admin,
                Some(serde_json::json!({ "participant_provinces": provinces })),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    assert_eq!(
        listed(2).await,
        (vec![nan_only, third, sisaket, first], Some(4))
    );
}
