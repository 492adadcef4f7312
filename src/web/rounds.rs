//! Inspection rounds (`/rounds`): list within scope, read, create and edit (administrators,
//! inspectors within their zones), with inspection issues and their indicators.
//!
//! Longer than 500 lines on purpose: thin handlers (one per route) for a round and the inspection
//! issues and indicators nested under it, three forms that share the round's edit check.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::{EntityTrait, QueryOrder};
use serde::{Deserialize, Serialize};

use super::form::{HtmlForm, opt};
use super::routes::Routes;
use crate::auth::Identity;
use crate::db::entities::zones;
use crate::domain::access::Scope;
use crate::domain::fields::FieldErrors;
use crate::domain::paging::{PageOf, Paging};
use crate::domain::status::{InspectionLevel, Role};
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::Ctx;
use crate::services::rounds::{
    self, IndicatorCommand, IndicatorForm, IssueCommand, RoundCommand, RoundForm, RoundView,
};
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> Routes {
    Routes::new()
        .get("/rounds", list)
        .get("/rounds/new", new_form)
        .post("/rounds/new", create)
        .get("/rounds/{id}", show)
        .get("/rounds/{id}/edit", edit_form)
        .post("/rounds/{id}/edit", update)
        .post("/rounds/{id}/reminder", set_reminder)
        .get("/rounds/{id}/issues/new", new_issue)
        .post("/rounds/{id}/issues/new", create_issue)
        .get("/rounds/{id}/issues/{iid}/edit", edit_issue)
        .post("/rounds/{id}/issues/{iid}/edit", update_issue)
        .post("/rounds/{id}/issues/{iid}/delete", delete_issue)
        .get("/rounds/{id}/issues/{iid}/indicators/new", new_indicator)
        .post("/rounds/{id}/issues/{iid}/indicators/new", create_indicator)
        .get("/rounds/{id}/indicators/{xid}/edit", edit_indicator)
        .post("/rounds/{id}/indicators/{xid}/edit", update_indicator)
        .post("/rounds/{id}/indicators/{xid}/delete", delete_indicator)
}

fn unprocessable(res: Response) -> Result<Response, AppError> {
    Ok(crate::web::form::unprocessable(res))
}

fn to(path: String) -> Result<Response, AppError> {
    Ok(Redirect::to(&path).into_response())
}

#[derive(Serialize)]
struct ListPage {
    rounds: PageOf<RoundView>,
    can_create: bool,
    query: String,
}

async fn list(
    State(app): State<AppState>,
    Me(me): Me,
    Query(paging): Query<Paging>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let (rows, total) = rounds::list(&app.db, &ctx, paging.index(), paging.size()).await?;
    let page = ListPage {
        rounds: PageOf::new(rows, paging, total),
        can_create: rounds::ensure_may_edit(&ctx).is_ok(),
        query: String::new(),
    };
    app.pages.page(Some(&me), "rounds/list.html.j2", &page)
}

#[derive(Serialize)]
struct Opt {
    value: String,
    label: String,
}

#[derive(Serialize)]
struct ZoneBox {
    number: i32,
    name_th: String,
    checked: bool,
}

#[derive(Serialize)]
struct FormPage {
    form: RoundForm,
    errors: FieldErrors,
    round_id: Option<i32>,
    action: String,
    levels: Vec<Opt>,
    zones: Vec<ZoneBox>,
}

async fn render_form(
    app: &AppState,
    me: &Identity,
    round_id: Option<i32>,
    form: RoundForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let all = zones::Entity::find()
        .order_by_asc(zones::Column::Number)
        .all(&app.db)
        .await?;
    let zones = all
        .into_iter()
        .filter(|z| match (&me.role, &me.actor.scope) {
            (Role::Admin, _) => true,
            (_, Scope::Zones(own)) => own.contains(&z.id),
            _ => false,
        })
        .map(|z| ZoneBox {
            checked: form.zones.iter().any(|n| n.trim() == z.number.to_string()),
            number: z.number,
            name_th: z.name_th,
        })
        .collect();
    let page = FormPage {
        action: round_id.map_or_else(
            || "/rounds/new".to_owned(),
            |id| format!("/rounds/{id}/edit"),
        ),
        form,
        errors,
        round_id,
        levels: InspectionLevel::ALL
            .iter()
            .map(|l| Opt {
                value: l.as_str().to_owned(),
                label: l.label_th().to_owned(),
            })
            .collect(),
        zones,
    };
    app.pages.page(Some(me), "rounds/form.html.j2", &page)
}

