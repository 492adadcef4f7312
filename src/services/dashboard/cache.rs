//! The dashboards counted lately, by scope, level, filters and day, each with the data version
//! it was counted at. A country's figures over national data take seconds to count, a kept one
//! microseconds; so a reader never waits for a recount the cache can spare them:
//! - the data has not changed since the count (and the count is under [`MAX_AGE`]): the kept
//!   figures are exact;
//! - it has changed, and it was last seen unchanged less than [`STALE_AT_MOST`] ago (so the
//!   kept figures are at most that stale, however long their count took): they are served (the
//!   page says when they were computed) while a recount runs in the background;
//! - otherwise the reader's request counts them afresh.
//!
//! The warmer ([`super::warm`]) recounts in the background what was read in the last
//! [`READ_WINDOW`] as soon as the data changes, so that the last case is rare.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use super::{Dashboard, DashboardQuery};
use crate::services::Ctx;

/// Figures counted before a change are served at most this long after their count started.
pub const STALE_AT_MOST: Duration = Duration::from_secs(60);

/// Figures of unchanged data are recounted after this long all the same (a change that left no
/// audit event, if any, shows within this time).
pub const MAX_AGE: Duration = Duration::from_secs(600);

/// The warmer keeps up to date what was read within this window.
pub const READ_WINDOW: Duration = Duration::from_secs(600);

/// At most this many dashboards are kept (the least recently read go first).
const CAPACITY: usize = 512;

/// One kept dashboard.
#[derive(Debug)]
struct Entry {
    /// When its count started.
    counted: Instant,
    /// The data version it was counted at.
    version: i64,
    /// When the data was last seen still at `version` (the count's start, then every reader
    /// who found it unchanged): the figures are exact at least until then.
    verified: Instant,
    dashboard: Arc<Dashboard>,
    /// When it was last read.
    read: Instant,
    /// A recount is running.
    recounting: bool,
    /// Who read it and what they asked: what a recount needs.
    ctx: Ctx,
    query: DashboardQuery,
}

/// What the cache has for a reader.
#[derive(Debug)]
pub enum Lookup {
    /// Exact figures.
    Fresh(Arc<Dashboard>),
    /// Figures counted before the data changed, less than a minute ago; `recount` is true for
    /// the one reader who should start the recount.
    Stale {
        /// The kept figures.
        dashboard: Arc<Dashboard>,
        /// Start a recount.
        recount: bool,
    },
    /// Nothing usable: count now.
    Miss,
}

/// A recount to run: the key, and the reader and query to count for.
#[derive(Debug)]
pub struct Due {
    /// Cache key.
    pub key: String,
    /// The reader (its instant is refreshed by the warmer).
    pub ctx: Ctx,
    /// What they asked.
    pub query: DashboardQuery,
}

/// Recent dashboards (per instance).
#[derive(Debug, Default)]
pub struct DashboardCache {
    entries: Mutex<HashMap<String, Entry>>,
}

impl DashboardCache {
    /// What is kept under `key` for data at `version`.
    pub fn lookup(&self, key: &str, version: i64) -> Lookup {
        let Ok(mut entries) = self.entries.lock() else {
            return Lookup::Miss;
        };
        let Some(e) = entries.get_mut(key) else {
            return Lookup::Miss;
        };
        e.read = Instant::now();
        let age = e.counted.elapsed();
        if e.version == version && age < MAX_AGE {
            e.verified = Instant::now();
            return Lookup::Fresh(e.dashboard.clone());
        }
        // Stale by at most the time since the data was last seen unchanged.
        if e.verified.elapsed() < STALE_AT_MOST {
            let recount = !e.recounting;
            e.recounting = true;
            return Lookup::Stale {
                dashboard: e.dashboard.clone(),
                recount,
            };
        }
        Lookup::Miss
    }

