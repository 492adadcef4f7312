//! Mail budgets (issue 5): 1,000 queued emails delivered to a loopback SMTP server in < 10 s,
//! and the "actions assigned" enqueue adding < 2 ms to the request that causes it.
//! Run: `cargo bench --bench mail` (SQLite in a temp folder) or with
//! `PRACHUM_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres` (a scratch database
//! is created and dropped). The SMTP server is a minimal receiver inside this program.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark program"
)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use prachum::config::Settings;
use prachum::db::entities::actions;
use prachum::mail::outbox::{self, NewMail};
use prachum::mail::render::Rendered;
use prachum::mail::transport::Transport;
use prachum::mail::worker::Worker;
use prachum::mail::{MailConfig, assigned};
use prachum::state::Clock;
use sea_orm::{ConnectionTrait, Database, EntityTrait, TransactionTrait};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

async fn receiver(count: Arc<AtomicUsize>) -> String {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((s, _)) = l.accept().await else { break };
            let count = count.clone();
            tokio::spawn(async move {
                let (r, mut w) = s.into_split();
                let mut r = BufReader::new(r);
                let _ = w.write_all(b"220 bench ESMTP\r\n").await;
                let mut line = String::new();
                loop {
                    line.clear();
                    if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let up = line.trim_end().to_ascii_uppercase();
                    let reply: &[u8] = if up.starts_with("EHLO") {
                        b"250-bench\r\n250 8BITMIME\r\n"
                    } else if up == "DATA" {
                        let _ = w.write_all(b"354 go\r\n").await;
                        let mut l = Vec::new();
                        loop {
                            l.clear();
                            if r.read_until(b'\n', &mut l).await.unwrap_or(0) == 0 {
                                return;
                            }
                            if l == b".\r\n" {
                                break;
                            }
                        }
                        count.fetch_add(1, Ordering::SeqCst);
                        b"250 queued\r\n"
                    } else if up.starts_with("QUIT") {
                        let _ = w.write_all(b"221 bye\r\n").await;
                        return;
                    } else {
                        b"250 OK\r\n"
                    };
                    let _ = w.write_all(reply).await;
                }
            });
        }
    });
    format!("smtp://{addr}")
}

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let (url, admin) = match std::env::var("PRACHUM_BENCH_DATABASE_URL") {
        Ok(admin) if !admin.is_empty() => {
            let name = format!("prachum_mail_bench_{}", std::process::id());
            let c = Database::connect(admin.as_str()).await.unwrap();
            c.execute_unprepared(&format!(
                "CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
            ))
            .await
            .unwrap();
            let base = admin.rsplit_once('/').unwrap().0;
            (format!("{base}/{name}"), Some((admin, name)))
        }
        _ => (
            format!("sqlite://{}/bench.db?mode=rwc", dir.path().display()),
            None,
        ),
    };
    let mut settings = Settings::defaults_with_database(&url).unwrap();
    settings.mail.batch_size = 100;
    let db = prachum::db::connect(&settings.database).await.unwrap();
    prachum::db::migrate(&db).await.unwrap();
    let now = chrono::Utc::now();
    prachum::demo::load(&db, now).await.unwrap();
    let cfg = MailConfig::from_settings(&settings);
    println!("backend: {}", prachum::db::backend_name(&db));

    // 1. What queueing the "actions assigned" email adds to a request: one office's actions of
    // a meeting, rendered, a link signed and the row written, in a transaction (rolled back so
    // every round does the same work).
    let acts = actions::Entity::find().all(&db).await.unwrap();
    let office = acts[0].office_id;
    let mine: Vec<actions::Model> = acts
        .iter()
        .filter(|a| a.office_id == office && a.meeting_id == acts[0].meeting_id)
        .cloned()
        .collect();
    let mut times = Vec::new();
    for _ in 0..300 {
        let txn = db.begin().await.unwrap();
        let t = Instant::now();
        assigned::enqueue_for_actions(&txn, &cfg, now, now.date_naive(), &mine)
            .await
            .unwrap();
        times.push(t.elapsed());
        txn.rollback().await.unwrap();
    }
    println!(
        "enqueue 'actions assigned' ({} actions, 1 office): p50 {:.2} ms, p95 {:.2} ms (budget < 2 ms)",
        mine.len(),
        percentile(&mut times, 0.5).as_secs_f64() * 1e3,
        percentile(&mut times, 0.95).as_secs_f64() * 1e3
    );

    // 2. 1,000 queued emails delivered to a loopback SMTP server.
    let body = "ข้อสั่งการที่ต้องดำเนินการ กรุณารายงานความก้าวหน้าผ่านลิงก์ในอีเมลนี้\n".repeat(20);
    let t = Instant::now();
    for i in 0..1000 {
        let mut m = NewMail::new(
            "bench",
            &format!("head{i}@example.org"),
            Rendered {
                subject: format!("[ประชุม] ข้อสั่งการที่ต้องดำเนินการ ฉบับที่ {i}"),
                text: body.clone(),
                html: Some(format!("<p>{body}</p>")),
            },
            now,
        );
        m.dedupe_key = Some(format!("bench:{i}"));
        outbox::enqueue(&db, m).await.unwrap();
    }
    let queued = t.elapsed();
    let count = Arc::new(AtomicUsize::new(0));
    let smtp = receiver(count.clone()).await;
    let worker = Worker::with_transport(
        db.clone(),
        Arc::new(settings),
        Clock::System,
        Transport::smtp(&smtp, 4, 10).unwrap(),
    );
    let t = Instant::now();
    let r = worker.send_due().await.unwrap();
    let sent = t.elapsed();
    assert_eq!(r.sent, 1000, "{r:?}");
    assert_eq!(count.load(Ordering::SeqCst), 1000);
    println!(
        "1,000 emails: queued in {:.2} s; delivered to loopback SMTP in {:.2} s ({:.0}/s) (budget < 10 s)",
        queued.as_secs_f64(),
        sent.as_secs_f64(),
        1000.0 / sent.as_secs_f64()
    );
    db.close().await.unwrap();
    if let Some((admin, name)) = admin {
        let c = Database::connect(admin.as_str()).await.unwrap();
        c.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .await
            .unwrap();
    }
}
