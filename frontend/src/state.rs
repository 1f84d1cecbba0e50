//! The widget's reactive state, shared by every component through the context.

use std::collections::HashMap;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use parlons_shared::{Comment, CommentStatus, Sort, Tally, Votes};

use crate::{Config, api, live, storage, tree};

/// Where the first read of the thread stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Load {
    Loading,
    Failed,
    Ready,
}

/// Signals are `Copy`, so the whole state is.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub config: StoredValue<Config>,
    /// The thread as loaded, ordered by id, plus the reader's own pending comments.
    pub comments: RwSignal<Vec<Comment>>,
    pub tree: Memo<HashMap<Option<i64>, Vec<Comment>>>,
    pub count: RwSignal<u64>,
    pub load: RwSignal<Load>,
    /// The cursor of the next page of the thread, if there is one.
    pub next: RwSignal<Option<String>>,
    /// The comment whose reply form is open.
    pub replying: RwSignal<Option<i64>>,
    /// What the polite live region says.
    pub announcement: RwSignal<String>,
    /// The widget's root element, to find and focus comments in the shadow root.
    pub root: NodeRef<leptos::html::Div>,
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
            tree: Memo::new(move |_| {
                let mut tree = comments.with(|list| tree::by_parent(list));
                if let Some(roots) = tree.get_mut(&None) {
                    order.with_value(|order| tree::order_roots(roots, order.sort, &order.ranks));
                }
                tree
            }),
            count: RwSignal::new(0),
            load: RwSignal::new(Load::Loading),
            next: RwSignal::new(None),
            replying: RwSignal::new(None),
            announcement: RwSignal::new(String::new()),
            root: NodeRef::new(),
            mine,
            waiting: RwSignal::new(Vec::new()),
            opened: RwSignal::new(Vec::new()),
            order,
        }
    }

    /// Remembers where the answer put its top-level comments (after those of earlier pages).
    fn rank(self, comments: &[Comment]) {
        self.order.update_value(|order| {
            for comment in comments.iter().filter(|c| c.parent.is_none()) {
                let next = order.ranks.len();
                if let Err(at) = order.ranks.binary_search_by_key(&comment.id, |rank| rank.0) {
                    order.ranks.insert(at, (comment.id, next));
                }
            }
        });
    }

    /// The reader's order.
    pub fn sort(self) -> Sort {
        self.order.with_value(|order| order.sort)
    }

    /// Reads the thread again in another order; the reader's pending comments stay.
    pub fn resort(self, sort: Sort) {
        self.read_first(Some(sort));
    }

    /// Reads the thread's first page again.
    pub fn reload(self) {
        self.read_first(None);
    }

    /// Reads the first page, in a new order if `resorted`.
    fn read_first(self, resorted: Option<Sort>) {
        spawn_local(async move {
            let config = self.config.get_value();
            let first = self.load.get_untracked() != Load::Ready;
            let sort = resorted.unwrap_or_else(|| self.sort());
            match api::fetch_thread(&config, sort, None).await {
                Ok(thread) => {
                    self.order.update_value(|order| {
                        order.sort = sort;
                        order.votes = thread.votes;
                        order.ranks.clear();
                    });
                    self.rank(&thread.comments);
                    // Keep what arrived while the request was under way (the reader's own post,
                    // live events) and the reader's pending comments; the rest is replaced
                    // (all of it in a new order).
                    let newest = match resorted {
                        Some(_) => i64::MAX,
                        None => thread.comments.iter().map(|c| c.id).max().unwrap_or(0),
                    };
                    // The fresh read holds what waited behind the "new comments" button.
                    self.waiting.set(Vec::new());
                    self.comments.update(|list| {
                        list.retain(|comment| {
                            comment.status == CommentStatus::Pending || comment.id > newest
                        });
                        for comment in thread.comments {
                            tree::upsert(list, comment);
                        }
                    });
                    self.count.set(thread.count);
                    self.next.set(thread.next);
                    self.load.set(Load::Ready);
                    self.restore_own_pending();
                    if first {
                        self.follow_hash();
                    }
                }
                Err(_) if self.load.get_untracked() == Load::Ready => {}
                Err(_) => self.load.set(Load::Failed),
            }
        });
    }

    /// Shows again the reader's own comments that wait for moderation (only they see them),
    /// and forgets those that are gone.
    fn restore_own_pending(self) {
        let config = self.config.get_value();
        let shown: Vec<i64> = self
            .comments
            .with_untracked(|list| list.iter().map(|c| c.id).collect());
        for id in storage::own_ids(&config.site, &config.page) {
            if shown.contains(&id) {
                continue;
            }
            let Some(own) = storage::own(id) else {
                self.forget_own(id);
                continue;
            };
            let config = config.clone();
            spawn_local(async move {
                match api::fetch_own(&config, id, &own.token).await {
                    Ok(comment) if comment.status == CommentStatus::Pending => {
                        self.comments.update(|list| {
                            tree::upsert(list, comment);
                        });
                    }
                    Ok(comment) if comment.status == CommentStatus::Deleted => self.forget_own(id),
                    Err(api::Failure::Api { .. }) => self.forget_own(id),
                    _ => {}
                }
            });
        }
    }

    /// Reads the next page of a long thread.
    pub fn load_more(self) {
        spawn_local(async move {
            self.fetch_next().await;
        });
    }

    /// Reads the next page; whether there was one and it came.
    async fn fetch_next(self) -> bool {
        let Some(after) = self.next.get_untracked() else {
            return false;
        };
        let config = self.config.get_value();
        let Ok(thread) = api::fetch_thread(&config, self.sort(), Some(&after)).await else {
            return false;
        };
        self.rank(&thread.comments);
        self.comments.update(|list| {
            thread.comments.into_iter().for_each(|c| {
                tree::upsert(list, c);
            })
        });
        self.next.set(thread.next);
        true
    }

    /// Shows the comment the page's address names (`#parlons-<id>`, a permalink): reads the
    /// thread's next pages until it is there, then highlights it and moves the focus, and so
    /// the view, to it. The browser cannot: the comment is inside the shadow root.
    pub fn follow_hash(self) {
        let Some(id) = web_sys::window()
            .and_then(|window| window.location().hash().ok())
            .and_then(|hash| hash.strip_prefix("#parlons-")?.parse::<i64>().ok())
        else {
            return;
        };
        spawn_local(async move {
            while !self
                .comments
                .with_untracked(|list| list.iter().any(|comment| comment.id == id))
            {
                if !self.fetch_next().await {
                    return;
                }
            }
            // Open every collapsed chain on the way to it.
            let ancestors = self.comments.with_untracked(|list| {
                let mut ancestors = Vec::new();
                let mut at = list.iter().find(|c| c.id == id).and_then(|c| c.parent);
                while let Some(parent) = at.filter(|parent| !ancestors.contains(parent)) {
                    ancestors.push(parent);
                    at = list.iter().find(|c| c.id == parent).and_then(|c| c.parent);
                }
                ancestors
            });
            self.opened.update(|opened| opened.extend(ancestors));
            self.focus_comment(id, true);
        });
    }

    /// Applies the page's live events for as long as the page is open.
    pub fn go_live(self) {
        let config = self.config.get_value();
        let strings = config.strings;
        let handlers = live::Handlers {
            comment: Box::new(move |comment: Comment| {
                let author = comment
                    .author
                    .clone()
                    .unwrap_or_else(|| strings.anonymous.to_owned());
                let shown = self
                    .comments
                    .with_untracked(|list| list.iter().any(|c| c.id == comment.id));
                if shown {
                    // An edit, or the approval of one the reader saw as pending.
                    self.comments.update(|list| {
                        tree::upsert(list, comment);
                    });
                } else {
                    let mut added = false;
                    self.waiting
                        .update(|waiting| added = tree::upsert(waiting, comment));
                    if added {
                        self.announce(strings.announce_new(&author));
                    }
                }
            }),
            delete: Box::new(move |id| {
                self.waiting
                    .update(|waiting| waiting.retain(|c| c.id != id));
                self.comments.update(|list| tree::remove(list, id));
            }),
            count: Box::new(move |count| self.count.set(count)),
            votes: Box::new(move |tally: Tally| self.set_tally(&tally)),
            reconnected: Box::new(move || self.reload()),
        };
        live::connect(Rc::from(api::events_url(&config)), Rc::new(handlers), 0);
    }

    /// A comment's tally, from a live event or the answer to the reader's vote. The list's
    /// keyed views do not redraw for it (their key leaves tallies out); the vote buttons do.
    pub fn set_tally(self, tally: &Tally) {
        let set = |list: &mut Vec<Comment>| {
            if let Ok(at) = list.binary_search_by_key(&tally.id, |comment| comment.id) {
                list[at].upvotes = tally.upvotes;
                list[at].downvotes = tally.downvotes;
            }
        };
        self.comments.update(set);
        self.waiting.update(set);
    }

    /// Shows the comments that arrived while reading, and moves the focus to the first.
    pub fn reveal_waiting(self) {
        let waiting = self.waiting.try_update(std::mem::take).unwrap_or_default();
        let first = waiting.first().map(|comment| comment.id);
        self.comments.update(|list| {
            for comment in waiting {
                tree::upsert(list, comment);
            }
        });
        if let Some(id) = first {
            self.focus_comment(id, false);
        }
    }

    /// Adds the reader's own new comment at once, without waiting for the live event.
    pub fn add_own(self, comment: Comment) {
        let published = comment.status == CommentStatus::Published;
        // A reply deep in a chain shows where the reader wrote it.
        if let Some(parent) = comment.parent {
            self.opened.update(|opened| opened.push(parent));
        }
        // Its live event may have come first, and its count with it.
        let mut counted = false;
        self.waiting.update(|waiting| {
            counted = waiting.iter().any(|c| c.id == comment.id);
            waiting.retain(|c| c.id != comment.id);
        });
        let mut added = false;
        self.comments
            .update(|list| added = tree::upsert(list, comment));
        if added && published && !counted {
            self.count.update(|count| *count += 1);
        }
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

    /// Has screen readers say `message` (politely, after what they are reading).
    pub fn announce(self, message: String) {
        self.announcement.set(String::new());
        self.announcement.set(message);
    }

    /// Moves the keyboard focus to a comment once it is drawn; `highlight` also marks it as
    /// the one a permalink names (the class `target`, taken from any other).
    pub fn focus_comment(self, id: i64, highlight: bool) {
        let root = self.root;
        request_animation_frame(move || {
            let Some(root) = root.get_untracked() else {
                return;
            };
            if highlight && let Ok(Some(old)) = root.query_selector(".target") {
                let _ = old.class_list().remove_1("target");
            }
            let found = root
                .query_selector(&format!("#parlons-{id} > article"))
                .ok()
                .flatten();
            if let Some(element) =
                found.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                if highlight {
                    let _ = element.class_list().add_1("target");
                }
                let _ = element.focus();
            }
        });
    }
}
