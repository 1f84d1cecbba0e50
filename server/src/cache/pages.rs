//! Answers about a page (the first page of its thread, serialized; its count) kept until the
//! page changes.
//!
//! Reading a thread is per-row work (each row crosses from the database); most reads ask
//! for the same first page, and count badges ask for the same pages again and again. Every
//! visible change goes through `live::Live`, on every node, which invalidates the page here.
//! A read takes the page's version before it queries and stores its answer only if the
//! version is unchanged, so a read that raced a write never puts a stale page back. Entries
//! expire after [`TTL`], which bounds how long a change missed while a node's listener
//! reconnects can show; expired ones are swept out ([`PageCache::sweep`], and whenever the
//! cache is full), and the whole is held to a [`Budget`] of bytes and pages.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use parlons_shared::Sort;

use super::budget::{Budget, ENTRY_OVERHEAD, Weight};
use crate::domain::site::PageKey;

/// Longest time a cached page is served.
pub const TTL: Duration = Duration::from_secs(30);
/// Most pages kept, whatever their size.
const MAX_PAGES: usize = 10_000;

/// What a cached thread depends on besides its page.
pub type View = (Sort, u32);

struct Entry<V, T> {
    version: u64,
    /// Each view's answer, when it was kept, and its weight.
    views: HashMap<V, (Instant, T, usize)>,
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
    budget: Budget,
    /// [`TTL`], but in tests.
    ttl: Duration,
}

/// What keeping a page costs before any answer: its key and the entry.
fn page_weight(key: &PageKey) -> usize {
    key.0.len() + key.1.len() + ENTRY_OVERHEAD
}

