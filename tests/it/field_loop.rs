//! The whole field loop in chromium at 390 × 844, through the forms the pages render: a
//! provincial office creates a meeting (BE date), builds its agenda and records attendance; an
//! inspector drafts and publishes a directive with actions for three offices; the emails arrive
//! at the test SMTP server; a head without an account answers through the link with an evidence
//! file; the inspector accepts the update; the provincial office circulates and certifies the
//! minutes and downloads the PDF. At every step: no sideways scroll at 390 and 360 px, axe-core
//! finds no critical or serious violation, and a flash message confirms the step. Screenshots
//! of each step at both widths go to target/screenshots/loop-*.png.

use chrono::Duration;
use prachum::db::entities::{action_updates, actions, agencies, agency_offices, provinces};
use prachum::domain::status::UpdateReview;
use prachum::services::Ctx;
use prachum::services::offices::{self as osvc, HeadCommand, HeadInput};
use prachum::state::Clock;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::answer_links::{body_text, deliver, link_path, message_to};
use crate::helpers::browser::Browser;
use crate::helpers::smtp::SmtpReceiver;
use crate::helpers::{Grant, TestApp, fixed_now};

/// Ubon Ratchathani (zone 14): not one of the demo's provinces.
const PROVINCE: &str = "TH-34";

/// Three offices in the province, each with a head who has an email address.
async fn offices(app: &TestApp) -> Vec<(agency_offices::Model, String)> {
    let db = &app.state.db;
    let p = provinces::Entity::find()
        .filter(provinces::Column::Code.eq(PROVINCE))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let sys = Ctx::system(&Clock::Fixed(fixed_now()));
    let mut out = Vec::new();
    for (i, (code, name, title)) in [
        (
            "cdd_provincial",
            "สำนักงานพัฒนาชุมชนจังหวัดอุบลราชธานี",
            "พัฒนาการจังหวัดอุบลราชธานี",
        ),
        (
            "ddpm_provincial",
            "สำนักงานป้องกันและบรรเทาสาธารณภัยจังหวัดอุบลราชธานี",
            "หัวหน้าสำนักงานป้องกันและบรรเทาสาธารณภัยจังหวัดอุบลราชธานี",
        ),
        (
            "msdhs_provincial",
            "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดอุบลราชธานี",
            "พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดอุบลราชธานี",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let agency = agencies::Entity::find()
            .filter(agencies::Column::ShortCode.eq(code))
            .one(db)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("agency {code}"));
        // `migrate` created the office of every province-level agency in every province.
        let office = agency_offices::Entity::find()
            .filter(agency_offices::Column::AgencyId.eq(agency.id))
            .filter(agency_offices::Column::ProvinceId.eq(p.id))
            .one(db)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{code} office in Ubon Ratchathani"));
        assert_eq!(office.name_th, name);
        let email = format!("head{i}@ubon.example.org");
        osvc::set_head(
            db,
            &sys,
            office.id,
            &HeadCommand::try_from(&HeadInput {
                full_name: format!("หัวหน้าคนที่ {}", i + 1),
                title_as_printed: title.to_owned(),
                email: Some(email.clone()),
                valid_from: "01/10/2569".to_owned(),
                ..Default::default()
            })
            .expect("head parses"),
        )
        .await
        .expect("head");
        out.push((office, email));
    }
    out
}

/// What every step checks, at 390 px then 360 px: no sideways scroll, tap targets of at least
/// 44 px, no critical or serious accessibility violation, and a screenshot of each.
async fn check(b: &Browser, step: &str) {
    for (w, h) in [(390, 844), (360, 780)] {
        b.set_size(w, h).await;
        b.assert_fits().await;
        b.assert_tap_targets().await;
        b.assert_accessible().await;
        b.screenshot(&format!("loop-{step}-{w}")).await;
    }
    b.set_size(390, 844).await;
}

/// The flash message shown after a step.
async fn flash(b: &Browser) -> String {
    b.text_of("[role=status]").await
}

