//! What arrives while the page is open: others' comments, edits, deletions, counts and
//! votes from the live stream, and the reader's own new comments.

use std::rc::Rc;

use leptos::prelude::*;
use parlons_shared::{Comment, CommentStatus, Tally};

use super::Ctx;
use crate::{api, live, tree, view};

impl Ctx {
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
                        view::announce(&strings.announce_new(&author));
                    }
                }
            }),
            // A comment taken off the thread; the reader's own, edited and waiting for a
            // moderator, stays for them, marked as waiting.
            delete: Box::new(move |id| {
                self.waiting
                    .update(|waiting| waiting.retain(|c| c.id != id));
                let own_waiting = |list: &Vec<Comment>| {
                    list.iter()
                        .any(|c| c.id == id && c.status == CommentStatus::Pending)
                };
                if !self.comments.with_untracked(own_waiting) {
                    self.comments.update(|list| tree::remove(list, id));
                }
            }),
            count: Box::new(move |count| self.count.set(count)),
            votes: Box::new(move |tally: Tally| self.set_tally(&tally)),
            reload: Box::new(move || self.reload()),
        };
        live::connect(
            live::Source::new(&api::events_url(&config)),
            Rc::new(handlers),
            0,
        );
    }

    /// A comment's tally, from a live event or the answer to the reader's vote. Written into
    /// the lists without notifying them: the thread's tree (a copy of every comment) is not
    /// rebuilt for a vote, which in a 10,000-comment thread under a storm of votes would be
    /// the whole thread copied and compared per vote; only the comment's score is redrawn.
    pub fn set_tally(self, tally: &Tally) {
        let set = |list: &mut Vec<Comment>| {
            if let Ok(at) = list.binary_search_by_key(&tally.id, |comment| comment.id) {
                list[at].upvotes = tally.upvotes;
                list[at].downvotes = tally.downvotes;
            }
        };
        self.comments.update_untracked(set);
        self.waiting.update_untracked(set);
        view::show_score(self, tally.id);
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
            view::focus_comment(id, false);
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
}
