//! The real `prachum` binary: exit codes, clear messages, start-up and graceful shutdown.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::TestDb;

fn prachum() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_prachum"));
    cmd.env_remove("PRACHUM_ENV").env("RUST_LOG", "warn");
    for (key, _) in std::env::vars() {
        if key.starts_with("PRACHUM__") {
            cmd.env_remove(key);
        }
    }
    cmd
}

#[test]
fn help_lists_the_commands_and_exit_codes() {
    let out = prachum().arg("--help").output().expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for word in ["serve", "migrate", "demo", "Exit codes", "78"] {
        assert!(text.contains(word), "--help mentions {word}: {text}");
    }
    let bad = prachum().arg("frobnicate").output().expect("run");
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn an_invalid_config_value_stops_with_the_key_named() {
    let out = prachum()
        .arg("migrate")
        .env("PRACHUM__SERVER__LISTEN", "nowhere")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(78));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("server.listen"), "{err}");
    let out = prachum()
        .arg("migrate")
        .env("PRACHUM__DATABASE__MAX_CONNECTIONS", "many")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(78));
    assert!(String::from_utf8_lossy(&out.stderr).contains("database.max_connections"));
}

#[test]
fn production_without_a_secret_key_refuses_to_start() {
    let out = prachum()
        .arg("migrate")
        .env("PRACHUM_ENV", "production")
        .env("PRACHUM__MAIL__SMTP_URL", "smtp://mx:25")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(78));
    assert!(String::from_utf8_lossy(&out.stderr).contains("security.secret_key"));
}

#[test]
fn an_unreachable_database_stops_with_a_clear_message() {
    let out = prachum()
        .arg("migrate")
        .env(
            "PRACHUM__DATABASE__URL",
            "postgres://prachum:sekrit@127.0.0.1:1/prachum",
        )
        .env("PRACHUM__DATABASE__CONNECT_TIMEOUT_SECS", "2")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(69));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "cannot connect to the database at postgres://prachum:***@127.0.0.1:1/prachum"
        ),
        "{err}"
    );
    assert!(!err.contains("sekrit"), "the password must not be printed");
}

fn http_get(port: u16, path: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )?;
    let mut text = String::new();
    stream.read_to_string(&mut text)?;
    Ok(text)
}

#[tokio::test]
async fn serve_migrates_answers_and_shuts_down_gracefully_on_sigterm() {
    let db = TestDb::new().await;
    let mut child = prachum()
        .env("PRACHUM__DATABASE__URL", db.url())
        .env("PRACHUM__SERVER__LISTEN", "127.0.0.1:0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut setup_link = None;
    let line = loop {
        match lines.next() {
            Some(Ok(l)) if l.contains("serving on") => break l,
            Some(Ok(l)) if l.contains("/setup/") => setup_link = Some(l),
            Some(Ok(_)) => continue,
            _ => panic!("server exited before serving"),
        }
    };
    let setup_link = setup_link.expect("a fresh database prints the first-admin setup link");
    assert!(
        setup_link.contains("http://127.0.0.1:8080/setup/"),
        "{setup_link}"
    );
    let port: u16 = line
        .rsplit(':')
        .next()
        .and_then(|p| p.trim().parse().ok())
        .expect("port");
    let health = http_get(port, "/healthz").expect("healthz");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.contains("\"reachable\":true"));
    let home = http_get(port, "/").expect("home");
    assert!(home.contains("ศรีสะเกษ"));
    let pid = child.id().to_string();
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    // The bound only ends a hung test: the state (the process exited) is what is waited for.
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "graceful exit, got {status}");
            break;
        }
        assert!(Instant::now() < deadline, "server did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test]
async fn migrate_then_demo_twice_on_a_fresh_database() {
    let db = TestDb::new().await;
    let run = |args: &[&str]| {
        prachum()
            .args(args)
            .env("PRACHUM__DATABASE__URL", db.url())
            .output()
            .expect("run")
    };
    let migrated = run(&["migrate"]);
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    assert!(String::from_utf8_lossy(&migrated.stdout).contains(migrations::LATEST));
    let first = run(&["demo"]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stdout).contains("3 meetings created"));
    let second = run(&["demo"]);
    assert!(second.status.success());
    let out = String::from_utf8_lossy(&second.stdout);
    assert!(
        out.contains("0 agency offices created; 0 meetings created, 3 already present"),
        "{out}"
    );
    // The minutes and the zone report from the command line.
    let md = run(&["minutes", "render", "1"]);
    assert!(
        md.status.success(),
        "{}",
        String::from_utf8_lossy(&md.stderr)
    );
    assert!(String::from_utf8_lossy(&md.stdout).starts_with("# รายงานการประชุม"));
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("m.pdf");
    let out = run(&[
        "minutes",
        "render",
        "1",
        "--format",
        "pdf",
        "--output",
        pdf.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let report = run(&["report", "render", "1", "--format", "html"]);
    assert!(
        report.status.success(),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    assert!(String::from_utf8_lossy(&report.stdout).contains("<h1>รายงานผลการตรวจราชการ"));
    let missing = run(&["minutes", "render", "999"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("minutes of meeting 999"));
}

#[tokio::test]
async fn user_create_and_token_create_give_a_working_api_token() {
    let db = TestDb::new().await;
    let run = |args: &[&str], stdin: &str| {
        let mut child = prachum()
            .args(args)
            .env("PRACHUM__DATABASE__URL", db.url())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes())
            .expect("write");
        child.wait_with_output().expect("run")
    };
    let created = run(
        &[
            "user",
            "create",
            "--email",
            "Inspector@MOI.go.th",
            "--name",
            "นายตรวจ ราชการ",
            "--role",
            "inspector",
            "--zone",
            "14",
            "--zone",
            "12",
            "--password-stdin",
        ],
        "รหัสผ่านยาวพอสมควร\n",
    );
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    assert!(String::from_utf8_lossy(&created.stdout).contains("inspector@moi.go.th"));
    let refused = run(
        &[
            "user",
            "create",
            "--email",
            "x@y.go.th",
            "--name",
            "x",
            "--role",
            "inspector",
        ],
        "",
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("เขตตรวจราชการ"));
    let token = run(&["token", "create", "--email", "inspector@moi.go.th"], "");
    assert!(
        token.status.success(),
        "{}",
        String::from_utf8_lossy(&token.stderr)
    );
    let out = String::from_utf8_lossy(&token.stdout);
    let last = out.lines().last().expect("a line").trim().to_owned();
    assert!(last.starts_with("pch_"), "{out}");
    let app = crate::helpers::TestApp::on(db).await;
    let me = app.api("GET", "/api/v1/me", &last, None).await;
    assert_eq!(me.status, axum::http::StatusCode::OK, "{}", me.body);
    assert_eq!(me.json()["zones"].as_array().map(Vec::len), Some(2));
}
