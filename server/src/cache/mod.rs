//! The answer caches: what readers ask again and again, kept in memory until the page it is
//! about changes, and expired after [`TTL`] in any case.
//!
//! - [`pages`]: per page (the first page of a thread, its count);
//! - [`answers`]: whole answers to count requests, by the request's bytes;
//! - [`tagged`]: an answer with its entity tag and its compressed forms ([`encoding`]).
//!
//! Every visible change reaches [`Caches::forget`] through `live::Live`, on every node. All
//! of them together hold at most the `cache_mib` setting ([`budget`]).

pub mod answers;
pub mod budget;
pub mod encoding;
pub mod pages;
pub mod tagged;

use axum::body::Bytes;

pub use pages::{TTL, View};
pub use tagged::Tagged;

use crate::domain::site::PageKey;

/// Every answer cache of a node.
pub struct Caches {
    /// First pages of threads, dropped when their page changes.
    pub threads: pages::PageCache<View, Tagged>,
    /// Published comments per page, dropped when their page changes.
    pub counts: pages::PageCache<(), u64>,
    /// Whole answers to `POST /api/v1/counts`, by body, dropped when any page changes.
    pub count_posts: answers::AnswerCache<Bytes>,
    /// Whole answers to `GET /api/v1/counts`, by query string, dropped when any page changes.
    pub count_gets: answers::AnswerCache<Tagged>,
}

impl Caches {
    /// Caches that hold `max_bytes` between them: half for threads, a quarter for count
    /// answers by query string, an eighth each for counts and count answers by body.
    pub fn new(max_bytes: usize) -> Self {
        Self {
            threads: pages::PageCache::new(max_bytes / 2),
            counts: pages::PageCache::new(max_bytes / 8),
            count_posts: answers::AnswerCache::new(max_bytes / 8),
            count_gets: answers::AnswerCache::new(max_bytes / 4),
        }
    }

    /// A page changed: what is kept about it, and every count answer, is dropped.
    pub fn forget(&self, key: &PageKey) {
        self.threads.invalidate(key);
        self.counts.invalidate(key);
        self.count_posts.invalidate();
        self.count_gets.invalidate();
    }

    /// A site's settings changed: its threads say which votes it takes and how faces show.
    pub fn forget_site(&self, site: &str) {
        self.threads.invalidate_site(site);
    }

    /// Drops every expired answer, so memory goes back down when readers go away.
    pub fn sweep(&self) {
        self.threads.sweep();
        self.counts.sweep();
        self.count_posts.sweep();
        self.count_gets.sweep();
    }

    /// Sweeps every [`TTL`], for ever.
    pub async fn keep_swept(self: std::sync::Arc<Self>) {
        let mut ticks = tokio::time::interval(TTL);
        loop {
            ticks.tick().await;
            self.sweep();
        }
    }

    /// Bytes each cache holds now, by name (for `/metrics`).
    pub fn held(&self) -> [(&'static str, usize); 4] {
        [
            ("threads", self.threads.held()),
            ("counts", self.counts.held()),
            ("count_posts", self.count_posts.held()),
            ("count_gets", self.count_gets.held()),
        ]
    }
}
