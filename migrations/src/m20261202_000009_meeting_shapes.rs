//! Meetings as they happen, and offices that change: a session may start without a stated end;
//! attendance rows may be a group ("นายอำเภอทุกอำเภอ", with an optional head count); a meeting may
//! be hosted by a central department (its name, with the provinces joining listed in
//! `meeting_provinces`) and carry its source (a press release's headline, URL and date); an
//! office has validity dates and may be merged into another (its history kept).

use sea_orm_migration::sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Attendances {
    Table,
    IsGroup,
    GroupCount,
}

#[derive(DeriveIden)]
enum Meetings {
    Table,
    HostOrgTh,
    SourceHeadline,
    SourceUrl,
    SourcePublishedOn,
}

#[derive(DeriveIden)]
enum AgencyOffices {
    Table,
    ValidFrom,
    ValidUntil,
    MergedIntoId,
}

/// One added column per statement (SQLite takes one alteration at a time).
async fn add(
    manager: &SchemaManager<'_>,
    table: impl IntoTableRef,
    col: ColumnDef,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).add_column(col).to_owned())
        .await
}

async fn drop(
    manager: &SchemaManager<'_>,
    table: impl IntoTableRef,
    col: impl IntoIden,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).drop_column(col).to_owned())
        .await
}

/// SQLite cannot drop or add a NOT NULL constraint: the sessions table is rebuilt with the same
/// columns, foreign key and index (`ends_at` nullable or not), and its rows copied over. One
/// batch, so that every statement runs on the same pooled connection.
fn sqlite_rebuild_sessions(end_nullable: bool) -> String {
    let (fill, end) = if end_nullable {
        ("", "NULL")
    } else {
        (
            "UPDATE meeting_sessions SET ends_at = starts_at WHERE ends_at IS NULL;\n",
            "NOT NULL",
        )
    };
    format!(
        "{fill}CREATE TABLE meeting_sessions_new (
            id integer NOT NULL PRIMARY KEY AUTOINCREMENT,
            meeting_id integer NOT NULL,
            position integer NOT NULL,
            label text NULL,
            starts_at time_text NOT NULL,
            ends_at time_text {end},
            CONSTRAINT fk_meeting_sessions_meeting_id FOREIGN KEY (meeting_id)
                REFERENCES meetings (id) ON DELETE CASCADE
        );
        INSERT INTO meeting_sessions_new (id, meeting_id, position, label, starts_at, ends_at)
            SELECT id, meeting_id, position, label, starts_at, ends_at FROM meeting_sessions;
        DROP TABLE meeting_sessions;
        ALTER TABLE meeting_sessions_new RENAME TO meeting_sessions;
        CREATE INDEX idx_meeting_sessions_meeting_id_position
            ON meeting_sessions (meeting_id, position)"
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                db.execute_unprepared(&sqlite_rebuild_sessions(true))
                    .await?;
            }
            _ => {
                db.execute_unprepared(
                    "ALTER TABLE meeting_sessions ALTER COLUMN ends_at DROP NOT NULL",
                )
                .await?;
            }
        }
        add(
            manager,
            Attendances::Table,
            boolean(Attendances::IsGroup).default(false).to_owned(),
        )
        .await?;
        add(
            manager,
            Attendances::Table,
            integer_null(Attendances::GroupCount),
        )
        .await?;
        add(manager, Meetings::Table, text_null(Meetings::HostOrgTh)).await?;
        add(
            manager,
            Meetings::Table,
            text_null(Meetings::SourceHeadline),
        )
        .await?;
        add(manager, Meetings::Table, text_null(Meetings::SourceUrl)).await?;
        add(
            manager,
            Meetings::Table,
            date_null(Meetings::SourcePublishedOn),
        )
        .await?;
        add(
            manager,
            AgencyOffices::Table,
            date_null(AgencyOffices::ValidFrom),
        )
        .await?;
        add(
            manager,
            AgencyOffices::Table,
            date_null(AgencyOffices::ValidUntil),
        )
        .await?;
        add(
            manager,
            AgencyOffices::Table,
            integer_null(AgencyOffices::MergedIntoId),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, AgencyOffices::Table, AgencyOffices::MergedIntoId).await?;
        drop(manager, AgencyOffices::Table, AgencyOffices::ValidUntil).await?;
        drop(manager, AgencyOffices::Table, AgencyOffices::ValidFrom).await?;
        drop(manager, Meetings::Table, Meetings::SourcePublishedOn).await?;
        drop(manager, Meetings::Table, Meetings::SourceUrl).await?;
        drop(manager, Meetings::Table, Meetings::SourceHeadline).await?;
        drop(manager, Meetings::Table, Meetings::HostOrgTh).await?;
        drop(manager, Attendances::Table, Attendances::GroupCount).await?;
        drop(manager, Attendances::Table, Attendances::IsGroup).await?;
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                db.execute_unprepared(&sqlite_rebuild_sessions(false))
                    .await?;
            }
            _ => {
                db.execute_unprepared(
                    "UPDATE meeting_sessions SET ends_at = starts_at WHERE ends_at IS NULL",
                )
                .await?;
                db.execute_unprepared(
                    "ALTER TABLE meeting_sessions ALTER COLUMN ends_at SET NOT NULL",
                )
                .await?;
            }
        }
        Ok(())
    }
}
