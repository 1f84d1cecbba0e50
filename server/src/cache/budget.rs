//! What a cache may hold: a number of bytes and of entries. Each cache counts what it keeps
//! ([`Weight`]), drops what has expired when an insert would go over, and starts again empty
//! when that is not enough, so no request, however many distinct ones a client sends, grows
//! a cache past its share. The count is published in `/metrics` (`parlons_cache_bytes`).

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Bytes;

use super::Tagged;

/// Bytes an entry costs besides its key and value: the map's slot, the timestamps.
pub const ENTRY_OVERHEAD: usize = 64;

/// Bytes a kept value holds, roughly but never less than it does.
pub trait Weight {
    fn weight(&self) -> usize;
}

impl Weight for Tagged {
    /// The body, and as much again for its compressed forms (each smaller than the body for
    /// any JSON or Atom worth compressing), plus the tags.
    fn weight(&self) -> usize {
        2 * self.body.len() + 128
    }
}

impl Weight for Bytes {
    fn weight(&self) -> usize {
        self.len()
    }
}

impl Weight for u64 {
    fn weight(&self) -> usize {
        8
    }
}

/// A cache's limits and what it holds now (the count is read by `/metrics` without the lock).
#[derive(Debug)]
pub struct Budget {
    max_bytes: usize,
    max_entries: usize,
    bytes: AtomicUsize,
}

impl Budget {
    pub fn new(max_bytes: usize, max_entries: usize) -> Self {
        Self {
            max_bytes,
            max_entries,
            bytes: AtomicUsize::new(0),
        }
    }

    /// Whether `entries` holding the bytes counted, plus `more`, stay within the limits.
    pub fn has_room(&self, entries: usize, more: usize) -> bool {
        entries < self.max_entries && self.held() + more <= self.max_bytes
    }

    /// Whether `size` could ever fit (a value larger than the whole budget is not kept).
    pub fn could_hold(&self, size: usize) -> bool {
        size <= self.max_bytes
    }

    pub fn add(&self, size: usize) {
        self.bytes.fetch_add(size, Ordering::Relaxed);
    }

    pub fn remove(&self, size: usize) {
        // Callers hold the cache's lock, so the count cannot go below zero; saturate anyway.
        let _ = self
            .bytes
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |held| {
                Some(held.saturating_sub(size))
            });
    }

    pub fn reset(&self) {
        self.bytes.store(0, Ordering::Relaxed);
    }

    /// Bytes held now.
    pub fn held(&self) -> usize {
        self.bytes.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_is_counted_in_bytes_and_in_entries() {
        let budget = Budget::new(1_000, 3);
        budget.add(900);

        assert!(budget.has_room(2, 100));
        assert!(!budget.has_room(2, 101), "over the bytes");
        assert!(!budget.has_room(3, 1), "over the entries");

        budget.remove(900);

        assert_eq!(budget.held(), 0);
        assert!(!budget.could_hold(1_001));
    }
}
