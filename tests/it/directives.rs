//! Directives: drafting, numbering, publishing (inspectors only), creating actions with the
//! meeting's province and zone, due-date checks, the meeting's follow-up section, and the API.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use prachum::db::entities::{actions, agency_offices, directives, meetings, provinces};
use prachum::domain::status::{DirectiveStatus, Horizon};
use prachum::services::{Ctx, directives as dsvc};
use prachum::state::Clock;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::helpers::{Grant, TestApp, TestResponse, fixed_now};

/// The Sisaket integrated inspection meeting (19 Apr 2022) of the demo data.
pub async fn sisaket(app: &TestApp) -> meetings::Model {
    prachum::demo::load(&app.state.db, fixed_now())
        .await
        .expect("demo");
    meetings::Entity::find()
        .filter(meetings::Column::Kind.eq("integrated_inspection"))
        .one(&app.state.db)
        .await
        .expect("query")
        .expect("meeting")
}

/// Offices of a province by code, by id.
pub async fn offices(app: &TestApp, code: &str) -> Vec<agency_offices::Model> {
    let p = provinces::Entity::find()
        .filter(provinces::Column::Code.eq(code))
        .one(&app.state.db)
        .await
        .expect("q")
        .expect("province");
    agency_offices::Entity::find()
        .filter(agency_offices::Column::ProvinceId.eq(p.id))
        .order_by_asc(agency_offices::Column::Id)
        .all(&app.state.db)
        .await
        .expect("offices")
}

/// A bearer-token request.
pub async fn api(
    app: &TestApp,
    user_id: i32,
    method: &str,
    path: &str,
    body: Option<serde_json::Value>,
) -> TestResponse {
    let (_, token) = prachum::auth::token::create(&app.state.db, user_id, "t", fixed_now())
        .await
        .expect("token");
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    let req = match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    };
    app.request(req.expect("request")).await
}

fn id_from_location(res: &TestResponse) -> i32 {
    let loc = res.header(header::LOCATION).expect("location");
    loc.rsplit('/')
        .next()
        .expect("id")
        .parse()
        .expect("numeric id")
}

