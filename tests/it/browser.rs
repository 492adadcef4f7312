//! A real browser (headless chromium) against the app on a real port: the harness works and Thai
//! renders. Screenshots land in target/screenshots/.

use crate::helpers::TestApp;
use crate::helpers::browser::Browser;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_page_renders_thai_in_chromium() {
    let app = TestApp::spawn().await;
    let base = app.serve().await;
    let browser = Browser::start().await;

    // A link followed by a click: the Thai 404 page back to the home page.
    browser.goto(&format!("{base}/no/such/page")).await;
    assert_eq!(browser.text_of("h1").await, "ไม่พบหน้าที่ต้องการ");
    browser.click("section.error a[href='/']").await;

    assert_eq!(browser.text_of("h1").await, "เขตตรวจราชการและจังหวัด");
    let title = browser.title().await;
    assert!(title.contains("เขตตรวจราชการและจังหวัด"), "title: {title}");
    assert!(
        browser.text_of(".counts").await.contains("77 จังหวัด"),
        "province count"
    );
    let png = browser.screenshot("home").await;
    let size = std::fs::metadata(&png).expect("screenshot file").len();
    assert!(size > 10_000, "{} is only {size} bytes", png.display());

    // Typing Thai into a field (combining vowels and tone marks survive the keyboard path).
    browser
        .goto("data:text/html;charset=utf-8,<input id=q value=old>")
        .await;
    browser.fill("#q", "ข้อสั่งการ ผู้ว่าราชการจังหวัด").await;
    let value = browser
        .find("#q")
        .await
        .prop("value")
        .await
        .expect("input value");
    assert_eq!(value.as_deref(), Some("ข้อสั่งการ ผู้ว่าราชการจังหวัด"));

    browser.close().await;
}
