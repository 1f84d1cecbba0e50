//! The sites the server knows, kept in memory, so that checking a site or an origin on every
//! request costs no query. They are read again when the change log shows a site changed
//! (made by another node or `parlons site ...`: within a second), and every [`REFRESH`]
//! besides.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::domain::site::Site;
use crate::store::{Store, StoreResult};

/// How often the sites and blocks are read again without a change in the log saying so.
pub const REFRESH: Duration = Duration::from_secs(30);
/// Shortest time between two reloads caused by an unknown site id.
const MISS_RELOAD: Duration = Duration::from_millis(250);

#[derive(Default)]
struct Snapshot {
    sites: HashMap<String, Arc<Site>>,
    origins: HashSet<String>,
    loaded_at: Option<Instant>,
}

/// Every site and the union of their origins.
pub struct Sites {
    store: Arc<dyn Store>,
    snapshot: RwLock<Snapshot>,
    /// One reload at a time: two overlapping reads could finish out of order and leave the
    /// older one in place.
    reloading: tokio::sync::Mutex<()>,
    /// Reads of the sites table so far (the metrics').
    reloads: AtomicU64,
}

impl Sites {
    pub async fn load(store: Arc<dyn Store>) -> StoreResult<Self> {
        let sites = Self {
            store,
            snapshot: RwLock::new(Snapshot::default()),
            reloading: tokio::sync::Mutex::new(()),
            reloads: AtomicU64::new(0),
        };
        sites.reload().await?;
        Ok(sites)
    }

    /// Reads the sites table again.
    pub async fn reload(&self) -> StoreResult<()> {
        let _one_at_a_time = self.reloading.lock().await;
        self.read_table().await
    }

    /// A lookup missed on a snapshot loaded at `seen`: reads the table again, unless another
    /// reload finished while this one waited its turn. However many requests miss at once
    /// (unknown origins, unknown ids), they share one read.
    async fn reload_after_miss(&self, seen: Option<Instant>) -> StoreResult<()> {
        let _one_at_a_time = self.reloading.lock().await;
        if self.loaded_at() != seen {
            return Ok(());
        }
        self.read_table().await
    }

    fn loaded_at(&self) -> Option<Instant> {
        self.snapshot
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .loaded_at
    }

    /// How many times the sites table was read.
    pub fn reloads(&self) -> u64 {
        self.reloads.load(Ordering::Relaxed)
    }

    /// Reads the table into a new snapshot; the caller holds `reloading`.
    async fn read_table(&self) -> StoreResult<()> {
        self.reloads.fetch_add(1, Ordering::Relaxed);
        let list = self.store.list_sites().await?;
        let origins = list
            .iter()
            .flat_map(|site| site.origins.iter().cloned())
            .collect();
        let sites = list
            .into_iter()
            .map(|site| (site.id.clone(), Arc::new(site)))
            .collect();
        let fresh = Snapshot {
            sites,
            origins,
            loaded_at: Some(Instant::now()),
        };
        *self
            .snapshot
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = fresh;
        Ok(())
    }

    /// The site with this id. An unknown id triggers a reload (at most every 250 ms, one for
    /// all the requests that miss together), so a site added a moment ago by the command line
    /// is found.
    pub async fn get(&self, id: &str) -> StoreResult<Option<Arc<Site>>> {
        self.lookup(|snapshot| snapshot.sites.get(id).cloned())
            .await
    }

    /// Whether any site allows this origin (the CORS check; each write checks its own site
    /// again). An unknown origin triggers a reload like an unknown id.
    pub async fn any_allows(&self, origin: &str) -> bool {
        let found = self
            .lookup(|snapshot| snapshot.origins.contains(origin).then_some(()))
            .await;
        matches!(found, Ok(Some(())))
    }

    async fn lookup<T>(&self, find: impl Fn(&Snapshot) -> Option<T>) -> StoreResult<Option<T>> {
        let (found, seen) = {
            let snapshot = self
                .snapshot
                .read()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            (find(&snapshot), snapshot.loaded_at)
        };
        // A miss on a snapshot younger than MISS_RELOAD is an answer: the unknown stays
        // unknown that long without a query.
        if found.is_some() || seen.is_some_and(|at| at.elapsed() < MISS_RELOAD) {
            return Ok(found);
        }
        self.reload_after_miss(seen).await?;
        let snapshot = self
            .snapshot
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Ok(find(&snapshot))
    }

    /// Reloads every [`REFRESH`] until the task is dropped.
    pub async fn keep_fresh(self: Arc<Self>) {
        let mut ticks = tokio::time::interval(REFRESH);
        loop {
            ticks.tick().await;
            if let Err(error) = self.reload().await {
                tracing::warn!(%error, "could not reload the sites");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINS: [&str; 2] = ["https://a.example", "https://b.example"];

    #[tokio::test]
    async fn lookups_that_miss_while_a_read_is_under_way_wait_for_it_instead_of_reading_again() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}/sites.db", dir.path().display());
        let store = crate::store::connect(&url).await.expect("a store");
        let sites = Sites::load(store).await.expect("loaded");
        tokio::time::sleep(MISS_RELOAD).await;
        let before = sites.reloads();
        let under_way = sites.reloading.lock().await;
        let misses = futures_util::future::join_all(
            (0..50).map(|n| sites.any_allows(ORIGINS[n % ORIGINS.len()])),
        );
        let read = async {
            sites.read_table().await.expect("read");
            drop(under_way);
        };

        // The misses are polled first: each finds the snapshot stale and waits for the read.
        let (misses, ()) = tokio::join!(misses, read);

        assert!(misses.iter().all(|allowed| !allowed));
        assert_eq!(sites.reloads() - before, 1, "50 misses, one read");
    }

    #[tokio::test]
    async fn a_miss_soon_after_a_read_is_answered_without_another() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}/sites.db", dir.path().display());
        let store = crate::store::connect(&url).await.expect("a store");
        let sites = Sites::load(store).await.expect("loaded");
        let before = sites.reloads();

        let found = sites.get("nowhere").await.expect("answered");

        assert!(found.is_none());
        assert_eq!(sites.reloads(), before, "read less than 250 ms ago");
    }
}
