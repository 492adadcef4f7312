//! Sign-in, sign-out, password change, API tokens and the one-time first-administrator setup.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use super::form::{HtmlForm, after_post};
use super::routes::Routes;
use crate::auth::secret::random_token;
use crate::auth::{login, password, session, setup, throttle, token};
use crate::domain::calendar::{Digits, ThaiDate};
use crate::domain::fields::FieldErrors;
use crate::edge::identity::{CSRF_COOKIE, MaybeMe, Me, cookie, set_cookie};
use crate::error::AppError;
use crate::services::{Ctx, users};
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> Routes {
    Routes::new()
        .get("/login", login_page)
        .post("/login", login_submit)
        .post("/logout", logout)
        .get("/account/password", password_page)
        .post("/account/password", password_submit)
        .get("/account/tokens", tokens_page)
        .post("/account/tokens", tokens_create)
        .post("/account/tokens/{id}/revoke", tokens_revoke)
        .get("/setup/{token}", setup_page)
        .post("/setup/{token}", setup_submit)
}

#[derive(Debug, Default, Deserialize)]
struct NextQuery {
    next: Option<String>,
}

/// Only same-origin absolute paths are followed after sign-in; anything else goes to `/`.
/// Refused: other hosts (`//host`, `/\\host`, `https://…`), control characters and spaces
/// (browsers drop a tab or newline, so `/\t/host` becomes `//host`), and encoded slashes or
/// backslashes that a proxy or browser might decode into one of those.
pub(crate) fn safe_next(next: Option<&str>) -> String {
    let ok = |n: &str| {
        let lower = n.to_ascii_lowercase();
        n.len() <= 2_000
            && n.starts_with('/')
            && !n.starts_with("//")
            && !n
                .chars()
                .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
            && !lower.contains("%2f")
            && !lower.contains("%5c")
            && !lower.contains("%09")
            && !lower.contains("%0a")
            && !lower.contains("%0d")
    };
    match next {
        Some(n) if ok(n) => n.to_owned(),
        _ => "/".to_owned(),
    }
}

#[derive(Serialize)]
struct LoginView<'a> {
    form_csrf: &'a str,
    next: Option<&'a str>,
    email: &'a str,
    errors: FieldErrors,
    message: Option<&'a str>,
}

/// The pre-sign-in CSRF token: the cookie's, or a new one to set.
pub(crate) fn form_csrf(headers: &axum::http::HeaderMap) -> (String, bool) {
    match cookie(headers, CSRF_COOKIE) {
        Some(t) if t.len() == 64 => (t.to_owned(), false),
        _ => (random_token(), true),
    }
}

