//! The challenge each post carries (`GET /api/v1/challenge`). `embed.js` does the work in
//! JavaScript, where it costs fewer bytes than in the wasm: asked for when a form appears, it
//! fetches the challenge, has `pow.js` solve the site's proof of work while the reader
//! writes, and resolves once the site's minimum time has passed, so a reader who types fast
//! is delayed a moment rather than refused.

use js_sys::{Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::json;

thread_local! {
    /// `embed.js`'s `challenge()`.
    static SOURCE: std::cell::RefCell<Option<Function>> = const { std::cell::RefCell::new(None) };
}

pub fn set_source(source: Option<Function>) {
    SOURCE.with(|cell| *cell.borrow_mut() = source);
}

/// Starts preparing the challenge of the next post.
pub fn start() -> Option<Promise> {
    let source = SOURCE.with(|cell| cell.borrow().clone())?;
    source.call0(&JsValue::NULL).ok()?.dyn_into().ok()
}

/// The challenge and its proof, once the site accepts them; `None` when it could not be had
/// (the post then goes without, and a site that asks one says so).
pub async fn ready(preparing: &Promise) -> (Option<String>, Option<String>) {
    match JsFuture::from(preparing.clone()).await {
        Ok(done) => (
            json::string(&done, "challenge"),
            json::string(&done, "solution"),
        ),
        Err(_) => (None, None),
    }
}
