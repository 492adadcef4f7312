//! Login throttling: after [`MAX_FAILURES`] failed sign-ins for one email within [`WINDOW`],
//! further attempts are refused until the window passes. The failures are rows of
//! `login_failures` (keyed by the SHA-256 of the normalised email, never the email itself), so
//! every instance on the database counts the same failures: six bad sign-ins spread over three
//! instances lock the account as they would on one.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, Set};

use super::secret::sha256_hex;
use crate::db::entities::login_failures;

/// Failures allowed per window.
pub const MAX_FAILURES: u64 = 5;
/// The window, in minutes.
pub const WINDOW_MINUTES: i64 = 15;

/// The window.
pub fn window() -> Duration {
    Duration::minutes(WINDOW_MINUTES)
}

fn key(email_key: &str) -> String {
    sha256_hex(email_key)
}

/// Whether `email_key` (a normalised email) may try at `now`.
pub async fn allowed<C: ConnectionTrait>(
    db: &C,
    email_key: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let recent = login_failures::Entity::find()
        .filter(login_failures::Column::EmailSha256.eq(key(email_key)))
        .filter(login_failures::Column::FailedAt.gt(now - window()))
        .count(db)
        .await?;
    Ok(recent < MAX_FAILURES)
}

/// Records a failure (and forgets failures older than the window, for every email).
pub async fn fail<C: ConnectionTrait>(
    db: &C,
    email_key: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    login_failures::Entity::delete_many()
        .filter(login_failures::Column::FailedAt.lte(now - window()))
        .exec(db)
        .await?;
    login_failures::Entity::insert(login_failures::ActiveModel {
        email_sha256: Set(key(email_key)),
        failed_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Forgets the failures of `email_key` after a successful sign-in.
pub async fn succeed<C: ConnectionTrait>(db: &C, email_key: &str) -> Result<(), DbErr> {
    login_failures::Entity::delete_many()
        .filter(login_failures::Column::EmailSha256.eq(key(email_key)))
        .exec(db)
        .await?;
    Ok(())
}
