//! Every province, not only the demo's: `migrate` gives each province (Bangkok excepted) the
//! office of every province-level agency under a stable code, idempotently; a province outside
//! the demo (Nan, zone 16) is used end to end from a fresh database; offices are added and
//! listed from the command line.

use std::process::Command;

use axum::http::StatusCode;
use prachum::db::entities::{agency_offices, provinces};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::helpers::{Grant, TestApp, TestDb, fixed_now};

async fn offices_of(app: &TestApp, code: &str) -> Vec<agency_offices::Model> {
    let p = provinces::Entity::find()
        .filter(provinces::Column::Code.eq(code))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    agency_offices::Entity::find()
        .filter(agency_offices::Column::ProvinceId.eq(p.id))
        .all(&app.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn every_province_but_bangkok_has_its_offices_after_migrate() {
    let app = TestApp::spawn().await;
    let total = agency_offices::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap();
    let nan = offices_of(&app, "TH-55").await;
    let per_province = nan.len();
    assert!(per_province >= 40, "{per_province} offices in Nan");
    assert_eq!(
        total as usize,
        76 * per_province,
        "76 provinces × {per_province}"
    );
    assert!(
        offices_of(&app, "TH-10").await.is_empty(),
        "Bangkok: by hand"
    );
    let cdd = nan
        .iter()
        .find(|o| o.code.as_deref() == Some("TH-55.cdd_provincial"))
        .expect("Nan's community development office");
    assert_eq!(cdd.name_th, "สำนักงานพัฒนาชุมชนจังหวัดน่าน");
    assert!(nan.iter().all(|o| o.code.is_some() && o.active));
    // Idempotent: loading the reference data again creates nothing.
    prachum::db::reference::load(&app.state.db).await.unwrap();
    assert_eq!(
        agency_offices::Entity::find()
            .count(&app.state.db)
            .await
            .unwrap(),
        total
    );
    // The demo gives its provinces' offices heads without making twins.
    let sisaket = offices_of(&app, "TH-33").await.len();
    prachum::demo::load(&app.state.db, fixed_now())
        .await
        .unwrap();
    assert_eq!(offices_of(&app, "TH-33").await.len(), sisaket);
}

/// Nan (TH-55, zone 16), which the demo never touches: its provincial office records a meeting
/// in the browser's form, drafts a directive for Nan's community development office through the
/// API, the zone's inspector publishes it and assigns an action, and the office's head sees it.
#[tokio::test]
async fn a_province_outside_the_demo_works_end_to_end_from_a_fresh_migrate() {
    let app = TestApp::spawn().await;
    let nan = offices_of(&app, "TH-55").await;
    let cdd = nan
        .iter()
        .find(|o| o.code.as_deref() == Some("TH-55.cdd_provincial"))
        .unwrap()
        .clone();
    let po = app
        .client(
            "po@nan.go.th",
            "provincial_office",
            Grant::province("TH-55"),
        )
        .await;
    let mut form = crate::meetings::form("ประชุมติดตามการขจัดความยากจนจังหวัดน่าน", "14/01/2570");
    for (k, v) in form.iter_mut() {
        match *k {
            "host_province" => *v = "TH-55",
            "venue_building" => *v = "ศาลากลางจังหวัดน่าน",
            "chair_title" => *v = "รองผู้ว่าราชการจังหวัดน่าน",
            "remote_site" => *v = "ห้องประชุมอำเภอปัว",
            _ => {}
        }
    }
    let meeting_id = crate::meetings::create(&po, &form).await;
    let insp_id = app
        .account("insp16@example.go.th", "inspector", Grant::zones(&[16]))
        .await;
    let d = crate::directives::api(
        &app,
        po.user_id,
        "POST",
        &format!("/api/v1/meetings/{meeting_id}/directives"),
        Some(serde_json::json!({
            "issuer_role": "inspector",
            "text_md": "ให้สำนักงานพัฒนาชุมชนจังหวัดน่านติดตามครัวเรือนเป้าหมาย",
            "target_office_ids": [cdd.id],
        })),
    )
    .await;
    assert_eq!(d.status, StatusCode::CREATED, "{}", d.body);
    let id = d.json()["id"].as_i64().unwrap();
    let published = crate::directives::api(
        &app,
        insp_id,
        "POST",
        &format!("/api/v1/directives/{id}/publish"),
        None,
    )
    .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
    let made = crate::directives::api(
        &app,
        insp_id,
        "POST",
        &format!("/api/v1/directives/{id}/actions"),
        Some(serde_json::json!({"confirm": true, "actions": [{
            "office_id": cdd.id, "title": "รายงานผลครัวเรือนเป้าหมาย", "due": "2026-11-27"
        }]})),
    )
    .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let head = app
        .client("head.cdd@nan.go.th", "agency_head", Grant::office(cdd.id))
        .await;
    let list = head.get("/actions").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body.contains("รายงานผลครัวเรือนเป้าหมาย"),
        "the head sees the action"
    );
    // Due in four days (the tests' clock is 23 Nov 2569): tagged as due soon, in words.
    assert!(list.body.contains("ใกล้ครบกำหนด"), "due-soon tag");
    // Sisaket's provincial office sees nothing of Nan.
    let other = app
        .client(
            "po@sisaket.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let page = other.get(&format!("/meetings/{meeting_id}")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}

fn prachum(db: &TestDb) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_prachum"));
    cmd.env_remove("PRACHUM_ENV").env("RUST_LOG", "warn");
    for (key, _) in std::env::vars() {
        if key.starts_with("PRACHUM__") {
            cmd.env_remove(key);
        }
    }
    cmd.env("PRACHUM__DATABASE__URL", db.url());
    cmd
}

#[tokio::test]
async fn offices_are_added_and_listed_from_the_command_line() {
    let db = TestDb::new().await;
    let out = prachum(&db)
        .args([
            "office",
            "create",
            "--province",
            "TH-55",
            "--agency",
            "cdd_district",
            "--name",
            "สำนักงานพัฒนาชุมชนอำเภอปัว",
            "--email",
            "cdd.pua@example.go.th",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("TH-55.cdd_district"), "{stdout}");
    // The same agency again gets the next code; an unknown agency is refused in Thai.
    let again = prachum(&db)
        .args([
            "office",
            "create",
            "--province",
            "TH-55",
            "--agency",
            "cdd_district",
            "--name",
            "สำนักงานพัฒนาชุมชนอำเภอท่าวังผา",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains("TH-55.cdd_district.2"));
    let bad = prachum(&db)
        .args([
            "office",
            "create",
            "--province",
            "TH-55",
            "--agency",
            "nonsense",
        ])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("ไม่พบหน่วยงานรหัส nonsense"));
    let list = prachum(&db)
        .args(["office", "list", "--province", "TH-55"])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(list.status.success());
    assert!(listed.contains("สำนักงานพัฒนาชุมชนอำเภอปัว"), "{listed}");
    assert!(listed.contains("TH-55.cdd_provincial\tcdd_provincial\tสำนักงานพัฒนาชุมชนจังหวัดน่าน"));

    // `office import`: offices with their heads from a CSV file, all or nothing.
    let dir = tempfile::tempdir().unwrap();
    let header = "office_id,office_name,honorific,full_name,title_as_printed,email,phone,acting,valid_from,agency_code";
    let bad_csv = dir.path().join("bad.csv");
    std::fs::write(
        &bad_csv,
        format!("{header}\n,ที่ว่าการอำเภอเวียงสา,นาย,สมชาย ใจดี,นายอำเภอเวียงสา,wiangsa@nan.go.th,,no,2026-10-01,district_office\n,สำนักงานที่ไม่มีประเภท,,,,,,,,\n"),
    )
    .unwrap();
    let refused = prachum(&db)
        .args(["office", "import", "--province", "TH-55"])
        .arg(&bad_csv)
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("3"), "the error names line 3: {err}");
    let good_csv = dir.path().join("good.csv");
    std::fs::write(
        &good_csv,
        format!("{header}\n,ที่ว่าการอำเภอเวียงสา,นาย,สมชาย ใจดี,นายอำเภอเวียงสา,wiangsa@nan.go.th,,no,2026-10-01,district_office\n"),
    )
    .unwrap();
    let imported = prachum(&db)
        .args(["office", "import", "--province", "TH-55"])
        .arg(&good_csv)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&imported.stdout);
    assert!(
        imported.status.success(),
        "{out} {}",
        String::from_utf8_lossy(&imported.stderr)
    );
    assert!(out.contains("1 offices created"), "{out}");
    let listed = prachum(&db)
        .args(["office", "list", "--province", "TH-55"])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.contains("ที่ว่าการอำเภอเวียงสา"), "{listed}");
    assert!(
        !listed.contains("สำนักงานที่ไม่มีประเภท"),
        "nothing of the refused file"
    );
}