    /// Keeps `dashboard`, counted from `counted` on at `version`, for `ctx` and `query`.
    pub fn put(
        &self,
        key: String,
        version: i64,
        counted: Instant,
        dashboard: Arc<Dashboard>,
        ctx: &Ctx,
        query: &DashboardQuery,
    ) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if let Some(e) = entries.get(&key)
            && e.counted > counted
        {
            // A later count landed first: keep it.
            return;
        }
        if entries.len() >= CAPACITY && !entries.contains_key(&key) {
            let oldest = entries
                .iter()
                .min_by_key(|(_, e)| e.read)
                .map(|(k, _)| k.clone());
            if let Some(k) = oldest {
                entries.remove(&k);
            }
        }
        let read = entries.get(&key).map_or_else(Instant::now, |e| e.read);
        entries.insert(
            key,
            Entry {
                counted,
                version,
                verified: counted,
                dashboard,
                read,
                recounting: false,
                ctx: ctx.clone(),
                query: query.clone(),
            },
        );
    }

    /// A recount of `key` failed: let the next reader or the warmer try again.
    pub fn release(&self, key: &str) {
        if let Ok(mut entries) = self.entries.lock()
            && let Some(e) = entries.get_mut(key)
        {
            e.recounting = false;
        }
    }

    /// The dashboards of `today` read within [`READ_WINDOW`] whose data changed since their
    /// count (or that are nearly [`MAX_AGE`] old), marked as recounting; older reads are
    /// dropped.
    pub fn due(&self, version: i64, today: NaiveDate) -> Vec<Due> {
        let Ok(mut entries) = self.entries.lock() else {
            return vec![];
        };
        entries.retain(|_, e| e.read.elapsed() < READ_WINDOW || e.recounting);
        let mut due = Vec::new();
        for (key, e) in entries.iter_mut() {
            let old = e.counted.elapsed() + STALE_AT_MOST >= MAX_AGE;
            if !e.recounting && e.ctx.today == today && (e.version != version || old) {
                e.recounting = true;
                due.push(Due {
                    key: key.clone(),
                    ctx: e.ctx.clone(),
                    query: e.query.clone(),
                });
            }
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Clock;

    fn put(c: &DashboardCache, key: &str, version: i64, counted: Instant) {
        let ctx = Ctx::system(&Clock::System);
        c.put(
            key.into(),
            version,
            counted,
            Arc::new(Dashboard::default()),
            &ctx,
            &DashboardQuery::default(),
        );
    }

    #[test]
    fn unchanged_data_is_fresh_and_another_key_misses() {
        let c = DashboardCache::default();
        put(&c, "a", 7, Instant::now());
        assert!(matches!(c.lookup("a", 7), Lookup::Fresh(_)));
        assert!(matches!(c.lookup("b", 7), Lookup::Miss));
    }

    #[test]
    fn after_a_change_one_reader_starts_the_recount_and_others_get_the_kept_figures() {
        let c = DashboardCache::default();
        put(&c, "a", 7, Instant::now());
        assert!(matches!(
            c.lookup("a", 8),
            Lookup::Stale { recount: true, .. }
        ));
        assert!(matches!(
            c.lookup("a", 8),
            Lookup::Stale { recount: false, .. }
        ));
        c.release("a");
        assert!(matches!(
            c.lookup("a", 8),
            Lookup::Stale { recount: true, .. }
        ));
    }

    #[test]
    fn figures_counted_over_a_minute_before_a_change_are_never_served() {
        let c = DashboardCache::default();
        let Some(long_ago) = Instant::now().checked_sub(STALE_AT_MOST + Duration::from_secs(1))
        else {
            return;
        };
        put(&c, "a", 7, long_ago);
        assert!(matches!(c.lookup("a", 8), Lookup::Miss));
        assert!(matches!(c.lookup("a", 7), Lookup::Fresh(_)));
    }

    #[test]
    fn a_long_count_seen_unchanged_just_before_a_change_is_served_while_recounted() {
        let c = DashboardCache::default();
        let Some(long_ago) = Instant::now().checked_sub(STALE_AT_MOST + Duration::from_secs(5))
        else {
            return;
        };
        put(&c, "a", 7, long_ago);
        assert!(
            matches!(c.lookup("a", 7), Lookup::Fresh(_)),
            "seen unchanged now"
        );
        assert!(matches!(
            c.lookup("a", 8),
            Lookup::Stale { recount: true, .. }
        ));
    }

    #[test]
    fn a_later_count_is_not_replaced_by_an_earlier_one() {
        let c = DashboardCache::default();
        let now = Instant::now();
        put(&c, "a", 9, now);
        if let Some(before) = now.checked_sub(Duration::from_secs(5)) {
            put(&c, "a", 8, before);
        }
        assert!(matches!(c.lookup("a", 9), Lookup::Fresh(_)));
    }

    #[test]
    fn the_warmer_gets_each_changed_dashboard_once() {
        let c = DashboardCache::default();
        put(&c, "a", 7, Instant::now());
        put(&c, "b", 8, Instant::now());
        let today = Clock::System.today();
        let due = c.due(8, today);
        assert_eq!(
            due.iter().map(|d| d.key.as_str()).collect::<Vec<_>>(),
            ["a"]
        );
        assert!(c.due(8, today).is_empty(), "already recounting");
    }
}
