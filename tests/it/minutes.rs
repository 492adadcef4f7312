//! The minutes (รายงานการประชุม): the official parts in order for the three demo meetings
//! (insta snapshots), revisions under optimistic locking, circulation, certification (frozen,
//! hashed), publishing, scope; and the zone report of a round.

use axum::http::StatusCode;
use prachum::db::entities::{agenda_items, meetings, minutes, minutes_revisions};
use prachum::domain::calendar::Digits;
use prachum::domain::minutes::content_hash;
use prachum::domain::status::{MeetingStatus, MinutesState};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::helpers::{Client, Grant, TestApp, TestResponse, fixed_now};

async fn demo(app: &TestApp) {
    prachum::demo::load(&app.state.db, fixed_now())
        .await
        .expect("demo");
}

async fn meeting_by_kind(app: &TestApp, kind: &str) -> meetings::Model {
    meetings::Entity::find()
        .filter(meetings::Column::Kind.eq(kind))
        .order_by_asc(meetings::Column::MeetingDate)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("a demo meeting of kind {kind}"))
}

/// Sisaket's provincial office (TH-33), which runs the demo meetings.
async fn office<'a>(app: &'a TestApp, name: &str) -> Client<'a> {
    app.client(
        &format!("{name}@example.go.th"),
        "provincial_office",
        Grant::province("TH-33"),
    )
    .await
}

/// The hidden `name` input's value in a page.
fn hidden(html: &str, name: &str) -> String {
    let key = format!("name=\"{name}\" value=\"");
    let at = html
        .find(&key)
        .unwrap_or_else(|| panic!("no hidden {name} in the page"));
    let rest = &html[at + key.len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

/// The first ordinary agenda item of a meeting.
async fn first_item(app: &TestApp, meeting_id: i32) -> agenda_items::Model {
    agenda_items::Entity::find()
        .filter(agenda_items::Column::MeetingId.eq(meeting_id))
        .filter(agenda_items::Column::AutoKind.is_null())
        .order_by_asc(agenda_items::Column::Id)
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("an agenda item")
}

fn positions(md: &str, parts: &[&str]) -> Vec<usize> {
    parts
        .iter()
        .map(|p| {
            md.find(p)
                .unwrap_or_else(|| panic!("the minutes lack «{p}»:\n{md}"))
        })
        .collect()
}

fn assert_official_order(md: &str) {
    let parts = [
        "# รายงานการประชุม",
        "เมื่อวัน",
        "ณ ",
        "## ผู้มาประชุม",
        "## ผู้ไม่มาประชุม",
        "## ผู้เข้าร่วมประชุม",
        "**เริ่มประชุมเวลา",
        "## ระเบียบวาระที่ 1",
        "**เลิกประชุมเวลา",
        "ผู้จดรายงานการประชุม",
        "ผู้ตรวจรายงานการประชุม",
    ];
    let at = positions(md, &parts);
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "official parts out of order ({at:?}):\n{md}"
    );
}

async fn markdown_of(client: &Client<'_>, meeting_id: i32) -> String {
    let res = client
        .get(&format!("/meetings/{meeting_id}/minutes.md"))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        res.header(axum::http::header::CONTENT_TYPE),
        Some("text/markdown; charset=utf-8")
    );
    res.body
}

#[tokio::test]
async fn the_three_demo_meetings_have_their_official_parts_in_order() {
    let app = TestApp::spawn().await;
    demo(&app).await;
    let admin = app
        .client("admin@example.go.th", "admin", Grant::default())
        .await;
    for (kind, name) in [
        (
            "integrated_inspection",
            "minutes_sisaket_integrated_inspection",
        ),
        ("working_group", "minutes_sisaket_poverty_secretaries"),
        ("quarterly_workshop", "minutes_zone12_quarterly_workshop"),
    ] {
        let m = meeting_by_kind(&app, kind).await;
        let md = markdown_of(&admin, m.id).await;
        assert_official_order(&md);
        // Same data, same bytes.
        assert_eq!(md, markdown_of(&admin, m.id).await);
        insta::assert_snapshot!(name, md);
    }
    let sisaket = markdown_of(
        &admin,
        meeting_by_kind(&app, "integrated_inspection").await.id,
    )
    .await;
    for expected in [
        "เมื่อวันอังคารที่ 19 เมษายน 2565 เวลา 09.00 น.",
        // A representative is listed "… แทน …", an acting holder "รักษาการ…".
        "แทน นายแพทย์สาธารณสุขจังหวัดศรีสะเกษ",
        "รักษาการหัวหน้าสำนักงานจังหวัดศรีสะเกษ",
        // Directives under the item where they were given, actions with their office.
        "**ข้อสั่งการและประเด็นเน้นย้ำ**",
        "สำนักงานพัฒนาชุมชนจังหวัดศรีสะเกษ",
    ] {
        assert!(
            sisaket.contains(expected),
            "missing «{expected}»:\n{sisaket}"
        );
    }
}

