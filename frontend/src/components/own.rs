//! Edit and delete on the reader's own comments, proven by the edit token the browser keeps.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use parlons_shared::CommentStatus;

use crate::state::Ctx;
use crate::storage::Own;
use crate::{api, i18n, tree};

/// Whether an RFC 3339 deadline is still ahead.
fn before_deadline(deadline: &str) -> bool {
    let until = js_sys::Date::parse(deadline);
    !until.is_nan() && js_sys::Date::now() < until
}

/// `editing` is shared with the comment, which hides its text while the edit form is open.
#[component]
pub fn OwnControls(id: i64, own: Own, editing: RwSignal<bool>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let config = ctx.config.get_value();
    let strings = config.strings;
    let can_edit = before_deadline(&own.edit_until);
    let text = RwSignal::new(own.text.clone());
    let error = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let own = StoredValue::new(own);
    let text_id = format!("parlons-edit-{id}");

    let save = move |event: SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (config, own, new_text) = (
            ctx.config.get_value(),
            own.get_value(),
            text.get_untracked(),
        );
        if new_text.trim().is_empty() {
            error.set(Some(strings.error_text_empty.to_owned()));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match api::edit_comment(&config, id, &own.token, &new_text).await {
                Ok(comment) => {
                    let kept = Own {
                        text: new_text.trim().to_owned(),
                        ..own
                    };
                    ctx.remember_own(id, &kept);
                    ctx.comments.update(|list| {
                        tree::upsert(list, comment);
                    });
                    error.set(None);
                    editing.set(false);
                    ctx.announce(strings.announce_edited.to_owned());
                    ctx.focus_comment(id, false);
                }
                Err(failure) => error.set(Some(i18n::error_message(strings, &failure))),
            }
            busy.set(false);
        });
    };

    let erase = move |_| {
        if !confirming.get_untracked() {
            confirming.set(true);
            return;
        }
        let (config, own) = (ctx.config.get_value(), own.get_value());
        spawn_local(async move {
            match api::erase_comment(&config, id, &own.token).await {
                Ok(()) => {
                    ctx.forget_own(id);
                    let mut was_published = false;
                    ctx.comments.update(|list| {
                        was_published = list
                            .iter()
                            .any(|c| c.id == id && c.status == CommentStatus::Published);
                        tree::remove(list, id);
                    });
                    if was_published {
                        ctx.count.update(|count| *count = count.saturating_sub(1));
                    }
                    ctx.announce(strings.announce_deleted.to_owned());
                }
                Err(failure) => {
                    confirming.set(false);
                    error.set(Some(i18n::error_message(strings, &failure)));
                }
            }
        });
    };

    view! {
        <Show when=move || editing.get()>
            <form class="form edit" on:submit=save aria-label=strings.edit>
                <label for=text_id.clone()>{strings.text}</label>
                <textarea
                    id=text_id.clone()
                    rows="4"
                    prop:value=move || text.get()
                    on:input=move |event| text.set(event_target_value(&event))
                ></textarea>
                <p class="error" role="alert">{move || error.get()}</p>
                <p class="actions">
                    <button type="submit" class="primary" disabled=move || busy.get()>{strings.save}</button>
                    <button type="button" class="link" on:click=move |_| editing.set(false)>{strings.cancel}</button>
                </p>
            </form>
        </Show>
        <Show when=move || !editing.get()>
            <span class="own-actions">
                {can_edit.then(|| view! {
                    <button type="button" class="link" on:click=move |_| editing.set(true)>{strings.edit}</button>
                })}
                <button type="button" class="link danger" on:click=erase>
                    {move || if confirming.get() { strings.confirm_delete } else { strings.delete }}
                </button>
                <Show when=move || confirming.get()>
                    <button type="button" class="link" on:click=move |_| confirming.set(false)>{strings.cancel}</button>
                </Show>
            </span>
            <p class="error" role="alert">{move || error.get()}</p>
        </Show>
    }
}
