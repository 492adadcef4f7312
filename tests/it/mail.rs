//! Mail: the outbox and worker against a real SMTP server on loopback (Thai subjects, one
//! message per recipient, BE due dates, working links), answering by signed link, the security
//! of links, and faults (SMTP down, a worker killed mid-batch, two workers at once).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use prachum::config::Settings;
use prachum::db::entities::{
    action_updates, actions, agency_offices, attachments, audit_events, directives,
    outbox_messages, response_links,
};
use prachum::domain::status::{
    ActionStatus, IssuerRole, MeetingStatus, OutboxStatus, UpdateChannel,
};
use prachum::mail::outbox::{self, NewMail};
use prachum::mail::render::Rendered;
use prachum::mail::transport::Transport;
use prachum::mail::worker::Worker;
use prachum::mail::{kind, links};
use prachum::services::Ctx;
use prachum::services::actions::{self as asvc, NewAction};
use prachum::services::directives as dsvc;
use prachum::state::Clock;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::directives::{offices, sisaket};
use crate::helpers::commands::{self, action, be};
use crate::helpers::session::set_cookie;
use crate::helpers::smtp::{Received, SmtpReceiver};
use crate::helpers::{Grant, TestApp, fixed_now};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// A worker of the app's database through `transport`, its clock at `at`.
fn worker(app: &TestApp, transport: Transport, at: DateTime<Utc>) -> Worker {
    worker_with(app, app.state.settings.as_ref().clone(), transport, at)
}

fn worker_with(app: &TestApp, s: Settings, transport: Transport, at: DateTime<Utc>) -> Worker {
    Worker::with_transport(
        app.state.db.clone(),
        Arc::new(s),
        Clock::Fixed(at),
        transport,
    )
}

fn smtp(url: &str) -> Transport {
    Transport::smtp(url, 4, 5).expect("smtp transport")
}

/// A closed port on 127.0.0.1 ("the SMTP server is down").
async fn closed_port() -> String {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    drop(l);
    format!("smtp://{addr}")
}

/// After the coalescing window.
fn later() -> DateTime<Utc> {
    fixed_now() + Duration::minutes(2)
}

struct Assigned {
    office_a: agency_offices::Model,
    office_b: agency_offices::Model,
    a_actions: Vec<actions::Model>,
    b_actions: Vec<actions::Model>,
}

/// A new draft directive of the Sisaket meeting with two actions for office A (whose contact is
/// set) and one for office B, then published: the "actions assigned" emails are queued.
async fn publish_directive(app: &TestApp) -> Assigned {
    let db = &app.state.db;
    let m = sisaket(app).await;
    let os = offices(app, "TH-33").await;
    let mut a: agency_offices::ActiveModel = os[3].clone().into();
    a.contact_email = Set(Some("contact.a@example.org".to_owned()));
    let office_a = a.update(db).await.unwrap();
    let office_b = os[4].clone();
    let sys = Ctx::system(&Clock::Fixed(fixed_now()));
    let d = dsvc::draft(
        db,
        &sys,
        m.id,
        &commands::directive(
            IssuerRole::Governor,
            "ให้เร่งรัดการแก้ไขปัญหาความยากจนให้แล้วเสร็จ",
            &[office_a.id, office_b.id],
        ),
    )
    .await
    .expect("draft directive");
    let row = |office: i32, title: &str, due: &str| NewAction {
        due: Some(be(due)),
        expected_md: Some("รายงานผลทุกเดือน".to_owned()),
        ..action(office, title)
    };
    let created = asvc::create(
        db,
        &sys,
        &app.state.mail,
        d.id,
        &commands::actions(
            [
                row(office_a.id, "สำรวจครัวเรือนยากจนให้ครบ", "30/09/2570"),
                row(office_a.id, "จัดทำแผนช่วยเหลือรายครัวเรือน", "31/12/2569"),
                row(office_b.id, "ตรวจสุขภาพผู้สูงอายุ", "15/01/2570"),
            ],
            false,
        ),
    )
    .await
    .expect("actions");
    assert_eq!(
        outbox_messages::Entity::find().count(db).await.unwrap(),
        0,
        "a draft directive sends nothing"
    );
    dsvc::publish(db, &sys, &app.state.mail, d.id)
        .await
        .expect("publish");
    let (a_actions, b_actions) = created
        .into_iter()
        .partition(|x| x.office_id == office_a.id);
    Assigned {
        office_a,
        office_b,
        a_actions,
        b_actions,
    }
}

fn body_text(m: &Received) -> String {
    m.parsed().body_text(0).expect("a text part").into_owned()
}

fn link_path(text: &str) -> String {
    let at = text.find("/r/").expect("a link in the body");
    text[at..].split_whitespace().next().unwrap().to_owned()
}

async fn head_email(app: &TestApp, office: i32) -> String {
    prachum::mail::assigned::recipients(&app.state.db, &[office], fixed_now().date_naive())
        .await
        .unwrap()
        .remove(&office)
        .unwrap()
        .1
        .email
}

