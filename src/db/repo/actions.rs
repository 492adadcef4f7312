//! Queries on actions shared by more than one service.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter};

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

/// Actions still to do, as the partial indexes `idx_actions_*_to_do_due_on` state it (spelled
/// with literal values so that those indexes serve it; the values are `ActionStatus::Open` and
/// `InProgress`).
pub const TO_DO: &str = "actions.status IN ('open', 'in_progress')";

/// "Closed on or before the due date", the day taken in Bangkok (UTC+7).
pub fn closed_on_time(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => {
            "(actions.due_on IS NOT NULL AND actions.closed_at IS NOT NULL \
             AND (actions.closed_at AT TIME ZONE 'Asia/Bangkok')::date <= actions.due_on)"
        }
        _ => {
            "(actions.due_on IS NOT NULL AND actions.closed_at IS NOT NULL \
             AND date(actions.closed_at, '+7 hours') <= actions.due_on)"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TO_DO;
    use crate::domain::status::ActionStatus;

    #[test]
    fn the_literal_to_do_predicate_names_the_open_statuses() {
        let want = format!(
            "actions.status IN ('{}', '{}')",
            ActionStatus::Open.as_str(),
            ActionStatus::InProgress.as_str()
        );
        assert_eq!(TO_DO, want);
    }
}
