//! Several instances on one database: three app instances, each with its own pool, state,
//! spool folder and loopback port, sharing only the database (PostgreSQL with
//! PRACHUM_TEST_DATABASE_URL, else one SQLite file, a valid multi-process deployment on one
//! machine) and, for files, an S3 bucket on a real S3-compatible server (moto). A client spreads
//! its requests over them. Three simultaneous starts migrate once; a session started on one
//! works on the others; six bad sign-ins spread over the three lock the account; the setup
//! link printed by one works once on another; evidence uploaded through one downloads from the
//! others; a day of scheduled mail is sent exactly once, by one instance, with every link
//! mailed.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use mail_parser::MimeHeaders;
use migrations::Migrator;
use migrations::sea_orm_migration::MigratorTrait;
use prachum::config::{Settings, StorageBackend};
use prachum::db::entities::{
    actions, agency_offices, attachments, attendances, instance_leases, meetings, outbox_messages,
    provinces, response_links,
};
use prachum::db::lease::{self, Lease};
use prachum::domain::status::{IssuerRole, OutboxStatus};
use prachum::mail::outbox;
use prachum::mail::transport::Transport;
use prachum::mail::worker::{Report, Worker};
use prachum::services::Ctx;
use prachum::services::actions::{self as asvc, NewAction};
use prachum::services::directives as dsvc;
use prachum::services::users::{self, AccountCommand, AccountInput};
use prachum::state::{AppState, Clock};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::helpers::commands::{self, action};
use crate::helpers::moto::Moto;
use crate::helpers::session::{csrf_in, form_body};
use crate::helpers::smtp::{Received, SmtpReceiver};
use crate::helpers::{PASSWORD, Server, TestDb, fixed_now};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// One instance: its own pool, state and port.
struct Node {
    state: AppState,
    base: String,
    _server: Server,
    spool: tempfile::TempDir,
}

/// Starts one instance the way `serve` does: connect, migrate (under the lock), serve.
async fn start_node(url: String, backend: StorageBackend) -> (Node, usize) {
    let mut settings = Settings::defaults_with_database(&url).expect("settings");
    let spool = tempfile::tempdir().expect("spool dir");
    settings.storage.files_dir = spool.path().to_path_buf();
    settings.storage.backend = backend;
    settings.mail.poll_secs = 1;
    let conn = prachum::db::connect(&settings.database)
        .await
        .expect("connect");
    let applied = prachum::db::migrate(&conn).await.expect("migrate");
    let state = AppState::new(conn, settings, Clock::Fixed(fixed_now())).expect("state");
    let server = Server::start(prachum::router(state.clone())).await;
    let node = Node {
        base: server.base_url.clone(),
        state,
        _server: server,
        spool,
    };
    (node, applied)
}

/// Three instances on one fresh database.
struct Cluster {
    nodes: Vec<Node>,
    http: reqwest::Client,
    _db: TestDb,
}

impl Cluster {
    /// Three simultaneous starts on an empty database: every one succeeds and the migrations
    /// run once (one start applies them all, the others find nothing to do).
    async fn start(backend: StorageBackend) -> Self {
        let db = TestDb::new().await;
        let mut starts = Vec::new();
        for _ in 0..3 {
            let (url, backend) = (db.url().to_owned(), backend.clone());
            starts.push(tokio::spawn(start_node(url, backend)));
        }
        let mut nodes = Vec::new();
        let mut applied = Vec::new();
        for s in starts {
            let (node, n) = s.await.expect("a start");
            nodes.push(node);
            applied.push(n);
        }
        let all = Migrator::migrations().len();
        applied.sort_unstable();
        assert_eq!(
            applied,
            vec![0, 0, all],
            "one start migrates, the others wait"
        );
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client");
        Self {
            nodes,
            http,
            _db: db,
        }
    }

    fn url(&self, node: usize, path: &str) -> String {
        format!("{}{path}", self.nodes[node % 3].base)
    }

    fn state(&self) -> &AppState {
        &self.nodes[0].state
    }

    /// GET with an optional cookie.
    async fn get(&self, node: usize, path: &str, cookie: &str) -> reqwest::Response {
        let mut req = self.http.get(self.url(node, path));
        if !cookie.is_empty() {
            req = req.header(COOKIE, cookie);
        }
        req.send().await.expect("GET")
    }