#[tokio::test]
async fn actions_assigned_over_smtp_then_answered_by_link() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let f = publish_directive(&app).await;
    let rows = outbox_messages::Entity::find()
        .order_by_asc(outbox_messages::Column::Id)
        .all(db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 2, "one email per office");
    assert!(
        rows.iter()
            .all(|r| r.status == OutboxStatus::Queued && r.kind == kind::ACTIONS_ASSIGNED)
    );

    let smtp_server = SmtpReceiver::start().await;
    // Inside the coalescing window nothing is due yet.
    let early = worker(&app, smtp(&smtp_server.url()), fixed_now());
    assert_eq!(early.send_due().await.unwrap().claimed, 0);
    let w = worker(&app, smtp(&smtp_server.url()), later());
    let r = w.send_due().await.unwrap();
    assert_eq!((r.claimed, r.sent), (2, 2), "{r:?}");
    assert_eq!(w.send_due().await.unwrap().claimed, 0, "nothing left");
    let got = smtp_server.messages();
    assert_eq!(got.len(), 2);

    let head_a = head_email(&app, f.office_a.id).await;
    let head_b = head_email(&app, f.office_b.id).await;
    let mut per_recipient: BTreeMap<String, Vec<&Received>> = BTreeMap::new();
    for m in &got {
        for r in &m.rcpt_to {
            per_recipient.entry(r.clone()).or_default().push(m);
        }
    }
    assert_eq!(per_recipient[&head_a].len(), 1, "one message per recipient");
    assert_eq!(per_recipient[&head_b].len(), 1);
    assert_eq!(
        per_recipient["contact.a@example.org"].len(),
        1,
        "office A's contact in Cc"
    );
    assert!(!per_recipient.contains_key("contact.b@example.org"));

    let rows = outbox_messages::Entity::find()
        .order_by_asc(outbox_messages::Column::Id)
        .all(db)
        .await
        .unwrap();
    let mut ids = Vec::new();
    for row in &rows {
        assert_eq!(row.status, OutboxStatus::Sent);
        assert!(row.sent_at.is_some() && row.message_id.is_some());
        let m = got
            .iter()
            .find(|m| m.header("X-Prachum-Outbox-Id") == Some(row.id.to_string()))
            .expect("the row's message");
        let p = m.parsed();
        // Thai subjects decode exactly.
        assert_eq!(p.subject(), row.subject.as_deref());
        assert!(p.subject().unwrap().contains("ข้อสั่งการ"));
        assert!(p.date().is_some(), "a Date header");
        let mid = p.message_id().expect("a Message-ID").to_owned();
        assert!(row.message_id.as_deref().unwrap().contains(&mid));
        ids.push(mid);
    }
    ids.dedup();
    assert_eq!(ids.len(), 2, "each message has its own Message-ID");

    // Office A's email: only its two actions, BE due dates, the meeting's date, and a link.
    let a_msg = per_recipient[&head_a][0];
    let text = body_text(a_msg);
    assert!(text.contains("สำรวจครัวเรือนยากจนให้ครบ") && text.contains("จัดทำแผนช่วยเหลือรายครัวเรือน"));
    assert!(!text.contains("ตรวจสุขภาพผู้สูงอายุ"), "another office's action");
    assert!(
        text.contains("30 กันยายน 2570") && text.contains("31 ธันวาคม 2569"),
        "{text}"
    );
    assert!(
        text.contains("19 เมษายน 2565"),
        "the meeting's date: {text}"
    );
    assert!(text.contains("http://127.0.0.1:8080/r/"));
    let html = a_msg
        .parsed()
        .body_html(0)
        .expect("an HTML part")
        .into_owned();
    assert!(html.contains("30 กันยายน 2570"));

    // Following the link: the page shows office A's actions only.
    let path = link_path(&text);
    let page = app.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("สำรวจครัวเรือนยากจนให้ครบ"));
    assert!(!page.body.contains("ตรวจสุขภาพผู้สูงอายุ"));
    assert_eq!(
        page.header(axum::http::header::REFERRER_POLICY),
        Some("no-referrer")
    );
    let csrf = set_cookie(&page, "prachum_csrf").expect("the page sets the form cookie");
    let visitor = app.visitor(&csrf);

    // Progress, text and a file through the link.
    let a1 = &f.a_actions[0];
    let posted = visitor
        .post_multipart(
            &format!("{path}/actions/{}", a1.id),
            &[("progress", "40"), ("text_md", "สำรวจแล้ว 40 เปอร์เซ็นต์")],
            &[("files", "หลักฐาน.pdf", "application/pdf", PDF)],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    let ups = action_updates::Entity::find()
        .filter(action_updates::Column::ActionId.eq(a1.id))
        .all(db)
        .await
        .unwrap();
    assert_eq!(ups.len(), 1);
    assert_eq!(ups[0].channel, UpdateChannel::EmailLink);
    assert_eq!(ups[0].progress, Some(40));
    assert_eq!(ups[0].author_user_id, None);
    let a1_after = actions::Entity::find_by_id(a1.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (a1_after.progress, a1_after.status.as_str()),
        (40, "in_progress")
    );
    assert_eq!(
        attachments::Entity::find()
            .filter(attachments::Column::ActionUpdateId.eq(ups[0].id))
            .count(db)
            .await
            .unwrap(),
        1
    );
    let ev = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq("action.update_posted"))
        .filter(audit_events::Column::ObjectId.eq(a1.id))
        .one(db)
        .await
        .unwrap()
        .expect("an audit event");
    assert!(ev.after_json.unwrap().contains("email_link"));
    assert!(ev.actor_label.unwrap().contains("ผ่านลิงก์อีเมล"));

    // Acknowledging the second action.
    let a2 = &f.a_actions[1];
    let ack = visitor
        .post(&format!("{path}/actions/{}/ack", a2.id), &[])
        .await;
    assert_eq!(ack.status, StatusCode::SEE_OTHER, "{}", ack.body);
    let up2 = action_updates::Entity::find()
        .filter(action_updates::Column::ActionId.eq(a2.id))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        up2.text_md.as_deref(),
        Some(prachum::services::answers::ACK_TEXT)
    );

    // The action's history (signed-in page) says "via email link"; the link was marked used.
    let po = app
        .client(
            "po@example.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let shown = po.get(&format!("/actions/{}", a1.id)).await;
    assert!(shown.body.contains("ผ่านลิงก์อีเมล"), "{}", shown.body);
    let link = response_links::Entity::find()
        .filter(response_links::Column::OfficeId.eq(f.office_a.id))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(link.last_used_at.is_some());
    assert_eq!(link.recipient_email, head_a);
    assert!(f.b_actions.len() == 1);
}

