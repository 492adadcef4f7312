//! Prachum database schema: one set of sea-orm migrations for both SQLite and PostgreSQL.
//!
//! Written with the backend-neutral schema DSL only; see `docs/data-model.md` for the model and
//! `src/db/entities` for the entities, which mirror these tables one-to-one.

pub use sea_orm_migration;

use sea_orm_migration::prelude::*;

mod m20261123_000001_create_reference_tables;
mod m20261123_000002_create_people_and_accounts;
mod m20261123_000003_create_rounds;
mod m20261123_000004_create_meetings;
mod m20261123_000005_create_followup;
mod m20261123_000006_create_minutes_outbox_audit;
mod m20261123_000007_mail_reminder_text;
mod m20261201_000008_office_codes;
mod m20261202_000009_meeting_shapes;
mod m20261202_000020_shared_state;
mod m20261202_000021_title_search;
mod m20261202_000022_list_indexes;
mod m20261202_000023_search;
mod m20261202_000024_calendar_feeds;
mod m20261203_000025_search_scope;
mod m20261204_000026_search_text;
mod m20261204_000027_action_due_order;
mod m20261204_000028_meeting_zone_copy;
mod m20261204_000029_list_orders;
mod schema_helpers;
pub mod search;

/// Name of the newest migration; the app can compare it with `seaql_migrations` at start-up.
pub const LATEST: &str = "m20261204_000029_list_orders";

/// Runs the Prachum migrations (`Migrator::up(&db, None)`).
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_reference_tables::Migration),
            Box::new(m20261123_000002_create_people_and_accounts::Migration),
            Box::new(m20261123_000003_create_rounds::Migration),
            Box::new(m20261123_000004_create_meetings::Migration),
            Box::new(m20261123_000005_create_followup::Migration),
            Box::new(m20261123_000006_create_minutes_outbox_audit::Migration),
            Box::new(m20261123_000007_mail_reminder_text::Migration),
            Box::new(m20261201_000008_office_codes::Migration),
            Box::new(m20261202_000009_meeting_shapes::Migration),
            Box::new(m20261202_000020_shared_state::Migration),
            Box::new(m20261202_000021_title_search::Migration),
            Box::new(m20261202_000022_list_indexes::Migration),
            Box::new(m20261202_000023_search::Migration),
            Box::new(m20261202_000024_calendar_feeds::Migration),
            Box::new(m20261203_000025_search_scope::Migration),
            Box::new(m20261204_000026_search_text::Migration),
            Box::new(m20261204_000027_action_due_order::Migration),
            Box::new(m20261204_000028_meeting_zone_copy::Migration),
            Box::new(m20261204_000029_list_orders::Migration),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm_migration::sea_orm::{ConnectionTrait, Database, DatabaseConnection};
    use std::time::{SystemTime, UNIX_EPOCH};

    /// Every table the migrations create, in creation order.
    const TABLES: [&str; 41] = [
        "zones",
        "provinces",
        "zone_memberships",
        "agencies",
        "agency_offices",
        "people",
        "office_heads",
        "users",
        "user_zones",
        "api_tokens",
        "sessions",
        "inspection_rounds",
        "round_zones",
        "round_inspectors",
        "inspection_issues",
        "indicators",
        "meeting_series",
        "meetings",
        "meeting_provinces",
        "meeting_issues",
        "meeting_inspectors",
        "meeting_sessions",
        "remote_sites",
        "agenda_sections",
        "agenda_items",
        "attendances",
        "directives",
        "directive_targets",
        "actions",
        "action_updates",
        "attachments",
        "response_links",
        "minutes",
        "minutes_revisions",
        "outbox_messages",
        "audit_events",
        "login_failures",
        "setup_links",
        "instance_leases",
        "calendar_feeds",
        "public_calendars",
    ];

    fn unique_suffix() -> String {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        format!("{}_{nanos}", std::process::id())
    }

    async fn assert_tables(db: &DatabaseConnection, present: bool) -> Result<(), DbErr> {
        let manager = SchemaManager::new(db);
        for table in TABLES {
            assert_eq!(
                manager.has_table(table).await?,
                present,
                "table {table} present should be {present}"
            );
        }
        Ok(())
    }

    /// `up`, full `down`, `up` again, checking the tables each time.
    async fn up_down_up(db: &DatabaseConnection) -> Result<(), DbErr> {
        Migrator::up(db, None).await?;
        assert_tables(db, true).await?;
        let applied = Migrator::get_applied_migrations(db).await?;
        assert_eq!(applied.len(), Migrator::migrations().len());
        assert_eq!(applied.last().map(|m| m.name()), Some(LATEST));

        Migrator::down(db, None).await?;
        assert_tables(db, false).await?;
        assert!(Migrator::get_applied_migrations(db).await?.is_empty());

        Migrator::up(db, None).await?;
        assert_tables(db, true).await?;
        assert!(Migrator::get_pending_migrations(db).await?.is_empty());
        Ok(())
    }

    #[tokio::test]
    async fn up_down_up_on_sqlite() -> Result<(), DbErr> {
        let path = std::env::temp_dir().join(format!("prachum_mig_{}.db", unique_suffix()));
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let db = Database::connect(&url).await?;
        let result = up_down_up(&db).await;
        db.close().await?;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        result
    }

    #[tokio::test]
    async fn up_down_up_on_postgres() -> Result<(), DbErr> {
        let Ok(admin_url) = std::env::var("PRACHUM_TEST_DATABASE_URL") else {
            eprintln!("PRACHUM_TEST_DATABASE_URL not set: skipping the PostgreSQL run");
            return Ok(());
        };
        let name = format!("mig_{}", unique_suffix());
        let admin = Database::connect(&admin_url).await?;
        admin
            .execute_unprepared(&format!(
                "CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' \
                 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
            ))
            .await?;

        let (base, query) = match admin_url.split_once('?') {
            Some((base, query)) => (base, format!("?{query}")),
            None => (admin_url.as_str(), String::new()),
        };
        // Keep scheme, credentials, host and port; swap the database name.
        let authority_start = base.find("://").map_or(0, |i| i + 3);
        let server = match base[authority_start..].find('/') {
            Some(i) => &base[..authority_start + i],
            None => base,
        };
        let result = match Database::connect(format!("{server}/{name}{query}")).await {
            Ok(db) => {
                let result = up_down_up(&db).await;
                db.close().await?;
                result
            }
            Err(err) => Err(err),
        };

        admin
            .execute_unprepared(&format!("DROP DATABASE \"{name}\""))
            .await?;
        admin.close().await?;
        result
    }
}
