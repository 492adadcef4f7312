//! Pages for directives: draft at a meeting, show, edit, publish, and the "create actions" form
//! on the directive page (one row per target office).

use axum::extract::{Path, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::flash::{self, Flash};
use super::form::{HtmlForm, opt};
use super::routes::Routes;
use crate::auth::Identity;
use crate::domain::fields::FieldErrors;
use crate::domain::status::Horizon;
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::actions::command::{MetricTarget, RowText, Rows};
use crate::services::actions::{self as action_svc, ActionsCommand};
use crate::services::directives::{self as svc, Choice, DirectiveCommand, DirectiveInput};
use crate::services::{Ctx, scope};
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> Routes {
    Routes::new()
        .get("/meetings/{id}/directives/new", new_page)
        .post("/meetings/{id}/directives/new", new_submit)
        .get("/directives/{id}", show)
        .get("/directives/{id}/edit", edit_page)
        .post("/directives/{id}/edit", edit_submit)
        .get("/directives/{id}/publish", confirm_publish)
        .post("/directives/{id}/publish", publish)
        .post("/directives/{id}/actions", create_actions)
}

/// The directive form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DirectiveForm {
    #[serde(default)]
    issuer_role: String,
    #[serde(default)]
    issuer_name: Option<String>,
    #[serde(default)]
    agenda_item_id: Option<String>,
    #[serde(default)]
    issue_id: Option<String>,
    #[serde(default)]
    text_md: String,
    #[serde(default)]
    targets: Vec<String>,
}

impl DirectiveForm {
    /// What the form sent, ids read (a choice that is not a number is no choice).
    fn input(&self) -> DirectiveInput {
        DirectiveInput {
            issuer_role: self.issuer_role.clone(),
            issuer_name: self.issuer_name.clone(),
            agenda_item_id: opt(&self.agenda_item_id).and_then(|s| s.parse().ok()),
            issue_id: opt(&self.issue_id).and_then(|s| s.parse().ok()),
            text_md: self.text_md.clone(),
            target_office_ids: self.targets.iter().filter_map(|s| s.parse().ok()).collect(),
        }
    }
}

impl TryFrom<&DirectiveForm> for DirectiveCommand {
    type Error = FieldErrors;

    fn try_from(form: &DirectiveForm) -> Result<Self, FieldErrors> {
        Self::try_from(&form.input())
    }
}

#[derive(Serialize)]
struct FormView<'a> {
    meeting_id: i32,
    meeting_title: &'a str,
    directive_id: Option<i32>,
    choices: svc::FormChoices,
    form: &'a DirectiveForm,
    errors: FieldErrors,
}

async fn render_form(
    app: &AppState,
    me: &Identity,
    meeting: &crate::db::entities::meetings::Model,
    directive_id: Option<i32>,
    form: &DirectiveForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let choices = svc::form_choices(&app.db, meeting).await?;
    let view = FormView {
        meeting_id: meeting.id,
        meeting_title: &meeting.title,
        directive_id,
        choices,
        form,
        errors,
    };
    app.pages.page(Some(me), "directives/form.html.j2", &view)
}

async fn new_page(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let meeting = svc::meeting_in_scope(&app.db, &ctx, id).await?;
    if !ctx
        .actor
        .can_draft_directives(scope::meeting_location(&meeting))
    {
        return Err(AppError::Forbidden);
    }
    let form = DirectiveForm {
        issuer_role: "meeting".to_owned(),
        ..Default::default()
    };
    render_form(&app, &me, &meeting, None, &form, FieldErrors::new()).await
}