async fn sign_out(b: &Browser) {
    b.client.delete_all_cookies().await.expect("clear cookies");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_field_loop_on_a_phone() {
    let app = TestApp::spawn().await;
    let offices = offices(&app).await;
    app.account(
        "po34@ubon.go.th",
        "provincial_office",
        Grant::province(PROVINCE),
    )
    .await;
    app.account("insp14@example.go.th", "inspector", Grant::zones(&[14]))
        .await;
    let base = app.serve().await;
    let b = Browser::start().await;
    b.set_size(390, 844).await;

    // 1. The provincial office lands on its work and creates a meeting with a BE date.
    b.sign_in(&base, "po34@ubon.go.th").await;
    b.goto(&format!("{base}/")).await;
    assert_eq!(b.text_of("h1").await, "งานของฉัน");
    check(&b, "01-home-po").await;
    b.goto(&format!("{base}/meetings/new")).await;
    b.select("#f-kind", "integrated_inspection").await;
    b.fill("#f-title", "ประชุมติดตามการแก้ไขปัญหาความยากจน จังหวัดอุบลราชธานี")
        .await;
    // The BE date picker: Thai months, Buddhist-Era years; the field gets dd/mm/yyyy BE.
    b.click("#f-meeting_date + .be-date-open").await;
    b.select(".be-cal select[aria-label='ปี พ.ศ.']", "2569")
        .await;
    b.select(".be-cal select[aria-label='เดือน']", "10").await;
    b.click(".be-cal button[aria-label='20 พฤศจิกายน 2569']")
        .await;
    let picked = b
        .find("#f-meeting_date")
        .await
        .prop("value")
        .await
        .expect("value");
    assert_eq!(
        picked.as_deref(),
        Some("20/11/2569"),
        "the picker writes a BE date"
    );
    check(&b, "02-meeting-form").await;
    b.submit(".meeting-form button[type=submit]").await;
    assert!(
        flash(&b).await.contains("สร้างการประชุมแล้ว"),
        "{}",
        b.page_text().await
    );
    let meeting: i32 = b
        .path()
        .await
        .trim_start_matches("/meetings/")
        .parse()
        .expect("on the meeting page");
    check(&b, "03-meeting").await;

    // 2. Its agenda.
    b.goto(&format!("{base}/meetings/{meeting}/agenda")).await;
    let section = b
        .execute("return document.querySelector('#f-section_id option:nth-child(2)').value")
        .await;
    b.select("#f-section_id", section.as_str().expect("a section"))
        .await;
    b.fill("#f-title", "ผลการช่วยเหลือครัวเรือนเป้าหมาย").await;
    b.submit("form[action$='/agenda/items'] button[type=submit]")
        .await;
    assert!(flash(&b).await.contains("บันทึกระเบียบวาระแล้ว"));
    check(&b, "04-agenda").await;

    // 3. Attendance: the three offices present.
    b.goto(&format!("{base}/meetings/{meeting}/attendance"))
        .await;
    for i in 0..3 {
        b.select(&format!("#s{i}"), "present").await;
    }
    b.submit(".attendance-sheet button[type=submit]").await;
    assert!(
        flash(&b).await.contains("มาประชุม 3 คน"),
        "{}",
        flash(&b).await
    );
    check(&b, "05-attendance").await;

    // 4. The inspector drafts a directive for the three offices.
    sign_out(&b).await;
    b.sign_in(&base, "insp14@example.go.th").await;
    b.goto(&format!("{base}/")).await;
    assert_eq!(b.text_of("h1").await, "งานของฉัน");
    check(&b, "06-home-inspector").await;
    b.goto(&format!("{base}/meetings/{meeting}/directives/new"))
        .await;
    b.fill(
        "#f-text_md",
        "ให้ทุกหน่วยงาน **เร่งรัด** การช่วยเหลือครัวเรือนเป้าหมาย",
    )
    .await;
    for (o, _) in &offices {
        b.click(&format!("input[name=targets][value='{}']", o.id))
            .await;
    }
    check(&b, "07-directive-form").await;
    b.submit("main form button[type=submit]").await;
    assert!(flash(&b).await.contains("บันทึกร่างข้อสั่งการแล้ว"));
    let directive: i32 = b
        .path()
        .await
        .trim_start_matches("/directives/")
        .parse()
        .expect("on the directive page");

    // 5. Its actions, one per office.
    for i in 0..3 {
        b.fill(
            &format!("#f-title-{i}"),
            &format!("สำรวจและช่วยเหลือครัวเรือน กลุ่มที่ {}", i + 1),
        )
        .await;
        b.fill(&format!("#f-due-{i}"), "31/12/2569").await;
    }
    check(&b, "08-actions-form").await;
    b.submit("form.create-actions button[type=submit]").await;
    assert!(
        flash(&b).await.contains("บันทึกการดำเนินการแล้ว 3 รายการ"),
        "{}",
        flash(&b).await
    );

    // 6. Publishing asks first, then says whom it emailed.
    b.click(&format!("a[href='/directives/{directive}/publish']"))
        .await;
    assert!(b.page_text().await.contains("หัวหน้าส่วนราชการ 3 หน่วยงาน"));
    check(&b, "09-publish-confirm").await;
    b.submit("form[action$='/publish'] button[type=submit]")
        .await;
    assert!(
        flash(&b)
            .await
            .contains("เผยแพร่ข้อสั่งการแล้ว ส่งอีเมลถึงหัวหน้าส่วนราชการ 3 หน่วยงาน"),
        "{}",
        flash(&b).await
    );
    check(&b, "10-published").await;

    // 7. The emails arrive; a head without an account answers through the link.
    let smtp = SmtpReceiver::start().await;
    deliver(&app, &smtp, fixed_now() + Duration::minutes(2)).await;
    let got = smtp.messages();
    for (_, email) in &offices {
        message_to(&got, email);
    }
    let path = link_path(&body_text(message_to(&got, &offices[0].1)));
    sign_out(&b).await;
    b.goto(&format!("{base}{path}")).await;
    assert_eq!(b.text_of("h1").await, "รายงานผลการดำเนินการ");
    check(&b, "11-answer").await;
    let action = actions::Entity::find()
        .filter(actions::Column::OfficeId.eq(offices[0].0.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ภาพถ่าย.pdf");
    std::fs::write(&file, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").unwrap();
    b.click(&format!("#a{} details.report > summary", action.id))
        .await;
    b.fill(&format!("#f-progress-{}", action.id), "60").await;
    b.fill(
        &format!("#f-text_md-{}", action.id),
        "ช่วยเหลือแล้ว 60 ครัวเรือน",
    )
    .await;
    b.find(&format!("#f-files-{}", action.id))
        .await
        .send_keys(&file.display().to_string())
        .await
        .expect("attach");
    check(&b, "12-answer-form").await;
    b.submit(&format!("#a{} .report-form button[type=submit]", action.id))
        .await;
    assert!(flash(&b).await.contains("ส่งรายงานแล้ว"));
    check(&b, "13-answered").await;

    // 8. The inspector accepts the update.
    b.sign_in(&base, "insp14@example.go.th").await;
    b.goto(&format!("{base}/")).await;
    assert!(b.page_text().await.contains("รายงานรอตรวจรับ"));
    b.goto(&format!("{base}/actions/{}", action.id)).await;
    check(&b, "14-review").await;
    b.submit("form.review button[value=accept]").await;
    assert!(flash(&b).await.contains("ตรวจรับรายงานความก้าวหน้าแล้ว"));
    check(&b, "15-accepted").await;
    let up = action_updates::Entity::find()
        .filter(action_updates::Column::ActionId.eq(action.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(up.review, UpdateReview::Accepted);

    // 9. The provincial office circulates and certifies the minutes, then downloads the PDF.
    sign_out(&b).await;
    b.sign_in(&base, "po34@ubon.go.th").await;
    b.goto(&format!("{base}/")).await;
    check(&b, "16-home-po-after").await;
    b.goto(&format!("{base}/meetings/{meeting}/minutes")).await;
    b.fill("#f-deadline", "30/11/2569").await;
    b.submit("form[action$='/minutes/circulate'] button[type=submit]")
        .await;
    assert!(
        flash(&b).await.contains("เวียนรายงานการประชุมแล้ว"),
        "{}",
        b.page_text().await
    );
    check(&b, "17-circulated").await;
    b.select("#method", "circulation").await;
    b.click("#f-confirm").await;
    b.submit("form[action$='/minutes/certify'] button[type=submit]")
        .await;
    assert!(
        flash(&b).await.contains("รับรองรายงานการประชุมแล้ว"),
        "{}",
        b.page_text().await
    );
    check(&b, "18-certified").await;
    let pdf = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             const a = document.querySelector(\"a[href$='/minutes.pdf']\");\
             fetch(a.href).then(r => r.arrayBuffer().then(buf => done([r.status,\
               r.headers.get('content-type'), buf.byteLength,\
               String.fromCharCode(...new Uint8Array(buf.slice(0, 5)))])));",
            vec![],
        )
        .await
        .expect("download the PDF");
    assert_eq!(pdf[0], 200, "{pdf:?}");
    assert_eq!(pdf[1], "application/pdf", "{pdf:?}");
    assert_eq!(pdf[3], "%PDF-", "{pdf:?}");
    assert!(pdf[2].as_u64().unwrap_or(0) > 1000, "{pdf:?}");
    b.close().await;
}
