//! The answer link in a real browser: the email arrives at the test SMTP server, chromium opens
//! the link it carries and submits the forms the page rendered (acknowledge, report with an
//! evidence file), for a head without an account, a signed-in head, and an expired link that
//! offers a new one by email.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use prachum::db::entities::{action_updates, actions, agency_offices, attachments};
use prachum::domain::status::{IssuerRole, UpdateChannel};
use prachum::mail::links;
use prachum::mail::transport::Transport;
use prachum::mail::worker::Worker;
use prachum::services::Ctx;
use prachum::services::actions::{self as asvc, NewAction};
use prachum::services::directives as dsvc;
use prachum::state::Clock;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::directives::{offices, sisaket};
use crate::helpers::browser::Browser;
use crate::helpers::commands::{self, action, be};
use crate::helpers::smtp::{Received, SmtpReceiver};
use crate::helpers::{Grant, TestApp, fixed_now};

/// A small PDF to attach as evidence.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// After the coalescing window of the outbox.
fn later() -> DateTime<Utc> {
    fixed_now() + Duration::minutes(2)
}

/// Sends what is due through SMTP to `server`, the worker's clock at `at`.
pub async fn deliver(app: &TestApp, server: &SmtpReceiver, at: DateTime<Utc>) {
    let w = Worker::with_transport(
        app.state.db.clone(),
        Arc::new(app.state.settings.as_ref().clone()),
        Clock::Fixed(at),
        Transport::smtp(&server.url(), 4, 5).expect("smtp transport"),
    );
    w.send_due().await.expect("send due mail");
}

/// The text part of a received message.
pub fn body_text(m: &Received) -> String {
    m.parsed().body_text(0).expect("a text part").into_owned()
}

/// The `/r/…` path of the first answer link in a text.
pub fn link_path(text: &str) -> String {
    let at = text.find("/r/").expect("a link in the body");
    text[at..]
        .split_whitespace()
        .next()
        .expect("the link")
        .trim_end_matches(['>', ')', '.'])
        .to_owned()
}

/// The message sent to `to`.
pub fn message_to<'a>(got: &'a [Received], to: &str) -> &'a Received {
    got.iter()
        .find(|m| m.rcpt_to.iter().any(|r| r == to))
        .unwrap_or_else(|| panic!("no message to {to}"))
}

/// A published directive of the Sisaket demo meeting with two actions for one office.
struct Setup {
    office: agency_offices::Model,
    actions: Vec<actions::Model>,
    head: String,
}

async fn published(app: &TestApp) -> Setup {
    let db = &app.state.db;
    let m = sisaket(app).await;
    let office = offices(app, "TH-33").await[3].clone();
    let sys = Ctx::system(&Clock::Fixed(fixed_now()));
    let d = dsvc::draft(
        db,
        &sys,
        m.id,
        &commands::directive(
            IssuerRole::Governor,
            "ให้เร่งรัดการแก้ไขปัญหา **ความยากจน** ให้แล้วเสร็จ",
            &[office.id],
        ),
    )
    .await
    .expect("draft directive");
    let row = |title: &str, due: &str| NewAction {
        due: Some(be(due)),
        expected_md: Some("- รายงานผลทุกเดือน\n- แนบภาพถ่าย".to_owned()),
        ..action(office.id, title)
    };
    let actions = asvc::create(
        db,
        &sys,
        &app.state.mail,
        d.id,
        &commands::actions(
            [
                row("สำรวจครัวเรือนยากจนให้ครบ", "30/09/2570"),
                row("จัดทำแผนช่วยเหลือรายครัวเรือน", "31/12/2569"),
            ],
            false,
        ),
    )
    .await
    .expect("actions");
    dsvc::publish(db, &sys, &app.state.mail, d.id)
        .await
        .expect("publish");
    let head = prachum::mail::assigned::recipients(db, &[office.id], fixed_now().date_naive())
        .await
        .expect("recipients")
        .remove(&office.id)
        .expect("the office has a head")
        .1
        .email;
    Setup {
        office,
        actions,
        head,
    }
}

async fn updates_of(app: &TestApp, action: i32) -> Vec<action_updates::Model> {
    action_updates::Entity::find()
        .filter(action_updates::Column::ActionId.eq(action))
        .all(&app.state.db)
        .await
        .expect("updates")
}

