//! Integration tests for attendance: the checklist of the host province's offices, saving
//! present / represented / absent-with-reason / guest rows in one POST, Thai validation, counts.

use axum::http::StatusCode;
use prachum::db::entities::{agency_offices, attendances, audit_events};
use prachum::domain::collate::sort_thai_by;
use prachum::domain::status::AttendanceStatus;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::helpers::{Grant, TestApp, fixed_now};
use crate::meetings::{create, form, province_id};

#[tokio::test]
async fn save_checklist_with_represented_absent_and_counts() {
    let app = TestApp::spawn().await;
    prachum::demo::load(&app.state.db, fixed_now())
        .await
        .unwrap();
    let c = app
        .client(
            "po@ssk.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let m = create(&c, &form("ประชุมบันทึกผู้เข้าประชุม", "01/12/2569")).await;
    let ssk = province_id(&app, "TH-33").await;
    let mut offices = agency_offices::Entity::find()
        .filter(agency_offices::Column::ProvinceId.eq(ssk))
        .filter(agency_offices::Column::Active.eq(true))
        .all(&app.state.db)
        .await
        .unwrap();
    assert!(offices.len() >= 3);
    sort_thai_by(&mut offices, |o| &o.name_th);
    let url = format!("/meetings/{m}/attendance");

    let page = c.get(&url).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body.matches("name=\"key\"").count(), offices.len() + 2);
    let (a, b) = (
        page.body.find(&offices[0].name_th).unwrap(),
        page.body.find(&offices[1].name_th).unwrap(),
    );
    assert!(a < b, "Thai order");

    let keys: Vec<String> = offices
        .iter()
        .take(3)
        .map(|o| format!("o{}", o.id))
        .collect();
    let fields = |rep_name: &'static str, reason: &'static str| -> Vec<(String, String)> {
        let mut f = Vec::new();
        let rows = [
            (keys[0].as_str(), "", "present", "", "", ""),
            (
                keys[1].as_str(),
                "",
                "represented",
                rep_name,
                "ปลัดจังหวัด",
                "",
            ),
            (keys[2].as_str(), "", "absent", "", "", reason),
            ("new", "นางสาวแขก รับเชิญ", "guest", "", "", ""),
        ];
        for (k, name, status, rn, rt, why) in rows {
            for (field, v) in [
                ("key", k),
                ("name", name),
                ("title", ""),
                ("status", status),
                ("rep_name", rn),
                ("rep_title", rt),
                ("reason", why),
            ] {
                f.push((field.to_owned(), v.to_owned()));
            }
        }
        f.push(("sent".to_owned(), format!("{}#2", keys[2])));
        f
    };
    let post = |f: Vec<(String, String)>| {
        let c = &c;
        let url = url.clone();
        async move {
            let refs: Vec<(&str, &str)> = f.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            c.post(&url, &refs).await
        }
    };

    let res = post(fields("", "")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("กรุณากรอกชื่อผู้แทนที่มาประชุม"), "{}", res.body);
    assert!(res.body.contains("กรุณาระบุเหตุผลที่ไม่มาประชุม"));
    assert!(res.body.contains("นางสาวแขก รับเชิญ"), "typed rows kept");
    assert_eq!(
        attendances::Entity::find()
            .filter(attendances::Column::MeetingId.eq(m))
            .count(&app.state.db)
            .await
            .unwrap(),
        0
    );

    let res = post(fields("นายผู้แทน ทดสอบ", "ติดราชการ")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let rows = attendances::Entity::find()
        .filter(attendances::Column::MeetingId.eq(m))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 4);
    let rep = rows
        .iter()
        .find(|r| r.status == AttendanceStatus::Represented)
        .unwrap();
    assert_eq!(rep.represented_by_name.as_deref(), Some("นายผู้แทน ทดสอบ"));
    assert_eq!(rep.represented_by_title.as_deref(), Some("ปลัดจังหวัด"));
    let absent = rows
        .iter()
        .find(|r| r.status == AttendanceStatus::Absent)
        .unwrap();
    assert_eq!(absent.absence_reason.as_deref(), Some("ติดราชการ"));
    assert!(absent.report_sent_as_document);
    let guest = rows
        .iter()
        .find(|r| r.status == AttendanceStatus::Guest)
        .unwrap();
    assert_eq!(guest.name_as_printed.as_deref(), Some("นางสาวแขก รับเชิญ"));
    assert!(guest.office_id.is_none());
    assert!(!guest.is_member);
    let audits = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq("attendance.save"))
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(audits, 1);

    let page = c.get(&url).await;
    assert!(page.body.contains("data-status=\"present\">1<"));
    assert!(page.body.contains("data-status=\"represented\">1<"));
    assert!(page.body.contains("data-status=\"absent\">1<"));
    assert!(page.body.contains("data-status=\"guest\">1<"));
    let show = c.get(&format!("/meetings/{m}")).await;
    assert!(show.body.contains("นายผู้แทน ทดสอบ"));
    assert!(show.body.contains("data-status=\"absent\">1<"));

    // Saving again replaces, never duplicates.
    let res = post(fields("นายผู้แทน ทดสอบ", "ติดราชการ")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        attendances::Entity::find()
            .filter(attendances::Column::MeetingId.eq(m))
            .count(&app.state.db)
            .await
            .unwrap(),
        4
    );

    // Read-only and out-of-scope users.
    let viewer = app
        .client("v@ssk.go.th", "viewer", Grant::province("TH-33"))
        .await;
    assert_eq!(viewer.get(&url).await.status, StatusCode::OK);
    assert_eq!(
        viewer.post(&url, &[("key", "new")]).await.status,
        StatusCode::FORBIDDEN
    );
    let other = app
        .client("po@kk.go.th", "provincial_office", Grant::province("TH-40"))
        .await;
    assert_eq!(other.get(&url).await.status, StatusCode::NOT_FOUND);
}
