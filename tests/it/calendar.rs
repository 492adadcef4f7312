//! Calendar feeds (issue 14): a user's secret `.ics` URL made on the account page, read with the
//! account's scope at each fetch, revoked to 404; a province's public feed, 404 until its
//! provincial office switches it on. The feeds are parsed with the icalendar crate.

use std::str::FromStr;

use axum::http::{StatusCode, header};
use icalendar::{Calendar, Component, Event, EventLike};
use prachum::mail::invitation;

use crate::helpers::fixtures::MeetingBuilder;
use crate::helpers::{Client, Grant, TestApp, TestResponse};

/// Presses the submit button of the form `form` on the page at `page`, as a person would: the
/// form's action and hidden fields as rendered.
async fn press(c: &Client<'_>, page: &str, form: &str) -> TestResponse {
    let html = c.get(page).await.body;
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse(form).unwrap();
    let f = doc
        .select(&sel)
        .next()
        .unwrap_or_else(|| panic!("{page} has no {form}"));
    let action = f.value().attr("action").unwrap().to_owned();
    let hidden = scraper::Selector::parse("input[type=hidden]").unwrap();
    let fields: Vec<(String, String)> = f
        .select(&hidden)
        .filter_map(|i| {
            let v = i.value();
            Some((v.attr("name")?.to_owned(), v.attr("value")?.to_owned()))
        })
        .filter(|(k, _)| k != "_csrf")
        .collect();
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    c.post(&action, &fields).await
}

/// Makes the client's feed from the account page; returns the feed's path (`/calendar/….ics`).
async fn make_feed(app: &TestApp, c: &Client<'_>) -> String {
    let res = press(c, "/account", "form#feed-create").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.header(header::CACHE_CONTROL), Some("no-store"));
    let doc = scraper::Html::parse_document(&res.body);
    let sel = scraper::Selector::parse("#feed-url").unwrap();
    let url: String = doc
        .select(&sel)
        .next()
        .expect("the new feed URL")
        .text()
        .collect();
    let path = url
        .strip_prefix(&app.state.mail.base_url)
        .unwrap_or_else(|| panic!("{url} is on this site"))
        .to_owned();
    assert!(
        path.starts_with("/calendar/") && path.ends_with(".ics"),
        "{path}"
    );
    path
}

/// Fetches a feed with no session (as a calendar app does) and checks RFC 5545's form.
async fn fetch(app: &TestApp, path: &str) -> (String, Calendar) {
    let res = app.get(path).await;
    assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
    assert_eq!(
        res.header(header::CONTENT_TYPE),
        Some("text/calendar; charset=utf-8")
    );
    let text = res.body;
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for needed in [
        "\r\nVERSION:2.0\r\n",
        "\r\nPRODID:",
        "\r\nX-WR-CALNAME:",
        "\r\nBEGIN:VTIMEZONE\r\nTZID:Asia/Bangkok\r\n",
    ] {
        assert!(text.contains(needed), "{needed:?} in {text}");
    }
    for line in text.split_terminator("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line break: {line:?}"
        );
        assert!(line.len() <= 75, "{} octets unfolded: {line}", line.len());
    }
    let cal = Calendar::from_str(&text).unwrap_or_else(|e| panic!("not iCalendar ({e}): {text}"));
    (text, cal)
}

fn by_uid<'a>(cal: &'a Calendar, uid: &str) -> Option<&'a Event> {
    cal.events().find(|e| e.get_uid() == Some(uid))
}