#[tokio::test]
async fn the_secretary_writes_notes_and_a_stale_save_is_refused_with_both_versions() {
    let app = TestApp::spawn().await;
    demo(&app).await;
    let m = meeting_by_kind(&app, "integrated_inspection").await;
    let item = first_item(&app, m.id).await;
    let a = office(&app, "sec-a").await;
    let b = office(&app, "sec-b").await;
    let url = format!("/meetings/{}/minutes", m.id);
    let page_a = a.get(&url).await;
    let page_b = b.get(&url).await;
    assert_eq!(page_a.status, StatusCode::OK);
    assert!(page_a.body.contains("ตัวอย่างเอกสาร"));
    let (rev, base) = (
        hidden(&page_a.body, "revision"),
        hidden(&page_a.body, "base"),
    );
    assert_eq!(rev, "0");
    assert_eq!(hidden(&page_b.body, "base"), base);

    let notes = format!("notes_{}", item.id);
    let resolution = format!("resolution_{}", item.id);
    let saved = a
        .post(
            &url,
            &[
                ("revision", &rev),
                ("base", &base),
                (
                    notes.as_str(),
                    "ผู้แทนสำนักงานพัฒนาชุมชนรายงานว่า **2,242** ครัวเรือนได้รับการช่วยเหลือ",
                ),
                (resolution.as_str(), "ที่ประชุมรับทราบ"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let md = markdown_of(&a, m.id).await;
    assert!(md.contains("**2,242** ครัวเรือน"), "{md}");
    assert!(md.contains("**มติที่ประชุม** ที่ประชุมรับทราบ"), "{md}");

    // B still holds revision 0: refused, B's text kept in the form, A's shown beside it.
    let stale = b
        .post(
            &url,
            &[
                ("revision", &rev),
                ("base", &base),
                (notes.as_str(), "ข้อความของเลขานุการคนที่สอง"),
                (resolution.as_str(), ""),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(stale.body.contains("มีผู้อื่นบันทึกรายงานการประชุมนี้ก่อนท่าน"));
    assert!(
        stale.body.contains("ข้อความของเลขานุการคนที่สอง"),
        "B's text kept"
    );
    assert!(stale.body.contains("ฉบับที่บันทึกไว้ล่าสุด"));
    assert!(stale.body.contains("2,242"), "A's text shown beside B's");
    assert_eq!(
        hidden(&stale.body, "revision"),
        "1",
        "the form now holds the latest revision"
    );
    let stored = agenda_items::Entity::find_by_id(item.id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        stored.notes_md.unwrap().contains("2,242"),
        "nothing of B's was written"
    );
    let revisions = minutes_revisions::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(revisions, 1);

    // B saves again from the conflict page on purpose: revision 2.
    let again = b
        .post(
            &url,
            &[
                ("revision", &hidden(&stale.body, "revision")),
                ("base", &hidden(&stale.body, "base")),
                (notes.as_str(), "ข้อความของเลขานุการคนที่สอง"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);

    // An agenda edit in between also makes a loaded form stale.
    let page = a.get(&url).await;
    let edit = a
        .post(
            &format!("/meetings/{}/agenda/items/{}/edit", m.id, item.id),
            &[
                ("section_id", &item.section_id.to_string()),
                ("title", &item.title),
                ("notes_md", "แก้จากหน้าระเบียบวาระ"),
            ],
        )
        .await;
    assert_eq!(edit.status, StatusCode::SEE_OTHER, "{}", edit.body);
    let late = a
        .post(
            &url,
            &[
                ("revision", &hidden(&page.body, "revision")),
                ("base", &hidden(&page.body, "base")),
                (notes.as_str(), "ทับข้อความจากหน้าระเบียบวาระ"),
            ],
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.body);
}

#[tokio::test]
async fn the_api_refuses_a_stale_revision_with_a_typed_error() {
    let app = TestApp::spawn().await;
    demo(&app).await;
    let m = meeting_by_kind(&app, "integrated_inspection").await;
    let item = first_item(&app, m.id).await;
    let user = app
        .account(
            "api-sec@example.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let token = app.token_for(user).await;
    let path = format!("/api/v1/meetings/{}/minutes", m.id);
    let got = app.api("GET", &path, &token, None).await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.body);
    let v = got.json();
    assert_eq!(v["state"], "draft");
    assert_eq!(v["revision"], 0);
    let mut notes = v["notes"].clone();
    notes["items"][item.id.to_string()]["notes_md"] = "บันทึกผ่าน API".into();
    let body = serde_json::json!({"revision": 0, "base": v["base"], "notes": notes});
    let first = app.api("PUT", &path, &token, Some(body.clone())).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.json()["revision"], 1);
    assert!(
        first.json()["markdown"]
            .as_str()
            .unwrap()
            .contains("บันทึกผ่าน API")
    );
    let second = app.api("PUT", &path, &token, Some(body)).await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    assert_eq!(second.json()["error"]["code"], "stale_revision");
}

async fn certify(client: &Client<'_>, meeting_id: i32, fields: &[(&str, &str)]) -> TestResponse {
    // The form's "I confirm" checkbox (certifying cannot be undone).
    let mut all = vec![("confirm", "1")];
    all.extend_from_slice(fields);
    client
        .post(&format!("/meetings/{meeting_id}/minutes/certify"), &all)
        .await
}

#[tokio::test]
async fn certified_minutes_are_frozen_and_carry_a_stable_hash() {
    let app = TestApp::spawn().await;
    demo(&app).await;
    let m = meeting_by_kind(&app, "integrated_inspection").await;
    let item = first_item(&app, m.id).await;
    let sec = office(&app, "sec").await;
    let before = markdown_of(&sec, m.id).await;
    let res = certify(&sec, m.id, &[("method", "same_meeting")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

    let row = minutes::Entity::find()
        .filter(minutes::Column::MeetingId.eq(m.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.state, MinutesState::Certified);
    let md = markdown_of(&sec, m.id).await;
    assert_eq!(md, before, "certifying does not change the text");
    let hash = row.content_sha256.clone().unwrap();
    assert_eq!(
        hash,
        content_hash(&md),
        "the stored hash is the SHA-256 of the text"
    );
    assert_eq!(md, markdown_of(&sec, m.id).await, "stable");
    let html = sec.get(&format!("/meetings/{}/minutes.html", m.id)).await;
    assert!(html.body.contains(&hash), "the footer carries the hash");
    // A document of record is rendered once, then served from the cache (same bytes), and its
    // PDF/A text layer holds every Thai run of the text.
    let pdf = sec.get(&format!("/meetings/{}/minutes.pdf", m.id)).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(app.state.docs.cached() >= 1, "the certified PDF is cached");
    let again = sec.get(&format!("/meetings/{}/minutes.pdf", m.id)).await;
    assert_eq!(pdf.bytes, again.bytes, "served from the cache");
    assert!(String::from_utf8_lossy(&pdf.bytes).contains("pdfaid:part"));
    crate::textlayer::assert_text_layer("certified minutes", &md, &pdf.bytes);
    let page = sec.get(&format!("/meetings/{}/minutes", m.id)).await;
    assert!(page.body.contains("รับรองแล้ว"));
    assert!(
        !page.body.contains("id=\"minutes-form\""),
        "no editor once certified"
    );
    let meeting = meetings::Entity::find_by_id(m.id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(meeting.status, MeetingStatus::Certified);

    // Refused: a save, an agenda edit, an attendance change, a second certification.
    let save = sec
        .post(
            &format!("/meetings/{}/minutes", m.id),
            &[
                ("revision", &row.current_revision.to_string()),
                ("base", "x"),
            ],
        )
        .await;
    assert_eq!(save.status, StatusCode::CONFLICT, "{}", save.body);
    assert!(save.body.contains("รับรองแล้ว จึงแก้ไขไม่ได้"), "{}", save.body);
    let edit = sec
        .post(
            &format!("/meetings/{}/agenda/items/{}/edit", m.id, item.id),
            &[
                ("section_id", &item.section_id.to_string()),
                ("title", "เปลี่ยนชื่อเรื่อง"),
            ],
        )
        .await;
    assert_eq!(edit.status, StatusCode::CONFLICT, "{}", edit.body);
    let again = certify(&sec, m.id, &[("method", "same_meeting")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(
        md,
        markdown_of(&sec, m.id).await,
        "nothing changed the record"
    );
}

#[tokio::test]
async fn circulation_next_meeting_certification_and_publishing() {
    let app = TestApp::spawn().await;
    demo(&app).await;
    let db = &app.state.db;
    let sec = office(&app, "sec").await;
    let first = meeting_by_kind(&app, "working_group").await;
    let next = meetings::Entity::find()
        .filter(meetings::Column::SeriesId.eq(first.series_id))
        .filter(meetings::Column::MeetingDate.gt(first.meeting_date))
        .one(db)
        .await
        .unwrap()
        .expect("the next meeting of the series");
    // The planned meeting gets its agenda (with item 2, certification) as a new meeting would.
    let ctx = prachum::services::Ctx::system(&app.state.clock);
    prachum::services::meetings::create_agenda(db, &ctx, next.id, None)
        .await
        .unwrap();

    // Certification by circulation needs circulation first; a past deadline is refused.
    let early = certify(&sec, first.id, &[("method", "circulation")]).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
    let url = format!("/meetings/{}/minutes/circulate", first.id);
    let past = sec.post(&url, &[("deadline", "01/01/2565")]).await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(past.body.contains("ต้องไม่ก่อนวันนี้"));
    assert!(
        past.body.contains("01&#x2f;01&#x2f;2565"),
        "the input is kept"
    );
    // A date that does not exist is refused by the parse, with the input kept.
    let bad = sec.post(&url, &[("deadline", "31/02/2569")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(
        bad.body.contains("31&#x2f;02&#x2f;2569"),
        "the input is kept"
    );
    let ok = sec.post(&url, &[("deadline", "30/11/2569")]).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let page = sec.get(&format!("/meetings/{}/minutes", first.id)).await;
    assert!(
        page.body.contains("กำหนดตอบกลับ วันจันทร์ที่ 30 พฤศจิกายน 2569"),
        "{}",
        page.body
    );

    // Publishing waits for certification.
    let publication = format!("/meetings/{}/minutes/publication", first.id);
    let refused = sec.post(&publication, &[("published", "1")]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);

    // Certified at the next meeting of the series, with a correction.
    let wrong = certify(
        &sec,
        first.id,
        &[
            ("method", "next_meeting"),
            ("by_meeting_id", &first.id.to_string()),
        ],
    )
    .await;
    assert_eq!(
        wrong.status,
        StatusCode::CONFLICT,
        "only a later meeting of the series"
    );
    let res = certify(
        &sec,
        first.id,
        &[
            ("method", "next_meeting"),
            ("by_meeting_id", &next.id.to_string()),
            ("corrections_md", "แก้ไขชื่อผู้เข้าประชุมลำดับที่ 3"),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let next_md = markdown_of(&sec, next.id).await;
    assert!(
        next_md.contains("ที่ประชุมรับรองรายงานการประชุมครั้งที่ 1/2565")
            && next_md.contains("โดยมีการแก้ไข ดังนี้")
            && next_md.contains("แก้ไขชื่อผู้เข้าประชุมลำดับที่ 3"),
        "item 2 of the next meeting records the certification:\n{next_md}"
    );

    // Public page: nothing until published, then readable without an account.
    let public = format!("/public/minutes/{}", first.id);
    assert_eq!(app.get(&public).await.status, StatusCode::NOT_FOUND);
    let publish = sec.post(&publication, &[("published", "1")]).await;
    assert_eq!(publish.status, StatusCode::SEE_OTHER);
    let open = app.get(&public).await;
    assert_eq!(open.status, StatusCode::OK);
    assert!(open.body.contains("รายงานการประชุมเลขานุการ"));
    assert!(open.body.contains("SHA-256"));
    let withdraw = sec.post(&publication, &[("published", "0")]).await;
    assert_eq!(withdraw.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get(&public).await.status, StatusCode::NOT_FOUND);
    // Draft minutes of the next meeting are never public.
    assert_eq!(
        app.get(&format!("/public/minutes/{}", next.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn minutes_follow_the_scope_rules() {
    let app = TestApp::spawn().await;
    demo(&app).await;
    let m = meeting_by_kind(&app, "integrated_inspection").await;
    let other = app
        .client(
            "office-46@example.go.th",
            "provincial_office",
            Grant::province("TH-46"),
        )
        .await;
    for path in ["", ".md", ".html"] {
        let res = other
            .get(&format!("/meetings/{}/minutes{path}", m.id))
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!res.body.contains("ศรีสะเกษ"), "{path} leaks");
    }
    // An agency head whose office attended reads the minutes once circulated, never the draft.
    let office_id = prachum::db::entities::attendances::Entity::find()
        .filter(prachum::db::entities::attendances::Column::MeetingId.eq(m.id))
        .filter(prachum::db::entities::attendances::Column::OfficeId.is_not_null())
        .one(&app.state.db)
        .await
        .unwrap()
        .and_then(|a| a.office_id)
        .expect("an invited office");
    let head = app
        .client(
            "head@example.go.th",
            "agency_head",
            Grant::office(office_id),
        )
        .await;
    let url = format!("/meetings/{}/minutes.md", m.id);
    assert_eq!(head.get(&url).await.status, StatusCode::NOT_FOUND);
    let sec = office(&app, "sec").await;
    let c = sec
        .post(
            &format!("/meetings/{}/minutes/circulate", m.id),
            &[("deadline", "30/11/2569")],
        )
        .await;
    assert_eq!(c.status, StatusCode::SEE_OTHER);
    assert_eq!(head.get(&url).await.status, StatusCode::OK);
    let page = head.get(&format!("/meetings/{}/minutes", m.id)).await;
    assert!(
        !page.body.contains("id=\"minutes-form\""),
        "heads read, never edit"
    );
}

#[tokio::test]
async fn user_text_cannot_break_the_document_structure() {
    let app = TestApp::spawn().await;
    demo(&app).await;
    let m = meeting_by_kind(&app, "integrated_inspection").await;
    let sec = office(&app, "sec").await;
    let res = sec
        .post(
            &format!("/meetings/{}/attendance", m.id),
            &[
                ("key", "new"),
                ("name", "นาย | ก ข *ตัวเอียง* <script>x</script>"),
                ("title", "# ตำแหน่ง"),
                ("status", "guest"),
                ("rep_name", ""),
                ("rep_title", ""),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let md = markdown_of(&sec, m.id).await;
    assert!(
        // (A name's spaces are printed no-break, so a line never splits it.)
        md.contains(&"นาย \\| ก ข \\*ตัวเอียง\\* \\<script\\>x\\</script\\>".replace(' ', "\u{a0}")),
        "{md}"
    );
    assert!(md.contains("\\# ตำแหน่ง"), "{md}");
    let html = sec.get(&format!("/meetings/{}/minutes.html", m.id)).await;
    assert!(!html.body.contains("<script>x"), "{}", html.body);
    assert!(html.body.contains("*ตัวเอียง*"));
}

#[tokio::test]
async fn the_zone_report_counts_actions_per_province_and_office_within_scope() {
    let app = TestApp::spawn().await;
    demo(&app).await;
    let m = meeting_by_kind(&app, "integrated_inspection").await;
    let round = m.round_id.expect("a round");
    let inspector = app
        .client("insp@example.go.th", "inspector", Grant::zones(&[14]))
        .await;
    let res = inspector.get(&format!("/rounds/{round}/report.md")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let md = res.body;
    for part in [
        "# รายงานผลการตรวจราชการ",
        "## 1. การประชุมตรวจราชการรายจังหวัด",
        "### จังหวัดศรีสะเกษ",
        "## 2. ข้อสั่งการแยกตามประเด็นการตรวจราชการ",
        "## 3. สถานะการดำเนินการรายจังหวัด",
        "| รวมทั้งสิ้น | 3 | 0 | 0 | 0 | 0 | 3 |",
        "| สำนักงานพัฒนาชุมชนจังหวัดศรีสะเกษ | 1 | 0 | 0 | 0 | 0 | 1 |",
        "ข้อมูล ณ วันที่ 23 พฤศจิกายน พ.ศ. 2569",
    ] {
        assert!(md.contains(part), "missing «{part}»:\n{md}");
    }
    let html = inspector.get(&format!("/rounds/{round}/report.html")).await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.body.contains("<table>"));
    let outside = app
        .client("insp12@example.go.th", "inspector", Grant::zones(&[12]))
        .await;
    let res = outside.get(&format!("/rounds/{round}/report.md")).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn thai_digits_follow_the_meeting_setting() {
    use sea_orm::{ActiveModelTrait, Set};
    let app = TestApp::spawn().await;
    demo(&app).await;
    let m = meeting_by_kind(&app, "working_group").await;
    let mut am: meetings::ActiveModel = m.clone().into();
    am.digit_style = Set(Digits::Thai);
    am.update(&app.state.db).await.unwrap();
    let sec = office(&app, "sec").await;
    let md = markdown_of(&sec, m.id).await;
    for part in [
        "ครั้งที่ ๑/๒๕๖๕",
        "วันพฤหัสบดีที่ ๒๗ มกราคม ๒๕๖๕ เวลา ๑๓.๓๐ น.",
        "| ๑ |",
        "## ระเบียบวาระที่ ๑",
    ] {
        assert!(md.contains(part), "missing «{part}»:\n{md}");
    }
    assert!(md.contains("| ---: |"), "table syntax stays ASCII");
}

#[tokio::test]
async fn regenerating_after_the_record_changes_keeps_what_was_written() {
    let app = TestApp::spawn().await;
    demo(&app).await;
    let m = meeting_by_kind(&app, "integrated_inspection").await;
    let item = first_item(&app, m.id).await;
    let sec = office(&app, "sec").await;
    let url = format!("/meetings/{}/minutes", m.id);
    let page = sec.get(&url).await;
    let notes = format!("notes_{}", item.id);
    let saved = sec
        .post(
            &url,
            &[
                ("revision", &hidden(&page.body, "revision")),
                ("base", &hidden(&page.body, "base")),
                ("opening_md", "ประธานกล่าวเปิดประชุมเวลา ๐๙.๐๐ น."),
                (notes.as_str(), "สาระที่เลขานุการจดไว้"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    // The record changes afterwards: a guest is added to the attendance.
    let res = sec
        .post(
            &format!("/meetings/{}/attendance", m.id),
            &[
                ("key", "new"),
                ("name", "นายแขก รับเชิญ"),
                ("title", "ผู้สังเกตการณ์"),
                ("status", "guest"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let md = markdown_of(&sec, m.id).await;
    assert!(md.contains("นายแขก\u{a0}รับเชิญ"), "the new record is in");
    assert!(md.contains("สาระที่เลขานุการจดไว้"), "the notes are kept");
    assert!(
        md.contains("ประธานกล่าวเปิดประชุมเวลา ๐๙.๐๐ น."),
        "the opening words are kept"
    );
}

#[tokio::test]
async fn the_sisaket_minutes_as_pdf_hold_the_thai_text_with_embedded_fonts_and_every_glyph() {
    use crate::pdf::{page_count, page_text, tool, write};
    let app = TestApp::spawn().await;
    demo(&app).await;
    let m = meeting_by_kind(&app, "integrated_inspection").await;
    let sec = office(&app, "sec").await;
    let res = sec.get(&format!("/meetings/{}/minutes.pdf", m.id)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        res.header(axum::http::header::CONTENT_TYPE),
        Some("application/pdf")
    );
    assert!(res.bytes.starts_with(b"%PDF-"));
    let (_dir, path) = write(&res.bytes);
    let pages = page_count(&path);
    assert!(pages >= 2, "{pages} pages");
    let text: String = (1..=pages).map(|p| page_text(&path, p)).collect();
    let squeezed: String = text.split_whitespace().collect();
    for expected in [
        "รายงานการประชุมบูรณาการตรวจราชการกระทรวงมหาดไทย",
        "เมื่อวันอังคารที่19เมษายน2565เวลา09.00น.",
        "ผู้มาประชุม",
        "ผู้เข้าร่วมประชุม",
        "ระเบียบวาระที่4",
        // typst 0.15.1 writes the text of a cluster with a tone mark over an upper vowel
        // (ชั้น, มั่น, สั่ง) twice in the PDF's text layer, though it draws it once: the checks
        // use words without such a cluster (see the closing note of issue 4).
        "ประเด็นเน้นย้ำ",
        "นางสาวชนมณัฐรอดบุญธรรม",
        "พิจิตรบุญทัน",
        "เลิกประชุมเวลา",
        "ผู้จดรายงานการประชุม",
    ] {
        assert!(
            squeezed.contains(expected),
            "the PDF text lacks «{expected}»:\n{squeezed}"
        );
    }
    let fonts = tool("pdffonts", &[], &path);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    assert!(
        rows.iter()
            .all(|r| r.contains("Sarabun") && r.split_whitespace().rev().nth(4) == Some("yes")),
        "every font is Sarabun and embedded:\n{fonts}"
    );
    // Glyph coverage of every demo document: no character without a glyph.
    let engine = app.state.docs.pdf();
    let admin = app
        .client("glyphs@example.go.th", "admin", Grant::default())
        .await;
    for kind in [
        "integrated_inspection",
        "working_group",
        "quarterly_workshop",
    ] {
        let md = markdown_of(&admin, meeting_by_kind(&app, kind).await.id).await;
        assert_eq!(engine.missing_glyphs(&md), Vec::<char>::new(), "{kind}");
    }
    assert_eq!(
        engine.missing_glyphs("ประชุม 🙂 会议"),
        vec!['🙂', '会', '议']
    );
}

#[tokio::test]
async fn circulating_emails_each_member_office_the_pdf_and_the_reply_deadline_over_smtp() {
    use prachum::db::entities::{agency_offices, attendances, outbox_messages};
    use prachum::mail::transport::Transport;
    use prachum::mail::worker::Worker;
    use sea_orm::{ActiveModelTrait, Set};
    use std::sync::Arc;

    use mail_parser::MimeHeaders;

    use crate::helpers::smtp::SmtpReceiver;

    let app = TestApp::spawn().await;
    demo(&app).await;
    let db = &app.state.db;
    let m = meeting_by_kind(&app, "integrated_inspection").await;
    let members: std::collections::BTreeSet<i32> = attendances::Entity::find()
        .filter(attendances::Column::MeetingId.eq(m.id))
        .filter(attendances::Column::IsMember.eq(true))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|a| a.office_id)
        .collect();
    assert!(members.len() >= 5);
    // Every member office has an address on file.
    for id in &members {
        let o = agency_offices::Entity::find_by_id(*id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let mut am: agency_offices::ActiveModel = o.into();
        am.email = Set(Some(format!("office{id}@sisaket.go.th")));
        am.update(db).await.unwrap();
    }
    let sec = office(&app, "sec").await;
    let res = sec
        .post(
            &format!("/meetings/{}/minutes/circulate", m.id),
            &[("deadline", "30/11/2569")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let queued = outbox_messages::Entity::find()
        .filter(outbox_messages::Column::Kind.eq("minutes_circulated"))
        .count(db)
        .await
        .unwrap();
    assert_eq!(
        queued as usize,
        members.len(),
        "one email per member office"
    );

    let smtp = SmtpReceiver::start().await;
    let worker = Worker::with_transport(
        db.clone(),
        Arc::new(app.state.settings.as_ref().clone()),
        prachum::state::Clock::Fixed(fixed_now() + chrono::Duration::minutes(2)),
        Transport::smtp(&smtp.url(), 4, 5).unwrap(),
    );
    worker.send_due().await.unwrap();
    smtp.wait_for(members.len()).await;
    let got = smtp.messages();
    assert_eq!(got.len(), members.len());
    let mut to: Vec<String> = got.iter().flat_map(|r| r.rcpt_to.clone()).collect();
    to.sort();
    to.dedup();
    assert_eq!(to.len(), members.len(), "each office once: {to:?}");
    let msg = got[0].parsed();
    let subject = msg.subject().unwrap_or_default().to_owned();
    assert!(
        subject.starts_with("[ประชุม] เวียนร่างรายงานการประชุมเพื่อตรวจสอบ"),
        "{subject}"
    );
    let body = msg.body_text(0).unwrap().into_owned();
    assert!(body.contains("ภายในวันจันทร์ที่ 30 พฤศจิกายน 2569"), "{body}");
    let pdf = msg
        .attachments()
        .find(|a| a.content_type().is_some_and(|c| c.subtype() == Some("pdf")))
        .expect("the minutes attached as PDF");
    assert!(pdf.contents().starts_with(b"%PDF-"));
    assert!(pdf.attachment_name().unwrap_or_default().ends_with(".pdf"));
}
