//! Answering by signed link, without an account: `/r/{token}` shows the link's actions;
//! acknowledging, reporting progress, a metric value, text and evidence files post updates
//! recorded "via email link". An expired or tampered link gets a Thai page that offers to send
//! a fresh link to the address on file. The token in the path is the credential; forms carry
//! the pre-sign-in CSRF cookie's token like the sign-in form, or the session's token when the
//! head happens to be signed in (the CSRF check then expects that one).

use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;

use super::auth::{form_csrf, with_csrf_cookie};
use super::routes::Routes;
use super::upload;
use crate::auth::Identity;
use crate::domain::fields::FieldErrors;
use crate::edge::identity::MaybeMe;
use crate::error::AppError;
use crate::mail::links::Refused;
use crate::services::answers::{self, ACK_TEXT};
use crate::services::updates::{UpdateCommand, UpdateInput};
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> Routes {
    Routes::new()
        .get("/r/{token}", show)
        .upload("/r/{token}/actions/{id}", answer)
        .post("/r/{token}/actions/{id}/ack", acknowledge)
        .post("/r/{token}/renew", renew)
}

#[derive(Serialize)]
struct PageView<'a> {
    token: &'a str,
    csrf: &'a str,
    page: answers::LinkPage,
    done: bool,
    errors: FieldErrors,
    error_action: Option<i32>,
    form: &'a UpdateInput,
    /// Names of files sent with a refused report: they were not kept and must be attached again.
    dropped_files: Vec<String>,
    max_mb: u64,
}

#[derive(Serialize)]
struct RefusedView<'a> {
    token: &'a str,
    csrf: &'a str,
    expired: bool,
    revoked: bool,
    renewable: bool,
    requested: bool,
}

fn no_store(mut res: Response) -> Response {
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    // The token must not leak to other sites through the Referer header.
    res.headers_mut().insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("no-referrer"),
    );
    res
}

/// The token the page's forms carry, and whether the visitor cookie must be set.
fn link_csrf(me: Option<&Identity>, headers: &HeaderMap) -> (String, bool) {
    match me.and_then(|m| m.csrf.clone()) {
        Some(t) => (t, false),
        None => form_csrf(headers),
    }
}

fn refused_page(
    app: &AppState,
    me: Option<&Identity>,
    headers: &HeaderMap,
    token: &str,
    r: &Refused,
    requested: bool,
) -> Result<Response, AppError> {
    let (csrf, fresh) = link_csrf(me, headers);
    let view = RefusedView {
        token,
        csrf: &csrf,
        expired: matches!(r, Refused::Expired(_)),
        revoked: matches!(r, Refused::Revoked(_)),
        renewable: !matches!(r, Refused::Revoked(_)),
        requested,
    };
    let status = match r {
        Refused::Expired(_) => StatusCode::GONE,
        _ => StatusCode::FORBIDDEN,
    };
    let mut res = app.pages.page(None, "links/refused.html.j2", &view)?;
    *res.status_mut() = if requested { StatusCode::OK } else { status };
    Ok(no_store(with_csrf_cookie(app, res, &csrf, fresh)))
}

/// What a refused report sends back to its form.
#[derive(Default)]
struct Refusal {
    errors: FieldErrors,
    action: Option<i32>,
    form: UpdateInput,
    dropped_files: Vec<String>,
}

#[allow(clippy::too_many_arguments)]
async fn render_page(
    app: &AppState,
    me: Option<&Identity>,
    headers: &HeaderMap,
    token: &str,
    link: &crate::db::entities::response_links::Model,
    office: &crate::db::entities::agency_offices::Model,
    done: bool,
    refusal: Refusal,
) -> Result<Response, AppError> {
    let (csrf, fresh) = link_csrf(me, headers);
    let page = answers::page(&app.db, link, office).await?;
    let view = PageView {
        token,
        csrf: &csrf,
        page,
        done,
        errors: refusal.errors,
        error_action: refusal.action,
        form: &refusal.form,
        dropped_files: refusal.dropped_files,
        max_mb: app.settings.storage.max_upload_bytes.div_ceil(1024 * 1024),
    };
    let res = app.pages.page(None, "links/answer.html.j2", &view)?;
    Ok(no_store(with_csrf_cookie(app, res, &csrf, fresh)))
}

#[derive(serde::Deserialize, Default)]
struct DoneQuery {
    done: Option<String>,
}

