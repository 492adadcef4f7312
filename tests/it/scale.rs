//! `prachum demo --scale province-year`: 300 meetings and 12,000 actions in Sisaket for fiscal
//! year 2569 on top of the normal demo, with one big meeting of exact size; loaded only once.
//! `--scale national`: a sample of it (two provinces, one year) with exact counts, scoped to
//! each province, loaded once, and the same data whatever else is loaded.

use std::collections::HashSet;
use std::process::Command;
use std::time::Instant;

use chrono::NaiveDate;
use prachum::db::entities::{
    action_updates, actions, agency_offices, agenda_items, attendances, directives, meeting_series,
    meetings, provinces, zones,
};
use prachum::demo::scale::{self, ScaleReport, national};
use prachum::domain::fiscal::FiscalYear;
use prachum::domain::status::{AttendanceStatus, DirectiveStatus};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
};

use crate::helpers::fixtures::MeetingBuilder;
use crate::helpers::session::Grant;
use crate::helpers::{TestApp, TestDb, fixed_now};

/// Rows in the tables the generator fills.
async fn counts(db: &DatabaseConnection) -> [u64; 5] {
    [
        meetings::Entity::find().count(db).await.expect("meetings"),
        actions::Entity::find().count(db).await.expect("actions"),
        agenda_items::Entity::find().count(db).await.expect("items"),
        directives::Entity::find()
            .count(db)
            .await
            .expect("directives"),
        action_updates::Entity::find()
            .count(db)
            .await
            .expect("updates"),
    ]
}

/// Loads the province-year, printing how long it took.
async fn load(db: &DatabaseConnection) -> ScaleReport {
    let started = Instant::now();
    let report = scale::load_province_year(db, fixed_now())
        .await
        .expect("province-year");
    eprintln!("province-year load: {:?} ({report:?})", started.elapsed());
    report
}

/// Ids of the generated meetings (those of the marked series).
async fn generated_meetings(db: &DatabaseConnection) -> Vec<meetings::Model> {
    let series: Vec<i32> = meeting_series::Entity::find()
        .filter(meeting_series::Column::Name.starts_with(scale::MARK))
        .all(db)
        .await
        .expect("series")
        .into_iter()
        .map(|s| s.id)
        .collect();
    meetings::Entity::find()
        .filter(meetings::Column::SeriesId.is_in(series))
        .all(db)
        .await
        .expect("meetings")
}

#[tokio::test]
async fn province_year_adds_exactly_300_meetings_and_12000_scoped_actions() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    prachum::demo::load(db, fixed_now()).await.expect("demo");
    let before = counts(db).await;
    let report = load(db).await;
    assert!(report.created);
    assert_eq!((report.meetings, report.actions), (300, 12_000));
    let after = counts(db).await;
    assert_eq!(after[0], before[0] + 300, "meetings");
    assert_eq!(after[1], before[1] + 12_000, "actions");

    let sisaket = provinces::Entity::find()
        .filter(provinces::Column::Code.eq("TH-33"))
        .one(db)
        .await
        .expect("query")
        .expect("Sisaket");
    let zone14 = zones::Entity::find()
        .filter(zones::Column::Number.eq(14))
        .one(db)
        .await
        .expect("query")
        .expect("zone 14");
    let generated = generated_meetings(db).await;
    assert_eq!(generated.len(), 300);
    let (fy_start, fy_end) = (
        NaiveDate::from_ymd_opt(2025, 10, 1).expect("date"),
        NaiveDate::from_ymd_opt(2026, 9, 30).expect("date"),
    );
    for m in &generated {
        assert!(
            (fy_start..=fy_end).contains(&m.meeting_date),
            "{}",
            m.meeting_date
        );
        assert_eq!(m.host_province_id, Some(sisaket.id));
    }
    let statuses: HashSet<&str> = generated.iter().map(|m| m.status.as_str()).collect();
    for s in ["planned", "held", "certified"] {
        assert!(statuses.contains(s), "status {s} among {statuses:?}");
    }

    let ids: Vec<i32> = generated.iter().map(|m| m.id).collect();
    let in_scope = actions::Entity::find()
        .filter(actions::Column::MeetingId.is_in(ids.clone()))
        .filter(actions::Column::ProvinceId.eq(sisaket.id))
        .filter(actions::Column::ZoneId.eq(zone14.id))
        .count(db)
        .await
        .expect("scoped actions");
    assert_eq!(
        in_scope, 12_000,
        "every generated action is scoped to Sisaket and zone 14"
    );
    for status in ["open", "in_progress", "done"] {
        let n = actions::Entity::find()
            .filter(actions::Column::MeetingId.is_in(ids.clone()))
            .filter(actions::Column::Status.eq(status))
            .count(db)
            .await
            .expect("by status");
        assert!(n > 1_000, "{n} {status} actions");
    }
    assert!(after[4] > before[4], "some progress reports");
}

