//! Search queries: the ids of a table's rows whose normalised text holds every term of a query,
//! newest first, within a condition (scope and filters). SQLite reads the contentless FTS5
//! trigram table of the source for the terms of three characters or more and matches shorter
//! ones row by row; PostgreSQL matches every term with `LIKE` over the normalised expression,
//! which its `pg_trgm` GIN index serves (migration `m20261202_000023_search`).

use migrations::search::{Source, pg_norm, sqlite_norm};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::domain::search::{SearchQuery, TRIGRAM};

/// The condition "the row's text holds every term of `q`".
pub fn text_condition(backend: DbBackend, source: &Source, q: &SearchQuery) -> Condition {
    let table = source.table;
    let expr = source.text_with(&format!("{table}."));
    let like = |norm: String, term: &str| {
        Expr::cust(norm)
            .like(LikeExpr::new(format!("%{}%", super::text::escape(term))).escape('\\'))
    };
    let mut c = Condition::all();
    match backend {
        DbBackend::Postgres => {
            for t in &q.terms {
                c = c.add(like(pg_norm(&expr), t));
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
                c = c.add(like(sqlite_norm(&expr), t));
            }
        }
    }
    c
}

/// The ids of at most `limit` rows of `E` matching `q` within `within`, highest id (newest)
/// first.
pub async fn ids<E: EntityTrait, C: ConnectionTrait>(
    db: &C,
    source: &Source,
    id: E::Column,
    q: &SearchQuery,
    within: Condition,
    limit: u64,
) -> Result<Vec<i32>, DbErr>
where
    E::Column: ColumnTrait,
{
    E::find()
        .filter(within)
        .filter(text_condition(db.get_database_backend(), source, q))
        .select_only()
        .column(id)
        .order_by_desc(id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}
