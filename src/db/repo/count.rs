//! Counting the rows of a list up to a cap (see `domain::paging::COUNT_CAP`): a page's count must
//! not cost more than the page itself on national data.

use sea_orm::sea_query::{Expr, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QuerySelect, QueryTrait, Select,
    TransactionTrait,
};

/// The number of rows of `query`, reading at most `cap + 1` of them (only the `key` column, so
/// that an index can answer): a result above `cap` means "more than `cap`". With `own_plan`,
/// PostgreSQL plans it for its values (`super::plans`: a text filter's word).
pub async fn up_to<E: EntityTrait>(
    db: &(impl ConnectionTrait + TransactionTrait),
    query: Select<E>,
    key: impl ColumnTrait,
    cap: u64,
    own_plan: bool,
) -> Result<u64, DbErr> {
    let inner = query
        .select_only()
        .column(key)
        .limit(cap.saturating_add(1))
        .into_query();
    let count = SelectStatement::new()
        .expr(Expr::cust("COUNT(*) AS n"))
        .from_subquery(inner, "capped")
        .to_owned();
    let n = match super::plans::all(db, &count, own_plan).await?.first() {
        Some(row) => row.try_get::<i64>("", "n")?,
        None => 0,
    };
    Ok(u64::try_from(n).unwrap_or(0))
}
