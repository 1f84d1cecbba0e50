//! What the reader does, heard once on the widget's root: presses (each button names its
//! [`Action`] in `data-act`), typing, the sort menu, and the forms sent.

use leptos::prelude::*;
use web_sys::{Element, Event};

use super::action::Action;
use super::{form, own, report, thread, votes};
use crate::state::{Ctx, Load};
use crate::{dom, storage};

/// Listens on the widget's `root`, and on the window for the address's `#parlons-<id>`.
pub fn listen(ctx: Ctx, root: &Element) {
    dom::listen(root, "click", Box::new(move |event| on_click(ctx, &event)));
    dom::listen(root, "input", Box::new(move |event| on_input(&event)));
    dom::listen(
        root,
        "change",
        Box::new(move |event| on_change(ctx, &event)),
    );
    dom::listen(
        root,
        "submit",
        Box::new(move |event| on_submit(ctx, &event)),
    );
    if let Some(window) = web_sys::window() {
        // A permalink clicked on the page (or the address edited) names another comment.
        dom::listen(&window, "hashchange", Box::new(move |_| ctx.follow_hash()));
    }
}

/// The comment an element belongs to: the id of the `li` around it.
pub fn comment_of(element: &Element) -> Option<i64> {
    element
        .closest("li[id^='parlons-']")
        .ok()
        .flatten()?
        .id()
        .strip_prefix("parlons-")?
        .parse()
        .ok()
}

fn on_click(ctx: Ctx, event: &Event) {
    let Some(button) = dom::closest(event, "[data-act]") else {
        return;
    };
    let Some(action) = Action::of(&button) else {
        return;
    };
    let id = comment_of(&button);
    match (action, id) {
        (Action::Reply, Some(id)) => ctx
            .replying
            .update(|at| *at = if *at == Some(id) { None } else { Some(id) }),
        (Action::Up, Some(id)) => votes::cast(ctx, id, 1),
        (Action::Down, Some(id)) => votes::cast(ctx, id, -1),
        (Action::Edit, Some(id)) => own::open_editor(ctx, id),
        (Action::CancelEdit, Some(id)) => own::close_editor(id),
        (Action::Erase, Some(id)) => own::erase(ctx, id, &button),
        (Action::Keep, Some(id)) => own::keep(ctx, id),
        (Action::Report, Some(id)) => report::send(ctx, id, &button),
        (Action::Continue, Some(id)) => ctx.opened.update(|opened| opened.push(id)),
        (Action::CancelReply, _) => ctx.replying.set(None),
        (Action::Preview, _) => form::preview(ctx, &button),
        (Action::More, _) => ctx.load_more(),
        (Action::New, _) => ctx.reveal_waiting(),
        (Action::Retry, _) => {
            ctx.load.set(Load::Loading);
            ctx.reload();
        }
        // A press outside a comment on a comment's control, or the sort menu (a change).
        (Action::Reply | Action::Up | Action::Down, None)
        | (Action::Edit | Action::CancelEdit | Action::Erase | Action::Keep, None)
        | (Action::Report, None)
        | (Action::Continue | Action::Sort, _) => {}
    }
}

/// What the reader types is kept: the name, website and email for next time, the text as
/// a draft.
fn on_input(event: &Event) {
    let Some(field) = dom::closest(event, "[data-keep]") else {
        return;
    };
    let key = field.get_attribute("data-keep").unwrap_or_default();
    storage::set(&key, &dom::value(&field));
    form::typed(&field);
}

fn on_change(ctx: Ctx, event: &Event) {
    if let Some(select) = dom::closest(event, "select[data-act]")
        && Action::of(&select) == Some(Action::Sort)
    {
        ctx.resort(thread::sort_named(&dom::value(&select)));
    }
}

fn on_submit(ctx: Ctx, event: &Event) {
    let Some(form) = dom::closest(event, "form") else {
        return;
    };
    event.prevent_default();
    if form.class_list().contains("edit") {
        own::save(ctx, &form);
    } else {
        form::submit(ctx, &form);
    }
}
