//! Every site's word filters, built into automata once and kept in memory, so checking a post
//! costs no query; read again when the change log shows a list changed (on another node:
//! within a second).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use crate::domain::filters::{FilterAction, Filters};
use crate::store::{Store, StoreResult};

pub struct SiteFilters {
    store: Arc<dyn Store>,
    /// Site: its list, ready to check (sites without one are absent).
    by_site: RwLock<HashMap<String, Arc<Filters>>>,
}

impl SiteFilters {
    pub async fn load(store: Arc<dyn Store>) -> StoreResult<Self> {
        let filters = Self {
            store,
            by_site: RwLock::default(),
        };
        filters.reload().await?;
        Ok(filters)
    }

    pub async fn reload(&self) -> StoreResult<()> {
        let entries = self.store.filters(None).await?;
        // Built off the async workers: 10,000 entries take a few milliseconds.
        let by_site = tokio::task::spawn_blocking(move || {
            let mut lists: HashMap<&str, Vec<(&str, FilterAction)>> = HashMap::new();
            for entry in &entries {
                lists
                    .entry(&entry.site)
                    .or_default()
                    .push((&entry.folded, entry.action));
            }
            lists
                .into_iter()
                .map(|(site, list)| (site.to_owned(), Arc::new(Filters::new(list))))
                .collect::<HashMap<_, _>>()
        })
        .await
        .map_err(|error| crate::store::StoreError::Other(error.into()))?;
        *self
            .by_site
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = by_site;
        Ok(())
    }

    /// What `site`'s list asks for a comment with these fields (text, name, website).
    pub fn check(&self, site: &str, fields: &[&str]) -> Option<FilterAction> {
        let list = self
            .by_site
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(site)
            .cloned()?;
        list.check(fields)
    }
}
