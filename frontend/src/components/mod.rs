//! The widget's components: the root, the thread, the form.

mod form;
mod own;
mod thread;
mod votes;

use leptos::prelude::*;

use crate::Config;
use crate::state::{Ctx, Load};
use form::CommentForm;
use thread::Thread;

/// The widget's own styles; they live in the shadow root, so they reach nothing else.
const STYLE: &str = include_str!("../widget.css");

/// The whole widget: count, form, live region, thread.
pub fn widget(config: Config) -> impl IntoView {
    let class = format!("parlons theme-{}", config.theme);
    let lang = config.locale.clone();
    let strings = config.strings;
    let ctx = Ctx::new(config);
    provide_context(ctx);
    ctx.reload();
    ctx.go_live();
    // A permalink clicked on the page (or the address edited) names another comment.
    let _ = window_event_listener(leptos::ev::hashchange, move |_| ctx.follow_hash());

    view! {
        <style>{STYLE}</style>
        <div class=class lang=lang dir=strings.dir node_ref=ctx.root>
            <h2 class="count">{move || strings.count(ctx.count.get())}</h2>
            <CommentForm parent=None />
            {move || {
                let n = ctx.waiting.with(Vec::len);
                (n > 0).then(|| view! {
                    <button type="button" class="new-comments" on:click=move |_| ctx.reveal_waiting()>
                        {strings.new_comments(n)}
                    </button>
                })
            }}
            <p class="visually-hidden" role="status" aria-live="polite">
                {move || ctx.announcement.get()}
            </p>
            {move || match ctx.load.get() {
                Load::Loading => view! { <p class="note">{strings.loading}</p> }.into_any(),
                Load::Failed => {
                    view! {
                        <p class="note">
                            {strings.load_failed} " "
                            <button type="button" class="link" on:click=move |_| {
                                ctx.load.set(Load::Loading);
                                ctx.reload();
                            }>{strings.retry}</button>
                        </p>
                    }
                        .into_any()
                }
                Load::Ready => view! { <Thread /> }.into_any(),
            }}
        </div>
    }
}
