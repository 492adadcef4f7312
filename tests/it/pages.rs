//! The web skeleton: health, home page, assets, error pages.

use axum::http::{StatusCode, header};
use sea_orm::ConnectionTrait;

use crate::helpers::TestApp;

#[tokio::test]
async fn healthz_reports_database_and_versions() {
    let app = TestApp::spawn().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status, StatusCode::OK);
    let json = res.json();
    assert_eq!(json["status"], "ok");
    assert_eq!(json["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(json["database"]["reachable"], true);
    assert_eq!(json["database"]["migration"], migrations::LATEST);
    let backend = if app.db.is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(json["database"]["backend"], backend);
    assert!(
        res.header(header::HeaderName::from_static("x-request-id"))
            .is_some()
    );
}

#[tokio::test]
async fn home_lists_every_zone_and_province_in_thai_order() {
    let app = TestApp::spawn().await;
    let res = app.get("/").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.header(header::CONTENT_TYPE),
        Some("text/html; charset=utf-8")
    );
    let html = res.body;
    assert!(html.contains("<html lang=\"th\">"));
    assert_eq!(html.matches("class=\"zone\"").count(), 19, "19 zones");
    assert_eq!(html.matches("data-code=\"TH-").count(), 77, "77 provinces");
    assert!(html.contains("เขตตรวจราชการส่วนกลาง"));
    assert!(html.contains("<strong>77</strong> จังหวัด"));
    // Fixed clock: Monday 23 November 2569 BE.
    assert!(html.contains("วันจันทร์ที่ 23 พฤศจิกายน 2569"), "today in Thai");
    // Zone 14 holds Sisaket; zone 12 lists its provinces in Thai dictionary order.
    let zone14 = section(&html, "zone-14");
    assert!(zone14.contains("ศรีสะเกษ"));
    let zone12 = section(&html, "zone-12");
    let order: Vec<usize> = ["กาฬสินธุ์", "ขอนแก่น", "มหาสารคาม", "ร้อยเอ็ด"]
        .iter()
        .map(|n| zone12.find(n).unwrap_or_else(|| panic!("{n} in zone 12")))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "Thai order in zone 12: {order:?}"
    );
    assert!(!zone12.contains("ศรีสะเกษ"));
}

fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("{id}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

#[tokio::test]
async fn unknown_pages_get_a_thai_404_and_the_api_a_json_error() {
    let app = TestApp::spawn().await;
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(res.body.contains("ไม่พบหน้าที่ต้องการ"));
    assert!(res.body.contains("href=\"/\""), "a way back");
    let api = app.get("/api/v1/nothing").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.json()["error"]["code"], "not_found");
    assert!(
        api.json()["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
}

#[tokio::test]
async fn internal_errors_show_a_thai_500_without_internals() {
    let app = TestApp::spawn().await;
    // Break the database under the running app: the home page query now fails.
    app.state
        .db
        .execute_unprepared("DROP TABLE zone_memberships")
        .await
        .expect("drop");
    let res = app.get("/").await;
    assert_eq!(res.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(res.body.contains("ระบบขัดข้องชั่วคราว"));
    for leak in [
        "zone_memberships",
        "SELECT",
        "sqlx",
        "relation",
        "no such table",
    ] {
        assert!(!res.body.contains(leak), "500 page leaks {leak:?}");
    }
}

#[tokio::test]
async fn assets_are_served_with_long_cache_and_etag() {
    let app = TestApp::spawn().await;
    let home = app.get("/").await.body;
    let href = home
        .split("href=\"")
        .find_map(|s| s.strip_prefix("/assets/css/app.css?v="))
        .expect("hashed stylesheet link");
    assert!(href.len() > 8);
    let res = app.get("/assets/css/app.css").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.header(header::CONTENT_TYPE),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(
        res.header(header::CACHE_CONTROL),
        Some("public, max-age=31536000, immutable")
    );
    let etag = res.header(header::ETAG).expect("etag").to_owned();
    let again = app
        .request(
            axum::http::Request::get("/assets/css/app.css")
                .header(header::IF_NONE_MATCH, etag)
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert_eq!(
        app.get("/assets/../Cargo.toml").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/assets/css/missing.css").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn error_pages_link_back_to_the_page_on_this_site_only() {
    let app = TestApp::spawn().await;
    let get = |referer: &'static str| {
        app.request(
            axum::http::Request::get("/no/such/page")
                .header(axum::http::header::HOST, "prachum.example")
                .header(axum::http::header::REFERER, referer)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
    };
    let ours = get("https://prachum.example/meetings?page=2").await;
    assert_eq!(ours.status, axum::http::StatusCode::NOT_FOUND);
    assert!(ours.body.contains("ย้อนกลับ"), "{}", ours.body);
    assert!(ours.body.contains("meetings?page=2"));
    let theirs = get("https://evil.example/phish").await;
    assert!(!theirs.body.contains("ย้อนกลับ"));
    assert!(!theirs.body.contains("evil.example"));
}
