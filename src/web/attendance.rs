//! Pages for attendance: one fast checklist (one row per office of the host province, plus
//! people and guests), native inputs only, saved with one POST in one transaction.

use std::collections::{BTreeMap, BTreeSet};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::flash::{self, Flash};
use super::form::HtmlForm;
use super::meetings::Opt;
use super::routes::Routes;
use crate::auth::Identity;
use crate::domain::fields::FieldErrors;
use crate::domain::status::AttendanceStatus;
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::attendance::{self as svc, AttendanceCommand, RowInput, Sheet, SheetRow};
use crate::services::{Ctx, meetings as svc_meetings, scope};
use crate::state::AppState;

/// Blank rows offered for people and guests.
const EXTRA_ROWS: usize = 2;

/// The routes of this module.
pub fn routes() -> Routes {
    Routes::new()
        .get("/meetings/{id}/attendance", show)
        .post("/meetings/{id}/attendance", save)
}

/// The checklist as posted: parallel lists, one entry per row; `sent` lists the keys checked.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SheetForm {
    key: Vec<String>,
    name: Vec<String>,
    title: Vec<String>,
    status: Vec<String>,
    rep_name: Vec<String>,
    rep_title: Vec<String>,
    reason: Vec<String>,
    sent: Vec<String>,
    /// Keys (`key#row`) of the rows ticked as groups.
    group: Vec<String>,
    /// Head counts of group rows, parallel to `key`.
    group_count: Vec<String>,
}

#[derive(Serialize)]
struct View {
    meeting_id: i32,
    title: String,
    date_th: String,
    sheet: Sheet,
    errors: FieldErrors,
    statuses: Vec<Opt>,
    manage: bool,
    /// Head counts as typed (kept when one is not a number), empty on a fresh page.
    typed_counts: Vec<String>,
}

fn at(v: &[String], i: usize) -> String {
    v.get(i).cloned().unwrap_or_default()
}

fn office_of(key: &str) -> Option<i32> {
    key.strip_prefix('o').and_then(|s| s.parse().ok())
}

impl SheetForm {
    /// The rows as typed, and the errors of head counts that are not whole numbers.
    fn rows(&self) -> (Vec<RowInput>, FieldErrors) {
        let sent: BTreeSet<&str> = self.sent.iter().map(String::as_str).collect();
        let group: BTreeSet<&str> = self.group.iter().map(String::as_str).collect();
        let mut e = FieldErrors::new();
        let rows = self
            .key
            .iter()
            .enumerate()
            .map(|(i, k)| RowInput {
                office_id: office_of(k),
                name: at(&self.name, i),
                title: at(&self.title, i),
                status: at(&self.status, i),
                represented_by_name: at(&self.rep_name, i),
                represented_by_title: at(&self.rep_title, i),
                absence_reason: at(&self.reason, i),
                report_sent_as_document: sent.contains(format!("{k}#{i}").as_str())
                    || sent.contains(k.as_str()),
                is_group: group.contains(format!("{k}#{i}").as_str()),
                group_count: count(&mut e, i, &at(&self.group_count, i)),
            })
            .collect();
        (rows, e)
    }
}

/// A group's head count as typed (Thai or Arabic digits); blank is none.
fn count(e: &mut FieldErrors, i: usize, s: &str) -> Option<u32> {
    let s = crate::domain::calendar::to_arabic_digits(s.trim());
    if s.is_empty() {
        return None;
    }
    match s.parse::<u32>() {
        Ok(n) => Some(n),
        Err(_) => {
            e.add(
                &format!("group_count.{i}"),
                "จำนวนในกลุ่มต้องเป็นจำนวนเต็ม 1–100000",
            );
            None
        }
    }
}

async fn render(
    app: &AppState,
    me: &Identity,
    id: i32,
    typed: Option<&SheetForm>,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(me, &app.clock);
    let m = svc_meetings::find(&app.db, &ctx, id).await?;
    let mut sheet = svc::sheet(&app.db, &ctx, &m).await?;
    if let Some(t) = typed {
        // Show what was typed, with the offices' names from the stored sheet.
        let known: BTreeMap<String, SheetRow> =
            sheet.rows.drain(..).map(|r| (r.key.clone(), r)).collect();
        let (rows, _) = t.rows();
        sheet.rows = t
            .key
            .iter()
            .zip(rows)
            .map(|(k, r)| {
                let base = known.get(k).cloned().unwrap_or_default();
                SheetRow {
                    key: k.clone(),
                    name: r.name,
                    title: r.title,
                    status_th: String::new(),
                    status: r.status,
                    rep_name: r.represented_by_name,
                    rep_title: r.represented_by_title,
                    reason: r.absence_reason,
                    sent: r.report_sent_as_document,
                    is_group: r.is_group,
                    group_count: r.group_count,
                    ..base
                }
            })
            .collect();
        sheet.counts = svc::counts(&sheet.rows);
    } else {
        for _ in 0..EXTRA_ROWS {
            sheet.rows.push(SheetRow {
                key: "new".to_owned(),
                ..Default::default()
            });
        }
    }
    let view = View {
        meeting_id: m.id,
        title: m.title.clone(),
        date_th: crate::domain::calendar::ThaiDate(m.meeting_date)
            .long(crate::services::agenda::digits_of(&m)),
        manage: ctx.actor.can_manage_meetings(scope::meeting_location(&m)),
        typed_counts: typed.map(|t| t.group_count.clone()).unwrap_or_default(),
        sheet,
        errors,
        statuses: AttendanceStatus::ALL
            .iter()
            .map(|s| Opt {
                value: s.as_str().to_owned(),
                label: s.label_th().to_owned(),
            })
            .collect(),
    };
    app.pages
        .page(Some(me), "meetings/attendance.html.j2", &view)
}

async fn show(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    render(&app, &me, id, None, FieldErrors::new()).await
}

async fn save(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    HtmlForm(form): HtmlForm<SheetForm>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let (rows, e) = form.rows();
    if !e.is_empty() {
        let mut res = render(&app, &me, id, Some(&form), e).await?;
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(res);
    }
    let present = rows
        .iter()
        .filter(|r| {
            matches!(
                r.status.as_str(),
                "present" | "online" | "represented" | "acting" | "guest"
            )
        })
        .count();
    let done = match AttendanceCommand::try_from(rows.as_slice()) {
        Ok(c) => svc::save(&app.db, &ctx, id, &c).await,
        Err(e) => Err(svc::refused(&app.db, &ctx, id, e).await),
    };
    match done {
        Ok(_) => Ok(flash::redirect(
            &app,
            &format!("/meetings/{id}/attendance"),
            Flash::AttendanceSaved(u32::try_from(present).unwrap_or(u32::MAX)),
        )),
        Err(AppError::Invalid(e)) => {
            let mut res = render(&app, &me, id, Some(&form), e).await?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(e),
    }
}
