//! What Thai full-text search indexes (shared by migration `m20261202_000023_search` and the
//! app's queries in `db/repo/search.rs`, so the indexed expression and the queried one are the
//! same text): per searchable table, the text expression, normalised in SQL the way
//! `domain::text::search_form` normalises a query (Thai digits as Arabic ones, NIKHAHIT + SARA AA
//! as SARA AM; the text is NFC already). Also the SQLite triggers that keep these indexes and the
//! title indexes (migration `m20261202_000021_title_search`) in step, and the statements a bulk
//! load uses to set them aside and refill the indexes once at its end.

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

impl Source {
    /// SQLite: the triggers that keep this source's index in step with its table.
    pub fn sqlite_triggers(&self) -> String {
        let fts = self.fts_table();
        let table = self.table;
        let new = sqlite_norm(&self.text_with("new."));
        let columns = self.columns.join(", ");
        format!(
            "CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN
  INSERT INTO {fts}(rowid, body) VALUES (new.id, {new});
END;
CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN
  DELETE FROM {fts} WHERE rowid = old.id;
END;
CREATE TRIGGER {fts}_au AFTER UPDATE OF {columns} ON {table} BEGIN
  DELETE FROM {fts} WHERE rowid = old.id;
  INSERT INTO {fts}(rowid, body) VALUES (new.id, {new});
END;"
        )
    }

    /// SQLite: the index filled anew from every row of the table.
    pub fn sqlite_refill(&self) -> String {
        let fts = self.fts_table();
        let table = self.table;
        let now = sqlite_norm(&self.text_with(&format!("{table}.")));
        format!(
            "INSERT INTO {fts}({fts}) VALUES ('delete-all');
INSERT INTO {fts}(rowid, body) SELECT {table}.id, {now} FROM {table};"
        )
    }
}

/// The tables whose `title` has an index of its own (the lists' title filter).
pub const TITLE_TABLES: [&str; 2] = ["actions", "meetings"];

/// SQLite: the FTS5 table over `table`'s titles.
pub fn title_fts(table: &str) -> String {
    format!("{table}_title_fts")
}

/// SQLite: the triggers that keep `table`'s title index in step.
pub fn title_triggers(table: &str) -> String {
    let fts = title_fts(table);
    format!(
        "CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN
  INSERT INTO {fts}(rowid, title) VALUES (new.id, new.title);
END;
CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN
  INSERT INTO {fts}({fts}, rowid, title) VALUES ('delete', old.id, old.title);
END;
CREATE TRIGGER {fts}_au AFTER UPDATE OF title ON {table} BEGIN
  INSERT INTO {fts}({fts}, rowid, title) VALUES ('delete', old.id, old.title);
  INSERT INTO {fts}(rowid, title) VALUES (new.id, new.title);
END;"
    )
}

/// SQLite: drops the three triggers of an index (`{fts}_ai`, `_ad`, `_au`).
pub fn drop_triggers(fts: &str) -> String {
    format!(
        "DROP TRIGGER IF EXISTS {fts}_ai;
DROP TRIGGER IF EXISTS {fts}_ad;
DROP TRIGGER IF EXISTS {fts}_au;"
    )
}

/// SQLite: the names of every trigger that keeps a search or title index in step.
pub fn sqlite_trigger_names() -> Vec<String> {
    SOURCES
        .iter()
        .map(Source::fts_table)
        .chain(TITLE_TABLES.iter().map(|t| title_fts(t)))
        .flat_map(|fts| ["ai", "ad", "au"].map(|k| format!("{fts}_{k}")))
        .collect()
}

/// SQLite, before a bulk load: every search and title index stops following its table (per-row
/// trigram indexing made the national load several times slower, and slower as it grew).
pub fn sqlite_bulk_suspend() -> String {
    let mut sql: Vec<String> = SOURCES
        .iter()
        .map(|s| drop_triggers(&s.fts_table()))
        .collect();
    sql.extend(TITLE_TABLES.iter().map(|t| drop_triggers(&title_fts(t))));
    sql.join("\n")
}

