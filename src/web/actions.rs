//! Pages for actions: the scoped list with filters, the action page (updates, files, history),
//! posting an update with evidence files (multipart), reviewing an update, and serving files
//! within scope.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};

use super::flash::{self, Flash};
use super::form::{HtmlForm, opt};
use super::identity::Me;
use super::paging::{PageOf, Paging};
use crate::auth::Identity;
use crate::domain::fields::FieldErrors;
use crate::domain::status::ActionStatus;
use crate::error::AppError;
use crate::services::Ctx;
use crate::services::actions::{self as svc, ActionFilter};
use crate::services::directives::Choice;
use crate::services::updates::{self, Decision, UpdateInput, Upload};
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/actions", get(index))
        .route("/actions/{id}", get(show))
        .route(
            "/actions/{id}/updates",
            post(post_update).layer(DefaultBodyLimit::disable()),
        )
        .route("/updates/{id}/review", post(review))
        .route("/files/{id}", get(file))
}

/// The list's query string, as typed.
#[derive(Debug, Default, Serialize, Deserialize)]
struct ListQuery {
    office: Option<String>,
    status: Option<String>,
    overdue: Option<String>,
    week: Option<String>,
    meeting: Option<String>,
    q: Option<String>,
    page: Option<u64>,
    per_page: Option<u64>,
}

#[derive(Serialize)]
struct ListView<'a> {
    page: PageOf<svc::ActionRow>,
    query: &'a ListQuery,
    offices: Vec<Choice>,
    statuses: Vec<Choice>,
    qs: String,
}

async fn index(
    State(app): State<AppState>,
    Me(me): Me,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let filter = ActionFilter {
        office: opt(&q.office).and_then(|s| s.parse().ok()),
        status: opt(&q.status).map(str::to_owned),
        overdue: opt(&q.overdue).is_some(),
        due_week: opt(&q.week).is_some(),
        due_before: None,
        meeting: opt(&q.meeting).and_then(|s| s.parse().ok()),
        q: opt(&q.q).map(str::to_owned),
    };
    let paging = Paging {
        page: q.page.unwrap_or(1),
        per_page: q.per_page.unwrap_or(super::paging::DEFAULT_PER_PAGE),
    };
    let page = svc::list(&app.db, &ctx, &filter, paging).await?;
    let offices = svc::office_filter_choices(&app.db, &ctx).await?;
    let mut qs = form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("office", &q.office),
        ("status", &q.status),
        ("overdue", &q.overdue),
        ("week", &q.week),
        ("meeting", &q.meeting),
        ("q", &q.q),
    ] {
        if let Some(v) = opt(v) {
            qs.append_pair(k, v);
        }
    }
    let view = ListView {
        page,
        query: &q,
        offices,
        statuses: ActionStatus::ALL
            .iter()
            .map(|s| Choice {
                value: s.as_str().to_owned(),
                label: s.label_th().to_owned(),
            })
            .collect(),
        qs: qs.finish(),
    };
    app.pages.page(Some(&me), "actions/index.html.j2", &view)
}

#[derive(Serialize)]
struct ShowView<'a> {
    a: svc::ActionDetail,
    form: &'a UpdateInput,
    errors: FieldErrors,
    /// Files sent with a refused update: not kept, to be attached again.
    dropped_files: Vec<String>,
    max_mb: u64,
}

async fn render_show(
    app: &AppState,
    me: &Identity,
    id: i32,
    form: &UpdateInput,
    errors: FieldErrors,
    dropped_files: Vec<String>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(me, &app.clock);
    let a = svc::get(&app.db, &ctx, id).await?;
    let view = ShowView {
        a,
        form,
        errors,
        dropped_files,
        max_mb: app.settings.storage.max_upload_bytes.div_ceil(1024 * 1024),
    };
    app.pages.page(Some(me), "actions/show.html.j2", &view)
}

async fn show(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    render_show(
        &app,
        &me,
        id,
        &UpdateInput::default(),
        FieldErrors::new(),
        vec![],
    )
    .await
}

