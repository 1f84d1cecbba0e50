//! Posts the spam defense refused, counted in memory per site, day and layer, and added to
//! the store once a minute (and before a statistics read): a flood of refused posts costs
//! no database write each. The map holds known sites only (a post names a site that exists
//! before any layer refuses it), so it is bounded by sites × 2 days × layers.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use parlons_shared::SpamLayer;
use time::OffsetDateTime;

use crate::domain::stats::day_of;
use crate::store::Store;
use crate::store::stats::RefusalCount;

type Key = (String, String, SpamLayer);

#[derive(Default)]
pub struct RefusalTally {
    counts: Mutex<HashMap<Key, u64>>,
}

impl RefusalTally {
    /// Counts one post `site` refused at `layer`.
    pub fn count(&self, site: &str, layer: SpamLayer) {
        let key = (site.to_owned(), day_of(OffsetDateTime::now_utc()), layer);
        *self.lock().entry(key).or_default() += 1;
    }

    /// Adds the counts to the store; kept for the next try when the store fails.
    pub async fn write(&self, store: &dyn Store) -> crate::store::StoreResult<()> {
        let taken = std::mem::take(&mut *self.lock());
        if taken.is_empty() {
            return Ok(());
        }
        let counts: Vec<RefusalCount> = taken
            .iter()
            .map(|((site, day, layer), count)| RefusalCount {
                site: site.clone(),
                day: day.clone(),
                layer: layer.as_str(),
                count: *count,
            })
            .collect();
        let written = store.add_refusals(&counts).await;
        if written.is_err() {
            let mut counts = self.lock();
            for (key, count) in taken {
                *counts.entry(key).or_default() += count;
            }
        }
        written
    }

    /// Writes the counts every minute, for as long as the server runs.
    pub async fn keep_written(self: Arc<Self>, store: Arc<dyn Store>) {
        let mut minutes = tokio::time::interval(Duration::from_secs(60));
        loop {
            minutes.tick().await;
            if let Err(error) = self.write(store.as_ref()).await {
                tracing::warn!(%error, "could not write the refused posts' counts");
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, u64>> {
        self.counts.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
