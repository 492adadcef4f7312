//! Substring search over the titles of actions and meetings at national scale. Thai has no spaces
//! between words, so the index is of character trigrams: SQLite an FTS5 table with the `trigram`
//! tokenizer over each title (external content, kept in step by triggers on every write), built
//! now for the rows already there; PostgreSQL a `pg_trgm` GIN index, which `LIKE '%…%'` uses.
//! Queries shorter than three characters keep the plain `LIKE` (db/repo/text.rs).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables whose `title` is indexed.
const TABLES: [&str; 2] = ["actions", "meetings"];

fn sqlite_up(table: &str) -> String {
    let fts = format!("{table}_title_fts");
    format!(
        "CREATE VIRTUAL TABLE {fts} USING fts5(title, content='{table}', content_rowid='id', tokenize='trigram');
INSERT INTO {fts}({fts}) VALUES ('rebuild');
CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN
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

fn sqlite_down(table: &str) -> String {
    let fts = format!("{table}_title_fts");
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
                for table in TABLES {
                    db.execute_unprepared(&sqlite_up(table)).await?;
                }
            }
            _ => {
                db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                    .await?;
                for table in TABLES {
                    db.execute_unprepared(&format!(
                        "CREATE INDEX idx_{table}_title_trgm ON {table} USING gin (title gin_trgm_ops)"
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in TABLES {
            let sql = match manager.get_database_backend() {
                DatabaseBackend::Sqlite => sqlite_down(table),
                _ => format!("DROP INDEX IF EXISTS idx_{table}_title_trgm"),
            };
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}
