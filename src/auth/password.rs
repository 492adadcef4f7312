//! Password hashing with Argon2id (PHC strings) and the password policy.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// Shortest password accepted.
pub const MIN_LEN: usize = 10;

/// Why a new password is refused (Thai message).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordPolicyError {
    /// Too short.
    #[error("รหัสผ่านต้องยาวอย่างน้อย {MIN_LEN} ตัวอักษร")]
    TooShort,
    /// Too long (Argon2 input is bounded to keep hashing cheap to refuse).
    #[error("รหัสผ่านยาวเกิน 256 ตัวอักษร")]
    TooLong,
}

/// Checks the policy for a new password.
pub fn check_policy(password: &str) -> Result<(), PasswordPolicyError> {
    let n = password.chars().count();
    if n < MIN_LEN {
        Err(PasswordPolicyError::TooShort)
    } else if n > 256 {
        Err(PasswordPolicyError::TooLong)
    } else {
        Ok(())
    }
}

/// Hashes a password with Argon2id and a random salt, as a PHC string.
pub fn hash(password: &str) -> anyhow::Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

/// Whether `password` matches the stored PHC string (false for a malformed hash).
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).ok().is_some_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn argon2id_round_trip() {
        let h = hash("รหัสผ่านยาวพอสมควร").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify("รหัสผ่านยาวพอสมควร", &h));
        assert!(!verify("รหัสผ่านผิด", &h));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn policy_in_thai() {
        assert_eq!(
            check_policy("short").unwrap_err().to_string(),
            "รหัสผ่านต้องยาวอย่างน้อย 10 ตัวอักษร"
        );
        assert!(check_policy("long enough!").is_ok());
    }
}
