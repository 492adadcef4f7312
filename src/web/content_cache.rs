//! Rendered page content (a page's `title` and `content` blocks, without the layout) kept for
//! readers who would see exactly the same: the key holds the page, the viewer's role and scope
//! (never one user's identity, token or name: those are in the layout, rendered per request),
//! today's date (overdue flags) and the data version (`db::repo::data_version`), so a change
//! committed on any instance makes every older entry unreachable. Entries of older versions are
//! dropped on the next store; the whole map is bounded.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

use crate::auth::Identity;

/// Entries kept at most (a big meeting page is ~150 KB).
const MAX_ENTRIES: usize = 64;

/// What a cached page is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    /// The page and its variant, e.g. `meeting:10:all`.
    pub page: String,
    /// Role and scope of the viewer (`Debug` of both: every field of the scope).
    pub viewer: String,
    /// Today in Bangkok.
    pub today: NaiveDate,
    /// The data version the content was read at (read *before* the data).
    pub version: i64,
}

impl Key {
    /// The key of `page` for `me` at `version`.
    pub fn new(page: String, me: &Identity, today: NaiveDate, version: i64) -> Self {
        Self {
            page,
            viewer: format!("{:?}|{:?}", me.actor.role, me.actor.scope),
            today,
            version,
        }
    }
}

/// A page's blocks, rendered (HTML).
#[derive(Debug)]
pub struct Rendered {
    /// The `title` block.
    pub title: String,
    /// The `content` block.
    pub content: String,
}

/// The cache (one per application state, inside `Pages`).
#[derive(Debug, Default)]
pub struct ContentCache {
    map: Mutex<HashMap<Key, Arc<Rendered>>>,
}

impl ContentCache {
    /// The content stored under `key`.
    pub fn get(&self, key: &Key) -> Option<Arc<Rendered>> {
        self.map.lock().ok()?.get(key).cloned()
    }

    /// Stores `rendered` under `key`, dropping entries of older versions (and everything when
    /// full).
    pub fn put(&self, key: Key, rendered: Rendered) -> Arc<Rendered> {
        let rendered = Arc::new(rendered);
        if let Ok(mut map) = self.map.lock() {
            map.retain(|k, _| k.version >= key.version);
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
            map.insert(key, rendered.clone());
        }
        rendered
    }

    /// Entries held.
    pub fn len(&self) -> usize {
        self.map.lock().map_or(0, |m| m.len())
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
