//! A comment's vote buttons and score, as the site allows: up only, or up and down.
//! A second press takes the vote back. The score shown is up votes, or up minus down.
//! Presses while a vote is on its way are ignored: the next one depends on its answer.

use std::cell::RefCell;

use leptos::prelude::*;
use parlons_shared::{Comment, ErrorCode, Votes};
use web_sys::Element;

use super::action::Action;
use super::article_of;
use crate::api::{self, Failure};
use crate::state::Ctx;
use crate::{dom, i18n, mounted, storage};

thread_local! {
    /// The comments whose vote is on its way.
    static SENDING: RefCell<Vec<i64>> = const { RefCell::new(Vec::new()) };
}

/// The score the site shows: up votes, or up minus down.
fn score(comment: &Comment, votes: Votes) -> i64 {
    let down = if votes == Votes::UpDown {
        comment.downvotes
    } else {
        0
    };
    i64::from(comment.upvotes) - i64::from(down)
}

/// The buttons and score, appended to the comment's `header` (nothing where votes are off).
pub fn draw(ctx: Ctx, header: &Element, comment: &Comment) {
    let (strings, site) = ctx
        .config
        .with_value(|config| (config.strings, config.site.clone()));
    let votes = ctx.order.with_value(|order| order.votes);
    if votes == Votes::Off {
        return;
    }
    let mine = storage::vote_of(&site, comment.id);
    let buttons = dom::child(header, "span", "votes");
    let up = Action::Up.button(&buttons, "vote up", "▲");
    dom::set(&up, "aria-label", strings.vote_up);
    dom::text_child(
        &buttons,
        "span",
        "score",
        &score(comment, votes).to_string(),
    );
    if votes == Votes::UpDown {
        let down = Action::Down.button(&buttons, "vote down", "▼");
        dom::set(&down, "aria-label", strings.vote_down);
    }
    press(&buttons, mine);
}

/// Marks the reader's vote (1, -1 or 0 for none) on the buttons in `votes`.
fn press(votes: &Element, mine: i8) {
    for (selector, value) in [(".up", 1), (".down", -1)] {
        if let Some(button) = dom::find(votes, selector) {
            dom::set(
                &button,
                "aria-pressed",
                if mine == value { "true" } else { "false" },
            );
        }
    }
}

/// Shows a comment's score after its tally changed (the reader's vote or a live event).
pub fn show_score(ctx: Ctx, id: i64) {
    let votes = ctx.order.with_value(|order| order.votes);
    let score = ctx.comments.with_untracked(|list| {
        list.binary_search_by_key(&id, |comment| comment.id)
            .map_or(0, |at| score(&list[at], votes))
    });
    if let Some(shown) = article_of(id).and_then(|article| dom::find(&article, ".score")) {
        shown.set_text_content(Some(&score.to_string()));
    }
}

/// The reader pressed ▲ (`value` 1) or ▼ (-1) on comment `id`.
pub fn cast(ctx: Ctx, id: i64, value: i8) {
    let sending = SENDING.with(|sending| {
        let mut sending = sending.borrow_mut();
        let already = sending.contains(&id);
        if !already {
            sending.push(id);
        }
        already
    });
    if sending {
        return;
    }
    let (strings, site) = ctx
        .config
        .with_value(|config| (config.strings, config.site.clone()));
    let value = if storage::vote_of(&site, id) == value {
        0
    } else {
        value
    };
    let config = ctx.config.get_value();
    mounted::spawn(async move {
        // Off the list of votes on their way when it is answered, or dropped with its page.
        let _sending = Sending(id);
        match api::vote(&config, id, &storage::voter(), value).await {
            Ok(tally) => {
                storage::remember_vote(&config.site, id, value);
                ctx.set_tally(&tally);
                if let Some(votes) = article_of(id).and_then(|a| dom::find(&a, ".votes")) {
                    press(&votes, value);
                }
            }
            Err(
                failure @ Failure::Api {
                    code: ErrorCode::RateLimited,
                    ..
                },
            ) => super::announce(&i18n::error_message(strings, &failure)),
            Err(_) => super::announce(strings.error_vote),
        }
    });
}

/// A vote on its way, for one comment.
struct Sending(i64);

impl Drop for Sending {
    fn drop(&mut self) {
        SENDING.with(|sending| sending.borrow_mut().retain(|other| *other != self.0));
    }
}
