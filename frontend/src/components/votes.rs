//! A comment's vote buttons and score, as the site allows: up only, or up and down.
//! A second press takes the vote back. The score shown is up votes, or up minus down.
//! Presses while a vote is on its way are ignored: the next one depends on its answer.

use leptos::prelude::*;
use leptos::task::spawn_local;
use parlons_shared::{ErrorCode, Votes};

use crate::api::{self, Failure};
use crate::state::Ctx;
use crate::{i18n, storage};

#[component]
pub fn VoteButtons(id: i64) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let (strings, site) = ctx
        .config
        .with_value(|config| (config.strings, config.site.clone()));
    let votes = ctx.order.with_value(|order| order.votes);
    // The reader's vote: Some(1), Some(-1) or None.
    let mine = RwSignal::new(Some(i64::from(storage::vote_of(&site, id))).filter(|v| *v != 0));
    let score = move || {
        ctx.tallies.track();
        ctx.comments.with(|list| {
            list.binary_search_by_key(&id, |comment| comment.id)
                .map_or(0, |at| {
                    let comment = &list[at];
                    let down = if votes == Votes::UpDown {
                        comment.downvotes
                    } else {
                        0
                    };
                    i64::from(comment.upvotes) - i64::from(down)
                })
        })
    };
    let sending = RwSignal::new(false);
    let cast = move |value: i64| {
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        let value = if mine.get_untracked() == Some(value) {
            0
        } else {
            value
        };
        spawn_local(async move {
            let config = ctx.config.get_value();
            match api::vote(&config, id, &storage::voter(), value as i8).await {
                Ok(tally) => {
                    ctx.set_tally(&tally);
                    mine.set(Some(value).filter(|v| *v != 0));
                    storage::remember_vote(&config.site, id, value as i8);
                }
                Err(
                    failure @ Failure::Api {
                        code: ErrorCode::RateLimited,
                        ..
                    },
                ) => {
                    ctx.announce(i18n::error_message(strings, &failure));
                }
                Err(_) => ctx.announce(strings.error_vote.to_owned()),
            }
            sending.set(false);
        });
    };
    (votes != Votes::Off).then(|| {
        view! {
            <span class="votes">
                <button type="button" class="vote up" aria-label=strings.vote_up
                    aria-pressed=move || (mine.get() == Some(1)).to_string()
                    on:click=move |_| cast(1)>"▲"</button>
                <span class="score">{score}</span>
                {(votes == Votes::UpDown).then(|| view! {
                    <button type="button" class="vote down" aria-label=strings.vote_down
                        aria-pressed=move || (mine.get() == Some(-1)).to_string()
                        on:click=move |_| cast(-1)>"▼"</button>
                })}
            </span>
        }
    })
}