#[tokio::test]
async fn the_big_meeting_has_its_exact_shape_and_a_second_load_changes_nothing() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let first = load(db).await;
    let big = first.big_meeting_id;

    let items = agenda_items::Entity::find()
        .filter(agenda_items::Column::MeetingId.eq(big))
        .all(db)
        .await
        .expect("items");
    assert_eq!(items.len(), scale::BIG_ITEMS);
    assert_eq!(items.len(), 60);
    assert!(items.iter().filter(|i| i.parent_item_id.is_some()).count() >= 30);
    let sections: HashSet<i32> = items.iter().map(|i| i.section_id).collect();
    assert_eq!(sections.len(), 5, "items spread over the five sections");

    let rows = attendances::Entity::find()
        .filter(attendances::Column::MeetingId.eq(big))
        .all(db)
        .await
        .expect("attendance");
    assert_eq!(rows.len(), 45);
    assert!(
        rows.iter()
            .any(|r| r.status == AttendanceStatus::Represented
                && r.represented_by_name.is_some()
                && r.represented_by_title.is_some())
    );
    assert!(
        rows.iter()
            .any(|r| r.status == AttendanceStatus::Absent && r.absence_reason.is_some())
    );
    assert!(rows.iter().any(|r| r.status == AttendanceStatus::Online));

    let ds = directives::Entity::find()
        .filter(directives::Column::MeetingId.eq(big))
        .all(db)
        .await
        .expect("directives");
    assert_eq!(ds.len(), 30);
    assert!(ds.iter().all(|d| d.status == DirectiveStatus::Published));
    let acts = actions::Entity::find()
        .filter(actions::Column::MeetingId.eq(big))
        .all(db)
        .await
        .expect("actions");
    assert_eq!(acts.len(), 90);
    for d in &ds {
        let offices: HashSet<i32> = acts
            .iter()
            .filter(|a| a.directive_id == d.id)
            .map(|a| a.office_id)
            .collect();
        assert_eq!(
            offices.len(),
            3,
            "three distinct offices on directive {}",
            d.number
        );
    }

    let before = counts(db).await;
    let second = load(db).await;
    assert!(!second.created);
    assert_eq!(
        (second.meetings, second.actions, second.big_meeting_id),
        (300, 12_000, big)
    );
    assert_eq!(counts(db).await, before, "a second load adds nothing");
    assert!(
        second
            .to_string()
            .contains(&format!("\nbig meeting id: {big}"))
    );
}

#[tokio::test]
async fn the_demo_command_loads_the_province_year_and_prints_the_big_meeting_id() {
    let db = TestDb::new().await;
    let run = |args: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_prachum"));
        cmd.env_remove("PRACHUM_ENV").env("RUST_LOG", "warn");
        for (key, _) in std::env::vars() {
            if key.starts_with("PRACHUM__") {
                cmd.env_remove(key);
            }
        }
        cmd.args(args)
            .env("PRACHUM__DATABASE__URL", db.url())
            .output()
            .expect("run")
    };
    let bad = run(&["demo", "--scale", "country-decade"]);
    assert_eq!(bad.status.code(), Some(2), "unknown scale is a usage error");
    let out = run(&["demo", "--scale", "province-year"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("3 meetings created"), "{stdout}");
    assert!(
        stdout.contains("300 meetings and 12000 actions created"),
        "{stdout}"
    );
    let id_line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("big meeting id: "))
        .expect("big meeting id line");
    assert!(id_line.parse::<i32>().is_ok(), "{id_line}");
}