/// An evidence file on disk, for the file input.
fn evidence_file(dir: &tempfile::TempDir) -> String {
    let path = dir.path().join("evidence.pdf");
    std::fs::write(&path, PDF).expect("write evidence");
    path.display().to_string()
}

/// Acknowledges the second action and reports on the first with a file, through the page's
/// own forms, then checks what was recorded.
async fn answer_through_the_page(app: &TestApp, b: &Browser, url: &str, s: &Setup, tag: &str) {
    let (a1, a2) = (s.actions[0].id, s.actions[1].id);
    b.goto(url).await;
    assert_eq!(b.text_of("h1").await, "รายงานผลการดำเนินการ");
    assert!(b.page_text().await.contains(&s.office.name_th));
    b.assert_fits().await;
    b.assert_tap_targets().await;
    b.assert_accessible().await;
    b.screenshot(&format!("answer-{tag}-open")).await;

    // Acknowledge: the rendered form, clicked.
    b.submit(&format!("#a{a2} .ack-form button[type=submit]"))
        .await;
    assert!(
        b.text_of(".flash").await.contains("ส่งรายงานแล้ว"),
        "thank-you after acknowledging"
    );
    let ups = updates_of(app, a2).await;
    assert_eq!(ups.len(), 1, "the acknowledgement was recorded");
    assert_eq!(
        ups[0].text_md.as_deref(),
        Some(prachum::services::answers::ACK_TEXT)
    );

    // Report with evidence: open the form under the card, fill it, attach a file, send.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = evidence_file(&dir);
    b.click(&format!("#a{a1} details.report > summary")).await;
    // First a refused report (progress out of range): the page says so and asks for the file again.
    b.fill(&format!("#f-progress-{a1}"), "140").await;
    b.fill(&format!("#f-text_md-{a1}"), "สำรวจแล้ว **40** ครัวเรือน")
        .await;
    b.find(&format!("#f-files-{a1}"))
        .await
        .send_keys(&file)
        .await
        .expect("attach the file");
    b.submit(&format!("#a{a1} .report-form button[type=submit]"))
        .await;
    let summary = b.text_of(".error-summary").await;
    assert!(summary.contains("evidence.pdf"), "{summary}");
    assert!(summary.contains("แนบไฟล์อีกครั้ง"), "{summary}");
    assert_eq!(
        b.find(&format!("#f-text_md-{a1}"))
            .await
            .prop("value")
            .await
            .expect("value")
            .as_deref(),
        Some("สำรวจแล้ว **40** ครัวเรือน"),
        "the text survives the refusal"
    );
    b.assert_fits().await;
    b.assert_accessible().await;
    b.screenshot(&format!("answer-{tag}-refused")).await;
    assert!(updates_of(app, a1).await.is_empty(), "nothing recorded yet");

    b.fill(&format!("#f-progress-{a1}"), "40").await;
    b.find(&format!("#f-files-{a1}"))
        .await
        .send_keys(&file)
        .await
        .expect("attach the file again");
    b.submit(&format!("#a{a1} .report-form button[type=submit]"))
        .await;
    assert!(b.text_of(".flash").await.contains("ส่งรายงานแล้ว"));
    b.assert_fits().await;
    b.assert_accessible().await;
    b.screenshot(&format!("answer-{tag}-done")).await;
    let ups = updates_of(app, a1).await;
    assert_eq!(ups.len(), 1, "one report");
    assert_eq!(ups[0].progress, Some(40));
    assert_eq!(ups[0].channel, UpdateChannel::EmailLink);
    let files = attachments::Entity::find()
        .filter(attachments::Column::ActionUpdateId.eq(ups[0].id))
        .count(&app.state.db)
        .await
        .expect("count");
    assert_eq!(files, 1, "the evidence file was stored");
    // The report's text shows as formatted text, not raw Markdown.
    let history = b.text_of(&format!("#a{a1} .history")).await;
    assert!(history.contains("สำรวจแล้ว 40 ครัวเรือน"), "{history}");
    assert!(!history.contains("**"), "{history}");
}