async fn new_form(State(app): State<AppState>, Me(me): Me) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    rounds::ensure_may_edit(&ctx)?;
    let form = RoundForm {
        fiscal_year: crate::domain::fiscal::FiscalYear::of(ctx.today)
            .0
            .to_string(),
        ..Default::default()
    };
    render_form(&app, &me, None, form, FieldErrors::new()).await
}

async fn create(
    State(app): State<AppState>,
    Me(me): Me,
    HtmlForm(form): HtmlForm<RoundForm>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    rounds::ensure_may_edit(&ctx)?;
    let result = match RoundCommand::try_from(&form) {
        Ok(command) => rounds::create(&app.db, &ctx, &command).await,
        Err(refusal) => Err(rounds::refused(&app.db, &ctx, None, refusal).await),
    };
    match result {
        Ok(r) => to(format!("/rounds/{}", r.id)),
        Err(AppError::Invalid(e)) => unprocessable(render_form(&app, &me, None, form, e).await?),
        Err(e) => Err(e),
    }
}

#[derive(Serialize)]
struct ShowPage {
    round: RoundView,
    can_edit: bool,
    reminder_text: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct ReminderForm {
    #[serde(default)]
    reminder_text: Option<String>,
}

/// Saves the reminder wording of a round (added to its reminder and escalation emails).
async fn set_reminder(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    HtmlForm(form): HtmlForm<ReminderForm>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    rounds::set_reminder_text(&app.db, &ctx, id, form.reminder_text.as_deref()).await?;
    Ok(Redirect::to(&format!("/rounds/{id}")).into_response())
}

async fn show(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let round = rounds::get(&app.db, &ctx, id).await?;
    let can_edit = rounds::may_edit(&app.db, &ctx, id).await;
    app.pages.page(
        Some(&me),
        "rounds/show.html.j2",
        &ShowPage {
            round,
            can_edit,
            reminder_text: rounds::reminder_text(&app.db, &ctx, id).await?,
        },
    )
}

async fn edit_form(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    rounds::ensure_may_edit(&ctx)?;
    let round = rounds::get(&app.db, &ctx, id).await?;
    if !rounds::may_edit(&app.db, &ctx, id).await {
        return Err(AppError::Forbidden);
    }
    render_form(
        &app,
        &me,
        Some(id),
        RoundForm::of(&round),
        FieldErrors::new(),
    )
    .await
}

async fn update(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    HtmlForm(form): HtmlForm<RoundForm>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    rounds::ensure_may_edit(&ctx)?;
    rounds::get(&app.db, &ctx, id).await?;
    let result = match RoundCommand::try_from(&form) {
        Ok(command) => rounds::update(&app.db, &ctx, id, &command).await,
        Err(refusal) => Err(rounds::refused(&app.db, &ctx, Some(id), refusal).await),
    };
    match result {
        Ok(_) => to(format!("/rounds/{id}")),
        Err(AppError::Invalid(e)) => {
            unprocessable(render_form(&app, &me, Some(id), form, e).await?)
        }
        Err(e) => Err(e),
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct IssueForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    is_key: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

impl TryFrom<&IssueForm> for IssueCommand {
    type Error = FieldErrors;

    /// The issue form: a ticked box (any value) is a key issue.
    fn try_from(f: &IssueForm) -> Result<Self, FieldErrors> {
        IssueCommand::read(&f.title, opt(&f.is_key).is_some(), f.description.as_deref())
    }
}

#[derive(Serialize)]
struct IssuePage {
    round: RoundView,
    form: IssueForm,
    errors: FieldErrors,
    action: String,
    editing: bool,
}

async fn render_issue(
    app: &AppState,
    me: &Identity,
    round_id: i32,
    issue_id: Option<i32>,
    form: IssueForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(me, &app.clock);
    let round = rounds::get(&app.db, &ctx, round_id).await?;
    let action = match issue_id {
        Some(i) => format!("/rounds/{round_id}/issues/{i}/edit"),
        None => format!("/rounds/{round_id}/issues/new"),
    };
    let page = IssuePage {
        round,
        form,
        errors,
        action,
        editing: issue_id.is_some(),
    };
    app.pages.page(Some(me), "rounds/issue_form.html.j2", &page)
}

async fn editable_round(app: &AppState, ctx: &Ctx, id: i32) -> Result<(), AppError> {
    rounds::ensure_may_edit(ctx)?;
    rounds::get(&app.db, ctx, id).await?;
    if rounds::may_edit(&app.db, ctx, id).await {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

async fn new_issue(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    editable_round(&app, &ctx, id).await?;
    render_issue(
        &app,
        &me,
        id,
        None,
        IssueForm::default(),
        FieldErrors::new(),
    )
    .await
}

async fn create_issue(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    HtmlForm(form): HtmlForm<IssueForm>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    // A refused change is refused (403, 404) before its fields are pointed out.
    let result = match IssueCommand::try_from(&form) {
        Ok(command) => rounds::add_issue(&app.db, &ctx, id, &command).await,
        Err(e) => match rounds::ensure_editable(&app.db, &ctx, id).await {
            Ok(()) => Err(AppError::Invalid(e)),
            Err(refused) => Err(refused),
        },
    };
    match result {
        Ok(i) => to(format!("/rounds/{id}#issue-{}", i.id)),
        Err(AppError::Invalid(e)) => {
            unprocessable(render_issue(&app, &me, id, None, form, e).await?)
        }
        Err(e) => Err(e),
    }
}

async fn issue_of(
    app: &AppState,
    ctx: &Ctx,
    id: i32,
    iid: i32,
) -> Result<crate::db::entities::inspection_issues::Model, AppError> {
    let issue = rounds::issue_for_edit(&app.db, ctx, iid).await?;
    if issue.round_id == id {
        Ok(issue)
    } else {
        Err(AppError::NotFound)
    }
}

async fn edit_issue(
    State(app): State<AppState>,
    Me(me): Me,
    Path((id, iid)): Path<(i32, i32)>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let issue = issue_of(&app, &ctx, id, iid).await?;
    let form = IssueForm {
        title: issue.title,
        is_key: issue.is_key.then(|| "1".to_owned()),
        description: issue.description,
    };
    render_issue(&app, &me, id, Some(iid), form, FieldErrors::new()).await
}

async fn update_issue(
    State(app): State<AppState>,
    Me(me): Me,
    Path((id, iid)): Path<(i32, i32)>,
    HtmlForm(form): HtmlForm<IssueForm>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    issue_of(&app, &ctx, id, iid).await?;
    let result = match IssueCommand::try_from(&form) {
        Ok(command) => rounds::update_issue(&app.db, &ctx, iid, &command).await,
        Err(e) => Err(AppError::Invalid(e)),
    };
    match result {
        Ok(_) => to(format!("/rounds/{id}#issue-{iid}")),
        Err(AppError::Invalid(e)) => {
            unprocessable(render_issue(&app, &me, id, Some(iid), form, e).await?)
        }
        Err(e) => Err(e),
    }
}

async fn delete_issue(
    State(app): State<AppState>,
    Me(me): Me,
    Path((id, iid)): Path<(i32, i32)>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    issue_of(&app, &ctx, id, iid).await?;
    rounds::delete_issue(&app.db, &ctx, iid).await?;
    to(format!("/rounds/{id}"))
}

#[derive(Serialize)]
struct IndicatorPage {
    round: RoundView,
    issue_title: String,
    form: IndicatorForm,
    errors: FieldErrors,
    action: String,
    editing: bool,
}

async fn render_indicator(
    app: &AppState,
    me: &Identity,
    round_id: i32,
    (issue_title, action, editing): (String, String, bool),
    form: IndicatorForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(me, &app.clock);
    let round = rounds::get(&app.db, &ctx, round_id).await?;
    let page = IndicatorPage {
        round,
        issue_title,
        form,
        errors,
        action,
        editing,
    };
    app.pages
        .page(Some(me), "rounds/indicator_form.html.j2", &page)
}

async fn new_indicator(
    State(app): State<AppState>,
    Me(me): Me,
    Path((id, iid)): Path<(i32, i32)>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let issue = issue_of(&app, &ctx, id, iid).await?;
    let action = format!("/rounds/{id}/issues/{iid}/indicators/new");
    render_indicator(
        &app,
        &me,
        id,
        (issue.title, action, false),
        IndicatorForm::default(),
        FieldErrors::new(),
    )
    .await
}

async fn create_indicator(
    State(app): State<AppState>,
    Me(me): Me,
    Path((id, iid)): Path<(i32, i32)>,
    HtmlForm(form): HtmlForm<IndicatorForm>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let issue = issue_of(&app, &ctx, id, iid).await?;
    let result = match IndicatorCommand::try_from(&form) {
        Ok(d) => rounds::add_indicator(&app.db, &ctx, iid, &d).await,
        Err(e) => Err(AppError::Invalid(e)),
    };
    match result {
        Ok(_) => to(format!("/rounds/{id}#issue-{iid}")),
        Err(AppError::Invalid(e)) => {
            let action = format!("/rounds/{id}/issues/{iid}/indicators/new");
            unprocessable(
                render_indicator(&app, &me, id, (issue.title, action, false), form, e).await?,
            )
        }
        Err(e) => Err(e),
    }
}

async fn indicator_of(
    app: &AppState,
    ctx: &Ctx,
    id: i32,
    xid: i32,
) -> Result<(crate::db::entities::indicators::Model, String), AppError> {
    let (x, round_id) = rounds::indicator_for_edit(&app.db, ctx, xid).await?;
    if round_id != id {
        return Err(AppError::NotFound);
    }
    let issue = rounds::issue_for_edit(&app.db, ctx, x.issue_id).await?;
    Ok((x, issue.title))
}

async fn edit_indicator(
    State(app): State<AppState>,
    Me(me): Me,
    Path((id, xid)): Path<(i32, i32)>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let (x, title) = indicator_of(&app, &ctx, id, xid).await?;
    let action = format!("/rounds/{id}/indicators/{xid}/edit");
    render_indicator(
        &app,
        &me,
        id,
        (title, action, true),
        IndicatorForm::of(&x),
        FieldErrors::new(),
    )
    .await
}

async fn update_indicator(
    State(app): State<AppState>,
    Me(me): Me,
    Path((id, xid)): Path<(i32, i32)>,
    HtmlForm(form): HtmlForm<IndicatorForm>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let (x, title) = indicator_of(&app, &ctx, id, xid).await?;
    let result = match IndicatorCommand::try_from(&form) {
        Ok(d) => rounds::update_indicator(&app.db, &ctx, xid, &d).await,
        Err(e) => Err(AppError::Invalid(e)),
    };
    match result {
        Ok(_) => to(format!("/rounds/{id}#issue-{}", x.issue_id)),
        Err(AppError::Invalid(e)) => {
            let action = format!("/rounds/{id}/indicators/{xid}/edit");
            unprocessable(render_indicator(&app, &me, id, (title, action, true), form, e).await?)
        }
        Err(e) => Err(e),
    }
}

async fn delete_indicator(
    State(app): State<AppState>,
    Me(me): Me,
    Path((id, xid)): Path<(i32, i32)>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    indicator_of(&app, &ctx, id, xid).await?;
    rounds::delete_indicator(&app.db, &ctx, xid).await?;
    to(format!("/rounds/{id}"))
}