/// What a province's generated data says, independent of row ids: each meeting (series, number,
/// date, status) with its actions (office code, due date, status, progress) and update count.
async fn province_digest(db: &DatabaseConnection, code: &str) -> Vec<String> {
    let province = provinces::Entity::find()
        .filter(provinces::Column::Code.eq(code))
        .one(db)
        .await
        .expect("query")
        .expect("province");
    let series: Vec<meeting_series::Model> = meeting_series::Entity::find()
        .filter(meeting_series::Column::Name.starts_with(scale::MARK))
        .filter(meeting_series::Column::ProvinceId.eq(province.id))
        .all(db)
        .await
        .expect("series");
    let name_of = |id: Option<i32>| {
        series
            .iter()
            .find(|s| Some(s.id) == id)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    let ms = meetings::Entity::find()
        .filter(meetings::Column::SeriesId.is_in(series.iter().map(|s| s.id)))
        .all(db)
        .await
        .expect("meetings");
    let offices: std::collections::HashMap<i32, String> = agency_offices::Entity::find()
        .filter(agency_offices::Column::ProvinceId.eq(province.id))
        .all(db)
        .await
        .expect("offices")
        .into_iter()
        .map(|o| (o.id, o.code.unwrap_or(o.name_th)))
        .collect();
    let acts = actions::Entity::find()
        .filter(actions::Column::MeetingId.is_in(ms.iter().map(|m| m.id)))
        .all(db)
        .await
        .expect("actions");
    let mut out: Vec<String> = ms
        .iter()
        .map(|m| {
            format!(
                "{} {:?}/{:?} {} {} {}",
                name_of(m.series_id),
                m.number,
                m.number_year,
                m.meeting_date,
                m.status,
                m.title
            )
        })
        .collect();
    let meeting_key: std::collections::HashMap<i32, String> = ms
        .iter()
        .map(|m| {
            (
                m.id,
                format!(
                    "{:?}/{:?} {}",
                    m.number,
                    m.number_year,
                    name_of(m.series_id)
                ),
            )
        })
        .collect();
    out.extend(acts.iter().map(|a| {
        format!(
            "{} {} {:?} {} {} {}",
            meeting_key.get(&a.meeting_id).cloned().unwrap_or_default(),
            offices.get(&a.office_id).cloned().unwrap_or_default(),
            a.due_on,
            a.status,
            a.progress,
            a.title
        )
    }));
    let updates = action_updates::Entity::find()
        .filter(action_updates::Column::ActionId.is_in(acts.iter().map(|a| a.id)))
        .count(db)
        .await
        .expect("updates");
    out.push(format!("updates {updates}"));
    out.sort();
    out
}

#[tokio::test]
async fn a_national_sample_loads_exact_counts_once_and_the_same_data_in_any_subset() {
    let sample = |provinces: &[&str]| national::Options {
        provinces: provinces.iter().map(|p| (*p).to_owned()).collect(),
        years: vec![FiscalYear(2568)],
        progress: false,
        bulk_from: None,
    };
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let started = Instant::now();
    // The first load takes the bulk path (on SQLite: text indexes refilled once at the end),
    // the one-province load below the per-row triggers; both must give the same data.
    let bulk = national::Options {
        bulk_from: Some(1),
        ..sample(&["TH-55", "TH-57"])
    };
    let first = national::load_national(db, fixed_now(), &bulk)
        .await
        .expect("national sample");
    eprintln!("national sample: {:?}\n{first}", started.elapsed());
    assert_eq!((first.created, first.present), (2, 0));
    assert!(first.skipped.is_empty());
    assert_eq!(first.written.meetings, 600);
    assert_eq!(first.written.actions, 24_000);
    assert!(first.written.updates > 0 && first.written.attendances > 0);
    assert_eq!(first.meetings_total, 600);
    assert_eq!(
        first.big_meeting_id, None,
        "Sisaket 2569 is not in the sample"
    );

    let (nan, zone) = {
        let nan = provinces::Entity::find()
            .filter(provinces::Column::Code.eq("TH-55"))
            .one(db)
            .await
            .expect("query")
            .expect("Nan");
        let zone = prachum::db::entities::zone_memberships::Entity::find()
            .filter(prachum::db::entities::zone_memberships::Column::ProvinceId.eq(nan.id))
            .one(db)
            .await
            .expect("query")
            .expect("Nan's zone")
            .zone_id;
        (nan, zone)
    };
    let nan_meetings: Vec<meetings::Model> = meetings::Entity::find()
        .filter(meetings::Column::HostProvinceId.eq(nan.id))
        .all(db)
        .await
        .expect("meetings");
    assert_eq!(nan_meetings.len(), 300);
    let fy = FiscalYear(2568);
    assert!(nan_meetings.iter().all(|m| fy.contains(m.meeting_date)
        && m.number_year == Some(2568)
        && m.title.contains("น่าน")
        && !m.title.contains("ศรีสะเกษ")));
    let scoped = actions::Entity::find()
        .filter(actions::Column::MeetingId.is_in(nan_meetings.iter().map(|m| m.id)))
        .filter(actions::Column::ProvinceId.eq(nan.id))
        .filter(actions::Column::ZoneId.eq(zone))
        .count(db)
        .await
        .expect("actions");
    assert_eq!(
        scoped, 12_000,
        "Nan's actions are scoped to Nan and its zone"
    );

    // The text written by the load is found by the search, and what is written after it too
    // (the indexes follow their tables again).
    let admin = app
        .account("admin@example.go.th", "admin", Grant::default())
        .await;
    let token = app.token_for(admin).await;
    let search = |q: &str| {
        format!(
            "/api/v1/search?q={}&kind=action",
            form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
        )
    };
    let nan_action = actions::Entity::find()
        .filter(actions::Column::ProvinceId.eq(nan.id))
        .one(db)
        .await
        .expect("query")
        .expect("an action of Nan");
    let found = app
        .api("GET", &search(&nan_action.title), &token, None)
        .await
        .json();
    assert!(
        found["hits"].as_array().is_some_and(|h| !h.is_empty()),
        "{found}"
    );
    // A province's search asks the index for its scope tokens: the bulk-written rows have them.
    let nan_office = app
        .account(
            "po@nan.go.th",
            "provincial_office",
            Grant::province("TH-55"),
        )
        .await;
    let nan_token = app.token_for(nan_office).await;
    let own = app
        .api("GET", &search(&nan_action.title), &nan_token, None)
        .await
        .json();
    assert!(
        own["hits"].as_array().is_some_and(|h| !h.is_empty()),
        "{own}"
    );
    let after = MeetingBuilder::new(&app)
        .in_province("TH-55")
        .titled("ประชุมทดสอบดัชนีหลังนำเข้าข้อมูลจังหวัดน่าน")
        .with_directives(1, 1)
        .build()
        .await;
    let new_title = &after.actions.first().expect("an action").title;
    let found = app
        .api("GET", &search(new_title), &token, None)
        .await
        .json();
    assert!(
        found["hits"]
            .as_array()
            .is_some_and(|h| h.iter().any(|h| h["id"] == after.actions[0].id)),
        "{found}"
    );
    // And through the lists' title index (a country-wide text filter uses it).
    let listed = app
        .api(
            "GET",
            &format!(
                "/api/v1/actions?q={}",
                form_urlencoded::byte_serialize(new_title.as_bytes()).collect::<String>()
            ),
            &token,
            None,
        )
        .await
        .json();
    assert!(
        listed["items"]
            .as_array()
            .is_some_and(|i| i.iter().any(|a| a["id"] == after.actions[0].id)),
        "{listed}"
    );

    let before = counts(db).await;
    let digest = province_digest(db, "TH-57").await;
    let second = national::load_national(db, fixed_now(), &sample(&["TH-55", "TH-57"]))
        .await
        .expect("second load");
    assert_eq!((second.created, second.present), (0, 2));
    assert_eq!(second.written, national::Rows::default());
    assert_eq!(counts(db).await, before, "a second load adds nothing");
    // A bulk load cut short leaves the text indexes aside (SQLite: a trigger; PostgreSQL: an
    // index): the next load, however small, rebuilds them and puts them back.
    let sqlite = db.get_database_backend() == sea_orm::DbBackend::Sqlite;
    let (drop, list) = if sqlite {
        (
            "DROP TRIGGER search_action_ai",
            "SELECT name FROM sqlite_master WHERE type = 'trigger'",
        )
    } else {
        (
            "DROP INDEX idx_search_action",
            "SELECT indexname FROM pg_indexes",
        )
    };
    db.execute_unprepared(drop).await.expect("drop");
    national::load_national(db, fixed_now(), &sample(&["TH-55"]))
        .await
        .expect("mending load");
    let present = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            list,
        ))
        .await
        .expect("list")
        .iter()
        .filter_map(|r| r.try_get_by_index::<String>(0).ok())
        .collect::<HashSet<_>>();
    let names: Vec<String> = if sqlite {
        migrations::search::sqlite_trigger_names()
    } else {
        migrations::search::pg_indexes()
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    };
    assert!(names.iter().all(|n| present.contains(n)), "{present:?}");

    let other = TestApp::spawn().await;
    let alone = national::load_national(&other.state.db, fixed_now(), &sample(&["TH-57"]))
        .await
        .expect("one province");
    assert_eq!(alone.created, 1);
    assert_eq!(
        province_digest(&other.state.db, "TH-57").await,
        digest,
        "the same province-year whatever else is loaded"
    );
}

