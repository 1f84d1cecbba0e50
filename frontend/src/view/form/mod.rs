//! The form to post a comment or a reply. The name, website and email are remembered, the
//! text is kept as a draft until it is posted, and errors are said next to the form. A reply
//! form opens in the comment replied to, one at a time. `send` posts and previews.

mod send;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use parlons_shared::limits::{MAX_AUTHOR_CHARS, MAX_EMAIL_CHARS, MAX_WEBSITE_CHARS};
use web_sys::Element;

use super::action::Action;
use super::{article_of, watch};
use crate::i18n::Strings;
use crate::state::Ctx;
use crate::{challenge, dom, storage};

pub use send::{preview, submit};

/// The hidden field, named as form-filling programs like.
const TRAP: &str = r#"<label>Homepage<input type="text" name="homepage" tabindex="-1" autocomplete="off"></label>"#;

thread_local! {
    /// The challenge each open form prepares for its next post, by parent (0: the page).
    static NEXT: RefCell<Vec<(i64, challenge::Next)>> = const { RefCell::new(Vec::new()) };
    /// The open reply form and the comment it replies to.
    static OPEN: RefCell<Option<(i64, Element)>> = const { RefCell::new(None) };
}

/// An optional one-line field whose value the browser remembers for next time, under
/// `name` (also the field's name in the form).
struct Remembered {
    name: &'static str,
    /// The input's `type` and `autocomplete`.
    kind: &'static str,
    autocomplete: &'static str,
    /// Longest value, in characters.
    max: usize,
    label: fn(&Strings) -> &'static str,
    /// What the field is for, under the input (none: "").
    hint: fn(&Strings) -> &'static str,
}

const REMEMBERED: [Remembered; 3] = [
    Remembered {
        name: "name",
        kind: "text",
        autocomplete: "name",
        max: MAX_AUTHOR_CHARS,
        label: |strings| strings.name,
        hint: |_| "",
    },
    Remembered {
        name: "website",
        kind: "url",
        autocomplete: "url",
        max: MAX_WEBSITE_CHARS,
        label: |strings| strings.website,
        hint: |_| "",
    },
    Remembered {
        name: "email",
        kind: "email",
        autocomplete: "email",
        max: MAX_EMAIL_CHARS,
        label: |strings| strings.email,
        hint: |strings| strings.email_hint,
    },
];

/// A form for a new comment (`parent` = `None`) or a reply.
pub fn build(ctx: Ctx, parent: Option<i64>) -> Element {
    let config = ctx.config.get_value();
    let strings = config.strings;
    let key = parent.unwrap_or(0);
    // Ids are scoped to the shadow root; one form per parent is open at a time.
    let id = |name: &str| format!("parlons-form-{key}-{name}");
    let form = dom::element("form", "form");
    dom::flag(&form, "novalidate", true);
    dom::set(&form, "data-parent", &key.to_string());
    let label = match parent {
        Some(_) => strings.reply_label,
        None => strings.form_label,
    };
    dom::set(&form, "aria-label", label);

    let who = dom::child(&form, "div", "who");
    for field in &REMEMBERED {
        remembered_field(&who, field, strings, &id(field.name));
    }
    let check = dom::child(&form, "p", "field check");
    let notify = dom::child(&check, "input", "");
    notify.set_id(&id("notify"));
    dom::set(&notify, "type", "checkbox");
    dom::set(&notify, "name", "notify");
    dom::flag(&notify, "disabled", storage::get("email").is_none());
    label_for(&check, strings.notify, &id("notify"));

    let field = dom::child(&form, "p", "field");
    label_for(&field, strings.text, &id("text"));
    let text = dom::child(&field, "textarea", "");
    text.set_id(&id("text"));
    dom::set(&text, "name", "text");
    dom::set(&text, "rows", "4");
    dom::flag(&text, "required", true);
    let described = format!("{} {}", id("hint"), id("error"));
    dom::set(&text, "aria-describedby", &described);
    dom::set(&text, "aria-invalid", "false");
    let draft = storage::draft_key(&config.site, &config.page, parent);
    dom::set_value(&text, &storage::get(&draft).unwrap_or_default());
    dom::set(&text, "data-keep", &draft);
    dom::text_child(&field, "span", "hint", strings.text_hint).set_id(&id("hint"));

    // The hidden field: people never see it, form-filling programs fill it.
    let trap = dom::child(&form, "p", "trap");
    dom::set(&trap, "aria-hidden", "true");
    trap.set_inner_html(TRAP);
    let error = dom::child(&form, "p", "error");
    error.set_id(&id("error"));
    dom::set(&error, "role", "alert");
    let actions = dom::child(&form, "p", "actions");
    let submit = dom::text_child(&actions, "button", "primary", strings.submit);
    dom::set(&submit, "type", "submit");
    let preview = Action::Preview.button(&actions, "link", strings.preview);
    dom::set(&preview, "aria-pressed", "false");
    if parent.is_some() {
        Action::CancelReply.button(&actions, "link", strings.cancel);
    }
    // The challenge of the next post, fetched and solved while the reader writes.
    let next: challenge::Next = Rc::new(Cell::new(challenge::start()));
    NEXT.with(|forms| {
        let mut forms = forms.borrow_mut();
        forms.retain(|(parent, _)| *parent != key);
        forms.push((key, next));
    });
    form
}

