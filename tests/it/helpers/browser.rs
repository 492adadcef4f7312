//! A real browser for tests: Debian's chromium, headless, driven through chromedriver with
//! fantoccini. A missing browser is installed (tests/support/install-browser.sh) or the test
//! fails: browser tests never skip.

use std::net::{Ipv4Addr, TcpListener as StdTcpListener};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// Debian's chromium (a wrapper script around /usr/lib/chromium/chromium).
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// Debian's chromedriver (package chromium-driver).
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// axe-core, vendored by tests/support/install-axe.sh (run by install-browser.sh).
const AXE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/target/vendor/axe-core/axe.min.js"
);
const AXE_SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/install-axe.sh");
/// Installs both when missing (as root), fails otherwise.
const INSTALL_SCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/support/install-browser.sh"
);
/// The longest waits for chromedriver to listen and for an element to appear: bounds that end a
/// hung test, never a pace a test relies on.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);
const ELEMENT_TIMEOUT: Duration = Duration::from_secs(60);

/// A headless chromium session; its chromedriver (and the chromium under it) is killed on drop.
pub struct Browser {
    /// The WebDriver client, for what the helpers below do not cover.
    pub client: Client,
    /// Dropped after `client` (fields drop in order).
    _driver: Driver,
    /// A fresh profile per session (`--user-data-dir`), removed on drop.
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver on a free port and opens a headless chromium session on it.
    pub async fn start() -> Self {
        ensure_installed();
        let port = free_port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so that Drop can take chromium down with it.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {CHROMEDRIVER}: {e}"));
        let mut driver = Driver { child, port };
        driver.wait_until_listening().await;

        let profile = tempfile::Builder::new()
            .prefix("prachum-chromium-")
            .tempdir()
            .expect("temp dir for the chromium profile");
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--window-size=1280,1600",
            "--lang=th-TH",
        ]
        .iter()
        .map(|a| (*a).to_owned())
        .chain([format!("--user-data-dir={}", profile.path().display())])
        .collect::<Vec<_>>();
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".to_owned(),
            json!({ "binary": CHROMIUM, "args": args }),
        );

        // ring and aws-lc-rs are both compiled in; rustls needs to be told which to use. A second
        // test in the same process finds it already installed, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
        // Chromium sometimes fails to come up on a loaded machine ("DevToolsActivePort file
        // doesn't exist"): a new session is asked for again, up to three times in all.
        let mut attempt = 0;
        let client = loop {
            attempt += 1;
            match ClientBuilder::rustls()
                .expect("rustls connector")
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(c) => break c,
                Err(e) if attempt < 3 => {
                    eprintln!("chromium session attempt {attempt} failed: {e}; trying again");
                }
                Err(e) => panic!("cannot open a chromium session via chromedriver: {e}"),
            }
        };
        Self {
            client,
            _driver: driver,
            _profile: profile,
        }
    }

    /// Signs in through the login form (password [`super::PASSWORD`]).
    pub async fn sign_in(&self, base: &str, email: &str) {
        self.goto(&format!("{base}/login")).await;
        self.fill("#f-email", email).await;
        self.fill("#f-password", super::PASSWORD).await;
        self.submit("form[action='/login'] button[type=submit]")
            .await;
    }

    /// Navigates to an absolute URL and waits for the page to load.
    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("goto {url}: {e}"));
    }

    /// The element matching a CSS selector, waiting for it to appear (the bound only ends a hung
    /// test).
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(ELEMENT_TIMEOUT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element matches `{css}`: {e}"))
    }

    /// Replaces the value of the input matching `css` with `text`.
    pub async fn fill(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        el.clear()
            .await
            .unwrap_or_else(|e| panic!("clear `{css}`: {e}"));
        el.send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into `{css}`: {e}"));
    }

    /// Clicks the element matching `css`.
    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click `{css}`: {e}"));
    }

    /// Clicks a submit button and waits until the next page has loaded (the old page's
    /// document is gone), so what follows sees the result of the post.
    pub async fn submit(&self, css: &str) {
        let old = self.find("html").await;
        self.click(css).await;
        let deadline = std::time::Instant::now() + ELEMENT_TIMEOUT;
        while old.tag_name().await.is_ok() {
            assert!(
                std::time::Instant::now() < deadline,
                "no new page after clicking `{css}`"
            );
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        self.find("body").await;
    }

    /// The rendered text of the element matching `css`.
    pub async fn text_of(&self, css: &str) -> String {
        self.find(css)
            .await
            .text()
            .await
            .unwrap_or_else(|e| panic!("text of `{css}`: {e}"))
    }

    /// Chooses the option with `value` in the select matching `css`.
    pub async fn select(&self, css: &str, value: &str) {
        self.find(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("select {value} in `{css}`: {e}"));
    }

    /// The current URL's path, e.g. `/meetings/4`.
    pub async fn path(&self) -> String {
        self.client
            .current_url()
            .await
            .expect("current url")
            .path()
            .to_owned()
    }

    /// How many elements match `css` (waiting for at least one).
    pub async fn client_find_all(&self, css: &str) -> usize {
        self.find(css).await;
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find all `{css}`: {e}"))
            .len()
    }

    /// Runs a script in the page and returns its result.
    pub async fn execute(&self, js: &str) -> serde_json::Value {
        self.client
            .execute(js, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}"))
    }

    /// The page's whole text.
    pub async fn page_text(&self) -> String {
        self.text_of("body").await
    }

    /// The document title.
    pub async fn title(&self) -> String {
        self.client.title().await.expect("document title")
    }

    /// Saves a PNG of the viewport as `target/screenshots/<name>.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }

    /// Resizes the window so that the page's viewport is `width` × `height` CSS pixels.
    pub async fn set_size(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .unwrap_or_else(|e| panic!("resize to {width}x{height}: {e}"));
        // Headless chromium may count window decorations: correct by the difference.
        let inner = self
            .execute("return [window.innerWidth, window.innerHeight]")
            .await;
        let (iw, ih) = (
            inner[0].as_u64().unwrap_or(u64::from(width)),
            inner[1].as_u64().unwrap_or(u64::from(height)),
        );
        if iw != u64::from(width) || ih != u64::from(height) {
            let w = (2 * u64::from(width)).saturating_sub(iw);
            let h = (2 * u64::from(height)).saturating_sub(ih);
            self.client
                .set_window_size(w as u32, h as u32)
                .await
                .unwrap_or_else(|e| panic!("resize to {w}x{h}: {e}"));
        }
    }

    /// The viewport width in CSS pixels.
    pub async fn inner_width(&self) -> u64 {
        self.execute("return window.innerWidth")
            .await
            .as_u64()
            .expect("innerWidth")
    }

    /// Fails when the page scrolls sideways (wider than the viewport).
    pub async fn assert_fits(&self) {
        let v = self
            .execute(
                "const wide = [...document.querySelectorAll('body *')]\
                   .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)\
                   .filter(e => { for (let n = e.parentElement; n; n = n.parentElement) {\
                     if (getComputedStyle(n).overflowX !== 'visible') return false; } return true; })\
                   .slice(0, 2).map(e => { const out = []; for (let n = e; n; n = n.parentElement) {\
                     const s = getComputedStyle(n); out.push(n.tagName + '.' + n.className + ' ' +\
                     s.display + '/' + s.overflowX + ' ' + Math.round(n.getBoundingClientRect().width)); }\
                     return out.join(' < '); });\
                 return [document.documentElement.scrollWidth, window.innerWidth, wide, location.pathname];",
            )
            .await;
        let (scroll, inner) = (v[0].as_u64().unwrap_or(0), v[1].as_u64().unwrap_or(0));
        assert!(
            scroll <= inner,
            "{} scrolls sideways: scrollWidth {scroll} > innerWidth {inner}; too wide: {}",
            v[3],
            v[2]
        );
    }

    /// Fails when a visible button, field, select or menu toggle is smaller than 44 × 44 CSS
    /// pixels (checkboxes and radios count with their label; links in running text are exempt).
    pub async fn assert_tap_targets(&self) {
        let small = self
            .execute(
                "return [...document.querySelectorAll('button, .button, select, summary, \
                   input:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea')]\
                   .filter(e => e.offsetParent !== null && !e.closest('.sr'))\
                   .map(e => [e, e.getBoundingClientRect()])\
                   .filter(([e, r]) => r.height < 43.5 || r.width < 43.5)\
                   .slice(0, 5).map(([e, r]) => e.tagName + '.' + e.className + ' \\'' +\
                     (e.textContent || e.name || '').trim().slice(0, 20) + '\\' ' +\
                     Math.round(r.width) + 'x' + Math.round(r.height));",
            )
            .await;
        let path = self.path().await;
        assert_eq!(
            small,
            serde_json::json!([]),
            "{path}: tap targets under 44 px"
        );
    }

    /// Runs axe-core in the page and fails on any critical or serious violation.
    pub async fn assert_accessible(&self) {
        let present = self.execute("return typeof window.axe === 'object'").await;
        if present != serde_json::Value::Bool(true) {
            let src = axe_source();
            self.client
                .execute(&format!("{src}\nreturn true;"), vec![])
                .await
                .unwrap_or_else(|e| panic!("inject axe-core: {e}"));
        }
        let js = "const done = arguments[arguments.length - 1];\
            axe.run(document, { resultTypes: ['violations'] }).then(r => done(\
              r.violations.filter(v => v.impact === 'critical' || v.impact === 'serious')\
               .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' @ ' +\
                 v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))\
            )).catch(e => done(['axe failed: ' + e]));";
        let out = self
            .client
            .execute_async(js, vec![])
            .await
            .unwrap_or_else(|e| panic!("run axe-core: {e}"));
        let found: Vec<String> = serde_json::from_value(out).unwrap_or_default();
        let path = self.path().await;
        assert!(
            found.is_empty(),
            "{path}: {} critical/serious accessibility violations:\n{}",
            found.len(),
            found.join("\n")
        );
    }

    /// Ends the session (chromium quits); chromedriver is stopped when `self` drops.
    pub async fn close(self) {
        self.client
            .clone()
            .close()
            .await
            .expect("close the session");
    }
}

