//! PostgreSQL: the `pg_trgm` GIN indexes of the searched text (with the rows' scope tokens) and
//! of the titles, the `search_scope` columns and their triggers, and the bulk load's statements.

use super::{Layout, SOURCES, Source, TITLE_TABLES, pg_norm};

/// PostgreSQL: where a searched row's normalised text is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PgText {
    /// Normalised as it is read (migrations `m20261202_000023_search` and
    /// `m20261203_000025_search_scope`): the trigram index is over the expression, and every
    /// candidate the lossy index yields is normalised again to be checked (about 20 µs a row).
    Expression,
    /// Stored in the row's generated column [`PG_TEXT_COLUMN`] (`m20261204_000026_search_text`,
    /// the current one): the index is over the column, and a candidate is checked by a plain
    /// `LIKE` over it.
    Stored,
}

/// PostgreSQL: the text search indexes (not the titles') of `layout` over `text` dropped, or
/// (`create`) made.
pub fn pg_text_indexes(layout: Layout, text: PgText, create: bool) -> String {
    pg_indexes_in(layout, text)
        .into_iter()
        .filter(|(name, _)| name.starts_with("idx_search_"))
        .map(|(name, sql)| {
            if create {
                format!("{sql};")
            } else {
                format!("DROP INDEX IF EXISTS {name};")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// PostgreSQL: the generated column holding a searched row's normalised text.
pub const PG_TEXT_COLUMN: &str = "search_text";

/// PostgreSQL: the normalised text of a row of `source`, as the current layout stores it
/// (`table.search_text`).
pub fn pg_text(source: &Source) -> String {
    format!("{}.{PG_TEXT_COLUMN}", source.table)
}

/// PostgreSQL: every trigram index over the searched text (with the rows' scope tokens in the
/// current layout) and the titles, as (name, the statement that creates it).
pub fn pg_indexes() -> Vec<(String, String)> {
    pg_indexes_in(Layout::WithScope, PgText::Stored)
}

/// PostgreSQL: [`pg_indexes`] in `layout`, over `text` (`BodyOnly` and `Expression`: as
/// migration `m20261202_000023_search` made them).
pub fn pg_indexes_in(layout: Layout, text: PgText) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = SOURCES
        .iter()
        .map(|s| {
            let name = format!("idx_search_{}", s.kind);
            let scope = match layout {
                Layout::BodyOnly => "",
                Layout::WithScope => ", search_scope",
            };
            let expr = match text {
                PgText::Expression => format!("({})", pg_norm(&s.text_with(""))),
                PgText::Stored => PG_TEXT_COLUMN.to_owned(),
            };
            let sql = format!(
                "CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expr} gin_trgm_ops{scope})",
                table = s.table,
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

/// PostgreSQL: the generated column [`PG_TEXT_COLUMN`] added to every searched table (the
/// tables are rewritten: drop the text indexes first), or (`add` false) dropped.
pub fn pg_text_columns(add: bool) -> String {
    SOURCES
        .iter()
        .map(|s| {
            let table = s.table;
            if add {
                format!(
                    "ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {PG_TEXT_COLUMN} text \
GENERATED ALWAYS AS ({}) STORED;",
                    pg_norm(&s.text_with(""))
                )
            } else {
                format!("ALTER TABLE {table} DROP COLUMN IF EXISTS {PG_TEXT_COLUMN};")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// PostgreSQL: the scope tokens of a meeting row `m` (`m.zone_id`, `m.host_province_id`) and of
/// its joining provinces, as `text[]`.
fn pg_meeting_scope(m: &str) -> String {
    format!(
        "array_remove(ARRAY['z' || {m}.zone_id || 'z', 'p' || {m}.host_province_id || 'p'], NULL) \
|| COALESCE((SELECT array_agg('p' || mp.province_id || 'p') FROM meeting_provinces mp \
WHERE mp.meeting_id = {m}.id), '{{}}')"
    )
}

/// PostgreSQL: the scope tokens of an action row `a`, as `text[]`.
fn pg_action_scope(a: &str) -> String {
    format!(
        "array_remove(ARRAY['z' || {a}.zone_id || 'z', 'p' || {a}.province_id || 'p', \
'o' || {a}.office_id || 'o'], NULL)"
    )
}

/// PostgreSQL: the scope tokens of the meeting or action a row of `source` belongs to, as a
/// `text[]` expression over the row `r`.
fn pg_scope_of(source: &Source, r: &str) -> String {
    let meeting = |id: &str| {
        format!(
            "COALESCE((SELECT {} FROM meetings sm WHERE sm.id = {id}), '{{}}')",
            pg_meeting_scope("sm")
        )
    };
    match source.table {
        "meetings" => pg_meeting_scope(r),
        "agenda_items" | "directives" => meeting(&format!("{r}.meeting_id")),
        "minutes_revisions" => meeting(&format!(
            "(SELECT mi.meeting_id FROM minutes mi WHERE mi.id = {r}.minutes_id)"
        )),
        "actions" => pg_action_scope(r),
        "action_updates" => format!(
            "COALESCE((SELECT {} FROM actions sa WHERE sa.id = {r}.action_id), '{{}}')",
            pg_action_scope("sa")
        ),
        other => unreachable!("no scope for {other}"),
    }
}

/// PostgreSQL: the columns of a row of `source` its scope is read from.
fn pg_scope_columns(source: &Source) -> &'static str {
    match source.table {
        "meetings" => "zone_id, host_province_id",
        "actions" => "zone_id, province_id, office_id",
        "agenda_items" | "directives" => "meeting_id",
        "minutes_revisions" => "minutes_id",
        _ => "action_id",
    }
}

/// PostgreSQL: `search_scope` (the row's scope tokens, `text[]`, in its trigram index) on every
/// searched table, set by a trigger before each write of the row and kept in step by triggers
/// when a meeting's zone or provinces or an action's zone, province or office change; then
/// filled for the rows already there ([`pg_scope_backfill`]).
pub fn pg_scope_up() -> String {
    let mut sql = Vec::new();
    for s in &SOURCES {
        let table = s.table;
        let columns = pg_scope_columns(s);
        sql.push(format!(
            "ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_scope text[] NOT NULL DEFAULT '{{}}';
CREATE OR REPLACE FUNCTION prachum_search_scope_{kind}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_scope := {scope};
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS {PG_ROW_TRIGGER} ON {table};
CREATE TRIGGER {PG_ROW_TRIGGER} BEFORE INSERT OR UPDATE OF {columns} ON {table}
  FOR EACH ROW EXECUTE FUNCTION prachum_search_scope_{kind}();",
            kind = s.kind,
            scope = pg_scope_of(s, "NEW"),
        ));
    }
    sql.push(format!(
        "CREATE OR REPLACE FUNCTION prachum_search_rescope_meeting(m integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE s text[];
BEGIN
  SELECT {scope} INTO s FROM meetings sm WHERE sm.id = m;
  s := COALESCE(s, '{{}}');
  UPDATE meetings SET search_scope = s WHERE id = m AND search_scope IS DISTINCT FROM s;
  UPDATE agenda_items SET search_scope = s WHERE meeting_id = m AND search_scope IS DISTINCT FROM s;
  UPDATE directives SET search_scope = s WHERE meeting_id = m AND search_scope IS DISTINCT FROM s;
  UPDATE minutes_revisions SET search_scope = s
    WHERE minutes_id IN (SELECT id FROM minutes WHERE meeting_id = m) AND search_scope IS DISTINCT FROM s;
END $$;
CREATE OR REPLACE FUNCTION prachum_search_scope_provinces() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM prachum_search_rescope_meeting(OLD.meeting_id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM prachum_search_rescope_meeting(NEW.meeting_id); END IF;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS {PG_FOLLOW_TRIGGER} ON meeting_provinces;
CREATE TRIGGER {PG_FOLLOW_TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON meeting_provinces
  FOR EACH ROW EXECUTE FUNCTION prachum_search_scope_provinces();
CREATE OR REPLACE FUNCTION prachum_search_scope_meeting_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM prachum_search_rescope_meeting(NEW.id);
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS {PG_FOLLOW_TRIGGER} ON meetings;
CREATE TRIGGER {PG_FOLLOW_TRIGGER} AFTER UPDATE OF zone_id, host_province_id ON meetings
  FOR EACH ROW EXECUTE FUNCTION prachum_search_scope_meeting_moved();
CREATE OR REPLACE FUNCTION prachum_search_scope_action_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE action_updates SET search_scope = NEW.search_scope
    WHERE action_id = NEW.id AND search_scope IS DISTINCT FROM NEW.search_scope;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS {PG_FOLLOW_TRIGGER} ON actions;
CREATE TRIGGER {PG_FOLLOW_TRIGGER} AFTER UPDATE OF zone_id, province_id, office_id ON actions
  FOR EACH ROW EXECUTE FUNCTION prachum_search_scope_action_moved();",
        scope = pg_meeting_scope("sm"),
    ));
    sql.push(pg_scope_backfill());
    sql.join("\n")
}

/// PostgreSQL: the trigger that sets a row's `search_scope` before it is written.
const PG_ROW_TRIGGER: &str = "search_scope_row";
/// PostgreSQL: the triggers that carry a meeting's or an action's scope to its rows.
const PG_FOLLOW_TRIGGER: &str = "search_scope_follow";
/// PostgreSQL: the tables of the follow triggers.
const PG_FOLLOW_TABLES: [&str; 3] = ["meeting_provinces", "meetings", "actions"];

/// PostgreSQL: every row's `search_scope` computed again, set-wise (the migration, for the rows
/// already there).
pub fn pg_scope_backfill() -> String {
    let meeting_scope = format!(
        "WITH s AS (SELECT sm.id, {} AS scope FROM meetings sm)",
        pg_meeting_scope("sm")
    );
    [
        format!("UPDATE meetings m SET search_scope = {};", pg_meeting_scope("m")),
        format!(
            "{meeting_scope} UPDATE agenda_items t SET search_scope = s.scope FROM s WHERE s.id = t.meeting_id;"
        ),
        format!(
            "{meeting_scope} UPDATE directives t SET search_scope = s.scope FROM s WHERE s.id = t.meeting_id;"
        ),
        format!(
            "{meeting_scope} UPDATE minutes_revisions t SET search_scope = s.scope FROM s, minutes mi \
WHERE mi.id = t.minutes_id AND s.id = mi.meeting_id;"
        ),
        format!("UPDATE actions a SET search_scope = {};", pg_action_scope("a")),
        format!(
            "UPDATE action_updates t SET search_scope = {} FROM actions a WHERE a.id = t.action_id;",
            pg_action_scope("a")
        ),
    ]
    .join("\n")
}

/// PostgreSQL: the triggers that carry a meeting's or an action's scope to its rows disabled
/// (a bulk load) or every scope trigger enabled.
fn pg_scope_triggers_enabled(enabled: bool) -> String {
    let verb = if enabled { "ENABLE" } else { "DISABLE" };
    let rows = SOURCES
        .iter()
        .filter(|_| enabled)
        .map(|s| format!("ALTER TABLE {} {verb} TRIGGER {PG_ROW_TRIGGER};", s.table));
    PG_FOLLOW_TABLES
        .iter()
        .map(|t| format!("ALTER TABLE {t} {verb} TRIGGER {PG_FOLLOW_TRIGGER};"))
        .chain(rows)
        .collect::<Vec<_>>()
        .join("\n")
}

/// PostgreSQL: the scope columns, triggers and functions removed (migration down).
pub fn pg_scope_down() -> String {
    let mut sql: Vec<String> = PG_FOLLOW_TABLES
        .iter()
        .map(|t| format!("DROP TRIGGER IF EXISTS {PG_FOLLOW_TRIGGER} ON {t};"))
        .collect();
    for s in &SOURCES {
        sql.push(format!(
            "DROP TRIGGER IF EXISTS {PG_ROW_TRIGGER} ON {table};
DROP FUNCTION IF EXISTS prachum_search_scope_{kind}();
ALTER TABLE {table} DROP COLUMN IF EXISTS search_scope;",
            table = s.table,
            kind = s.kind
        ));
    }
    sql.push(
        "DROP FUNCTION IF EXISTS prachum_search_scope_provinces();
DROP FUNCTION IF EXISTS prachum_search_scope_meeting_moved();
DROP FUNCTION IF EXISTS prachum_search_scope_action_moved();
DROP FUNCTION IF EXISTS prachum_search_rescope_meeting(integer);"
            .to_owned(),
    );
    sql.join("\n")
}

/// PostgreSQL, before a bulk load: the trigram indexes dropped (kept row by row they slowed the
/// national load past its budget; built once at the end they cost a fraction).
pub fn pg_bulk_suspend() -> String {
    let mut sql: Vec<String> = pg_indexes()
        .iter()
        .map(|(name, _)| format!("DROP INDEX IF EXISTS {name};"))
        .collect();
    // Each row's own trigger still sets its scope as it is written (about 20 µs a row; a
    // set-wise rewrite of every row after the load took 3.5 minutes and left the tables with
    // as many dead rows as live ones); only the carrying to other rows waits for the end.
    sql.push(pg_scope_triggers_enabled(false));
    sql.join("\n")
}

/// PostgreSQL, after a bulk load, before [`pg_bulk_resume`]: the scope of every meeting that
/// provinces join carried to its rows (written while the carrying triggers were off, perhaps
/// before the joining provinces), and the scope triggers enabled again.
pub fn pg_bulk_rescope() -> String {
    format!(
        "BEGIN;
SELECT prachum_search_rescope_meeting(meeting_id) FROM (SELECT DISTINCT meeting_id FROM meeting_provinces) joined;
{}
COMMIT;",
        pg_scope_triggers_enabled(true)
    )
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
