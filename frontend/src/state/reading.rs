//! Reading the thread: the first page (again, or in another order), the next pages, and
//! the pages up to a permalink's comment.

use leptos::prelude::*;
use parlons_shared::{CommentStatus, MoreReplies, Sort};

use super::{Ctx, Load};
use crate::{api, mounted, storage, tree, view};

impl Ctx {
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
        mounted::spawn(async move {
            let config = self.config.get_value();
            let first = self.load.get_untracked() != Load::Ready;
            let sort = resorted.unwrap_or_else(|| self.sort());
            match api::fetch_thread(&config, sort, None).await {
                Ok(thread) => {
                    self.order.update_value(|order| {
                        order.sort = sort;
                        order.votes = thread.votes;
                        order.closed = thread.closed;
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
                    self.read_cut_replies(thread.more_replies);
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
            mounted::spawn(async move {
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
        mounted::spawn(async move {
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
        self.read_cut_replies(thread.more_replies);
        true
    }

    /// Reads the rest of each conversation the server cut (`newest` and `top` come with the
    /// first replies of each), a page at a time, into the tree.
    fn read_cut_replies(self, cut: Vec<MoreReplies>) {
        for MoreReplies {
            conversation,
            after,
        } in cut
        {
            mounted::spawn(async move {
                let config = self.config.get_value();
                let mut after = Some(after);
                while let Some(cursor) = after.take() {
                    let Ok(replies) = api::fetch_replies(&config, conversation, &cursor).await
                    else {
                        return;
                    };
                    self.comments.update(|list| {
                        replies.comments.into_iter().for_each(|c| {
                            tree::upsert(list, c);
                        })
                    });
                    after = replies.next;
                }
            });
        }
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
        mounted::spawn(async move {
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
            view::focus_comment(id, true);
        });
    }
}
