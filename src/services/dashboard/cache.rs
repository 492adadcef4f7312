//! The dashboards computed in the last minute, by scope, level, filters, day and data version:
//! a country's figures over national data take seconds to count, a cached one microseconds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Dashboard;

/// How long a dashboard is served from the cache at most.
pub const TTL: Duration = Duration::from_secs(60);

/// At most this many dashboards are kept (expired ones go first).
const CAPACITY: usize = 512;

/// Recent dashboards (per instance).
#[derive(Debug, Default)]
pub struct DashboardCache {
    entries: Mutex<HashMap<String, (Instant, Arc<Dashboard>)>>,
}

impl DashboardCache {
    /// The dashboard under `key` if it is younger than [`TTL`].
    pub fn get(&self, key: &str) -> Option<Arc<Dashboard>> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(key)
            .filter(|(at, _)| at.elapsed() < TTL)
            .map(|(_, d)| d.clone())
    }

    /// Keeps `dashboard` under `key`.
    pub fn put(&self, key: String, dashboard: Arc<Dashboard>) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= CAPACITY {
            entries.retain(|_, (at, _)| at.elapsed() < TTL);
            if entries.len() >= CAPACITY {
                entries.clear();
            }
        }
        entries.insert(key, (Instant::now(), dashboard));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_dashboard_is_found_and_another_key_is_not() {
        let c = DashboardCache::default();
        c.put("a".into(), Arc::new(Dashboard::default()));
        assert!(c.get("a").is_some());
        assert!(c.get("b").is_none());
    }
}
