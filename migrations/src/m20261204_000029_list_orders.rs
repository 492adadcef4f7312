//! Lists in their own order within a province or a zone (issue 12):
//! - `actions (province_id, due_on, id)` and `actions (zone_id, due_on, id)`: a province's or a
//!   zone's actions of every status in due order. The status-first indexes
//!   (`idx_actions_*_status_due_on`) give that order for one status only, so a provincial
//!   office's list of all its actions filtered by a common title word sorted the province's
//!   36,000 actions for each page (47 ms on PostgreSQL, 61 ms on SQLite), a zone inspector's its
//!   150,000 (76 ms); with them, the list walks in order and stops at its page.
//! - `meetings (host_province_id, meeting_date, id)` replaces `(host_province_id,
//!   meeting_date)`: with the list's tie-break in it, the meetings a province joins and does not
//!   host (its `meeting_provinces` rows except those it hosts, `scope::province_guests`) are read
//!   from two indexes alone; without `id` PostgreSQL read each of the province's 900 hosted
//!   meetings for it (2 ms of a 3–6 ms list). SQLite's index held the rowid already; it is
//!   rebuilt the same way, for one schema on both.
//! - `meetings (meeting_date, id)` replaces `(meeting_date)`, for the same reason: the country's
//!   list walks it backwards to its page (0.3 ms for page 50), where PostgreSQL otherwise sorted
//!   every meeting from the index above, the narrowest holding both columns (21 ms).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The indexes this migration creates: name and definition.
const NEW: [(&str, &str); 4] = [
    (
        "idx_actions_province_id_due_on_id",
        "actions (province_id, due_on, id)",
    ),
    (
        "idx_actions_zone_id_due_on_id",
        "actions (zone_id, due_on, id)",
    ),
    (
        "idx_meetings_host_province_newest",
        "meetings (host_province_id, meeting_date, id)",
    ),
    ("idx_meetings_newest", "meetings (meeting_date, id)"),
];

/// The indexes the last two replace.
const OLD: [(&str, &str); 2] = [
    (
        "idx_meetings_host_province_id_meeting_date",
        "meetings (host_province_id, meeting_date)",
    ),
    ("idx_meetings_meeting_date", "meetings (meeting_date)"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, on) in NEW {
            db.execute_unprepared(&format!("CREATE INDEX IF NOT EXISTS {name} ON {on}"))
                .await?;
        }
        for (name, _) in OLD {
            db.execute_unprepared(&format!("DROP INDEX IF EXISTS {name}"))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, on) in OLD {
            db.execute_unprepared(&format!("CREATE INDEX IF NOT EXISTS {name} ON {on}"))
                .await?;
        }
        for (name, _) in NEW {
            db.execute_unprepared(&format!("DROP INDEX IF EXISTS {name}"))
                .await?;
        }
        Ok(())
    }
}