    /// POST a form with a cookie.
    async fn post(
        &self,
        node: usize,
        path: &str,
        cookie: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        self.http
            .post(self.url(node, path))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(COOKIE, cookie)
            .body(form_body(fields))
            .send()
            .await
            .expect("POST")
    }

    /// The login form of `node`, then a sign-in there: the response.
    async fn sign_in(&self, node: usize, email: &str, password: &str) -> reqwest::Response {
        let page = self.get(node, "/login", "").await;
        let pre = cookie_of(&page, "prachum_csrf").expect("the login page's csrf cookie");
        self.post(
            node,
            "/login",
            &format!("prachum_csrf={pre}"),
            &[("_csrf", &pre), ("email", email), ("password", password)],
        )
        .await
    }
}

/// The value a response sets for a cookie.
fn cookie_of(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned())
}

/// An account made through the real service.
async fn account(state: &AppState, email: &str, role: &str, office_id: Option<i32>) -> i32 {
    let input = AccountInput {
        email: email.to_owned(),
        display_name: format!("ทดสอบ {role}"),
        role: role.to_owned(),
        zones: if role == "inspector" {
            vec![14]
        } else {
            vec![]
        },
        office_id,
        password: Some(PASSWORD.to_owned()),
        ..Default::default()
    };
    let account = AccountCommand::try_from(&input).unwrap_or_else(|e| panic!("{email}: {e:?}"));
    users::create(
        &state.db,
        &Ctx::system(&Clock::Fixed(fixed_now())),
        &account,
    )
    .await
    .unwrap_or_else(|e| panic!("creating {email}: {e:?}"))
    .id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_instances_share_sessions_throttle_setup_link_and_files() {
    let moto = Moto::start().await;
    let backend = moto.bucket("prachum-multi").await;
    let c = Cluster::start(backend).await;

    // The first-administrator link: armed (printed) by instance 0, opened on 1, used on 2,
    // then refused everywhere; a second link armed meanwhile dies with it.
    let token = c.nodes[0].state.arm_setup().await.expect("arm");
    let other = c.nodes[1].state.arm_setup().await.expect("arm another");
    let page = c.get(1, &format!("/setup/{token}"), "").await;
    assert_eq!(page.status(), StatusCode::OK);
    let pre = cookie_of(&page, "prachum_csrf").expect("csrf cookie");
    let created = c
        .post(
            2,
            &format!("/setup/{token}"),
            &format!("prachum_csrf={pre}"),
            &[
                ("_csrf", &pre),
                ("display_name", "ผู้ดูแลระบบ"),
                ("email", "admin@prachum.go.th"),
                ("password", "รหัสผ่านผู้ดูแลระบบ-1234"),
            ],
        )
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    assert!(users::has_admin(&c.state().db).await.unwrap());
    for node in 0..3 {
        for t in [&token, &other] {
            assert_eq!(
                c.get(node, &format!("/setup/{t}"), "").await.status(),
                StatusCode::NOT_FOUND,
                "a used setup link is gone on instance {node}"
            );
        }
    }

    // A session started on one instance works on the others.
    prachum::demo::load(&c.state().db, fixed_now())
        .await
        .expect("demo");
    let action = actions::Entity::find()
        .order_by_asc(actions::Column::Id)
        .one(&c.state().db)
        .await
        .unwrap()
        .expect("a demo action");
    account(
        &c.nodes[0].state,
        "head@example.go.th",
        "agency_head",
        Some(action.office_id),
    )
    .await;
    let signed = c.sign_in(0, "head@example.go.th", PASSWORD).await;
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    let session = format!(
        "prachum_session={}",
        cookie_of(&signed, "prachum_session").expect("session cookie")
    );
    let path = format!("/actions/{}", action.id);
    let mut csrf = String::new();
    for node in [1, 2, 0] {
        let page = c.get(node, &path, &session).await;
        assert_eq!(page.status(), StatusCode::OK, "instance {node}");
        let body = page.text().await.unwrap();
        assert!(body.contains(&action.title), "instance {node}");
        csrf = csrf_in(&body).expect("the update form's csrf token");
    }

    // Evidence uploaded through instance 2 (with the token instance 0 rendered) downloads from
    // instances 0 and 1; it lives in the bucket, not on instance 2's disk.
    let boundary = "----prachum-multi";
    let mut body = Vec::new();
    for (k, v) in [("_csrf", csrf.as_str()), ("progress", "40")] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"หลักฐาน.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(PDF);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let posted = c
        .http
        .post(c.url(2, &format!("{path}/updates")))
        .header(
            CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(COOKIE, &session)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), StatusCode::SEE_OTHER);
    let file = attachments::Entity::find()
        .order_by_desc(attachments::Column::Id)
        .one(&c.state().db)
        .await
        .unwrap()
        .expect("the stored attachment");
    for node in [0, 1] {
        let got = c.get(node, &format!("/files/{}", file.id), &session).await;
        assert_eq!(
            got.status(),
            StatusCode::OK,
            "download from instance {node}"
        );
        assert_eq!(got.bytes().await.unwrap().as_ref(), PDF);
    }
    let key = format!("{}/{}", &file.sha256[..2], file.sha256);
    assert!(
        moto.objects("prachum-multi")
            .await
            .contains(&(format!("prachum/{key}"), PDF.len() as u64)),
        "the evidence is in the bucket"
    );
    for node in &c.nodes {
        assert!(
            !node.spool.path().join(&key).exists(),
            "no instance keeps it on local disk"
        );
        let spooled = std::fs::read_dir(node.spool.path().join(".incoming"))
            .map(|d| d.count())
            .unwrap_or(0);
        assert_eq!(spooled, 0, "no spooled upload is left behind");
    }

    // The circulated minutes PDF, stored by instance 0, is attached by instance 1's worker.
    let meeting = meetings::Entity::find()
        .filter(meetings::Column::Kind.eq("integrated_inspection"))
        .one(&c.state().db)
        .await
        .unwrap()
        .expect("the Sisaket meeting");
    let members: BTreeSet<i32> = attendances::Entity::find()
        .filter(attendances::Column::MeetingId.eq(meeting.id))
        .filter(attendances::Column::IsMember.eq(true))
        .all(&c.state().db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|a| a.office_id)
        .collect();
    for id in &members {
        agency_offices::Entity::update_many()
            .col_expr(
                agency_offices::Column::Email,
                sea_orm::sea_query::Expr::value(format!("office{id}@sisaket.go.th")),
            )
            .filter(agency_offices::Column::Id.eq(*id))
            .exec(&c.state().db)
            .await
            .unwrap();
    }
    let n0 = &c.nodes[0].state;
    prachum::services::minutes::circulate(
        &n0.db,
        &n0.docs,
        &n0.files,
        &Ctx::system(&Clock::Fixed(fixed_now())),
        meeting.id,
        prachum::services::minutes::deadline("30/11/2569").expect("a date"),
    )
    .await
    .expect("circulate");
    let server = SmtpReceiver::start().await;
    let sent = worker(
        &c.nodes[1],
        &server.url(),
        fixed_now() + Duration::minutes(2),
    )
    .send_due()
    .await
    .unwrap();
    assert_eq!(sent.sent, members.len(), "{sent:?}");
    let stored: Vec<(String, u64)> = moto.objects("prachum-multi").await;
    for m in server.messages() {
        let parsed = m.parsed();
        let pdf = parsed
            .attachments()
            .find(|a| a.content_type().is_some_and(|c| c.subtype() == Some("pdf")))
            .expect("the minutes attached as PDF");
        assert!(pdf.contents().starts_with(b"%PDF-"));
        let size = pdf.contents().len() as u64;
        assert!(
            stored
                .iter()
                .any(|(k, s)| k.starts_with("prachum/") && *s == size),
            "the attachment is the PDF in the bucket"
        );
    }

    // Six bad sign-ins spread over the three instances lock the account on all of them.
    account(&c.nodes[1].state, "insp@moi.go.th", "inspector", None).await;
    for attempt in 0..6 {
        let res = c.sign_in(attempt, "insp@moi.go.th", "wrong-password").await;
        let expected = if attempt < 5 {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(
            res.status(),
            expected,
            "attempt {} on instance {}",
            attempt + 1,
            attempt % 3
        );
    }
    for node in 0..3 {
        let res = c.sign_in(node, "insp@moi.go.th", PASSWORD).await;
        assert_eq!(
            res.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "even the right password waits, on instance {node}"
        );
    }
}

/// 09:00 in Bangkok on a day.
fn at(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(9, 0, 0)
        .unwrap()
        .and_local_timezone(prachum::state::bangkok())
        .unwrap()
        .with_timezone(&Utc)
}

/// `dd/mm/BBBB` (BE) of a day, as the action form takes it.
fn be(day: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:02}/{:02}/{}", day.day(), day.month(), day.year() + 543)
}

