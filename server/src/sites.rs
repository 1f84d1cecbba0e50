//! The sites the server knows, kept in memory and refreshed from the store, so that checking a
//! site or an origin on every request costs no query. Changes made with `parlons site ...`
//! (another process) are seen within [`REFRESH`].

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::domain::site::Site;
use crate::store::{Store, StoreResult};

/// Longest time a change to the sites table takes to be seen.
pub const REFRESH: Duration = Duration::from_secs(2);
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
}

impl Sites {
    pub async fn load(store: Arc<dyn Store>) -> StoreResult<Self> {
        let sites = Self {
            store,
            snapshot: RwLock::new(Snapshot::default()),
            reloading: tokio::sync::Mutex::new(()),
        };
        sites.reload().await?;
        Ok(sites)
    }

    /// Reads the sites table again.
    pub async fn reload(&self) -> StoreResult<()> {
        let _one_at_a_time = self.reloading.lock().await;
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

    /// The site with this id. An unknown id triggers a reload (at most every 250 ms), so a
    /// site added a moment ago by the command line is found.
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
        let (found, stale) = {
            let snapshot = self
                .snapshot
                .read()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let stale = snapshot
                .loaded_at
                .is_none_or(|at| at.elapsed() >= MISS_RELOAD);
            (find(&snapshot), stale)
        };
        if found.is_some() || !stale {
            return Ok(found);
        }
        self.reload().await?;
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
