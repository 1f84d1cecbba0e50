//! The answer caches: what readers ask again and again, kept in memory until the page it is
//! about changes, and expired after [`TTL`] in any case.
//!
//! - [`pages`]: per page (the first page of a thread, its count);
//! - [`answers`]: whole answers to count requests, by the request's bytes;
//! - [`tagged`]: an answer with its entity tag and its compressed forms ([`encoding`]).
//!
//! Every visible change reaches [`Caches::forget`] through `live::Live`, on every node.

pub mod answers;
pub mod encoding;
pub mod pages;
pub mod tagged;

use axum::body::Bytes;

pub use pages::{TTL, View};
pub use tagged::Tagged;

use crate::domain::site::PageKey;

/// Every answer cache of a node.
#[derive(Default)]
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
    /// A page changed: what is kept about it, and every count answer, is dropped.
    pub fn forget(&self, key: &PageKey) {
        self.threads.invalidate(key);
        self.counts.invalidate(key);
        self.count_posts.invalidate();
        self.count_gets.invalidate();
    }
}
