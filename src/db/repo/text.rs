//! Text matching in queries: `LIKE` patterns with the user's `%`, `_` and `\` taken literally,
//! and titles found through their trigram index (migration `m20261202_000021_title_search`).

use sea_orm::sea_query::{Alias, Expr, ExprTrait, LikeExpr, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, DbErr, Statement};

/// The tables whose `title` has a trigram index.
#[derive(Debug, Clone, Copy)]
pub enum Titled {
    /// `actions.title`.
    Actions,
    /// `meetings.title`.
    Meetings,
}

impl Titled {
    fn table(self) -> &'static str {
        match self {
            Self::Actions => "actions",
            Self::Meetings => "meetings",
        }
    }

    fn fts_table(self) -> &'static str {
        match self {
            Self::Actions => "actions_title_fts",
            Self::Meetings => "meetings_title_fts",
        }
    }
}

/// Rows whose title contains `text`. SQLite: through the FTS5 trigram table when `text` has
/// three characters or more (a trigram index cannot find less), else `LIKE`. PostgreSQL: `LIKE`,
/// which the `pg_trgm` index serves. Both match the same rows (ASCII case aside).
///
/// `row_by_row` says the other conditions already bound the rows to one province or office (at
/// most some 40,000 at national scale), or that the word is common (SQLite, [`in_many_titles`]): then scanning
/// those rows (or walking the list's order to its page) beats the index, whose lookup of a common
/// word ("ครัวเรือน") walks a third of the country's actions (measured on PostgreSQL: 74 ms
/// against 2 ms; on SQLite the FTS5 index listed 327,000 matches in 170 ms before the first
/// page, which the walk in due order finds in 0.1 ms), so the title is matched row by row (`LIKE`
/// over an expression no index serves).
pub fn title_contains<C: ColumnTrait>(
    backend: DbBackend,
    titled: Titled,
    id: C,
    title: C,
    text: &str,
    row_by_row: bool,
) -> Expr {
    if row_by_row {
        let table = titled.table();
        if backend == DbBackend::Sqlite {
            return sqlite_instr(&format!("{table}.title"), text);
        }
        return Expr::cust(format!("({table}.title || '')"))
            .like(LikeExpr::new(format!("%{}%", escape(text))).escape('\\'));
    }
    if backend != DbBackend::Sqlite || text.chars().count() < 3 {
        return contains(title, text);
    }
    let fts = titled.fts_table();
    Expr::col(id.as_column_ref()).in_subquery(
        Query::select()
            .expr(Expr::cust("rowid"))
            .from(Alias::new(fts))
            .and_where(Expr::cust_with_values(
                format!("{fts} MATCH ?"),
                [fts_phrase(text)],
            ))
            .to_owned(),
    )
}

/// SQLite: `column` holds `text`, as `column LIKE '%text%'` would say (ASCII letters in either
/// case, every other character as itself: SQLite's `LIKE` and `lower` both fold ASCII only),
/// by `instr`, a byte search, where `LIKE` decodes and compares each character (counting a
/// province's in-progress actions by "ครัวเรือน" to 1,001: 11.7 ms by `LIKE`, 10.2 by `instr`;
/// the rest is reading some 8,000 rows).
fn sqlite_instr(column: &str, text: &str) -> Expr {
    if text.bytes().any(|b| b.is_ascii_alphabetic()) {
        Expr::cust_with_values(
            format!("instr(lower({column}), ?) > 0"),
            [text.to_ascii_lowercase()],
        )
    } else {
        Expr::cust_with_values(format!("instr({column}, ?) > 0"), [text.to_owned()])
    }
}

/// `text` as one FTS5 phrase.
fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// SQLite: whether at least `n` titles of `titled` contain `text` (the FTS5 index stops at the
/// `n`-th: 4 ms for 20,000 at national scale, nothing for a rare word). False on PostgreSQL,
/// whose planner weighs a word's frequency itself (`services::action_filter::row_by_row`), and
/// for a text too short for the index.
pub async fn in_many_titles<C: ConnectionTrait>(
    db: &C,
    titled: Titled,
    text: &str,
    n: u64,
) -> Result<bool, DbErr> {
    if db.get_database_backend() != DbBackend::Sqlite || text.chars().count() < 3 {
        return Ok(false);
    }
    let fts = titled.fts_table();
    let stmt = Statement::from_sql_and_values(
        DbBackend::Sqlite,
        format!("SELECT COUNT(*) FROM (SELECT rowid FROM {fts} WHERE {fts} MATCH ? LIMIT {n})"),
        [fts_phrase(text).into()],
    );
    let found = match db.query_one_raw(stmt).await? {
        Some(row) => row.try_get_by_index::<i64>(0)?,
        None => 0,
    };
    Ok(u64::try_from(found).unwrap_or(0) >= n)
}

/// `column LIKE '%text%'`, where `%`, `_` and `\` in `text` match themselves (escaped with `\`),
/// so "100%" finds "100%" and not every title with "100" in it.
pub fn contains<C: ColumnTrait>(column: C, text: &str) -> Expr {
    Expr::col(column.as_column_ref())
        .like(LikeExpr::new(format!("%{}%", escape(text))).escape('\\'))
}

/// Escapes the `LIKE` wildcards and the escape character itself.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn wildcards_and_the_escape_are_taken_literally() {
        assert_eq!(escape("100%"), "100\\%");
        assert_eq!(escape("a_b\\c"), "a\\_b\\\\c");
        assert_eq!(escape("ประชุม"), "ประชุม");
    }
}
