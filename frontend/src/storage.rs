//! What the widget remembers in the reader's browser: the name and website given last time,
//! and unsent drafts. localStorage may be missing, refused or full (private modes, strict
//! settings): then it is remembered for the page view only, and nothing fails.

use std::cell::RefCell;

use wasm_bindgen::JsValue;

use crate::json::{self, FromJs, ToJs};

const PREFIX: &str = "parlons:";

thread_local! {
    /// What localStorage could not keep, for this page view.
    static PAGE_VIEW: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn get(key: &str) -> Option<String> {
    let key = format!("{PREFIX}{key}");
    let kept = PAGE_VIEW.with(|kept| {
        let kept = kept.borrow();
        kept.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone())
    });
    kept.or_else(|| local_storage()?.get_item(&key).ok().flatten())
}

/// Stores `value`, or forgets the key when `value` is empty.
pub fn set(key: &str, value: &str) {
    let key = format!("{PREFIX}{key}");
    let stored = local_storage().is_some_and(|storage| {
        if value.is_empty() {
            storage.remove_item(&key).is_ok()
        } else {
            storage.set_item(&key, value).is_ok()
        }
    });
    PAGE_VIEW.with(|kept| {
        let mut kept = kept.borrow_mut();
        kept.retain(|(k, _)| *k != key);
        if !stored && !value.is_empty() {
            kept.push((key, value.to_owned()));
        }
    });
}

/// The key of the draft of a new comment (`parent` = `None`) or of a reply.
pub fn draft_key(site: &str, page: &str, parent: Option<i64>) -> String {
    match parent {
        Some(parent) => format!("draft:{site}:{page}:{parent}"),
        None => format!("draft:{site}:{page}"),
    }
}

/// What the widget remembers of a comment the reader wrote: the secret that proves it, and
/// what is needed to edit it or to show it again while it awaits moderation.
#[derive(Debug, Clone, PartialEq)]
pub struct Own {
    pub token: String,
    /// RFC 3339; editing is refused after it (erasing is not).
    pub edit_until: String,
    /// The Markdown as written, to edit from.
    pub text: String,
}

impl FromJs for Own {
    fn from_js(value: &JsValue) -> Option<Self> {
        Some(Own {
            token: json::string(value, "token")?,
            edit_until: json::string(value, "edit_until")?,
            text: json::string(value, "text")?,
        })
    }
}

impl ToJs for Own {
    fn to_js(&self) -> JsValue {
        json::text_object(&[
            ("token", &self.token),
            ("edit_until", &self.edit_until),
            ("text", &self.text),
        ])
    }
}

fn own_key(id: i64) -> String {
    format!("own:{id}")
}

fn own_list_key(site: &str, page: &str) -> String {
    format!("own-list:{site}:{page}")
}

/// The reader's own comment, if this browser wrote it.
pub fn own(id: i64) -> Option<Own> {
    json::parse(&get(&own_key(id))?)
}

/// Remembers one's own comment on a page.
pub fn remember_own(site: &str, page: &str, id: i64, own: &Own) {
    if let Some(json) = json::stringify(own) {
        set(&own_key(id), &json);
    }
    let mut ids = own_ids(site, page);
    if !ids.contains(&id) {
        ids.push(id);
        set(
            &own_list_key(site, page),
            &json::stringify(ids.as_slice()).unwrap_or_default(),
        );
    }
}

/// Forgets one's own comment (erased, or gone).
pub fn forget_own(site: &str, page: &str, id: i64) {
    set(&own_key(id), "");
    let ids: Vec<i64> = own_ids(site, page)
        .into_iter()
        .filter(|other| *other != id)
        .collect();
    set(
        &own_list_key(site, page),
        &if ids.is_empty() {
            String::new()
        } else {
            json::stringify(ids.as_slice()).unwrap_or_default()
        },
    );
}

/// The ids of the reader's own comments on a page.
pub fn own_ids(site: &str, page: &str) -> Vec<i64> {
    get(&own_list_key(site, page))
        .and_then(|text| json::parse(&text))
        .unwrap_or_default()
}

/// This browser's random voter id (128 bits from `crypto.getRandomValues`, in hex), made on
/// its first vote. The server keeps only a keyed hash of it; without localStorage the id
/// lasts the page view.
pub fn voter() -> String {
    if let Some(voter) = get("voter") {
        return voter;
    }
    let bytes = js_sys::Uint8Array::new_with_length(16);
    let filled = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .ok()
        .and_then(|crypto| {
            let fill = js_sys::Reflect::get(&crypto, &JsValue::from_str("getRandomValues")).ok()?;
            let fill: js_sys::Function = wasm_bindgen::JsCast::dyn_into(fill).ok()?;
            fill.call1(&crypto, &bytes).ok()
        });
    if filled.is_none() {
        return String::new();
    }
    let voter: String = bytes
        .to_vec()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    set("voter", &voter);
    voter
}

/// The reader's vote on a comment: 1, -1, or 0 for none.
pub fn vote_of(site: &str, id: i64) -> i8 {
    get(&format!("vote:{site}:{id}")).map_or(0, |value| if value == "-1" { -1 } else { 1 })
}

/// Remembers the reader's vote (0 forgets it).
pub fn remember_vote(site: &str, id: i64, value: i8) {
    let value = if value == 0 {
        String::new()
    } else {
        value.to_string()
    };
    set(&format!("vote:{site}:{id}"), &value);
}
