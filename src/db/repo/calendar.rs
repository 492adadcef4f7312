//! Queries of the calendar feeds: the meetings and the due actions a feed lists (under a scope
//! condition, within a window, capped), and the provinces whose public feed is on.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::db::entities::{actions, meetings, provinces, public_calendars};
use crate::domain::status::{ActionStatus, MeetingStatus};

/// Meetings matching `scope` dated `from` or later (of `statuses`, when given): the latest
/// `limit` of them (over the cap, the earliest dates go first), oldest first.
pub async fn meetings_from<C: ConnectionTrait>(
    db: &C,
    scope: Condition,
    from: NaiveDate,
    statuses: Option<&[MeetingStatus]>,
    limit: u64,
) -> Result<Vec<meetings::Model>, DbErr> {
    let mut q = meetings::Entity::find()
        .filter(scope)
        .filter(meetings::Column::MeetingDate.gte(from));
    if let Some(s) = statuses {
        q = q.filter(meetings::Column::Status.is_in(s.iter().copied()));
    }
    let mut rows = q
        .order_by_desc(meetings::Column::MeetingDate)
        .order_by_desc(meetings::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    rows.reverse();
    Ok(rows)
}

/// Actions matching `scope` still to do (open or in progress) due `from` or later: the latest
/// `limit` due dates (over the cap, the earliest go first), soonest first.
pub async fn actions_due_from<C: ConnectionTrait>(
    db: &C,
    scope: Condition,
    from: NaiveDate,
    limit: u64,
) -> Result<Vec<actions::Model>, DbErr> {
    let mut rows = actions::Entity::find()
        .filter(scope)
        .filter(actions::Column::Status.is_in([ActionStatus::Open, ActionStatus::InProgress]))
        .filter(actions::Column::DueOn.gte(from))
        .order_by_desc(actions::Column::DueOn)
        .order_by_desc(actions::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    rows.reverse();
    Ok(rows)
}

/// The province with this code if its public feed is on.
pub async fn public_province<C: ConnectionTrait>(
    db: &C,
    code: &str,
) -> Result<Option<provinces::Model>, DbErr> {
    Ok(provinces::Entity::find()
        .filter(provinces::Column::Code.eq(code.trim().to_ascii_uppercase()))
        .find_also_related(public_calendars::Entity)
        .one(db)
        .await?
        .and_then(|(p, on)| on.map(|_| p)))
}

/// Whether the province's public feed is on.
pub async fn is_public<C: ConnectionTrait>(db: &C, province_id: i32) -> Result<bool, DbErr> {
    Ok(public_calendars::Entity::find_by_id(province_id)
        .one(db)
        .await?
        .is_some())
}

/// Switches the province's public feed on or off (idempotent).
pub async fn set_public<C: ConnectionTrait>(
    db: &C,
    province_id: i32,
    on: bool,
    by: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if on {
        public_calendars::Entity::insert(public_calendars::ActiveModel {
            province_id: Set(province_id),
            enabled_at: Set(now),
            enabled_by_user_id: Set(by),
        })
        .on_conflict_do_nothing()
        .exec(db)
        .await?;
    } else {
        public_calendars::Entity::delete_by_id(province_id)
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The provinces whose public feed is on, by code.
pub async fn public_provinces<C: ConnectionTrait>(db: &C) -> Result<Vec<provinces::Model>, DbErr> {
    provinces::Entity::find()
        .inner_join(public_calendars::Entity)
        .order_by_asc(provinces::Column::Code)
        .all(db)
        .await
}
