//! Each role lands on its own work at `/`, within its scope: a role's home never shows another
//! province's (or office's, or zone's) items. Also: the CSRF token never travels in a URL.

use axum::http::StatusCode;
use prachum::db::entities::{actions, agency_offices, provinces};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{Grant, TestApp, fixed_now};

/// The work part of the home page (the list of every zone and province follows it).
fn work(html: &str) -> &str {
    let start = html.find("id=\"work-h\"").expect("a work section");
    let end = html.find("class=\"all-zones\"").unwrap_or(html.len());
    &html[start..end]
}

async fn province_id(app: &TestApp, code: &str) -> i32 {
    provinces::Entity::find()
        .filter(provinces::Column::Code.eq(code))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// Office names of the actions of a province.
async fn action_offices(app: &TestApp, code: &str) -> Vec<String> {
    let p = province_id(app, code).await;
    let ids: Vec<i32> = actions::Entity::find()
        .filter(actions::Column::ProvinceId.eq(p))
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.office_id)
        .collect();
    agency_offices::Entity::find()
        .filter(agency_offices::Column::Id.is_in(ids))
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.name_th)
        .collect()
}

#[tokio::test]
async fn each_role_sees_its_own_work_and_nothing_of_another_province() {
    let app = TestApp::spawn().await;
    prachum::demo::load(&app.state.db, fixed_now())
        .await
        .expect("demo");
    let sisaket = action_offices(&app, "TH-33").await;
    assert!(!sisaket.is_empty(), "the demo has Sisaket actions");

    // Sisaket's provincial office: its offices with overdue actions, each count a link.
    let po = app
        .client(
            "po33@example.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let home = po.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    let w = work(&home.body);
    assert!(w.contains("หน่วยงานที่มีงานเกินกำหนด"), "{w}");
    assert!(
        w.contains("/actions?overdue=1&amp;office="),
        "counts link to lists"
    );
    assert!(w.contains("ศรีสะเกษ"));

    // Khon Kaen's provincial office: nothing of Sisaket.
    let po40 = app
        .client(
            "po40@example.go.th",
            "provincial_office",
            Grant::province("TH-40"),
        )
        .await;
    let home = po40.get("/").await;
    let w = work(&home.body);
    assert!(!w.contains("ศรีสะเกษ"), "another province's items leak: {w}");
    for name in &sisaket {
        assert!(
            !w.contains(name.as_str()),
            "{name} leaks into Khon Kaen's home"
        );
    }

    // An inspector of zone 12 (Khon Kaen's zone): nothing of Sisaket (zone 14).
    let insp = app
        .client("insp12@example.go.th", "inspector", Grant::zones(&[12]))
        .await;
    let w_home = insp.get("/").await;
    let w = work(&w_home.body);
    assert!(w.contains("ข้อสั่งการรอเผยแพร่"));
    assert!(!w.contains("ศรีสะเกษ"), "zone 14 leaks into zone 12: {w}");
    // Each province's overdue count links to the list behind it, which holds as many.
    let body = w_home.body.replace("&amp;", "&");
    let at = body
        .find("/actions?overdue=1&province=")
        .expect("a province's overdue actions link to their list");
    let href: String = body[at..].chars().take_while(|c| *c != '"').collect();
    let summary = &body[..at];
    let count: usize = summary
        .rsplit("เกินกำหนด ")
        .next()
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("the province's count");
    let list = insp.get(&href).await;
    assert_eq!(list.status, axum::http::StatusCode::OK);
    assert_eq!(
        list.body.matches("class=\"tag tag-overdue\"").count(),
        count,
        "{href}: the list holds the count"
    );

    // An agency head: its own open actions only, overdue first, with a report button.
    let mine = actions::Entity::find()
        .filter(actions::Column::ProvinceId.eq(province_id(&app, "TH-33").await))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let head = app
        .client(
            "head@example.go.th",
            "agency_head",
            Grant::office(mine.office_id),
        )
        .await;
    let home = head.get("/").await;
    let w = work(&home.body);
    assert!(w.contains("งานที่ต้องรายงาน"));
    assert!(w.contains("รายงานความก้าวหน้า"));
    let others = actions::Entity::find()
        .filter(actions::Column::OfficeId.ne(mine.office_id))
        .all(&app.state.db)
        .await
        .unwrap();
    for a in others {
        assert!(
            !w.contains(&format!("/actions/{}\"", a.id)),
            "another office's action {} leaks",
            a.id
        );
    }
}

#[tokio::test]
async fn error_pages_keep_the_signed_in_header_and_a_way_back() {
    let app = TestApp::spawn().await;
    let c = app
        .client(
            "po@example.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let res = c.get("/no/such/page").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(res.body.contains("ไม่พบหน้าที่ต้องการ"));
    assert!(
        res.body.contains("ออกจากระบบ"),
        "the signed-in header stays"
    );
    assert!(res.body.contains("href=\"/\""), "a way back");
    let forbidden = c.get("/admin").await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert!(forbidden.body.contains("ออกจากระบบ"), "{}", forbidden.body);
}

#[tokio::test]
async fn a_csrf_token_in_the_query_string_is_refused() {
    let app = TestApp::spawn().await;
    let c = app
        .client(
            "po@example.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    // A multipart form whose first field is not the token, with the token in the URL: refused.
    let boundary = "b0undary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"progress\"\r\n\r\n10\r\n--{boundary}--\r\n"
    );
    let res = app
        .request(
            axum::http::Request::post(format!("/actions/1/updates?_csrf={}", c.csrf))
                .header(
                    axum::http::header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .header(axum::http::header::COOKIE, &c.cookie)
                .body(axum::body::Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
}