fn smtp(url: &str) -> Transport {
    Transport::smtp(url, 4, 5).expect("smtp transport")
}

fn worker(node: &Node, smtp_url: &str, now: DateTime<Utc>) -> Worker {
    Worker::with_transport(
        node.state.db.clone(),
        node.state.settings.clone(),
        Clock::Fixed(now),
        smtp(smtp_url),
    )
}

/// Every signed link is named by exactly one message, and that message was delivered: the
/// links in the received bodies are the links in the table.
async fn every_link_mailed(c: &Cluster, got: &[Received]) {
    let db = &c.state().db;
    let rows = outbox_messages::Entity::find().all(db).await.unwrap();
    let mut named: BTreeMap<i64, usize> = BTreeMap::new();
    for r in &rows {
        assert_eq!(r.status, OutboxStatus::Sent, "{:?}", r.dedupe_key);
        if let Some(id) = outbox::Payload::of(r).data["link_id"].as_i64() {
            *named.entry(id).or_default() += 1;
        }
    }
    let links: BTreeSet<i64> = response_links::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|l| i64::from(l.id))
        .collect();
    assert_eq!(
        named.keys().copied().collect::<BTreeSet<_>>(),
        links,
        "a link no message carries"
    );
    assert!(named.values().all(|n| *n == 1), "{named:?}");
    let mailed: BTreeSet<String> = got
        .iter()
        .map(|m| {
            let text = m.parsed().body_text(0).expect("a text part").into_owned();
            let at = text.find("/r/").expect("a link in every message");
            text[at..].split_whitespace().next().unwrap().to_owned()
        })
        .collect();
    assert_eq!(mailed.len(), links.len(), "each link in exactly one email");
}

