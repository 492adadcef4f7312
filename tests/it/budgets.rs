//! The page budgets' structural half: the meeting page and the action list run a fixed number
//! of queries whatever the data size (no N+1). Their timing is measured by benches/pages.sh
//! against a release build.

use axum::http::StatusCode;
use prachum::db::entities::{actions, meetings};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::helpers::{Grant, TestApp, fixed_now};

/// A generated meeting with few rows and the big one (60 items, 45 attendance rows, 30
/// directives, 90 actions), of the same series and status.
async fn small_and_big(app: &TestApp) -> (i32, i32) {
    let report = prachum::demo::scale::load_province_year(&app.state.db, fixed_now())
        .await
        .expect("scale data");
    let big = meetings::Entity::find_by_id(report.big_meeting_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("the big meeting");
    // A later meeting of the same series in the same state: the same page with fewer rows (and,
    // like the big one, open actions carried over from earlier meetings in matters arising).
    let small = meetings::Entity::find()
        .filter(meetings::Column::SeriesId.eq(big.series_id))
        .filter(meetings::Column::Status.eq(big.status.clone()))
        .filter(meetings::Column::Id.gt(big.id))
        .filter(
            meetings::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(actions::Column::MeetingId)
                    .from(actions::Entity)
                    .to_owned(),
            ),
        )
        .order_by_asc(meetings::Column::Id)
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("a sibling meeting with actions")
        .id;
    (small, report.big_meeting_id)
}

#[tokio::test]
async fn the_meeting_page_runs_the_same_queries_for_6_or_60_agenda_items() {
    let app = TestApp::spawn().await;
    let (small, big) = small_and_big(&app).await;
    let c = app
        .client(
            "office@sisaket.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    // Warm up (first use of each statement).
    c.get(&format!("/meetings/{small}")).await;
    let (s, small_sql) = app
        .statements_of(c.get(&format!("/meetings/{small}")))
        .await;
    let (b, big_sql) = app.statements_of(c.get(&format!("/meetings/{big}"))).await;
    let (small_queries, big_queries) = (small_sql.len(), big_sql.len());
    if small_queries != big_queries {
        for (i, sql) in big_sql.iter().enumerate() {
            eprintln!("big #{i}: {}", &sql[..sql.len().min(160)]);
        }
        for (i, sql) in small_sql.iter().enumerate() {
            eprintln!("small #{i}: {}", &sql[..sql.len().min(160)]);
        }
    }
    assert_eq!(s.status, StatusCode::OK);
    assert_eq!(b.status, StatusCode::OK, "{}", b.body);
    assert!(
        b.body.matches("id=\"item-").count() >= 60,
        "the big meeting shows its 60 agenda items"
    );
    assert_eq!(
        small_queries, big_queries,
        "fixed number of queries: {small_queries} for the small meeting, {big_queries} for the big one"
    );
    assert!(big_queries <= 30, "{big_queries} queries for one page");
}

#[tokio::test]
async fn the_action_list_runs_the_same_queries_on_any_page_and_filter() {
    let app = TestApp::spawn().await;
    small_and_big(&app).await;
    let c = app
        .client(
            "office@sisaket.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    c.get("/actions").await;
    let (first, q1) = app.count_queries(c.get("/actions")).await;
    let (later, q2) = app
        .count_queries(c.get("/actions?status=open&page=3&per_page=100"))
        .await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(later.status, StatusCode::OK);
    assert_eq!(q1, q2, "{q1} vs {q2} queries");
    assert!(q1 <= 8, "{q1} queries for the action list");
}
