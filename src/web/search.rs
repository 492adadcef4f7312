//! `/search`: one box over what was said and decided (see `services::search`), with filters by
//! kind, province and meeting dates typed in the Buddhist Era; the form re-renders with the
//! input and a Thai message when a date cannot be read.

use axum::extract::{Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::form::opt;
use super::routes::Routes;
use crate::domain::calendar::parse_date;
use crate::domain::fields::FieldErrors;
use crate::domain::search::{SHORT_QUERY_WINDOW, SearchQuery};
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::Ctx;
use crate::services::search::{self as svc, Kind, SearchFilter, SearchResults};
use crate::state::AppState;
use crate::views::Choice;

/// Routes.
pub fn routes() -> Routes {
    Routes::new().get("/search", show)
}

/// The form, as typed.
#[derive(Debug, Default, Serialize, Deserialize)]
struct SearchForm {
    q: Option<String>,
    kind: Option<String>,
    province: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

#[derive(Serialize)]
struct View<'a> {
    form: &'a SearchForm,
    errors: FieldErrors,
    results: Option<SearchResults>,
    kinds: Vec<Choice>,
    provinces: Vec<Choice>,
    /// How many of each kind's newest rows a query of short terms reads.
    short_window: u32,
}

async fn show(
    State(app): State<AppState>,
    Me(me): Me,
    Query(form): Query<SearchForm>,
) -> Result<Response, AppError> {
    let ctx = Ctx::of(&me, &app.clock);
    let mut errors = FieldErrors::new();
    let mut date = |field: &str, v: &Option<String>| match opt(v) {
        None => None,
        Some(s) => errors.check(field, parse_date(s)),
    };
    let from = date("from", &form.from);
    let to = date("to", &form.to);
    let province = match opt(&form.province) {
        None => None,
        Some(code) => Some(
            crate::db::repo::provinces::id_of_code(&app.db, code)
                .await?
                .unwrap_or(-1),
        ),
    };
    let filter = SearchFilter {
        kind: opt(&form.kind).and_then(Kind::parse),
        province,
        from,
        to,
    };
    if opt(&form.q).is_some_and(|q| q.chars().count() > 200) {
        errors.add("q", "คำค้นยาวได้ไม่เกิน 200 ตัวอักษร");
    }
    let results = match opt(&form.q).and_then(SearchQuery::parse) {
        Some(q) if errors.is_empty() => Some(svc::search(&app.db, &ctx, &q, &filter).await?),
        _ => None,
    };
    let provinces = crate::services::meetings::host_provinces(&app.db, &ctx)
        .await?
        .into_iter()
        .map(|p| Choice {
            value: p.code,
            label: p.name_th,
        })
        .collect::<Vec<_>>();
    let view = View {
        form: &form,
        errors,
        results,
        kinds: Kind::ALL
            .iter()
            .map(|k| Choice {
                value: k.as_str().to_owned(),
                label: k.label_th().to_owned(),
            })
            .collect(),
        provinces: if provinces.len() > 1 {
            provinces
        } else {
            Vec::new()
        },
        short_window: SHORT_QUERY_WINDOW,
    };
    app.pages.page(Some(&me), "search/index.html.j2", &view)
}
