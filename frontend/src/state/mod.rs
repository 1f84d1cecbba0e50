//! The widget's reactive state, which every view reads and the effects that draw them
//! follow: the signals here; `reading` reads the thread (first page, next pages, a permalink's page);
//! `arrivals` applies what comes while the page is open (live events, the reader's posts).

mod arrivals;
mod reading;

use leptos::prelude::*;
use parlons_shared::{Comment, Sort, Votes};

use crate::{Config, storage, tree};

/// Where the first read of the thread stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Load {
    Loading,
    Failed,
    Ready,
}

/// Signals are `Copy`, so the whole state is: each view and event handler holds a copy.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub config: StoredValue<Config>,
    /// The thread as loaded, ordered by id, plus the reader's own pending comments.
    pub comments: RwSignal<Vec<Comment>>,
    pub count: RwSignal<u64>,
    pub load: RwSignal<Load>,
    /// The cursor of the next page of the thread, if there is one.
    pub next: RwSignal<Option<String>>,
    /// The comment whose reply form is open.
    pub replying: RwSignal<Option<i64>>,
    /// Ids of the reader's own comments on this page (their edit tokens are in storage).
    pub mine: RwSignal<Vec<i64>>,
    /// Comments others posted while the reader reads, shown when the reader asks, so the
    /// text does not move under their eyes.
    pub waiting: RwSignal<Vec<Comment>>,
    /// Comments whose very deep replies the reader opened ("continue this thread").
    pub opened: RwSignal<Vec<i64>>,
    /// The reader's order and the site's votes. Not a signal of its own: every change of
    /// order comes with new comments, which redraw what depends on it (one type less to
    /// compile: each signal type costs the wasm about a kilobyte).
    pub order: StoredValue<Order>,
}

/// How the thread is ordered, and which votes the site takes.
#[derive(Debug, Default)]
pub struct Order {
    pub sort: Sort,
    pub votes: Votes,
    /// The thread takes no new comments (the form gives way to a note).
    pub closed: bool,
    /// The place of each top-level comment in the server's answers (by id: `(id, place)`),
    /// for `top`: the order stays while votes change, so nothing moves under the reader's eyes.
    ranks: Vec<(i64, usize)>,
}

impl Ctx {
    pub fn new(config: Config) -> Self {
        let comments = RwSignal::new(Vec::<Comment>::new());
        let mine = RwSignal::new(storage::own_ids(&config.site, &config.page));
        let order = StoredValue::new(Order::default());
        Self {
            config: StoredValue::new(config),
            comments,
            count: RwSignal::new(0),
            load: RwSignal::new(Load::Loading),
            next: RwSignal::new(None),
            replying: RwSignal::new(None),
            mine,
            waiting: RwSignal::new(Vec::new()),
            opened: RwSignal::new(Vec::new()),
            order,
        }
    }

    /// Remembers where the answer put its top-level comments (after those of earlier pages).
    pub(super) fn rank(self, comments: &[Comment]) {
        self.order.update_value(|order| {
            for comment in comments.iter().filter(|c| c.parent.is_none()) {
                let next = order.ranks.len();
                if let Err(at) = order.ranks.binary_search_by_key(&comment.id, |rank| rank.0) {
                    order.ranks.insert(at, (comment.id, next));
                }
            }
        });
    }

    /// The comments arranged by parent, the top-level ones in the reader's order (read
    /// tracked: whoever draws it is drawn again when the comments change).
    pub fn tree(self) -> tree::Tree {
        let mut tree = self.comments.with(|list| tree::by_parent(list));
        if let Some(roots) = tree.get_mut(None) {
            self.order
                .with_value(|order| tree::order_roots(roots, order.sort, &order.ranks));
        }
        tree
    }

    /// The reader's order.
    pub fn sort(self) -> Sort {
        self.order.with_value(|order| order.sort)
    }

    /// Remembers a comment as the reader's own, so its edit and delete buttons appear.
    pub fn remember_own(self, id: i64, own: &storage::Own) {
        let config = self.config.get_value();
        storage::remember_own(&config.site, &config.page, id, own);
        self.mine.update(|mine| {
            if !mine.contains(&id) {
                mine.push(id);
            }
        });
    }

    /// Forgets a comment as the reader's own.
    pub fn forget_own(self, id: i64) {
        let config = self.config.get_value();
        storage::forget_own(&config.site, &config.page, id);
        self.mine.update(|mine| mine.retain(|other| *other != id));
    }
}
