//! The append-only audit trail: one event per change, written in the change's transaction,
//! with the object's province and zone so the trail itself can be read within scope.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use super::Ctx;
use crate::db::entities::audit_events;
use crate::domain::access::{Location, Scope};

/// One change to record.
pub struct Change<'a> {
    /// What happened, e.g. `meeting.create`, `directive.publish`.
    pub action: &'a str,
    /// The object's kind, e.g. `meeting`.
    pub kind: &'a str,
    /// Its id.
    pub id: i32,
    /// Where it sits.
    pub at: Location,
}

/// Writes an audit event with the object's state before and after (only the fields that
/// matter; `None` for creation or deletion).
pub async fn record<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    change: Change<'_>,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), DbErr> {
    audit_events::ActiveModel {
        occurred_at: Set(ctx.now),
        actor_user_id: Set(ctx.user_id),
        actor_label: Set(Some(ctx.label.clone())),
        action: Set(change.action.to_owned()),
        object_kind: Set(change.kind.to_owned()),
        object_id: Set(change.id),
        province_id: Set(change.at.province_id),
        zone_id: Set(change.at.zone_id),
        before_json: Set(before.map(|v| v.to_string())),
        after_json: Set(after.map(|v| v.to_string())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Records the creation of an object (no "before"; "after" is the new row).
pub async fn created<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    change: Change<'_>,
    row: &impl Serialize,
) -> Result<(), DbErr> {
    record(db, ctx, change, None, json(row)).await
}

/// A value as JSON for [`record`].
pub fn json(v: &impl Serialize) -> Option<serde_json::Value> {
    serde_json::to_value(v).ok()
}

/// The history of one object, oldest first.
pub async fn history<C: ConnectionTrait>(
    db: &C,
    kind: &str,
    id: i32,
) -> Result<Vec<audit_events::Model>, DbErr> {
    audit_events::Entity::find()
        .filter(audit_events::Column::ObjectKind.eq(kind))
        .filter(audit_events::Column::ObjectId.eq(id))
        .order_by_asc(audit_events::Column::Id)
        .all(db)
        .await
}

/// A page of the whole log (administrators), newest first, optionally of one kind.
pub async fn log_page<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    kind: Option<&str>,
    page: u64,
    per_page: u64,
) -> Result<(Vec<audit_events::Model>, u64), DbErr> {
    let mut q = audit_events::Entity::find().filter(super::scope::audit_events(scope));
    if let Some(k) = kind {
        q = q.filter(audit_events::Column::ObjectKind.eq(k));
    }
    let pages = q
        .order_by_desc(audit_events::Column::Id)
        .paginate(db, per_page);
    let total = pages.num_items().await?;
    Ok((pages.fetch_page(page).await?, total))
}
