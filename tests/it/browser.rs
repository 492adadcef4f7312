//! A real browser (headless chromium) against the app on a real port: the harness works and Thai
//! renders. Screenshots land in target/screenshots/.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

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

/// The minutes editor in chromium: typing into an item's notes updates the assembled document
/// beside it (live preview) before anything is saved; saving keeps the text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn minutes_editor_previews_while_typing() {
    use crate::helpers::{Grant, fixed_now};
    let app = TestApp::spawn().await;
    prachum::demo::load(&app.state.db, fixed_now())
        .await
        .expect("demo");
    app.account(
        "sec@sisaket.go.th",
        "provincial_office",
        Grant::province("TH-33"),
    )
    .await;
    let m = prachum::db::entities::meetings::Entity::find()
        .filter(prachum::db::entities::meetings::Column::Kind.eq("integrated_inspection"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let base = app.serve().await;
    let b = Browser::start().await;
    b.sign_in(&base, "sec@sisaket.go.th").await;
    b.goto(&format!("{base}/meetings/{}/minutes", m.id)).await;
    assert_eq!(b.text_of("h1").await, "รายงานการประชุม");
    let field = b
        .execute("return document.querySelector('textarea[name^=notes_]').name")
        .await;
    let field = field.as_str().expect("a notes field").to_owned();
    let typed = "ที่ประชุมรับทราบผลการช่วยเหลือครัวเรือนเป้าหมาย ๒,๒๔๒ ครัวเรือน";
    b.fill(&format!("textarea[name='{field}']"), typed).await;
    let mut shown = String::new();
    for _ in 0..1_000 {
        shown = b.text_of("#preview").await;
        if shown.contains(typed) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        shown.contains(typed),
        "the preview shows the typed notes: {shown}"
    );
    b.screenshot("minutes-editor").await;
    b.submit("#minutes-form button[type=submit]").await;
    assert!(
        b.path().await.ends_with("/minutes"),
        "back on the minutes page"
    );
    assert!(b.text_of("#preview").await.contains(typed), "saved");
    assert!(b.page_text().await.contains("ฉบับแก้ไขที่ 1"));
    b.close().await;
}

/// `/api/docs`: Swagger UI, served from this site under its CSP, lists the operations of the
/// generated document; the page works signed out and fits a phone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_documentation_page_lists_the_operations() {
    let app = TestApp::spawn().await;
    let base = app.serve().await;
    let b = Browser::start().await;
    b.goto(&format!("{base}/api/docs")).await;
    assert_eq!(b.text_of("h1").await, "เอกสาร API");
    let title = b.text_of("#swagger-ui .info .title").await;
    assert!(title.contains("Prachum API"), "{title}");
    b.find("#swagger-ui .opblock-tag[data-tag='offices']").await;
    let operations = b.client_find_all("#swagger-ui .opblock").await;
    assert!(operations >= 30, "{operations} operations shown");
    b.set_size(390, 844).await;
    b.assert_fits().await;
    b.screenshot("api-docs-390").await;
    b.close().await;
}