fn label_for(parent: &Element, text: &str, id: &str) -> Element {
    let label = dom::text_child(parent, "label", "", text);
    dom::set(&label, "for", id);
    label
}

/// The field's label, "(optional)", the input, filled with what was given last time, and its
/// hint under it (so the inputs of a row line up whatever their hints say).
fn remembered_field(parent: &Element, field: &Remembered, strings: &Strings, id: &str) {
    let paragraph = dom::child(parent, "p", "field");
    let label = label_for(&paragraph, &format!("{} ", (field.label)(strings)), id);
    dom::text_child(&label, "span", "hint", strings.optional);
    let input = dom::child(&paragraph, "input", "");
    let hint = (field.hint)(strings);
    if !hint.is_empty() {
        let hint_id = format!("{id}-hint");
        dom::text_child(&paragraph, "span", "hint", hint).set_id(&hint_id);
        dom::set(&input, "aria-describedby", &hint_id);
    }
    input.set_id(id);
    dom::set(&input, "name", field.name);
    dom::set(&input, "type", field.kind);
    dom::set(&input, "autocomplete", field.autocomplete);
    dom::set(&input, "maxlength", &field.max.to_string());
    dom::set(&input, "data-keep", field.name);
    dom::set_value(&input, &storage::get(field.name).unwrap_or_default());
}

/// The challenge the form for `key` (a parent, 0: the page) prepares.
fn next_challenge(key: i64) -> Option<challenge::Next> {
    NEXT.with(|forms| {
        forms
            .borrow()
            .iter()
            .find(|(parent, _)| *parent == key)
            .map(|(_, next)| Rc::clone(next))
    })
}

/// Opens the reply form in the comment the reader chose, and closes the one open before.
pub fn follow_replying(ctx: Ctx) {
    watch(Box::new(move || {
        let replying = ctx.replying.get();
        let open = OPEN.with(|open| open.borrow().as_ref().map(|(id, _)| *id));
        if open == replying {
            return;
        }
        if let Some((id, form)) = OPEN.with(|open| open.borrow_mut().take()) {
            form.remove();
            NEXT.with(|forms| forms.borrow_mut().retain(|(parent, _)| *parent != id));
            expand(id, false);
        }
        let Some(id) = replying else {
            return;
        };
        let Some(article) = article_of(id) else {
            return;
        };
        let form = build(ctx, Some(id));
        let _ = article.append_child(&form);
        expand(id, true);
        // A reply form opens where the reader clicked: put the cursor in it.
        if let Some(text) = dom::find(&form, "textarea") {
            dom::focus(&text);
        }
        OPEN.with(|open| *open.borrow_mut() = Some((id, form)));
    }));
}

/// Says on a comment's reply button whether its form is open.
fn expand(id: i64, open: bool) {
    if let Some(button) = article_of(id).and_then(|a| dom::find(&a, ":scope > .reply")) {
        dom::set(
            &button,
            "aria-expanded",
            if open { "true" } else { "false" },
        );
    }
}

/// Puts the open reply form back into its comment's `article` when that is drawn anew.
pub fn reattach(id: i64, article: &Element) {
    OPEN.with(|open| {
        if let Some((open, form)) = open.borrow().as_ref()
            && *open == id
        {
            let _ = article.append_child(form);
        }
    });
}

/// The reader typed in `field`: the notify box follows the email, a preview goes away.
pub fn typed(field: &Element) {
    let Some(form) = field.closest("form").ok().flatten() else {
        return;
    };
    match field.get_attribute("name").as_deref() {
        Some("email") => {
            if let Some(notify) = dom::find(&form, "[name='notify']") {
                dom::flag(&notify, "disabled", dom::value(field).trim().is_empty());
            }
        }
        Some("text") => send::close_preview(&form),
        _ => {}
    }
}
