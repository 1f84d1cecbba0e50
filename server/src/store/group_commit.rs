//! Group commit: new comments are written by one task, which takes every comment waiting in
//! its queue into one transaction. Under load, N posts cost one commit (one sync to disk)
//! instead of N; when posts are rare, each is written alone, as soon as it arrives.
//!
//! A post is answered only after the commit that holds it: what is acknowledged is on disk.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use super::{CommentRecord, NewCommentRecord, Store, StoreError, StoreResult};

/// The most comments in one transaction (11 bound values each, far below SQLite's limit).
const MAX_BATCH: usize = 256;
/// Posts waiting beyond this make their handlers wait to queue: back-pressure, not memory.
const QUEUE: usize = 4096;

/// Where handlers hand their comments to the writing task.
#[derive(Clone)]
pub struct CommentWriter {
    jobs: mpsc::Sender<Job>,
}

struct Job {
    comment: NewCommentRecord,
    answer: oneshot::Sender<StoreResult<CommentRecord>>,
}

impl CommentWriter {
    /// Starts the writing task on the current runtime; it ends when every writer is dropped.
    pub fn start(store: Arc<dyn Store>) -> Self {
        let (jobs, queue) = mpsc::channel(QUEUE);
        tokio::spawn(write_batches(store, queue));
        Self { jobs }
    }

    /// Comments waiting for the writing task (the metrics' queue depth).
    pub fn queued(&self) -> usize {
        self.jobs.max_capacity() - self.jobs.capacity()
    }

    /// Stores a comment; returns once the transaction that holds it is committed.
    pub async fn insert(&self, comment: NewCommentRecord) -> StoreResult<CommentRecord> {
        let (answer, answered) = oneshot::channel();
        self.jobs
            .send(Job { comment, answer })
            .await
            .map_err(|_| stopped())?;
        answered.await.map_err(|_| stopped())?
    }
}

fn stopped() -> StoreError {
    StoreError::Other(anyhow::anyhow!("the comment writer has stopped"))
}

/// Takes whatever is queued (at least one, at most `MAX_BATCH`) and writes it in one go.
async fn write_batches(store: Arc<dyn Store>, mut queue: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let (comments, answers): (Vec<_>, Vec<_>) =
            jobs.drain(..).map(|job| (job.comment, job.answer)).unzip();
        write(store.as_ref(), &comments, answers).await;
    }
}

/// One transaction for the batch; if it fails as a whole, each comment is tried on its own,
/// so one comment the database refuses does not take the others down with it.
async fn write(
    store: &dyn Store,
    comments: &[NewCommentRecord],
    answers: Vec<oneshot::Sender<StoreResult<CommentRecord>>>,
) {
    match store.insert_comments(comments).await {
        Ok(results) => {
            for (answer, result) in answers.into_iter().zip(results) {
                // The poster may have gone: the comment is stored all the same.
                let _ = answer.send(result);
            }
        }
        Err(error) if comments.len() == 1 => {
            if let Some(answer) = answers.into_iter().next() {
                let _ = answer.send(Err(error));
            }
        }
        Err(error) => {
            tracing::warn!(error = %error, size = comments.len(), "a batch of comments failed; writing them one by one");
            for (comment, answer) in comments.iter().zip(answers) {
                let result = match store.insert_comments(std::slice::from_ref(comment)).await {
                    Ok(mut results) => results.pop().unwrap_or_else(|| {
                        Err(StoreError::Other(anyhow::anyhow!(
                            "the store gave no answer"
                        )))
                    }),
                    Err(error) => Err(error),
                };
                let _ = answer.send(result);
            }
        }
    }
}
