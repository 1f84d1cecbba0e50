//! Password checks at sign-in, bounded. Each argon2id verification takes 19 MiB and tens of
//! milliseconds of a CPU; left unbounded, concurrent sign-ins from many addresses would take
//! every core and a gigabyte between them. At most one check runs per two CPUs (on a
//! blocking thread, off the async workers), a few wait their turn, and the rest are refused
//! at once as too many attempts.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Semaphore;

use super::Refusal;
use crate::domain::moderator::verify_password;

/// Checks that may wait for a turn; one more is refused.
const MAX_WAITING: usize = 16;

pub struct PasswordChecks {
    turns: Arc<Semaphore>,
    waiting: AtomicUsize,
}

impl PasswordChecks {
    /// As many checks at once as half the CPUs (at least one).
    pub fn new(cpus: usize) -> Self {
        Self {
            turns: Arc::new(Semaphore::new((cpus / 2).max(1))),
            waiting: AtomicUsize::new(0),
        }
    }

    /// Whether `password` matches the argon2id `hash`, once a turn is free; refused when too
    /// many checks are waiting already.
    pub async fn verify(&self, password: String, hash: String) -> Result<bool, Refusal> {
        let queued = self.waiting.fetch_add(1, Ordering::AcqRel);
        let _counted = Waiting(&self.waiting);
        if queued >= MAX_WAITING {
            return Err(Refusal::RateLimited {
                retry_after_secs: 1,
            });
        }
        let Ok(turn) = Arc::clone(&self.turns).acquire_owned().await else {
            return Ok(false);
        };
        // The turn goes with the check: a client that hangs up does not free it while the
        // hash is still being computed.
        let check = move || {
            let valid = verify_password(&password, &hash);
            drop(turn);
            valid
        };
        match tokio::task::spawn_blocking(check).await {
            Ok(valid) => Ok(valid),
            Err(error) => {
                tracing::error!(%error, "a password check failed");
                Ok(false)
            }
        }
    }
}

/// One check counted as waiting (or running) until it is done.
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::moderator::hash_password;

    #[tokio::test]
    async fn the_right_password_passes_and_a_wrong_one_does_not() {
        let checks = PasswordChecks::new(2);
        let hash = hash_password("correct horse battery").expect("hashed");

        let right = checks
            .verify("correct horse battery".into(), hash.clone())
            .await;
        let wrong = checks.verify("guess".into(), hash).await;

        assert_eq!(right, Ok(true));
        assert_eq!(wrong, Ok(false));
    }

    #[tokio::test]
    async fn a_check_whose_caller_hung_up_keeps_its_turn_until_the_hash_is_done() {
        let checks = Arc::new(PasswordChecks::new(1));
        let hash = hash_password("correct horse battery").expect("hashed");
        let caller = tokio::spawn({
            let checks = Arc::clone(&checks);
            async move { checks.verify("guess".into(), hash).await }
        });
        while checks.turns.available_permits() > 0 {
            tokio::task::yield_now().await;
        }

        caller.abort();
        let _ = caller.await;

        assert_eq!(checks.turns.available_permits(), 0, "still hashing");
        let _turn =
            tokio::time::timeout(std::time::Duration::from_secs(30), checks.turns.acquire())
                .await
                .expect("the turn comes back once the hash is done");
    }

    #[tokio::test]
    async fn checks_beyond_those_that_may_wait_are_refused_at_once() {
        let checks = PasswordChecks::new(1);
        let hash = hash_password("correct horse battery").expect("hashed");

        let outcomes = futures_util::future::join_all(
            (0..MAX_WAITING + 4).map(|_| checks.verify("guess".into(), hash.clone())),
        )
        .await;

        let refused = outcomes.iter().filter(|outcome| outcome.is_err()).count();
        assert_eq!(refused, 4, "{outcomes:?}");
    }
}
