//! The challenge each post carries (`GET /api/v1/challenge`). `mount.js` does the work in
//! JavaScript, where it costs fewer bytes than in the wasm: asked for when a form appears, it
//! fetches the challenge, has `pow.js` solve the site's proof of work while the reader
//! writes, and resolves once the site's minimum time has passed, so a reader who types fast
//! is delayed a moment rather than refused.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use parlons_shared::{CreatedComment, ErrorCode, NewComment};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::api::{self, Failure};
use crate::{Config, json};

thread_local! {
    /// `mount.js`'s `challenge(site)`, as `embed.js` passes it.
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

/// A plain cell, not a Leptos `StoredValue`: a `Promise` is not `Send`, and Leptos' local
/// storage would bring thread checks into the download.
pub type Next = Rc<Cell<Option<Promise>>>;

/// Posts `new` with the form's challenge once the site accepts it; a challenge the server no
/// longer takes (expired, used) is replaced and the post sent once more. After a post the
/// next challenge is asked for at once.
pub async fn post(
    config: &Config,
    next: Next,
    mut new: NewComment,
) -> Result<CreatedComment, Failure> {
    let mut tries = 0;
    loop {
        tries += 1;
        let preparing = next.take();
        if let Some(preparing) = &preparing {
            (new.challenge, new.solution) = ready(preparing).await;
        }
        let outcome = api::post_comment(config, &new).await;
        let stale = matches!(
            &outcome,
            Err(Failure::Api {
                code: ErrorCode::ChallengeInvalid
                    | ErrorCode::ChallengeRequired
                    | ErrorCode::TooFast,
                ..
            })
        );
        // A used or refused challenge is replaced; one a post failed with for another
        // reason (a typo in the website, say) is still good.
        next.set(if outcome.is_ok() || stale {
            start()
        } else {
            preparing
        });
        if !(stale && tries < 3) {
            return outcome;
        }
    }
}