#[tokio::test]
async fn a_provincial_feed_lists_its_own_province_and_nothing_of_another() {
    let app = TestApp::spawn().await;
    let sisaket = MeetingBuilder::new(&app)
        .in_province("TH-33")
        .titled("ประชุมกรมการจังหวัดศรีสะเกษ")
        .on("15/01/2570")
        .with_directives(1, 1)
        .published()
        .build()
        .await;
    let cancelled = MeetingBuilder::new(&app)
        .in_province("TH-33")
        .titled("ประชุมคณะทำงานที่ยกเลิก")
        .on("20/01/2570")
        .status("cancelled")
        .build()
        .await;
    let chiang_mai = MeetingBuilder::new(&app)
        .in_province("TH-50")
        .titled("ประชุมกรมการจังหวัดเชียงใหม่")
        .on("15/01/2570")
        .with_directives(1, 1)
        .published()
        .build()
        .await;
    let long_ago = MeetingBuilder::new(&app)
        .in_province("TH-33")
        .titled("ประชุมเมื่อสองปีก่อน")
        .on("01/10/2567")
        .build()
        .await;
    let c = app
        .client(
            "po@sisaket.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let path = make_feed(&app, &c).await;
    let (text, cal) = fetch(&app, &path).await;
    let name = cal.property_value("X-WR-CALNAME").unwrap();
    assert!(name.starts_with("ประชุม: ปฏิทินของ "), "{name}");

    let uid = |id| invitation::uid(&app.state.mail, id);
    let own = by_uid(&cal, &uid(sisaket.meeting.id)).expect("Sisaket's meeting");
    assert_eq!(own.get_summary(), Some("ประชุมกรมการจังหวัดศรีสะเกษ"));
    assert!(
        text.contains("DTSTART;TZID=Asia/Bangkok:20270115T090000\r\n")
            && text.contains("DTEND;TZID=Asia/Bangkok:20270115T120000\r\n"),
        "{text}"
    );
    assert_eq!(
        own.get_url(),
        Some(
            format!(
                "{}/meetings/{}",
                app.state.mail.base_url, sisaket.meeting.id
            )
            .as_str()
        )
    );
    assert!(own.get_last_modified().is_some() && own.get_sequence().is_some());
    // Scope leak: nothing of Chiang Mai, neither its meeting nor its action; nothing older than
    // the feed's window.
    assert!(
        by_uid(&cal, &uid(chiang_mai.meeting.id)).is_none(),
        "{text}"
    );
    assert!(!text.contains("เชียงใหม่"), "{text}");
    assert!(by_uid(&cal, &uid(long_ago.meeting.id)).is_none());

    let gone = by_uid(&cal, &uid(cancelled.meeting.id)).expect("the cancelled meeting");
    assert_eq!(gone.property_value("STATUS"), Some("CANCELLED"));
    assert_eq!(own.property_value("STATUS"), Some("CONFIRMED"));

    // The action's due date: an all-day event linking to the action.
    let host = invitation::uid_host(&app.state.mail);
    let action = &sisaket.actions[0];
    let due = by_uid(&cal, &format!("action-{}@{host}", action.id)).expect("the action's due date");
    assert_eq!(
        due.get_summary().map(str::to_owned),
        Some(format!("ครบกำหนด: {}", action.title))
    );
    assert_eq!(
        due.get_url(),
        Some(format!("{}/actions/{}", app.state.mail.base_url, action.id).as_str())
    );
    let chunk = text
        .split("BEGIN:VEVENT")
        .find(|e| e.contains(&format!("UID:action-{}@", action.id)))
        .unwrap();
    assert!(chunk.contains("DTSTART;VALUE=DATE:20270930\r\n"), "{chunk}");
    assert!(chunk.contains("DTEND;VALUE=DATE:20271001\r\n"), "{chunk}");
    assert!(
        !text.contains(&format!("UID:action-{}@", chiang_mai.actions[0].id)),
        "Chiang Mai's action leaked"
    );

    // Chiang Mai's office sees its own and not Sisaket's.
    let cm = app
        .client(
            "po@chiangmai.go.th",
            "provincial_office",
            Grant::province("TH-50"),
        )
        .await;
    let (_, theirs) = fetch(&app, &make_feed(&app, &cm).await).await;
    assert!(by_uid(&theirs, &uid(chiang_mai.meeting.id)).is_some());
    assert!(by_uid(&theirs, &uid(sisaket.meeting.id)).is_none());
}

#[tokio::test]
async fn an_agency_heads_feed_has_its_own_offices_actions_only() {
    let app = TestApp::spawn().await;
    let built = MeetingBuilder::new(&app)
        .in_province("TH-33")
        .on("15/01/2570")
        .with_directives(1, 2)
        .published()
        .build()
        .await;
    let (mine, other) = (&built.actions[0], &built.actions[1]);
    assert_ne!(mine.office_id, other.office_id);
    let c = app
        .client(
            "head@sisaket.go.th",
            "agency_head",
            Grant::office(mine.office_id),
        )
        .await;
    let (text, cal) = fetch(&app, &make_feed(&app, &c).await).await;
    let host = invitation::uid_host(&app.state.mail);
    assert!(
        by_uid(&cal, &format!("action-{}@{host}", mine.id)).is_some(),
        "{text}"
    );
    assert!(
        by_uid(&cal, &format!("action-{}@{host}", other.id)).is_none(),
        "{text}"
    );
    // It owes an action from the meeting, so the meeting is in its scope too.
    assert!(by_uid(&cal, &invitation::uid(&app.state.mail, built.meeting.id)).is_some());
}

#[tokio::test]
async fn a_remade_revoked_or_disabled_feed_answers_404() {
    let app = TestApp::spawn().await;
    let c = app
        .client(
            "po@sisaket.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let first = make_feed(&app, &c).await;
    fetch(&app, &first).await;
    // The page now tells that a feed exists (without showing its URL again).
    let page = c.get("/account").await.body;
    assert!(
        page.contains("มีลิงก์ปฏิทินแล้ว") && !page.contains(&first),
        "{page}"
    );

    let second = make_feed(&app, &c).await;
    assert_ne!(first, second);
    assert_eq!(app.get(&first).await.status, StatusCode::NOT_FOUND);
    fetch(&app, &second).await;

    let res = press(&c, "/account", "form#feed-revoke").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get(&second).await.status, StatusCode::NOT_FOUND);
    for nonsense in [
        "/calendar/abc.ics",
        &format!("/calendar/{}.ics", "0".repeat(64)),
        second.trim_end_matches(".ics"),
    ] {
        assert_eq!(
            app.get(nonsense).await.status,
            StatusCode::NOT_FOUND,
            "{nonsense}"
        );
    }

    // A disabled account's feed stops at once.
    let third = make_feed(&app, &c).await;
    fetch(&app, &third).await;
    let ctx = prachum::services::Ctx::system(&app.state.clock);
    let input = prachum::services::users::AccountInput {
        email: "po@sisaket.go.th".to_owned(),
        display_name: "ทดสอบ provincial_office".to_owned(),
        role: "provincial_office".to_owned(),
        province: Some("TH-33".to_owned()),
        ..Default::default()
    };
    let account = prachum::services::users::AccountCommand::try_from(&input).expect("account");
    prachum::services::users::update(&app.state.db, &ctx, c.user_id, &account, false)
        .await
        .expect("disable");
    assert_eq!(app.get(&third).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_public_province_feed_is_404_until_its_office_opts_in() {
    let app = TestApp::spawn().await;
    let planned = MeetingBuilder::new(&app)
        .in_province("TH-33")
        .titled("ประชุมหัวหน้าส่วนราชการจังหวัดศรีสะเกษ")
        .on("05/02/2570")
        .status("planned")
        .build()
        .await;
    let held = MeetingBuilder::new(&app)
        .in_province("TH-33")
        .titled("ประชุมที่จัดแล้วรอรายงาน")
        .on("10/01/2570")
        .build()
        .await;
    let cancelled = MeetingBuilder::new(&app)
        .in_province("TH-33")
        .on("12/01/2570")
        .status("cancelled")
        .build()
        .await;
    let path = "/calendar/province/TH-33.ics";
    assert_eq!(app.get(path).await.status, StatusCode::NOT_FOUND);

    // Another province's office cannot switch it on.
    let cm = app
        .client(
            "po@chiangmai.go.th",
            "provincial_office",
            Grant::province("TH-50"),
        )
        .await;
    let res = cm
        .post(
            "/account/calendar/public",
            &[("province", "TH-33"), ("on", "1")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(path).await.status, StatusCode::NOT_FOUND);

    let po = app
        .client(
            "po@sisaket.go.th",
            "provincial_office",
            Grant::province("TH-33"),
        )
        .await;
    let res = press(&po, "/account", "form#public-switch").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let (text, cal) = fetch(&app, path).await;
    assert_eq!(
        cal.property_value("X-WR-CALNAME"),
        Some("การประชุมของจังหวัดศรีสะเกษ")
    );
    let uid = |id| invitation::uid(&app.state.mail, id);
    let ev = by_uid(&cal, &uid(planned.meeting.id)).expect("the planned meeting");
    assert_eq!(ev.get_summary(), Some("ประชุมหัวหน้าส่วนราชการจังหวัดศรีสะเกษ"));
    assert_eq!(ev.get_location(), Some("ห้องประชุมศาลากลางจังหวัด"));
    assert!(
        ev.get_description().is_none() && ev.get_url().is_none(),
        "{text}"
    );
    assert!(
        by_uid(&cal, &uid(held.meeting.id)).is_none(),
        "internal: minutes not out"
    );
    assert!(by_uid(&cal, &uid(cancelled.meeting.id)).is_none());
    assert_eq!(
        app.get("/calendar/province/th-33.ics").await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/calendar/province/TH-50.ics").await.status,
        StatusCode::NOT_FOUND
    );

    // The page now offers to switch it off, and off it goes.
    let page = po.get("/account").await.body;
    assert!(page.contains("ปิดปฏิทินสาธารณะ"), "{page}");
    let res = press(&po, "/account", "form#public-switch").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get(path).await.status, StatusCode::NOT_FOUND);
}

/// In chromium: the account page's button makes the feed and the page shows its URL once; the
/// URL answers the feed; the page fits a phone 390 px wide.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_account_page_makes_a_feed_in_chromium() {
    use crate::helpers::browser::Browser;
    let app = TestApp::spawn().await;
    let built = MeetingBuilder::new(&app)
        .in_province("TH-33")
        .on("15/01/2570")
        .build()
        .await;
    app.account(
        "po@sisaket.go.th",
        "provincial_office",
        Grant::province("TH-33"),
    )
    .await;
    let base = app.serve().await;
    let b = Browser::start().await;
    b.sign_in(&base, "po@sisaket.go.th").await;
    b.click("nav.nav-wide a[href='/account']").await;
    assert_eq!(b.text_of("h1").await, "บัญชีของฉัน");
    assert_eq!(b.text_of("#feed-state").await, "ยังไม่มีลิงก์ปฏิทิน");
    b.submit("form#feed-create button[type=submit]").await;
    let url = b.text_of("#feed-url").await;
    let path = url
        .strip_prefix(&app.state.mail.base_url)
        .unwrap_or_else(|| panic!("{url}"))
        .to_owned();
    let (_, cal) = fetch(&app, &path).await;
    assert!(
        by_uid(&cal, &invitation::uid(&app.state.mail, built.meeting.id)).is_some(),
        "the meeting is in the feed"
    );
    b.set_size(390, 844).await;
    b.assert_fits().await;
    b.assert_tap_targets().await;
    b.assert_accessible().await;
    b.screenshot("account-calendar-390").await;
    // Back on the page later: the feed exists, its URL is not shown again.
    b.goto(&format!("{base}/account")).await;
    assert!(b.text_of("#feed-state").await.contains("มีลิงก์ปฏิทินแล้ว"));
    assert!(!b.page_text().await.contains(&path));
    b.assert_fits().await;
    b.close().await;
}
