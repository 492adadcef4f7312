//! Exports of the lists (issue 14): the action list, the meetings list and a meeting's
//! attendance as CSV (BOM, CRLF, Thai header) and XLSX (opened with calamine as a spreadsheet
//! program would), within the caller's scope, through the pages, the API and Chromium. Chiang
//! Mai (TH-50) holds the caller's data; Sisaket (TH-33) is the other province that must not leak.

use std::io::Cursor;

use axum::http::{StatusCode, header};
use base64::Engine;
use calamine::{Data, Range, Reader, Xlsx, open_workbook_from_rs};
use chrono::NaiveDate;
use prachum::domain::status::AttendanceStatus;

use crate::helpers::browser::Browser;
use crate::helpers::fixtures::{Built, MeetingBuilder};
use crate::helpers::{Grant, TestApp, TestResponse};

const BOM: &[u8] = b"\xEF\xBB\xBF";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const CHIANG_MAI_TITLE: &str = "ประชุมติดตามข้อสั่งการจังหวัดเชียงใหม่";
const SISAKET_TITLE: &str = "ประชุมติดตามข้อสั่งการจังหวัดศรีสะเกษ";

/// Two meetings: Chiang Mai's (2 directives × 3 actions, 5 attendance rows) and Sisaket's
/// (1 directive × 2 actions).
async fn two_provinces(app: &TestApp) -> (Built, Built) {
    let cm = MeetingBuilder::new(app)
        .in_province("TH-50")
        .titled(CHIANG_MAI_TITLE)
        .with_agenda(2)
        .with_attendance(5)
        .with_directives(2, 3)
        .build()
        .await;
    let ssk = MeetingBuilder::new(app)
        .in_province("TH-33")
        .titled(SISAKET_TITLE)
        .with_agenda(1)
        .with_directives(1, 2)
        .build()
        .await;
    (cm, ssk)
}

/// The records of a CSV download, after checking its BOM and CRLF line ends.
fn csv_records(res: &TestResponse) -> Vec<Vec<String>> {
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        res.header(header::CONTENT_TYPE),
        Some("text/csv; charset=utf-8")
    );
    assert!(res.bytes.starts_with(BOM), "CSV starts with a UTF-8 BOM");
    let text = std::str::from_utf8(&res.bytes[BOM.len()..]).expect("UTF-8");
    assert!(text.ends_with("\r\n"), "CRLF line ends");
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "no bare LF: {text}"
    );
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("CSV record").iter().map(str::to_owned).collect())
        .collect()
}

/// The first worksheet of an XLSX download.
fn xlsx_sheet(bytes: &[u8]) -> Range<Data> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("an XLSX");
    book.worksheet_range_at(0)
        .expect("a worksheet")
        .expect("readable worksheet")
}

fn text(c: Option<&Data>) -> String {
    match c {
        Some(Data::String(s)) => s.clone(),
        other => panic!("expected text, found {other:?}"),
    }
}

