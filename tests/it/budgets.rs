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
        .filter(meetings::Column::Status.eq(big.status))
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
    // Warm up (first use of each statement) on another variant of the page, so that the
    // measured views are not served from the content cache.
    c.get(&format!("/meetings/{small}?matters=all")).await;
    let (s, small_sql) = app
        .statements_of(c.get(&format!("/meetings/{small}")))
        .await;
    let (b, big_sql) = app.statements_of(c.get(&format!("/meetings/{big}"))).await;
    let (small_queries, big_queries) = (small_sql.len(), big_sql.len());
    // A second view at the same data version reads the session and the version only.
    let (again, cached_sql) = app.statements_of(c.get(&format!("/meetings/{big}"))).await;
    assert_eq!(again.body, b.body, "the cached page is the same page");
    assert!(
        cached_sql.len() <= 3,
        "{} queries for a cached page: {cached_sql:?}",
        cached_sql.len()
    );
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

/// The `<tr>` of an action in the meeting page's follow-up tables.
fn action_row(body: &str, action_id: i32) -> String {
    let link = format!("<a href=\"/actions/{action_id}\">");
    let at = body.find(&link).expect("the action's row");
    let start = body[..at].rfind("<tr").expect("row start");
    let end = at + body[at..].find("</tr>").expect("row end");
    body[start..end].to_owned()
}

#[tokio::test]
async fn the_cached_meeting_page_is_per_scope_per_user_in_its_layout_and_follows_each_change() {
    let app = TestApp::spawn().await;
    prachum::demo::load(&app.state.db, fixed_now())
        .await
        .expect("demo");
    let sisaket = prachum::db::entities::provinces::Entity::find()
        .filter(prachum::db::entities::provinces::Column::Code.eq("TH-33"))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("Sisaket");
    let action = actions::Entity::find()
        .filter(actions::Column::ProvinceId.eq(sisaket.id))
        .filter(actions::Column::Status.ne("done"))
        .order_by_asc(actions::Column::Id)
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("an open action in Sisaket");
    let page = format!("/meetings/{}", action.meeting_id);
    let first = app
        .client(
            "office@sisaket.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let second = app
        .client(
            "office2@sisaket.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let elsewhere = app
        .client(
            "office@nan.go.th",
            "provincial_office",
            Grant::province("TH-55"),
        )
        .await;

    let a = first.get(&page).await;
    let b = second.get(&page).await;
    assert_eq!((a.status, b.status), (StatusCode::OK, StatusCode::OK));
    assert_eq!(
        app.state.pages.cached_entries(),
        1,
        "one entry for one scope"
    );
    // Same content, each user's own layout (form token, name).
    assert!(a.body.contains(&first.csrf) && !a.body.contains(&second.csrf));
    assert!(b.body.contains(&second.csrf) && !b.body.contains(&first.csrf));
    assert_eq!(
        action_row(&a.body, action.id),
        action_row(&b.body, action.id)
    );
    // Another scope is still refused, cache or not.
    assert_eq!(elsewhere.get(&page).await.status, StatusCode::NOT_FOUND);

    // A change (a progress report) shows on the next view, on any page that was cached.
    assert!(!action_row(&a.body, action.id).contains(">37%<"));
    let res = first
        .post_multipart(
            &format!("/actions/{}/updates", action.id),
            &[("progress", "37"), ("text_md", "ดำเนินการแล้วร้อยละ 37")],
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let after = second.get(&page).await;
    assert!(
        action_row(&after.body, action.id).contains(">37%<"),
        "{}",
        action_row(&after.body, action.id)
    );
}

#[tokio::test]
async fn the_big_meeting_lists_twenty_carried_over_actions_then_all_on_request() {
    let app = TestApp::spawn().await;
    let (_, big) = small_and_big(&app).await;
    let c = app
        .client(
            "office@sisaket.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let short = c.get(&format!("/meetings/{big}")).await;
    let rows = |body: &str| {
        let at = body
            .find("<table class=\"matters\">")
            .expect("matters table");
        let end = at + body[at..].find("</table>").expect("end");
        body[at..end].matches("<tr>").count() - 1
    };
    assert_eq!(rows(&short.body), 20);
    let all = c.get(&format!("/meetings/{big}?matters=all")).await;
    let total = rows(&all.body);
    assert!(total > 20, "{total} carried-over actions");
    assert!(
        short
            .body
            .contains(&format!("แสดงเรื่องค้างทั้งหมด {total} เรื่อง"))
    );
    assert!(short.body.contains("?matters=all#item-"));
    assert!(!all.body.contains("แสดงเรื่องค้างทั้งหมด"));
}

#[tokio::test]
async fn pages_are_gzipped_for_clients_that_ask() {
    let app = TestApp::spawn().await;
    let res = app
        .request(
            axum::http::Request::get("/login")
                .header("accept-encoding", "gzip")
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.headers
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
}