#[tokio::test]
async fn bangkok_is_skipped_for_want_of_provincial_offices() {
    let app = TestApp::spawn().await;
    let opts = national::Options {
        provinces: vec!["TH-10".to_owned()],
        years: vec![FiscalYear(2569)],
        progress: false,
        bulk_from: None,
    };
    let report = national::load_national(&app.state.db, fixed_now(), &opts)
        .await
        .expect("load");
    assert_eq!((report.created, report.present), (0, 0));
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].0, "TH-10");
    assert!(report.to_string().contains("skipped TH-10"));
    let unknown = national::Options {
        provinces: vec!["TH-99".to_owned()],
        ..opts
    };
    assert!(
        national::load_national(&app.state.db, fixed_now(), &unknown)
            .await
            .is_err()
    );
}

/// Two fiscal years of one province share its series: PostgreSQL writes two province-years at
/// once, never two of the same province (each would create the province's series; the national
/// set once held two copies of Sisaket's, and the big meeting could not be found).
#[tokio::test]
async fn two_years_of_one_province_share_its_series() {
    use prachum::db::entities::{meeting_series, provinces};
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let opts = national::Options {
        provinces: vec!["TH-57".to_owned()],
        years: vec![FiscalYear(2568), FiscalYear(2569)],
        progress: false,
        bulk_from: None,
    };
    let report = national::load_national(db, fixed_now(), &opts)
        .await
        .expect("load");
    assert_eq!((report.created, report.present), (2, 0));
    let chiang_rai = provinces::Entity::find()
        .filter(provinces::Column::Code.eq("TH-57"))
        .one(db)
        .await
        .unwrap()
        .expect("Chiang Rai");
    let names: Vec<String> = meeting_series::Entity::find()
        .filter(meeting_series::Column::ProvinceId.eq(chiang_rai.id))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    let distinct: std::collections::BTreeSet<&String> = names.iter().collect();
    assert!(!names.is_empty());
    assert_eq!(distinct.len(), names.len(), "each series once: {names:?}");
}
