//! Browser sessions stored in the database (so any app instance can serve any user): the cookie
//! carries a random token, the table keeps only its SHA-256, the user and a CSRF token.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use super::secret::{random_token, sha256_hex};
use super::{Identity, Via};
use crate::db::entities::{sessions, users};

/// The session cookie's name.
pub const COOKIE: &str = "prachum_session";
/// How long a session lasts.
pub const LIFETIME_HOURS: i64 = 12;

/// A new session: the token for the cookie (never stored) and the CSRF token.
pub struct NewSession {
    /// Goes into the cookie.
    pub token: String,
    /// Goes into forms.
    pub csrf: String,
}

/// Starts a session for `user_id`.
pub async fn create<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<NewSession, DbErr> {
    let token = random_token();
    let csrf = random_token();
    sessions::ActiveModel {
        id: Set(sha256_hex(&token)),
        user_id: Set(Some(user_id)),
        data: Set("{}".to_owned()),
        csrf_token: Set(csrf.clone()),
        created_at: Set(now),
        expires_at: Set(now + Duration::hours(LIFETIME_HOURS)),
    }
    .insert(db)
    .await?;
    Ok(NewSession { token, csrf })
}

/// The identity behind a session cookie, if the session exists, has not expired and its user
/// is active. One query (session joined with user), plus zones for inspectors and viewers.
pub async fn resolve<C: ConnectionTrait>(
    db: &C,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<Identity>, DbErr> {
    let found = sessions::Entity::find_by_id(sha256_hex(token))
        .filter(sessions::Column::ExpiresAt.gt(now))
        .find_also_related(users::Entity)
        .one(db)
        .await?;
    match found {
        Some((session, Some(user))) => {
            Identity::load(db, user, Via::Session, Some(session.csrf_token)).await
        }
        _ => Ok(None),
    }
}

/// Ends the session of this cookie token.
pub async fn destroy<C: ConnectionTrait>(db: &C, token: &str) -> Result<(), DbErr> {
    sessions::Entity::delete_by_id(sha256_hex(token))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of a user (after a password change or deactivation), optionally but one.
pub async fn destroy_all_for_user<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    except_token: Option<&str>,
) -> Result<(), DbErr> {
    let mut q = sessions::Entity::delete_many().filter(sessions::Column::UserId.eq(user_id));
    if let Some(t) = except_token {
        q = q.filter(sessions::Column::Id.ne(sha256_hex(t)));
    }
    q.exec(db).await?;
    Ok(())
}

/// Deletes expired sessions.
pub async fn purge_expired<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(sessions::Entity::delete_many()
        .filter(sessions::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?
        .rows_affected)
}
