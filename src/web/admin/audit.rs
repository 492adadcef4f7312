//! `/admin/audit`: the audit log, newest first, filtered by object kind, paginated.

use axum::extract::{Query, State};
use axum::response::Response;
use sea_orm::{EntityTrait, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};

use super::ensure_admin;
use crate::db::entities::audit_events;
use crate::domain::calendar::{Digits, ThaiDate, time};
use crate::domain::paging::{PageOf, Paging};
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::services::audit;
use crate::state::{AppState, bangkok};
use crate::web::routes::Routes;

pub(super) fn routes() -> Routes {
    Routes::new().get("/admin/audit", list)
}

#[derive(Deserialize)]
struct Filter {
    #[serde(default)]
    kind: Option<String>,
}

#[derive(Serialize)]
struct Row {
    id: i32,
    when_th: String,
    actor: String,
    action: String,
    kind: String,
    object_id: i32,
    changes: Vec<String>,
}

#[derive(Serialize)]
struct Page {
    events: PageOf<Row>,
    kinds: Vec<String>,
    kind: Option<String>,
}

use crate::views::labels::field_th;

fn short(v: &serde_json::Value) -> String {
    let s = match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "—".to_owned(),
        other => other.to_string(),
    };
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// The fields that differ between before and after, as `field: before → after`.
fn compact(before: Option<&str>, after: Option<&str>) -> Vec<String> {
    let parse = |s: Option<&str>| {
        s.and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default()
    };
    let b = parse(before);
    let a = parse(after);
    let null = serde_json::Value::Null;
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let bv = b.get(k).unwrap_or(&null);
            let av = a.get(k).unwrap_or(&null);
            match (before.is_some(), after.is_some()) {
                (true, true) if bv != av => {
                    Some(format!("{}: {} → {}", field_th(k), short(bv), short(av)))
                }
                (false, true) => Some(format!("{}: {}", field_th(k), short(av))),
                (true, false) => Some(format!("{}: {}", field_th(k), short(bv))),
                _ => None,
            }
        })
        .take(12)
        .collect()
}

async fn list(
    State(app): State<AppState>,
    Me(me): Me,
    Query(filter): Query<Filter>,
    Query(paging): Query<Paging>,
) -> Result<Response, AppError> {
    ensure_admin(&me)?;
    let kind = filter
        .kind
        .map(|k| k.trim().to_owned())
        .filter(|k| !k.is_empty());
    let (rows, total) = audit::log_page(
        &app.db,
        &me.actor.scope,
        kind.as_deref(),
        paging.index(),
        paging.size(),
    )
    .await?;
    let kinds: Vec<String> = audit_events::Entity::find()
        .select_only()
        .column(audit_events::Column::ObjectKind)
        .distinct()
        .order_by_asc(audit_events::Column::ObjectKind)
        .into_tuple::<String>()
        .all(&app.db)
        .await?;
    let events = PageOf::new(rows, paging, total).map(|e| {
        let local = e.occurred_at.with_timezone(&bangkok());
        Row {
            id: e.id,
            when_th: format!(
                "{} {} น.",
                ThaiDate(local.date_naive()).table(Digits::Arabic),
                time(local.time(), Digits::Arabic)
            ),
            actor: e.actor_label.clone().unwrap_or_else(|| "—".to_owned()),
            changes: compact(e.before_json.as_deref(), e.after_json.as_deref()),
            action: e.action,
            kind: e.object_kind,
            object_id: e.object_id,
        }
    });
    app.pages.page(
        Some(&me),
        "admin/audit.html.j2",
        &Page {
            events,
            kinds,
            kind,
        },
    )
}