#[tokio::test]
async fn links_refuse_tampered_expired_revoked_and_other_actions() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let f = publish_directive(&app).await;
    let cfg = &app.state.mail;
    let a1 = f.a_actions[0].id;
    let a2 = f.a_actions[1].id;
    let b1 = f.b_actions[0].id;
    let head_a = head_email(&app, f.office_a.id).await;
    // A link for a1 only.
    let (row, token) = links::create(db, cfg, &head_a, f.office_a.id, &[a1], fixed_now())
        .await
        .unwrap();
    let ok = app.get(&format!("/r/{token}")).await;
    assert_eq!(ok.status, StatusCode::OK);
    let csrf = set_cookie(&ok, "prachum_csrf").unwrap();
    let v = app.visitor(&csrf);
    let count = || async { action_updates::Entity::find().count(db).await.unwrap() };

    // Cross-action: another action of the same office, and another office's action.
    for other in [a2, b1] {
        let res = v
            .post_multipart(
                &format!("/r/{token}/actions/{other}"),
                &[("progress", "10")],
                &[],
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "action {other}");
        let res = v
            .post(&format!("/r/{token}/actions/{other}/ack"), &[])
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
    }
    assert_eq!(count().await, 0);

    // Tampered: a changed signature, a signature moved to another link, garbage.
    let (id, sig) = token.split_once('.').unwrap();
    let flipped = format!(
        "{id}.{}{}",
        &sig[..sig.len() - 1],
        if sig.ends_with('A') { 'B' } else { 'A' }
    );
    let (_, other_token) = links::create(db, cfg, &head_a, f.office_a.id, &[a1, a2], fixed_now())
        .await
        .unwrap();
    let moved = format!("{}.{}", other_token.split_once('.').unwrap().0, sig);
    for bad in [flipped.as_str(), moved.as_str(), "garbage", "x.y"] {
        let page = app.get(&format!("/r/{bad}")).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{bad}");
        assert!(page.body.contains("ลิงก์ไม่ถูกต้อง"), "{bad}");
        let res = v
            .post_multipart(
                &format!("/r/{bad}/actions/{a1}"),
                &[("progress", "10")],
                &[],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(count().await, 0);

    // The signature binds the row: widening its actions in the database breaks it.
    let mut widened: response_links::ActiveModel = row.clone().into();
    widened.action_ids = Set(format!("{a1},{a2}"));
    widened.update(db).await.unwrap();
    assert_eq!(
        app.get(&format!("/r/{token}")).await.status,
        StatusCode::FORBIDDEN
    );
    let mut back: response_links::ActiveModel = row.clone().into();
    back.action_ids = Set(a1.to_string());
    back.update(db).await.unwrap();
    assert_eq!(app.get(&format!("/r/{token}")).await.status, StatusCode::OK);

    // Expired: a link created 31 days before "now" (lifetime 30 days).
    let (_, old) = links::create(
        db,
        cfg,
        &head_a,
        f.office_a.id,
        &[a1],
        fixed_now() - Duration::days(31),
    )
    .await
    .unwrap();
    let page = app.get(&format!("/r/{old}")).await;
    assert_eq!(page.status, StatusCode::GONE);
    assert!(page.body.contains("ลิงก์หมดอายุแล้ว") && page.body.contains("ส่งลิงก์ใหม่"));
    let res = v
        .post_multipart(
            &format!("/r/{old}/actions/{a1}"),
            &[("progress", "10")],
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::GONE);
    assert_eq!(count().await, 0);
    // It offers a fresh link, sent to the address on file, once a day.
    let before = outbox_messages::Entity::find().count(db).await.unwrap();
    let renew = v.post(&format!("/r/{old}/renew"), &[]).await;
    assert_eq!(renew.status, StatusCode::OK, "{}", renew.body);
    assert!(renew.body.contains("รับคำขอแล้ว"));
    v.post(&format!("/r/{old}/renew"), &[]).await;
    let fresh = outbox_messages::Entity::find()
        .filter(outbox_messages::Column::Kind.eq(kind::LINK_RENEWED))
        .all(db)
        .await
        .unwrap();
    assert_eq!(fresh.len(), 1, "once a day");
    assert_eq!(fresh[0].recipient_email, head_a);
    assert_eq!(
        outbox_messages::Entity::find().count(db).await.unwrap(),
        before + 1
    );
    let fresh_text = outbox::Payload::of(&fresh[0]).text;
    let fresh_page = app.get(&link_path(&fresh_text)).await;
    assert_eq!(fresh_page.status, StatusCode::OK, "the fresh link works");

    // Revoked: refused, and no fresh link is offered.
    let (r2, t2) = links::create(db, cfg, &head_a, f.office_a.id, &[a1], fixed_now())
        .await
        .unwrap();
    links::revoke(db, r2, fixed_now()).await.unwrap();
    let page = app.get(&format!("/r/{t2}")).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("ลิงก์ถูกยกเลิกแล้ว") && !page.body.contains("ส่งลิงก์ใหม่ทางอีเมล"));
    let res = v.post(&format!("/r/{t2}/actions/{a1}/ack"), &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    v.post(&format!("/r/{t2}/renew"), &[]).await;
    assert_eq!(
        outbox_messages::Entity::find()
            .filter(outbox_messages::Column::Kind.eq(kind::LINK_RENEWED))
            .count(db)
            .await
            .unwrap(),
        1
    );
    assert_eq!(count().await, 0, "no refused attempt wrote anything");
    // Forms without the CSRF cookie are refused even with a good token.
    let stranger = app.visitor("not-the-cookie-token");
    let res = app
        .request(
            axum::http::Request::post(format!("/r/{token}/actions/{a1}/ack"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(axum::body::Body::from(format!("_csrf={}", stranger.csrf)))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(count().await, 0);
}

fn simple(n: usize, at: DateTime<Utc>) -> NewMail {
    let mut m = NewMail::new(
        "test",
        &format!("person{n}@example.org"),
        Rendered {
            subject: format!("ทดสอบการส่งอีเมล ฉบับที่ {n}"),
            text: format!("ข้อความที่ {n}\n.บรรทัดที่ขึ้นต้นด้วยจุด\n"),
            html: None,
        },
        at,
    );
    m.dedupe_key = Some(format!("test:{n}"));
    m
}

async fn queue(app: &TestApp, n: usize) {
    for i in 0..n {
        outbox::enqueue(&app.state.db, simple(i, fixed_now()))
            .await
            .unwrap();
    }
}

fn outbox_ids(got: &[Received]) -> BTreeMap<String, usize> {
    let mut seen = BTreeMap::new();
    for m in got {
        *seen
            .entry(
                m.header("X-Prachum-Outbox-Id")
                    .expect("the outbox id header"),
            )
            .or_default() += 1;
    }
    seen
}

#[tokio::test]
async fn smtp_down_loses_nothing_and_delivers_each_once_when_back() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    publish_directive(&app).await;
    queue(&app, 3).await;
    let down = closed_port().await;
    let r = worker(&app, smtp(&down), later()).send_due().await.unwrap();
    assert_eq!((r.claimed, r.sent, r.failed), (5, 0, 5), "{r:?}");
    let rows = outbox_messages::Entity::find().all(db).await.unwrap();
    assert!(rows.iter().all(|r| r.status == OutboxStatus::Failed
        && r.attempts == 1
        && r.last_error.is_some()
        && r.available_at > later()
        && r.locked_by.is_none()));
    // Retried later (backoff): still down.
    let r = worker(&app, smtp(&down), later() + Duration::hours(1))
        .send_due()
        .await
        .unwrap();
    assert_eq!(r.failed, 5);
    // Back up.
    let server = SmtpReceiver::start().await;
    let w = worker(&app, smtp(&server.url()), later() + Duration::days(1));
    let r = w.send_due().await.unwrap();
    assert_eq!(r.sent, 5, "{r:?}");
    assert_eq!(w.send_due().await.unwrap().claimed, 0);
    let seen = outbox_ids(&server.messages());
    assert_eq!(seen.len(), 5);
    assert!(seen.values().all(|&n| n == 1), "exactly once: {seen:?}");
    // Dot-stuffing survived the trip.
    let m = server
        .messages()
        .into_iter()
        .find(|m| m.rcpt_to == ["person0@example.org"])
        .unwrap();
    assert!(body_text(&m).contains("\n.บรรทัดที่ขึ้นต้นด้วยจุด"));
    assert!(
        outbox_messages::Entity::find()
            .all(db)
            .await
            .unwrap()
            .iter()
            .all(|r| r.status == OutboxStatus::Sent && r.last_error.is_none())
    );
}

#[tokio::test]
async fn server_restarted_on_the_same_port_gets_the_rest() {
    let app = TestApp::spawn().await;
    queue(&app, 4).await;
    let server = SmtpReceiver::start().await;
    let url = server.url();
    let w1 = worker(&app, smtp(&url), fixed_now());
    let r = w1.send_batch().await.unwrap();
    assert_eq!(r.sent, 4);
    let (addr, record) = server.stop().await;
    queue_more(&app, 4..7).await;
    // The pooled connection is dead and the port is closed.
    let r = w1.send_due().await.unwrap();
    assert_eq!(r.failed, 3, "{r:?}");
    let server = SmtpReceiver::start_on(addr, record).await;
    let w2 = worker(&app, smtp(&url), fixed_now() + Duration::days(1));
    assert_eq!(w2.send_due().await.unwrap().sent, 3);
    let seen = outbox_ids(&server.messages());
    assert_eq!(seen.len(), 7);
    assert!(seen.values().all(|&n| n == 1), "{seen:?}");
}

async fn queue_more(app: &TestApp, r: std::ops::Range<usize>) {
    for i in r {
        outbox::enqueue(&app.state.db, simple(i, fixed_now()))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_worker_killed_mid_batch_leaves_the_rest_to_the_next() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    queue(&app, 30).await;
    let server = SmtpReceiver::start().await;
    server.slow_down(StdDuration::from_millis(20));
    let w = worker(&app, smtp(&server.url()), fixed_now());
    let task = tokio::spawn(async move { w.send_batch().await });
    server.wait_for(8).await;
    task.abort();
    let _ = task.await;
    // One snapshot of the states (a delivery that was in flight when the worker died may still
    // record itself afterwards: two separate counts could see it in neither state).
    let counts = status_counts(db).await;
    let sent_before = counts
        .get(OutboxStatus::Sent.as_str())
        .copied()
        .unwrap_or(0);
    let stuck = counts
        .get(OutboxStatus::Sending.as_str())
        .copied()
        .unwrap_or(0);
    assert!(sent_before < 30, "killed mid-batch: {counts:?}");
    assert_eq!(
        sent_before + stuck,
        30,
        "the rest stay claimed until the lease ends: {counts:?}"
    );
    server.slow_down(StdDuration::ZERO);
    // Before the lease runs out another worker takes nothing.
    let early = worker(
        &app,
        smtp(&server.url()),
        fixed_now() + Duration::seconds(10),
    );
    assert_eq!(early.send_due().await.unwrap().claimed, 0);
    let lease = i64::try_from(app.state.settings.mail.lease_secs).unwrap();
    let next = worker(
        &app,
        smtp(&server.url()),
        fixed_now() + Duration::seconds(lease + 1),
    );
    let r = next.send_due().await.unwrap();
    // Every row ends sent; the next worker sent at most what was stuck (a late record of the
    // killed worker may have finished one of them).
    assert!(r.sent as u64 <= stuck, "{r:?} vs {stuck} stuck");
    let after = status_counts(db).await;
    assert_eq!(
        after.get(OutboxStatus::Sent.as_str()).copied(),
        Some(30),
        "{after:?}"
    );
    let seen = outbox_ids(&server.messages());
    assert_eq!(seen.len(), 30, "every message arrived");
    let twice = seen.values().filter(|&&n| n > 1).count();
    // At most those in flight when the worker died (sent, not yet recorded) arrive twice: one per
    // concurrent delivery (`mail.smtp_pool_size`).
    let in_flight = app.state.settings.mail.smtp_pool_size as usize;
    assert!(twice <= in_flight, "{twice} arrived twice: {seen:?}");
    println!(
        "killed mid-batch: {sent_before} recorded sent, {stuck} re-sent by the next worker, {twice} arrived twice"
    );
}

/// The outbox's rows per status, read in one query (one consistent snapshot).
async fn status_counts(
    db: &sea_orm::DatabaseConnection,
) -> std::collections::BTreeMap<String, u64> {
    use sea_orm::QuerySelect;
    use sea_orm::sea_query::{Expr, Func};
    let rows: Vec<(String, i64)> = outbox_messages::Entity::find()
        .select_only()
        .column(outbox_messages::Column::Status)
        .column_as(
            Expr::expr(Func::count(Expr::col(outbox_messages::Column::Id))),
            "n",
        )
        .group_by(outbox_messages::Column::Status)
        .into_tuple()
        .all(db)
        .await
        .unwrap();
    rows.into_iter()
        .map(|(s, n)| (s, u64::try_from(n).unwrap()))
        .collect()
}

#[tokio::test]
async fn two_workers_at_once_send_each_message_once() {
    let app = TestApp::spawn().await;
    queue(&app, 120).await;
    let server = SmtpReceiver::start().await;
    let mut s = app.state.settings.as_ref().clone();
    s.mail.batch_size = 10;
    let w1 = worker_with(&app, s.clone(), smtp(&server.url()), fixed_now());
    let w2 = worker_with(&app, s, smtp(&server.url()), fixed_now());
    let (r1, r2) = tokio::join!(w1.send_due(), w2.send_due());
    let (r1, r2) = (r1.unwrap(), r2.unwrap());
    assert_eq!(r1.sent + r2.sent, 120, "{r1:?} {r2:?}");
    let seen = outbox_ids(&server.messages());
    assert_eq!(seen.len(), 120);
    assert!(seen.values().all(|&n| n == 1), "no duplicates");
    println!("two workers: {} and {} messages", r1.sent, r2.sent);
}

#[tokio::test]
async fn dead_after_max_attempts_keeps_the_error_and_can_be_resent() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    queue(&app, 1).await;
    // No address: recorded dead at once, never dropped.
    let mut none = simple(99, fixed_now());
    none.to_email = String::new();
    outbox::enqueue(db, none).await.unwrap();
    let mut s = app.state.settings.as_ref().clone();
    s.mail.max_attempts = 2;
    let down = closed_port().await;
    let r = worker_with(&app, s.clone(), smtp(&down), fixed_now())
        .send_due()
        .await
        .unwrap();
    assert_eq!((r.failed, r.dead), (1, 0));
    let r = worker_with(
        &app,
        s.clone(),
        smtp(&down),
        fixed_now() + Duration::days(1),
    )
    .send_due()
    .await
    .unwrap();
    assert_eq!((r.failed, r.dead), (0, 1));
    let rows = outbox_messages::Entity::find()
        .order_by_asc(outbox_messages::Column::Id)
        .all(db)
        .await
        .unwrap();
    assert!(
        rows.iter()
            .all(|r| r.status == OutboxStatus::Dead && r.last_error.is_some())
    );
    assert_eq!(rows[0].attempts, 2);
    // Resend: queued again, delivered.
    assert!(
        outbox::requeue(db, rows[0].id, fixed_now() + Duration::days(2))
            .await
            .unwrap()
    );
    assert!(
        !outbox::requeue(db, rows[1].id, fixed_now()).await.unwrap(),
        "no address"
    );
    let server = SmtpReceiver::start().await;
    let r = worker_with(
        &app,
        s,
        smtp(&server.url()),
        fixed_now() + Duration::days(2),
    )
    .send_due()
    .await
    .unwrap();
    assert_eq!(r.sent, 1);
    assert_eq!(server.messages().len(), 1);
}

#[tokio::test]
async fn bursts_coalesce_into_one_email_per_recipient() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let f = publish_directive(&app).await;
    let d = directives::Entity::find_by_id(f.a_actions[0].directive_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    // 30 seconds later, one more action for office A: merged into the waiting email.
    let sys = Ctx::system(&Clock::Fixed(fixed_now() + Duration::seconds(30)));
    asvc::create(
        db,
        &sys,
        &app.state.mail,
        d.id,
        &commands::actions([action(f.office_a.id, "ประชุมชี้แจงผู้นำชุมชน")], false),
    )
    .await
    .unwrap();
    let rows = outbox_messages::Entity::find()
        .filter(outbox_messages::Column::OfficeId.eq(f.office_a.id))
        .all(db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1, "coalesced");
    let p = outbox::Payload::of(&rows[0]);
    assert_eq!(p.data["action_ids"].as_array().unwrap().len(), 3);
    assert!(p.text.contains("ประชุมชี้แจงผู้นำชุมชน") && p.text.contains("สำรวจครัวเรือนยากจนให้ครบ"));
    assert!(rows[0].subject.as_deref().unwrap().contains("3 เรื่อง"));
    // The link in it covers all three.
    let page = app.get(&link_path(&p.text)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("ประชุมชี้แจงผู้นำชุมชน"));
    // Ten minutes later: a new email.
    let sys = Ctx::system(&Clock::Fixed(fixed_now() + Duration::minutes(10)));
    asvc::create(
        db,
        &sys,
        &app.state.mail,
        d.id,
        &commands::actions([action(f.office_a.id, "ติดตามผลรายไตรมาส")], false),
    )
    .await
    .unwrap();
    assert_eq!(
        outbox_messages::Entity::find()
            .filter(outbox_messages::Column::OfficeId.eq(f.office_a.id))
            .count(db)
            .await
            .unwrap(),
        2
    );
}

#[tokio::test]
async fn file_transport_writes_eml_files() {
    let app = TestApp::spawn().await;
    queue(&app, 2).await;
    let dir = tempfile::tempdir().unwrap();
    let r = worker(&app, Transport::File(dir.path().to_path_buf()), fixed_now())
        .send_due()
        .await
        .unwrap();
    assert_eq!(r.sent, 2);
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    assert_eq!(files.len(), 2);
    let raw = std::fs::read(&files[0]).unwrap();
    let m = mail_parser::MessageParser::default().parse(&raw).unwrap();
    assert!(m.message_id().is_some() && m.date().is_some());
    assert!(m.subject().unwrap().starts_with("ทดสอบการส่งอีเมล"));
}

#[tokio::test]
async fn delivery_log_per_meeting_and_office_with_resend() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let f = publish_directive(&app).await;
    let mut s = app.state.settings.as_ref().clone();
    s.mail.max_attempts = 1;
    let r = worker_with(&app, s, smtp(&closed_port().await), later())
        .send_due()
        .await
        .unwrap();
    assert_eq!(r.dead, 2);
    let meeting = f.a_actions[0].meeting_id;
    let po = app
        .client(
            "po@example.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let log = po.get(&format!("/meetings/{meeting}/mail")).await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.body);
    assert!(log.body.contains("ส่งไม่สำเร็จ (หยุดส่ง)") && log.body.contains("SMTP"));
    assert!(log.body.contains("ส่งอีกครั้ง"));
    let office_log = po.get(&format!("/offices/{}/mail", f.office_a.id)).await;
    assert_eq!(office_log.status, StatusCode::OK);
    assert!(office_log.body.contains("แจ้งข้อสั่งการ"));
    assert!(
        !office_log
            .body
            .contains(&head_email(&app, f.office_b.id).await)
    );
    // Others: an inspector may not; another province does not even see it.
    let inspector = app
        .client("i14@example.go.th", "inspector", Grant::zones(&[14]))
        .await;
    assert_eq!(
        inspector
            .get(&format!("/meetings/{meeting}/mail"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let kalasin = app
        .client(
            "po46@example.go.th",
            "provincial_office",
            Grant::province("TH-46"),
        )
        .await;
    assert_eq!(
        kalasin
            .get(&format!("/meetings/{meeting}/mail"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        kalasin
            .get(&format!("/offices/{}/mail", f.office_a.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Resend: queued again, audited, then delivered.
    let row = outbox_messages::Entity::find()
        .filter(outbox_messages::Column::OfficeId.eq(f.office_a.id))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let denied = kalasin.post(&format!("/mail/{}/resend", row.id), &[]).await;
    assert_eq!(denied.status, StatusCode::NOT_FOUND);
    let res = po.post(&format!("/mail/{}/resend", row.id), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let again = outbox_messages::Entity::find_by_id(row.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((again.status, again.attempts), (OutboxStatus::Queued, 0));
    assert!(
        audit_events::Entity::find()
            .filter(audit_events::Column::Action.eq("mail.resend"))
            .one(db)
            .await
            .unwrap()
            .is_some()
    );
    // A queued message cannot be resent twice.
    let twice = po.post(&format!("/mail/{}/resend", row.id), &[]).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    let server = SmtpReceiver::start().await;
    let r = worker(&app, smtp(&server.url()), fixed_now())
        .send_due()
        .await
        .unwrap();
    assert_eq!(r.sent, 1);
}

/// The `.ics` attached to a message, parsed.
fn ics_of(m: &Received) -> (String, icalendar::Calendar) {
    let p = m.parsed();
    let att = p
        .attachments()
        .find(|a| {
            mail_parser::MimeHeaders::content_type(*a)
                .is_some_and(|c| c.ctype() == "text" && c.subtype() == Some("calendar"))
        })
        .expect("a text/calendar attachment");
    let text = String::from_utf8(att.contents().to_vec()).unwrap();
    let cal: icalendar::Calendar = text.parse().expect("the .ics parses");
    (text, cal)
}

#[tokio::test]
async fn invitations_updates_and_cancellations_carry_bangkok_ics() {
    use icalendar::{CalendarDateTime, Component, DatePerhapsTime, EventLike};
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let m = sisaket(&app).await;
    let mut am: prachum::db::entities::meetings::ActiveModel = m.clone().into();
    am.status = Set(MeetingStatus::Planned);
    let m = am.update(db).await.unwrap();
    let invited: std::collections::BTreeSet<i32> =
        prachum::db::entities::attendances::Entity::find()
            .filter(prachum::db::entities::attendances::Column::MeetingId.eq(m.id))
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|a| a.office_id)
            .collect();
    assert!(!invited.is_empty());
    let sys = Ctx::system(&Clock::Fixed(fixed_now()));
    let mail = &app.state.mail;
    let mut input = prachum::services::meetings::input::of_meeting(db, &m)
        .await
        .unwrap();
    // Editing a planned meeting sends nothing.
    input.venue_room = "ห้องประชุมพนมดงรัก".to_owned();
    prachum::services::meetings::update(db, &sys, mail, m.id, &command(&input))
        .await
        .unwrap();
    assert_eq!(outbox_messages::Entity::find().count(db).await.unwrap(), 0);
    // Invited.
    input.status = "invited".to_owned();
    prachum::services::meetings::update(db, &sys, mail, m.id, &command(&input))
        .await
        .unwrap();
    let n = outbox_messages::Entity::find()
        .filter(outbox_messages::Column::Kind.eq(kind::MEETING_INVITATION))
        .count(db)
        .await
        .unwrap();
    assert_eq!(
        n as usize,
        invited.len(),
        "one invitation per invited office"
    );
    // Moved to the afternoon.
    input.session_start = vec!["13.30".to_owned()];
    input.session_end = vec!["16.00".to_owned()];
    input.session_label = vec![String::new()];
    prachum::services::meetings::update(db, &sys, mail, m.id, &command(&input))
        .await
        .unwrap();
    // Cancelled.
    input.status = "cancelled".to_owned();
    input.cancelled_reason = "ผู้ว่าราชการจังหวัดติดภารกิจเร่งด่วน".to_owned();
    prachum::services::meetings::update(db, &sys, mail, m.id, &command(&input))
        .await
        .unwrap();
    let count = |k: &'static str| async move {
        outbox_messages::Entity::find()
            .filter(outbox_messages::Column::Kind.eq(k))
            .count(db)
            .await
            .unwrap() as usize
    };
    assert_eq!(count(kind::MEETING_UPDATED).await, invited.len());
    assert_eq!(count(kind::MEETING_CANCELLED).await, invited.len());

    let server = SmtpReceiver::start().await;
    let r = worker(&app, smtp(&server.url()), fixed_now())
        .send_due()
        .await
        .unwrap();
    assert_eq!(r.sent, invited.len() * 3);
    let got = server.messages();
    let rows = outbox_messages::Entity::find().all(db).await.unwrap();
    let kind_of = |m: &Received| {
        let id: i32 = m.header("X-Prachum-Outbox-Id").unwrap().parse().unwrap();
        rows.iter().find(|r| r.id == id).unwrap().kind.clone()
    };
    let one = |k: &str| {
        got.iter()
            .find(|m| kind_of(m) == k)
            .unwrap_or_else(|| panic!("a {k} message"))
    };
    let start_of = |cal: &icalendar::Calendar| {
        let ev = cal.events().next().expect("an event");
        match ev.get_start() {
            Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid })) => {
                (date_time, tzid)
            }
            other => panic!("DTSTART with TZID expected, got {other:?}"),
        }
    };
    let day = m.meeting_date;
    let (text, cal) = ics_of(one(kind::MEETING_INVITATION));
    assert_eq!(cal.property_value("METHOD"), Some("REQUEST"));
    assert!(text.contains("BEGIN:VTIMEZONE") && text.contains("TZOFFSETTO:+0700"));
    let (start, tz) = start_of(&cal);
    assert_eq!(tz, "Asia/Bangkok");
    let nine = m
        .start_time
        .unwrap_or(chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap());
    assert_eq!(start, day.and_time(nine), "local time as in the meeting");
    let ev = cal.events().next().unwrap();
    let uid = ev.get_uid().unwrap().to_owned();
    assert_eq!(ev.property_value("SEQUENCE"), Some("0"));
    assert!(ev.get_location().unwrap().starts_with("ห้องประชุมพนมดงรัก"));
    // Long Thai lines are folded in the file and unfold to the exact title.
    assert_eq!(ev.get_summary(), Some(m.title.as_str()));

    let (_, cal) = ics_of(one(kind::MEETING_UPDATED));
    let (start, tz) = start_of(&cal);
    assert_eq!(
        (start, tz.as_str()),
        (day.and_hms_opt(13, 30, 0).unwrap(), "Asia/Bangkok")
    );
    // 13.30 in Bangkok is 06.30 UTC.
    let utc = start
        .and_local_timezone(prachum::state::bangkok())
        .unwrap()
        .with_timezone(&Utc);
    assert_eq!(utc.format("%H:%M").to_string(), "06:30");
    let ev = cal.events().next().unwrap();
    assert_eq!(ev.get_uid(), Some(uid.as_str()));
    assert_eq!(ev.property_value("SEQUENCE"), Some("1"));
    let upd = one(kind::MEETING_UPDATED);
    assert!(upd.parsed().subject().unwrap().contains("เปลี่ยนแปลง"));
    assert!(
        body_text(upd).contains("13.30–16.00 น."),
        "{}",
        body_text(upd)
    );

    let cancel = one(kind::MEETING_CANCELLED);
    let (_, cal) = ics_of(cancel);
    assert_eq!(cal.property_value("METHOD"), Some("CANCEL"));
    let ev = cal.events().next().unwrap();
    assert_eq!(ev.get_uid(), Some(uid.as_str()));
    assert_eq!(ev.property_value("SEQUENCE"), Some("2"));
    assert_eq!(ev.property_value("STATUS"), Some("CANCELLED"));
    assert!(body_text(cancel).contains("ผู้ว่าราชการจังหวัดติดภารกิจเร่งด่วน"));
}

/// 09:00 in Bangkok on a day.
fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    chrono::NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
        .and_local_timezone(prachum::state::bangkok())
        .unwrap()
        .with_timezone(&Utc)
}

async fn by_key_prefix(app: &TestApp, prefix: &str) -> Vec<outbox_messages::Model> {
    outbox_messages::Entity::find()
        .filter(outbox_messages::Column::DedupeKey.starts_with(prefix))
        .order_by_asc(outbox_messages::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn reminders_escalations_and_digests_follow_the_fixed_clock() {
    use prachum::mail::schedule::run_due;
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let cfg = &app.state.mail;
    let f = publish_directive(&app).await;
    let a = f.office_a.id;
    // Office A's second action is due 31/12/2569 (2026-12-31).
    let round = prachum::db::entities::meetings::Entity::find_by_id(f.a_actions[1].meeting_id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .round_id
        .expect("the meeting's round");
    let sys = Ctx::system(&Clock::Fixed(fixed_now()));
    prachum::services::rounds::set_reminder_text(
        db,
        &sys,
        round,
        Some("โปรดรายงานผลผ่านลิงก์ก่อนการประชุมติดตามครั้งถัดไป"),
    )
    .await
    .unwrap();
    app.account(
        "po33@example.go.th",
        "provincial_office",
        Grant::province("TH-33"),
    )
    .await;
    let mut done: actions::ActiveModel = f.b_actions[0].clone().into();
    done.status = Set(ActionStatus::Done);
    done.update(db).await.unwrap();
    app.account("insp14@example.go.th", "inspector", Grant::zones(&[14]))
        .await;

    let reminder = format!("reminder:o{a}:2026-12-31:");
    // No reminder before the office has had its "actions assigned" email.
    run_due(db, cfg, at(2026, 12, 24)).await.unwrap();
    assert!(
        by_key_prefix(&app, &reminder).await.is_empty(),
        "a reminder before the assignment email"
    );
    let server = SmtpReceiver::start().await;
    let sent = worker(&app, smtp(&server.url()), later())
        .send_due()
        .await
        .unwrap();
    assert_eq!(sent.sent, 2, "the assignment emails go out");
    // 8 days before: nothing yet.
    run_due(db, cfg, at(2026, 12, 23)).await.unwrap();
    assert!(by_key_prefix(&app, &reminder).await.is_empty());
    // 7 days before: the 7-day reminder, once however often the schedule runs.
    run_due(db, cfg, at(2026, 12, 24)).await.unwrap();
    run_due(db, cfg, at(2026, 12, 24) + Duration::hours(3))
        .await
        .unwrap();
    run_due(db, cfg, at(2026, 12, 26)).await.unwrap();
    let r = by_key_prefix(&app, &reminder).await;
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].dedupe_key.as_deref().unwrap().ends_with(":7d"));
    let p = outbox::Payload::of(&r[0]);
    assert!(
        p.text.contains("จัดทำแผนช่วยเหลือรายครัวเรือน") && !p.text.contains("สำรวจครัวเรือนยากจนให้ครบ")
    );
    assert!(p.text.contains("อีก 7 วัน") && p.text.contains("31 ธันวาคม 2569"));
    assert!(
        p.text.contains("โปรดรายงานผลผ่านลิงก์ก่อนการประชุมติดตามครั้งถัดไป"),
        "the round's wording"
    );
    assert_eq!(
        app.get(&link_path(&p.text)).await.status,
        StatusCode::OK,
        "its link works"
    );
    // The day before: the 1-day reminder.
    run_due(db, cfg, at(2026, 12, 30)).await.unwrap();
    let r = by_key_prefix(&app, &reminder).await;
    assert_eq!(r.len(), 2);
    assert!(r[1].dedupe_key.as_deref().unwrap().ends_with(":1d"));
    assert!(outbox::Payload::of(&r[1]).text.contains("อีก 1 วัน"));

    // Overdue day 0 (1 January): to the head only.
    let esc = format!("escalation:o{a}:2026-12-31:");
    run_due(db, cfg, at(2026, 12, 31)).await.unwrap();
    assert!(
        by_key_prefix(&app, &esc).await.is_empty(),
        "due today is not overdue"
    );
    run_due(db, cfg, at(2027, 1, 1)).await.unwrap();
    run_due(db, cfg, at(2027, 1, 3)).await.unwrap();
    let e = by_key_prefix(&app, &esc).await;
    assert_eq!(e.len(), 1);
    assert!(e[0].dedupe_key.as_deref().unwrap().ends_with(":s0"));
    assert_eq!(e[0].recipient_email, head_email(&app, a).await);
    assert!(
        !e[0]
            .cc
            .clone()
            .unwrap_or_default()
            .contains("po33@example.go.th")
    );
    // Day 7: the head, with the provincial office in Cc.
    run_due(db, cfg, at(2027, 1, 8)).await.unwrap();
    let e = by_key_prefix(&app, &esc).await;
    assert_eq!(e.len(), 2);
    assert!(e[1].dedupe_key.as_deref().unwrap().ends_with(":s1"));
    assert!(e[1].cc.as_deref().unwrap().contains("po33@example.go.th"));
    assert!(outbox::Payload::of(&e[1]).text.contains("เกินกำหนด"));
    // Day 14 and later: no more emails to the office; the inspector's digest lists it.
    run_due(db, cfg, at(2027, 1, 15)).await.unwrap();
    assert_eq!(by_key_prefix(&app, &esc).await.len(), 2);
    assert!(
        by_key_prefix(&app, "inspector_digest:").await.is_empty(),
        "digests go on Mondays"
    );
    run_due(db, cfg, at(2027, 1, 18)).await.unwrap(); // a Monday
    run_due(db, cfg, at(2027, 1, 19)).await.unwrap();
    let d = by_key_prefix(&app, "inspector_digest:").await;
    assert_eq!(d.len(), 1, "one digest per inspector and week");
    assert_eq!(d[0].recipient_email, "insp14@example.go.th");
    let text = outbox::Payload::of(&d[0]).text;
    assert!(
        text.contains(&f.office_a.name_th) && text.contains("จัดทำแผนช่วยเหลือรายครัวเรือน"),
        "{text}"
    );
    assert!(text.contains("เกิน 17 วัน"), "{text}");
    // Office B's action was done: no reminder, no escalation.
    for k in ["reminder", "escalation"] {
        assert!(
            by_key_prefix(&app, &format!("{k}:o{}:", f.office_b.id))
                .await
                .is_empty()
        );
    }
}

#[tokio::test]
async fn the_worker_loop_queues_the_schedule_delivers_and_stops() {
    let app = TestApp::spawn().await;
    publish_directive(&app).await;
    app.account("insp14@example.go.th", "inspector", Grant::zones(&[14]))
        .await;
    let dir = tempfile::tempdir().unwrap();
    // Monday 30 November 2026 09:00: the assigned emails are due and the digest is queued.
    let w = worker(
        &app,
        Transport::File(dir.path().to_path_buf()),
        at(2026, 11, 30),
    );
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(async move { w.run(stop_rx).await });
    let mut files = 0;
    // Waits for the state (three files), not for a time; the bound only ends a hung test.
    for _ in 0..30_000 {
        files = std::fs::read_dir(dir.path()).unwrap().count();
        if files >= 3 {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(10)).await;
    }
    assert_eq!(files, 3, "two assigned emails and one digest");
    stop_tx.send(true).unwrap();
    tokio::time::timeout(StdDuration::from_secs(300), task)
        .await
        .expect("the worker stops")
        .unwrap();
}

fn prachum_bin(db_url: &str, smtp_url: &str) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_prachum"));
    cmd.env_remove("PRACHUM_ENV").env("RUST_LOG", "warn");
    for (key, _) in std::env::vars() {
        if key.starts_with("PRACHUM__") {
            cmd.env_remove(key);
        }
    }
    cmd.env("PRACHUM__DATABASE__URL", db_url)
        .env("PRACHUM__MAIL__TRANSPORT", "smtp")
        .env("PRACHUM__MAIL__SMTP_URL", smtp_url);
    cmd
}

#[tokio::test]
async fn mail_send_due_and_the_worker_command_deliver_over_smtp() {
    let app = TestApp::spawn().await;
    queue(&app, 3).await;
    let server = SmtpReceiver::start().await;
    let mut once = prachum_bin(app.db.url(), &server.url());
    once.args(["mail", "send-due"]);
    let out = tokio::task::spawn_blocking(move || once.output().unwrap())
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("sent 3"), "{stdout}");
    assert_eq!(server.messages().len(), 3);
    // `prachum worker` delivers what is queued later, and stops on SIGTERM.
    queue_more(&app, 3..5).await;
    let mut child = prachum_bin(app.db.url(), &server.url())
        .arg("worker")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    server.wait_for(5).await;
    let pid = child.id().to_string();
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    assert!(status.success(), "{status:?}");
    assert_eq!(outbox_ids(&server.messages()).len(), 5);
}

/// The form's fields as the service's command.
fn command(
    input: &prachum::services::meetings::MeetingInput,
) -> prachum::services::meetings::MeetingCommand {
    prachum::services::meetings::MeetingCommand::try_from(input).unwrap()
}
