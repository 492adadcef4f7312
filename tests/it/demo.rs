//! `prachum demo`: the three seed meetings as structured records, loaded idempotently.

use chrono::{Datelike, NaiveDate, Weekday};
use prachum::db::entities::{
    actions, agency_offices, attendances, directives, indicators, meeting_series, meeting_sessions,
    meetings, office_heads, people, remote_sites,
};
use prachum::domain::calendar::{Digits, ThaiDate};
use prachum::domain::status::AttendanceStatus;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::helpers::{TestApp, fixed_now};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

#[tokio::test]
async fn demo_loads_the_three_seed_meetings_once() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let first = prachum::demo::load(db, fixed_now()).await.expect("demo");
    assert_eq!(first.meetings_created, 3);
    assert!(first.offices_created >= 5 * 40, "offices: {first:?}");
    let counts = |db| async move {
        (
            meetings::Entity::find().count(db).await.expect("m"),
            actions::Entity::find().count(db).await.expect("a"),
            directives::Entity::find().count(db).await.expect("d"),
            attendances::Entity::find().count(db).await.expect("at"),
            agency_offices::Entity::find().count(db).await.expect("o"),
            people::Entity::find().count(db).await.expect("p"),
            indicators::Entity::find().count(db).await.expect("i"),
        )
    };
    let before = counts(db).await;
    let second = prachum::demo::load(db, fixed_now())
        .await
        .expect("demo again");
    assert_eq!(second.meetings_created, 0);
    assert_eq!(second.meetings_existing, 3);
    assert_eq!(second.offices_created, 0);
    assert_eq!(counts(db).await, before, "a second load adds nothing");
    // 3 held meetings + the next planned occurrence of the poverty series.
    assert_eq!(before.0, 4);
}

#[tokio::test]
async fn sisaket_integrated_inspection_meeting() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    prachum::demo::load(db, fixed_now()).await.expect("demo");
    let m = meetings::Entity::find()
        .filter(meetings::Column::Kind.eq("integrated_inspection"))
        .one(db)
        .await
        .expect("query")
        .expect("meeting");
    assert_eq!(m.meeting_date, date(2022, 4, 19));
    assert_eq!(
        ThaiDate(m.meeting_date).long(Digits::Arabic),
        "วันอังคารที่ 19 เมษายน 2565"
    );
    assert_eq!(m.venue_room.as_deref(), Some("ห้องประชุมสระกำแพงใหญ่"));
    assert_eq!(m.venue_floor.as_deref(), Some("4"));
    assert_eq!(m.chair_title.as_deref(), Some("รองผู้ว่าราชการจังหวัดศรีสะเกษ"));
    assert_eq!(
        m.delegated_by_title.as_deref(),
        Some("ผู้ว่าราชการจังหวัดศรีสะเกษ")
    );
    let ds = directives::Entity::find()
        .filter(directives::Column::MeetingId.eq(m.id))
        .order_by_asc(directives::Column::Number)
        .all(db)
        .await
        .expect("directives");
    assert!(ds.len() >= 2);
    assert!(ds[0].text_md.contains("มิติ"));
    assert!(ds[1].text_md.contains("วัคซีน"));
    let rows = attendances::Entity::find()
        .filter(attendances::Column::MeetingId.eq(m.id))
        .all(db)
        .await
        .expect("attendance");
    assert!(rows.iter().any(|r| r.status == AttendanceStatus::Acting));
    assert!(
        rows.iter()
            .filter(|r| r.status == AttendanceStatus::Represented)
            .count()
            >= 4
    );
    assert!(
        rows.iter()
            .any(|r| r.represented_by_title.as_deref() == Some("ผู้แทนท้องถิ่นจังหวัดศรีสะเกษ"))
    );
}

