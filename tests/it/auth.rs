//! Accounts: sign-in, throttling, CSRF, sign-out, password change, tokens, first-admin setup.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::helpers::session::{csrf_in, form_body, set_cookie};
use crate::helpers::{Grant, PASSWORD, TestApp};

#[tokio::test]
async fn sign_in_shows_the_user_and_sign_out_ends_the_session() {
    let app = TestApp::spawn().await;
    let c = app
        .client(
            "office@sisaket.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let page = c.get("/account/password").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("ทดสอบ provincial_office"),
        "{}",
        page.body
    );
    assert!(page.body.contains("สำนักงานจังหวัด"));
    let out = c.post("/logout", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let after = c.get("/account/password").await;
    assert_eq!(after.status, StatusCode::SEE_OTHER, "session gone");
    assert_eq!(
        after.header(header::LOCATION),
        Some("/login?next=%2Faccount%2Fpassword")
    );
}

#[tokio::test]
async fn a_wrong_password_keeps_the_email_and_says_so_in_thai_then_throttles() {
    let app = TestApp::spawn().await;
    app.account("inspector@moi.go.th", "inspector", Grant::zones(&[14]))
        .await;
    let page = app.get("/login").await;
    let pre = set_cookie(&page, "prachum_csrf").unwrap();
    let attempt = |pw: &'static str| {
        let pre = pre.clone();
        let app = &app;
        async move {
            app.request(
                Request::post("/login")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::COOKIE, format!("prachum_csrf={pre}"))
                    .body(Body::from(form_body(&[
                        ("_csrf", &pre),
                        ("email", "inspector@moi.go.th"),
                        ("password", pw),
                    ])))
                    .unwrap(),
            )
            .await
        }
    };
    let res = attempt("wrong-password").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("อีเมลหรือรหัสผ่านไม่ถูกต้อง"));
    assert!(
        res.body.contains("value=\"inspector@moi.go.th\""),
        "email kept"
    );
    for _ in 0..4 {
        attempt("wrong-password").await;
    }
    let locked = attempt(PASSWORD).await;
    assert_eq!(
        locked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert!(locked.body.contains("15 นาที"));
}

#[tokio::test]
async fn form_posts_without_the_csrf_token_are_refused() {
    let app = TestApp::spawn().await;
    let c = app
        .client(
            "office@sisaket.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let res = c.post_raw("/logout", "").await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains("แบบฟอร์มหมดอายุ"));
    let res = c.post_raw("/logout", "_csrf=forged").await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // The session is still alive.
    assert_eq!(c.get("/account/password").await.status, StatusCode::OK);
}

#[tokio::test]
async fn password_change_checks_the_current_one_and_the_policy() {
    let app = TestApp::spawn().await;
    let c = app
        .client("head@cdd.go.th", "viewer", Grant::province("TH-33"))
        .await;
    let bad = c
        .post(
            "/account/password",
            &[("current", "nope"), ("new", "short"), ("confirm", "other")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("รหัสผ่านปัจจุบันไม่ถูกต้อง"));
    assert!(bad.body.contains("อย่างน้อย 10 ตัวอักษร"));
    assert!(bad.body.contains("ไม่ตรงกัน"));
    let ok = c
        .post(
            "/account/password",
            &[
                ("current", PASSWORD),
                ("new", "รหัสผ่านใหม่ที่ยาวพอ"),
                ("confirm", "รหัสผ่านใหม่ที่ยาวพอ"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let hash: Option<String> = prachum::db::entities::users::Entity::find_by_id(c.user_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .password_hash;
    assert!(prachum::auth::password::verify(
        "รหัสผ่านใหม่ที่ยาวพอ",
        &hash.unwrap()
    ));
}

#[tokio::test]
async fn api_tokens_are_shown_once_and_can_be_revoked() {
    let app = TestApp::spawn().await;
    let c = app
        .client("inspector@moi.go.th", "inspector", Grant::zones(&[14]))
        .await;
    let made = c.post("/account/tokens", &[("name", "ระบบรายงาน")]).await;
    assert_eq!(made.status, StatusCode::OK);
    let at = made.body.find("pch_").expect("token shown");
    let token = &made.body[at..at + 68];
    let stored: Vec<prachum::db::entities::api_tokens::Model> =
        prachum::db::entities::api_tokens::Entity::find()
            .all(&app.state.db)
            .await
            .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0].token_hash, token, "only the hash is stored");
    let list = c.get("/account/tokens").await;
    assert!(!list.body.contains(token), "never shown again");
    assert!(list.body.contains("ระบบรายงาน"));
    let revoked = c
        .post(&format!("/account/tokens/{}/revoke", stored[0].id), &[])
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert!(c.get("/account/tokens").await.body.contains("ยกเลิกแล้ว"));
}

#[tokio::test]
async fn the_setup_link_creates_the_first_admin_once() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.get("/setup/not-the-token").await.status,
        StatusCode::NOT_FOUND
    );
    let token = app.state.arm_setup().await.unwrap();
    let page = app.get(&format!("/setup/{token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let pre = set_cookie(&page, "prachum_csrf").unwrap();
    assert_eq!(csrf_in(&page.body).as_deref(), Some(pre.as_str()));
    let post = |fields: Vec<(&'static str, &'static str)>| {
        let pre = pre.clone();
        let token = token.clone();
        let app = &app;
        async move {
            let mut all = vec![("_csrf", pre.as_str())];
            all.extend(fields);
            app.request(
                Request::post(format!("/setup/{token}"))
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::COOKIE, format!("prachum_csrf={pre}"))
                    .body(Body::from(form_body(&all)))
                    .unwrap(),
            )
            .await
        }
    };
    let bad = post(vec![
        ("display_name", "ผู้ดูแล"),
        ("email", "x"),
        ("password", "1"),
    ])
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("กรุณากรอกอีเมลให้ถูกต้อง"));
    assert!(bad.body.contains("value=\"ผู้ดูแล\""), "input kept");
    let ok = post(vec![
        ("display_name", "ผู้ดูแลระบบ"),
        ("email", "admin@prachum.go.th"),
        ("password", "รหัสผ่านผู้ดูแลระบบ"),
    ])
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert!(
        prachum::services::users::has_admin(&app.state.db)
            .await
            .unwrap()
    );
    assert_eq!(
        app.get(&format!("/setup/{token}")).await.status,
        StatusCode::NOT_FOUND
    );
}

use sea_orm::EntityTrait;