#[tokio::test]
async fn province_drafts_inspector_publishes() {
    let app = TestApp::spawn().await;
    let m = sisaket(&app).await;
    let os = offices(&app, "TH-33").await;
    let province = app
        .client(
            "po@example.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let form = province
        .get(&format!("/meetings/{}/directives/new", m.id))
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("หน่วยงานเป้าหมาย"));
    let target = os[0].id.to_string();
    let res = province
        .post(
            &format!("/meetings/{}/directives/new", m.id),
            &[
                ("issuer_role", "governor"),
                ("issuer_name", "ผู้ว่าราชการจังหวัดศรีสะเกษ"),
                ("text_md", "ให้ทุกหน่วยงานรายงานผลภายในเดือนกันยายน"),
                ("targets", &target),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let id = id_from_location(&res);
    let d = directives::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(d.status, DirectiveStatus::Draft);
    let before = directives::Entity::find()
        .filter(directives::Column::MeetingId.eq(m.id))
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(
        d.number as u64, before,
        "numbered after the demo's directives"
    );
    // Missing text: 422 with the Thai message and the input kept.
    let bad = province
        .post(
            &format!("/meetings/{}/directives/new", m.id),
            &[
                ("issuer_role", "governor"),
                ("issuer_name", "ท่านผู้ว่าฯ"),
                ("text_md", " "),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("กรุณากรอกข้อความข้อสั่งการ"));
    assert!(bad.body.contains("ท่านผู้ว่าฯ"));
    // The province may not publish.
    let no = province
        .post(&format!("/directives/{id}/publish"), &[])
        .await;
    assert_eq!(no.status, StatusCode::FORBIDDEN);
    let inspector = app
        .client("insp@example.go.th", "inspector", Grant::zones(&[14]))
        .await;
    let ok = inspector
        .post(&format!("/directives/{id}/publish"), &[])
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let d = directives::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(d.status, DirectiveStatus::Published);
    assert_eq!(d.published_by_user_id, Some(inspector.user_id));
    assert!(d.published_at.is_some());
    let again = inspector
        .post(&format!("/directives/{id}/publish"), &[])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    // An inspector of another zone does not even see it.
    let other = app
        .client("insp12@example.go.th", "inspector", Grant::zones(&[12]))
        .await;
    assert_eq!(
        other.get(&format!("/directives/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    let page = inspector.get(&format!("/directives/{id}")).await;
    assert!(page.body.contains("ให้ทุกหน่วยงานรายงานผล"));
    assert!(page.body.contains(&os[0].name_th));
}

#[tokio::test]
async fn actions_carry_province_and_zone_and_check_due_dates() {
    let app = TestApp::spawn().await;
    let m = sisaket(&app).await;
    let os = offices(&app, "TH-33").await;
    let province = app
        .client(
            "po@example.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let (a, b) = (os[1].id.to_string(), os[2].id.to_string());
    let res = province
        .post(
            &format!("/meetings/{}/directives/new", m.id),
            &[
                ("issuer_role", "meeting"),
                ("text_md", "เร่งรัดการเบิกจ่ายงบประมาณ"),
                ("targets", &a),
                ("targets", &b),
            ],
        )
        .await;
    let id = id_from_location(&res);
    let page = province.get(&format!("/directives/{id}")).await;
    assert!(page.body.contains("มอบหมายการดำเนินการ"), "{}", page.body);
    let row = |due: &'static str| {
        vec![
            ("office_id", a.clone()),
            ("office", "ก".to_owned()),
            ("title", "เบิกจ่ายให้ได้ตามเป้าหมาย".to_owned()),
            ("expected_md", String::new()),
            ("due", due.to_owned()),
            ("horizon", "urgent".to_owned()),
            ("metric_name", "ร้อยละการเบิกจ่าย".to_owned()),
            ("metric_unit", "ร้อยละ".to_owned()),
            ("metric_target", "95".to_owned()),
            ("office_id", b.clone()),
            ("office", "ข".to_owned()),
            ("title", String::new()),
            ("expected_md", String::new()),
            ("due", String::new()),
            ("horizon", String::new()),
            ("metric_name", String::new()),
            ("metric_unit", String::new()),
            ("metric_target", String::new()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>| {
        let province = &province;
        async move {
            let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            province
                .post(&format!("/directives/{id}/actions"), &refs)
                .await
        }
    };
    let count = || async {
        actions::Entity::find()
            .filter(actions::Column::DirectiveId.eq(id))
            .count(&app.state.db)
            .await
            .unwrap()
    };
    // A CE year is questioned; nothing is stored; the input is kept.
    let ce = post(row("30/09/2022")).await;
    assert_eq!(ce.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(ce.body.contains("คริสต์ศักราช"), "{}", ce.body);
    assert!(ce.body.contains("30&#x2f;09&#x2f;2022") || ce.body.contains("30/09/2022"));
    assert_eq!(count().await, 0);
    // Before the meeting (19/04/2565): asks to confirm.
    let early = post(row("01/04/2565")).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.body.contains("กำหนดแล้วเสร็จอยู่ก่อนวันประชุม"));
    assert!(early.body.contains("name=\"confirm\""));
    assert_eq!(count().await, 0);
    let mut confirmed = row("01/04/2565");
    confirmed.push(("confirm", "1".to_owned()));
    let ok = post(confirmed).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let made = actions::Entity::find()
        .filter(actions::Column::DirectiveId.eq(id))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(made.len(), 1, "only the row with a title");
    let act = &made[0];
    assert_eq!(act.office_id, os[1].id);
    assert_eq!(act.meeting_id, m.id);
    assert_eq!(act.province_id, m.host_province_id);
    assert!(act.province_id.is_some());
    assert_eq!(act.zone_id, m.zone_id);
    assert!(act.zone_id.is_some());
    assert_eq!(act.due_on, chrono::NaiveDate::from_ymd_opt(2022, 4, 1));
    assert_eq!(act.metric_target, Some(95.0));
    assert_eq!(act.horizon, Some(Horizon::Urgent));
}

#[tokio::test]
async fn meeting_followup_loads_directives_targets_and_actions() {
    let app = TestApp::spawn().await;
    let m = sisaket(&app).await;
    let inspector_id = app
        .account("insp@example.go.th", "inspector", Grant::zones(&[14]))
        .await;
    let user = prachum::db::entities::users::Entity::find_by_id(inspector_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let who = prachum::auth::Identity::load(&app.state.db, user, prachum::auth::Via::Session, None)
        .await
        .unwrap()
        .unwrap();
    let ctx = Ctx::of(&who, &Clock::Fixed(fixed_now()));
    let f = dsvc::meeting_followup(&app.state.db, &ctx, m.id)
        .await
        .expect("followup");
    assert!(f.can_create);
    assert!(f.directives.len() >= 3);
    assert_eq!(f.directives[0].number, 1);
    assert!(f.directives[0].text_md.contains("มิติ"));
    assert!(!f.directives[0].targets.is_empty());
    assert!(!f.directives[0].actions.is_empty());
    assert!(!f.directives[0].actions[0].office.is_empty());
    // Another zone's inspector: not found.
    let other_id = app
        .account("i12@example.go.th", "inspector", Grant::zones(&[12]))
        .await;
    let user = prachum::db::entities::users::Entity::find_by_id(other_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let who = prachum::auth::Identity::load(&app.state.db, user, prachum::auth::Via::Session, None)
        .await
        .unwrap()
        .unwrap();
    let ctx = Ctx::of(&who, &Clock::Fixed(fixed_now()));
    assert!(
        dsvc::meeting_followup(&app.state.db, &ctx, m.id)
            .await
            .is_err()
    );
    // The partial renders.
    let html = app
        .state
        .pages
        .render(
            "directives/_meeting_section.html.j2",
            &serde_json::json!({"followup": dsvc::meeting_followup(&app.state.db, &Ctx::system(&Clock::Fixed(fixed_now())), m.id).await.unwrap()}),
        )
        .expect("render");
    assert!(html.contains("ข้อสั่งการที่ 1") && html.contains("/actions/"));
}

#[tokio::test]
async fn api_directives() {
    let app = TestApp::spawn().await;
    let m = sisaket(&app).await;
    let os = offices(&app, "TH-33").await;
    let po = app
        .account(
            "po@example.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let insp = app
        .account("insp@example.go.th", "inspector", Grant::zones(&[14]))
        .await;
    let outsider = app
        .account("i12@example.go.th", "inspector", Grant::zones(&[12]))
        .await;
    let path = format!("/api/v1/meetings/{}/directives", m.id);
    let bad = api(
        &app,
        po,
        "POST",
        &path,
        Some(serde_json::json!({"issuer_role": "nobody", "text_md": ""})),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = &bad.json()["error"]["fields"];
    assert!(
        fields["issuer_role"].is_string() && fields["text_md"].is_string(),
        "{}",
        bad.body
    );
    let res = api(
        &app,
        po,
        "POST",
        &path,
        Some(serde_json::json!({"issuer_role": "inspector", "text_md": "ติดตามผลการดำเนินงาน", "target_office_ids": [os[0].id]})),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let d = res.json();
    let id = d["id"].as_i64().unwrap();
    assert_eq!(d["status"], "draft");
    assert_eq!(d["targets"][0]["office_id"], os[0].id);
    let pub_path = format!("/api/v1/directives/{id}/publish");
    assert_eq!(
        api(&app, po, "POST", &pub_path, None).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(&app, outsider, "POST", &pub_path, None).await.status,
        StatusCode::NOT_FOUND
    );
    let ok = api(&app, insp, "POST", &pub_path, None).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(ok.json()["status"], "published");
    let list = api(
        &app,
        insp,
        "GET",
        &format!("/api/v1/directives?meeting={}", m.id),
        None,
    )
    .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let j = list.json();
    assert!(j["total"].as_u64().unwrap() >= 4);
    let none = api(
        &app,
        outsider,
        "GET",
        &format!("/api/v1/directives?meeting={}", m.id),
        None,
    )
    .await;
    assert_eq!(none.json()["total"], 0);
    let one = api(&app, insp, "GET", &format!("/api/v1/directives/{id}"), None).await;
    assert_eq!(one.json()["text_md"], "ติดตามผลการดำเนินงาน");
    // Actions through the API: 422 before the meeting, then created with confirm.
    let apath = format!("/api/v1/directives/{id}/actions");
    let body = |confirm: bool| serde_json::json!({"confirm": confirm, "actions": [{"office_id": os[0].id, "title": "รายงานผล", "due": "2022-01-31", "metric_target": 10}]});
    let early = api(&app, po, "POST", &apath, Some(body(false))).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        early.json()["error"]["fields"]["due.0"]
            .as_str()
            .unwrap()
            .contains("ก่อนวันประชุม")
    );
    let made = api(&app, po, "POST", &apath, Some(body(true))).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert_eq!(made.json()[0]["province_id"], m.host_province_id.unwrap());
}
