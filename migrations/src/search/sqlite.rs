//! SQLite: the FTS5 trigram tables of the searched text and of the titles, the triggers that keep
//! them (and the rows' scope tokens) in step, and their bulk refill.

use super::{Layout, SOURCES, Source, TITLE_TABLES, sqlite_norm, title_fts};

/// SQL: the token of a nullable id column, or `''`.
fn token_sql(letter: char, column: &str) -> String {
    format!("COALESCE('{letter}' || {column} || '{letter}', '')")
}

/// SQL: the scope tokens of meeting `m` (an SQL expression): its zone (`z…z`), its host province
/// and every province joining it (`p…p`), the columns `services::scope::meetings` reads.
fn meeting_scope_sql(m: &str) -> String {
    format!(
        "COALESCE((SELECT {z} || ' ' || {h} FROM meetings sm WHERE sm.id = {m}), '') || ' ' || \
COALESCE((SELECT group_concat('p' || smp.province_id || 'p', ' ') FROM meeting_provinces smp \
WHERE smp.meeting_id = {m}), '')",
        z = token_sql('z', "sm.zone_id"),
        h = token_sql('p', "sm.host_province_id"),
    )
}

/// SQL: the scope tokens of action `a` (an SQL expression): its own zone, province and office
/// (`z…z p…p o…o`), the columns `services::scope::actions` reads.
fn action_scope_sql(a: &str) -> String {
    format!(
        "COALESCE((SELECT {z} || ' ' || {p} || ' ' || {o} FROM actions sa WHERE sa.id = {a}), '')",
        z = token_sql('z', "sa.zone_id"),
        p = token_sql('p', "sa.province_id"),
        o = token_sql('o', "sa.office_id"),
    )
}

impl Source {
    /// SQLite: the row's scope tokens, as an SQL expression over its columns (`prefix` as in
    /// [`Source::text_with`]): a meeting's and what belongs to it (agenda items, directives,
    /// minutes) by the meeting's zone and provinces; an action and its progress reports by the
    /// action's own zone, province and office. The search asks the index for these tokens with
    /// the text, so that a zone's or a province's matches are found without reading the rest
    /// of the country's.
    pub fn scope_sql(&self, prefix: &str) -> String {
        match self.table {
            "meetings" => meeting_scope_sql(&format!("{prefix}id")),
            "agenda_items" | "directives" => meeting_scope_sql(&format!("{prefix}meeting_id")),
            "minutes_revisions" => meeting_scope_sql(&format!(
                "(SELECT sm2.meeting_id FROM minutes sm2 WHERE sm2.id = {prefix}minutes_id)"
            )),
            "actions" => action_scope_sql(&format!("{prefix}id")),
            "action_updates" => action_scope_sql(&format!("{prefix}action_id")),
            other => unreachable!("no scope for {other}"),
        }
    }

    /// The columns whose change re-indexes the row: the text's, and with the scope the row's
    /// own scope columns.
    fn indexed_columns(&self, layout: Layout) -> String {
        let mut columns = self.columns.to_vec();
        if layout == Layout::WithScope {
            match self.table {
                "meetings" => columns.extend(["zone_id", "host_province_id"]),
                "actions" => columns.extend(["zone_id", "province_id", "office_id"]),
                _ => {}
            }
        }
        columns.join(", ")
    }

    /// SQLite: the `fts5` table of this source.
    pub fn sqlite_create(&self, layout: Layout) -> String {
        let columns = match layout {
            Layout::BodyOnly => "body",
            Layout::WithScope => "body, scope",
        };
        format!(
            "CREATE VIRTUAL TABLE {} USING fts5({columns}, content='', contentless_delete=1, tokenize='trigram');",
            self.fts_table()
        )
    }

    /// `(rowid, body[, scope])` and the values of the row at `prefix`.
    fn fts_values(&self, layout: Layout, prefix: &str) -> (&'static str, String) {
        let body = sqlite_norm(&self.text_with(prefix));
        match layout {
            Layout::BodyOnly => ("rowid, body", body),
            Layout::WithScope => (
                "rowid, body, scope",
                format!("{body}, {}", self.scope_sql(prefix)),
            ),
        }
    }

    /// SQLite: the triggers that keep this source's index in step with its table.
    pub fn sqlite_triggers(&self, layout: Layout) -> String {
        let fts = self.fts_table();
        let table = self.table;
        let (into, new) = self.fts_values(layout, "new.");
        let columns = self.indexed_columns(layout);
        format!(
            "CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN
  INSERT INTO {fts}({into}) VALUES (new.id, {new});
END;
CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN
  DELETE FROM {fts} WHERE rowid = old.id;
END;
CREATE TRIGGER {fts}_au AFTER UPDATE OF {columns} ON {table} BEGIN
  DELETE FROM {fts} WHERE rowid = old.id;
  INSERT INTO {fts}({into}) VALUES (new.id, {new});
END;"
        )
    }

