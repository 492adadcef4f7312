//! PostgreSQL plans made for a query's own values. After five runs of a prepared statement
//! PostgreSQL may keep a generic plan, which cannot tell a rare word from a common one: a text
//! search or a list filtered by a title word then reads every match of a word it took for rare
//! (measured: 50 ms against 3 ms for an administrator's search; 6–17 ms against 2–3 ms for the
//! country's action list by "ครัวเรือน"). These run such a query in a short transaction with
//! `plan_cache_mode = force_custom_plan`, for that transaction only: for the whole pool it made
//! the other lists slower (planning each time: a zone's meetings went from 7 to 11 ms).

use sea_orm::{
    ConnectionTrait, DbBackend, DbErr, QueryResult, StatementBuilder, TransactionSession,
    TransactionTrait,
};

/// The rows of `stmt`; planned for its values on PostgreSQL when `own_plan`.
pub async fn all<C, S>(db: &C, stmt: &S, own_plan: bool) -> Result<Vec<QueryResult>, DbErr>
where
    C: ConnectionTrait + TransactionTrait,
    S: StatementBuilder,
{
    if !own_plan || db.get_database_backend() != DbBackend::Postgres {
        return db.query_all(stmt).await;
    }
    let txn = db.begin().await?;
    txn.execute_unprepared("SET LOCAL plan_cache_mode = force_custom_plan")
        .await?;
    let rows = txn.query_all(stmt).await?;
    txn.commit().await?;
    Ok(rows)
}

/// The first column of `stmt`'s rows, as ids ([`all`]).
pub async fn ids<C, S>(db: &C, stmt: &S, own_plan: bool) -> Result<Vec<i32>, DbErr>
where
    C: ConnectionTrait + TransactionTrait,
    S: StatementBuilder,
{
    all(db, stmt, own_plan)
        .await?
        .iter()
        .map(|r| r.try_get_by_index::<i32>(0))
        .collect()
}
