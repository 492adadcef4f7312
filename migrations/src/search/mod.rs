//! What Thai full-text search indexes (shared by migration `m20261202_000023_search` and the
//! app's queries in `db/repo/search.rs`, so the indexed expression and the queried one are the
//! same text): per searchable table, the text expression, normalised in SQL the way
//! `domain::text::search_form` normalises a query (Thai digits as Arabic ones, NIKHAHIT + SARA AA
//! as SARA AM; the text is NFC already). Also the SQLite triggers that keep these indexes and the
//! title indexes (migration `m20261202_000021_title_search`) in step, and the statements a bulk
//! load uses to set them aside and refill the indexes once at its end: SQLite's in `sqlite.rs`,
//! PostgreSQL's in `pg.rs`. Each indexed row also carries its scope tokens (`scope_token`: its
//! meeting's zone and provinces, or its action's zone, province and office), which a search asks
//! for with the text.

/// One searchable table.
#[derive(Debug, Clone, Copy)]
pub struct Source {
    /// Kind name (`meeting`, `agenda`, …) and the suffix of its index.
    pub kind: &'static str,
    /// The table.
    pub table: &'static str,
    /// The columns whose change re-indexes the row.
    pub columns: &'static [&'static str],
    /// The text, as an SQL expression over the row's columns (`{p}` is the row prefix:
    /// `new.`, `old.` or `table.`).
    pub text: &'static str,
}

/// Everything the search box looks through.
pub const SOURCES: [Source; 6] = [
    Source {
        kind: "meeting",
        table: "meetings",
        columns: &["title", "summary"],
        text: "{p}title || ' ' || COALESCE({p}summary, '')",
    },
    Source {
        kind: "agenda",
        table: "agenda_items",
        columns: &["title", "notes_md", "resolution_md"],
        text: "{p}title || ' ' || COALESCE({p}notes_md, '') || ' ' || COALESCE({p}resolution_md, '')",
    },
    Source {
        kind: "directive",
        table: "directives",
        columns: &["text_md"],
        text: "{p}text_md",
    },
    Source {
        kind: "action",
        table: "actions",
        columns: &["title", "expected_md"],
        text: "{p}title || ' ' || COALESCE({p}expected_md, '')",
    },
    Source {
        kind: "update",
        table: "action_updates",
        columns: &["text_md"],
        text: "COALESCE({p}text_md, '')",
    },
    Source {
        kind: "minutes",
        table: "minutes_revisions",
        columns: &["content_md"],
        text: "{p}content_md",
    },
];

/// Thai digits and their Arabic twins.
const DIGITS: [(&str, &str); 10] = [
    ("๐", "0"),
    ("๑", "1"),
    ("๒", "2"),
    ("๓", "3"),
    ("๔", "4"),
    ("๕", "5"),
    ("๖", "6"),
    ("๗", "7"),
    ("๘", "8"),
    ("๙", "9"),
];

impl Source {
    /// The text expression with `prefix` (`new.`, `old.`, `actions.` or empty).
    pub fn text_with(&self, prefix: &str) -> String {
        self.text.replace("{p}", prefix)
    }

    /// The SQLite FTS5 table (trigram, contentless: only the index is stored).
    pub fn fts_table(&self) -> String {
        format!("search_{}", self.kind)
    }
}

/// SQLite: `expr` normalised (nested `replace`, SQLite has no `translate`).
pub fn sqlite_norm(expr: &str) -> String {
    let mut out = format!("({expr})");
    for (thai, arabic) in DIGITS {
        out = format!("replace({out}, '{thai}', '{arabic}')");
    }
    format!("replace({out}, 'ํา', 'ำ')")
}

/// PostgreSQL: the immutable function the trigram indexes are built over (also lower case, as
/// SQLite's trigram tokenizer and `LIKE` fold ASCII case).
pub const PG_NORM_FUNCTION: &str = "CREATE OR REPLACE FUNCTION prachum_search_norm(t text) RETURNS text \
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT lower(replace(translate(t, '๐๑๒๓๔๕๖๗๘๙', '0123456789'), 'ํา', 'ำ')) $$";

/// PostgreSQL: `expr` normalised.
pub fn pg_norm(expr: &str) -> String {
    format!("prachum_search_norm({expr})")
}

/// The layout of an SQLite search index: the text only (migration `m20261202_000023_search`), or
/// the text and the row's scope tokens (`m20261203_000025_search_scope`, the current one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `fts5(body)`.
    BodyOnly,
    /// `fts5(body, scope)`: see [`Source::scope_sql`].
    WithScope,
}

/// A scope token as stored and queried: a letter, an id and the letter again (`p33p`), so that
/// the trigram phrase of one token never matches inside another (`p33p` is not in `p133p`).
pub fn scope_token(letter: char, id: i32) -> String {
    format!("{letter}{id}{letter}")
}

/// The tables whose `title` has an index of its own (the lists' title filter).
pub const TITLE_TABLES: [&str; 2] = ["actions", "meetings"];

/// SQLite: the FTS5 table over `table`'s titles.
pub fn title_fts(table: &str) -> String {
    format!("{table}_title_fts")
}

mod pg;
mod sqlite;

pub use pg::*;
pub use sqlite::*;
