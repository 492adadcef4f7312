//! A zone inspector's meetings without reading the zone twice (issue 12): each
//! `meeting_provinces` row carries a copy of its meeting's zone (`meeting_zone_id`), kept by
//! triggers on both tables, and an index `(province_id, meeting_zone_id, meeting_id)`. A zone
//! reads its own meetings (`meetings.zone_id`) and those its provinces join from another zone;
//! every province-hosted meeting also lists its host in `meeting_provinces`, so the second part
//! used to be the first one again (3,602 rows for zone 14 at national scale, each looked up to
//! be dropped). With the copy, the second part is only the meetings joined from elsewhere, read
//! from the index alone, and the two parts never overlap: they can be counted and paged apart.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMN: &str = "ALTER TABLE meeting_provinces ADD COLUMN meeting_zone_id integer NULL;";

const BACKFILL: &str = "UPDATE meeting_provinces SET meeting_zone_id = \
(SELECT zone_id FROM meetings WHERE meetings.id = meeting_provinces.meeting_id);";

const INDEX: &str = "CREATE INDEX IF NOT EXISTS idx_meeting_provinces_zone_copy \
ON meeting_provinces (province_id, meeting_zone_id, meeting_id);";

/// SQLite: a row takes its meeting's zone when written; a meeting's new zone goes to its rows.
const SQLITE_TRIGGERS: &str = "
CREATE TRIGGER IF NOT EXISTS meeting_provinces_zone_copy AFTER INSERT ON meeting_provinces BEGIN
  UPDATE meeting_provinces SET meeting_zone_id = (SELECT zone_id FROM meetings WHERE id = NEW.meeting_id)
    WHERE id = NEW.id;
END;
CREATE TRIGGER IF NOT EXISTS meeting_provinces_zone_copy_moved AFTER UPDATE OF meeting_id ON meeting_provinces BEGIN
  UPDATE meeting_provinces SET meeting_zone_id = (SELECT zone_id FROM meetings WHERE id = NEW.meeting_id)
    WHERE id = NEW.id;
END;
CREATE TRIGGER IF NOT EXISTS meetings_zone_copy AFTER UPDATE OF zone_id ON meetings
  WHEN OLD.zone_id IS NOT NEW.zone_id BEGIN
  UPDATE meeting_provinces SET meeting_zone_id = NEW.zone_id WHERE meeting_id = NEW.id;
END;";

const SQLITE_DOWN: &str = "
DROP TRIGGER IF EXISTS meeting_provinces_zone_copy;
DROP TRIGGER IF EXISTS meeting_provinces_zone_copy_moved;
DROP TRIGGER IF EXISTS meetings_zone_copy;";

/// PostgreSQL: the row's copy is set before it is written; a meeting's new zone goes to its rows.
const PG_TRIGGERS: &str = "
CREATE OR REPLACE FUNCTION prachum_meeting_zone_copy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.meeting_zone_id := (SELECT zone_id FROM meetings WHERE id = NEW.meeting_id);
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS meeting_provinces_zone_copy ON meeting_provinces;
CREATE TRIGGER meeting_provinces_zone_copy BEFORE INSERT OR UPDATE OF meeting_id, meeting_zone_id
  ON meeting_provinces FOR EACH ROW EXECUTE FUNCTION prachum_meeting_zone_copy();
CREATE OR REPLACE FUNCTION prachum_meeting_zone_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE meeting_provinces SET meeting_zone_id = NEW.zone_id WHERE meeting_id = NEW.id;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS meetings_zone_copy ON meetings;
CREATE TRIGGER meetings_zone_copy AFTER UPDATE OF zone_id ON meetings
  FOR EACH ROW WHEN (OLD.zone_id IS DISTINCT FROM NEW.zone_id)
  EXECUTE FUNCTION prachum_meeting_zone_moved();";

const PG_DOWN: &str = "
DROP TRIGGER IF EXISTS meetings_zone_copy ON meetings;
DROP TRIGGER IF EXISTS meeting_provinces_zone_copy ON meeting_provinces;
DROP FUNCTION IF EXISTS prachum_meeting_zone_moved();
DROP FUNCTION IF EXISTS prachum_meeting_zone_copy();";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let triggers = match manager.get_database_backend() {
            DatabaseBackend::Sqlite => SQLITE_TRIGGERS,
            _ => PG_TRIGGERS,
        };
        manager
            .get_connection()
            .execute_unprepared(&[COLUMN, BACKFILL, INDEX, triggers].join("\n"))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let triggers = match manager.get_database_backend() {
            DatabaseBackend::Sqlite => SQLITE_DOWN,
            _ => PG_DOWN,
        };
        let sql = [
            triggers,
            "DROP INDEX IF EXISTS idx_meeting_provinces_zone_copy;",
            "ALTER TABLE meeting_provinces DROP COLUMN meeting_zone_id;",
        ];
        manager
            .get_connection()
            .execute_unprepared(&sql.join("\n"))
            .await?;
        Ok(())
    }
}
