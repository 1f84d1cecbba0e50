//! CPU-heavy work taken off the async workers, a bounded amount at once: argon2id checks at
//! sign-in and the rendering of readers' Markdown. Each kind has its own threads, at a lower
//! priority than the async workers (`os::lower_this_threads_priority`), so however many such
//! requests come, `/healthz` and every read are still answered at once; a few jobs wait
//! their turn, and past them the rest are refused as too many requests. A job whose client
//! hung up still runs to its end on its thread, which keeps the bound true; one whose client
//! hung up while it waited is skipped.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};

use super::Refusal;
use crate::os;

type Job = Box<dyn FnOnce() + Send>;

pub struct Turns {
    /// Jobs waiting for a thread; the channel holds at most the number that may wait.
    jobs: SyncSender<Job>,
}

impl Turns {
    /// `threads` threads named `<name>-<n>` (at least one); `max_waiting` jobs may wait for
    /// one (at least one, so that a job never finds a free thread between two jobs and is
    /// refused). The threads end when the `Turns` is dropped.
    pub fn new(name: &str, threads: usize, max_waiting: usize) -> Self {
        let (jobs, waiting) = sync_channel::<Job>(max_waiting.max(1));
        let waiting = Arc::new(Mutex::new(waiting));
        for n in 0..threads.max(1) {
            let waiting = Arc::clone(&waiting);
            let spawned = std::thread::Builder::new()
                .name(format!("{name}-{n}"))
                .spawn(move || work(&waiting));
            if let Err(error) = spawned {
                tracing::error!(%error, name, "could not start a worker thread");
            }
        }
        Self { jobs }
    }

    /// Runs `job` on one of the threads once it is free; refused when too many jobs wait
    /// already. A panic in `job` goes on in the caller, as if it had run there.
    pub async fn run<T, F>(&self, job: F) -> Result<T, Refusal>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let busy = Refusal::RateLimited {
            retry_after_secs: 1,
        };
        let (done, outcome) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            // A caller that hung up while its job waited wants nothing: its turn goes on.
            if !done.is_closed() {
                let _ = done.send(catch_unwind(AssertUnwindSafe(job)));
            }
        });
        match self.jobs.try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => return Err(busy),
        }
        match outcome.await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => Err(busy),
        }
    }
}

/// A worker thread: at a lower priority, takes jobs until the sender is gone.
fn work(waiting: &Mutex<Receiver<Job>>) {
    os::lower_this_threads_priority();
    loop {
        let next = match waiting.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        match next {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use futures_util::FutureExt;

    use super::*;

    /// A job that tells when it started and runs until told to finish.
    fn held(started: mpsc::Sender<()>, finish: mpsc::Receiver<()>) -> impl FnOnce() + Send {
        move || {
            let _ = started.send(());
            let _ = finish.recv_timeout(Duration::from_secs(30));
        }
    }

    #[tokio::test]
    async fn a_job_runs_and_gives_its_result() {
        let turns = Turns::new("test", 1, 0);

        let sum = turns.run(|| 2 + 2).await;

        assert_eq!(sum, Ok(4));
    }

    /// A job that holds the one thread of `turns` until `finish` is sent or dropped.
    async fn busy(
        turns: &Arc<Turns>,
    ) -> (
        tokio::task::JoinHandle<Result<(), Refusal>>,
        mpsc::Sender<()>,
    ) {
        let (started, has_started) = mpsc::channel();
        let (finish, finishing) = mpsc::channel();
        let caller = tokio::spawn({
            let turns = Arc::clone(turns);
            async move { turns.run(held(started, finishing)).await }
        });
        tokio::task::spawn_blocking(move || has_started.recv_timeout(Duration::from_secs(30)))
            .await
            .expect("joined")
            .expect("the job runs");
        (caller, finish)
    }

    #[tokio::test]
    async fn jobs_beyond_those_that_may_wait_are_refused_at_once() {
        let turns = Arc::new(Turns::new("test", 1, 3));
        let (running, finish) = busy(&turns).await;

        let mut next: Vec<_> = (0..4).map(|n| turns.run(move || n).boxed()).collect();
        let first_polls: Vec<_> = next
            .iter_mut()
            .map(|job| job.as_mut().now_or_never())
            .collect();
        drop(finish);

        assert!(first_polls[..3].iter().all(Option::is_none), "three wait");
        assert!(
            matches!(first_polls[3], Some(Err(Refusal::RateLimited { .. }))),
            "{:?}",
            first_polls[3]
        );
        assert_eq!(running.await.expect("joined"), Ok(()));
        for waited in next.drain(..3) {
            assert!(
                waited.await.is_ok(),
                "the waiting ones run once the thread is free"
            );
        }
    }

    #[tokio::test]
    async fn a_job_whose_caller_hung_up_keeps_its_thread_until_it_is_done() {
        let turns = Arc::new(Turns::new("test", 1, 1));
        let (caller, finish) = busy(&turns).await;

        caller.abort();
        let _ = caller.await;
        let mut queued = turns.run(|| ()).boxed();
        let queued_first = queued.as_mut().now_or_never();
        let one_too_many = turns.run(|| ()).await;
        drop(finish);

        assert!(queued_first.is_none(), "it waits: the thread is still busy");
        assert!(one_too_many.is_err());
        assert_eq!(queued.await, Ok(()));
    }

    #[tokio::test]
    async fn a_job_whose_caller_hung_up_while_it_waited_is_skipped() {
        // Room for two: the skipped job and the one after it, which runs after it (one thread).
        let turns = Arc::new(Turns::new("test", 1, 2));
        let ran = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (running, finish) = busy(&turns).await;
        let mut waiting = turns
            .run({
                let ran = Arc::clone(&ran);
                move || ran.store(true, std::sync::atomic::Ordering::SeqCst)
            })
            .boxed();
        assert!(waiting.as_mut().now_or_never().is_none(), "it waits");

        drop(waiting);
        drop(finish);
        running.await.expect("joined").expect("ran");
        turns.run(|| ()).await.expect("the thread goes on");

        assert!(!ran.load(std::sync::atomic::Ordering::SeqCst));
    }

    #[tokio::test]
    async fn a_panic_in_a_job_reaches_its_caller_and_the_thread_goes_on() {
        let turns = Arc::new(Turns::new("test", 1, 0));

        let panicked = tokio::spawn({
            let turns = Arc::clone(&turns);
            async move { turns.run(|| panic!("a bug in a job")).await }
        })
        .await;
        let after = turns.run(|| "still working").await;

        assert!(panicked.is_err_and(|error| error.is_panic()));
        assert_eq!(after, Ok("still working"));
    }
}
