//! Signed answer links: `/r/<token>` where the token is `<token_id>.<signature>`. The
//! signature is HMAC-SHA256 over the link's row (recipient, office, action ids, expiry), so a
//! token is good only for that recipient, office and those actions, until it expires or is
//! revoked, and for nothing else.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use super::MailConfig;
use crate::auth::secret::constant_time_eq;
use crate::db::entities::response_links;

/// Why a token is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Not a token, unknown, or its signature does not match (tampered). Carries the row
    /// when the id part names one (a fresh link may still be sent to the address on file).
    Invalid(Option<response_links::Model>),
    /// Past its expiry.
    Expired(response_links::Model),
    /// Revoked.
    Revoked(response_links::Model),
}

/// The action ids a link covers.
pub fn action_ids(row: &response_links::Model) -> Vec<i32> {
    row.action_ids
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

fn ids_text(ids: &[i32]) -> String {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
}

fn signature(cfg: &MailConfig, row: &response_links::Model) -> String {
    let data = format!(
        "v1\n{}\n{}\n{}\n{}\n{}",
        row.token_id,
        row.recipient_email.to_lowercase(),
        row.office_id,
        row.action_ids,
        row.expires_at.timestamp()
    );
    URL_SAFE_NO_PAD.encode(super::hmac_sha256(cfg.link_key(), data.as_bytes()))
}

/// The token of a link row.
pub fn token(cfg: &MailConfig, row: &response_links::Model) -> String {
    format!("{}.{}", row.token_id, signature(cfg, row))
}

/// The public URL of a token.
pub fn url(cfg: &MailConfig, token: &str) -> String {
    format!("{}/r/{token}", cfg.base_url)
}

/// Creates a link for a recipient, an office and actions; returns the row and its token.
pub async fn create(
    db: &impl ConnectionTrait,
    cfg: &MailConfig,
    recipient_email: &str,
    office_id: i32,
    action_ids: &[i32],
    now: DateTime<Utc>,
) -> Result<(response_links::Model, String), DbErr> {
    let mut id = [0u8; 16];
    rand::rng().fill_bytes(&mut id);
    let row = response_links::ActiveModel {
        token_id: Set(URL_SAFE_NO_PAD.encode(id)),
        recipient_email: Set(recipient_email.trim().to_lowercase()),
        office_id: Set(office_id),
        action_ids: Set(ids_text(action_ids)),
        created_at: Set(now),
        // Whole seconds: the signature covers the Unix time.
        expires_at: Set(DateTime::from_timestamp(
            (now + Duration::days(cfg.link_days)).timestamp(),
            0,
        )
        .unwrap_or(now)),
        revoked_at: Set(None),
        last_used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let t = token(cfg, &row);
    Ok((row, t))
}

/// Widens a link to more actions (coalesced emails); returns the new token (the old one no
/// longer verifies; it was never sent).
pub async fn rebind(
    db: &impl ConnectionTrait,
    cfg: &MailConfig,
    row: response_links::Model,
    action_ids: &[i32],
) -> Result<(response_links::Model, String), DbErr> {
    let mut am: response_links::ActiveModel = row.into();
    am.action_ids = Set(ids_text(action_ids));
    let row = am.update(db).await?;
    let t = token(cfg, &row);
    Ok((row, t))
}

/// Checks a token: its row, its signature (constant time), revocation and expiry.
pub async fn verify(
    db: &impl ConnectionTrait,
    cfg: &MailConfig,
    token: &str,
    now: DateTime<Utc>,
) -> Result<response_links::Model, Refused> {
    let Some((id, sig)) = token.split_once('.') else {
        return Err(Refused::Invalid(None));
    };
    if id.is_empty() || id.len() > 64 || sig.len() > 128 {
        return Err(Refused::Invalid(None));
    }
    let row = response_links::Entity::find()
        .filter(response_links::Column::TokenId.eq(id))
        .one(db)
        .await
        .ok()
        .flatten()
        .ok_or(Refused::Invalid(None))?;
    if !constant_time_eq(&signature(cfg, &row), sig) {
        return Err(Refused::Invalid(Some(row)));
    }
    if row.revoked_at.is_some() {
        return Err(Refused::Revoked(row));
    }
    if row.expires_at <= now {
        return Err(Refused::Expired(row));
    }
    Ok(row)
}

/// Revokes a link (it stops working at once).
pub async fn revoke(
    db: &impl ConnectionTrait,
    row: response_links::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut am: response_links::ActiveModel = row.into();
    am.revoked_at = Set(Some(now));
    am.update(db).await?;
    Ok(())
}

/// Records that a link was used.
pub async fn touch(
    db: &impl ConnectionTrait,
    row: response_links::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut am: response_links::ActiveModel = row.into();
    am.last_used_at = Set(Some(now));
    am.update(db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(secret: &str) -> MailConfig {
        let mut s = crate::config::Settings::defaults_with_database("sqlite://x.db").expect("s");
        s.security.secret_key = Some(secret.to_owned().into());
        MailConfig::from_settings(&s)
    }

    fn row() -> response_links::Model {
        response_links::Model {
            id: 1,
            token_id: "abc".into(),
            recipient_email: "head@example.org".into(),
            office_id: 7,
            action_ids: "3,5".into(),
            created_at: Utc::now(),
            expires_at: DateTime::from_timestamp(2_000_000_000, 0).expect("t"),
            revoked_at: None,
            last_used_at: None,
        }
    }

    #[test]
    fn signature_binds_every_field_and_the_key() {
        let c = cfg("k".repeat(40).as_str());
        let base = signature(&c, &row());
        let mut r = row();
        r.action_ids = "3,5,6".into();
        assert_ne!(signature(&c, &r), base);
        let mut r = row();
        r.office_id = 8;
        assert_ne!(signature(&c, &r), base);
        let mut r = row();
        r.recipient_email = "other@example.org".into();
        assert_ne!(signature(&c, &r), base);
        let mut r = row();
        r.expires_at = DateTime::from_timestamp(2_000_000_001, 0).expect("t");
        assert_ne!(signature(&c, &r), base);
        assert_ne!(signature(&cfg("j".repeat(40).as_str()), &row()), base);
        assert_eq!(ids_text(&[5, 3, 5]), "3,5");
    }
}