/// Excel's serial number of a date (1900 system).
fn serial(d: NaiveDate) -> f64 {
    (d - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64
}

#[tokio::test]
async fn actions_csv_has_the_thai_header_the_rows_in_scope_and_the_filters() {
    let app = TestApp::spawn().await;
    let (cm, ssk) = two_provinces(&app).await;
    let office = app
        .client(
            "office-50@example.go.th",
            "provincial_office",
            Grant::province("TH-50"),
        )
        .await;

    let res = office.get("/actions.csv").await;
    let disposition = res.header(header::CONTENT_DISPOSITION).unwrap().to_owned();
    assert!(
        disposition
            .starts_with("attachment; filename=\"actions-2026-11-23.csv\"; filename*=UTF-8''"),
        "{disposition}"
    );
    assert!(
        disposition.contains("%E0%B8%81"),
        "a Thai name: {disposition}"
    );
    let records = csv_records(&res);
    let head = &records[0];
    assert_eq!(
        head[..10],
        [
            "รหัส",
            "ชื่องาน",
            "หน่วยงานที่รับผิดชอบ",
            "จังหวัด",
            "การประชุม",
            "วันที่ประชุม",
            "กำหนดแล้วเสร็จ",
            "สถานะ",
            "เกินกำหนด",
            "ความก้าวหน้า (%)",
        ]
    );
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let rows = &records[1..];
    let ids: Vec<i32> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    let mut want: Vec<i32> = cm.actions.iter().map(|a| a.id).collect();
    want.sort_unstable();
    assert_eq!(ids, want, "Chiang Mai's six actions, by id");
    for a in &ssk.actions {
        assert!(!ids.contains(&a.id), "Sisaket's action {} leaked", a.id);
    }
    assert!(
        !res.body.contains(SISAKET_TITLE),
        "Sisaket's meeting leaked"
    );
    let first = &rows[0];
    assert_eq!(first[col("ชื่องาน")], cm.actions[0].title);
    assert_eq!(first[col("จังหวัด")], "เชียงใหม่");
    assert_eq!(first[col("การประชุม")], CHIANG_MAI_TITLE);
    assert_eq!(first[col("วันที่ประชุม")], "19/04/2565");
    assert_eq!(first[col("กำหนดแล้วเสร็จ")], "30/09/2570");
    assert_eq!(first[col("สถานะ")], "ยังไม่ดำเนินการ");
    assert_eq!(first[col("ความก้าวหน้า (%)")], "0");
    assert_eq!(
        first[col("ลิงก์")],
        format!("http://127.0.0.1:8080/actions/{}", cm.actions[0].id)
    );

    // The list's filters: text and status, as the page's query string carries them.
    let q: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("q", "ข้อสั่งการที่ 2")
        .append_pair("status", "open")
        .append_pair("page", "3")
        .finish();
    let filtered = csv_records(&office.get(&format!("/actions.csv?{q}")).await);
    assert_eq!(
        filtered.len(),
        1 + 3,
        "header and directive 2's three actions"
    );
    assert!(filtered[1..].iter().all(|r| r[1].contains("ข้อสั่งการที่ 2")));
    let none = csv_records(&office.get("/actions.csv?status=done").await);
    assert_eq!(none.len(), 1, "only the header");
    assert_eq!(
        office.get("/actions.csv?status=nonsense").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // An agency head: its office's actions only.
    let mine = cm.actions[0].office_id;
    let head = app
        .client("head-50@example.go.th", "agency_head", Grant::office(mine))
        .await;
    let theirs = csv_records(&head.get("/actions.csv").await);
    let got: Vec<String> = theirs[1..].iter().map(|r| r[0].clone()).collect();
    let expected: Vec<String> = cm
        .actions
        .iter()
        .filter(|a| a.office_id == mine)
        .map(|a| a.id.to_string())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(got, expected, "the agency head's office's actions only");

    // Another province's office sees none of Chiang Mai's.
    let other = app
        .client(
            "office-33@example.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let sisaket = csv_records(&other.get("/actions.csv").await);
    assert_eq!(sisaket.len(), 1 + ssk.actions.len());
    assert!(
        !other
            .get("/actions.csv")
            .await
            .body
            .contains(CHIANG_MAI_TITLE)
    );
}

#[tokio::test]
async fn actions_xlsx_has_a_bold_frozen_header_thai_text_and_real_dates() {
    let app = TestApp::spawn().await;
    let (cm, ssk) = two_provinces(&app).await;
    let office = app
        .client(
            "office-50@example.go.th",
            "provincial_office",
            Grant::province("TH-50"),
        )
        .await;
    let res = office.get("/actions.xlsx").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.header(header::CONTENT_TYPE), Some(XLSX));
    assert!(
        res.header(header::CONTENT_DISPOSITION)
            .unwrap()
            .contains("filename=\"actions-2026-11-23.xlsx\""),
    );
    assert_eq!(
        res.header(header::CONTENT_LENGTH),
        Some(res.bytes.len().to_string().as_str())
    );
    let sheet = xlsx_sheet(&res.bytes);
    assert_eq!(sheet.height(), 1 + cm.actions.len(), "header and six rows");
    assert_eq!(text(sheet.get((0, 0))), "รหัส");
    assert_eq!(text(sheet.get((0, 1))), "ชื่องาน");
    assert_eq!(text(sheet.get((0, 5))), "วันที่ประชุม");
    assert_eq!(text(sheet.get((1, 1))), cm.actions[0].title, "a Thai cell");
    assert_eq!(text(sheet.get((1, 3))), "เชียงใหม่");
    match sheet.get((1, 0)) {
        Some(Data::Float(f)) => assert_eq!(*f, f64::from(cm.actions[0].id)),
        Some(Data::Int(n)) => assert_eq!(*n, i64::from(cm.actions[0].id)),
        other => panic!("the id is a number: {other:?}"),
    }
    // The meeting's date and the due date are real dates (a date number format), not text.
    for (col, day) in [
        (5, NaiveDate::from_ymd_opt(2022, 4, 19).unwrap()),
        (6, NaiveDate::from_ymd_opt(2027, 9, 30).unwrap()),
    ] {
        match sheet.get((1, col)) {
            Some(Data::DateTime(d)) => assert_eq!(d.as_f64(), serial(day)),
            other => panic!("column {col} is a date: {other:?}"),
        }
    }
    let ids: Vec<String> = (1..sheet.height())
        .map(|r| format!("{:?}", sheet.get((r, 0))))
        .collect();
    for a in &ssk.actions {
        assert!(
            !ids.iter().any(|i| i.contains(&format!("({})", a.id))
                || i.contains(&format!("({}.0)", a.id))),
            "Sisaket's action {} leaked",
            a.id
        );
    }
    // The BE display format and the frozen pane are in the workbook's parts.
    let xml = unzip_text(&res.bytes);
    assert!(
        xml.contains("[$-1070000]d/mm/yyyy"),
        "a Buddhist-Era date format"
    );
    assert!(
        xml.contains("state=\"frozen\""),
        "panes frozen below the header"
    );
    assert!(xml.contains("<b/>"), "a bold font for the header");
    assert!(xml.contains("Tahoma"), "a Thai-capable font");
}

/// The text of every part of a ZIP, read with Python's `zipfile` (python3 is already needed by
/// `.ci/service-graph.py`).
fn unzip_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); \
             print(''.join(z.read(n).decode('utf-8', 'replace') for n in z.namelist()))",
        )
        .arg(&path)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "not a ZIP: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn attendance_exports_within_scope_only() {
    let app = TestApp::spawn().await;
    let (cm, _) = two_provinces(&app).await;
    let office = app
        .client(
            "office-50@example.go.th",
            "provincial_office",
            Grant::province("TH-50"),
        )
        .await;
    let id = cm.meeting.id;
    let page = office.get(&format!("/meetings/{id}/attendance")).await;
    assert!(
        page.body
            .contains(&format!("href=\"/meetings/{id}/attendance.csv\""))
    );
    assert!(
        page.body
            .contains(&format!("href=\"/meetings/{id}/attendance.xlsx\""))
    );

    let records = csv_records(&office.get(&format!("/meetings/{id}/attendance.csv")).await);
    assert_eq!(records[0][2], "หน่วยงาน");
    assert_eq!(records[0][5], "สถานะ");
    let present = AttendanceStatus::Present.label_th();
    let came: Vec<&Vec<String>> = records[1..].iter().filter(|r| r[5] == present).collect();
    assert_eq!(came.len(), 5, "the five recorded as present");
    assert!(came.iter().all(|r| r[1] == "19/04/2565"));
    assert!(came[0][3].starts_with("นายผู้แทน"), "{:?}", came[0]);

    let res = office.get(&format!("/meetings/{id}/attendance.xlsx")).await;
    assert_eq!(res.status, StatusCode::OK);
    let sheet = xlsx_sheet(&res.bytes);
    assert_eq!(sheet.height(), records.len(), "the same rows as the CSV");
    assert_eq!(text(sheet.get((0, 2))), "หน่วยงาน");
    assert!(matches!(sheet.get((1, 1)), Some(Data::DateTime(_))));

    // Out of scope: 404, nothing of the meeting.
    let other = app
        .client(
            "office-33@example.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    for ext in ["csv", "xlsx"] {
        let res = other.get(&format!("/meetings/{id}/attendance.{ext}")).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert!(!res.body.contains(CHIANG_MAI_TITLE));
    }
}

