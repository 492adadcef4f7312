//! Signing in (email and password) and setting passwords. Creating and editing accounts is in
//! `services::users`.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use super::password;
use crate::db::entities::users;

/// Normalises an email for lookup and storage (trimmed, lower case).
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The active account with this email and password, after recording the sign-in time.
/// Runs Argon2 even for unknown emails, so timing does not reveal which emails exist.
pub async fn authenticate<C: ConnectionTrait>(
    db: &C,
    email: &str,
    pw: &str,
    now: DateTime<Utc>,
) -> Result<Option<users::Model>, DbErr> {
    let user = users::Entity::find()
        .filter(users::Column::Email.eq(normalize_email(email)))
        .filter(users::Column::Active.eq(true))
        .one(db)
        .await?;
    const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2Y5mC+JYwWq1g6JfTnQ1mXbQhO4pQy6pV6E2cK0xKkE";
    let hash = user
        .as_ref()
        .and_then(|u| u.password_hash.clone())
        .unwrap_or_else(|| DUMMY.to_owned());
    let ok = password::verify(pw, &hash);
    match user {
        Some(u) if ok && u.password_hash.is_some() => {
            let mut active: users::ActiveModel = u.into();
            active.last_login_at = Set(Some(now));
            Ok(Some(active.update(db).await?))
        }
        _ => Ok(None),
    }
}

/// Sets a new password hash.
pub async fn set_password<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    new_password: &str,
) -> Result<(), anyhow::Error> {
    let hash = password::hash(new_password)?;
    users::Entity::update_many()
        .col_expr(
            users::Column::PasswordHash,
            sea_orm::sea_query::Expr::value(hash),
        )
        .filter(users::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}
