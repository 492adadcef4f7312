//! Queries on actions shared by more than one service.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::db::entities::actions;
use crate::domain::status::ActionStatus;

/// Moves the open and in-progress actions of office `from` to office `to` (a merge); done and
/// cancelled ones stay where they were done. Returns how many moved.
pub async fn reassign_open<C: ConnectionTrait>(
    db: &C,
    from: i32,
    to: i32,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let res = actions::Entity::update_many()
        .col_expr(actions::Column::OfficeId, Expr::value(to))
        .col_expr(actions::Column::UpdatedAt, Expr::value(now))
        .filter(actions::Column::OfficeId.eq(from))
        .filter(actions::Column::Status.is_in([ActionStatus::Open, ActionStatus::InProgress]))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}
