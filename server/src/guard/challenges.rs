//! The memory of challenges used already: each is good for one post.
//!
//! A challenge is held in memory on its node while its post is written, and kept used in the
//! database with the comment (a unique index on its nonce), so it is good for one post on
//! every node.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::domain::spam::CHALLENGE_LIFETIME_SECS;

/// Nonces of challenges posted with, until they expire anyway.
#[derive(Default)]
pub struct UsedChallenges {
    used: Mutex<HashMap<String, Instant>>,
}

/// A nonce held while its post is written: kept when the post is stored, freed otherwise, so
/// a post refused for another reason can be sent again with the same challenge.
pub struct Reservation {
    used: Arc<UsedChallenges>,
    nonce: Option<String>,
}

impl UsedChallenges {
    /// Holds `nonce`; `None` when another post holds or used it.
    pub fn reserve(self: &Arc<Self>, nonce: String) -> Option<Reservation> {
        let mut used = self
            .used
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if used.contains_key(&nonce) {
            return None;
        }
        used.insert(nonce.clone(), Instant::now());
        Some(Reservation {
            used: Arc::clone(self),
            nonce: Some(nonce),
        })
    }

    /// Drops nonces of challenges that have expired (called every minute).
    pub fn forget_old(&self) {
        let lifetime = Duration::from_secs(CHALLENGE_LIFETIME_SECS.unsigned_abs() + 120);
        self.used
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .retain(|_, at| at.elapsed() < lifetime);
    }
}

impl Reservation {
    /// The nonce held, stored with the comment.
    pub fn nonce(&self) -> Option<&str> {
        self.nonce.as_deref()
    }

    /// The post was stored: the challenge stays used.
    pub fn keep(mut self) {
        self.nonce = None;
    }

    /// A post with no challenge (the site asks for none) holds nothing.
    pub fn none(used: &Arc<UsedChallenges>) -> Self {
        Self {
            used: Arc::clone(used),
            nonce: None,
        }
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if let Some(nonce) = self.nonce.take() {
            self.used
                .used
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .remove(&nonce);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nonce_is_held_once_and_freed_when_its_post_fails() {
        let used = Arc::new(UsedChallenges::default());
        let held = used.reserve("a".into()).expect("free");
        assert!(
            used.reserve("a".into()).is_none(),
            "held by a post in flight"
        );
        drop(held);
        let kept = used.reserve("a".into()).expect("freed by the failed post");
        kept.keep();
        assert!(used.reserve("a".into()).is_none(), "used by a stored post");
    }
}
