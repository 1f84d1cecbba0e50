//! The page's live events (SSE), kept open for as long as the page is.
//!
//! Browsers reconnect an `EventSource` by themselves after a dropped connection; when the
//! server answers with an error instead (a restart behind a proxy, say), the source closes
//! and we open a new one after a growing delay. After any reconnection the thread is read
//! again, so events sent while the reader was away are not missed.

use std::cell::Cell;
use std::rc::Rc;

use parlons_shared::{Comment, CountEvent, DeleteEvent, Tally};
use wasm_bindgen::JsCast;

use crate::json::{self, FromJs};
use wasm_bindgen::prelude::Closure;
use web_sys::{EventSource, MessageEvent};

/// What to do with each kind of event.
pub struct Handlers {
    pub comment: Box<dyn Fn(Comment)>,
    pub delete: Box<dyn Fn(i64)>,
    pub count: Box<dyn Fn(u64)>,
    /// A comment's votes changed.
    pub votes: Box<dyn Fn(Tally)>,
    /// The stream came back after a break.
    pub reconnected: Box<dyn Fn()>,
}

const MAX_DELAY_MS: i32 = 30_000;

/// Opens the stream; `attempt` counts the reopenings so far.
pub fn connect(url: Rc<str>, handlers: Rc<Handlers>, attempt: u32) {
    let Ok(source) = EventSource::new(&url) else {
        reopen_later(url, handlers, attempt);
        return;
    };
    listen::<Comment>(&source, "comment", {
        let handlers = handlers.clone();
        move |comment| (handlers.comment)(comment)
    });
    listen::<DeleteEvent>(&source, "delete", {
        let handlers = handlers.clone();
        move |event| (handlers.delete)(event.id)
    });
    listen::<CountEvent>(&source, "count", {
        let handlers = handlers.clone();
        move |event| (handlers.count)(event.count)
    });
    listen::<Tally>(&source, "votes", {
        let handlers = handlers.clone();
        move |tally| (handlers.votes)(tally)
    });

    let broken = Rc::new(Cell::new(attempt > 0));
    let on_open = Closure::<dyn FnMut()>::new({
        let (handlers, broken) = (handlers.clone(), broken.clone());
        move || {
            if broken.replace(false) {
                (handlers.reconnected)();
            }
        }
    });
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    on_open.forget();

    let on_error = Closure::<dyn FnMut()>::new({
        let source = source.clone();
        move || {
            broken.set(true);
            if source.ready_state() == EventSource::CLOSED {
                reopen_later(url.clone(), handlers.clone(), attempt + 1);
            }
        }
    });
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
}

fn listen<T: FromJs + 'static>(source: &EventSource, name: &str, handle: impl Fn(T) + 'static) {
    let callback = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(data) = event.data().as_string()
            && let Some(payload) = json::parse::<T>(&data)
        {
            handle(payload);
        }
    });
    let _ = source.add_event_listener_with_callback(name, callback.as_ref().unchecked_ref());
    callback.forget();
}

/// 1 s, 2 s, 4 s ... up to 30 s.
fn reopen_later(url: Rc<str>, handlers: Rc<Handlers>, attempt: u32) {
    let delay = 1_000i32
        .saturating_mul(1 << attempt.min(5))
        .min(MAX_DELAY_MS);
    let reopen = Closure::once_into_js(move || connect(url, handlers, attempt));
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(reopen.unchecked_ref(), delay);
    }
}
