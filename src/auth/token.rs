//! API bearer tokens: `pch_` + 64 hex digits, shown once; the table keeps the SHA-256, a name,
//! and when it was last used or revoked.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use super::secret::{random_token, sha256_hex};
use super::{Identity, Via};
use crate::db::entities::{api_tokens, users};

/// Prefix of every token (so leaked tokens are recognisable).
pub const PREFIX: &str = "pch_";

/// Makes a token for `user_id`; returns the row and the plain token (shown once).
pub async fn create<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(api_tokens::Model, String), DbErr> {
    let plain = format!("{PREFIX}{}", random_token());
    let row = api_tokens::ActiveModel {
        user_id: Set(user_id),
        name: Set(name.to_owned()),
        token_hash: Set(sha256_hex(&plain)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((row, plain))
}

/// The identity behind a bearer token that is neither revoked nor expired.
pub async fn resolve<C: ConnectionTrait>(
    db: &C,
    bearer: &str,
    now: DateTime<Utc>,
) -> Result<Option<Identity>, DbErr> {
    if !bearer.starts_with(PREFIX) {
        return Ok(None);
    }
    let found = api_tokens::Entity::find()
        .filter(api_tokens::Column::TokenHash.eq(sha256_hex(bearer)))
        .filter(api_tokens::Column::RevokedAt.is_null())
        .find_also_related(users::Entity)
        .one(db)
        .await?;
    let Some((token, Some(user))) = found else {
        return Ok(None);
    };
    if token.expires_at.is_some_and(|e| e <= now) {
        return Ok(None);
    }
    // Record use at most every ten minutes: no write on every API call.
    if token
        .last_used_at
        .is_none_or(|t| now - t > chrono::Duration::minutes(10))
    {
        let mut active: api_tokens::ActiveModel = token.into();
        active.last_used_at = Set(Some(now));
        active.update(db).await?;
    }
    Identity::load(db, user, Via::Token, None).await
}

/// A user's tokens, newest first.
pub async fn list_for_user<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
) -> Result<Vec<api_tokens::Model>, DbErr> {
    api_tokens::Entity::find()
        .filter(api_tokens::Column::UserId.eq(user_id))
        .order_by_desc(api_tokens::Column::Id)
        .all(db)
        .await
}

/// Revokes one of the user's own tokens; false when there is no such live token.
pub async fn revoke<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    token_id: i32,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = api_tokens::Entity::update_many()
        .col_expr(
            api_tokens::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(api_tokens::Column::Id.eq(token_id))
        .filter(api_tokens::Column::UserId.eq(user_id))
        .filter(api_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}
