//! Search within a scope by the index (issue 14): on SQLite each search index gets a second
//! column, the row's scope tokens (its meeting's zone and provinces, or its action's zone,
//! province and office; `search::Source::scope_sql`), kept in step by the row's triggers and by
//! triggers on `meeting_provinces`, `meetings` and `actions`; the indexes are filled again from
//! the rows already there. A zone's or a province's search then asks the index for its tokens
//! with the text instead of reading the country's matches to keep its own (0.13 s for a zone
//! inspector's two-word search at national scale). PostgreSQL: the same tokens in a `text[]`
//! column `search_scope` of each table, set by triggers, and in its trigram GIN index beside the
//! text, so that one index scan keeps both (`search::pg_scope_up`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

use crate::search::{
    Layout, PgText, SOURCES, drop_triggers, fts_bulk_settings, pg_scope_down, pg_scope_up,
    pg_text_indexes, sqlite_drop_scope_triggers, sqlite_scope_triggers,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Every search index made again in `layout`, filled from its table (with FTS5's bulk settings:
/// the national set's 2.7 million actions are refilled here on an existing database).
fn rebuild(layout: Layout) -> String {
    let mut sql = vec![sqlite_drop_scope_triggers()];
    for s in &SOURCES {
        let fts = s.fts_table();
        sql.push(drop_triggers(&fts));
        sql.push(format!("DROP TABLE IF EXISTS {fts};"));
        sql.push(s.sqlite_create(layout));
        sql.push(fts_bulk_settings(&fts, true));
        sql.push(s.sqlite_refill(layout));
        sql.push(format!("INSERT INTO {fts}({fts}) VALUES ('optimize');"));
        sql.push(fts_bulk_settings(&fts, false));
        sql.push(s.sqlite_triggers(layout));
    }
    if layout == Layout::WithScope {
        sql.push(sqlite_scope_triggers());
    }
    sql.join("\n")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DatabaseBackend::Sqlite {
            db.execute_unprepared(&rebuild(Layout::WithScope)).await?;
        } else {
            // The old indexes go first: the backfill rewrites every row.
            db.execute_unprepared(&pg_text_indexes(
                Layout::WithScope,
                PgText::Expression,
                false,
            ))
            .await?;
            db.execute_unprepared(&pg_scope_up()).await?;
            db.execute_unprepared(&pg_text_indexes(
                Layout::WithScope,
                PgText::Expression,
                true,
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DatabaseBackend::Sqlite {
            db.execute_unprepared(&rebuild(Layout::BodyOnly)).await?;
        } else {
            db.execute_unprepared(&pg_text_indexes(
                Layout::BodyOnly,
                PgText::Expression,
                false,
            ))
            .await?;
            db.execute_unprepared(&pg_scope_down()).await?;
            db.execute_unprepared(&pg_text_indexes(Layout::BodyOnly, PgText::Expression, true))
                .await?;
        }
        Ok(())
    }
}
