//! Sending a form: its comment (with the challenge), or its text for a preview.

use leptos::prelude::*;
use parlons_shared::limits::{MAX_TEXT_CHARS, char_len};
use parlons_shared::{CommentStatus, CreatedComment, NewComment};
use wasm_bindgen::JsValue;
use web_sys::Element;

use super::next_challenge;
use crate::state::{Ctx, Load};
use crate::view::action::Action;
use crate::{Config, api, challenge, dom, i18n, mounted, storage, view};

pub(super) fn close_preview(form: &Element) {
    if let Some(preview) = dom::find(form, "section.preview") {
        preview.remove();
    }
    if let Some(button) = dom::find(form, Action::Preview.selector()) {
        dom::set(&button, "aria-pressed", "false");
    }
}

/// Says `message` under the form (`None`: clears it).
fn say(form: &Element, message: Option<&str>) {
    if let Some(error) = dom::find(form, ".error") {
        error.set_text_content(message);
    }
    if let Some(text) = dom::find(form, "textarea") {
        dom::set(
            &text,
            "aria-invalid",
            if message.is_some() { "true" } else { "false" },
        );
    }
}

fn field(form: &Element, name: &str) -> String {
    dom::find(form, &format!("[name='{name}']"))
        .map(|field| dom::value(&field))
        .unwrap_or_default()
}

/// Shows the text as the server would store it, or hides the preview shown.
pub fn preview(ctx: Ctx, button: &Element) {
    let Some(form) = button.closest("form").ok().flatten() else {
        return;
    };
    if dom::find(&form, "section.preview").is_some() {
        close_preview(&form);
        return;
    }
    let strings = ctx.config.with_value(|config| config.strings);
    let body = field(&form, "text");
    if body.trim().is_empty() {
        say(&form, Some(strings.error_text_empty));
        return;
    }
    let button = button.clone();
    mounted::spawn(async move {
        let config = ctx.config.get_value();
        match api::preview(&config, &body).await {
            Ok(html) => {
                say(&form, None);
                close_preview(&form);
                let section = dom::element("section", "preview");
                dom::set(&section, "aria-label", strings.preview);
                dom::child(&section, "div", "body").set_inner_html(&html);
                let trap = dom::find(&form, ".trap");
                let _ = form.insert_before(&section, trap.as_ref().map(|t| t.as_ref()));
                dom::set(&button, "aria-pressed", "true");
            }
            Err(failure) => say(&form, Some(&i18n::error_message(strings, &failure))),
        }
    });
}

/// Posts the form's comment, with its challenge.
pub fn submit(ctx: Ctx, form: &Element) {
    let Some(button) = dom::find(form, "button.primary") else {
        return;
    };
    if button.has_attribute("disabled") {
        return;
    }
    let config = ctx.config.get_value();
    let strings = config.strings;
    let new = match read(form, &config) {
        Ok(new) => new,
        Err(problem) => return say(form, Some(problem)),
    };
    let Some(next) = next_challenge(new.parent.unwrap_or(0)) else {
        return;
    };
    dom::flag(&button, "disabled", true);
    button.set_text_content(Some(strings.submitting));
    say(form, None);
    let form = form.clone();
    // Not stopped by a navigation: what the server took must be remembered as the reader's.
    let generation = mounted::current();
    leptos::task::spawn_local(async move {
        match challenge::post(&config, next, new.clone()).await {
            Ok(created) => posted(ctx, &config, &form, &new, created, generation),
            Err(failure) => say(&form, Some(&i18n::error_message(strings, &failure))),
        }
        dom::flag(&button, "disabled", false);
        button.set_text_content(Some(strings.submit));
    });
}

/// The comment the form holds, or what is wrong with it.
fn read(form: &Element, config: &Config) -> Result<NewComment, &'static str> {
    let strings = config.strings;
    let text = field(form, "text");
    if text.trim().is_empty() {
        return Err(strings.error_text_empty);
    }
    if char_len(text.trim()) > MAX_TEXT_CHARS {
        return Err(strings.error_text_too_long);
    }
    let parent = form
        .get_attribute("data-parent")
        .and_then(|parent| parent.parse().ok())
        .filter(|parent| *parent != 0);
    let address = field(form, "email").trim().to_owned();
    let notify = dom::find(form, "[name='notify']")
        .is_some_and(|notify| dom::property(&notify, "checked") == JsValue::TRUE);
    Ok(NewComment {
        site: config.site.clone(),
        page: config.page.clone(),
        parent,
        author: Some(field(form, "name")),
        notify: notify && !address.is_empty(),
        email: (!address.is_empty()).then_some(address),
        website: Some(field(form, "website")),
        text,
        trap: Some(field(form, "homepage")).filter(|trap| !trap.is_empty()),
        ..NewComment::default()
    })
}

/// The post was taken: the comment is the reader's and its draft is dropped; on the page
/// still shown (`generation`), it shows at once and the form empties.
fn posted(
    ctx: Ctx,
    config: &Config,
    form: &Element,
    new: &NewComment,
    created: CreatedComment,
    generation: u32,
) {
    let id = created.comment.id;
    let pending = created.comment.status == CommentStatus::Pending;
    let own = storage::Own {
        token: created.edit_token,
        edit_until: created.edit_until,
        text: new.text.trim().to_owned(),
    };
    storage::set(
        &storage::draft_key(&config.site, &config.page, new.parent),
        "",
    );
    if !mounted::is_current(generation) {
        // The reader went on to another page: theirs when they come back.
        storage::remember_own(&config.site, &config.page, id, &own);
        return;
    }
    ctx.remember_own(id, &own);
    if let Some(text) = dom::find(form, "textarea") {
        dom::set_value(&text, "");
    }
    close_preview(form);
    ctx.add_own(created.comment);
    // embed.js tells the page (`parlons:posted`).
    if let Some(host) = view::host() {
        dom::set(&host, "data-posted", &id.to_string());
    }
    if ctx.load.get_untracked() == Load::Failed {
        ctx.reload();
    }
    ctx.replying.set(None);
    let strings = config.strings;
    view::announce(if pending {
        strings.announce_pending
    } else {
        strings.announce_posted
    });
    view::focus_comment(id, false);
}
