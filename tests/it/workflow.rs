//! The whole meeting workflow in real Chromium, as the three users do it: the provincial office
//! creates a meeting with a venue and two sessions, records attendance for five agencies (one
//! represented, one absent with a reason) and a directive with two actions; the agency head
//! reports progress with a file; the inspector accepts it. Screenshots: target/screenshots/.

use prachum::db::entities::{action_updates, actions, agency_offices, attendances, meetings};
use prachum::domain::collate::sort_thai_by;
use prachum::domain::status::{AttendanceStatus, UpdateReview};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::browser::Browser;
use crate::helpers::{Grant, TestApp, fixed_now};

async fn sign_in(b: &Browser, base: &str, email: &str) {
    b.sign_in(base, email).await;
    assert_eq!(
        b.path().await,
        "/",
        "{email} lands on the home page of their role"
    );
}

async fn sign_out(b: &Browser) {
    b.submit(".nav-wide form[action='/logout'] button").await;
    assert_eq!(b.path().await, "/login");
}

fn id_in(path: &str, prefix: &str) -> i32 {
    path.strip_prefix(prefix)
        .and_then(|rest| rest.split('/').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{path} is not under {prefix}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn office_records_a_meeting_head_reports_inspector_accepts() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    prachum::demo::load(db, fixed_now()).await.unwrap();
    let sisaket = prachum::db::entities::provinces::Entity::find()
        .filter(prachum::db::entities::provinces::Column::Code.eq("TH-33"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut offices = agency_offices::Entity::find()
        .filter(agency_offices::Column::ProvinceId.eq(sisaket.id))
        .filter(agency_offices::Column::Active.eq(true))
        .all(db)
        .await
        .unwrap();
    sort_thai_by(&mut offices, |o| &o.name_th);
    let (office_a, office_b) = (offices[0].id, offices[1].id);
    app.account(
        "saraban@sisaket.go.th",
        "provincial_office",
        Grant::province("TH-33"),
    )
    .await;
    app.account(
        "head@office-a.go.th",
        "agency_head",
        Grant::office(office_a),
    )
    .await;
    app.account("inspector@moi.go.th", "inspector", Grant::zones(&[14]))
        .await;
    let base = app.serve().await;
    let b = Browser::start().await;

    // 1. The provincial office creates the meeting.
    sign_in(&b, &base, "saraban@sisaket.go.th").await;
    b.goto(&format!("{base}/meetings/new")).await;
    b.select("#f-kind", "integrated_inspection").await;
    b.fill(
        "#f-title",
        "ประชุมบูรณาการตรวจราชการ จังหวัดศรีสะเกษ ครั้งที่ 1/2570",
    )
    .await;
    b.fill("#f-meeting_date", "15/12/2569").await;
    b.fill("#sl0", "ช่วงเช้า").await;
    b.fill("#ss0", "09.00").await;
    b.fill("#se0", "12.00").await;
    b.fill("#sl1", "ช่วงบ่าย").await;
    b.fill("#ss1", "13.30").await;
    b.fill("#se1", "16.00").await;
    b.fill("#f-venue_room", "ห้องประชุมพนมดงรัก").await;
    b.fill("#f-venue_floor", "2").await;
    b.fill("#f-venue_building", "ศาลากลางจังหวัดศรีสะเกษ").await;
    b.fill("#f-chair_name", "นายวัฒนา พุฒิชาติ").await;
    b.fill("#f-chair_title", "ผู้ว่าราชการจังหวัดศรีสะเกษ").await;
    b.screenshot("workflow-1-meeting-form").await;
    b.submit("form.meeting-form button[type=submit]").await;
    let meeting_path = b.path().await;
    let meeting_id = id_in(&meeting_path, "/meetings/");
    let text = b.page_text().await;
    assert!(text.contains("วันอังคารที่ 15 ธันวาคม 2569"), "{text}");
    assert!(text.contains("ห้องประชุมพนมดงรัก"));
    assert!(text.contains("09.00") && text.contains("16.00"));
    let m = meetings::Entity::find_by_id(meeting_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.host_province_id, Some(sisaket.id));

    // 2. Attendance for five agencies.
    b.goto(&format!("{base}/meetings/{meeting_id}/attendance"))
        .await;
    b.select("#s0", "present").await;
    b.select("#s1", "represented").await;
    b.fill("#rn1", "นางสาวผู้แทน ตัวอย่าง").await;
    b.fill("#rt1", "นักวิชาการชำนาญการ").await;
    b.select("#s2", "absent").await;
    b.fill("#r2", "ติดราชการที่กรุงเทพมหานคร").await;
    b.select("#s3", "online").await;
    b.select("#s4", "acting").await;
    b.fill("#rn4", "นายรักษา การแทน").await;
    b.screenshot("workflow-2-attendance").await;
    b.submit("form.attendance-sheet button[type=submit]").await;
    b.screenshot("workflow-2b-attendance-saved").await;
    let saved = b.page_text().await;
    assert!(!saved.contains("กรุณา"), "no validation message: {saved}");
    let rows = attendances::Entity::find()
        .filter(attendances::Column::MeetingId.eq(meeting_id))
        .all(db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 5, "five rows saved");
    assert!(
        rows.iter()
            .any(|r| r.status == AttendanceStatus::Represented
                && r.represented_by_name.as_deref() == Some("นางสาวผู้แทน ตัวอย่าง"))
    );
    assert!(rows.iter().any(|r| r.status == AttendanceStatus::Absent
        && r.absence_reason.as_deref() == Some("ติดราชการที่กรุงเทพมหานคร")));

    // 3. A directive with two actions.
    b.goto(&format!("{base}/meetings/{meeting_id}/directives/new"))
        .await;
    b.select("#f-issuer_role", "governor").await;
    b.fill("#f-issuer_name", "ผู้ว่าราชการจังหวัดศรีสะเกษ").await;
    b.fill(
        "#f-text_md",
        "ให้หน่วยงานที่เกี่ยวข้องเร่งรัดการแก้ไขปัญหาความยากจนตามเป้าหมาย 2,242 ครัวเรือน",
    )
    .await;
    b.click(&format!("input[name=targets][value='{office_a}']"))
        .await;
    b.click(&format!("input[name=targets][value='{office_b}']"))
        .await;
    b.submit("main form[action$='/directives/new'] button[type=submit]")
        .await;
    let directive_id = id_in(&b.path().await, "/directives/");
    let titles = b
        .client_find_all("form.create-actions input[name=title]")
        .await;
    assert_eq!(titles, 2, "one action row per target office");
    b.fill(
        "form.create-actions fieldset:nth-of-type(1) input[name=title]",
        "สำรวจครัวเรือนเป้าหมาย",
    )
    .await;
    b.fill(
        "form.create-actions fieldset:nth-of-type(1) input[name=due]",
        "31/01/2570",
    )
    .await;
    b.fill(
        "form.create-actions fieldset:nth-of-type(2) input[name=title]",
        "จัดทำแผนช่วยเหลือรายครัวเรือน",
    )
    .await;
    b.fill(
        "form.create-actions fieldset:nth-of-type(2) input[name=due]",
        "",
    )
    .await;
    // The second due date is picked from the calendar: the picker writes it in BE.
    let row = "form.create-actions fieldset:nth-of-type(2)";
    b.click(&format!("{row} .be-date-open")).await;
    b.select(
        &format!("{row} .be-cal select[aria-label='ปี พ.ศ.']"),
        "2570",
    )
    .await;
    b.select(&format!("{row} .be-cal select[aria-label='เดือน']"), "1")
        .await;
    b.click(&format!(
        "{row} .be-cal button[aria-label='28 กุมภาพันธ์ 2570']"
    ))
    .await;
    let picked = b
        .execute(
            "return document.querySelectorAll('form.create-actions input[name=due]')[1].value;",
        )
        .await;
    assert_eq!(
        picked, "28/02/2570",
        "the calendar picker fills the BE date"
    );
    b.screenshot("workflow-3-directive").await;
    b.submit("form.create-actions button[type=submit]").await;
    let made = actions::Entity::find()
        .filter(actions::Column::DirectiveId.eq(directive_id))
        .all(db)
        .await
        .unwrap();
    assert_eq!(made.len(), 2);
    assert!(
        made.iter()
            .all(|a| a.province_id == Some(sisaket.id) && a.zone_id.is_some())
    );
    let mine = made
        .iter()
        .find(|a| a.office_id == office_a)
        .expect("office A's action");
    sign_out(&b).await;

    // 4. The agency head reports progress with a file.
    sign_in(&b, &base, "head@office-a.go.th").await;
    b.goto(&format!("{base}/actions")).await;
    let list = b.page_text().await;
    assert!(list.contains("สำรวจครัวเรือนเป้าหมาย"), "{list}");
    assert!(
        !list.contains("จัดทำแผนช่วยเหลือรายครัวเรือน"),
        "not the other office's action"
    );
    b.goto(&format!("{base}/actions/{}", mine.id)).await;
    b.fill("#f-progress", "60").await;
    b.fill(
        "#f-text_md",
        "สำรวจแล้ว 1,345 ครัวเรือน จากเป้าหมาย 2,242 ครัวเรือน",
    )
    .await;
    let pdf = app.files.path().join("รายงานผลการสำรวจ.pdf");
    std::fs::write(
        &pdf,
        b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
    )
    .unwrap();
    b.find("#f-files")
        .await
        .send_keys(pdf.to_str().unwrap())
        .await
        .expect("choose the file");
    b.submit("form[enctype='multipart/form-data'] button[type=submit]")
        .await;
    let page = b.page_text().await;
    assert!(page.contains("รายงานผลการสำรวจ.pdf"), "{page}");
    b.screenshot("workflow-4-head-update").await;
    sign_out(&b).await;

    // 5. The inspector accepts it.
    sign_in(&b, &base, "inspector@moi.go.th").await;
    b.goto(&format!("{base}/actions/{}", mine.id)).await;
    b.fill("form.review input[name=comment]", "ครบถ้วน ดำเนินการต่อ")
        .await;
    b.submit("form.review button[value=accept]").await;
    let update = action_updates::Entity::find()
        .filter(action_updates::Column::ActionId.eq(mine.id))
        .one(db)
        .await
        .unwrap()
        .expect("the update");
    assert_eq!(update.review, UpdateReview::Accepted);
    assert_eq!(update.progress, Some(60));
    b.screenshot("workflow-5-accepted").await;
    b.goto(&format!("{base}/meetings/{meeting_id}")).await;
    b.screenshot("workflow-6-meeting-page").await;
    b.close().await;
}
