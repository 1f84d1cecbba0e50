//! CPU-heavy work taken off the async workers, a bounded amount at once: argon2id checks at
//! sign-in and the rendering of readers' Markdown. Each job runs on a blocking thread once a
//! turn is free; a few jobs wait their turn, and past them the rest are refused at once as
//! too many requests. Left unbounded, parallel requests would take every core (and, for
//! argon2id, 19 MiB each) and stall every other answer, `/healthz` included.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Semaphore;

use super::Refusal;

pub struct Turns {
    turns: Arc<Semaphore>,
    /// Jobs waiting or running.
    queued: AtomicUsize,
    max_queued: usize,
}

impl Turns {
    /// `at_once` jobs run at a time (at least one); `max_waiting` more may wait for a turn.
    pub fn new(at_once: usize, max_waiting: usize) -> Self {
        let at_once = at_once.max(1);
        Self {
            turns: Arc::new(Semaphore::new(at_once)),
            queued: AtomicUsize::new(0),
            max_queued: at_once + max_waiting,
        }
    }

    /// Runs `job` on a blocking thread once a turn is free; refused when too many jobs are
    /// waiting already. A panic in `job` goes on in the caller, as if it had run there.
    pub async fn run<T, F>(&self, job: F) -> Result<T, Refusal>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let ahead = self.queued.fetch_add(1, Ordering::AcqRel);
        let _counted = Queued(&self.queued);
        if ahead >= self.max_queued {
            return Err(Refusal::RateLimited {
                retry_after_secs: 1,
            });
        }
        let turn =
            Arc::clone(&self.turns)
                .acquire_owned()
                .await
                .map_err(|_| Refusal::RateLimited {
                    retry_after_secs: 1,
                })?;
        // The turn goes with the job: a client that hangs up does not free it while the job
        // still runs.
        let job = move || {
            let done = job();
            drop(turn);
            done
        };
        match tokio::task::spawn_blocking(job).await {
            Ok(done) => Ok(done),
            Err(error) => std::panic::resume_unwind(error.into_panic()),
        }
    }

    /// Turns free now (for tests).
    #[cfg(test)]
    pub(super) fn free(&self) -> usize {
        self.turns.available_permits()
    }

    #[cfg(test)]
    pub(super) async fn wait_for_a_turn(&self) {
        let _turn = self.turns.acquire().await;
    }
}

/// One job counted as waiting (or running) until it is done.
struct Queued<'a>(&'a AtomicUsize);

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn a_job_runs_and_gives_its_result() {
        let turns = Turns::new(1, 0);

        let sum = turns.run(|| 2 + 2).await;

        assert_eq!(sum, Ok(4));
    }

    #[tokio::test]
    async fn a_job_whose_caller_hung_up_keeps_its_turn_until_it_is_done() {
        let turns = Arc::new(Turns::new(1, 0));
        let (finish, finished) = mpsc::channel::<()>();
        let caller = tokio::spawn({
            let turns = Arc::clone(&turns);
            async move { turns.run(move || finished.recv()).await }
        });
        while turns.free() > 0 {
            tokio::task::yield_now().await;
        }

        caller.abort();
        let _ = caller.await;

        assert_eq!(turns.free(), 0, "still running");
        finish.send(()).expect("the job listens");
        tokio::time::timeout(Duration::from_secs(30), turns.wait_for_a_turn())
            .await
            .expect("the turn comes back once the job is done");
    }

    #[tokio::test]
    async fn jobs_beyond_those_that_may_wait_are_refused_at_once() {
        let turns = Turns::new(1, 3);
        let (finishers, jobs): (Vec<_>, Vec<_>) = (0..8)
            .map(|_| {
                let (finish, finished) = mpsc::channel::<()>();
                (finish, turns.run(move || finished.recv().is_ok()))
            })
            .unzip();
        let release = tokio::spawn(async move {
            for finish in finishers {
                let _ = finish.send(());
            }
        });

        // The first poll queues all eight: one runs, three wait, four are refused.
        let outcomes = futures_util::future::join_all(jobs).await;
        release.await.expect("released");

        let refused = outcomes.iter().filter(|outcome| outcome.is_err()).count();
        assert_eq!(refused, 4, "{outcomes:?}");
    }
}
