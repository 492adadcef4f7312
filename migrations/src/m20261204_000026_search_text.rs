//! Search checked against stored text (issue 14, PostgreSQL only): each searched table gets a
//! generated column `search_text`, its normalised text, and the trigram index (with the row's
//! scope tokens) is built over that column instead of over the normalising expression. A trigram
//! `LIKE` is lossy: PostgreSQL checks every candidate row the index yields, and with an
//! expression index it normalised each candidate's text again (about 20 µs a row: 165 ms for
//! the 8,732 actions of one zone holding "ครัวเรือนยากจน" at national scale). Over the stored
//! column the check is a plain `LIKE`. SQLite's FTS5 index matches inside the index and needs
//! nothing of this.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

use crate::search::{Layout, PgText, pg_text_columns, pg_text_indexes};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        // The old indexes go first: adding a stored column rewrites every table.
        db.execute_unprepared(&pg_text_indexes(
            Layout::WithScope,
            PgText::Expression,
            false,
        ))
        .await?;
        db.execute_unprepared(&pg_text_columns(true)).await?;
        db.execute_unprepared(&pg_text_indexes(Layout::WithScope, PgText::Stored, true))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared(&pg_text_indexes(Layout::WithScope, PgText::Stored, false))
            .await?;
        db.execute_unprepared(&pg_text_columns(false)).await?;
        db.execute_unprepared(&pg_text_indexes(
            Layout::WithScope,
            PgText::Expression,
            true,
        ))
        .await?;
        Ok(())
    }
}
