//! The action lists at national scale. PostgreSQL: the scope indexes end with `id`, so that a page
//! of a province's, zone's or office's actions of one status is sorted from the index alone (an
//! index-only scan) before its 50 rows are read (SQLite keeps the rowid in every index already).
//! Both: a partial index per scope over the actions still to do (`open`, `in_progress`) by due
//! date, which serves the overdue list in due-date order without sorting (the list's query spells
//! the same predicate with literal values, as a partial index requires).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The scope columns whose `(scope, status, due_on)` index gains `id`.
const SCOPES: [&str; 3] = ["province_id", "zone_id", "office_id"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for col in SCOPES {
            db.execute_unprepared(&format!(
                "CREATE INDEX idx_actions_{col}_to_do_due_on ON actions ({col}, due_on, id) \
                 WHERE status IN ('open', 'in_progress')"
            ))
            .await?;
        }
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        for col in SCOPES {
            db.execute_unprepared(&format!(
                "DROP INDEX IF EXISTS idx_actions_{col}_status_due_on;
                 CREATE INDEX idx_actions_{col}_status_due_on ON actions ({col}, status, due_on, id)"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for col in SCOPES {
            db.execute_unprepared(&format!(
                "DROP INDEX IF EXISTS idx_actions_{col}_to_do_due_on"
            ))
            .await?;
        }
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        for col in SCOPES {
            db.execute_unprepared(&format!(
                "DROP INDEX IF EXISTS idx_actions_{col}_status_due_on;
                 CREATE INDEX idx_actions_{col}_status_due_on ON actions ({col}, status, due_on)"
            ))
            .await?;
        }
        Ok(())
    }
}
