//! The thread: the comments as a tree, replies nested under their parent, redrawn from the
//! state each time it changes. A comment already drawn is kept (moved if its place changed)
//! unless what it shows changed; so the focus stays where the reader put it, and a new
//! comment costs one new element, not the thread.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use parlons_shared::{Comment, CommentStatus, Sort, Votes};
use web_sys::Element;

use super::action::Action;
use super::{comment, watch};
use crate::state::Ctx;
use crate::{dom, storage, tree::Tree};

/// Deeper replies stop moving right, so long chains stay readable on a phone.
const MAX_INDENT: u32 = 4;
/// Replies this deep wait behind "continue this thread" until the reader opens them.
const COLLAPSE_DEPTH: u32 = 6;

/// What a drawn comment shows; when it changes, the comment is drawn again.
#[derive(PartialEq)]
struct Shown {
    status: CommentStatus,
    edited_at: Option<String>,
    html_len: usize,
    own: bool,
    votes: Votes,
    pinned: bool,
}

/// A comment on screen: its `li` and the `article` in it.
struct Drawn {
    shown: Shown,
    item: Element,
    article: Element,
}

/// The comments on screen, by id; a pass takes each one it keeps out of its place.
type Screen = Rc<RefCell<Vec<(i64, Option<Drawn>)>>>;

/// The thread's section: the sort menu, the comments, "more".
pub fn build(ctx: Ctx) -> Element {
    let strings = ctx.config.with_value(|config| config.strings);
    let section = dom::element("section", "thread");
    dom::set(&section, "aria-label", strings.thread_label);
    let sort = dom::element("p", "sort");
    let empty = dom::text_child(&section, "p", "note", strings.empty);
    let list = dom::child(&section, "ol", "replies");
    let more = Action::More.button(&section, "more", strings.more);
    let parent = section.clone();
    watch(Box::new(move || {
        dom::place(&parent, &more, None, ctx.next.with(Option::is_some));
    }));
    let parent = section.clone();

    let screen: Screen = Rc::default();
    watch(Box::new(move || {
        let votes = ctx.order.with_value(|order| order.votes);
        let tree = ctx.tree();
        let roots = tree.get(None).map_or(0, Vec::len);
        let top = parent.first_element_child();
        dom::place(&parent, &sort, top.as_ref(), roots > 1);
        draw_sort_menu(ctx, &sort, roots > 1, votes);
        dom::place(&parent, &empty, Some(&list), roots == 0);
        let mut drawing = Drawing {
            ctx,
            tree: &tree,
            opened: ctx.opened.get(),
            mine: ctx.mine.get(),
            votes,
            before: screen.take(),
            after: Vec::new(),
        };
        drawing.fill(&list, None, 0);
        let mut after = drawing.after;
        after.sort_unstable_by_key(|(id, _)| *id);
        screen.replace(after);
    }));
    section
}

/// The order a `<select>` value names.
pub fn sort_named(value: &str) -> Sort {
    match value {
        "newest" => Sort::Newest,
        "top" => Sort::Top,
        _ => Sort::Oldest,
    }
}

/// "Sort by": oldest, newest, and top where the site takes votes; shown above a thread of
/// two conversations or more.
fn draw_sort_menu(ctx: Ctx, menu: &Element, shown: bool, votes: Votes) {
    if !shown {
        return;
    }
    let strings = ctx.config.with_value(|config| config.strings);
    let with_top = votes != Votes::Off;
    let select = match dom::find(menu, "select") {
        Some(select) if dom::find(&select, "[value='top']").is_some() == with_top => select,
        _ => {
            menu.set_text_content(None);
            let label = dom::child(menu, "label", "");
            dom::text(&label, &format!("{} ", strings.sort));
            let select = dom::child(&label, "select", "");
            Action::Sort.mark(&select);
            let mut choices = vec![
                ("oldest", strings.sort_oldest),
                ("newest", strings.sort_newest),
            ];
            if with_top {
                choices.push(("top", strings.sort_top));
            }
            for (value, label) in choices {
                let option = dom::text_child(&select, "option", "", label);
                dom::set(&option, "value", value);
            }
            select
        }
    };
    let chosen = match ctx.sort() {
        Sort::Oldest => "oldest",
        Sort::Newest => "newest",
        Sort::Top => "top",
    };
    dom::set_value(&select, chosen);
}

