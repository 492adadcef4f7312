//! Actions: scope of agency heads, updates with evidence files (stored, served within scope,
//! refused by type and size), on-behalf updates, review by inspectors, list filters, the API.

use axum::http::{StatusCode, header};
use prachum::db::entities::{action_updates, actions, attachments};
use prachum::domain::status::{ActionStatus, UpdateChannel, UpdateReview};
use prachum::services::actions::NewAction;
use prachum::services::{Ctx, actions as asvc};
use prachum::state::Clock;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::directives::{api, offices, sisaket};
use crate::helpers::commands::{self, action, be};
use crate::helpers::{Grant, TestApp, fixed_now};

async fn demo_actions(app: &TestApp, meeting_id: i32) -> Vec<actions::Model> {
    actions::Entity::find()
        .filter(actions::Column::MeetingId.eq(meeting_id))
        .order_by_asc(actions::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap()
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

/// The same file sent with several reports at once (two agency heads sending the same
/// circular) is kept for each of them. The load test's two instances once made two such reports
/// race (500: both found the content's path free, then both took it); the path now carries the
/// report's id, so there is nothing to race for. This test does not make the race happen (the
/// in-process requests did not overlap there); it checks what is kept.
#[tokio::test]
async fn the_same_file_sent_with_reports_at_the_same_time_is_kept_for_each() {
    let app = TestApp::spawn().await;
    let m = sisaket(&app).await;
    let acts = demo_actions(&app, m.id).await;
    let office = app
        .client(
            "office33@example.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let n = acts.len().min(6);
    assert!(n >= 3, "the demo meeting has actions");
    let sends = acts.iter().take(n).map(|a| {
        let path = format!("/actions/{}/updates", a.id);
        let office = &office;
        async move {
            office
                .post_multipart(
                    &path,
                    &[("progress", "30"), ("text_md", "ส่งหนังสือเวียนฉบับเดียวกัน")],
                    &[("files", "หนังสือเวียน.pdf", "application/pdf", PDF)],
                )
                .await
        }
    });
    let answers = futures_util::future::join_all(sends).await;
    for res in &answers {
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    }
    let stored = attachments::Entity::find()
        .filter(attachments::Column::Filename.eq("หนังสือเวียน.pdf"))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), n);
    assert!(stored.iter().all(|f| f.sha256 == stored[0].sha256));
    let got = office.get(&format!("/files/{}", stored[n - 1].id)).await;
    assert_eq!(got.body.as_bytes(), PDF);
}

#[tokio::test]
async fn heads_see_their_own_office_and_post_updates_with_files() {
    let app = TestApp::spawn().await;
    let m = sisaket(&app).await;
    let acts = demo_actions(&app, m.id).await;
    let (mine, theirs) = (&acts[0], &acts[1]);
    assert_ne!(mine.office_id, theirs.office_id);
    let head = app
        .client(
            "head@example.go.th",
            "agency_head",
            Grant::office(mine.office_id),
        )
        .await;
    let list = head.get("/actions").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(&mine.title));
    assert!(!list.body.contains(&theirs.title));
    assert_eq!(
        head.get(&format!("/actions/{}", theirs.id)).await.status,
        StatusCode::NOT_FOUND
    );
    let page = head.get(&format!("/actions/{}", mine.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("enctype=\"multipart/form-data\""));
    // An update with a PDF.
    let res = head
        .post_multipart(
            &format!("/actions/{}/updates", mine.id),
            &[("progress", "40"), ("text_md", "ดำเนินการแล้วร้อยละ 40")],
            &[("files", "รายงาน.pdf", "application/pdf", PDF)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let a = actions::Entity::find_by_id(mine.id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((a.status.as_str(), a.progress), ("in_progress", 40));
    let up = action_updates::Entity::find()
        .filter(action_updates::Column::ActionId.eq(mine.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(up.channel, UpdateChannel::Web);
    assert_eq!(up.review, UpdateReview::Pending);
    let file = attachments::Entity::find()
        .filter(attachments::Column::ActionUpdateId.eq(up.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(file.content_type, "application/pdf");
    assert_eq!(file.size_bytes, PDF.len() as i64);
    let on_disk = app
        .state
        .settings
        .storage
        .files_dir
        .join(&file.sha256[..2])
        .join(&file.sha256);
    assert_eq!(std::fs::read(&on_disk).unwrap(), PDF);
    let got = head.get(&format!("/files/{}", file.id)).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.header(header::CONTENT_TYPE), Some("application/pdf"));
    assert!(
        got.header(header::CONTENT_DISPOSITION)
            .unwrap()
            .contains("attachment")
    );
    assert_eq!(got.body.as_bytes(), PDF);
    let page = head.get(&format!("/actions/{}", mine.id)).await;
    assert!(page.body.contains(&format!("/files/{}", file.id)));
    assert!(page.body.contains("รอตรวจสอบ"));
    // Another office's head: 404 for the file and the action.
    let other = app
        .client(
            "head2@example.go.th",
            "agency_head",
            Grant::office(theirs.office_id),
        )
        .await;
    assert_eq!(
        other.get(&format!("/files/{}", file.id)).await.status,
        StatusCode::NOT_FOUND
    );
    let post_other = other
        .post_multipart(
            &format!("/actions/{}/updates", mine.id),
            &[("progress", "10")],
            &[],
        )
        .await;
    assert_eq!(post_other.status, StatusCode::NOT_FOUND);
    // Wrong type (an executable named .pdf) and too large: Thai messages, nothing stored.
    let wrong = head
        .post_multipart(
            &format!("/actions/{}/updates", mine.id),
            &[("progress", "50")],
            &[("files", "x.pdf", "application/pdf", b"MZ\x90\x00 not a pdf")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("ไฟล์ไม่ใช่ชนิดที่รับได้"), "{}", wrong.body);
    let exe = head
        .post_multipart(
            &format!("/actions/{}/updates", mine.id),
            &[("progress", "50")],
            &[("files", "x.exe", "application/octet-stream", PDF)],
        )
        .await;
    assert_eq!(exe.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut big = PDF.to_vec();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    let large = head
        .post_multipart(
            &format!("/actions/{}/updates", mine.id),
            &[("progress", "50")],
            &[("files", "big.pdf", "application/pdf", &big)],
        )
        .await;
    // Over the size limit: 413, the form shown again with the Thai message, nothing spooled.
    assert_eq!(large.status, StatusCode::PAYLOAD_TOO_LARGE);
    let spool = app.state.settings.storage.files_dir.join(".incoming");
    let left = std::fs::read_dir(&spool).map(|d| d.count()).unwrap_or(0);
    assert_eq!(left, 0, "no spooled file is left behind");
    assert!(
        large.body.contains("ไฟล์มีขนาดใหญ่เกินกำหนด"),
        "{}",
        &large.body[..200.min(large.body.len())]
    );
    let n = action_updates::Entity::find()
        .filter(action_updates::Column::ActionId.eq(mine.id))
        .all(&app.state.db)
        .await
        .unwrap()
        .len();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn province_posts_on_behalf_and_inspector_reviews() {
    let app = TestApp::spawn().await;
    let m = sisaket(&app).await;
    let act = demo_actions(&app, m.id).await.remove(0);
    let province = app
        .client(
            "po@example.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let res = province
        .post_multipart(
            &format!("/actions/{}/updates", act.id),
            &[
                ("progress", "100"),
                ("text_md", "แล้วเสร็จ (รับรายงานเป็นหนังสือ)"),
            ],
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let ups = action_updates::Entity::find()
        .filter(action_updates::Column::ActionId.eq(act.id))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(ups[0].channel, UpdateChannel::OnBehalf);
    let a = actions::Entity::find_by_id(act.id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.status, ActionStatus::InProgress, "done only after review");
    // The province may not review; the head neither.
    let no = province
        .post(
            &format!("/updates/{}/review", ups[0].id),
            &[("decision", "accept")],
        )
        .await;
    assert_eq!(no.status, StatusCode::FORBIDDEN);
    let head = app
        .client(
            "head@example.go.th",
            "agency_head",
            Grant::office(act.office_id),
        )
        .await;
    let no = head
        .post(
            &format!("/updates/{}/review", ups[0].id),
            &[("decision", "accept")],
        )
        .await;
    assert_eq!(no.status, StatusCode::FORBIDDEN);
    let inspector = app
        .client("insp@example.go.th", "inspector", Grant::zones(&[14]))
        .await;
    // Returning needs a comment.
    let bare = inspector
        .post(
            &format!("/updates/{}/review", ups[0].id),
            &[("decision", "return")],
        )
        .await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bare.body.contains("กรุณาระบุเหตุผลที่ส่งกลับแก้ไข"));
    let ok = inspector
        .post(
            &format!("/updates/{}/review", ups[0].id),
            &[("decision", "accept")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let a = actions::Entity::find_by_id(act.id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.status, ActionStatus::Done);
    assert!(a.closed_at.is_some());
    // A second update, sent back with a comment.
    province
        .post_multipart(
            &format!("/actions/{}/updates", act.id),
            &[("progress", "90")],
            &[],
        )
        .await;
    let second = action_updates::Entity::find()
        .filter(action_updates::Column::ActionId.eq(act.id))
        .order_by_desc(action_updates::Column::Id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let back = inspector
        .post(
            &format!("/updates/{}/review", second.id),
            &[("decision", "return"), ("comment", "กรุณาแนบภาพถ่าย")],
        )
        .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    let page = inspector.get(&format!("/actions/{}", act.id)).await;
    assert!(page.body.contains("กรุณาแนบภาพถ่าย") && page.body.contains("ส่งกลับแก้ไข"));
    assert!(page.body.contains("บันทึกแทนโดยสำนักงานจังหวัด"));
    assert!(
        page.body.contains("ประวัติการเปลี่ยนแปลง") && page.body.contains("ผู้ตรวจราชการรับรองรายงาน")
    );
}

/// Adds actions (due date as typed in BE, title) to the first directive of the Sisaket demo
/// meeting, one per office from the eleventh office of the province on.
async fn add_sisaket_actions(app: &TestApp, rows: &[(&str, &str)]) {
    let m = sisaket(app).await;
    let os = offices(app, "TH-33").await;
    let directive = prachum::db::entities::directives::Entity::find()
        .filter(prachum::db::entities::directives::Column::MeetingId.eq(m.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let sys = Ctx::system(&Clock::Fixed(fixed_now()));
    let rows = rows.iter().enumerate().map(|(i, (due, title))| NewAction {
        due: Some(be(due)),
        ..action(os[10 + i].id, title)
    });
    asvc::create(
        &app.state.db,
        &sys,
        &app.state.mail,
        directive.id,
        &commands::actions(rows, false),
    )
    .await
    .expect("create");
}

#[tokio::test]
async fn list_filters_and_pagination() {
    let app = TestApp::spawn().await;
    // Today is Monday 23/11/2569 (2026).
    add_sisaket_actions(
        &app,
        &[
            ("01/11/2569", "งานเลยกำหนด"),
            ("27/11/2569", "งานครบกำหนดสัปดาห์นี้"),
            ("30/09/2570", "งานปีหน้า"),
        ],
    )
    .await;
    let province = app
        .client(
            "po@example.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let overdue = province.get("/actions?overdue=1").await;
    assert!(overdue.body.contains("งานเลยกำหนด") && !overdue.body.contains("งานปีหน้า"));
    assert!(overdue.body.contains("เกินกำหนด"));
    assert!(
        overdue.body.contains("1 พ.ย. 2569"),
        "tables show `1 พ.ย. 2569`"
    );
    let week = province.get("/actions?week=1").await;
    assert!(week.body.contains("งานครบกำหนดสัปดาห์นี้") && !week.body.contains("งานเลยกำหนด"));
    let text = province.get(&format!("/actions?q={}", "ปีหน้า")).await;
    assert!(text.body.contains("งานปีหน้า") && !text.body.contains("งานเลยกำหนด"));
    let p1 = province.get("/actions?per_page=2").await;
    assert!(p1.body.contains("หน้า 1 /"));
    let p2 = province.get("/actions?per_page=2&page=2").await;
    assert_eq!(p2.status, StatusCode::OK);
    // Kalasin's province sees none of Sisaket's actions.
    let kalasin = app
        .client(
            "kl@example.go.th",
            "provincial_office",
            Grant::province("TH-46"),
        )
        .await;
    let none = kalasin.get("/actions").await;
    assert!(!none.body.contains("งานเลยกำหนด"));
    // API: filters, pagination, updates, review.
    let insp = app
        .account("insp@example.go.th", "inspector", Grant::zones(&[14]))
        .await;
    let j = api(
        &app,
        insp,
        "GET",
        "/api/v1/actions?overdue=true&per_page=1",
        None,
    )
    .await;
    assert_eq!(j.status, StatusCode::OK, "{}", j.body);
    let j = j.json();
    assert_eq!(j["per_page"], 1);
    assert!(j["items"][0]["overdue"].as_bool().unwrap());
    let due = api(
        &app,
        insp,
        "GET",
        "/api/v1/actions?due_before=2026-11-30&status=open",
        None,
    )
    .await
    .json();
    assert!(
        due["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["due_on"].as_str().unwrap() <= "2026-11-30")
    );
    let bad = api(&app, insp, "GET", "/api/v1/actions?status=nope", None).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let id = j["items"][0]["id"].as_i64().unwrap();
    let office = j["items"][0]["office_id"].as_i64().unwrap() as i32;
    let head_id = app
        .account("h@example.go.th", "agency_head", Grant::office(office))
        .await;
    let up = api(
        &app,
        head_id,
        "POST",
        &format!("/api/v1/actions/{id}/updates"),
        Some(serde_json::json!({"progress": 100})),
    )
    .await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.body);
    assert_eq!(up.json()["channel"], "api");
    let bad = api(
        &app,
        head_id,
        "POST",
        &format!("/api/v1/actions/{id}/updates"),
        Some(serde_json::json!({"progress": 150})),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.json()["error"]["fields"]["progress"].is_string());
    let uid = up.json()["id"].as_i64().unwrap();
    let rv = format!("/api/v1/updates/{uid}/review");
    assert_eq!(
        api(
            &app,
            head_id,
            "POST",
            &rv,
            Some(serde_json::json!({"decision": "accept"}))
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let ok = api(
        &app,
        insp,
        "POST",
        &rv,
        Some(serde_json::json!({"decision": "accept"})),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let detail = api(&app, insp, "GET", &format!("/api/v1/actions/{id}"), None)
        .await
        .json();
    assert_eq!(detail["action"]["status"], "done");
    assert_eq!(detail["updates"][0]["review"], "accepted");
    let os = offices(&app, "TH-33").await;
    let other_head = app
        .account(
            "h2@example.go.th",
            "agency_head",
            Grant::office(os.iter().find(|o| o.id != office).unwrap().id),
        )
        .await;
    assert_eq!(
        api(
            &app,
            other_head,
            "GET",
            &format!("/api/v1/actions/{id}"),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

/// The options of the select named `name` in a page: (value, label, selected).
fn options(html: &str, name: &str) -> Vec<(String, String, bool)> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(&format!("select[name=\"{name}\"] option")).unwrap();
    doc.select(&sel)
        .map(|o| {
            (
                o.value().attr("value").unwrap_or_default().to_owned(),
                o.text().collect::<String>(),
                o.value().attr("selected").is_some(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_list_offers_offices_one_province_at_a_time_within_scope() {
    let app = TestApp::spawn().await;
    sisaket(&app).await;
    let province_id = |code: &'static str| {
        let db = app.state.db.clone();
        async move {
            prachum::db::entities::provinces::Entity::find()
                .filter(prachum::db::entities::provinces::Column::Code.eq(code))
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .id
        }
    };
    let (sisaket_id, bangkok_id) = (province_id("TH-33").await, province_id("TH-10").await);
    let active_in_sisaket = offices(&app, "TH-33")
        .await
        .into_iter()
        .filter(|o| o.active)
        .count();
    // An administrator picks a province first (all 77 offered), then one of its offices.
    let admin = app
        .client("root@example.go.th", "admin", Grant::default())
        .await;
    let first = admin.get("/actions").await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(options(&first.body, "province").len(), 77 + 1);
    assert!(options(&first.body, "office").is_empty());
    assert!(first.body.contains("เลือกจังหวัดแล้วกด"));
    // The select sends the code; the home page's links send the id: both work.
    let chosen = admin.get("/actions?province=TH-33").await;
    let provinces = options(&chosen.body, "province");
    assert!(
        provinces
            .iter()
            .any(|(v, l, s)| v == "TH-33" && l == "ศรีสะเกษ" && *s)
    );
    assert_eq!(options(&chosen.body, "office").len(), active_in_sisaket + 1);
    let by_id = admin.get(&format!("/actions?province={sisaket_id}")).await;
    assert_eq!(options(&by_id.body, "office").len(), active_in_sisaket + 1);
    let unknown = admin.get("/actions?province=TH-99").await;
    assert!(unknown.body.contains("ไม่พบรายการ"));
    // A zone inspector gets the provinces of the zone only, and nothing from outside it.
    let insp = app
        .client("insp@example.go.th", "inspector", Grant::zones(&[14]))
        .await;
    let own = insp.get(&format!("/actions?province={sisaket_id}")).await;
    let zone_provinces = options(&own.body, "province");
    assert!(
        (2..=9).contains(&(zone_provinces.len() - 1)),
        "{zone_provinces:?}"
    );
    assert!(!zone_provinces.iter().any(|(v, ..)| v == "TH-10"));
    assert_eq!(options(&own.body, "office").len(), active_in_sisaket + 1);
    let outside = insp.get(&format!("/actions?province={bangkok_id}")).await;
    assert!(options(&outside.body, "office").is_empty());
    // A provincial office picks among its own offices; an agency head gets no office filter.
    let po = app
        .client(
            "po@example.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let page = po.get("/actions").await;
    assert!(options(&page.body, "province").is_empty());
    assert_eq!(options(&page.body, "office").len(), active_in_sisaket + 1);
}

#[tokio::test]
async fn text_search_takes_percent_and_underscore_literally() {
    let app = TestApp::spawn().await;
    add_sisaket_actions(
        &app,
        &[
            ("30/09/2570", "เบิกจ่ายให้ได้ 100% ภายในกันยายน"),
            ("30/09/2570", "เบิกจ่ายงวดที่ 1000"),
            ("30/09/2570", "รหัส A_1 ของโครงการ"),
        ],
    )
    .await;
    let po = app
        .client(
            "po@example.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let percent = po.get("/actions?q=100%25").await;
    assert!(percent.body.contains("ได้ 100%"), "{}", percent.body);
    assert!(!percent.body.contains("งวดที่ 1000"));
    let underscore = po.get("/actions?q=A_1").await;
    assert!(underscore.body.contains("รหัส A_1"));
    let no_wildcard = po.get("/actions?q=A%251").await;
    assert!(!no_wildcard.body.contains("รหัส A_1"));
    let meetings = po.get("/meetings?q=%25").await;
    assert_eq!(meetings.status, StatusCode::OK);
}

/// The title index follows every write: a renamed action is found by its new words and not by
/// its old ones; one- and two-character queries (below a trigram) still find by substring.
#[tokio::test]
async fn title_search_follows_renames_and_handles_short_queries() {
    use sea_orm::{ActiveModelTrait, Set};
    let app = TestApp::spawn().await;
    let m = sisaket(&app).await;
    let acts = demo_actions(&app, m.id).await;
    let mut am: actions::ActiveModel = acts[0].clone().into();
    am.title = Set("ซ่อมแซมฝายชะลอน้ำบ้านโนนสูง".to_owned());
    am.update(&app.state.db).await.unwrap();
    let po = app
        .client(
            "po@example.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let q = |s: &str| {
        format!(
            "/actions?q={}",
            form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>()
        )
    };
    let found = po.get(&q("ฝายชะลอน้ำ")).await;
    assert!(
        found.body.contains("ซ่อมแซมฝายชะลอน้ำบ้านโนนสูง"),
        "{}",
        found.body
    );
    let old_words: String = acts[0].title.chars().take(8).collect();
    let gone = po.get(&q(&old_words)).await;
    assert!(!gone.body.contains(&format!("/actions/{}\"", acts[0].id)));
    // Across the country (an administrator) the trigram index answers.
    let admin = app
        .client("root@example.go.th", "admin", Grant::default())
        .await;
    let everywhere = admin.get(&q("ฝายชะลอน้ำ")).await;
    assert!(everywhere.body.contains("ซ่อมแซมฝายชะลอน้ำบ้านโนนสูง"));
    let old_everywhere = admin.get(&q(&old_words)).await;
    assert!(
        !old_everywhere
            .body
            .contains(&format!("/actions/{}\"", acts[0].id))
    );
    let short = po.get(&q("ฝา")).await;
    assert!(short.body.contains("ซ่อมแซมฝายชะลอน้ำบ้านโนนสูง"));
}

/// A common title word is matched row by row in the list's order (on SQLite, a word in 20,000
/// titles or more: `action_filter::select_walking`); it keeps the same actions, in the same order,
/// as the title index does, for words from the demo's own titles, a partial word and a word
/// that is nowhere.
#[tokio::test]
async fn a_title_word_walked_row_by_row_keeps_what_the_title_index_keeps() {
    use prachum::services::action_filter::{ActionFilter, select_walking};
    use sea_orm::{QuerySelect, sea_query::NullOrdering, sea_query::Order};

    let app = TestApp::spawn().await;
    let db = &app.state.db;
    prachum::demo::load(db, fixed_now()).await.unwrap();
    let sys = Ctx::system(&Clock::Fixed(fixed_now()));
    let first: Vec<char> = actions::Entity::find()
        .order_by_asc(actions::Column::Id)
        .one(db)
        .await
        .unwrap()
        .expect("the demo's actions")
        .title
        .chars()
        .collect();
    let words = [
        first[..first.len().min(6)].iter().collect::<String>(),
        first[2..first.len().min(5)].iter().collect::<String>(),
        "ครัวเรือน".to_owned(),
        "ฆฆฆฆ".to_owned(),
    ];
    let mut found = 0;
    for word in words {
        let f = ActionFilter {
            q: Some(word.clone()),
            ..ActionFilter::default()
        };
        let mut kept = Vec::new();
        for walk in [true, false] {
            let ids: Vec<i32> = select_walking(db, &sys, &f, walk)
                .unwrap()
                .select_only()
                .column(actions::Column::Id)
                .order_by_with_nulls(actions::Column::DueOn, Order::Asc, NullOrdering::Last)
                .order_by_asc(actions::Column::Id)
                .into_tuple()
                .all(db)
                .await
                .unwrap();
            kept.push(ids);
        }
        assert_eq!(kept[0], kept[1], "{word}: walked and indexed differ");
        found += usize::from(!kept[0].is_empty());
    }
    assert!(found >= 2, "the demo's own title words are found");
}