/// A head without an account: the link from the email, in a phone-sized chromium.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answer_link_from_email_works_for_a_visitor() {
    let app = TestApp::spawn().await;
    let s = published(&app).await;
    let smtp = SmtpReceiver::start().await;
    deliver(&app, &smtp, later()).await;
    let got = smtp.messages();
    let text = body_text(message_to(&got, &s.head));
    let base = app.serve().await;
    let b = Browser::start().await;
    b.set_size(390, 844).await;
    // The page's weight on a phone's first visit: HTML, CSS, fonts and scripts, all from here.
    b.goto(&format!("{base}{}", link_path(&text))).await;
    let w = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             document.fonts.ready.then(() => setTimeout(() => {\
               const all = [performance.getEntriesByType('navigation')[0],\
                            ...performance.getEntriesByType('resource')];\
               done([all.reduce((t, e) => t + e.encodedBodySize, 0),\
                     all.map(e => e.name.replace(location.origin, '') + ' ' + e.encodedBodySize),\
                     all.every(e => e.name.startsWith(location.origin))]);\
             }, 300));",
            vec![],
        )
        .await
        .expect("resource timings");
    let bytes = w[0].as_u64().expect("a byte count");
    println!("answer page weight: {bytes} bytes: {}", w[1]);
    assert!(
        bytes < 60 * 1024,
        "the answer page weighs {bytes} bytes: {}",
        w[1]
    );
    assert_eq!(w[2], true, "everything from this host: {}", w[1]);
    b.assert_accessible().await;
    answer_through_the_page(
        &app,
        &b,
        &format!("{base}{}", link_path(&text)),
        &s,
        "visitor",
    )
    .await;
    b.close().await;
}

/// A head who is signed in opens the same kind of link: the forms carry the session's token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answer_link_works_for_a_signed_in_head() {
    let app = TestApp::spawn().await;
    let s = published(&app).await;
    app.account(
        "head@example.go.th",
        "agency_head",
        Grant::office(s.office.id),
    )
    .await;
    let smtp = SmtpReceiver::start().await;
    deliver(&app, &smtp, later()).await;
    let got = smtp.messages();
    let text = body_text(message_to(&got, &s.head));
    let base = app.serve().await;
    let b = Browser::start().await;
    b.set_size(360, 780).await;
    b.sign_in(&base, "head@example.go.th").await;
    answer_through_the_page(
        &app,
        &b,
        &format!("{base}{}", link_path(&text)),
        &s,
        "signed-in",
    )
    .await;
    b.close().await;
}

/// An expired link: the page offers a new one; asking for it sends an email with a link that
/// works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_answer_link_offers_a_new_one_by_email() {
    let app = TestApp::spawn().await;
    let s = published(&app).await;
    let smtp = SmtpReceiver::start().await;
    deliver(&app, &smtp, later()).await;
    let before = smtp.messages().len();
    let (_, old) = links::create(
        &app.state.db,
        &app.state.mail,
        &s.head,
        s.office.id,
        &[s.actions[0].id],
        fixed_now() - Duration::days(31),
    )
    .await
    .expect("an old link");
    let base = app.serve().await;
    let b = Browser::start().await;
    b.set_size(390, 844).await;
    b.goto(&format!("{base}/r/{old}")).await;
    assert_eq!(b.text_of("h1").await, "ลิงก์หมดอายุแล้ว");
    b.assert_fits().await;
    b.assert_accessible().await;
    b.screenshot("answer-expired").await;
    b.submit("form[action$='/renew'] button[type=submit]").await;
    assert_eq!(b.text_of("h1").await, "รับคำขอแล้ว");

    deliver(&app, &smtp, later() + Duration::minutes(5)).await;
    smtp.wait_for(before + 1).await;
    let got = smtp.messages();
    let fresh = &got[before..];
    let m = message_to(fresh, &s.head);
    let path = link_path(&body_text(m));
    assert_ne!(path, format!("/r/{old}"), "a new link");
    b.goto(&format!("{base}{path}")).await;
    assert_eq!(b.text_of("h1").await, "รายงานผลการดำเนินการ");
    b.submit(&format!(
        "#a{} .ack-form button[type=submit]",
        s.actions[0].id
    ))
    .await;
    assert!(b.text_of(".flash").await.contains("ส่งรายงานแล้ว"));
    assert_eq!(updates_of(&app, s.actions[0].id).await.len(), 1);
    b.close().await;
}
