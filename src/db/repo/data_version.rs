//! The data version: the newest audit event's id. Every change to the data runs in one
//! transaction with its audit event (`services::audit`), so the version moves with every
//! committed change, on any instance; caches of rendered data key on it.

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QuerySelect};

use crate::db::entities::audit_events;

/// The id of the newest audit event (0 before the first one): one indexed look-up.
pub async fn current<C: ConnectionTrait>(db: &C) -> Result<i64, DbErr> {
    let max: Option<Option<i32>> = audit_events::Entity::find()
        .select_only()
        .column_as(audit_events::Column::Id.max(), "v")
        .into_tuple()
        .one(db)
        .await?;
    Ok(max.flatten().map_or(0, i64::from))
}