fn outbox_ids(got: &[Received]) -> BTreeSet<String> {
    got.iter()
        .map(|m| m.header("X-Prachum-Outbox-Id").expect("outbox id"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_day_of_reminders_is_sent_once_by_one_instance_with_every_link_mailed() {
    let c = Cluster::start(StorageBackend::Local).await;
    let db = &c.state().db;
    prachum::demo::load(db, fixed_now()).await.expect("demo");
    let meeting = meetings::Entity::find()
        .filter(meetings::Column::Kind.eq("integrated_inspection"))
        .one(db)
        .await
        .unwrap()
        .expect("the Sisaket meeting");
    let sisaket = provinces::Entity::find()
        .filter(provinces::Column::Code.eq("TH-33"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let ids: Vec<i32> = agency_offices::Entity::find()
        .filter(agency_offices::Column::ProvinceId.eq(sisaket.id))
        .order_by_asc(agency_offices::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect();
    let reachable: Vec<i32> =
        prachum::mail::assigned::recipients(db, &ids, fixed_now().date_naive())
            .await
            .unwrap()
            .into_iter()
            .filter(|(_, (_, to))| outbox::plausible_address(&to.email))
            .map(|(id, _)| id)
            .take(4)
            .collect();
    assert_eq!(
        reachable.len(),
        4,
        "four Sisaket offices with a head's address"
    );

    // The day: 10 December 2026 (a Thursday: no digests). Office 0's action is due in 7 days,
    // office 1's tomorrow, office 2's was due yesterday (overdue day 0), office 3's eight days
    // ago (overdue day 7).
    let day = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
    let dues = [
        day + Duration::days(7),
        day + Duration::days(1),
        day - Duration::days(1),
        day - Duration::days(8),
    ];
    let sys = Ctx::system(&Clock::Fixed(fixed_now()));
    let d = dsvc::draft(
        db,
        &sys,
        meeting.id,
        &commands::directive(
            IssuerRole::Governor,
            "ให้ทุกหน่วยงานรายงานผลการดำเนินงานตามกำหนด",
            &reachable,
        ),
    )
    .await
    .expect("directive");
    let rows = reachable.iter().zip(dues).map(|(office, due)| NewAction {
        due: Some(due),
        ..action(*office, &format!("รายงานผลภายใน {}", be(due)))
    });
    asvc::create(
        db,
        &sys,
        &c.state().mail,
        d.id,
        &commands::actions(rows, false),
    )
    .await
    .expect("actions");
    dsvc::publish(db, &sys, &c.state().mail, d.id)
        .await
        .expect("publish");

    let server = SmtpReceiver::start().await;
    let assigned = worker(
        &c.nodes[0],
        &server.url(),
        fixed_now() + Duration::minutes(2),
    )
    .send_due()
    .await
    .unwrap();
    assert_eq!(assigned.sent, 4, "the assignment emails");

    // The day on three instances, each running the worker loop: one holds the lease and does
    // the schedule and all the sending; the others wait.
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut loops = Vec::new();
    for node in &c.nodes {
        let w = worker(node, &server.url(), at(day));
        let rx = stop_rx.clone();
        loops.push(tokio::spawn(async move { w.run(rx).await }));
    }
    server.wait_for(8).await;
    // Wait (for the state, bounded only against a hang) until nothing is left to send.
    for _ in 0..30_000 {
        let left = outbox_messages::Entity::find()
            .filter(outbox_messages::Column::Status.ne(OutboxStatus::Sent))
            .count(db)
            .await
            .unwrap();
        if left == 0 {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(10)).await;
    }
    let holder = instance_leases::Entity::find_by_id(lease::MAIL_WORKER.to_owned())
        .one(db)
        .await
        .unwrap()
        .expect("a lease holder");
    stop_tx.send(true).unwrap();
    let mut reports: Vec<Report> = Vec::new();
    for l in loops {
        reports.push(
            tokio::time::timeout(StdDuration::from_secs(300), l)
                .await
                .expect("the worker stops")
                .unwrap(),
        );
    }
    let working: Vec<&Report> = reports.iter().filter(|r| r.claimed > 0).collect();
    assert_eq!(
        working.len(),
        1,
        "one instance sends: {reports:?} ({holder:?})"
    );
    assert_eq!(working[0].sent, 4, "the day's four notices");
    let got = server.messages();
    assert_eq!(got.len(), 8, "each message once");
    assert_eq!(outbox_ids(&got).len(), 8);
    for (prefix, n) in [("reminder:", 2), ("escalation:", 2)] {
        let queued = outbox_messages::Entity::find()
            .filter(outbox_messages::Column::DedupeKey.starts_with(prefix))
            .count(db)
            .await
            .unwrap();
        assert_eq!(queued, n, "{prefix}");
    }
    every_link_mailed(&c, &got).await;
    assert!(
        instance_leases::Entity::find()
            .all(db)
            .await
            .unwrap()
            .is_empty(),
        "stopped workers give the lease back"
    );

    // Six days later three schedulers race (three cron hosts running the schedule at once):
    // office 0's one-day reminder and office 1's first escalation are queued once each, and no
    // signed link is left without its message.
    let later = at(day + Duration::days(6));
    let mut racing = Vec::new();
    for node in &c.nodes {
        let (db, cfg) = (node.state.db.clone(), Arc::clone(&node.state.mail));
        racing.push(tokio::spawn(async move {
            prachum::mail::schedule::run_due(&db, &cfg, later).await
        }));
    }
    let mut queued = 0;
    for r in racing {
        queued += r.await.unwrap().expect("the schedule runs");
    }
    assert_eq!(queued, 2, "two new notices, queued once");
    let sent = worker(&c.nodes[1], &server.url(), later)
        .send_due()
        .await
        .unwrap();
    assert_eq!(sent.sent, 2);
    let got = server.messages();
    assert_eq!(outbox_ids(&got).len(), 10);
    every_link_mailed(&c, &got).await;
}

#[tokio::test]
async fn the_worker_lease_is_renewed_by_its_holder_and_taken_over_when_it_expires() {
    let c = Cluster::start(StorageBackend::Local).await;
    let ttl = Duration::seconds(60);
    let a = Lease::new(c.nodes[0].state.db.clone(), lease::MAIL_WORKER, "a", ttl);
    let b = Lease::new(c.nodes[1].state.db.clone(), lease::MAIL_WORKER, "b", ttl);
    let t = fixed_now();
    assert!(a.acquire(t).await.unwrap(), "free: taken");
    assert!(!b.acquire(t).await.unwrap(), "held by a");
    assert!(
        a.acquire(t + Duration::seconds(50)).await.unwrap(),
        "renewed"
    );
    assert!(
        !b.acquire(t + Duration::seconds(100)).await.unwrap(),
        "the renewal counts from t + 50 s"
    );
    // a dies (no renewal): once the lease has expired, b takes it over; a has lost it.
    assert!(b.acquire(t + Duration::seconds(111)).await.unwrap());
    assert!(!a.acquire(t + Duration::seconds(112)).await.unwrap());
    assert_eq!(b.current().await.unwrap().unwrap().holder, "b");
    b.release().await.unwrap();
    assert!(
        a.acquire(t + Duration::seconds(113)).await.unwrap(),
        "free again"
    );
}

/// The real binary, on a database, in a scratch folder.
fn prachum_bin(db_url: &str, dir: &std::path::Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_prachum"));
    cmd.env_remove("PRACHUM_ENV").env("RUST_LOG", "warn");
    for (key, _) in std::env::vars() {
        if key.starts_with("PRACHUM__") {
            cmd.env_remove(key);
        }
    }
    cmd.current_dir(dir)
        .env("PRACHUM_CONFIG_DIR", dir.join("config"))
        .env("PRACHUM__DATABASE__URL", db_url);
    cmd
}

#[tokio::test]
async fn three_simultaneous_migrate_commands_migrate_once() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let children: Vec<_> = (0..3)
        .map(|_| {
            prachum_bin(db.url(), dir.path())
                .arg("migrate")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn prachum migrate")
        })
        .collect();
    let mut applied = Vec::new();
    for child in children {
        let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
            .await
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{stdout} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let n: usize = stdout
            .split(" migrations applied")
            .next()
            .and_then(|s| s.rsplit(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no count in {stdout}"));
        applied.push(n);
    }
    applied.sort_unstable();
    assert_eq!(applied, vec![0, 0, Migrator::migrations().len()]);
}

/// Reads a child's standard output until a line contains `marker`; returns that line.
async fn line_with(out: std::process::ChildStdout, marker: &'static str) -> String {
    tokio::task::spawn_blocking(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(out).lines() {
            let line = line.expect("a line of output");
            if line.contains(marker) {
                return line;
            }
        }
        panic!("the process ended without printing {marker:?}");
    })
    .await
    .unwrap()
}

fn terminate(child: &std::process::Child) {
    std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill -TERM");
}

#[tokio::test]
async fn serve_no_worker_leaves_the_mail_to_a_worker_process() {
    use prachum::mail::outbox::NewMail;
    use prachum::mail::render::Rendered;
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let server = SmtpReceiver::start().await;
    let with_mail = |cmd: &mut std::process::Command| {
        cmd.env("PRACHUM__MAIL__TRANSPORT", "smtp")
            .env("PRACHUM__MAIL__SMTP_URL", server.url())
            .env("PRACHUM__MAIL__POLL_SECS", "1")
            .stdout(std::process::Stdio::piped());
    };
    let mut web = prachum_bin(db.url(), dir.path());
    web.args(["serve", "--no-worker"])
        .env("PRACHUM__SERVER__LISTEN", "127.0.0.1:0");
    with_mail(&mut web);
    let mut web = web.spawn().expect("spawn prachum serve --no-worker");
    let serving = line_with(web.stdout.take().unwrap(), "is serving on").await;
    let base = serving.rsplit(' ').next().unwrap().to_owned();
    let health = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);

    let conn = prachum::db::connect(&Settings::defaults_with_database(db.url()).unwrap().database)
        .await
        .unwrap();
    for n in 0..3 {
        let mut m = NewMail::new(
            "test",
            &format!("person{n}@example.org"),
            Rendered {
                subject: format!("ทดสอบ ฉบับที่ {n}"),
                text: format!("ข้อความที่ {n}\n"),
                html: None,
            },
            Utc::now(),
        );
        m.dedupe_key = Some(format!("test:{n}"));
        outbox::enqueue(&conn, m).await.unwrap();
    }
    let mut work = prachum_bin(db.url(), dir.path());
    work.arg("worker");
    with_mail(&mut work);
    let mut work = work.spawn().expect("spawn prachum worker");
    server.wait_for(3).await;
    let holder = instance_leases::Entity::find_by_id(lease::MAIL_WORKER.to_owned())
        .one(&conn)
        .await
        .unwrap()
        .expect("the worker holds the lease")
        .holder;
    assert!(
        holder.starts_with(&format!("worker-{}-", work.id())),
        "the worker process sends, not the web server: {holder} (web {})",
        web.id()
    );
    assert_eq!(outbox_ids(&server.messages()).len(), 3);
    for child in [&web, &work] {
        terminate(child);
    }
    for child in [&mut web, &mut work] {
        let status = child.wait().unwrap();
        assert!(status.success(), "{status:?}");
    }
    assert!(
        instance_leases::Entity::find()
            .all(&conn)
            .await
            .unwrap()
            .is_empty(),
        "the stopped worker gave the lease back"
    );
}
