//! Thai full-text search (issue 14) over meetings, agenda items, directives, actions, progress
//! reports and minutes. Thai has no spaces between words, so the indexes are of character
//! trigrams over the normalised text (`search.rs`): SQLite one contentless FTS5 `trigram` table
//! per source, kept in step by triggers on every write and filled now from the rows already
//! there; PostgreSQL a `pg_trgm` GIN index over the normalised expression, which `ILIKE '%…%'`
//! uses.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

use crate::search::{PG_NORM_FUNCTION, SOURCES, Source, pg_norm, sqlite_norm};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn sqlite_up(s: &Source) -> String {
    let fts = s.fts_table();
    let table = s.table;
    let now = sqlite_norm(&s.text_with(&format!("{table}.")));
    let new = sqlite_norm(&s.text_with("new."));
    let columns = s.columns.join(", ");
    format!(
        "CREATE VIRTUAL TABLE {fts} USING fts5(body, content='', contentless_delete=1, tokenize='trigram');
INSERT INTO {fts}(rowid, body) SELECT {table}.id, {now} FROM {table};
CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN
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

fn sqlite_down(s: &Source) -> String {
    let fts = s.fts_table();
    format!(
        "DROP TRIGGER IF EXISTS {fts}_ai;
DROP TRIGGER IF EXISTS {fts}_ad;
DROP TRIGGER IF EXISTS {fts}_au;
DROP TABLE IF EXISTS {fts};"
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                for s in &SOURCES {
                    db.execute_unprepared(&sqlite_up(s)).await?;
                }
            }
            _ => {
                db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                    .await?;
                db.execute_unprepared(PG_NORM_FUNCTION).await?;
                for s in &SOURCES {
                    db.execute_unprepared(&format!(
                        "CREATE INDEX idx_search_{kind} ON {table} USING gin (({expr}) gin_trgm_ops)",
                        kind = s.kind,
                        table = s.table,
                        expr = pg_norm(&s.text_with(""))
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                for s in &SOURCES {
                    db.execute_unprepared(&sqlite_down(s)).await?;
                }
            }
            _ => {
                for s in &SOURCES {
                    db.execute_unprepared(&format!("DROP INDEX IF EXISTS idx_search_{}", s.kind))
                        .await?;
                }
                db.execute_unprepared("DROP FUNCTION IF EXISTS prachum_search_norm(text)")
                    .await?;
            }
        }
        Ok(())
    }
}
