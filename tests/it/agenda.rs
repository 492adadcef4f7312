//! Integration tests for agenda: add, edit, reorder, delete, permissions, and the two
//! self-filling items across a series (carry-over past a cancelled meeting).

use axum::http::StatusCode;
use prachum::db::entities::{
    action_updates, actions, agency_offices, agenda_items, agenda_sections, directives,
    meeting_series, meetings,
};
use prachum::domain::numbering::NumberingScope;
use prachum::domain::status::{
    ActionStatus, DirectiveStatus, IssuerRole, MeetingKind, MeetingStatus, UpdateChannel,
    UpdateReview,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::helpers::{Grant, TestApp, fixed_now};
use crate::meetings::{create, form, province_id, with, zone_id};

async fn section(app: &TestApp, meeting: i32, position: i32) -> i32 {
    agenda_sections::Entity::find()
        .filter(agenda_sections::Column::MeetingId.eq(meeting))
        .filter(agenda_sections::Column::Position.eq(position))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn item_id(app: &TestApp, meeting: i32, title: &str) -> i32 {
    agenda_items::Entity::find()
        .filter(agenda_items::Column::MeetingId.eq(meeting))
        .filter(agenda_items::Column::Title.eq(title))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

#[tokio::test]
async fn add_edit_reorder_and_delete_items() {
    let app = TestApp::spawn().await;
    let c = app
        .client(
            "po@ssk.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let m = create(&c, &form("ประชุมทดสอบวาระ", "19/04/2565")).await;
    let s4 = section(&app, m, 4).await.to_string();
    let base = format!("/meetings/{m}/agenda");

    let res = c
        .post(
            &format!("{base}/items"),
            &[("section_id", &s4), ("title", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("กรุณากรอกเรื่อง"));

    for (title, minutes) in [("การขจัดความยากจน", "20"), ("การป้องกันโควิด-19", "15")]
    {
        let res = c
            .post(
                &format!("{base}/items"),
                &[
                    ("section_id", &s4),
                    ("title", title),
                    ("time_budget_minutes", minutes),
                    ("notes_md", "**สาระ**"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    }
    let first = item_id(&app, m, "การขจัดความยากจน").await;
    let second = item_id(&app, m, "การป้องกันโควิด-19").await;
    let res = c
        .post(
            &format!("{base}/items"),
            &[
                ("section_id", &s4),
                ("parent_item_id", &first.to_string()),
                ("title", "ทีมพี่เลี้ยงระดับอำเภอ"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

    let page = c.get(&base).await;
    assert_eq!(page.status, StatusCode::OK);
    let pos = |s: &str| page.body.find(s).unwrap_or_else(|| panic!("{s} missing"));
    assert!(
        pos("4.1</span> <span class=\"title\">การขจัดความยากจน")
            < pos("4.1.1</span> <span class=\"title\">ทีมพี่เลี้ยงระดับอำเภอ")
    );
    assert!(
        page.body
            .contains("4.2</span> <span class=\"title\">การป้องกันโควิด-19")
    );
    assert!(page.body.contains("20 นาที"));

    // Move the second item up: it becomes 4.1.
    let res = c.post(&format!("{base}/items/{second}/up"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = c.get(&base).await;
    assert!(
        page.body
            .contains("4.1</span> <span class=\"title\">การป้องกันโควิด-19"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("4.2</span> <span class=\"title\">การขจัดความยากจน")
    );
    assert!(
        page.body
            .contains("4.2.1</span> <span class=\"title\">ทีมพี่เลี้ยงระดับอำเภอ")
    );

    // Edit.
    let edit = c.get(&format!("{base}/items/{second}/edit")).await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(edit.body.contains("การป้องกันโควิด-19"));
    let res = c
        .post(
            &format!("{base}/items/{second}/edit"),
            &[
                ("section_id", &s4),
                ("title", "การป้องกันและควบคุมโรคโควิด-19"),
                ("resolution_md", "ที่ประชุมรับทราบ"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let it = agenda_items::Entity::find_by_id(second)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(it.title, "การป้องกันและควบคุมโรคโควิด-19");
    assert_eq!(it.resolution_md.as_deref(), Some("ที่ประชุมรับทราบ"));

    // Auto items cannot be deleted; others can (with their sub-items).
    let auto = agenda_items::Entity::find()
        .filter(agenda_items::Column::MeetingId.eq(m))
        .filter(agenda_items::Column::AutoKind.is_not_null())
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let res = c
        .post(&format!("{base}/items/{}/delete", auto.id), &[])
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let res = c.post(&format!("{base}/items/{first}/delete"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let left = agenda_items::Entity::find()
        .filter(agenda_items::Column::MeetingId.eq(m))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(left.len(), 3, "two auto items and one item left");

    // Read-only roles.
    let viewer = app
        .client("v@ssk.go.th", "viewer", Grant::province("TH-33"))
        .await;
    assert_eq!(viewer.get(&base).await.status, StatusCode::OK);
    let res = viewer
        .post(
            &format!("{base}/items"),
            &[("section_id", &s4), ("title", "x")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(
        viewer
            .post(&format!("{base}/items/{second}/down"), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let other = app
        .client("po@kk.go.th", "provincial_office", Grant::province("TH-40"))
        .await;
    assert_eq!(other.get(&base).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        other
            .post(&format!("{base}/items/{second}/up"), &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn open_actions_carry_over_past_a_cancelled_meeting() {
    let app = TestApp::spawn().await;
    prachum::demo::load(&app.state.db, fixed_now())
        .await
        .unwrap();
    let db = &app.state.db;
    let ssk = province_id(&app, "TH-33").await;
    let series = meeting_series::ActiveModel {
        name: Set("คณะทำงานทดสอบการติดตาม".to_owned()),
        kind: Set(MeetingKind::WorkingGroup),
        province_id: Set(Some(ssk)),
        zone_id: Set(Some(zone_id(&app, 14).await)),
        numbering_scope: Set(NumberingScope::CalendarYear),
        recurrence_rule: Set(Some("monthly:3:thu".to_owned())),
        active: Set(true),
        created_at: Set(fixed_now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let c = app
        .client(
            "po@ssk.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let sid = series.id.to_string();
    let n = create(
        &c,
        &with(
            with(form("คณะทำงาน", "15/01/2569"), "series_id", &sid),
            "status",
            "held",
        ),
    )
    .await;
    let n1 = create(&c, &with(form("คณะทำงาน", "19/02/2569"), "series_id", &sid)).await;
    let n2 = create(&c, &with(form("คณะทำงาน", "19/03/2569"), "series_id", &sid)).await;
    let nums: Vec<Option<i32>> = meetings::Entity::find()
        .filter(meetings::Column::SeriesId.eq(series.id))
        .order_by_asc(meetings::Column::MeetingDate)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.number)
        .collect();
    assert_eq!(
        nums,
        [Some(1), Some(2), Some(3)],
        "numbered n/BE-year in order"
    );
    // n+1 is cancelled.
    let mut am: meetings::ActiveModel = meetings::Entity::find_by_id(n1)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into();
    am.status = Set(MeetingStatus::Cancelled);
    am.update(db).await.unwrap();

    let office = agency_offices::Entity::find()
        .filter(agency_offices::Column::ProvinceId.eq(ssk))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let d = directives::ActiveModel {
        meeting_id: Set(n),
        number: Set(1),
        issuer_role: Set(IssuerRole::Meeting),
        text_md: Set("เร่งรัดการขจัดความยากจน".to_owned()),
        status: Set(DirectiveStatus::Published),
        created_at: Set(fixed_now()),
        updated_at: Set(fixed_now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let mut ids = Vec::new();
    for (title, status) in [
        ("สำรวจครัวเรือนยากจนเป้าหมาย", ActionStatus::InProgress),
        ("งานที่เสร็จแล้ว", ActionStatus::Done),
    ] {
        let a = actions::ActiveModel {
            directive_id: Set(d.id),
            meeting_id: Set(n),
            office_id: Set(office.id),
            province_id: Set(Some(ssk)),
            zone_id: Set(Some(zone_id(&app, 14).await)),
            title: Set(title.to_owned()),
            status: Set(status),
            progress: Set(40),
            created_at: Set(fixed_now()),
            updated_at: Set(fixed_now()),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        ids.push(a.id);
    }
    for (text, hours) in [("เริ่มสำรวจแล้ว", 0), ("สำรวจแล้ว 1,200 ครัวเรือน", 1)]
    {
        action_updates::ActiveModel {
            action_id: Set(ids[0]),
            channel: Set(UpdateChannel::Web),
            progress: Set(Some(40)),
            text_md: Set(Some(text.to_owned())),
            review: Set(UpdateReview::Pending),
            created_at: Set(fixed_now() + chrono::Duration::hours(hours)),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
    }

    let page = c.get(&format!("/meetings/{n2}/agenda")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("สำรวจครัวเรือนยากจนเป้าหมาย"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("สำรวจแล้ว 1,200 ครัวเรือน"),
        "latest update shown"
    );
    assert!(!page.body.contains("เริ่มสำรวจแล้ว"), "only the latest update");
    assert!(
        !page.body.contains("งานที่เสร็จแล้ว"),
        "done actions are not carried"
    );
    assert!(
        page.body
            .replace("&#x2f;", "/")
            .contains("รับรองรายงานการประชุมครั้งที่ 1/2569"),
        "certifies n, not the cancelled n+1"
    );
    // The cancelled meeting carries nothing; the meeting page shows the same agenda.
    let cancelled = c.get(&format!("/meetings/{n1}/agenda")).await;
    assert!(!cancelled.body.contains("สำรวจครัวเรือนยากจนเป้าหมาย"));
    let show = c.get(&format!("/meetings/{n2}")).await;
    assert!(show.body.contains("สำรวจครัวเรือนยากจนเป้าหมาย"));
    // Meeting n itself has nothing earlier.
    let first = c.get(&format!("/meetings/{n}/agenda")).await;
    assert!(first.body.contains("ไม่มีการประชุมครั้งก่อนในชุดการประชุมนี้"));
    assert!(!first.body.contains("สำรวจครัวเรือนยากจนเป้าหมาย"));
}
