//! The Parlons widget: Leptos, compiled to WebAssembly, mounted by `embed.js` in an open
//! shadow root so the host page's CSS and ours never meet.
//!
//! Layout:
//! - [`mount_widget`] and [`unmount_widget`]: what `embed.js` calls;
//! - `mounted`: what one mounting owns (signals, effects, stream, tasks), ended together;
//! - `view/`: what the reader sees (the root, the thread, a comment, the forms, votes), drawn
//!   with `dom` and redrawn by Leptos effects when the state changes;
//! - `state`: the reactive state (Leptos signals: thread, count, live status);
//! - `api`: typed calls to the v1 contract over `fetch`;
//! - `challenge`: the challenge a post carries (minimum time, proof of work), and posting with it;
//! - `live`: the SSE stream, reconnected by itself;
//! - `i18n`: which strings the reader sees, read from the language file `mount.js` fetched;
//! - `tree`: the flat thread arranged by parent;
//! - `storage`: the remembered name and drafts (localStorage).

mod api;
mod challenge;
mod dom;
mod i18n;
mod json;
mod live;
mod mounted;
mod state;
mod storage;
mod tree;
mod view;

use js_sys::Reflect;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

/// What the host page asked for, read by `embed.js` from the script tag.
#[derive(Debug, Clone)]
pub struct Config {
    /// The comment server's origin (where `embed.js` came from), without a trailing slash.
    pub api: String,
    pub site: String,
    pub page: String,
    /// A BCP 47 tag such as `fr-FR`, used for dates, numbers and plurals.
    pub locale: String,
    pub strings: &'static i18n::Strings,
}

thread_local! {
    /// The words of each language shown so far: a page that navigates shows the same ones.
    static WORDS: std::cell::RefCell<Vec<(String, &'static i18n::Strings)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Mounts the widget in `root` (a shadow root), in place of the one shown, if any. Called by
/// `embed.js` once the module loaded, and again when the page changes, with `options`:
/// `{ api, site, page, lang, words, challenge, reader }`: the strings from the script tag, the
/// parsed language file, the function that gives a post's challenge, and the signed-in
/// reader's token, if any (`account.js`, which `mount.js` loads, signs readers in and out). The theme is the host's
/// `data-scheme`, which `mount.js` sets and keeps up to date.
#[wasm_bindgen]
pub fn mount_widget(root: web_sys::Node, options: JsValue) {
    unmount_widget();
    let get = |key: &str| Reflect::get(&options, &JsValue::from_str(key)).unwrap_or_default();
    let text = |key: &str| get(key).as_string().unwrap_or_default();
    let locale = text("lang");
    let strings = WORDS.with(|words| {
        let mut words = words.borrow_mut();
        if let Some((_, strings)) = words.iter().find(|(shown, _)| *shown == locale) {
            return *strings;
        }
        let strings: &'static i18n::Strings =
            Box::leak(Box::new(i18n::from_js(&get("words"), &locale)));
        words.push((locale.clone(), strings));
        strings
    });
    let config = Config {
        api: text("api").trim_end_matches('/').to_owned(),
        site: text("site"),
        page: text("page"),
        strings,
        locale,
    };
    challenge::set_source(get("challenge").dyn_into().ok());
    // The signed-in reader's token for this site, if any (`mount.js` reads it from the key
    // of the site): it is the one the widget's calls carry while it shows this site.
    storage::set("reader", &text("reader"));
    // Leptos' effects and tasks run on wasm-bindgen-futures (an error only means it was
    // already set up, by an earlier mounting).
    let _ = any_spawner::Executor::init_wasm_bindgen();
    mounted::begin(|| view::mount(&root, config));
}

/// Takes the widget off the page: its stream closes, its tasks stop, its elements go.
#[wasm_bindgen]
pub fn unmount_widget() {
    mounted::end();
    view::clear();
}
