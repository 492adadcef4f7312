//! A real S3-compatible server for the tests of the s3 file store: moto's `moto_server`
//! (PyPI `moto[server]`, installed by tests/support/install-moto.sh, which this helper runs
//! when the server is missing), started on a free loopback port and stopped on drop. Missing
//! and uninstallable, it fails the test: S3 tests never skip.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use prachum::config::{S3Settings, StorageBackend};

const INSTALL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/install-moto.sh");

/// A running moto server.
pub struct Moto {
    /// `http://127.0.0.1:PORT`
    pub endpoint: String,
    child: Child,
}

fn server_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("PRACHUM_MOTO_SERVER") {
        return PathBuf::from(p);
    }
    let venv = std::env::var_os("PRACHUM_MOTO_VENV").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/moto-venv"),
        PathBuf::from,
    );
    let bin = venv.join("bin/moto_server");
    if !bin.exists() {
        let status = Command::new("bash")
            .arg(INSTALL)
            .status()
            .expect("run tests/support/install-moto.sh");
        assert!(
            status.success(),
            "moto_server is missing and tests/support/install-moto.sh failed ({status})"
        );
    }
    assert!(
        bin.exists(),
        "{} missing after install-moto.sh",
        bin.display()
    );
    bin
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Moto {
    /// Starts moto on a free port and waits until it answers HTTP (the bound, 60 s, only ends
    /// a hung start).
    pub async fn start() -> Self {
        let bin = server_binary();
        for _ in 0..5 {
            let port = free_port();
            let mut child = Command::new(&bin)
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("starting {}: {e}", bin.display()));
            let endpoint = format!("http://127.0.0.1:{port}");
            let client = reqwest::Client::new();
            for _ in 0..600 {
                if let Ok(Some(_)) = child.try_wait() {
                    break; // exited (the port was taken meanwhile): try another
                }
                if let Ok(r) = client.get(format!("{endpoint}/")).send().await
                    && r.status().is_success()
                {
                    return Self { endpoint, child };
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("moto_server did not answer on any of five ports");
    }

    /// Creates a bucket (moto needs no credentials for that) and returns its backend settings.
    pub async fn bucket(&self, name: &str) -> StorageBackend {
        let res = reqwest::Client::new()
            .put(format!("{}/{name}", self.endpoint))
            .send()
            .await
            .expect("create the bucket");
        assert!(res.status().is_success(), "create bucket: {}", res.status());
        StorageBackend::S3(S3Settings {
            bucket: name.to_owned(),
            endpoint: Some(self.endpoint.clone()),
            region: "us-east-1".to_owned(),
            prefix: "prachum/".to_owned(),
            access_key_id: Some("testing".to_owned()),
            secret_access_key: Some("testing".to_owned()),
        })
    }

    /// The objects of a bucket as moto lists them (ListObjectsV2, no credentials needed):
    /// key and size.
    pub async fn objects(&self, bucket: &str) -> Vec<(String, u64)> {
        let res = reqwest::Client::new()
            .get(format!("{}/{bucket}?list-type=2", self.endpoint))
            .send()
            .await
            .expect("list the bucket");
        assert!(res.status().is_success(), "list: {}", res.status());
        let xml = res.text().await.expect("body");
        xml.split("<Contents>")
            .skip(1)
            .map(|c| {
                let field = |name: &str| {
                    c.split(&format!("<{name}>"))
                        .nth(1)
                        .and_then(|v| v.split(&format!("</{name}>")).next())
                        .unwrap_or_default()
                        .to_owned()
                };
                (field("Key"), field("Size").parse().unwrap_or(0))
            })
            .collect()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