/// Reads the multipart update form; a file over the limit stops reading with a Thai 422.
pub(crate) async fn read_update(
    mut mp: Multipart,
    max: u64,
) -> Result<(UpdateInput, Vec<Upload>, Option<String>), AppError> {
    let bad = |_| AppError::BadRequest("ข้อมูลแบบฟอร์มไม่ถูกต้อง".to_owned());
    let mut input = UpdateInput::default();
    let mut files = Vec::new();
    let mut too_large = None;
    while let Some(mut field) = mp.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_owned();
        if let Some(filename) = field.file_name().map(str::to_owned) {
            let mut bytes = Vec::new();
            let mut over = false;
            while let Some(chunk) = field.chunk().await.map_err(bad)? {
                if bytes.len() as u64 + chunk.len() as u64 > max {
                    over = true;
                    break;
                }
                bytes.extend_from_slice(&chunk);
            }
            if over {
                too_large = Some(updates::too_large_message(max));
                break;
            }
            files.push(Upload { filename, bytes });
            continue;
        }
        let value = field.text().await.map_err(bad)?;
        match name.as_str() {
            "progress" => input.progress = Some(value),
            "metric_value" => input.metric_value = Some(value),
            "text_md" => input.text_md = Some(value),
            _ => {}
        }
    }
    Ok((input, files, too_large))
}

async fn post_update(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    mp: Multipart,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let storage = &app.settings.storage;
    let (input, files, too_large) = read_update(mp, storage.max_upload_bytes).await?;
    let names: Vec<String> = files.iter().map(|f| f.filename.clone()).collect();
    let result = match too_large {
        Some(msg) => {
            // Scope and permission first: never tell an outsider anything about the action.
            let a = svc::action_in_scope(&app.db, &ctx, id).await?;
            if !ctx
                .actor
                .can_post_update(crate::services::scope::action_location(&a))
            {
                return Err(AppError::Forbidden);
            }
            Err(AppError::Invalid(FieldErrors::one("files", msg)))
        }
        None => updates::post(&app.db, &ctx, storage, id, &input, files, false).await,
    };
    match result {
        Ok(_) => Ok(flash::redirect(
            &app,
            &format!("/actions/{id}"),
            Flash::UpdatePosted,
        )),
        Err(AppError::Invalid(errors)) => {
            let mut res = render_show(&app, &me, id, &input, errors, names).await?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

#[derive(Debug, Default, Deserialize)]
struct ReviewForm {
    #[serde(default)]
    decision: Option<String>,
    #[serde(default)]
    comment: Option<String>,
}

async fn review(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
    HtmlForm(form): HtmlForm<ReviewForm>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let decision = match opt(&form.decision) {
        Some("accept") => Some(Decision::Accept),
        Some("return") => Some(Decision::Return),
        _ => None,
    };
    let up = updates::review(&app.db, &ctx, id, decision, form.comment.as_deref()).await;
    match up {
        Ok(u) => {
            let msg = if decision == Some(Decision::Accept) {
                Flash::ReviewAccepted
            } else {
                Flash::ReviewReturned
            };
            Ok(flash::redirect(
                &app,
                &format!("/actions/{}", u.action_id),
                msg,
            ))
        }
        Err(AppError::Invalid(errors)) => {
            let action_id = crate::db::entities::action_updates::Entity::find_by_id(id)
                .one(&app.db)
                .await?
                .map(|u| u.action_id)
                .ok_or(AppError::NotFound)?;
            let mut res = render_show(
                &app,
                &me,
                action_id,
                &UpdateInput::default(),
                errors,
                vec![],
            )
            .await?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

use sea_orm::EntityTrait;

async fn file(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let (f, path) = updates::file(&app.db, &ctx, &app.settings.storage, id).await?;
    let bytes = tokio::fs::read(&path)
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("read {}: {e}", path.display())))?;
    let encoded: String = form_urlencoded::byte_serialize(f.filename.as_bytes()).collect();
    let disposition = format!(
        "attachment; filename=\"file\"; filename*=UTF-8''{}",
        encoded.replace('+', "%20")
    );
    Ok((
        [
            (header::CONTENT_TYPE, f.content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