impl<V: Hash + Eq, T: Clone + Weight> PageCache<V, T> {
    /// A cache that holds at most `max_bytes` (and 10,000 pages).
    pub fn new(max_bytes: usize) -> Self {
        Self {
            inner: Mutex::new(Inner {
                pages: HashMap::new(),
                next_version: 0,
            }),
            budget: Budget::new(max_bytes, MAX_PAGES),
            ttl: TTL,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner<V, T>> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The cached answer, if fresh.
    pub fn get(&self, key: &PageKey, view: &V) -> Option<T> {
        let inner = self.lock();
        let (at, body, _) = inner.pages.get(key)?.views.get(view)?;
        (at.elapsed() < self.ttl).then(|| body.clone())
    }

    /// The page's version now; pass it to [`PageCache::put`] after reading the database.
    pub fn version(&self, key: &PageKey) -> u64 {
        let mut inner = self.lock();
        if let Some(entry) = inner.pages.get(key) {
            return entry.version;
        }
        let version = inner.fresh_version();
        let size = page_weight(key);
        if self.make_room(&mut inner, size) {
            self.budget.add(size);
            inner.pages.insert(
                key.clone(),
                Entry {
                    version,
                    views: HashMap::new(),
                },
            );
        }
        version
    }

    /// Keeps an answer read at `version`, unless the page changed since (or was swept out).
    pub fn put(&self, key: &PageKey, version: u64, view: V, body: T) {
        let size = body.weight() + ENTRY_OVERHEAD;
        let mut inner = self.lock();
        if inner
            .pages
            .get(key)
            .is_none_or(|entry| entry.version != version)
            || !self.make_room(&mut inner, size)
        {
            return;
        }
        // Making room may have emptied the cache: the page must still be there.
        let Some(entry) = inner.pages.get_mut(key) else {
            return;
        };
        self.budget.add(size);
        if let Some((_, _, replaced)) = entry.views.insert(view, (Instant::now(), body, size)) {
            self.budget.remove(replaced);
        }
    }

    /// The page changed: drop its answers and move its version on.
    pub fn invalidate(&self, key: &PageKey) {
        let mut inner = self.lock();
        let version = inner.fresh_version();
        if let Some(entry) = inner.pages.get_mut(key) {
            entry.version = version;
            let freed: usize = entry.views.drain().map(|(_, (_, _, size))| size).sum();
            self.budget.remove(freed);
        }
    }

    /// Every page of `site` changed (its settings did): drop their answers and move their
    /// versions on.
    pub fn invalidate_site(&self, site: &str) {
        let mut inner = self.lock();
        let version = inner.fresh_version();
        let mut freed = 0;
        for (_, entry) in inner.pages.iter_mut().filter(|(key, _)| key.0 == site) {
            entry.version = version;
            freed += entry
                .views
                .drain()
                .map(|(_, (_, _, size))| size)
                .sum::<usize>();
        }
        self.budget.remove(freed);
    }

    /// Drops every expired answer, and the pages left with none.
    pub fn sweep(&self) {
        let mut inner = self.lock();
        self.sweep_locked(&mut inner);
    }

    /// Bytes held now.
    pub fn held(&self) -> usize {
        self.budget.held()
    }

    fn sweep_locked(&self, inner: &mut Inner<V, T>) {
        let mut freed = 0;
        inner.pages.retain(|key, entry| {
            entry.views.retain(|_, (at, _, size)| {
                let fresh = at.elapsed() < self.ttl;
                if !fresh {
                    freed += *size;
                }
                fresh
            });
            let kept = !entry.views.is_empty();
            if !kept {
                freed += page_weight(key);
            }
            kept
        });
        // The table's room goes too: a flood of distinct pages must not leave it large.
        inner.pages.shrink_to_fit();
        self.budget.remove(freed);
    }

    /// Whether `size` more bytes can be kept, after sweeping expired answers and, if that
    /// is not enough, emptying the cache.
    fn make_room(&self, inner: &mut Inner<V, T>, size: usize) -> bool {
        if !self.budget.could_hold(size) {
            return false;
        }
        if self.budget.has_room(inner.pages.len(), size) {
            return true;
        }
        self.sweep_locked(inner);
        if !self.budget.has_room(inner.pages.len(), size) {
            inner.pages.clear();
            self.budget.reset();
        }
        true
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
    fn a_sites_change_drops_its_pages_answers_and_no_others() {
        let cache = PageCache::<u8, Bytes>::new(1 << 20);
        let ours = ("blog".to_owned(), "/a".to_owned());
        let theirs = ("news".to_owned(), "/a".to_owned());
        let read_before = cache.version(&ours);
        let version = cache.version(&theirs);
        cache.put(&theirs, version, 0, Bytes::from_static(b"theirs"));
        cache.put(&ours, read_before, 0, Bytes::from_static(b"ours"));

        cache.invalidate_site("blog");
        cache.put(&ours, read_before, 1, Bytes::from_static(b"read before"));

        assert_eq!(cache.get(&ours, &0), None);
        assert_eq!(
            cache.get(&ours, &1),
            None,
            "an answer read before is refused"
        );
        assert_eq!(cache.get(&theirs, &0), Some(Bytes::from_static(b"theirs")));
    }

    #[test]
    fn an_answer_is_served_until_the_page_changes() {
        let cache = PageCache::<View, Bytes>::new(1 << 20);
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
        let cache = PageCache::<View, Bytes>::new(1 << 20);
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

    #[test]
    fn the_cache_never_holds_more_than_its_bytes_and_starts_again_when_full() {
        let cache = PageCache::<View, Bytes>::new(10_000);

        for n in 0..100 {
            let page = ("demo".to_owned(), format!("/{n}"));
            let version = cache.version(&page);
            cache.put(
                &page,
                version,
                (Sort::Oldest, 500),
                Bytes::from(vec![b'x'; 1_000]),
            );
            assert!(cache.held() <= 10_000, "{} bytes", cache.held());
        }

        let last = ("demo".to_owned(), "/99".to_owned());
        assert!(cache.get(&last, &(Sort::Oldest, 500)).is_some());
    }

    #[test]
    fn a_sweep_drops_expired_answers_and_gives_their_bytes_back() {
        let cache = PageCache::<View, Bytes> {
            ttl: Duration::from_millis(1),
            ..PageCache::new(1 << 20)
        };
        let version = cache.version(&key());
        cache.put(
            &key(),
            version,
            (Sort::Oldest, 500),
            Bytes::from(vec![b'x'; 5_000]),
        );
        std::thread::sleep(Duration::from_millis(5));

        cache.sweep();

        assert_eq!(cache.held(), 0);
        assert_eq!(cache.get(&key(), &(Sort::Oldest, 500)), None);
    }

    #[test]
    fn dropping_a_pages_answers_gives_their_bytes_back() {
        let cache = PageCache::<View, Bytes>::new(1 << 20);
        let empty = cache.held();
        let version = cache.version(&key());
        cache.put(
            &key(),
            version,
            (Sort::Oldest, 500),
            Bytes::from(vec![b'x'; 5_000]),
        );
        assert!(cache.held() > 5_000);

        cache.invalidate(&key());

        assert_eq!(cache.held(), empty + page_weight(&key()));
    }
}