/// SQLite, after a bulk load (or to mend one that was interrupted): every index refilled from
/// its table in one pass, and its triggers back.
///
/// The refill is the bulk load's longest step (2.7 million actions' text at national scale), and
/// FTS5's defaults suit row-by-row writes, not this: with SQLite's 2 MB page cache the merges
/// of many small segments read the same pages from the file again and again (more than a
/// terabyte of reads for the national set). So, for the refill only: a 1 GB page cache, a
/// 64 MB in-memory hash before each segment is written, no automatic merges while filling and
/// one merge (`optimize`) at the end; the defaults are put back after.
pub fn sqlite_bulk_resume() -> String {
    let mut sql = vec![
        sqlite_bulk_suspend(),
        "PRAGMA cache_size = -1048576;".to_owned(),
    ];
    for s in &SOURCES {
        let fts = s.fts_table();
        sql.push(fts_bulk_settings(&fts, true));
        sql.push(s.sqlite_refill());
        sql.push(format!("INSERT INTO {fts}({fts}) VALUES ('optimize');"));
        sql.push(fts_bulk_settings(&fts, false));
        sql.push(s.sqlite_triggers());
    }
    for t in TITLE_TABLES {
        let fts = title_fts(t);
        sql.push(fts_bulk_settings(&fts, true));
        sql.push(format!("INSERT INTO {fts}({fts}) VALUES ('rebuild');"));
        sql.push(format!("INSERT INTO {fts}({fts}) VALUES ('optimize');"));
        sql.push(fts_bulk_settings(&fts, false));
        sql.push(title_triggers(t));
    }
    sql.push(format!("PRAGMA cache_size = {SQLITE_DEFAULT_CACHE_SIZE};"));
    sql.join("\n")
}

/// SQLite's default page cache (`-2000`: about 2 MB), put back after a refill.
const SQLITE_DEFAULT_CACHE_SIZE: i32 = -2000;

/// FTS5 settings for filling an index in one pass (`bulk`) or FTS5's defaults (row by row).
fn fts_bulk_settings(fts: &str, bulk: bool) -> String {
    let (automerge, crisismerge, hashsize) = if bulk {
        (0, 1_000, 64 * 1024 * 1024)
    } else {
        (4, 16, 1024 * 1024)
    };
    format!(
        "INSERT INTO {fts}({fts}, rank) VALUES ('automerge', {automerge});
INSERT INTO {fts}({fts}, rank) VALUES ('crisismerge', {crisismerge});
INSERT INTO {fts}({fts}, rank) VALUES ('hashsize', {hashsize});"
    )
}

/// PostgreSQL: every trigram index over the searched text and the titles, as (name, the
/// statement that creates it).
pub fn pg_indexes() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = SOURCES
        .iter()
        .map(|s| {
            let name = format!("idx_search_{}", s.kind);
            let sql = format!(
                "CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expr}) gin_trgm_ops)",
                table = s.table,
                expr = pg_norm(&s.text_with(""))
            );
            (name, sql)
        })
        .collect();
    out.extend(TITLE_TABLES.iter().map(|t| {
        let name = format!("idx_{t}_title_trgm");
        let sql =
            format!("CREATE INDEX IF NOT EXISTS {name} ON {t} USING gin (title gin_trgm_ops)");
        (name, sql)
    }));
    out
}

/// PostgreSQL, before a bulk load: the trigram indexes dropped (kept row by row they slowed the
/// national load past its budget; built once at the end they cost a fraction).
pub fn pg_bulk_suspend() -> String {
    pg_indexes()
        .iter()
        .map(|(name, _)| format!("DROP INDEX IF EXISTS {name};"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// PostgreSQL, after a bulk load (or to mend one that was interrupted): the trigram indexes
/// built again (those that are missing), as two scripts to run at the same time on two
/// connections (PostgreSQL 15 builds a GIN index on one core; the actions' search index is
/// about half the work), each in its own transaction.
pub fn pg_bulk_resume() -> [String; 2] {
    let (first, rest): (Vec<_>, Vec<_>) = pg_indexes()
        .into_iter()
        .partition(|(name, _)| name == "idx_search_action");
    [first, rest].map(|part| {
        let mut sql = vec![
            "BEGIN;".to_owned(),
            "SET LOCAL maintenance_work_mem = '256MB';".to_owned(),
        ];
        sql.extend(part.into_iter().map(|(_, create)| format!("{create};")));
        sql.push("COMMIT;".to_owned());
        sql.join("\n")
    })
}

/// PostgreSQL, after a bulk load: fresh planner statistics. Without them the planner, which
/// last counted the tables nearly empty, walked 1.9 million actions for a search that the
/// trigram index answers in milliseconds.
pub const PG_AFTER_BULK: &str = "ANALYZE;";
