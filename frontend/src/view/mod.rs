//! The widget's views, drawn with [`crate::dom`] and kept up to date by Leptos effects: the
//! root (count, form, the "new comments" button, the live region, the thread), `thread` (the
//! tree of comments), `comment` (one comment), `form` (posting and replying), `own` (editing
//! and erasing one's own comments) and `votes`.
//!
//! The widget listens on its root only (`events`): each button names what it does
//! (`data-act`) and the comment it belongs to is the `li` around it, so a 10,000-comment
//! thread holds no listener per comment.

mod action;
mod comment;
mod events;
mod form;
mod own;
mod report;
mod thread;
mod votes;

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use self::action::Action;
use crate::state::{Ctx, Load};
use crate::{Config, dom};

/// The widget's own styles (`src/widget.css`, minified by `build.rs`); they live in the shadow
/// root, so they reach nothing else.
const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.css"));

thread_local! {
    /// The widget's root element, inside the shadow root.
    static ROOT: RefCell<Option<Element>> = const { RefCell::new(None) };
}

fn root() -> Option<Element> {
    ROOT.with(|root| root.borrow().clone())
}

/// Takes the widget's elements out of its shadow root.
pub fn clear() {
    if let Some(root) = ROOT.with(RefCell::take) {
        if let Some(style) = root.previous_element_sibling() {
            style.remove();
        }
        root.remove();
    }
}

/// The host element in the page, whose `data-count` and `data-posted` embed.js tells the page of.
pub fn host() -> Option<Element> {
    let shadow = root()?.parent_node()?;
    shadow
        .dyn_ref::<web_sys::ShadowRoot>()
        .map(web_sys::ShadowRoot::host)
}

/// Runs `draw` now and again each time a signal it reads changes, for as long as the
/// mounting lives. One function for every effect of the widget, so they share their compiled code.
fn watch(draw: Box<dyn Fn()>) {
    Effect::new(move |_| draw());
}

/// Draws the widget in `shadow` and starts reading the thread and its live events.
pub fn mount(shadow: &web_sys::Node, config: Config) {
    let style = dom::element("style", "");
    style.set_text_content(Some(STYLE));
    let root = dom::element("div", "parlons");
    dom::set(&root, "lang", &config.locale);
    dom::set(&root, "dir", config.strings.dir);
    let _ = shadow.append_child(&style);
    let _ = shadow.append_child(&root);
    ROOT.with(|cell| *cell.borrow_mut() = Some(root.clone()));

    let strings = config.strings;
    let ctx = Ctx::new(config);
    let count = dom::child(&root, "h2", "count");
    // The host carries the number too (`data-count`): embed.js shows it in the page's
    // `data-parlons-count` elements and tells the page (`parlons:count`).
    let host = host();
    watch(Box::new(move || {
        let number = ctx.count.get();
        count.set_text_content(Some(&strings.count(number)));
        if let Some(host) = &host {
            dom::set(host, "data-count", &number.to_string());
        }
    }));
    // `mount.js` answers this button by loading `account.js`, which signs readers in.
    let account = if crate::storage::get("reader").is_some() {
        strings.account
    } else {
        strings.sign_in
    };
    dom::button(&root, "link account", "account", account);
    let _ = root.append_child(&form::build(ctx, None));
    // A closed thread: the note instead of the forms and reply buttons (the styles hide them
    // under `data-closed`), set with each read of the thread.
    dom::text_child(&root, "p", "note closed", strings.closed);
    let shut = root.clone();
    watch(Box::new(move || {
        ctx.load.track();
        dom::flag(
            &shut,
            "data-closed",
            ctx.order.with_value(|order| order.closed),
        );
    }));
    let status = dom::child(&root, "p", "visually-hidden");
    dom::set(&status, "role", "status");
    dom::set(&status, "aria-live", "polite");
    draw_waiting(ctx, &root, &status);
    draw_thread(ctx, &root);
    form::follow_replying(ctx);
    events::listen(ctx, &root);
    ctx.reload();
    ctx.go_live();
}

/// "Show 3 new comments", before the live region, while comments wait.
fn draw_waiting(ctx: Ctx, root: &Element, status: &Element) {
    let strings = ctx.config.with_value(|config| config.strings);
    let button = dom::element("button", "new-comments");
    dom::set(&button, "type", "button");
    Action::New.mark(&button);
    let (root, status) = (root.clone(), status.clone());
    watch(Box::new(move || {
        let n = ctx.waiting.with(Vec::len);
        button.set_text_content(Some(&strings.new_comments(n)));
        dom::place(&root, &button, Some(&status), n > 0);
    }));
}

/// The thread once it is read; before, "loading", or the failure and a retry button.
fn draw_thread(ctx: Ctx, root: &Element) {
    let strings = ctx.config.with_value(|config| config.strings);
    let note = dom::element("p", "note");
    let section = thread::build(ctx);
    let root = root.clone();
    watch(Box::new(move || {
        let load = ctx.load.get();
        note.set_text_content(None);
        match load {
            Load::Loading => dom::text(&note, strings.loading),
            Load::Failed => {
                dom::text(&note, &format!("{} ", strings.load_failed));
                Action::Retry.button(&note, "link", strings.retry);
            }
            Load::Ready => {}
        }
        dom::place(&root, &note, None, load != Load::Ready);
        dom::place(&root, &section, None, load == Load::Ready);
    }));
}

/// A comment's `article`, if it is drawn.
fn article_of(id: i64) -> Option<Element> {
    dom::find(&root()?, &format!("#parlons-{id} > article"))
}

/// Has screen readers say `message` (politely, after what they are reading).
pub fn announce(message: &str) {
    if let Some(status) = root().and_then(|root| dom::find(&root, "[role='status']")) {
        status.set_text_content(Some(message));
    }
}

/// Moves the keyboard focus to a comment once it is drawn; `highlight` also marks it as the
/// one a permalink names (the class `target`, taken from any other).
pub fn focus_comment(id: i64, highlight: bool) {
    request_animation_frame(move || {
        let Some(root) = root() else {
            return;
        };
        if highlight && let Some(old) = dom::find(&root, ".target") {
            let _ = old.class_list().remove_1("target");
        }
        if let Some(article) = article_of(id) {
            if highlight {
                let _ = article.class_list().add_1("target");
            }
            dom::focus(&article);
        }
    });
}

pub use votes::show_score;
