//! Pages for the agenda of a meeting: the numbered agenda with add, edit, delete and move
//! up/down (plain POST forms, no script needed).

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Serialize;

use super::flash::{self, Flash};
use super::form::{HtmlForm, unprocessable};
use super::meetings::Opt;
use super::routes::Routes;
use crate::auth::Identity;
use crate::domain::fields::FieldErrors;
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::agenda::{self as svc, AgendaView, ItemCommand, ItemInput};
use crate::services::{Ctx, meetings as svc_meetings, scope};
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> Routes {
    Routes::new()
        .get("/meetings/{id}/agenda", index)
        .post("/meetings/{id}/agenda/items", add)
        .get("/meetings/{id}/agenda/items/{item}/edit", edit)
        .post("/meetings/{id}/agenda/items/{item}/edit", update)
        .post("/meetings/{id}/agenda/items/{item}/delete", delete)
        .post("/meetings/{id}/agenda/items/{item}/up", up)
        .post("/meetings/{id}/agenda/items/{item}/down", down)
}

#[derive(Serialize)]
struct View {
    meeting_id: i32,
    title: String,
    number: Option<String>,
    agenda: AgendaView,
    manage: bool,
    input: ItemInput,
    errors: FieldErrors,
    item_id: Option<i32>,
    auto_item: bool,
    sections: Vec<Opt>,
    parents: Vec<Opt>,
    offices: Vec<Opt>,
    issues: Vec<Opt>,
}

async fn render(
    app: &AppState,
    me: &Identity,
    meeting_id: i32,
    input: ItemInput,
    errors: FieldErrors,
    item_id: Option<i32>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(me, &app.clock);
    let m = svc_meetings::find(&app.db, &ctx, meeting_id).await?;
    let agenda = svc::load(&app.db, &ctx, &m).await?;
    let manage = ctx.actor.can_manage_meetings(scope::meeting_location(&m));
    let (offices, issues) = svc::choices(&app.db, &m).await?;
    let opt = |(v, l): (i32, String)| Opt {
        value: v.to_string(),
        label: l,
    };
    let sections = agenda
        .sections
        .iter()
        .map(|s| Opt {
            value: s.id.to_string(),
            label: s.title.clone(),
        })
        .collect();
    let parents = agenda
        .sections
        .iter()
        .flat_map(|s| s.items.iter())
        .filter(|i| i.depth == 0 && Some(i.id) != item_id)
        .map(|i| Opt {
            value: i.id.to_string(),
            label: format!("{} {}", i.number, i.title),
        })
        .collect();
    let auto_item = item_id.is_some_and(|id| {
        agenda
            .sections
            .iter()
            .flat_map(|s| s.items.iter())
            .any(|i| i.id == id && i.auto_kind.is_some())
    });
    let view = View {
        meeting_id: m.id,
        title: m.title.clone(),
        number: svc_meetings::number_of(&m),
        agenda,
        manage,
        input,
        errors,
        item_id,
        auto_item,
        sections,
        parents,
        offices: offices.into_iter().map(opt).collect(),
        issues: issues.into_iter().map(opt).collect(),
    };
    let name = if item_id.is_some() {
        "meetings/agenda_item.html.j2"
    } else {
        "meetings/agenda.html.j2"
    };
    app.pages.page(Some(me), name, &view)
}

async fn index(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    render(
        &app,
        &me,
        id,
        ItemInput::default(),
        FieldErrors::new(),
        None,
    )
    .await
}

async fn add(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    HtmlForm(input): HtmlForm<ItemInput>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let done = match ItemCommand::try_from(&input) {
        Ok(c) => svc::add_item(&app.db, &ctx, id, &c).await,
        Err(e) => Err(svc::refused(&app.db, &ctx, id, None, e).await),
    };
    match done {
        Ok(item) => Ok(flash::redirect(
            &app,
            &format!("/meetings/{id}/agenda#item-{}", item.id),
            Flash::AgendaSaved,
        )),
        Err(AppError::Invalid(e)) => {
            Ok(unprocessable(render(&app, &me, id, input, e, None).await?))
        }
        Err(e) => Err(e),
    }
}

async fn edit(
    State(app): State<AppState>,
    Me(me): Me,
    Path((id, item)): Path<(i32, i32)>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    svc_meetings::find_managed(&app.db, &ctx, id).await?;
    let (_, it) = svc::get_item(&app.db, &ctx, id, item).await?;
    render(
        &app,
        &me,
        id,
        svc::input_of(&it),
        FieldErrors::new(),
        Some(item),
    )
    .await
}

async fn update(
    State(app): State<AppState>,
    Me(me): Me,
    Path((id, item)): Path<(i32, i32)>,
    HtmlForm(input): HtmlForm<ItemInput>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let done = match ItemCommand::try_from(&input) {
        Ok(c) => svc::update_item(&app.db, &ctx, id, item, &c).await,
        Err(e) => Err(svc::refused(&app.db, &ctx, id, Some(item), e).await),
    };
    match done {
        Ok(_) => Ok(flash::redirect(
            &app,
            &format!("/meetings/{id}/agenda#item-{item}"),
            Flash::AgendaSaved,
        )),
        Err(AppError::Invalid(e)) => Ok(unprocessable(
            render(&app, &me, id, input, e, Some(item)).await?,
        )),
        Err(e) => Err(e),
    }
}

async fn delete(
    State(app): State<AppState>,
    Me(me): Me,
    Path((id, item)): Path<(i32, i32)>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    svc::delete_item(&app.db, &ctx, id, item).await?;
    Ok(flash::redirect(
        &app,
        &format!("/meetings/{id}/agenda"),
        Flash::AgendaItemDeleted,
    ))
}

async fn up(
    State(app): State<AppState>,
    Me(me): Me,
    Path((id, item)): Path<(i32, i32)>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    svc::move_item(&app.db, &ctx, id, item, true).await?;
    Ok(flash::redirect(
        &app,
        &format!("/meetings/{id}/agenda#item-{item}"),
        Flash::AgendaItemMoved,
    ))
}

async fn down(
    State(app): State<AppState>,
    Me(me): Me,
    Path((id, item)): Path<(i32, i32)>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    svc::move_item(&app.db, &ctx, id, item, false).await?;
    Ok(flash::redirect(
        &app,
        &format!("/meetings/{id}/agenda#item-{item}"),
        Flash::AgendaItemMoved,
    ))
}
