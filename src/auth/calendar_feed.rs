//! Calendar feed tokens: the secret in a user's feed URL (`/calendar/{token}.ics`), 64 hex
//! digits shown once; the table keeps its SHA-256. One live feed per user: making a new one
//! replaces the old, revoking deletes it. Fetching needs no sign-in (calendar apps cannot), so the
//! token resolves to the account as it is now: a disabled account's feed answers nothing.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, Set,
};

use super::secret::{random_token, sha256_hex};
use super::{Identity, Via};
use crate::db::entities::{calendar_feeds, users};

/// Makes (or remakes) the user's feed; returns the plain token (shown once). The old URL stops
/// working.
pub async fn create(
    db: &DatabaseConnection,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    let plain = random_token();
    let txn = crate::db::begin_write(db).await?;
    calendar_feeds::Entity::delete_many()
        .filter(calendar_feeds::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    calendar_feeds::ActiveModel {
        user_id: Set(user_id),
        token_sha256: Set(sha256_hex(&plain)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(plain)
}

/// Revokes the user's feed; false when there was none.
pub async fn revoke<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<bool, DbErr> {
    let res = calendar_feeds::Entity::delete_many()
        .filter(calendar_feeds::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(res.rows_affected > 0)
}

/// The user's live feed (when it was made and last fetched), if any.
pub async fn of_user<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
) -> Result<Option<calendar_feeds::Model>, DbErr> {
    calendar_feeds::Entity::find()
        .filter(calendar_feeds::Column::UserId.eq(user_id))
        .one(db)
        .await
}

/// The identity behind a feed token, with the account's current role and scope; `None` for an
/// unknown or revoked token or a disabled account.
pub async fn resolve<C: ConnectionTrait>(
    db: &C,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<Identity>, DbErr> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let found = calendar_feeds::Entity::find()
        .filter(calendar_feeds::Column::TokenSha256.eq(sha256_hex(&token.to_ascii_lowercase())))
        .find_also_related(users::Entity)
        .one(db)
        .await?;
    let Some((feed, Some(user))) = found else {
        return Ok(None);
    };
    // Record fetches at most every ten minutes: calendar apps poll.
    if feed
        .last_fetched_at
        .is_none_or(|t| now - t > chrono::Duration::minutes(10))
    {
        calendar_feeds::Entity::update_many()
            .col_expr(calendar_feeds::Column::LastFetchedAt, Expr::value(now))
            .filter(calendar_feeds::Column::Id.eq(feed.id))
            .exec(db)
            .await?;
    }
    Identity::load(db, user, Via::Feed, None).await
}
