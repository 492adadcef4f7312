//! The one-time links that create the first administrator. `serve` (on a database without an
//! administrator) arms one and prints it; only the token's SHA-256 is stored, in `setup_links`,
//! so a link printed by one instance works on any instance of the same database. A link is
//! claimed atomically before the account is created (two instances racing on one link: one
//! wins), released again if the form was refused, and every link is deleted once an
//! administrator exists.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

use super::secret::{random_token, sha256_hex};
use crate::db::entities::setup_links;

/// Arms a new link and returns its token (shown once).
pub async fn arm<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<String, DbErr> {
    let token = random_token();
    setup_links::Entity::insert(setup_links::ActiveModel {
        token_sha256: Set(sha256_hex(&token)),
        created_at: Set(now),
        claimed_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    Ok(token)
}

/// Whether `token` is an armed link that nobody has claimed.
pub async fn is_armed<C: ConnectionTrait>(db: &C, token: &str) -> Result<bool, DbErr> {
    Ok(setup_links::Entity::find_by_id(sha256_hex(token))
        .filter(setup_links::Column::ClaimedAt.is_null())
        .one(db)
        .await?
        .is_some())
}

/// Claims the link for one request: `true` for exactly one caller, however many race.
pub async fn claim<C: ConnectionTrait>(
    db: &C,
    token: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = setup_links::Entity::update_many()
        .col_expr(setup_links::Column::ClaimedAt, Expr::value(Some(now)))
        .filter(setup_links::Column::TokenSha256.eq(sha256_hex(token)))
        .filter(setup_links::Column::ClaimedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Gives a claimed link back (the form was refused: the person may correct it and try again).
pub async fn release<C: ConnectionTrait>(db: &C, token: &str) -> Result<(), DbErr> {
    setup_links::Entity::update_many()
        .col_expr(
            setup_links::Column::ClaimedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(setup_links::Column::TokenSha256.eq(sha256_hex(token)))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes every link (an administrator exists now).
pub async fn disarm_all<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    setup_links::Entity::delete_many().exec(db).await?;
    Ok(())
}