#[tokio::test]
async fn meetings_export_keeps_the_filters_and_the_scope() {
    let app = TestApp::spawn().await;
    let (cm, _) = two_provinces(&app).await;
    let admin = app
        .client("admin@example.go.th", "admin", Grant::default())
        .await;
    let list = admin.get("/meetings?province=TH-50").await;
    assert!(
        list.body.contains("href=\"/meetings.xlsx?province=TH-50\""),
        "the page links its export with its filters"
    );
    let records = csv_records(&admin.get("/meetings.csv?province=TH-50").await);
    assert_eq!(records[0][..3], ["รหัส", "วันที่ประชุม", "ชื่อการประชุม"]);
    assert_eq!(records.len(), 2);
    assert_eq!(records[1][0], cm.meeting.id.to_string());
    assert_eq!(records[1][1], "19/04/2565");
    assert_eq!(records[1][2], CHIANG_MAI_TITLE);
    assert_eq!(records[1][5], "เชียงใหม่");
    let all = csv_records(&admin.get("/meetings.csv").await);
    assert_eq!(all.len(), 3, "both meetings for the administrator");
    assert_eq!(
        admin.get("/meetings.csv?from=not-a-date").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let office = app
        .client(
            "office-50@example.go.th",
            "provincial_office",
            Grant::province("TH-50"),
        )
        .await;
    let res = office.get("/meetings.xlsx").await;
    assert_eq!(res.status, StatusCode::OK);
    let sheet = xlsx_sheet(&res.bytes);
    assert_eq!(sheet.height(), 2, "header and Chiang Mai's meeting only");
    assert_eq!(text(sheet.get((1, 2))), CHIANG_MAI_TITLE);
    match sheet.get((1, 1)) {
        Some(Data::DateTime(d)) => {
            assert_eq!(d.as_f64(), serial(cm.meeting.meeting_date));
        }
        other => panic!("the meeting date is a date: {other:?}"),
    }
}

#[tokio::test]
async fn the_api_exports_actions_and_documents_the_routes() {
    let app = TestApp::spawn().await;
    let (cm, ssk) = two_provinces(&app).await;
    let user = app
        .account(
            "api-50@example.go.th",
            "provincial_office",
            Grant::province("TH-50"),
        )
        .await;
    let token = app.token_for(user).await;
    let res = app
        .api("GET", "/api/v1/actions.csv?status=open", &token, None)
        .await;
    let records = csv_records(&res);
    assert_eq!(records.len(), 1 + cm.actions.len());
    assert!(
        records[1..]
            .iter()
            .all(|r| !ssk.actions.iter().any(|a| a.id.to_string() == r[0]))
    );
    let res = app.api("GET", "/api/v1/actions.xlsx", &token, None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header(header::CONTENT_TYPE), Some(XLSX));
    assert_eq!(xlsx_sheet(&res.bytes).height(), 1 + cm.actions.len());
    let bad = app
        .api(
            "GET",
            "/api/v1/actions.csv?due_before=2570-01-01",
            &token,
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "a BE year is refused");
    assert_eq!(
        app.api("GET", "/api/v1/actions.csv", "not-a-token", None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    let doc = app.get("/api/v1/openapi.json").await.json();
    for (path, ty) in [
        ("/api/v1/actions.csv", "text/csv"),
        ("/api/v1/actions.xlsx", XLSX),
    ] {
        let op = &doc["paths"][path]["get"];
        assert!(op.is_object(), "{path} is documented");
        assert!(
            op["responses"]["200"]["content"][ty].is_object(),
            "{path} answers {ty}: {op}"
        );
    }
}

/// Chromium: the action list with a filter renders its Excel link with that filter; a real click
/// on it downloads the workbook. Headless Chromium saves downloads out of the WebDriver's
/// reach, so a click handler added to the page fetches the link's own URL with the page's
/// session (what the download would carry) and hands the bytes to the test as base64.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_downloads_the_filtered_action_list_as_excel() {
    let app = TestApp::spawn().await;
    let (cm, _) = two_provinces(&app).await;
    app.account(
        "office-50@example.go.th",
        "provincial_office",
        Grant::province("TH-50"),
    )
    .await;
    let base = app.serve().await;
    let browser = Browser::start().await;
    browser.sign_in(&base, "office-50@example.go.th").await;
    let q: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("status", "open")
        .append_pair("q", "ข้อสั่งการที่ 1")
        .finish();
    browser.goto(&format!("{base}/actions?{q}")).await;
    let link = "a[href^='/actions.xlsx']";
    let href = browser
        .find(link)
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert!(href.contains("status=open"), "{href}");
    assert!(href.contains("q="), "{href}");
    assert_eq!(browser.text_of(link).await, "ดาวน์โหลด Excel");
    // The download buttons fit a phone and keep the page accessible.
    browser.set_size(390, 844).await;
    browser.assert_fits().await;
    browser.assert_tap_targets().await;
    browser.assert_accessible().await;
    browser
        .execute(
            r#"const a = document.querySelector("a[href^='/actions.xlsx']");
            window.__export = null;
            a.addEventListener('click', ev => {
              ev.preventDefault();
              fetch(a.href, {credentials: 'same-origin'}).then(async r => {
                const bytes = new Uint8Array(await r.arrayBuffer());
                let bin = '';
                for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
                window.__export = {status: r.status, type: r.headers.get('content-type'),
                  disposition: r.headers.get('content-disposition'), body: btoa(bin)};
              }).catch(e => { window.__export = {error: String(e)}; });
            });
            return true;"#,
        )
        .await;
    browser.click(link).await;
    let mut got = serde_json::Value::Null;
    for _ in 0..300 {
        got = browser.execute("return window.__export;").await;
        if !got.is_null() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(got["status"], 200, "{got}");
    assert_eq!(got["type"], XLSX);
    assert!(
        got["disposition"]
            .as_str()
            .unwrap()
            .starts_with("attachment;")
    );
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(got["body"].as_str().unwrap())
        .unwrap();
    let sheet = xlsx_sheet(&bytes);
    let wanted: Vec<&str> = cm
        .actions
        .iter()
        .filter(|a| a.title.contains("ข้อสั่งการที่ 1 "))
        .map(|a| a.title.as_str())
        .collect();
    assert_eq!(wanted.len(), 3);
    assert_eq!(sheet.height(), 1 + wanted.len(), "the filtered rows only");
    for r in 1..sheet.height() {
        assert!(wanted.contains(&text(sheet.get((r, 1))).as_str()));
    }
    browser.screenshot("exports-actions").await;

    // The meetings list and the attendance page offer theirs too.
    browser
        .goto(&format!("{base}/meetings?province=TH-50"))
        .await;
    assert_eq!(
        browser
            .text_of("a[href='/meetings.xlsx?province=TH-50']")
            .await,
        "ดาวน์โหลด Excel"
    );
    browser.assert_fits().await;
    browser.assert_accessible().await;
    let id = cm.meeting.id;
    browser
        .goto(&format!("{base}/meetings/{id}/attendance"))
        .await;
    assert_eq!(
        browser
            .text_of(&format!("a[href='/meetings/{id}/attendance.csv']"))
            .await,
        "ดาวน์โหลด CSV"
    );
    browser.close().await;
}

/// An empty export, gzipped (the compression layer polls the body again after its end): the
/// whole file arrives, and nothing panics (schemathesis found this on `/api/v1/actions.csv`).
#[tokio::test]
async fn an_empty_export_compressed_arrives_whole() {
    let app = TestApp::spawn().await;
    let admin = app
        .account("admin@example.go.th", "admin", Grant::default())
        .await;
    let token = app.token_for(admin).await;
    for path in [
        "/api/v1/actions.csv?overdue=true&due_before=2000-01-01",
        "/api/v1/actions.xlsx?overdue=true&due_before=2000-01-01",
    ] {
        let res = app
            .request(
                axum::http::Request::get(path)
                    .header("authorization", format!("Bearer {token}"))
                    .header("accept-encoding", "gzip")
                    .body(axum::body::Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(res.status, 200, "{path}");
        assert!(!res.bytes.is_empty(), "{path}: a body");
    }
}
