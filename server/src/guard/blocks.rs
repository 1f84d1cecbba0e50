//! The blocks in force, kept in memory, so checking a post costs no query; read again when
//! the change log shows a block made or lifted (on another node: within a second), and
//! every [`REFRESH`] besides.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use time::OffsetDateTime;

use crate::sites::REFRESH;
use crate::store::spam::Block;
use crate::store::{Store, StoreResult};

pub struct Blocks {
    store: Arc<dyn Store>,
    /// Site, then hash: until when.
    active: RwLock<HashMap<String, HashMap<String, OffsetDateTime>>>,
}

impl Blocks {
    pub async fn load(store: Arc<dyn Store>) -> StoreResult<Self> {
        let blocks = Self {
            store,
            active: RwLock::default(),
        };
        blocks.reload().await?;
        Ok(blocks)
    }

    pub async fn reload(&self) -> StoreResult<()> {
        let list = self.store.active_blocks(OffsetDateTime::now_utc()).await?;
        let mut active: HashMap<String, HashMap<String, OffsetDateTime>> = HashMap::new();
        for Block {
            site, hash, until, ..
        } in list
        {
            let entry = active.entry(site).or_default().entry(hash).or_insert(until);
            *entry = (*entry).max(until);
        }
        *self
            .active
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = active;
        Ok(())
    }

    /// Until when a post with these hashes is blocked on `site`, if it is.
    pub fn blocked_until<'a>(
        &self,
        site: &str,
        hashes: impl IntoIterator<Item = &'a str>,
    ) -> Option<OffsetDateTime> {
        let active = self
            .active
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let on_site = active.get(site)?;
        let now = OffsetDateTime::now_utc();
        hashes
            .into_iter()
            .filter_map(|hash| on_site.get(hash).copied())
            .filter(|until| *until > now)
            .max()
    }

    pub async fn keep_fresh(self: Arc<Self>) {
        let mut ticks = tokio::time::interval(REFRESH);
        loop {
            ticks.tick().await;
            if let Err(error) = self.reload().await {
                tracing::warn!(%error, "could not reload the blocks");
            }
        }
    }
}
