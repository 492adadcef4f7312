//! Text matching in queries: `LIKE` patterns with the user's `%`, `_` and `\` taken literally.

use sea_orm::ColumnTrait;
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};

/// `column LIKE '%text%'`, where `%`, `_` and `\` in `text` match themselves (escaped with `\`),
/// so "100%" finds "100%" and not every title with "100" in it.
pub fn contains<C: ColumnTrait>(column: C, text: &str) -> Expr {
    Expr::col(column.as_column_ref())
        .like(LikeExpr::new(format!("%{}%", escape(text))).escape('\\'))
}

/// Escapes the `LIKE` wildcards and the escape character itself.
fn escape(text: &str) -> String {
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
