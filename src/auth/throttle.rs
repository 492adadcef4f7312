//! Login throttling: after [`MAX_FAILURES`] failed sign-ins for one email within [`WINDOW`],
//! further attempts are refused until the window passes. Kept in memory per instance (a
//! deployment with several instances multiplies the allowance by their number; still slow
//! enough against guessing, with Argon2 on every try).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed per window.
pub const MAX_FAILURES: usize = 5;
/// The window.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// Failed attempts per key (lower-cased email).
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl LoginThrottle {
    /// Whether `key` may try now.
    pub fn allowed(&self, key: &str, now: Instant) -> bool {
        let Ok(mut map) = self.failures.lock() else {
            return true;
        };
        match map.get_mut(key) {
            Some(times) => {
                times.retain(|t| now.duration_since(*t) < WINDOW);
                times.len() < MAX_FAILURES
            }
            None => true,
        }
    }

    /// Records a failure.
    pub fn fail(&self, key: &str, now: Instant) {
        if let Ok(mut map) = self.failures.lock() {
            if map.len() > 100_000 {
                map.retain(|_, times| times.iter().any(|t| now.duration_since(*t) < WINDOW));
            }
            map.entry(key.to_owned()).or_default().push(now);
        }
    }

    /// Forgets the failures after a success.
    pub fn succeed(&self, key: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_the_email_for_the_window() {
        let t = LoginThrottle::default();
        let start = Instant::now();
        for _ in 0..MAX_FAILURES {
            assert!(t.allowed("a@x", start));
            t.fail("a@x", start);
        }
        assert!(!t.allowed("a@x", start));
        assert!(t.allowed("b@x", start), "other accounts unaffected");
        assert!(t.allowed("a@x", start + WINDOW + Duration::from_secs(1)));
        t.succeed("a@x");
        assert!(t.allowed("a@x", start));
    }
}
