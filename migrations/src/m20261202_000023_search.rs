//! Thai full-text search (issue 14) over meetings, agenda items, directives, actions, progress
//! reports and minutes. Thai has no spaces between words, so the indexes are of character
//! trigrams over the normalised text (`search.rs`): SQLite one contentless FTS5 `trigram` table
//! per source, kept in step by triggers on every write and filled now from the rows already
//! there; PostgreSQL a `pg_trgm` GIN index over the normalised expression, which `ILIKE '%…%'`
//! uses.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

use crate::search::{
    Layout, PG_NORM_FUNCTION, PgText, SOURCES, Source, drop_triggers, pg_indexes_in,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn sqlite_up(s: &Source) -> String {
    format!(
        "{create}
{refill}
{triggers}",
        create = s.sqlite_create(Layout::BodyOnly),
        refill = s.sqlite_refill(Layout::BodyOnly),
        triggers = s.sqlite_triggers(Layout::BodyOnly)
    )
}

fn sqlite_down(s: &Source) -> String {
    let fts = s.fts_table();
    format!("{}\nDROP TABLE IF EXISTS {fts};", drop_triggers(&fts))
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
                for (name, create) in pg_indexes_in(Layout::BodyOnly, PgText::Expression) {
                    if name.starts_with("idx_search_") {
                        db.execute_unprepared(&create).await?;
                    }
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
