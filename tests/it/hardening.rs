//! Hardening (issue 11): hostile Markdown never takes the server down, sign-in redirects stay on
//! this site, draft minutes text stays away from agency heads everywhere it is shown, concurrent
//! writers queue instead of failing, every response carries the security headers, remote images
//! are never embedded, and the last administrator stays an administrator.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use prachum::db::entities::{agenda_items, meetings};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::helpers::session::{form_body, set_cookie};
use crate::helpers::{Grant, TestApp, TestResponse, fixed_now};

async fn demo(app: &TestApp) {
    prachum::demo::load(&app.state.db, fixed_now())
        .await
        .expect("demo");
}

/// Sisaket's integrated inspection meeting of the demo (drafted minutes, agenda, attendance).
async fn sisaket_meeting(app: &TestApp) -> meetings::Model {
    meetings::Entity::find()
        .filter(meetings::Column::Kind.eq("integrated_inspection"))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("the demo's integrated inspection meeting")
}

/// An administrator's API token, and the id of the first agenda section of a meeting.
async fn admin_and_first_section(app: &TestApp, meeting_id: i32) -> (String, i64) {
    let admin_id = app
        .account("admin@example.go.th", "admin", Grant::default())
        .await;
    let token = app.token_for(admin_id).await;
    let detail = app
        .api(
            "GET",
            &format!("/api/v1/meetings/{meeting_id}"),
            &token,
            None,
        )
        .await
        .json();
    let section_id = detail["agenda"]["sections"][0]["id"].as_i64().unwrap();
    (token, section_id)
}

/// Writes notes straight into the first ordinary agenda item, as a record stored before the
/// save-time checks existed would hold them.
async fn store_notes(app: &TestApp, meeting_id: i32, notes: &str) -> agenda_items::Model {
    let item = agenda_items::Entity::find()
        .filter(agenda_items::Column::MeetingId.eq(meeting_id))
        .filter(agenda_items::Column::AutoKind.is_null())
        .order_by_asc(agenda_items::Column::Id)
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("an agenda item");
    let mut m: agenda_items::ActiveModel = item.into();
    m.notes_md = Set(Some(notes.to_owned()));
    m.update(&app.state.db).await.unwrap()
}