/// The chromedriver process; killed, with the chromium it started, on drop.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    async fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("{CHROMEDRIVER} exited at start: {status}");
            }
            if tokio::net::TcpStream::connect((Ipv4Addr::LOCALHOST, self.port))
                .await
                .is_ok()
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{CHROMEDRIVER} is not listening on port {} after {STARTUP_TIMEOUT:?}",
                self.port
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        kill_group(&mut self.child);
    }
}

/// Kills chromedriver and everything it started (same process group), then reaps it.
fn kill_group(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

/// Installs chromium and chromedriver when missing, or panics: the test must fail, not skip.
fn ensure_installed() {
    let present = || Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if present() {
        return;
    }
    let status = Command::new("bash")
        .arg(INSTALL_SCRIPT)
        .status()
        .unwrap_or_else(|e| panic!("cannot run {INSTALL_SCRIPT}: {e}"));
    assert!(
        status.success() && present(),
        "browser tests need {CHROMIUM} and {CHROMEDRIVER} (Debian packages chromium and \
         chromium-driver); {INSTALL_SCRIPT} could not install them ({status}). Install them as \
         root, e.g. `sudo tests/support/install-browser.sh`."
    );
}

/// The axe-core source, vendored on first use; the test fails (never skips) without it.
fn axe_source() -> String {
    if !Path::new(AXE).exists() {
        let status = Command::new("bash")
            .arg(AXE_SCRIPT)
            .status()
            .unwrap_or_else(|e| panic!("cannot run {AXE_SCRIPT}: {e}"));
        assert!(
            status.success(),
            "{AXE_SCRIPT} could not vendor axe-core ({status})"
        );
    }
    std::fs::read_to_string(AXE).unwrap_or_else(|e| {
        panic!("accessibility checks need {AXE} (run tests/support/install-axe.sh): {e}")
    })
}

/// A port that was free a moment ago (chromedriver binds it next).
fn free_port() -> u16 {
    StdTcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .expect("a free local port")
        .port()
}