/// One pass over the tree, putting each comment's element in its place.
struct Drawing<'a> {
    ctx: Ctx,
    tree: &'a Tree,
    opened: Vec<i64>,
    mine: Vec<i64>,
    votes: Votes,
    /// What was on screen, by id; what is on screen after this pass.
    before: Vec<(i64, Option<Drawn>)>,
    after: Vec<(i64, Option<Drawn>)>,
}

impl Drawing<'_> {
    /// Makes `list` hold the replies to `parent` (`None`: the top-level comments) in order.
    fn fill(&mut self, list: &Element, parent: Option<i64>, depth: u32) {
        let children: &[Comment] = self.tree.get(parent).map_or(&[], Vec::as_slice);
        let mut next = list.first_element_child();
        for comment in children {
            let item = self.item(comment);
            if next.as_ref() != Some(&item) {
                let _ = list.insert_before(&item, next.as_ref().map(|n| n.as_ref()));
            }
            self.fill_replies(&item, comment.id, depth + 1);
            next = item.next_element_sibling();
        }
        while let Some(extra) = next {
            next = extra.next_element_sibling();
            extra.remove();
        }
    }

    /// The `li` of `comment`: the one on screen if it still shows the same, else drawn anew.
    fn item(&mut self, comment: &Comment) -> Element {
        let own = self
            .mine
            .contains(&comment.id)
            .then(|| storage::own(comment.id))
            .flatten();
        let shown = Shown {
            status: comment.status,
            edited_at: comment.edited_at.clone(),
            html_len: comment.html.len(),
            own: own.is_some(),
            votes: self.votes,
            pinned: comment.pinned,
        };
        let before = self
            .before
            .binary_search_by_key(&comment.id, |(id, _)| *id)
            .ok()
            .and_then(|at| self.before[at].1.take());
        let drawn = match before {
            Some(drawn) if drawn.shown == shown => drawn,
            Some(drawn) => {
                let article = comment::article(self.ctx, comment, own);
                let _ = drawn.item.replace_child(&article, &drawn.article);
                Drawn {
                    shown,
                    article,
                    ..drawn
                }
            }
            None => {
                let item = dom::element("li", "");
                item.set_id(&format!("parlons-{}", comment.id));
                let article = comment::article(self.ctx, comment, own);
                let _ = item.append_child(&article);
                Drawn {
                    shown,
                    item,
                    article,
                }
            }
        };
        let item = drawn.item.clone();
        self.after.push((comment.id, Some(drawn)));
        item
    }

    /// What follows a comment: the list of its replies, or, deep in a chain the reader has
    /// not opened, the button that opens it.
    fn fill_replies(&mut self, item: &Element, id: i64, depth: u32) {
        let slot = item
            .last_element_child()
            .filter(|slot| slot.tag_name() != "ARTICLE");
        let kind = slot.as_ref().map(Element::tag_name);
        let closed =
            depth >= COLLAPSE_DEPTH && !self.opened.contains(&id) && self.tree.contains(Some(id));
        if closed {
            if kind.as_deref() != Some("BUTTON") {
                let strings = self.ctx.config.with_value(|config| config.strings);
                let button = dom::element("button", "link continue");
                dom::set(&button, "type", "button");
                Action::Continue.mark(&button);
                button.set_text_content(Some(strings.continue_thread));
                put_slot(item, slot.as_ref(), &button);
            }
            return;
        }
        // An opened chain starts again at the first indent.
        let depth = if depth >= COLLAPSE_DEPTH { 1 } else { depth };
        let list = match slot {
            Some(list) if kind.as_deref() == Some("OL") => list,
            other => {
                let list = dom::element("ol", "");
                put_slot(item, other.as_ref(), &list);
                list
            }
        };
        let class = if depth <= MAX_INDENT {
            "replies nested indented"
        } else {
            "replies nested"
        };
        if list.class_name() != class {
            list.set_class_name(class);
        }
        self.fill(&list, Some(id), depth);
    }
}

/// Puts `new` after a comment's article, in place of `old`.
fn put_slot(item: &Element, old: Option<&Element>, new: &Element) {
    let _ = match old {
        Some(old) => item.replace_child(new, old),
        None => item.append_child(new),
    };
}
