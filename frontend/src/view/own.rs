//! Edit and erase on the reader's own comments, proven by the edit token the browser keeps.

use leptos::prelude::*;
use parlons_shared::CommentStatus;
use web_sys::Element;

use super::action::Action;
use super::article_of;
use crate::state::Ctx;
use crate::storage::{self, Own};
use crate::{api, dom, i18n, mounted, tree};

/// Whether an RFC 3339 deadline is still ahead.
fn before_deadline(deadline: &str) -> bool {
    let until = js_sys::Date::parse(deadline);
    !until.is_nan() && js_sys::Date::now() < until
}

/// The author's buttons, appended to the comment's `article`: edit (while the site allows),
/// delete, and the cancel that comes with the question "delete for good?".
pub fn draw(ctx: Ctx, article: &Element, own: &Own) {
    let strings = ctx.config.with_value(|config| config.strings);
    let actions = dom::child(article, "span", "own-actions");
    if before_deadline(&own.edit_until) {
        Action::Edit.button(&actions, "link", strings.edit);
    }
    Action::Erase.button(&actions, "link danger", strings.delete);
    dom::flag(
        &Action::Keep.button(&actions, "link", strings.cancel),
        "hidden",
        true,
    );
    let error = dom::child(article, "p", "error");
    dom::set(&error, "role", "alert");
}

/// Replaces the comment's text with a form to edit it.
pub fn open_editor(ctx: Ctx, id: i64) {
    let (Some(article), Some(own)) = (article_of(id), storage::own(id)) else {
        return;
    };
    if dom::find(&article, "form.edit").is_some() {
        return;
    }
    let strings = ctx.config.with_value(|config| config.strings);
    let form = dom::element("form", "form edit");
    dom::set(&form, "aria-label", strings.edit);
    let text_id = format!("parlons-edit-{id}");
    dom::set(
        &dom::text_child(&form, "label", "", strings.text),
        "for",
        &text_id,
    );
    let text = dom::child(&form, "textarea", "");
    text.set_id(&text_id);
    dom::set(&text, "rows", "4");
    dom::set_value(&text, &own.text);
    dom::set(&dom::child(&form, "p", "error"), "role", "alert");
    let actions = dom::child(&form, "p", "actions");
    let save = dom::text_child(&actions, "button", "primary", strings.save);
    dom::set(&save, "type", "submit");
    Action::CancelEdit.button(&actions, "link", strings.cancel);
    let controls = dom::find(&article, ".own-actions");
    let _ = article.insert_before(&form, controls.as_ref().map(|c| c.as_ref()));
    show_text(&article, false);
}

/// Closes the edit form; the text and the author's buttons come back.
pub fn close_editor(id: i64) {
    if let Some(article) = article_of(id) {
        if let Some(form) = dom::find(&article, "form.edit") {
            form.remove();
        }
        show_text(&article, true);
    }
}

/// Shows the text and the buttons under it (`false`: hides them, while editing).
fn show_text(article: &Element, shown: bool) {
    for selector in [":scope > .body", ":scope > .own-actions", ":scope > .error"] {
        if let Some(part) = dom::find(article, selector) {
            dom::flag(&part, "hidden", !shown);
        }
    }
}

/// Sends the edit form's text.
pub fn save(ctx: Ctx, form: &Element) {
    let strings = ctx.config.with_value(|config| config.strings);
    let (Some(id), Some(text), Some(button)) = (
        super::events::comment_of(form),
        dom::find(form, "textarea"),
        dom::find(form, "button.primary"),
    ) else {
        return;
    };
    let Some(own) = storage::own(id) else {
        return;
    };
    let error = dom::find(form, ".error");
    let say = move |message: &str| {
        if let Some(error) = &error {
            error.set_text_content(Some(message));
        }
    };
    let new_text = dom::value(&text);
    if new_text.trim().is_empty() {
        say(strings.error_text_empty);
        return;
    }
    if button.has_attribute("disabled") {
        return;
    }
    dom::flag(&button, "disabled", true);
    mounted::spawn(async move {
        let config = ctx.config.get_value();
        match api::edit_comment(&config, id, &own.token, &new_text).await {
            Ok(comment) => {
                let kept = Own {
                    text: new_text.trim().to_owned(),
                    ..own
                };
                ctx.remember_own(id, &kept);
                close_editor(id);
                ctx.comments.update(|list| {
                    tree::upsert(list, comment);
                });
                super::announce(strings.announce_edited);
                super::focus_comment(id, false);
            }
            Err(failure) => say(&i18n::error_message(strings, &failure)),
        }
        dom::flag(&button, "disabled", false);
    });
}

/// The delete button: asks first ("delete for good?"), erases on the second press.
pub fn erase(ctx: Ctx, id: i64, button: &Element) {
    let strings = ctx.config.with_value(|config| config.strings);
    if !button.has_attribute("data-confirming") {
        confirm(id, button, true, strings.confirm_delete);
        return;
    }
    let Some(own) = storage::own(id) else {
        return;
    };
    let button = button.clone();
    mounted::spawn(async move {
        let config = ctx.config.get_value();
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
                super::announce(strings.announce_deleted);
            }
            Err(failure) => {
                confirm(id, &button, false, strings.delete);
                if let Some(error) = article_of(id).and_then(|a| dom::find(&a, ":scope > .error")) {
                    error.set_text_content(Some(&i18n::error_message(strings, &failure)));
                }
            }
        }
    });
}

/// The reader chose not to delete after all.
pub fn keep(ctx: Ctx, id: i64) {
    let strings = ctx.config.with_value(|config| config.strings);
    if let Some(button) = article_of(id).and_then(|a| dom::find(&a, Action::Erase.selector())) {
        confirm(id, &button, false, strings.delete);
    }
}

/// Puts the delete button in its asking state (`asking`) or back, with its cancel button.
fn confirm(id: i64, button: &Element, asking: bool, label: &str) {
    dom::flag(button, "data-confirming", asking);
    button.set_text_content(Some(label));
    if let Some(keep) = article_of(id).and_then(|a| dom::find(&a, Action::Keep.selector())) {
        dom::flag(&keep, "hidden", !asking);
    }
}
