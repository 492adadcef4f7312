//! The access matrix: every route of the application (from the router's own route list, so a new
//! route cannot be forgotten) × every role × in and out of scope. Out of scope answers 404 and carries
//! none of the object's data; a role that may not write gets 403 or 404 and changes nothing.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use prachum::db::entities::{
    actions, agency_offices, agenda_items, attendances, audit_events, directives, indicators,
    inspection_issues, meetings, provinces,
};
use prachum::domain::status::OutboxStatus;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::helpers::{Client, Grant, TestApp, TestResponse, fixed_now};

/// What a route does, for the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user, about their own account.
    Own,
    /// Administrators only.
    Admin,
    /// Reads an object (404 outside scope).
    Read,
    /// Reads minutes: like [`Rule::Read`], but an agency head never sees a draft (404).
    ReadMinutes,
    /// Lists within scope.
    List,
    /// Changes meetings, agendas, attendance, directives (admin, inspector, provincial office).
    Manage,
    /// Creates a meeting or a series: administrators, inspectors, provincial offices.
    Create,
    /// Creates a round: administrators and inspectors.
    CreateRound,
    /// Publishes directives or reviews updates (admin, inspector).
    Publish,
    /// Posts progress on an action (admin, provincial office, the action's agency head).
    Update,
    /// Changes rounds, issues, indicators (admin, inspector of the round's zones).
    Round,
    /// The delivery log of email and its resend button (admin, provincial office in scope).
    Mail,
    /// A province's offices: changed by administrators anywhere and a provincial office in its
    /// own province; listed by readers of a province (never by agency heads).
    Offices,
}

/// Every route's rule, by method and path as written in the router.
fn rule(method: &str, path: &str) -> Option<Rule> {
    use Rule::*;
    let p = path.strip_prefix("/api/v1").unwrap_or(path);
    let get = method == "get";
    Some(match p {
        "/" | "/healthz" | "/assets/{*path}" | "/login" | "/setup/{token}" | "/openapi.json"
        | "/api/docs" => Public,
        _ if p.starts_with("/public/") => Public,
        // Answer links: the signed token in the path is the credential (tests/it/mail.rs).
        _ if p.starts_with("/r/") => Public,
        // Calendar feeds: the secret token (or a province's opt-in) is the credential
        // (tests/it/calendar.rs covers revoked, unknown and out-of-scope feeds).
        _ if p.starts_with("/calendar/") => Public,
        "/account" => Own,
        "/logout" | "/me" => Own,
        _ if p.ends_with("/mail") || p.starts_with("/mail/") => Mail,
        _ if p.starts_with("/account/") => Own,
        _ if p.starts_with("/admin") => Admin,
        "/offices" | "/offices/{id}" => Offices,
        "/meetings" | "/actions" | "/rounds" | "/series" | "/directives" if get => List,
        // The lists as downloads: every role gets its own scope's rows.
        "/meetings.csv" | "/meetings.xlsx" | "/actions.csv" | "/actions.xlsx" if get => List,
        // Oversight: every role gets the figures and hits of its own scope.
        "/dashboard" | "/dashboard/{file}" | "/search" if get => List,
        "/meetings" | "/series" | "/meetings/new" | "/series/new" => Create,
        "/rounds" | "/rounds/new" => CreateRound,
        // A published directive is edited only by those who may publish it.
        "/directives/{id}/edit" => Publish,
        _ if get && p.starts_with("/meetings/{id}/minutes") => ReadMinutes,
        // A form for a change is governed like the change (GET …/edit, …/new, the
        // confirmation page of …/publish).
        _ if get && !(p.ends_with("/edit") || p.ends_with("/new") || p.ends_with("/publish")) => {
            Read
        }
        _ if p.ends_with("/publish") || p.ends_with("/review") => Publish,
        "/actions/{id}/updates" => Update,
        _ if p.starts_with("/rounds/") || p.starts_with("/issues/") => Round,
        "/meetings/{id}/directives/new" => Manage,
        _ if p.starts_with("/meetings/")
            || p.starts_with("/directives/")
            || p.starts_with("/series/") =>
        {
            Manage
        }
        _ => return None,
    })
}