#[tokio::test]
async fn sisaket_poverty_secretaries_meeting() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    prachum::demo::load(db, fixed_now()).await.expect("demo");
    let m = meetings::Entity::find()
        .filter(meetings::Column::MeetingDate.eq(date(2022, 1, 27)))
        .one(db)
        .await
        .expect("query")
        .expect("meeting");
    assert_eq!(m.meeting_date.weekday(), Weekday::Thu);
    assert_eq!((m.number, m.number_year), (Some(1), Some(2565)));
    let series = meeting_series::Entity::find_by_id(m.series_id.expect("series"))
        .one(db)
        .await
        .expect("query")
        .expect("series");
    assert_eq!(series.recurrence_rule.as_deref(), Some("monthly:3:thu"));
    let due: Vec<NaiveDate> = actions::Entity::find()
        .filter(actions::Column::MeetingId.eq(m.id))
        .all(db)
        .await
        .expect("actions")
        .into_iter()
        .filter_map(|a| a.due_on)
        .collect();
    assert!(
        due.contains(&date(2022, 2, 4)) && due.contains(&date(2022, 2, 16)),
        "{due:?}"
    );
    let targets: Vec<f64> = indicators::Entity::find()
        .all(db)
        .await
        .expect("indicators")
        .into_iter()
        .filter_map(|i| i.target)
        .collect();
    assert!(targets.contains(&2242.0));
    let dims = indicators::Entity::find()
        .filter(indicators::Column::Name.contains("มิติ"))
        .count(db)
        .await
        .expect("dimensions");
    assert!(dims >= 6, "six dimensions, got {dims}");
    let next = meetings::Entity::find()
        .filter(meetings::Column::SeriesId.eq(series.id))
        .filter(meetings::Column::Status.eq("planned"))
        .one(db)
        .await
        .expect("query")
        .expect("next occurrence");
    assert_eq!(
        next.meeting_date,
        date(2022, 2, 17),
        "the 3rd Thursday of February 2022"
    );
}

#[tokio::test]
async fn zone12_quarterly_workshop() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    prachum::demo::load(db, fixed_now()).await.expect("demo");
    let m = meetings::Entity::find()
        .filter(meetings::Column::Kind.eq("quarterly_workshop"))
        .one(db)
        .await
        .expect("query")
        .expect("meeting");
    assert_eq!((m.number, m.number_year), (Some(4), Some(2564)));
    assert_eq!(m.online_platform.as_deref(), Some("ZOOM Cloud Meeting"));
    assert_eq!(m.participant_count, Some(101));
    let sessions = meeting_sessions::Entity::find()
        .filter(meeting_sessions::Column::MeetingId.eq(m.id))
        .order_by_asc(meeting_sessions::Column::Position)
        .all(db)
        .await
        .expect("sessions");
    let spans: Vec<String> = sessions
        .iter()
        .map(|s| {
            prachum::domain::calendar::time_range(
                s.starts_at,
                s.ends_at.expect("the demo sessions end"),
                Digits::Arabic,
            )
        })
        .collect();
    assert_eq!(spans, ["09.00–12.00 น.", "13.30–16.00 น."]);
    let sites = remote_sites::Entity::find()
        .filter(remote_sites::Column::MeetingId.eq(m.id))
        .all(db)
        .await
        .expect("sites");
    for province in ["กาฬสินธุ์", "ขอนแก่น", "มหาสารคาม", "ร้อยเอ็ด"]
    {
        assert!(
            sites.iter().any(|s| s.name.contains(province)),
            "{province} reports"
        );
    }
    let due_fy_end = actions::Entity::find()
        .filter(actions::Column::MeetingId.eq(m.id))
        .filter(actions::Column::DueOn.eq(date(2021, 9, 30)))
        .count(db)
        .await
        .expect("actions");
    assert_eq!(
        due_fy_end, 4,
        "one contract action per province, due at fiscal-year end"
    );
}

#[tokio::test]
async fn demo_offices_have_placeholder_heads_at_example_org() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    prachum::demo::load(db, fixed_now()).await.expect("demo");
    let heads = office_heads::Entity::find().all(db).await.expect("heads");
    // Every office of the five demo provinces has one; `migrate` made the other provinces'
    // offices without heads.
    let demo_provinces: Vec<i32> = prachum::db::entities::provinces::Entity::find()
        .filter(
            prachum::db::entities::provinces::Column::Code
                .is_in(prachum::demo::offices::DEMO_PROVINCES),
        )
        .all(db)
        .await
        .expect("provinces")
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(
        heads.len() as u64,
        agency_offices::Entity::find()
            .filter(agency_offices::Column::ProvinceId.is_in(demo_provinces))
            .count(db)
            .await
            .expect("offices")
    );
    let emails: Vec<String> = people::Entity::find()
        .all(db)
        .await
        .expect("people")
        .into_iter()
        .filter_map(|p| p.email)
        .collect();
    assert!(!emails.is_empty());
    assert!(
        emails.iter().all(|e| e.ends_with("@example.org")),
        "only example.org addresses"
    );
}
