//! Integration tests for admin: accounts, offices and heads (history, CSV), zones, audit log.

use axum::http::StatusCode;
use prachum::db::entities::{agency_offices, office_heads, people, provinces, users};
use prachum::domain::status::Role;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::helpers::{Grant, TestApp, fixed_now};

/// The page text with minijinja's HTML escapes of `/` undone.
pub fn unescape(html: &str) -> String {
    html.replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
}

async fn admin(app: &TestApp) -> crate::helpers::Client<'_> {
    app.client("admin@example.org", "admin", Grant::default())
        .await
}

async fn sisaket_offices(app: &TestApp) -> Vec<agency_offices::Model> {
    let p = provinces::Entity::find()
        .filter(provinces::Column::Code.eq("TH-33"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    agency_offices::Entity::find()
        .filter(agency_offices::Column::ProvinceId.eq(p.id))
        .order_by_asc(agency_offices::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap()
}

async fn heads_of(app: &TestApp, office_id: i32) -> Vec<office_heads::Model> {
    office_heads::Entity::find()
        .filter(office_heads::Column::OfficeId.eq(office_id))
        .order_by_asc(office_heads::Column::ValidFrom)
        .all(&app.state.db)
        .await
        .unwrap()
}

const ADMIN_PAGES: &[&str] = &[
    "/admin",
    "/admin/users",
    "/admin/users/new",
    "/admin/zones",
    "/admin/audit",
    "/admin/offices?province=TH-33",
    "/admin/offices.csv?province=TH-33",
];

#[tokio::test]
async fn non_admins_get_403_on_every_admin_page_and_anonymous_is_sent_to_login() {
    let app = TestApp::spawn().await;
    let office = app
        .client(
            "po@example.org",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let inspector = app
        .client("insp@example.org", "inspector", Grant::zones(&[14]))
        .await;
    let mut pages: Vec<String> = ADMIN_PAGES.iter().map(|s| (*s).to_owned()).collect();
    pages.push(format!("/admin/users/{}/edit", office.user_id));
    for path in &pages {
        assert_eq!(
            office.get(path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
        assert_eq!(
            inspector.get(path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
        let anon = app.get(path).await;
        assert_eq!(anon.status, StatusCode::SEE_OTHER, "{path}");
        assert!(
            anon.header(axum::http::header::LOCATION)
                .unwrap()
                .starts_with("/login"),
            "{path}"
        );
    }
    let res = office
        .post(
            "/admin/users/new",
            &[
                ("email", "x@example.org"),
                ("display_name", "x"),
                ("role", "admin"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(
        users::Entity::find()
            .filter(users::Column::Email.eq("x@example.org"))
            .one(&app.state.db)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn admin_pages_render_in_thai() {
    let app = TestApp::spawn().await;
    prachum::demo::load(&app.state.db, fixed_now())
        .await
        .unwrap();
    let a = admin(&app).await;
    for path in ADMIN_PAGES {
        let res = a.get(path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
    }
    let index = a.get("/admin").await;
    assert!(index.body.contains("บัญชีผู้ใช้"));
    let zones = a.get("/admin/zones").await;
    assert!(zones.body.contains("ศรีสะเกษ"));
    assert!(zones.body.contains("id=\"zone-18\""));
    let offices = a.get("/admin/offices?province=TH-33").await;
    assert!(
        offices.body.contains("พัฒนาการจังหวัดศรีสะเกษ"),
        "{}",
        offices.body
    );
    assert!(!offices.body.contains("กาฬสินธุ์</td>"));
    assert_eq!(
        a.get("/admin/offices?province=TH-99").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn create_user_validates_scope_and_duplicate_email_in_thai() {
    let app = TestApp::spawn().await;
    let a = admin(&app).await;
    let res = a
        .post(
            "/admin/users/new",
            &[
                ("email", "new.inspector@example.org"),
                ("display_name", "ผู้ตรวจ ใหม่"),
                ("role", "inspector"),
                ("password", "รหัสผ่านยาวพอสมควร-99"),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body
            .contains("ผู้ตรวจราชการต้องมีเขตตรวจราชการอย่างน้อยหนึ่งเขต")
    );
    assert!(
        res.body.contains("value=\"new.inspector@example.org\""),
        "input kept"
    );
    let res = a
        .post(
            "/admin/users/new",
            &[
                ("email", "new.inspector@example.org"),
                ("display_name", "ผู้ตรวจ ใหม่"),
                ("role", "inspector"),
                ("zones", "12"),
                ("zones", "14"),
                ("password", "รหัสผ่านยาวพอสมควร-99"),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let u = prachum::services::users::by_email(&app.state.db, "new.inspector@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(u.role, Role::Inspector);
    assert_eq!(
        prachum::services::users::zone_ids_of(&app.state.db, u.id)
            .await
            .unwrap()
            .len(),
        2
    );
    let dup = a
        .post(
            "/admin/users/new",
            &[
                ("email", "NEW.inspector@example.org"),
                ("display_name", "ซ้ำ"),
                ("role", "admin"),
            ],
        )
        .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(dup.body.contains("อีเมลนี้มีบัญชีผู้ใช้อยู่แล้ว"));
    let office_missing = a
        .post(
            "/admin/users/new",
            &[
                ("email", "head@example.org"),
                ("display_name", "หัวหน้า"),
                ("role", "agency_head"),
                ("province", "TH-33"),
            ],
        )
        .await;
    assert_eq!(office_missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(office_missing.body.contains("หัวหน้าส่วนราชการต้องระบุหน่วยงาน"));
    // The list filters by role and searches by name.
    let list = a.get("/admin/users?role=inspector").await;
    assert!(list.body.contains("new.inspector@example.org"));
    assert!(!list.body.contains("admin@example.org"));
    let search = a
        .get("/admin/users?q=%E0%B8%9C%E0%B8%B9%E0%B9%89%E0%B8%95%E0%B8%A3%E0%B8%A7%E0%B8%88")
        .await;
    assert!(
        search.body.contains("new.inspector@example.org"),
        "{}",
        search.body
    );
}

#[tokio::test]
async fn agency_head_form_lists_only_the_chosen_provinces_offices() {
    let app = TestApp::spawn().await;
    prachum::demo::load(&app.state.db, fixed_now())
        .await
        .unwrap();
    let a = admin(&app).await;
    let office = sisaket_offices(&app).await.remove(0);
    let form = a.get("/admin/users/new?province=TH-33").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(&office.name_th));
    assert!(!form.body.contains("จังหวัดกาฬสินธุ์</option>"));
    let id = office.id.to_string();
    let res = a
        .post(
            "/admin/users/new",
            &[
                ("email", "head.new@example.org"),
                ("display_name", "หัวหน้าส่วน"),
                ("role", "agency_head"),
                ("province", "TH-33"),
                ("office_id", &id),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let u = prachum::services::users::by_email(&app.state.db, "head.new@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(u.office_id, Some(office.id));
    let edit = a.get(&format!("/admin/users/{}/edit", u.id)).await;
    assert!(
        edit.body
            .contains(&format!("value=\"{}\" selected", office.id)),
        "{}",
        edit.body
    );
}

#[tokio::test]
async fn deactivating_a_user_ends_their_session() {
    let app = TestApp::spawn().await;
    let a = admin(&app).await;
    let po = app
        .client(
            "po@example.org",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    assert_eq!(po.get("/account/password").await.status, StatusCode::OK);
    let res = a
        .post(
            &format!("/admin/users/{}/edit", po.user_id),
            &[
                ("email", "po@example.org"),
                ("display_name", "สนจ."),
                ("role", "provincial_office"),
                ("province", "TH-33"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let u = users::Entity::find_by_id(po.user_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!u.active);
    assert_eq!(u.display_name, "สนจ.");
    let after = po.get("/account/password").await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert!(
        after
            .header(axum::http::header::LOCATION)
            .unwrap()
            .starts_with("/login")
    );
    // The audit log shows the change.
    let log = a.get("/admin/audit?kind=user").await;
    // In Thai: the action, the field and the date (`23 พ.ย. 2569`).
    assert!(log.body.contains("แก้ไขบัญชีผู้ใช้"));
    assert!(log.body.contains("ใช้งานได้: true → false"), "{}", log.body);
    assert!(unescape(&log.body).contains("23 พ.ย. 2569 09.00 น."));
}

#[tokio::test]
async fn changing_a_head_keeps_history() {
    let app = TestApp::spawn().await;
    prachum::demo::load(&app.state.db, fixed_now())
        .await
        .unwrap();
    let a = admin(&app).await;
    let office = sisaket_offices(&app).await.remove(0);
    let path = format!("/admin/offices/{}/head", office.id);
    assert_eq!(a.get(&path).await.status, StatusCode::OK);
    let ce = a
        .post(
            &path,
            &[
                ("honorific", "นาง"),
                ("full_name", "สมศรี ใจดี"),
                ("title_as_printed", "ผู้อำนวยการทดสอบ"),
                ("valid_from", "01/11/2026"),
            ],
        )
        .await;
    assert_eq!(ce.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(ce.body.contains("ปีพุทธศักราช"), "{}", ce.body);
    assert!(ce.body.contains("value=\"สมศรี ใจดี\""));
    assert_eq!(heads_of(&app, office.id).await.len(), 1);
    let ok = a
        .post(
            &path,
            &[
                ("honorific", "นาง"),
                ("full_name", "สมศรี ใจดี"),
                ("title_as_printed", "ผู้อำนวยการทดสอบ"),
                ("email", "somsri@example.org"),
                ("acting", "1"),
                ("valid_from", "01/11/2569"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let heads = heads_of(&app, office.id).await;
    assert_eq!(heads.len(), 2);
    assert_eq!(
        heads[0].valid_to,
        // Half-open [valid_from, valid_to): the old row ends where the new one starts; the page
        // shows the last day in office, 31/10/2569.
        Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())
    );
    assert_eq!(heads[1].valid_to, None);
    assert!(heads[1].acting);
    let person = people::Entity::find_by_id(heads[1].person_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(person.full_name, "สมศรี ใจดี");
    let list = a.get("/admin/offices?province=TH-33").await;
    assert!(list.body.contains("นางสมศรี ใจดี"));
    assert!(list.body.contains("รักษาราชการแทน"));
    let page = a.get(&path).await;
    assert!(
        unescape(&page.body).contains("31/10/2569"),
        "history shows the closed row"
    );
    // Contact fields.
    let c = a
        .post(
            &format!("/admin/offices/{}/contact", office.id),
            &[("email", "not-an-email"), ("phone", "045-000000")],
        )
        .await;
    assert_eq!(c.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(c.body.contains("กรุณากรอกอีเมลให้ถูกต้อง"));
    let c = a
        .post(
            &format!("/admin/offices/{}/contact", office.id),
            &[("email", "office@example.org"), ("phone", "045-000000")],
        )
        .await;
    assert_eq!(c.status, StatusCode::SEE_OTHER);
    let o = agency_offices::Entity::find_by_id(office.id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(o.phone.as_deref(), Some("045-000000"));
}

#[tokio::test]
async fn csv_export_import_round_trips_and_changes_only_changed_heads() {
    let app = TestApp::spawn().await;
    prachum::demo::load(&app.state.db, fixed_now())
        .await
        .unwrap();
    let a = admin(&app).await;
    let offices = sisaket_offices(&app).await;
    let before = office_heads::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap();
    let csv = a.get("/admin/offices.csv?province=TH-33").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.header(axum::http::header::CONTENT_TYPE)
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(csv.body.starts_with('\u{feff}'));
    assert_eq!(csv.body.lines().count(), offices.len() + 1);
    // Round trip, as an uploaded file with its BOM.
    let res = a
        .post_multipart(
            "/admin/offices/import?province=TH-33",
            &[],
            &[("file", "heads.csv", "text/csv", csv.body.as_bytes())],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("เปลี่ยนหัวหน้า 0 หน่วยงาน"), "{}", res.body);
    let after = office_heads::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(before, after);
    // Change one head (BE date) through the textarea.
    let target = offices[1].id.to_string();
    let changed: Vec<String> = csv
        .body
        .lines()
        .map(|l| {
            if l.starts_with(&format!("{target},")) {
                let cols: Vec<&str> = l.split(',').collect();
                format!(
                    "{},{},นาย,ทดสอบ นำเข้า,{},new@example.org,,1,01/11/2569",
                    cols[0], cols[1], cols[4]
                )
            } else {
                l.to_owned()
            }
        })
        .collect();
    let res = a
        .post(
            "/admin/offices/import?province=TH-33",
            &[("csv", &changed.join("\n"))],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("เปลี่ยนหัวหน้า 1 หน่วยงาน"), "{}", res.body);
    let heads = heads_of(&app, offices[1].id).await;
    assert_eq!(heads.len(), 2);
    assert!(heads[0].valid_to.is_some());
    assert_eq!(
        office_heads::Entity::find()
            .all(&app.state.db)
            .await
            .unwrap()
            .len(),
        before.len() + 1
    );
}

#[tokio::test]
async fn bad_csv_is_refused_with_line_numbers_and_changes_nothing() {
    let app = TestApp::spawn().await;
    prachum::demo::load(&app.state.db, fixed_now())
        .await
        .unwrap();
    let a = admin(&app).await;
    let offices = sisaket_offices(&app).await;
    let before = office_heads::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap();
    let good = format!(
        "{},x,นาย,คนใหม่ ดีมาก,ผู้อำนวยการ,,,0,2026-11-01",
        offices[0].id
    );
    let bad_date = format!("{},x,นาย,คนใหม่,ผู้อำนวยการ,,,0,01/11/2026", offices[1].id);
    let missing_name = format!("{},x,นาย,,ผู้อำนวยการ,,,0,01/11/2569", offices[2].id);
    let csv = format!(
        "office_id,office_name,honorific,full_name,title_as_printed,email,phone,acting,valid_from\n{good}\n{bad_date}\n{missing_name}\n999999,x,นาย,ก,ข,,,0,01/11/2569\n"
    );
    let res = a
        .post("/admin/offices/import?province=TH-33", &[("csv", &csv)])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("บรรทัดที่ 3"), "{}", res.body);
    assert!(res.body.contains("ปีพุทธศักราช"));
    assert!(res.body.contains("บรรทัดที่ 4"));
    assert!(res.body.contains("บรรทัดที่ 5: ไม่พบหน่วยงานรหัส 999999"));
    assert!(!res.body.contains("บรรทัดที่ 2"));
    assert!(res.body.contains("คนใหม่ ดีมาก"), "the text is kept");
    let after = office_heads::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(before, after, "nothing changed");
    let no_header = a
        .post(
            "/admin/offices/import?province=TH-33",
            &[("csv", "a,b\n1,2\n")],
        )
        .await;
    assert_eq!(no_header.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_header.body.contains("ไม่มีคอลัมน์ office_id"));
}

#[tokio::test]
async fn user_list_and_audit_log_are_paginated_and_filtered() {
    let app = TestApp::spawn().await;
    let a = admin(&app).await;
    for i in 0..5 {
        app.account(
            &format!("viewer{i}@example.org"),
            "viewer",
            Grant::zones(&[12]),
        )
        .await;
    }
    let p1 = a.get("/admin/users?role=viewer&per_page=2").await;
    assert_eq!(p1.status, StatusCode::OK);
    assert!(p1.body.contains("viewer0@example.org"));
    assert!(!p1.body.contains("viewer2@example.org"));
    assert!(p1.body.contains("หน้า 1 / 3"));
    let p3 = a.get("/admin/users?role=viewer&per_page=2&page=3").await;
    assert!(p3.body.contains("viewer4@example.org"));
    assert!(!p3.body.contains("viewer0@example.org"));
    // The edit form shows the zones checked and never the password hash.
    let id = prachum::services::users::by_email(&app.state.db, "viewer0@example.org")
        .await
        .unwrap()
        .unwrap()
        .id;
    let edit = a.get(&format!("/admin/users/{id}/edit")).await;
    assert!(
        edit.body.contains("name=\"zones\" value=\"12\" checked"),
        "{}",
        edit.body
    );
    assert!(!edit.body.contains("argon2"));
    // Audit: user events only with the filter; another kind filters them out.
    let log = a.get("/admin/audit?kind=user&per_page=3").await;
    assert_eq!(log.status, StatusCode::OK);
    assert!(log.body.contains("เพิ่มบัญชีผู้ใช้"));
    assert!(log.body.contains("หน้า 1 / 2"), "6 accounts, 3 a page");
    let none = a.get("/admin/audit?kind=round").await;
    assert!(!none.body.contains("เพิ่มบัญชีผู้ใช้"));
    assert!(none.body.contains("ไม่มีรายการ"));
}

#[tokio::test]
async fn an_account_that_does_not_parse_is_refused_after_403_and_404_with_the_database_checks() {
    use prachum::domain::access::Actor;
    use prachum::error::AppError;
    use prachum::services::Ctx;
    use prachum::services::users::{self, AccountCommand, AccountInput};
    use prachum::state::Clock;
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let sys = Ctx::system(&Clock::Fixed(fixed_now()));
    let taken = app
        .account("taken@example.org", "admin", Grant::default())
        .await;
    // A blank name with an email already used and an unknown zone: every error at once.
    let input = AccountInput {
        email: " TAKEN@example.org ".to_owned(),
        display_name: " ".to_owned(),
        role: "inspector".to_owned(),
        zones: vec![99],
        ..AccountInput::default()
    };
    let refusal = AccountCommand::try_from(&input).expect_err("a blank name");
    match users::refused(db, &sys, None, refusal.clone()).await {
        AppError::Invalid(e) => {
            assert_eq!(e.get("display_name"), Some("กรุณากรอกชื่อ"));
            assert_eq!(e.get("email"), Some("อีเมลนี้มีบัญชีผู้ใช้อยู่แล้ว"));
            assert_eq!(e.get("zones"), Some("ไม่มีเขตตรวจราชการที่ 99"));
        }
        other => panic!("{other:?}"),
    }
    // Editing the account that has the email: the email is its own.
    match users::refused(db, &sys, Some(taken), refusal.clone()).await {
        AppError::Invalid(e) => {
            assert_eq!(e.get("email"), None);
            assert!(e.get("display_name").is_some());
        }
        other => panic!("{other:?}"),
    }
    // 404 for an unknown account, 403 before anything for a caller who does not administer.
    assert!(matches!(
        users::refused(db, &sys, Some(taken + 1000), refusal.clone()).await,
        AppError::NotFound
    ));
    let inspector = Ctx {
        actor: Actor::new(taken, Role::Inspector, [1].into(), None, None),
        ..Ctx::system(&Clock::Fixed(fixed_now()))
    };
    assert!(matches!(
        users::refused(db, &inspector, Some(taken + 1000), refusal).await,
        AppError::Forbidden
    ));
}
