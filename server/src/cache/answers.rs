//! Whole answers to count requests, by the exact bytes of the request (a POST body, a GET
//! query string), kept until any page changes.
//!
//! A listing page asks for the same pages for every visitor, so most count requests are
//! byte for byte one seen before: answering those costs a hash lookup, not a JSON parse,
//! 50 page lookups and a serialization. Any visible change anywhere (each goes through
//! `live::Live`, on every node) moves the generation on, which retires every answer at
//! once; a request computed while the generation moved is not kept, so a read that raced a
//! write never stores a stale answer. Entries also expire after the page caches' TTL.
//!
//! Keys are whole request bodies (1-2 KB for a listing page), so the map hashes with foldhash
//! rather than std's SipHash: hashing the 50-page counts body was 4% of that call's
//! instructions (callgrind). foldhash is seeded at random per map, and the map holds at
//! most 4,096 keys, so a crafted set of colliding bodies can neither be planned nor grow.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::body::Bytes;
use foldhash::quality::RandomState;

use super::pages::TTL;

/// Longest request kept as a key: a listing's worth of pages, not any body the limit allows.
const MAX_REQUEST_BYTES: usize = 16 * 1024;
/// Most answers kept; past it the cache starts again empty.
const MAX_ANSWERS: usize = 4_096;

type Answers<T> = HashMap<Bytes, (u64, Instant, T), RandomState>;

/// Answers `T` by request bytes.
pub struct AnswerCache<T> {
    answers: Mutex<Answers<T>>,
    generation: AtomicU64,
}

impl<T> Default for AnswerCache<T> {
    fn default() -> Self {
        Self {
            answers: Mutex::new(HashMap::default()),
            generation: AtomicU64::new(0),
        }
    }
}

impl<T: Clone> AnswerCache<T> {
    fn lock(&self) -> std::sync::MutexGuard<'_, Answers<T>> {
        self.answers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The answer given to these very bytes, if nothing changed since.
    pub fn get(&self, request: &[u8]) -> Option<T> {
        let generation = self.generation();
        let answers = self.lock();
        let (kept_at, at, answer) = answers.get(request)?;
        (*kept_at == generation && at.elapsed() < TTL).then(|| answer.clone())
    }

    /// The generation now; pass it to [`AnswerCache::put`] once the answer is computed.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Keeps an answer computed at `generation`, unless something changed since.
    pub fn put(&self, request: Bytes, generation: u64, answer: T) {
        if request.len() > MAX_REQUEST_BYTES {
            return;
        }
        let mut answers = self.lock();
        if self.generation() != generation {
            return;
        }
        if answers.len() >= MAX_ANSWERS {
            answers.clear();
        }
        answers.insert(request, (generation, Instant::now(), answer));
    }

    /// Something readers see changed: every kept answer is retired.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.lock().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASKED: &[u8] = br#"{"site":"demo","pages":["/a","/b"]}"#;

    #[test]
    fn the_same_bytes_get_the_same_answer_until_something_changes() {
        let cache = AnswerCache::<u32>::default();
        cache.put(Bytes::from_static(ASKED), cache.generation(), 7);

        assert_eq!(cache.get(ASKED), Some(7));
        assert_eq!(cache.get(br#"{"site":"demo","pages":["/a"]}"#), None);

        cache.invalidate();

        assert_eq!(cache.get(ASKED), None);
    }

    #[test]
    fn an_answer_computed_across_a_change_is_not_kept() {
        let cache = AnswerCache::<u32>::default();
        let before_the_change = cache.generation();
        cache.invalidate();

        cache.put(Bytes::from_static(ASKED), before_the_change, 7);

        assert_eq!(cache.get(ASKED), None);
    }

    #[test]
    fn long_requests_are_answered_but_not_kept() {
        let cache = AnswerCache::<u32>::default();
        let long = Bytes::from(vec![b' '; MAX_REQUEST_BYTES + 1]);

        cache.put(long.clone(), cache.generation(), 7);

        assert_eq!(cache.get(&long), None);
    }
}
