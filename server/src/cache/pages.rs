//! Answers about a page (the first page of its thread, serialized; its count) kept until the
//! page changes.
//!
//! Reading a thread is per-row work (each row crosses from the database); most reads ask
//! for the same first page, and count badges ask for the same pages again and again. Every visible change goes through `live::Live`, on every node,
//! which invalidates the page here. A read takes the page's version before it queries and
//! stores its answer only if the version is unchanged, so a read that raced a write never
//! puts a stale page back. Entries also expire after [`TTL`], which bounds how long a change
//! missed while a node's listener reconnects can show.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use parlons_shared::Sort;

use crate::domain::site::PageKey;

/// Longest time a cached page is served.
pub const TTL: Duration = Duration::from_secs(30);
/// Most pages kept; past it the cache starts again empty.
const MAX_PAGES: usize = 10_000;

/// What a cached thread depends on besides its page.
pub type View = (Sort, u32);

struct Entry<V, T> {
    version: u64,
    views: HashMap<V, (Instant, T)>,
}

struct Inner<V, T> {
    pages: HashMap<PageKey, Entry<V, T>>,
    next_version: u64,
}

impl<V, T> Inner<V, T> {
    fn fresh_version(&mut self) -> u64 {
        self.next_version += 1;
        self.next_version
    }
}

/// Answers `T` about pages, by page and view `V` (what else the answer depends on).
pub struct PageCache<V, T> {
    inner: Mutex<Inner<V, T>>,
}

impl<V, T> Default for PageCache<V, T> {
    fn default() -> Self {
        Self {
            inner: Mutex::new(Inner {
                pages: HashMap::new(),
                next_version: 0,
            }),
        }
    }
}

impl<V: Hash + Eq, T: Clone> PageCache<V, T> {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner<V, T>> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The cached answer, if fresh.
    pub fn get(&self, key: &PageKey, view: &V) -> Option<T> {
        let inner = self.lock();
        let (at, body) = inner.pages.get(key)?.views.get(view)?;
        (at.elapsed() < TTL).then(|| body.clone())
    }

    /// The page's version now; pass it to [`PageCache::put`] after reading the database.
    pub fn version(&self, key: &PageKey) -> u64 {
        let mut inner = self.lock();
        if let Some(entry) = inner.pages.get(key) {
            return entry.version;
        }
        if inner.pages.len() >= MAX_PAGES {
            inner.pages.clear();
        }
        let version = inner.fresh_version();
        inner.pages.insert(
            key.clone(),
            Entry {
                version,
                views: HashMap::new(),
            },
        );
        version
    }

    /// Keeps an answer read at `version`, unless the page changed since.
    pub fn put(&self, key: &PageKey, version: u64, view: V, body: T) {
        let mut inner = self.lock();
        if let Some(entry) = inner.pages.get_mut(key)
            && entry.version == version
        {
            entry.views.insert(view, (Instant::now(), body));
        }
    }

    /// The page changed: drop its answers and move its version on.
    pub fn invalidate(&self, key: &PageKey) {
        let mut inner = self.lock();
        let version = inner.fresh_version();
        if let Some(entry) = inner.pages.get_mut(key) {
            entry.version = version;
            entry.views.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Bytes;

    use super::*;

    fn key() -> PageKey {
        ("demo".into(), "/".into())
    }

    #[test]
    fn an_answer_is_served_until_the_page_changes() {
        let cache = PageCache::<View, Bytes>::default();
        let version = cache.version(&key());
        cache.put(
            &key(),
            version,
            (Sort::Oldest, 500),
            Bytes::from_static(b"v1"),
        );
        assert_eq!(
            cache.get(&key(), &(Sort::Oldest, 500)).as_deref(),
            Some(&b"v1"[..])
        );
        assert_eq!(
            cache.get(&key(), &(Sort::Newest, 500)),
            None,
            "another view is another answer"
        );

        cache.invalidate(&key());

        assert_eq!(cache.get(&key(), &(Sort::Oldest, 500)), None);
    }

    #[test]
    fn a_read_that_raced_a_write_is_not_kept() {
        let cache = PageCache::<View, Bytes>::default();
        let before_the_write = cache.version(&key());
        cache.invalidate(&key());

        cache.put(
            &key(),
            before_the_write,
            (Sort::Oldest, 500),
            Bytes::from_static(b"stale"),
        );

        assert_eq!(cache.get(&key(), &(Sort::Oldest, 500)), None);
    }
}