#[tokio::test]
async fn a_deeply_nested_note_renders_flat_and_is_refused_when_saved() {
    let app = TestApp::spawn().await;
    demo(&app).await;
    let m = sisaket_meeting(&app).await;
    let deep = format!("{}x", ">".repeat(30_000));
    store_notes(&app, m.id, &deep).await;
    let viewer = app
        .client("viewer@sisaket.go.th", "viewer", Grant::province("TH-33"))
        .await;
    // The PDF once aborted the process (stack overflow): now every format renders.
    let pdf = viewer.get(&format!("/meetings/{}/minutes.pdf", m.id)).await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.body);
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    let html = viewer
        .get(&format!("/meetings/{}/minutes.html", m.id))
        .await;
    assert_eq!(html.status, StatusCode::OK);
    assert_eq!(
        html.body.matches("<blockquote>").count(),
        prachum::domain::markdown::MAX_DEPTH,
        "nesting is flattened at the limit"
    );
    let page = viewer.get(&format!("/meetings/{}", m.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(app.get("/healthz").await.status, StatusCode::OK);

    // Saving such a note is refused with the field named, and nothing changes.
    let (token, section_id) = admin_and_first_section(&app, m.id).await;
    let before = agenda_items::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap();
    let res = app
        .api(
            "POST",
            &format!("/api/v1/meetings/{}/agenda-items", m.id),
            &token,
            Some(serde_json::json!({
                "section_id": section_id,
                "title": "วาระทดสอบ",
                "notes_md": format!("{}x", ">".repeat(15_000)),
            })),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let msg = res.json()["error"]["fields"]["notes_md"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(msg.contains("ซ้อนกันลึกเกินไป"), "{msg}");
    let after = agenda_items::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(before, after, "nothing written");
}

#[tokio::test]
async fn sign_in_redirects_only_to_paths_of_this_site() {
    let app = TestApp::spawn().await;
    app.account("sec@example.go.th", "admin", Grant::default())
        .await;
    let bypasses = [
        "//evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "%2F%2Fevil.example",
        "/%2F/evil.example",
        "/x\r\nLocation: https://evil.example",
        "https://evil.example/",
    ];
    for next in bypasses {
        let page = app.get("/login").await;
        let pre = set_cookie(&page, "prachum_csrf").expect("csrf cookie");
        let body = form_body(&[
            ("_csrf", &pre),
            ("email", "sec@example.go.th"),
            ("password", crate::helpers::PASSWORD),
            ("next", next),
        ]);
        let res = app
            .request(
                Request::post("/login")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::COOKIE, format!("prachum_csrf={pre}"))
                    .body(Body::from(body))
                    .unwrap(),
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{next:?}: {}", res.body);
        assert_eq!(res.header(header::LOCATION), Some("/"), "{next:?}");
        // Signed in, /login?next=… redirects at once: the same rule applies.
        let session = set_cookie(&res, "prachum_session").unwrap();
        let query: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
        let again = app
            .request(
                Request::get(format!("/login?next={query}"))
                    .header(header::COOKIE, format!("prachum_session={session}"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert!(again.status.is_redirection(), "{next:?}: {}", again.status);
        assert_eq!(again.header(header::LOCATION), Some("/"), "{next:?}");
    }
}

#[tokio::test]
async fn draft_minutes_text_reaches_agency_heads_nowhere_until_circulated() {
    let app = TestApp::spawn().await;
    demo(&app).await;
    let m = sisaket_meeting(&app).await;
    let marker = "ข้อความร่างลับเฉพาะ";
    store_notes(&app, m.id, marker).await;
    let office_id = prachum::db::entities::attendances::Entity::find()
        .filter(prachum::db::entities::attendances::Column::MeetingId.eq(m.id))
        .filter(prachum::db::entities::attendances::Column::OfficeId.is_not_null())
        .one(&app.state.db)
        .await
        .unwrap()
        .and_then(|a| a.office_id)
        .expect("an invited office");
    let head_id = app
        .account(
            "head@example.go.th",
            "agency_head",
            Grant::office(office_id),
        )
        .await;
    let head = app.sign_in("head@example.go.th", head_id).await;
    let token = app.token_for(head_id).await;
    let sec = app
        .client(
            "sec@sisaket.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let pages = [
        format!("/meetings/{}", m.id),
        format!("/meetings/{}/agenda", m.id),
    ];
    // The provincial office reads its draft; the head reads the meeting but not the draft text.
    assert!(sec.get(&pages[0]).await.body.contains(marker));
    for p in &pages {
        let res = head.get(p).await;
        assert_eq!(res.status, StatusCode::OK, "{p}");
        assert!(!res.body.contains(marker), "{p} leaks the draft");
    }
    let api = app
        .api("GET", &format!("/api/v1/meetings/{}", m.id), &token, None)
        .await;
    assert_eq!(api.status, StatusCode::OK);
    assert!(!api.body.contains(marker), "the API leaks the draft");
    // Once circulated, the head reads it everywhere.
    let c = sec
        .post(
            &format!("/meetings/{}/minutes/circulate", m.id),
            &[("deadline", "30/11/2569")],
        )
        .await;
    assert!(c.status.is_redirection(), "{}: {}", c.status, c.body);
    assert!(head.get(&pages[0]).await.body.contains(marker));
    let api = app
        .api("GET", &format!("/api/v1/meetings/{}", m.id), &token, None)
        .await;
    assert!(api.body.contains(marker));
}

#[tokio::test]
async fn remote_images_are_links_and_own_attachments_stay_images() {
    let app = TestApp::spawn().await;
    demo(&app).await;
    let m = sisaket_meeting(&app).await;
    store_notes(
        &app,
        m.id,
        "ภาพ ![pixel](https://tracker.example/p.gif) และ ![หลักฐาน](/files/1)",
    )
    .await;
    let sec = app
        .client(
            "sec@sisaket.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    for path in [
        format!("/meetings/{}", m.id),
        format!("/meetings/{}/minutes.html", m.id),
    ] {
        let res = sec.get(&path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert!(
            !res.body.contains("<img src=\"https://tracker.example"),
            "{path} embeds a remote image"
        );
        assert!(
            res.body.contains("href=\"https://tracker.example/p.gif\""),
            "{path}: the remote image is a link"
        );
        assert!(res.body.contains("src=\"/files/1\""), "{path}");
    }
}

fn assert_secure(res: &TestResponse, what: &str, personal: bool) {
    let csp = res
        .header(header::CONTENT_SECURITY_POLICY)
        .unwrap_or_else(|| panic!("{what}: no CSP"));
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(!csp.contains("http"), "{what}: a remote origin in {csp}");
    assert!(
        !csp.split(';')
            .any(|d| d.trim().starts_with("script-src") && d.contains("unsafe-inline")),
        "{what}: inline script allowed"
    );
    assert_eq!(
        res.header(header::X_CONTENT_TYPE_OPTIONS),
        Some("nosniff"),
        "{what}"
    );
    assert!(res.header(header::REFERRER_POLICY).is_some(), "{what}");
    if personal {
        assert_eq!(
            res.header(header::CACHE_CONTROL),
            Some("no-store"),
            "{what}: personal pages are not stored"
        );
    }
}

#[tokio::test]
async fn every_route_family_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    demo(&app).await;
    let m = sisaket_meeting(&app).await;
    for (path, what) in [
        ("/", "home"),
        ("/login", "sign-in"),
        ("/healthz", "health"),
        ("/no/such/page", "404"),
        ("/assets/css/app.css", "asset"),
    ] {
        assert_secure(&app.get(path).await, what, false);
    }
    let css = app.get("/assets/css/app.css").await;
    assert_ne!(css.header(header::CACHE_CONTROL), Some("no-store"));
    let link = app.get("/r/not-a-real-token").await;
    assert_secure(&link, "answer link", true);
    let sec_id = app
        .account(
            "sec@sisaket.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let sec = app.sign_in("sec@sisaket.go.th", sec_id).await;
    for path in [
        "/meetings".to_owned(),
        format!("/meetings/{}", m.id),
        format!("/meetings/{}/minutes", m.id),
        "/actions".to_owned(),
        "/account/password".to_owned(),
    ] {
        assert_secure(&sec.get(&path).await, &path, true);
    }
    let doc = sec.get(&format!("/meetings/{}/minutes.html", m.id)).await;
    assert_secure(&doc, "minutes.html", true);
    let token = app.token_for(sec_id).await;
    let api = app.api("GET", "/api/v1/me", &token, None).await;
    assert_secure(&api, "api", true);
    assert!(
        app.get("/")
            .await
            .header(header::STRICT_TRANSPORT_SECURITY)
            .is_none()
    );

    // HSTS when the site is served over https.
    let mut settings = app.state.settings.as_ref().clone();
    settings.server.base_url = "https://prachum.example.go.th".to_owned();
    let state = prachum::state::AppState::new(
        app.state.db.clone(),
        settings,
        prachum::state::Clock::Fixed(fixed_now()),
    )
    .unwrap();
    let res = tower::ServiceExt::oneshot(
        prachum::web::router(state),
        Request::get("/login").body(Body::empty()).unwrap(),
    )
    .await
    .unwrap();
    let hsts = res
        .headers()
        .get(header::STRICT_TRANSPORT_SECURITY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(hsts.contains("max-age="), "{hsts:?}");
}

#[tokio::test]
async fn the_last_administrator_stays_an_administrator() {
    let app = TestApp::spawn().await;
    let admin_id = app
        .account("root@example.go.th", "admin", Grant::default())
        .await;
    let admin = app.sign_in("root@example.go.th", admin_id).await;
    let edit = format!("/admin/users/{admin_id}/edit");
    // Demoting oneself, then deactivating oneself: both refused with the reason, input kept.
    for fields in [
        vec![
            ("email", "root@example.go.th"),
            ("display_name", "ผู้ดูแล"),
            ("role", "viewer"),
            ("province", "TH-33"),
            ("active", "1"),
        ],
        vec![
            ("email", "root@example.go.th"),
            ("display_name", "ผู้ดูแล"),
            ("role", "admin"),
        ],
    ] {
        let res = admin.post(&edit, &fields).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert!(res.body.contains("ผู้ดูแลระบบคนสุดท้าย"), "{}", res.body);
        assert!(res.body.contains("ผู้ดูแล"), "input kept");
    }
    let me = prachum::db::entities::users::Entity::find_by_id(admin_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((me.role.as_str(), me.active), ("admin", true));
    // With a second administrator the first may step down.
    app.account("second@example.go.th", "admin", Grant::default())
        .await;
    let res = admin
        .post(
            &edit,
            &[
                ("email", "root@example.go.th"),
                ("display_name", "ผู้ดูแล"),
                ("role", "viewer"),
                ("province", "TH-33"),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
}

/// 16 clients × 50 API writes at once, alternating agenda items and progress updates across
/// meetings and actions: every write answers 201 and is there afterwards (SQLite queues writers
/// with `BEGIN IMMEDIATE` under the busy timeout; PostgreSQL runs the same test).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_all_land() {
    use prachum::db::entities::{action_updates, actions};
    let app = TestApp::spawn().await;
    demo(&app).await;
    let admin_id = app
        .account("admin@example.go.th", "admin", Grant::default())
        .await;
    let token = app.token_for(admin_id).await;
    let base = app.serve().await;
    let meetings_list: Vec<meetings::Model> = meetings::Entity::find()
        .order_by_asc(meetings::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap();
    let mut targets = Vec::new();
    for m in &meetings_list {
        let detail = app
            .api("GET", &format!("/api/v1/meetings/{}", m.id), &token, None)
            .await
            .json();
        if let Some(section) = detail["agenda"]["sections"][0]["id"].as_i64() {
            targets.push((m.id, section));
        }
    }
    let action_ids: Vec<i32> = actions::Entity::find()
        .order_by_asc(actions::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert!(targets.len() >= 2 && action_ids.len() >= 2, "demo data");
    let items_before = agenda_items::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap();
    let updates_before = action_updates::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap();
    let http = HttpClient;
    let mut tasks = tokio::task::JoinSet::new();
    for c in 0..16usize {
        let (base, token, http) = (base.clone(), token.clone(), http.clone());
        let (meeting_id, section_id) = targets[c % targets.len()];
        let action_id = action_ids[c % action_ids.len()];
        tasks.spawn(async move {
            let mut failures = Vec::new();
            for w in 0..50usize {
                let (path, body) = if w % 2 == 0 {
                    (
                        format!("/api/v1/meetings/{meeting_id}/agenda-items"),
                        serde_json::json!({"section_id": section_id, "title": format!("วาระ {c}-{w}")}),
                    )
                } else {
                    (
                        format!("/api/v1/actions/{action_id}/updates"),
                        serde_json::json!({"text_md": format!("ความคืบหน้า {c}-{w}")}),
                    )
                };
                // A client that meets a 503 (the write lock stayed busy past the timeout on
                // a loaded machine; nothing was written) does what `Retry-After` says.
                let mut attempts = 0;
                loop {
                    attempts += 1;
                    let (status, text) = http.post_json(&base, &path, &token, &body).await;
                    if status == 503 && text.contains("retry-after: 2") && attempts < 30 {
                        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
                        continue;
                    }
                    if status != 201 {
                        failures.push(format!("{path}: {status} {text}"));
                    }
                    break;
                }
            }
            failures
        });
    }
    let mut failures = Vec::new();
    while let Some(done) = tasks.join_next().await {
        failures.extend(done.unwrap());
    }
    assert!(
        failures.is_empty(),
        "{} of 800 writes failed, e.g. {:?}",
        failures.len(),
        &failures[..failures.len().min(3)]
    );
    let items_after = agenda_items::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap();
    let updates_after = action_updates::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(
        items_after - items_before,
        400,
        "every agenda item is there"
    );
    assert_eq!(updates_after - updates_before, 400, "every update is there");
}

/// A tiny HTTP/1.1 client over a real socket (one connection per request).
#[derive(Clone, Default)]
struct HttpClient;

impl HttpClient {
    async fn post_json(
        &self,
        base: &str,
        path: &str,
        token: &str,
        body: &serde_json::Value,
    ) -> (u16, String) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let addr = base.trim_start_matches("http://");
        let mut sock = tokio::net::TcpStream::connect(addr).await.unwrap();
        let body = body.to_string();
        let req = format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        sock.write_all(req.as_bytes()).await.unwrap();
        let mut out = Vec::new();
        sock.read_to_end(&mut out).await.unwrap();
        let text = String::from_utf8_lossy(&out).into_owned();
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, text.chars().take(300).collect())
    }
}

/// Markdown built from every construct the renderers know, nested at random far past the
/// limit, with Thai and Latin text, up to the 50,000-character field limit.
fn hostile_markdown() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let text = prop::sample::select(vec![
        "ผู้ว่าราชการจังหวัดสั่งการ",
        "ครัวเรือนเป้าหมาย ๒,๒๔๒",
        "ให้ทุกอำเภอรายงานผลภายใน 16 ก.พ. 2565",
        "plain Latin text",
        "ชั้น มั่น สั่ง ถิ่น",
        "#typst [x] $y$ `z` \\ *",
    ]);
    let construct = prop::sample::select(vec![
        "> ",
        ">",
        "- ",
        "1. ",
        "  ",
        "*",
        "_",
        "**",
        "~~",
        "`",
        "[",
        "](http://a.example)",
        "![i](https://b.example/p.png)",
        "\n",
        "\n\n",
        "| a | b |\n|---|---|\n| 1 | 2 |\n",
        "# ",
        "```\n",
        "<b>",
        "&amp;",
        "---\n",
        "\\",
    ]);
    let piece = prop_oneof![
        text.prop_map(str::to_owned),
        construct.prop_map(str::to_owned)
    ];
    (
        prop::collection::vec(piece, 1..400),
        0usize..5_000,
        prop::sample::select(vec!["> ", "- ", "*", "1. "]),
    )
        .prop_map(|(pieces, deep, marker)| {
            let mut md = marker.repeat(deep);
            for p in pieces {
                md.push_str(&p);
            }
            md.chars().take(50_000).collect()
        })
}

#[test]
fn hostile_markdown_renders_to_html_and_pdf_without_a_panic() {
    use proptest::test_runner::{Config, TestRunner};
    let pdf = prachum::pdf::PdfEngine::new().expect("pdf engine");
    let mut runner = TestRunner::new(Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    });
    let n = std::cell::Cell::new(0usize);
    runner
        .run(&hostile_markdown(), |md| {
            let html = prachum::documents::html::fragment(&md);
            assert!(quote_depth(&html) <= prachum::domain::markdown::MAX_DEPTH);
            assert!(
                !html.contains("<img src=\"https://"),
                "remote image embedded"
            );
            // The PDF for every sixth case (typst dominates the run time in a debug build).
            n.set(n.get() + 1);
            if n.get().is_multiple_of(6) {
                let bytes = pdf
                    .render_markdown(&md, &prachum::pdf::PdfOptions::default())
                    .expect("the PDF renders");
                assert!(bytes.starts_with(b"%PDF-"));
            }
            Ok(())
        })
        .unwrap();
    // The worst cases named in the finding, at the field limits.
    for worst in [
        format!("{}x", ">".repeat(49_999)),
        format!("{}x", "*".repeat(49_999)),
        "- ".repeat(25_000),
        (0..12_500)
            .map(|i| format!("{}- ก\n", "  ".repeat(i % 400)))
            .collect::<String>()
            .chars()
            .take(50_000)
            .collect(),
        "| ก | ข |\n|---|---|\n".to_owned() + &"| ๑ | 2 |\n".repeat(1_000),
    ] {
        let html = prachum::documents::html::fragment(&worst);
        assert!(!html.is_empty());
        let bytes = pdf
            .render_markdown(&worst, &prachum::pdf::PdfOptions::default())
            .expect("the PDF renders");
        assert!(bytes.starts_with(b"%PDF-"));
    }
}

/// The deepest nesting of `<blockquote>` in HTML.
fn quote_depth(html: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut rest = html;
    while let Some(at) = rest.find("blockquote>") {
        if rest[..at].ends_with("</") {
            depth = depth.saturating_sub(1);
        } else if rest[..at].ends_with('<') {
            depth += 1;
            deepest = deepest.max(depth);
        }
        rest = &rest[at + "blockquote>".len()..];
    }
    deepest
}

/// Sends `total` bytes of multipart body to `path` over a real socket, 64 KiB at a time, and
/// stops as soon as the server answers. Returns the status and how much was sent by then.
async fn push_body(base: &str, path: &str, headers: &str, total: u64) -> (u16, u64) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://");
    let sock = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut rd, mut wr) = sock.into_split();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}\
         Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {total}\r\n\r\n"
    );
    wr.write_all(head.as_bytes()).await.unwrap();
    let reader = tokio::spawn(async move {
        let mut buf = vec![0u8; 4096];
        let n = rd.read(&mut buf).await.unwrap_or(0);
        String::from_utf8_lossy(&buf[..n]).into_owned()
    });
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0u64;
    while sent < total && !reader.is_finished() {
        if wr.write_all(&chunk).await.is_err() {
            break;
        }
        sent += chunk.len() as u64;
    }
    let answer = reader.await.unwrap();
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, sent)
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// A 50 MB upload from an account with no access to the action is refused before its body is
/// read; an oversized upload from the head who owns the action gets 413 before it is read too,
/// and nothing is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_are_refused_before_their_body_is_read() {
    use prachum::db::entities::{action_updates, actions};
    let app = TestApp::spawn().await;
    demo(&app).await;
    let action = actions::Entity::find()
        .order_by_asc(actions::Column::Id)
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("a demo action");
    let outsider = app
        .client("viewer@nan.go.th", "viewer", Grant::province("TH-55"))
        .await;
    let head = app
        .client(
            "head@example.go.th",
            "agency_head",
            Grant::office(action.office_id),
        )
        .await;
    let base = app.serve().await;
    let count_updates = || {
        action_updates::Entity::find()
            .filter(action_updates::Column::ActionId.eq(action.id))
            .count(&app.state.db)
    };
    let demo_updates = count_updates().await.unwrap();
    let fifty_mb = 50 * 1024 * 1024;
    let before = rss_kib();
    for (who, client, expected) in [
        ("outsider", &outsider, 404u16),
        ("owner, over the limit", &head, 413u16),
    ] {
        let headers = format!(
            "Cookie: {}\r\nX-CSRF-Token: {}\r\n",
            client.cookie, client.csrf
        );
        let (status, sent) = push_body(
            &base,
            &format!("/actions/{}/updates", action.id),
            &headers,
            fifty_mb,
        )
        .await;
        assert_eq!(status, expected, "{who}");
        // Loopback buffers hold a few MB; the server answered long before the body ended.
        assert!(
            sent < 16 * 1024 * 1024,
            "{who}: {sent} bytes sent before the answer"
        );
        eprintln!("{who}: answered {status} after {} KiB", sent / 1024);
    }
    // The answer link: an action outside the link, then the link's own action over the limit.
    let other = actions::Entity::find()
        .filter(actions::Column::Id.ne(action.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("another action");
    let (_, token) = prachum::mail::links::create(
        &app.state.db,
        &app.state.mail,
        "head@example.go.th",
        action.office_id,
        &[action.id],
        fixed_now(),
    )
    .await
    .unwrap();
    let page = app.get(&format!("/r/{token}")).await;
    let pre = set_cookie(&page, "prachum_csrf").expect("the link page sets a csrf cookie");
    let headers = format!("Cookie: prachum_csrf={pre}\r\nX-CSRF-Token: {pre}\r\n");
    for (who, id, expected) in [
        ("link, action outside it", other.id, 404u16),
        ("link, over the limit", action.id, 413u16),
    ] {
        let path = format!("/r/{token}/actions/{id}");
        let (status, sent) = push_body(&base, &path, &headers, fifty_mb).await;
        assert_eq!(status, expected, "{who}");
        assert!(
            sent < 16 * 1024 * 1024,
            "{who}: {sent} bytes sent before the answer"
        );
        eprintln!("{who}: answered {status} after {} KiB", sent / 1024);
    }
    let grown = rss_kib().saturating_sub(before);
    eprintln!("RSS growth of the test process over the four uploads: {grown} KiB");
    assert!(grown < 32 * 1024, "memory grew by {grown} KiB");
    assert_eq!(
        count_updates().await.unwrap(),
        demo_updates,
        "nothing stored"
    );
    let spool = app.state.settings.storage.files_dir.join(".incoming");
    let left = std::fs::read_dir(&spool).map(|d| d.count()).unwrap_or(0);
    assert_eq!(left, 0, "nothing spooled");

    // Too many files, each small: 413 with the Thai message, nothing stored.
    let pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
    let files: Vec<(&str, &str, &str, &[u8])> = (0..6)
        .map(|_| ("files", "a.pdf", "application/pdf", &pdf[..]))
        .collect();
    let many = head
        .post_multipart(
            &format!("/actions/{}/updates", action.id),
            &[("text_md", "แนบหลักฐานครบทุกอำเภอ")],
            &files,
        )
        .await;
    assert_eq!(many.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", many.body);
    assert!(many.body.contains("แนบไฟล์ได้ไม่เกิน 5 ไฟล์"), "{}", many.body);
    assert!(
        many.body.contains("แนบหลักฐานครบทุกอำเภอ"),
        "the text typed is kept"
    );
    assert_eq!(
        count_updates().await.unwrap(),
        demo_updates,
        "nothing stored"
    );
}

/// A writer that cannot get SQLite's write lock within the busy timeout gets 503 with
/// `Retry-After` and nothing is written; once the lock is free the same write lands. (On
/// PostgreSQL writers wait on row locks instead: the write lands after the other commits.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_that_cannot_get_the_lock_answers_503_and_writes_nothing() {
    use sea_orm::{ConnectionTrait, DbBackend, TransactionTrait};
    let app = TestApp::spawn().await;
    demo(&app).await;
    let m = sisaket_meeting(&app).await;
    let (token, section_id) = admin_and_first_section(&app, m.id).await;
    let body = serde_json::json!({"section_id": section_id, "title": "วาระเพิ่มเติม"});
    let path = format!("/api/v1/meetings/{}/agenda-items", m.id);
    let before = agenda_items::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap();
    if app.state.db.get_database_backend() == DbBackend::Sqlite {
        // Another process's writer holds the lock; this app waits 300 ms at most.
        let mut settings = app.state.settings.as_ref().clone();
        settings.database.busy_timeout_ms = 300;
        let other = prachum::db::connect(&settings.database).await.unwrap();
        let holder = prachum::db::begin_write(&other).await.unwrap();
        holder
            .execute_unprepared("UPDATE meetings SET title = title WHERE id = 0")
            .await
            .unwrap();
        let impatient = prachum::db::connect(&settings.database).await.unwrap();
        let state = prachum::state::AppState::new(
            impatient,
            settings,
            prachum::state::Clock::Fixed(fixed_now()),
        )
        .unwrap();
        let req = Request::post(&path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let res = tower::ServiceExt::oneshot(prachum::web::router(state), req)
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            res.headers()
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok()),
            Some("2")
        );
        holder.rollback().await.unwrap();
        assert_eq!(
            agenda_items::Entity::find()
                .count(&app.state.db)
                .await
                .unwrap(),
            before,
            "nothing half-written"
        );
    } else {
        // PostgreSQL: a concurrent transaction holding the meeting's row delays the write
        // until it commits; the write then lands.
        let holder = app.state.db.begin().await.unwrap();
        holder
            .execute_unprepared(&format!(
                "SELECT id FROM meetings WHERE id = {} FOR UPDATE",
                m.id
            ))
            .await
            .unwrap();
        holder.commit().await.unwrap();
    }
    let res = app.api("POST", &path, &token, Some(body)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    assert_eq!(
        agenda_items::Entity::find()
            .count(&app.state.db)
            .await
            .unwrap(),
        before + 1
    );
}

#[tokio::test]
async fn huge_page_numbers_never_reach_the_database() {
    let app = TestApp::spawn().await;
    demo(&app).await;
    let admin = app
        .client("admin@example.go.th", "admin", Grant::default())
        .await;
    for list in [
        "/meetings",
        "/actions",
        "/admin/audit",
        "/admin/users",
        "/series",
    ] {
        for page in ["18446744073709551615", "9223372036854775807", "0"] {
            let res = admin.get(&format!("{list}?page={page}")).await;
            assert!(
                res.status == StatusCode::OK || res.status == StatusCode::BAD_REQUEST,
                "{list}?page={page}: {}",
                res.status
            );
        }
    }
}
