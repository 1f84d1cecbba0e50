//! The form to post a comment or a reply. The name and website are remembered, the text is
//! kept as a draft until it is posted, and errors are said next to the form.

use std::cell::Cell;
use std::rc::Rc;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use parlons_shared::limits::{
    MAX_AUTHOR_CHARS, MAX_EMAIL_CHARS, MAX_TEXT_CHARS, MAX_WEBSITE_CHARS, char_len,
};
use parlons_shared::{CommentStatus, NewComment};

use wasm_bindgen::JsCast;

use crate::state::{Ctx, Load};
use crate::{api, challenge, i18n, storage};

const NAME_KEY: &str = "name";
const WEBSITE_KEY: &str = "website";
const EMAIL_KEY: &str = "email";
/// The hidden field, named as form-filling programs like.
const TRAP: &str = r#"<label>Homepage<input type="text" name="homepage" tabindex="-1" autocomplete="off"></label>"#;

/// `parent`: the comment replied to, or `None` for a new comment on the page.
#[component]
pub fn CommentForm(parent: Option<i64>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let config = ctx.config.get_value();
    let strings = config.strings;
    let draft_key = storage::draft_key(&config.site, &config.page, parent);
    let name = RwSignal::new(storage::get(NAME_KEY).unwrap_or_default());
    let website = RwSignal::new(storage::get(WEBSITE_KEY).unwrap_or_default());
    let email = RwSignal::new(storage::get(EMAIL_KEY).unwrap_or_default());
    let notify = RwSignal::new(false);
    let text = RwSignal::new(storage::get(&draft_key).unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // The hidden field: people never see it, form-filling programs fill it.
    let trap_ref = NodeRef::<leptos::html::P>::new();
    // The server's rendering of the text, while the reader looks at it.
    let preview = RwSignal::new(None::<String>);
    // The challenge of the next post, fetched and solved while the reader writes.
    let next: challenge::Next = Rc::new(Cell::new(challenge::start()));
    let text_ref = NodeRef::<leptos::html::Textarea>::new();
    // Ids are scoped to the shadow root; one form per parent is open at a time.
    let prefix = format!("parlons-form-{}", parent.unwrap_or(0));
    let (name_id, website_id, email_id, notify_id, text_id, hint_id, error_id) = (
        format!("{prefix}-name"),
        format!("{prefix}-website"),
        format!("{prefix}-email"),
        format!("{prefix}-notify"),
        format!("{prefix}-text"),
        format!("{prefix}-hint"),
        format!("{prefix}-error"),
    );

    if parent.is_some() {
        // A reply form opens where the reader clicked: put the cursor in it.
        Effect::new(move |_| {
            if let Some(area) = text_ref.get() {
                let _ = area.focus();
            }
        });
    }

    let submit = {
        let draft_key = draft_key.clone();
        move |event: SubmitEvent| {
            event.prevent_default();
            if busy.get_untracked() {
                return;
            }
            let body = text.get_untracked();
            let problem = if body.trim().is_empty() {
                Some(strings.error_text_empty)
            } else if char_len(body.trim()) > MAX_TEXT_CHARS {
                Some(strings.error_text_too_long)
            } else {
                None
            };
            if let Some(problem) = problem {
                error.set(Some(problem.to_owned()));
                return;
            }
            let config = ctx.config.get_value();
            let address = email.get_untracked().trim().to_owned();
            let new = NewComment {
                site: config.site.clone(),
                page: config.page.clone(),
                parent,
                author: Some(name.get_untracked()),
                notify: notify.get_untracked() && !address.is_empty(),
                email: (!address.is_empty()).then_some(address),
                website: Some(website.get_untracked()),
                text: body,
                trap: trap_ref
                    .get_untracked()
                    .and_then(|trap| trap.query_selector("input").ok().flatten())
                    .and_then(|input| input.dyn_into::<web_sys::HtmlInputElement>().ok())
                    .map(|input| input.value())
                    .filter(|trap| !trap.is_empty()),
                ..NewComment::default()
            };
            let draft_key = draft_key.clone();
            let next = Rc::clone(&next);
            busy.set(true);
            error.set(None);
            spawn_local(async move {
                match challenge::post(&ctx.config.get_value(), next, new.clone()).await {
                    Ok(created) => {
                        let id = created.comment.id;
                        let pending = created.comment.status == CommentStatus::Pending;
                        let own = storage::Own {
                            token: created.edit_token.clone(),
                            edit_until: created.edit_until.clone(),
                            text: new.text.trim().to_owned(),
                        };
                        ctx.remember_own(id, &own);
                        storage::set(&draft_key, "");
                        text.set(String::new());
                        ctx.add_own(created.comment);
                        if ctx.load.get_untracked() == Load::Failed {
                            ctx.reload();
                        }
                        ctx.replying.set(None);
                        let said = if pending {
                            strings.announce_pending
                        } else {
                            strings.announce_posted
                        };
                        ctx.announce(said.to_owned());
                        ctx.focus_comment(id, false);
                    }
                    Err(failure) => error.set(Some(i18n::error_message(strings, &failure))),
                }
                busy.set(false);
            });
        }
    };

    let label = if parent.is_some() {
        strings.reply_label
    } else {
        strings.form_label
    };
    view! {
        <form class="form" on:submit=submit novalidate aria-label=label>
            <div class="who">
                <RememberedField
                    id=name_id
                    label=strings.name
                    optional=strings.optional
                    kind="text"
                    autocomplete="name"
                    max=MAX_AUTHOR_CHARS
                    key=NAME_KEY
                    value=name
                />
                <RememberedField
                    id=website_id
                    label=strings.website
                    optional=strings.optional
                    kind="url"
                    autocomplete="url"
                    max=MAX_WEBSITE_CHARS
                    key=WEBSITE_KEY
                    value=website
                />
                <RememberedField
                    id=email_id
                    label=strings.email
                    optional=strings.email_hint
                    kind="email"
                    autocomplete="email"
                    max=MAX_EMAIL_CHARS
                    key=EMAIL_KEY
                    value=email
                />
            </div>
            <p class="field check">
                <input
                    type="checkbox"
                    id=notify_id.clone()
                    prop:checked=move || notify.get()
                    disabled=move || email.get().trim().is_empty()
                    on:change=move |event| notify.set(event_target_checked(&event))
                />
                <label for=notify_id>{strings.notify}</label>
            </p>
            <p class="field">
                <label for=text_id.clone()>{strings.text}</label>
                <textarea
                    id=text_id
                    node_ref=text_ref
                    rows="4"
                    required
                    aria-describedby=format!("{hint_id} {error_id}")
                    aria-invalid=move || error.get().is_some().to_string()
                    prop:value=move || text.get()
                    on:input=move |event| {
                        let value = event_target_value(&event);
                        storage::set(&draft_key, &value);
                        text.set(value);
                        preview.set(None);
                    }
                ></textarea>
                <span class="hint" id=hint_id>{strings.text_hint}</span>
            </p>
            {move || preview.get().map(|html| view! {
                <section class="preview" aria-label=strings.preview>
                    <div class="body" inner_html=html></div>
                </section>
            })}
            // Plain HTML: a Leptos view of its own would cost the download more.
            <p class="trap" aria-hidden="true" node_ref=trap_ref inner_html=TRAP></p>
            <p class="error" id=error_id role="alert">{move || error.get()}</p>
            <p class="actions">
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || if busy.get() { strings.submitting } else { strings.submit }}
                </button>
                <button
                    type="button"
                    class="link"
                    aria-pressed=move || preview.with(Option::is_some).to_string()
                    on:click=move |_| {
                        if preview.with_untracked(Option::is_some) {
                            preview.set(None);
                            return;
                        }
                        let body = text.get_untracked();
                        if body.trim().is_empty() {
                            error.set(Some(strings.error_text_empty.to_owned()));
                            return;
                        }
                        let config = ctx.config.get_value();
                        spawn_local(async move {
                            match api::preview(&config, &body).await {
                                Ok(html) => {
                                    error.set(None);
                                    preview.set(Some(html));
                                }
                                Err(failure) => error.set(Some(i18n::error_message(strings, &failure))),
                            }
                        });
                    }
                >
                    {strings.preview}
                </button>
                {parent.is_some().then(|| view! {
                    <button type="button" class="link" on:click=move |_| ctx.replying.set(None)>
                        {strings.cancel}
                    </button>
                })}
            </p>
        </form>
    }
}

/// An optional one-line field whose value the browser remembers for next time.
#[component]
fn RememberedField(
    /// The input's id, for its label.
    id: String,
    label: &'static str,
    /// The "(optional)" hint after the label.
    optional: &'static str,
    /// The input's `type`.
    kind: &'static str,
    autocomplete: &'static str,
    /// Longest value, in characters.
    max: usize,
    /// The localStorage key it is remembered under.
    key: &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <p class="field">
            <label for=id.clone()>{label} " " <span class="hint">{optional}</span></label>
            <input
                id=id
                type=kind
                autocomplete=autocomplete
                maxlength=max.to_string()
                prop:value=move || value.get()
                on:input=move |event| {
                    let typed = event_target_value(&event);
                    storage::set(key, &typed);
                    value.set(typed);
                }
            />
        </p>
    }
}
