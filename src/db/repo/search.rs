//! Search queries: the ids of a table's rows whose normalised text holds every term of a query,
//! newest first, within a condition (scope and filters). SQLite walks the contentless FTS5
//! trigram table of the source, newest match first, for the terms of three characters or more
//! and matches shorter ones row by row; PostgreSQL matches every term with `LIKE` over the normalised expression,
//! which its `pg_trgm` GIN index serves (migration `m20261202_000023_search`).

use migrations::search::{Source, pg_norm, sqlite_norm};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, LikeExpr, Order, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::domain::search::{SHORT_QUERY_WINDOW, SearchQuery, TRIGRAM};

/// The condition "the row's text holds every term of `q`".
pub fn text_condition(backend: DbBackend, source: &Source, q: &SearchQuery) -> Condition {
    let table = source.table;
    let expr = source.text_with(&format!("{table}."));
    let mut c = Condition::all();
    match backend {
        DbBackend::Postgres => {
            for t in &q.terms {
                c = c.add(short_term(&pg_norm(&expr), t));
            }
        }
        _ => {
            if let Some(fts) = q.fts5() {
                let index = source.fts_table();
                c = c.add(Expr::cust_with_values(
                    format!("{table}.id IN (SELECT rowid FROM {index} WHERE {index} MATCH ?)"),
                    [fts],
                ));
            }
            for t in q.terms.iter().filter(|t| t.chars().count() < TRIGRAM) {
                c = c.add(short_term(&sqlite_norm(&expr), t));
            }
        }
    }
    c
}

/// `norm LIKE '%term%'` (a term too short for the index, or any term on PostgreSQL, whose
/// trigram index serves `LIKE`).
fn short_term(norm: &str, term: &str) -> SimpleExpr {
    Expr::cust(norm.to_owned())
        .like(LikeExpr::new(format!("%{}%", super::text::escape(term))).escape('\\'))
}

/// The ids of at most `limit` rows of `E` matching `q` within `within`, highest id (newest)
/// first. With `scan`, `within` is narrow (the rows of a few hundred meetings) and every row
/// of it is read and matched directly, without the index.
///
/// On SQLite, with a term long enough for the index, the trigram table is read newest match
/// first and joined row by row (`CROSS JOIN` keeps it the outer loop), so the query stops at the
/// `limit`-th match within scope instead of reading every match of a common word first (the
/// difference at national scale: a few milliseconds against hundreds).
pub async fn ids<E: EntityTrait, C: ConnectionTrait>(
    db: &C,
    source: &Source,
    id: E::Column,
    q: &SearchQuery,
    within: Condition,
    limit: u64,
    scan: bool,
) -> Result<Vec<i32>, DbErr>
where
    E::Column: ColumnTrait,
{
    let backend = db.get_database_backend();
    if scan {
        let table = source.table;
        let expr = source.text_with(&format!("{table}."));
        let norm = match backend {
            DbBackend::Postgres => pg_norm(&expr),
            _ => sqlite_norm(&expr),
        };
        let mut c = within;
        if backend == DbBackend::Postgres {
            // `LIKE ALL`: the text is normalised once per row, not once per term.
            let marks: Vec<String> = (1..=q.terms.len()).map(|i| format!("${i}::text")).collect();
            let marks = marks.join(", ");
            c = c.add(Expr::cust_with_values(
                format!("{norm} LIKE ALL (ARRAY[{marks}])"),
                q.terms
                    .iter()
                    .map(|t| format!("%{}%", super::text::escape(t))),
            ));
        } else {
            for t in &q.terms {
                c = c.add(short_term(&norm, t));
            }
        }
        return newest_ids::<E, _>(db, id, c, limit).await;
    }
    if let (DbBackend::Sqlite, Some(fts)) = (backend, q.fts5()) {
        let table = source.table;
        let index = source.fts_table();
        let mut c = within;
        for t in q.terms.iter().filter(|t| t.chars().count() < TRIGRAM) {
            c = c.add(short_term(
                &sqlite_norm(&source.text_with(&format!("{table}."))),
                t,
            ));
        }
        let stmt = Query::select()
            .expr(Expr::col((E::default(), id)))
            .from(Alias::new(index.as_str()))
            // sea-query prints a cross join without its `ON`: the join condition is a `WHERE`.
            .join(JoinType::CrossJoin, E::default(), Condition::all())
            .and_where(Expr::cust_with_values(format!("{index} MATCH ?"), [fts]))
            .and_where(Expr::cust(format!("{table}.id = {index}.rowid")))
            .cond_where(c)
            .order_by_expr(Expr::cust(format!("{index}.rowid")), Order::Desc)
            .limit(limit)
            .to_owned();
        let rows = db.query_all(&stmt).await?;
        return rows.iter().map(|r| r.try_get_by_index::<i32>(0)).collect();
    }
    let mut within = within;
    if q.only_short_terms() {
        // Nothing for an index to use: the rows are read one by one, so only the newest are.
        within = within.add(Expr::cust(format!(
            "{table}.id > (SELECT COALESCE(MAX(id), 0) FROM {table}) - {SHORT_QUERY_WINDOW}",
            table = source.table
        )));
    }
    let c = within.add(text_condition(backend, source, q));
    newest_ids::<E, _>(db, id, c, limit).await
}

/// The ids of at most `limit` rows of `E` that `c` keeps, highest first.
async fn newest_ids<E: EntityTrait, C: ConnectionTrait>(
    db: &C,
    id: E::Column,
    c: Condition,
    limit: u64,
) -> Result<Vec<i32>, DbErr>
where
    E::Column: ColumnTrait,
{
    E::find()
        .filter(c)
        .select_only()
        .column(id)
        .order_by_desc(id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}