    /// SQLite: the index filled anew from every row of the table.
    pub fn sqlite_refill(&self, layout: Layout) -> String {
        let fts = self.fts_table();
        let table = self.table;
        let (into, now) = self.fts_values(layout, &format!("{table}."));
        format!(
            "INSERT INTO {fts}({fts}) VALUES ('delete-all');
INSERT INTO {fts}({into}) SELECT {table}.id, {now} FROM {table};"
        )
    }

    /// SQLite: the rows of meeting `m` (an SQL expression) in this source, as a condition over
    /// the table, or `None` for the sources scoped by their action.
    fn of_meeting(&self, m: &str) -> Option<String> {
        let table = self.table;
        match table {
            "meetings" => Some(format!("{table}.id = {m}")),
            "agenda_items" | "directives" => Some(format!("{table}.meeting_id = {m}")),
            "minutes_revisions" => Some(format!(
                "{table}.minutes_id IN (SELECT id FROM minutes WHERE meeting_id = {m})"
            )),
            _ => None,
        }
    }

    /// SQLite: the rows of this source that `rows` (a condition over its table) keeps,
    /// indexed again.
    fn sqlite_reindex(&self, rows: &str) -> String {
        let fts = self.fts_table();
        let table = self.table;
        let (into, now) = self.fts_values(Layout::WithScope, &format!("{table}."));
        format!(
            "  DELETE FROM {fts} WHERE rowid IN (SELECT {table}.id FROM {table} WHERE {rows});
  INSERT INTO {fts}({into}) SELECT {table}.id, {now} FROM {table} WHERE {rows};"
        )
    }
}

/// SQLite: the triggers that keep the scope tokens in step when a meeting's zone or provinces
/// change (its rows and everything of the meeting indexed again) or an action's zone, province
/// or office (its progress reports indexed again; the action's own row by its own trigger).
pub fn sqlite_scope_triggers() -> String {
    let meeting = |m: &str, with_own_row: bool| -> String {
        SOURCES
            .iter()
            .filter(|s| with_own_row || s.table != "meetings")
            .filter_map(|s| s.of_meeting(m).map(|rows| s.sqlite_reindex(&rows)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let updates = SOURCES
        .iter()
        .find(|s| s.table == "action_updates")
        .map(|s| s.sqlite_reindex("action_updates.action_id = new.id"))
        .unwrap_or_default();
    format!(
        "CREATE TRIGGER {SCOPE}_mp_ai AFTER INSERT ON meeting_provinces BEGIN
{ins}
END;
CREATE TRIGGER {SCOPE}_mp_ad AFTER DELETE ON meeting_provinces BEGIN
{del}
END;
CREATE TRIGGER {SCOPE}_m_au AFTER UPDATE OF zone_id, host_province_id ON meetings BEGIN
{upd}
END;
CREATE TRIGGER {SCOPE}_a_au AFTER UPDATE OF zone_id, province_id, office_id ON actions BEGIN
{updates}
END;",
        ins = meeting("new.meeting_id", true),
        del = meeting("old.meeting_id", true),
        upd = meeting("new.id", false),
    )
}

/// The prefix of the scope triggers' names.
const SCOPE: &str = "search_scope";

/// SQLite: the names of the scope triggers.
pub fn sqlite_scope_trigger_names() -> [String; 4] {
    ["mp_ai", "mp_ad", "m_au", "a_au"].map(|k| format!("{SCOPE}_{k}"))
}

/// SQLite: drops the scope triggers.
pub fn sqlite_drop_scope_triggers() -> String {
    sqlite_scope_trigger_names()
        .iter()
        .map(|n| format!("DROP TRIGGER IF EXISTS {n};"))
        .collect::<Vec<_>>()
        .join("\n")
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
        .chain(sqlite_scope_trigger_names())
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
    sql.push(sqlite_drop_scope_triggers());
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
        sql.push(s.sqlite_refill(Layout::WithScope));
        sql.push(format!("INSERT INTO {fts}({fts}) VALUES ('optimize');"));
        sql.push(fts_bulk_settings(&fts, false));
        sql.push(s.sqlite_triggers(Layout::WithScope));
    }
    sql.push(sqlite_scope_triggers());
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
pub fn fts_bulk_settings(fts: &str, bulk: bool) -> String {
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
