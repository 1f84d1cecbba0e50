//! The thread: a tree of comments, replies nested under their parent.

use leptos::prelude::*;
use parlons_shared::{Comment, CommentStatus, Sort, Votes};
use wasm_bindgen::JsValue;

use super::CommentForm;
use super::own::OwnControls;
use super::votes::VoteButtons;
use crate::state::Ctx;
use crate::storage;

/// Deeper replies stop moving right, so long chains stay readable on a phone.
const MAX_INDENT: u32 = 4;
/// Replies this deep wait behind "continue this thread" until the reader opens them.
const COLLAPSE_DEPTH: u32 = 6;

#[component]
pub fn Thread() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let strings = ctx.config.with_value(|config| config.strings);
    let empty = move || {
        ctx.tree
            .with(|tree| tree.get(None).is_none_or(Vec::is_empty))
    };
    view! {
        <section class="thread" aria-label=strings.thread_label>
            <Show when=move || ctx.tree.with(|tree| tree.get(None).is_some_and(|roots| roots.len() > 1))>
                <SortMenu />
            </Show>
            <Show when=empty>
                <p class="note">{strings.empty}</p>
            </Show>
            <Replies parent=None depth=0 />
            <Show when=move || ctx.next.get().is_some()>
                <button type="button" class="more" on:click=move |_| ctx.load_more()>
                    {strings.more}
                </button>
            </Show>
        </section>
    }
}

/// The reader's order: oldest, newest, or top where the site takes votes.
#[component]
fn SortMenu() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let strings = ctx.config.with_value(|config| config.strings);
    let choose = move |event: leptos::ev::Event| {
        let sort = match event_target_value(&event).as_str() {
            "newest" => Sort::Newest,
            "top" => Sort::Top,
            _ => Sort::Oldest,
        };
        ctx.resort(sort);
    };
    let chosen = move |sort: Sort| ctx.sort() == sort;
    let votes = ctx.order.with_value(|order| order.votes);
    view! {
        <p class="sort">
            <label>
                {strings.sort} " "
                <select on:change=choose>
                    <option value="oldest" selected=chosen(Sort::Oldest)>{strings.sort_oldest}</option>
                    <option value="newest" selected=chosen(Sort::Newest)>{strings.sort_newest}</option>
                    {(votes != Votes::Off).then(|| view! {
                        <option value="top" selected=chosen(Sort::Top)>{strings.sort_top}</option>
                    })}
                </select>
            </label>
        </p>
    }
}

/// The replies to `parent` (`None`: the top-level comments).
#[component]
fn Replies(parent: Option<i64>, depth: u32) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let children = move || {
        ctx.tree
            .with(|tree| tree.get(parent).cloned().unwrap_or_default())
    };
    let (nested, indented) = (depth > 0, depth > 0 && depth <= MAX_INDENT);
    let strings = ctx.config.with_value(|config| config.strings);
    if let Some(parent) = parent.filter(|_| depth >= COLLAPSE_DEPTH) {
        let closed = move || {
            !ctx.opened.with(|opened| opened.contains(&parent))
                && ctx.tree.with(|tree| tree.contains(Some(parent)))
        };
        let open = move |_| ctx.opened.update(|opened| opened.push(parent));
        return view! {
            <Show
                when=closed
                fallback=move || view! { <Replies parent=Some(parent) depth=1 /> }
            >
                <button type="button" class="link continue" on:click=open>
                    {strings.continue_thread}
                </button>
            </Show>
        }
        .into_any();
    }
    view! {
        <ol class="replies" class:nested=nested class:indented=indented>
            <For
                each=children
                key=|comment| (comment.id, comment.status, comment.edited_at.clone(), comment.html.len())
                children=move |comment| view! { <CommentItem comment depth /> }.into_any()
            />
        </ol>
    }
    .into_any()
}

/// One comment, its reply form when open, and its replies.
#[component]
fn CommentItem(comment: Comment, depth: u32) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let (strings, locale) = ctx
        .config
        .with_value(|config| (config.strings, config.locale.clone()));
    let id = comment.id;
    let pending = comment.status == CommentStatus::Pending;
    let content = if comment.status == CommentStatus::Deleted {
        view! { <p class="deleted">{strings.deleted}</p> }.into_any()
    } else {
        let author = comment
            .author
            .clone()
            .unwrap_or_else(|| strings.anonymous.to_owned());
        let author = match comment.website.clone() {
            Some(url) => view! {
                <a class="author" href=url rel="nofollow ugc noopener" target="_blank">{author}</a>
            }
            .into_any(),
            None => view! { <span class="author">{author}</span> }.into_any(),
        };
        let (when, date) = format_date(&comment.created_at, &locale);
        let editing = RwSignal::new(false);
        let html = comment.html.clone();
        let open = move || ctx.replying.get() == Some(id);
        view! {
            <header>
                {author} " "
                <a class="permalink" href=format!("#parlons-{id}")>
                    <time datetime=comment.created_at.clone() title=date>{when}</time>
                </a>
                {comment.edited_at.is_some().then(|| view! { <span class="edited">" · " {strings.edited}</span> })}
                {(!pending).then(|| view! { <VoteButtons id /> })}
            </header>
            {pending.then(|| view! { <p class="pending-note">{strings.pending}</p> })}
            <Show when=move || !editing.get()>
                <div class="body" inner_html=html.clone()></div>
            </Show>
            {move || {
                let mine = ctx.mine.with(|mine| mine.contains(&id));
                mine.then(|| storage::own(id)).flatten().map(|own| view! { <OwnControls id own editing /> })
            }}
            {(!pending).then(|| view! {
                <button
                    type="button"
                    class="link reply"
                    aria-expanded=move || open().to_string()
                    on:click=move |_| ctx.replying.update(|at| *at = if *at == Some(id) { None } else { Some(id) })
                >
                    {strings.reply}
                </button>
            })}
        }
        .into_any()
    };
    view! {
        <li id=format!("parlons-{id}")>
            <article class="comment" class:pending=pending tabindex="-1">
                {content}
                <Show when=move || ctx.replying.get() == Some(id)>
                    <CommentForm parent=Some(id) />
                </Show>
            </article>
            <Replies parent=Some(id) depth=depth + 1 />
        </li>
    }
}

/// When a comment was written, in the reader's language (`Intl`): relative within a week
/// ("il y a 5 minutes", "hier"), else the date; and the full date in their time zone
/// ("29 nov. 2026, 09:14"), which the element's `title` shows.
fn format_date(iso: &str, locale: &str) -> (String, String) {
    let date = js_sys::Date::new(&JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return (iso.to_owned(), iso.to_owned());
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    let full: String = date.to_locale_string(locale, &options).into();
    // Seconds from now, negative in the past; a clock a little ahead shows "now".
    let seconds = ((date.get_time() - js_sys::Date::now()) / 1000.0).min(0.0);
    let (value, unit) = match -seconds {
        s if s < 60.0 => (seconds, "second"),
        s if s < 3600.0 => (seconds / 60.0, "minute"),
        s if s < 86_400.0 => (seconds / 3600.0, "hour"),
        s if s < 7.0 * 86_400.0 => (seconds / 86_400.0, "day"),
        _ => return (full.clone(), full),
    };
    let relative_options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&relative_options, &"numeric".into(), &"auto".into());
    let locales = js_sys::Array::of1(&JsValue::from_str(locale));
    let relative = js_sys::Intl::RelativeTimeFormat::new(&locales, &relative_options)
        .format(value.trunc(), unit);
    (relative.into(), full)
}