/// Every `(method, path)` the application serves, from the router's own route list
/// ([`prachum::web::route_table`]: the pages as registered, the API as registered and documented).
fn declared_routes() -> BTreeSet<(String, String)> {
    prachum::web::route_table()
        .into_iter()
        .map(|(m, p)| (m.as_str().to_ascii_lowercase(), p))
        .collect()
}

/// The Sisaket objects everyone is tested against.
struct Fixture {
    meeting: meetings::Model,
    directive: i32,
    action: actions::Model,
    item: i32,
    round: i32,
    issue: i32,
    indicator: i32,
    series: i32,
    office_a: i32,
    office_b: i32,
    update: i32,
    file: i32,
    mail: i32,
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

async fn fixture(app: &TestApp) -> Fixture {
    let db = &app.state.db;
    prachum::demo::load(db, fixed_now()).await.unwrap();
    let meeting = meetings::Entity::find()
        .filter(meetings::Column::MeetingDate.eq(chrono::NaiveDate::from_ymd_opt(2022, 4, 19)))
        .one(db)
        .await
        .unwrap()
        .expect("Sisaket's meeting of 19 April 2565");
    let action = actions::Entity::find()
        .filter(actions::Column::MeetingId.eq(meeting.id))
        .order_by_asc(actions::Column::Id)
        .one(db)
        .await
        .unwrap()
        .expect("an action");
    let invited: BTreeSet<i32> = attendances::Entity::find()
        .filter(attendances::Column::MeetingId.eq(meeting.id))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|a| a.office_id)
        .chain(
            actions::Entity::find()
                .filter(actions::Column::MeetingId.eq(meeting.id))
                .all(db)
                .await
                .unwrap()
                .into_iter()
                .map(|a| a.office_id),
        )
        .collect();
    let office_b = agency_offices::Entity::find()
        .filter(agency_offices::Column::ProvinceId.eq(meeting.host_province_id))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .find(|id| !invited.contains(id))
        .expect("a Sisaket office not in the meeting");
    let round = meeting.round_id.expect("the meeting's round");
    let issue = inspection_issues::Entity::find()
        .filter(inspection_issues::Column::RoundId.eq(round))
        .one(db)
        .await
        .unwrap()
        .expect("an issue")
        .id;
    // The integrated meeting's round has issues but no indicator yet: give one.
    let indicator = indicators::ActiveModel {
        issue_id: Set(issue),
        position: Set(1),
        name: Set("ครัวเรือนยากจนที่ได้รับการช่วยเหลือ".to_owned()),
        unit: Set("ครัวเรือน".to_owned()),
        target: Set(Some(2242.0)),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    let item = agenda_items::Entity::find()
        .filter(agenda_items::Column::MeetingId.eq(meeting.id))
        .filter(agenda_items::Column::AutoKind.is_null())
        .one(db)
        .await
        .unwrap()
        .expect("an agenda item")
        .id;
    let series = meetings::Entity::find()
        .filter(meetings::Column::HostProvinceId.eq(meeting.host_province_id))
        .filter(meetings::Column::SeriesId.is_not_null())
        .one(db)
        .await
        .unwrap()
        .and_then(|m| m.series_id)
        .expect("a Sisaket series");
    // The agency head of office A reports progress with a file.
    let head_a = app
        .client(
            "head-a@example.go.th",
            "agency_head",
            Grant::office(action.office_id),
        )
        .await;
    let posted = head_a
        .post_multipart(
            &format!("/actions/{}/updates", action.id),
            &[("progress", "30"), ("text_md", "ดำเนินการแล้ว")],
            &[("files", "หลักฐาน.pdf", "application/pdf", PDF)],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    let update = prachum::db::entities::action_updates::Entity::find()
        .filter(prachum::db::entities::action_updates::Column::ActionId.eq(action.id))
        .one(db)
        .await
        .unwrap()
        .expect("the update")
        .id;
    let file = prachum::db::entities::attachments::Entity::find()
        .one(db)
        .await
        .unwrap()
        .expect("the file")
        .id;
    // A message of the meeting to office A, dead (so that it could be resent).
    let mail = prachum::db::entities::outbox_messages::ActiveModel {
        kind: Set("actions_assigned".to_owned()),
        recipient_email: Set("head-a@example.go.th".to_owned()),
        subject: Set(Some(meeting.title.clone())),
        payload: Set("{}".to_owned()),
        status: Set(OutboxStatus::Dead),
        attempts: Set(8),
        available_at: Set(fixed_now()),
        meeting_id: Set(Some(meeting.id)),
        office_id: Set(Some(action.office_id)),
        created_at: Set(fixed_now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    Fixture {
        mail,
        directive: action.directive_id,
        office_a: action.office_id,
        office_b,
        meeting,
        action,
        item,
        round,
        issue,
        indicator,
        series,
        update,
        file,
    }
}

/// Fills a route's `{…}` parameters with the fixture's ids.
fn concrete(path: &str, f: &Fixture) -> String {
    let segs: Vec<&str> = path.split('/').collect();
    let mut out = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        if !(seg.starts_with('{') && seg.ends_with('}')) {
            out.push((*seg).to_owned());
            continue;
        }
        let before = if i > 0 { segs[i - 1] } else { "" };
        let id = match (before, *seg) {
            (_, "{token}") => "not-a-setup-token".to_owned(),
            (_, "{*path}") => "css/app.css".to_owned(),
            ("meetings", _) => f.meeting.id.to_string(),
            ("directives", _) => f.directive.to_string(),
            ("actions", _) => f.action.id.to_string(),
            ("updates", _) => f.update.to_string(),
            ("files", _) => f.file.to_string(),
            ("mail", _) => f.mail.to_string(),
            ("rounds", _) => f.round.to_string(),
            ("issues", _) => f.issue.to_string(),
            ("indicators", _) => f.indicator.to_string(),
            ("items", _) => f.item.to_string(),
            ("series", _) => f.series.to_string(),
            ("minutes", _) => f.meeting.id.to_string(),
            ("offices", _) => f.office_a.to_string(),
            ("users", _) => "1".to_owned(),
            ("dashboard", _) => "rollup.xlsx".to_owned(),
            ("tokens", _) => "1".to_owned(),
            (b, s) => {
                panic!("the access matrix does not know what {s} after /{b}/ is: extend concrete()")
            }
        };
        out.push(id);
    }
    let url = out.join("/");
    if path == "/api/v1/search" {
        // The API's search needs a query (the page shows its empty form without one): the
        // first word of the meeting's title, so that a hit outside its readers would show as
        // a leak (the answer repeats the query, never the whole title).
        let q = f.meeting.title.split_whitespace().next().unwrap_or("ประชุม");
        let q: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
        return format!("{url}?q={q}");
    }
    url
}

/// A signed-in role and whether the Sisaket objects are within its scope.
struct Who<'a> {
    name: &'static str,
    role: &'static str,
    creates: bool,
    client: Client<'a>,
    token: String,
    reads_meeting: bool,
    reads_action: bool,
    reads_round: bool,
    manages: bool,
    publishes: bool,
    updates: bool,
    is_admin: bool,
}

async fn who<'a>(
    app: &'a TestApp,
    name: &'static str,
    role: &'static str,
    grant: Grant,
    scope: [bool; 7],
) -> Who<'a> {
    let client = app
        .client(&format!("{name}@example.go.th"), role, grant)
        .await;
    let token = app.token_for(client.user_id).await;
    let [
        reads_meeting,
        reads_action,
        reads_round,
        manages,
        publishes,
        updates,
        is_admin,
    ] = scope;
    Who {
        name,
        role,
        creates: matches!(role, "admin" | "inspector" | "provincial_office"),
        client,
        token,
        reads_meeting,
        reads_action,
        reads_round,
        manages,
        publishes,
        updates,
        is_admin,
    }
}

