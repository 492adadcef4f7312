//! The dashboard's aggregate queries over `actions`: counts by a grouping column and status,
//! overdue actions by due date (for medians), actions awaiting review, overdue actions by
//! province and ministry, and actions opened and closed by month. Each takes the list's own
//! condition (`services::action_filter::condition`), so a figure counts what its link lists.

use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, NullOrdering};
use sea_orm::{
    Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, Order, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait,
};

use crate::db::entities::{actions, agencies, agency_offices};
use crate::domain::status::ActionStatus;

/// What the roll-up groups actions by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// `actions.zone_id`.
    Zone,
    /// `actions.province_id`.
    Province,
    /// `actions.office_id`.
    Office,
}

impl GroupBy {
    fn column(self) -> actions::Column {
        match self {
            Self::Zone => actions::Column::ZoneId,
            Self::Province => actions::Column::ProvinceId,
            Self::Office => actions::Column::OfficeId,
        }
    }
}

/// Counts of one group in one status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusCount {
    /// The group's id (zone, province or office).
    pub group: Option<i32>,
    /// Status.
    pub status: ActionStatus,
    /// Actions.
    pub actions: i64,
    /// Of which overdue on `today`.
    pub overdue: i64,
    /// Of which with a due date.
    pub dated: i64,
    /// Of which closed on or before the due date.
    pub on_time: i64,
}

/// `SUM(CASE WHEN … THEN 1 ELSE 0 END)`.
fn count_if(predicate: &str) -> Expr {
    Expr::cust(format!("SUM(CASE WHEN {predicate} THEN 1 ELSE 0 END)"))
}

/// Overdue on `today`, as the list's `overdue` filter says it.
fn overdue_predicate(today: NaiveDate) -> String {
    // `today` is a date we format ourselves: no user text reaches the SQL.
    format!(
        "(actions.due_on < '{}' AND {})",
        today.format("%Y-%m-%d"),
        super::actions::TO_DO
    )
}

/// Actions by group and status, with the overdue, dated and on-time counts of each.
pub async fn by_status<C: ConnectionTrait>(
    db: &C,
    condition: Condition,
    group: GroupBy,
    today: NaiveDate,
) -> Result<Vec<StatusCount>, DbErr> {
    let backend = db.get_database_backend();
    let rows: Vec<(Option<i32>, ActionStatus, i64, i64, i64, i64)> = actions::Entity::find()
        .filter(condition)
        .select_only()
        .column(group.column())
        .column(actions::Column::Status)
        .column_as(Expr::cust("COUNT(*)"), "n")
        .column_as(count_if(&overdue_predicate(today)), "late")
        .column_as(count_if("actions.due_on IS NOT NULL"), "dated")
        .column_as(count_if(super::actions::closed_on_time(backend)), "on_time")
        .group_by(group.column())
        .group_by(actions::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(group, status, actions, overdue, dated, on_time)| StatusCount {
                group,
                status,
                actions,
                overdue,
                dated,
                on_time,
            },
        )
        .collect())
}

/// Overdue actions by group and due date: `(group, due date, actions)`, for medians.
pub async fn overdue_by_due_date<C: ConnectionTrait>(
    db: &C,
    condition: Condition,
    group: GroupBy,
) -> Result<Vec<(Option<i32>, NaiveDate, i64)>, DbErr> {
    actions::Entity::find()
        .filter(condition)
        .select_only()
        .column(group.column())
        .column(actions::Column::DueOn)
        .column_as(Expr::cust("COUNT(*)"), "n")
        .group_by(group.column())
        .group_by(actions::Column::DueOn)
        .into_tuple()
        .all(db)
        .await
}

/// Actions by group: `(group, actions)`.
pub async fn count_by<C: ConnectionTrait>(
    db: &C,
    condition: Condition,
    group: GroupBy,
) -> Result<Vec<(Option<i32>, i64)>, DbErr> {
    actions::Entity::find()
        .filter(condition)
        .select_only()
        .column(group.column())
        .column_as(Expr::cust("COUNT(*)"), "n")
        .group_by(group.column())
        .into_tuple()
        .all(db)
        .await
}

/// Actions by province and the ministry of their office: `(province, ministry, actions)`.
pub async fn by_province_and_ministry<C: ConnectionTrait>(
    db: &C,
    condition: Condition,
) -> Result<Vec<(Option<i32>, String, i64)>, DbErr> {
    actions::Entity::find()
        .filter(condition)
        .join(
            sea_orm::JoinType::InnerJoin,
            actions::Relation::AgencyOffices.def(),
        )
        .join(
            sea_orm::JoinType::InnerJoin,
            agency_offices::Relation::Agencies.def(),
        )
        .select_only()
        .column(actions::Column::ProvinceId)
        .column(agencies::Column::MinistryTh)
        .column_as(Expr::cust("COUNT(*)"), "n")
        .group_by(actions::Column::ProvinceId)
        .group_by(agencies::Column::MinistryTh)
        .into_tuple()
        .all(db)
        .await
}

/// Which instant a monthly count reads.
#[derive(Debug, Clone, Copy)]
pub enum Moment {
    /// `created_at`: opened.
    Created,
    /// `closed_at`: closed.
    Closed,
}

/// Actions by Bangkok calendar month of `moment` (`YYYY-MM`), for the rows `condition` keeps
/// (which bounds the months).
pub async fn by_month<C: ConnectionTrait>(
    db: &C,
    condition: Condition,
    moment: Moment,
) -> Result<Vec<(String, i64)>, DbErr> {
    let column = match moment {
        Moment::Created => "actions.created_at",
        Moment::Closed => "actions.closed_at",
    };
    let month = match db.get_database_backend() {
        DbBackend::Postgres => {
            format!("to_char({column} AT TIME ZONE 'Asia/Bangkok', 'YYYY-MM')")
        }
        _ => format!("strftime('%Y-%m', {column}, '+7 hours')"),
    };
    actions::Entity::find()
        .filter(condition)
        .select_only()
        .column_as(Expr::cust(month.clone()), "month")
        .column_as(Expr::cust("COUNT(*)"), "n")
        .group_by(Expr::cust(month))
        .into_tuple()
        .all(db)
        .await
}

/// The ids of the `limit` actions the condition keeps with the oldest due dates.
pub async fn oldest_due<C: ConnectionTrait>(
    db: &C,
    condition: Condition,
    limit: u64,
) -> Result<Vec<i32>, DbErr> {
    actions::Entity::find()
        .filter(condition)
        .select_only()
        .column(actions::Column::Id)
        .order_by_with_nulls(actions::Column::DueOn, Order::Asc, NullOrdering::Last)
        .order_by_asc(actions::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}
