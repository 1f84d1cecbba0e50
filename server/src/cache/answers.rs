//! Whole answers to count requests, by the exact bytes of the request (a POST body, a GET
//! query string), kept until any page changes.
//!
//! A listing page asks for the same pages for every visitor, so most count requests are
//! byte for byte one seen before: answering those costs a hash lookup, not a JSON parse,
//! 50 page lookups and a serialization. Any visible change anywhere (each goes through
//! `live::Live`, on every node) moves the generation on, which retires every answer at
//! once; a request computed while the generation moved is not kept, so a read that raced a
//! write never stores a stale answer. Entries also expire after the page caches' TTL, and
//! the whole is held to a [`Budget`] of bytes (keys and answers) and entries.
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

use super::budget::{Budget, ENTRY_OVERHEAD, Weight};
use super::pages::TTL;

/// Longest request kept as a key: a listing's worth of pages, not any body the limit allows.
const MAX_REQUEST_BYTES: usize = 16 * 1024;
/// Most answers kept, whatever their size.
const MAX_ANSWERS: usize = 4_096;

type Answers<T> = HashMap<Bytes, (u64, Instant, T), RandomState>;

/// Answers `T` by request bytes.
pub struct AnswerCache<T> {
    answers: Mutex<Answers<T>>,
    generation: AtomicU64,
    budget: Budget,
}

impl<T: Clone + Weight> AnswerCache<T> {
    /// A cache that holds at most `max_bytes` (and 4,096 answers).
    pub fn new(max_bytes: usize) -> Self {
        Self {
            answers: Mutex::new(HashMap::default()),
            generation: AtomicU64::new(0),
            budget: Budget::new(max_bytes, MAX_ANSWERS),
        }
    }

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
        let size = entry_weight(&request, &answer);
        let mut answers = self.lock();
        if self.generation() != generation || !self.budget.could_hold(size) {
            return;
        }
        if !self.budget.has_room(answers.len(), size) {
            self.sweep_locked(&mut answers);
        }
        if !self.budget.has_room(answers.len(), size) {
            answers.clear();
            self.budget.reset();
        }
        self.budget.add(size);
        let kept = (generation, Instant::now(), answer);
        if let Some((_, _, replaced)) = answers.insert(request.clone(), kept) {
            self.budget.remove(entry_weight(&request, &replaced));
        }
    }

    /// Something readers see changed: every kept answer is retired.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        let mut answers = self.lock();
        answers.clear();
        self.budget.reset();
    }

    /// Drops every expired answer.
    pub fn sweep(&self) {
        let mut answers = self.lock();
        self.sweep_locked(&mut answers);
    }

    /// Bytes held now.
    pub fn held(&self) -> usize {
        self.budget.held()
    }

    fn sweep_locked(&self, answers: &mut Answers<T>) {
        let mut freed = 0;
        answers.retain(|request, (_, at, answer)| {
            let fresh = at.elapsed() < TTL;
            if !fresh {
                freed += entry_weight(request, answer);
            }
            fresh
        });
        // The table's room goes too: a flood of distinct requests must not leave it large.
        answers.shrink_to_fit();
        self.budget.remove(freed);
    }
}

fn entry_weight<T: Weight>(request: &[u8], answer: &T) -> usize {
    request.len() + answer.weight() + ENTRY_OVERHEAD
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASKED: &[u8] = br#"{"site":"demo","pages":["/a","/b"]}"#;

    #[test]
    fn the_same_bytes_get_the_same_answer_until_something_changes() {
        let cache = AnswerCache::<u64>::new(1 << 20);
        cache.put(Bytes::from_static(ASKED), cache.generation(), 7);

        assert_eq!(cache.get(ASKED), Some(7));
        assert_eq!(cache.get(br#"{"site":"demo","pages":["/a"]}"#), None);

        cache.invalidate();

        assert_eq!(cache.get(ASKED), None);
    }

    #[test]
    fn an_answer_computed_across_a_change_is_not_kept() {
        let cache = AnswerCache::<u64>::new(1 << 20);
        let before_the_change = cache.generation();
        cache.invalidate();

        cache.put(Bytes::from_static(ASKED), before_the_change, 7);

        assert_eq!(cache.get(ASKED), None);
    }

    #[test]
    fn long_requests_are_answered_but_not_kept() {
        let cache = AnswerCache::<u64>::new(1 << 20);
        let long = Bytes::from(vec![b' '; MAX_REQUEST_BYTES + 1]);

        cache.put(long.clone(), cache.generation(), 7);

        assert_eq!(cache.get(&long), None);
    }

    #[test]
    fn the_cache_never_holds_more_than_its_bytes() {
        let cache = AnswerCache::<Bytes>::new(20_000);

        for n in 0..100_u32 {
            let request = Bytes::from(format!("{n:01000}"));
            cache.put(request, cache.generation(), Bytes::from(vec![b'x'; 1_000]));
            assert!(cache.held() <= 20_000, "{} bytes", cache.held());
        }

        assert!(cache.get(format!("{:01000}", 99).as_bytes()).is_some());
    }
}