impl Who<'_> {
    async fn call(&self, app: &TestApp, method: &str, path: &str) -> TestResponse {
        if path.starts_with("/api/") {
            let body = (method != "get").then(|| serde_json::json!({}));
            return app
                .api(&method.to_uppercase(), path, &self.token, body)
                .await;
        }
        if method == "get" {
            self.client.get(path).await
        } else if path.ends_with("/updates") || path.ends_with("/import") {
            self.client.post_multipart(path, &[], &[]).await
        } else {
            self.client.post(path, &[]).await
        }
    }
}

#[tokio::test]
async fn every_route_every_role_in_and_out_of_scope() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let db = &app.state.db;
    let kalasin = provinces::Entity::find()
        .filter(provinces::Column::Code.eq("TH-46"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(Some(kalasin.id), f.meeting.host_province_id);
    //                         meeting action round  manage publish update admin
    let roles = vec![
        who(
            &app,
            "admin",
            "admin",
            Grant::default(),
            [true, true, true, true, true, true, true],
        )
        .await,
        who(
            &app,
            "inspector-14",
            "inspector",
            Grant::zones(&[14]),
            [true, true, true, true, true, false, false],
        )
        .await,
        who(
            &app,
            "inspector-12",
            "inspector",
            Grant::zones(&[12]),
            [false, false, false, false, false, false, false],
        )
        .await,
        who(
            &app,
            "office-33",
            "provincial_office",
            Grant::province("TH-33"),
            [true, true, true, true, false, true, false],
        )
        .await,
        who(
            &app,
            "office-46",
            "provincial_office",
            Grant::province("TH-46"),
            [false, false, false, false, false, false, false],
        )
        .await,
        who(
            &app,
            "head-a2",
            "agency_head",
            Grant::office(f.office_a),
            [true, true, true, false, false, true, false],
        )
        .await,
        who(
            &app,
            "head-b",
            "agency_head",
            Grant::office(f.office_b),
            [false, false, true, false, false, false, false],
        )
        .await,
        who(
            &app,
            "viewer-33",
            "viewer",
            Grant::province("TH-33"),
            [true, true, true, false, false, false, false],
        )
        .await,
        who(
            &app,
            "viewer-46",
            "viewer",
            Grant::province("TH-46"),
            [false, false, false, false, false, false, false],
        )
        .await,
    ];
    let routes = declared_routes();
    assert!(routes.len() > 60, "found {} routes", routes.len());
    let unknown: Vec<_> = routes
        .iter()
        .filter(|(m, p)| rule(m, p).is_none())
        .collect();
    assert!(
        unknown.is_empty(),
        "routes missing from the access matrix: {unknown:?}"
    );

    let secret_title = f.meeting.title.clone();
    let action_link = format!("/actions/{}\"", f.action.id);
    let audit_before = audit_events::Entity::find().count(db).await.unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for (method, path) in &routes {
        let r = rule(method, path).unwrap();
        if matches!(r, Rule::Public | Rule::Own) {
            continue;
        }
        let url = concrete(path, &f);
        let object_reader = |w: &Who| {
            if path.contains("/rounds") || path.contains("/issues") || path.contains("/indicators")
            {
                w.reads_round
            } else if path.contains("/actions/")
                || path.contains("/updates/")
                || path.contains("/files/")
            {
                w.reads_action
            } else if path.starts_with("/series") {
                w.reads_meeting && w.role != "agency_head"
            } else {
                w.reads_meeting
            }
        };
        let may_write = |w: &Who| match r {
            Rule::Admin => w.is_admin,
            Rule::Manage => w.manages,
            Rule::Create => w.creates,
            Rule::CreateRound => w.is_admin || w.role == "inspector",
            Rule::Publish => w.publishes,
            Rule::Update => w.updates,
            Rule::Round => w.is_admin || w.publishes && w.reads_round,
            Rule::Mail => w.is_admin || w.role == "provincial_office" && w.reads_meeting,
            // Adding an office: administrators, a provincial office (in its own province);
            // changing one: those who manage its province.
            Rule::Offices if path.ends_with("/offices") => {
                w.is_admin || w.role == "provincial_office"
            }
            Rule::Offices => w.is_admin || w.role == "provincial_office" && w.reads_meeting,
            _ => true,
        };
        for w in &roles {
            // Permitted writes are the areas' own tests; here only refusals are exercised, so
            // the fixture stays as it is and refusals can be shown to leave no trace.
            let form = method == "get" && (path.ends_with("/edit") || path.ends_with("/new"));
            if method != "get" && may_write(w) {
                continue;
            }
            let res = w.call(&app, method, &url).await;
            checked += 1;
            let status = res.status;
            let denied = matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND);
            let mut fail = |why: &str| {
                failures.push(format!("{} {method} {url}: {why} (got {status})", w.name))
            };
            match r {
                Rule::Admin if !w.is_admin && status != StatusCode::FORBIDDEN => {
                    fail("admin only: 403")
                }
                Rule::Read if !object_reader(w) && status != StatusCode::NOT_FOUND => {
                    fail("out of scope: 404")
                }
                Rule::Read if object_reader(w) && !status.is_success() => {
                    fail("in scope: readable")
                }
                Rule::ReadMinutes
                    if (!object_reader(w) || w.role == "agency_head")
                        && status != StatusCode::NOT_FOUND =>
                {
                    fail("draft minutes out of scope or for an agency head: 404")
                }
                Rule::ReadMinutes
                    if object_reader(w) && w.role != "agency_head" && !status.is_success() =>
                {
                    fail("minutes in scope: readable")
                }
                Rule::List if !status.is_success() => fail("lists answer 200"),
                Rule::Mail if method == "get" && may_write(w) && !status.is_success() => {
                    fail("the mail log opens for admins and the province")
                }
                Rule::Mail if !may_write(w) && !denied => fail("mail log: 403 or 404"),
                Rule::Offices
                    if path.ends_with("/offices")
                        && method == "get"
                        && w.role == "agency_head"
                        && status.is_success() =>
                {
                    fail("agency heads do not list offices")
                }
                Rule::Offices
                    if path.ends_with("/{id}")
                        && method == "get"
                        && may_write(w) != status.is_success() =>
                {
                    fail("the office page opens for those who manage the province's offices only")
                }
                Rule::Offices
                    if path.ends_with("/{id}") && method == "get" && !may_write(w) && !denied =>
                {
                    fail("another province's office: 403 or 404")
                }
                Rule::Offices if method != "get" && !denied => {
                    fail("a refused change of offices answers 403 or 404")
                }
                Rule::Manage
                | Rule::Create
                | Rule::CreateRound
                | Rule::Publish
                | Rule::Update
                | Rule::Round
                    if method != "get" && !denied =>
                {
                    fail("a refused write answers 403 or 404")
                }
                _ if form
                    && may_write(w)
                    && (object_reader(w) || path.ends_with("s/new"))
                    && !status.is_success() =>
                {
                    fail("the form of a permitted change opens")
                }
                _ if form && !may_write(w) && !denied => {
                    fail("the form of a refused change: 403 or 404")
                }
                _ => {}
            }
            // Whatever the status: nothing of Sisaket's meeting leaks outside its readers.
            if !w.reads_meeting && res.body.contains(&secret_title) {
                fail("the body carries Sisaket's meeting title");
            }
            if !w.reads_action && res.body.contains(&action_link) {
                fail("the body links another office's action");
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Every write above was refused: none left an audit event or changed the objects.
    let audit_after = audit_events::Entity::find().count(db).await.unwrap();
    assert_eq!(
        audit_before, audit_after,
        "refused writes wrote audit events"
    );
    let after = meetings::Entity::find_by_id(f.meeting.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.title, f.meeting.title);
    let d = directives::Entity::find_by_id(f.directive)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(!d.text_md.is_empty());
}