/// The heads import also creates offices (a line without `office_id`, with `agency_code` and
/// `office_name`), all or nothing: a bad line anywhere names its line number and nothing is
/// written.
#[tokio::test]
async fn the_csv_import_creates_offices_with_their_heads_all_or_nothing() {
    let app = TestApp::spawn().await;
    let admin = app
        .client("admin@example.go.th", "admin", Grant::default())
        .await;
    let before = offices_of(&app, "TH-55").await.len();
    let header = "office_id,office_name,honorific,full_name,title_as_printed,email,phone,acting,valid_from,agency_code";
    let good = "\n,สำนักงานพัฒนาชุมชนอำเภอปัว,นาง,สมใจ ใฝ่ดี,พัฒนาการอำเภอปัว,pua@example.go.th,,0,01/10/2569,cdd_district";
    let bad = "\n,ที่ทำการแห่งหนึ่ง,,,,,,0,,no_such_agency";
    let res = admin
        .post(
            "/admin/offices/import?province=TH-55",
            &[("csv", &format!("{header}{good}{bad}"))],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("บรรทัดที่ 3"), "{}", res.body);
    assert!(res.body.contains("no_such_agency"));
    assert_eq!(
        offices_of(&app, "TH-55").await.len(),
        before,
        "nothing written"
    );
    let res = admin
        .post(
            "/admin/offices/import?province=TH-55",
            &[("csv", &format!("{header}{good}"))],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let after = offices_of(&app, "TH-55").await;
    assert_eq!(after.len(), before + 1);
    let pua = after
        .iter()
        .find(|o| o.name_th == "สำนักงานพัฒนาชุมชนอำเภอปัว")
        .expect("the new office");
    assert_eq!(pua.code.as_deref(), Some("TH-55.cdd_district"));
    let heads = prachum::db::entities::office_heads::Entity::find()
        .filter(prachum::db::entities::office_heads::Column::OfficeId.eq(pua.id))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(heads.len(), 1);
    assert_eq!(heads[0].title_as_printed, "พัฒนาการอำเภอปัว");
}

/// A meeting of Loei (not in the demo) built with the fixture builder: Loei's office
/// and the head of one of its agencies see what is theirs, Sisaket's office sees nothing of it.
#[tokio::test]
async fn a_built_meeting_of_a_province_outside_the_demo_is_scoped_to_it() {
    use crate::helpers::fixtures::MeetingBuilder;
    let app = TestApp::spawn().await;
    let built = MeetingBuilder::new(&app)
        .in_province("TH-42")
        .titled("ประชุมติดตามการแก้ไขปัญหาภัยแล้งจังหวัดเลย")
        .with_agenda(3)
        .with_attendance(5)
        .with_directives(2, 3)
        .published()
        .build()
        .await;
    assert_eq!(built.agenda.len(), 3);
    assert_eq!(built.directives.len(), 2);
    assert_eq!(built.actions.len(), 6);
    let loei = app
        .client(
            "po@loei.go.th",
            "provincial_office",
            Grant::province("TH-42"),
        )
        .await;
    let page = loei.get(&format!("/meetings/{}", built.meeting.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("ภัยแล้งจังหวัดเลย"));
    let sisaket = app
        .client(
            "po@ssk.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let other = sisaket
        .get(&format!("/meetings/{}", built.meeting.id))
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let mine = &built.actions[0];
    let head = app
        .client(
            "head@loei.go.th",
            "agency_head",
            Grant::office(mine.office_id),
        )
        .await;
    let list = head.get("/actions").await;
    assert!(list.body.contains(&mine.title));
    for a in built
        .actions
        .iter()
        .filter(|a| a.office_id != mine.office_id)
    {
        assert!(!list.body.contains(&a.title), "{} leaked", a.title);
    }
}
