//! An in-process cache of rendered documents of record (certified and published minutes), keyed by
//! the SHA-256 of everything the render reads: such a document never changes, so its PDF is made
//! once and then served from memory. Bounded by entries and bytes; the oldest entry goes first.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

/// At most this many documents are kept.
const MAX_ENTRIES: usize = 64;
/// And at most this many bytes of them.
const MAX_BYTES: usize = 64 * 1024 * 1024;

/// The key of a render: SHA-256 over the labelled, length-prefixed inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key([u8; 32]);

impl Key {
    /// The key of a render made from `parts` (each one labelled by its position).
    pub fn of(parts: &[&[u8]]) -> Self {
        let mut h = Sha256::new();
        for p in parts {
            h.update((p.len() as u64).to_le_bytes());
            h.update(p);
        }
        Self(h.finalize().into())
    }
}

#[derive(Default)]
struct Inner {
    map: HashMap<Key, std::sync::Arc<Vec<u8>>>,
    order: VecDeque<Key>,
    bytes: usize,
}

/// The cache (shared by all requests).
#[derive(Default)]
pub struct RenderCache {
    inner: Mutex<Inner>,
}

impl RenderCache {
    /// The cached bytes of `key`, if any.
    pub fn get(&self, key: &Key) -> Option<std::sync::Arc<Vec<u8>>> {
        let inner = self.inner.lock().ok()?;
        inner.map.get(key).cloned()
    }

    /// Keeps `bytes` under `key`, dropping the oldest entries past the bounds. A document larger
    /// than the whole budget is not kept.
    pub fn put(&self, key: Key, bytes: std::sync::Arc<Vec<u8>>) {
        if bytes.len() > MAX_BYTES {
            return;
        }
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        if inner.map.contains_key(&key) {
            return;
        }
        inner.bytes += bytes.len();
        inner.map.insert(key, bytes);
        inner.order.push_back(key);
        while inner.map.len() > MAX_ENTRIES || inner.bytes > MAX_BYTES {
            let Some(old) = inner.order.pop_front() else {
                break;
            };
            if let Some(b) = inner.map.remove(&old) {
                inner.bytes -= b.len();
            }
        }
    }

    /// How many documents are kept.
    pub fn len(&self) -> usize {
        self.inner.lock().map_or(0, |i| i.map.len())
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn keys_separate_their_parts_and_the_oldest_entry_goes_first() {
        assert_ne!(Key::of(&[b"ab", b"c"]), Key::of(&[b"a", b"bc"]));
        assert_eq!(Key::of(&[b"ab", b"c"]), Key::of(&[b"ab", b"c"]));
        let cache = RenderCache::default();
        for i in 0..(MAX_ENTRIES + 3) {
            cache.put(Key::of(&[&i.to_le_bytes()]), Arc::new(vec![0; 10]));
        }
        assert_eq!(cache.len(), MAX_ENTRIES);
        assert!(cache.get(&Key::of(&[&0usize.to_le_bytes()])).is_none());
        let last = MAX_ENTRIES + 2;
        assert!(cache.get(&Key::of(&[&last.to_le_bytes()])).is_some());
        cache.put(Key::of(&[b"big"]), Arc::new(vec![0; MAX_BYTES + 1]));
        assert!(cache.get(&Key::of(&[b"big"])).is_none());
    }
}