pub(crate) fn with_csrf_cookie(
    app: &AppState,
    mut res: Response,
    token: &str,
    fresh: bool,
) -> Response {
    if fresh && let Ok(v) = set_cookie(app, CSRF_COOKIE, token, 86_400).parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

async fn login_page(
    State(app): State<AppState>,
    MaybeMe(me): MaybeMe,
    headers: axum::http::HeaderMap,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    if me.is_some() {
        return Ok(Redirect::to(&safe_next(q.next.as_deref())).into_response());
    }
    let (csrf, fresh) = form_csrf(&headers);
    let view = LoginView {
        form_csrf: &csrf,
        next: q.next.as_deref(),
        email: "",
        errors: FieldErrors::new(),
        message: None,
    };
    let res = app.pages.page(None, "auth/login.html.j2", &view)?;
    Ok(with_csrf_cookie(&app, res, &csrf, fresh))
}

#[derive(Debug, Deserialize)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

async fn login_submit(
    State(app): State<AppState>,
    headers: axum::http::HeaderMap,
    HtmlForm(form): HtmlForm<LoginForm>,
) -> Result<Response, AppError> {
    let key = login::normalize_email(&form.email);
    let (csrf, _) = form_csrf(&headers);
    let again = |status, message: &str, errors: FieldErrors| -> Result<Response, AppError> {
        let view = LoginView {
            form_csrf: &csrf,
            next: form.next.as_deref(),
            email: &form.email,
            errors,
            message: Some(message),
        };
        let mut res = app.pages.page(None, "auth/login.html.j2", &view)?;
        *res.status_mut() = status;
        Ok(res)
    };
    if !throttle::allowed(&app.db, &key, app.clock.now()).await? {
        tracing::warn!("sign-in throttled");
        return again(
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            "ลงชื่อเข้าใช้ผิดหลายครั้งเกินไป กรุณารอ 15 นาทีแล้วลองใหม่",
            FieldErrors::new(),
        );
    }
    let now = app.clock.now();
    let Some(user) = login::authenticate(&app.db, &form.email, &form.password, now).await? else {
        throttle::fail(&app.db, &key, now).await?;
        return again(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            "อีเมลหรือรหัสผ่านไม่ถูกต้อง",
            FieldErrors::one("password", "อีเมลหรือรหัสผ่านไม่ถูกต้อง"),
        );
    };
    throttle::succeed(&app.db, &key).await?;
    // Sign-in is rare enough to tidy up after: expired sessions go here, not on every request.
    session::purge_expired(&app.db, now).await?;
    let new = session::create(&app.db, user.id, now).await?;
    tracing::info!(user_id = user.id, "signed in");
    let mut res = Redirect::to(&safe_next(form.next.as_deref())).into_response();
    let max_age = session::LIFETIME_HOURS * 3600;
    if let Ok(v) = set_cookie(&app, session::COOKIE, &new.token, max_age).parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

async fn logout(
    State(app): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Result<Response, AppError> {
    if let Some(t) = cookie(&headers, session::COOKIE) {
        session::destroy(&app.db, t).await?;
    }
    let mut res = Redirect::to("/login").into_response();
    if let Ok(v) = set_cookie(&app, session::COOKIE, "", 0).parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

#[derive(Serialize)]
struct PasswordView {
    errors: FieldErrors,
    saved: bool,
}

#[derive(Debug, Default, Deserialize)]
struct SavedQuery {
    saved: Option<String>,
}

async fn password_page(
    State(app): State<AppState>,
    Me(me): Me,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    let view = PasswordView {
        errors: FieldErrors::new(),
        saved: q.saved.is_some(),
    };
    app.pages.page(Some(&me), "auth/password.html.j2", &view)
}

#[derive(Debug, Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

async fn password_submit(
    State(app): State<AppState>,
    Me(me): Me,
    headers: axum::http::HeaderMap,
    HtmlForm(form): HtmlForm<PasswordForm>,
) -> Result<Response, AppError> {
    let result = change_password(&app, &me, &form, cookie(&headers, session::COOKIE)).await;
    after_post(
        result,
        |()| "/account/password?saved=1".to_owned(),
        |errors| {
            let view = PasswordView {
                errors,
                saved: false,
            };
            app.pages.page(Some(&me), "auth/password.html.j2", &view)
        },
    )
}

async fn change_password(
    app: &AppState,
    me: &crate::auth::Identity,
    form: &PasswordForm,
    this_session: Option<&str>,
) -> Result<(), AppError> {
    let mut e = FieldErrors::new();
    let now = app.clock.now();
    if login::authenticate(&app.db, &me.email, &form.current, now)
        .await?
        .is_none()
    {
        e.add("current", "รหัสผ่านปัจจุบันไม่ถูกต้อง");
    }
    e.check("new", password::check_policy(&form.new));
    if form.new != form.confirm {
        e.add("confirm", "รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน");
    }
    e.into_result(())?;
    login::set_password(&app.db, me.user_id, &form.new).await?;
    // Other browsers signed in as this user must sign in again.
    session::destroy_all_for_user(&app.db, me.user_id, this_session).await?;
    tracing::info!(user_id = me.user_id, "password changed");
    Ok(())
}

#[derive(Serialize)]
struct TokenRow {
    id: i32,
    name: String,
    created_th: String,
    last_used_th: Option<String>,
    revoked: bool,
}

#[derive(Serialize)]
struct TokensView {
    tokens: Vec<TokenRow>,
    new_token: Option<String>,
    name: String,
    errors: FieldErrors,
}

async fn tokens_view(
    app: &AppState,
    me: &crate::auth::Identity,
    new_token: Option<String>,
    name: String,
    errors: FieldErrors,
) -> Result<TokensView, AppError> {
    let day = |t: chrono::DateTime<chrono::Utc>| {
        ThaiDate(t.with_timezone(&crate::state::bangkok()).date_naive()).short(Digits::Arabic)
    };
    let tokens = token::list_for_user(&app.db, me.user_id)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            name: t.name,
            created_th: day(t.created_at),
            last_used_th: t.last_used_at.map(day),
            revoked: t.revoked_at.is_some(),
        })
        .collect();
    Ok(TokensView {
        tokens,
        new_token,
        name,
        errors,
    })
}

async fn tokens_page(State(app): State<AppState>, Me(me): Me) -> Result<Response, AppError> {
    let view = tokens_view(&app, &me, None, String::new(), FieldErrors::new()).await?;
    app.pages.page(Some(&me), "auth/tokens.html.j2", &view)
}

#[derive(Debug, Deserialize)]
struct TokenForm {
    #[serde(default)]
    name: String,
}

async fn tokens_create(
    State(app): State<AppState>,
    Me(me): Me,
    HtmlForm(form): HtmlForm<TokenForm>,
) -> Result<Response, AppError> {
    let mut e = FieldErrors::new();
    let name = crate::domain::fields::required_line(&mut e, "name", "ชื่อโทเคน", &form.name, 100);
    if !e.is_empty() {
        let view = tokens_view(&app, &me, None, form.name, e).await?;
        let mut res = app.pages.page(Some(&me), "auth/tokens.html.j2", &view)?;
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(res);
    }
    let (_, plain) = token::create(&app.db, me.user_id, &name, app.clock.now()).await?;
    let view = tokens_view(&app, &me, Some(plain), String::new(), FieldErrors::new()).await?;
    let mut res = app.pages.page(Some(&me), "auth/tokens.html.j2", &view)?;
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

async fn tokens_revoke(
    State(app): State<AppState>,
    Me(me): Me,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    if !token::revoke(&app.db, me.user_id, id, app.clock.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to("/account/tokens").into_response())
}

#[derive(Serialize)]
struct SetupView<'a> {
    form_csrf: &'a str,
    input: &'a SetupForm,
    errors: FieldErrors,
}

#[derive(Debug, Default, Deserialize, Serialize)]
struct SetupForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    email: String,
    #[serde(default, skip_serializing)]
    password: String,
}

async fn setup_page(
    State(app): State<AppState>,
    headers: axum::http::HeaderMap,
    Path(t): Path<String>,
) -> Result<Response, AppError> {
    if !setup::is_armed(&app.db, &t).await? {
        return Err(AppError::NotFound);
    }
    let (csrf, fresh) = form_csrf(&headers);
    let input = SetupForm::default();
    let view = SetupView {
        form_csrf: &csrf,
        input: &input,
        errors: FieldErrors::new(),
    };
    let res = app.pages.page(None, "auth/setup.html.j2", &view)?;
    Ok(with_csrf_cookie(&app, res, &csrf, fresh))
}

async fn setup_submit(
    State(app): State<AppState>,
    headers: axum::http::HeaderMap,
    Path(t): Path<String>,
    HtmlForm(form): HtmlForm<SetupForm>,
) -> Result<Response, AppError> {
    if users::has_admin(&app.db).await? || !setup::claim(&app.db, &t, app.clock.now()).await? {
        return Err(AppError::NotFound);
    }
    let input = users::AccountInput {
        email: form.email.clone(),
        display_name: form.display_name.clone(),
        role: "admin".to_owned(),
        password: Some(form.password.clone()),
        ..Default::default()
    };
    let ctx = Ctx::system(&app.clock);
    let result = match users::AccountCommand::try_from(&input) {
        Ok(account) => users::create(&app.db, &ctx, &account).await,
        Err(refusal) => Err(users::refused(&app.db, &ctx, None, refusal).await),
    };
    if result.is_ok() {
        setup::disarm_all(&app.db).await?;
    } else {
        setup::release(&app.db, &t).await?;
    }
    let (csrf, _) = form_csrf(&headers);
    after_post(
        result,
        |_| "/login?next=/admin".to_owned(),
        |errors| {
            let view = SetupView {
                form_csrf: &csrf,
                input: &form,
                errors,
            };
            app.pages.page(None, "auth/setup.html.j2", &view)
        },
    )
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_same_origin_paths_are_followed_after_sign_in() {
        for good in ["/meetings/12", "/actions?status=overdue&page=2", "/r/abc"] {
            assert_eq!(safe_next(Some(good)), good);
        }
        let bypasses = [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/%09/evil.example",
            "%2F%2Fevil.example",
            "/%2F/evil.example",
            "/%5Cevil.example",
            "/x\r\nSet-Cookie: a=b",
            "/x%0d%0aSet-Cookie:%20a=b",
            "https://evil.example/",
            "javascript:alert(1)",
            " /meetings",
            "",
        ];
        for bad in bypasses {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