async fn show(
    State(app): State<AppState>,
    MaybeMe(me): MaybeMe,
    headers: HeaderMap,
    Path(token): Path<String>,
    axum::extract::Query(q): axum::extract::Query<DoneQuery>,
) -> Result<Response, AppError> {
    match answers::open(&app.db, &app.mail, &token, &app.clock).await? {
        Ok((link, office)) => {
            render_page(
                &app,
                me.as_ref(),
                &headers,
                &token,
                &link,
                &office,
                q.done.is_some(),
                Refusal::default(),
            )
            .await
        }
        Err(r) => refused_page(&app, me.as_ref(), &headers, &token, &r, false),
    }
}

async fn answer(
    State(app): State<AppState>,
    MaybeMe(me): MaybeMe,
    headers: HeaderMap,
    Path((token, id)): Path<(String, i32)>,
    mp: Multipart,
) -> Result<Response, AppError> {
    // The link and the action it covers before the body is read.
    let (link, office) = match answers::open(&app.db, &app.mail, &token, &app.clock).await? {
        Ok(v) => v,
        Err(r) => return refused_page(&app, me.as_ref(), &headers, &token, &r, false),
    };
    if !crate::mail::links::action_ids(&link).contains(&id) {
        return Err(AppError::NotFound);
    }
    let storage = &app.settings.storage;
    let limits = upload::Limits::of(storage);
    limits.check_declared(&headers)?;
    let (result, input, names) = match upload::read(mp, limits, storage).await {
        Ok(form) => {
            let names: Vec<String> = form.files.iter().map(|f| f.filename.clone()).collect();
            let r = match UpdateCommand::try_from(&form.input) {
                Ok(cmd) => {
                    answers::answer(
                        &app.db,
                        &app.files,
                        link.clone(),
                        &office,
                        &app.clock,
                        id,
                        &cmd,
                        form.files,
                    )
                    .await
                }
                // An action no longer the office's is "not found" before the fields' errors.
                Err(errors) => answers::answerable(&app.db, &link, &office, &app.clock, id)
                    .await
                    .and(Err(AppError::Invalid(errors))),
            };
            (r, form.input, names)
        }
        Err(upload::Refused { error, input }) => (Err(error), input, vec![]),
    };
    let (errors, status) = match result {
        Ok(_) => return Ok(Redirect::to(&format!("/r/{token}?done=1#a{id}")).into_response()),
        Err(AppError::Invalid(errors)) => (errors, StatusCode::UNPROCESSABLE_ENTITY),
        Err(AppError::TooLarge(msg)) => (
            FieldErrors::one("files", msg),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        Err(e) => return Err(e),
    };
    let refusal = Refusal {
        errors,
        action: Some(id),
        form: input,
        dropped_files: names,
    };
    let mut res = render_page(
        &app,
        me.as_ref(),
        &headers,
        &token,
        &link,
        &office,
        false,
        refusal,
    )
    .await?;
    *res.status_mut() = status;
    Ok(res)
}

async fn acknowledge(
    State(app): State<AppState>,
    MaybeMe(me): MaybeMe,
    headers: HeaderMap,
    Path((token, id)): Path<(String, i32)>,
) -> Result<Response, AppError> {
    let (link, office) = match answers::open(&app.db, &app.mail, &token, &app.clock).await? {
        Ok(v) => v,
        Err(r) => return refused_page(&app, me.as_ref(), &headers, &token, &r, false),
    };
    let ack = UpdateCommand::try_from(&UpdateInput {
        text_md: Some(ACK_TEXT.to_owned()),
        ..Default::default()
    })
    .map_err(AppError::Invalid)?;
    answers::answer(
        &app.db,
        &app.files,
        link,
        &office,
        &app.clock,
        id,
        &ack,
        vec![],
    )
    .await?;
    Ok(Redirect::to(&format!("/r/{token}?done=1#a{id}")).into_response())
}

async fn renew(
    State(app): State<AppState>,
    MaybeMe(me): MaybeMe,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    match crate::mail::links::verify(&app.db, &app.mail, &token, app.clock.now()).await {
        // Still good: nothing to renew.
        Ok(_) => Ok(Redirect::to(&format!("/r/{token}")).into_response()),
        Err(r) => {
            answers::renew(&app.db, &app.mail, r.clone(), &app.clock).await?;
            refused_page(&app, me.as_ref(), &headers, &token, &r, true)
        }
    }
}
