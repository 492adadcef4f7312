//! Substring search over the titles of actions and meetings at national scale. Thai has no spaces
//! between words, so the index is of character trigrams: SQLite an FTS5 table with the `trigram`
//! tokenizer over each title (external content, kept in step by triggers on every write), built
//! now for the rows already there; PostgreSQL a `pg_trgm` GIN index, which `LIKE '%…%'` uses.
//! Queries shorter than three characters keep the plain `LIKE` (db/repo/text.rs).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

use crate::search::{TITLE_TABLES, drop_triggers, title_fts, title_triggers};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn sqlite_up(table: &str) -> String {
    let fts = title_fts(table);
    format!(
        "CREATE VIRTUAL TABLE {fts} USING fts5(title, content='{table}', content_rowid='id', tokenize='trigram');
INSERT INTO {fts}({fts}) VALUES ('rebuild');
{}",
        title_triggers(table)
    )
}

fn sqlite_down(table: &str) -> String {
    let fts = title_fts(table);
    format!("{}\nDROP TABLE IF EXISTS {fts};", drop_triggers(&fts))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                for table in TITLE_TABLES {
                    db.execute_unprepared(&sqlite_up(table)).await?;
                }
            }
            _ => {
                db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                    .await?;
                for table in TITLE_TABLES {
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
        for table in TITLE_TABLES {
            let sql = match manager.get_database_backend() {
                DatabaseBackend::Sqlite => sqlite_down(table),
                _ => format!("DROP INDEX IF EXISTS idx_{table}_title_trgm"),
            };
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}
