//! Search queries: the ids of a table's rows whose normalised text holds every term of a query,
//! newest first, within a condition (scope and filters). SQLite walks the contentless FTS5
//! trigram table of the source, newest match first, for the terms of three characters or more
//! and matches shorter ones row by row; PostgreSQL matches every term with `LIKE` over the row's
//! stored normalised text (`search_text`), which its `pg_trgm` GIN index serves (migrations
//! `m20261202_000023_search`, `m20261204_000026_search_text`).

use migrations::search::{Source, pg_text, sqlite_norm};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, LikeExpr, Order, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, TransactionTrait,
};

use crate::domain::search::{SHORT_QUERY_WINDOW, SearchQuery, TRIGRAM};

/// The condition "the row's text holds every term of `q`".
pub fn text_condition(backend: DbBackend, source: &Source, q: &SearchQuery) -> Condition {
    let table = source.table;
    let mut c = Condition::all();
    match backend {
        DbBackend::Postgres => {
            let text = pg_text(source);
            for t in &q.terms {
                if t.chars().count() < TRIGRAM {
                    // A term without a trigram is matched on the rows the other conditions
                    // keep: `|| ''` keeps the planner from "using" the trigram index for it,
                    // which would read the whole index (3.7 s for "นา" over 450,000 reports).
                    c = c.add(short_term(&format!("({text} || '')"), t));
                } else {
                    c = c.add(short_term(&text, t));
                }
            }
        }
        _ => {
            let expr = source.text_with(&format!("{table}."));
            if let Some(fts) = q.fts5() {
                let index = source.fts_table();
                c = c.add(Expr::cust_with_values(
                    format!("{table}.id IN (SELECT rowid FROM {index} WHERE {index} MATCH ?)"),
                    [format!("body : ({fts})")],
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

/// How the rows are found.
#[derive(Debug, Clone, Copy)]
pub enum Lookup<'a> {
    /// `within` is narrow (the rows of a few hundred meetings): every row of it is read and
    /// matched directly, without the index.
    Scan,
    /// By the index, with or without the reader's scope tokens (each group holds one of the
    /// row's; `services::search::index_scope`).
    Index(Option<&'a [Vec<String>]>),
}

/// The ids of at most `limit` rows of `E` matching `q` within `within`, highest id (newest)
/// first, looked up `how`.
///
/// On SQLite, with a term long enough for the index, the trigram table is read newest match
/// first and joined row by row (`CROSS JOIN` keeps it the outer loop), so the query stops at the
/// `limit`-th match within scope instead of reading every match of a common word first (the
/// difference at national scale: a few milliseconds against hundreds).
pub async fn ids<E: EntityTrait, C: ConnectionTrait + TransactionTrait>(
    db: &C,
    source: &Source,
    id: E::Column,
    q: &SearchQuery,
    within: Condition,
    limit: u64,
    how: Lookup<'_>,
) -> Result<Vec<i32>, DbErr>
where
    E::Column: ColumnTrait,
{
    let backend = db.get_database_backend();
    let scope = match how {
        Lookup::Scan => return scan::<E, _>(db, source, id, q, within, limit).await,
        Lookup::Index(scope) => scope,
    };
    // The text's terms in the index's `body` (not its `scope`), and the scope's tokens.
    let fts = q.fts5().map(|text| match scope.and_then(fts5_scope) {
        Some(scope) => format!("body : ({text}) AND {scope}"),
        None => format!("body : ({text})"),
    });
    if let (DbBackend::Sqlite, Some(fts)) = (backend, fts) {
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
        return super::plans::ids(db, &stmt, false).await;
    }
    let mut within = within;
    if q.only_short_terms() {
        // Nothing for an index to use: the rows are read one by one, so only the newest are.
        within = within.add(short_window(source.table));
    }
    if let (DbBackend::Postgres, Some(groups)) = (backend, scope) {
        // The trigram index holds the scope tokens too: one index scan keeps both.
        for group in groups.iter().filter(|g| !g.is_empty()) {
            within = within.add(Expr::cust_with_values(
                format!("{}.search_scope && $1::text[]", source.table),
                [pg_text_array(group)],
            ));
        }
    }
    let c = within.add(text_condition(backend, source, q));
    // PostgreSQL with a scope: newest first by sorting the matches the index keeps (scope and
    // text together), not by walking the primary key backwards: the planner, which cannot see
    // that a zone's rows may all be old, walked 1.9 million actions for a zone inspector's two
    // words.
    let sorted = backend == DbBackend::Postgres && scope.is_some();
    newest_ids::<E, _>(db, id, c, limit, sorted.then_some(source.table)).await
}

/// PostgreSQL: a `text[]` literal of `items` (`{"a","b"}`), bound as one value.
///
/// Not `ARRAY[$1, $2]`: sea-query reads `[…]` in a custom expression as a quoted name and
/// leaves the placeholders in it unbound (which made `LIKE ALL (ARRAY[$1::text])` compare
/// with whatever the statement's first values were).
fn pg_text_array(items: &[String]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|i| format!("\"{}\"", i.replace('\\', "\\\\").replace('"', "\\\"")))
        .collect();
    format!("{{{}}}", quoted.join(","))
}

/// SQLite: `scope : ("a" OR "b") AND scope : ("c")` over an index's scope column, each group
/// one of its tokens, or `None` when no group has any (every row).
fn fts5_scope(groups: &[Vec<String>]) -> Option<String> {
    let parts: Vec<String> = groups
        .iter()
        .filter(|tokens| !tokens.is_empty())
        .map(|tokens| {
            let quoted: Vec<String> = tokens.iter().map(|t| format!("\"{t}\"")).collect();
            format!("scope : ({})", quoted.join(" OR "))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

/// `id` among the newest rows of `table` (a query of short terms only, matched row by row).
fn short_window(table: &str) -> SimpleExpr {
    Expr::cust(format!(
        "{table}.id > (SELECT COALESCE(MAX(id), 0) FROM {table}) - {SHORT_QUERY_WINDOW}"
    ))
}

/// The rows of a narrow `within` read and matched one by one.
async fn scan<E: EntityTrait, C: ConnectionTrait + TransactionTrait>(
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
    let backend = db.get_database_backend();
    let mut c = within;
    if backend == DbBackend::Postgres {
        // `LIKE ALL` over the stored normalised text.
        let patterns: Vec<String> = q
            .terms
            .iter()
            .map(|t| format!("%{}%", super::text::escape(t)))
            .collect();
        c = c.add(Expr::cust_with_values(
            format!("{} LIKE ALL ($1::text[])", pg_text(source)),
            [pg_text_array(&patterns)],
        ));
    } else {
        let norm = sqlite_norm(&source.text_with(&format!("{}.", source.table)));
        for t in &q.terms {
            c = c.add(short_term(&norm, t));
        }
    }
    newest_ids::<E, _>(db, id, c, limit, None).await
}

/// The ids of at most `limit` rows of `E` that `c` keeps, highest first; with `sort` (the
/// table), by sorting every row `c` keeps (`id + 0` is not the primary key's order).
///
/// PostgreSQL plans each of these queries for its own terms (`plan_cache_mode =
/// force_custom_plan`, for this transaction only): after five runs of a prepared statement it
/// would otherwise keep a generic plan, which cannot tell a rare word from a common one; for an
/// administrator's two words that plan read every directive holding both (about 50 ms) where
/// the newest 25 are found in 3 ms by walking the ids backwards.
async fn newest_ids<E: EntityTrait, C: ConnectionTrait + TransactionTrait>(
    db: &C,
    id: E::Column,
    c: Condition,
    limit: u64,
    sort: Option<&str>,
) -> Result<Vec<i32>, DbErr>
where
    E::Column: ColumnTrait,
{
    let query = E::find().filter(c).select_only().column(id);
    let query = match sort {
        Some(table) => query.order_by(Expr::cust(format!("{table}.id + 0")), Order::Desc),
        None => query.order_by_desc(id),
    };
    super::plans::ids(db, &query.limit(limit).into_query(), true).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_is_one_token_of_each_group() {
        let groups = [
            vec!["z14z".into(), "p33p".into()],
            vec!["p33p".into()],
            vec![],
        ];
        assert_eq!(
            fts5_scope(&groups).as_deref(),
            Some(r#"scope : ("z14z" OR "p33p") AND scope : ("p33p")"#)
        );
        assert_eq!(fts5_scope(&[vec![]]), None);
    }

    #[test]
    fn a_text_array_literal_quotes_backslashes_and_quotes() {
        assert_eq!(
            pg_text_array(&["p33p".into(), r#"%a\%b"c%"#.into()]),
            r#"{"p33p","%a\\%b\"c%"}"#
        );
    }
}