async fn new_submit(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    HtmlForm(form): HtmlForm<DirectiveForm>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    // Scope and right first: an outsider learns nothing from the form's errors.
    let meeting = svc::drafting_meeting(&app.db, &ctx, id).await?;
    let result = match DirectiveCommand::try_from(&form) {
        Ok(cmd) => svc::draft(&app.db, &ctx, id, &cmd).await,
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    if let Err(AppError::Invalid(errors)) = result {
        let mut res = render_form(&app, &me, &meeting, None, &form, errors).await?;
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(res);
    }
    result.map(|d| {
        flash::redirect(
            &app,
            &format!("/directives/{}", d.id),
            Flash::DirectiveSaved,
        )
    })
}

async fn edit_page(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let (view, rights, meeting) = svc::get(&app.db, &ctx, id).await?;
    if !rights.edit {
        return Err(AppError::Forbidden);
    }
    let form = DirectiveForm {
        issuer_role: view.issuer_role.clone(),
        issuer_name: view.issuer_name.clone(),
        agenda_item_id: view.agenda_item_id.map(|v| v.to_string()),
        issue_id: view.issue_id.map(|v| v.to_string()),
        text_md: view.text_md.clone(),
        targets: view
            .targets
            .iter()
            .map(|t| t.office_id.to_string())
            .collect(),
    };
    render_form(&app, &me, &meeting, Some(id), &form, FieldErrors::new()).await
}

async fn edit_submit(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    HtmlForm(form): HtmlForm<DirectiveForm>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    // Scope and right first: an outsider learns nothing from the form's errors.
    let (_, meeting) = svc::editable(&app.db, &ctx, id).await?;
    let result = match DirectiveCommand::try_from(&form) {
        Ok(cmd) => svc::edit(&app.db, &ctx, id, &cmd).await,
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    if let Err(AppError::Invalid(errors)) = result {
        let mut res = render_form(&app, &me, &meeting, Some(id), &form, errors).await?;
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(res);
    }
    result.map(|d| {
        flash::redirect(
            &app,
            &format!("/directives/{}", d.id),
            Flash::DirectiveSaved,
        )
    })
}

/// How many distinct offices a directive's actions go to (the emails publishing sends).
fn office_count(d: &svc::DirectiveView) -> u32 {
    let offices: std::collections::BTreeSet<i32> = d.actions.iter().map(|a| a.office_id).collect();
    u32::try_from(offices.len()).unwrap_or(u32::MAX)
}

#[derive(Serialize)]
struct ConfirmPublishView {
    d: svc::DirectiveView,
    offices: u32,
}

/// Publishing cannot be undone: a page says what will happen and to whom, then posts.
async fn confirm_publish(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let (d, rights, _) = svc::get(&app.db, &ctx, id).await?;
    if !rights.publish {
        return Err(AppError::Forbidden);
    }
    let view = ConfirmPublishView {
        offices: office_count(&d),
        d,
    };
    app.pages
        .page(Some(&me), "directives/confirm_publish.html.j2", &view)
}

async fn publish(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let d = svc::publish(&app.db, &ctx, &app.mail, id).await?;
    let (view, _, _) = svc::get(&app.db, &ctx, d.id).await?;
    Ok(flash::redirect(
        &app,
        &format!("/directives/{}", d.id),
        Flash::Published(office_count(&view)),
    ))
}

/// One row of the "create actions" form, as typed.
#[derive(Debug, Clone, Serialize)]
struct RowView {
    office_id: i32,
    office: String,
    title: String,
    expected_md: String,
    due: String,
    horizon: String,
    metric_name: String,
    metric_unit: String,
    metric_target: String,
}

#[derive(Serialize)]
struct ShowView {
    d: svc::DirectiveView,
    rights: svc::DirectiveRights,
    rows: Vec<RowView>,
    horizons: Vec<Choice>,
    errors: FieldErrors,
    confirm: bool,
    ask_confirm: bool,
}

async fn render_show(
    app: &AppState,
    me: &Identity,
    id: i32,
    typed: Option<Vec<RowView>>,
    errors: FieldErrors,
    confirm: bool,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(me, &app.clock);
    let (d, rights, _) = svc::get(&app.db, &ctx, id).await?;
    let rows = typed.unwrap_or_else(|| {
        let have: std::collections::BTreeSet<i32> = d.actions.iter().map(|a| a.office_id).collect();
        d.targets
            .iter()
            .filter(|t| !have.contains(&t.office_id))
            .map(|t| RowView {
                office_id: t.office_id,
                office: t.name.clone(),
                title: String::new(),
                expected_md: String::new(),
                due: String::new(),
                horizon: String::new(),
                metric_name: String::new(),
                metric_unit: String::new(),
                metric_target: String::new(),
            })
            .collect()
    });
    let ask_confirm = errors.iter().any(|(_, m)| m.contains("ก่อนวันประชุม"));
    let view = ShowView {
        d,
        rights,
        rows,
        horizons: Horizon::ALL
            .iter()
            .map(|h| Choice {
                value: h.as_str().to_owned(),
                label: h.label_th().to_owned(),
            })
            .collect(),
        errors,
        confirm,
        ask_confirm,
    };
    app.pages.page(Some(me), "directives/show.html.j2", &view)
}

async fn show(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    render_show(&app, &me, id, None, FieldErrors::new(), false).await
}

/// The "create actions" form: parallel lists, one entry per row.
#[derive(Debug, Default, Deserialize)]
struct ActionsForm {
    #[serde(default)]
    office_id: Vec<String>,
    #[serde(default)]
    office: Vec<String>,
    #[serde(default)]
    title: Vec<String>,
    #[serde(default)]
    expected_md: Vec<String>,
    #[serde(default)]
    due: Vec<String>,
    #[serde(default)]
    horizon: Vec<String>,
    #[serde(default)]
    metric_name: Vec<String>,
    #[serde(default)]
    metric_unit: Vec<String>,
    #[serde(default)]
    metric_target: Vec<String>,
    #[serde(default)]
    confirm: Option<String>,
}

fn at(v: &[String], i: usize) -> String {
    v.get(i).cloned().unwrap_or_default()
}

impl ActionsForm {
    /// The rows as typed (what the page shows again with the errors).
    fn typed(&self) -> Vec<RowView> {
        (0..self.office_id.len())
            .map(|i| RowView {
                office_id: self.office_id[i].parse().unwrap_or(0),
                office: at(&self.office, i),
                title: at(&self.title, i),
                expected_md: at(&self.expected_md, i),
                due: at(&self.due, i),
                horizon: at(&self.horizon, i),
                metric_name: at(&self.metric_name, i),
                metric_unit: at(&self.metric_unit, i),
                metric_target: at(&self.metric_target, i),
            })
            .collect()
    }
}

impl TryFrom<&ActionsForm> for ActionsCommand {
    type Error = FieldErrors;

    /// One row per office (an office that is not a number is none: the service refuses it),
    /// due dates typed the Thai way.
    fn try_from(form: &ActionsForm) -> Result<Self, FieldErrors> {
        let mut rows = Rows::new();
        for (i, r) in form.typed().iter().enumerate() {
            rows.row(
                i,
                RowText {
                    office_id: r.office_id,
                    title: &r.title,
                    expected_md: Some(&r.expected_md),
                    due: Some(&r.due),
                    horizon: Some(&r.horizon),
                    metric_name: Some(&r.metric_name),
                    metric_unit: Some(&r.metric_unit),
                    metric_target: Some(MetricTarget::Typed(&r.metric_target)),
                },
            );
        }
        rows.finish(form.confirm.is_some())
    }
}

async fn create_actions(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    HtmlForm(form): HtmlForm<ActionsForm>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    // Scope and right first: an outsider learns nothing from the form's errors.
    svc::drafting_directive(&app.db, &ctx, id).await?;
    let confirm = form.confirm.is_some();
    let result = match ActionsCommand::try_from(&form) {
        Ok(cmd) => action_svc::create(&app.db, &ctx, &app.mail, id, &cmd).await,
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match result {
        Err(AppError::Invalid(errors)) => {
            let typed = form.typed();
            let mut res = render_show(&app, &me, id, Some(typed), errors, confirm).await?;
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        other => other.map(|created| {
            let n = u32::try_from(created.len()).unwrap_or(u32::MAX);
            flash::redirect(&app, &format!("/directives/{id}"), Flash::ActionsSaved(n))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn the_actions_form_is_parsed_row_by_row_with_thai_dates() {
        let form = ActionsForm {
            office_id: list(&["11", "12", "13"]),
            office: list(&["ก", "ข", "ค"]),
            title: list(&["รายงานผล", "", "สำรวจ"]),
            expected_md: list(&["", "", ""]),
            due: list(&["30/09/2565", "", "31/02/2565"]),
            horizon: list(&["urgent", "", ""]),
            metric_name: list(&["", "", ""]),
            metric_unit: list(&["", "", ""]),
            metric_target: list(&["1,200", "", "มาก"]),
            confirm: None,
        };
        let e = ActionsCommand::try_from(&form).unwrap_err();
        assert!(e.get("due.2").is_some(), "{e}");
        assert_eq!(e.get("metric_target.2"), Some("ค่าเป้าหมายต้องเป็นตัวเลข"));
        assert_eq!(e.get("due.0"), None);
        let form = ActionsForm {
            due: list(&["30/09/2565", "", ""]),
            metric_target: list(&["1,200", "", ""]),
            confirm: Some("1".to_owned()),
            ..form
        };
        let c = ActionsCommand::try_from(&form).expect("the actions form parses");
        assert!(c.confirm);
        let rows: Vec<(usize, i32)> = c.actions.iter().map(|a| (a.row, a.office_id)).collect();
        assert_eq!(
            rows,
            [(0, 11), (2, 13)],
            "the blank title's row is left out"
        );
        assert_eq!(
            c.actions[0].due,
            chrono::NaiveDate::from_ymd_opt(2022, 9, 30)
        );
        assert_eq!(c.actions[0].horizon, Some(Horizon::Urgent));
        assert_eq!(c.actions[0].metric_target, Some(1200.0));
    }

    #[test]
    fn the_directive_form_is_parsed_with_its_ids() {
        let form = DirectiveForm {
            issuer_role: "governor".to_owned(),
            agenda_item_id: Some("4".to_owned()),
            issue_id: Some(String::new()),
            text_md: "ให้รายงานผล".to_owned(),
            targets: list(&["9", "x", "2", "9"]),
            ..DirectiveForm::default()
        };
        let c = DirectiveCommand::try_from(&form).expect("the directive form parses");
        assert_eq!(c.issuer_role, crate::domain::status::IssuerRole::Governor);
        assert_eq!((c.agenda_item_id, c.issue_id), (Some(4), None));
        assert_eq!(c.targets, [2, 9]);
        let e = DirectiveCommand::try_from(&DirectiveForm::default()).unwrap_err();
        assert!(e.get("issuer_role").is_some() && e.get("text_md").is_some());
    }
}
